//! The reports' own tables (m03xx).

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, company_table, date, index, integer, reference, text,
    text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::ForeignKeyAction;

pub fn migrations() -> Vec<SchemaMigration> {
    vec![SchemaMigration {
        name: "m0301_budgets",
        build: budget_tables,
    }]
}

/// Budgets and their lines. A line names an account (composite key into the ledger's
/// `accounts`) and maybe a project: projects' table is made later (m0901), so that id is
/// checked through the platform's projects hook in the write transaction, as journal lines'.
fn budget_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let budgets = company_table(backend, "budgets")
        .col(text("name"))
        .col(uuid(backend, "fiscal_year_id"))
        // The fiscal year's span when the budget was written.
        .col(date("date_from"))
        .col(date("date_to"))
        .col(text("currency"))
        .col(text("state"))
        .col(text_null("cancel_reason"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("budgets", "fiscal_year_id", "fiscal_years"))
        .to_owned();
    let lines = company_table(backend, "budget_lines")
        .col(uuid(backend, "budget_id"))
        .col(integer("line_no"))
        .col(uuid(backend, "account_id"))
        .col(uuid_null(backend, "project_id"))
        .col(bigint("amount_minor"))
        // One amount per month of the fiscal year, in minor units, comma separated.
        .col(text("monthly_minor"))
        .foreign_key(
            &mut reference("budget_lines", "budget_id", "budgets")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut reference("budget_lines", "account_id", "accounts"))
        .to_owned();
    vec![
        SchemaChange::Table(budgets),
        index(
            "budgets_by_created",
            "budgets",
            &["company_id", "created_at", "id"],
        ),
        index(
            "budgets_by_fiscal_year",
            "budgets",
            &["company_id", "fiscal_year_id"],
        ),
        SchemaChange::Table(lines),
        unique(
            "budget_lines_by_budget",
            "budget_lines",
            &["company_id", "budget_id", "line_no"],
        ),
        index(
            "budget_lines_by_project",
            "budget_lines",
            &["company_id", "project_id"],
        ),
        index(
            "budget_lines_by_account",
            "budget_lines",
            &["company_id", "account_id"],
        ),
    ]
}
