//! Thin handlers of the revenue reports.

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::ApiQuery;
use arkan_platform::{Ctx, Platform};
use axum::extract::State;
use axum::response::Response;

use super::api::*;
use super::service;

/// JSON by default; `format=csv|xlsx` answers the file `revenue-by-client_<dateFrom>_<dateTo>`.
#[utoipa::path(get, path = "/accounting/reports/revenue-by-client", tag = "accounting", security(("bearer" = [])),
    params(RevenueQuery),
    responses((status = 200, body = RevenueByClientView), (status = 400, body = ErrorBody)))]
pub async fn revenue_by_client(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<RevenueQuery>,
) -> ApiResult<Response> {
    service::revenue_by_client(&platform, &ctx, query).await
}

/// JSON by default; `format=csv|xlsx` answers the file `revenue-by-project_<dateFrom>_<dateTo>`.
#[utoipa::path(get, path = "/accounting/reports/revenue-by-project", tag = "accounting", security(("bearer" = [])),
    params(RevenueQuery),
    responses((status = 200, body = RevenueByProjectView), (status = 400, body = ErrorBody)))]
pub async fn revenue_by_project(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<RevenueQuery>,
) -> ApiResult<Response> {
    service::revenue_by_project(&platform, &ctx, query).await
}
