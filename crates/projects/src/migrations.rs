//! The tables of projects. Every table is keyed by company; references between them are
//! composite `(company_id, ..)` keys, so the database refuses a work item of company A in a
//! sprint of company B.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, boolean, company_table, date, date_null,
    index, integer, reference, text, text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{ForeignKeyAction, Index, Table};

pub fn migrations() -> Vec<SchemaMigration> {
    vec![SchemaMigration {
        name: "m0901_projects",
        build: project_tables,
    }]
}

fn project_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let projects = company_table(backend, "projects")
        .col(text("name"))
        .col(text("code"))
        .col(uuid_null(backend, "partner_id"))
        .col(uuid_null(backend, "manager_id"))
        .col(text_null("description"))
        .col(date_null("start_date"))
        .col(date_null("end_date"))
        .col(text_null("billing_type"))
        .col(bigint_null("budget_minor"))
        .col(text("currency"))
        .col(bigint_null("hourly_rate_minor"))
        // A JSON array of strings.
        .col(text("tags"))
        .col(text("state"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("projects", "partner_id", "partners"))
        .to_owned();

    // The last work item number of each project: bumped in the transaction that creates an
    // item, so keys are gapless and never given twice.
    let counters = Table::create()
        .table("work_item_counters")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "project_id"))
        .col(bigint("last_number"))
        .primary_key(Index::create().col("company_id").col("project_id"))
        .foreign_key(
            &mut reference("work_item_counters", "project_id", "projects")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .to_owned();

    let members = Table::create()
        .table("project_members")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "project_id"))
        .col(uuid(backend, "user_id"))
        .col(integer("position"))
        .col(bigint_null("hourly_cost_minor"))
        .col(bigint_null("hourly_rate_minor"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("project_id")
                .col("user_id"),
        )
        .foreign_key(
            &mut reference("project_members", "project_id", "projects")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .to_owned();

    let sprints = company_table(backend, "sprints")
        .col(uuid(backend, "project_id"))
        .col(text("name"))
        .col(text_null("goal"))
        .col(date("start_date"))
        .col(date("end_date"))
        .col(bigint_null("capacity_hours_e2"))
        .col(text("state"))
        // The story points in the sprint when it started; null before.
        .col(bigint_null("committed_points"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("sprints", "project_id", "projects"))
        .to_owned();

    let items = company_table(backend, "work_items")
        .col(uuid(backend, "project_id"))
        .col(bigint("number"))
        .col(text("title"))
        .col(text_null("description"))
        .col(text("item_type"))
        .col(text("state"))
        .col(text("priority"))
        .col(uuid_null(backend, "assignee_id"))
        .col(bigint_null("estimate_hours_e2"))
        .col(bigint_null("story_points"))
        .col(uuid_null(backend, "parent_id"))
        .col(uuid_null(backend, "sprint_id"))
        .col(bigint("sequence"))
        // A JSON array of strings.
        .col(text("labels"))
        .col(date_null("due_date"))
        .col(uuid(backend, "reporter_id"))
        .col(bigint_null("completed_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("work_items", "project_id", "projects"))
        .foreign_key(&mut reference("work_items", "parent_id", "work_items"))
        .foreign_key(&mut reference("work_items", "sprint_id", "sprints"))
        .to_owned();

    let entries = company_table(backend, "time_entries")
        .col(uuid(backend, "project_id"))
        .col(uuid_null(backend, "work_item_id"))
        .col(uuid(backend, "user_id"))
        .col(date("entry_date"))
        .col(bigint("hours_e2"))
        .col(text_null("description"))
        .col(boolean("billable"))
        .col(bigint("cost_minor"))
        .col(bigint("billable_minor"))
        .col(uuid_null(backend, "invoice_id"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("time_entries", "project_id", "projects"))
        .foreign_key(&mut reference("time_entries", "work_item_id", "work_items"))
        .foreign_key(&mut reference("time_entries", "invoice_id", "invoices"))
        .to_owned();

    vec![
        SchemaChange::Table(projects),
        unique("ux_projects_code", "projects", &["company_id", "code"]),
        index(
            "ix_projects_created",
            "projects",
            &["company_id", "created_at", "id"],
        ),
        SchemaChange::Table(counters),
        SchemaChange::Table(members),
        SchemaChange::Table(sprints),
        index(
            "ix_sprints_project",
            "sprints",
            &["company_id", "project_id", "created_at"],
        ),
        SchemaChange::Table(items),
        unique(
            "ux_work_items_number",
            "work_items",
            &["company_id", "project_id", "number"],
        ),
        index(
            "ix_work_items_sprint",
            "work_items",
            &["company_id", "sprint_id"],
        ),
        index(
            "ix_work_items_parent",
            "work_items",
            &["company_id", "parent_id"],
        ),
        SchemaChange::Table(entries),
        index(
            "ix_time_entries_project",
            "time_entries",
            &["company_id", "project_id", "entry_date"],
        ),
        index(
            "ix_time_entries_item",
            "time_entries",
            &["company_id", "work_item_id"],
        ),
    ]
}
