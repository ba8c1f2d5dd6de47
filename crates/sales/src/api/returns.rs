//! Request and response shapes of sales' returns.

use arkan_platform::extract::DecimalText;
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::deliveries::DeliveredLot;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReturnLineInput {
    /// A line of the delivery.
    pub delivery_line_id: Uuid,
    #[schema(value_type = String)]
    pub quantity: DecimalText,
}

/// A return of goods of a done delivery (numbered `RMA/2026/00001`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateReturn {
    pub delivery_id: Uuid,
    pub reason: Option<String>,
    /// Default today.
    pub date: Option<String>,
    pub lines: Vec<ReturnLineInput>,
}

/// What came back of a return line, and where it goes.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReceiveLine {
    pub line_id: Uuid,
    #[schema(value_type = String)]
    pub quantity: DecimalText,
    /// `restock` (default: back into stock at the cost it went out at) or `scrap`.
    pub disposition: Option<String>,
    /// Where restocked goods go: an internal location of the warehouse (default its stock).
    pub location_id: Option<Uuid>,
    pub lots: Option<Vec<DeliveredLot>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReceiveReturn {
    /// Default today.
    pub date: Option<String>,
    /// Default every line in full, restocked.
    pub lines: Option<Vec<ReceiveLine>>,
}

/// The payment that pays a refund out.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefundPayment {
    /// A bank or cash journal.
    pub journal_id: Uuid,
    /// `bank_transfer`, `cash`, `cheque` or `card`.
    pub method: String,
    /// Default the credit note's date.
    pub date: Option<String>,
}

/// Refunding a received return: a posted credit note of what came back at its invoiced prices
/// and, when `payment` is given, the payment of what the credit note leaves due.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefundReturn {
    /// The posted invoice of the order to credit; default the latest one invoicing the
    /// returned lines.
    pub invoice_id: Option<Uuid>,
    /// The credit note's date; default today (the invoice's date when that is later).
    pub date: Option<String>,
    pub payment: Option<RefundPayment>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReturnLineView {
    pub id: Uuid,
    pub delivery_line_id: Uuid,
    pub order_line_id: Uuid,
    pub product_id: Uuid,
    pub uom: String,
    pub quantity: String,
    pub quantity_received: String,
    /// What came back into stock, in the company currency.
    pub value: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReturnView {
    pub id: Uuid,
    pub number: String,
    pub delivery_id: Uuid,
    pub order_id: Uuid,
    pub partner_id: Uuid,
    /// `open`, `received` or `refunded`.
    pub state: String,
    pub reason: Option<String>,
    pub date: String,
    pub transfer_id: Option<Uuid>,
    pub credit_note_id: Option<Uuid>,
    pub payment_id: Option<Uuid>,
    pub lines: Vec<ReturnLineView>,
    pub received_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReturnListQuery {
    /// `open`, `received` or `refunded`.
    pub state: Option<String>,
    pub delivery_id: Option<String>,
    pub order_id: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
