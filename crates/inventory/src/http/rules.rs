//! Thin handlers of putaway rules and routes.

use arkan_kernel::{PutawayRuleId, StockRouteId, WarehouseId};
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::service;

/// Where a product (or a category's products, or any product) goes in a warehouse.
#[utoipa::path(post, path = "/inventory/putaway/rules", tag = "inventory", security(("bearer" = [])),
    request_body = CreatePutawayRule,
    responses((status = 201, body = PutawayRuleView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_putaway_rule(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreatePutawayRule>,
) -> Created<PutawayRuleView> {
    service::create_putaway_rule(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/inventory/putaway/rules", tag = "inventory", security(("bearer" = [])),
    params(PutawayRuleListQuery, PageParams),
    responses((status = 200, body = Page<PutawayRuleView>), (status = 400, body = ErrorBody)))]
pub async fn list_putaway_rules(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PutawayRuleListQuery>,
) -> ApiResult<Json<Page<PutawayRuleView>>> {
    service::list_putaway_rules(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/inventory/putaway/rules/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = PutawayRuleView), (status = 404, body = ErrorBody)))]
pub async fn get_putaway_rule(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PutawayRuleId>,
) -> ApiResult<Json<PutawayRuleView>> {
    service::get_putaway_rule(&platform, &ctx, id)
        .await
        .map(Json)
}

/// Changes a rule's location or priority.
#[utoipa::path(patch, path = "/inventory/putaway/rules/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdatePutawayRule,
    responses((status = 200, body = PutawayRuleView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_putaway_rule(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PutawayRuleId>,
    ApiJson(patch): ApiJson<UpdatePutawayRule>,
) -> ApiResult<Json<PutawayRuleView>> {
    service::update_putaway_rule(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/inventory/putaway/rules/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_putaway_rule(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PutawayRuleId>,
) -> ApiResult<StatusCode> {
    service::delete_putaway_rule(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

/// The location a product goes to in a warehouse: its own rule, then its nearest category's,
/// then a general one (lowest priority first); none -> the stock location, `ruleId: null`.
#[utoipa::path(get, path = "/inventory/putaway/resolve", tag = "inventory", security(("bearer" = [])),
    params(PutawayResolveQuery),
    responses((status = 200, body = PutawayResolution), (status = 400, body = ErrorBody)))]
pub async fn resolve_putaway(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PutawayResolveQuery>,
) -> ApiResult<Json<PutawayResolution>> {
    service::resolve_putaway(&platform, &ctx, query)
        .await
        .map(Json)
}

/// A route: the steps of an operation in a warehouse, for a product, a category or any.
#[utoipa::path(post, path = "/inventory/routing", tag = "inventory", security(("bearer" = [])),
    request_body = CreateRoute,
    responses((status = 201, body = RouteView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_route(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateRoute>,
) -> Created<RouteView> {
    service::create_route(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/inventory/routing", tag = "inventory", security(("bearer" = [])),
    params(RouteListQuery, PageParams),
    responses((status = 200, body = Page<RouteView>), (status = 400, body = ErrorBody)))]
pub async fn list_routes(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<RouteListQuery>,
) -> ApiResult<Json<Page<RouteView>>> {
    service::list_routes(&platform, &ctx, query).await.map(Json)
}

#[utoipa::path(get, path = "/inventory/routing/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = RouteView), (status = 404, body = ErrorBody)))]
pub async fn get_route(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StockRouteId>,
) -> ApiResult<Json<RouteView>> {
    service::get_route(&platform, &ctx, id).await.map(Json)
}

/// Changes any field of a route; `steps` replaces them whole.
#[utoipa::path(patch, path = "/inventory/routing/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateRoute,
    responses((status = 200, body = RouteView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_route(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StockRouteId>,
    ApiJson(patch): ApiJson<UpdateRoute>,
) -> ApiResult<Json<RouteView>> {
    service::update_route(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/inventory/routing/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_route(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StockRouteId>,
) -> ApiResult<StatusCode> {
    service::delete_route(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

/// The steps of an operation (`receipt`, `delivery`, `internal`) in a warehouse, for a
/// product: the best active route, else the warehouse's steps settings (`routeId: null`).
#[utoipa::path(get, path = "/inventory/routing/resolve/{warehouseId}/{type}", tag = "inventory", security(("bearer" = [])),
    params(("warehouseId" = Uuid, Path), ("type" = String, Path), RouteResolveQuery),
    responses((status = 200, body = RouteResolution), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn resolve_route(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((warehouse, operation)): ApiPath<(WarehouseId, String)>,
    ApiQuery(query): ApiQuery<RouteResolveQuery>,
) -> ApiResult<Json<RouteResolution>> {
    service::resolve_route(&platform, &ctx, warehouse, &operation, query)
        .await
        .map(Json)
}
