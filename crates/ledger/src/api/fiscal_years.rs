//! Shapes of fiscal years.

use super::*;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateFiscalYear {
    /// Defaults to the year of `dateFrom` (or `2026-27` for a year across two).
    pub name: Option<String>,
    /// `YYYY-MM-DD`; with `dateTo` absent the year runs twelve months.
    pub date_from: String,
    pub date_to: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FiscalYearView {
    pub id: Uuid,
    pub name: String,
    pub date_from: String,
    pub date_to: String,
    /// `open` or `closed`.
    pub state: String,
    /// The entry that closed the year into retained earnings; null while open, or when the year
    /// had no profit or loss to close.
    pub closing_entry_id: Option<Uuid>,
    pub created_at: String,
    pub updated_at: String,
}

/// Closing a fiscal year; every field is optional (no body at all is fine).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloseFiscalYear {
    /// The `equity` account profit and loss closes into; defaults to the setting
    /// `retainedEarningsAccountId`.
    pub retained_earnings_account_id: Option<Uuid>,
    /// The journal of the closing entry; defaults to the company's general journal.
    pub journal_id: Option<Uuid>,
}
