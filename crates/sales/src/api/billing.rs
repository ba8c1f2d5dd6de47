//! Request and response shapes of sales' billing.

use arkan_platform::extract::DecimalText;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// What to invoice of a confirmed order; the body is optional.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InvoiceSalesOrder {
    /// Default today.
    pub invoice_date: Option<String>,
    /// Default every line's quantity left to invoice by its invoice policy.
    pub lines: Option<Vec<InvoiceOrderLine>>,
    /// Deduct the posted down payments not yet deducted (default true), as far as the
    /// invoice's lines cover them.
    pub deduct_down_payments: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InvoiceOrderLine {
    /// A line of the order.
    pub line_id: Uuid,
    /// In the line's unit, at most what is left to invoice of it.
    pub quantity: DecimalText,
}

/// A down payment: `percent` of the order's untaxed amount, or an untaxed `amount` in the
/// order's currency (one of the two); the taxes default to those of the order's lines.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DownPaymentRequest {
    pub percent: Option<DecimalText>,
    pub amount: Option<DecimalText>,
    pub invoice_date: Option<String>,
    pub tax_ids: Option<Vec<Uuid>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BillingSummaryView {
    pub order_id: Uuid,
    pub number: Option<String>,
    pub currency: String,
    pub amount_total: String,
    /// Posted (and later cancelled) invoices, down payments included.
    pub amount_invoiced: String,
    /// Posted down-payment invoices not cancelled.
    pub amount_down_payments: String,
    /// Posted credit notes of the order's invoices.
    pub amount_credited: String,
    /// Settled by payments: invoiced less credited less due.
    pub amount_paid: String,
    /// Still to be paid on the posted invoices.
    pub amount_due: String,
    /// What invoicing every line's quantity left to invoice would come to, less the posted
    /// down payments not yet deducted.
    pub amount_to_invoice: String,
    pub lines: Vec<BillingLineView>,
    pub invoices: Vec<BillingInvoiceView>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BillingLineView {
    pub line_id: Uuid,
    pub product_id: Option<Uuid>,
    pub description: String,
    pub quantity_ordered: String,
    pub quantity_delivered: String,
    pub quantity_invoiced: String,
    pub quantity_to_invoice: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BillingInvoiceView {
    pub invoice_id: Uuid,
    pub number: Option<String>,
    /// `customer_invoice` or `customer_credit_note`.
    pub kind: String,
    pub state: String,
    pub amount_total: String,
    pub amount_due: String,
    pub payment_state: String,
    pub is_down_payment: bool,
}
