//! Shapes of accounts.

use super::*;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateAccount {
    pub code: String,
    pub name: String,
    /// An Odoo `account_type` key (`asset_receivable`, `income`, ...).
    #[serde(rename = "type")]
    pub account_type: String,
    pub parent_id: Option<Uuid>,
    pub reconcile: Option<bool>,
    pub currency: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateAccount {
    pub code: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub account_type: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub parent_id: Option<Option<Uuid>>,
    pub reconcile: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub currency: Option<Option<String>>,
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    pub account_type: String,
    pub parent_id: Option<Uuid>,
    pub reconcile: bool,
    pub currency: Option<String>,
    pub active: bool,
    /// Posted balance in company currency, debit positive.
    pub balance: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountListQuery {
    /// Matches code or name.
    pub q: Option<String>,
    #[serde(rename = "type")]
    pub account_type: Option<String>,
    pub active: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
