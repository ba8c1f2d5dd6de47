//! The inventory's tables (m062x; the catalog's m060x–m061x come first).

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, boolean, company_table, date, index,
    reference, text, text_null, unique, uuid, uuid_null,
};
use std::future::Future;
use std::pin::Pin;

use arkan_platform::state::NewCompany;
use sea_orm::sea_query::{
    Expr, ExprTrait, InsertStatement, Query, SelectStatement, SimpleExpr, UpdateStatement,
};
use sea_orm::sea_query::{ForeignKey, ForeignKeyAction, ForeignKeyCreateStatement, Index, Table};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseTransaction, DbErr};
use uuid::Uuid;

/// `company_id` of a table keyed by the company alone, removed with its company.
fn company_key(table: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table.to_owned(), "company_id")
        .to("companies", "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

pub fn migrations() -> Vec<SchemaMigration> {
    vec![
        SchemaMigration {
            name: "m0620_inventory_locations",
            build: location_tables,
        },
        SchemaMigration {
            name: "m0621_inventory_moves",
            build: move_tables,
        },
        SchemaMigration {
            name: "m0622_inventory_of_existing_companies",
            build: existing_companies,
        },
        SchemaMigration {
            name: "m0623_inventory_operations",
            build: operation_tables,
        },
        SchemaMigration {
            name: "m0624_inventory_rules",
            build: rules::rule_tables,
        },
        SchemaMigration {
            name: "m0625_stock_valuation",
            build: valuation::valuation_tables,
        },
        SchemaMigration {
            name: "m0626_landed_costs",
            build: valuation::landed_cost_tables,
        },
        SchemaMigration {
            name: "m0627_purchase_settings",
            build: purchase_settings::purchase_settings,
        },
        SchemaMigration {
            name: "m0628_valuation_layers_by_product_covering",
            build: valuation::layers_by_product_covering,
        },
        SchemaMigration {
            name: "m0629_stock_month_ends",
            build: valuation::month_end_tables,
        },
    ]
}

/// Warehouses, the location tree and the company's inventory settings (which name its virtual
/// locations). A warehouse names its locations without foreign keys (they are made in the same
/// transaction, after it); a location names its warehouse with one.
fn location_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let warehouses = company_table(backend, "warehouses")
        .col(text("name"))
        .col(text("code"))
        .col(text_null("address"))
        .col(text("reception_steps"))
        .col(text("delivery_steps"))
        .col(uuid(backend, "view_location_id"))
        .col(uuid(backend, "stock_location_id"))
        .col(uuid(backend, "input_location_id"))
        .col(uuid(backend, "quality_location_id"))
        .col(uuid(backend, "pack_location_id"))
        .col(uuid(backend, "output_location_id"))
        .col(boolean("active"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .to_owned();
    let locations = company_table(backend, "stock_locations")
        .col(text("name"))
        .col(text("full_name"))
        .col(uuid_null(backend, "parent_id"))
        .col(text("type"))
        .col(text_null("barcode"))
        .col(uuid_null(backend, "warehouse_id"))
        .col(boolean("active"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(
            "stock_locations",
            "parent_id",
            "stock_locations",
        ))
        .foreign_key(&mut reference(
            "stock_locations",
            "warehouse_id",
            "warehouses",
        ))
        .to_owned();
    let settings = Table::create()
        .table("inventory_settings")
        .col(uuid(backend, "company_id"))
        .col(boolean("allow_negative_stock"))
        .col(uuid(backend, "supplier_location_id"))
        .col(uuid(backend, "customer_location_id"))
        .col(uuid(backend, "inventory_location_id"))
        .col(uuid(backend, "scrap_location_id"))
        .col(uuid(backend, "transit_location_id"))
        .col(uuid(backend, "production_location_id"))
        .col(bigint("updated_at"))
        .primary_key(Index::create().col("company_id"))
        .foreign_key(&mut company_key("inventory_settings"))
        .to_owned();
    let sequences = Table::create()
        .table("stock_sequences")
        .col(uuid(backend, "company_id"))
        .col(text("prefix"))
        .col(bigint("next_number"))
        .primary_key(Index::create().col("company_id").col("prefix"))
        .foreign_key(&mut company_key("stock_sequences"))
        .to_owned();
    vec![
        SchemaChange::Table(warehouses),
        unique("warehouses_by_code", "warehouses", &["company_id", "code"]),
        SchemaChange::Table(locations),
        unique(
            "stock_locations_by_barcode",
            "stock_locations",
            &["company_id", "barcode"],
        ),
        index(
            "stock_locations_by_parent",
            "stock_locations",
            &["company_id", "parent_id"],
        ),
        SchemaChange::Table(settings),
        SchemaChange::Table(sequences),
    ]
}

/// Transfers, moves, lots and what is on hand. `stock_levels` keeps, per product and location
/// (virtual ones too, so a product's levels add up to zero), the quantity on hand and reserved
/// in the product's unit, changed in the transaction of every move done; `stock_lot_levels`
/// keeps the same per lot of a tracked product.
fn move_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let transfers = company_table(backend, "stock_transfers")
        .col(text("type"))
        .col(text("number"))
        .col(text("state"))
        .col(uuid(backend, "source_location_id"))
        .col(uuid(backend, "destination_location_id"))
        .col(uuid_null(backend, "partner_id"))
        .col(date("scheduled_date"))
        .col(text_null("reference"))
        .col(text_null("notes"))
        .col(uuid_null(backend, "backorder_id"))
        .col(uuid_null(backend, "arrival_transfer_id"))
        .col(bigint_null("done_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(
            "stock_transfers",
            "source_location_id",
            "stock_locations",
        ))
        .foreign_key(&mut reference(
            "stock_transfers",
            "destination_location_id",
            "stock_locations",
        ))
        .foreign_key(&mut reference("stock_transfers", "partner_id", "partners"))
        .foreign_key(&mut reference(
            "stock_transfers",
            "backorder_id",
            "stock_transfers",
        ))
        .foreign_key(&mut reference(
            "stock_transfers",
            "arrival_transfer_id",
            "stock_transfers",
        ))
        .to_owned();
    let moves = company_table(backend, "stock_moves")
        .col(uuid(backend, "product_id"))
        .col(text("uom"))
        .col(bigint("quantity_e4"))
        // The quantity in the product's own unit (what the levels count).
        .col(bigint("product_quantity_e4"))
        .col(bigint("reserved_e4"))
        .col(bigint("done_e4"))
        .col(uuid(backend, "source_location_id"))
        .col(uuid(backend, "destination_location_id"))
        .col(date("date"))
        .col(text_null("reference"))
        .col(text_null("description"))
        .col(uuid_null(backend, "partner_id"))
        // Millionths of the company currency per unit of the move.
        .col(bigint_null("unit_cost_e6"))
        .col(text("state"))
        .col(uuid_null(backend, "transfer_id"))
        .col(uuid_null(backend, "backorder_id"))
        .col(uuid_null(backend, "journal_entry_id"))
        .col(bigint_null("done_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("stock_moves", "product_id", "products"))
        .foreign_key(&mut reference(
            "stock_moves",
            "source_location_id",
            "stock_locations",
        ))
        .foreign_key(&mut reference(
            "stock_moves",
            "destination_location_id",
            "stock_locations",
        ))
        .foreign_key(&mut reference("stock_moves", "partner_id", "partners"))
        .foreign_key(&mut reference(
            "stock_moves",
            "transfer_id",
            "stock_transfers",
        ))
        .foreign_key(&mut reference("stock_moves", "backorder_id", "stock_moves"))
        .foreign_key(&mut reference(
            "stock_moves",
            "journal_entry_id",
            "journal_entries",
        ))
        .to_owned();
    let lots = company_table(backend, "stock_lots")
        .col(uuid(backend, "product_id"))
        .col(text("lot_number"))
        .col(arkan_platform::schema::date_null("expiry_date"))
        .col(bigint("created_at"))
        .foreign_key(&mut reference("stock_lots", "product_id", "products"))
        .to_owned();
    let move_lots = Table::create()
        .table("stock_move_lots")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "move_id"))
        .col(uuid(backend, "lot_id"))
        .col(bigint("quantity_e4"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("move_id")
                .col("lot_id"),
        )
        .foreign_key(&mut reference("stock_move_lots", "move_id", "stock_moves"))
        .foreign_key(&mut reference("stock_move_lots", "lot_id", "stock_lots"))
        .to_owned();
    let levels = Table::create()
        .table("stock_levels")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "product_id"))
        .col(uuid(backend, "location_id"))
        .col(bigint("on_hand_e4"))
        .col(bigint("reserved_e4"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("product_id")
                .col("location_id"),
        )
        .foreign_key(&mut reference("stock_levels", "product_id", "products"))
        .foreign_key(&mut reference(
            "stock_levels",
            "location_id",
            "stock_locations",
        ))
        .to_owned();
    let lot_levels = Table::create()
        .table("stock_lot_levels")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "lot_id"))
        .col(uuid(backend, "location_id"))
        .col(bigint("on_hand_e4"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("lot_id")
                .col("location_id"),
        )
        .foreign_key(&mut reference("stock_lot_levels", "lot_id", "stock_lots"))
        .foreign_key(&mut reference(
            "stock_lot_levels",
            "location_id",
            "stock_locations",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(transfers),
        unique(
            "stock_transfers_by_number",
            "stock_transfers",
            &["company_id", "number"],
        ),
        SchemaChange::Table(moves),
        index(
            "stock_moves_by_product_state",
            "stock_moves",
            &["company_id", "product_id", "state"],
        ),
        index(
            "stock_moves_by_transfer",
            "stock_moves",
            &["company_id", "transfer_id"],
        ),
        SchemaChange::Table(lots),
        unique(
            "stock_lots_by_number",
            "stock_lots",
            &["company_id", "product_id", "lot_number"],
        ),
        SchemaChange::Table(move_lots),
        SchemaChange::Table(levels),
        index(
            "stock_levels_by_location",
            "stock_levels",
            &["company_id", "location_id", "product_id"],
        ),
        SchemaChange::Table(lot_levels),
    ]
}

/// The warehouse operations that are documents of their own: adjustments (counted quantities
/// booked against inventory loss), cycle counts (counted line by line, validated into an
/// adjustment), scrap orders and the company's own scrap reasons (the standard ones are in the
/// code).
fn operation_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let adjustments = company_table(backend, "stock_adjustments")
        .col(text("number"))
        .col(text("state"))
        .col(uuid(backend, "location_id"))
        .col(date("date"))
        .col(text_null("reason"))
        .col(uuid_null(backend, "journal_entry_id"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(
            "stock_adjustments",
            "location_id",
            "stock_locations",
        ))
        .foreign_key(&mut reference(
            "stock_adjustments",
            "journal_entry_id",
            "journal_entries",
        ))
        .to_owned();
    // Quantities of a line are in its product's unit.
    let adjustment_lines = company_table(backend, "stock_adjustment_lines")
        .col(uuid(backend, "adjustment_id"))
        .col(bigint("position"))
        .col(uuid(backend, "product_id"))
        .col(uuid(backend, "location_id"))
        .col(text("uom"))
        .col(text_null("lot_number"))
        .col(bigint("theoretical_e4"))
        .col(bigint("counted_e4"))
        .col(uuid_null(backend, "move_id"))
        .foreign_key(&mut reference(
            "stock_adjustment_lines",
            "adjustment_id",
            "stock_adjustments",
        ))
        .foreign_key(&mut reference(
            "stock_adjustment_lines",
            "product_id",
            "products",
        ))
        .foreign_key(&mut reference(
            "stock_adjustment_lines",
            "location_id",
            "stock_locations",
        ))
        .foreign_key(&mut reference(
            "stock_adjustment_lines",
            "move_id",
            "stock_moves",
        ))
        .to_owned();
    let counts = company_table(backend, "stock_cycle_counts")
        .col(text("number"))
        .col(text("name"))
        .col(text("state"))
        .col(uuid(backend, "warehouse_id"))
        .col(text_null("abc_class"))
        // A user id: memberships are identity's, so no foreign key.
        .col(uuid_null(backend, "assignee_id"))
        .col(uuid_null(backend, "adjustment_id"))
        .col(bigint_null("done_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(
            "stock_cycle_counts",
            "warehouse_id",
            "warehouses",
        ))
        .foreign_key(&mut reference(
            "stock_cycle_counts",
            "adjustment_id",
            "stock_adjustments",
        ))
        .to_owned();
    let count_lines = company_table(backend, "stock_cycle_count_lines")
        .col(uuid(backend, "count_id"))
        .col(bigint("position"))
        .col(uuid(backend, "product_id"))
        .col(uuid(backend, "location_id"))
        .col(text_null("lot_number"))
        .col(bigint("expected_e4"))
        .col(bigint_null("counted_e4"))
        .foreign_key(&mut reference(
            "stock_cycle_count_lines",
            "count_id",
            "stock_cycle_counts",
        ))
        .foreign_key(&mut reference(
            "stock_cycle_count_lines",
            "product_id",
            "products",
        ))
        .foreign_key(&mut reference(
            "stock_cycle_count_lines",
            "location_id",
            "stock_locations",
        ))
        .to_owned();
    let scraps = company_table(backend, "stock_scraps")
        .col(text("number"))
        .col(text("state"))
        .col(uuid(backend, "product_id"))
        .col(text("uom"))
        .col(bigint("quantity_e4"))
        .col(uuid(backend, "location_id"))
        .col(uuid(backend, "scrap_location_id"))
        .col(text("reason"))
        .col(text_null("lot_number"))
        .col(text_null("notes"))
        .col(date("date"))
        .col(uuid(backend, "move_id"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("stock_scraps", "product_id", "products"))
        .foreign_key(&mut reference(
            "stock_scraps",
            "location_id",
            "stock_locations",
        ))
        .foreign_key(&mut reference(
            "stock_scraps",
            "scrap_location_id",
            "stock_locations",
        ))
        .foreign_key(&mut reference("stock_scraps", "move_id", "stock_moves"))
        .to_owned();
    let reasons = Table::create()
        .table("scrap_reasons")
        .col(uuid(backend, "company_id"))
        .col(text("code"))
        .col(text("name"))
        .col(bigint("created_at"))
        .primary_key(Index::create().col("company_id").col("code"))
        .foreign_key(&mut company_key("scrap_reasons"))
        .to_owned();
    vec![
        SchemaChange::Table(adjustments),
        unique(
            "stock_adjustments_by_number",
            "stock_adjustments",
            &["company_id", "number"],
        ),
        SchemaChange::Table(adjustment_lines),
        index(
            "stock_adjustment_lines_by_adjustment",
            "stock_adjustment_lines",
            &["company_id", "adjustment_id", "position"],
        ),
        SchemaChange::Table(counts),
        unique(
            "stock_cycle_counts_by_number",
            "stock_cycle_counts",
            &["company_id", "number"],
        ),
        SchemaChange::Table(count_lines),
        index(
            "stock_cycle_count_lines_by_count",
            "stock_cycle_count_lines",
            &["company_id", "count_id", "position"],
        ),
        SchemaChange::Table(scraps),
        unique(
            "stock_scraps_by_number",
            "stock_scraps",
            &["company_id", "number"],
        ),
        SchemaChange::Table(reasons),
    ]
}

// What every company starts with: the warehouse `WH` (its view, stock, input, quality, packing
// and output locations) and one virtual location of each kind, named by the company's
// inventory settings. One set of statements does it for a new company (the set-up hook) and
// for the companies that existed before inventory (m0622): each inserts from `companies`, for
// the companies that have no inventory settings yet (the settings row is written last).

/// A seeded location: name, full name, type, parent's full name, barcode, in the warehouse.
type Seeded = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    bool,
);

/// Parents before children.
const LOCATIONS: &[Seeded] = &[
    ("Partners", "Partners", "view", None, None, false),
    (
        "Vendors",
        "Partners/Vendors",
        "supplier",
        Some("Partners"),
        None,
        false,
    ),
    (
        "Customers",
        "Partners/Customers",
        "customer",
        Some("Partners"),
        None,
        false,
    ),
    (
        "Virtual Locations",
        "Virtual Locations",
        "view",
        None,
        None,
        false,
    ),
    (
        "Inventory adjustment",
        "Virtual Locations/Inventory adjustment",
        "inventory",
        Some("Virtual Locations"),
        None,
        false,
    ),
    (
        "Scrap",
        "Virtual Locations/Scrap",
        "scrap",
        Some("Virtual Locations"),
        None,
        false,
    ),
    (
        "Transit",
        "Virtual Locations/Transit",
        "transit",
        Some("Virtual Locations"),
        None,
        false,
    ),
    (
        "Production",
        "Virtual Locations/Production",
        "production",
        Some("Virtual Locations"),
        None,
        false,
    ),
    ("WH", "WH", "view", None, None, true),
    (
        "Stock",
        "WH/Stock",
        "internal",
        Some("WH"),
        Some("WH-STOCK"),
        true,
    ),
    (
        "Input",
        "WH/Input",
        "internal",
        Some("WH"),
        Some("WH-INPUT"),
        true,
    ),
    (
        "Quality Control",
        "WH/Quality Control",
        "internal",
        Some("WH"),
        Some("WH-QUALITY"),
        true,
    ),
    (
        "Packing Zone",
        "WH/Packing Zone",
        "internal",
        Some("WH"),
        Some("WH-PACKING"),
        true,
    ),
    (
        "Output",
        "WH/Output",
        "internal",
        Some("WH"),
        Some("WH-OUTPUT"),
        true,
    ),
];

/// The set-up hook: the statements for the new company only.
pub fn setup_company<'a>(
    transaction: &'a DatabaseTransaction,
    company: &'a NewCompany,
) -> Pin<Box<dyn Future<Output = Result<(), DbErr>> + Send + 'a>> {
    Box::pin(async move {
        for change in statements(
            transaction.get_database_backend(),
            company.now,
            Some(company.id.0),
        ) {
            match change {
                SchemaChange::Insert(insert) => transaction.execute(&insert).await?,
                SchemaChange::Update(update) => transaction.execute(&update).await?,
                _ => return Err(DbErr::Custom("unexpected set-up statement".into())),
            };
        }
        transaction
            .execute(&valuation::seeded_accounts(Some(company.id.0)))
            .await?;
        Ok(())
    })
}

