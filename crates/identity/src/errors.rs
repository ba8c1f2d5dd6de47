//! Error codes of identity (users, companies, members, sign-in): the `code` of its error bodies, one constant each, so a
//! code is written once and the docs can list them all (`docs/api-conventions.md`).

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
