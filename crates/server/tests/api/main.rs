//! API tests through the real router, each on its own fresh database. Run on SQLite by default
//! and on PostgreSQL with `ARKAN_TEST_DATABASE_URL=postgres://...`.

mod accounting;
mod auth;
mod crm;
mod errors;
mod invoicing;
mod lists;
mod platform;
mod read_cache;
mod support;
mod tenancy;
