//! Vendor rating, pure: five metrics from a vendor's orders, receipts, returns and RFQ answers
//! over a period, weighted into a score and a grade. The formula is in the crate README
//! ("Vendor rating").

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

/// The weights of `onTimeRate`, `quantityAccuracy`, `qualityRate`, `priceScore` and
/// `responseRate`, in percent.
pub const WEIGHTS: [i64; 5] = [30, 20, 25, 15, 10];

/// A metric in hundredths of a percent (66.67 % = 6,667), None when its base is zero.
pub type Metric = Option<i64>;

/// A line of a confirmed order, dated by its order, quantities in ten-thousandths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderLineFact {
    pub partner: Uuid,
    pub order: Uuid,
    pub date: NaiveDate,
    /// Everything arrived, or the receipts were closed without a backorder.
    pub closed: bool,
    pub ordered_e4: i64,
    pub received_e4: i64,
    pub returned_e4: i64,
}

/// A receipt from the vendor, dated the day the goods arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReceiptFact {
    pub partner: Uuid,
    pub date: NaiveDate,
    pub order_date: NaiveDate,
    /// The order's expected date (else its lines' earliest); None: no date was promised.
    pub expected: Option<NaiveDate>,
}

/// A dated event of the vendor: a return to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReturnFact {
    pub partner: Uuid,
    pub date: NaiveDate,
}

/// An RFQ sent to the vendor (dated when sent), and how long its quote took (None: no quote).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvitationFact {
    pub partner: Uuid,
    pub date: NaiveDate,
    /// Microseconds from sending to the vendor's first quote.
    pub response_micros: Option<i64>,
}

/// A quoted RFQ line (dated when the quote came in): the vendor's net unit price and the
/// average of every quote's on that RFQ line, millionths of the RFQ's currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteLineFact {
    pub partner: Uuid,
    pub date: NaiveDate,
    pub rfq_line: Uuid,
    pub price_e6: i64,
    pub quantity_e4: i64,
}

/// Everything rated over a period, every vendor's.
#[derive(Clone, Debug, Default)]
pub struct RatingFacts {
    pub lines: Vec<OrderLineFact>,
    pub receipts: Vec<ReceiptFact>,
    pub returns: Vec<ReturnFact>,
    pub invitations: Vec<InvitationFact>,
    pub quotes: Vec<QuoteLineFact>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub orders: i64,
    pub receipts: i64,
    pub late_receipts: i64,
    pub returns: i64,
    pub invitations: i64,
    pub responses: i64,
}

/// One vendor's rating: metrics and score in hundredths of a percent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rating {
    pub on_time: Metric,
    pub quantity: Metric,
    pub quality: Metric,
    pub price: Metric,
    pub response: Metric,
    pub score: Metric,
    /// Hundredths of a day from order to receipt, on average.
    pub lead_time_e2: Option<i64>,
    /// Hundredths of an hour from an RFQ's sending to the vendor's quote, on average.
    pub response_time_e2: Option<i64>,
    pub counts: Counts,
}

/// `part / whole` as hundredths of a percent, rounded half away from zero; None when `whole`
/// is 0.
pub fn rate(part: i64, whole: i64) -> Metric {
    ratio(i128::from(part.max(0)) * 10_000, i128::from(whole))
}

fn ratio(numerator: i128, denominator: i128) -> Option<i64> {
    if denominator <= 0 {
        return None;
    }
    i64::try_from((numerator * 2 + denominator) / (2 * denominator)).ok()
}

/// The score of the metrics that have a base, their weights scaled to sum to 100; None when
/// none has one.
pub fn score(metrics: [Metric; 5]) -> Metric {
    let (mut weighted, mut weights) = (0_i128, 0_i128);
    for (metric, weight) in metrics.iter().zip(WEIGHTS) {
        if let Some(value) = metric {
            weighted += i128::from(*value) * i128::from(weight);
            weights += i128::from(weight);
        }
    }
    ratio(weighted, weights)
}

/// `A` from 85, `B` from 70, `C` from 50, else `D`.
pub fn grade(score: i64) -> &'static str {
    match score {
        8_500.. => "A",
        7_000.. => "B",
        5_000.. => "C",
        _ => "D",
    }
}

/// The average price of each RFQ line over every quote of it, weighted by quantity.
fn averages(quotes: &[QuoteLineFact]) -> HashMap<Uuid, (i128, i128)> {
    let mut sums: HashMap<Uuid, (i128, i128)> = HashMap::new();
    for quote in quotes {
        let entry = sums.entry(quote.rfq_line).or_default();
        entry.0 += i128::from(quote.price_e6) * i128::from(quote.quantity_e4);
        entry.1 += i128::from(quote.quantity_e4);
    }
    sums
}

