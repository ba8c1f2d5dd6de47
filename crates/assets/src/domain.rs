//! Pure rules of fixed assets: their codes and the depreciation schedule.
//!
//! A schedule has monthly lines. The asset depreciates over `life` months of time from its
//! acquisition; the prorata decides how much of the first month counts:
//! `none` the whole month, `monthly` half a month unless acquired on the 1st (the mid-month
//! convention), `daily` the days from the acquisition date to the month's end over the days of
//! the month. When the first month does not count whole, one more line at the end carries the
//! rest of that month. Each line is rounded to the minor unit on its own; the last line takes
//! what is left, so the lines add up exactly to the depreciable amount.

use arkan_kernel::codes;
use arkan_platform::error::ApiResult;
use chrono::{Datelike, Months, NaiveDate};

use crate::errors;

codes! {
    /// How the depreciable amount is spread over the life.
    pub enum Method {
        StraightLine = "straight_line",
        DecliningBalance = "declining_balance",
    }
}

codes! {
    /// How much of the acquisition month counts.
    pub enum Prorata {
        None = "none",
        Monthly = "monthly",
        Daily = "daily",
    }
}

codes! {
    /// Where an asset is in its life.
    pub enum AssetState {
        Running = "running",
        Paused = "paused",
        FullyDepreciated = "fully_depreciated",
        Disposed = "disposed",
    }
}

codes! {
    /// A schedule line: planned, posted to the books, or cancelled (by a disposal or a revaluation).
    pub enum LineState {
        Planned = "planned",
        Posted = "posted",
        Cancelled = "cancelled",
    }
}

codes! {
    /// How an asset leaves the books.
    pub enum DisposalMethod {
        Sale = "sale",
        Scrap = "scrap",
    }
}

impl AssetState {
    /// Depreciation posts only for a running asset; a fully depreciated one has nothing left
    /// to post and answers as it is.
    pub fn require_depreciable(self) -> ApiResult<()> {
        match self {
            AssetState::Running | AssetState::FullyDepreciated => Ok(()),
            state => Err(errors::asset_not_running(state)),
        }
    }

    pub fn pause(self) -> ApiResult<AssetState> {
        match self {
            AssetState::Running => Ok(AssetState::Paused),
            state => Err(errors::asset_not_running(state)),
        }
    }

    pub fn resume(self) -> ApiResult<AssetState> {
        match self {
            AssetState::Paused => Ok(AssetState::Running),
            state => Err(errors::asset_not_paused(state)),
        }
    }

    /// Any asset but a disposed one may be disposed of.
    pub fn dispose(self) -> ApiResult<AssetState> {
        match self {
            AssetState::Disposed => Err(errors::asset_already_disposed()),
            _ => Ok(AssetState::Disposed),
        }
    }
}

/// The part of a line's `amount` earned by `date`, the line covering the days after `start`
/// up to `end`, counted by the day.
pub fn share_to(amount: i64, start: NaiveDate, end: NaiveDate, date: NaiveDate) -> i64 {
    let days = (end - start).num_days();
    let elapsed = (date - start).num_days().clamp(0, days);
    let share = divide_rounded(
        i128::from(amount) * i128::from(elapsed),
        i128::from(days.max(1)),
    );
    i64::try_from(share).unwrap_or(amount)
}

/// One hundredth of a percent: a declining rate of 40 % a year is 4000.
pub const BASIS_POINTS: i64 = 10_000;

/// What the schedule is computed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Cost minus salvage value, in minor units (not negative).
    pub depreciable: i64,
    pub life_months: u32,
    pub method: Method,
    /// Per year, in hundredths of a percent (declining balance only).
    pub rate_bp: i64,
    pub prorata: Prorata,
    pub acquisition: NaiveDate,
    /// The date of the first line; each next line falls on the last day of the next month.
    pub first_date: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedLine {
    pub date: NaiveDate,
    pub amount: i64,
}

/// The last day of `date`'s month.
pub fn month_end(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(date)
}

pub fn days_in_month(date: NaiveDate) -> i64 {
    i64::from(month_end(date).day())
}

/// The part of the acquisition month that counts, as `(numerator, denominator)` of a month.
fn first_fraction(prorata: Prorata, acquisition: NaiveDate) -> (i64, i64) {
    match prorata {
        Prorata::None => (1, 1),
        Prorata::Monthly if acquisition.day() == 1 => (2, 2),
        Prorata::Monthly => (1, 2),
        Prorata::Daily => {
            let days = days_in_month(acquisition);
            (days - i64::from(acquisition.day()) + 1, days)
        }
    }
}

/// Fixed point of the exact amounts before each line is rounded.
const SCALE: i128 = 1_000_000_000;

fn divide_rounded(numerator: i128, denominator: i128) -> i128 {
    if denominator == 0 {
        return 0;
    }
    (2 * numerator + denominator).div_euclid(2 * denominator)
}

