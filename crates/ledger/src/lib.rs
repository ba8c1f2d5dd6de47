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
pub mod views;

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
    "journal_entry_taxes",
    "entry_sequences",
    "account_balances",
    "revenue_months",
    "tax_months",
    "ledger_chain",
    "accounting_settings",
];

/// The changes this module announces (room `accounting`).
pub mod events {
    use arkan_platform::events::EventKind;

    pub const ACCOUNT_CREATED: EventKind = EventKind::new("accounting", "account.created");
    pub const ACCOUNT_UPDATED: EventKind = EventKind::new("accounting", "account.updated");
    pub const JOURNAL_CREATED: EventKind = EventKind::new("accounting", "journal.created");
    pub const JOURNAL_UPDATED: EventKind = EventKind::new("accounting", "journal.updated");
    /// By `POST /accounting/fiscal-years`, or opened on demand by a posting.
    pub const FISCAL_YEAR_CREATED: EventKind = EventKind::new("accounting", "fiscal_year.created");
    /// Closed into retained earnings (`POST /accounting/fiscal-years/:id/close`).
    pub const FISCAL_YEAR_CLOSED: EventKind = EventKind::new("accounting", "fiscal_year.closed");
    /// Reopened, its closing entry reversed.
    pub const FISCAL_YEAR_REOPENED: EventKind =
        EventKind::new("accounting", "fiscal_year.reopened");
    pub const TAX_CREATED: EventKind = EventKind::new("accounting", "tax.created");
    pub const TAX_UPDATED: EventKind = EventKind::new("accounting", "tax.updated");
    pub const CURRENCY_RATE_CREATED: EventKind =
        EventKind::new("accounting", "currency_rate.created");
    /// A draft entry.
    pub const JOURNAL_ENTRY_CREATED: EventKind =
        EventKind::new("accounting", "journal_entry.created");
    pub const JOURNAL_ENTRY_UPDATED: EventKind =
        EventKind::new("accounting", "journal_entry.updated");
    pub const JOURNAL_ENTRY_DELETED: EventKind =
        EventKind::new("accounting", "journal_entry.deleted");
    /// Every posting, whoever posts: `/post`, a batch (one per entry), a reversal (the new
    /// entry), and every entry another module posts through `posting::post`.
    pub const JOURNAL_ENTRY_POSTED: EventKind =
        EventKind::new("accounting", "journal_entry.posted");
    /// The original of a reversal (the reversal itself is `journal_entry.posted`).
    pub const JOURNAL_ENTRY_REVERSED: EventKind =
        EventKind::new("accounting", "journal_entry.reversed");
    /// Resource id: the company's.
    pub const ACCOUNTING_SETTINGS_UPDATED: EventKind =
        EventKind::new("accounting", "accounting_settings.updated");

    pub const ALL: &[EventKind] = &[
        ACCOUNT_CREATED,
        ACCOUNT_UPDATED,
        JOURNAL_CREATED,
        JOURNAL_UPDATED,
        FISCAL_YEAR_CREATED,
        FISCAL_YEAR_CLOSED,
        FISCAL_YEAR_REOPENED,
        TAX_CREATED,
        TAX_UPDATED,
        CURRENCY_RATE_CREATED,
        JOURNAL_ENTRY_CREATED,
        JOURNAL_ENTRY_UPDATED,
        JOURNAL_ENTRY_DELETED,
        JOURNAL_ENTRY_POSTED,
        JOURNAL_ENTRY_REVERSED,
        ACCOUNTING_SETTINGS_UPDATED,
    ];
}

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
        .routes(routes!(http::close_fiscal_year))
        .routes(routes!(http::reopen_fiscal_year))
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
