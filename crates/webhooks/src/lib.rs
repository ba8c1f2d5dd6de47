//! Webhooks: a company's subscriptions to events, deliveries signed with HMAC-SHA256 and retried
//! as background jobs, the delivery log and replays.
#![doc = include_str!("../README.md")]

mod api;
mod delivery;
mod domain;
pub mod errors;
mod http;
mod migrations;
mod service;
pub mod signing;
mod store;
mod target;

use arkan_platform::Platform;
use arkan_platform::events::DurableSink;
use arkan_platform::jobs::Jobs;
use arkan_platform::schema::SchemaMigration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use delivery::JOB_KIND;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &["webhooks", "webhook_deliveries"];

/// The module's migrations (m1303).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::list_webhooks, http::create_webhook))
        .routes(routes!(
            http::get_webhook,
            http::update_webhook,
            http::delete_webhook
        ))
        .routes(routes!(http::list_deliveries))
        .routes(routes!(http::redeliver))
}

/// Turns dispatched events into deliveries, in the dispatcher's transaction: for each module
/// event, a pending delivery and its first job per active webhook of the company subscribed to
/// it (once per event and webhook, even if the dispatcher runs twice over it).
pub const SINK: DurableSink = delivery::sink;

/// Registers the delivery job's handler (`webhook.deliver`): it sends one attempt and, after a
/// failure, enqueues the next at its backoff (1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h).
pub fn jobs(jobs: Jobs) -> Jobs {
    jobs.handle(JOB_KIND, delivery::handle)
}
