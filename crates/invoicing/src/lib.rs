//! Invoices, bills and credit notes (drafts, posting, cancellation, partial credit notes),
//! payments and their allocation to invoices, and the aged receivables and payables. Every
//! document reaches the books through the ledger's public posting API
//! ([`arkan_ledger::posting`]) inside the document's own transaction; partners are read through
//! the CRM facade ([`arkan_crm::partners`]).
#![doc = include_str!("../README.md")]

mod api;
mod domain;
pub mod errors;
mod http;
mod migrations;
pub mod payments;
mod service;
mod store;

use arkan_platform::Platform;
use arkan_platform::schema::SchemaMigration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &[
    "invoices",
    "invoice_lines",
    "invoice_line_taxes",
    "payments",
    "payment_allocations",
];

/// The module's migrations (m02xx, numbered with the ledger's from before the split).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
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
}
