//! Thin handlers of sales' deliveries, available-to-promise and a delivery's COGS entry.

use arkan_kernel::{ProductId, SalesOrderId};
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::deliveries::*;
use crate::service::deliveries as service;

/// The endpoints of this area.
pub(crate) fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(delivery_from_order))
        .routes(routes!(list_deliveries))
        .routes(routes!(get_delivery))
        .routes(routes!(confirm_delivery))
        .routes(routes!(deliver_delivery))
        .routes(routes!(cancel_delivery))
        .routes(routes!(available_to_promise))
        .routes(routes!(delivery_cogs))
}

/// A draft delivery of what no delivery covers of a confirmed order's goods lines (all, or the
/// lines and quantities given); 409 `nothing_to_deliver`, `sales_order_not_confirmed`.
#[utoipa::path(post, path = "/sales/deliveries/from-order/{orderId}", tag = "sales",
    security(("bearer" = [])), params(("orderId" = Uuid, Path)), request_body = DeliveryFromOrder,
    responses((status = 201, body = DeliveryView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delivery_from_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<SalesOrderId>,
    OptionalJson(input): OptionalJson<DeliveryFromOrder>,
) -> Created<DeliveryView> {
    service::delivery_from_order(&platform, &ctx, id, input)
        .await
        .map(created)
}

/// Deliveries, filtered on `order_id`, `state` and `partner_id`, newest last.
#[utoipa::path(get, path = "/sales/deliveries", tag = "sales", security(("bearer" = [])),
    params(DeliveryListQuery, PageParams),
    responses((status = 200, body = Page<DeliveryView>), (status = 400, body = ErrorBody)))]
pub async fn list_deliveries(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<DeliveryListQuery>,
) -> ApiResult<Json<Page<DeliveryView>>> {
    service::list_deliveries(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/sales/deliveries/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = DeliveryView), (status = 404, body = ErrorBody)))]
pub async fn get_delivery(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<DeliveryView>> {
    service::get_delivery(&platform, &ctx, id).await.map(Json)
}

/// `draft -> confirmed|assigned`: numbered, its goods reserved as the stock allows.
#[utoipa::path(post, path = "/sales/deliveries/{id}/confirm", tag = "sales",
    security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = DeliveryView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn confirm_delivery(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<DeliveryView>> {
    service::confirm_delivery(&platform, &ctx, id)
        .await
        .map(Json)
}

/// `confirmed -> done`: the goods leave, valued, their cost of goods sold posted; the rest goes
/// to a backorder delivery (`backorderId`) unless `backorder` is false.
#[utoipa::path(post, path = "/sales/deliveries/{id}/deliver", tag = "sales",
    security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = DeliverDelivery,
    responses((status = 200, body = DeliveryView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn deliver_delivery(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    OptionalJson(input): OptionalJson<DeliverDelivery>,
) -> ApiResult<Json<DeliveryView>> {
    service::deliver_delivery(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// `draft|confirmed -> cancelled`, reservations given back.
#[utoipa::path(post, path = "/sales/deliveries/{id}/cancel", tag = "sales",
    security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = DeliveryView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_delivery(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<DeliveryView>> {
    service::cancel_delivery(&platform, &ctx, id)
        .await
        .map(Json)
}

/// Available-to-promise of a product in a warehouse (default the first) up to a date (default
/// today), with the timeline of its open moves.
#[utoipa::path(get, path = "/sales/deliveries/atp/{productId}", tag = "sales",
    security(("bearer" = [])), params(("productId" = Uuid, Path), AtpQuery),
    responses((status = 200, body = AtpView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn available_to_promise(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProductId>,
    ApiQuery(query): ApiQuery<AtpQuery>,
) -> ApiResult<Json<AtpView>> {
    service::available(&platform, &ctx, id, query)
        .await
        .map(Json)
}

/// The journal entry of a done delivery's cost of goods sold, posted by stock valuation when
/// it was delivered (409 `delivery_not_done`, `delivery_not_valued`).
#[utoipa::path(post, path = "/sales/billing/cogs/{deliveryId}", tag = "sales",
    security(("bearer" = [])), params(("deliveryId" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delivery_cogs(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Value>> {
    service::delivery_cogs(&platform, &ctx, id).await.map(Json)
}
