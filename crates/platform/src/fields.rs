//! Checks of common input fields, shared by every module: dates, currencies, amounts and the
//! optional filters of list queries. Each records its error under the field's name.

use arkan_kernel::money::MAX_AMOUNT_MINOR;
use arkan_kernel::{Currency, parse_minor};
use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult, Validation};

/// The years a date may fall in. Beyond them a date is a typo or an attack: year 0 numbered
/// entries `MISC/0/00001`, and on SQLite (dates stored as text) a five-digit or signed year
/// compares wrong.
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// Why a date is refused, when it is.
pub const DATE_FORMAT_MESSAGE: &str = "must be a date YYYY-MM-DD";
pub const DATE_RANGE_MESSAGE: &str = "must be a date from 1900-01-01 to 2999-12-31";

/// The one date parser of the API: exactly `YYYY-MM-DD`, a real day, from 1900-01-01 to
/// 2999-12-31.
pub fn date(text: &str) -> Result<NaiveDate, &'static str> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    if !shaped {
        return Err(DATE_FORMAT_MESSAGE);
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| DATE_FORMAT_MESSAGE)?;
    if DATE_YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(DATE_RANGE_MESSAGE)
    }
}

/// [`date`], recording the error under `field`.
pub fn parse_date(validation: &mut Validation, field: &str, text: &str) -> Option<NaiveDate> {
    match date(text) {
        Ok(date) => Some(date),
        Err(message) => {
            validation.add(field, message);
            None
        }
    }
}

pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A currency this system knows, by its ISO 4217 code; records the error under `field`.
pub fn currency(validation: &mut Validation, field: &str, code: &str) -> Option<Currency> {
    let currency = Currency::from_code(code);
    if currency.is_none() {
        validation.add(field, "must be an ISO 4217 currency code this system knows");
    }
    currency
}

/// Parses an amount of a currency; records the error under `field`.
pub fn amount(
    validation: &mut Validation,
    field: &str,
    text: &str,
    currency: Currency,
) -> Option<i64> {
    match parse_minor(text, currency.exponent) {
        Ok(minor) if minor.abs() > MAX_AMOUNT_MINOR => {
            validation.add(field, "is too large");
            None
        }
        Ok(minor) => Some(minor),
        Err(error) => {
            validation.add(field, format!("{error} (currency {})", currency.code));
            None
        }
    }
}

pub fn optional_bool(field: &str, text: Option<&str>) -> ApiResult<Option<bool>> {
    match text {
        None | Some("") => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(_) => Err(ApiError::invalid_field(field, "must be true or false")),
    }
}

pub fn optional_uuid(field: &str, text: Option<&str>) -> ApiResult<Option<Uuid>> {
    match text {
        None | Some("") => Ok(None),
        Some(text) => Uuid::parse_str(text)
            .map(Some)
            .map_err(|_| ApiError::invalid_field(field, "must be a UUID")),
    }
}

pub fn optional_date(field: &str, text: Option<&str>) -> ApiResult<Option<NaiveDate>> {
    match text {
        None | Some("") => Ok(None),
        Some(text) => {
            let mut validation = Validation::new();
            let date = parse_date(&mut validation, field, text);
            validation.finish()?;
            Ok(date)
        }
    }
}

pub fn clean(text: Option<String>) -> Option<String> {
    text.map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

/// An optional text, trimmed (blank is none), of at most `max` characters; records the error
/// under `field`.
pub fn optional_text(
    validation: &mut Validation,
    field: &str,
    text: Option<String>,
    max: usize,
) -> Option<String> {
    let text = clean(text);
    if text.as_ref().is_some_and(|text| text.chars().count() > max) {
        validation.add(field, format!("must be at most {max} characters"));
    }
    text
}

/// A code filter of a list (a state, a type): none when absent or empty, 400 listing `codes`
/// when unknown.
pub fn optional_code<T>(
    field: &str,
    text: Option<&str>,
    parse: fn(&str) -> Option<T>,
    codes: String,
) -> ApiResult<Option<T>> {
    match text.filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => parse(text)
            .map(Some)
            .ok_or_else(|| ApiError::invalid_field(field, format!("must be one of: {codes}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_yyyy_mm_dd_from_1900_to_2999() {
        assert_eq!(
            date("2026-02-28").map(format_date),
            Ok("2026-02-28".to_owned())
        );
        assert!(date("1900-01-01").is_ok());
        assert!(date("2999-12-31").is_ok());
        for range in ["0000-01-01", "1899-12-31", "3000-01-01", "9999-12-31"] {
            assert_eq!(date(range), Err(DATE_RANGE_MESSAGE), "{range}");
        }
        for shape in [
            "2026-2-28",
            "2026-02-30",
            "+2026-02-28",
            "10000-01-01",
            " 2026-02-28",
            "2026/02/28",
            "2026-02-28T00:00:00",
            "",
            "-001-01-01",
        ] {
            assert_eq!(date(shape), Err(DATE_FORMAT_MESSAGE), "{shape}");
        }
    }
}
