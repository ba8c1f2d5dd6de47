//! Thin handlers of webhooks: owners and admins only (every other role gets 403).

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::domain::{DeliveryId, WebhookId};
use crate::service;

#[utoipa::path(post, path = "/webhooks", tag = "webhooks", security(("bearer" = [])),
    request_body = CreateWebhook,
    responses((status = 201, body = WebhookView, description = "The webhook, with its secret (shown this once)"),
        (status = 400, body = ErrorBody, description = "Invalid field, or a target on an internal address (`webhook_target_forbidden`)"),
        (status = 403, body = ErrorBody)))]
pub async fn create_webhook(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateWebhook>,
) -> Created<WebhookView> {
    service::create(&platform, &ctx, input).await.map(created)
}

#[utoipa::path(get, path = "/webhooks", tag = "webhooks", security(("bearer" = [])),
    params(WebhookListQuery, PageParams),
    responses((status = 200, body = Page<WebhookView>), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_webhooks(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<WebhookListQuery>,
) -> ApiResult<Json<Page<WebhookView>>> {
    service::list(&platform, &ctx, query).await.map(Json)
}

#[utoipa::path(get, path = "/webhooks/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = WebhookView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_webhook(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<WebhookId>,
) -> ApiResult<Json<WebhookView>> {
    service::get(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/webhooks/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateWebhook,
    responses((status = 200, body = WebhookView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_webhook(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<WebhookId>,
    ApiJson(patch): ApiJson<UpdateWebhook>,
) -> ApiResult<Json<WebhookView>> {
    service::update(&platform, &ctx, id, patch).await.map(Json)
}

#[utoipa::path(delete, path = "/webhooks/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204, description = "Removed, with its delivery log"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_webhook(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<WebhookId>,
) -> ApiResult<StatusCode> {
    service::delete(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/webhooks/{id}/deliveries", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path), DeliveryListQuery, PageParams),
    responses((status = 200, body = Page<DeliveryView>, description = "The delivery log, newest first by default"),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_deliveries(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<WebhookId>,
    ApiQuery(query): ApiQuery<DeliveryListQuery>,
) -> ApiResult<Json<Page<DeliveryView>>> {
    service::deliveries(&platform, &ctx, id, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/webhooks/{id}/deliveries/{delivery_id}/redeliver", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("delivery_id" = Uuid, Path)),
    responses((status = 201, body = DeliveryView, description = "A new delivery of the same event, due now"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The webhook is inactive (`webhook_inactive`)")))]
pub async fn redeliver(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, delivery)): ApiPath<(WebhookId, DeliveryId)>,
) -> Created<DeliveryView> {
    service::redeliver(&platform, &ctx, id, delivery)
        .await
        .map(created)
}
