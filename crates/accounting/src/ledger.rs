//! Use cases of journal entries and the ledger reports: draft, post (gapless number, balances,
//! hash chain, all in one transaction), reverse, batch post, trial balance, chain verification.

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{Currency, format_minor};
use arkan_platform::error::{ApiError, ApiResult, Validation, is_foreign_key_violation};
use arkan_platform::list::{Page, PageRequest};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use uuid::Uuid;

use crate::api::*;
use crate::domain::{self, HashedEntry, Line};
use crate::service::{fiscal_year_around, optional_date, optional_uuid};
use crate::store::{self, Entry, EntryFilter};

/// The most entries one batch may post.
pub const MAX_BATCH: usize = 1_000;
/// The most lines one entry may have (and what keeps an entry's sums far from overflowing).
pub const MAX_LINES: usize = 2_000;

fn entry_view(ctx: &Ctx, entry: Entry) -> JournalEntryView {
    let money = |minor: i64| format_minor(minor, ctx.currency.exponent);
    JournalEntryView {
        id: entry.id,
        journal_id: entry.journal_id,
        date: domain::format_date(entry.date),
        reference: entry.reference,
        memo: entry.memo,
        number: entry.number,
        state: entry.state,
        currency: ctx.currency.code.to_owned(),
        total_debit: money(entry.total_debit_minor),
        total_credit: money(entry.total_credit_minor),
        reversed_entry_id: entry.reversed_entry_id,
        reversal_of_id: entry.reversal_of_id,
        posted_at: entry.posted_at.map(rfc3339),
        hash: entry.hash,
        lines: entry
            .lines
            .into_iter()
            .map(|line| {
                let foreign = line.currency.as_deref().and_then(Currency::from_code);
                JournalLineView {
                    id: line.id,
                    account_id: line.account_id,
                    partner_id: line.partner_id,
                    description: line.description,
                    debit: money(line.debit_minor),
                    credit: money(line.credit_minor),
                    amount_currency: match (line.amount_currency_minor, foreign) {
                        (Some(amount), Some(currency)) => {
                            Some(format_minor(amount, currency.exponent))
                        }
                        _ => None,
                    },
                    currency: line.currency,
                    project_id: line.project_id,
                    tax_id: line.tax_id,
                }
            })
            .collect(),
        created_at: rfc3339(entry.created_at),
        updated_at: rfc3339(entry.updated_at),
    }
}

/// Turns line inputs into stored lines: amounts parsed exactly, foreign amounts converted at
/// the latest rate on or before `date` when no company amount is given, accounts of this company.
async fn build_lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    date: NaiveDate,
    inputs: Vec<JournalLineInput>,
    prefix: &str,
) -> ApiResult<(Vec<Line>, Vec<store::Account>)> {
    let mut validation = Validation::new();
    let mut lines = Vec::with_capacity(inputs.len());
    // Lines whose company amount was converted from their foreign amount.
    let mut converted_lines: Vec<usize> = Vec::new();
    for (index, input) in inputs.into_iter().enumerate() {
        let field = |name: &str| format!("{prefix}lines[{index}].{name}");
        let debit = input
            .debit
            .as_ref()
            .and_then(|text| {
                domain::amount(&mut validation, &field("debit"), &text.0, ctx.currency)
            })
            .unwrap_or(0);
        let credit = input
            .credit
            .as_ref()
            .and_then(|text| {
                domain::amount(&mut validation, &field("credit"), &text.0, ctx.currency)
            })
            .unwrap_or(0);
        if debit < 0 {
            validation.add(field("debit"), "must not be negative");
        }
        if credit < 0 {
            validation.add(field("credit"), "must not be negative");
        }
        if debit != 0 && credit != 0 {
            validation.add(field("debit"), "a line is a debit or a credit, not both");
        }
        let currency = input
            .currency
            .as_deref()
            .map(str::trim)
            .filter(|code| !code.is_empty());
        let foreign = match currency {
            None => None,
            Some(code) => match Currency::from_code(code) {
                Some(currency) => Some(currency),
                None => {
                    validation.add(
                        field("currency"),
                        "must be an ISO 4217 currency code this system knows",
                    );
                    None
                }
            },
        };
        let amount_currency = match (&input.amount_currency, foreign) {
            (Some(text), Some(currency)) => {
                domain::amount(&mut validation, &field("amountCurrency"), &text.0, currency)
            }
            (Some(_), None) => {
                validation.add(field("currency"), "is required with amountCurrency");
                None
            }
            (None, _) => None,
        };
        let (mut debit, mut credit) = (debit, credit);
        if debit == 0
            && credit == 0
            && let (Some(amount), Some(from)) = (amount_currency, foreign)
        {
            match store::rate_on(db, ctx.company, from.code, date).await? {
                Some(rate) => match domain::convert(amount, from, rate, ctx.currency) {
                    Some(converted) if converted.abs() <= domain::MAX_AMOUNT_MINOR => {
                        converted_lines.push(lines.len());
                        if converted >= 0 {
                            debit = converted;
                        } else {
                            credit = -converted;
                        }
                    }
                    _ => validation.add(field("amountCurrency"), "is too large once converted"),
                },
                None => validation.add(
                    field("currency"),
                    format!(
                        "no {} rate on or before {}",
                        from.code,
                        domain::format_date(date)
                    ),
                ),
            }
        }
        let description = input
            .description
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty());
        if description
            .as_ref()
            .is_some_and(|text| text.chars().count() > 500)
        {
            validation.add(field("description"), "must be at most 500 characters");
        }
        lines.push(Line {
            id: Uuid::now_v7(),
            account_id: input.account_id,
            partner_id: input.partner_id,
            description,
            debit_minor: debit,
            credit_minor: credit,
            currency: foreign.map(|currency| currency.code.to_owned()),
            amount_currency_minor: amount_currency,
            project_id: input.project_id,
            tax_id: input.tax_id,
        });
    }
    spread_conversion_rounding(&mut lines, &converted_lines);
    let ids: Vec<Uuid> = lines.iter().map(|line| line.account_id).collect();
    let known = store::accounts_by_ids(db, ctx.company, &ids).await?;
    for (index, line) in lines.iter().enumerate() {
        if !known.iter().any(|account| account.id == line.account_id) {
            validation.add(
                format!("{prefix}lines[{index}].accountId"),
                "no such account in this company",
            );
        }
    }
    validation.finish()?;
    Ok((lines, known))
}

