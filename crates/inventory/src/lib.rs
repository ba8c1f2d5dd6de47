#![doc = include_str!("../README.md")]

mod api;
mod domain;
pub mod errors;
mod http;
mod migrations;
mod service;
mod store;

use arkan_platform::Platform;
use arkan_platform::schema::SchemaMigration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use migrations::setup_company;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &[
    "warehouses",
    "stock_locations",
    "inventory_settings",
    "stock_sequences",
    "stock_transfers",
    "stock_moves",
    "stock_lots",
    "stock_move_lots",
    "stock_levels",
    "stock_lot_levels",
    "stock_adjustments",
    "stock_adjustment_lines",
    "stock_cycle_counts",
    "stock_cycle_count_lines",
    "stock_scraps",
    "scrap_reasons",
    "putaway_rules",
    "stock_routes",
    "stock_route_steps",
    "stock_valuation_layers",
    "stock_valuations",
    "stock_month_ends",
    "stock_month_end_valuations",
    "landed_costs",
    "landed_cost_transfers",
    "landed_cost_lines",
    "landed_cost_allocations",
    "purchase_approval_limits",
];

/// The changes this module announces (room `inventory`).
pub mod events {
    use arkan_platform::events::EventKind;

    pub const INVENTORY_SETTINGS_UPDATED: EventKind =
        EventKind::new("inventory", "inventory_settings.updated");
    pub const WAREHOUSE_CREATED: EventKind = EventKind::new("inventory", "warehouse.created");
    pub const WAREHOUSE_UPDATED: EventKind = EventKind::new("inventory", "warehouse.updated");
    pub const WAREHOUSE_DELETED: EventKind = EventKind::new("inventory", "warehouse.deleted");
    pub const LOCATION_CREATED: EventKind = EventKind::new("inventory", "stock_location.created");
    pub const LOCATION_UPDATED: EventKind = EventKind::new("inventory", "stock_location.updated");
    pub const LOCATION_DELETED: EventKind = EventKind::new("inventory", "stock_location.deleted");
    pub const STOCK_MOVE_CREATED: EventKind = EventKind::new("inventory", "stock_move.created");
    pub const STOCK_MOVE_CONFIRMED: EventKind = EventKind::new("inventory", "stock_move.confirmed");
    pub const STOCK_MOVE_ASSIGNED: EventKind = EventKind::new("inventory", "stock_move.assigned");
    pub const STOCK_MOVE_DONE: EventKind = EventKind::new("inventory", "stock_move.done");
    pub const STOCK_MOVE_CANCELLED: EventKind = EventKind::new("inventory", "stock_move.cancelled");
    /// A product's stock changed (on hand or reserved); the resource is the product.
    pub const PRODUCT_STOCK_CHANGED: EventKind =
        EventKind::new("inventory", "product_stock.changed");
    pub const STOCK_TRANSFER_CREATED: EventKind =
        EventKind::new("inventory", "stock_transfer.created");
    pub const STOCK_TRANSFER_VALIDATED: EventKind =
        EventKind::new("inventory", "stock_transfer.validated");
    pub const STOCK_TRANSFER_CANCELLED: EventKind =
        EventKind::new("inventory", "stock_transfer.cancelled");
    pub const PUTAWAY_RULE_CREATED: EventKind = EventKind::new("inventory", "putaway_rule.created");
    pub const PUTAWAY_RULE_UPDATED: EventKind = EventKind::new("inventory", "putaway_rule.updated");
    pub const PUTAWAY_RULE_DELETED: EventKind = EventKind::new("inventory", "putaway_rule.deleted");
    pub const STOCK_ROUTE_CREATED: EventKind = EventKind::new("inventory", "stock_route.created");
    pub const STOCK_ROUTE_UPDATED: EventKind = EventKind::new("inventory", "stock_route.updated");
    pub const STOCK_ROUTE_DELETED: EventKind = EventKind::new("inventory", "stock_route.deleted");

