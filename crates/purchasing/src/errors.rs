//! Error codes of purchasing: one constant each, listed in `ALL` for the documentation check,
//! and one constructor per code holding its status and wording.

use arkan_platform::error::ApiError;
use axum::http::StatusCode;

use crate::domain::{AgreementState, BlanketState, OrderState, RfqState};

pub const PURCHASE_ORDER_NOT_DRAFT: &str = "purchase_order_not_draft";
pub const NOTHING_TO_BILL: &str = "nothing_to_bill";
pub const THREE_WAY_MATCH_FAILED: &str = "three_way_match_failed";
pub const PURCHASE_ORDER_NOT_CONFIRMABLE: &str = "purchase_order_not_confirmable";
pub const PURCHASE_ORDER_NOT_TO_APPROVE: &str = "purchase_order_not_to_approve";
pub const PURCHASE_ORDER_NOT_CONFIRMED: &str = "purchase_order_not_confirmed";
pub const PURCHASE_ORDER_NOT_CANCELLABLE: &str = "purchase_order_not_cancellable";
pub const APPROVAL_LIMIT_EXCEEDED: &str = "approval_limit_exceeded";
pub const OWN_ORDER_APPROVAL: &str = "own_order_approval";
pub const OVER_RECEIPT: &str = "over_receipt";
pub const RFQ_NOT_DRAFT: &str = "rfq_not_draft";
pub const RFQ_NOT_SENT: &str = "rfq_not_sent";
pub const RFQ_CLOSED: &str = "rfq_closed";
pub const RFQ_LINE_AWARDED: &str = "rfq_line_awarded";
pub const BLANKET_ORDER_NOT_DRAFT: &str = "blanket_order_not_draft";
pub const BLANKET_ORDER_NOT_ACTIVE: &str = "blanket_order_not_active";
pub const BLANKET_ORDER_CLOSED: &str = "blanket_order_closed";
pub const BLANKET_QUANTITY_EXCEEDED: &str = "blanket_quantity_exceeded";
pub const PURCHASE_AGREEMENT_NOT_DRAFT: &str = "purchase_agreement_not_draft";
pub const PURCHASE_AGREEMENT_CLOSED: &str = "purchase_agreement_closed";
pub const TENDER_NOT_OPEN: &str = "tender_not_open";
pub const TENDER_NOT_IN_EVALUATION: &str = "tender_not_in_evaluation";
pub const BIDS_SEALED: &str = "bids_sealed";

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
    OWN_ORDER_APPROVAL,
    OVER_RECEIPT,
    RFQ_NOT_DRAFT,
    RFQ_NOT_SENT,
    RFQ_CLOSED,
    RFQ_LINE_AWARDED,
    BLANKET_ORDER_NOT_DRAFT,
    BLANKET_ORDER_NOT_ACTIVE,
    BLANKET_ORDER_CLOSED,
    BLANKET_QUANTITY_EXCEEDED,
    PURCHASE_AGREEMENT_NOT_DRAFT,
    PURCHASE_AGREEMENT_CLOSED,
    TENDER_NOT_OPEN,
    TENDER_NOT_IN_EVALUATION,
    BIDS_SEALED,
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

