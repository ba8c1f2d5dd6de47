//! The sales settings.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SalesSettingsView {
    /// `none`, `warn` or `block`: what confirming an order past the client's credit limit does.
    pub credit_limit_policy: String,
    /// `ordered` or `delivered`: for lines whose product does not say.
    pub default_invoice_policy: String,
    pub quote_validity_days: i32,
    /// Whether confirming an order makes and confirms its delivery.
    pub delivery_on_confirm: bool,
    /// The account down payment invoices credit (default the chart's `401000`).
    pub down_payment_account_id: Option<Uuid>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateSalesSettings {
    pub credit_limit_policy: Option<String>,
    pub default_invoice_policy: Option<String>,
    pub quote_validity_days: Option<i32>,
    pub delivery_on_confirm: Option<bool>,
    pub down_payment_account_id: Option<Uuid>,
}
