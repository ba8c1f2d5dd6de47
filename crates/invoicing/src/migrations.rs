//! Invoicing's tables: invoices, their lines and line taxes, payments and allocations. Every
//! table is keyed `(company_id, ...)`; references to partners, accounts, journals and taxes are
//! composite foreign keys into the owning modules' tables.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, boolean, clear_dangling_reference,
    company_table, date, date_null, index, integer, integer_null, reference, text, text_null,
    unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Index, Table};

pub fn migrations() -> Vec<SchemaMigration> {
    vec![
        SchemaMigration {
            name: "m0902_invoice_lines_project_reference",
            build: invoice_lines_project_reference,
        },
        SchemaMigration {
            name: "m0204_invoices",
            build: invoice_tables,
        },
        SchemaMigration {
            name: "m0205_payments",
            build: payment_tables,
        },
        SchemaMigration {
            name: "m0207_allocation_exchange_differences",
            build: allocation_exchange_column,
        },
        SchemaMigration {
            name: "m0210_document_list_indexes",
            build: list_indexes,
        },
        SchemaMigration {
            name: "m0214_allocation_write_offs",
            build: allocation_write_off_columns,
        },
        SchemaMigration {
            name: "m0215_credit_note_allocations",
            build: credit_note_allocations,
        },
        SchemaMigration {
            name: "m0216_payment_terms",
            build: payment_terms,
        },
        SchemaMigration {
            name: "m0217_fiscal_positions",
            build: fiscal_positions,
        },
        SchemaMigration {
            name: "m0218_cash_roundings",
            build: cash_roundings,
        },
        SchemaMigration {
            name: "m0229_bills_from_purchase_orders",
            build: bills_from_purchase_orders,
        },
        SchemaMigration {
            name: "m0230_invoices_from_sales_orders",
            build: invoices_from_sales_orders,
        },
    ]
}

