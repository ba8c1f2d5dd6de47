//! Use cases of the catalog: each checks the role, validates into domain values, opens at most
//! one write transaction and names what it changed before the commit.

use arkan_kernel::money::{MAX_AMOUNT_MINOR, format_trimmed};
use arkan_kernel::parse_minor;
use arkan_platform::error::{ApiError, Validation};
use arkan_platform::extract::DecimalText;
use arkan_platform::fields;
use sea_orm::DbErr;

use crate::domain::parse_quantity;

mod categories;
mod products;
mod uoms;

pub use categories::*;
pub use products::*;
pub use uoms::*;

/// The deepest category tree walked (a guard against a cycle in stored data).
const MAX_DEPTH: usize = 64;

/// A unit price or cost as invoice lines write it: up to 6 decimals, trailing zeros trimmed.
fn price_text(e6: i64) -> String {
    format_trimmed(e6, 6)
}

/// A price, cost, weight or volume of zero or more, up to 6 decimals, in millionths.
fn parse_e6(validation: &mut Validation, field: &str, text: &DecimalText) -> Option<i64> {
    match parse_minor(&text.0, 6) {
        Ok(value) if value < 0 => {
            validation.add(field, "must not be negative");
            None
        }
        Ok(value) if value > MAX_AMOUNT_MINOR => {
            validation.add(field, "is too large");
            None
        }
        Ok(value) => Some(value),
        Err(error) => {
            validation.add(field, error.to_string());
            None
        }
    }
}

fn parse_quantity_field(
    validation: &mut Validation,
    field: &str,
    text: &DecimalText,
    decimals: u8,
) -> Option<i64> {
    validation.check(field, parse_quantity(&text.0, decimals))
}

fn name_of(validation: &mut Validation, field: &str, text: &str) -> String {
    let name = text.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        validation.add(field, "must be 1 to 200 characters");
    }
    name
}

/// An optional text, trimmed (blank is none), of at most `max` characters.
fn text_of(
    validation: &mut Validation,
    field: &str,
    text: Option<String>,
    max: usize,
) -> Option<String> {
    fields::optional_text(validation, field, text, max)
}

/// The database's refusal that `is` recognises becomes the client's error `as_error`; any
/// other database error stays a 500.
fn refused_as(
    is: fn(&DbErr) -> bool,
    as_error: fn() -> ApiError,
) -> impl FnOnce(DbErr) -> ApiError {
    move |error| {
        if is(&error) { as_error() } else { error.into() }
    }
}