/// Migration m0622: every company that existed before.
pub fn existing_companies(backend: DatabaseBackend) -> Vec<SchemaChange> {
    statements(backend, arkan_kernel::time::now_micros(), None)
}

fn statements(backend: DatabaseBackend, now: i64, company: Option<Uuid>) -> Vec<SchemaChange> {
    let new_id: SimpleExpr = match backend {
        DatabaseBackend::Postgres => Expr::cust("gen_random_uuid()"),
        _ => Expr::cust("randomblob(16)"),
    };
    let mut changes: Vec<SchemaChange> = LOCATIONS
        .iter()
        .map(|seeded| SchemaChange::Insert(location(seeded, &new_id, now, company)))
        .collect();
    changes.push(SchemaChange::Insert(warehouse(&new_id, now, company)));
    changes.push(SchemaChange::Update(warehouse_of_locations(company)));
    changes.push(SchemaChange::Insert(settings(now, company)));
    changes
}

/// The companies still without inventory (one, for the hook).
fn companies(company: Option<Uuid>) -> SelectStatement {
    let mut select = Query::select()
        .from("companies")
        .and_where(
            Expr::exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from("inventory_settings")
                    .and_where(
                        Expr::col(("inventory_settings", "company_id")).equals(("companies", "id")),
                    )
                    .to_owned(),
            )
            .not(),
        )
        .to_owned();
    if let Some(company) = company {
        select.and_where(Expr::col(("companies", "id")).eq(company));
    }
    select
}

