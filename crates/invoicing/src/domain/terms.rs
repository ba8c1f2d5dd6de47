//! Payment terms: the installments of a document (due dates and amounts that sum exactly to its
//! total), what is still due on each once part is paid, and how an early-payment discount
//! splits between the taxes it reduces and the discount account.

use chrono::{Datelike, Days, NaiveDate};
use uuid::Uuid;

arkan_kernel::codes! {
    /// How a payment-term line sets its installment's amount.
    pub enum TermLineKind {
        /// A percent of the document total.
        Percent = "percent",
        /// An amount of company currency, converted at the document's rate.
        Fixed = "fixed",
        /// Whatever the other lines leave.
        Balance = "balance",
    }
}

/// One line of a payment term: `value` is the percent in ten-thousandths (`30` % is 300,000)
/// for `percent`, company-currency minor units for `fixed`, None for `balance`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermLine {
    pub kind: TermLineKind,
    pub value: Option<i64>,
    pub days: i32,
    pub end_of_month: bool,
}

/// One installment of a document, in its currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Installment {
    pub due_date: NaiveDate,
    pub amount: i64,
}

/// 100 % in the ten-thousandths of a percent that term lines and discounts use.
pub const HUNDRED_PERCENT: i64 = 1_000_000;

/// `amount` × `percent_e4` / 100 %, rounded half away from zero.
pub fn percent_of(amount: i64, percent_e4: i64) -> i64 {
    let exact = i128::from(amount) * i128::from(percent_e4);
    let whole = i128::from(HUNDRED_PERCENT);
    let rounded = (exact.abs() + whole / 2) / whole * exact.signum();
    i64::try_from(rounded).unwrap_or(amount)
}

