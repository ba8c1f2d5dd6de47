//! Posting: every check, then the write of the lines, the day balances, the gapless number and
//! the hash chain in one transaction; reversals and batches go the same way.

use super::*;
use crate::domain::FiscalYearState;
use crate::errors;
use arkan_platform::db::OutboxRiders;
use sea_orm::sea_query::SubQueryStatement;

/// What posting an entry needs that can be read before the write: checked totals, the journal,
/// the fiscal year (None when it is to be opened), and the version of the draft that was checked.
struct PostingPlan {
    debit: i64,
    credit: i64,
    journal: store::Journal,
    start_month: u32,
    fiscal_year: Option<store::FiscalYear>,
    checked_version: i64,
    /// The entry's accounts (their types decide what it adds to the kept revenue).
    accounts: Vec<store::Account>,
}

/// Every check of posting a draft: balanced to the minor unit, active accounts of this company,
/// partners on receivable/payable lines, a date after the lock date in an open fiscal year.
async fn plan_posting(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    entry: &Entry,
) -> ApiResult<PostingPlan> {
    let ids: Vec<Uuid> = entry.lines.iter().map(|line| line.account_id).collect();
    let accounts = store::accounts_by_ids(db, ctx.company, &ids).await?;
    let (lock_date, start_month) = store::ledger_settings(db, ctx.company).await?;
    let (debit, credit) = check_entry(ctx, entry, &accounts, lock_date)?;
    let journal = store::journal_by_id(db, ctx.company, entry.journal_id)
        .await?
        .ok_or_else(|| ApiError::invalid_field("journalId", "no such journal in this company"))?;
    let fiscal_year = store::fiscal_years_between(db, ctx.company, entry.date, entry.date)
        .await?
        .into_iter()
        .next();
    if let Some(year) = &fiscal_year {
        year.state.require_open(&year.name)?;
    }
    Ok(PostingPlan {
        debit,
        credit,
        journal,
        start_month,
        fiscal_year,
        checked_version: entry.updated_at,
        accounts,
    })
}

/// The checks of posting that read nothing more: a draft, balanced to the minor unit, active
/// accounts of this company (among `accounts`), partners on receivable/payable lines, a date
/// after the lock date. Returns the totals.
fn check_entry(
    ctx: &Ctx,
    entry: &Entry,
    accounts: &[store::Account],
    lock_date: Option<NaiveDate>,
) -> ApiResult<(i64, i64)> {
    require_draft(entry, "posted")?;
    let totals = domain::check_balanced(&entry.lines, ctx.currency)?;
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
    if let Some(lock_date) = lock_date
        && entry.date <= lock_date
    {
        return Err(errors::period_locked(lock_date));
    }
    Ok(totals)
}

/// Writes a checked posting. The first statement moves the draft to posted only if it is still
/// the draft that was checked; then come the rows every posting shares ([`write_shared`], which
/// checks the lock date again) and nothing else before the commit. Names the
/// posting (`journal_entry.posted`) on the transaction: every posting, whoever makes it, comes
/// through here or through [`post_new_entries`].
async fn write_posting(
    writer: &mut WriteTransaction,
    ctx: &Ctx,
    entry: &mut Entry,
    plan: PostingPlan,
) -> ApiResult<()> {
    let transaction: &DatabaseTransaction = writer;
    let now = now_micros();
    entry.state = DocumentState::Posted;
    entry.posted_at = Some(now);
    entry.updated_at = now;
    entry.total_debit_minor = plan.debit;
    entry.total_credit_minor = plan.credit;
    if !store::mark_posted(transaction, ctx.company, entry, plan.checked_version).await? {
        // Something changed since the checks: run them again for the precise reason.
        let current = load(transaction, ctx, EntryId(entry.id)).await?;
        plan_posting(transaction, ctx, &current).await?;
        return Err(errors::journal_entry_changed());
    }
    store::mark_lines_posted(transaction, ctx.company, entry).await?;
    arkan_platform::metrics::global().count(arkan_platform::metrics::POSTINGS, 1);
    let (fiscal_year, opened) = match plan.fiscal_year {
        Some(year) => (year, false),
        None => fiscal_year_for(transaction, ctx, entry.date, plan.start_month).await?,
    };
    let seats = [Seat {
        journal: &plan.journal,
        year: &fiscal_year,
    }];
    let details = write_entries(
        transaction,
        ctx,
        std::slice::from_ref(entry),
        EntryRows::Seal,
    )
    .await?;
    // Named before the shared rows, whose last statement writes them to the outbox.
    if opened {
        writer.emit(ctx.company, events::FISCAL_YEAR_CREATED, fiscal_year.id);
    }
    writer.emit(ctx.company, events::JOURNAL_ENTRY_POSTED, entry.id);
    let entries = std::slice::from_mut(entry);
    write_shared(writer, ctx, entries, &seats, &plan.accounts, &details).await
}

