//! One resource's JSON exactly as its `GET` endpoint answers it, for webhook payloads. `ctx` is
//! the context to read in, normally the company's owner's.

use arkan_kernel::{ProductCategoryId, ProductId};
use arkan_platform::error::ApiResult;
use arkan_platform::state::view_json;
use arkan_platform::{Ctx, Platform};
use serde_json::Value;
use uuid::Uuid;

use crate::api::ProductQuery;
use crate::service;

/// `GET /inventory/products/{id}`; None when the company has no such product.
pub async fn product(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    view_json(service::get_product(platform, ctx, ProductId(id), ProductQuery::default()).await)
}

/// `GET /inventory/categories/{id}`; None when the company has no such category.
pub async fn product_category(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
) -> ApiResult<Option<Value>> {
    view_json(service::get_category(platform, ctx, ProductCategoryId(id)).await)
}
