//! Request and response shapes of price lists and of resolving a price.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePriceList {
    pub name: String,
    /// The currency of its prices (default the company's); documents in another currency do
    /// not use it.
    pub currency: Option<String>,
    /// The clients it is for; with no clients and no tags it is a general list.
    pub partner_ids: Option<Vec<Uuid>>,
    /// The client tags it is for.
    pub partner_tags: Option<Vec<String>>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// Higher first among lists of the same kind (default 0).
    pub priority: Option<i32>,
    pub rules: Vec<PriceRuleInput>,
}

/// A rule: for a product, a category (and the categories under it) or, naming neither, every
/// product.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PriceRuleInput {
    pub product_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    /// In the product's unit (default 0).
    pub min_quantity: Option<DecimalText>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// `fixed` (`price`), `discount` (`percent` off the sale price) or `formula` (`base` ×
    /// (1 + `percent`/100) + `surcharge`).
    pub method: String,
    /// Per unit of the product, in the list's currency.
    pub price: Option<DecimalText>,
    pub percent: Option<DecimalText>,
    /// `sale_price` (default) or `cost`.
    pub base: Option<String>,
    pub surcharge: Option<DecimalText>,
}

/// An edit: the fields given replace the list's; `rules` replaces every rule.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdatePriceList {
    pub name: Option<String>,
    pub currency: Option<String>,
    pub partner_ids: Option<Vec<Uuid>>,
    pub partner_tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub date_from: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub date_to: Option<Option<String>>,
    pub priority: Option<i32>,
    pub rules: Option<Vec<PriceRuleInput>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PriceListView {
    pub id: Uuid,
    pub name: String,
    pub currency: String,
    pub partner_ids: Vec<Uuid>,
    pub partner_tags: Vec<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub priority: i32,
    pub rules: Vec<PriceRuleView>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PriceRuleView {
    pub id: Uuid,
    pub product_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    pub min_quantity: String,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub method: String,
    pub price: Option<String>,
    pub percent: Option<String>,
    pub base: Option<String>,
    pub surcharge: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PriceListQuery {
    /// Lists for this client.
    pub partner_id: Option<String>,
    pub currency: Option<String>,
    /// In the name.
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResolveQuery {
    pub product_id: Option<String>,
    /// The client (its lists and its tags' lists).
    pub partner_id: Option<String>,
    /// In the product's unit (default 1).
    pub quantity: Option<String>,
    /// Default today.
    pub date: Option<String>,
    /// Default the company's.
    pub currency: Option<String>,
    /// A list to try first.
    pub price_list_id: Option<String>,
}

/// The price of a product for a client: from the list and rule that won, else the sale price
/// (`priceListId`, `ruleId` and `method` null).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResolvedPriceView {
    pub product_id: Uuid,
    pub partner_id: Option<Uuid>,
    pub quantity: String,
    pub date: String,
    pub currency: String,
    pub price_list_id: Option<Uuid>,
    pub rule_id: Option<Uuid>,
    /// `fixed`, `discount` or `formula`; null for the sale price.
    pub method: Option<String>,
    /// The sale price, or the formula's base.
    pub base_price: String,
    /// The price per unit of the product a line takes.
    pub unit_price: String,
    /// The discount a line takes (a `discount` rule's percent).
    pub discount_percent: String,
}
