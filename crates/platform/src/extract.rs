//! Extractors that turn every malformed request into the spec's 400 (or 413), naming the field.

use arkan_kernel::text::control_character;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use utoipa::ToSchema;

use crate::error::codes;
use crate::error::{ApiError, FieldError};
use crate::json::{Document, Strict};

/// A JSON body: a JSON object. Malformed JSON, another JSON value than an object, a wrong type,
/// an unknown field or a control character in a text is a 400 naming the JSON path; a body over
/// the limit is a 413.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(body_rejection)?;
        parse_json(&bytes).map(ApiJson)
    }
}

fn body_rejection(rejection: BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        payload_too_large()
    } else {
        ApiError::bad_request(codes::UNREADABLE_BODY, "The request body could not be read")
    }
}

pub fn payload_too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        codes::PAYLOAD_TOO_LARGE,
        "The request body is larger than this endpoint accepts",
    )
}

/// Parses a JSON document into `T`, reporting the failing path. The body must be a JSON object,
/// and no text in it (values or names) may carry a control character; see [`control_characters`].
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError {
            errors: vec![FieldError {
                field: String::new(),
                message: "a JSON body is required".into(),
            }],
            ..ApiError::bad_request(codes::MALFORMED_JSON, "The request body is empty")
        });
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let document = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(Document(document)) => document,
        // A field given twice.
        Err(error) if error.inner().is_data() => return Err(data_error(&error)),
        Err(error) => return Err(malformed(strip_position(&error.into_inner().to_string()))),
    };
    deserializer
        .end()
        .map_err(|error| malformed(strip_position(&error.to_string())))?;
    if !document.is_object() {
        // An array would be read as the fields in declaration order, a scalar is meaningless.
        return Err(ApiError {
            message: "The request body must be a JSON object".into(),
            ..ApiError::invalid_field("", "must be a JSON object")
        });
    }
    let mut errors = Vec::new();
    control_characters(&document, &mut String::new(), false, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    serde_path_to_error::deserialize(Strict(&document)).map_err(|error| data_error(&error))
}

fn data_error(error: &serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let (field, message) = field_message(
        &path_text(error.path()),
        &strip_position(&error.inner().to_string()),
    );
    ApiError::invalid_field(&field, message)
}

fn path_text(path: &serde_path_to_error::Path) -> String {
    let text = path.to_string();
    if text == "." { String::new() } else { text }
}

/// Fields of free text, which may hold tabs and line breaks (`content`: a file sent as text, a
/// bank statement). Every other text (names, e-mail addresses, references, codes, ids, dates,
/// amounts) is a single line.
pub const MULTILINE_FIELDS: &[&str] = &["description", "memo", "street", "body", "content"];

/// At most this many problems are named in one answer: a hostile request with thousands of
/// them costs no more than one with a few.
pub const MAX_REPORTED: usize = 20;

