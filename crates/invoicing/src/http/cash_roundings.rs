//! Handlers of cash roundings.

use super::*;

/// List cash roundings.
///
/// `sort`: `createdAt` (default) or `name`.
#[utoipa::path(get, path = "/accounting/cash-roundings", tag = "accounting", security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Page<CashRoundingView>), (status = 400, body = ErrorBody)))]
pub async fn list_cash_roundings(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<CashRoundingView>>> {
    service::cash_roundings::list_cash_roundings(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/cash-roundings", tag = "accounting", security(("bearer" = [])), request_body = CreateCashRounding,
    responses((status = 201, body = CashRoundingView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_cash_rounding(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateCashRounding>,
) -> Created<CashRoundingView> {
    service::cash_roundings::create_cash_rounding(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/cash-roundings/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = CashRoundingView), (status = 404, body = ErrorBody)))]
pub async fn get_cash_rounding(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CashRoundingId>,
) -> ApiResult<Json<CashRoundingView>> {
    service::cash_roundings::get_cash_rounding(&platform, &ctx, id)
        .await
        .map(Json)
}

#[utoipa::path(patch, path = "/accounting/cash-roundings/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateCashRounding,
    responses((status = 200, body = CashRoundingView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_cash_rounding(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CashRoundingId>,
    ApiJson(patch): ApiJson<UpdateCashRounding>,
) -> ApiResult<Json<CashRoundingView>> {
    service::cash_roundings::update_cash_rounding(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Delete a cash rounding no document names (409 `cash_rounding_in_use` otherwise).
#[utoipa::path(delete, path = "/accounting/cash-roundings/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_cash_rounding(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CashRoundingId>,
) -> ApiResult<StatusCode> {
    service::cash_roundings::delete_cash_rounding(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}
