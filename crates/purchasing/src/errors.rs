//! Error codes of purchasing: one constant each, listed in `ALL` for the documentation check,
//! and one constructor per code holding its status and wording.

use arkan_platform::error::ApiError;

use crate::domain::OrderState;

pub const PURCHASE_ORDER_NOT_DRAFT: &str = "purchase_order_not_draft";
pub const NOTHING_TO_BILL: &str = "nothing_to_bill";
pub const THREE_WAY_MATCH_FAILED: &str = "three_way_match_failed";

/// Every code of this module, for the documentation check.
pub const ALL: &[&str] = &[
    PURCHASE_ORDER_NOT_DRAFT,
    NOTHING_TO_BILL,
    THREE_WAY_MATCH_FAILED,
];

/// 409 `purchase_order_not_draft`: editing or deleting a purchase order that has left draft.
pub fn purchase_order_not_draft(state: OrderState) -> ApiError {
    ApiError::conflict(
        PURCHASE_ORDER_NOT_DRAFT,
        format!("The purchase order is {state}, not a draft"),
    )
}

/// 409 `nothing_to_bill`: a bill from an order whose lines have nothing left to bill.
pub fn nothing_to_bill() -> ApiError {
    ApiError::conflict(
        NOTHING_TO_BILL,
        "Nothing on this purchase order is left to bill",
    )
}

/// 409 `three_way_match_failed`: posting a bill whose quantities or prices disagree with its
/// purchase order and receipts; `lines` names the lines that fail.
pub fn three_way_match_failed(lines: Vec<serde_json::Value>) -> ApiError {
    ApiError::conflict(
        THREE_WAY_MATCH_FAILED,
        "The bill does not match its purchase order and receipts; post it with overrideMatch to accept it",
    )
    .with_detail("lines", serde_json::Value::Array(lines))
}
