//! m0840: deliveries of sales orders (each an inventory `delivery` transfer once confirmed)
//! with their lines mapped to order lines and stock moves; m0841: returns of delivered goods
//! with their lines.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, company_table, date, index, integer,
    reference, text, text_null, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;

pub(super) fn migrations() -> Vec<SchemaMigration> {
    vec![
        SchemaMigration {
            name: "m0840_sales_deliveries",
            build: delivery_tables,
        },
        SchemaMigration {
            name: "m0841_sales_returns",
            build: return_tables,
        },
    ]
}

fn delivery_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let deliveries = company_table(backend, "sales_deliveries")
        .col(uuid(backend, "order_id"))
        .col(uuid(backend, "partner_id"))
        .col(uuid(backend, "warehouse_id"))
        // The transfer's number once confirmed (`WH/OUT/00001`).
        .col(text_null("number"))
        // draft | confirmed | done | cancelled (assigned is read from the moves).
        .col(text("state"))
        .col(date("scheduled_date"))
        .col(text_null("shipping_address"))
        .col(text_null("carrier"))
        .col(text_null("tracking_number"))
        .col(text_null("notes"))
        // The inventory transfer (owned by inventory: no foreign key).
        .col(uuid_null(backend, "transfer_id"))
        // The delivery made for what this one left undone.
        .col(uuid_null(backend, "backorder_id"))
        .col(bigint_null("done_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(
            "sales_deliveries",
            "order_id",
            "sales_orders",
        ))
        .foreign_key(&mut reference("sales_deliveries", "partner_id", "partners"))
        .to_owned();
    let lines = company_table(backend, "sales_delivery_lines")
        .col(uuid(backend, "delivery_id"))
        .col(integer("position"))
        .col(uuid(backend, "order_line_id"))
        .col(uuid(backend, "product_id"))
        .col(text("description"))
        .col(text("uom"))
        // Ten-thousandths of `uom`.
        .col(bigint("quantity_e4"))
        // The stock move once confirmed.
        .col(uuid_null(backend, "move_id"))
        .foreign_key(&mut reference(
            "sales_delivery_lines",
            "delivery_id",
            "sales_deliveries",
        ))
        .foreign_key(&mut reference(
            "sales_delivery_lines",
            "order_line_id",
            "sales_order_lines",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(deliveries),
        index(
            "sales_deliveries_by_order",
            "sales_deliveries",
            &["company_id", "order_id"],
        ),
        index(
            "sales_deliveries_by_created",
            "sales_deliveries",
            &["company_id", "created_at"],
        ),
        SchemaChange::Table(lines),
        index(
            "sales_delivery_lines_by_delivery",
            "sales_delivery_lines",
            &["company_id", "delivery_id"],
        ),
        index(
            "sales_delivery_lines_by_order_line",
            "sales_delivery_lines",
            &["company_id", "order_line_id"],
        ),
    ]
}

fn return_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let returns = company_table(backend, "sales_returns")
        // `RMA/2026/00001`.
        .col(text("number"))
        .col(uuid(backend, "delivery_id"))
        .col(uuid(backend, "order_id"))
        .col(uuid(backend, "partner_id"))
        // open | received | refunded
        .col(text("state"))
        .col(text_null("reason"))
        .col(date("return_date"))
        // The inventory return transfer once received (no foreign key into inventory).
        .col(uuid_null(backend, "transfer_id"))
        // The invoicing documents of the refund (no foreign key into invoicing).
        .col(uuid_null(backend, "credit_note_id"))
        .col(uuid_null(backend, "payment_id"))
        .col(bigint_null("received_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(
            "sales_returns",
            "delivery_id",
            "sales_deliveries",
        ))
        .foreign_key(&mut reference("sales_returns", "order_id", "sales_orders"))
        .to_owned();
    let lines = company_table(backend, "sales_return_lines")
        .col(uuid(backend, "return_id"))
        .col(integer("position"))
        .col(uuid(backend, "delivery_line_id"))
        .col(uuid(backend, "order_line_id"))
        .col(uuid(backend, "product_id"))
        .col(text("uom"))
        .col(bigint("quantity_e4"))
        .col(bigint("quantity_received_e4"))
        // Value of what came back into stock (company currency minor units).
        .col(bigint("value_minor"))
        .foreign_key(&mut reference(
            "sales_return_lines",
            "return_id",
            "sales_returns",
        ))
        .foreign_key(&mut reference(
            "sales_return_lines",
            "delivery_line_id",
            "sales_delivery_lines",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(returns),
        index(
            "sales_returns_by_delivery",
            "sales_returns",
            &["company_id", "delivery_id"],
        ),
        index(
            "sales_returns_by_created",
            "sales_returns",
            &["company_id", "created_at"],
        ),
        SchemaChange::Table(lines),
        index(
            "sales_return_lines_by_return",
            "sales_return_lines",
            &["company_id", "return_id"],
        ),
    ]
}
