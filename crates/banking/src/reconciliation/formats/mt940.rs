//! SWIFT MT940 customer statements: `:20:` the statement's reference, `:25:` the account,
//! `:28C:` its number, `:60F:`/`:60M:` the opening balance, `:61:` one movement each with its
//! `:86:` details, `:62F:`/`:62M:` the closing balance. Amounts use `,` as decimal mark.
//!
//! `:86:` may be structured as `/CODE/value` pairs: `NAME` (counterparty), `IBAN`, `REMI`
//! (remittance text), `EREF` (end-to-end reference); otherwise it is the description.

use chrono::NaiveDate;

use super::{Malformed, ParsedLine, ParsedStatement, amount, non_empty};

/// A balance field: `C` or `D`, `YYMMDD`, the currency and the amount.
fn balance(value: &str, line: usize, exponent: u8) -> Result<(i64, String), Malformed> {
    let bad = || {
        Malformed::at(
            line,
            format!("balance {value:?} is not D/C, YYMMDD, currency, amount"),
        )
    };
    let sign = match value.get(..1) {
        Some("C") => 1,
        Some("D") => -1,
        _ => return Err(bad()),
    };
    value.get(1..7).and_then(short_date).ok_or_else(bad)?;
    let currency = value.get(7..10).ok_or_else(bad)?.to_owned();
    let minor = value
        .get(10..)
        .and_then(|text| amount(text, ',', exponent))
        .ok_or_else(bad)?;
    Ok((sign * minor, currency))
}

fn short_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("20{text}"), "%Y%m%d").ok()
}

/// `:61:` — `YYMMDD[MMDD](C|D|RC|RD)[funds code]amount` then the type (`NTRF`), the customer's
/// reference and after `//` the bank's.
fn movement(value: &str, line: usize, exponent: u8) -> Result<ParsedLine, Malformed> {
    let bad = |what: &str| Malformed::at(line, format!(":61: {what} in {value:?}"));
    let value_date = value
        .get(..6)
        .and_then(short_date)
        .ok_or_else(|| bad("has no YYMMDD value date"))?;
    let mut rest = &value[6..];
    // The optional booking date `MMDD`, in the value date's year (or the next, across New Year).
    let mut date = value_date;
    if rest.len() >= 4 && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        let booked = NaiveDate::parse_from_str(
            &format!("{}{}", value_date.format("%Y"), &rest[..4]),
            "%Y%m%d",
        )
        .map_err(|_| bad("has a bad booking date"))?;
        date = booked;
        rest = &rest[4..];
    }
    let (sign, after_mark) = if let Some(after) = rest.strip_prefix("RC") {
        (-1, after)
    } else if let Some(after) = rest.strip_prefix("RD") {
        (1, after)
    } else if let Some(after) = rest.strip_prefix('C') {
        (1, after)
    } else if let Some(after) = rest.strip_prefix('D') {
        (-1, after)
    } else {
        return Err(bad("has no C, D, RC or RD mark"));
    };
    let after_mark = match after_mark.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => &after_mark[1..],
        _ => after_mark,
    };
    let digits = after_mark
        .find(|c: char| !(c.is_ascii_digit() || c == ','))
        .unwrap_or(after_mark.len());
    let minor =
        amount(&after_mark[..digits], ',', exponent).ok_or_else(|| bad("has a bad amount"))?;
    // Type: one letter and three characters (`NTRF`, `S202`), then the references.
    let references = after_mark.get(digits + 4..).unwrap_or_default();
    let (customer, bank) = match references.split_once("//") {
        Some((customer, bank)) => (customer, Some(bank)),
        None => (references, None),
    };
    let customer = Some(customer.trim()).filter(|text| !text.is_empty() && *text != "NONREF");
    Ok(ParsedLine {
        source_line: line,
        date,
        value_date: Some(value_date),
        amount: sign * minor,
        description: String::new(),
        reference: customer.or(bank.map(str::trim)).and_then(non_empty),
        partner_name: None,
        iban: None,
        balance: None,
    })
}

