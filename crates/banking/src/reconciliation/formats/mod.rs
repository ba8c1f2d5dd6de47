//! The statement files banks send, read into one shape: CSV with a column mapping, ISO 20022
//! camt.053 and SWIFT MT940. Each reader is pure (text in, statement or the first malformed
//! line out) and writes nothing.

mod camt053;
mod csv;
mod mt940;

pub use camt053::read_camt053;
pub use csv::{CsvLayout, date_format, read_csv};
pub use mt940::read_mt940;

use arkan_kernel::parse_minor;
use chrono::NaiveDate;

/// A statement as read from a file, before it is checked and stored.
#[derive(Debug, Default)]
pub struct ParsedStatement {
    /// The bank's id of the statement (camt.053 `Stmt/Id`, MT940 `:20:`).
    pub reference: Option<String>,
    /// The currency the file names, if any.
    pub currency: Option<String>,
    pub opening: Option<i64>,
    pub closing: Option<i64>,
    pub lines: Vec<ParsedLine>,
}

/// One movement of a statement: `amount` in minor units, positive when money came in.
#[derive(Debug, Clone)]
pub struct ParsedLine {
    /// Where the movement starts in the file (1-based), for error messages.
    pub source_line: usize,
    pub date: NaiveDate,
    pub value_date: Option<NaiveDate>,
    pub amount: i64,
    pub description: String,
    pub reference: Option<String>,
    pub partner_name: Option<String>,
    pub iban: Option<String>,
    /// The running balance after this movement, when the file gives one (a CSV column).
    pub balance: Option<i64>,
}

/// Why a file cannot be read: the 1-based line of the first problem and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub line: usize,
    pub message: String,
}

impl Malformed {
    pub fn at(line: usize, message: impl Into<String>) -> Malformed {
        Malformed {
            line,
            message: message.into(),
        }
    }
}

/// An amount written with `decimal` as its decimal mark; spaces, apostrophes and the other
/// mark (`.` or `,`) are taken as thousands separators.
pub fn amount(text: &str, decimal: char, exponent: u8) -> Option<i64> {
    let grouping = if decimal == ',' { '.' } else { ',' };
    let plain: String = text
        .trim()
        .chars()
        .filter(|c| *c != grouping && *c != ' ' && *c != '\'')
        .map(|c| if c == decimal { '.' } else { c })
        .collect();
    parse_minor(&plain, exponent).ok()
}

/// A text field kept only when it says something.
pub fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The 1-based line of byte `offset` in `content`.
pub fn line_at(content: &str, offset: usize) -> usize {
    let end = offset.min(content.len());
    content.as_bytes()[..end]
        .iter()
        .filter(|byte| **byte == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_take_either_decimal_mark() {
        assert_eq!(amount("1,250.50", '.', 2), Some(125_050));
        assert_eq!(amount("1.250,50", ',', 2), Some(125_050));
        assert_eq!(amount("-40", '.', 2), Some(-4000));
        assert_eq!(amount("12.345", '.', 2), None);
        assert_eq!(amount("abc", '.', 2), None);
    }

    #[test]
    fn offsets_become_line_numbers() {
        assert_eq!(line_at("a\nb\nc", 0), 1);
        assert_eq!(line_at("a\nb\nc", 2), 2);
        assert_eq!(line_at("a\nb\nc", 99), 3);
    }
}