/// Payment terms and their lines; an invoice's term, its installments and its early-payment
/// discount (the date and the amount, fixed when the draft is computed); an allocation that
/// took the discount. (Columns added later cannot take a foreign key on SQLite: an invoice's
/// term is checked to be the company's when the draft is saved, and a term in use by an
/// invoice cannot be deleted.)
fn payment_terms(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let terms = company_table(backend, "payment_terms")
        .col(text("name"))
        .col(bigint_null("discount_percent_e4"))
        .col(integer_null("discount_days"))
        .col(boolean("active"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .to_owned();
    let lines = Table::create()
        .table("payment_term_lines")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "payment_term_id"))
        .col(integer("position"))
        .col(text("kind"))
        .col(bigint_null("value"))
        .col(integer("days"))
        .col(boolean("end_of_month"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("payment_term_id")
                .col("position"),
        )
        .foreign_key(
            reference("payment_term_lines", "payment_term_id", "payment_terms")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    let installments = Table::create()
        .table("invoice_installments")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "invoice_id"))
        .col(integer("position"))
        .col(date("due_date"))
        .col(bigint("amount_minor"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("invoice_id")
                .col("position"),
        )
        .foreign_key(
            reference("invoice_installments", "invoice_id", "invoices")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    let alter = |column: ColumnDef| {
        SchemaChange::Alter(
            Table::alter()
                .table("invoices")
                .add_column(column)
                .to_owned(),
        )
    };
    // What an early-payment discount gave back to each tax account, so taking the allocation
    // back reverses exactly that, whatever the taxes or the rounding setting became.
    let discount_taxes = Table::create()
        .table("allocation_discount_taxes")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "payment_id"))
        .col(uuid(backend, "invoice_id"))
        .col(uuid(backend, "account_id"))
        .col(bigint("amount_minor"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("payment_id")
                .col("invoice_id")
                .col("account_id"),
        )
        .foreign_key(&mut reference(
            "allocation_discount_taxes",
            "payment_id",
            "payments",
        ))
        .foreign_key(&mut reference(
            "allocation_discount_taxes",
            "invoice_id",
            "invoices",
        ))
        .foreign_key(&mut reference(
            "allocation_discount_taxes",
            "account_id",
            "accounts",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(terms),
        SchemaChange::Table(discount_taxes),
        index(
            "payment_terms_by_name",
            "payment_terms",
            &["company_id", "name", "id"],
        ),
        SchemaChange::Table(lines),
        SchemaChange::Table(installments),
        alter(uuid_null(backend, "payment_term_id")),
        alter(date_null("discount_date")),
        alter(bigint_null("discount_minor")),
        index(
            "invoices_by_payment_term",
            "invoices",
            &["company_id", "payment_term_id"],
        ),
        SchemaChange::Alter(
            Table::alter()
                .table("payment_allocations")
                .add_column(boolean("early_discount").default(false).to_owned())
                .to_owned(),
        ),
    ]
}

/// Fiscal positions with their tax and account maps; an invoice's position (checked to be the
/// company's when the draft is saved, as for its term).
fn fiscal_positions(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let positions = company_table(backend, "fiscal_positions")
        .col(text("name"))
        .col(text_null("notes"))
        .col(boolean("active"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .to_owned();
    let taxes = Table::create()
        .table("fiscal_position_taxes")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "fiscal_position_id"))
        .col(integer("position"))
        .col(uuid(backend, "from_tax_id"))
        .col(uuid_null(backend, "to_tax_id"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("fiscal_position_id")
                .col("position"),
        )
        .foreign_key(
            reference(
                "fiscal_position_taxes",
                "fiscal_position_id",
                "fiscal_positions",
            )
            .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(&mut reference(
            "fiscal_position_taxes",
            "from_tax_id",
            "taxes",
        ))
        .foreign_key(&mut reference(
            "fiscal_position_taxes",
            "to_tax_id",
            "taxes",
        ))
        .to_owned();
    let accounts = Table::create()
        .table("fiscal_position_accounts")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "fiscal_position_id"))
        .col(integer("position"))
        .col(uuid(backend, "from_account_id"))
        .col(uuid(backend, "to_account_id"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("fiscal_position_id")
                .col("position"),
        )
        .foreign_key(
            reference(
                "fiscal_position_accounts",
                "fiscal_position_id",
                "fiscal_positions",
            )
            .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(&mut reference(
            "fiscal_position_accounts",
            "from_account_id",
            "accounts",
        ))
        .foreign_key(&mut reference(
            "fiscal_position_accounts",
            "to_account_id",
            "accounts",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(positions),
        index(
            "fiscal_positions_by_name",
            "fiscal_positions",
            &["company_id", "name", "id"],
        ),
        SchemaChange::Table(taxes),
        SchemaChange::Table(accounts),
        SchemaChange::Alter(
            Table::alter()
                .table("invoices")
                .add_column(uuid_null(backend, "fiscal_position_id"))
                .to_owned(),
        ),
        index(
            "invoices_by_fiscal_position",
            "invoices",
            &["company_id", "fiscal_position_id"],
        ),
    ]
}

/// Cash roundings (a total rounded to a coin, `step_e6` with 6 decimals, and the accounts its
/// difference is booked to), and on each invoice the rounding it names and the amount it added
/// to the total. `invoices.cash_rounding_id` has no foreign key: SQLite cannot add a composite
/// one to an existing table, so the service checks the rounding is the company's when an invoice
/// names it, and that no invoice names it before deleting it (in the same transaction).
fn cash_roundings(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let table = company_table(backend, "cash_roundings")
        .col(text("name"))
        .col(bigint("step_e6"))
        .col(text("method"))
        .col(uuid(backend, "profit_account_id"))
        .col(uuid(backend, "loss_account_id"))
        .col(boolean("active"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(
            "cash_roundings",
            "profit_account_id",
            "accounts",
        ))
        .foreign_key(&mut reference(
            "cash_roundings",
            "loss_account_id",
            "accounts",
        ))
        .to_owned();
    let rounding = Table::alter()
        .table("invoices")
        .add_column(uuid_null(backend, "cash_rounding_id"))
        .to_owned();
    let amount = Table::alter()
        .table("invoices")
        .add_column(bigint("amount_rounding_minor").default(0).to_owned())
        .to_owned();
    vec![
        SchemaChange::Table(table),
        index(
            "cash_roundings_by_created",
            "cash_roundings",
            &["company_id", "created_at", "id"],
        ),
        index(
            "cash_roundings_by_name",
            "cash_roundings",
            &["company_id", "name", "id"],
        ),
        SchemaChange::Alter(rounding),
        SchemaChange::Alter(amount),
        index(
            "invoices_by_cash_rounding",
            "invoices",
            &["company_id", "cash_rounding_id"],
        ),
    ]
}

/// A posted credit note set against open documents of its partner (netting): the amount in the
/// documents' currency and the exchange difference it realised in company currency (the two
/// documents' rates may differ), so taking it back reverses exactly that.
fn credit_note_allocations(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let table = Table::create()
        .table("credit_note_allocations")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "credit_note_id"))
        .col(uuid(backend, "invoice_id"))
        .col(bigint("amount_minor"))
        .col(bigint("exchange_difference_minor"))
        .col(bigint("created_at"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("credit_note_id")
                .col("invoice_id"),
        )
        .foreign_key(&mut reference(
            "credit_note_allocations",
            "credit_note_id",
            "invoices",
        ))
        .foreign_key(&mut reference(
            "credit_note_allocations",
            "invoice_id",
            "invoices",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(table),
        index(
            "credit_note_allocations_by_invoice",
            "credit_note_allocations",
            &["company_id", "invoice_id"],
        ),
    ]
}

/// An allocation may close its document with a write-off: the difference (in the payment's
/// currency, NULL for none), its value in company currency and the account it was booked to,
/// so taking the allocation back reverses it there. A payment may settle a document in another
/// currency: `invoice_amount_minor` is what the allocation moved on the document's paid amount,
/// in the document's currency (write-off included; NULL on older rows: `amount_minor`). (A column added later cannot take a foreign key on SQLite; the account
/// is checked to be the company's when the allocation is made.)
fn allocation_write_off_columns(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let amount = Table::alter()
        .table("payment_allocations")
        .add_column(bigint_null("write_off_minor"))
        .to_owned();
    let account = Table::alter()
        .table("payment_allocations")
        .add_column(uuid_null(backend, "write_off_account_id"))
        .to_owned();
    let value = Table::alter()
        .table("payment_allocations")
        .add_column(bigint_null("write_off_value_minor"))
        .to_owned();
    let settled = Table::alter()
        .table("payment_allocations")
        .add_column(bigint_null("invoice_amount_minor"))
        .to_owned();
    vec![
        SchemaChange::Alter(amount),
        SchemaChange::Alter(account),
        SchemaChange::Alter(value),
        SchemaChange::Alter(settled),
    ]
}

/// The invoice and payment lists sort by date and amount too (a keyset page reads the index,
/// not every document), and the invoice list shows each invoice's credit notes (found by their
/// origin).
fn list_indexes(_backend: DatabaseBackend) -> Vec<SchemaChange> {
    vec![
        index(
            "invoices_by_date",
            "invoices",
            &["company_id", "invoice_date", "id"],
        ),
        index(
            "invoices_by_amount",
            "invoices",
            &["company_id", "amount_total_minor", "id"],
        ),
        index(
            "invoices_by_origin",
            "invoices",
            &["company_id", "origin_invoice_id"],
        ),
        index(
            "payments_by_date",
            "payments",
            &["company_id", "payment_date", "id"],
        ),
        index(
            "payments_by_amount",
            "payments",
            &["company_id", "amount_minor", "id"],
        ),
    ]
}

/// Invoices, bills and credit notes, their lines and the taxes of each line.
fn invoice_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let invoices = company_table(backend, "invoices")
        .col(text("kind"))
        .col(uuid(backend, "partner_id"))
        .col(uuid(backend, "journal_id"))
        .col(date("invoice_date"))
        .col(date("due_date"))
        .col(text("currency"))
        // Units of company currency per unit of `currency`, times 10^10 (10^10 for the company's own).
        .col(bigint("rate_e10"))
        .col(text_null("reference"))
        .col(text("state"))
        .col(text_null("number"))
        .col(uuid_null(backend, "journal_entry_id"))
        .col(uuid_null(backend, "origin_invoice_id"))
        .col(bigint("amount_untaxed_minor"))
        .col(bigint("amount_tax_minor"))
        .col(bigint("amount_total_minor"))
        .col(bigint("amount_paid_minor"))
        .col(text("payment_state"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("invoices", "partner_id", "partners"))
        .foreign_key(&mut reference("invoices", "journal_id", "journals"))
        .foreign_key(&mut reference(
            "invoices",
            "journal_entry_id",
            "journal_entries",
        ))
        .foreign_key(&mut reference("invoices", "origin_invoice_id", "invoices"))
        .to_owned();
    let lines = company_table(backend, "invoice_lines")
        .col(uuid(backend, "invoice_id"))
        .col(integer("line_no"))
        .col(text("description"))
        .col(uuid_null(backend, "product_id"))
        .col(bigint("quantity_e4"))
        .col(bigint("unit_price_e6"))
        .col(bigint("discount_ppm"))
        .col(uuid(backend, "account_id"))
        .col(uuid_null(backend, "project_id"))
        .col(bigint("subtotal_minor"))
        .col(bigint("tax_minor"))
        .col(bigint("total_minor"))
        .foreign_key(
            &mut reference("invoice_lines", "invoice_id", "invoices")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut reference("invoice_lines", "account_id", "accounts"))
        .to_owned();
    let line_taxes = Table::create()
        .table("invoice_line_taxes")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "line_id"))
        .col(uuid(backend, "tax_id"))
        .col(integer("position"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("line_id")
                .col("tax_id"),
        )
        .foreign_key(
            &mut reference("invoice_line_taxes", "line_id", "invoice_lines")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut reference("invoice_line_taxes", "tax_id", "taxes"))
        .to_owned();
    vec![
        SchemaChange::Table(invoices),
        index(
            "invoices_by_created",
            "invoices",
            &["company_id", "created_at", "id"],
        ),
        unique("invoices_by_number", "invoices", &["company_id", "number"]),
        index(
            "invoices_by_partner",
            "invoices",
            &["company_id", "partner_id"],
        ),
        SchemaChange::Table(lines),
        index(
            "invoice_lines_by_invoice",
            "invoice_lines",
            &["company_id", "invoice_id"],
        ),
        SchemaChange::Table(line_taxes),
    ]
}

/// Payments received and made, and what each pays.
fn payment_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let payments = company_table(backend, "payments")
        .col(text("payment_type"))
        .col(uuid(backend, "partner_id"))
        .col(bigint("amount_minor"))
        .col(text("currency"))
        .col(bigint("rate_e10"))
        .col(date("payment_date"))
        .col(uuid(backend, "journal_id"))
        .col(text("method"))
        .col(text_null("reference"))
        .col(text_null("cheque_number"))
        .col(ColumnDef::new("value_date").date().null().to_owned())
        .col(text("state"))
        .col(text_null("number"))
        .col(uuid_null(backend, "journal_entry_id"))
        .col(bigint("amount_allocated_minor"))
        .col(bigint_null("exported_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("payments", "partner_id", "partners"))
        .foreign_key(&mut reference("payments", "journal_id", "journals"))
        .foreign_key(&mut reference(
            "payments",
            "journal_entry_id",
            "journal_entries",
        ))
        .to_owned();
    let allocations = Table::create()
        .table("payment_allocations")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "payment_id"))
        .col(uuid(backend, "invoice_id"))
        .col(bigint("amount_minor"))
        .col(bigint("created_at"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("payment_id")
                .col("invoice_id"),
        )
        .foreign_key(&mut reference(
            "payment_allocations",
            "payment_id",
            "payments",
        ))
        .foreign_key(&mut reference(
            "payment_allocations",
            "invoice_id",
            "invoices",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(payments),
        index(
            "payments_by_created",
            "payments",
            &["company_id", "created_at", "id"],
        ),
        SchemaChange::Table(allocations),
        index(
            "payment_allocations_by_invoice",
            "payment_allocations",
            &["company_id", "invoice_id"],
        ),
    ]
}

/// The exchange difference each allocation realised (company minor units, payment rate minus
/// invoice rate), so that taking the allocation back reverses exactly that. NULL on allocations
/// made before it was kept: those keep refusing to be taken back when they crossed rates.
fn allocation_exchange_column(_backend: DatabaseBackend) -> Vec<SchemaChange> {
    let alter = Table::alter()
        .table("payment_allocations")
        .add_column(
            ColumnDef::new("exchange_difference_minor")
                .big_integer()
                .null()
                .to_owned(),
        )
        .to_owned();
    vec![SchemaChange::Alter(alter)]
}

/// `invoice_lines.project_id` becomes a composite reference to `projects` now that projects exist
/// (m0901, hence the number outside this module's block). On PostgreSQL a real foreign key,
/// `NOT VALID` so that rows written before it are not re-checked (new and changed rows are);
/// SQLite cannot add one to an existing table, and there the write paths ask the
/// `Platform::projects` hook in their write transaction instead (ADR 0013).
///
/// First, on both databases, a line whose project id names no project of its company (written
/// before there were projects to check it against) loses it; and `(company_id, project_id)`
/// is indexed, for the profitability's sums, the project delete's check and the foreign key.
fn invoice_lines_project_reference(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let mut changes = vec![
        clear_dangling_reference("invoice_lines", "project_id", "projects"),
        index(
            "invoice_lines_by_project",
            "invoice_lines",
            &["company_id", "project_id"],
        ),
    ];
    if backend == DatabaseBackend::Postgres {
        changes.push(SchemaChange::Sql(
            "ALTER TABLE invoice_lines ADD CONSTRAINT fk_invoice_lines_project \
             FOREIGN KEY (company_id, project_id) REFERENCES projects (company_id, id) NOT VALID"
                .to_owned(),
        ));
    }
    changes
}

/// The purchase order a vendor bill was made from, and the order line behind each bill line.
/// Purchasing's tables sort later (m07xx) and sit above invoicing, so no foreign key: purchasing
/// checks them when it makes the bill, and again in the posting transaction (three-way match).
fn bills_from_purchase_orders(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let order = Table::alter()
        .table("invoices")
        .add_column(uuid_null(backend, "purchase_order_id"))
        .to_owned();
    let line = Table::alter()
        .table("invoice_lines")
        .add_column(uuid_null(backend, "purchase_order_line_id"))
        .to_owned();
    vec![
        SchemaChange::Alter(order),
        SchemaChange::Alter(line),
        index(
            "invoices_by_purchase_order",
            "invoices",
            &["company_id", "purchase_order_id"],
        ),
        index(
            "invoice_lines_by_purchase_order_line",
            "invoice_lines",
            &["company_id", "purchase_order_line_id"],
        ),
    ]
}

/// The sales order a customer invoice was made from (and its credit notes, which copy it), its
/// salesperson and whether it is a down payment; per line, the order line it invoices or the
/// down-payment line it deducts. Sales' tables sort later (m08xx), so no foreign key: sales
/// checks them when it makes the invoice.
fn invoices_from_sales_orders(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let alter = |table: &'static str, column: ColumnDef| {
        SchemaChange::Alter(Table::alter().table(table).add_column(column).to_owned())
    };
    vec![
        alter("invoices", uuid_null(backend, "order_id")),
        alter("invoices", uuid_null(backend, "salesperson_id")),
        alter(
            "invoices",
            boolean("is_down_payment").default(false).to_owned(),
        ),
        alter("invoice_lines", uuid_null(backend, "order_line_id")),
        alter("invoice_lines", uuid_null(backend, "down_payment_line_id")),
        index(
            "invoices_by_sales_order",
            "invoices",
            &["company_id", "order_id"],
        ),
    ]
}
