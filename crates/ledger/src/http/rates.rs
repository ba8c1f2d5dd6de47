//! Handlers of currencies and currency rates.

use super::*;

#[utoipa::path(get, path = "/accounting/currency-rates", tag = "accounting", security(("bearer" = [])), params(RateListQuery, PageParams),
    responses((status = 200, body = Page<CurrencyRateView>)))]
pub async fn list_rates(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<RateListQuery>,
) -> ApiResult<Json<Page<CurrencyRateView>>> {
    service::list_rates(&platform, &ctx, query).await.map(Json)
}

#[utoipa::path(post, path = "/accounting/currency-rates", tag = "accounting", security(("bearer" = [])), request_body = CreateCurrencyRate,
    responses((status = 201, body = CurrencyRateView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_rate(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateCurrencyRate>,
) -> Created<CurrencyRateView> {
    service::create_rate(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/currencies", tag = "accounting", security(("bearer" = [])),
    responses((status = 200, body = CurrencyList)))]
pub async fn list_currencies(
    State(platform): State<Platform>,
    _ctx: Ctx,
) -> ApiResult<Json<CurrencyList>> {
    service::list_currencies(&platform).await.map(Json)
}
