//! Request and response shapes of sales warnings.

use serde::Serialize;
use utoipa::ToSchema;
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
