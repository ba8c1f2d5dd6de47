//! Requests for quotation: their states, and the comparison of the vendors' offers, shared
//! with tenders (a tender's bids compare as an RFQ's quotes).

use arkan_kernel::codes;
use uuid::Uuid;

codes! {
    /// Where an RFQ is: `draft -> sent` (vendors asked), `closed` once every line is awarded
    /// (or never to be), or `cancelled`.
    pub enum RfqState {
        Draft = "draft",
        Sent = "sent",
        Closed = "closed",
        Cancelled = "cancelled",
    }
}

/// The prefix of RFQ numbers: `RFQ/2026/00001`.
pub const RFQ_PREFIX: &str = "RFQ";

codes! {
    /// Who entered a vendor quote: the company's staff, or the vendor through the portal.
    pub enum QuoteSource {
        Staff = "staff",
        Portal = "portal",
    }
}

/// A vendor's price for one line of an RFQ or tender.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub line_id: Uuid,
    /// The unit price net of the discount, millionths of the document currency.
    pub net_unit_price_e6: i64,
    pub subtotal: i64,
    pub lead_time_days: Option<i32>,
}

/// One vendor's quote (or bid) as the comparison reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
    pub partner_id: Uuid,
    pub amount_untaxed: i64,
    /// The quote's own lead time, else the longest of its lines'.
    pub lead_time_days: Option<i32>,
    pub submitted_at: i64,
    pub offers: Vec<Offer>,
}

/// What the comparison picks: the cheapest vendor of each line, and overall the cheapest
/// complete submission (pricing every line), the fastest and the best scored (indices into the
/// submissions). Ties go to the earlier submission.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Picks {
    pub best_price_by_line: Vec<Option<usize>>,
    pub best_price: Option<usize>,
    pub fastest: Option<usize>,
    pub best_rated: Option<usize>,
}

/// The index of the smallest key, the earlier submission on a tie.
fn smallest<K: Ord>(
    submissions: &[Submission],
    key: impl Fn(usize, &Submission) -> Option<K>,
) -> Option<usize> {
    submissions
        .iter()
        .enumerate()
        .filter_map(|(index, submission)| {
            key(index, submission).map(|key| ((key, submission.submitted_at), index))
        })
        .min()
        .map(|(_, index)| index)
}

/// Compares the submissions over `lines` (the document's line ids in order); `scores` are the
/// submissions' scores (hundredths of a point, see [`super::agreements::scores`]).
pub fn compare(lines: &[Uuid], submissions: &[Submission], scores: &[Option<i64>]) -> Picks {
    let best_price_by_line = lines
        .iter()
        .map(|line| {
            smallest(submissions, |_, submission| {
                submission
                    .offers
                    .iter()
                    .find(|offer| offer.line_id == *line)
                    .map(|offer| offer.net_unit_price_e6)
            })
        })
        .collect();
    let complete = |submission: &Submission| {
        lines
            .iter()
            .all(|line| submission.offers.iter().any(|offer| offer.line_id == *line))
    };
    Picks {
        best_price_by_line,
        best_price: smallest(submissions, |_, submission| {
            complete(submission).then_some(submission.amount_untaxed)
        }),
        fastest: smallest(submissions, |_, submission| submission.lead_time_days),
        best_rated: smallest(submissions, |index, _| {
            scores.get(index).copied().flatten().map(std::cmp::Reverse)
        }),
    }
}

/// A line's amount without tax: quantity (ten-thousandths) × unit price (millionths) less the
/// discount (parts per million), rounded half away from zero to minor units of a currency with
/// `exponent` decimals. None when it does not fit.
pub fn subtotal(
    quantity_e4: i64,
    unit_price_e6: i64,
    discount_ppm: i64,
    exponent: u8,
) -> Option<i64> {
    let gross = i128::from(quantity_e4)
        .checked_mul(i128::from(unit_price_e6))?
        .checked_mul(1_000_000 - i128::from(discount_ppm))?;
    // 10^4 (quantity) × 10^6 (price) × 10^6 (ppm) down to 10^exponent.
    let divisor = 10_i128.checked_pow(16 - u32::from(exponent))?;
    let half = divisor / 2;
    let rounded = if gross >= 0 {
        (gross + half) / divisor
    } else {
        (gross - half) / divisor
    };
    i64::try_from(rounded).ok()
}

/// The unit price net of a discount, millionths, rounded half away from zero.
pub fn net_unit_price(unit_price_e6: i64, discount_ppm: i64) -> i64 {
    let net = i128::from(unit_price_e6) * (1_000_000 - i128::from(discount_ppm));
    let rounded = if net >= 0 {
        (net + 500_000) / 1_000_000
    } else {
        (net - 500_000) / 1_000_000
    };
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submission(
        partner: u128,
        amount: i64,
        lead: Option<i32>,
        at: i64,
        offers: &[(u128, i64)],
    ) -> Submission {
        Submission {
            partner_id: Uuid::from_u128(partner),
            amount_untaxed: amount,
            lead_time_days: lead,
            submitted_at: at,
            offers: offers
                .iter()
                .map(|(line, price)| Offer {
                    line_id: Uuid::from_u128(*line),
                    net_unit_price_e6: *price,
                    subtotal: 0,
                    lead_time_days: None,
                })
                .collect(),
        }
    }

    #[test]
    fn picks_the_cheapest_per_line_and_the_cheapest_complete_overall() {
        let lines = [Uuid::from_u128(10), Uuid::from_u128(11)];
        let submissions = vec![
            submission(1, 1_000, Some(10), 1, &[(10, 5), (11, 5)]),
            submission(2, 500, Some(3), 2, &[(10, 4)]),
            submission(3, 1_000, Some(3), 3, &[(10, 6), (11, 4)]),
        ];
        let picks = compare(&lines, &submissions, &[Some(5_000), Some(9_000), None]);
        assert_eq!(picks.best_price_by_line, vec![Some(1), Some(2)]);
        // Vendor 2 is cheaper but prices one line only; 1 and 3 tie, 1 came first.
        assert_eq!(picks.best_price, Some(0));
        assert_eq!(picks.fastest, Some(1));
        assert_eq!(picks.best_rated, Some(1));
    }

    #[test]
    fn subtotals_round_half_away_from_zero() {
        // 3 × 12.345 less 10 % = 33.3315 -> 33.33
        assert_eq!(subtotal(30_000, 12_345_000, 100_000, 2), Some(3_333));
        // 1 × 0.005 = 0.005 -> 0.01
        assert_eq!(subtotal(10_000, 5_000, 0, 2), Some(1));
        assert_eq!(net_unit_price(10_000_000, 250_000), 7_500_000);
    }
}
