#![doc = include_str!("../README.md")]

mod api;
mod domain;
pub mod errors;
mod http;
mod migrations;
mod service;
mod store;
pub mod views;

use arkan_platform::Platform;
use arkan_platform::jobs::Jobs;
use arkan_platform::schema::SchemaMigration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &[
    "asset_categories",
    "fixed_assets",
    "asset_depreciation_lines",
];

/// The changes this module announces (room `accounting`).
pub mod events {
    use arkan_platform::events::EventKind;

    pub const ASSET_CATEGORY_CREATED: EventKind =
        EventKind::new("accounting", "asset_category.created");
    pub const ASSET_CATEGORY_UPDATED: EventKind =
        EventKind::new("accounting", "asset_category.updated");
    pub const ASSET_CATEGORY_DELETED: EventKind =
        EventKind::new("accounting", "asset_category.deleted");
    pub const ASSET_CREATED: EventKind = EventKind::new("accounting", "asset.created");
    pub const ASSET_UPDATED: EventKind = EventKind::new("accounting", "asset.updated");
    pub const ASSET_DELETED: EventKind = EventKind::new("accounting", "asset.deleted");
    pub const ASSET_DEPRECIATED: EventKind = EventKind::new("accounting", "asset.depreciated");
    pub const ASSET_DISPOSED: EventKind = EventKind::new("accounting", "asset.disposed");
    pub const ASSET_PAUSED: EventKind = EventKind::new("accounting", "asset.paused");
    pub const ASSET_RESUMED: EventKind = EventKind::new("accounting", "asset.resumed");
    pub const ASSET_REVALUED: EventKind = EventKind::new("accounting", "asset.revalued");

    pub const ALL: &[EventKind] = &[
        ASSET_CATEGORY_CREATED,
        ASSET_CATEGORY_UPDATED,
        ASSET_CATEGORY_DELETED,
        ASSET_CREATED,
        ASSET_UPDATED,
        ASSET_DELETED,
        ASSET_DEPRECIATED,
        ASSET_DISPOSED,
        ASSET_PAUSED,
        ASSET_RESUMED,
        ASSET_REVALUED,
    ];
}

/// Registers the company-wide depreciation job's handler (`assets.depreciate_all`, queued by
/// `POST /accounting/assets/depreciate-all`).
pub fn jobs(jobs: Jobs) -> Jobs {
    jobs.handle(service::DEPRECIATE_ALL_JOB, http::run_depreciate_all)
}

/// The module's migrations (m05xx).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::list_categories, http::create_category))
        .routes(routes!(
            http::get_category,
            http::update_category,
            http::delete_category
        ))
        .routes(routes!(http::list_assets, http::create_asset))
        .routes(routes!(
            http::get_asset,
            http::update_asset,
            http::delete_asset
        ))
        .routes(routes!(http::depreciate))
        .routes(routes!(http::dispose))
        .routes(routes!(http::pause))
        .routes(routes!(http::resume))
        .routes(routes!(http::depreciate_all))
        .routes(routes!(http::revalue))
}
