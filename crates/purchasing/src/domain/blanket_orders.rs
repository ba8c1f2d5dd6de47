//! Blanket orders: quantities and prices agreed with a vendor for a period, called off as
//! purchase orders. Pure rules: the state as read on a day, and what a call-off may take.

use arkan_kernel::codes;
use chrono::NaiveDate;

codes! {
    /// Where a blanket order is: `draft -> active` (confirmed, numbered), read as `expired`
    /// once its `dateTo` is past, `closed` when every line is called off, or `cancelled`.
    /// `expired` is never stored: an active order past its end reads so.
    pub enum BlanketState {
        Draft = "draft",
        Active = "active",
        Expired = "expired",
        Closed = "closed",
        Cancelled = "cancelled",
    }
}

/// The prefix of blanket order numbers: `BPO/2026/00001`.
pub const BLANKET_PREFIX: &str = "BPO";

/// The state as shown on `today`: an active order whose last day has passed is expired.
pub fn state_on(stored: BlanketState, date_to: NaiveDate, today: NaiveDate) -> BlanketState {
    if stored == BlanketState::Active && today > date_to {
        BlanketState::Expired
    } else {
        stored
    }
}

/// Why a call-off on `today` is refused, if it is: the order is not active, or the day is
/// outside its period.
pub fn call_off_refusal(
    stored: BlanketState,
    (date_from, date_to): (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> Option<String> {
    match state_on(stored, date_to, today) {
        BlanketState::Active if today < date_from => {
            Some(format!("the blanket order starts on {date_from}"))
        }
        BlanketState::Active => None,
        BlanketState::Expired => Some(format!("the blanket order ended on {date_to}")),
        state => Some(format!("the blanket order is {state}")),
    }
}

/// What is left of a line: agreed less called off, never below zero.
pub fn remaining(agreed_e4: i64, called_off_e4: i64) -> i64 {
    (agreed_e4 - called_off_e4).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn an_active_order_expires_after_its_last_day() {
        let end = day("2026-06-30");
        assert_eq!(
            state_on(BlanketState::Active, end, day("2026-06-30")),
            BlanketState::Active
        );
        assert_eq!(
            state_on(BlanketState::Active, end, day("2026-07-01")),
            BlanketState::Expired
        );
        assert_eq!(
            state_on(BlanketState::Closed, end, day("2026-07-01")),
            BlanketState::Closed
        );
    }

    #[test]
    fn call_offs_only_within_the_period_of_an_active_order() {
        let period = (day("2026-01-01"), day("2026-06-30"));
        assert_eq!(
            call_off_refusal(BlanketState::Active, period, day("2026-03-01")),
            None
        );
        assert!(call_off_refusal(BlanketState::Active, period, day("2025-12-31")).is_some());
        assert!(call_off_refusal(BlanketState::Active, period, day("2026-07-01")).is_some());
        assert!(call_off_refusal(BlanketState::Draft, period, day("2026-03-01")).is_some());
        assert_eq!(remaining(50_000, 70_000), 0);
    }
}
