//! Thin handlers of sales' returns.

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::returns::*;
use crate::service::returns as service;

/// The endpoints of this area.
pub(crate) fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(list_returns, create_return))
        .routes(routes!(get_return))
        .routes(routes!(receive_return))
        .routes(routes!(refund_return))
}

/// A return of goods of a done delivery, numbered `RMA/2026/00001` (409 `delivery_not_done`).
#[utoipa::path(post, path = "/sales/returns", tag = "sales", security(("bearer" = [])),
    request_body = CreateReturn,
    responses((status = 201, body = ReturnView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_return(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateReturn>,
) -> Created<ReturnView> {
    service::create_return(&platform, &ctx, input)
        .await
        .map(created)
}

/// Returns, filtered on `state`, `delivery_id` and `order_id`.
#[utoipa::path(get, path = "/sales/returns", tag = "sales", security(("bearer" = [])),
    params(ReturnListQuery, PageParams),
    responses((status = 200, body = Page<ReturnView>), (status = 400, body = ErrorBody)))]
pub async fn list_returns(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ReturnListQuery>,
) -> ApiResult<Json<Page<ReturnView>>> {
    service::list_returns(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/sales/returns/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ReturnView), (status = 404, body = ErrorBody)))]
pub async fn get_return(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<ReturnView>> {
    service::get_return(&platform, &ctx, id).await.map(Json)
}

/// `open -> received`: restocked at the cost the goods went out at, or scrapped (409
/// `return_not_open`).
#[utoipa::path(post, path = "/sales/returns/{id}/receive", tag = "sales",
    security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = ReceiveReturn,
    responses((status = 200, body = ReturnView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn receive_return(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    OptionalJson(input): OptionalJson<ReceiveReturn>,
) -> ApiResult<Json<ReturnView>> {
    service::receive_return(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// `received -> refunded`: a posted credit note of what came back at its invoiced prices and,
/// with `payment`, the payment of what it leaves due (409 `return_not_received`,
/// `nothing_to_refund`). Needs sales and accounting rights.
#[utoipa::path(post, path = "/sales/returns/{id}/refund", tag = "sales",
    security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = RefundReturn,
    responses((status = 200, body = ReturnView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn refund_return(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    OptionalJson(input): OptionalJson<RefundReturn>,
) -> ApiResult<Json<ReturnView>> {
    service::refund_return(&platform, &ctx, id, input)
        .await
        .map(Json)
}
