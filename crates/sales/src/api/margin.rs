//! Shapes of the invoice margin (`/accounting/invoice-margin`), in the company currency.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceMarginView {
    pub invoice_id: Uuid,
    pub number: Option<String>,
    pub partner_id: Uuid,
    pub invoice_date: String,
    /// The company currency.
    pub currency: String,
    pub revenue: String,
    pub cost: String,
    pub margin: String,
    /// Margin over revenue, percent with 2 decimals (`"0.00"` without revenue).
    pub margin_percent: String,
    pub lines: Vec<MarginLineView>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MarginLineView {
    pub invoice_line_id: Uuid,
    pub product_id: Option<Uuid>,
    pub description: String,
    pub quantity: String,
    /// The line before tax, at the invoice's rate.
    pub revenue: String,
    pub unit_cost: String,
    pub cost: String,
    pub margin: String,
    pub margin_percent: String,
    /// `delivery` (the delivered goods' cost of goods sold), `product_cost` (the product's
    /// cost times the quantity) or `none`.
    pub cost_source: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MarginReportQuery {
    /// Default the first day of the year of `date_to`.
    pub date_from: Option<String>,
    /// Default today.
    pub date_to: Option<String>,
    /// `invoice` (default), `product`, `partner` or `salesperson`.
    pub group_by: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MarginReportView {
    pub date_from: String,
    pub date_to: String,
    pub currency: String,
    pub group_by: String,
    /// By revenue, largest first.
    pub data: Vec<MarginGroupView>,
    pub totals: MarginTotalsView,
}

/// One group: its key under the `groupBy`'s name (null for lines without one, such as lines
/// without product), its name, and its sums.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MarginGroupView {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Uuid>)]
    pub invoice_id: Option<Option<Uuid>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Uuid>)]
    pub product_id: Option<Option<Uuid>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Uuid>)]
    pub partner_id: Option<Option<Uuid>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Uuid>)]
    pub salesperson_id: Option<Option<Uuid>>,
    pub name: String,
    pub revenue: String,
    pub cost: String,
    pub margin: String,
    pub margin_percent: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MarginTotalsView {
    pub revenue: String,
    pub cost: String,
    pub margin: String,
    pub margin_percent: String,
}
