//! The notifications table: one row per person to tell, keyed `(company_id, id)`.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, company_table, index, text, text_null,
    uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{ForeignKey, ForeignKeyAction};

pub fn migrations() -> Vec<SchemaMigration> {
    vec![SchemaMigration {
        name: "m1301_notifications",
        build: notifications_table,
    }]
}

fn notifications_table(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let table = company_table(backend, "notifications")
        .col(uuid(backend, "user_id"))
        .col(text("kind"))
        .col(text("title"))
        .col(text_null("body"))
        .col(text_null("module_key"))
        .col(text_null("resource_type"))
        .col(uuid_null(backend, "resource_id"))
        .col(bigint_null("read_at"))
        .col(bigint("created_at"))
        .foreign_key(
            ForeignKey::create()
                .from("notifications", "user_id")
                .to("users", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    vec![
        SchemaChange::Table(table),
        index(
            "notifications_by_user",
            "notifications",
            &["company_id", "user_id", "created_at"],
        ),
    ]
}
