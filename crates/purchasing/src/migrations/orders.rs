//! m0700: purchase orders, their lines and line taxes, the transfers (receipts and returns)
//! and bills they led to, and the document number sequences (`PO/2026`).

use arkan_platform::schema::{
    SchemaChange, bigint, bigint_null, company_table, date, date_null, index, integer,
    integer_null, reference, text, text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{ForeignKey, ForeignKeyAction, Index, Table};

pub(super) fn order_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let sequences = Table::create()
        .table("purchase_sequences")
        .col(uuid(backend, "company_id"))
        // `PO/2026`, `RFQ/2026`...
        .col(text("prefix"))
        .col(bigint("next_number"))
        .primary_key(Index::create().col("company_id").col("prefix"))
        .foreign_key(
            ForeignKey::create()
                .from("purchase_sequences", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    let orders = company_table(backend, "purchase_orders")
        // Null while a draft: `PO/2026/00001` once it leaves draft.
        .col(text_null("number"))
        // draft | to_approve | approved | confirmed | cancelled
        .col(text("state"))
        .col(uuid(backend, "partner_id"))
        .col(date("order_date"))
        .col(date_null("expected_date"))
        .col(text("currency"))
        // Company units per document unit, times 10^10, at the order date.
        .col(bigint("rate_e10"))
        .col(text_null("vendor_reference"))
        .col(uuid(backend, "warehouse_id"))
        .col(integer_null("payment_terms_days"))
        .col(text_null("incoterm"))
        .col(text_null("incoterm_place"))
        .col(text_null("notes"))
        .col(bigint("amount_untaxed_minor"))
        .col(bigint("amount_tax_minor"))
        .col(bigint("amount_total_minor"))
        // nothing | partial | received
        .col(text("receipt_state"))
        // nothing | to_bill | billed
        .col(text("billing_state"))
        // What the order came from (RFQ award, blanket call-off, tender award).
        .col(uuid_null(backend, "rfq_id"))
        .col(uuid_null(backend, "blanket_order_id"))
        .col(uuid_null(backend, "agreement_id"))
        .col(uuid(backend, "created_by"))
        .col(uuid_null(backend, "approved_by"))
        .col(bigint_null("approved_at"))
        .col(text_null("approval_note"))
        .col(bigint_null("confirmed_at"))
        .col(bigint_null("acknowledged_at"))
        .col(date_null("vendor_expected_date"))
        .col(text_null("shipping"))
        .col(text_null("cancel_reason"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("purchase_orders", "partner_id", "partners"))
        .foreign_key(&mut reference(
            "purchase_orders",
            "warehouse_id",
            "warehouses",
        ))
        .to_owned();
    let lines = company_table(backend, "purchase_order_lines")
        .col(uuid(backend, "order_id"))
        .col(integer("position"))
        .col(uuid_null(backend, "product_id"))
        .col(text("description"))
        // Ten-thousandths of `uom` (the purchase unit).
        .col(bigint("quantity_e4"))
        .col(text("uom"))
        // Millionths of the order's currency per unit.
        .col(bigint("unit_price_e6"))
        .col(bigint("discount_ppm"))
        .col(date_null("expected_date"))
        .col(bigint("subtotal_minor"))
        .col(bigint("tax_minor"))
        .col(bigint("total_minor"))
        .col(bigint("quantity_received_e4"))
        .col(bigint("quantity_billed_e4"))
        .col(bigint("quantity_returned_e4"))
        .foreign_key(&mut reference(
            "purchase_order_lines",
            "order_id",
            "purchase_orders",
        ))
        .foreign_key(&mut reference(
            "purchase_order_lines",
            "product_id",
            "products",
        ))
        .to_owned();
    let taxes = company_table(backend, "purchase_order_line_taxes")
        .col(uuid(backend, "order_id"))
        .col(uuid(backend, "line_id"))
        .col(uuid(backend, "tax_id"))
        .col(integer("sequence"))
        .foreign_key(&mut reference(
            "purchase_order_line_taxes",
            "line_id",
            "purchase_order_lines",
        ))
        .foreign_key(&mut reference(
            "purchase_order_line_taxes",
            "tax_id",
            "taxes",
        ))
        .to_owned();
    let transfers = company_table(backend, "purchase_order_transfers")
        .col(uuid(backend, "order_id"))
        .col(uuid(backend, "transfer_id"))
        // receipt | return
        .col(text("kind"))
        // The day the goods moved (vendor rating dates receipts by it).
        .col(date("date"))
        .col(bigint("created_at"))
        .foreign_key(&mut reference(
            "purchase_order_transfers",
            "order_id",
            "purchase_orders",
        ))
        .foreign_key(&mut reference(
            "purchase_order_transfers",
            "transfer_id",
            "stock_transfers",
        ))
        .to_owned();
    let invoices = company_table(backend, "purchase_order_invoices")
        .col(uuid(backend, "order_id"))
        .col(uuid(backend, "invoice_id"))
        .col(bigint("created_at"))
        .foreign_key(&mut reference(
            "purchase_order_invoices",
            "order_id",
            "purchase_orders",
        ))
        // A draft bill deleted in invoicing takes its link with it.
        .foreign_key(
            &mut reference("purchase_order_invoices", "invoice_id", "invoices")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .to_owned();
    vec![
        SchemaChange::Table(sequences),
        SchemaChange::Table(orders),
        unique(
            "purchase_orders_by_number",
            "purchase_orders",
            &["company_id", "number"],
        ),
        index(
            "purchase_orders_by_created",
            "purchase_orders",
            &["company_id", "created_at"],
        ),
        index(
            "purchase_orders_by_date",
            "purchase_orders",
            &["company_id", "order_date"],
        ),
        index(
            "purchase_orders_by_total",
            "purchase_orders",
            &["company_id", "amount_total_minor"],
        ),
        index(
            "purchase_orders_by_partner",
            "purchase_orders",
            &["company_id", "partner_id"],
        ),
        SchemaChange::Table(lines),
        index(
            "purchase_order_lines_by_order",
            "purchase_order_lines",
            &["company_id", "order_id"],
        ),
        index(
            "purchase_order_lines_by_product",
            "purchase_order_lines",
            &["company_id", "product_id"],
        ),
        SchemaChange::Table(taxes),
        index(
            "purchase_order_line_taxes_by_order",
            "purchase_order_line_taxes",
            &["company_id", "order_id"],
        ),
        SchemaChange::Table(transfers),
        index(
            "purchase_order_transfers_by_order",
            "purchase_order_transfers",
            &["company_id", "order_id"],
        ),
        SchemaChange::Table(invoices),
        index(
            "purchase_order_invoices_by_order",
            "purchase_order_invoices",
            &["company_id", "invoice_id"],
        ),
    ]
}

/// m0701: when a receipt without backorder closed the order's receipts (null while more is
/// expected).
pub(super) fn receipts_closed(_: DatabaseBackend) -> Vec<SchemaChange> {
    vec![SchemaChange::Alter(
        Table::alter()
            .table("purchase_orders")
            .add_column(bigint_null("receipts_closed_at"))
            .to_owned(),
    )]
}
