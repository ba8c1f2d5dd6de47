//! Use cases of matching statement lines: to posted payments of the bank journal or posted
//! lines on its account, to an invoice (settled by a payment made through invoicing's facade),
//! to an account (a bank fee, interest: an entry on the bank journal), the rest written off within
//! the company's `writeOffLimit`, and un-matching until the books are locked.

use arkan_invoicing::payments::{self, PaymentDirection};
use arkan_kernel::time::now_micros;
use arkan_kernel::{InvoiceId, JournalId, PaymentId, StatementId, StatementLineId, parse_minor};
use arkan_ledger::books::{self, DocumentState, Journal};
use arkan_ledger::posting::{self, Line, NewEntry};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation, is_unique_violation};
use arkan_platform::extract::DecimalText;
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use uuid::Uuid;

use super::api::*;
use super::domain::LineState;
use super::service::{line_view, money};
use super::store::{self, LineMatch, StatementLine};
use crate::{errors, events};

/// The line, held for the write, with its statement's bank journal and that journal's account.
struct Held {
    line: StatementLine,
    journal: Journal,
    bank_account: Uuid,
}

async fn hold_line(
    transaction: &WriteTransaction,
    ctx: &Ctx,
    id: StatementLineId,
) -> ApiResult<Held> {
    let line = store::line_by_id(&**transaction, ctx.company, id, true)
        .await?
        .ok_or_else(|| ApiError::not_found("statement_line"))?;
    let statement =
        store::statement_by_id(&**transaction, ctx.company, StatementId(line.statement_id))
            .await?
            .ok_or_else(|| ApiError::not_found("statement"))?;
    let journal = books::journal_by_id(&**transaction, ctx.company, statement.journal_id)
        .await?
        .ok_or_else(|| ApiError::not_found("journal"))?;
    let bank_account = journal.default_account_id.ok_or_else(|| {
        ApiError::invalid_field("journalId", "the bank journal has no default account")
    })?;
    Ok(Held {
        line,
        journal,
        bank_account,
    })
}

/// One match checked and about to be written: the amount (signed like the line), the account
/// to book it to or the payment with its entry.
struct Planned {
    amount: i64,
    account: Option<Uuid>,
    payment: Option<Uuid>,
    journal_line: Option<Uuid>,
    entry: Option<Uuid>,
}

