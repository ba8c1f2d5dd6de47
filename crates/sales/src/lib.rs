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
    "sales_price_lists",
    "sales_price_list_partners",
    "sales_price_list_tags",
    "sales_price_rules",
    "sales_discounts",
    "sales_discount_targets",
    "sales_promo_uses",
    "sales_warnings",
    // deliveries, returns
    "sales_deliveries",
    "sales_delivery_lines",
    "sales_returns",
    "sales_return_lines",
    // billing, margin
    "sales_invoice_margins",
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
    pub const SALES_DELIVERY_CREATED: EventKind = EventKind::new("sales", "sales_delivery.created");
    pub const SALES_DELIVERY_CONFIRMED: EventKind =
        EventKind::new("sales", "sales_delivery.confirmed");
    pub const SALES_DELIVERY_DELIVERED: EventKind =
        EventKind::new("sales", "sales_delivery.delivered");
    pub const SALES_DELIVERY_CANCELLED: EventKind =
        EventKind::new("sales", "sales_delivery.cancelled");
    pub const SALES_RETURN_CREATED: EventKind = EventKind::new("sales", "sales_return.created");
    pub const SALES_RETURN_RECEIVED: EventKind = EventKind::new("sales", "sales_return.received");
    pub const SALES_RETURN_REFUNDED: EventKind = EventKind::new("sales", "sales_return.refunded");
    const DELIVERIES: &[EventKind] = &[
        SALES_DELIVERY_CREATED,
        SALES_DELIVERY_CONFIRMED,
        SALES_DELIVERY_DELIVERED,
        SALES_DELIVERY_CANCELLED,
        SALES_RETURN_CREATED,
        SALES_RETURN_RECEIVED,
        SALES_RETURN_REFUNDED,
    ];

    // billing, margin
    /// An invoice or a down-payment invoice was made from the order.
    pub const SALES_ORDER_INVOICED: EventKind = EventKind::new("sales", "sales_order.invoiced");
    const BILLING: &[EventKind] = &[SALES_ORDER_INVOICED];

    /// Every kind, by area.
    pub const ALL: &[&[EventKind]] = &[ORDERS, QUOTES, PRICING, DELIVERIES, BILLING];
}

/// What sales does when invoicing posts or cancels a customer invoice made from a sales order
/// (the platform's invoice hook, in that transaction): keeps its invoice margin rows.
pub fn invoice_hook<'a>(
    transaction: &'a mut arkan_platform::db::WriteTransaction,
    ctx: &'a arkan_platform::Ctx,
    invoice: uuid::Uuid,
    change: arkan_platform::state::InvoiceChange,
) -> arkan_platform::state::BoxFuture<'a, arkan_platform::ApiResult<()>> {
    Box::pin(service::margin::on_invoice_change(
        transaction,
        ctx,
        invoice,
        change,
    ))
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

/// The invoice margin rows, for load tests that fill the report without posting invoices.
pub mod margins {
    use arkan_kernel::CompanyId;
    use sea_orm::{ConnectionTrait, DbErr};

    pub use crate::store::margin::MarginRow;

    /// Writes margin rows as posting would, in batches of 500 (unchecked: for load tests).
    pub async fn bulk_load(
        db: &impl ConnectionTrait,
        company: CompanyId,
        rows: &[MarginRow],
    ) -> Result<(), DbErr> {
        crate::store::margin::insert_rows(db, company, rows).await
    }
}
