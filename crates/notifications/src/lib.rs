//! Notifications per user and company: what a module wants a person to know (a payment
//! received, an approval needed), kept until read. Modules raise them through [`raise`] inside
//! their own transaction, so a notification exists only if the change that caused it commits.
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

pub use service::{NewNotification, NotificationType, raise};

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &["notifications"];

/// The module's migrations (m13xx, the real-time block).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::list_notifications))
        .routes(routes!(http::read_notification))
        .routes(routes!(http::read_all))
}
