//! CRM, starting with the partner directory: clients, vendors (one partner may be both) and
//! contacts. Invoices, payments and orders refer to these partners.

pub mod api;
pub mod domain;
mod http;
pub mod migrations;
pub mod service;
pub mod store;

use arkan_platform::Platform;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::list_clients, http::create_client))
        .routes(routes!(http::get_client, http::update_client))
        .routes(routes!(http::list_vendors, http::create_vendor))
        .routes(routes!(http::get_vendor, http::update_vendor))
        .routes(routes!(http::list_contacts, http::create_contact))
        .routes(routes!(http::get_contact, http::update_contact))
}
