//! Users, companies (the tenants), memberships and authentication: the endpoints that live
//! outside any one company (`/auth/*`, `/users*`, `/companies*`).
#![doc = include_str!("../README.md")]

pub mod api;
pub mod companies;
pub mod errors;
mod http;
pub mod migrations;
pub mod service;
mod store;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use arkan_platform::state::{Directory, Platform};

/// The changes this module announces (room `companies`).
pub mod events {
    use arkan_platform::events::EventKind;

    pub const COMPANY_CREATED: EventKind = EventKind::new("companies", "company.created");
    /// Its plan is part of every member's tenant context.
    pub const COMPANY_UPDATED: EventKind =
        EventKind::new("companies", "company.updated").changing_access();
    pub const MEMBER_CREATED: EventKind =
        EventKind::new("companies", "member.created").changing_access();
    pub const MEMBER_UPDATED: EventKind =
        EventKind::new("companies", "member.updated").changing_access();
    pub const MEMBER_DELETED: EventKind =
        EventKind::new("companies", "member.deleted").changing_access();

    pub const ALL: &[EventKind] = &[
        COMPANY_CREATED,
        COMPANY_UPDATED,
        MEMBER_CREATED,
        MEMBER_UPDATED,
        MEMBER_DELETED,
    ];
}

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &[
    "users",
    "companies",
    "memberships",
    "refresh_tokens",
    "login_throttle",
];

pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::login))
        .routes(routes!(http::refresh))
        .routes(routes!(http::logout))
        .routes(routes!(http::me))
        .routes(routes!(http::list_users, http::create_user))
        .routes(routes!(http::get_user))
        .routes(routes!(http::list_companies, http::create_company))
        .routes(routes!(http::get_company, http::update_company))
        .routes(routes!(http::list_members, http::add_member))
        .routes(routes!(http::update_member, http::remove_member))
}

/// How the platform's gates read users and memberships: through this module, which owns them.
pub fn directory() -> Directory {
    Directory {
        membership: |db, user, company| Box::pin(store::membership(db, user, company)),
        user_admin: |db, user| Box::pin(store::user_admin(db, user)),
    }
}