/// A payment or a posted line of the books a statement line may be matched to: its amount
/// (positive is money in) and entry, or why it cannot be.
enum BookItem {
    Usable { amount: i64, entry: Option<Uuid> },
    Unusable(&'static str),
}

/// A posted payment of the statement's journal, in the company currency.
async fn payment_item(
    transaction: &WriteTransaction,
    ctx: &Ctx,
    held: &Held,
    id: Uuid,
) -> ApiResult<BookItem> {
    let payment = payments::by_id(&**transaction, ctx.company, PaymentId(id))
        .await?
        .ok_or_else(|| ApiError::not_found("payment"))?;
    if payment.state != DocumentState::Posted
        || payment.journal_id != held.journal.id
        || payment.currency != ctx.currency.code
    {
        return Ok(BookItem::Unusable(
            "must be a posted payment of the statement's journal in the company currency",
        ));
    }
    let amount = match payment.payment_type {
        PaymentDirection::Inbound => payment.amount_minor,
        PaymentDirection::Outbound => -payment.amount_minor,
    };
    Ok(BookItem::Usable {
        amount,
        entry: payment.journal_entry_id,
    })
}

/// A posted line on the bank journal's account (a transfer or a cheque booked by hand).
async fn journal_line_item(
    transaction: &WriteTransaction,
    ctx: &Ctx,
    held: &Held,
    id: Uuid,
) -> ApiResult<BookItem> {
    let line = books::posted_line(&**transaction, ctx.company, id)
        .await?
        .ok_or_else(|| ApiError::not_found("journal_line"))?;
    if line.account_id != held.bank_account {
        return Ok(BookItem::Unusable(
            "must be a posted line on the bank journal's account",
        ));
    }
    Ok(BookItem::Usable {
        amount: line.debit - line.credit,
        entry: Some(line.entry_id),
    })
}

/// The amount (signed like the statement line) and entry a book item explains, each problem
/// recorded under `field` (`matches[i]`).
fn book_item(
    validation: &mut Validation,
    ctx: &Ctx,
    field: &str,
    id_field: &str,
    sign: i64,
    given: Option<i64>,
    item: BookItem,
) -> (i64, Option<Uuid>) {
    let (amount, entry) = match item {
        BookItem::Unusable(problem) => {
            validation.add(format!("{field}.{id_field}"), problem);
            return (0, None);
        }
        BookItem::Usable { amount, entry } => (amount, entry),
    };
    if amount.signum() != sign {
        validation.add(
            format!("{field}.{id_field}"),
            "goes the other way than the line",
        );
    } else if given.is_some_and(|given| given != amount.abs()) {
        validation.add(
            format!("{field}.amount"),
            format!("must be the whole amount {}", money(ctx, amount.abs())),
        );
    }
    (amount, entry)
}

/// The entry that books `amount` (signed like the line: positive is money in) between the bank
/// account and `account`, on the line's day.
fn bank_entry(held: &Held, account: Uuid, amount: i64, memo: String) -> NewEntry {
    let line = |account_id: Uuid, debit: i64, credit: i64| Line {
        id: Uuid::now_v7(),
        account_id,
        partner_id: None,
        description: Some(memo.clone()),
        debit_minor: debit,
        credit_minor: credit,
        currency: None,
        amount_currency_minor: None,
        project_id: None,
        tax_id: None,
    };
    let magnitude = amount.abs();
    let (bank, other) = if amount > 0 {
        (
            line(held.bank_account, magnitude, 0),
            line(account, 0, magnitude),
        )
    } else {
        (
            line(held.bank_account, 0, magnitude),
            line(account, magnitude, 0),
        )
    };
    NewEntry {
        journal_id: JournalId(held.journal.id),
        date: held.line.date,
        reference: held.line.reference.clone(),
        memo: Some(memo),
        lines: vec![bank, other],
        taxes: Vec::new(),
    }
}

/// Records the line's new matched amount and state, its statement's count and state.
async fn save_line(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    line: &StatementLine,
    matched: i64,
) -> ApiResult<StatementLineView> {
    let state = LineState::of(line.amount_minor, matched);
    let now = now_micros();
    store::set_line_match(&**transaction, ctx.company, line.id, state, matched).await?;
    store::refresh_statement(
        &**transaction,
        ctx.company,
        StatementId(line.statement_id),
        now,
    )
    .await?;
    let kind = if state == LineState::Unmatched {
        events::BANK_STATEMENT_LINE_UNMATCHED
    } else {
        events::BANK_STATEMENT_LINE_MATCHED
    };
    transaction.emit(ctx.company, kind, line.id);
    let matches = store::matches_of_lines(&**transaction, ctx.company, &[line.id]).await?;
    let saved = StatementLine {
        state,
        matched_minor: matched,
        ..line.clone()
    };
    Ok(line_view(ctx, saved, &matches))
}

/// A positive amount of the request, or None when absent.
fn magnitude(
    validation: &mut Validation,
    field: &str,
    amount: Option<&DecimalText>,
    exponent: u8,
) -> Option<i64> {
    let amount = amount?;
    let parsed = validation.check(field, parse_minor(&amount.0, exponent))?;
    if parsed <= 0 {
        validation.add(field, "must be more than zero");
        return None;
    }
    Some(parsed)
}

pub async fn match_line(
    platform: &Platform,
    ctx: &Ctx,
    input: MatchLine,
) -> ApiResult<StatementLineView> {
    ctx.require_write(Area::Accounting)?;
    let exponent = ctx.currency.exponent;
    let mut validation = Validation::new();
    if input.matches.is_empty() {
        validation.add("matches", "must name at least one payment or account");
    }
    let mut amounts = Vec::new();
    for (index, wanted) in input.matches.iter().enumerate() {
        let named = [
            wanted.payment_id,
            wanted.journal_line_id,
            wanted.invoice_id,
            wanted.account_id,
        ]
        .iter()
        .filter(|id| id.is_some())
        .count();
        if named != 1 {
            validation.add(
                format!("matches[{index}]"),
                "must name one of paymentId, journalLineId, invoiceId or accountId",
            );
        }
        amounts.push(magnitude(
            &mut validation,
            &format!("matches[{index}].amount"),
            wanted.amount.as_ref(),
            exponent,
        ));
    }
    validation.finish()?;

    let mut transaction = platform.db.write().await?;
    let held = hold_line(&transaction, ctx, StatementLineId(input.statement_line_id)).await?;
    held.line.state.require_open()?;
    let line = &held.line;
    let sign = line.amount_minor.signum();
    let mut left = line.amount_minor - line.matched_minor;
    let mut validation = Validation::new();
    let mut found: Vec<Planned> = Vec::new();
    for (index, (wanted, amount)) in input.matches.iter().zip(amounts).enumerate() {
        let field = format!("matches[{index}]");
        let (amount, entry) = if let Some(payment_id) = wanted.payment_id {
            let item = payment_item(&transaction, ctx, &held, payment_id).await?;
            book_item(
                &mut validation,
                ctx,
                &field,
                "paymentId",
                sign,
                amount,
                item,
            )
        } else if let Some(line_id) = wanted.journal_line_id {
            let item = journal_line_item(&transaction, ctx, &held, line_id).await?;
            book_item(
                &mut validation,
                ctx,
                &field,
                "journalLineId",
                sign,
                amount,
                item,
            )
        } else {
            (amount.map_or(left, |amount| sign * amount), None)
        };
        if let Some(entry) = entry
            && (store::entry_matched(&*transaction, ctx.company, entry).await?
                || found.iter().any(|planned| planned.entry == Some(entry)))
        {
            validation.add(field.clone(), "is already matched to a statement line");
        }
        if amount == 0 || amount.abs() > left.abs() {
            validation.add(
                format!("{field}.amount"),
                format!(
                    "must be at most the {} left on the line",
                    money(ctx, left.abs())
                ),
            );
        }
        left -= amount;
        found.push(Planned {
            amount,
            account: wanted.account_id,
            payment: wanted.payment_id,
            journal_line: wanted.journal_line_id,
            entry,
        });
    }
    validation.finish()?;

    let now = now_micros();
    let mut matches = Vec::new();
    for (index, (planned, wanted)) in found.into_iter().zip(&input.matches).enumerate() {
        let Planned {
            amount,
            account,
            mut payment,
            journal_line,
            mut entry,
        } = planned;
        // A document is settled by a payment made for it here, as the payment endpoints would.
        if let Some(invoice) = wanted.invoice_id {
            let made = payments::settle_document(
                &mut transaction,
                ctx,
                InvoiceId(invoice),
                JournalId(held.journal.id),
                line.date,
                amount.abs(),
                "bank_transfer",
                line.reference.clone(),
            )
            .await?;
            if (made.payment_type == PaymentDirection::Inbound) != (sign > 0) {
                return Err(ApiError::invalid_field(
                    &format!("matches[{index}].invoiceId"),
                    "is settled the other way than the line",
                ));
            }
            payment = Some(made.id);
            entry = made.journal_entry_id;
        }
        let entry = match account {
            Some(account) => {
                let memo = wanted
                    .description
                    .clone()
                    .filter(|text| !text.trim().is_empty())
                    .unwrap_or_else(|| line.description.clone());
                let posted = posting::post(
                    &mut transaction,
                    ctx,
                    bank_entry(&held, account, amount, memo),
                )
                .await?;
                Some(posted.id.0)
            }
            None => entry,
        };
        matches.push(LineMatch {
            id: Uuid::now_v7(),
            line_id: line.id,
            payment_id: payment,
            journal_line_id: journal_line,
            invoice_id: wanted.invoice_id,
            account_id: account,
            amount_minor: amount,
            journal_entry_id: entry,
            write_off: false,
            booked: account.is_some(),
            created_at: now,
        });
    }
    // Two lines matched to one payment at once: the unique index lets one through.
    store::insert_matches(&*transaction, ctx.company, &matches)
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                ApiError::invalid_field(
                    "matches",
                    "a payment is already matched to a statement line",
                )
            } else {
                error.into()
            }
        })?;
    let matched = line.amount_minor - left;
    let view = save_line(&mut transaction, ctx, line, matched).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn write_off(
    platform: &Platform,
    ctx: &Ctx,
    input: WriteOffLine,
) -> ApiResult<StatementLineView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let held = hold_line(&transaction, ctx, StatementLineId(input.statement_line_id)).await?;
    held.line.state.require_open()?;
    let line = &held.line;
    let rest = line.amount_minor - line.matched_minor;
    let limit = books::write_off_limit(&*transaction, ctx.company).await?;
    if rest.abs() > limit {
        return Err(arkan_invoicing::errors::write_off_above_limit(
            "statementLineId".to_owned(),
            &money(ctx, rest.abs()),
            &money(ctx, limit),
        ));
    }
    let memo = input
        .description
        .filter(|text| !text.trim().is_empty())
        .unwrap_or_else(|| format!("Write-off: {}", line.description));
    let posted = posting::post(
        &mut transaction,
        ctx,
        bank_entry(&held, input.account_id, rest, memo),
    )
    .await?;
    let write_off = LineMatch {
        id: Uuid::now_v7(),
        line_id: line.id,
        payment_id: None,
        journal_line_id: None,
        invoice_id: None,
        account_id: Some(input.account_id),
        amount_minor: rest,
        journal_entry_id: Some(posted.id.0),
        write_off: true,
        booked: true,
        created_at: now_micros(),
    };
    store::insert_matches(&*transaction, ctx.company, &[write_off]).await?;
    let view = save_line(&mut transaction, ctx, line, line.amount_minor).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn unmatch(
    platform: &Platform,
    ctx: &Ctx,
    input: UnmatchLine,
) -> ApiResult<StatementLineView> {
    ctx.require_write(Area::Accounting)?;
    let settings = platform
        .book_settings
        .one(platform.db.connection(), ctx.company)
        .await?;
    let mut transaction = platform.db.write().await?;
    let held = hold_line(&transaction, ctx, StatementLineId(input.statement_line_id)).await?;
    let line = &held.line;
    line.state.require_matched_in_part()?;
    // A line of zero is matched with no match to take back.
    if line.matched_minor == 0 {
        return Err(errors::statement_line_unmatched());
    }
    if let Some(lock_date) = settings.lock_date
        && line.date <= lock_date
    {
        return Err(arkan_ledger::errors::period_locked(lock_date));
    }
    // What the matches booked is taken back by entries the other way, on the line's day.
    for booked in store::matches_of_lines(&*transaction, ctx.company, &[line.id])
        .await?
        .into_iter()
        .filter(|found| found.booked)
    {
        if let Some(account) = booked.account_id {
            let memo = format!("Reversal: {}", line.description);
            posting::post(
                &mut transaction,
                ctx,
                bank_entry(&held, account, -booked.amount_minor, memo),
            )
            .await?;
        }
    }
    store::delete_matches(&*transaction, ctx.company, line.id).await?;
    let view = save_line(&mut transaction, ctx, line, 0).await?;
    transaction.commit().await?;
    Ok(view)
}
