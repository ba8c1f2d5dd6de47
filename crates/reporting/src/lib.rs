#![doc = include_str!("../README.md")]

mod api;
mod budgets;
pub mod errors;
mod http;
mod migrations;
pub mod params;
mod percent;
pub mod render;
mod revenue;
mod service;
pub mod vat;

use arkan_platform::Platform;
use arkan_platform::schema::SchemaMigration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use budgets::BudgetState;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &["budgets", "budget_lines"];

/// The changes this module announces (room `accounting`).
pub mod events {
    use arkan_platform::events::EventKind;

    pub const BUDGET_CREATED: EventKind = EventKind::new("accounting", "budget.created");
    pub const BUDGET_UPDATED: EventKind = EventKind::new("accounting", "budget.updated");
    pub const BUDGET_DELETED: EventKind = EventKind::new("accounting", "budget.deleted");
    pub const BUDGET_APPROVED: EventKind = EventKind::new("accounting", "budget.approved");
    pub const BUDGET_CANCELLED: EventKind = EventKind::new("accounting", "budget.cancelled");

    pub const ALL: &[EventKind] = &[
        BUDGET_CREATED,
        BUDGET_UPDATED,
        BUDGET_DELETED,
        BUDGET_APPROVED,
        BUDGET_CANCELLED,
    ];
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
        .routes(routes!(
            budgets::http::list_budgets,
            budgets::http::create_budget
        ))
        .routes(routes!(
            budgets::http::get_budget,
            budgets::http::update_budget,
            budgets::http::delete_budget
        ))
        .routes(routes!(budgets::http::approve_budget))
        .routes(routes!(budgets::http::cancel_budget))
        .routes(routes!(budgets::http::budget_vs_actual))
        .routes(routes!(revenue::http::revenue_by_client))
        .routes(routes!(revenue::http::revenue_by_project))
}
