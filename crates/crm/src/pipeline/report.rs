//! The pipeline report: deals created in the period by stage, and deals closed in the period
//! by owner and by source. All deals are in the company currency (the pipeline takes no
//! other), so the figures add up without conversion.

use std::collections::BTreeMap;

use arkan_kernel::format_minor;
use arkan_platform::error::{ApiResult, Validation};
use arkan_platform::fields;
use arkan_platform::{Ctx, Platform};
use chrono::{Datelike, NaiveDate, Utc};
use uuid::Uuid;

use super::api::*;
use super::domain::{StageType, average_days, percent_of};
use super::service::id_filter;
use super::store::{self, ClosedGroup};

/// Won and lost counts, won revenue and cycle time of a set of closed deals.
#[derive(Default)]
struct Closed {
    won: i64,
    lost: i64,
    won_revenue: i64,
    cycle: i64,
}

impl Closed {
    fn add(&mut self, group: &ClosedGroup) {
        match group.state {
            StageType::Won => {
                self.won += group.count;
                self.won_revenue += group.expected;
            }
            StageType::Lost => self.lost += group.count,
            StageType::Open => return,
        }
        self.cycle += group.cycle;
    }

    fn figures(&self, exponent: u8) -> ClosedFigures {
        let closed = self.won + self.lost;
        ClosedFigures {
            won: self.won,
            lost: self.lost,
            won_revenue: format_minor(self.won_revenue, exponent),
            win_rate: percent_of(self.won, closed),
            average_cycle_days: average_days(self.cycle, closed),
        }
    }
}

/// The first microsecond of a day (UTC).
fn day_start(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0)
        .map_or(0, |instant| instant.and_utc().timestamp_micros())
}

pub async fn pipeline(
    platform: &Platform,
    ctx: &Ctx,
    query: PipelineQuery,
) -> ApiResult<PipelineReport> {
    let mut validation = Validation::new();
    let date_to = match query.date_to.as_deref().filter(|text| !text.is_empty()) {
        Some(text) => fields::parse_date(&mut validation, "date_to", text),
        None => Some(Utc::now().date_naive()),
    };
    let date_from = match query.date_from.as_deref().filter(|text| !text.is_empty()) {
        Some(text) => fields::parse_date(&mut validation, "date_from", text),
        None => date_to.and_then(|to| NaiveDate::from_ymd_opt(to.year(), 1, 1)),
    };
    let owner = match id_filter("owner_id", query.owner_id.as_deref()) {
        Ok(owner) => owner,
        Err(_) => {
            validation.add("owner_id", "must be a UUID");
            None
        }
    };
    if let (Some(from), Some(to)) = (date_from, date_to)
        && from > to
    {
        validation.add("date_from", "must be on or before date_to");
    }
    validation.finish()?;
    let (Some(from), Some(to)) = (date_from, date_to) else {
        return Err(arkan_platform::ApiError::invalid_field(
            "date_from",
            "must be a date",
        ));
    };
    let period = (day_start(from), day_start(to + chrono::Days::new(1)));
    // Three reads, one snapshot: the stages, the totals and the closed figures agree.
    let snapshot = platform.db.snapshot().await?;
    let stages = store::all_stages(&snapshot, ctx.company).await?;
    let by_stage = store::created_by_stage(&snapshot, ctx.company, period, owner).await?;
    let closed = store::closed_groups(&snapshot, ctx.company, period, owner).await?;
    snapshot.commit().await?;
    let exponent = ctx.currency.exponent;

    let (mut count, mut expected, mut weighted) = (0, 0, 0);
    let stages = stages
        .into_iter()
        .filter(|stage| stage.active || by_stage.contains_key(&stage.id))
        .map(|stage| {
            let (deals, expected_minor, weighted_minor) =
                by_stage.get(&stage.id).copied().unwrap_or_default();
            count += deals;
            expected += expected_minor;
            weighted += weighted_minor;
            PipelineStageRow {
                stage_id: stage.id,
                name: stage.name,
                count: deals,
                expected_revenue: format_minor(expected_minor, exponent),
                weighted_revenue: format_minor(weighted_minor, exponent),
            }
        })
        .collect();

    let mut owners: BTreeMap<Option<Uuid>, Closed> = BTreeMap::new();
    let mut sources: BTreeMap<Option<&'static str>, Closed> = BTreeMap::new();
    for group in &closed {
        owners.entry(group.owner).or_default().add(group);
        sources
            .entry(group.source.map(|source| source.as_str()))
            .or_default()
            .add(group);
    }
    Ok(PipelineReport {
        date_from: fields::format_date(from),
        date_to: fields::format_date(to),
        currency: ctx.currency.code.to_owned(),
        stages,
        totals: PipelineTotals {
            count,
            expected_revenue: format_minor(expected, exponent),
            weighted_revenue: format_minor(weighted, exponent),
        },
        by_owner: owners
            .iter()
            .map(|(owner, closed)| OwnerRow {
                owner_id: *owner,
                figures: closed.figures(exponent),
            })
            .collect(),
        by_source: sources
            .iter()
            .map(|(source, closed)| SourceRow {
                source: source.map(str::to_owned),
                figures: closed.figures(exponent),
            })
            .collect(),
    })
}
