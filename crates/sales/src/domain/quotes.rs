//! Pure rules of sales' quotes: states and when a sent quote has expired.

use arkan_kernel::codes;
use chrono::NaiveDate;

codes! {
    /// Where a quote is: `draft -> sent -> accepted | declined`, `draft | sent | accepted ->
    /// converted` (into an order) or `cancelled`. `expired` is never stored: it is how a sent
    /// quote past its `valid_until` reads.
    pub enum QuoteState {
        Draft = "draft",
        Sent = "sent",
        Accepted = "accepted",
        Declined = "declined",
        Expired = "expired",
        Converted = "converted",
        Cancelled = "cancelled",
    }
}

/// The prefix of quote numbers: `QT/2026/00001`.
pub const QUOTE_PREFIX: &str = "QT";

/// How a quote stored as `state` reads on `today`: a sent quote is `expired` the day after its
/// `valid_until`.
pub fn shown_state(state: QuoteState, valid_until: NaiveDate, today: NaiveDate) -> QuoteState {
    if state == QuoteState::Sent && today > valid_until {
        QuoteState::Expired
    } else {
        state
    }
}

/// Whether a quote reading `state` may be converted into an order.
pub fn convertible(state: QuoteState) -> bool {
    matches!(
        state,
        QuoteState::Draft | QuoteState::Sent | QuoteState::Accepted
    )
}

/// Whether a quote reading `state` may be cancelled (an expired one may).
pub fn cancellable(state: QuoteState) -> bool {
    matches!(
        state,
        QuoteState::Draft | QuoteState::Sent | QuoteState::Accepted | QuoteState::Expired
    )
}

/// The file name of a quote's PDF: `QT-2026-00001.pdf`.
pub fn file_name(number: &str) -> String {
    format!("{}.pdf", number.replace('/', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn a_sent_quote_expires_the_day_after_it_is_valid() {
        let until = day("2026-03-31");
        assert_eq!(
            shown_state(QuoteState::Sent, until, day("2026-03-31")),
            QuoteState::Sent
        );
        assert_eq!(
            shown_state(QuoteState::Sent, until, day("2026-04-01")),
            QuoteState::Expired
        );
        assert_eq!(
            shown_state(QuoteState::Accepted, until, day("2026-04-01")),
            QuoteState::Accepted
        );
        assert_eq!(
            shown_state(QuoteState::Draft, until, day("2027-01-01")),
            QuoteState::Draft
        );
    }

    #[test]
    fn what_converts_and_what_cancels() {
        assert!(convertible(QuoteState::Accepted));
        assert!(!convertible(QuoteState::Expired));
        assert!(!convertible(QuoteState::Declined));
        assert!(cancellable(QuoteState::Expired));
        assert!(!cancellable(QuoteState::Converted));
        assert_eq!(file_name("QT/2026/00001"), "QT-2026-00001.pdf");
    }
}