/// When every line was converted from one foreign currency and the foreign amounts balance,
/// rounding each line may leave the company amounts a few minor units apart; the difference goes
/// to the largest converted line on the heavier side, so what balances in the document currency
/// balances in the books.
fn spread_conversion_rounding(lines: &mut [Line], converted: &[usize]) {
    if converted.len() != lines.len() || lines.is_empty() {
        return;
    }
    let one_currency = lines
        .windows(2)
        .all(|pair| pair[0].currency == pair[1].currency);
    let foreign_total: i64 = lines
        .iter()
        .filter_map(|line| line.amount_currency_minor)
        .sum();
    if !one_currency || foreign_total != 0 {
        return;
    }
    let debit: i64 = lines.iter().map(|line| line.debit_minor).sum();
    let credit: i64 = lines.iter().map(|line| line.credit_minor).sum();
    let difference = debit - credit;
    if difference == 0 {
        return;
    }
    let heavier_is_debit = difference > 0;
    let target = lines
        .iter_mut()
        .filter(|line| {
            if heavier_is_debit {
                line.debit_minor > 0
            } else {
                line.credit_minor > 0
            }
        })
        .max_by_key(|line| line.debit_minor.max(line.credit_minor));
    if let Some(line) = target {
        if heavier_is_debit {
            line.debit_minor -= difference;
        } else {
            line.credit_minor += difference;
        }
    }
}

fn check_header(validation: &mut Validation, reference: &Option<String>, memo: &Option<String>) {
    if reference
        .as_ref()
        .is_some_and(|text| text.chars().count() > 200)
    {
        validation.add("reference", "must be at most 200 characters");
    }
    if memo
        .as_ref()
        .is_some_and(|text| text.chars().count() > 2000)
    {
        validation.add("memo", "must be at most 2000 characters");
    }
}

fn reference_error(error: sea_orm::DbErr) -> ApiError {
    if is_foreign_key_violation(&error) {
        ApiError::invalid_field(
            "lines",
            "a partner or tax of a line does not exist in this company",
        )
    } else {
        error.into()
    }
}

/// What checking a draft read, so posting it in the same transaction need not read it again.
struct Known {
    journal: store::Journal,
    accounts: Vec<store::Account>,
}

