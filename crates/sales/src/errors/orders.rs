//! Error codes of sales orders and settings.

use arkan_platform::error::ApiError;

use crate::domain::orders::OrderState;

pub const SALES_ORDER_NOT_DRAFT: &str = "sales_order_not_draft";
pub const SALES_ORDER_NOT_CANCELLABLE: &str = "sales_order_not_cancellable";
pub const SALES_ORDER_NOT_CONFIRMED: &str = "sales_order_not_confirmed";

/// The codes of this area.
pub const CODES: &[&str] = &[
    SALES_ORDER_NOT_DRAFT,
    SALES_ORDER_NOT_CANCELLABLE,
    SALES_ORDER_NOT_CONFIRMED,
];

/// 409 `sales_order_not_draft`: editing, deleting or confirming an order that has left draft.
pub fn sales_order_not_draft(state: OrderState) -> ApiError {
    ApiError::conflict(
        SALES_ORDER_NOT_DRAFT,
        format!("The sales order is {state}, not a draft"),
    )
}

/// 409 `sales_order_not_cancellable`: cancelling an order that is already cancelled.
pub fn sales_order_not_cancellable(state: OrderState) -> ApiError {
    ApiError::conflict(
        SALES_ORDER_NOT_CANCELLABLE,
        format!("The sales order is {state} and cannot be cancelled"),
    )
}

/// 409 `sales_order_not_confirmed`: delivering or invoicing an order that is not confirmed.
pub fn sales_order_not_confirmed(state: OrderState) -> ApiError {
    ApiError::conflict(
        SALES_ORDER_NOT_CONFIRMED,
        format!("The sales order is {state}, not confirmed"),
    )
}
