//! The double-entry ledger every other module posts into: chart of accounts, journals, fiscal
//! years, taxes, currency rates, journal entries (draft, post, reverse, batch) and the ledger
//! reports. Posting is exact (integer minor units), gapless (numbers per journal and fiscal
//! year taken in the posting transaction) and tamper-evident (a hash chain per company).
//!
//! Other modules reach the ledger only through [`posting`] (the one way to write to the books)
//! and [`books`] (what they may read: journals, accounts, taxes, rates, settings).
#![doc = include_str!("../README.md")]

mod api;
pub mod books;
mod domain;
pub mod errors;
mod http;
mod migrations;
pub mod posting;
mod seed;
mod service;
mod store;

use arkan_platform::Platform;
use arkan_platform::schema::SchemaMigration;
pub use seed::{book_settings, setup_company};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &[
    "currencies",
    "currency_rates",
    "accounts",
    "journals",
    "fiscal_years",
    "taxes",
    "journal_entries",
    "journal_lines",
    "entry_sequences",
    "account_balances",
    "ledger_chain",
    "accounting_settings",
];

/// The module's migrations (m02xx).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::list_accounts, http::create_account))
        .routes(routes!(http::get_account, http::update_account))
        .routes(routes!(http::list_journals, http::create_journal))
        .routes(routes!(http::update_journal))
        .routes(routes!(http::list_fiscal_years, http::create_fiscal_year))
        .routes(routes!(http::list_taxes, http::create_tax))
        .routes(routes!(http::update_tax))
        .routes(routes!(http::list_currencies))
        .routes(routes!(http::list_rates, http::create_rate))
        .routes(routes!(http::list_entries, http::create_entry))
        .routes(routes!(
            http::get_entry,
            http::update_entry,
            http::delete_entry
        ))
        .routes(routes!(http::post_entry))
        .routes(routes!(http::reverse_entry))
        .routes(routes!(http::post_batch))
        .routes(routes!(http::trial_balance))
        .routes(routes!(http::general_ledger))
        .routes(routes!(http::verify_chain))
        .routes(routes!(http::get_settings, http::update_settings))
}
