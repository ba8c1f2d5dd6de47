//! Handlers of the aged receivables and payables.

use super::*;

#[utoipa::path(get, path = "/accounting/reports/aged-receivables", tag = "accounting", security(("bearer" = [])), params(AgingQuery),
    responses((status = 200, body = AgingReport), (status = 400, body = ErrorBody)))]
pub async fn aged_receivables(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AgingQuery>,
) -> ApiResult<Json<AgingReport>> {
    service::aging::aging(&platform, &ctx, query, true)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/accounting/reports/aged-payables", tag = "accounting", security(("bearer" = [])), params(AgingQuery),
    responses((status = 200, body = AgingReport), (status = 400, body = ErrorBody)))]
pub async fn aged_payables(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AgingQuery>,
) -> ApiResult<Json<AgingReport>> {
    service::aging::aging(&platform, &ctx, query, false)
        .await
        .map(Json)
}
