//! Thin handlers of budgets and the budget against actual report.

use arkan_kernel::BudgetId;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::api::*;
use super::{report, service};

#[utoipa::path(get, path = "/accounting/budgets", tag = "accounting", security(("bearer" = [])),
    params(BudgetListQuery, PageParams),
    responses((status = 200, body = Page<BudgetView>), (status = 400, body = ErrorBody)))]
pub async fn list_budgets(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<BudgetListQuery>,
) -> ApiResult<Json<Page<BudgetView>>> {
    service::list_budgets(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/budgets", tag = "accounting", security(("bearer" = [])),
    request_body = CreateBudget,
    responses((status = 201, body = BudgetView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_budget(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateBudget>,
) -> Created<BudgetView> {
    service::create_budget(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/budgets/{id}", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = BudgetView), (status = 404, body = ErrorBody)))]
pub async fn get_budget(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<BudgetId>,
) -> ApiResult<Json<BudgetView>> {
    service::get_budget(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/accounting/budgets/{id}", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateBudget,
    responses((status = 200, body = BudgetView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_budget(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<BudgetId>,
    ApiJson(patch): ApiJson<UpdateBudget>,
) -> ApiResult<Json<BudgetView>> {
    service::update_budget(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/accounting/budgets/{id}", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_budget(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<BudgetId>,
) -> ApiResult<StatusCode> {
    service::delete_budget(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/accounting/budgets/{id}/approve", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = BudgetView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn approve_budget(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<BudgetId>,
) -> ApiResult<Json<BudgetView>> {
    service::approve_budget(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(post, path = "/accounting/budgets/{id}/cancel", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Option<CancelBudget>,
    responses((status = 200, body = BudgetView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_budget(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<BudgetId>,
    OptionalJson(input): OptionalJson<CancelBudget>,
) -> ApiResult<Json<BudgetView>> {
    service::cancel_budget(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// JSON by default; `format=csv|xlsx` answers the file `budget-vs-actual_<dateFrom>_<dateTo>`.
#[utoipa::path(get, path = "/accounting/reports/budget-vs-actual", tag = "accounting", security(("bearer" = [])),
    params(BudgetVsActualQuery),
    responses((status = 200, body = BudgetVsActualView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn budget_vs_actual(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<BudgetVsActualQuery>,
) -> ApiResult<Response> {
    report::budget_vs_actual(&platform, &ctx, query).await
}
