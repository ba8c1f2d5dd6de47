//! Request and response shapes of discount rules, promo codes and their evaluation.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A discount rule; amounts in the company currency.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateDiscount {
    pub name: String,
    /// `order_total`, `product` or `buy_x_get_y`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Default true.
    pub active: Option<bool>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// The untaxed amount an order must reach.
    pub min_amount: Option<DecimalText>,
    pub product_ids: Option<Vec<Uuid>>,
    pub category_ids: Option<Vec<Uuid>>,
    /// The clients it is for (none: every client).
    pub partner_ids: Option<Vec<Uuid>>,
    /// Off the order (`order_total`) or off each line (`product`).
    pub percent: Option<DecimalText>,
    /// Off the order (`order_total`) or per unit (`product`).
    pub amount: Option<DecimalText>,
    pub buy_quantity: Option<DecimalText>,
    pub free_quantity: Option<DecimalText>,
    /// Applies only to documents that give this code (compared without case).
    pub promo_code: Option<String>,
    /// Uses of the promo code, counted at confirmation.
    pub usage_limit: Option<i64>,
    pub usage_limit_per_partner: Option<i64>,
}

/// An edit: the fields given replace the rule's (`null` clears an optional one).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateDiscount {
    pub name: Option<String>,
    pub active: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub date_from: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub date_to: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub min_amount: Option<Option<DecimalText>>,
    pub product_ids: Option<Vec<Uuid>>,
    pub category_ids: Option<Vec<Uuid>>,
    pub partner_ids: Option<Vec<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub percent: Option<Option<DecimalText>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub amount: Option<Option<DecimalText>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub buy_quantity: Option<Option<DecimalText>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub free_quantity: Option<Option<DecimalText>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub promo_code: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub usage_limit: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub usage_limit_per_partner: Option<Option<i64>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DiscountView {
    pub id: Uuid,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub active: bool,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub min_amount: Option<String>,
    pub product_ids: Vec<Uuid>,
    pub category_ids: Vec<Uuid>,
    pub partner_ids: Vec<Uuid>,
    pub percent: Option<String>,
    pub amount: Option<String>,
    pub buy_quantity: Option<String>,
    pub free_quantity: Option<String>,
    pub promo_code: Option<String>,
    pub usage_limit: Option<i64>,
    pub usage_limit_per_partner: Option<i64>,
    /// Confirmed orders that used the promo code (cancelled ones give it back).
    pub usage_count: i64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiscountListQuery {
    /// `order_total`, `product` or `buy_x_get_y`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub active: Option<String>,
    /// In the name or the promo code.
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

/// A basket (or an order's lines) to evaluate.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EvaluateDiscounts {
    pub partner_id: Option<Uuid>,
    /// Default today (an order's date with `orderId`).
    pub date: Option<String>,
    /// Default the company's (an order's with `orderId`).
    pub currency: Option<String>,
    /// Default an order's own with `orderId`.
    pub promo_code: Option<String>,
    /// An order whose lines (those no discount added) are evaluated.
    pub order_id: Option<Uuid>,
    pub lines: Option<Vec<BasketLineInput>>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BasketLineInput {
    pub product_id: Uuid,
    /// In the product's unit.
    pub quantity: DecimalText,
    /// In the basket's currency.
    pub unit_price: DecimalText,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationView {
    pub currency: String,
    /// Untaxed.
    pub amount_before: String,
    pub amount_discount: String,
    pub amount_after: String,
    pub applied: Vec<AppliedDiscountView>,
    pub promo_code: Option<PromoCheckView>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppliedDiscountView {
    pub discount_id: Uuid,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub amount: String,
    /// The lines it is taken off (0-based).
    pub line_indexes: Vec<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PromoCheckView {
    pub code: String,
    pub valid: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ValidatePromoQuery {
    pub code: Option<String>,
    pub partner_id: Option<String>,
    /// The untaxed amount of the order, in the company currency.
    pub amount: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PromoValidationView {
    pub code: String,
    pub valid: bool,
    pub discount_id: Option<Uuid>,
    /// `unknown`, `inactive`, `not_started`, `expired`, `usage_limit_reached`,
    /// `partner_limit_reached`, `min_amount_not_met` or `not_eligible`.
    pub reason: Option<String>,
}
