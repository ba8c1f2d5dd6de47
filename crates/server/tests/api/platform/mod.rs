//! The platform: errors, lists, the read cache, the tenant gate, limits and idempotency.

mod contract;
mod crash;
mod errors;
mod fuzz;
mod general;
mod hostile_input;
mod jobs;
mod lists;
mod metrics;
mod read_cache;
mod refusals;
mod startup;
mod tenancy;
