//! m0721: blanket orders: the agreement with a vendor for a period, its lines with the agreed
//! quantity and price and how much of it was called off, and the lines' taxes.

use arkan_platform::schema::{
    SchemaChange, bigint, bigint_null, company_table, date, index, integer, reference, text,
    text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;

pub(super) fn blanket_order_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let orders = company_table(backend, "blanket_orders")
        // Null while a draft: `BPO/2026/00001` once confirmed.
        .col(text_null("number"))
        // draft | active | closed | cancelled (`expired` is read from date_to)
        .col(text("state"))
        .col(uuid(backend, "partner_id"))
        .col(date("date_from"))
        .col(date("date_to"))
        .col(text("currency"))
        // Company units per document unit, times 10^10, when the order was priced.
        .col(bigint("rate_e10"))
        .col(text_null("vendor_reference"))
        .col(text_null("notes"))
        .col(bigint("amount_untaxed_minor"))
        .col(bigint("amount_tax_minor"))
        .col(bigint("amount_total_minor"))
        .col(text_null("cancel_reason"))
        .col(bigint_null("confirmed_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("blanket_orders", "partner_id", "partners"))
        .to_owned();
    let lines = company_table(backend, "blanket_order_lines")
        .col(uuid(backend, "blanket_order_id"))
        .col(integer("position"))
        .col(uuid(backend, "product_id"))
        .col(text("description"))
        // Ten-thousandths of `uom`: agreed, and called off so far.
        .col(bigint("quantity_e4"))
        .col(bigint("quantity_called_off_e4"))
        .col(text("uom"))
        .col(bigint("unit_price_e6"))
        .col(bigint("discount_ppm"))
        .col(bigint("subtotal_minor"))
        .col(bigint("tax_minor"))
        .col(bigint("total_minor"))
        .foreign_key(&mut reference(
            "blanket_order_lines",
            "blanket_order_id",
            "blanket_orders",
        ))
        .foreign_key(&mut reference(
            "blanket_order_lines",
            "product_id",
            "products",
        ))
        .to_owned();
    let taxes = company_table(backend, "blanket_order_line_taxes")
        .col(uuid(backend, "blanket_order_id"))
        .col(uuid(backend, "line_id"))
        .col(uuid(backend, "tax_id"))
        .col(integer("sequence"))
        .foreign_key(&mut reference(
            "blanket_order_line_taxes",
            "line_id",
            "blanket_order_lines",
        ))
        .foreign_key(&mut reference(
            "blanket_order_line_taxes",
            "tax_id",
            "taxes",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(orders),
        unique(
            "blanket_orders_by_number",
            "blanket_orders",
            &["company_id", "number"],
        ),
        index(
            "blanket_orders_by_created",
            "blanket_orders",
            &["company_id", "created_at"],
        ),
        SchemaChange::Table(lines),
        index(
            "blanket_order_lines_by_order",
            "blanket_order_lines",
            &["company_id", "blanket_order_id"],
        ),
        SchemaChange::Table(taxes),
        index(
            "blanket_order_line_taxes_by_order",
            "blanket_order_line_taxes",
            &["company_id", "blanket_order_id"],
        ),
    ]
}

/// m0723: the blanket order line a call-off's order line came from, so cancelling the order
/// gives its quantity back. A column added to an existing table takes no composite foreign key
/// on SQLite: the call-off writes it in the transaction that locks the blanket order.
pub(super) fn call_off_lines(backend: DatabaseBackend) -> Vec<SchemaChange> {
    vec![SchemaChange::Alter(
        sea_orm::sea_query::Table::alter()
            .table("purchase_order_lines")
            .add_column(uuid_null(backend, "blanket_line_id"))
            .to_owned(),
    )]
}