/// Checks a new entry and builds its lines (reads only: callers insert it).
async fn prepare_draft(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    input: CreateJournalEntry,
    prefix: &str,
) -> ApiResult<(Entry, Known)> {
    let mut validation = Validation::new();
    let date = domain::parse_date(&mut validation, &format!("{prefix}date"), &input.date);
    let reference = input
        .reference
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    let memo = input
        .memo
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    check_header(&mut validation, &reference, &memo);
    if input.lines.len() > MAX_LINES {
        validation.add(format!("{prefix}lines"), "at most 2,000 lines");
    }
    validation.finish()?;
    let date = date.unwrap_or_default();
    let journal = store::journal_by_id(db, ctx.company, input.journal_id)
        .await?
        .ok_or_else(|| {
            ApiError::invalid_field(
                &format!("{prefix}journalId"),
                "no such journal in this company",
            )
        })?;
    let (lines, accounts) = build_lines(db, ctx, date, input.lines, prefix).await?;
    let now = now_micros();
    let entry = Entry::draft(input.journal_id, date, reference, memo, lines, now);
    Ok((entry, Known { journal, accounts }))
}

pub async fn create_entry(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateJournalEntry,
) -> ApiResult<JournalEntryView> {
    ctx.require_write(Area::Accounting)?;
    // Checks read before the write turn; the insert itself is all the turn holds.
    let (entry, _) = prepare_draft(platform.db.connection(), ctx, input, "").await?;
    let transaction = platform.db.write().await?;
    store::insert_entry(&*transaction, ctx.company, &entry)
        .await
        .map_err(reference_error)?;
    transaction.commit().await?;
    Ok(entry_view(ctx, entry))
}

async fn load(db: &impl ConnectionTrait, ctx: &Ctx, id: Uuid) -> ApiResult<Entry> {
    store::entry_by_id(db, ctx.company, id)
        .await?
        .ok_or_else(|| ApiError::not_found("journal_entry"))
}

fn changed_meanwhile() -> ApiError {
    ApiError::conflict(
        "journal_entry_changed",
        "The entry changed while this request was handled; fetch it and try again",
    )
}

fn require_draft(entry: &Entry, action: &str) -> ApiResult<()> {
    if entry.state == "draft" {
        Ok(())
    } else {
        Err(ApiError::conflict(
            "journal_entry_not_draft",
            format!(
                "Only a draft entry can be {action}; this one is {}",
                entry.state
            ),
        ))
    }
}

pub async fn get_entry(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<JournalEntryView> {
    Ok(entry_view(
        ctx,
        load(platform.db.connection(), ctx, id).await?,
    ))
}

pub async fn update_entry(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
    patch: UpdateJournalEntry,
) -> ApiResult<JournalEntryView> {
    ctx.require_write(Area::Accounting)?;
    let transaction = platform.db.write().await?;
    let mut entry = load(&*transaction, ctx, id).await?;
    require_draft(&entry, "changed")?;
    let read_version = entry.updated_at;
    let mut validation = Validation::new();
    if let Some(date) = patch.date
        && let Some(date) = domain::parse_date(&mut validation, "date", &date)
    {
        entry.date = date;
    }
    if let Some(reference) = patch.reference {
        entry.reference = reference
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty());
    }
    if let Some(memo) = patch.memo {
        entry.memo = memo
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty());
    }
    check_header(&mut validation, &entry.reference, &entry.memo);
    validation.finish()?;
    if let Some(journal) = patch.journal_id {
        if store::journal_by_id(&*transaction, ctx.company, journal)
            .await?
            .is_none()
        {
            return Err(ApiError::invalid_field(
                "journalId",
                "no such journal in this company",
            ));
        }
        entry.journal_id = journal;
    }
    let replace_lines = patch.lines.is_some();
    if let Some(lines) = patch.lines {
        if lines.len() > MAX_LINES {
            return Err(ApiError::invalid_field("lines", "at most 2,000 lines"));
        }
        entry.lines = build_lines(&*transaction, ctx, entry.date, lines, "")
            .await?
            .0;
        entry.total_debit_minor = entry.lines.iter().map(|line| line.debit_minor).sum();
        entry.total_credit_minor = entry.lines.iter().map(|line| line.credit_minor).sum();
    }
    entry.updated_at = now_micros().max(read_version + 1);
    let saved = store::update_draft(
        &*transaction,
        ctx.company,
        &entry,
        read_version,
        replace_lines,
    )
    .await
    .map_err(reference_error)?;
    if !saved {
        return Err(changed_meanwhile());
    }
    transaction.commit().await?;
    Ok(entry_view(ctx, entry))
}

