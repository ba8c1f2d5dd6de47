//! Reports as files, for every module's reports: each can also be read as CSV or as an XLSX
//! spreadsheet, a row per JSON row under the JSON field names, a leading `section` column on
//! section reports and a last `Total` row.

use crate::error::{ApiError, ApiResult};
use arkan_kernel::format_minor;
use axum::Json;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format as CellFormat, Workbook};
use serde::Serialize;

/// How the report is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
}

impl Format {
    pub fn parse(value: Option<&str>) -> ApiResult<Format> {
        match value {
            None | Some("json") => Ok(Format::Json),
            Some("csv") => Ok(Format::Csv),
            Some("xlsx") => Ok(Format::Xlsx),
            Some(_) => Err(ApiError::invalid_field(
                "format",
                "must be one of json, csv, xlsx",
            )),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// A computed percentage (`share`, `marginPercent`, `variancePercent`): `part / base × 100`,
/// 0-100, rounded half away from zero to 2 decimals and trimmed (`"66.67"`, `"75"`); None (null)
/// when `base` is 0.
pub fn percent(part: i64, base: i64) -> Option<String> {
    if base == 0 {
        return None;
    }
    // Hundredths of a percent: part × 10,000 / base, rounded half away from zero.
    let numerator = i128::from(part) * 10_000;
    let denominator = i128::from(base);
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    let away = if remainder.abs() * 2 >= denominator.abs() {
        if (numerator < 0) == (denominator < 0) {
            1
        } else {
            -1
        }
    } else {
        0
    };
    let hundredths = quotient + away;
    let sign = if hundredths < 0 { "-" } else { "" };
    let magnitude = hundredths.abs();
    let whole = magnitude / 100;
    let fraction = magnitude % 100;
    let text = if fraction == 0 {
        format!("{sign}{whole}")
    } else if fraction % 10 == 0 {
        format!("{sign}{whole}.{}", fraction / 10)
    } else {
        format!("{sign}{whole}.{fraction:02}")
    };
    Some(text)
}

/// One cell of a report table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Minor units of the company currency.
    Money(i64),
    Count(i64),
    /// A computed percentage as the JSON shows it (`"66.67"`), or null.
    Percent(Option<String>),
    Empty,
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    pub fn optional(value: Option<impl ToString>) -> Cell {
        value.map_or(Cell::Empty, |value| Cell::Text(value.to_string()))
    }
}

/// A report flattened to rows under named columns.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The last row, shown bold; its first cell is usually `Total`.
    pub total: Option<Vec<Cell>>,
}

/// The name a downloaded report gets: `profit-loss_2026-01-01_2026-03-31.csv`.
pub fn file_name(report: &str, dates: &[&str], format: Format) -> String {
    let mut name = report.to_owned();
    for date in dates {
        name.push('_');
        name.push_str(date);
    }
    name.push('.');
    name.push_str(format.extension());
    name
}

/// Answers the report as JSON, or as the file `format` asks for, built from `table`.
pub fn respond<T: Serialize>(
    format: Format,
    name: &str,
    exponent: u8,
    body: T,
    table: impl FnOnce(&T) -> Table,
) -> ApiResult<Response> {
    match format {
        Format::Json => Ok(Json(body).into_response()),
        Format::Csv => Ok(attachment(
            "text/csv; charset=utf-8",
            name,
            csv(&table(&body), exponent).into_bytes(),
        )),
        Format::Xlsx => Ok(attachment(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            name,
            xlsx(&table(&body), exponent)?,
        )),
    }
}

/// Answers the report as [`respond`] does, but serializes the JSON's `data` rows (`rows` takes
/// them out of the body) on the machine's cores at once: a report of 100,000 rows spends most
/// of its serializing there. The bytes are those `respond` sends. The body must serialize its
/// rows as the one `data` key anywhere in it, always present (no `skip_serializing_if`):
/// anything else is a 500, never other bytes.
pub fn respond_rows<T: Serialize, R: Serialize + Sync>(
    format: Format,
    name: &str,
    exponent: u8,
    mut body: T,
    rows: impl FnOnce(&mut T) -> &mut Vec<R>,
    table: impl FnOnce(&T) -> Table,
) -> ApiResult<Response> {
    if format != Format::Json {
        return respond(format, name, exponent, body, table);
    }
    let data = std::mem::take(rows(&mut body));
    let head = serde_json::to_vec(&body).map_err(ApiError::internal)?;
    // The empty rows' place in the body: `"data":[` then `]`. An unescaped quote cannot occur
    // inside a JSON string, so the text can only be the key itself; more than one such key
    // (a nested `data`) is not a body this splices into.
    const KEY: &[u8] = b"\"data\":[]";
    let mut places = head
        .windows(KEY.len())
        .enumerate()
        .filter(|(_, window)| *window == KEY)
        .map(|(at, _)| at + KEY.len() - 1);
    let (Some(at), None) = (places.next(), places.next()) else {
        return Err(ApiError::internal(format!(
            "{name}: a report body without exactly one `data` key"
        )));
    };
    let rows = rows_json(&data).map_err(ApiError::internal)?;
    let mut bytes = Vec::with_capacity(head.len() + rows.iter().map(Vec::len).sum::<usize>());
    bytes.extend_from_slice(&head[..at]);
    for part in &rows {
        bytes.extend_from_slice(part);
    }
    bytes.extend_from_slice(&head[at..]);
    Ok(([(header::CONTENT_TYPE, "application/json")], bytes).into_response())
}

/// Rows fewer than this are serialized on the request's own thread alone.
const ROWS_ALONE: usize = 4096;

/// `rows` as the inside of a JSON array (comma-separated), in consecutive parts serialized
/// at once on up to as many threads as the machine has cores (at most four).
fn rows_json<R: Serialize + Sync>(rows: &[R]) -> serde_json::Result<Vec<Vec<u8>>> {
    let threads = std::thread::available_parallelism().map_or(1, |cores| cores.get().min(4));
    let parts = if rows.len() < ROWS_ALONE { 1 } else { threads };
    let size = rows.len().div_ceil(parts).max(1);
    let write = |chunk: &[R], first: bool| -> serde_json::Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(chunk.len() * 128);
        for (index, row) in chunk.iter().enumerate() {
            if !(first && index == 0) {
                bytes.push(b',');
            }
            serde_json::to_writer(&mut bytes, row)?;
        }
        Ok(bytes)
    };
    let mut chunks = rows.chunks(size);
    let Some(own) = chunks.next() else {
        return Ok(Vec::new());
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = chunks
            .map(|chunk| scope.spawn(move || write(chunk, false)))
            .collect();
        let mut parts = vec![write(own, true)?];
        for other in others {
            parts.push(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?,
            );
        }
        Ok(parts)
    })
}