/// Where a posted entry is numbered: its journal and fiscal year.
struct Seat<'a> {
    journal: &'a store::Journal,
    year: &'a store::FiscalYear,
}

/// Whether a posting's entries are new (inserted, unnumbered, before the chain is taken) or
/// drafts already in their table. Either way they are sealed (number, hash, chain position)
/// under the chain.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EntryRows {
    Insert,
    Seal,
}

/// The rows of `entries` (posted together) that no other posting shares, written before any
/// row every posting shares: new entries with their lines (`rows`), and their tax details
/// (derived from the lines where not given), which it returns for [`write_shared`]. Their
/// foreign keys are checked here, which on PostgreSQL locks the referenced company, accounts,
/// journals and taxes in share mode (costly when many postings name the same account), so
/// that happens while postings still run side by side.
async fn write_entries(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    entries: &[Entry],
    rows: EntryRows,
) -> ApiResult<Vec<(Uuid, NaiveDate, store::TaxDetail)>> {
    let mut details = Vec::new();
    for entry in entries {
        let taxes = if entry.tax_details.is_empty() {
            derived_tax_details(transaction, ctx, &entry.lines).await?
        } else {
            entry.tax_details.clone()
        };
        details.extend(taxes.into_iter().map(|tax| (entry.id, entry.date, tax)));
    }
    if rows == EntryRows::Insert {
        store::insert_entries(transaction, ctx.company, entries)
            .await
            .map_err(reference_error)?;
    }
    store::insert_tax_details(transaction, ctx.company, &details, now_micros())
        .await
        .map_err(reference_error)?;
    Ok(details)
}