/// Records every string of `value` (and every field name) that carries a control character,
/// under its JSON path (the first [`MAX_REPORTED`]). Tabs and line breaks pass in
/// [`MULTILINE_FIELDS`] only.
pub fn control_characters(
    value: &Value,
    path: &mut String,
    line_breaks: bool,
    errors: &mut Vec<FieldError>,
) {
    if errors.len() >= MAX_REPORTED {
        return;
    }
    match value {
        Value::String(text) => {
            if let Some(found) = control_character(text, line_breaks) {
                errors.push(FieldError {
                    field: path.clone(),
                    message: control_message(found, line_breaks),
                });
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let length = path.len();
                path.push_str(&format!("[{index}]"));
                control_characters(item, path, line_breaks, errors);
                path.truncate(length);
            }
        }
        Value::Object(fields) => {
            for (name, item) in fields {
                if let Some(found) = control_character(name, false) {
                    errors.push(FieldError {
                        field: path.clone(),
                        message: format!(
                            "has a field name with a control character (U+{:04X})",
                            u32::from(found)
                        ),
                    });
                    continue;
                }
                let length = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
                let multiline = MULTILINE_FIELDS.contains(&name.as_str());
                control_characters(item, path, multiline, errors);
                path.truncate(length);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn control_message(found: char, line_breaks: bool) -> String {
    let allowed = if line_breaks {
        " other than tab and line breaks"
    } else {
        ""
    };
    format!(
        "must not contain a control character{allowed} (found U+{:04X})",
        u32::from(found)
    )
}

/// Turns a deserializer's message into one about the field: `invalid type: integer `42`,
/// expected a string` at `name` is `("name", "must be a string")`, `missing field `name`` at
/// `lines[0]` is `("lines[0].name", "is required")`. Messages of the API's own types pass as
/// they are; no Rust type name reaches the client.
fn field_message(path: &str, raw: &str) -> (String, String) {
    // A missing or repeated field is reported at its object; an unknown one at itself.
    let join = |name: &str| {
        if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    if let Some(rest) = raw.strip_prefix("missing field ") {
        return (join(rest.trim_matches('`')), "is required".into());
    }
    if let Some(rest) = raw.strip_prefix("duplicate field ") {
        return (
            join(rest.trim_matches('`')),
            "is given more than once".into(),
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let (name, expected) = rest.split_once(", ").unwrap_or((rest, ""));
        let name = name.trim_matches('`');
        let allowed = choices(expected);
        let message = if allowed.is_empty() {
            format!("{name} is not a field here")
        } else {
            format!("{name} is not a field here; expected one of: {allowed}")
        };
        let at_itself = path == name || path.ends_with(&format!(".{name}"));
        return (
            if at_itself {
                path.to_owned()
            } else {
                join(name)
            },
            message,
        );
    }
    let message = if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let expected = rest.split_once(", ").map(|(_, e)| e).unwrap_or_default();
        format!("must be one of: {}", choices(expected))
    } else if let Some(rest) = raw
        .strip_prefix("invalid type: ")
        .or_else(|| raw.strip_prefix("invalid value: "))
        .or_else(|| raw.strip_prefix("invalid length "))
    {
        let expected = rest
            .rsplit_once(", expected ")
            .map(|(_, e)| e)
            .unwrap_or("");
        format!("must be {}", expected_text(expected))
    } else if raw.starts_with("UUID parsing failed") {
        "must be a UUID".to_owned()
    } else {
        raw.to_owned()
    };
    (path.to_owned(), message)
}

/// serde's `expected one of `a`, `b`, `c``, `expected `a` or `b``, `expected `a`` -> `a, b`.
fn choices(expected: &str) -> String {
    let list = expected
        .strip_prefix("expected one of ")
        .or_else(|| expected.strip_prefix("expected "))
        .unwrap_or("");
    list.split(", ")
        .flat_map(|item| item.split(" or "))
        .map(|item| item.trim_matches('`'))
        .filter(|item| !item.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What serde expected, said for a client: `struct Address` -> `an object`, `i32` -> `a whole
/// number from -2147483648 to 2147483647`.
fn expected_text(expected: &str) -> String {
    let range = |min: i128, max: i128| format!("a whole number from {min} to {max}");
    match expected {
        "a string" | "string" | "a borrowed string" | "a character" | "char" => "a string".into(),
        "a boolean" | "bool" => "true or false".into(),
        "a sequence" | "sequence" => "an array".into(),
        "a map" | "map" => "an object".into(),
        // An enum of names (the one kind the API has) given something else.
        "string or map" => "a string".into(),
        "unit" => "null".into(),
        "i8" => range(i8::MIN.into(), i8::MAX.into()),
        "i16" => range(i16::MIN.into(), i16::MAX.into()),
        "i32" => range(i32::MIN.into(), i32::MAX.into()),
        "i64" | "isize" => range(i64::MIN.into(), i64::MAX.into()),
        "u8" => range(0, u8::MAX.into()),
        "u16" => range(0, u16::MAX.into()),
        "u32" => range(0, u32::MAX.into()),
        "u64" | "usize" => range(0, u64::MAX.into()),
        "f32" | "f64" => "a number".into(),
        _ if expected.contains("UUID") => "a UUID".into(),
        _ if expected.starts_with("struct ") || expected.starts_with("map ") => "an object".into(),
        _ if expected.starts_with("tuple") || expected.starts_with("a tuple") => "an array".into(),
        _ if expected.starts_with("enum ") => "a string".into(),
        _ if expected.starts_with("a ") || expected.starts_with("an ") => expected.to_owned(),
        _ => "of another type".into(),
    }
}

fn malformed(message: String) -> ApiError {
    ApiError {
        errors: vec![FieldError {
            field: String::new(),
            message,
        }],
        ..ApiError::bad_request(codes::MALFORMED_JSON, "The request body is not valid JSON")
    }
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

/// Query parameters. A wrong type, an unknown parameter or a control character is a 400
/// (`invalid_query`) naming it.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned + utoipa::IntoParams + 'static,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let invalid = |errors: Vec<FieldError>| ApiError {
            code: "invalid_query".into(),
            ..ApiError::validation(errors)
        };
        let errors = query_control_characters(query);
        if !errors.is_empty() {
            return Err(invalid(errors));
        }
        let errors = unknown_parameters::<T>(query);
        if !errors.is_empty() {
            return Err(invalid(errors));
        }
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(ApiQuery)
            .map_err(|error| {
                let (field, message) =
                    field_message(&path_text(error.path()), &error.into_inner().to_string());
                invalid(vec![FieldError { field, message }])
            })
    }
}

/// The names a query type declares, with the paging parameters, sorted: built once per type,
/// not on every request.
fn declared_parameters<T: utoipa::IntoParams + 'static>() -> std::sync::Arc<Vec<String>> {
    static DECLARED: std::sync::LazyLock<
        std::sync::RwLock<std::collections::HashMap<std::any::TypeId, std::sync::Arc<Vec<String>>>>,
    > = std::sync::LazyLock::new(Default::default);
    let id = std::any::TypeId::of::<T>();
    if let Some(known) = DECLARED
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(&id)
    {
        return known.clone();
    }
    let mut known: Vec<String> = T::into_params(|| Some(utoipa::openapi::path::ParameterIn::Query))
        .into_iter()
        .map(|parameter| parameter.name)
        .chain(
            <crate::list::PageParams as utoipa::IntoParams>::into_params(|| None)
                .into_iter()
                .map(|parameter| parameter.name),
        )
        .collect();
    known.sort();
    known.dedup();
    let known = std::sync::Arc::new(known);
    DECLARED
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(id, known.clone());
    known
}

/// Parameters the query type does not declare: a misspelt filter must not silently return
/// everything. The paging parameters (`limit`, `cursor`, `sort`, `order`) are declared by
/// [`crate::list::PageParams`], which list queries flatten into theirs.
fn unknown_parameters<T: utoipa::IntoParams + 'static>(query: &str) -> Vec<FieldError> {
    if query.is_empty() {
        return Vec::new();
    }
    let known = declared_parameters::<T>();
    let mut reported = std::collections::HashSet::new();
    let mut errors: Vec<FieldError> = Vec::new();
    for (name, _) in form_urlencoded::parse(query.as_bytes()) {
        if errors.len() >= MAX_REPORTED {
            break;
        }
        if known.binary_search(&name.to_string()).is_err() && reported.insert(name.to_string()) {
            errors.push(FieldError {
                field: name.to_string(),
                message: format!(
                    "{name} is not a parameter here; expected one of: {}",
                    known.join(", ")
                ),
            });
        }
    }
    errors
}

/// Query parameters (decoded) whose name or value carries a control character: every query
/// parameter is a single line.
fn query_control_characters(query: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if errors.len() >= MAX_REPORTED {
            break;
        }
        if let Some(found) = control_character(&name, false) {
            errors.push(FieldError {
                field: String::new(),
                message: format!(
                    "a parameter name has a control character (U+{:04X})",
                    u32::from(found)
                ),
            });
        } else if let Some(found) = control_character(&value, false) {
            errors.push(FieldError {
                field: name.into_owned(),
                message: control_message(found, false),
            });
        }
    }
    errors
}

/// A path id. Anything that is not a UUID is a 400, not a 404.
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection| {
                ApiError::bad_request(
                    codes::INVALID_PATH,
                    format!("Invalid path: {}", rejection.body_text()),
                )
            })
    }
}

