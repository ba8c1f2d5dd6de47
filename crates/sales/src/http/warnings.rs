//! Thin handlers of sales' warnings.

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::warnings::*;
use crate::service::warnings as service;

/// The endpoints of this area.
pub(crate) fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(list_warnings, create_warning))
        .routes(routes!(check_order))
        .routes(routes!(delete_warning))
}

/// A manual warning on a client or a product: shown when an order meets it; a `block` stops
/// its confirmation (409 `sales_warning_block`).
#[utoipa::path(post, path = "/sales/warnings", tag = "sales", security(("bearer" = [])),
    request_body = CreateWarning,
    responses((status = 201, body = WarningView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_warning(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateWarning>,
) -> Created<WarningView> {
    service::create_warning(&platform, &ctx, input)
        .await
        .map(created)
}

/// Manual warnings, filtered on `entity_type`, `entity_id` and `level`.
#[utoipa::path(get, path = "/sales/warnings", tag = "sales", security(("bearer" = [])),
    params(WarningListQuery, PageParams),
    responses((status = 200, body = Page<WarningView>), (status = 400, body = ErrorBody)))]
pub async fn list_warnings(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<WarningListQuery>,
) -> ApiResult<Json<Page<WarningView>>> {
    service::list_warnings(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/sales/warnings/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_warning(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    service::delete_warning(&platform, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The warnings an order of the client for these products (and this total, company currency)
/// would meet: manual ones, the credit limit, overdue invoices; `blocked` when one would stop
/// its confirmation.
#[utoipa::path(get, path = "/sales/warnings/check-order", tag = "sales", security(("bearer" = [])),
    params(CheckOrderQuery),
    responses((status = 200, body = CheckOrderView), (status = 400, body = ErrorBody)))]
pub async fn check_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<CheckOrderQuery>,
) -> ApiResult<Json<CheckOrderView>> {
    service::check_order(&platform, &ctx, query).await.map(Json)
}