fn attachment(content_type: &str, name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn cell_text(cell: &Cell, exponent: u8) -> String {
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Money(minor) => format_minor(*minor, exponent),
        Cell::Count(count) => count.to_string(),
        Cell::Percent(value) => value.clone().unwrap_or_default(),
        Cell::Empty => String::new(),
    }
}

/// A CSV field, quoted when it must be; text a spreadsheet would run as a formula gets a
/// leading apostrophe.
fn csv_field(cell: &Cell, exponent: u8) -> String {
    let mut text = cell_text(cell, exponent);
    if matches!(cell, Cell::Text(_)) && text.starts_with(['=', '+', '@', '\t', '\r']) {
        text.insert(0, '\'');
    }
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The table as CSV (RFC 4180, CRLF line ends).
pub fn csv(table: &Table, exponent: u8) -> String {
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(
        table
            .columns
            .iter()
            .map(|name| csv_field(&Cell::Text(name.clone()), exponent))
            .collect(),
    );
    for row in table.rows.iter().chain(table.total.iter()) {
        line(row.iter().map(|cell| csv_field(cell, exponent)).collect());
    }
    out
}

fn money_format(exponent: u8) -> String {
    if exponent == 0 {
        "#,##0".to_owned()
    } else {
        format!("#,##0.{}", "0".repeat(exponent as usize))
    }
}

fn number_of(text: &str) -> Option<f64> {
    text.parse::<f64>().ok()
}

/// The table as a spreadsheet: a bold frozen header, money in the currency's decimals, a bold
/// total row.
pub fn xlsx(table: &Table, exponent: u8) -> ApiResult<Vec<u8>> {
    let failed = |error: rust_xlsxwriter::XlsxError| {
        ApiError::internal(format!("the spreadsheet could not be written: {error}"))
    };
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = CellFormat::new().set_bold();
    let money = CellFormat::new().set_num_format(money_format(exponent));
    let percent = CellFormat::new().set_num_format("0.00");
    let plain = CellFormat::new();
    for (column, name) in table.columns.iter().enumerate() {
        let column = u16::try_from(column).map_err(|_| ApiError::internal("too many columns"))?;
        sheet
            .write_string_with_format(0, column, name, &header)
            .map_err(failed)?;
    }
    let scale = 10_f64.powi(i32::from(exponent));
    let rows = table
        .rows
        .iter()
        .map(|row| (row, false))
        .chain(table.total.iter().map(|row| (row, true)));
    for (index, (row, bold)) in rows.enumerate() {
        let line = u32::try_from(index + 1).map_err(|_| ApiError::internal("too many rows"))?;
        for (column, cell) in row.iter().enumerate() {
            let column =
                u16::try_from(column).map_err(|_| ApiError::internal("too many columns"))?;
            let pick = |format: &CellFormat| {
                if bold {
                    format.clone().set_bold()
                } else {
                    format.clone()
                }
            };
            match cell {
                Cell::Text(text) => sheet
                    .write_string_with_format(line, column, text, &pick(&plain))
                    .map(|_| ()),
                #[expect(clippy::cast_precision_loss, reason = "a spreadsheet number")]
                Cell::Money(minor) => sheet
                    .write_number_with_format(line, column, *minor as f64 / scale, &pick(&money))
                    .map(|_| ()),
                #[expect(clippy::cast_precision_loss, reason = "a spreadsheet number")]
                Cell::Count(count) => sheet
                    .write_number_with_format(line, column, *count as f64, &pick(&plain))
                    .map(|_| ()),
                Cell::Percent(Some(text)) => match number_of(text) {
                    Some(value) => sheet
                        .write_number_with_format(line, column, value, &pick(&percent))
                        .map(|_| ()),
                    None => sheet
                        .write_string_with_format(line, column, text, &pick(&plain))
                        .map(|_| ()),
                },
                Cell::Percent(None) | Cell::Empty => Ok(()),
            }
            .map_err(failed)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    sheet.autofit();
    workbook.save_to_buffer().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Body {
        name: &'static str,
        data: Vec<(u32, String)>,
        total: u32,
    }

    async fn bytes_of(response: Response) -> Vec<u8> {
        axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("the body")
            .to_vec()
    }

    #[tokio::test]
    async fn rows_serialized_in_parts_are_the_bytes_of_the_whole() {
        for count in [0, 1, 2, ROWS_ALONE - 1, ROWS_ALONE, 3 * ROWS_ALONE + 7] {
            let body = || Body {
                name: "with \"data\":[] in a string",
                data: (0..count)
                    .map(|n| (n as u32, format!("row \"{n}\"")))
                    .collect(),
                total: 7,
            };
            let whole =
                bytes_of(respond(Format::Json, "x", 2, body(), |_| Table::default()).unwrap())
                    .await;
            let parts = respond_rows(
                Format::Json,
                "x",
                2,
                body(),
                |body| &mut body.data,
                |_| Table::default(),
            )
            .unwrap();
            assert_eq!(
                parts.headers()[header::CONTENT_TYPE],
                "application/json",
                "{count} rows"
            );
            assert_eq!(bytes_of(parts).await, whole, "{count} rows");
        }
    }

    #[test]
    fn csv_quotes_and_defuses() {
        let table = Table {
            columns: vec!["name".to_owned(), "amount".to_owned()],
            rows: vec![
                vec![Cell::text("A, \"B\""), Cell::Money(-1050)],
                vec![Cell::text("=HYPERLINK(1)"), Cell::Money(5)],
            ],
            total: Some(vec![Cell::text("Total"), Cell::Money(-1045)]),
        };
        assert_eq!(
            csv(&table, 2),
            "name,amount\r\n\"A, \"\"B\"\"\",-10.50\r\n'=HYPERLINK(1),0.05\r\nTotal,-10.45\r\n"
        );
        assert!(xlsx(&table, 3).is_ok_and(|bytes| bytes.starts_with(b"PK")));
    }

    #[test]
    fn rounds_half_away_from_zero_and_trims() {
        assert_eq!(percent(2, 3).as_deref(), Some("66.67"));
        assert_eq!(percent(3, 4).as_deref(), Some("75"));
        assert_eq!(percent(1, 8).as_deref(), Some("12.5"));
        assert_eq!(percent(-1, 8).as_deref(), Some("-12.5"));
        assert_eq!(percent(1, 20_000).as_deref(), Some("0.01"));
        assert_eq!(percent(-1, 20_000).as_deref(), Some("-0.01"));
        assert_eq!(percent(1, 30_000).as_deref(), Some("0"));
        assert_eq!(percent(5, -8).as_deref(), Some("-62.5"));
        assert_eq!(percent(0, 5).as_deref(), Some("0"));
        assert_eq!(percent(7, 0), None);
    }
}