/// Whether a part of a structured `:86:` is a code (`NAME`, `REMI`, `CDTRREFTP`): 2 to 9
/// capital letters. Anything else after a `/` (`2026` in `INV/2026/00001`) is the value going on.
fn is_code(part: &str) -> bool {
    (2..=9).contains(&part.len()) && part.bytes().all(|byte| byte.is_ascii_uppercase())
}

/// Fills a movement from its `:86:` text.
fn details(line: &mut ParsedLine, text: &str) {
    if !text.starts_with('/') {
        line.description = text.trim().to_owned();
        return;
    }
    // `/CODE/value/CODE/value`: the split gives "", CODE, value, CODE, value...; a value may hold
    // `/` itself (an invoice number), so it runs to the next part that is a code.
    let mut pairs: Vec<(&str, String)> = Vec::new();
    let mut parts = text.split('/').skip(1);
    while let Some(code) = parts.next() {
        match pairs.last_mut() {
            Some((_, value)) if !is_code(code) => {
                value.push('/');
                value.push_str(code);
            }
            _ => pairs.push((code, parts.next().unwrap_or_default().to_owned())),
        }
    }
    for (code, value) in pairs {
        let value = value.trim();
        match code {
            "NAME" => line.partner_name = non_empty(value),
            "IBAN" => line.iban = non_empty(&value.replace(' ', "")),
            "REMI" => line.description = value.to_owned(),
            "EREF" => line.reference = non_empty(value).or(line.reference.take()),
            _ => {}
        }
    }
    if line.description.is_empty() {
        line.description = text.trim().to_owned();
    }
}

/// The tags of one MT940 message with the line each starts on; continuation lines are joined
/// (with a space in `:86:`).
fn fields(content: &str) -> Result<Vec<(usize, String, String)>, Malformed> {
    let mut fields: Vec<(usize, String, String)> = Vec::new();
    for (index, raw) in content.lines().enumerate() {
        let line = index + 1;
        let text = raw.trim_end_matches('\r');
        if text.trim().is_empty()
            || text.starts_with('{')
            || text.trim() == "-}"
            || text.trim() == "-"
        {
            continue;
        }
        if let Some(rest) = text.strip_prefix(':')
            && let Some((tag, value)) = rest.split_once(':')
            && !tag.is_empty()
            && tag.len() <= 3
            && tag.chars().all(|c| c.is_ascii_alphanumeric())
        {
            fields.push((line, tag.to_owned(), value.to_owned()));
            continue;
        }
        match fields.last_mut() {
            Some((_, tag, value)) if tag == "86" || tag == "61" => {
                value.push(if tag == "86" { ' ' } else { '\n' });
                value.push_str(text);
            }
            _ => {
                return Err(Malformed::at(
                    line,
                    format!("{text:?} is not an MT940 field"),
                ));
            }
        }
    }
    Ok(fields)
}

