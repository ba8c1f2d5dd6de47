//! Thin handlers of the ledger.

mod accounts;
mod entries;
mod fiscal_years;
mod journals;
mod rates;
mod reports;
mod settings;
mod taxes;

use arkan_kernel::{AccountId, EntryId, FiscalYearId, JournalId, TaxId};
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::service;

pub use accounts::*;
pub use entries::*;
pub use fiscal_years::*;
pub use journals::*;
pub use rates::*;
pub use reports::*;
pub use settings::*;
pub use taxes::*;
