//! Request and response shapes of purchase orders.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePurchaseOrder {
    /// The vendor.
    pub partner_id: Uuid,
    /// Default today.
    pub order_date: Option<String>,
    pub expected_date: Option<String>,
    /// Default the company's.
    pub currency: Option<String>,
    pub vendor_reference: Option<String>,
    /// Where the goods are received (default the company's first warehouse).
    pub warehouse_id: Option<Uuid>,
    pub payment_terms_days: Option<i32>,
    pub incoterm: Option<String>,
    pub incoterm_place: Option<String>,
    pub notes: Option<String>,
    pub lines: Vec<PurchaseLineInput>,
}

/// A line: defaults from the product (its name, purchase unit, the vendor's price else its
/// cost, its purchase taxes).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PurchaseLineInput {
    pub product_id: Option<Uuid>,
    pub description: Option<String>,
    /// In the line's unit, with at most its decimals.
    pub quantity: DecimalText,
    /// A unit code of the company (default the product's purchase unit, else `unit`).
    pub uom: Option<String>,
    pub unit_price: Option<DecimalText>,
    pub discount_percent: Option<DecimalText>,
    /// `[]` for none; default the product's purchase taxes.
    pub tax_ids: Option<Vec<Uuid>>,
    pub expected_date: Option<String>,
}

/// A draft's edit: the fields given replace the draft's (`null` clears an optional one);
/// `lines` replaces every line. The amounts are computed again.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdatePurchaseOrder {
    pub partner_id: Option<Uuid>,
    pub order_date: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub expected_date: Option<Option<String>>,
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub vendor_reference: Option<Option<String>>,
    pub warehouse_id: Option<Uuid>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub payment_terms_days: Option<Option<i32>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub incoterm: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub incoterm_place: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    pub lines: Option<Vec<PurchaseLineInput>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseOrderView {
    pub id: Uuid,
    /// Null while a draft: `PO/2026/00001` once it leaves draft.
    pub number: Option<String>,
    /// `draft`, `to_approve`, `approved`, `confirmed` or `cancelled`.
    pub state: String,
    pub partner_id: Uuid,
    pub order_date: String,
    pub expected_date: Option<String>,
    pub currency: String,
    pub vendor_reference: Option<String>,
    pub warehouse_id: Uuid,
    pub payment_terms_days: Option<i32>,
    pub incoterm: Option<String>,
    pub incoterm_place: Option<String>,
    pub notes: Option<String>,
    pub lines: Vec<PurchaseLineView>,
    pub amount_untaxed: String,
    pub amount_tax: String,
    pub amount_total: String,
    pub approved_by: Option<Uuid>,
    pub approved_at: Option<String>,
    /// `nothing`, `partial` or `received`.
    pub receipt_state: String,
    /// `nothing`, `to_bill` or `billed`.
    pub billing_state: String,
    /// The receipts (and returns) made from the order.
    pub receipt_ids: Vec<Uuid>,
    pub invoice_ids: Vec<Uuid>,
    pub rfq_id: Option<Uuid>,
    pub blanket_order_id: Option<Uuid>,
    pub agreement_id: Option<Uuid>,
    pub acknowledged_at: Option<String>,
    pub vendor_expected_date: Option<String>,
    pub shipping: Option<String>,
    pub created_by: Uuid,
    pub confirmed_at: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseLineView {
    pub id: Uuid,
    pub product_id: Option<Uuid>,
    pub description: String,
    pub quantity: String,
    pub uom: String,
    pub unit_price: String,
    pub discount_percent: String,
    pub tax_ids: Vec<Uuid>,
    pub expected_date: Option<String>,
    pub subtotal: String,
    pub tax_amount: String,
    pub total: String,
    pub quantity_received: String,
    pub quantity_billed: String,
    pub quantity_returned: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PurchaseOrderListQuery {
    /// `draft`, `to_approve`, `approved`, `confirmed` or `cancelled`.
    pub state: Option<String>,
    pub partner_id: Option<String>,
    pub warehouse_id: Option<String>,
    pub product_id: Option<String>,
    pub rfq_id: Option<String>,
    pub blanket_order_id: Option<String>,
    pub agreement_id: Option<String>,
    /// `nothing`, `partial` or `received`.
    pub receipt_state: Option<String>,
    /// `nothing`, `to_bill` or `billed`.
    pub billing_state: Option<String>,
    /// On the order date.
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// In the number or the vendor reference.
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfirmPurchaseOrder {}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApprovePurchaseOrder {
    pub note: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelPurchaseOrder {
    pub reason: Option<String>,
}

/// A lot or serial number received or returned, and how much of it (in the line's unit).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LotInput {
    pub lot_number: String,
    pub quantity: DecimalText,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReceivePurchaseOrder {
    /// Default today.
    pub date: Option<String>,
    /// Default: everything still open on every goods line.
    pub lines: Option<Vec<ReceiveLineInput>>,
    /// Default true: what is not received now stays expected; false: nothing more is.
    pub backorder: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReceiveLineInput {
    pub line_id: Uuid,
    /// In the line's (purchase) unit.
    pub quantity: DecimalText,
    /// An internal location of the order's warehouse (default: the route, then putaway).
    pub location_id: Option<Uuid>,
    pub lots: Option<Vec<LotInput>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReturnPurchaseOrder {
    pub date: Option<String>,
    pub reason: Option<String>,
    pub lines: Vec<ReturnLineInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReturnLineInput {
    pub line_id: Uuid,
    /// In the line's unit; at most what was received and not yet returned.
    pub quantity: DecimalText,
    /// Where the goods leave from (default the warehouse's stock location).
    pub location_id: Option<Uuid>,
    pub lots: Option<Vec<LotInput>>,
}
