//! m0860: the invoice margin kept per line of a posted customer invoice made from a sales
//! order, so the margin report is one indexed GROUP BY.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, company_table, date, index, integer, text, text_null,
    uuid, uuid_null,
};
use sea_orm::DatabaseBackend;

pub(super) fn migrations() -> Vec<SchemaMigration> {
    vec![
        SchemaMigration {
            name: "m0860_sales_invoice_margins",
            build: margin_tables,
        },
        SchemaMigration {
            name: "m0861_sales_invoice_margin_groups",
            build: group_indexes,
        },
        SchemaMigration {
            name: "m0862_sales_invoice_margins_by_order_line",
            build: order_line_index,
        },
    ]
}

/// `id` is the invoice line's. Written when the invoice is posted, removed when it is
/// cancelled (the invoicing hook, in that transaction); no foreign keys into invoicing, so a
/// load test can fill it directly.
fn margin_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let margins = company_table(backend, "sales_invoice_margins")
        .col(uuid(backend, "invoice_id"))
        .col(text_null("invoice_number"))
        .col(date("invoice_date"))
        .col(uuid(backend, "partner_id"))
        .col(uuid_null(backend, "salesperson_id"))
        .col(uuid_null(backend, "order_id"))
        .col(uuid_null(backend, "order_line_id"))
        .col(uuid_null(backend, "product_id"))
        .col(text("description"))
        .col(integer("position"))
        // Ten-thousandths of the order line's unit.
        .col(bigint("quantity_e4"))
        // Minor units of the company currency: the line before tax at the invoice's rate.
        .col(bigint("revenue_minor"))
        .col(bigint("cost_minor"))
        // delivery | product_cost | none
        .col(text("cost_source"))
        .to_owned();
    vec![
        SchemaChange::Table(margins),
        index(
            "sales_invoice_margins_by_invoice",
            "sales_invoice_margins",
            &["company_id", "invoice_id"],
        ),
        // Covers the report: a date range scanned in the index alone, grouped four ways.
        index(
            "sales_invoice_margins_by_date",
            "sales_invoice_margins",
            &[
                "company_id",
                "invoice_date",
                "product_id",
                "partner_id",
                "salesperson_id",
                "invoice_id",
                "revenue_minor",
                "cost_minor",
            ],
        ),
    ]
}

/// One covering index per grouping of the report, led by its key: the rows are read in the
/// key's order and summed as they come, without sorting them first.
fn group_indexes(_: DatabaseBackend) -> Vec<SchemaChange> {
    ["invoice_id", "product_id", "partner_id", "salesperson_id"]
        .into_iter()
        .map(|key| {
            let name = format!("sales_invoice_margins_by_{key}_date");
            let columns = [
                "company_id",
                key,
                "invoice_date",
                "revenue_minor",
                "cost_minor",
                "invoice_number",
            ];
            let columns = if key == "invoice_id" {
                &columns[..]
            } else {
                &columns[..5]
            };
            index(&name, "sales_invoice_margins", columns)
        })
        .collect()
}

/// What earlier invoices of an order line took of its delivered cost, read when the next one is
/// posted.
fn order_line_index(_: DatabaseBackend) -> Vec<SchemaChange> {
    vec![index(
        "sales_invoice_margins_by_order_line",
        "sales_invoice_margins",
        &["company_id", "order_line_id"],
    )]
}
