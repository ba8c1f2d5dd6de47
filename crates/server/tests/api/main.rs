//! API tests through the real router, each on its own fresh database. Run on SQLite by default
//! and on PostgreSQL with `ARKAN_TEST_DATABASE_URL=postgres://...`.

mod architecture;
mod assets;
mod banking;
mod catalog;
mod crm;
mod identity;
mod inventory;
mod invoicing;
mod ledger;
mod messages;
mod notifications;
mod platform;
mod projects;
mod purchasing;
mod realtime;
mod reporting;
mod sales;
mod webhooks;
