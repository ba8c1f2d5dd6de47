//! Thin handlers of landed costs.

use arkan_kernel::LandedCostId;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::service;

/// Freight, duty or insurance spread over the moves of done receipts: a draft with its
/// allocations (`equal`, `by_quantity`, `by_weight`, `by_volume`, `by_value`).
#[utoipa::path(post, path = "/inventory/landed-costs", tag = "inventory", security(("bearer" = [])),
    request_body = CreateLandedCost,
    responses((status = 201, body = LandedCostView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_landed_cost(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateLandedCost>,
) -> Created<LandedCostView> {
    service::create_landed_cost(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/inventory/landed-costs", tag = "inventory", security(("bearer" = [])),
    params(LandedCostListQuery, PageParams),
    responses((status = 200, body = Page<LandedCostView>), (status = 400, body = ErrorBody)))]
pub async fn list_landed_costs(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<LandedCostListQuery>,
) -> ApiResult<Json<Page<LandedCostView>>> {
    service::list_landed_costs(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/inventory/landed-costs/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = LandedCostView), (status = 404, body = ErrorBody)))]
pub async fn get_landed_cost(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LandedCostId>,
) -> ApiResult<Json<LandedCostView>> {
    service::get_landed_cost(&platform, &ctx, id)
        .await
        .map(Json)
}

/// Edits a draft (409 `landed_cost_not_draft` once posted or cancelled); the allocations are
/// computed again.
#[utoipa::path(patch, path = "/inventory/landed-costs/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateLandedCost,
    responses((status = 200, body = LandedCostView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_landed_cost(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LandedCostId>,
    ApiJson(patch): ApiJson<UpdateLandedCost>,
) -> ApiResult<Json<LandedCostView>> {
    service::update_landed_cost(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a draft (409 `landed_cost_not_draft` once posted or cancelled).
#[utoipa::path(delete, path = "/inventory/landed-costs/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_landed_cost(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LandedCostId>,
) -> ApiResult<StatusCode> {
    service::delete_landed_cost(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

/// `draft -> posted`: numbered `LC/2026/00001`; each allocation adds to its receipt's value
/// (the part still in stock to stock valuation, the part gone to cost of goods sold; standard
/// cost products to price differences), against the costs' accounts, in one entry.
#[utoipa::path(post, path = "/inventory/landed-costs/{id}/post", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = LandedCostView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn post_landed_cost(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LandedCostId>,
) -> ApiResult<Json<LandedCostView>> {
    service::post_landed_cost(&platform, &ctx, id)
        .await
        .map(Json)
}

/// `draft -> cancelled` (`{reason?}`, or no body); a posted landed cost stays (409).
#[utoipa::path(post, path = "/inventory/landed-costs/{id}/cancel", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body(content = CancelLandedCost, description = "Optional"),
    responses((status = 200, body = LandedCostView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_landed_cost(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LandedCostId>,
    OptionalJson(input): OptionalJson<CancelLandedCost>,
) -> ApiResult<Json<LandedCostView>> {
    service::cancel_landed_cost(&platform, &ctx, id, input)
        .await
        .map(Json)
}
