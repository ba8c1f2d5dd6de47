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
    "rfqs",
    "rfq_vendors",
    "rfq_lines",
    "rfq_quotes",
    "rfq_quote_lines",
    "blanket_orders",
    "blanket_order_lines",
    "blanket_order_line_taxes",
    "purchase_agreements",
    "purchase_agreement_vendors",
    "purchase_agreement_lines",
    "purchase_agreement_bids",
    "purchase_agreement_bid_lines",
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

    pub const RFQ_CREATED: EventKind = EventKind::new("inventory", "rfq.created");
    pub const RFQ_UPDATED: EventKind = EventKind::new("inventory", "rfq.updated");
    pub const RFQ_DELETED: EventKind = EventKind::new("inventory", "rfq.deleted");
    pub const RFQ_SENT: EventKind = EventKind::new("inventory", "rfq.sent");
    pub const RFQ_CANCELLED: EventKind = EventKind::new("inventory", "rfq.cancelled");
    /// A quote (or some of its lines) went to a draft purchase order.
    pub const RFQ_AWARDED: EventKind = EventKind::new("inventory", "rfq.awarded");
    /// Every line is awarded.
    pub const RFQ_CLOSED: EventKind = EventKind::new("inventory", "rfq.closed");
    pub const VENDOR_QUOTE_CREATED: EventKind = EventKind::new("inventory", "vendor_quote.created");
    /// The vendor's quote was replaced by a new one.
    pub const VENDOR_QUOTE_UPDATED: EventKind = EventKind::new("inventory", "vendor_quote.updated");
    pub const BLANKET_ORDER_CREATED: EventKind =
        EventKind::new("inventory", "blanket_order.created");
    pub const BLANKET_ORDER_UPDATED: EventKind =
        EventKind::new("inventory", "blanket_order.updated");
    pub const BLANKET_ORDER_DELETED: EventKind =
        EventKind::new("inventory", "blanket_order.deleted");
    pub const BLANKET_ORDER_CONFIRMED: EventKind =
        EventKind::new("inventory", "blanket_order.confirmed");
    pub const BLANKET_ORDER_CANCELLED: EventKind =
        EventKind::new("inventory", "blanket_order.cancelled");
    /// A call-off made a purchase order from it.
    pub const BLANKET_ORDER_CALLED_OFF: EventKind =
        EventKind::new("inventory", "blanket_order.called_off");
    /// Everything was called off.
    pub const BLANKET_ORDER_CLOSED: EventKind = EventKind::new("inventory", "blanket_order.closed");
    pub const PURCHASE_AGREEMENT_CREATED: EventKind =
        EventKind::new("inventory", "purchase_agreement.created");
    pub const PURCHASE_AGREEMENT_UPDATED: EventKind =
        EventKind::new("inventory", "purchase_agreement.updated");
    pub const PURCHASE_AGREEMENT_DELETED: EventKind =
        EventKind::new("inventory", "purchase_agreement.deleted");
    pub const PURCHASE_AGREEMENT_OPENED: EventKind =
        EventKind::new("inventory", "purchase_agreement.opened");
    pub const PURCHASE_AGREEMENT_CANCELLED: EventKind =
        EventKind::new("inventory", "purchase_agreement.cancelled");
    pub const PURCHASE_AGREEMENT_EVALUATED: EventKind =
        EventKind::new("inventory", "purchase_agreement.evaluated");
    pub const PURCHASE_AGREEMENT_AWARDED: EventKind =
        EventKind::new("inventory", "purchase_agreement.awarded");
    pub const TENDER_BID_CREATED: EventKind = EventKind::new("inventory", "tender_bid.created");
    /// The vendor revised its bid.
    pub const TENDER_BID_UPDATED: EventKind = EventKind::new("inventory", "tender_bid.updated");

    pub const ALL: &[EventKind] = &[
        PURCHASE_ORDER_CREATED,
        PURCHASE_ORDER_UPDATED,
        PURCHASE_ORDER_DELETED,
        PURCHASE_ORDER_CONFIRMED,
        RFQ_CREATED,
        RFQ_UPDATED,
        RFQ_DELETED,
        RFQ_SENT,
        RFQ_CANCELLED,
        RFQ_AWARDED,
        RFQ_CLOSED,
        VENDOR_QUOTE_CREATED,
        VENDOR_QUOTE_UPDATED,
        BLANKET_ORDER_CREATED,
        BLANKET_ORDER_UPDATED,
        BLANKET_ORDER_DELETED,
        BLANKET_ORDER_CONFIRMED,
        BLANKET_ORDER_CANCELLED,
        BLANKET_ORDER_CALLED_OFF,
        BLANKET_ORDER_CLOSED,
        PURCHASE_AGREEMENT_CREATED,
        PURCHASE_AGREEMENT_UPDATED,
        PURCHASE_AGREEMENT_DELETED,
        PURCHASE_AGREEMENT_OPENED,
        PURCHASE_AGREEMENT_CANCELLED,
        PURCHASE_AGREEMENT_EVALUATED,
        PURCHASE_AGREEMENT_AWARDED,
        TENDER_BID_CREATED,
        TENDER_BID_UPDATED,
        PURCHASE_ORDER_SUBMITTED,
        PURCHASE_ORDER_APPROVED,
        PURCHASE_ORDER_CANCELLED,
        PURCHASE_ORDER_RECEIVED,
        PURCHASE_ORDER_RETURNED,
    ];
}

/// The module's migrations (m07xx; purchase orders m0700-m0719, RFQs, blanket orders and
/// tenders m0720-m0759).
pub fn migrations() -> Vec<SchemaMigration> {
    let mut all = migrations::migrations();
    all.extend(migrations::sourcing_migrations());
    all
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
        .routes(routes!(http::list_rfqs, http::create_rfq))
        .routes(routes!(http::get_rfq, http::update_rfq, http::delete_rfq))
        .routes(routes!(http::send_rfq))
        .routes(routes!(http::cancel_rfq))
        .routes(routes!(http::submit_quote))
        .routes(routes!(http::compare_rfq))
        .routes(routes!(http::award_rfq))
        .routes(routes!(
            http::list_blanket_orders,
            http::create_blanket_order
        ))
        .routes(routes!(
            http::get_blanket_order,
            http::update_blanket_order,
            http::delete_blanket_order
        ))
        .routes(routes!(http::confirm_blanket_order))
        .routes(routes!(http::cancel_blanket_order))
        .routes(routes!(http::call_off))
        .routes(routes!(http::list_agreements, http::create_agreement))
        .routes(routes!(
            http::get_agreement,
            http::update_agreement,
            http::delete_agreement
        ))
        .routes(routes!(http::open_agreement))
        .routes(routes!(http::cancel_agreement))
        .routes(routes!(http::submit_bid))
        .routes(routes!(http::evaluate_agreement))
        .routes(routes!(http::award_agreement))
        .routes(routes!(http::compare_agreement))
        .routes(routes!(http::confirm_purchase_order))
        .routes(routes!(http::approve_purchase_order))
        .routes(routes!(http::cancel_purchase_order))
        .routes(routes!(http::receive_purchase_order))
        .routes(routes!(http::return_purchase_order))
}
