//! Request and response shapes of sales orders.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::warnings::CheckedWarningView;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateSalesOrder {
    /// The client.
    pub partner_id: Uuid,
    /// A contact person of the client.
    pub contact_id: Option<Uuid>,
    /// Default today.
    pub order_date: Option<String>,
    /// The date promised to the client.
    pub commitment_date: Option<String>,
    /// Default the client's currency, else the company's.
    pub currency: Option<String>,
    pub price_list_id: Option<Uuid>,
    /// A member of the company (default the caller).
    pub salesperson_id: Option<Uuid>,
    pub payment_terms_days: Option<i32>,
    /// An Incoterms 2020 code (`GET /sales/incoterms`).
    pub incoterm: Option<String>,
    pub incoterm_place: Option<String>,
    /// Where the goods leave from (default the company's first warehouse).
    pub warehouse_id: Option<Uuid>,
    pub client_reference: Option<String>,
    pub shipping_address: Option<String>,
    pub promo_code: Option<String>,
    pub notes: Option<String>,
    pub lines: Vec<SalesLineInput>,
}

/// A line: defaults from the product (its name, unit, the price-list price, its sale taxes).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SalesLineInput {
    pub product_id: Option<Uuid>,
    pub description: Option<String>,
    /// In the line's unit, with at most its decimals.
    pub quantity: DecimalText,
    /// A unit code of the company (default the product's unit, else `unit`).
    pub uom: Option<String>,
    pub unit_price: Option<DecimalText>,
    pub discount_percent: Option<DecimalText>,
    /// `[]` for none; default the product's sale taxes.
    pub tax_ids: Option<Vec<Uuid>>,
}

/// A draft's edit: the fields given replace the draft's (`null` clears an optional one);
/// `lines` replaces every line. The amounts are computed again.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateSalesOrder {
    pub partner_id: Option<Uuid>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub contact_id: Option<Option<Uuid>>,
    pub order_date: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub commitment_date: Option<Option<String>>,
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub price_list_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub salesperson_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub payment_terms_days: Option<Option<i32>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub incoterm: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub incoterm_place: Option<Option<String>>,
    pub warehouse_id: Option<Uuid>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub client_reference: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub shipping_address: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub promo_code: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    pub lines: Option<Vec<SalesLineInput>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SalesOrderView {
    pub id: Uuid,
    /// Null while a draft: `SO/2026/00001` once confirmed.
    pub number: Option<String>,
    /// `draft`, `confirmed` or `cancelled`.
    pub state: String,
    pub partner_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub order_date: String,
    pub commitment_date: Option<String>,
    pub currency: String,
    pub price_list_id: Option<Uuid>,
    pub salesperson_id: Option<Uuid>,
    pub payment_terms_days: Option<i32>,
    pub incoterm: Option<String>,
    pub incoterm_place: Option<String>,
    pub warehouse_id: Uuid,
    pub client_reference: Option<String>,
    pub shipping_address: Option<String>,
    pub promo_code: Option<String>,
    pub notes: Option<String>,
    pub lines: Vec<SalesLineView>,
    pub amount_untaxed: String,
    pub amount_tax: String,
    pub amount_total: String,
    pub quote_id: Option<Uuid>,
    /// `nothing`, `partial` or `delivered`.
    pub delivery_state: String,
    /// `nothing`, `to_invoice`, `partial` or `invoiced`.
    pub invoice_state: String,
    pub delivery_ids: Vec<Uuid>,
    pub invoice_ids: Vec<Uuid>,
    pub created_by: Uuid,
    pub confirmed_at: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SalesLineView {
    pub id: Uuid,
    pub product_id: Option<Uuid>,
    pub description: String,
    pub quantity: String,
    pub uom: String,
    pub unit_price: String,
    pub discount_percent: String,
    pub tax_ids: Vec<Uuid>,
    pub subtotal: String,
    pub tax_amount: String,
    pub total: String,
    /// `ordered` or `delivered`.
    pub invoice_policy: String,
    pub quantity_delivered: String,
    pub quantity_invoiced: String,
    pub quantity_returned: String,
    /// Set on a line a discount rule added (negative `unitPrice`).
    pub discount_id: Option<Uuid>,
}

/// A confirmed order with the warnings met on the way (none blocking).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmedSalesOrderView {
    #[serde(flatten)]
    pub order: SalesOrderView,
    pub warnings: Vec<CheckedWarningView>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SalesOrderListQuery {
    /// `draft`, `confirmed` or `cancelled`.
    pub state: Option<String>,
    pub partner_id: Option<String>,
    pub salesperson_id: Option<String>,
    pub warehouse_id: Option<String>,
    pub product_id: Option<String>,
    pub quote_id: Option<String>,
    /// On the order date.
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// In the number or the client's reference.
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfirmSalesOrder {
    /// Confirm past the client's credit limit under the `block` policy (owner or admin).
    pub override_credit_limit: Option<bool>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelSalesOrder {
    pub reason: Option<String>,
}
