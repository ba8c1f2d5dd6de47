//! CSV statements: the first row names the columns, the request maps them
//! (`csv.columns`), and says how dates and amounts are written.

use chrono::NaiveDate;

use super::{Malformed, ParsedLine, ParsedStatement, amount, non_empty};

/// How one bank writes its CSV export, checked from the request.
#[derive(Debug, Clone)]
pub struct CsvLayout {
    pub delimiter: char,
    /// A chrono format (`%d/%m/%Y`), made from the request's `DD/MM/YYYY`.
    pub date_format: String,
    pub decimal: char,
    pub date: String,
    pub description: String,
    pub amount: Option<String>,
    /// Money out, as a positive number (with `credit`, instead of `amount`).
    pub debit: Option<String>,
    /// Money in, as a positive number.
    pub credit: Option<String>,
    pub reference: Option<String>,
    pub partner_name: Option<String>,
    pub iban: Option<String>,
    pub balance: Option<String>,
}

/// A date pattern of the request (`YYYY-MM-DD`, `DD/MM/YYYY`, `MM.DD.YY`) as a chrono format;
/// None when it lacks the day, month or year.
pub fn date_format(pattern: &str) -> Option<String> {
    let has = |part: &str| pattern.contains(part);
    if !(has("DD") && has("MM") && has("YY")) {
        return None;
    }
    let format = pattern
        .replace("YYYY", "%Y")
        .replace("YY", "%y")
        .replace("MM", "%m")
        .replace("DD", "%d");
    Some(format)
}

/// Splits CSV text into records, each with the line it starts on. Quoted fields may hold the
/// delimiter, doubled quotes and line breaks.
fn records(content: &str, delimiter: char) -> Result<Vec<(usize, Vec<String>)>, Malformed> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                records.push((start, std::mem::take(&mut fields)));
                line += 1;
                start = line;
            }
            c if c == delimiter => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(Malformed::at(start, "a quoted field is not closed"));
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push((start, fields));
    }
    records.retain(|(_, fields)| fields.iter().any(|field| !field.trim().is_empty()));
    Ok(records)
}

/// Reads a CSV statement. Lines come in file order; amounts in `exponent` decimals.
pub fn read_csv(
    content: &str,
    layout: &CsvLayout,
    exponent: u8,
) -> Result<ParsedStatement, Malformed> {
    let mut rows = records(content, layout.delimiter)?.into_iter();
    let Some((header_line, header)) = rows.next() else {
        return Err(Malformed::at(1, "the file is empty"));
    };
    let position = |name: &str| {
        header
            .iter()
            .position(|column| column.trim().eq_ignore_ascii_case(name.trim()))
    };
    let column = |name: &Option<String>| -> Result<Option<usize>, Malformed> {
        match name {
            None => Ok(None),
            Some(name) => position(name).map(Some).ok_or_else(|| {
                Malformed::at(header_line, format!("the header has no column {name:?}"))
            }),
        }
    };
    let date = column(&Some(layout.date.clone()))?.unwrap_or_default();
    let description = column(&Some(layout.description.clone()))?.unwrap_or_default();
    let (amount_column, debit, credit) = (
        column(&layout.amount)?,
        column(&layout.debit)?,
        column(&layout.credit)?,
    );
    let (reference, partner_name, iban, balance) = (
        column(&layout.reference)?,
        column(&layout.partner_name)?,
        column(&layout.iban)?,
        column(&layout.balance)?,
    );
    let mut statement = ParsedStatement::default();
    for (line, fields) in rows {
        let cell = |index: Option<usize>| {
            index
                .and_then(|index| fields.get(index))
                .map_or("", |text| text.trim())
        };
        let money = |index: Option<usize>, what: &str| -> Result<Option<i64>, Malformed> {
            let text = cell(index);
            if text.is_empty() {
                return Ok(None);
            }
            amount(text, layout.decimal, exponent)
                .map(Some)
                .ok_or_else(|| Malformed::at(line, format!("{what} {text:?} is not an amount")))
        };
        let date_text = cell(Some(date));
        let Ok(date) = NaiveDate::parse_from_str(date_text, &layout.date_format) else {
            return Err(Malformed::at(
                line,
                format!("date {date_text:?} does not match the date format"),
            ));
        };
        let amount = match amount_column {
            Some(_) => money(amount_column, "amount")?
                .ok_or_else(|| Malformed::at(line, "the amount is empty"))?,
            None => {
                let money_in = money(credit, "credit")?.unwrap_or_default();
                let money_out = money(debit, "debit")?.unwrap_or_default();
                money_in - money_out
            }
        };
        statement.lines.push(ParsedLine {
            source_line: line,
            date,
            value_date: None,
            amount,
            description: cell(Some(description)).to_owned(),
            reference: non_empty(cell(reference)),
            partner_name: non_empty(cell(partner_name)),
            iban: non_empty(cell(iban)),
            balance: money(balance, "balance")?,
        });
    }
    Ok(statement)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> CsvLayout {
        CsvLayout {
            delimiter: ';',
            date_format: date_format("DD/MM/YYYY").unwrap_or_default(),
            decimal: ',',
            date: "Date".into(),
            description: "Details".into(),
            amount: None,
            debit: Some("Debit".into()),
            credit: Some("Credit".into()),
            reference: Some("Ref".into()),
            partner_name: None,
            iban: None,
            balance: Some("Balance".into()),
        }
    }

    #[test]
    fn debit_and_credit_columns_give_signed_amounts() {
        let content = "Date;Details;Debit;Credit;Ref;Balance\n\
                       01/12/2026;\"Transfer; Al Noor\";;1.250,00;INV-1;2.250,00\n\
                       02/12/2026;Fee;10,50;;;2.239,50\n";
        let statement = read_csv(content, &layout(), 2).unwrap_or_default();
        assert_eq!(statement.lines.len(), 2);
        assert_eq!(statement.lines[0].amount, 125_000);
        assert_eq!(statement.lines[0].description, "Transfer; Al Noor");
        assert_eq!(statement.lines[0].reference.as_deref(), Some("INV-1"));
        assert_eq!(statement.lines[1].amount, -1050);
        assert_eq!(statement.lines[1].balance, Some(223_950));
        assert_eq!(statement.lines[1].source_line, 3);
    }

    #[test]
    fn a_bad_date_names_its_line() {
        let content =
            "Date;Details;Debit;Credit;Ref;Balance\n01/12/2026;A;;1;;\n2026-12-02;B;;1;;\n";
        let error = read_csv(content, &layout(), 2).err();
        assert_eq!(error.map(|error| error.line), Some(3));
    }

    #[test]
    fn date_patterns_need_day_month_and_year() {
        assert_eq!(date_format("YYYY-MM-DD").as_deref(), Some("%Y-%m-%d"));
        assert_eq!(date_format("MM/YYYY"), None);
    }
}
