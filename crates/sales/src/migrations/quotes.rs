//! m0810: quotes with their lines and line taxes, and the PDF each sent quote was sent as.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, boolean, company_table, date, index,
    integer, integer_null, reference, text, text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::ColumnDef;

pub(super) fn migrations() -> Vec<SchemaMigration> {
    vec![SchemaMigration {
        name: "m0810_sales_quotes",
        build: quote_tables,
    }]
}

fn quote_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let quotes = company_table(backend, "sales_quotes")
        // Null while a draft: `QT/2026/00001` once sent.
        .col(text_null("number"))
        // draft | sent | accepted | declined | converted | cancelled (a sent quote past
        // `valid_until` reads `expired`).
        .col(text("state"))
        .col(uuid(backend, "partner_id"))
        .col(uuid_null(backend, "contact_id"))
        // A deal of crm's pipeline, checked through its facade (no foreign key into it).
        .col(uuid_null(backend, "deal_id"))
        .col(date("quote_date"))
        .col(date("valid_until"))
        .col(text("currency"))
        // Company units per document unit, times 10^10, at the quote date.
        .col(bigint("rate_e10"))
        .col(uuid_null(backend, "price_list_id"))
        .col(uuid_null(backend, "salesperson_id"))
        .col(integer_null("payment_terms_days"))
        .col(text_null("incoterm"))
        .col(text_null("incoterm_place"))
        .col(uuid(backend, "warehouse_id"))
        .col(text_null("promo_code"))
        .col(text_null("notes"))
        .col(text_null("terms"))
        // Of the lines that are not optional, and, once accepted, the optional ones chosen.
        .col(bigint("amount_untaxed_minor"))
        .col(bigint("amount_tax_minor"))
        .col(bigint("amount_total_minor"))
        .col(bigint_null("sent_at"))
        .col(bigint_null("accepted_at"))
        // The member who recorded the acceptance, and the name the client signed with.
        .col(uuid_null(backend, "accepted_by"))
        .col(text_null("signed_by"))
        .col(text_null("decline_reason"))
        .col(uuid_null(backend, "order_id"))
        .col(uuid(backend, "created_by"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("sales_quotes", "partner_id", "partners"))
        .foreign_key(&mut reference("sales_quotes", "contact_id", "partners"))
        .foreign_key(&mut reference("sales_quotes", "warehouse_id", "warehouses"))
        .foreign_key(&mut reference("sales_quotes", "order_id", "sales_orders"))
        .to_owned();
    let lines = company_table(backend, "sales_quote_lines")
        .col(uuid(backend, "quote_id"))
        .col(integer("position"))
        .col(uuid_null(backend, "product_id"))
        .col(text("description"))
        // Ten-thousandths of `uom`.
        .col(bigint("quantity_e4"))
        .col(text("uom"))
        // Millionths of the quote's currency per unit (negative on a discount's line).
        .col(bigint("unit_price_e6"))
        .col(bigint("discount_ppm"))
        .col(bigint("subtotal_minor"))
        .col(bigint("tax_minor"))
        .col(bigint("total_minor"))
        // ordered | delivered: what the order's line will take.
        .col(text("invoice_policy"))
        .col(uuid_null(backend, "discount_id"))
        // An optional line counts only once the client chooses it when accepting.
        .col(boolean("is_optional"))
        .col(boolean("is_selected"))
        .foreign_key(&mut reference(
            "sales_quote_lines",
            "quote_id",
            "sales_quotes",
        ))
        .foreign_key(&mut reference(
            "sales_quote_lines",
            "product_id",
            "products",
        ))
        .to_owned();
    let taxes = company_table(backend, "sales_quote_line_taxes")
        .col(uuid(backend, "quote_id"))
        .col(uuid(backend, "line_id"))
        .col(uuid(backend, "tax_id"))
        .col(integer("sequence"))
        .foreign_key(&mut reference(
            "sales_quote_line_taxes",
            "line_id",
            "sales_quote_lines",
        ))
        .foreign_key(&mut reference("sales_quote_line_taxes", "tax_id", "taxes"))
        .to_owned();
    // The PDF a quote was sent as, with where it was sent: one per quote.
    let documents = company_table(backend, "sales_quote_documents")
        .col(uuid(backend, "quote_id"))
        .col(text("file_name"))
        .col(ColumnDef::new("content").blob().not_null().to_owned())
        .col(text_null("email"))
        .col(text_null("message"))
        .col(uuid(backend, "sent_by"))
        .col(bigint("created_at"))
        .foreign_key(&mut reference(
            "sales_quote_documents",
            "quote_id",
            "sales_quotes",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(quotes),
        unique(
            "sales_quotes_by_number",
            "sales_quotes",
            &["company_id", "number"],
        ),
        index(
            "sales_quotes_by_created",
            "sales_quotes",
            &["company_id", "created_at"],
        ),
        index(
            "sales_quotes_by_date",
            "sales_quotes",
            &["company_id", "quote_date"],
        ),
        index(
            "sales_quotes_by_partner",
            "sales_quotes",
            &["company_id", "partner_id"],
        ),
        SchemaChange::Table(lines),
        index(
            "sales_quote_lines_by_quote",
            "sales_quote_lines",
            &["company_id", "quote_id"],
        ),
        SchemaChange::Table(taxes),
        index(
            "sales_quote_line_taxes_by_quote",
            "sales_quote_line_taxes",
            &["company_id", "quote_id"],
        ),
        SchemaChange::Table(documents),
        unique(
            "sales_quote_documents_by_quote",
            "sales_quote_documents",
            &["company_id", "quote_id"],
        ),
    ]
}
