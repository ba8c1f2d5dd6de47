//! Request and response shapes of sales warnings.

use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A warning met when checking an order: a manual one on the client or a product, or one
/// computed from the client's credit limit or overdue invoices.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CheckedWarningView {
    pub warning_id: Option<Uuid>,
    /// `manual`, `credit_limit` or `overdue_invoices`.
    pub source: String,
    /// `client` or `product`.
    pub entity_type: String,
    pub entity_id: Uuid,
    /// `info`, `warning` or `block`.
    pub level: String,
    pub message: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateWarning {
    /// `client` or `product`.
    pub entity_type: String,
    pub entity_id: Uuid,
    /// `info`, `warning` or `block` (a `block` stops confirming an order).
    pub level: String,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WarningView {
    pub id: Uuid,
    pub entity_type: String,
    pub entity_id: Uuid,
    pub level: String,
    pub message: String,
    pub created_by: Uuid,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WarningListQuery {
    /// `client` or `product`.
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    /// `info`, `warning` or `block`.
    pub level: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CheckOrderQuery {
    pub client_id: Option<String>,
    /// Comma-separated product ids.
    pub product_ids: Option<String>,
    /// The order's total in the company currency, checked against the client's credit limit.
    pub amount: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CheckOrderView {
    /// Whether a warning would stop confirming the order.
    pub blocked: bool,
    pub warnings: Vec<CheckedWarningView>,
}
