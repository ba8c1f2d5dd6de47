//! Year-end close: the profit and loss of a fiscal year moves into retained earnings by one
//! closing entry, the books lock up to the year end, and the year takes no more postings; reopening
//! reverses that entry and unlocks the year.

use arkan_kernel::FiscalYearId;
use arkan_platform::db::WriteTransaction;
use arkan_platform::state::BookSettings;

use super::settings::RETAINED_EARNINGS_TYPE;
use super::*;
use crate::domain::{DocumentState, Line};
use crate::service::entries::{post_new_entry, post_reversal};
use crate::store::{Entry, MovementFilter};

/// The journal type a closing entry goes to unless the caller names a journal.
const GENERAL_JOURNAL: &str = "general";

async fn load_year(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    id: FiscalYearId,
) -> ApiResult<FiscalYear> {
    store::fiscal_year_by_id(transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("fiscal_year"))
}

/// The account profit and loss closes into: the caller's, else the setting; an active `equity`
/// account of the company (400 on `retainedEarningsAccountId` otherwise).
async fn retained_earnings_account(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    named: Option<Uuid>,
) -> ApiResult<Uuid> {
    const FIELD: &str = "retainedEarningsAccountId";
    let Some(id) = (match named {
        Some(id) => Some(id),
        None => store::retained_earnings_account(transaction, ctx.company).await?,
    }) else {
        return Err(ApiError::invalid_field(
            FIELD,
            "name the equity account to close into, or set it in the accounting settings",
        ));
    };
    let account = store::accounts_by_ids(transaction, ctx.company, &[id])
        .await?
        .into_iter()
        .find(|account| account.active);
    match account {
        None => Err(ApiError::invalid_field(
            FIELD,
            "no such active account in this company",
        )),
        Some(account) if account.account_type != RETAINED_EARNINGS_TYPE => {
            Err(ApiError::invalid_field(FIELD, "must be an equity account"))
        }
        Some(account) => Ok(account.id),
    }
}

/// The journal of the closing entry: the caller's, else the company's general journal.
async fn closing_journal(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    named: Option<Uuid>,
) -> ApiResult<Journal> {
    let journal = match named {
        Some(id) => store::journal_by_id(transaction, ctx.company, id).await?,
        None => store::first_journal_of_type(transaction, ctx.company, GENERAL_JOURNAL).await?,
    };
    journal.ok_or_else(|| match named {
        Some(_) => ApiError::invalid_field("journalId", "no such journal in this company"),
        None => ApiError::invalid_field(
            "journalId",
            "the company has no general journal; name the journal of the closing entry",
        ),
    })
}

/// One line per profit and loss account with a balance over the year, each reversing it, and
/// the net on `retained_earnings`; empty when every balance is zero. Earlier closing entries of
/// the year (and their reversals, after a reopen) are left out: they cancel each other.
async fn closing_lines(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    year: &FiscalYear,
    retained_earnings: Uuid,
) -> ApiResult<Vec<Line>> {
    let filter = MovementFilter {
        since: Some(year.date_from),
        until: Some(year.date_to),
        without_closing: true,
        ..MovementFilter::default()
    };
    let movements = store::movements(transaction, ctx.company, filter).await?;
    let accounts = store::list_all_accounts(transaction, ctx.company).await?;
    let line = |account_id: Uuid, balance: i64, description: &str| Line {
        id: Uuid::now_v7(),
        account_id,
        partner_id: None,
        description: Some(description.to_owned()),
        debit_minor: (-balance).max(0),
        credit_minor: balance.max(0),
        currency: None,
        amount_currency_minor: None,
        project_id: None,
        tax_id: None,
    };
    let mut lines = Vec::new();
    let mut net = 0_i64;
    // By code (the accounts come sorted), so the entry reads like the chart.
    for account in accounts
        .iter()
        .filter(|account| domain::is_profit_and_loss(&account.account_type))
    {
        let balance = movements
            .iter()
            .find(|movement| movement.account_id == account.id)
            .map_or(0, |movement| movement.net());
        if balance != 0 {
            net += balance;
            lines.push(line(account.id, balance, "Year-end close"));
        }
    }
    if net != 0 {
        // The P&L lines credit `net` (debit balances) overall: retained earnings takes the
        // other side, a debit for a loss, a credit for a profit.
        lines.push(line(retained_earnings, -net, "Profit and loss of the year"));
    }
    Ok(lines)
}

/// Moves the lock date to `date` (the caller decided it must move), and says so: the lock date
/// is one of the accounting settings.
async fn set_lock_date(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    date: NaiveDate,
) -> ApiResult<()> {
    let (_, start_month) = store::ledger_settings(&**transaction, ctx.company).await?;
    let settings = BookSettings {
        fiscal_year_start_month: i32::try_from(start_month).unwrap_or(1),
        lock_date: Some(date),
    };
    store::set_book_settings(&**transaction, ctx.company, settings, now_micros()).await?;
    transaction.emit(
        ctx.company,
        events::ACCOUNTING_SETTINGS_UPDATED,
        ctx.company.0,
    );
    Ok(())
}

