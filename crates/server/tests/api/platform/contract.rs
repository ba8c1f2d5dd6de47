//! The OpenAPI document says what the server does: every operation declares its path
//! parameters, the tenant header where one is needed, and the error answers the gates give;
//! requests the document allows are not refused for their form.

use arkan_testkit::TestApp;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;

#[tokio::test]
async fn every_operation_declares_its_parameters_and_error_answers() {
    let app = TestApp::new().await;
    let document = app
        .send(
            Request::get("/api/v1/openapi.json")
                .body(Body::empty())
                .expect("a request"),
        )
        .await
        .body;
    let paths = document["paths"].as_object().expect("paths");
    let mut problems = Vec::new();
    let mut operations = 0;
    for (path, item) in paths {
        // The WebSocket (`/ws`) sits at the host root, outside the gates.
        let gated = path.starts_with("/api/v1/");
        let tenant = gated
            && !["/api/v1/auth/", "/api/v1/users", "/api/v1/companies"]
                .iter()
                .any(|prefix| path.starts_with(prefix));
        for method in ["get", "post", "put", "patch", "delete"] {
            let Some(operation) = item.get(method) else {
                continue;
            };
            operations += 1;
            let parameters = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let declares = |place: &str, name: &str| {
                parameters
                    .iter()
                    .any(|parameter| parameter["in"] == place && parameter["name"] == name)
            };
            let answers = |status: &str| operation["responses"].get(status).is_some();
            let shown = format!("{} {path}", method.to_uppercase());
            for name in path
                .split('/')
                .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            {
                if !declares("path", name) {
                    problems.push(format!("{shown}: path parameter {name} undeclared"));
                }
                if !answers("404") {
                    problems.push(format!("{shown}: no 404"));
                }
            }
            if gated && !answers("429") {
                problems.push(format!("{shown}: no 429"));
            }
            if operation.get("security").is_some() && !answers("401") {
                problems.push(format!("{shown}: no 401"));
            }
            if tenant && method == "post" && !declares("header", "Idempotency-Key") {
                problems.push(format!("{shown}: no Idempotency-Key header"));
            }
            if tenant {
                if !declares("header", "X-Company-Id") {
                    problems.push(format!("{shown}: no X-Company-Id header"));
                }
                for status in ["400", "403"] {
                    if !answers(status) {
                        problems.push(format!("{shown}: no {status}"));
                    }
                }
            }
            if !operation["responses"].as_object().is_some_and(|responses| {
                responses
                    .keys()
                    .any(|status| status.starts_with('2') || status == "101")
            }) {
                problems.push(format!("{shown}: no success answer"));
            }
        }
    }
    // Dates and instants carry their formats, wherever they appear.
    let mut dated = 0;
    walk_properties(&document["components"]["schemas"], &mut |name, schema| {
        // `dateFrom`, `dateTo`; not `dateFormat` (a CSV statement's pattern, a text).
        let wanted = if name == "date"
            || name.ends_with("Date")
            || (name.starts_with("date") && name != "dateFormat")
        {
            Some("date")
        } else if name.ends_with("At") {
            Some("date-time")
        } else {
            None
        };
        let is_string = schema["type"] == "string"
            || schema["type"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|kind| kind == "string"));
        if let Some(wanted) = wanted
            && is_string
        {
            dated += 1;
            if schema["format"] != wanted {
                problems.push(format!(
                    "property {name}: format {} not {wanted}",
                    schema["format"]
                ));
            }
        }
    });
    assert!(dated > 20, "{dated} dated properties");
    assert!(operations > 50, "{operations} operations");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn requests_the_document_allows_are_taken() {
    let company = TestApp::company().with_uae_chart().client("Acme").await;
    // An empty paging parameter is the default, as if it were not given.
    let listed = company.get("/api/v1/crm/clients?limit=&sort=&order=").await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(listed.body["meta"]["limit"], 25);
    // A whole number written with a decimal point is a whole number.
    let terms = company
        .post(
            "/api/v1/crm/clients",
            json!({"name": "Float Terms", "paymentTermsDays": 30.0}),
        )
        .await;
    assert_eq!(terms.status, StatusCode::CREATED, "{:?}", terms.body);
    assert_eq!(terms.body["paymentTermsDays"], json!(30));
    // A fraction is still not a whole number.
    let fraction = company
        .post(
            "/api/v1/crm/clients",
            json!({"name": "Half Terms", "paymentTermsDays": 30.5}),
        )
        .await;
    assert_eq!(fraction.status, StatusCode::BAD_REQUEST);
    assert_eq!(fraction.body["errors"][0]["field"], "paymentTermsDays");
}

/// Calls `visit` with the name and schema of every property under `schemas`, at any depth.
fn walk_properties(schemas: &serde_json::Value, visit: &mut impl FnMut(&str, &serde_json::Value)) {
    let Some(object) = schemas.as_object() else {
        if let Some(parts) = schemas.as_array() {
            for part in parts {
                walk_properties(part, visit);
            }
        }
        return;
    };
    if let Some(properties) = object.get("properties").and_then(|value| value.as_object()) {
        for (name, property) in properties {
            visit(name, property);
            walk_properties(property, visit);
        }
    }
    for (key, value) in object {
        if key != "properties" && (value.is_object() || value.is_array()) {
            walk_properties(value, visit);
        }
    }
}

#[tokio::test]
async fn an_unknown_query_parameter_is_a_400_naming_it() {
    let company = TestApp::company().with_uae_chart().client("Acme").await;
    let misspelt = company.get("/api/v1/crm/clients?qq=Acme").await;
    assert_eq!(
        misspelt.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        misspelt.body
    );
    assert_eq!(misspelt.code(), "invalid_query");
    assert_eq!(misspelt.body["errors"][0]["field"], "qq");
    let message = misspelt.body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("expected one of") && message.contains("q"),
        "{message}"
    );
    // A filter spelt in another case is not the filter either.
    let camel = company
        .get("/api/v1/accounting/invoices?dateFrom=2026-01-01")
        .await;
    assert_eq!(camel.status, StatusCode::BAD_REQUEST, "{:?}", camel.body);
    assert_eq!(camel.body["errors"][0]["field"], "dateFrom");
    // Thousands of unknown names cost no more than a few: the first 20 are named.
    let many: Vec<String> = (0..5_000).map(|n| format!("p{n}=1")).collect();
    let flood = company
        .get(&format!("/api/v1/crm/clients?{}", many.join("&")))
        .await;
    assert_eq!(flood.status, StatusCode::BAD_REQUEST);
    assert_eq!(flood.body["errors"].as_array().map(Vec::len), Some(20));
    // Declared filters and the paging parameters are taken.
    let found = company
        .get("/api/v1/crm/clients?q=Acme&limit=5&sort=name&order=asc")
        .await;
    assert_eq!(found.status, StatusCode::OK, "{:?}", found.body);
    assert_eq!(found.body["meta"]["total"], 1);
    let dated = company
        .get("/api/v1/accounting/invoices?date_from=2026-01-01")
        .await;
    assert_eq!(dated.status, StatusCode::OK, "{:?}", dated.body);
}
