//! The WebSocket at `/ws`: module rooms fed by the outbox's committed events, notifications and
//! direct messages pushed to their people, presence and typing. Every instance routes what the
//! platform's event bus carries (Redis pub/sub when instances share a Redis) to its own sockets,
//! so a client hears every instance's writes.
#![doc = include_str!("../README.md")]

pub mod delivery;
pub mod errors;
mod hub;
pub mod presence;
mod socket;

use arkan_platform::Platform;
use axum::Router;
use axum::extract::Extension;
use axum::routing::get;

pub use hub::{CONNECTIONS, close};

use crate::hub::Hub;
use crate::presence::Presence;

/// The tables this module owns: none (what it replays is the platform's outbox).
pub const TABLES: &[&str] = &[];

/// `/ws`, at the host root, for `platform`; presence is counted in Redis when the platform has
/// one (several instances), else here.
pub fn routes(platform: &Platform) -> Result<Router<Platform>, String> {
    let instance = format!("ws-{}", uuid::Uuid::now_v7());
    let presence = match platform.redis_url.as_deref() {
        Some(url) => Presence::redis(url, instance.clone())
            .map_err(|error| format!("ARKAN_REDIS_URL: {error}"))?,
        None => Presence::local(),
    };
    let hub = Hub::start(platform.clone(), presence);
    Ok(Router::new()
        .route("/ws", get(socket::upgrade))
        .layer(Extension(hub)))
}
