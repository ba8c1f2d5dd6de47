//! Thin handlers of the sales settings.

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::ApiJson;
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::settings::*;
use crate::service::settings as service;

/// The endpoints of this area.
pub(crate) fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new().routes(routes!(get_settings, update_settings))
}

/// The company's sales settings.
#[utoipa::path(get, path = "/sales/settings", tag = "sales", security(("bearer" = [])),
    responses((status = 200, body = SalesSettingsView)))]
pub async fn get_settings(
    State(platform): State<Platform>,
    ctx: Ctx,
) -> ApiResult<Json<SalesSettingsView>> {
    service::get_settings(&platform, &ctx).await.map(Json)
}

/// Changes the fields given.
#[utoipa::path(patch, path = "/sales/settings", tag = "sales", security(("bearer" = [])),
    request_body = UpdateSalesSettings,
    responses((status = 200, body = SalesSettingsView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn update_settings(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(patch): ApiJson<UpdateSalesSettings>,
) -> ApiResult<Json<SalesSettingsView>> {
    service::update_settings(&platform, &ctx, patch)
        .await
        .map(Json)
}