/// What each year of the life depreciates (the last year, maybe shorter than 12 months,
/// takes what is left), with its length in months.
fn years(plan: &Plan) -> Vec<(i128, i128)> {
    let life = i128::from(plan.life_months);
    let mut left = i128::from(plan.depreciable);
    let mut years = Vec::new();
    let mut start = 0;
    while start < life {
        let months = (life - start).min(12);
        let amount = if start + months >= life {
            left
        } else {
            let months_left = life - start;
            let straight = divide_rounded(left * 12, months_left);
            match plan.method {
                Method::StraightLine => straight,
                Method::DecliningBalance => {
                    let declining =
                        divide_rounded(left * i128::from(plan.rate_bp), i128::from(BASIS_POINTS));
                    declining.max(straight).min(left)
                }
            }
        };
        years.push((amount, months));
        left -= amount;
        start += months;
    }
    years
}

/// The lines of the plan, in order, adding up exactly to `plan.depreciable`.
pub fn schedule(plan: &Plan) -> Vec<PlannedLine> {
    if plan.life_months == 0 {
        return Vec::new();
    }
    let (first, unit) = first_fraction(plan.prorata, plan.acquisition);
    let life = i64::from(plan.life_months);
    let total_units = life * unit;
    // Boundaries of the lines in units of 1/unit month since acquisition.
    let mut bounds = vec![0, first];
    let mut at = first;
    while at < total_units {
        at = (at + unit).min(total_units);
        bounds.push(at);
    }
    let years = years(plan);
    // Depreciation accumulated at `units`, times SCALE.
    let accumulated = |units: i64| -> i128 {
        let mut sum = 0;
        let mut start = 0;
        for (amount, months) in &years {
            let span = months * i128::from(unit);
            let inside = (i128::from(units) - start).clamp(0, span);
            sum += amount * inside * SCALE / span.max(1);
            start += span;
        }
        sum
    };
    let count = bounds.len() - 1;
    let mut lines = Vec::with_capacity(count);
    let mut left = i128::from(plan.depreciable);
    for index in 0..count {
        let amount = if index + 1 == count {
            left
        } else {
            let exact = accumulated(bounds[index + 1]) - accumulated(bounds[index]);
            divide_rounded(exact, SCALE).clamp(0, left)
        };
        left -= amount;
        lines.push(PlannedLine {
            date: line_date(plan.first_date, index),
            amount: i64::try_from(amount).unwrap_or(i64::MAX),
        });
    }
    lines
}

/// The schedule of an asset that came in with `already` depreciated (booked before Arkan): the
/// lines that amount covers are left out and the line it ends in keeps only its rest, so the
/// lines left add up to what the full schedule adds up to, minus `already`.
pub fn after_depreciated(lines: Vec<PlannedLine>, already: i64) -> Vec<PlannedLine> {
    let mut covered = already;
    lines
        .into_iter()
        .filter_map(|mut line| {
            let taken = covered.min(line.amount);
            covered -= taken;
            line.amount -= taken;
            (line.amount > 0 || (taken == 0 && covered == 0)).then_some(line)
        })
        .collect()
}

