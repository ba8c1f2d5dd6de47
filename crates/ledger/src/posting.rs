//! The ledger's public posting API: the one way any module writes to the books.
//!
//! A module builds a [`NewEntry`] (journal, date, balanced [`Line`]s in company minor units)
//! and calls [`post`] inside its own write transaction, beside its own rows. The entry goes
//! through every check of a posting made by hand (balance to the minor unit, active accounts of
//! this company, partners on receivable and payable lines, lock date, open fiscal year) and gets
//! its gapless number, day balances and hash-chain link; if the caller's transaction rolls
//! back, so does all of that, number included.

use arkan_kernel::time::now_micros;
use arkan_kernel::{EntryId, JournalId};
use arkan_platform::Ctx;
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::ApiResult;
use chrono::NaiveDate;
use sea_orm::DatabaseTransaction;

pub use crate::domain::Line;
use crate::service;
use crate::service::entries::{enter_new_entry, post_new_entries, seal_new};
use crate::store::Entry;
pub use crate::store::TaxDetail;

/// An entry to post: its lines must balance in company minor units.
#[derive(Clone, Debug)]
pub struct NewEntry {
    pub journal_id: JournalId,
    pub date: NaiveDate,
    pub reference: Option<String>,
    pub memo: Option<String>,
    pub lines: Vec<Line>,
    /// The entry's taxes for the VAT return (base, tax, recoverable part per tax and partner,
    /// in company minor units, signed as the return shows them). Empty: the ledger derives them
    /// from the lines carrying a tax (the tax amounts only).
    pub taxes: Vec<TaxDetail>,
}

/// What posting gave the entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Posted {
    pub id: EntryId,
    /// `JOURNAL/YEAR/00001`, gapless per journal and fiscal year.
    pub number: String,
}

/// Checks and posts `entry` inside `transaction` (the caller commits): [`enter`], then
/// [`seal`]. Names the posting on the transaction (`journal_entry.posted`, and
/// `fiscal_year.created` when it opened a year): the caller emits its own document's events.
pub async fn post(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    entry: NewEntry,
) -> ApiResult<Posted> {
    let entered = enter(transaction, ctx, entry).await?;
    seal(transaction, ctx, entered).await
}

/// An entry [`enter`] checked and wrote, not numbered yet: [`seal`] posts it. Dropped without
/// sealing, the caller's transaction must not commit (the entry would stay unnumbered).
pub struct Entered {
    draft: Entry,
    entered: service::entries::Entered,
}

impl Entered {
    /// The entry's id, to name it on the caller's rows before [`seal`].
    pub fn id(&self) -> EntryId {
        EntryId(self.draft.id)
    }
}

/// The first half of [`post`]: every check of a posting but the lock date, then the entry with
/// its lines and tax details, unnumbered, inside `transaction` (the caller's write transaction;
/// it only reads and inserts, so a caller holding the transaction shared may enter). Nothing
/// another posting waits for is taken yet. A caller that writes rows naming the entry (a
/// valuation layer, a stock move) writes them between this and [`seal`], best inserted naming
/// it rather than updated after: from `seal` to the commit every other posting of the company
/// waits on the ledger's chain row, so the less runs there the better.
pub async fn enter(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    entry: NewEntry,
) -> ApiResult<Entered> {
    let mut draft = draft_of(entry, now_micros());
    let entered = enter_new_entry(transaction, ctx, &mut draft).await?;
    Ok(Entered { draft, entered })
}

/// The second half of [`post`]: takes the company's chain row, adds the entry to the kept
/// balances, gives it its gapless number and hash, and checks the lock date under the chain
/// (refusing with `period_locked`). Names the posting on the transaction.
pub async fn seal(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    entered: Entered,
) -> ApiResult<Posted> {
    let Entered { mut draft, entered } = entered;
    seal_new(transaction, ctx, std::slice::from_mut(&mut draft), entered).await?;
    Ok(Posted {
        id: EntryId(draft.id),
        number: draft.number.unwrap_or_default(),
    })
}

fn draft_of(entry: NewEntry, now: i64) -> Entry {
    let mut draft = Entry::draft(
        entry.journal_id.0,
        entry.date,
        entry.reference,
        entry.memo,
        entry.lines,
        now,
    );
    draft.tax_details = entry.taxes;
    draft
}

/// Checks and posts many entries inside `transaction`, numbered in their order: a history load
/// (the migration toolkit, the benchmarks). The same checks and rows as [`post`] for each,
/// written in a few multi-row statements; all or none (errors name the entry:
/// `entries[3].lines[1].accountId`). Names each posting on the transaction.
pub async fn post_many(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    entries: Vec<NewEntry>,
) -> ApiResult<Vec<Posted>> {
    let now = now_micros();
    let mut drafts: Vec<Entry> = entries
        .into_iter()
        .map(|entry| draft_of(entry, now))
        .collect();
    post_new_entries(transaction, ctx, &mut drafts).await?;
    Ok(drafts
        .into_iter()
        .map(|draft| Posted {
            id: EntryId(draft.id),
            number: draft.number.unwrap_or_default(),
        })
        .collect())
}
