//! Pure rules of budgets: their states, the months of a fiscal year and the even split of a
//! line's amount over them.

use arkan_kernel::{AccountId, ProjectId, allocate, codes};
use arkan_platform::error::ApiResult;
use chrono::{Datelike, Months, NaiveDate};

use crate::errors;

codes! {
    /// Where a budget is in its life: written as `draft`, then `approved`; either may be
    /// `cancelled`.
    pub enum BudgetState {
        Draft = "draft",
        Approved = "approved",
        Cancelled = "cancelled",
    }
}

impl BudgetState {
    /// A change, a delete or an approval needs a draft.
    pub fn require_draft(self) -> ApiResult<()> {
        match self {
            BudgetState::Draft => Ok(()),
            state => Err(errors::budget_not_draft(state)),
        }
    }

    pub fn approve(self) -> ApiResult<BudgetState> {
        self.require_draft().map(|()| BudgetState::Approved)
    }

    pub fn cancel(self) -> ApiResult<BudgetState> {
        match self {
            BudgetState::Cancelled => Err(errors::budget_already_cancelled()),
            BudgetState::Draft | BudgetState::Approved => Ok(BudgetState::Cancelled),
        }
    }
}

/// A calendar month, by its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub NaiveDate);

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month(date.with_day(1).unwrap_or(date))
    }

    pub fn next(self) -> Month {
        Month(self.0.checked_add_months(Months::new(1)).unwrap_or(self.0))
    }

    /// `2026-03`.
    pub fn label(self) -> String {
        format!("{}-{:02}", self.0.year(), self.0.month())
    }
}

/// The calendar months with at least one day from `from` to `to`, in order.
pub fn months_between(from: NaiveDate, to: NaiveDate) -> Vec<Month> {
    let mut months = Vec::new();
    let mut month = Month::of(from);
    let last = Month::of(to);
    while month <= last {
        months.push(month);
        let next = month.next();
        if next == month {
            break;
        }
        month = next;
    }
    months
}

/// `amount` over `months` months as evenly as minor units allow, the units left over going one
/// each to the first months.
pub fn even_split(amount: i64, months: usize) -> Vec<i64> {
    allocate(amount, &vec![1; months]).unwrap_or_default()
}

/// A budget line as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLine {
    pub account_id: AccountId,
    pub project_id: Option<ProjectId>,
    pub amount: i64,
    /// One per month of the fiscal year, adding up to `amount`.
    pub monthly: Vec<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn the_remainder_goes_to_the_first_months() {
        assert_eq!(even_split(100_000, 12).iter().sum::<i64>(), 100_000);
        assert_eq!(even_split(100_000, 12)[0], 8_334);
        assert_eq!(even_split(100_000, 12)[3], 8_334);
        assert_eq!(even_split(100_000, 12)[4], 8_333);
        assert_eq!(even_split(-5, 3), vec![-2, -2, -1]);
    }

    #[test]
    fn months_touching_a_period() {
        let months = months_between(day("2026-01-15"), day("2026-03-01"));
        let labels: Vec<String> = months.iter().map(|month| month.label()).collect();
        assert_eq!(labels, vec!["2026-01", "2026-02", "2026-03"]);
        assert_eq!(
            months_between(day("2026-07-01"), day("2027-06-30")).len(),
            12
        );
    }

    #[test]
    fn only_a_draft_is_approved_and_a_cancelled_budget_stays_so() {
        assert_eq!(
            BudgetState::Draft.approve().ok(),
            Some(BudgetState::Approved)
        );
        assert!(BudgetState::Approved.approve().is_err());
        assert_eq!(
            BudgetState::Approved.cancel().ok(),
            Some(BudgetState::Cancelled)
        );
        assert!(BudgetState::Cancelled.cancel().is_err());
    }
}
