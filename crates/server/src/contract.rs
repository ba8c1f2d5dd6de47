//! What the OpenAPI document says of every operation beyond its own annotation: the answers
//! the gates give whatever the handler (401 without a valid token, 429 over the rate limit,
//! 400/403 at the tenant gate for the company header and membership, 404 for an id in the
//! path), the `X-Company-Id` header of tenant operations, and the path parameters. The
//! handlers' annotations say what is particular to them; this says what is common, once.
//! It also gives dates and instants their formats by the API's naming rule: a field or
//! parameter named `date`, `*Date`, `dateFrom`/`dateTo` (or `date_from`, `as_of`, ...) is a
//! `YYYY-MM-DD` date, one named `*At` an RFC 3339 instant.

use serde_json::{Map, Value, json};
use utoipa::openapi::OpenApi;

/// The endpoints outside a company (identity's): no `X-Company-Id`.
const ACCOUNT_PREFIXES: [&str; 3] = ["/api/v1/auth/", "/api/v1/users", "/api/v1/companies"];
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The document with the common parameters and error answers added where missing.
pub fn describe(openapi: OpenApi) -> OpenApi {
    // The document is built once at start; should this fail, the contract test catches it (the
    // operations would lack the gates' answers).
    let Ok(mut document) = serde_json::to_value(&openapi) else {
        return openapi;
    };
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for schema in schemas.values_mut() {
            format_dates(schema);
        }
    }
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let tenant = !ACCOUNT_PREFIXES
                .iter()
                .any(|prefix| path.starts_with(prefix));
            for method in METHODS {
                if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
                    describe_operation(path, tenant, method == "post", operation);
                }
            }
        }
    }
    serde_json::from_value(document).unwrap_or(openapi)
}

/// The format a field's name gives it, when it is a date or an instant.
fn format_of(name: &str) -> Option<&'static str> {
    let dated = name == "date"
        || name.ends_with("Date")
        || name.ends_with("_date")
        || [
            "dateFrom",
            "dateTo",
            "date_from",
            "date_to",
            "asOf",
            "as_of",
        ]
        .contains(&name);
    if dated {
        Some("date")
    } else if name.ends_with("At") && name.len() > 2 {
        Some("date-time")
    } else {
        None
    }
}

/// Gives the string properties of a schema (and of the schemas inside it) their formats.
fn format_dates(schema: &mut Value) {
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        for (name, property) in properties.iter_mut() {
            if let Some(format) = format_of(name) {
                set_string_format(property, format);
            }
            format_dates(property);
        }
    }
    for key in ["items", "allOf", "oneOf", "anyOf"] {
        match schema.get_mut(key) {
            Some(Value::Array(parts)) => parts.iter_mut().for_each(format_dates),
            Some(part @ Value::Object(_)) => format_dates(part),
            _ => {}
        }
    }
}

/// Sets `format` on a string schema, or on the string member of a nullable `oneOf`/`type` list.
fn set_string_format(schema: &mut Value, format: &str) {
    let is_string = match &schema["type"] {
        Value::String(kind) => kind == "string",
        Value::Array(kinds) => kinds.iter().any(|kind| kind == "string"),
        _ => false,
    };
    if is_string {
        if let Some(object) = schema.as_object_mut() {
            object
                .entry("format")
                .or_insert_with(|| Value::String(format.to_owned()));
        }
        return;
    }
    if let Some(Value::Array(parts)) = schema.get_mut("oneOf") {
        for part in parts {
            set_string_format(part, format);
        }
    }
}