/// 409 `purchase_order_not_confirmed`: receiving, returning or billing goods of an order that
/// is not confirmed.
pub fn purchase_order_not_confirmed(state: OrderState) -> ApiError {
    ApiError::conflict(
        PURCHASE_ORDER_NOT_CONFIRMED,
        format!(
            "The purchase order is {state}: only a confirmed order is received, returned or billed"
        ),
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

/// 403 `own_order_approval`: a member (not an owner or admin) approving an order they made.
pub fn own_order_approval() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        OWN_ORDER_APPROVAL,
        "Another member approves this order: its maker may not",
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

/// 409 `rfq_not_draft`: editing, deleting or sending an RFQ that was already sent, closed or
/// cancelled.
pub fn rfq_not_draft(state: RfqState) -> ApiError {
    ApiError::conflict(RFQ_NOT_DRAFT, format!("The RFQ is {state}, not a draft"))
}

/// 409 `rfq_not_sent`: a quote or an award on an RFQ still in draft (send it first).
pub fn rfq_not_sent() -> ApiError {
    ApiError::conflict(
        RFQ_NOT_SENT,
        "The RFQ is still a draft: send it to the vendors first",
    )
}

/// 409 `rfq_closed`: a quote, an award or a cancel on an RFQ that is closed (every line
/// awarded) or cancelled.
pub fn rfq_closed(state: RfqState) -> ApiError {
    ApiError::conflict(RFQ_CLOSED, format!("The RFQ is {state}"))
}

/// 409 `rfq_line_awarded`: awarding a line of an RFQ that already went to a purchase order
/// (still there and not cancelled).
pub fn rfq_line_awarded(what: &str) -> ApiError {
    ApiError::conflict(RFQ_LINE_AWARDED, format!("Already awarded: {what}"))
}

/// 409 `blanket_order_not_draft`: editing, deleting or confirming a blanket order that left
/// draft.
pub fn blanket_order_not_draft(state: BlanketState) -> ApiError {
    ApiError::conflict(
        BLANKET_ORDER_NOT_DRAFT,
        format!("The blanket order is {state}, not a draft"),
    )
}

/// 409 `blanket_order_not_active`: a call-off on a blanket order that is not active, or
/// before its `dateFrom` or after its `dateTo`.
pub fn blanket_order_not_active(reason: &str) -> ApiError {
    ApiError::conflict(
        BLANKET_ORDER_NOT_ACTIVE,
        format!("No call-off now: {reason}"),
    )
}

/// 409 `blanket_order_closed`: cancelling a blanket order that is closed or cancelled.
pub fn blanket_order_closed(state: BlanketState) -> ApiError {
    ApiError::conflict(
        BLANKET_ORDER_CLOSED,
        format!("The blanket order is {state}"),
    )
}

/// 409 `blanket_quantity_exceeded`: a call-off asking for more of a line than remains of it.
pub fn blanket_quantity_exceeded(line: &str, remaining: &str) -> ApiError {
    ApiError::conflict(
        BLANKET_QUANTITY_EXCEEDED,
        format!("Only {remaining} of {line} remain to call off"),
    )
}

/// 409 `purchase_agreement_not_draft`: editing, deleting or opening a tender that left
/// draft.
pub fn purchase_agreement_not_draft(state: AgreementState) -> ApiError {
    ApiError::conflict(
        PURCHASE_AGREEMENT_NOT_DRAFT,
        format!("The tender is {state}, not a draft"),
    )
}

/// 409 `purchase_agreement_closed`: cancelling a tender that is awarded or cancelled.
pub fn purchase_agreement_closed(state: AgreementState) -> ApiError {
    ApiError::conflict(PURCHASE_AGREEMENT_CLOSED, format!("The tender is {state}"))
}

/// 409 `tender_not_open`: a bid on a tender that is not open or whose deadline passed, or an
/// evaluation of a tender that is not open.
pub fn tender_not_open(reason: &str) -> ApiError {
    ApiError::conflict(
        TENDER_NOT_OPEN,
        format!("The tender takes no bids: {reason}"),
    )
}

/// 409 `tender_not_in_evaluation`: an award before the bids were evaluated (or after).
pub fn tender_not_in_evaluation(state: AgreementState) -> ApiError {
    ApiError::conflict(
        TENDER_NOT_IN_EVALUATION,
        format!("The tender is {state}: evaluate the bids before awarding"),
    )
}

/// 409 `bids_sealed`: comparing the bids of a tender still open (sealed until evaluation).
pub fn bids_sealed() -> ApiError {
    ApiError::conflict(
        BIDS_SEALED,
        "The bids are sealed while the tender is open: evaluate it first",
    )
}