/// The id of the company's seeded location `full_name` (a subquery on `companies.id`).
fn seeded_location(full_name: &str) -> SimpleExpr {
    Expr::SubQuery(
        None,
        Box::new(
            Query::select()
                .column(("seeded", "id"))
                .from_as("stock_locations", "seeded")
                .and_where(Expr::col(("seeded", "company_id")).equals(("companies", "id")))
                .and_where(Expr::col(("seeded", "full_name")).eq(full_name))
                .limit(1)
                .to_owned()
                .into(),
        ),
    )
}

fn location(
    seeded: &Seeded,
    new_id: &SimpleExpr,
    now: i64,
    company: Option<Uuid>,
) -> InsertStatement {
    let (name, full_name, kind, parent, barcode, _) = *seeded;
    let mut select = companies(company);
    select
        .column(("companies", "id"))
        .expr(new_id.clone())
        .expr(Expr::val(name))
        .expr(Expr::val(full_name))
        .expr(match parent {
            Some(parent) => seeded_location(parent),
            None => Expr::val(Option::<Uuid>::None),
        })
        .expr(Expr::val(kind))
        .expr(Expr::val(barcode))
        .expr(Expr::val(true))
        .expr(Expr::val(now))
        .expr(Expr::val(now));
    Query::insert()
        .into_table("stock_locations")
        .columns([
            "company_id",
            "id",
            "name",
            "full_name",
            "parent_id",
            "type",
            "barcode",
            "active",
            "created_at",
            "updated_at",
        ])
        .select_from(select)
        .map(|insert| insert.to_owned())
        .unwrap_or_else(|_| Query::insert().to_owned())
}

