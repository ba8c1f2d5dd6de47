//! Ledger rules, pure: account and journal kinds, line and balance checks, conversion at a rate,
//! entry numbers and the tamper-evident hash. No SQL, no HTTP.

mod accounts;
mod entries;
mod journals;
mod states;

use arkan_kernel::Currency;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::errors;
pub use arkan_kernel::money::{MAX_AMOUNT_MINOR, RATE_ONE, RATE_SCALE_DIGITS, convert};
pub use arkan_platform::fields::{amount, currency, format_date, parse_date};

pub use accounts::*;
pub use entries::*;
pub use journals::*;
pub use states::*;
