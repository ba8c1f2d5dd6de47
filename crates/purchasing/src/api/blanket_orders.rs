//! Request and response shapes of blanket orders and their call-offs.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateBlanketOrder {
    /// The vendor.
    pub partner_id: Uuid,
    /// The first and last day call-offs may be made.
    pub date_from: String,
    pub date_to: String,
    /// Default the company's.
    pub currency: Option<String>,
    pub vendor_reference: Option<String>,
    pub notes: Option<String>,
    pub lines: Vec<BlanketLineInput>,
}

/// An agreed line: the product, the quantity agreed for the period (in `uom`, default the
/// product's purchase unit) and its price.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BlanketLineInput {
    pub product_id: Uuid,
    pub description: Option<String>,
    pub quantity: DecimalText,
    pub uom: Option<String>,
    pub unit_price: DecimalText,
    pub discount_percent: Option<DecimalText>,
    /// `[]` for none; default the product's purchase taxes.
    pub tax_ids: Option<Vec<Uuid>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateBlanketOrder {
    pub partner_id: Option<Uuid>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub vendor_reference: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    /// Replaces every line.
    pub lines: Option<Vec<BlanketLineInput>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CallOff {
    pub lines: Vec<CallOffLine>,
    pub expected_date: Option<String>,
    /// Where the goods are received (default the company's first warehouse).
    pub warehouse_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CallOffLine {
    /// A line of the blanket order.
    pub line_id: Uuid,
    /// In the line's unit; at most what remains of it.
    pub quantity: DecimalText,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BlanketOrderView {
    pub id: Uuid,
    /// Null while a draft: `BPO/2026/00001` once confirmed.
    pub number: Option<String>,
    /// `draft`, `active`, `expired` (active past `dateTo`), `closed` or `cancelled`.
    pub state: String,
    pub partner_id: Uuid,
    pub date_from: String,
    pub date_to: String,
    pub currency: String,
    pub vendor_reference: Option<String>,
    pub notes: Option<String>,
    pub lines: Vec<BlanketLineView>,
    pub amount_untaxed: String,
    pub amount_tax: String,
    pub amount_total: String,
    /// The purchase orders called off, oldest first.
    pub purchase_order_ids: Vec<Uuid>,
    pub confirmed_at: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BlanketLineView {
    pub id: Uuid,
    pub product_id: Uuid,
    pub description: String,
    pub quantity: String,
    pub uom: String,
    pub unit_price: String,
    pub discount_percent: String,
    pub tax_ids: Vec<Uuid>,
    pub subtotal: String,
    pub tax_amount: String,
    pub total: String,
    pub quantity_called_off: String,
    pub quantity_remaining: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BlanketOrderListQuery {
    /// `draft`, `active`, `expired`, `closed` or `cancelled`.
    pub state: Option<String>,
    pub partner_id: Option<String>,
    pub product_id: Option<String>,
    /// Orders whose period ends on or after this day.
    pub date_from: Option<String>,
    /// Orders whose period starts on or before this day.
    pub date_to: Option<String>,
    /// In the number or the vendor reference.
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
