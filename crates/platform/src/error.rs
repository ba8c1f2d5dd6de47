//! The one API error type. Every failure a client can see is turned into the spec's body
//! `{statusCode, code, message, errors}` here and nowhere else.

use std::borrow::Cow;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::{DbErr, SqlErr};
use serde::Serialize;
use utoipa::ToSchema;

/// One invalid input field, named by its JSON path (`lines[2].debit`, `address.country`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The error body every endpoint answers with.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub status_code: u16,
    /// Stable, machine-readable rule name (`validation_failed`, `journal_entry_not_draft`).
    pub code: String,
    pub message: String,
    pub errors: Vec<FieldError>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: Cow<'static, str>,
    pub message: Cow<'static, str>,
    pub errors: Vec<FieldError>,
    /// Seconds to wait before retrying, sent as `Retry-After` (429 and login backoff).
    pub retry_after: Option<u64>,
    /// Fields a rule adds to the body beside `statusCode`, `code`, `message` and `errors`
    /// (the `candidates` of `lead_possible_duplicates`); empty for most errors.
    pub details: serde_json::Map<String, serde_json::Value>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
            errors: Vec::new(),
            retry_after: None,
            details: serde_json::Map::new(),
        }
    }

    /// The error with one more field in its body (a field the base body has is not replaced).
    pub fn with_detail(mut self, key: &str, value: serde_json::Value) -> Self {
        self.details.insert(key.to_owned(), value);
        self
    }

    pub fn bad_request(
        code: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 400 listing every invalid field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        Self {
            errors,
            ..Self::new(
                StatusCode::BAD_REQUEST,
                codes::VALIDATION_FAILED,
                "Validation failed",
            )
        }
    }

    /// 400 for a single invalid field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    pub fn unauthorized(
        code: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn forbidden(
        code: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, message)
    }

    /// 404 for an id that does not exist in the caller's company (or at all: the two are never
    /// told apart).
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            format!("{what}_not_found"),
            format!("{} not found", what.replace('_', " ")),
        )
    }

    pub fn conflict(
        code: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    pub fn too_many_requests(retry_after: u64, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            retry_after: Some(retry_after.max(1)),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, codes::RATE_LIMITED, message)
        }
    }

    /// Internal server error. The cause is logged (with the request id, from the tracing
    /// span); the client sees nothing of it.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::INTERNAL_ERROR,
            "Internal server error",
        )
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            status_code: self.status.as_u16(),
            code: self.code.to_string(),
            message: self.message.to_string(),
            errors: self.errors.clone(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = if self.details.is_empty() {
            (self.status, Json(self.body())).into_response()
        } else {
            let mut body = match serde_json::to_value(self.body()) {
                Ok(serde_json::Value::Object(body)) => body,
                _ => serde_json::Map::new(),
            };
            for (key, value) in self.details {
                body.entry(key).or_insert(value);
            }
            (self.status, Json(serde_json::Value::Object(body))).into_response()
        };
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Database errors that reach a handler unclassified are server faults. Stores turn the ones a
/// client can cause (duplicates, dangling references) into 404/409 themselves, with
/// [`is_unique_violation`] and [`is_foreign_key_violation`].
impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        ApiError::internal(error)
    }
}

pub fn is_unique_violation(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

pub fn is_foreign_key_violation(error: &DbErr) -> bool {
    matches!(
        error.sql_err(),
        Some(SqlErr::ForeignKeyConstraintViolation(_))
    )
}

/// Collects every invalid field of an input before answering, so a client fixes them all at once.
#[derive(Debug, Default)]
pub struct Validation {
    errors: Vec<FieldError>,
}

impl Validation {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Parses one of a closed set of codes (a `codes!` enum's `parse`); records `must be one
    /// of: ...` under `field` when it is none of them.
    pub fn code<T>(
        &mut self,
        field: &str,
        text: &str,
        parse: fn(&str) -> Option<T>,
        codes: fn() -> String,
    ) -> Option<T> {
        let value = parse(text);
        if value.is_none() {
            self.add(field, format!("must be one of: {}", codes()));
        }
        value
    }

    /// Records the error of a parse, returning its value when it succeeded.
    pub fn check<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.add(field, error.to_string());
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn finish(self) -> ApiResult<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.errors))
        }
    }
}

/// The `code` of every error body the platform itself answers with.
pub mod codes {
    pub const COMPANY_HEADER_INVALID: &str = "company_header_invalid";
    pub const COMPANY_HEADER_MISSING: &str = "company_header_missing";
    pub const IDEMPOTENCY_KEY_INVALID: &str = "idempotency_key_invalid";
    pub const IDEMPOTENCY_KEY_REUSED: &str = "idempotency_key_reused";
    pub const IDEMPOTENCY_REQUEST_IN_PROGRESS: &str = "idempotency_request_in_progress";
    pub const INTERNAL_ERROR: &str = "internal_error";
    pub const INVALID_PATH: &str = "invalid_path";
    pub const MALFORMED_JSON: &str = "malformed_json";
    pub const NOT_A_MEMBER: &str = "not_a_member";
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    pub const RATE_LIMITED: &str = "rate_limited";
    pub const ROLE_NOT_ALLOWED: &str = "role_not_allowed";
    pub const TOKEN_EXPIRED: &str = "token_expired";
    pub const TOKEN_INVALID: &str = "token_invalid";
    pub const TOKEN_MISSING: &str = "token_missing";
    pub const UNREADABLE_BODY: &str = "unreadable_body";
    pub const VALIDATION_FAILED: &str = "validation_failed";

    /// Every code above, for the documentation check.
    pub const ALL: &[&str] = &[
        COMPANY_HEADER_INVALID,
        COMPANY_HEADER_MISSING,
        IDEMPOTENCY_KEY_INVALID,
        IDEMPOTENCY_KEY_REUSED,
        IDEMPOTENCY_REQUEST_IN_PROGRESS,
        INTERNAL_ERROR,
        INVALID_PATH,
        MALFORMED_JSON,
        NOT_A_MEMBER,
        PAYLOAD_TOO_LARGE,
        RATE_LIMITED,
        ROLE_NOT_ALLOWED,
        TOKEN_EXPIRED,
        TOKEN_INVALID,
        TOKEN_MISSING,
        UNREADABLE_BODY,
        VALIDATION_FAILED,
    ];
}