/// Reads one MT940 statement. A file of several (a `:20:` after a `:62F:` final closing
/// balance) is refused at the line the second starts: an import is one statement.
pub fn read_mt940(content: &str, exponent: u8) -> Result<ParsedStatement, Malformed> {
    let mut statement = ParsedStatement::default();
    let mut last_line = 0;
    let mut seen_account = false;
    let mut closed = false;
    for (line, tag, value) in fields(content)? {
        last_line = line;
        match tag.as_str() {
            "20" if closed => {
                return Err(Malformed::at(
                    line,
                    "multiple statements: a second statement starts here; split the file and \
                     import one statement at a time",
                ));
            }
            "20" => statement.reference = non_empty(&value),
            "21" | "28C" | "64" | "65" | "NS" => {}
            "25" => seen_account = true,
            "60F" | "60M" => {
                let (opening, currency) = balance(value.trim(), line, exponent)?;
                statement.opening = Some(opening);
                statement.currency = Some(currency);
            }
            "61" => {
                let first = value.lines().next().unwrap_or_default();
                statement
                    .lines
                    .push(movement(first.trim(), line, exponent)?);
            }
            "86" => match statement.lines.last_mut() {
                Some(movement) if movement.description.is_empty() => details(movement, &value),
                // An `:86:` after the last balance is the statement's own information.
                _ if statement.closing.is_some() => {}
                _ => return Err(Malformed::at(line, ":86: does not follow a :61:")),
            },
            "62F" | "62M" => {
                let (closing, currency) = balance(value.trim(), line, exponent)?;
                if statement.currency.as_deref() != Some(currency.as_str()) {
                    return Err(Malformed::at(
                        line,
                        "the closing balance is in another currency",
                    ));
                }
                statement.closing = Some(closing);
                closed |= tag == "62F";
            }
            other => return Err(Malformed::at(line, format!("unknown MT940 tag :{other}:"))),
        }
    }
    if statement.reference.is_none() || !seen_account {
        return Err(Malformed::at(
            last_line.max(1),
            "the statement lacks :20: or :25:",
        ));
    }
    if statement.opening.is_none() {
        return Err(Malformed::at(
            last_line.max(1),
            "the statement has no :60F: opening balance",
        ));
    }
    if statement.closing.is_none() {
        return Err(Malformed::at(
            last_line.max(1),
            "the statement has no :62F: closing balance (truncated?)",
        ));
    }
    Ok(statement)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = ":20:STMT-2026-12\n:25:AE070331234567890123456\n:28C:12/1\n\
        :60F:C261130AED1000,00\n:61:2612011201C1250,00NTRFINV-2026-0001//B1\n\
        :86:/NAME/Al Noor Trading/IBAN/AE07 0331 2345 6789 0123 456/REMI/Payment INV-2026-0001\n\
        :61:261202D10,50NCHGNONREF//FEE-1\n:86:Bank charges\n:62F:C261202AED2239,50\n";

    #[test]
    fn reads_balances_movements_and_details() {
        let statement = read_mt940(FILE, 2).unwrap();
        assert_eq!(statement.reference.as_deref(), Some("STMT-2026-12"));
        assert_eq!(statement.opening, Some(100_000));
        assert_eq!(statement.closing, Some(223_950));
        assert_eq!(statement.lines.len(), 2);
        let first = &statement.lines[0];
        assert_eq!(first.amount, 125_000);
        assert_eq!(first.reference.as_deref(), Some("INV-2026-0001"));
        assert_eq!(first.partner_name.as_deref(), Some("Al Noor Trading"));
        assert_eq!(first.iban.as_deref(), Some("AE070331234567890123456"));
        assert_eq!(first.description, "Payment INV-2026-0001");
        let fee = &statement.lines[1];
        assert_eq!(fee.amount, -1050);
        assert_eq!(fee.reference.as_deref(), Some("FEE-1"));
        assert_eq!(fee.description, "Bank charges");
    }

    #[test]
    fn structured_values_keep_their_slashes() {
        let file = FILE.replace(
            "/REMI/Payment INV-2026-0001",
            "/REMI/Payment INV/2026/00001 and inv/2026/00002/EREF/INV/2026/00001",
        );
        let statement = read_mt940(&file, 2).unwrap();
        let first = &statement.lines[0];
        assert_eq!(
            first.description,
            "Payment INV/2026/00001 and inv/2026/00002"
        );
        assert_eq!(first.reference.as_deref(), Some("INV/2026/00001"));
        assert_eq!(first.partner_name.as_deref(), Some("Al Noor Trading"));
    }

    #[test]
    fn a_second_statement_is_refused_where_it_starts() {
        let file = format!("{FILE}{}", FILE.replace("STMT-2026-12", "STMT-2026-13"));
        let error = read_mt940(&file, 2).err();
        assert_eq!(error.as_ref().map(|error| error.line), Some(10));
        assert!(
            error.is_some_and(|error| error.message.starts_with("multiple statements")),
            "{file}"
        );
    }

    #[test]
    fn an_unknown_tag_names_its_line() {
        let file = FILE.replace(":28C:", ":99:");
        assert_eq!(read_mt940(&file, 2).err().map(|error| error.line), Some(3));
    }
}
