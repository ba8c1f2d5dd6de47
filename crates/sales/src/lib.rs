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
use arkan_platform::schema::SchemaMigration;
use utoipa_axum::router::OpenApiRouter;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &[
    // orders and settings
    "sales_sequences",
    "sales_settings",
    "sales_orders",
    "sales_order_lines",
    "sales_order_line_taxes",
    // quotes

    // pricing, discounts, warnings
    "sales_price_lists",
    "sales_price_list_partners",
    "sales_price_list_tags",
    "sales_price_rules",
    "sales_discounts",
    "sales_discount_targets",
    "sales_promo_uses",
    "sales_warnings",
    // deliveries, returns

    // billing, margin
];

/// The changes this module announces (room `sales`).
pub mod events {
    use arkan_platform::events::EventKind;

    // orders and settings
    pub const SALES_ORDER_CREATED: EventKind = EventKind::new("sales", "sales_order.created");
    pub const SALES_ORDER_UPDATED: EventKind = EventKind::new("sales", "sales_order.updated");
    pub const SALES_ORDER_DELETED: EventKind = EventKind::new("sales", "sales_order.deleted");
    pub const SALES_ORDER_CONFIRMED: EventKind = EventKind::new("sales", "sales_order.confirmed");
    pub const SALES_ORDER_CANCELLED: EventKind = EventKind::new("sales", "sales_order.cancelled");
    pub const SALES_SETTINGS_UPDATED: EventKind = EventKind::new("sales", "sales_settings.updated");
    const ORDERS: &[EventKind] = &[
        SALES_ORDER_CREATED,
        SALES_ORDER_UPDATED,
        SALES_ORDER_DELETED,
        SALES_ORDER_CONFIRMED,
        SALES_ORDER_CANCELLED,
        SALES_SETTINGS_UPDATED,
    ];

    // quotes
    const QUOTES: &[EventKind] = &[];

    // pricing, discounts, warnings
    pub const PRICE_LIST_CREATED: EventKind = EventKind::new("sales", "price_list.created");
    pub const PRICE_LIST_UPDATED: EventKind = EventKind::new("sales", "price_list.updated");
    pub const PRICE_LIST_DELETED: EventKind = EventKind::new("sales", "price_list.deleted");
    pub const DISCOUNT_CREATED: EventKind = EventKind::new("sales", "discount.created");
    pub const DISCOUNT_UPDATED: EventKind = EventKind::new("sales", "discount.updated");
    pub const DISCOUNT_DELETED: EventKind = EventKind::new("sales", "discount.deleted");
    pub const SALES_WARNING_CREATED: EventKind = EventKind::new("sales", "sales_warning.created");
    pub const SALES_WARNING_DELETED: EventKind = EventKind::new("sales", "sales_warning.deleted");
    const PRICING: &[EventKind] = &[
        PRICE_LIST_CREATED,
        PRICE_LIST_UPDATED,
        PRICE_LIST_DELETED,
        DISCOUNT_CREATED,
        DISCOUNT_UPDATED,
        DISCOUNT_DELETED,
        SALES_WARNING_CREATED,
        SALES_WARNING_DELETED,
    ];

    // deliveries, returns
    const DELIVERIES: &[EventKind] = &[];

    // billing, margin
    const BILLING: &[EventKind] = &[];

    /// Every kind, by area.
    pub const ALL: &[&[EventKind]] = &[ORDERS, QUOTES, PRICING, DELIVERIES, BILLING];
}

/// The module's migrations (m08xx).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .merge(http::settings::routes())
        .merge(http::orders::routes())
        .merge(http::quotes::routes())
        .merge(http::pricing::routes())
        .merge(http::discounts::routes())
        .merge(http::warnings::routes())
        .merge(http::incoterms::routes())
        .merge(http::deliveries::routes())
        .merge(http::returns::routes())
        .merge(http::billing::routes())
        .merge(http::margin::routes())
}