/// The date of line `index`: the first date, then the last day of each next month.
pub fn line_date(first: NaiveDate, index: usize) -> NaiveDate {
    if index == 0 {
        return first;
    }
    let months = u32::try_from(index).unwrap_or(u32::MAX);
    first
        .with_day(1)
        .and_then(|day| day.checked_add_months(Months::new(months)))
        .map_or(first, month_end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    fn plan(depreciable: i64, life: u32, method: Method, prorata: Prorata, from: &str) -> Plan {
        Plan {
            depreciable,
            life_months: life,
            method,
            rate_bp: 5000,
            prorata,
            acquisition: day(from),
            first_date: month_end(day(from)),
        }
    }

    fn amounts(lines: &[PlannedLine]) -> Vec<i64> {
        lines.iter().map(|line| line.amount).collect()
    }

    #[test]
    fn straight_line_puts_the_rounding_on_the_last_line() {
        // 1000.00 over 3 months: 333.33, 333.33 and the rest, 333.34.
        let lines = schedule(&plan(
            100_000,
            3,
            Method::StraightLine,
            Prorata::None,
            "2026-01-20",
        ));
        assert_eq!(amounts(&lines), vec![33_333, 33_333, 33_334]);
        assert_eq!(lines[0].date, day("2026-01-31"));
        assert_eq!(lines[1].date, day("2026-02-28"));
        assert_eq!(lines[2].date, day("2026-03-31"));
    }

    #[test]
    fn daily_prorata_adds_a_last_line_with_the_rest_of_the_first_month() {
        // 900.00 a month; acquired 16 January: 16 of 31 days, 464.516.. -> 464.52; the
        // 37th line carries 15/31 of a month: 435.48.
        let lines = schedule(&plan(
            3_240_000,
            36,
            Method::StraightLine,
            Prorata::Daily,
            "2026-01-16",
        ));
        assert_eq!(lines.len(), 37);
        assert_eq!(lines[0].amount, 46_452);
        assert!(lines[1..36].iter().all(|line| line.amount == 90_000));
        assert_eq!(lines[36].amount, 43_548);
        assert_eq!(lines[36].date, day("2029-01-31"));
    }

    #[test]
    fn monthly_prorata_counts_half_the_first_month_unless_acquired_on_the_first() {
        let half = schedule(&plan(
            120_000,
            12,
            Method::StraightLine,
            Prorata::Monthly,
            "2026-03-10",
        ));
        assert_eq!(half.len(), 13);
        assert_eq!(half[0].amount, 5_000);
        assert_eq!(half[12].amount, 5_000);
        let whole = schedule(&plan(
            120_000,
            12,
            Method::StraightLine,
            Prorata::Monthly,
            "2026-03-01",
        ));
        assert_eq!(amounts(&whole), vec![10_000; 12]);
    }

    #[test]
    fn declining_balance_takes_the_rate_of_what_is_left_each_year_until_straight_line_is_more() {
        // 9000.00 over 36 months at 50 %: year 1 4500 (straight 3000), year 2 2250 (straight
        // 2250 too), year 3 what is left, 2250.
        let lines = schedule(&plan(
            900_000,
            36,
            Method::DecliningBalance,
            Prorata::None,
            "2026-01-01",
        ));
        assert_eq!(lines.len(), 36);
        assert!(lines[..12].iter().all(|line| line.amount == 37_500));
        assert!(lines[12..].iter().all(|line| line.amount == 18_750));
    }

    #[test]
    fn a_line_is_shared_by_the_day() {
        // 900.00 over August 2027, disposed of on the 15th: 15/31 -> 435.48.
        assert_eq!(
            share_to(
                90_000,
                day("2027-07-31"),
                day("2027-08-31"),
                day("2027-08-15")
            ),
            43_548
        );
        assert_eq!(
            share_to(
                90_000,
                day("2027-07-31"),
                day("2027-08-31"),
                day("2027-07-31")
            ),
            0
        );
    }

    #[test]
    fn only_a_disposed_asset_refuses_disposal_and_only_a_running_one_depreciates() {
        assert_eq!(
            AssetState::Paused.dispose().ok(),
            Some(AssetState::Disposed)
        );
        assert!(AssetState::Disposed.dispose().is_err());
        assert!(AssetState::Disposed.require_depreciable().is_err());
        assert!(AssetState::Paused.require_depreciable().is_err());
        assert!(AssetState::FullyDepreciated.require_depreciable().is_ok());
        assert_eq!(AssetState::Running.pause().ok(), Some(AssetState::Paused));
        assert!(AssetState::Paused.pause().is_err());
        assert_eq!(AssetState::Paused.resume().ok(), Some(AssetState::Running));
        assert!(AssetState::Running.resume().is_err());
    }

    #[test]
    fn depreciation_booked_before_leaves_out_the_lines_it_covers() {
        let line = |month: u32, amount: i64| PlannedLine {
            date: NaiveDate::from_ymd_opt(2026, month, 28).unwrap_or_default(),
            amount,
        };
        let lines = vec![line(1, 100), line(2, 100), line(3, 100), line(4, 100)];
        assert_eq!(after_depreciated(lines.clone(), 0), lines);
        assert_eq!(
            after_depreciated(lines.clone(), 150),
            vec![line(2, 50), line(3, 100), line(4, 100)]
        );
        assert_eq!(
            after_depreciated(lines.clone(), 200),
            vec![line(3, 100), line(4, 100)]
        );
        assert_eq!(after_depreciated(lines, 400), Vec::new());
    }

    proptest! {
        #[test]
        fn any_schedule_sums_exactly_to_the_depreciable_amount(
            depreciable in 0_i64..1_000_000_000_000,
            life in 1_u32..600,
            declining in any::<bool>(),
            rate_bp in 1_i64..=10_000,
            prorata in 0_usize..3,
            offset in 0_i64..20_000,
        ) {
            let acquisition = day("2000-01-01") + chrono::Duration::days(offset);
            let plan = Plan {
                depreciable,
                life_months: life,
                method: if declining { Method::DecliningBalance } else { Method::StraightLine },
                rate_bp,
                prorata: Prorata::ALL[prorata],
                acquisition,
                first_date: month_end(acquisition),
            };
            let lines = schedule(&plan);
            prop_assert_eq!(lines.iter().map(|line| line.amount).sum::<i64>(), depreciable);
            let already = depreciable / 3 + i64::from(life % 7);
            let already = already.min(depreciable);
            let rest = after_depreciated(lines.clone(), already);
            prop_assert_eq!(rest.iter().map(|line| line.amount).sum::<i64>(), depreciable - already);
            prop_assert!(rest.len() <= lines.len());
            prop_assert!(lines.iter().all(|line| line.amount >= 0));
            prop_assert!(lines.len() == life as usize || lines.len() == life as usize + 1);
            prop_assert!(lines.windows(2).all(|pair| pair[0].date < pair[1].date));
        }
    }
}
