//! Request and response shapes of the turnover, ABC, aging, dead stock and forecast reports.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Inventory turnover over a period.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TurnoverQuery {
    /// The first day (default the 1st of January of `date_to`'s year).
    pub date_from: Option<String>,
    /// The last day (default today).
    pub date_to: Option<String>,
    /// `product` (default) or `category`.
    pub group_by: Option<String>,
    /// The stock of one warehouse: its quantities at the product's unit cost.
    pub warehouse_id: Option<String>,
    /// The category and the categories under it.
    pub category_id: Option<String>,
    pub product_id: Option<String>,
    /// `json` (default), `csv` or `xlsx`.
    pub format: Option<String>,
}

/// How many times the stock was sold through in the period.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TurnoverReport {
    pub date_from: String,
    pub date_to: String,
    pub currency: String,
    /// `product` or `category`.
    pub group_by: String,
    pub data: Vec<TurnoverRow>,
    pub totals: TurnoverFigures,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TurnoverRow {
    /// By product.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_id: Option<Uuid>,
    /// By category: null for the products without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Uuid>)]
    pub category_id: Option<Option<Uuid>>,
    /// The product's name, or the category's full name (`Uncategorized`).
    pub name: String,
    #[serde(flatten)]
    pub figures: TurnoverFigures,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TurnoverFigures {
    /// What the stock sent to customers in the period cost (its out layers).
    pub cogs: String,
    /// The value on hand at the end of the day before `dateFrom`.
    pub opening_value: String,
    /// The value on hand at the end of `dateTo`.
    pub closing_value: String,
    /// `(openingValue + closingValue) / 2`, rounded half away from zero to the minor unit.
    pub average_value: String,
    /// `cogs / averageValue`, rounded half away from zero to 2 decimals and trimmed; null when
    /// the average value is 0.
    pub turnover: Option<String>,
    /// The days of the period / turnover (from the unrounded turnover), rounded half away from
    /// zero to 2 decimals and trimmed; null when the turnover is 0 or null.
    pub days_of_inventory: Option<String>,
}

/// ABC classification by consumption value.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AbcQuery {
    /// The first day (default the 1st of January of `date_to`'s year).
    pub date_from: Option<String>,
    /// The last day (default today).
    pub date_to: Option<String>,
    /// The cumulative share (percent, up to 2 decimals) class A reaches (default 80).
    pub a: Option<String>,
    /// The cumulative share class B reaches (default 95); `0 < a < b <= 100`.
    pub b: Option<String>,
    /// The consumption out of one warehouse.
    pub warehouse_id: Option<String>,
    pub category_id: Option<String>,
    pub product_id: Option<String>,
    /// `json` (default), `csv` or `xlsx`.
    pub format: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AbcReport {
    pub date_from: String,
    pub date_to: String,
    pub currency: String,
    pub thresholds: AbcThresholds,
    pub data: Vec<AbcRow>,
    pub summary: Vec<AbcClassSummary>,
    pub totals: AbcTotals,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AbcThresholds {
    pub a: String,
    pub b: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AbcRow {
    pub product_id: Uuid,
    pub sku: Option<String>,
    pub name: String,
    /// The quantity sent to customers in the period, in the product's unit.
    pub quantity: String,
    /// What it cost (its out layers): the consumption value.
    pub value: String,
    /// Percent of the total consumption value; null when it is 0.
    pub share: Option<String>,
    /// The shares of this product and those before it.
    pub cumulative_share: Option<String>,
    /// `A`, `B` or `C`.
    pub class: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AbcClassSummary {
    pub class: String,
    pub product_count: i64,
    pub value: String,
    pub share: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AbcTotals {
    pub product_count: i64,
    pub value: String,
}

/// The stock on hand by age (aging) as of a date.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgingQuery {
    /// The end of this day (default today).
    pub as_of: Option<String>,
    pub warehouse_id: Option<String>,
    pub category_id: Option<String>,
    pub product_id: Option<String>,
    /// `json` (default), `csv` or `xlsx`.
    pub format: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgingReport {
    pub as_of: String,
    pub currency: String,
    pub data: Vec<AgingRow>,
    pub totals: AgingTotals,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgingRow {
    pub product_id: Uuid,
    pub sku: Option<String>,
    pub name: String,
    pub uom: String,
    pub quantity: String,
    pub value: String,
    /// The quantity (in the product's unit) received 0 to 30 days before `asOf`.
    #[serde(rename = "days0To30")]
    pub days_0_to_30: String,
    #[serde(rename = "days31To60")]
    pub days_31_to_60: String,
    #[serde(rename = "days61To90")]
    pub days_61_to_90: String,
    #[serde(rename = "days91To180")]
    pub days_91_to_180: String,
    /// Received more than 180 days before (and any quantity no receipt explains).
    #[serde(rename = "days180Plus")]
    pub days_180_plus: String,
    /// The oldest receipt that still holds part of the quantity on hand.
    pub oldest_receipt_date: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgingTotals {
    pub value: String,
}

/// The stock nothing went out of lately.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadStockQuery {
    /// The end of this day (default today).
    pub as_of: Option<String>,
    /// No outgoing move in this many days up to `as_of` (1-3650, default 90).
    pub days: Option<String>,
    pub warehouse_id: Option<String>,
    pub category_id: Option<String>,
    pub product_id: Option<String>,
    /// `json` (default), `csv` or `xlsx`.
    pub format: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeadStockReport {
    pub as_of: String,
    pub days: i64,
    pub currency: String,
    pub data: Vec<DeadStockRow>,
    pub totals: DeadStockTotals,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeadStockRow {
    pub product_id: Uuid,
    pub sku: Option<String>,
    pub name: String,
    pub uom: String,
    pub quantity: String,
    pub value: String,
    /// The last day stock went out (null when never).
    pub last_outgoing_date: Option<String>,
    pub days_since_last_outgoing: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeadStockTotals {
    pub product_count: i64,
    pub value: String,
}

/// Demand forecast from what went out to customers month by month.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForecastQuery {
    /// Full months of history before the current month (1-60, default 12).
    pub history_months: Option<String>,
    /// Months forecast from the current month on (1-24, default 3).
    pub horizon_months: Option<String>,
    /// `moving_average` (default) or `exponential_smoothing` (Holt's linear trend).
    pub method: Option<String>,
    /// Moving average: the last months averaged (1 to `history_months`, default 3).
    pub window: Option<String>,
    /// Exponential smoothing: the level's weight, in (0, 1] (default 0.3).
    pub alpha: Option<String>,
    /// Exponential smoothing: the trend's weight, in (0, 1] (default 0.1).
    pub beta: Option<String>,
    pub warehouse_id: Option<String>,
    pub category_id: Option<String>,
    pub product_id: Option<String>,
    /// `json` (default), `csv` or `xlsx`.
    pub format: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ForecastReport {
    /// The first day of the first month of history.
    pub date_from: String,
    /// The last day of the last month forecast.
    pub date_to: String,
    pub currency: String,
    pub method: String,
    pub data: Vec<ForecastRow>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ForecastRow {
    pub product_id: Uuid,
    pub sku: Option<String>,
    pub name: String,
    pub uom: String,
    pub history: Vec<MonthQuantity>,
    pub forecast: Vec<MonthQuantity>,
    /// On hand less reserved now.
    pub available: String,
    /// What open moves bring in.
    pub incoming: String,
    /// `max(0, sum of forecast - available - incoming)`.
    pub suggested_order_quantity: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MonthQuantity {
    /// `2026-03`.
    pub month: String,
    /// In the product's unit.
    pub quantity: String,
}