pub async fn delete_entry(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<()> {
    ctx.require_write(Area::Accounting)?;
    let transaction = platform.db.write().await?;
    let entry = load(&*transaction, ctx, id).await?;
    require_draft(&entry, "deleted")?;
    if !store::delete_draft(&*transaction, ctx.company, id, entry.updated_at).await? {
        return Err(changed_meanwhile());
    }
    transaction.commit().await?;
    Ok(())
}

/// What posting an entry needs that can be read before the write: checked totals, the journal,
/// the fiscal year (None when it is to be opened), and the version of the draft that was checked.
struct PostingPlan {
    debit: i64,
    credit: i64,
    journal: store::Journal,
    start_month: u32,
    fiscal_year: Option<store::FiscalYear>,
    checked_version: i64,
}

/// Every check of posting: a draft, balanced to the minor unit, active accounts of this company,
/// partners on receivable/payable lines, a date after the lock date in an open fiscal year.
async fn plan_posting(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    entry: &Entry,
    known: Option<Known>,
) -> ApiResult<PostingPlan> {
    require_draft(entry, "posted")?;
    let (debit, credit) = domain::check_balanced(&entry.lines, ctx.currency)?;
    let (journal, accounts) = match known {
        Some(known) => (Some(known.journal), known.accounts),
        None => {
            let ids: Vec<Uuid> = entry.lines.iter().map(|line| line.account_id).collect();
            (None, store::accounts_by_ids(db, ctx.company, &ids).await?)
        }
    };
    let mut validation = Validation::new();
    for (index, line) in entry.lines.iter().enumerate() {
        match accounts
            .iter()
            .find(|account| account.id == line.account_id)
        {
            None => validation.add(
                format!("lines[{index}].accountId"),
                "no such account in this company",
            ),
            Some(account) if !account.active => {
                validation.add(
                    format!("lines[{index}].accountId"),
                    format!("account {} is archived", account.code),
                );
            }
            Some(account)
                if domain::needs_partner(&account.account_type) && line.partner_id.is_none() =>
            {
                validation.add(
                    format!("lines[{index}].partnerId"),
                    format!(
                        "a line on {} ({}) needs a partner",
                        account.code, account.account_type
                    ),
                );
            }
            Some(_) => {}
        }
    }
    validation.finish()?;
    let (lock_date, start_month) = store::ledger_settings(db, ctx.company).await?;
    if let Some(lock_date) = lock_date
        && entry.date <= lock_date
    {
        return Err(ApiError::conflict(
            "period_locked",
            format!(
                "The books are locked up to {}",
                domain::format_date(lock_date)
            ),
        ));
    }
    let journal = match journal {
        Some(journal) => journal,
        None => store::journal_by_id(db, ctx.company, entry.journal_id)
            .await?
            .ok_or_else(|| {
                ApiError::invalid_field("journalId", "no such journal in this company")
            })?,
    };
    let fiscal_year = store::fiscal_years_between(db, ctx.company, entry.date, entry.date)
        .await?
        .into_iter()
        .next();
    if let Some(year) = &fiscal_year
        && year.state != "open"
    {
        return Err(ApiError::conflict(
            "fiscal_year_closed",
            format!("Fiscal year {} is closed", year.name),
        ));
    }
    Ok(PostingPlan {
        debit,
        credit,
        journal,
        start_month,
        fiscal_year,
        checked_version: entry.updated_at,
    })
}

/// Writes a checked posting. The first statement moves the draft to posted only if it is still
/// the draft that was checked and its date is still after the lock date; then come the rows every
/// posting shares (the accounts' day balances, the journal's sequence, the company's chain),
/// with nothing else between them and the commit.
async fn write_posting(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    entry: &mut Entry,
    plan: PostingPlan,
) -> ApiResult<()> {
    let now = now_micros();
    entry.state = "posted".to_owned();
    entry.posted_at = Some(now);
    entry.updated_at = now;
    entry.total_debit_minor = plan.debit;
    entry.total_credit_minor = plan.credit;
    if !store::mark_posted(transaction, ctx.company, entry, plan.checked_version).await? {
        // Something changed since the checks: run them again for the precise reason.
        let current = load(transaction, ctx, entry.id).await?;
        plan_posting(transaction, ctx, &current, None).await?;
        return Err(changed_meanwhile());
    }
    store::mark_lines_posted(transaction, ctx.company, entry).await?;
    let fiscal_year = match plan.fiscal_year {
        Some(year) => year,
        None => fiscal_year_for(transaction, ctx, entry.date, plan.start_month).await?,
    };

    // The chain first: every posting transaction takes the company's chain row before any other
    // shared row, so two postings (or a batch and a posting) can never wait on each other in
    // opposite orders.
    let (previous_hash, position) = store::next_chain_link(transaction, ctx.company).await?;
    store::add_to_balances(transaction, ctx.company, entry.date, &entry.lines, 1).await?;
    let number =
        store::take_number(transaction, ctx.company, plan.journal.id, fiscal_year.id).await?;
    let number = domain::entry_number(&plan.journal.code, &fiscal_year.name, number);
    let hash = HashedEntry {
        previous_hash: &previous_hash,
        company_id: ctx.company.0,
        entry_id: entry.id,
        journal_id: entry.journal_id,
        number: &number,
        date: entry.date,
        lines: &entry.lines,
    }
    .hash();
    entry.number = Some(number);
    entry.hash = Some(hash.clone());
    entry.chain_position = Some(position);
    store::set_chain_hash(transaction, ctx.company, &hash).await?;
    store::seal_entry(transaction, ctx.company, entry).await?;
    Ok(())
}

/// Inserts a new entry and posts it inside `transaction`: how other documents (invoices, later
/// payments) reach the ledger, through the same checks as any posting.
pub(crate) async fn post_new_entry(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    entry: &mut Entry,
) -> ApiResult<()> {
    store::insert_entry(transaction, ctx.company, entry)
        .await
        .map_err(reference_error)?;
    post_in(transaction, ctx, entry, None).await
}

/// Checks and posts a draft inside `transaction` (reversals and batches).
async fn post_in(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    entry: &mut Entry,
    known: Option<Known>,
) -> ApiResult<()> {
    let plan = plan_posting(transaction, ctx, entry, known).await?;
    write_posting(transaction, ctx, entry, plan).await
}

/// The fiscal year holding `date`, opened on demand from the company's start month when the
/// company has none there yet. A closed year refuses postings.
async fn fiscal_year_for(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    date: NaiveDate,
    start_month: u32,
) -> ApiResult<store::FiscalYear> {
    let (from, to) = fiscal_year_around(date, start_month);
    for _ in 0..2 {
        // One read of every year touching the twelve months around the date: a concurrent
        // posting that just opened the year shows up here as the year holding the date.
        let years = store::fiscal_years_between(transaction, ctx.company, from, to).await?;
        if let Some(year) = years
            .iter()
            .find(|year| year.date_from <= date && date <= year.date_to)
        {
            if year.state != "open" {
                return Err(ApiError::conflict(
                    "fiscal_year_closed",
                    format!("Fiscal year {} is closed", year.name),
                ));
            }
            return Ok(year.clone());
        }
        if !years.is_empty() {
            // A year set up by hand covers part of these months but not this date.
            return Err(ApiError::conflict(
                "fiscal_year_overlap",
                format!(
                    "No fiscal year holds {}, and opening {}..{} would overlap another; create the year first",
                    domain::format_date(date),
                    domain::format_date(from),
                    domain::format_date(to)
                ),
            ));
        }
        let now = now_micros();
        let year = store::FiscalYear {
            id: Uuid::now_v7(),
            name: crate::service::year_label(from, to),
            date_from: from,
            date_to: to,
            state: "open".to_owned(),
            created_at: now,
            updated_at: now,
        };
        store::insert_fiscal_year_if_absent(transaction, ctx.company, &year).await?;
    }
    Err(ApiError::conflict(
        "fiscal_year_overlap",
        "The entry's date falls in no fiscal year, and a new one would overlap another",
    ))
}

pub async fn post_entry(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<JournalEntryView> {
    ctx.require_write(Area::Accounting)?;
    // Checks read before the write turn; the write re-checks the draft's version in its first
    // statement, so a change in between cannot slip through.
    let mut entry = load(platform.db.connection(), ctx, id).await?;
    let plan = plan_posting(platform.db.connection(), ctx, &entry, None).await?;
    let transaction = platform.db.write().await?;
    write_posting(&transaction, ctx, &mut entry, plan).await?;
    transaction.commit().await?;
    Ok(entry_view(ctx, entry))
}

/// Creates and posts the mirror entry (debits and credits swapped) and links the two. The
/// reversal is dated `date` (the original's date when absent).
pub async fn reverse_entry(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
    input: ReverseJournalEntry,
) -> ApiResult<JournalEntryView> {
    ctx.require_write(Area::Accounting)?;
    let mut validation = Validation::new();
    let date = input
        .date
        .as_deref()
        .and_then(|text| domain::parse_date(&mut validation, "date", text));
    validation.finish()?;
    let transaction = platform.db.write().await?;
    let original = load(&*transaction, ctx, id).await?;
    if original.state != "posted" {
        return Err(ApiError::conflict(
            "journal_entry_not_posted",
            "Only a posted entry can be reversed",
        ));
    }
    if original.reversed_entry_id.is_some() {
        return Err(ApiError::conflict(
            "journal_entry_already_reversed",
            "This entry was already reversed",
        ));
    }
    if original.reversal_of_id.is_some() {
        return Err(ApiError::conflict(
            "journal_entry_is_reversal",
            "A reversal cannot itself be reversed; post a new entry",
        ));
    }
    let now = now_micros();
    let reason = input
        .reason
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    let number = original.number.clone().unwrap_or_default();
    let lines = original
        .lines
        .iter()
        .map(|line| Line {
            id: Uuid::now_v7(),
            debit_minor: line.credit_minor,
            credit_minor: line.debit_minor,
            amount_currency_minor: line.amount_currency_minor.map(|amount| -amount),
            ..line.clone()
        })
        .collect();
    let memo = match reason {
        Some(reason) => format!("Reversal of {number}: {reason}"),
        None => format!("Reversal of {number}"),
    };
    let mut reversal = Entry::draft(
        original.journal_id,
        date.unwrap_or(original.date),
        original.reference.clone(),
        Some(memo),
        lines,
        now,
    );
    reversal.reversal_of_id = Some(original.id);
    if !store::link_reversal(&*transaction, ctx.company, original.id, reversal.id, now).await? {
        return Err(ApiError::conflict(
            "journal_entry_already_reversed",
            "This entry was already reversed",
        ));
    }
    store::insert_entry(&*transaction, ctx.company, &reversal).await?;
    post_in(&transaction, ctx, &mut reversal, None).await?;
    transaction.commit().await?;
    Ok(entry_view(ctx, reversal))
}

/// Creates and posts up to [`MAX_BATCH`] entries in one transaction: all or none. Errors name
/// the entry (`entries[3].lines[1].debit`).
pub async fn post_batch(
    platform: &Platform,
    ctx: &Ctx,
    input: BatchJournalEntries,
) -> ApiResult<BatchResult> {
    ctx.require_write(Area::Accounting)?;
    if input.entries.is_empty() || input.entries.len() > MAX_BATCH {
        return Err(ApiError::invalid_field(
            "entries",
            "must hold 1 to 1,000 entries",
        ));
    }
    let transaction = platform.db.write().await?;
    let mut posted = Vec::with_capacity(input.entries.len());
    for (index, entry) in input.entries.into_iter().enumerate() {
        let prefix = format!("entries[{index}].");
        let (mut entry, known) = prepare_draft(&*transaction, ctx, entry, &prefix).await?;
        store::insert_entry(&*transaction, ctx.company, &entry)
            .await
            .map_err(reference_error)?;
        post_in(&transaction, ctx, &mut entry, Some(known))
            .await
            .map_err(|mut error| {
                for field in &mut error.errors {
                    field.field = format!("{prefix}{}", field.field);
                }
                error
            })?;
        posted.push(entry);
    }
    transaction.commit().await?;
    Ok(BatchResult {
        data: posted
            .into_iter()
            .map(|entry| entry_view(ctx, entry))
            .collect(),
    })
}

pub async fn list_entries(
    platform: &Platform,
    ctx: &Ctx,
    query: EntryListQuery,
) -> ApiResult<Page<JournalEntryView>> {
    let state = query.state.as_deref().filter(|text| !text.is_empty());
    if let Some(state) = state
        && !matches!(state, "draft" | "posted" | "cancelled")
    {
        return Err(ApiError::invalid_field(
            "state",
            "must be draft, posted or cancelled",
        ));
    }
    let filter = EntryFilter {
        state,
        journal_id: optional_uuid("journal_id", query.journal_id.as_deref())?,
        account_id: optional_uuid("account_id", query.account_id.as_deref())?,
        partner_id: optional_uuid("partner_id", query.partner_id.as_deref())?,
        date_from: optional_date("date_from", query.date_from.as_deref())?,
        date_to: optional_date("date_to", query.date_to.as_deref())?,
        q: query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()),
    };
    let fingerprint = format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        filter.state,
        filter.journal_id,
        filter.account_id,
        filter.partner_id,
        filter.date_from,
        filter.date_to,
        filter.q
    );
    let page = PageRequest::parse(&query.page, &ENTRY_LIST, &fingerprint)?;
    let (rows, total) =
        store::list_entries(platform.db.connection(), ctx.company, &filter, &page).await?;
    Ok(page
        .page(rows, total, |entry| {
            (SortValue::Integer(entry.created_at), entry.id)
        })
        .map(|entry| entry_view(ctx, entry)))
}

