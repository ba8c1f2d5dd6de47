//! Use cases of journal entries and the ledger reports: drafts and the entry list here, posting
//! (gapless number, balances, hash chain, all in one transaction), reversal and batches in
//! `posting`, trial balance, general ledger and chain verification in `reports`.

mod posting;
mod reports;

pub(crate) use posting::{
    Entered, enter_new_entry, post_new_entries, post_new_entry, post_reversal, seal_new,
};
pub use posting::{post_batch, post_entry, reverse_entry};
pub use reports::{balances_match_lines, general_ledger, trial_balance, verify_chain};

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{Currency, EntryId, ProjectId, format_minor};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation, is_foreign_key_violation};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use uuid::Uuid;

use crate::api::*;
use crate::domain::{self, DocumentState, HashedEntry, Line};
use crate::errors;
use crate::events;
use crate::service::{fiscal_year_around, fiscal_year_start, optional_date, optional_uuid};
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
        state: entry.state.as_str().to_owned(),
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
        let foreign =
            currency.and_then(|code| domain::currency(&mut validation, &field("currency"), code));
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

/// What checking drafts read (their journals and accounts), so posting them in the same
/// transaction need not read it again.
#[derive(Default)]
struct Known {
    journals: Vec<store::Journal>,
    accounts: Vec<store::Account>,
}

impl Known {
    /// Adds what another check read, each journal and account once.
    fn absorb(&mut self, read: Known) {
        for journal in read.journals {
            if !self.journals.iter().any(|kept| kept.id == journal.id) {
                self.journals.push(journal);
            }
        }
        for account in read.accounts {
            if !self.accounts.iter().any(|kept| kept.id == account.id) {
                self.accounts.push(account);
            }
        }
    }
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
    Ok((
        entry,
        Known {
            journals: vec![journal],
            accounts,
        },
    ))
}

pub async fn create_entry(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateJournalEntry,
) -> ApiResult<JournalEntryView> {
    ctx.require_write(Area::Accounting)?;
    // Checks read before the write turn; the insert itself is all the turn holds.
    let (entry, _) = prepare_draft(platform.db.connection(), ctx, input, "").await?;
    let mut transaction = platform.db.write().await?;
    check_projects(platform, &transaction, ctx, &entry.lines).await?;
    store::insert_entry(&*transaction, ctx.company, &entry)
        .await
        .map_err(reference_error)?;
    transaction.emit(ctx.company, events::JOURNAL_ENTRY_CREATED, entry.id);
    transaction.commit().await?;
    Ok(entry_view(ctx, entry))
}

/// 400 naming each line whose `projectId` is not a project of the company, asked in the write
/// transaction through the platform's hook (ADR 0013: the ledger must not depend on projects).
async fn check_projects(
    platform: &Platform,
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    lines: &[Line],
) -> ApiResult<()> {
    let named: Vec<(String, ProjectId)> = lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| {
            line.project_id
                .map(|project| (format!("lines[{index}].projectId"), ProjectId(project)))
        })
        .collect();
    platform
        .require_projects(transaction, ctx.company, &named)
        .await
}

async fn load(db: &impl ConnectionTrait, ctx: &Ctx, id: EntryId) -> ApiResult<Entry> {
    store::entry_by_id(db, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("journal_entry"))
}

fn require_draft(entry: &Entry, action: &str) -> ApiResult<()> {
    entry.state.require_draft_entry(action)
}

pub async fn get_entry(platform: &Platform, ctx: &Ctx, id: EntryId) -> ApiResult<JournalEntryView> {
    Ok(entry_view(
        ctx,
        load(platform.db.connection(), ctx, id).await?,
    ))
}

pub async fn update_entry(
    platform: &Platform,
    ctx: &Ctx,
    id: EntryId,
    patch: UpdateJournalEntry,
) -> ApiResult<JournalEntryView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
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
    if replace_lines {
        check_projects(platform, &transaction, ctx, &entry.lines).await?;
    }
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
        return Err(errors::journal_entry_changed());
    }
    transaction.emit(ctx.company, events::JOURNAL_ENTRY_UPDATED, entry.id);
    transaction.commit().await?;
    Ok(entry_view(ctx, entry))
}

pub async fn delete_entry(platform: &Platform, ctx: &Ctx, id: EntryId) -> ApiResult<()> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let entry = load(&*transaction, ctx, id).await?;
    require_draft(&entry, "deleted")?;
    if !store::delete_draft(&*transaction, ctx.company, id.0, entry.updated_at).await? {
        return Err(errors::journal_entry_changed());
    }
    transaction.emit(ctx.company, events::JOURNAL_ENTRY_DELETED, entry.id);
    transaction.commit().await?;
    Ok(())
}

pub async fn list_entries(
    platform: &Platform,
    ctx: &Ctx,
    query: EntryListQuery,
) -> ApiResult<Page<JournalEntryView>> {
    let state = DocumentState::filter(query.state.as_deref())?;
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
            let value = match page.sort.name {
                "date" => SortValue::Text(domain::format_date(entry.date)),
                "number" => SortValue::Text(entry.number.clone().unwrap_or_default()),
                _ => SortValue::Integer(entry.created_at),
            };
            (value, entry.id)
        })
        .map(|entry| entry_view(ctx, entry)))
}

/// The sorts of the entry list: `createdAt` (the default), `date` and `number` (drafts, without
/// one, first ascending).
static ENTRY_LIST: ListSpec = ListSpec {
    name: "accounting.journal_entries",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "date",
            column: "entry_date",
            kind: SortKind::Date,
        },
        SortField {
            name: "number",
            column: "number",
            kind: SortKind::NullableText,
        },
    ],
};