/// A decimal amount as the client sent it: a JSON string (`"12.50"`) or number (`12.5`). It is
/// kept as text and parsed exactly against the currency's exponent later, never through f64
/// arithmetic (a JSON number is read back in its shortest round-trip form, which is the text
/// the client wrote for any amount with up to 15 significant digits).
#[derive(Debug, Clone, PartialEq, Eq, ToSchema)]
#[schema(value_type = String, example = "1250.00")]
pub struct DecimalText(pub String);

impl<'de> Deserialize<'de> for DecimalText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = DecimalText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a decimal number as a string or a number")
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<DecimalText, E> {
                Ok(DecimalText(value.to_owned()))
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<DecimalText, E> {
                Ok(DecimalText(value.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<DecimalText, E> {
                Ok(DecimalText(value.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<DecimalText, E> {
                if !value.is_finite() {
                    return Err(E::custom("must be a finite number"));
                }
                // A JSON number with a fraction arrives as the nearest f64, exact only up to 15
                // significant digits; beyond, it would be silently another amount. From 10^12
                // up, an amount with 3 decimals already needs 16.
                let text = value.to_string();
                if value.abs() >= MAX_EXACT_NUMBER || significant_digits(&text) > MAX_EXACT_DIGITS {
                    return Err(E::custom(
                        "has more than 15 significant digits: send it as a string",
                    ));
                }
                Ok(DecimalText(text))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Significant digits an f64 carries exactly through a decimal round trip.
const MAX_EXACT_DIGITS: usize = 15;

/// From here up, a JSON number with a fraction is refused whatever its digits.
const MAX_EXACT_NUMBER: f64 = 1e12;

/// Significant digits of a plain decimal text (`-0.00120` has 2, `1200` has 2).
fn significant_digits(text: &str) -> usize {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

/// For PATCH bodies: tells "absent" (`None`) from "set to null" (`Some(None)`).
/// Use with `#[serde(default, deserialize_with = "nullable")]`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// What a handler that creates a resource answers: 201 with the new resource.
pub type Created<T> = crate::error::ApiResult<(axum::http::StatusCode, axum::Json<T>)>;

/// 201 Created with `value` as the body.
pub fn created<T>(value: T) -> (axum::http::StatusCode, axum::Json<T>) {
    (axum::http::StatusCode::CREATED, axum::Json(value))
}

/// The body of an action whose fields are all optional: no body at all (with or without a
/// `Content-Type`, or only whitespace) or a JSON `null` is the empty object, `T::default()`; any
/// other body is read exactly as [`ApiJson`] reads it (a JSON object, every field checked).
/// Declare the operation with `request_body = Option<T>`: the OpenAPI document then says the body
/// is optional and may be `null`, which is what this accepts.
pub struct OptionalJson<T>(pub T);

impl<T, S> FromRequest<S> for OptionalJson<T>
where
    T: DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(body_rejection)?;
        let text = bytes.trim_ascii();
        if text.is_empty() || text == b"null" {
            return Ok(OptionalJson(T::default()));
        }
        parse_json(&bytes).map(OptionalJson)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decimal(json: &str) -> Result<String, String> {
        serde_json::from_str::<DecimalText>(json)
            .map(|text| text.0)
            .map_err(|error| error.to_string())
    }

    #[test]
    fn json_numbers_are_taken_only_while_f64_keeps_them_exact() {
        assert_eq!(decimal("12345.67"), Ok("12345.67".to_owned()));
        assert_eq!(
            decimal("\"12345678901234567.891\""),
            Ok("12345678901234567.891".to_owned())
        );
        assert_eq!(
            decimal("12345678901234567"),
            Ok("12345678901234567".to_owned())
        );
        assert_eq!(
            decimal("123456789012.345"),
            Ok("123456789012.345".to_owned())
        );
        assert_eq!(decimal("0.001"), Ok("0.001".to_owned()));
        assert!(decimal("1234567890123.456").is_err_and(|error| error.contains("as a string")));
        assert!(decimal("4000000000000000.3").is_err());
        assert!(decimal("9999999999999999.99").is_err());
        assert_eq!(
            decimal("999999999999.999"),
            Ok("999999999999.999".to_owned())
        );
        assert!(decimal("0.12345678901234567").is_err());
        assert_eq!(significant_digits("-0.00120"), 2);
        assert_eq!(significant_digits("1200"), 2);
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    #[expect(dead_code, reason = "only deserialized")]
    struct Line {
        account_id: uuid::Uuid,
        quantity: Option<u32>,
        kind: Option<crate::role::Role>,
        memo: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    #[expect(dead_code, reason = "only deserialized")]
    struct Body {
        name: String,
        lines: Vec<Line>,
    }

    fn refusal(json: &str) -> (String, String) {
        let error = parse_json::<Body>(json.as_bytes()).expect_err("a refusal");
        let first = error.errors.first().cloned().unwrap_or(FieldError {
            field: "-".into(),
            message: error.message.to_string(),
        });
        (first.field, first.message)
    }

    #[test]
    fn messages_name_fields_and_json_types_never_rust_types() {
        let id = "\"01a22ab0-0000-7000-8000-000000000001\"";
        let cases = [
            (
                r#"{"name": 1, "lines": []}"#.to_owned(),
                "name",
                "must be a string",
            ),
            (r#"{"lines": []}"#.to_owned(), "name", "is required"),
            (
                r#"{"name": "x", "lines": {}}"#.to_owned(),
                "lines",
                "must be an array",
            ),
            (
                r#"{"name": "x", "lines": [1]}"#.to_owned(),
                "lines[0]",
                "must be an object",
            ),
            (
                format!(r#"{{"name": "x", "lines": [[{id}]]}}"#),
                "lines[0]",
                "must be an object",
            ),
            (
                r#"{"name": "x", "lines": [{}]}"#.to_owned(),
                "lines[0].accountId",
                "is required",
            ),
            (
                r#"{"name": "x", "lines": [{"accountId": 7}]}"#.to_owned(),
                "lines[0].accountId",
                "must be a UUID",
            ),
            (
                r#"{"name": "x", "lines": [{"accountId": "x"}]}"#.to_owned(),
                "lines[0].accountId",
                "must be a UUID",
            ),
            (
                format!(r#"{{"name": "x", "lines": [{{"accountId": {id}, "quantity": -1}}]}}"#),
                "lines[0].quantity",
                "must be a whole number from 0 to 4294967295",
            ),
            (
                format!(r#"{{"name": "x", "lines": [{{"accountId": {id}, "kind": 5}}]}}"#),
                "lines[0].kind",
                "must be a string",
            ),
            (
                format!(r#"{{"name": "x", "lines": [{{"accountId": {id}, "kind": "king"}}]}}"#),
                "lines[0].kind",
                "must be one of: owner, admin, accountant, sales, purchasing, inventory, hr, viewer",
            ),
            (
                format!(r#"{{"name": "x", "lines": [{{"accountId": {id}, "bogus": 1}}]}}"#),
                "lines[0].bogus",
                "bogus is not a field here; expected one of: accountId, quantity, kind, memo",
            ),
            (
                r#"{"name": "x", "lines": [], "nmae": 1}"#.to_owned(),
                "nmae",
                "nmae is not a field here; expected one of: name, lines",
            ),
            (
                r#"{"name": "x", "name": "y", "lines": []}"#.to_owned(),
                "name",
                "is given more than once",
            ),
            (r#"["x", []]"#.to_owned(), "", "must be a JSON object"),
            (
                r#"{"name": "a\u0000", "lines": []}"#.to_owned(),
                "name",
                "must not contain a control character (found U+0000)",
            ),
            (
                format!(r#"{{"name": "x", "lines": [{{"accountId": {id}, "memo": "a\u000b"}}]}}"#),
                "lines[0].memo",
                "must not contain a control character other than tab and line breaks (found U+000B)",
            ),
        ];
        for (json, field, message) in cases {
            assert_eq!(
                refusal(&json),
                (field.to_owned(), message.to_owned()),
                "{json}"
            );
        }
        let multiline =
            format!(r#"{{"name": "x", "lines": [{{"accountId": {id}, "memo": "a\r\n\tb"}}]}}"#);
        assert!(parse_json::<Body>(multiline.as_bytes()).is_ok());
        assert_eq!(
            refusal("[1, 2"),
            ("".to_owned(), "EOF while parsing a list".to_owned())
        );
    }

    #[test]
    fn query_parameters_carry_no_control_characters() {
        assert!(query_control_characters("q=Gulf%20Trading&limit=5").is_empty());
        let errors = query_control_characters("q=%00&sort=name&x%0A=1");
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].field, "q");
        assert_eq!(errors[1].field, "");
    }
}