/// Saves the year's new state, only if it is still in `from` (409 otherwise: another request
/// moved it first, and this one rolls back).
async fn save_state(
    transaction: &WriteTransaction,
    ctx: &Ctx,
    year: &mut FiscalYear,
    to: FiscalYearState,
    closing_entry_id: Option<Uuid>,
) -> ApiResult<()> {
    let from = year.state;
    year.state = to;
    year.closing_entry_id = closing_entry_id;
    year.updated_at = now_micros();
    if store::set_fiscal_year_state(&**transaction, ctx.company, year, from).await? {
        return Ok(());
    }
    Err(match from {
        FiscalYearState::Open => errors::fiscal_year_not_open(&year.name),
        FiscalYearState::Closed => errors::fiscal_year_not_closed(&year.name),
    })
}

/// Closes an open fiscal year whose earlier years are closed and that holds no draft entry. In
/// one transaction: the closing entry is posted while the year is still open and unlocked (it is
/// dated the year end), then the lock date moves to the year end, then the year is marked closed.
pub async fn close_fiscal_year(
    platform: &Platform,
    ctx: &Ctx,
    id: FiscalYearId,
    input: CloseFiscalYear,
) -> ApiResult<FiscalYearView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut year = load_year(&transaction, ctx, id).await?;
    if year.state != FiscalYearState::Open {
        return Err(errors::fiscal_year_not_open(&year.name));
    }
    let retained_earnings =
        retained_earnings_account(&transaction, ctx, input.retained_earnings_account_id).await?;
    let journal = closing_journal(&transaction, ctx, input.journal_id).await?;
    if store::fiscal_year_beside_in(
        &*transaction,
        ctx.company,
        year.date_from,
        true,
        FiscalYearState::Open,
    )
    .await?
    {
        return Err(errors::previous_year_open(&year.name));
    }
    if store::has_entry_between(
        &*transaction,
        ctx.company,
        DocumentState::Draft,
        year.date_from,
        year.date_to,
    )
    .await?
    {
        return Err(errors::fiscal_year_has_drafts(&year.name));
    }

    let lines = closing_lines(&transaction, ctx, &year, retained_earnings).await?;
    let closing_entry_id = if lines.is_empty() {
        None
    } else {
        let mut entry = Entry::draft(
            journal.id,
            year.date_to,
            Some(year.name.clone()),
            Some(format!("Closing of fiscal year {}", year.name)),
            lines,
            now_micros(),
        );
        entry.closing = true;
        post_new_entry(&mut transaction, ctx, &mut entry).await?;
        Some(entry.id)
    };
    let (lock_date, _) = store::ledger_settings(&*transaction, ctx.company).await?;
    if lock_date.is_none_or(|lock_date| lock_date < year.date_to) {
        set_lock_date(&mut transaction, ctx, year.date_to).await?;
    }
    save_state(
        &transaction,
        ctx,
        &mut year,
        FiscalYearState::Closed,
        closing_entry_id,
    )
    .await?;
    transaction.emit(ctx.company, events::FISCAL_YEAR_CLOSED, year.id);
    transaction.commit().await?;
    Ok(fiscal_year_view(year))
}

/// Reopens a closed fiscal year while no later year is closed. In one transaction: the lock date
/// moves back before the year and the year opens first, so the reversal of its closing entry
/// (dated the year end, like the entry) may post; the original stays, marked reversed.
pub async fn reopen_fiscal_year(
    platform: &Platform,
    ctx: &Ctx,
    id: FiscalYearId,
) -> ApiResult<FiscalYearView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut year = load_year(&transaction, ctx, id).await?;
    if year.state != FiscalYearState::Closed {
        return Err(errors::fiscal_year_not_closed(&year.name));
    }
    if store::fiscal_year_beside_in(
        &*transaction,
        ctx.company,
        year.date_to,
        false,
        FiscalYearState::Closed,
    )
    .await?
    {
        return Err(errors::later_year_closed(&year.name));
    }
    let (lock_date, _) = store::ledger_settings(&*transaction, ctx.company).await?;
    if let Some(lock_date) = lock_date
        && lock_date >= year.date_from
    {
        let day_before = year.date_from.pred_opt().unwrap_or(year.date_from);
        set_lock_date(&mut transaction, ctx, day_before).await?;
    }
    let closing_entry_id = year.closing_entry_id;
    save_state(&transaction, ctx, &mut year, FiscalYearState::Open, None).await?;
    if let Some(closing_entry_id) = closing_entry_id {
        let closing = store::entry_by_id(&*transaction, ctx.company, closing_entry_id)
            .await?
            .ok_or_else(|| ApiError::not_found("journal_entry"))?;
        post_reversal(
            &mut transaction,
            ctx,
            &closing,
            year.date_to,
            Some(format!("reopening of fiscal year {}", year.name)),
        )
        .await?;
    }
    transaction.emit(ctx.company, events::FISCAL_YEAR_REOPENED, year.id);
    transaction.commit().await?;
    Ok(fiscal_year_view(year))
}
