//! One resource's JSON exactly as the API answers it, for whoever shows a resource outside a
//! request (the server registers these as webhook payload readers). `ctx` is the context to
//! read in, normally the company's owner's.

use arkan_kernel::{AccountId, EntryId, JournalId, TaxId};
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::{Ctx, Platform};
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::service;

/// `GET /accounting/accounts/{id}`; None when the company has no such account.
pub async fn account(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    found(service::get_account(platform, ctx, AccountId(id)).await)
}

/// A journal as `/accounting/journals` lists it; None when the company has no such journal.
pub async fn journal(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    found(service::get_journal(platform, ctx, JournalId(id)).await)
}

/// A tax as `/accounting/taxes` lists it; None when the company has no such tax.
pub async fn tax(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    found(service::get_tax(platform, ctx, TaxId(id)).await)
}

/// `GET /accounting/journal-entries/{id}`; None when the company has no such entry.
pub async fn journal_entry(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    found(service::entries::get_entry(platform, ctx, EntryId(id)).await)
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
