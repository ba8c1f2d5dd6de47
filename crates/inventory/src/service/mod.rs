//! Inventory's use cases: each checks the role, validates into domain values, opens at most
//! one write transaction and calls the store.

mod adjustments;
mod counts;
pub mod customer_transfers;
mod engine;
mod landed_costs;
mod locations;
mod moves;
mod reports;
mod scrap;
mod stock;
mod transfers;
mod valuation;
mod valuation_report;
pub mod vendor_transfers;

pub use adjustments::*;
pub use counts::*;
pub use landed_costs::*;
pub use locations::*;
pub use moves::*;
pub use reports::*;
pub use scrap::*;
pub use stock::*;
pub use transfers::*;
pub use valuation::revalue;
pub use valuation_report::*;

use arkan_catalog::quantities;
use arkan_platform::error::{ApiResult, Validation};
use arkan_platform::fields;
use uuid::Uuid;

/// A list filter given as text: an id (400 naming the field when it is not one).
fn filter_id(field: &str, text: Option<&str>) -> ApiResult<Option<Uuid>> {
    fields::optional_uuid(field, text)
}

/// A code filter (a state, a type): 400 listing the codes when unknown.
fn filter_code<T>(
    field: &str,
    text: Option<&str>,
    parse: fn(&str) -> Option<T>,
    codes: String,
) -> ApiResult<Option<T>> {
    fields::optional_code(field, text, parse, codes)
}

/// A quantity of a unit with `decimals`, more than zero; records the error under `field`.
fn positive_quantity(
    validation: &mut Validation,
    field: &str,
    text: &str,
    decimals: u8,
) -> Option<i64> {
    match quantities::parse(text.trim(), decimals) {
        Ok(quantity) if quantity > 0 => Some(quantity),
        Ok(_) => {
            validation.add(field, "must be more than zero");
            None
        }
        Err(message) => {
            validation.add(field, message);
            None
        }
    }
}

/// A required name: trimmed, not empty, at most 200 characters.
fn name_of(validation: &mut Validation, field: &str, text: &str) -> String {
    let name = text.trim();
    if name.is_empty() {
        validation.add(field, "must not be empty");
    } else if name.chars().count() > 200 {
        validation.add(field, "must be at most 200 characters");
    }
    name.to_owned()
}

// Putaway rules and routes.
mod putaway;
mod routes;

pub use putaway::*;
pub use routes::*;
