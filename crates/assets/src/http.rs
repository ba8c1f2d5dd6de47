//! Thin handlers of fixed assets and their categories.

use arkan_kernel::{AssetCategoryId, AssetId};
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::jobs::Job;
use arkan_platform::list::{Page, PageParams};
use arkan_platform::state::BoxFuture;
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::service;

#[utoipa::path(get, path = "/accounting/asset-categories", tag = "accounting", security(("bearer" = [])),
    params(CategoryListQuery, PageParams),
    responses((status = 200, body = Page<CategoryView>), (status = 400, body = ErrorBody)))]
pub async fn list_categories(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<CategoryListQuery>,
) -> ApiResult<Json<Page<CategoryView>>> {
    service::list_categories(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/asset-categories", tag = "accounting", security(("bearer" = [])),
    request_body = CreateCategory,
    responses((status = 201, body = CategoryView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_category(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateCategory>,
) -> Created<CategoryView> {
    service::create_category(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/asset-categories/{id}", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CategoryView), (status = 404, body = ErrorBody)))]
pub async fn get_category(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AssetCategoryId>,
) -> ApiResult<Json<CategoryView>> {
    service::get_category(&platform, &ctx, id).await.map(Json)
}

/// New terms for the assets made from now on; assets made before keep theirs.
#[utoipa::path(patch, path = "/accounting/asset-categories/{id}", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateCategory,
    responses((status = 200, body = CategoryView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_category(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AssetCategoryId>,
    ApiJson(patch): ApiJson<UpdateCategory>,
) -> ApiResult<Json<CategoryView>> {
    service::update_category(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a category no asset names (409 `asset_category_in_use` otherwise).
#[utoipa::path(delete, path = "/accounting/asset-categories/{id}", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_category(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AssetCategoryId>,
) -> ApiResult<StatusCode> {
    service::delete_category(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

/// Without `schedule`; `as_of` gives the book values at the end of that day.
#[utoipa::path(get, path = "/accounting/assets", tag = "accounting", security(("bearer" = [])),
    params(AssetListQuery, PageParams),
    responses((status = 200, body = Page<AssetView>), (status = 400, body = ErrorBody)))]
pub async fn list_assets(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AssetListQuery>,
) -> ApiResult<Json<Page<AssetView>>> {
    service::list_assets(&platform, &ctx, query).await.map(Json)
}

/// The full schedule is computed on creation and returned.
#[utoipa::path(post, path = "/accounting/assets", tag = "accounting", security(("bearer" = [])),
    request_body = CreateAsset,
    responses((status = 201, body = AssetView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_asset(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateAsset>,
) -> Created<AssetView> {
    service::create_asset(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/assets/{id}", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AssetView), (status = 404, body = ErrorBody)))]
pub async fn get_asset(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AssetId>,
) -> ApiResult<Json<AssetView>> {
    service::get_asset(&platform, &ctx, id).await.map(Json)
}

/// Name, code, vendor and project; the project is charged with depreciation posted from now on.
#[utoipa::path(patch, path = "/accounting/assets/{id}", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateAsset,
    responses((status = 200, body = AssetView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_asset(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AssetId>,
    ApiJson(patch): ApiJson<UpdateAsset>,
) -> ApiResult<Json<AssetView>> {
    service::update_asset(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes an asset with nothing in the books (409 `asset_has_postings` once a line is posted or
/// it is disposed of).
#[utoipa::path(delete, path = "/accounting/assets/{id}", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_asset(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AssetId>,
) -> ApiResult<StatusCode> {
    service::delete_asset(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

/// Posts every planned line dated up to `date` (default today), never twice.
#[utoipa::path(post, path = "/accounting/assets/{id}/depreciate", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Option<Depreciate>,
    responses((status = 200, body = AssetView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn depreciate(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AssetId>,
    OptionalJson(input): OptionalJson<Depreciate>,
) -> ApiResult<Json<AssetView>> {
    service::depreciate(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// Sale or scrap at a date: depreciation to that day, cost and accumulated depreciation
/// removed, the gain or loss posted.
#[utoipa::path(post, path = "/accounting/assets/{id}/dispose", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Dispose,
    responses((status = 200, body = AssetView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn dispose(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AssetId>,
    ApiJson(input): ApiJson<Dispose>,
) -> ApiResult<Json<AssetView>> {
    service::dispose(&platform, &ctx, id, input).await.map(Json)
}

/// Running to paused at a date (default today), after posting the lines due by then.
#[utoipa::path(post, path = "/accounting/assets/{id}/pause", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Option<Pause>,
    responses((status = 200, body = AssetView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn pause(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AssetId>,
    OptionalJson(input): OptionalJson<Pause>,
) -> ApiResult<Json<AssetView>> {
    service::pause(&platform, &ctx, id, input).await.map(Json)
}

/// Paused to running at a date (default today); the planned lines move past the pause.
#[utoipa::path(post, path = "/accounting/assets/{id}/resume", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Option<Resume>,
    responses((status = 200, body = AssetView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn resume(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AssetId>,
    OptionalJson(input): OptionalJson<Resume>,
) -> ApiResult<Json<AssetView>> {
    service::resume(&platform, &ctx, id, input).await.map(Json)
}

/// A revaluation or impairment at a date that re-plans the remaining schedule.
#[utoipa::path(post, path = "/accounting/assets/{id}/revalue", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Revalue,
    responses((status = 200, body = AssetView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn revalue(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AssetId>,
    ApiJson(input): ApiJson<Revalue>,
) -> ApiResult<Json<AssetView>> {
    service::revalue(&platform, &ctx, id, input).await.map(Json)
}

/// Depreciates every running asset up to `date` (default today), each line once: a background
/// job run at once, finished by a worker should it stop half-way.
#[utoipa::path(post, path = "/accounting/assets/depreciate-all", tag = "accounting", security(("bearer" = [])),
    request_body = Option<Depreciate>,
    responses((status = 200, body = DepreciateAllView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn depreciate_all(
    State(platform): State<Platform>,
    ctx: Ctx,
    OptionalJson(input): OptionalJson<Depreciate>,
) -> ApiResult<Json<DepreciateAllView>> {
    service::depreciate_all(&platform, &ctx, input)
        .await
        .map(Json)
}

/// The job's handler: runs the company-wide depreciation.
pub fn run_depreciate_all<'a>(
    platform: &'a Platform,
    job: &'a Job,
) -> BoxFuture<'a, Result<(), String>> {
    Box::pin(async move {
        let totals = service::run_depreciate_all(platform, &job.payload).await?;
        tracing::info!(
            assets = totals.assets,
            entries = totals.entries,
            refused = totals.refused.len(),
            "company-wide depreciation ran"
        );
        Ok(())
    })
}