static ENTRY_LIST: arkan_platform::list::ListSpec = arkan_platform::list::ListSpec {
    name: "accounting.journal_entries",
    sorts: &[arkan_platform::list::CREATED_AT],
};

/// Opening, period and closing balances per account, debit positive. Profit and loss accounts
/// start each fiscal year at zero; what they earned in earlier years opens in the company's
/// undistributed-earnings account (`equity_unaffected`), so the opening column still balances.
pub async fn trial_balance(
    platform: &Platform,
    ctx: &Ctx,
    query: TrialBalanceQuery,
) -> ApiResult<TrialBalance> {
    let today = chrono::Utc::now().date_naive();
    let date_to = optional_date("date_to", query.date_to.as_deref())?.unwrap_or(today);
    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    let month = store::fiscal_year_start_month(db, ctx.company).await?;
    let date_from = match optional_date("date_from", query.date_from.as_deref())? {
        Some(date) => date,
        None => fiscal_year_around(date_to, month).0,
    };
    if date_from > date_to {
        return Err(ApiError::invalid_field(
            "date_from",
            "must be on or before date_to",
        ));
    }
    let year_start = fiscal_year_around(date_from, month).0;
    let day_before = date_from.pred_opt().unwrap_or(date_from);
    let before = store::balances(db, ctx.company, None, None, Some(day_before)).await?;
    let before_year = store::balances(db, ctx.company, None, None, year_start.pred_opt()).await?;
    let period = store::balances(db, ctx.company, None, Some(date_from), Some(date_to)).await?;
    let accounts = store::list_all_accounts(db, ctx.company).await?;

    let net = |rows: &[(Uuid, i64, i64)], id: Uuid| {
        rows.iter()
            .find(|row| row.0 == id)
            .map_or(0, |row| row.1 - row.2)
    };
    let earlier_earnings: i64 = accounts
        .iter()
        .filter(|account| domain::is_profit_and_loss(&account.account_type))
        .map(|account| net(&before_year, account.id))
        .sum();
    let unaffected = accounts
        .iter()
        .find(|account| account.account_type == "equity_unaffected")
        .map(|account| account.id);

    let money = |minor: i64| format_minor(minor, ctx.currency.exponent);
    let mut rows = Vec::new();
    let (mut total_opening, mut total_debit, mut total_credit, mut total_closing) =
        (0_i64, 0_i64, 0_i64, 0_i64);
    for account in accounts {
        let mut opening = net(&before, account.id);
        if domain::is_profit_and_loss(&account.account_type) && unaffected.is_some() {
            opening -= net(&before_year, account.id);
        }
        if Some(account.id) == unaffected {
            opening += earlier_earnings;
        }
        let (debit, credit) = period
            .iter()
            .find(|row| row.0 == account.id)
            .map_or((0, 0), |row| (row.1, row.2));
        if opening == 0 && debit == 0 && credit == 0 {
            continue;
        }
        let closing = opening + debit - credit;
        total_opening += opening;
        total_debit += debit;
        total_credit += credit;
        total_closing += closing;
        rows.push(TrialBalanceRow {
            account_id: account.id,
            code: account.code,
            name: account.name,
            account_type: account.account_type,
            opening_balance: money(opening),
            debit: money(debit),
            credit: money(credit),
            closing_balance: money(closing),
        });
    }
    Ok(TrialBalance {
        data: rows,
        totals: TrialBalanceTotals {
            opening_balance: money(total_opening),
            debit: money(total_debit),
            credit: money(total_credit),
            closing_balance: money(total_closing),
        },
    })
}