/// The rows every posting shares, for `entries` posted together in this order (`seats[i]`
/// numbering `entries[i]`, `details` their tax details), once [`write_entries`] wrote their
/// own. Written while the company's chain row is held, in as few round trips as the database
/// allows (on PostgreSQL two; see `store::take_links` and `store::fold`), since every other
/// posting of the company waits for them:
///
/// 1. the company's chain row (every posting transaction takes it before any other shared
///    row, so two postings can never wait on each other in opposite orders), the journals'
///    sequences, which number the entries, and the accounts' day balances, the kept revenue
///    (closing entries left out) and the kept tax months; each entry's hash is then computed
///    from its number and the hash before it;
/// 2. each entry's number, hash and chain position, the outbox rows of the events the
///    transaction named so far ([`WriteTransaction::take_outbox`]: in the statement's `WITH`
///    on PostgreSQL, after it in its batch on SQLite, so the commit comes next), then the chain
///    head, whose statement reads the lock date again while the chain row is held: an entry on
///    or before it is refused (`period_locked`), and a change of the lock date cannot slip in
///    between (it takes the chain row too).
async fn write_shared(
    writer: &mut WriteTransaction,
    ctx: &Ctx,
    entries: &mut [Entry],
    seats: &[Seat<'_>],
    accounts: &[store::Account],
    details: &[(Uuid, NaiveDate, store::TaxDetail)],
) -> ApiResult<()> {
    let mut balances = std::collections::BTreeMap::new();
    let mut revenue = store::RevenueAdditions::new();
    let kind_of = |account_id: Uuid| {
        accounts
            .iter()
            .find(|account| account.id == account_id)
            .and_then(|account| domain::RevenueKind::of(&account.account_type))
    };
    for entry in entries.iter() {
        store::day_sums(&mut balances, entry.date, &entry.lines);
        if !entry.closing {
            store::add_entry_revenue(&mut revenue, entry.date, &entry.lines, kind_of);
        }
    }
    let mut kept = store::balance_additions(ctx.company, &balances);
    kept.extend(store::revenue_additions(ctx.company, &revenue));
    kept.extend(store::tax_month_additions(ctx.company, details));
    // How many numbers each journal and year takes, handed out in the entries' order.
    let mut sequences: Vec<(Uuid, Uuid, i64)> = Vec::new();
    for seat in seats {
        match sequences
            .iter_mut()
            .find(|(journal, year, _)| *journal == seat.journal.id && *year == seat.year.id)
        {
            Some(found) => found.2 += 1,
            None => sequences.push((seat.journal.id, seat.year.id, 1)),
        }
    }
    let transaction: &DatabaseTransaction = writer;
    let count = i64::try_from(entries.len()).unwrap_or(i64::MAX);
    let store::Links {
        mut previous_hash,
        first_position,
        firsts,
    } = store::take_links(transaction, ctx.company, count, kept, &sequences).await?;
    let mut next_numbers: Vec<(Uuid, Uuid, i64)> = sequences
        .iter()
        .zip(firsts)
        .map(|((journal, year, _), first)| (*journal, *year, first))
        .collect();
    for ((entry, seat), position) in entries.iter_mut().zip(seats).zip(first_position..) {
        let next = next_numbers
            .iter_mut()
            .find(|(journal, year, _)| *journal == seat.journal.id && *year == seat.year.id)
            .map(|found| {
                found.2 += 1;
                found.2 - 1
            })
            .unwrap_or_default();
        let number = domain::entry_number(&seat.journal.code, &seat.year.name, next);
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
        previous_hash = hash;
    }
    let seals: Vec<SubQueryStatement> = entries
        .iter()
        .map(|entry| store::seal_statement(ctx.company, entry).into())
        .collect();
    let riders = if store::riders_fit(transaction, &seals) {
        writer.take_outbox(ctx.company)
    } else {
        OutboxRiders::default()
    };
    let lock_date =
        store::set_chain_hash(&**writer, ctx.company, &previous_hash, seals, riders).await?;
    if let Some(lock_date) = lock_date
        && entries.iter().any(|entry| entry.date <= lock_date)
    {
        return Err(errors::period_locked(lock_date));
    }
    Ok(())
}

/// Posts new entries in one go inside `transaction`, numbered in their order: every check of a
/// posting, the entries with their lines and tax details, then the shared rows, a few
/// multi-row statements whatever the count. All or none. With `name_entries`, errors name the
/// entry (`entries[3].lines[1].accountId`); `known` is what the caller already read (journals,
/// accounts), the rest is read here.
async fn post_new(
    writer: &mut WriteTransaction,
    ctx: &Ctx,
    entries: &mut [Entry],
    known: Known,
    name_entries: bool,
) -> ApiResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let entered = enter_new(writer, ctx, entries, known, name_entries).await?;
    seal_new(writer, ctx, entries, entered).await
}

/// What [`enter_new`] read for [`seal_new`]: the entries' journals and fiscal years (each with
/// whether this posting opened it), the journal and year of each entry (indexes into them),
/// their accounts and their tax details.
pub(crate) struct Entered {
    journals: Vec<store::Journal>,
    years: Vec<(store::FiscalYear, bool)>,
    seat_of: Vec<(usize, usize)>,
    accounts: Vec<store::Account>,
    details: Vec<(Uuid, NaiveDate, store::TaxDetail)>,
}

