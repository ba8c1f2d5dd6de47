//! Reconciliation's tables (m04xx): imported bank statements, their lines and how each line
//! is matched.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, boolean, company_table, date, date_null, index, integer,
    reference, text, text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{ForeignKeyAction, Table};

pub fn migrations() -> Vec<SchemaMigration> {
    vec![
        SchemaMigration {
            name: "m0401_bank_statements",
            build: statement_tables,
        },
        SchemaMigration {
            name: "m0402_bank_statement_matches",
            build: match_table,
        },
        SchemaMigration {
            name: "m0403_bank_statement_matches_journal_line",
            build: journal_line_matches,
        },
        SchemaMigration {
            name: "m0404_bank_statement_matches_invoice",
            build: invoice_matches,
        },
    ]
}

/// A statement belongs to a bank journal (composite key into the ledger's `journals`); its
/// `fingerprint` (balances, days and amounts) is unique per journal, so the same statement
/// cannot be imported twice even by two requests at once. A line's partner is the one whose
/// bank details (this crate's `partner_bank_details`) carry its IBAN.
fn statement_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let statements = company_table(backend, "bank_statements")
        .col(uuid(backend, "journal_id"))
        .col(text("name"))
        .col(text_null("reference"))
        .col(date("date_from"))
        .col(date("date_to"))
        .col(text("currency"))
        .col(text("format"))
        .col(bigint("opening_minor"))
        .col(bigint("closing_minor"))
        .col(text("fingerprint"))
        .col(integer("line_count"))
        .col(integer("matched_count"))
        .col(text("state"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("bank_statements", "journal_id", "journals"))
        .to_owned();
    let lines = company_table(backend, "bank_statement_lines")
        .col(uuid(backend, "statement_id"))
        .col(integer("sequence"))
        .col(date("date"))
        .col(date_null("value_date"))
        .col(bigint("amount_minor"))
        .col(text("description"))
        .col(text_null("reference"))
        .col(text_null("partner_name"))
        .col(text_null("iban"))
        .col(uuid_null(backend, "partner_id"))
        .col(text("state"))
        .col(bigint("matched_minor"))
        .foreign_key(
            &mut reference("bank_statement_lines", "statement_id", "bank_statements")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut reference(
            "bank_statement_lines",
            "partner_id",
            "partners",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(statements),
        index(
            "bank_statements_by_created",
            "bank_statements",
            &["company_id", "created_at", "id"],
        ),
        unique(
            "bank_statements_by_fingerprint",
            "bank_statements",
            &["company_id", "journal_id", "fingerprint"],
        ),
        index(
            "bank_statements_by_reference",
            "bank_statements",
            &["company_id", "journal_id", "reference"],
        ),
        SchemaChange::Table(lines),
        unique(
            "bank_statement_lines_by_statement",
            "bank_statement_lines",
            &["company_id", "statement_id", "sequence"],
        ),
        index(
            "bank_statement_lines_by_state",
            "bank_statement_lines",
            &["company_id", "state", "date"],
        ),
    ]
}

/// How each line is explained: a payment, or an account an entry was booked to (a fee, the
/// write-off of the rest). A payment explains one line at most (unique); the line's state and
/// matched amount are kept on the line.
fn match_table(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let matches = company_table(backend, "bank_statement_matches")
        .col(uuid(backend, "line_id"))
        .col(uuid_null(backend, "payment_id"))
        .col(uuid_null(backend, "account_id"))
        .col(bigint("amount_minor"))
        .col(uuid_null(backend, "journal_entry_id"))
        .col(boolean("write_off"))
        .col(boolean("booked"))
        .col(bigint("created_at"))
        .foreign_key(
            &mut reference("bank_statement_matches", "line_id", "bank_statement_lines")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut reference(
            "bank_statement_matches",
            "payment_id",
            "payments",
        ))
        .foreign_key(&mut reference(
            "bank_statement_matches",
            "account_id",
            "accounts",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(matches),
        index(
            "bank_statement_matches_by_line",
            "bank_statement_matches",
            &["company_id", "line_id"],
        ),
        unique(
            "bank_statement_matches_by_payment",
            "bank_statement_matches",
            &["company_id", "payment_id"],
        ),
    ]
}

/// A line may also be matched to a posted line of the books on the bank account (an entry
/// booked by hand), each matched once. No foreign key: SQLite cannot add one to an existing
/// table, and the service reads the line through the ledger's `books::posted_line` in the
/// write transaction.
fn journal_line_matches(backend: DatabaseBackend) -> Vec<SchemaChange> {
    vec![
        SchemaChange::Alter(
            Table::alter()
                .table("bank_statement_matches")
                .add_column(uuid_null(backend, "journal_line_id"))
                .to_owned(),
        ),
        unique(
            "bank_statement_matches_by_journal_line",
            "bank_statement_matches",
            &["company_id", "journal_line_id"],
        ),
        index(
            "bank_statement_matches_by_entry",
            "bank_statement_matches",
            &["company_id", "journal_entry_id"],
        ),
    ]
}

/// The document a match's payment was made for (matched by `invoiceId`). No foreign key, as in
/// m0403; the payment's own allocation holds the document.
fn invoice_matches(backend: DatabaseBackend) -> Vec<SchemaChange> {
    vec![SchemaChange::Alter(
        Table::alter()
            .table("bank_statement_matches")
            .add_column(uuid_null(backend, "invoice_id"))
            .to_owned(),
    )]
}
