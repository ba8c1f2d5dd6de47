//! The rules of projects that need no database: the codes, the state machines, work item keys,
//! the amounts a time entry costs and earns, percentages and the burndown.

use arkan_kernel::codes;
use arkan_platform::error::ApiError;
use chrono::NaiveDate;

use crate::errors;

codes! {
    /// Where a project is in its life. `planned` on create, then changed by PATCH.
    pub enum ProjectState {
        Planned = "planned",
        Active = "active",
        OnHold = "on_hold",
        Done = "done",
        Cancelled = "cancelled",
    }
}

codes! {
    /// How a project is billed.
    pub enum BillingType {
        Fixed = "fixed",
        TimeAndMaterials = "time_and_materials",
        NonBillable = "non_billable",
    }
}

codes! {
    pub enum WorkItemType { Epic = "epic", Story = "story", Task = "task", Bug = "bug" }
}

codes! {
    pub enum WorkItemState {
        Todo = "todo",
        InProgress = "in_progress",
        Review = "review",
        Done = "done",
    }
}

codes! {
    pub enum Priority { Low = "low", Medium = "medium", High = "high", Urgent = "urgent" }
}

codes! {
    /// `planned -> active` by start, `active -> closed` by close.
    pub enum SprintState { Planned = "planned", Active = "active", Closed = "closed" }
}

impl ProjectState {
    /// The states a project may be moved to from this one by PATCH.
    pub fn allowed_next(self) -> &'static [ProjectState] {
        use ProjectState::*;
        match self {
            Planned => &[Active, OnHold, Cancelled],
            Active => &[OnHold, Done, Cancelled],
            OnHold => &[Active, Cancelled],
            // A finished project may be reopened; a cancelled one is final.
            Done => &[Active],
            Cancelled => &[],
        }
    }

    /// The one transition function: 409 `project_transition_not_allowed` unless allowed.
    pub fn transition(self, to: ProjectState) -> Result<ProjectState, ApiError> {
        if self == to || self.allowed_next().contains(&to) {
            Ok(to)
        } else {
            Err(errors::project_transition_not_allowed(self, to))
        }
    }

    /// Done and cancelled projects take no new work items, sprints or time.
    pub fn require_open(self) -> Result<(), ApiError> {
        match self {
            ProjectState::Done | ProjectState::Cancelled => Err(errors::project_closed(self)),
            _ => Ok(()),
        }
    }
}

impl SprintState {
    /// `planned -> active`; the one-active-per-project rule is checked by the service.
    pub fn start(self) -> Result<SprintState, ApiError> {
        match self {
            SprintState::Planned => Ok(SprintState::Active),
            state => Err(errors::sprint_not_planned(state)),
        }
    }

    /// `active -> closed`.
    pub fn close(self) -> Result<SprintState, ApiError> {
        match self {
            SprintState::Active => Ok(SprintState::Closed),
            state => Err(errors::sprint_not_active(state)),
        }
    }

    /// A closed sprint is history: not edited, not deleted, given no items.
    pub fn require_not_closed(self) -> Result<(), ApiError> {
        match self {
            SprintState::Closed => Err(errors::sprint_closed()),
            _ => Ok(()),
        }
    }
}

/// A project code: 2 to 10 characters, upper-case letters and digits, starting with a letter.
pub fn valid_code(code: &str) -> bool {
    (2..=10).contains(&code.len())
        && code.starts_with(|first: char| first.is_ascii_uppercase())
        && code
            .chars()
            .all(|character| character.is_ascii_uppercase() || character.is_ascii_digit())
}

/// `WEB-12`.
pub fn work_item_key(code: &str, number: i64) -> String {
    format!("{code}-{number}")
}

/// `amount_minor × hours_e2 / 100`, rounded half away from zero: what hours cost or earn at a
/// rate per hour.
pub fn amount_for_hours(rate_minor: i64, hours_e2: i64) -> i64 {
    let product = i128::from(rate_minor) * i128::from(hours_e2);
    let rounded = (product.abs() + 50) / 100 * product.signum();
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

/// `part / base` as a 0-100 percentage, rounded half away from zero to 2 decimals and trimmed
/// (`"66.67"`, `"75"`); None when the base is 0.
pub fn percent(part: i128, base: i128) -> Option<String> {
    if base == 0 {
        return None;
    }
    let numerator = part.saturating_mul(10_000);
    let quotient = numerator / base;
    let remainder = numerator % base;
    let rounded = if remainder.abs() * 2 >= base.abs() {
        quotient + (numerator.signum() * base.signum())
    } else {
        quotient
    };
    let hundredths = i64::try_from(rounded).unwrap_or(i64::MAX);
    let text = arkan_kernel::format_minor(hundredths, 2);
    Some(if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    })
}

