//! Error codes of purchasing: one constant each, listed in `ALL` for the documentation check,
//! and one constructor per code holding its status and wording.

use arkan_platform::error::ApiError;
use axum::http::StatusCode;

use crate::domain::OrderState;

pub const PURCHASE_ORDER_NOT_DRAFT: &str = "purchase_order_not_draft";
pub const NOTHING_TO_BILL: &str = "nothing_to_bill";
pub const THREE_WAY_MATCH_FAILED: &str = "three_way_match_failed";
pub const PURCHASE_ORDER_NOT_CONFIRMABLE: &str = "purchase_order_not_confirmable";
pub const PURCHASE_ORDER_NOT_TO_APPROVE: &str = "purchase_order_not_to_approve";
pub const PURCHASE_ORDER_NOT_CONFIRMED: &str = "purchase_order_not_confirmed";
pub const PURCHASE_ORDER_NOT_CANCELLABLE: &str = "purchase_order_not_cancellable";
pub const APPROVAL_LIMIT_EXCEEDED: &str = "approval_limit_exceeded";
pub const OVER_RECEIPT: &str = "over_receipt";

/// Every code of this module, for the documentation check.
pub const ALL: &[&str] = &[
    PURCHASE_ORDER_NOT_DRAFT,
    NOTHING_TO_BILL,
    THREE_WAY_MATCH_FAILED,
    PURCHASE_ORDER_NOT_CONFIRMABLE,
    PURCHASE_ORDER_NOT_TO_APPROVE,
    PURCHASE_ORDER_NOT_CONFIRMED,
    PURCHASE_ORDER_NOT_CANCELLABLE,
    APPROVAL_LIMIT_EXCEEDED,
    OVER_RECEIPT,
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
/// 409 `purchase_order_not_confirmable`: confirming an order that is neither a draft nor
/// approved.
pub fn purchase_order_not_confirmable(state: OrderState) -> ApiError {
    ApiError::conflict(
        PURCHASE_ORDER_NOT_CONFIRMABLE,
        format!("The purchase order is {state}: only a draft or an approved order is confirmed"),
    )
}

/// 409 `purchase_order_not_to_approve`: approving an order that waits for no approval.
pub fn purchase_order_not_to_approve(state: OrderState) -> ApiError {
    ApiError::conflict(
        PURCHASE_ORDER_NOT_TO_APPROVE,
        format!("The purchase order is {state}, not waiting for approval"),
    )
}

/// 409 `purchase_order_not_confirmed`: receiving or returning goods of an order that is not
/// confirmed.
pub fn purchase_order_not_confirmed(state: OrderState) -> ApiError {
    ApiError::conflict(
        PURCHASE_ORDER_NOT_CONFIRMED,
        format!("The purchase order is {state}: goods are received only on a confirmed order"),
    )
}

/// 409 `purchase_order_not_cancellable`: cancelling an order that is cancelled already, or
/// of which goods were received or a bill made.
pub fn purchase_order_not_cancellable(why: &str) -> ApiError {
    ApiError::conflict(
        PURCHASE_ORDER_NOT_CANCELLABLE,
        format!("The purchase order cannot be cancelled: {why}"),
    )
}

/// 403 `approval_limit_exceeded`: approving an order above the caller's own approval limit
/// (or without one) when not an owner or admin.
pub fn approval_limit_exceeded() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        APPROVAL_LIMIT_EXCEEDED,
        "The order's total is above your approval limit: an owner, an admin or a member with a \
         higher limit approves it",
    )
}

/// 400 `over_receipt`: a receipt that takes a line past its ordered quantity plus the
/// over-receipt tolerance (`field` names the line's quantity).
pub fn over_receipt(field: &str, limit: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        OVER_RECEIPT,
        format!("{field}: more than the ordered quantity plus the tolerance ({limit} in all)"),
    )
    .with_detail("field", serde_json::Value::String(field.to_owned()))
}
