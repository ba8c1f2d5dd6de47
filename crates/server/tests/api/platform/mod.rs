//! The platform: errors, lists, the read cache, the tenant gate, limits and idempotency.

mod errors;
mod general;
mod lists;
mod read_cache;
mod tenancy;
