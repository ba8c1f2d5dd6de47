//! Thin handlers of blanket orders and call-offs.

use arkan_kernel::BlanketOrderId;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::service;

/// A draft blanket order: quantities and prices agreed with a vendor from `dateFrom` to
/// `dateTo`, lines priced as invoice lines (taxes default from the product).
#[utoipa::path(post, path = "/inventory/blanket-orders", tag = "purchasing", security(("bearer" = [])),
    request_body = CreateBlanketOrder,
    responses((status = 201, body = BlanketOrderView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_blanket_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateBlanketOrder>,
) -> Created<BlanketOrderView> {
    service::create_blanket_order(&platform, &ctx, input)
        .await
        .map(created)
}

/// Blanket orders, filtered on `state` (`expired`: active past `dateTo`), `partner_id`,
/// `product_id`, the period (`date_from`: ending on or after, `date_to`: starting on or
/// before) and `q` (number, vendor reference); sorted on `createdAt` (default), `number`,
/// `dateFrom` or `amountTotal`.
#[utoipa::path(get, path = "/inventory/blanket-orders", tag = "purchasing", security(("bearer" = [])),
    params(BlanketOrderListQuery, PageParams),
    responses((status = 200, body = Page<BlanketOrderView>), (status = 400, body = ErrorBody)))]
pub async fn list_blanket_orders(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<BlanketOrderListQuery>,
) -> ApiResult<Json<Page<BlanketOrderView>>> {
    service::list_blanket_orders(&platform, &ctx, query)
        .await
        .map(Json)
}

/// A blanket order with what each line has called off and has left, and its call-offs.
#[utoipa::path(get, path = "/inventory/blanket-orders/{id}", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = BlanketOrderView), (status = 404, body = ErrorBody)))]
pub async fn get_blanket_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<BlanketOrderId>,
) -> ApiResult<Json<BlanketOrderView>> {
    service::get_blanket_order(&platform, &ctx, id)
        .await
        .map(Json)
}

/// Edits a draft (409 `blanket_order_not_draft` once confirmed); `lines` replaces every line.
#[utoipa::path(patch, path = "/inventory/blanket-orders/{id}", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateBlanketOrder,
    responses((status = 200, body = BlanketOrderView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_blanket_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<BlanketOrderId>,
    ApiJson(patch): ApiJson<UpdateBlanketOrder>,
) -> ApiResult<Json<BlanketOrderView>> {
    service::update_blanket_order(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a draft (409 `blanket_order_not_draft` once confirmed).
#[utoipa::path(delete, path = "/inventory/blanket-orders/{id}", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_blanket_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<BlanketOrderId>,
) -> ApiResult<StatusCode> {
    service::delete_blanket_order(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

/// `draft -> active`, numbered `BPO/2026/00001`.
#[utoipa::path(post, path = "/inventory/blanket-orders/{id}/confirm", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = BlanketOrderView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn confirm_blanket_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<BlanketOrderId>,
) -> ApiResult<Json<BlanketOrderView>> {
    service::confirm_blanket_order(&platform, &ctx, id)
        .await
        .map(Json)
}

/// `draft|active -> cancelled` (`{reason?}`, or no body); 409 `blanket_order_closed` when
/// closed or cancelled.
#[utoipa::path(post, path = "/inventory/blanket-orders/{id}/cancel", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Option<CancelDocument>,
    responses((status = 200, body = BlanketOrderView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_blanket_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<BlanketOrderId>,
    OptionalJson(input): OptionalJson<CancelDocument>,
) -> ApiResult<Json<BlanketOrderView>> {
    service::cancel_blanket_order(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// A call-off: a `confirmed` purchase order with `blanketOrderId` for these quantities at the
/// agreed prices. 409 `blanket_order_not_active` (not active, before `dateFrom`, after
/// `dateTo`), `blanket_quantity_exceeded` (more than a line has left); the order closes once
/// everything is called off.
#[utoipa::path(post, path = "/inventory/blanket-orders/{id}/call-off", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CallOff,
    responses((status = 201, body = PurchaseOrderView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn call_off(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<BlanketOrderId>,
    ApiJson(input): ApiJson<CallOff>,
) -> Created<PurchaseOrderView> {
    service::call_off(&platform, &ctx, id, input)
        .await
        .map(created)
}
