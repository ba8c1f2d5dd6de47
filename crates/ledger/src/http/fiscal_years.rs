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
