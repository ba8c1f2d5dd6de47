//! CRM, starting with the partner directory: clients, vendors (one partner may be both) and
//! contacts. Invoices, payments and orders refer to these partners.

mod api;
mod domain;
pub mod errors;
mod http;
mod migrations;
pub mod partners;
mod service;
mod store;
pub mod views;

use arkan_platform::Platform;
use arkan_platform::read_cache::Topic;
use arkan_platform::schema::SchemaMigration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &[
    "partners",
    "partner_tags",
    "partner_totals",
    "contacts",
    "partner_invoicing_terms",
];

/// The partner directory: client and vendor list pages are kept under this topic.
pub const PARTNERS: Topic = Topic::new("partners");

/// The read-cache topics this module declares.
pub const TOPICS: &[Topic] = &[PARTNERS];

/// The changes this module announces (room `crm`).
pub mod events {
    use arkan_platform::events::EventKind;

    pub const CLIENT_CREATED: EventKind =
        EventKind::new("crm", "client.created").invalidating(super::PARTNERS);
    pub const CLIENT_UPDATED: EventKind =
        EventKind::new("crm", "client.updated").invalidating(super::PARTNERS);
    pub const VENDOR_CREATED: EventKind =
        EventKind::new("crm", "vendor.created").invalidating(super::PARTNERS);
    pub const VENDOR_UPDATED: EventKind =
        EventKind::new("crm", "vendor.updated").invalidating(super::PARTNERS);
    pub const CONTACT_CREATED: EventKind = EventKind::new("crm", "contact.created");
    pub const CONTACT_UPDATED: EventKind = EventKind::new("crm", "contact.updated");

    pub const ALL: &[EventKind] = &[
        CLIENT_CREATED,
        CLIENT_UPDATED,
        VENDOR_CREATED,
        VENDOR_UPDATED,
        CONTACT_CREATED,
        CONTACT_UPDATED,
    ];
}

/// The module's migrations (m01xx).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

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