/// Walks the company's chain of posted entries and recomputes every hash.
pub async fn verify_chain(platform: &Platform, ctx: &Ctx) -> ApiResult<AuditVerification> {
    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    // The head first: entries posted while the walk runs are beyond it and not judged.
    let (head, count) = store::chain_head(db, ctx.company).await?;
    let mut previous = domain::GENESIS_HASH.to_owned();
    let mut position = 0_i64;
    loop {
        if position >= count {
            break;
        }
        let batch = store::chained_entries(
            db,
            ctx.company,
            position,
            500.min(u64::try_from(count - position).unwrap_or(500)),
        )
        .await?;
        if batch.is_empty() {
            break;
        }
        for entry in batch {
            let expected_position = position + 1;
            let recomputed = HashedEntry {
                previous_hash: &previous,
                company_id: ctx.company.0,
                entry_id: entry.id,
                journal_id: entry.journal_id,
                number: entry.number.as_deref().unwrap_or_default(),
                date: entry.date,
                lines: &entry.lines,
            }
            .hash();
            let balanced = entry.lines.iter().map(|line| line.debit_minor).sum::<i64>()
                == entry
                    .lines
                    .iter()
                    .map(|line| line.credit_minor)
                    .sum::<i64>();
            if entry.chain_position != Some(expected_position)
                || entry.hash.as_deref() != Some(recomputed.as_str())
                || !balanced
            {
                return Ok(AuditVerification {
                    valid: false,
                    entries_checked: position,
                    first_broken_entry_id: Some(entry.id),
                });
            }
            previous = recomputed;
            position = expected_position;
        }
    }
    let valid = count == position && (count == 0 || head == previous);
    Ok(AuditVerification {
        valid,
        entries_checked: position,
        first_broken_entry_id: None,
    })
}