    pub const STOCK_ADJUSTMENT_CREATED: EventKind =
        EventKind::new("inventory", "stock_adjustment.created");
    pub const CYCLE_COUNT_CREATED: EventKind = EventKind::new("inventory", "cycle_count.created");
    pub const CYCLE_COUNT_UPDATED: EventKind = EventKind::new("inventory", "cycle_count.updated");
    pub const CYCLE_COUNT_VALIDATED: EventKind =
        EventKind::new("inventory", "cycle_count.validated");
    pub const CYCLE_COUNT_CANCELLED: EventKind =
        EventKind::new("inventory", "cycle_count.cancelled");
    pub const CYCLE_COUNT_DELETED: EventKind = EventKind::new("inventory", "cycle_count.deleted");
    pub const SCRAP_CREATED: EventKind = EventKind::new("inventory", "scrap.created");
    pub const LANDED_COST_CREATED: EventKind = EventKind::new("inventory", "landed_cost.created");
    pub const LANDED_COST_UPDATED: EventKind = EventKind::new("inventory", "landed_cost.updated");
    pub const LANDED_COST_DELETED: EventKind = EventKind::new("inventory", "landed_cost.deleted");
    pub const LANDED_COST_POSTED: EventKind = EventKind::new("inventory", "landed_cost.posted");
    pub const LANDED_COST_CANCELLED: EventKind =
        EventKind::new("inventory", "landed_cost.cancelled");

    pub const ALL: &[EventKind] = &[
        INVENTORY_SETTINGS_UPDATED,
        WAREHOUSE_CREATED,
        WAREHOUSE_UPDATED,
        WAREHOUSE_DELETED,
        LOCATION_CREATED,
        LOCATION_UPDATED,
        LOCATION_DELETED,
        STOCK_MOVE_CREATED,
        STOCK_MOVE_CONFIRMED,
        STOCK_MOVE_ASSIGNED,
        STOCK_MOVE_DONE,
        STOCK_MOVE_CANCELLED,
        PRODUCT_STOCK_CHANGED,
        STOCK_TRANSFER_CREATED,
        STOCK_TRANSFER_VALIDATED,
        STOCK_TRANSFER_CANCELLED,
        STOCK_ADJUSTMENT_CREATED,
        CYCLE_COUNT_CREATED,
        CYCLE_COUNT_UPDATED,
        CYCLE_COUNT_VALIDATED,
        CYCLE_COUNT_CANCELLED,
        CYCLE_COUNT_DELETED,
        SCRAP_CREATED,
        LANDED_COST_CREATED,
        LANDED_COST_UPDATED,
        LANDED_COST_DELETED,
        LANDED_COST_POSTED,
        LANDED_COST_CANCELLED,
        PUTAWAY_RULE_CREATED,
        PUTAWAY_RULE_UPDATED,
        PUTAWAY_RULE_DELETED,
        STOCK_ROUTE_CREATED,
        STOCK_ROUTE_UPDATED,
        STOCK_ROUTE_DELETED,
    ];
}

/// Stock moves without HTTP: the use case the endpoints call, for the modules that move
/// goods (purchasing receipts, sales deliveries) and for the benchmark's baseline.
pub mod moves {
    pub use crate::api::{CreateMove, LotQuantity, MoveView};
    pub use crate::service::create_move as create;
}

/// Warehouses as purchasing and sales name them.
pub mod warehouses {
    use arkan_kernel::{CompanyId, WarehouseId};
    use sea_orm::{ConnectionTrait, DbErr};

    /// Whether the company has this warehouse and it is active.
    pub async fn is_active(
        db: &impl ConnectionTrait,
        company: CompanyId,
        id: WarehouseId,
    ) -> Result<bool, DbErr> {
        Ok(crate::store::warehouse_by_id(db, company, id.0)
            .await?
            .is_some_and(|warehouse| warehouse.active))
    }

    /// The warehouse a document goes to when it names none: the company's oldest active one.
    pub async fn default_warehouse(
        db: &impl ConnectionTrait,
        company: CompanyId,
    ) -> Result<Option<WarehouseId>, DbErr> {
        Ok(crate::store::first_active_warehouse(db, company)
            .await?
            .map(|warehouse| WarehouseId(warehouse.id)))
    }
}

