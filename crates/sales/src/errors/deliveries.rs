//! Error codes of sales' deliveries and returns.

use arkan_platform::error::ApiError;

use crate::domain::deliveries::DeliveryStatus;

pub const NOTHING_TO_DELIVER: &str = "nothing_to_deliver";
pub const DELIVERY_NOT_OPEN: &str = "delivery_not_open";
pub const DELIVERY_NOT_DONE: &str = "delivery_not_done";
pub const DELIVERY_NOT_VALUED: &str = "delivery_not_valued";
pub const ORDER_HAS_DELIVERIES: &str = "order_has_deliveries";
pub const RETURN_NOT_OPEN: &str = "return_not_open";
pub const RETURN_NOT_RECEIVED: &str = "return_not_received";
pub const NOTHING_TO_REFUND: &str = "nothing_to_refund";

/// The codes of this area.
pub const CODES: &[&str] = &[
    NOTHING_TO_DELIVER,
    DELIVERY_NOT_OPEN,
    DELIVERY_NOT_DONE,
    DELIVERY_NOT_VALUED,
    ORDER_HAS_DELIVERIES,
    RETURN_NOT_OPEN,
    RETURN_NOT_RECEIVED,
    NOTHING_TO_REFUND,
];

/// 409 `nothing_to_deliver`: every goods line of the order is covered by a delivery.
pub fn nothing_to_deliver() -> ApiError {
    ApiError::conflict(
        NOTHING_TO_DELIVER,
        "Deliveries already cover every goods line of the order",
    )
}

/// 409 `delivery_not_open`: confirming, delivering or cancelling a done or cancelled delivery
/// (confirming one already confirmed).
pub fn delivery_not_open(state: DeliveryStatus) -> ApiError {
    ApiError::conflict(
        DELIVERY_NOT_OPEN,
        format!("The delivery is {state}: it cannot take this step"),
    )
}

/// 409 `delivery_not_done`: the COGS entry or a return of a delivery not done yet.
pub fn delivery_not_done(state: DeliveryStatus) -> ApiError {
    ApiError::conflict(
        DELIVERY_NOT_DONE,
        format!("The delivery is {state}, not done"),
    )
}

/// 409 `delivery_not_valued`: the delivery's goods are not valued (no stock journal, or no
/// storable product), so no cost of goods sold was posted.
pub fn delivery_not_valued() -> ApiError {
    ApiError::conflict(
        DELIVERY_NOT_VALUED,
        "The delivery's goods are not valued: no cost of goods sold was posted",
    )
}

/// 409 `order_has_deliveries`: cancelling an order some of whose goods left.
pub fn order_has_deliveries() -> ApiError {
    ApiError::conflict(
        ORDER_HAS_DELIVERIES,
        "Goods of the order were delivered: return them instead of cancelling",
    )
}

/// 409 `return_not_open`: receiving a return already received.
pub fn return_not_open(state: &str) -> ApiError {
    ApiError::conflict(RETURN_NOT_OPEN, format!("The return is {state}, not open"))
}

/// 409 `return_not_received`: refunding a return not received, or already refunded.
pub fn return_not_received(state: &str) -> ApiError {
    ApiError::conflict(
        RETURN_NOT_RECEIVED,
        format!("The return is {state}: only a received return is refunded"),
    )
}

/// 409 `nothing_to_refund`: the order has no posted invoice to credit (name one with
/// `invoiceId`), or nothing of the return was invoiced.
pub fn nothing_to_refund(message: &str) -> ApiError {
    ApiError::conflict(NOTHING_TO_REFUND, message.to_owned())
}
