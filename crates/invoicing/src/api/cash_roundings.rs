//! Shapes of cash roundings.

use super::*;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCashRounding {
    pub name: String,
    /// The smallest coin, greater than zero, up to 6 decimals (`"0.25"`).
    pub step: DecimalText,
    /// `half_up`, `up` or `down`.
    pub method: String,
    /// Where a rounding in the company's favour is booked.
    pub profit_account_id: Uuid,
    /// Where a rounding against the company is booked.
    pub loss_account_id: Uuid,
    /// Default true; an inactive rounding cannot be put on a document.
    pub active: Option<bool>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCashRounding {
    pub name: Option<String>,
    pub step: Option<DecimalText>,
    pub method: Option<String>,
    pub profit_account_id: Option<Uuid>,
    pub loss_account_id: Option<Uuid>,
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CashRoundingView {
    pub id: Uuid,
    pub name: String,
    /// Trimmed (`"0.25"`).
    pub step: String,
    pub method: String,
    pub profit_account_id: Uuid,
    pub loss_account_id: Uuid,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}