/// The first half of posting new entries: every check of a posting but the lock date, then
/// the entries' own rows ([`write_entries`]), unnumbered. Nothing another posting waits for is
/// taken yet, so the caller may write rows naming the entries before [`seal_new`].
async fn enter_new(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    entries: &mut [Entry],
    known: Known,
    name_entries: bool,
) -> ApiResult<Entered> {
    let Known {
        mut journals,
        mut accounts,
    } = known;
    // What the entries need and the caller did not read, read together: their accounts,
    // journals and the fiscal years around their dates.
    let unread_accounts = unread(
        entries
            .iter()
            .flat_map(|entry| entry.lines.iter().map(|line| line.account_id)),
        accounts.iter().map(|account| account.id),
    );
    let unread_journals = unread(
        entries.iter().map(|entry| entry.journal_id),
        journals.iter().map(|journal| journal.id),
    );
    let dates = entries.iter().map(|entry| entry.date);
    let dates = dates.clone().min().zip(dates.max());
    let read = store::posting_facts(
        transaction,
        ctx.company,
        &unread_accounts,
        &unread_journals,
        dates,
    )
    .await?;
    accounts.extend(read.accounts);
    journals.extend(read.journals);
    let held_years = read.years;
    // The fiscal year start, read only when a year must be opened.
    let mut start_month = None;
    let mut years: Vec<(store::FiscalYear, bool)> = Vec::new();
    let mut seat_of: Vec<(usize, usize)> = Vec::with_capacity(entries.len());
    let now = now_micros();
    let named = |index: usize, error: ApiError| {
        if name_entries {
            name_entry(index, error)
        } else {
            error
        }
    };
    for (index, entry) in entries.iter_mut().enumerate() {
        // The lock date is checked with the shared rows, where it is read under the chain.
        let (debit, credit) =
            check_entry(ctx, entry, &accounts, None).map_err(|error| named(index, error))?;
        let journal = journals
            .iter()
            .position(|journal| journal.id == entry.journal_id)
            .ok_or_else(|| {
                named(
                    index,
                    ApiError::invalid_field("journalId", "no such journal in this company"),
                )
            })?;
        let year = match years
            .iter()
            .position(|(year, _)| year.date_from <= entry.date && entry.date <= year.date_to)
        {
            Some(found) => found,
            None => {
                let held = held_years
                    .iter()
                    .find(|year| year.date_from <= entry.date && entry.date <= year.date_to);
                let year = match held {
                    Some(year) => (year.clone(), false),
                    None => {
                        let month = match start_month {
                            Some(month) => month,
                            None => store::ledger_settings(transaction, ctx.company).await?.1,
                        };
                        start_month = Some(month);
                        fiscal_year_for(transaction, ctx, entry.date, month).await?
                    }
                };
                years.push(year);
                years.len() - 1
            }
        };
        seat_of.push((journal, year));
        entry.state = DocumentState::Posted;
        entry.posted_at = Some(now);
        entry.updated_at = now;
        entry.total_debit_minor = debit;
        entry.total_credit_minor = credit;
    }
    let details = write_entries(transaction, ctx, entries, EntryRows::Insert).await?;
    Ok(Entered {
        journals,
        years,
        seat_of,
        accounts,
        details,
    })
}

