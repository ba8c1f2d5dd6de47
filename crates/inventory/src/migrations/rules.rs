//! m0624: putaway rules and routes (with their steps).

use arkan_platform::schema::{
    SchemaChange, bigint, boolean, company_table, index, integer, reference, text, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{Index, Table};

/// A putaway rule names the warehouse, the product or category it is for (neither: a general
/// rule) and the location goods go to. A route names the same, the operation it serves, and
/// its steps in order. Every reference is a company foreign key (restrict): a warehouse,
/// location, product or category a rule names cannot be deleted under it (409 `*_in_use`).
pub(super) fn rule_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let putaway = company_table(backend, "putaway_rules")
        .col(uuid(backend, "warehouse_id"))
        .col(uuid_null(backend, "product_id"))
        .col(uuid_null(backend, "category_id"))
        .col(uuid(backend, "location_id"))
        .col(integer("priority"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(
            "putaway_rules",
            "warehouse_id",
            "warehouses",
        ))
        .foreign_key(&mut reference("putaway_rules", "product_id", "products"))
        .foreign_key(&mut reference(
            "putaway_rules",
            "category_id",
            "product_categories",
        ))
        .foreign_key(&mut reference(
            "putaway_rules",
            "location_id",
            "stock_locations",
        ))
        .to_owned();
    let routes = company_table(backend, "stock_routes")
        .col(text("name"))
        .col(uuid(backend, "warehouse_id"))
        .col(text("operation_type"))
        .col(uuid_null(backend, "product_id"))
        .col(uuid_null(backend, "category_id"))
        .col(integer("priority"))
        .col(boolean("active"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("stock_routes", "warehouse_id", "warehouses"))
        .foreign_key(&mut reference("stock_routes", "product_id", "products"))
        .foreign_key(&mut reference(
            "stock_routes",
            "category_id",
            "product_categories",
        ))
        .to_owned();
    let steps = Table::create()
        .table("stock_route_steps")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "route_id"))
        .col(integer("sequence"))
        .col(text("name"))
        .col(uuid(backend, "source_location_id"))
        .col(uuid(backend, "destination_location_id"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("route_id")
                .col("sequence"),
        )
        .foreign_key(&mut reference(
            "stock_route_steps",
            "route_id",
            "stock_routes",
        ))
        .foreign_key(&mut reference(
            "stock_route_steps",
            "source_location_id",
            "stock_locations",
        ))
        .foreign_key(&mut reference(
            "stock_route_steps",
            "destination_location_id",
            "stock_locations",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(putaway),
        index(
            "putaway_rules_by_warehouse",
            "putaway_rules",
            &["company_id", "warehouse_id"],
        ),
        SchemaChange::Table(routes),
        index(
            "stock_routes_by_warehouse",
            "stock_routes",
            &["company_id", "warehouse_id", "operation_type"],
        ),
        SchemaChange::Table(steps),
    ]
}
