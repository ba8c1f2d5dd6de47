//! Thin handlers of invoicing.

mod aging;
mod cash_roundings;
mod invoices;
mod payments;

use arkan_kernel::{CashRoundingId, InvoiceId, PaymentId};
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::service;

pub use aging::*;
pub use cash_roundings::*;
pub use invoices::*;
pub use payments::*;
