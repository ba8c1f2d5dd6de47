//! Handlers of fiscal positions.

use super::*;

#[utoipa::path(get, path = "/accounting/fiscal-positions", tag = "accounting", security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Page<FiscalPositionView>), (status = 400, body = ErrorBody)))]
pub async fn list_fiscal_positions(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PlainList>,
) -> ApiResult<Json<Page<FiscalPositionView>>> {
    service::fiscal_positions::list_fiscal_positions(&platform, &ctx, query.page)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/fiscal-positions", tag = "accounting", security(("bearer" = [])), request_body = CreateFiscalPosition,
    responses((status = 201, body = FiscalPositionView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_fiscal_position(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateFiscalPosition>,
) -> Created<FiscalPositionView> {
    service::fiscal_positions::create_fiscal_position(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/fiscal-positions/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = FiscalPositionView), (status = 404, body = ErrorBody)))]
pub async fn get_fiscal_position(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<FiscalPositionId>,
) -> ApiResult<Json<FiscalPositionView>> {
    service::fiscal_positions::get_fiscal_position(&platform, &ctx, id)
        .await
        .map(Json)
}

#[utoipa::path(patch, path = "/accounting/fiscal-positions/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateFiscalPosition,
    responses((status = 200, body = FiscalPositionView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_fiscal_position(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<FiscalPositionId>,
    ApiJson(patch): ApiJson<UpdateFiscalPosition>,
) -> ApiResult<Json<FiscalPositionView>> {
    service::fiscal_positions::update_fiscal_position(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/accounting/fiscal-positions/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_fiscal_position(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<FiscalPositionId>,
) -> ApiResult<StatusCode> {
    service::fiscal_positions::delete_fiscal_position(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}
