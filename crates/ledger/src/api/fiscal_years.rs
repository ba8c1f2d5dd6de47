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
    pub created_at: String,
    pub updated_at: String,
}
