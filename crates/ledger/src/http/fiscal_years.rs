//! Handlers of fiscal years.

use super::*;

#[utoipa::path(get, path = "/accounting/fiscal-years", tag = "accounting", security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Page<FiscalYearView>)))]
pub async fn list_fiscal_years(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PlainListQuery>,
) -> ApiResult<Json<Page<FiscalYearView>>> {
    service::list_fiscal_years(&platform, &ctx, query.page)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/fiscal-years", tag = "accounting", security(("bearer" = [])), request_body = CreateFiscalYear,
    responses((status = 201, body = FiscalYearView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_fiscal_year(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateFiscalYear>,
) -> Created<FiscalYearView> {
    service::create_fiscal_year(&platform, &ctx, input)
        .await
        .map(created)
}

/// Close a fiscal year.
///
/// Posts the closing entry (every profit and loss balance of the year into retained earnings,
/// dated the year's last day), moves the lock date to the year end and marks the year closed.
#[utoipa::path(post, path = "/accounting/fiscal-years/{id}/close", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Option<CloseFiscalYear>,
    responses((status = 200, body = FiscalYearView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close_fiscal_year(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<FiscalYearId>,
    OptionalJson(input): OptionalJson<CloseFiscalYear>,
) -> ApiResult<Json<FiscalYearView>> {
    service::close_fiscal_year(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// Reopen a closed fiscal year.
///
/// Reverses its closing entry, moves the lock date back before the year and marks it open.
#[utoipa::path(post, path = "/accounting/fiscal-years/{id}/reopen", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = FiscalYearView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn reopen_fiscal_year(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<FiscalYearId>,
) -> ApiResult<Json<FiscalYearView>> {
    service::reopen_fiscal_year(&platform, &ctx, id)
        .await
        .map(Json)
}
