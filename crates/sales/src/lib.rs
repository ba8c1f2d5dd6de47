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
    "sales_quotes",
    "sales_quote_lines",
    "sales_quote_line_taxes",
    "sales_quote_documents",
    // pricing, discounts, warnings

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
    pub const SALES_QUOTE_CREATED: EventKind = EventKind::new("sales", "sales_quote.created");
    pub const SALES_QUOTE_UPDATED: EventKind = EventKind::new("sales", "sales_quote.updated");
    pub const SALES_QUOTE_DELETED: EventKind = EventKind::new("sales", "sales_quote.deleted");
    pub const SALES_QUOTE_SENT: EventKind = EventKind::new("sales", "sales_quote.sent");
    pub const SALES_QUOTE_ACCEPTED: EventKind = EventKind::new("sales", "sales_quote.accepted");
    pub const SALES_QUOTE_DECLINED: EventKind = EventKind::new("sales", "sales_quote.declined");
    pub const SALES_QUOTE_CANCELLED: EventKind = EventKind::new("sales", "sales_quote.cancelled");
    pub const SALES_QUOTE_CONVERTED: EventKind = EventKind::new("sales", "sales_quote.converted");
    const QUOTES: &[EventKind] = &[
        SALES_QUOTE_CREATED,
        SALES_QUOTE_UPDATED,
        SALES_QUOTE_DELETED,
        SALES_QUOTE_SENT,
        SALES_QUOTE_ACCEPTED,
        SALES_QUOTE_DECLINED,
        SALES_QUOTE_CANCELLED,
        SALES_QUOTE_CONVERTED,
    ];

    // pricing, discounts, warnings
    const PRICING: &[EventKind] = &[];

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
