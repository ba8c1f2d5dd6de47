//! The parameters every report shares: its period (`date_from`/`date_to`, or `as_of`), its
//! extra columns (`compare`, or `periods` with `period_type`) and its `format`.

use arkan_kernel::CompanyId;
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::fields::{date, format_date};
use chrono::{Datelike, Months, NaiveDate};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

pub use arkan_platform::report::Format;

/// One column of figures: a period, or a point in time (`from` is then the first day of its
/// fiscal year, `to` the date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The columns of a report: the main one first, then the comparison or the periods.
#[derive(Debug, Clone)]
pub struct Columns {
    pub main: Column,
    pub compare: Option<Column>,
    pub periods: Vec<Column>,
}

impl Columns {
    /// Every column, the main one first.
    pub fn all(&self) -> Vec<&Column> {
        std::iter::once(&self.main)
            .chain(self.compare.as_ref())
            .chain(self.periods.iter())
            .collect()
    }
}

/// What asks for extra columns, as sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct ColumnParams<'a> {
    pub compare: Option<&'a str>,
    pub periods: Option<&'a str>,
    pub period_type: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compare {
    PreviousPeriod,
    PreviousYear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PeriodType {
    Month,
    Quarter,
}

struct Extra {
    compare: Option<Compare>,
    periods: Option<(u32, PeriodType)>,
}

fn extra(params: ColumnParams<'_>) -> ApiResult<Extra> {
    let compare = match params.compare {
        None => None,
        Some("previous_period") => Some(Compare::PreviousPeriod),
        Some("previous_year") => Some(Compare::PreviousYear),
        Some(_) => {
            return Err(ApiError::invalid_field(
                "compare",
                "must be previous_period or previous_year",
            ));
        }
    };
    let period_type = match params.period_type {
        None | Some("month") => PeriodType::Month,
        Some("quarter") => PeriodType::Quarter,
        Some(_) => {
            return Err(ApiError::invalid_field(
                "period_type",
                "must be month or quarter",
            ));
        }
    };
    if params.period_type.is_some() && params.periods.is_none() {
        return Err(ApiError::invalid_field(
            "period_type",
            "is used only with periods",
        ));
    }
    let periods = match params.periods {
        None => None,
        Some(text) => match text.parse::<u32>() {
            Ok(count) if (1..=24).contains(&count) => Some((count, period_type)),
            _ => {
                return Err(ApiError::invalid_field(
                    "periods",
                    "must be a whole number from 1 to 24",
                ));
            }
        },
    };
    if compare.is_some() && periods.is_some() {
        return Err(ApiError::invalid_field(
            "compare",
            "cannot be combined with periods",
        ));
    }
    Ok(Extra { compare, periods })
}

/// Parses an optional `YYYY-MM-DD` parameter.
pub fn date_param(field: &str, value: Option<&str>) -> ApiResult<Option<NaiveDate>> {
    value
        .map(|text| date(text).map_err(|message| ApiError::invalid_field(field, message)))
        .transpose()
}

/// Parses an optional id parameter.
pub fn id_param(field: &str, value: Option<&str>) -> ApiResult<Option<Uuid>> {
    value
        .map(|text| {
            Uuid::parse_str(text).map_err(|_| ApiError::invalid_field(field, "must be a UUID"))
        })
        .transpose()
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

fn last_of_month(date: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year(), date.month(), 1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next| next.pred_opt())
        .unwrap_or(date)
}

fn is_last_of_month(date: NaiveDate) -> bool {
    last_of_month(date) == date
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// `date` moved back `months` months, a month end staying a month end.
fn months_back(date: NaiveDate, months: u32) -> NaiveDate {
    let moved = date.checked_sub_months(Months::new(months)).unwrap_or(date);
    if is_last_of_month(date) {
        last_of_month(moved)
    } else {
        moved
    }
}

fn label(from: NaiveDate, to: NaiveDate) -> String {
    format!("{}..{}", format_date(from), format_date(to))
}

/// Whole months from `from` to `to` (both month bounds), if the period is such.
fn whole_months(from: NaiveDate, to: NaiveDate) -> Option<u32> {
    if from.day() != 1 || !is_last_of_month(to) {
        return None;
    }
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32 + 1;
    u32::try_from(months).ok()
}

/// The `count` months or quarters ending with `to`: calendar months (quarters), the last one
/// ending on `to`, each labelled `2026-03` or `2026-Q1`.
fn period_columns(to: NaiveDate, count: u32, kind: PeriodType) -> Vec<Column> {
    let step = match kind {
        PeriodType::Month => 1,
        PeriodType::Quarter => 3,
    };
    let quarter_start = |date: NaiveDate| {
        let month = (date.month() - 1) / 3 * 3 + 1;
        NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date)
    };
    let mut start = match kind {
        PeriodType::Month => first_of_month(to),
        PeriodType::Quarter => quarter_start(to),
    };
    let mut end = to;
    let mut columns = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let label = match kind {
            PeriodType::Month => format!("{}-{:02}", start.year(), start.month()),
            PeriodType::Quarter => format!("{}-Q{}", start.year(), (start.month() - 1) / 3 + 1),
        };
        columns.push(Column {
            label,
            from: start,
            to: end,
        });
        end = start.pred_opt().unwrap_or(start);
        start = start.checked_sub_months(Months::new(step)).unwrap_or(start);
    }
    columns.reverse();
    columns
}

