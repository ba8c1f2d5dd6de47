//! Shapes of fiscal positions.

use super::*;

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaxMapping {
    pub from_tax_id: Uuid,
    /// null removes the tax.
    pub to_tax_id: Option<Uuid>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountMapping {
    pub from_account_id: Uuid,
    pub to_account_id: Uuid,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateFiscalPosition {
    pub name: String,
    pub tax_map: Option<Vec<TaxMapping>>,
    pub account_map: Option<Vec<AccountMapping>>,
    pub notes: Option<String>,
    pub active: Option<bool>,
}

/// Only the fields sent change; a map sent replaces the whole map.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateFiscalPosition {
    pub name: Option<String>,
    pub tax_map: Option<Vec<TaxMapping>>,
    pub account_map: Option<Vec<AccountMapping>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FiscalPositionView {
    pub id: Uuid,
    pub name: String,
    pub tax_map: Vec<TaxMapping>,
    pub account_map: Vec<AccountMapping>,
    pub notes: Option<String>,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}