fn warehouse(new_id: &SimpleExpr, now: i64, company: Option<Uuid>) -> InsertStatement {
    let mut select = companies(company);
    select
        .column(("companies", "id"))
        .expr(new_id.clone())
        .expr(Expr::val("Warehouse"))
        .expr(Expr::val("WH"))
        .expr(Expr::val("one_step"))
        .expr(Expr::val("ship_only"))
        .expr(seeded_location("WH"))
        .expr(seeded_location("WH/Stock"))
        .expr(seeded_location("WH/Input"))
        .expr(seeded_location("WH/Quality Control"))
        .expr(seeded_location("WH/Packing Zone"))
        .expr(seeded_location("WH/Output"))
        .expr(Expr::val(true))
        .expr(Expr::val(now))
        .expr(Expr::val(now));
    Query::insert()
        .into_table("warehouses")
        .columns([
            "company_id",
            "id",
            "name",
            "code",
            "reception_steps",
            "delivery_steps",
            "view_location_id",
            "stock_location_id",
            "input_location_id",
            "quality_location_id",
            "pack_location_id",
            "output_location_id",
            "active",
            "created_at",
            "updated_at",
        ])
        .select_from(select)
        .map(|insert| insert.to_owned())
        .unwrap_or_else(|_| Query::insert().to_owned())
}

