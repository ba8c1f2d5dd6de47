//! Request and response shapes of units of measure, product categories and products. Prices and
//! costs are decimal strings in the company currency; quantities carry their unit's decimals.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateUom {
    /// 1 to 16 lowercase letters, digits or `_`; unique in the company.
    pub code: String,
    pub name: String,
    /// What it measures (`unit`, `weight`, `volume`, `length`, `area`, `time`, or a new one).
    pub category: String,
    /// Reference units of its category in one of it (`"12"` for a dozen), up to 6 decimals.
    pub ratio: DecimalText,
    /// Decimals its quantities carry, 0 to 4.
    pub decimals: i64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UomView {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub category: String,
    pub ratio: String,
    pub decimals: u8,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCategory {
    pub name: String,
    pub parent_id: Option<Uuid>,
    /// `standard` (default), `average` or `fifo`.
    pub costing_method: Option<String>,
    pub income_account_id: Option<Uuid>,
    /// Cost of goods sold.
    pub expense_account_id: Option<Uuid>,
    pub stock_valuation_account_id: Option<Uuid>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCategory {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub parent_id: Option<Option<Uuid>>,
    pub costing_method: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub income_account_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub expense_account_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub stock_valuation_account_id: Option<Option<Uuid>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryView {
    pub id: Uuid,
    pub name: String,
    /// The names from the root down, joined by ` / ` (`All / Saleable`).
    pub full_name: String,
    pub parent_id: Option<Uuid>,
    pub costing_method: String,
    pub income_account_id: Option<Uuid>,
    pub expense_account_id: Option<Uuid>,
    pub stock_valuation_account_id: Option<Uuid>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CategoryListQuery {
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

/// A vendor of the product.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VendorInput {
    pub partner_id: Uuid,
    pub vendor_sku: Option<String>,
    /// The vendor's price per purchase unit, in `currency`.
    pub price: Option<DecimalText>,
    /// Default the company's.
    pub currency: Option<String>,
    /// In the purchase unit; default 0.
    pub min_quantity: Option<DecimalText>,
    /// Default 0.
    pub lead_time_days: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VendorView {
    pub partner_id: Uuid,
    pub vendor_sku: Option<String>,
    pub price: Option<String>,
    pub currency: String,
    pub min_quantity: String,
    pub lead_time_days: i32,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateProduct {
    pub name: String,
    pub sku: Option<String>,
    /// EAN-8, UPC-A and EAN-13 (8, 12 or 13 digits) must have a valid check digit.
    pub barcode: Option<String>,
    /// `storable`, `consumable` or `service`.
    #[serde(rename = "type")]
    pub kind: String,
    pub category_id: Option<Uuid>,
    /// A unit code; default `unit`.
    pub uom: Option<String>,
    /// A unit of the same category; default `uom`.
    pub purchase_uom: Option<String>,
    /// Default 0.
    pub sale_price: Option<DecimalText>,
    /// Default 0.
    pub cost: Option<DecimalText>,
    pub sale_tax_ids: Option<Vec<Uuid>>,
    pub purchase_tax_ids: Option<Vec<Uuid>>,
    /// `ordered` (default) or `delivered`.
    pub invoice_policy: Option<String>,
    /// `none` (default), `lot` or `serial`; services only `none`.
    pub tracking: Option<String>,
    /// In `uom`.
    pub reorder_min: Option<DecimalText>,
    pub reorder_max: Option<DecimalText>,
    /// Kilograms.
    pub weight: Option<DecimalText>,
    /// Cubic metres.
    pub volume: Option<DecimalText>,
    pub hs_code: Option<String>,
    pub description: Option<String>,
    /// Default true.
    pub can_be_sold: Option<bool>,
    /// Default true.
    pub can_be_purchased: Option<bool>,
    pub vendors: Option<Vec<VendorInput>>,
    /// Default true.
    pub active: Option<bool>,
    pub notes: Option<String>,
}

/// Fields given are changed; `null` clears an optional one; lists given replace the old ones.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateProduct {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub sku: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub barcode: Option<Option<String>>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub category_id: Option<Option<Uuid>>,
    pub uom: Option<String>,
    pub purchase_uom: Option<String>,
    pub sale_price: Option<DecimalText>,
    pub cost: Option<DecimalText>,
    pub sale_tax_ids: Option<Vec<Uuid>>,
    pub purchase_tax_ids: Option<Vec<Uuid>>,
    pub invoice_policy: Option<String>,
    pub tracking: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub reorder_min: Option<Option<DecimalText>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub reorder_max: Option<Option<DecimalText>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub weight: Option<Option<DecimalText>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub volume: Option<Option<DecimalText>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub hs_code: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    pub can_be_sold: Option<bool>,
    pub can_be_purchased: Option<bool>,
    pub vendors: Option<Vec<VendorInput>>,
    pub active: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
}

/// Quantities in the product's unit; `available` is `onHand - reserved`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StockView {
    pub on_hand: String,
    pub reserved: String,
    pub available: String,
    pub incoming: String,
    pub outgoing: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProductView {
    pub id: Uuid,
    pub name: String,
    pub sku: Option<String>,
    pub barcode: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub category_id: Option<Uuid>,
    pub uom: String,
    pub purchase_uom: String,
    pub sale_price: String,
    pub cost: String,
    /// The category's; `standard` without a category.
    pub costing_method: String,
    /// The company's: prices and cost are in it.
    pub currency: String,
    pub sale_tax_ids: Vec<Uuid>,
    pub purchase_tax_ids: Vec<Uuid>,
    pub invoice_policy: String,
    pub tracking: String,
    pub reorder_min: Option<String>,
    pub reorder_max: Option<String>,
    pub weight: Option<String>,
    pub volume: Option<String>,
    pub hs_code: Option<String>,
    pub description: Option<String>,
    pub can_be_sold: bool,
    pub can_be_purchased: bool,
    pub vendors: Vec<VendorView>,
    pub active: bool,
    pub notes: Option<String>,
    /// Null for services.
    pub stock: Option<StockView>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductListQuery {
    /// Part of the name, SKU or barcode, any case.
    pub q: Option<String>,
    /// The category or any category under it.
    pub category_id: Option<String>,
    /// `storable`, `consumable` or `service`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<String>,
    /// `true` or `false`.
    pub active: Option<String>,
    /// `true`: only products whose on-hand is below their reorder minimum.
    pub below_min: Option<String>,
    /// Stock within this warehouse only.
    pub warehouse_id: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductQuery {
    /// Stock within this warehouse only.
    pub warehouse_id: Option<String>,
}
