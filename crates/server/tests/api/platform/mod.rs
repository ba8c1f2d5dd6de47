//! The platform: errors, lists, the read cache, the tenant gate, limits, idempotency and
//! write transactions.

mod contract;
pub(crate) mod crash;
mod errors;
mod events;
mod fuzz;
mod general;
mod hostile_input;
mod jobs;
mod lists;
mod metrics;
mod read_cache;
mod refusals;
mod rows;
mod startup;
mod tenancy;
mod writes;
