//! Request and response shapes of vendor bills made from purchase orders, with their
//! three-way match.

use arkan_invoicing::documents::InvoiceView;
use arkan_platform::extract::DecimalText;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A draft vendor bill from a confirmed order. Without `lines`, every line's quantity still to
/// bill (received less returned, or ordered, by the company's `billControl`, less what posted
/// bills hold) at the order's price.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BillPurchaseOrder {
    pub invoice_date: String,
    /// The vendor's bill number.
    pub reference: String,
    /// Default the order's payment terms from the invoice date, else the vendor's.
    pub due_date: Option<String>,
    pub lines: Option<Vec<BillLineInput>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BillLineInput {
    /// A line of the order.
    pub line_id: Uuid,
    /// In the order line's unit.
    pub quantity: DecimalText,
    /// In the order's currency; default the order line's.
    pub unit_price: Option<DecimalText>,
}

/// The bill (as `GET /accounting/invoices/{id}` shows it) and its three-way match.
#[derive(Debug, Serialize, ToSchema)]
pub struct BilledView {
    #[serde(flatten)]
    pub bill: InvoiceView,
    #[serde(rename = "match")]
    pub matching: MatchView,
}

/// Each bill line against its order line: `matched` when every line's quantity and price are
/// within the company's bill control and price tolerance, else `mismatch` (posting then needs
/// `overrideMatch`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MatchView {
    /// `matched` or `mismatch`.
    pub state: String,
    pub lines: Vec<MatchLineView>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MatchLineView {
    pub purchase_order_line_id: Uuid,
    pub ordered: String,
    /// Received less returned.
    pub received: String,
    /// On the order line's posted bills and this one.
    pub billed: String,
    /// Net of the order line's discount.
    pub po_unit_price: String,
    /// Net of the bill line's discount.
    pub unit_price: String,
    pub quantity_ok: bool,
    pub price_ok: bool,
}
