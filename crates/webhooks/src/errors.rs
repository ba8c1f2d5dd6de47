//! Error codes of webhooks: the `code` of its error bodies, one constant each, so a code is
//! written once and the docs can list them all (`docs/api-conventions.md`).

use arkan_platform::error::{ApiError, FieldError};

pub const WEBHOOK_INACTIVE: &str = "webhook_inactive";
pub const WEBHOOK_TARGET_FORBIDDEN: &str = "webhook_target_forbidden";

/// Every code above, for the documentation check.
pub const ALL: &[&str] = &[WEBHOOK_INACTIVE, WEBHOOK_TARGET_FORBIDDEN];

// One constructor per code: the status and the wording of each error live here.

/// 409 `webhook_inactive`: a redelivery asked of a webhook that is switched off
/// (`active: false`); switch it on first.
pub fn webhook_inactive() -> ApiError {
    ApiError::conflict(
        WEBHOOK_INACTIVE,
        "The webhook is inactive; set active to true before redelivering",
    )
}

/// 400 `webhook_target_forbidden`, naming the field `url`: its host is, or resolves to, a
/// loopback, private, link-local or otherwise internal address, which webhooks may not reach
/// unless the server runs with `ARKAN_WEBHOOK_ALLOW_PRIVATE=true`.
pub fn webhook_target_forbidden(reason: &str) -> ApiError {
    let mut error = ApiError::bad_request(
        WEBHOOK_TARGET_FORBIDDEN,
        "Webhooks may not target internal addresses",
    );
    error.errors.push(FieldError {
        field: "url".into(),
        message: reason.to_owned(),
    });
    error
}
