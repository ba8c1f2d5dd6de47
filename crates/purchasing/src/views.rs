//! One resource's JSON exactly as its `GET` endpoint answers it, for webhook payloads. `ctx` is
//! the context to read in, normally the company's owner's.

use arkan_kernel::{BlanketOrderId, PurchaseAgreementId, PurchaseOrderId, RfqId};
use arkan_platform::error::ApiResult;
use arkan_platform::state::view_json;
use arkan_platform::{Ctx, Platform};
use serde_json::Value;
use uuid::Uuid;

use crate::service;

/// `GET /inventory/purchase-orders/{id}`; None when the company has no such order.
pub async fn purchase_order(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    view_json(service::get_purchase_order(platform, ctx, PurchaseOrderId(id)).await)
}

/// `GET /inventory/rfqs/{id}`; None when the company has no such RFQ.
pub async fn rfq(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    view_json(service::get_rfq(platform, ctx, RfqId(id)).await)
}

/// `GET /inventory/blanket-orders/{id}`; None when the company has no such blanket order.
pub async fn blanket_order(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    view_json(service::get_blanket_order(platform, ctx, BlanketOrderId(id)).await)
}

/// `GET /inventory/purchase-agreements/{id}` (bids sealed while open); None when the company
/// has no such tender.
pub async fn purchase_agreement(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
) -> ApiResult<Option<Value>> {
    view_json(service::get_agreement(platform, ctx, PurchaseAgreementId(id)).await)
}
