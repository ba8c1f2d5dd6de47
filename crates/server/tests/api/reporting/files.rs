//! Reading a report's CSV and XLSX back, to compare them with its JSON.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

/// The rows of an RFC 4180 CSV text (quoted fields, doubled quotes, CRLF).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(char) = chars.next() {
        match (quoted, char) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, other) => field.push(other),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, other) => field.push(other),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The cells of the first sheet of an XLSX file as text (numbers as written by Rust's `f64`
/// display), with whether each row is bold unknown to calamine: values only.
pub fn parse_xlsx(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX file");
    let name = workbook.sheet_names().first().cloned().expect("a sheet");
    let range = workbook.worksheet_range(&name).expect("the sheet");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(text) => text.clone(),
                    Data::Float(number) => number.to_string(),
                    Data::Int(number) => number.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// A decimal string as a number, for comparing with a spreadsheet cell.
pub fn number(text: &str) -> f64 {
    text.parse::<f64>().expect("a number")
}
