//! Extractors that turn every malformed request into the spec's 400 (or 413), naming the field.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use crate::error::codes;
use crate::error::{ApiError, FieldError};

/// A JSON body. Malformed JSON, a wrong type or an unknown field is a 400 naming the JSON path;
/// a body over the limit is a 413.
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

/// Parses a JSON document into `T`, reporting the failing path.
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
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let message = strip_position(&inner.to_string());
        if inner.is_data() {
            ApiError::invalid_field(if path == "." { "" } else { &path }, message)
        } else {
            malformed(message)
        }
    })?;
    deserializer
        .end()
        .map_err(|error| malformed(strip_position(&error.to_string())))?;
    Ok(value)
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

/// Query parameters. A wrong type or unknown parameter is a 400 naming it.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(ApiQuery)
            .map_err(|error| {
                let path = error.path().to_string();
                ApiError {
                    code: "invalid_query".into(),
                    ..ApiError::invalid_field(&path, error.into_inner().to_string())
                }
            })
    }
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
}
