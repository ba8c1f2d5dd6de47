//! Thin handlers of invoicing.

mod aging;
mod cash_roundings;
mod fiscal_positions;
mod invoices;
mod payment_terms;
mod payments;

use arkan_kernel::{CashRoundingId, FiscalPositionId, InvoiceId, PaymentId, PaymentTermId};
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
pub use fiscal_positions::*;
pub use invoices::*;
pub use payment_terms::*;
pub use payments::*;
