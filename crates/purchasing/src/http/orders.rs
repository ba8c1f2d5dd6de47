//! Thin handlers of purchase orders.

use arkan_kernel::PurchaseOrderId;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::service;

/// A draft purchase order; lines default from their product (name, purchase unit, the
/// vendor's price else the cost, purchase taxes) and are computed as invoice lines are.
#[utoipa::path(post, path = "/inventory/purchase-orders", tag = "purchasing", security(("bearer" = [])),
    request_body = CreatePurchaseOrder,
    responses((status = 201, body = PurchaseOrderView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_purchase_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreatePurchaseOrder>,
) -> Created<PurchaseOrderView> {
    service::create_purchase_order(&platform, &ctx, input)
        .await
        .map(created)
}

/// Purchase orders, filtered on `state`, `partner_id`, `warehouse_id`, `product_id`, the
/// links, the progress states, the order date and `q`; sorted on `createdAt` (default),
/// `number`, `orderDate` or `amountTotal`.
#[utoipa::path(get, path = "/inventory/purchase-orders", tag = "purchasing", security(("bearer" = [])),
    params(PurchaseOrderListQuery, PageParams),
    responses((status = 200, body = Page<PurchaseOrderView>), (status = 400, body = ErrorBody)))]
pub async fn list_purchase_orders(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PurchaseOrderListQuery>,
) -> ApiResult<Json<Page<PurchaseOrderView>>> {
    service::list_purchase_orders(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/inventory/purchase-orders/{id}", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = PurchaseOrderView), (status = 404, body = ErrorBody)))]
pub async fn get_purchase_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseOrderId>,
) -> ApiResult<Json<PurchaseOrderView>> {
    service::get_purchase_order(&platform, &ctx, id)
        .await
        .map(Json)
}

/// Edits a draft (409 `purchase_order_not_draft` once it has left draft); the lines are priced
/// again.
#[utoipa::path(patch, path = "/inventory/purchase-orders/{id}", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdatePurchaseOrder,
    responses((status = 200, body = PurchaseOrderView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_purchase_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseOrderId>,
    ApiJson(patch): ApiJson<UpdatePurchaseOrder>,
) -> ApiResult<Json<PurchaseOrderView>> {
    service::update_purchase_order(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a draft (409 `purchase_order_not_draft` once it has left draft).
#[utoipa::path(delete, path = "/inventory/purchase-orders/{id}", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_purchase_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseOrderId>,
) -> ApiResult<StatusCode> {
    service::delete_purchase_order(&platform, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `draft -> to_approve` above the approval threshold or the caller's own limit (the
/// approvers are notified), else `-> confirmed`; `approved -> confirmed`. Numbered
/// `PO/2026/00001` when it leaves draft.
#[utoipa::path(post, path = "/inventory/purchase-orders/{id}/confirm", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body(content = ConfirmPurchaseOrder, description = "Optional"),
    responses((status = 200, body = PurchaseOrderView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn confirm_purchase_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseOrderId>,
    OptionalJson(_input): OptionalJson<ConfirmPurchaseOrder>,
) -> ApiResult<Json<PurchaseOrderView>> {
    service::confirm_purchase_order(&platform, &ctx, id)
        .await
        .map(Json)
}

/// `to_approve -> approved`, by an owner, an admin or a member whose limit covers the total
/// (else 403 `approval_limit_exceeded`).
#[utoipa::path(post, path = "/inventory/purchase-orders/{id}/approve", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body(content = ApprovePurchaseOrder, description = "Optional"),
    responses((status = 200, body = PurchaseOrderView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn approve_purchase_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseOrderId>,
    OptionalJson(input): OptionalJson<ApprovePurchaseOrder>,
) -> ApiResult<Json<PurchaseOrderView>> {
    service::approve_purchase_order(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// Cancels an order before any receipt or bill (409 `purchase_order_not_cancellable`).
#[utoipa::path(post, path = "/inventory/purchase-orders/{id}/cancel", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body(content = CancelPurchaseOrder, description = "Optional"),
    responses((status = 200, body = PurchaseOrderView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_purchase_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseOrderId>,
    OptionalJson(input): OptionalJson<CancelPurchaseOrder>,
) -> ApiResult<Json<PurchaseOrderView>> {
    service::cancel_purchase_order(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// Receives goods of a confirmed order: one done receipt from the vendors' location into the
/// order's warehouse (routes and putaway), valued at the lines' prices in the company
/// currency; without `lines` everything still open. Past the over-receipt tolerance: 400
/// `over_receipt`.
#[utoipa::path(post, path = "/inventory/purchase-orders/{id}/receive", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body(content = ReceivePurchaseOrder, description = "Optional"),
    responses((status = 200, body = PurchaseOrderView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn receive_purchase_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseOrderId>,
    OptionalJson(input): OptionalJson<ReceivePurchaseOrder>,
) -> ApiResult<Json<PurchaseOrderView>> {
    service::receive_purchase_order(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// Returns received goods to the vendor: a done `return` transfer (201).
#[utoipa::path(post, path = "/inventory/purchase-orders/{id}/return", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ReturnPurchaseOrder,
    responses((status = 201, body = arkan_inventory::vendor_transfers::TransferView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn return_purchase_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseOrderId>,
    ApiJson(input): ApiJson<ReturnPurchaseOrder>,
) -> Created<arkan_inventory::vendor_transfers::TransferView> {
    service::return_purchase_order(&platform, &ctx, id, input)
        .await
        .map(created)
}
