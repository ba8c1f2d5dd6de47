#![doc = include_str!("../README.md")]

mod api;
mod domain;
pub mod errors;
mod http;
mod migrations;
pub mod partners;
pub mod pipeline;
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
    "crm_stages",
    "crm_leads",
    "crm_deals",
    "crm_activities",
];

pub use pipeline::setup_company;

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
    pub const LEAD_CREATED: EventKind = EventKind::new("crm", "lead.created");
    pub const LEAD_UPDATED: EventKind = EventKind::new("crm", "lead.updated");
    pub const LEAD_CONVERTED: EventKind = EventKind::new("crm", "lead.converted");
    pub const LEAD_DELETED: EventKind = EventKind::new("crm", "lead.deleted");
    pub const DEAL_DELETED: EventKind = EventKind::new("crm", "deal.deleted");
    pub const STAGE_DELETED: EventKind = EventKind::new("crm", "stage.deleted");
    pub const DEAL_CREATED: EventKind = EventKind::new("crm", "deal.created");
    pub const DEAL_UPDATED: EventKind = EventKind::new("crm", "deal.updated");
    pub const DEAL_REOPENED: EventKind = EventKind::new("crm", "deal.reopened");
    pub const STAGE_CREATED: EventKind = EventKind::new("crm", "stage.created");
    pub const STAGE_UPDATED: EventKind = EventKind::new("crm", "stage.updated");
    pub const ACTIVITY_CREATED: EventKind = EventKind::new("crm", "activity.created");
    pub const ACTIVITY_UPDATED: EventKind = EventKind::new("crm", "activity.updated");
    pub const ACTIVITY_DELETED: EventKind = EventKind::new("crm", "activity.deleted");

    pub const ALL: &[EventKind] = &[
        CLIENT_CREATED,
        CLIENT_UPDATED,
        VENDOR_CREATED,
        VENDOR_UPDATED,
        CONTACT_CREATED,
        CONTACT_UPDATED,
        LEAD_CREATED,
        LEAD_UPDATED,
        LEAD_CONVERTED,
        LEAD_DELETED,
        DEAL_DELETED,
        STAGE_DELETED,
        DEAL_CREATED,
        DEAL_UPDATED,
        DEAL_REOPENED,
        STAGE_CREATED,
        STAGE_UPDATED,
        ACTIVITY_CREATED,
        ACTIVITY_UPDATED,
        ACTIVITY_DELETED,
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
        .routes(routes!(
            pipeline::http::list_leads,
            pipeline::http::create_lead
        ))
        .routes(routes!(
            pipeline::http::get_lead,
            pipeline::http::update_lead,
            pipeline::http::delete_lead
        ))
        .routes(routes!(pipeline::http::convert_lead))
        .routes(routes!(
            pipeline::http::list_deals,
            pipeline::http::create_deal
        ))
        .routes(routes!(
            pipeline::http::get_deal,
            pipeline::http::update_deal,
            pipeline::http::delete_deal
        ))
        .routes(routes!(pipeline::http::reopen_deal))
        .routes(routes!(
            pipeline::http::list_stages,
            pipeline::http::create_stage
        ))
        .routes(routes!(
            pipeline::http::get_stage,
            pipeline::http::update_stage,
            pipeline::http::delete_stage
        ))
        .routes(routes!(
            pipeline::http::list_lead_activities,
            pipeline::http::create_lead_activity
        ))
        .routes(routes!(
            pipeline::http::list_deal_activities,
            pipeline::http::create_deal_activity
        ))
        .routes(routes!(
            pipeline::http::get_activity,
            pipeline::http::update_activity,
            pipeline::http::delete_activity
        ))
        .routes(routes!(pipeline::http::pipeline_report))
}
