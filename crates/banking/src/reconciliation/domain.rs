//! Pure rules of bank statements: their formats and states, the balance check (opening plus
//! the movements gives the closing) and the fingerprint that recognises a statement imported
//! before.

use arkan_kernel::codes;
use arkan_platform::auth::sha256_hex;
use arkan_platform::error::ApiResult;
use chrono::NaiveDate;

use super::formats::ParsedLine;
use crate::errors;

codes! {
    /// How a statement came in.
    pub enum StatementFormat {
        Csv = "csv",
        Camt053 = "camt053",
        Mt940 = "mt940",
        Json = "json",
    }
}

codes! {
    /// A statement is `reconciled` once every line is matched.
    pub enum StatementState {
        Open = "open",
        Reconciled = "reconciled",
    }
}

impl StatementState {
    /// The state of a statement of which `matched` of its `lines` are matched.
    pub fn of(matched: i64, lines: i64) -> StatementState {
        if matched == lines {
            StatementState::Reconciled
        } else {
            StatementState::Open
        }
    }
}

codes! {
    /// How much of a statement line is explained by the books.
    pub enum LineState {
        Unmatched = "unmatched",
        Partial = "partial",
        Matched = "matched",
    }
}

impl LineState {
    /// The state of a line of `amount` of which `matched` is explained. A line of zero has
    /// nothing to explain: it is matched from its import on (nothing can be matched to it), so
    /// its statement can become `reconciled`.
    pub fn of(amount: i64, matched: i64) -> LineState {
        if matched == amount {
            LineState::Matched
        } else if matched == 0 {
            LineState::Unmatched
        } else {
            LineState::Partial
        }
    }

    /// Matching or writing off needs something left on the line.
    pub fn require_open(self) -> ApiResult<()> {
        match self {
            LineState::Matched => Err(errors::statement_line_matched()),
            LineState::Unmatched | LineState::Partial => Ok(()),
        }
    }

    /// Un-matching needs a match.
    pub fn require_matched_in_part(self) -> ApiResult<()> {
        match self {
            LineState::Unmatched => Err(errors::statement_line_unmatched()),
            LineState::Partial | LineState::Matched => Ok(()),
        }
    }
}

/// Why a statement does not add up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unbalanced {
    /// Opening plus the movements is not the closing balance.
    Total {
        opening: i64,
        movements: i64,
        closing: i64,
    },
    /// A line's running balance is not the one before it plus its amount.
    Running {
        line: usize,
        expected: i64,
        given: i64,
    },
}

/// The opening balance (given, or the first running balance less its movement, or `previous`:
/// the closing balance of the journal's last statement), the closing
/// balance (given, or the last running balance, or opening plus the movements) and the check
/// that they add up, running balances included.
pub fn balances(
    opening: Option<i64>,
    closing: Option<i64>,
    previous: i64,
    lines: &[ParsedLine],
) -> Result<(i64, i64), Unbalanced> {
    let first_running = lines
        .first()
        .and_then(|line| line.balance.map(|balance| balance - line.amount));
    let opening = opening.or(first_running).unwrap_or(previous);
    let mut running = opening;
    for line in lines {
        running += line.amount;
        if let Some(given) = line.balance
            && given != running
        {
            return Err(Unbalanced::Running {
                line: line.source_line,
                expected: running,
                given,
            });
        }
    }
    let closing = closing.unwrap_or(running);
    if closing != running {
        return Err(Unbalanced::Total {
            opening,
            movements: running - opening,
            closing,
        });
    }
    Ok((opening, closing))
}

/// The first and last day the movements fall on.
pub fn date_range(lines: &[ParsedLine]) -> Option<(NaiveDate, NaiveDate)> {
    let from = lines.iter().map(|line| line.date).min()?;
    let to = lines.iter().map(|line| line.date).max()?;
    Some((from, to))
}

/// What makes two imports the same statement whatever their file format: the balances and each
/// movement's day and amount, in order.
pub fn fingerprint(opening: i64, closing: i64, lines: &[ParsedLine]) -> String {
    let mut text = format!("{opening}|{closing}\n");
    for line in lines {
        text.push_str(&format!("{}|{}\n", line.date, line.amount));
    }
    sha256_hex(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(amount: i64, balance: Option<i64>) -> ParsedLine {
        ParsedLine {
            source_line: 2,
            date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            value_date: None,
            amount,
            description: String::new(),
            reference: None,
            partner_name: None,
            iban: None,
            balance,
        }
    }

    #[test]
    fn opening_and_movements_give_the_closing() {
        let lines = [line(500, None), line(-200, None)];
        assert_eq!(
            balances(Some(1000), Some(1300), 0, &lines),
            Ok((1000, 1300))
        );
        assert_eq!(
            balances(Some(1000), Some(1350), 0, &lines),
            Err(Unbalanced::Total {
                opening: 1000,
                movements: 300,
                closing: 1350
            })
        );
        assert_eq!(balances(None, None, 0, &lines), Ok((0, 300)));
    }

    #[test]
    fn running_balances_give_the_opening_and_are_checked() {
        let lines = [line(500, Some(1500)), line(-200, Some(1300))];
        assert_eq!(balances(None, None, 7, &lines), Ok((1000, 1300)));
        let wrong = [line(500, Some(1500)), line(-200, Some(1200))];
        assert!(matches!(
            balances(None, None, 0, &wrong),
            Err(Unbalanced::Running { given: 1200, .. })
        ));
    }

    #[test]
    fn a_line_is_matched_when_its_whole_amount_is() {
        assert_eq!(LineState::of(-1050, 0), LineState::Unmatched);
        assert_eq!(LineState::of(-1050, -50), LineState::Partial);
        assert_eq!(LineState::of(-1050, -1050), LineState::Matched);
        assert_eq!(LineState::of(0, 0), LineState::Matched);
        assert!(LineState::Matched.require_open().is_err());
        assert!(LineState::Unmatched.require_matched_in_part().is_err());
    }

    #[test]
    fn the_fingerprint_ignores_texts() {
        let mut other = line(500, None);
        other.description = "another text".into();
        assert_eq!(
            fingerprint(0, 500, &[line(500, None)]),
            fingerprint(0, 500, &[other])
        );
        assert_ne!(
            fingerprint(0, 500, &[line(500, None)]),
            fingerprint(0, 501, &[line(501, None)])
        );
    }
}