/// The ids of `wanted` not among `known`, each once.
fn unread(
    wanted: impl Iterator<Item = Uuid>,
    known: impl Iterator<Item = Uuid> + Clone,
) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = wanted
        .filter(|id| !known.clone().any(|kept| kept == *id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The second half of posting new entries (see [`enter_new`]): the shared rows
/// ([`write_shared`]), which number and seal them and check the lock date, and the years
/// checked open. Names each posting on the transaction.
pub(crate) async fn seal_new(
    writer: &mut WriteTransaction,
    ctx: &Ctx,
    entries: &mut [Entry],
    entered: Entered,
) -> ApiResult<()> {
    let Entered {
        journals,
        years,
        seat_of,
        accounts,
        details,
    } = entered;
    let seats: Vec<Seat<'_>> = seat_of
        .iter()
        .filter_map(|(journal, year)| {
            Some(Seat {
                journal: journals.get(*journal)?,
                year: &years.get(*year)?.0,
            })
        })
        .collect();
    // Named before the shared rows, whose last statement writes them to the outbox; a posting
    // refused there rolls back, events and all.
    for (year, opened) in &years {
        if *opened {
            writer.emit(ctx.company, events::FISCAL_YEAR_CREATED, year.id);
        }
    }
    for entry in entries.iter() {
        writer.emit(ctx.company, events::JOURNAL_ENTRY_POSTED, entry.id);
    }
    write_shared(writer, ctx, entries, &seats, &accounts, &details).await?;
    // The years are checked open after the lock date: closing a year locks its dates, and
    // `period_locked` is what a posting into them is told.
    for (year, _) in &years {
        year.state.require_open(&year.name)?;
    }
    arkan_platform::metrics::global().count(
        arkan_platform::metrics::POSTINGS,
        u64::try_from(entries.len()).unwrap_or(u64::MAX),
    );
    Ok(())
}

/// `error` with its fields named inside `entries[index]` (`entries[3].lines[1].accountId`).
fn name_entry(index: usize, mut error: ApiError) -> ApiError {
    for field in &mut error.errors {
        field.field = format!("entries[{index}].{}", field.field);
    }
    error
}

/// Posts many new entries in one go inside `transaction` (a history load: the migration
/// toolkit, the benchmarks): errors name the entry (`entries[3].lines[1].accountId`).
pub(crate) async fn post_new_entries(
    writer: &mut WriteTransaction,
    ctx: &Ctx,
    entries: &mut [Entry],
) -> ApiResult<()> {
    post_new(writer, ctx, entries, Known::default(), true).await
}

/// What a line carrying `tax` adds to the tax and to its recoverable part (`signed` as the return
/// shows it: a sale tax credit-positive, a purchase tax debit-positive). As invoicing books
/// them: a tax's own account holds the recoverable part, other accounts the blocked part (a
/// cost); a reverse charge is owed on its own account and recovered on its counterpart.
fn tax_line_parts(tax: &store::Tax, account: Uuid, signed: i64) -> (i64, i64) {
    if tax.reverse_charge {
        let counterpart = tax.counterpart_account_id.unwrap_or(tax.account_id);
        if account == tax.account_id && counterpart != tax.account_id {
            (-signed, 0)
        } else if account == counterpart {
            (0, signed)
        } else {
            (0, 0)
        }
    } else if account == tax.account_id {
        (signed, signed)
    } else {
        (signed, 0)
    }
}

/// The taxes of an entry posted without details (a manual entry): per tax and partner, the
/// amounts of its lines carrying the tax (see [`tax_line_parts`]); the base is unknown (0). A
/// line without a partner takes the entry's first partner.
async fn derived_tax_details(
    db: &DatabaseTransaction,
    ctx: &Ctx,
    lines: &[Line],
) -> ApiResult<Vec<store::TaxDetail>> {
    let tax_ids: Vec<Uuid> = lines.iter().filter_map(|line| line.tax_id).collect();
    if tax_ids.is_empty() {
        return Ok(Vec::new());
    }
    let taxes = store::taxes_by_ids(db, ctx.company, &tax_ids).await?;
    let first_partner = lines.iter().find_map(|line| line.partner_id);
    let mut details: Vec<store::TaxDetail> = Vec::new();
    for line in lines {
        let Some(tax) = line
            .tax_id
            .and_then(|tax_id| taxes.iter().find(|tax| tax.id == tax_id))
        else {
            continue;
        };
        let signed = if tax.type_tax_use == "purchase" {
            line.debit_minor - line.credit_minor
        } else {
            line.credit_minor - line.debit_minor
        };
        let (tax_amount, recoverable) = tax_line_parts(tax, line.account_id, signed);
        let partner_id = line.partner_id.or(first_partner);
        match details
            .iter_mut()
            .find(|detail| detail.tax_id == tax.id && detail.partner_id == partner_id)
        {
            Some(detail) => {
                detail.tax_minor += tax_amount;
                detail.recoverable_minor += recoverable;
            }
            None => details.push(store::TaxDetail {
                tax_id: tax.id,
                partner_id,
                base_minor: 0,
                tax_minor: tax_amount,
                recoverable_minor: recoverable,
            }),
        }
    }
    Ok(details)
}

/// Posts a new entry inside `transaction`: how other documents (invoices, payments, stock
/// moves) reach the ledger, through the same checks as any posting.
pub(crate) async fn post_new_entry(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    entry: &mut Entry,
) -> ApiResult<()> {
    let entered = enter_new_entry(transaction, ctx, entry).await?;
    seal_new(transaction, ctx, std::slice::from_mut(entry), entered).await
}

/// [`enter_new`] of one new entry, as [`post_new_entry`] checks it: the first half of posting
/// it, for a caller that writes rows naming the entry before [`seal_new`].
pub(crate) async fn enter_new_entry(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    entry: &mut Entry,
) -> ApiResult<Entered> {
    enter_new(
        transaction,
        ctx,
        std::slice::from_mut(entry),
        Known::default(),
        false,
    )
    .await
}

/// The fiscal year holding `date`, opened on demand from the company's start month when the
/// company has none there yet (then also true: opened here). A closed year refuses postings.
async fn fiscal_year_for(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    date: NaiveDate,
    start_month: u32,
) -> ApiResult<(store::FiscalYear, bool)> {
    let (from, to) = fiscal_year_around(date, start_month);
    let mut inserted = None;
    for _ in 0..2 {
        // One read of every year touching the twelve months around the date: a concurrent
        // posting that just opened the year shows up here as the year holding the date.
        let years = store::fiscal_years_between(transaction, ctx.company, from, to).await?;
        if let Some(year) = years
            .iter()
            .find(|year| year.date_from <= date && date <= year.date_to)
        {
            year.state.require_open(&year.name)?;
            return Ok((year.clone(), inserted == Some(year.id)));
        }
        if !years.is_empty() {
            // A year set up by hand covers part of these months but not this date.
            return Err(errors::fiscal_year_overlap_on_posting(date, from, to));
        }
        let now = now_micros();
        let year = store::FiscalYear {
            id: Uuid::now_v7(),
            name: crate::service::year_label(from, to),
            date_from: from,
            date_to: to,
            state: FiscalYearState::Open,
            closing_entry_id: None,
            created_at: now,
            updated_at: now,
        };
        store::insert_fiscal_year_if_absent(transaction, ctx.company, &year).await?;
        inserted = Some(year.id);
    }
    Err(errors::fiscal_year_overlap_after_opening())
}

pub async fn post_entry(
    platform: &Platform,
    ctx: &Ctx,
    id: EntryId,
) -> ApiResult<JournalEntryView> {
    ctx.require_write(Area::Accounting)?;
    // Checks read before the write turn; the write re-checks the draft's version in its first
    // statement, so a change in between cannot slip through.
    let mut entry = load(platform.db.connection(), ctx, id).await?;
    let plan = plan_posting(platform.db.connection(), ctx, &entry).await?;
    let mut transaction = platform.db.write().await?;
    write_posting(&mut transaction, ctx, &mut entry, plan).await?;
    transaction.commit().await?;
    Ok(entry_view(ctx, entry))
}

/// Creates and posts the mirror entry (debits and credits swapped) and links the two. The
/// reversal is dated `date` (the original's date when absent).
pub async fn reverse_entry(
    platform: &Platform,
    ctx: &Ctx,
    id: EntryId,
    input: ReverseJournalEntry,
) -> ApiResult<JournalEntryView> {
    ctx.require_write(Area::Accounting)?;
    let mut validation = Validation::new();
    let date = input
        .date
        .as_deref()
        .and_then(|text| domain::parse_date(&mut validation, "date", text));
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let original = load(&*transaction, ctx, id).await?;
    if original.closing {
        return Err(errors::journal_entry_is_closing());
    }
    let reason = input
        .reason
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    let reversal = post_reversal(
        &mut transaction,
        ctx,
        &original,
        date.unwrap_or(original.date),
        reason,
    )
    .await?;
    transaction.commit().await?;
    Ok(entry_view(ctx, reversal))
}

/// Posts the mirror of `original` (debits and credits swapped) dated `date` inside
/// `transaction` and links the two; the reversal of a closing entry is a closing entry too.
/// Names the original's reversal on the transaction (the reversal itself is posted).
pub(crate) async fn post_reversal(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    original: &Entry,
    date: NaiveDate,
    reason: Option<String>,
) -> ApiResult<Entry> {
    original.state.require_posted_entry()?;
    if original.reversed_entry_id.is_some() {
        return Err(errors::journal_entry_already_reversed());
    }
    if original.reversal_of_id.is_some() {
        return Err(errors::journal_entry_is_reversal());
    }
    let now = now_micros();
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
        date,
        original.reference.clone(),
        Some(memo),
        lines,
        now,
    );
    reversal.reversal_of_id = Some(original.id);
    reversal.closing = original.closing;
    // The reversal takes back the original's taxes (derived from its mirrored lines when the
    // original has none kept).
    reversal.tax_details = store::tax_details_of(&**transaction, ctx.company, original.id)
        .await?
        .iter()
        .map(store::TaxDetail::negated)
        .collect();
    if !store::link_reversal(&**transaction, ctx.company, original.id, reversal.id, now).await? {
        return Err(errors::journal_entry_already_reversed());
    }
    post_new_entry(transaction, ctx, &mut reversal).await?;
    transaction.emit(ctx.company, events::JOURNAL_ENTRY_REVERSED, original.id);
    Ok(reversal)
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
    // The drafts are checked before the write turn (as a single entry's are): only the
    // project check and the posting itself hold it.
    let mut drafts = Vec::with_capacity(input.entries.len());
    let mut known = Known::default();
    for (index, entry) in input.entries.into_iter().enumerate() {
        let prefix = format!("entries[{index}].");
        let (entry, read) = prepare_draft(platform.db.connection(), ctx, entry, &prefix).await?;
        known.absorb(read);
        drafts.push(entry);
    }
    let mut transaction = platform.db.write().await?;
    for (index, entry) in drafts.iter().enumerate() {
        // Project ids are checked here as on a single entry (SQLite has no foreign key on them).
        check_projects(platform, &transaction, ctx, &entry.lines)
            .await
            .map_err(|error| name_entry(index, error))?;
    }
    post_new(&mut transaction, ctx, &mut drafts, known, true).await?;
    transaction.commit().await?;
    Ok(BatchResult {
        data: drafts
            .into_iter()
            .map(|entry| entry_view(ctx, entry))
            .collect(),
    })
}
