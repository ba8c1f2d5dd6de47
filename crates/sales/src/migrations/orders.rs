//! m0800: the document number sequences (`SO/2026`, `QT/2026`, `RMA/2026`), the sales
//! settings, and sales orders with their lines and line taxes.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, boolean, company_table, date, date_null,
    index, integer, integer_null, reference, text, text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{ForeignKey, ForeignKeyAction, Index, Table};

pub(super) fn migrations() -> Vec<SchemaMigration> {
    vec![SchemaMigration {
        name: "m0800_sales_orders",
        build: order_tables,
    }]
}

fn order_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let sequences = Table::create()
        .table("sales_sequences")
        .col(uuid(backend, "company_id"))
        // `SO/2026`, `QT/2026`, `RMA/2026`...
        .col(text("prefix"))
        .col(bigint("next_number"))
        .primary_key(Index::create().col("company_id").col("prefix"))
        .foreign_key(
            ForeignKey::create()
                .from("sales_sequences", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    // One row per company once its settings are changed; the defaults apply until then.
    let settings = Table::create()
        .table("sales_settings")
        .col(uuid(backend, "company_id").primary_key())
        // none | warn | block
        .col(text("credit_limit_policy"))
        // ordered | delivered
        .col(text("default_invoice_policy"))
        .col(integer("quote_validity_days"))
        .col(boolean("delivery_on_confirm"))
        .col(uuid_null(backend, "down_payment_account_id"))
        .col(bigint("updated_at"))
        .foreign_key(
            ForeignKey::create()
                .from("sales_settings", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(&mut reference(
            "sales_settings",
            "down_payment_account_id",
            "accounts",
        ))
        .to_owned();
    let orders = company_table(backend, "sales_orders")
        // Null while a draft: `SO/2026/00001` once confirmed.
        .col(text_null("number"))
        // draft | confirmed | cancelled
        .col(text("state"))
        .col(uuid(backend, "partner_id"))
        .col(uuid_null(backend, "contact_id"))
        .col(date("order_date"))
        .col(date_null("commitment_date"))
        .col(text("currency"))
        // Company units per document unit, times 10^10, at the order date.
        .col(bigint("rate_e10"))
        // Checked by pricing (its table sorts later).
        .col(uuid_null(backend, "price_list_id"))
        // A member of the company (no foreign key into memberships).
        .col(uuid_null(backend, "salesperson_id"))
        .col(integer_null("payment_terms_days"))
        .col(text_null("incoterm"))
        .col(text_null("incoterm_place"))
        .col(uuid(backend, "warehouse_id"))
        .col(text_null("client_reference"))
        .col(text_null("shipping_address"))
        .col(text_null("promo_code"))
        .col(text_null("notes"))
        .col(bigint("amount_untaxed_minor"))
        .col(bigint("amount_tax_minor"))
        .col(bigint("amount_total_minor"))
        // The quote it was converted from (quotes sort later).
        .col(uuid_null(backend, "quote_id"))
        .col(uuid(backend, "created_by"))
        .col(bigint_null("confirmed_at"))
        .col(text_null("cancel_reason"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("sales_orders", "partner_id", "partners"))
        .foreign_key(&mut reference("sales_orders", "contact_id", "partners"))
        .foreign_key(&mut reference("sales_orders", "warehouse_id", "warehouses"))
        .to_owned();
    let lines = company_table(backend, "sales_order_lines")
        .col(uuid(backend, "order_id"))
        .col(integer("position"))
        .col(uuid_null(backend, "product_id"))
        .col(text("description"))
        // Ten-thousandths of `uom`.
        .col(bigint("quantity_e4"))
        .col(text("uom"))
        // Millionths of the order's currency per unit (negative on a discount's line).
        .col(bigint("unit_price_e6"))
        .col(bigint("discount_ppm"))
        .col(bigint("subtotal_minor"))
        .col(bigint("tax_minor"))
        .col(bigint("total_minor"))
        // ordered | delivered
        .col(text("invoice_policy"))
        .col(bigint("quantity_delivered_e4"))
        .col(bigint("quantity_returned_e4"))
        // The discount rule that added the line (discounts sort later).
        .col(uuid_null(backend, "discount_id"))
        .foreign_key(&mut reference(
            "sales_order_lines",
            "order_id",
            "sales_orders",
        ))
        .foreign_key(&mut reference(
            "sales_order_lines",
            "product_id",
            "products",
        ))
        .to_owned();
    let taxes = company_table(backend, "sales_order_line_taxes")
        .col(uuid(backend, "order_id"))
        .col(uuid(backend, "line_id"))
        .col(uuid(backend, "tax_id"))
        .col(integer("sequence"))
        .foreign_key(&mut reference(
            "sales_order_line_taxes",
            "line_id",
            "sales_order_lines",
        ))
        .foreign_key(&mut reference("sales_order_line_taxes", "tax_id", "taxes"))
        .to_owned();
    vec![
        SchemaChange::Table(sequences),
        SchemaChange::Table(settings),
        SchemaChange::Table(orders),
        unique(
            "sales_orders_by_number",
            "sales_orders",
            &["company_id", "number"],
        ),
        index(
            "sales_orders_by_created",
            "sales_orders",
            &["company_id", "created_at"],
        ),
        index(
            "sales_orders_by_date",
            "sales_orders",
            &["company_id", "order_date"],
        ),
        index(
            "sales_orders_by_total",
            "sales_orders",
            &["company_id", "amount_total_minor"],
        ),
        index(
            "sales_orders_by_partner",
            "sales_orders",
            &["company_id", "partner_id"],
        ),
        SchemaChange::Table(lines),
        index(
            "sales_order_lines_by_order",
            "sales_order_lines",
            &["company_id", "order_id"],
        ),
        index(
            "sales_order_lines_by_product",
            "sales_order_lines",
            &["company_id", "product_id"],
        ),
        SchemaChange::Table(taxes),
        index(
            "sales_order_line_taxes_by_order",
            "sales_order_line_taxes",
            &["company_id", "order_id"],
        ),
    ]
}
