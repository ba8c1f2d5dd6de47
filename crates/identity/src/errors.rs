//! Error codes of identity (users, companies, members, sign-in): the `code` of its error bodies, one constant each, so a
//! code is written once and the docs can list them all (`docs/api-conventions.md`).

use arkan_platform::error::ApiError;

pub const COMPANY_CHANGED: &str = "company_changed";
pub const COMPANY_CURRENCY_FIXED: &str = "company_currency_fixed";
pub const EMAIL_TAKEN: &str = "email_taken";
pub const INVALID_CREDENTIALS: &str = "invalid_credentials";
pub const LAST_OWNER: &str = "last_owner";
pub const LOGIN_THROTTLED: &str = "login_throttled";
pub const MEMBER_EXISTS: &str = "member_exists";
pub const PLAN_CHANGE_FORBIDDEN: &str = "plan_change_forbidden";
pub const REFRESH_TOKEN_EXPIRED: &str = "refresh_token_expired";
pub const REFRESH_TOKEN_INVALID: &str = "refresh_token_invalid";
pub const REFRESH_TOKEN_REUSED: &str = "refresh_token_reused";

/// Every code above, for the documentation check.
pub const ALL: &[&str] = &[
    COMPANY_CHANGED,
    COMPANY_CURRENCY_FIXED,
    EMAIL_TAKEN,
    INVALID_CREDENTIALS,
    LAST_OWNER,
    LOGIN_THROTTLED,
    MEMBER_EXISTS,
    PLAN_CHANGE_FORBIDDEN,
    REFRESH_TOKEN_EXPIRED,
    REFRESH_TOKEN_INVALID,
    REFRESH_TOKEN_REUSED,
];

// One constructor per code: the status and the wording of each error live here, and the
// services call these instead of building the error themselves.

/// 409 `company_changed`: the company was updated by another request between the read and the
/// write of an update.
pub fn company_changed() -> ApiError {
    ApiError::conflict(
        COMPANY_CHANGED,
        "The company changed while this request was handled; fetch it and try again",
    )
}

/// 409 `company_currency_fixed`: an update tries to change the company's currency (its amounts
/// are stored in minor units of it).
pub fn company_currency_fixed() -> ApiError {
    ApiError::conflict(
        COMPANY_CURRENCY_FIXED,
        "A company's currency is fixed when it is created",
    )
}

/// 409 `email_taken`: registering a user whose e-mail another user already has.
pub fn email_taken() -> ApiError {
    ApiError::conflict(EMAIL_TAKEN, "A user with this email already exists")
}

/// 401 `invalid_credentials`: a login with an unknown e-mail or a wrong password (never told
/// apart).
pub fn invalid_credentials() -> ApiError {
    ApiError::unauthorized(INVALID_CREDENTIALS, "Invalid email or password")
}

/// 409 `last_owner`: removing the company's last owner, or changing its role.
pub fn last_owner() -> ApiError {
    ApiError::conflict(LAST_OWNER, "A company must keep at least one owner")
}

/// 429 `login_throttled`, with `Retry-After: wait_seconds`: a login attempt for an e-mail during
/// the wait that repeated failures imposed.
pub fn login_throttled(wait_seconds: u64) -> ApiError {
    ApiError {
        code: LOGIN_THROTTLED.into(),
        ..ApiError::too_many_requests(
            wait_seconds,
            "Too many failed logins for this account; wait and retry",
        )
    }
}

/// 409 `member_exists`: adding a user who is already a member of the company.
pub fn member_exists() -> ApiError {
    ApiError::conflict(
        MEMBER_EXISTS,
        "This user is already a member of the company",
    )
}

/// 403 `plan_change_forbidden`: anyone but a platform admin setting a company's plan (the plan
/// sets the rate limit and is a matter of billing).
pub fn plan_change_forbidden() -> ApiError {
    ApiError::forbidden(
        PLAN_CHANGE_FORBIDDEN,
        "Only a platform admin may set a company's plan",
    )
}

/// 401 `refresh_token_expired`: refreshing with a token past its expiry.
pub fn refresh_token_expired() -> ApiError {
    ApiError::unauthorized(REFRESH_TOKEN_EXPIRED, "The refresh token has expired")
}

/// 401 `refresh_token_invalid`: refreshing with a token that was never issued.
pub fn refresh_token_invalid() -> ApiError {
    ApiError::unauthorized(REFRESH_TOKEN_INVALID, "The refresh token is not valid")
}

/// 401 `refresh_token_reused`: refreshing with a token already used or revoked (its whole
/// family is revoked).
pub fn refresh_token_reused() -> ApiError {
    ApiError::unauthorized(
        REFRESH_TOKEN_REUSED,
        "The refresh token was already used; log in again",
    )
}