/// Checks that the kept per-day balances equal the sums of the posted lines (for tests and
/// operators).
pub async fn balances_match_lines(platform: &Platform, ctx: &Ctx) -> ApiResult<bool> {
    let db = platform.db.connection();
    let mut kept = store::balances(db, ctx.company, None, None, None).await?;
    kept.retain(|row| row.1 != 0 || row.2 != 0);
    kept.sort_by_key(|row| row.0);
    let lines = store::balances_from_lines(db, ctx.company).await?;
    Ok(kept == lines)
}

static LEDGER_LIST: arkan_platform::list::ListSpec = arkan_platform::list::ListSpec {
    name: "accounting.general_ledger",
    sorts: &[arkan_platform::list::SortField {
        name: "date",
        column: "entry_date",
        kind: arkan_platform::list::SortKind::Date,
    }],
};

/// The posted lines of one account in date order, with the running balance after each line.
pub async fn general_ledger(
    platform: &Platform,
    ctx: &Ctx,
    query: GeneralLedgerQuery,
) -> ApiResult<GeneralLedger> {
    let account_id = optional_uuid("account_id", Some(query.account_id.as_str()))?
        .ok_or_else(|| ApiError::invalid_field("account_id", "is required"))?;
    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    let account = store::account_by_id(db, ctx.company, account_id)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    let month = store::fiscal_year_start_month(db, ctx.company).await?;
    let today = chrono::Utc::now().date_naive();
    let date_to = optional_date("date_to", query.date_to.as_deref())?.unwrap_or(today);
    let date_from = optional_date("date_from", query.date_from.as_deref())?
        .unwrap_or_else(|| fiscal_year_around(date_to, month).0);
    if date_from > date_to {
        return Err(ApiError::invalid_field(
            "date_from",
            "must be on or before date_to",
        ));
    }
    let mut params = query.page;
    params.sort = Some(params.sort.unwrap_or_else(|| "date".to_owned()));
    params.order = Some(params.order.unwrap_or_else(|| "asc".to_owned()));
    let page = PageRequest::parse(
        &params,
        &LEDGER_LIST,
        &format!("{account_id}|{date_from}|{date_to}"),
    )?;

    let since = domain::is_profit_and_loss(&account.account_type)
        .then(|| fiscal_year_around(date_from, month).0);
    let opening: i64 = store::balances(
        db,
        ctx.company,
        Some(&[account_id]),
        since,
        date_from.pred_opt(),
    )
    .await?
    .iter()
    .map(|(_, debit, credit)| debit - credit)
    .sum();
    let filtered = store::ledger_lines(ctx.company, account_id, date_from, date_to);
    let (rows, total) = store::list_ledger_lines(db, &filtered, &page).await?;
    let mut running = opening;
    if let Some(first) = rows.first() {
        running += if page.descending {
            // Everything in range up to and including the first row of a newest-first page.
            store::ledger_sum_before(db, &filtered, first.date, first.id).await? + first.debit_minor
                - first.credit_minor
        } else {
            store::ledger_sum_before(db, &filtered, first.date, first.id).await?
        };
    }
    let descending = page.descending;
    let page = page.page(rows, total, |line| {
        (SortValue::Text(domain::format_date(line.date)), line.id)
    });
    let money = |minor: i64| format_minor(minor, ctx.currency.exponent);
    let mut data = Vec::with_capacity(page.data.len());
    for line in page.data {
        let net = line.debit_minor - line.credit_minor;
        let balance = if descending {
            let after = running;
            running -= net;
            after
        } else {
            running += net;
            running
        };
        data.push(LedgerLineView {
            line_id: line.id,
            entry_id: line.entry_id,
            number: line.number,
            date: domain::format_date(line.date),
            partner_id: line.partner_id,
            description: line.description,
            debit: money(line.debit_minor),
            credit: money(line.credit_minor),
            balance: money(balance),
        });
    }
    Ok(GeneralLedger {
        data,
        meta: GeneralLedgerMeta {
            total: page.meta.total,
            limit: page.meta.limit,
            cursor: page.meta.cursor,
            has_more: page.meta.has_more,
            account_id,
            date_from: domain::format_date(date_from),
            date_to: domain::format_date(date_to),
            opening_balance: money(opening),
        },
    })
}
