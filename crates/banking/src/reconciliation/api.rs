//! Request and response shapes of bank statements (shapes-modules §5).

use arkan_platform::extract::DecimalText;
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportStatement {
    /// A bank journal of the company.
    pub journal_id: Uuid,
    /// `csv`, `camt053`, `mt940` or `json`.
    pub format: String,
    /// The file as text (`csv`, `camt053`, `mt940`).
    pub content: Option<String>,
    /// The movements (`json`).
    pub lines: Option<Vec<JsonStatementLine>>,
    /// Default: the bank's statement id, else the dates it covers.
    pub name: Option<String>,
    /// For `csv` and `json` (files carry their own): default the first running balance less
    /// its movement, else the closing balance of the journal's last statement, else zero.
    pub opening_balance: Option<DecimalText>,
    /// For `csv` and `json`: default the last running balance, else opening plus movements.
    pub closing_balance: Option<DecimalText>,
    /// How to read a `csv` file.
    pub csv: Option<CsvOptions>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JsonStatementLine {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub value_date: Option<String>,
    /// Positive when money came in.
    pub amount: DecimalText,
    pub description: String,
    pub reference: Option<String>,
    pub partner_name: Option<String>,
    pub iban: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CsvOptions {
    /// One character (default `,`).
    pub delimiter: Option<String>,
    /// `YYYY-MM-DD` (default), `DD/MM/YYYY`, `MM/DD/YY`, ...
    pub date_format: Option<String>,
    /// `.` (default) or `,`.
    pub decimal_separator: Option<String>,
    pub columns: CsvColumns,
}

/// Header names of the columns; `amount` (signed) or `debit` and `credit` (both positive).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CsvColumns {
    pub date: String,
    pub description: String,
    pub amount: Option<String>,
    pub debit: Option<String>,
    pub credit: Option<String>,
    pub reference: Option<String>,
    pub partner_name: Option<String>,
    pub iban: Option<String>,
    /// The running balance after each movement (checked line by line).
    pub balance: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatementListQuery {
    /// Statements of this bank journal.
    pub journal_id: Option<String>,
    /// `open` or `reconciled`.
    pub state: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatementView {
    pub id: Uuid,
    pub journal_id: Uuid,
    pub name: String,
    /// The bank's id of the statement, when the file has one.
    pub reference: Option<String>,
    pub date_from: String,
    pub date_to: String,
    pub currency: String,
    pub format: String,
    pub opening_balance: String,
    pub closing_balance: String,
    pub line_count: i64,
    pub matched_count: i64,
    /// `open` or `reconciled`.
    pub state: String,
    pub created_at: String,
    pub updated_at: String,
    /// Only on `GET .../statements/{id}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<StatementLineView>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatementLineView {
    pub id: Uuid,
    pub statement_id: Uuid,
    /// The movement's place in the statement, from 1.
    pub sequence: i32,
    pub date: String,
    pub value_date: Option<String>,
    /// Positive when money came in.
    pub amount: String,
    pub description: String,
    pub reference: Option<String>,
    pub partner_name: Option<String>,
    pub iban: Option<String>,
    /// The partner whose bank details carry the line's IBAN.
    pub partner_id: Option<Uuid>,
    /// `unmatched`, `partial` or `matched`.
    pub state: String,
    pub matched_amount: String,
    pub matches: Vec<MatchView>,
    /// The entry that booked the rest of the line to a chosen account.
    pub write_off_entry_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MatchLine {
    pub statement_line_id: Uuid,
    /// What explains the line: each a posted payment of the statement's journal, a posted line
    /// on its account, an invoice to settle, or an account to book the amount to (bank fees, interest) with an entry
    /// on the bank journal.
    pub matches: Vec<MatchInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MatchInput {
    pub payment_id: Option<Uuid>,
    /// A posted line on the bank journal's account (an entry booked by hand).
    pub journal_line_id: Option<Uuid>,
    /// A posted invoice, bill or credit note: a payment is made for it on the line's day,
    /// posted and allocated to it.
    pub invoice_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    /// How much of the line, as a positive number (the line's direction applies). Default:
    /// the payment's amount, or what is left of the line for an account.
    pub amount: Option<DecimalText>,
    /// The booked entry's text (default the line's description).
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnmatchLine {
    pub statement_line_id: Uuid,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WriteOffLine {
    pub statement_line_id: Uuid,
    /// Where the rest of the line is booked.
    pub account_id: Uuid,
    pub description: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MatchView {
    pub payment_id: Option<Uuid>,
    pub journal_line_id: Option<Uuid>,
    /// The document the match's payment was made for.
    pub invoice_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    /// Signed like the line.
    pub amount: String,
    /// The entry the match booked (an account), or the payment's entry.
    pub journal_entry_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// The bank journal.
    pub journal_id: Option<String>,
    /// `YYYY-MM-DD` (default today).
    pub as_of: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReconciliationReport {
    pub journal_id: Uuid,
    pub as_of: String,
    pub currency: String,
    /// The balance the bank gives at the day: the latest statement started by then, its
    /// opening plus its movements up to the day.
    pub statement_balance: String,
    /// The balance of the journal's bank account in the books at the day.
    pub book_balance: String,
    /// Statement balance less book balance.
    pub difference: String,
    /// Statement lines up to the day not wholly matched.
    pub unmatched_lines: Vec<StatementLineView>,
    /// Posted lines of the bank account up to the day that no statement line is matched to.
    pub unreconciled_items: Vec<UnreconciledItem>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnreconciledItem {
    pub journal_line_id: Uuid,
    pub journal_entry_id: Uuid,
    pub date: String,
    pub number: Option<String>,
    pub description: Option<String>,
    /// Positive when money came in.
    pub amount: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestionQuery {
    /// Only this line of the statement.
    pub line_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Suggestions {
    pub data: Vec<LineSuggestions>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LineSuggestions {
    pub statement_line_id: Uuid,
    /// Best first, at most 5, each scoring 20 or more.
    pub candidates: Vec<Candidate>,
}

/// A posted line on the bank account (a payment's or one booked by hand) or an open document.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub journal_line_id: Option<Uuid>,
    pub journal_entry_id: Option<Uuid>,
    pub invoice_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub date: String,
    /// Positive when money comes in.
    pub amount: String,
    pub reference: Option<String>,
    /// 0 to 100: amount 50, reference 25, partner 15, date up to 10.
    pub score: u32,
    /// `amount`, `reference`, `partner`, `date`.
    pub reasons: Vec<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutoMatch {
    /// Accept the best candidate of each line scoring at least this (default 75) when it
    /// explains the whole line.
    pub min_score: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AutoMatched {
    pub matched: i64,
    pub statement: StatementView,
}
