//! One resource's JSON exactly as its `GET` endpoint answers it, for whoever shows a resource
//! outside a request (the server registers these as webhook payload readers). `ctx` is the
//! context to read in, normally the company's owner's.

use arkan_kernel::{ContactId, PartnerId};
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::{Ctx, Platform};
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::domain::PartnerRole;
use crate::service;

/// `GET /crm/clients/{id}`; None when the company has no such client.
pub async fn client(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    found(service::get_partner(platform, ctx, PartnerRole::Client, PartnerId(id)).await)
}

/// `GET /crm/vendors/{id}`; None when the company has no such vendor.
pub async fn vendor(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    found(service::get_partner(platform, ctx, PartnerRole::Vendor, PartnerId(id)).await)
}

/// `GET /crm/contacts/{id}`; None when the company has no such contact.
pub async fn contact(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    found(service::get_contact(platform, ctx, ContactId(id)).await)
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

/// `GET /crm/leads/{id}`; None when the company has no such lead.
pub async fn lead(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    found(crate::pipeline::leads::get_lead(platform, ctx, arkan_kernel::LeadId(id)).await)
}

/// `GET /crm/deals/{id}`; None when the company has no such deal.
pub async fn deal(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    found(crate::pipeline::deals::get_deal(platform, ctx, arkan_kernel::DealId(id)).await)
}

/// `GET /crm/stages/{id}`; None when the company has no such stage.
pub async fn stage(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    found(crate::pipeline::stages::get_stage(platform, ctx, arkan_kernel::StageId(id)).await)
}

/// `GET /crm/activities/{id}`; None when the activity is gone.
pub async fn activity(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    found(
        crate::pipeline::activities::get_activity(platform, ctx, arkan_kernel::ActivityId(id))
            .await,
    )
}
