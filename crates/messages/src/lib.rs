//! Direct messages between the members of a company: one conversation per pair of people,
//! its history newest first, and each side's unread count. (Pushed over the WebSocket as
//! `dm:message` once real time exists.)
#![doc = include_str!("../README.md")]

mod api;
pub mod errors;
mod http;
mod migrations;
mod service;
mod store;

use arkan_platform::Platform;
use arkan_platform::schema::SchemaMigration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &["conversations", "messages"];

/// The module's migrations (m13xx, the real-time block).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::list_conversations, http::open_conversation))
        .routes(routes!(http::list_messages, http::send_message))
        .routes(routes!(http::read_conversation))
}
