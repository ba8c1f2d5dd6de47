//! The platform every module stands on, and nothing of the business: database and migration
//! helpers, authentication, the tenant and account gates, roles and plans, rate limits,
//! idempotency, API errors, extractors, lists, the read cache (topics declared by the modules)
//! and trusted proxies. It knows no ERP module: users and memberships are read through the
//! [`state::Directory`] the identity module provides.
#![doc = include_str!("../README.md")]

pub mod auth;
pub mod ctx;
pub mod db;
pub mod error;
pub mod events;
pub mod extract;
pub mod fields;
pub mod idempotency;
pub mod jobs;
pub mod json;
pub mod list;
pub mod metrics;
pub mod pdf;
pub mod proxies;
pub mod rate_limit;
pub mod read_cache;
pub mod report;
pub mod role;
pub mod schema;
pub mod sql;
pub mod state;
pub mod tenancy;

pub use ctx::{AuthUser, Ctx};
pub use error::{ApiError, ApiResult};
pub use state::Platform;

/// The tables the platform owns (created by identity's first migration, `m0001_platform`,
/// from before the split); no module's SQL may name them.
pub const TABLES: &[&str] = &[
    "idempotency_keys",
    "platform_settings",
    "jobs",
    "outbox_events",
    "outbox_sequences",
    "outbox_lease",
];
