//! The reconciliation report: the bank's balance against the books' at a day, with what is
//! unexplained on each side.

use std::collections::HashSet;

use arkan_kernel::JournalId;
use arkan_ledger::books;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::{Ctx, Platform};
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use super::api::*;
use super::service::{line_view, money};
use super::store;

pub async fn report(
    platform: &Platform,
    ctx: &Ctx,
    query: ReportQuery,
) -> ApiResult<ReconciliationReport> {
    let mut validation = Validation::new();
    let journal_id = match query.journal_id.as_deref() {
        None => {
            validation.add("journal_id", "is required");
            None
        }
        Some(text) => validation.check(
            "journal_id",
            Uuid::parse_str(text).map_err(|_| "must be a UUID"),
        ),
    };
    let as_of = match query.as_of.as_deref() {
        None => Some(Utc::now().date_naive()),
        Some(text) => validation.check(
            "as_of",
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| "must be a date YYYY-MM-DD"),
        ),
    };
    validation.finish()?;
    let (Some(journal_id), Some(as_of)) = (journal_id, as_of) else {
        return Err(ApiError::invalid_field("journal_id", "is required"));
    };
    let journal = JournalId(journal_id);
    let db = platform.db.connection();
    let found = books::journal_by_id(db, ctx.company, journal_id)
        .await?
        .ok_or_else(|| ApiError::not_found("journal"))?;
    let Some(bank_account) = found
        .default_account_id
        .filter(|_| found.journal_type == "bank")
    else {
        return Err(ApiError::invalid_field(
            "journal_id",
            "must be a bank journal with an account",
        ));
    };

    let statement_balance = match store::statement_at(db, ctx.company, journal, as_of).await? {
        None => 0,
        Some(statement) => {
            let lines = store::statement_lines(db, ctx.company, statement.id.into()).await?;
            statement.opening_minor
                + lines
                    .iter()
                    .filter(|line| line.date <= as_of)
                    .map(|line| line.amount_minor)
                    .sum::<i64>()
        }
    };
    let matches = store::matches_of_journal(db, ctx.company, journal).await?;
    let explained: HashSet<Uuid> = matches
        .iter()
        .filter_map(|found| found.journal_entry_id)
        .collect();
    let book_lines = books::account_lines(db, ctx.company, bank_account, None, as_of).await?;
    let book_balance: i64 = book_lines.iter().map(|line| line.debit - line.credit).sum();
    let unreconciled_items = book_lines
        .into_iter()
        .filter(|line| !explained.contains(&line.entry_id))
        .map(|line| UnreconciledItem {
            journal_line_id: line.line_id,
            journal_entry_id: line.entry_id,
            date: line.date.to_string(),
            number: line.number,
            description: line.description.or(line.memo).or(line.reference),
            amount: money(ctx, line.debit - line.credit),
        })
        .collect();
    let open = store::open_lines(db, ctx.company, journal, as_of).await?;
    let unmatched_lines = open
        .into_iter()
        .map(|line| line_view(ctx, line, &matches))
        .collect();
    Ok(ReconciliationReport {
        journal_id,
        as_of: as_of.to_string(),
        currency: ctx.currency.code.to_owned(),
        statement_balance: money(ctx, statement_balance),
        book_balance: money(ctx, book_balance),
        difference: money(ctx, statement_balance - book_balance),
        unmatched_lines,
        unreconciled_items,
    })
}