/// `partner`'s rating from the facts dated in `from..=to`.
pub fn rate_vendor(facts: &RatingFacts, partner: Uuid, from: NaiveDate, to: NaiveDate) -> Rating {
    let within = |date: NaiveDate| date >= from && date <= to;
    let mut counts = Counts::default();
    let lines: Vec<&OrderLineFact> = facts
        .lines
        .iter()
        .filter(|line| line.partner == partner && within(line.date))
        .collect();
    let mut orders: Vec<Uuid> = lines.iter().map(|line| line.order).collect();
    orders.sort_unstable();
    orders.dedup();
    counts.orders = i64::try_from(orders.len()).unwrap_or(i64::MAX);
    // Quantity accuracy over the lines that are done (their order closed, or everything
    // ordered came, returns aside): what came against what was ordered.
    let (mut near, mut far) = (0_i64, 0_i64);
    let (mut received, mut returned) = (0_i64, 0_i64);
    for line in &lines {
        if line.closed || line.received_e4 >= line.ordered_e4 {
            near += line.received_e4.min(line.ordered_e4);
            far += line.received_e4.max(line.ordered_e4);
        }
        received += line.received_e4;
        returned += line.returned_e4;
    }
    let (mut on_time, mut promised, mut lead_days) = (0_i64, 0_i64, 0_i64);
    for receipt in facts
        .receipts
        .iter()
        .filter(|receipt| receipt.partner == partner && within(receipt.date))
    {
        counts.receipts += 1;
        lead_days += (receipt.date - receipt.order_date).num_days();
        if let Some(expected) = receipt.expected {
            promised += 1;
            if receipt.date <= expected {
                on_time += 1;
            } else {
                counts.late_receipts += 1;
            }
        }
    }
    counts.returns = i64::try_from(
        facts
            .returns
            .iter()
            .filter(|event| event.partner == partner && within(event.date))
            .count(),
    )
    .unwrap_or(i64::MAX);
    let mut waited_micros = 0_i128;
    for invitation in facts
        .invitations
        .iter()
        .filter(|invitation| invitation.partner == partner && within(invitation.date))
    {
        counts.invitations += 1;
        if let Some(micros) = invitation.response_micros {
            counts.responses += 1;
            waited_micros += i128::from(micros.max(0));
        }
    }
    // Price: the vendor's quoted amounts against the same quantities at each line's average;
    // at or below the average scores 100.
    let in_period: Vec<QuoteLineFact> = facts
        .quotes
        .iter()
        .filter(|quote| within(quote.date))
        .copied()
        .collect();
    let averages = averages(&in_period);
    let (mut at_average, mut quoted) = (0_i128, 0_i128);
    for quote in in_period.iter().filter(|quote| quote.partner == partner) {
        let Some((sum, quantity)) = averages.get(&quote.rfq_line) else {
            continue;
        };
        if *quantity == 0 {
            continue;
        }
        let own = i128::from(quote.price_e6) * i128::from(quote.quantity_e4);
        let average = sum * i128::from(quote.quantity_e4) / quantity;
        at_average += average.min(own);
        quoted += own;
    }
    let on_time_rate = rate(on_time, promised);
    let quantity = rate(near, far);
    let quality = rate(received - returned, received);
    let price = ratio(at_average * 10_000, quoted);
    let response = rate(counts.responses, counts.invitations);
    Rating {
        on_time: on_time_rate,
        quantity,
        quality,
        price,
        response,
        score: score([on_time_rate, quantity, quality, price, response]),
        lead_time_e2: ratio(i128::from(lead_days) * 100, i128::from(counts.receipts)),
        // Microseconds to hundredths of an hour: × 100 / 3,600,000,000.
        response_time_e2: ratio(waited_micros, i128::from(counts.responses) * 36_000_000),
        counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    #[test]
    fn rates_round_half_away_from_zero() {
        assert_eq!(rate(2, 3), Some(6_667));
        assert_eq!(rate(1, 3), Some(3_333));
        assert_eq!(rate(3, 4), Some(7_500));
        assert_eq!(rate(1, 0), None);
    }

    #[test]
    fn the_score_weights_what_has_a_base() {
        // 100, 50, 100, 80, 0 -> (3000 + 1000 + 2500 + 1200 + 0) / 100 = 77.
        let all = [
            Some(10_000),
            Some(5_000),
            Some(10_000),
            Some(8_000),
            Some(0),
        ];
        assert_eq!(score(all), Some(7_700));
        // Without a price and a response: (3000 + 1000 + 2500) / 75 = 86.67.
        let some = [Some(10_000), Some(5_000), Some(10_000), None, None];
        assert_eq!(score(some), Some(8_667));
        assert_eq!(score([None; 5]), None);
        assert_eq!(grade(8_667), "A");
        assert_eq!(grade(7_700), "B");
        assert_eq!(grade(5_000), "C");
        assert_eq!(grade(4_999), "D");
    }

    #[test]
    fn a_vendor_is_rated_on_its_own_facts_in_the_period() {
        let (us, them) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let (order, other) = (Uuid::from_u128(10), Uuid::from_u128(11));
        let (line_a, line_b) = (Uuid::from_u128(20), Uuid::from_u128(21));
        let facts = RatingFacts {
            lines: vec![
                // 10 ordered, 8 came, closed; 1 returned.
                OrderLineFact {
                    partner: us,
                    order,
                    date: day("2026-03-01"),
                    closed: true,
                    ordered_e4: 100_000,
                    received_e4: 80_000,
                    returned_e4: 10_000,
                },
                // Still open: not in the accuracy.
                OrderLineFact {
                    partner: us,
                    order: other,
                    date: day("2026-03-02"),
                    closed: false,
                    ordered_e4: 50_000,
                    received_e4: 20_000,
                    returned_e4: 0,
                },
            ],
            receipts: vec![
                ReceiptFact {
                    partner: us,
                    date: day("2026-03-05"),
                    order_date: day("2026-03-01"),
                    expected: Some(day("2026-03-05")),
                },
                ReceiptFact {
                    partner: us,
                    date: day("2026-03-09"),
                    order_date: day("2026-03-02"),
                    expected: Some(day("2026-03-06")),
                },
                // Outside the period.
                ReceiptFact {
                    partner: us,
                    date: day("2026-05-01"),
                    order_date: day("2026-03-02"),
                    expected: None,
                },
            ],
            returns: vec![ReturnFact {
                partner: us,
                date: day("2026-03-10"),
            }],
            invitations: vec![
                InvitationFact {
                    partner: us,
                    date: day("2026-03-01"),
                    // A day and a half.
                    response_micros: Some(129_600_000_000),
                },
                InvitationFact {
                    partner: us,
                    date: day("2026-03-03"),
                    response_micros: None,
                },
                InvitationFact {
                    partner: them,
                    date: day("2026-03-01"),
                    response_micros: Some(3_600_000_000),
                },
            ],
            quotes: vec![
                // Line A: we quote 12, they 8 (average 10): we score 10/12 of it.
                QuoteLineFact {
                    partner: us,
                    date: day("2026-03-02"),
                    rfq_line: line_a,
                    price_e6: 12_000_000,
                    quantity_e4: 10_000,
                },
                QuoteLineFact {
                    partner: them,
                    date: day("2026-03-02"),
                    rfq_line: line_a,
                    price_e6: 8_000_000,
                    quantity_e4: 10_000,
                },
                // Line B: we alone.
                QuoteLineFact {
                    partner: us,
                    date: day("2026-03-02"),
                    rfq_line: line_b,
                    price_e6: 5_000_000,
                    quantity_e4: 20_000,
                },
            ],
        };
        let rating = rate_vendor(&facts, us, day("2026-03-01"), day("2026-03-31"));
        assert_eq!(rating.counts.orders, 2);
        assert_eq!(rating.counts.receipts, 2);
        assert_eq!(rating.counts.late_receipts, 1);
        assert_eq!(rating.counts.returns, 1);
        assert_eq!((rating.counts.invitations, rating.counts.responses), (2, 1));
        assert_eq!(rating.on_time, Some(5_000));
        assert_eq!(rating.quantity, Some(8_000));
        // 1 returned of 10 received.
        assert_eq!(rating.quality, Some(9_000));
        // (10 + 10) at the averages against (12 + 10) quoted.
        assert_eq!(rating.price, Some(9_091));
        assert_eq!(rating.response, Some(5_000));
        // (5000x30 + 8000x20 + 9000x25 + 9091x15 + 5000x10) / 100 = 7213.65.
        assert_eq!(rating.score, Some(7_214));
        // (4 + 7) / 2 days.
        assert_eq!(rating.lead_time_e2, Some(550));
        assert_eq!(rating.response_time_e2, Some(3_600));
        // The other vendor: only its answer and its quote, the cheapest.
        let theirs = rate_vendor(&facts, them, day("2026-03-01"), day("2026-03-31"));
        assert_eq!(theirs.price, Some(10_000));
        assert_eq!(theirs.response, Some(10_000));
        assert_eq!(theirs.score, Some(10_000));
    }
}
