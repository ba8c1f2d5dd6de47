//! The inventory's tables (m062x; the catalog's m060x–m061x come first).

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, boolean, company_table, date, index,
    reference, text, text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{ForeignKey, ForeignKeyAction, ForeignKeyCreateStatement, Index, Table};

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
            build: crate::seed::existing_companies,
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
        .foreign_key(&mut reference("stock_locations", "parent_id", "stock_locations"))
        .foreign_key(&mut reference("stock_locations", "warehouse_id", "warehouses"))
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
        .foreign_key(&mut reference("stock_transfers", "source_location_id", "stock_locations"))
        .foreign_key(&mut reference(
            "stock_transfers",
            "destination_location_id",
            "stock_locations",
        ))
        .foreign_key(&mut reference("stock_transfers", "partner_id", "partners"))
        .foreign_key(&mut reference("stock_transfers", "backorder_id", "stock_transfers"))
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
        .foreign_key(&mut reference("stock_moves", "source_location_id", "stock_locations"))
        .foreign_key(&mut reference(
            "stock_moves",
            "destination_location_id",
            "stock_locations",
        ))
        .foreign_key(&mut reference("stock_moves", "partner_id", "partners"))
        .foreign_key(&mut reference("stock_moves", "transfer_id", "stock_transfers"))
        .foreign_key(&mut reference("stock_moves", "backorder_id", "stock_moves"))
        .foreign_key(&mut reference("stock_moves", "journal_entry_id", "journal_entries"))
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
        .primary_key(Index::create().col("company_id").col("move_id").col("lot_id"))
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
        .foreign_key(&mut reference("stock_levels", "location_id", "stock_locations"))
        .to_owned();
    let lot_levels = Table::create()
        .table("stock_lot_levels")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "lot_id"))
        .col(uuid(backend, "location_id"))
        .col(bigint("on_hand_e4"))
        .primary_key(Index::create().col("company_id").col("lot_id").col("location_id"))
        .foreign_key(&mut reference("stock_lot_levels", "lot_id", "stock_lots"))
        .foreign_key(&mut reference("stock_lot_levels", "location_id", "stock_locations"))
        .to_owned();
    vec![
        SchemaChange::Table(transfers),
        unique("stock_transfers_by_number", "stock_transfers", &["company_id", "number"]),
        SchemaChange::Table(moves),
        index(
            "stock_moves_by_product_state",
            "stock_moves",
            &["company_id", "product_id", "state"],
        ),
        index("stock_moves_by_transfer", "stock_moves", &["company_id", "transfer_id"]),
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
