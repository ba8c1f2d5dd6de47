//! Use cases of the ledger: permission, validation, one transaction per change, store calls.

mod accounts;
pub mod entries;
mod fiscal_years;
mod journals;
mod rates;
mod settings;
mod taxes;
mod year_end;

pub use accounts::*;
pub use fiscal_years::*;
pub use journals::*;
pub use rates::*;
pub use settings::*;
pub use taxes::*;
pub use year_end::*;

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{AccountId, Currency, JournalId, TaxId, format_minor, parse_minor};
use arkan_platform::error::{
    ApiError, ApiResult, Validation, is_foreign_key_violation, is_unique_violation,
};
use arkan_platform::list::{
    CREATED_AT, ListSpec, Page, PageParams, PageRequest, SortField, SortKind,
};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::{Datelike, Months, NaiveDate};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use uuid::Uuid;

use crate::api::*;
use crate::domain::{self, ACCOUNT_TYPES, FiscalYearState, JOURNAL_TYPES};
use crate::errors;
use crate::events;
use crate::store::{self, Account, FiscalYear, Journal, Tax};
pub(crate) use arkan_platform::fields::{clean, optional_bool, optional_date, optional_uuid};

const CODE: SortField = SortField {
    name: "code",
    column: "code",
    kind: SortKind::Text,
};
const NAME: SortField = SortField {
    name: "name",
    column: "name",
    kind: SortKind::Text,
};

/// Sort value of a row for the cursor: the text field by name, else `created_at`.
fn sort_value(
    page: &PageRequest,
    text: impl Fn(&str) -> Option<String>,
    created_at: i64,
) -> SortValue {
    match text(page.sort.name) {
        Some(value) => SortValue::Text(value),
        None => SortValue::Integer(created_at),
    }
}

/// "5.0000" -> "5", "2.5000" -> "2.5".
fn trim_decimal(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text.to_owned()
    }
}
