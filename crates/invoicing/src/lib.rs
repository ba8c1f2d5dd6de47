//! Invoices, bills and credit notes (drafts, posting, cancellation, partial credit notes),
//! payments and their allocation to invoices, and the aged receivables and payables. Every
//! document reaches the books through the ledger's public posting API
//! ([`arkan_ledger::posting`]) inside the document's own transaction; partners are read through
//! the CRM facade ([`arkan_crm::partners`]).
#![doc = include_str!("../README.md")]

mod api;
pub mod documents;
mod domain;
pub mod errors;
mod http;
pub mod lines;
mod migrations;
pub mod payments;
pub mod projects;
mod service;
mod store;
pub mod views;

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
    "credit_note_allocations",
    "payment_terms",
    "payment_term_lines",
    "invoice_installments",
    "allocation_discount_taxes",
    "fiscal_positions",
    "fiscal_position_taxes",
    "fiscal_position_accounts",
    "cash_roundings",
];

/// The changes this module announces (room `accounting`: its endpoints are under `/accounting`,
/// and `/sales/billing` counts as accounting). Invoices, bills and credit notes are all
/// `invoice`.
pub mod events {
    use arkan_platform::events::EventKind;

    /// A draft.
    pub const INVOICE_CREATED: EventKind = EventKind::new("accounting", "invoice.created");
    /// A draft edited, or a posted one whose paid amount moved (an allocation, a credit note).
    pub const INVOICE_UPDATED: EventKind = EventKind::new("accounting", "invoice.updated");
    pub const INVOICE_DELETED: EventKind = EventKind::new("accounting", "invoice.deleted");
    /// Posted: a draft by `/post`, or a credit note issued already posted.
    pub const INVOICE_POSTED: EventKind = EventKind::new("accounting", "invoice.posted");
    pub const INVOICE_CANCELLED: EventKind = EventKind::new("accounting", "invoice.cancelled");
    pub const PAYMENT_CREATED: EventKind = EventKind::new("accounting", "payment.created");
    pub const PAYMENT_POSTED: EventKind = EventKind::new("accounting", "payment.posted");
    pub const PAYMENT_ALLOCATED: EventKind = EventKind::new("accounting", "payment.allocated");
    pub const PAYMENT_UNALLOCATED: EventKind = EventKind::new("accounting", "payment.unallocated");
    /// A posted credit note set against documents of its partner (netting), then
    /// `invoice.updated` per document.
    pub const INVOICE_ALLOCATED: EventKind = EventKind::new("accounting", "invoice.allocated");
    /// A netting taken back, then `invoice.updated` for the document.
    pub const INVOICE_UNALLOCATED: EventKind = EventKind::new("accounting", "invoice.unallocated");
    pub const PAYMENT_TERM_CREATED: EventKind =
        EventKind::new("accounting", "payment_term.created");
    pub const PAYMENT_TERM_UPDATED: EventKind =
        EventKind::new("accounting", "payment_term.updated");
    pub const PAYMENT_TERM_DELETED: EventKind =
        EventKind::new("accounting", "payment_term.deleted");
    pub const FISCAL_POSITION_CREATED: EventKind =
        EventKind::new("accounting", "fiscal_position.created");
    pub const FISCAL_POSITION_UPDATED: EventKind =
        EventKind::new("accounting", "fiscal_position.updated");
    pub const FISCAL_POSITION_DELETED: EventKind =
        EventKind::new("accounting", "fiscal_position.deleted");
    /// Put into a bank file (by banking, through `payments::mark_exported`).
    pub const PAYMENT_EXPORTED: EventKind = EventKind::new("accounting", "payment.exported");
    /// Master data: the coin a document's total is rounded to.
    pub const CASH_ROUNDING_CREATED: EventKind =
        EventKind::new("accounting", "cash_rounding.created");
    pub const CASH_ROUNDING_UPDATED: EventKind =
        EventKind::new("accounting", "cash_rounding.updated");
    pub const CASH_ROUNDING_DELETED: EventKind =
        EventKind::new("accounting", "cash_rounding.deleted");

    pub const ALL: &[EventKind] = &[
        INVOICE_CREATED,
        INVOICE_UPDATED,
        INVOICE_DELETED,
        INVOICE_POSTED,
        INVOICE_CANCELLED,
        INVOICE_ALLOCATED,
        INVOICE_UNALLOCATED,
        PAYMENT_CREATED,
        PAYMENT_POSTED,
        PAYMENT_ALLOCATED,
        PAYMENT_UNALLOCATED,
        PAYMENT_EXPORTED,
        PAYMENT_TERM_CREATED,
        PAYMENT_TERM_UPDATED,
        PAYMENT_TERM_DELETED,
        FISCAL_POSITION_CREATED,
        FISCAL_POSITION_UPDATED,
        FISCAL_POSITION_DELETED,
        CASH_ROUNDING_CREATED,
        CASH_ROUNDING_UPDATED,
        CASH_ROUNDING_DELETED,
    ];
}

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
        .routes(routes!(http::allocate_credit_note))
        .routes(routes!(http::unallocate_credit_note))
        .routes(routes!(http::list_payment_terms, http::create_payment_term))
        .routes(routes!(
            http::get_payment_term,
            http::update_payment_term,
            http::delete_payment_term
        ))
        .routes(routes!(
            http::list_fiscal_positions,
            http::create_fiscal_position
        ))
        .routes(routes!(
            http::get_fiscal_position,
            http::update_fiscal_position,
            http::delete_fiscal_position
        ))
        .routes(routes!(http::aged_receivables))
        .routes(routes!(http::aged_payables))
        .routes(routes!(
            http::list_cash_roundings,
            http::create_cash_rounding
        ))
        .routes(routes!(
            http::get_cash_rounding,
            http::update_cash_rounding,
            http::delete_cash_rounding
        ))
}
