//! Handlers of the accounting settings.

use super::*;

#[utoipa::path(get, path = "/accounting/settings", tag = "accounting", security(("bearer" = [])),
    responses((status = 200, body = AccountingSettings)))]
pub async fn get_settings(
    State(platform): State<Platform>,
    ctx: Ctx,
) -> ApiResult<Json<AccountingSettings>> {
    service::get_settings(&platform, &ctx).await.map(Json)
}

#[utoipa::path(patch, path = "/accounting/settings", tag = "accounting", security(("bearer" = [])), request_body = UpdateAccountingSettings,
    responses((status = 200, body = AccountingSettings), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn update_settings(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<UpdateAccountingSettings>,
) -> ApiResult<Json<AccountingSettings>> {
    service::update_settings(&platform, &ctx, input)
        .await
        .map(Json)
}
