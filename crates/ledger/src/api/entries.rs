//! Shapes of journal entries, their lines and batches.

use super::*;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JournalLineInput {
    pub account_id: Uuid,
    pub partner_id: Option<Uuid>,
    pub description: Option<String>,
    /// In company currency; give `debit` or `credit`, not both.
    pub debit: Option<DecimalText>,
    pub credit: Option<DecimalText>,
    /// A foreign currency of the line; with `amountCurrency` and no debit/credit the company
    /// amount is converted at the latest rate on or before the entry date.
    pub currency: Option<String>,
    /// Signed: positive on the debit side.
    pub amount_currency: Option<DecimalText>,
    pub project_id: Option<Uuid>,
    pub tax_id: Option<Uuid>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateJournalEntry {
    pub journal_id: Uuid,
    pub date: String,
    pub reference: Option<String>,
    pub memo: Option<String>,
    pub lines: Vec<JournalLineInput>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateJournalEntry {
    pub journal_id: Option<Uuid>,
    pub date: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub reference: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub memo: Option<Option<String>>,
    /// Replaces every line.
    pub lines: Option<Vec<JournalLineInput>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReverseJournalEntry {
    /// Defaults to the original entry's date.
    pub date: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BatchJournalEntries {
    /// Up to 1,000 entries, created and posted in one transaction: all or none.
    pub entries: Vec<CreateJournalEntry>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JournalLineView {
    pub id: Uuid,
    pub account_id: Uuid,
    pub partner_id: Option<Uuid>,
    pub description: Option<String>,
    pub debit: String,
    pub credit: String,
    pub currency: Option<String>,
    pub amount_currency: Option<String>,
    pub project_id: Option<Uuid>,
    pub tax_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntryView {
    pub id: Uuid,
    pub journal_id: Uuid,
    pub date: String,
    pub reference: Option<String>,
    pub memo: Option<String>,
    pub number: Option<String>,
    /// `draft`, `posted` or `cancelled`.
    pub state: String,
    pub currency: String,
    pub total_debit: String,
    pub total_credit: String,
    pub reversed_entry_id: Option<Uuid>,
    pub reversal_of_id: Option<Uuid>,
    pub posted_at: Option<String>,
    pub hash: Option<String>,
    pub lines: Vec<JournalLineView>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResult {
    pub data: Vec<JournalEntryView>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntryListQuery {
    pub state: Option<String>,
    pub journal_id: Option<String>,
    pub account_id: Option<String>,
    pub partner_id: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// Matches number or reference.
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
