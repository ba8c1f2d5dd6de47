//! Partner bank details (IBAN, BIC, UAE routing code), the payment files banks take (UAEFTS
//! and CSV batches of posted vendor payments; WPS salary files once payroll exists) and bank
//! reconciliation (statements imported for a bank journal).
//! Payments are read, and marked exported, through invoicing's facade
//! ([`arkan_invoicing::payments`]); journals through the ledger's ([`arkan_ledger::books`]).
#![doc = include_str!("../README.md")]

mod api;
pub mod errors;
mod exports;
mod http;
mod migrations;
mod reconciliation;
mod service;
mod store;

use arkan_platform::Platform;
use arkan_platform::schema::SchemaMigration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &[
    "partner_bank_details",
    "bank_statements",
    "bank_statement_lines",
    "bank_statement_matches",
];

/// The changes this module announces (room `accounting`: its endpoints are under
/// `/accounting/batch-payment`).
pub mod events {
    use arkan_platform::events::EventKind;

    /// A partner's first bank details (resource id: the partner's).
    pub const BANK_DETAILS_CREATED: EventKind =
        EventKind::new("accounting", "bank_details.created");
    /// A partner's bank details replaced (resource id: the partner's).
    pub const BANK_DETAILS_UPDATED: EventKind =
        EventKind::new("accounting", "bank_details.updated");
    /// A UAEFTS or CSV file made (no resource id: a file is not kept); each payment in it is
    /// also named `payment.exported` by invoicing.
    pub const PAYMENT_EXPORT_CREATED: EventKind =
        EventKind::new("accounting", "payment_export.created");
    /// A bank statement imported with its lines.
    pub const BANK_STATEMENT_IMPORTED: EventKind =
        EventKind::new("accounting", "bank_statement.imported");
    /// A statement line matched (in part or whole) or written off (resource id: the line).
    pub const BANK_STATEMENT_LINE_MATCHED: EventKind =
        EventKind::new("accounting", "bank_statement_line.matched");
    /// A statement line's matches taken back (resource id: the line).
    pub const BANK_STATEMENT_LINE_UNMATCHED: EventKind =
        EventKind::new("accounting", "bank_statement_line.unmatched");

    pub const ALL: &[EventKind] = &[
        BANK_DETAILS_CREATED,
        BANK_DETAILS_UPDATED,
        PAYMENT_EXPORT_CREATED,
        BANK_STATEMENT_IMPORTED,
        BANK_STATEMENT_LINE_MATCHED,
        BANK_STATEMENT_LINE_UNMATCHED,
    ];
}

/// The module's migrations: m0203 (numbered with the ledger's from before the split) and
/// reconciliation's m04xx.
pub fn migrations() -> Vec<SchemaMigration> {
    let mut all = migrations::migrations();
    all.extend(reconciliation::migrations::migrations());
    all
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::put_bank_details, http::get_bank_details))
        .routes(routes!(http::exportable_payments))
        .routes(routes!(http::export_uaefts))
        .routes(routes!(http::export_csv))
        .routes(routes!(http::export_wps))
        .routes(routes!(
            reconciliation::http::list_statements,
            reconciliation::http::import_statement
        ))
        .routes(routes!(reconciliation::http::get_statement))
        .routes(routes!(reconciliation::http::match_line))
        .routes(routes!(reconciliation::http::unmatch_line))
        .routes(routes!(reconciliation::http::write_off_line))
        .routes(routes!(reconciliation::http::reconciliation_report))
        .routes(routes!(reconciliation::http::statement_suggestions))
        .routes(routes!(reconciliation::http::auto_match))
}
