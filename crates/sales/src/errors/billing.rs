//! Error codes of sales' billing.

use arkan_platform::error::ApiError;

pub const ORDER_HAS_INVOICES: &str = "order_has_invoices";
pub const NOTHING_TO_INVOICE: &str = "nothing_to_invoice";
pub const DOWN_PAYMENT_ACCOUNT_MISSING: &str = "down_payment_account_missing";

/// The codes of this area.
pub const CODES: &[&str] = &[
    ORDER_HAS_INVOICES,
    NOTHING_TO_INVOICE,
    DOWN_PAYMENT_ACCOUNT_MISSING,
];

/// 409 `order_has_invoices`: cancelling an order that has invoices not cancelled.
pub fn order_has_invoices(count: usize) -> ApiError {
    ApiError::conflict(
        ORDER_HAS_INVOICES,
        format!("The sales order has {count} invoice(s) not cancelled: cancel them first"),
    )
}

/// 409 `nothing_to_invoice`: every line is invoiced as far as its invoice policy allows.
pub fn nothing_to_invoice() -> ApiError {
    ApiError::conflict(
        NOTHING_TO_INVOICE,
        "Nothing of the sales order is left to invoice (ordered lines: ordered less invoiced; \
         delivered lines: delivered less returned less invoiced)",
    )
}

/// 409 `down_payment_account_missing`: the settings name no active down-payment account (nor
/// has the chart an active `401000`).
pub fn down_payment_account_missing() -> ApiError {
    ApiError::conflict(
        DOWN_PAYMENT_ACCOUNT_MISSING,
        "The sales settings name no active down-payment account (downPaymentAccountId)",
    )
}
