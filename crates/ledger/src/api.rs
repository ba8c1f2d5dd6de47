//! Request and response shapes of the ledger.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

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

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlainListQuery {
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

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

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateTax {
    pub name: String,
    /// `percent` or `fixed`.
    pub amount_type: String,
    /// The percent for `percent` (`"5"`), the amount in company currency for `fixed`.
    pub rate: DecimalText,
    /// `sale`, `purchase` or `none`.
    pub type_tax_use: String,
    pub price_include: Option<bool>,
    pub account_id: Uuid,
    /// VAT 201 box (`1a`, `9`, ...).
    pub vat_box: Option<String>,
    /// UAE reverse charge (purchases): booked on `accountId` (payable) and on
    /// `counterpartAccountId` (recoverable), not charged by the vendor.
    pub reverse_charge: Option<bool>,
    pub counterpart_account_id: Option<Uuid>,
    pub active: Option<bool>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateTax {
    pub name: Option<String>,
    pub account_id: Option<Uuid>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub vat_box: Option<Option<String>>,
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaxView {
    pub id: Uuid,
    pub name: String,
    pub amount_type: String,
    pub rate: String,
    pub type_tax_use: String,
    pub price_include: bool,
    pub account_id: Uuid,
    pub vat_box: Option<String>,
    pub reverse_charge: bool,
    pub counterpart_account_id: Option<Uuid>,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCurrencyRate {
    pub currency: String,
    pub date: String,
    /// Units of company currency per one unit of `currency`, up to 10 decimals.
    pub rate: DecimalText,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CurrencyRateView {
    pub id: Uuid,
    pub currency: String,
    pub date: String,
    pub rate: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RateListQuery {
    pub currency: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

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

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CurrencyView {
    pub code: String,
    /// Decimals of the minor unit (AED 2, KWD 3, JPY 0).
    pub exponent: i32,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CurrencyList {
    pub data: Vec<CurrencyView>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountingSettings {
    /// `line`: each line's tax is rounded, then added up (default). `document`: each tax is
    /// added up unrounded over the document and rounded once.
    pub tax_rounding: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateAccountingSettings {
    pub tax_rounding: Option<String>,
}
