//! Suggestions for a statement's open lines, scored (`scoring`), and the one call that accepts
//! the best of each line above a score.

use std::collections::{HashMap, HashSet};

use arkan_crm::partners;
use arkan_invoicing::documents;
use arkan_kernel::{PartnerId, StatementId, StatementLineId};
use arkan_ledger::books;
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::{Ctx, Platform};
use chrono::Days;
use uuid::Uuid;

use super::api::*;
use super::domain::LineState;
use super::matching;
use super::scoring::{self, Item, ItemIndex, LineFacts};
use super::service::{self, money};
use super::store::{self, StatementLine};

/// Candidates below this score are not shown.
const SHOWN_FROM: u32 = 20;
const SHOWN: usize = 5;
const AUTO_MATCH_FROM: u32 = 75;
/// Book lines up to this many days after the statement's last day may still explain it.
const DAYS_AFTER: u64 = 30;
/// Book lines dated more than this many days before the statement's first day are not read:
/// a company with years of bank history would pay for all of it on every request, and a
/// transfer or cheque booked a year before the bank shows it is matched by hand (`journalLineId`
/// on `POST .../match`, which has no such bound). Open documents stay candidates whatever their
/// age: an old invoice paid late is the case suggestions are for.
const DAYS_BEFORE: u64 = 365;

/// What an item is in the books.
enum Source {
    BookLine { line: Uuid, entry: Uuid },
    Document(Uuid),
}

