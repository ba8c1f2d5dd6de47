//! Thin handlers of notifications: every member reads and marks their own.

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiPath, ApiQuery};
use arkan_platform::list::PageParams;
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use uuid::Uuid;

use crate::api::*;
use crate::service;

#[utoipa::path(get, path = "/notifications", tag = "notifications", security(("bearer" = [])),
    params(NotificationListQuery, PageParams),
    responses((status = 200, body = NotificationList), (status = 400, body = ErrorBody)))]
pub async fn list_notifications(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<NotificationListQuery>,
) -> ApiResult<Json<NotificationList>> {
    service::list(&platform, &ctx, query).await.map(Json)
}

#[utoipa::path(post, path = "/notifications/{id}/read", tag = "notifications", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = NotificationView), (status = 404, body = ErrorBody)))]
pub async fn read_notification(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<NotificationView>> {
    service::read(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(post, path = "/notifications/read-all", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = ReadAll)))]
pub async fn read_all(State(platform): State<Platform>, ctx: Ctx) -> ApiResult<Json<ReadAll>> {
    service::read_all(&platform, &ctx).await.map(Json)
}
