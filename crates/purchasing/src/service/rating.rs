//! Vendor rating: every vendor's facts over the period read at once, rated in the domain
//! (`domain::rating`), ranked; a vendor's scorecard adds its counts and its months.

use std::collections::HashSet;

use arkan_kernel::PartnerId;
use arkan_kernel::money::format_trimmed;
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::fields::{self, format_date};
use arkan_platform::{Ctx, Platform};
use chrono::{Datelike, Months, NaiveDate};
use uuid::Uuid;

use crate::api::*;
use crate::domain::{Rating, RatingFacts, WEIGHTS, grade, rate_vendor};
use crate::store;

/// `date_from` and `date_to` of a rating (400 when backwards): by default this month and the
/// eleven before it.
fn period(query: &RatingQuery) -> ApiResult<(NaiveDate, NaiveDate)> {
    let to = fields::optional_date("date_to", query.date_to.as_deref())?
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let from = match fields::optional_date("date_from", query.date_from.as_deref())? {
        Some(from) => from,
        // Twelve calendar months: this month and the eleven before it.
        None => to
            .with_day(1)
            .and_then(|month| month.checked_sub_months(Months::new(11)))
            .unwrap_or(to),
    };
    if from > to {
        return Err(ApiError::invalid_field(
            "date_to",
            "must not be before date_from",
        ));
    }
    Ok((from, to))
}

fn shown(metric: Option<i64>) -> Option<String> {
    metric.map(|value| format_trimmed(value, 2))
}

/// Every vendor with something rated in the period, best first (no score last), then by name.
async fn ranked(
    platform: &Platform,
    ctx: &Ctx,
    facts: &RatingFacts,
    (from, to): (NaiveDate, NaiveDate),
) -> ApiResult<Vec<(Uuid, String, Rating)>> {
    let mut vendors: HashSet<Uuid> = HashSet::new();
    vendors.extend(facts.lines.iter().map(|fact| fact.partner));
    vendors.extend(facts.receipts.iter().map(|fact| fact.partner));
    vendors.extend(facts.returns.iter().map(|fact| fact.partner));
    vendors.extend(facts.invitations.iter().map(|fact| fact.partner));
    vendors.extend(facts.quotes.iter().map(|fact| fact.partner));
    let ids: Vec<PartnerId> = vendors.iter().copied().map(PartnerId).collect();
    let names = arkan_crm::partners::names(platform.db.connection(), ctx.company, &ids).await?;
    let mut rows: Vec<(Uuid, String, Rating)> = vendors
        .into_iter()
        .map(|vendor| {
            let name = names.get(&PartnerId(vendor)).cloned().unwrap_or_default();
            (vendor, name, rate_vendor(facts, vendor, from, to))
        })
        .collect();
    rows.sort_by(|a, b| {
        b.2.score
            .unwrap_or(-1)
            .cmp(&a.2.score.unwrap_or(-1))
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.0.cmp(&b.0))
    });
    Ok(rows)
}

/// The scores of these vendors over the default period (this month and the eleven before),
/// hundredths; vendors with nothing rated are left out.
pub(crate) async fn current_scores(
    db: &impl sea_orm::ConnectionTrait,
    company: arkan_kernel::CompanyId,
    partners: &[Uuid],
) -> ApiResult<std::collections::HashMap<Uuid, i64>> {
    let (from, to) = period(&RatingQuery {
        date_from: None,
        date_to: None,
    })?;
    let facts = store::rating_facts(db, company, from, to).await?;
    Ok(partners
        .iter()
        .filter_map(|partner| {
            rate_vendor(&facts, *partner, from, to)
                .score
                .map(|score| (*partner, score))
        })
        .collect())
}

pub async fn vendor_ranking(
    platform: &Platform,
    ctx: &Ctx,
    query: RatingQuery,
) -> ApiResult<VendorRanking> {
    let (from, to) = period(&query)?;
    let facts = store::rating_facts(platform.db.connection(), ctx.company, from, to).await?;
    let rows = ranked(platform, ctx, &facts, (from, to)).await?;
    let weight = |index: usize| WEIGHTS.get(index).copied().unwrap_or(0).to_string();
    Ok(VendorRanking {
        date_from: format_date(from),
        date_to: format_date(to),
        weights: RatingWeights {
            on_time: weight(0),
            quantity: weight(1),
            quality: weight(2),
            price: weight(3),
            response: weight(4),
        },
        data: rows
            .into_iter()
            .enumerate()
            .map(
                |(index, (partner_id, partner_name, rating))| VendorRankingRow {
                    rank: index + 1,
                    partner_id,
                    partner_name,
                    score: shown(rating.score),
                    grade: rating.score.map(|score| grade(score).to_owned()),
                    on_time_rate: shown(rating.on_time),
                    quantity_accuracy: shown(rating.quantity),
                    quality_rate: shown(rating.quality),
                    price_score: shown(rating.price),
                    response_rate: shown(rating.response),
                    order_count: rating.counts.orders,
                },
            )
            .collect(),
    })
}

/// The first day of each month from `from`'s to `to`'s.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut months = Vec::new();
    let mut month = from.with_day(1).unwrap_or(from);
    while month <= to {
        months.push(month);
        match month.checked_add_months(Months::new(1)) {
            Some(next) => month = next,
            None => break,
        }
    }
    months
}

pub async fn vendor_scorecard(
    platform: &Platform,
    ctx: &Ctx,
    vendor: PartnerId,
    query: RatingQuery,
) -> ApiResult<VendorScorecard> {
    let (from, to) = period(&query)?;
    let db = platform.db.connection();
    let partner_name = arkan_crm::partners::names(db, ctx.company, &[vendor])
        .await?
        .remove(&vendor)
        .ok_or_else(|| ApiError::not_found("vendor"))?;
    let facts = store::rating_facts(db, ctx.company, from, to).await?;
    let rows = ranked(platform, ctx, &facts, (from, to)).await?;
    let rank = rows
        .iter()
        .position(|(id, _, _)| *id == vendor.0)
        .map(|index| index + 1);
    let rating = rate_vendor(&facts, vendor.0, from, to);
    let monthly = months(from, to)
        .into_iter()
        .map(|month| {
            let end = month
                .checked_add_months(Months::new(1))
                .and_then(|next| next.pred_opt())
                .unwrap_or(month)
                .min(to);
            let start = month.max(from);
            MonthlyScore {
                month: format!("{:04}-{:02}", month.year(), month.month()),
                score: shown(rate_vendor(&facts, vendor.0, start, end).score),
            }
        })
        .collect();
    Ok(VendorScorecard {
        partner_id: vendor.0,
        partner_name,
        date_from: format_date(from),
        date_to: format_date(to),
        score: shown(rating.score),
        grade: rating.score.map(|score| grade(score).to_owned()),
        rank,
        metrics: ScorecardMetrics {
            on_time_rate: shown(rating.on_time),
            quantity_accuracy: shown(rating.quantity),
            quality_rate: shown(rating.quality),
            price_score: shown(rating.price),
            response_rate: shown(rating.response),
            average_lead_time_days: shown(rating.lead_time_e2),
            average_response_hours: shown(rating.response_time_e2),
        },
        counts: ScorecardCounts {
            orders: rating.counts.orders,
            receipts: rating.counts.receipts,
            late_receipts: rating.counts.late_receipts,
            returns: rating.counts.returns,
            invitations: rating.counts.invitations,
            responses: rating.counts.responses,
        },
        monthly,
    })
}
