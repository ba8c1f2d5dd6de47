//! Purchase agreements (tenders): their states, and the score that ranks bids (and RFQ
//! quotes) by price, lead time and vendor rating. The formula is in the crate README.

use std::collections::HashMap;

use arkan_kernel::codes;
use uuid::Uuid;

use super::rfqs::Submission;

codes! {
    /// Where a tender is: `draft -> open` (bids accepted, sealed) `-> evaluation` (bids
    /// scored and shown) `-> awarded` (purchase orders made), or `cancelled`.
    pub enum AgreementState {
        Draft = "draft",
        Open = "open",
        Evaluation = "evaluation",
        Awarded = "awarded",
        Cancelled = "cancelled",
    }
}

/// The prefix of tender numbers: `TND/2026/00001`.
pub const AGREEMENT_PREFIX: &str = "TND";

/// The weights of the three parts of a score, in ten-thousandths (any scale: they are
/// normalised by their sum).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weights {
    pub price: i64,
    pub lead_time: i64,
    pub rating: i64,
}

/// Price 60, lead time 20, rating 20, when the request names none.
pub const DEFAULT_WEIGHTS: Weights = Weights {
    price: 600_000,
    lead_time: 200_000,
    rating: 200_000,
};

/// The fixed-point scale the parts are computed at (10^12 = 1).
const ONE: i128 = 1_000_000_000_000;

/// Each submission's score from 0 to 100 in hundredths (`6667` = 66.67), rounded half away
/// from zero; None for every submission when no part can be computed.
///
/// - price: the mean over the document's `lines` of (lowest net unit price offered for the
///   line) / (this submission's net unit price for it); a line it does not price counts 0, a
///   free offer 1;
/// - lead time: (1 + shortest lead time offered) / (1 + this one's), 0 without a lead time;
///   left out when nobody gave one;
/// - rating: the vendor's rating / 100 (`ratings`, 0-100 in hundredths), 0 for an unrated
///   vendor; left out when no vendor is rated;
///
/// score = 100 × Σ weight × part / Σ weight, over the parts kept.
pub fn scores(
    lines: &[Uuid],
    submissions: &[Submission],
    ratings: &HashMap<Uuid, i64>,
    weights: Weights,
) -> Vec<Option<i64>> {
    if submissions.is_empty() || lines.is_empty() {
        return vec![None; submissions.len()];
    }
    let best: Vec<Option<i64>> = lines
        .iter()
        .map(|line| {
            submissions
                .iter()
                .filter_map(|submission| {
                    submission
                        .offers
                        .iter()
                        .find(|offer| offer.line_id == *line)
                        .map(|offer| offer.net_unit_price_e6)
                })
                .min()
        })
        .collect();
    let count = i128::try_from(lines.len()).unwrap_or(1);
    let fastest = submissions
        .iter()
        .filter_map(|submission| submission.lead_time_days)
        .min();
    let rated = submissions
        .iter()
        .any(|submission| ratings.contains_key(&submission.partner_id));
    let kept_weight = i128::from(weights.price)
        + fastest.map_or(0, |_| i128::from(weights.lead_time))
        + if rated { i128::from(weights.rating) } else { 0 };
    if kept_weight <= 0 {
        return vec![None; submissions.len()];
    }
    submissions
        .iter()
        .map(|submission| {
            let mut price: i128 = 0;
            for (line, lowest) in lines.iter().zip(&best) {
                let offered = submission
                    .offers
                    .iter()
                    .find(|offer| offer.line_id == *line)
                    .map(|offer| offer.net_unit_price_e6);
                price += match (offered, lowest) {
                    (Some(offered), Some(lowest)) if offered > 0 => {
                        i128::from(*lowest).max(0) * ONE / i128::from(offered)
                    }
                    (Some(_), _) => ONE,
                    (None, _) => 0,
                };
            }
            let mut total = i128::from(weights.price) * (price / count);
            if let Some(fastest) = fastest {
                let lead = submission.lead_time_days.map_or(0, |days| {
                    (1 + i128::from(fastest.max(0))) * ONE / (1 + i128::from(days.max(0)))
                });
                total += i128::from(weights.lead_time) * lead;
            }
            if rated {
                let rating = ratings.get(&submission.partner_id).copied().unwrap_or(0);
                total +=
                    i128::from(weights.rating) * i128::from(rating.clamp(0, 10_000)) * ONE / 10_000;
            }
            // total / kept_weight is the score as a share of ONE; in hundredths of a point:
            // × 100 (percent) × 100 (hundredths).
            let scaled = total * 10_000;
            let divisor = kept_weight * ONE;
            i64::try_from((scaled + divisor / 2) / divisor).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rfqs::Offer;

    fn bid(partner: u128, lead: Option<i32>, offers: &[(u128, i64)]) -> Submission {
        Submission {
            partner_id: Uuid::from_u128(partner),
            amount_untaxed: 0,
            lead_time_days: lead,
            submitted_at: 0,
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
    fn scores_weigh_price_and_lead_time_without_ratings() {
        let lines = [Uuid::from_u128(1), Uuid::from_u128(2)];
        let bids = vec![
            bid(10, Some(4), &[(1, 10_000_000), (2, 20_000_000)]),
            bid(11, Some(9), &[(1, 8_000_000), (2, 25_000_000)]),
        ];
        let weights = Weights {
            price: 700_000,
            lead_time: 300_000,
            rating: 0,
        };
        let scores = scores(&lines, &bids, &HashMap::new(), weights);
        // A: price (0.8 + 1) / 2 = 0.9, lead 1: 0.7 × 0.9 + 0.3 = 0.93.
        // B: price (1 + 0.8) / 2 = 0.9, lead 5 / 10 = 0.5: 0.63 + 0.15 = 0.78.
        assert_eq!(scores, vec![Some(9_300), Some(7_800)]);
    }

    #[test]
    fn a_missing_line_counts_zero_and_ratings_join_when_known() {
        let lines = [Uuid::from_u128(1), Uuid::from_u128(2)];
        let bids = vec![
            bid(10, None, &[(1, 3_000_000)]),
            bid(11, None, &[(1, 6_000_000), (2, 1_000_000)]),
        ];
        let ratings = HashMap::from([(Uuid::from_u128(11), 8_000)]);
        let scores = scores(&lines, &bids, &ratings, DEFAULT_WEIGHTS);
        // Lead time is left out (nobody gave one): weights 60 and 20 of 80.
        // A: price 0.5, rating 0: 0.75 × 0.5 = 0.375. B: price 0.75, rating 0.8: 0.5625 + 0.2.
        assert_eq!(scores, vec![Some(3_750), Some(7_625)]);
    }
}
