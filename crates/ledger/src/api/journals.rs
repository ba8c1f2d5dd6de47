//! Shapes of journals.

use super::*;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateJournal {
    pub name: String,
    /// Short code used in entry numbers (`INV`, `BILL`, `BNK1`).
    pub code: String,
    /// `sale`, `purchase`, `bank`, `cash` or `general`.
    #[serde(rename = "type")]
    pub journal_type: String,
    pub default_account_id: Option<Uuid>,
    /// For a bank journal: the company's account (IBAN) that payment files debit.
    pub bank_iban: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateJournal {
    pub name: Option<String>,
    pub code: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub default_account_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub bank_iban: Option<Option<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JournalView {
    pub id: Uuid,
    pub name: String,
    pub code: String,
    #[serde(rename = "type")]
    pub journal_type: String,
    pub default_account_id: Option<Uuid>,
    pub bank_iban: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}
