//! Direct messages between the members of a company: one conversation per pair of people,
//! its history newest first, and each side's unread count. A sent message is pushed to both
//! participants as a `dm:message` event.
#![doc = include_str!("../README.md")]

mod api;
pub mod errors;
mod http;
mod migrations;
mod service;
mod store;

use arkan_kernel::{CompanyId, UserId};
use arkan_platform::Platform;
use arkan_platform::schema::SchemaMigration;
use sea_orm::{ConnectionTrait, DbErr};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &["conversations", "messages"];

/// The module's migrations (m13xx, the real-time block).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

/// The two participants of `conversation` in `company`; None when the company has no such
/// conversation (the WebSocket sends typing indicators to the other one).
pub async fn participants(
    db: &impl ConnectionTrait,
    company: CompanyId,
    conversation: uuid::Uuid,
) -> Result<Option<(UserId, UserId)>, DbErr> {
    store::participants(db, company, conversation).await
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::list_conversations, http::open_conversation))
        .routes(routes!(http::list_messages, http::send_message))
        .routes(routes!(http::read_conversation))
}