/// The last day of `date`'s month.
fn end_of_month(date: NaiveDate) -> NaiveDate {
    let (year, month) = if date.month() == 12 {
        (date.year() + 1, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|first| first.pred_opt())
        .unwrap_or(date)
}

/// When a line falls due: `days` after the invoice date, or after the last day of its month.
pub fn due_date(invoice_date: NaiveDate, line: &TermLine) -> NaiveDate {
    let start = if line.end_of_month {
        end_of_month(invoice_date)
    } else {
        invoice_date
    };
    start
        .checked_add_days(Days::new(u64::try_from(line.days).unwrap_or(0)))
        .unwrap_or(start)
}

/// The installments of a document of `total` dated `invoice_date`, by due date (lines falling
/// due the same day stay apart, in the term's order). Each percent and fixed amount is rounded
/// to the currency, never above what is left; the `balance` line (else the last line) takes the
/// rest, so the amounts always sum to `total`. `fixed` converts a company-currency amount to the
/// document's; None when it cannot.
pub fn installments(
    lines: &[TermLine],
    invoice_date: NaiveDate,
    total: i64,
    fixed: impl Fn(i64) -> Option<i64>,
) -> Option<Vec<Installment>> {
    if lines.is_empty() {
        return Some(vec![Installment {
            due_date: invoice_date,
            amount: total,
        }]);
    }
    let rest_line = lines
        .iter()
        .position(|line| line.kind == TermLineKind::Balance)
        .unwrap_or(lines.len() - 1);
    let mut amounts = vec![0_i64; lines.len()];
    let mut left = total;
    for (index, line) in lines.iter().enumerate() {
        if index == rest_line {
            continue;
        }
        let wanted = match line.kind {
            TermLineKind::Percent => percent_of(total, line.value.unwrap_or(0)),
            TermLineKind::Fixed => fixed(line.value.unwrap_or(0))?,
            TermLineKind::Balance => 0,
        };
        // Never more than is left, never below zero: a total smaller than the fixed parts
        // leaves the later lines empty rather than negative.
        let amount = if total >= 0 {
            wanted.clamp(0, left.max(0))
        } else {
            wanted.clamp(left.min(0), 0)
        };
        amounts[index] = amount;
        left -= amount;
    }
    amounts[rest_line] = left;
    let mut installments: Vec<Installment> = lines
        .iter()
        .zip(amounts)
        .map(|(line, amount)| Installment {
            due_date: due_date(invoice_date, line),
            amount,
        })
        .collect();
    installments.sort_by_key(|installment| installment.due_date);
    Some(installments)
}

/// What is still due on each installment once `settled` of the document is paid, credited,
/// discounted or written off: settlements take the oldest due date first.
pub fn amounts_due(installments: &[Installment], settled: i64) -> Vec<i64> {
    let mut left = settled;
    installments
        .iter()
        .map(|installment| {
            let taken = left.clamp(0, installment.amount.max(0));
            left -= taken;
            installment.amount - taken
        })
        .collect()
}

/// How an early-payment discount worth `value` (company currency) on a document of `total`
/// (its currency) is booked: each tax gets back its share of the discount (`taxes`: the
/// account and the recoverable tax amount, in the document's currency, as the document booked
/// it), rounded half away from zero; the discount account takes the rest.
pub fn discount_split(value: i64, total: i64, taxes: &[(Uuid, i64)]) -> (Vec<(Uuid, i64)>, i64) {
    if total == 0 {
        return (Vec::new(), value);
    }
    let mut shares = Vec::with_capacity(taxes.len());
    let mut rest = value;
    for (account, amount) in taxes {
        let exact = i128::from(value) * i128::from(*amount);
        let whole = i128::from(total);
        let rounded =
            (exact.abs() * 2 + whole.abs()) / (whole.abs() * 2) * (exact.signum() * whole.signum());
        let share = i64::try_from(rounded).unwrap_or(0);
        if share == 0 {
            continue;
        }
        match shares.iter_mut().find(|(known, _)| known == account) {
            Some((_, known)) => *known += share,
            None => shares.push((*account, share)),
        }
        rest -= share;
    }
    (shares, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn line(kind: TermLineKind, value: Option<i64>, days: i32) -> TermLine {
        TermLine {
            kind,
            value,
            days,
            end_of_month: false,
        }
    }

    #[test]
    fn thirty_percent_now_and_the_balance_in_sixty_days() {
        let term = [
            line(TermLineKind::Percent, Some(300_000), 0),
            line(TermLineKind::Balance, None, 60),
        ];
        let due = installments(&term, date("2026-03-10"), 105_001, Some).unwrap();
        assert_eq!(
            due,
            vec![
                Installment {
                    due_date: date("2026-03-10"),
                    amount: 31_500
                },
                Installment {
                    due_date: date("2026-05-09"),
                    amount: 73_501
                },
            ]
        );
        assert_eq!(amounts_due(&due, 40_000), vec![0, 65_001]);
        assert_eq!(amounts_due(&due, 0), vec![31_500, 73_501]);
    }

    #[test]
    fn end_of_month_counts_from_the_last_day() {
        let mut eom = line(TermLineKind::Balance, None, 0);
        eom.end_of_month = true;
        assert_eq!(due_date(date("2026-02-10"), &eom), date("2026-02-28"));
        eom.days = 15;
        assert_eq!(due_date(date("2026-12-31"), &eom), date("2027-01-15"));
    }

    #[test]
    fn fixed_parts_never_exceed_the_total() {
        let term = [
            line(TermLineKind::Fixed, Some(50_000), 0),
            line(TermLineKind::Balance, None, 30),
        ];
        let due = installments(&term, date("2026-01-01"), 20_000, Some).unwrap();
        assert_eq!(due[0].amount, 20_000);
        assert_eq!(due[1].amount, 0);
    }

    #[test]
    fn a_discount_gives_each_tax_its_share() {
        let vat = Uuid::from_u128(7);
        // 105.00 with 5.00 VAT, 2 % discount = 2.10: 0.10 back to VAT, 2.00 to the discount.
        let (shares, rest) = discount_split(210, 10_500, &[(vat, 500)]);
        assert_eq!(shares, vec![(vat, 10)]);
        assert_eq!(rest, 200);
    }

    proptest! {
        #[test]
        fn installments_always_sum_to_the_total(
            total in -1_000_000_000_000_i64..1_000_000_000_000,
            percents in proptest::collection::vec(1_i64..=1_000_000, 0..5),
            fixed_parts in proptest::collection::vec(0_i64..10_000_000, 0..3),
            rate_e10 in 1_i64..100_000_000_000,
            with_balance in any::<bool>(),
        ) {
            let mut term: Vec<TermLine> = percents
                .iter()
                .enumerate()
                .map(|(index, percent)| line(TermLineKind::Percent, Some(*percent), index as i32 * 30))
                .collect();
            term.extend(
                fixed_parts
                    .iter()
                    .map(|amount| line(TermLineKind::Fixed, Some(*amount), 10)),
            );
            if with_balance || term.is_empty() {
                term.push(line(TermLineKind::Balance, None, 90));
            }
            // A fixed company amount converted at any rate to a 3-decimal currency.
            let convert = |minor: i64| {
                i64::try_from(i128::from(minor) * 10_i128.pow(10) * 10 / i128::from(rate_e10)).ok()
            };
            let due = installments(&term, date("2026-06-30"), total, convert).unwrap();
            prop_assert_eq!(due.iter().map(|installment| installment.amount).sum::<i64>(), total);
            prop_assert!(due.windows(2).all(|pair| pair[0].due_date <= pair[1].due_date));
            if total >= 0 {
                prop_assert!(due.iter().all(|installment| installment.amount >= 0));
            }
            let paid = total / 3;
            let left: i64 = amounts_due(&due, paid).iter().sum();
            prop_assert_eq!(left, total - paid.max(0).min(total.max(0)));
        }
    }
}
