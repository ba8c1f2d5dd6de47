//! Request and response shapes of the valuation and standard cost variance reports.

use arkan_kernel::money::Written;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ValuationQuery {
    /// The end of this day (default today).
    pub as_of: Option<String>,
    /// The stock of one warehouse: its quantities at the product's unit cost.
    pub warehouse_id: Option<String>,
    /// The category and the categories under it.
    pub category_id: Option<String>,
    pub product_id: Option<String>,
    /// `json` (default), `csv` or `xlsx`.
    pub format: Option<String>,
}

/// The stock on hand and what it is worth, as of a date.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValuationReport {
    pub as_of: String,
    pub currency: String,
    pub data: Vec<ValuationRow>,
    pub totals: ValueTotal,
    /// The balance of the stock valuation accounts on that date; null when filtered.
    pub account_balance: Option<String>,
    /// `totals.value - accountBalance`; null when filtered.
    pub difference: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValuationRow {
    pub product_id: Uuid,
    pub sku: Option<String>,
    pub name: String,
    pub category_id: Option<Uuid>,
    pub costing_method: &'static str,
    pub uom: String,
    #[schema(value_type = String)]
    pub quantity: Written,
    #[schema(value_type = String)]
    pub unit_cost: Written,
    #[schema(value_type = String)]
    pub value: Written,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ValueTotal {
    pub value: String,
}

/// The valuation summed by category.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryValuationReport {
    pub as_of: String,
    pub currency: String,
    pub data: Vec<CategoryValuationRow>,
    pub totals: ValueTotal,
    pub account_balance: Option<String>,
    pub difference: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryValuationRow {
    /// Null for the products without a category.
    pub category_id: Option<Uuid>,
    /// The category's full name (`All / Saleable`).
    pub name: String,
    pub product_count: i64,
    pub value: String,
    /// Percent of the total value; null when the total is 0.
    pub share: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VarianceQuery {
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub product_id: Option<String>,
    pub category_id: Option<String>,
    /// `json` (default), `csv` or `xlsx`.
    pub format: Option<String>,
}

/// What receipts of standard-cost products were paid against their standard.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VarianceReport {
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub currency: String,
    pub data: Vec<VarianceRow>,
    pub totals: VarianceTotals,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VarianceRow {
    pub product_id: Uuid,
    pub sku: Option<String>,
    pub name: String,
    pub quantity: String,
    /// The standard cost the receipts were valued at (their average, when it changed).
    pub standard_cost: String,
    pub actual_unit_cost: String,
    pub standard_value: String,
    pub actual_value: String,
    /// `actualValue - standardValue`: positive when paid more than the standard.
    pub variance: String,
    pub variance_percent: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VarianceTotals {
    pub standard_value: String,
    pub actual_value: String,
    pub variance: String,
}
