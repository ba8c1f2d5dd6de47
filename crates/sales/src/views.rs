//! One resource's JSON exactly as its `GET` endpoint answers it, for webhook payloads. `ctx` is
//! the context to read in, normally the company's owner's.

use arkan_kernel::{QuoteId, SalesOrderId};
use arkan_platform::error::ApiResult;
use arkan_platform::state::view_json;
use arkan_platform::{Ctx, Platform};
use serde_json::Value;
use uuid::Uuid;

use crate::service;

/// `GET /sales/orders/{id}`; None when the company has no such order.
pub async fn sales_order(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    view_json(service::orders::get_sales_order(platform, ctx, SalesOrderId(id)).await)
}

/// `GET /sales/quotes/{id}`; None when the company has no such quote.
pub async fn sales_quote(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    view_json(service::quotes::get_quote(platform, ctx, QuoteId(id)).await)
}
