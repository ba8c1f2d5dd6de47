//! The one way invoicing books a realised exchange difference (a payment's allocation, a credit
//! note's setting): a MISC entry between the partner's receivable or payable and the exchange
//! gain (409100) or loss (609100) account, or its reversal on the same accounts.

use arkan_kernel::JournalId;
use arkan_ledger::books::{self as ledger_store, partner_account};
use arkan_ledger::posting::{self, Line, NewEntry};
use arkan_platform::Ctx;
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::ApiResult;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::errors;

/// An exchange difference to book.
pub(crate) struct Difference<'a> {
    pub partner: Uuid,
    /// On the receivable (customer documents), else the payable.
    pub receivable: bool,
    /// A gain: the partner's line is a debit and the gain account is credited (else a loss).
    pub gain: bool,
    /// Minor units of company currency, positive.
    pub amount: i64,
    /// Posts the opposite entry (the allocation or setting is taken back).
    pub reversing: bool,
    pub date: NaiveDate,
    pub reference: Option<String>,
    pub description: &'a str,
}

pub(crate) async fn book(
    writer: &mut WriteTransaction,
    ctx: &Ctx,
    difference: Difference<'_>,
) -> ApiResult<()> {
    let transaction: &sea_orm::DatabaseTransaction = writer;
    let partner_account = partner_account(transaction, ctx, difference.receivable).await?;
    let code = if difference.gain { "409100" } else { "609100" };
    let exchange_account = ledger_store::account_by_code(transaction, ctx.company, code)
        .await?
        .ok_or_else(|| errors::exchange_accounts_missing(code))?;
    let partner_debit = difference.gain != difference.reversing;
    let amount = difference.amount.abs();
    let line = |account: Uuid, debit: bool, partner: bool| Line {
        id: Uuid::now_v7(),
        account_id: account,
        partner_id: partner.then_some(difference.partner),
        description: Some(difference.description.to_owned()),
        debit_minor: if debit { amount } else { 0 },
        credit_minor: if debit { 0 } else { amount },
        currency: None,
        amount_currency_minor: None,
        project_id: None,
        tax_id: None,
    };
    let journal = ledger_store::journal_by_code(transaction, ctx.company, "MISC")
        .await?
        .ok_or_else(|| errors::journal_missing("MISC"))?;
    posting::post(
        writer,
        ctx,
        NewEntry {
            journal_id: JournalId(journal.id),
            date: difference.date,
            reference: difference.reference.clone(),
            memo: Some(difference.description.to_owned()),
            lines: vec![
                line(partner_account.id, partner_debit, true),
                line(exchange_account.id, !partner_debit, false),
            ],
            taxes: Vec::new(),
        },
    )
    .await
    .map(|_| ())
}
