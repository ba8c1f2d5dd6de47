//! Shapes of the ledger reports: trial balance, general ledger, chain check.

use super::*;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrialBalanceQuery {
    pub date_from: Option<String>,
    pub date_to: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrialBalanceRow {
    pub account_id: Uuid,
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    pub account_type: String,
    pub opening_balance: String,
    pub debit: String,
    pub credit: String,
    pub closing_balance: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrialBalanceTotals {
    pub opening_balance: String,
    pub debit: String,
    pub credit: String,
    pub closing_balance: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrialBalance {
    pub data: Vec<TrialBalanceRow>,
    pub totals: TrialBalanceTotals,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditVerification {
    pub valid: bool,
    pub entries_checked: i64,
    pub first_broken_entry_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GeneralLedgerQuery {
    /// The account whose lines are listed.
    pub account_id: String,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LedgerLineView {
    pub line_id: Uuid,
    pub entry_id: Uuid,
    pub number: Option<String>,
    pub date: String,
    pub partner_id: Option<Uuid>,
    pub description: Option<String>,
    pub debit: String,
    pub credit: String,
    /// Running balance after this line, debit positive.
    pub balance: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GeneralLedgerMeta {
    pub total: i64,
    pub limit: u64,
    pub cursor: Option<String>,
    pub has_more: bool,
    pub account_id: Uuid,
    pub date_from: String,
    pub date_to: String,
    /// Balance before `dateFrom` (profit and loss accounts: since the fiscal year began).
    pub opening_balance: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GeneralLedger {
    pub data: Vec<LedgerLineView>,
    pub meta: GeneralLedgerMeta,
}
