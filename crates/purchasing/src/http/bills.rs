//! Thin handlers of vendor bills made from purchase orders.

use arkan_kernel::PurchaseOrderId;
use arkan_platform::error::ErrorBody;
use arkan_platform::extract::{ApiJson, ApiPath, Created, created};
use arkan_platform::{Ctx, Platform};
use axum::extract::State;

use crate::api::*;
use crate::service;

/// A draft vendor bill from a confirmed order, with its three-way match.
///
/// Without `lines`, every line's quantity still to bill at the order's price (409
/// `nothing_to_bill` when there is none). Posting a bill whose match fails answers 409
/// `three_way_match_failed` unless the post's body is `{"overrideMatch": true}`.
#[utoipa::path(post, path = "/inventory/purchase-orders/{id}/bill", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = BillPurchaseOrder,
    responses((status = 201, body = BilledView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn bill_purchase_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseOrderId>,
    ApiJson(input): ApiJson<BillPurchaseOrder>,
) -> Created<BilledView> {
    service::bill_purchase_order(&platform, &ctx, id, input)
        .await
        .map(created)
}
