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
use utoipa_axum::routes;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &[
    "purchase_sequences",
    "purchase_orders",
    "purchase_order_lines",
    "purchase_order_line_taxes",
    "purchase_order_transfers",
    "purchase_order_invoices",
];

/// The changes this module announces (room `inventory`: its endpoints are under `/inventory`).
pub mod events {
    use arkan_platform::events::EventKind;

    pub const PURCHASE_ORDER_CREATED: EventKind =
        EventKind::new("inventory", "purchase_order.created");
    pub const PURCHASE_ORDER_UPDATED: EventKind =
        EventKind::new("inventory", "purchase_order.updated");
    pub const PURCHASE_ORDER_DELETED: EventKind =
        EventKind::new("inventory", "purchase_order.deleted");
    /// Left draft for `confirmed` (or `approved` became `confirmed`).
    pub const PURCHASE_ORDER_CONFIRMED: EventKind =
        EventKind::new("inventory", "purchase_order.confirmed");
    /// Left draft for `to_approve`: above the threshold or the caller's limit.
    pub const PURCHASE_ORDER_SUBMITTED: EventKind =
        EventKind::new("inventory", "purchase_order.submitted");
    pub const PURCHASE_ORDER_APPROVED: EventKind =
        EventKind::new("inventory", "purchase_order.approved");
    pub const PURCHASE_ORDER_CANCELLED: EventKind =
        EventKind::new("inventory", "purchase_order.cancelled");
    /// Goods received (a done receipt), then `purchase_order.updated`.
    pub const PURCHASE_ORDER_RECEIVED: EventKind =
        EventKind::new("inventory", "purchase_order.received");
    /// Goods returned to the vendor (a done return).
    pub const PURCHASE_ORDER_RETURNED: EventKind =
        EventKind::new("inventory", "purchase_order.returned");

    pub const ALL: &[EventKind] = &[
        PURCHASE_ORDER_CREATED,
        PURCHASE_ORDER_UPDATED,
        PURCHASE_ORDER_DELETED,
        PURCHASE_ORDER_CONFIRMED,
        PURCHASE_ORDER_SUBMITTED,
        PURCHASE_ORDER_APPROVED,
        PURCHASE_ORDER_CANCELLED,
        PURCHASE_ORDER_RECEIVED,
        PURCHASE_ORDER_RETURNED,
    ];
}

/// What purchasing does when invoicing posts or cancels a bill made from a purchase order (the
/// platform's bill hook): the three-way match, and the order's billed quantities.
pub fn bill_hook<'a>(
    transaction: &'a mut arkan_platform::db::WriteTransaction,
    ctx: &'a arkan_platform::Ctx,
    invoice: uuid::Uuid,
    change: arkan_platform::state::BillChange,
) -> arkan_platform::state::BoxFuture<'a, arkan_platform::ApiResult<()>> {
    Box::pin(service::on_bill_change(transaction, ctx, invoice, change))
}

/// The module's migrations (m07xx; purchase orders m0700-m0719).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(
            http::list_purchase_orders,
            http::create_purchase_order
        ))
        .routes(routes!(
            http::get_purchase_order,
            http::update_purchase_order,
            http::delete_purchase_order
        ))
        .routes(routes!(http::confirm_purchase_order))
        .routes(routes!(http::approve_purchase_order))
        .routes(routes!(http::cancel_purchase_order))
        .routes(routes!(http::receive_purchase_order))
        .routes(routes!(http::return_purchase_order))
}