/// The seeded warehouse's locations name it (they were made before it).
fn warehouse_of_locations(company: Option<Uuid>) -> UpdateStatement {
    let in_warehouse: Vec<&str> = LOCATIONS
        .iter()
        .filter(|seeded| seeded.5)
        .map(|seeded| seeded.1)
        .collect();
    let mut update = Query::update()
        .table("stock_locations")
        .value(
            "warehouse_id",
            Expr::SubQuery(
                None,
                Box::new(
                    Query::select()
                        .column(("warehouses", "id"))
                        .from("warehouses")
                        .and_where(
                            Expr::col(("warehouses", "company_id"))
                                .equals(("stock_locations", "company_id")),
                        )
                        .and_where(Expr::col(("warehouses", "code")).eq("WH"))
                        .to_owned()
                        .into(),
                ),
            ),
        )
        .and_where(Expr::col(("stock_locations", "full_name")).is_in(in_warehouse))
        .and_where(Expr::col(("stock_locations", "warehouse_id")).is_null())
        .to_owned();
    if let Some(company) = company {
        update.and_where(Expr::col(("stock_locations", "company_id")).eq(company));
    }
    update
}

fn settings(now: i64, company: Option<Uuid>) -> InsertStatement {
    let mut select = companies(company);
    select
        .column(("companies", "id"))
        .expr(Expr::val(false))
        .expr(seeded_location("Partners/Vendors"))
        .expr(seeded_location("Partners/Customers"))
        .expr(seeded_location("Virtual Locations/Inventory adjustment"))
        .expr(seeded_location("Virtual Locations/Scrap"))
        .expr(seeded_location("Virtual Locations/Transit"))
        .expr(seeded_location("Virtual Locations/Production"))
        .expr(Expr::val(now));
    Query::insert()
        .into_table("inventory_settings")
        .columns([
            "company_id",
            "allow_negative_stock",
            "supplier_location_id",
            "customer_location_id",
            "inventory_location_id",
            "scrap_location_id",
            "transit_location_id",
            "production_location_id",
            "updated_at",
        ])
        .select_from(select)
        .map(|insert| insert.to_owned())
        .unwrap_or_else(|_| Query::insert().to_owned())
}

// Putaway rules and routes (m0624).
mod purchase_settings;
mod rules;
// Valuation layers and the settings' accounts (m0625).
mod valuation;
