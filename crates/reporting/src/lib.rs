#![doc = include_str!("../README.md")]

mod api;
pub mod errors;
mod http;
mod migrations;
pub mod params;
pub mod render;
mod service;
pub mod vat;

use arkan_platform::Platform;
use arkan_platform::schema::SchemaMigration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &[];

/// The changes this module announces (room `accounting`).
pub mod events {
    use arkan_platform::events::EventKind;

    pub const ALL: &[EventKind] = &[];
}

/// The module's migrations (m03xx).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::profit_loss))
        .routes(routes!(http::balance_sheet))
        .routes(routes!(http::cash_flow))
        .routes(routes!(vat::tax_report))
        .routes(routes!(vat::tax_lines))
        .routes(routes!(vat::tax_audit_file))
}