/// The purchasing settings `/inventory/settings` shows and changes, for purchasing to read.
pub mod purchase_settings {
    use arkan_kernel::CompanyId;
    use sea_orm::{ConnectionTrait, DbErr};

    pub use crate::domain::BillControl;
    pub use crate::store::PurchaseSettings;

    /// The company's purchasing settings (the defaults where none is set).
    pub async fn of(
        db: &impl ConnectionTrait,
        company: CompanyId,
    ) -> Result<PurchaseSettings, DbErr> {
        crate::store::purchase_settings(db, company).await
    }

    /// The account a valued receipt from a vendor credits (goods received not invoiced), which
    /// a bill of those goods debits; None when stock is not valued (no stock journal) or the
    /// account is cleared.
    pub async fn receipt_account(
        db: &impl ConnectionTrait,
        company: CompanyId,
    ) -> Result<Option<uuid::Uuid>, DbErr> {
        Ok(crate::store::settings(db, company)
            .await?
            .map(|settings| settings.accounts)
            .filter(|accounts| accounts.journal_id.is_some())
            .and_then(|accounts| accounts.stock_input))
    }
}

/// Receipts from vendors and returns to them, made and done inside the caller's write
/// transaction through the engine (numbered, routed, put away, valued and posted; the later
/// steps of a multi-step reception left as confirmed internal transfers): purchasing's receive
/// and return.
pub mod vendor_transfers {
    pub use crate::api::{LotQuantity, TransferView};
    pub use crate::service::transfer_of as view;
    pub use crate::service::vendor_transfers::{
        DoneTransfer, VendorDirection, VendorLine, VendorTransfer, vendor_transfer,
    };
}

/// Deliveries to customers and their returns, made inside the caller's write transaction
/// through the engine: a delivery made confirmed (reserved as the stock allows), done in full or
/// in part (the rest to a backorder) and valued (its cost of goods sold posted), or cancelled;
/// a return received done at once at the cost the goods went out at, restocked or scrapped;
/// and what a warehouse has and expects of a product (sales' deliveries, returns and
/// available-to-promise).
pub mod customer_transfers {
    pub use crate::api::{LotQuantity, TransferView, ValidateLine, ValidateTransfer};
    pub use crate::service::customer_transfers::{
        Availability, CustomerDelivery, CustomerLine, CustomerReturn, MadeDelivery, MoveFacts,
        ReturnLine, availability, cancel, deliver, deliver_to_customer, moves_of, receive_return,
        reserve,
    };
    pub use crate::service::transfer_of as view;
}

/// The month ends whose valuations are kept for reports as of past dates (see
/// `store::month_ends`).
pub mod month_ends {
    pub use crate::store::{month_ends as kept, month_ends_match_layers as match_layers};
}

/// Done moves loaded in bulk with their stock levels, for load tests (`arkan-bench inventory`):
/// no events, no checks, no valuation, no lots; and valuation layers with each product's
/// valuation (`arkan-bench valuation`), bypassing the valuation engine: no moves, no journal
/// entries, and no kept month ends carried (load them before any report as of a past date).
pub mod bulk {
    pub use crate::store::{DoneMove, LoadedLayer, load_done_moves, load_valuation_layers};
}

