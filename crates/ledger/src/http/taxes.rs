//! Handlers of taxes.

use super::*;

#[utoipa::path(get, path = "/accounting/taxes", tag = "accounting", security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Page<TaxView>)))]
pub async fn list_taxes(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PlainListQuery>,
) -> ApiResult<Json<Page<TaxView>>> {
    service::list_taxes(&platform, &ctx, query.page)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/taxes", tag = "accounting", security(("bearer" = [])), request_body = CreateTax,
    responses((status = 201, body = TaxView), (status = 400, body = ErrorBody)))]
pub async fn create_tax(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateTax>,
) -> Created<TaxView> {
    service::create_tax(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(patch, path = "/accounting/taxes/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateTax, responses((status = 200, body = TaxView), (status = 404, body = ErrorBody)))]
pub async fn update_tax(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<TaxId>,
    ApiJson(patch): ApiJson<UpdateTax>,
) -> ApiResult<Json<TaxView>> {
    service::update_tax(&platform, &ctx, id, patch)
        .await
        .map(Json)
}