/// Minor units as text with `exponent` decimals ("-12.50"), for sums wider than an i64.
pub fn format_wide(minor: i128, exponent: u8) -> String {
    if let Ok(narrow) = i64::try_from(minor) {
        return arkan_kernel::format_minor(narrow, exponent);
    }
    let sign = if minor < 0 { "-" } else { "" };
    let digits = minor.unsigned_abs().to_string();
    let exponent = usize::from(exponent);
    if exponent == 0 {
        return format!("{sign}{digits}");
    }
    let digits = format!("{digits:0>width$}", width = exponent + 1);
    let (whole, fraction) = digits.split_at(digits.len() - exponent);
    format!("{sign}{whole}.{fraction}")
}

/// One item of a sprint, as the burndown sees it.
#[derive(Clone, Debug)]
pub struct BurndownItem {
    pub points: i64,
    pub estimate_hours_e2: i64,
    /// The day it was done (UTC), if it is.
    pub completed_on: Option<NaiveDate>,
}

/// One day of a burndown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BurndownDay {
    pub date: NaiveDate,
    pub remaining_points: i64,
    /// Hundredths of a point: the straight line from all points on the first day to none on
    /// the last.
    pub ideal_points_e2: i64,
    pub remaining_hours_e2: i64,
}

/// Each day of the sprint from its start to its end: what was still not done at the end of
/// that day, and the ideal line, from `committed` points on the first day to 0 on the last.
pub fn burndown(
    start: NaiveDate,
    end: NaiveDate,
    committed: i64,
    items: &[BurndownItem],
) -> Vec<BurndownDay> {
    let total = committed;
    let span = (end - start).num_days().max(0);
    let mut days = Vec::new();
    let mut date = start;
    let mut elapsed = 0;
    while date <= end {
        let open = items
            .iter()
            .filter(|item| item.completed_on.is_none_or(|done| done > date));
        let (points, hours) = open.fold((0, 0), |(points, hours), item| {
            (points + item.points, hours + item.estimate_hours_e2)
        });
        let ideal = if span == 0 {
            0
        } else {
            let numerator = i128::from(total) * 100 * i128::from(span - elapsed);
            let span = i128::from(span);
            i64::try_from((numerator + span / 2) / span).unwrap_or(i64::MAX)
        };
        days.push(BurndownDay {
            date,
            remaining_points: points,
            ideal_points_e2: ideal,
            remaining_hours_e2: hours,
        });
        elapsed += 1;
        match date.succ_opt() {
            Some(next) => date = next,
            None => break,
        }
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn codes_are_two_to_ten_upper_case_characters() {
        assert!(valid_code("WEB"));
        assert!(valid_code("A1"));
        assert!(valid_code("ABCDEFGHIJ"));
        assert!(!valid_code("W"));
        assert!(!valid_code("web"));
        assert!(!valid_code("ABCDEFGHIJK"));
        assert!(!valid_code("1AB"));
        assert!(!valid_code("WE-B"));
    }

    #[test]
    fn project_transitions_follow_the_table() {
        use ProjectState::*;
        assert_eq!(Planned.transition(Active).ok(), Some(Active));
        assert_eq!(OnHold.transition(Active).ok(), Some(Active));
        assert!(Planned.transition(Done).is_err());
        assert!(Cancelled.transition(Active).is_err());
        assert_eq!(Done.transition(Done).ok(), Some(Done));
    }

    #[test]
    fn hours_cost_their_rate_rounded_half_away_from_zero() {
        assert_eq!(amount_for_hours(10_000, 250), 25_000);
        assert_eq!(amount_for_hours(3_333, 150), 5_000); // 49.995 -> 50.00
        assert_eq!(amount_for_hours(0, 800), 0);
    }

    #[test]
    fn percentages_round_and_trim() {
        assert_eq!(percent(2, 3).as_deref(), Some("66.67"));
        assert_eq!(percent(3, 4).as_deref(), Some("75"));
        assert_eq!(percent(-1, 3).as_deref(), Some("-33.33"));
        assert_eq!(percent(1, 0), None);
        assert_eq!(format_wide(-1_250, 2), "-12.50");
        assert_eq!(
            format_wide(i128::from(i64::MAX) * 10, 2),
            "922337203685477580.70"
        );
    }

    #[test]
    fn burndown_counts_down_by_completion_day() {
        let items = [
            BurndownItem {
                points: 5,
                estimate_hours_e2: 800,
                completed_on: Some(day("2026-03-02")),
            },
            BurndownItem {
                points: 3,
                estimate_hours_e2: 400,
                completed_on: None,
            },
        ];
        let days = burndown(day("2026-03-01"), day("2026-03-03"), 8, &items);
        let remaining: Vec<i64> = days.iter().map(|day| day.remaining_points).collect();
        let ideal: Vec<i64> = days.iter().map(|day| day.ideal_points_e2).collect();
        let hours: Vec<i64> = days.iter().map(|day| day.remaining_hours_e2).collect();
        assert_eq!(remaining, [8, 3, 3]);
        assert_eq!(ideal, [800, 400, 0]);
        assert_eq!(hours, [1200, 400, 400]);
    }
}
