//! One resource's JSON exactly as its `GET` endpoint answers it, for whoever shows a resource
//! outside a request (the server registers these as webhook payload readers). `ctx` is the
//! context to read in, normally the company's owner's.

use arkan_kernel::{InvoiceId, PaymentId};
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::{Ctx, Platform};
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::service;

/// `GET /accounting/invoices/{id}` (invoices, bills and credit notes alike); None when the
/// company has no such document.
pub async fn invoice(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    found(service::invoices::get_invoice(platform, ctx, InvoiceId(id)).await)
}

/// `GET /accounting/payments/{id}`; None when the company has no such payment.
pub async fn payment(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    found(service::payments::get_payment(platform, ctx, PaymentId(id)).await)
}

/// The view as JSON, or None for a 404.
fn found(read: ApiResult<impl Serialize>) -> ApiResult<Option<Value>> {
    match read {
        Ok(view) => serde_json::to_value(view)
            .map(Some)
            .map_err(|error| ApiError::internal(format!("a view as JSON: {error}"))),
        Err(error) if error.status == StatusCode::NOT_FOUND => Ok(None),
        Err(error) => Err(error),
    }
}
