//! Checks of common input fields, shared by every module: dates, currencies, amounts and the
//! optional filters of list queries. Each records its error under the field's name.

use arkan_kernel::money::MAX_AMOUNT_MINOR;
use arkan_kernel::{Currency, parse_minor};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult, Validation};

pub fn parse_date(validation: &mut Validation, field: &str, text: &str) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            validation.add(field, "must be a date YYYY-MM-DD");
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