struct Scored {
    line: StatementLine,
    candidates: Vec<(u32, Vec<&'static str>, usize)>,
}

/// Every open line of the statement (or the one asked for) with its scored candidates, and the
/// items they point into.
async fn score_lines(
    platform: &Platform,
    ctx: &Ctx,
    id: StatementId,
    only: Option<Uuid>,
) -> ApiResult<(Vec<Scored>, Vec<(Item, Source, Option<String>)>)> {
    let db = platform.db.connection();
    let statement = store::statement_by_id(db, ctx.company, id)
        .await?
        .ok_or_else(|| ApiError::not_found("statement"))?;
    let journal = books::journal_by_id(db, ctx.company, statement.journal_id)
        .await?
        .ok_or_else(|| ApiError::not_found("journal"))?;
    let lines: Vec<StatementLine> = store::statement_lines(db, ctx.company, id)
        .await?
        .into_iter()
        .filter(|line| line.state != LineState::Matched)
        .filter(|line| only.is_none_or(|wanted| wanted == line.id))
        .collect();
    let explained: HashSet<Uuid> =
        store::matches_of_journal(db, ctx.company, statement.journal_id.into())
            .await?
            .into_iter()
            .filter_map(|found| found.journal_entry_id)
            .collect();
    let mut items: Vec<(Item, Source, Option<String>)> = Vec::new();
    if let Some(bank_account) = journal.default_account_id {
        let from = statement.date_from.checked_sub_days(Days::new(DAYS_BEFORE));
        let until = statement
            .date_to
            .checked_add_days(Days::new(DAYS_AFTER))
            .unwrap_or(statement.date_to);
        for line in books::account_lines(db, ctx.company, bank_account, from, until).await? {
            if explained.contains(&line.entry_id) {
                continue;
            }
            let keys = [line.number.as_deref(), line.reference.as_deref()]
                .into_iter()
                .filter_map(scoring::key)
                .collect();
            items.push((
                Item {
                    amount: line.debit - line.credit,
                    date: line.date,
                    keys,
                    partner_id: line.partner_id,
                    partner_name: None,
                },
                Source::BookLine {
                    line: line.line_id,
                    entry: line.entry_id,
                },
                line.reference.or(line.number),
            ));
        }
    }
    for document in documents::open(db, ctx.company, ctx.currency.code).await? {
        let keys = [document.number.as_deref(), document.reference.as_deref()]
            .into_iter()
            .filter_map(scoring::key)
            .collect();
        items.push((
            Item {
                amount: document.due,
                date: document.date,
                keys,
                partner_id: Some(document.partner_id),
                partner_name: None,
            },
            Source::Document(document.id),
            document.number.or(document.reference),
        ));
    }
    let partner_ids: Vec<PartnerId> = items
        .iter()
        .filter_map(|(item, _, _)| item.partner_id.map(PartnerId))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let names = partners::names(db, ctx.company, &partner_ids).await?;
    for (item, _, _) in &mut items {
        item.partner_name = item
            .partner_id
            .and_then(|partner| names.get(&PartnerId(partner)))
            .map(|name| name.to_lowercase());
    }
    let index = ItemIndex::new(
        &items
            .iter()
            .map(|(item, _, _)| item.clone())
            .collect::<Vec<_>>(),
    );
    let scored = lines
        .into_iter()
        .map(|line| {
            let facts = LineFacts {
                amount: line.amount_minor - line.matched_minor,
                date: line.date,
                text: format!(
                    "{} {}",
                    line.description,
                    line.reference.as_deref().unwrap_or_default()
                )
                .to_lowercase(),
                partner_id: line.partner_id,
                partner_name: line.partner_name.as_deref(),
            };
            let mut candidates: Vec<(u32, Vec<&'static str>, usize)> = index
                .candidates(&facts)
                .into_iter()
                .map(|at| {
                    let (score, reasons) = scoring::score(&facts, &items[at].0);
                    (score, reasons, at)
                })
                .filter(|(score, _, _)| *score >= SHOWN_FROM)
                .collect();
            candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
            candidates.truncate(SHOWN);
            Scored { line, candidates }
        })
        .collect();
    Ok((scored, items))
}

pub async fn suggestions(
    platform: &Platform,
    ctx: &Ctx,
    id: StatementId,
    query: SuggestionQuery,
) -> ApiResult<Suggestions> {
    let only = match query.line_id.as_deref() {
        None => None,
        Some(text) => Some(
            Uuid::parse_str(text)
                .map_err(|_| ApiError::invalid_field("line_id", "must be a UUID"))?,
        ),
    };
    let (scored, items) = score_lines(platform, ctx, id, only).await?;
    let data = scored
        .into_iter()
        .map(|scored| LineSuggestions {
            statement_line_id: scored.line.id,
            candidates: scored
                .candidates
                .into_iter()
                .map(|(score, reasons, at)| {
                    let (item, source, reference) = &items[at];
                    let (journal_line_id, journal_entry_id, invoice_id) = match source {
                        Source::BookLine { line, entry } => (Some(*line), Some(*entry), None),
                        Source::Document(document) => (None, None, Some(*document)),
                    };
                    Candidate {
                        journal_line_id,
                        journal_entry_id,
                        invoice_id,
                        partner_id: item.partner_id,
                        date: item.date.to_string(),
                        amount: money(ctx, item.amount),
                        reference: reference.clone(),
                        score,
                        reasons: reasons.into_iter().map(str::to_owned).collect(),
                    }
                })
                .collect(),
        })
        .collect();
    Ok(Suggestions { data })
}

pub async fn auto_match(
    platform: &Platform,
    ctx: &Ctx,
    id: StatementId,
    input: AutoMatch,
) -> ApiResult<AutoMatched> {
    ctx.require_write(arkan_platform::role::Area::Accounting)?;
    let min_score = input.min_score.unwrap_or(AUTO_MATCH_FROM);
    let (scored, items) = score_lines(platform, ctx, id, None).await?;
    let mut taken: HashSet<usize> = HashSet::new();
    let mut matched = 0;
    let mut picks: HashMap<Uuid, (StatementLineId, MatchInput)> = HashMap::new();
    for scored in scored {
        let best = scored.candidates.into_iter().find(|(score, reasons, at)| {
            *score >= min_score && reasons.contains(&"amount") && !taken.contains(at)
        });
        let Some((_, _, at)) = best else {
            continue;
        };
        taken.insert(at);
        let (journal_line_id, invoice_id) = match items[at].1 {
            Source::BookLine { line, .. } => (Some(line), None),
            Source::Document(document) => (None, Some(document)),
        };
        picks.insert(
            scored.line.id,
            (
                StatementLineId(scored.line.id),
                MatchInput {
                    payment_id: None,
                    journal_line_id,
                    invoice_id,
                    account_id: None,
                    amount: None,
                    description: None,
                },
            ),
        );
    }
    let mut picks: Vec<(StatementLineId, MatchInput)> = picks.into_values().collect();
    picks.sort_by_key(|(line, _)| line.0);
    for (line, pick) in picks {
        // Each line is matched in its own transaction: one that the books refuse (a document
        // paid meanwhile) stays open for a person to look at, the others are matched.
        let done = matching::match_line(
            platform,
            ctx,
            MatchLine {
                statement_line_id: line.0,
                matches: vec![pick],
            },
        )
        .await;
        match done {
            Ok(_) => matched += 1,
            Err(error) if error.status.is_client_error() => {}
            Err(error) => return Err(error),
        }
    }
    let statement = service::get_statement(platform, ctx, id).await?;
    Ok(AutoMatched { matched, statement })
}
