//! Error codes of purchasing: one constant each, listed in `ALL` for the documentation check,
//! and one constructor per code holding its status and wording.

use arkan_platform::error::ApiError;

use crate::domain::OrderState;

pub const PURCHASE_ORDER_NOT_DRAFT: &str = "purchase_order_not_draft";

/// Every code of this module, for the documentation check.
pub const ALL: &[&str] = &[PURCHASE_ORDER_NOT_DRAFT];

/// 409 `purchase_order_not_draft`: editing or deleting a purchase order that has left draft.
pub fn purchase_order_not_draft(state: OrderState) -> ApiError {
    ApiError::conflict(
        PURCHASE_ORDER_NOT_DRAFT,
        format!("The purchase order is {state}, not a draft"),
    )
}
