//! Thin handlers of direct messages: any member talks with any other member of the company.

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use uuid::Uuid;

use crate::api::*;
use crate::service;

#[utoipa::path(get, path = "/conversations", tag = "messages", security(("bearer" = [])),
    params(PagingQuery, PageParams),
    responses((status = 200, body = Page<ConversationView>), (status = 400, body = ErrorBody)))]
pub async fn list_conversations(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PagingQuery>,
) -> ApiResult<Json<Page<ConversationView>>> {
    service::list_conversations(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/conversations", tag = "messages", security(("bearer" = [])),
    request_body = OpenConversation,
    responses((status = 201, description = "A new conversation", body = ConversationView),
        (status = 200, description = "The conversation already existed", body = ConversationView),
        (status = 400, body = ErrorBody)))]
pub async fn open_conversation(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<OpenConversation>,
) -> ApiResult<(StatusCode, Json<ConversationView>)> {
    let (new, view) = service::open(&platform, &ctx, input).await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view)))
}

#[utoipa::path(get, path = "/conversations/{id}/messages", tag = "messages", security(("bearer" = [])),
    params(("id" = Uuid, Path), PagingQuery, PageParams),
    responses((status = 200, body = Page<MessageView>), (status = 404, body = ErrorBody)))]
pub async fn list_messages(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<PagingQuery>,
) -> ApiResult<Json<Page<MessageView>>> {
    service::list_messages(&platform, &ctx, id, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/conversations/{id}/messages", tag = "messages", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SendMessage,
    responses((status = 201, body = MessageView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn send_message(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<SendMessage>,
) -> Created<MessageView> {
    service::send(&platform, &ctx, id, input).await.map(created)
}

#[utoipa::path(post, path = "/conversations/{id}/read", tag = "messages", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ConversationView), (status = 404, body = ErrorBody)))]
pub async fn read_conversation(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<ConversationView>> {
    service::read(&platform, &ctx, id).await.map(Json)
}
