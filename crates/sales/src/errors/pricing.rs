//! Error codes of sales' pricing, discounts, warnings and the confirmation checks.

use arkan_platform::error::ApiError;

use crate::domain::discounts::PromoReason;

pub const PRICE_LIST_IN_USE: &str = "price_list_in_use";
pub const PROMO_CODE_TAKEN: &str = "promo_code_taken";
pub const SALES_WARNING_BLOCK: &str = "sales_warning_block";
pub const CREDIT_LIMIT_EXCEEDED: &str = "credit_limit_exceeded";
pub const PROMO_CODE_UNKNOWN: &str = "promo_code_unknown";
pub const PROMO_CODE_INACTIVE: &str = "promo_code_inactive";
pub const PROMO_CODE_NOT_STARTED: &str = "promo_code_not_started";
pub const PROMO_CODE_EXPIRED: &str = "promo_code_expired";
pub const PROMO_CODE_USAGE_LIMIT_REACHED: &str = "promo_code_usage_limit_reached";
pub const PROMO_CODE_PARTNER_LIMIT_REACHED: &str = "promo_code_partner_limit_reached";
pub const PROMO_CODE_MIN_AMOUNT_NOT_MET: &str = "promo_code_min_amount_not_met";
pub const PROMO_CODE_NOT_ELIGIBLE: &str = "promo_code_not_eligible";

/// The codes of this area.
pub const CODES: &[&str] = &[
    PRICE_LIST_IN_USE,
    PROMO_CODE_TAKEN,
    SALES_WARNING_BLOCK,
    CREDIT_LIMIT_EXCEEDED,
    PROMO_CODE_UNKNOWN,
    PROMO_CODE_INACTIVE,
    PROMO_CODE_NOT_STARTED,
    PROMO_CODE_EXPIRED,
    PROMO_CODE_USAGE_LIMIT_REACHED,
    PROMO_CODE_PARTNER_LIMIT_REACHED,
    PROMO_CODE_MIN_AMOUNT_NOT_MET,
    PROMO_CODE_NOT_ELIGIBLE,
];

/// 409 `price_list_in_use`: deleting a price list a sales order names.
pub fn price_list_in_use() -> ApiError {
    ApiError::conflict(
        PRICE_LIST_IN_USE,
        "The price list is named by a sales order and cannot be deleted",
    )
}

/// 409 `promo_code_taken`: another discount of the company has this promo code.
pub fn promo_code_taken() -> ApiError {
    ApiError::conflict(
        PROMO_CODE_TAKEN,
        "Another discount of the company has this promo code",
    )
}

/// 409 `sales_warning_block`: a blocking warning on the client or a product of the order.
pub fn sales_warning_block(message: &str) -> ApiError {
    ApiError::conflict(
        SALES_WARNING_BLOCK,
        format!("A blocking warning stops the order: {message}"),
    )
}

/// 409 `credit_limit_exceeded`: the client's open receivables plus the order pass its credit
/// limit under the `block` policy (an owner or admin may confirm with `overrideCreditLimit`).
pub fn credit_limit_exceeded(message: &str) -> ApiError {
    ApiError::conflict(CREDIT_LIMIT_EXCEEDED, message.to_owned())
}

/// 409 `promo_code_<reason>`: the order's promo code may not be used.
pub fn promo_code_refused(reason: PromoReason) -> ApiError {
    let (code, message) = match reason {
        PromoReason::Unknown => (PROMO_CODE_UNKNOWN, "No discount has this promo code"),
        PromoReason::Inactive => (PROMO_CODE_INACTIVE, "The promo code is not active"),
        PromoReason::NotStarted => (PROMO_CODE_NOT_STARTED, "The promo code is not valid yet"),
        PromoReason::Expired => (PROMO_CODE_EXPIRED, "The promo code has expired"),
        PromoReason::UsageLimitReached => (
            PROMO_CODE_USAGE_LIMIT_REACHED,
            "The promo code has been used as many times as it may be",
        ),
        PromoReason::PartnerLimitReached => (
            PROMO_CODE_PARTNER_LIMIT_REACHED,
            "The client has used the promo code as many times as it may",
        ),
        PromoReason::MinAmountNotMet => (
            PROMO_CODE_MIN_AMOUNT_NOT_MET,
            "The order does not reach the promo code's minimum amount",
        ),
        PromoReason::NotEligible => (
            PROMO_CODE_NOT_ELIGIBLE,
            "The promo code is not for this client",
        ),
    };
    ApiError::conflict(code, message)
}
