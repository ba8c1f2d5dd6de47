//! The double-entry ledger every other module posts into: chart of accounts, journals, fiscal
//! years, taxes, currency rates, journal entries (draft, post, reverse, batch) and the ledger
//! reports. Posting is exact (integer minor units), gapless (numbers per journal and fiscal
//! year taken in the posting transaction) and tamper-evident (a hash chain per company).

mod aging;
pub mod api;
mod bank;
pub mod domain;
mod exports;
mod http;
pub mod invoice_math;
pub mod invoice_store;
pub mod invoicing;
pub mod ledger;
pub mod migrations;
pub mod payment_store;
pub mod payments;
mod seed;
pub mod service;
pub mod store;

use arkan_platform::Platform;
pub use seed::setup_company;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

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
        .routes(routes!(http::put_bank_details, http::get_bank_details))
        .routes(routes!(http::list_invoices, http::create_invoice))
        .routes(routes!(
            http::get_invoice,
            http::update_invoice,
            http::delete_invoice
        ))
        .routes(routes!(http::post_invoice))
        .routes(routes!(http::cancel_invoice))
        .routes(routes!(http::partial_credit_note))
        .routes(routes!(http::list_payments, http::create_payment))
        .routes(routes!(http::get_payment))
        .routes(routes!(http::post_payment))
        .routes(routes!(http::allocate_payment))
        .routes(routes!(http::unallocate_payment))
        .routes(routes!(http::aged_receivables))
        .routes(routes!(http::aged_payables))
        .routes(routes!(http::exportable_payments))
        .routes(routes!(http::export_uaefts))
        .routes(routes!(http::export_csv))
        .routes(routes!(http::export_wps))
        .routes(routes!(http::get_settings, http::update_settings))
}
