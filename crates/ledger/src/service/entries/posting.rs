//! Posting: every check, then the write of the lines, the day balances, the gapless number and
//! the hash chain in one transaction; reversals and batches go the same way.

use super::*;
use crate::domain::FiscalYearState;
use crate::errors;

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
        return Err(errors::period_locked(lock_date));
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

/// Writes a checked posting. The first statement moves the draft to posted only if it is still
/// the draft that was checked and its date is still after the lock date; then come the rows every
/// posting shares (the accounts' day balances and kept revenue, the journal's sequence, the
/// company's chain), with nothing else between them and the commit. Names the posting (`journal_entry.posted`)
/// on the transaction: every posting, whoever makes it, comes through here.
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
        plan_posting(transaction, ctx, &current, None).await?;
        return Err(errors::journal_entry_changed());
    }
    store::mark_lines_posted(transaction, ctx.company, entry).await?;
    arkan_platform::metrics::global().count(arkan_platform::metrics::POSTINGS, 1);
    let (fiscal_year, opened) = match plan.fiscal_year {
        Some(year) => (year, false),
        None => fiscal_year_for(transaction, ctx, entry.date, plan.start_month).await?,
    };

    // The chain first: every posting transaction takes the company's chain row before any other
    // shared row, so two postings (or a batch and a posting) can never wait on each other in
    // opposite orders.
    let (previous_hash, position) = store::next_chain_link(transaction, ctx.company).await?;
    store::add_to_balances(transaction, ctx.company, entry.date, &entry.lines, 1).await?;
    if !entry.closing {
        let revenue = store::revenue_of_entry(&entry.lines, |account_id| {
            plan.accounts
                .iter()
                .find(|account| account.id == account_id)
                .and_then(|account| domain::RevenueKind::of(&account.account_type))
        });
        let month = chrono::Datelike::with_day(&entry.date, 1).unwrap_or(entry.date);
        store::add_to_revenue_months(transaction, ctx.company, month, &revenue).await?;
    }
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
    let details = if entry.tax_details.is_empty() {
        derived_tax_details(transaction, ctx, &entry.lines).await?
    } else {
        entry.tax_details.clone()
    };
    store::insert_tax_details(
        transaction,
        ctx.company,
        entry.id,
        entry.date,
        &details,
        now,
    )
    .await?;
    if opened {
        writer.emit(ctx.company, events::FISCAL_YEAR_CREATED, fiscal_year.id);
    }
    writer.emit(ctx.company, events::JOURNAL_ENTRY_POSTED, entry.id);
    Ok(())
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

/// Inserts a new entry and posts it inside `transaction`: how other documents (invoices, later
/// payments) reach the ledger, through the same checks as any posting.
pub(crate) async fn post_new_entry(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    entry: &mut Entry,
) -> ApiResult<()> {
    store::insert_entry(&**transaction, ctx.company, entry)
        .await
        .map_err(reference_error)?;
    post_in(transaction, ctx, entry, None).await
}

/// Checks and posts a draft inside `transaction` (reversals and batches).
async fn post_in(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    entry: &mut Entry,
    known: Option<Known>,
) -> ApiResult<()> {
    let plan = plan_posting(&**transaction, ctx, entry, known).await?;
    write_posting(transaction, ctx, entry, plan).await
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
    let plan = plan_posting(platform.db.connection(), ctx, &entry, None).await?;
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
    store::insert_entry(&**transaction, ctx.company, &reversal).await?;
    post_in(transaction, ctx, &mut reversal, None).await?;
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
    let mut transaction = platform.db.write().await?;
    let mut posted = Vec::with_capacity(input.entries.len());
    for (index, entry) in input.entries.into_iter().enumerate() {
        let prefix = format!("entries[{index}].");
        let (mut entry, known) = prepare_draft(&*transaction, ctx, entry, &prefix).await?;
        // Project ids are checked here as on a single entry (SQLite has no foreign key on them).
        check_projects(platform, &transaction, ctx, &entry.lines)
            .await
            .map_err(|mut error| {
                for field in &mut error.errors {
                    field.field = format!("{prefix}{}", field.field);
                }
                error
            })?;
        store::insert_entry(&*transaction, ctx.company, &entry)
            .await
            .map_err(reference_error)?;
        post_in(&mut transaction, ctx, &mut entry, Some(known))
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