/// The module's migrations (m062x).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::get_settings, http::update_settings))
        .routes(routes!(http::list_warehouses, http::create_warehouse))
        .routes(routes!(
            http::get_warehouse,
            http::update_warehouse,
            http::delete_warehouse
        ))
        .routes(routes!(http::list_locations, http::create_location))
        .routes(routes!(
            http::get_location,
            http::update_location,
            http::delete_location
        ))
        .routes(routes!(http::product_stock))
        .routes(routes!(http::list_lots))
        .routes(routes!(http::list_moves, http::create_move))
        .routes(routes!(http::get_move))
        .routes(routes!(http::confirm_move))
        .routes(routes!(http::assign_move))
        .routes(routes!(http::done_move))
        .routes(routes!(http::cancel_move))
        .routes(routes!(http::create_transfer))
        .routes(routes!(http::list_transfers))
        .routes(routes!(http::get_transfer))
        .routes(routes!(http::confirm_transfer))
        .routes(routes!(http::validate_transfer))
        .routes(routes!(http::cancel_transfer))
        .routes(routes!(http::list_adjustments, http::create_adjustment))
        .routes(routes!(
            http::get_adjustment,
            http::update_adjustment,
            http::delete_adjustment
        ))
        .routes(routes!(http::list_cycle_counts, http::create_cycle_count))
        .routes(routes!(
            http::get_cycle_count,
            http::update_cycle_count,
            http::delete_cycle_count
        ))
        .routes(routes!(http::submit_counts))
        .routes(routes!(http::validate_cycle_count))
        .routes(routes!(http::cancel_cycle_count))
        .routes(routes!(http::quick_move))
        .routes(routes!(http::list_scraps, http::create_scrap))
        .routes(routes!(
            http::get_scrap,
            http::update_scrap,
            http::delete_scrap
        ))
        .routes(routes!(http::list_scrap_reasons, http::create_scrap_reason))
        .routes(routes!(http::valuation))
        .routes(routes!(http::valuation_by_category))
        .routes(routes!(http::standard_cost_variances))
        .routes(routes!(http::list_landed_costs, http::create_landed_cost))
        .routes(routes!(
            http::get_landed_cost,
            http::update_landed_cost,
            http::delete_landed_cost
        ))
        .routes(routes!(http::post_landed_cost))
        .routes(routes!(http::cancel_landed_cost))
        .routes(routes!(http::turnover_report))
        .routes(routes!(http::abc_report))
        .routes(routes!(http::aging_report))
        .routes(routes!(http::dead_stock_report))
        .routes(routes!(http::forecast_report))
        .routes(routes!(http::list_putaway_rules, http::create_putaway_rule))
        .routes(routes!(
            http::get_putaway_rule,
            http::update_putaway_rule,
            http::delete_putaway_rule
        ))
        .routes(routes!(http::resolve_putaway))
        .routes(routes!(http::list_routes, http::create_route))
        .routes(routes!(
            http::get_route,
            http::update_route,
            http::delete_route
        ))
        .routes(routes!(http::resolve_route))
}

/// Checks the kept stock levels against the done moves (for tests and `arkan check`): the
/// places that disagree, none when the books are right.
pub async fn levels_mismatches(
    db: &impl sea_orm::ConnectionTrait,
    company: arkan_kernel::CompanyId,
) -> Result<Vec<String>, sea_orm::DbErr> {
    store::mismatches(db, company).await
}

/// The stock-levels hook the catalog's product views read (ADR 0011), filled by the server.
pub fn stock_levels() -> arkan_platform::state::StockLevels {
    arkan_platform::state::StockLevels {
        levels: |db, company, products, warehouse| {
            Box::pin(async move {
                Ok(store::totals(db, company, products, warehouse)
                    .await?
                    .into_iter()
                    .map(|(product, totals)| {
                        (
                            product,
                            arkan_platform::state::StockLevel {
                                on_hand_e4: totals.on_hand,
                                reserved_e4: totals.reserved,
                                incoming_e4: totals.incoming,
                                outgoing_e4: totals.outgoing,
                            },
                        )
                    })
                    .collect())
            })
        },
        revalue: |transaction, ctx, product, cost| {
            Box::pin(service::revalue(transaction, ctx, product, cost))
        },
        below_min: |db, company, warehouse| {
            Box::pin(async move {
                let minimums = arkan_catalog::products::reorder_minimums(db, company).await?;
                let ids: Vec<uuid::Uuid> = minimums.iter().map(|(id, _)| id.0).collect();
                let on_hand = store::on_hand_of(db, company, &ids, warehouse).await?;
                Ok(minimums
                    .into_iter()
                    .filter(|(id, minimum)| on_hand.get(&id.0).copied().unwrap_or(0) < *minimum)
                    .map(|(id, _)| id.0)
                    .collect())
            })
        },
    }
}