/// The columns of a report over a period: `date_to` defaults to today, `date_from` to the start
/// of the fiscal year `date_to` falls in.
pub async fn period(
    db: &impl ConnectionTrait,
    company: CompanyId,
    date_from: Option<&str>,
    date_to: Option<&str>,
    params: ColumnParams<'_>,
) -> ApiResult<Columns> {
    let extra = extra(params)?;
    let to = date_param("date_to", date_to)?.unwrap_or_else(today);
    let from = match date_param("date_from", date_from)? {
        Some(date) => date,
        None => arkan_ledger::books::fiscal_year_start(db, company, to).await?,
    };
    if from > to {
        return Err(ApiError::invalid_field(
            "date_from",
            "must be on or before date_to",
        ));
    }
    let main = Column {
        label: label(from, to),
        from,
        to,
    };
    let compare = extra.compare.map(|compare| {
        let (from, to) = match compare {
            Compare::PreviousYear => (months_back(from, 12), months_back(to, 12)),
            Compare::PreviousPeriod => match whole_months(from, to) {
                Some(months) => (months_back(from, months), from.pred_opt().unwrap_or(from)),
                None => {
                    let days = (to - from).num_days();
                    let end = from.pred_opt().unwrap_or(from);
                    (end - chrono::Duration::days(days), end)
                }
            },
        };
        Column {
            label: label(from, to),
            from,
            to,
        }
    });
    let periods = extra
        .periods
        .map(|(count, kind)| period_columns(to, count, kind))
        .unwrap_or_default();
    Ok(Columns {
        main,
        compare,
        periods,
    })
}

/// The columns of a report at a point in time (`as_of`, default today): each column's `to` is
/// its date and its `from` the start of that date's fiscal year.
pub async fn as_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    as_of: Option<&str>,
    params: ColumnParams<'_>,
) -> ApiResult<Columns> {
    let extra = extra(params)?;
    let day = date_param("as_of", as_of)?.unwrap_or_else(today);
    let point = |to: NaiveDate, label: String| async move {
        Ok::<_, ApiError>(Column {
            label,
            from: arkan_ledger::books::fiscal_year_start(db, company, to).await?,
            to,
        })
    };
    let main = point(day, format_date(day)).await?;
    let compare = match extra.compare {
        None => None,
        Some(compare) => {
            let earlier = match compare {
                Compare::PreviousYear => months_back(day, 12),
                Compare::PreviousPeriod => months_back(day, 1),
            };
            Some(point(earlier, format_date(earlier)).await?)
        }
    };
    let mut periods = Vec::new();
    if let Some((count, kind)) = extra.periods {
        for column in period_columns(day, count, kind) {
            periods.push(point(column.to, column.label).await?);
        }
    }
    Ok(Columns {
        main,
        compare,
        periods,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        date(text).unwrap_or_default()
    }

    #[test]
    fn periods_end_with_the_last_day_asked() {
        let columns = period_columns(day("2026-03-15"), 3, PeriodType::Month);
        let spans: Vec<(String, NaiveDate, NaiveDate)> = columns
            .into_iter()
            .map(|column| (column.label, column.from, column.to))
            .collect();
        assert_eq!(
            spans,
            vec![
                ("2026-01".to_owned(), day("2026-01-01"), day("2026-01-31")),
                ("2026-02".to_owned(), day("2026-02-01"), day("2026-02-28")),
                ("2026-03".to_owned(), day("2026-03-01"), day("2026-03-15")),
            ]
        );
        let quarters = period_columns(day("2026-06-30"), 2, PeriodType::Quarter);
        assert_eq!(quarters[0].label, "2026-Q1");
        assert_eq!(quarters[0].from, day("2026-01-01"));
        assert_eq!(quarters[0].to, day("2026-03-31"));
        assert_eq!(quarters[1].from, day("2026-04-01"));
    }

    #[test]
    fn month_ends_stay_month_ends() {
        assert_eq!(months_back(day("2024-02-29"), 12), day("2023-02-28"));
        assert_eq!(months_back(day("2025-02-28"), 12), day("2024-02-29"));
        assert_eq!(months_back(day("2026-03-31"), 1), day("2026-02-28"));
        assert_eq!(whole_months(day("2026-01-01"), day("2026-03-31")), Some(3));
        assert_eq!(whole_months(day("2026-01-02"), day("2026-03-31")), None);
    }
}