fn describe_operation(path: &str, tenant: bool, post: bool, operation: &mut Map<String, Value>) {
    let secured = operation.contains_key("security");
    if let Some(parameters) = operation
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
    {
        for parameter in parameters {
            let format = parameter["name"].as_str().and_then(format_of);
            if let (Some(format), Some(schema)) = (format, parameter.get_mut("schema")) {
                set_string_format(schema, format);
            }
        }
    }
    let parameters = operation
        .entry("parameters")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Some(parameters) = parameters.as_array_mut() {
        for name in path_parameters(path) {
            let declared = parameters
                .iter()
                .any(|parameter| parameter["in"] == "path" && parameter["name"] == name);
            if !declared {
                parameters.push(json!({
                    "name": name, "in": "path", "required": true,
                    "schema": {"type": "string", "format": "uuid"}
                }));
            }
        }
        let has_header = |parameters: &[Value], name: &str| {
            parameters.iter().any(|parameter| {
                parameter["in"] == "header"
                    && parameter["name"]
                        .as_str()
                        .is_some_and(|given| given.eq_ignore_ascii_case(name))
            })
        };
        if tenant && !has_header(parameters, "X-Company-Id") {
            parameters.push(json!({
                "name": "X-Company-Id", "in": "header", "required": true,
                "description": "The company the request acts in (its id); the caller must be a member.",
                "schema": {"type": "string", "format": "uuid"}
            }));
        }
        if tenant && post && !has_header(parameters, "Idempotency-Key") {
            parameters.push(json!({
                "name": "Idempotency-Key", "in": "header", "required": false,
                "description": "1 to 255 visible ASCII characters: a retry with the same key and body gets the first answer again (Idempotent-Replayed: true) instead of doing the work twice.",
                "schema": {"type": "string", "minLength": 1, "maxLength": 255}
            }));
        }
    }
    let has_path_parameters = !path_parameters(path).is_empty();
    let mut answers = vec![(
        "429",
        "Rate limit exceeded (`rate_limited`, `Retry-After` set)",
    )];
    if secured {
        answers.push((
            "401",
            "No, an expired or an invalid access token (`token_missing`, `token_expired`, `token_invalid`)",
        ));
    }
    let takes_input = operation.contains_key("requestBody")
        || operation
            .get("parameters")
            .and_then(Value::as_array)
            .is_some_and(|parameters| !parameters.is_empty());
    if tenant || takes_input {
        answers.push((
            "400",
            "Invalid input: a body, a path id or a query parameter (`validation_failed`, `malformed_json`, `invalid_path`, `invalid_query`), or a missing or malformed `X-Company-Id` (`company_header_missing`, ...)",
        ));
    }
    if tenant {
        answers.push((
            "403",
            "Not a member of the company (`not_a_member`) or a role that may not do this (`role_not_allowed`)",
        ));
    }
    if has_path_parameters {
        answers.push(("404", "No such resource in this company"));
    }
    let responses = operation
        .entry("responses")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(responses) = responses.as_object_mut() {
        for (status, description) in answers {
            responses.entry(status).or_insert_with(|| {
                json!({
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
                })
            });
        }
    }
}

/// The `{name}`s of a path template.
fn path_parameters(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

/// Adds `GET /ws`, the WebSocket at the host root (served by `arkan_realtime`, outside the
/// `/api/v1` router the document is built from).
pub fn with_websocket(openapi: OpenApi) -> OpenApi {
    let Ok(mut document) = serde_json::to_value(&openapi) else {
        return openapi;
    };
    let parameter = |name: &str, required: bool, format: Option<&str>, description: &str| {
        let mut schema = serde_json::json!({"type": "string"});
        if let Some(format) = format {
            schema["format"] = Value::from(format);
        }
        serde_json::json!({
            "name": name,
            "in": "query",
            "required": required,
            "schema": schema,
            "description": description,
        })
    };
    let operation = serde_json::json!({
        "tags": ["realtime"],
        "operationId": "websocket",
        "summary": "Open the real-time WebSocket",
        "description": "Upgrades to a WebSocket carrying `{event, data, id}` envelopes: \
            join_module/leave_module rooms (module.invalidate after each committed write), \
            notification and dm:message for the caller, presence, user_joined, user_left, \
            dm:typing. Close codes: 4400 bad query, 4401 token invalid or expired, 4403 not a \
            member, 4429 reader too slow. Protocol: crates/realtime/README.md.",
        "parameters": [
            parameter("token", true, None, "An access token"),
            parameter("company_id", false, Some("uuid"), "Optional for a member of one company"),
            parameter("last_event_id", false, None, "The last event id seen: replays the caller's notifications and messages since"),
        ],
        "responses": {
            "101": {"description": "Switching to the WebSocket protocol"},
            "400": {
                "description": "Not a WebSocket upgrade (`websocket_upgrade_required`)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
            }
        }
    });
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        paths.insert("/ws".into(), serde_json::json!({"get": operation}));
    }
    serde_json::from_value(document).unwrap_or(openapi)
}
