//! One resource's JSON exactly as its `GET` endpoint answers it, for webhook payloads. `ctx` is
//! the context to read in, normally the company's owner's.

use arkan_kernel::{AssetCategoryId, AssetId};
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::{Ctx, Platform};
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::service;

/// `GET /accounting/assets/{id}`; None when the company has no such asset.
pub async fn asset(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    as_json(service::get_asset(platform, ctx, AssetId(id)).await)
}

/// `GET /accounting/asset-categories/{id}`; None when the company has no such category.
pub async fn asset_category(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    as_json(service::get_category(platform, ctx, AssetCategoryId(id)).await)
}

fn as_json(read: ApiResult<impl Serialize>) -> ApiResult<Option<Value>> {
    match read {
        Ok(view) => serde_json::to_value(view)
            .map(Some)
            .map_err(|error| ApiError::internal(format!("a view as JSON: {error}"))),
        Err(error) if error.status == StatusCode::NOT_FOUND => Ok(None),
        Err(error) => Err(error),
    }
}
