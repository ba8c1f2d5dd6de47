//! The platform every module stands on: database and migrations, authentication, tenancy,
//! permissions, rate limits, idempotency, API errors, lists and OpenAPI glue — and the identity
//! resources (users, companies, members) that the tenancy needs.

pub mod auth;
pub mod db;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod identity;
pub mod list;
pub mod migrations;
pub mod proxies;
pub mod rate_limit;
pub mod read_cache;
pub mod role;
pub mod schema;
pub mod state;
pub mod tenancy;

pub use error::{ApiError, ApiResult};
pub use state::Platform;
pub use tenancy::Ctx;
