//! The webhook tables, keyed `(company_id, id)`: the subscriptions, and their deliveries (one row
//! per event sent to a webhook, with its attempts and the exact body sent).

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, boolean, company_table, index, integer,
    reference, text, text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{ColumnDef, ForeignKeyAction};

pub fn migrations() -> Vec<SchemaMigration> {
    vec![SchemaMigration {
        name: "m1303_webhooks",
        build: webhook_tables,
    }]
}

fn webhook_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let webhooks = company_table(backend, "webhooks")
        .col(text("url"))
        // A JSON array of patterns: `invoice.posted`, `invoice.*`, `*`.
        .col(text("events"))
        .col(text_null("description"))
        .col(boolean("active"))
        .col(text("secret"))
        .col(bigint_null("failing_since"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .to_owned();
    let mut of_webhook = reference("webhook_deliveries", "webhook_id", "webhooks");
    of_webhook.on_delete(ForeignKeyAction::Cascade);
    let deliveries = company_table(backend, "webhook_deliveries")
        .col(uuid(backend, "webhook_id"))
        // The event: its number in the company (its id), name, room, resource and instant.
        .col(bigint("event_seq"))
        .col(text("event_name"))
        .col(text("module_key"))
        .col(uuid_null(backend, "resource_id"))
        .col(bigint("occurred_at"))
        // `<webhook>:<event>` for the delivery the dispatcher made, so it makes one per event
        // even if it runs twice; NULL for redeliveries.
        .col(text_null("dedup_key"))
        .col(text("state"))
        .col(integer("attempts"))
        .col(
            ColumnDef::new("last_status_code")
                .integer()
                .null()
                .to_owned(),
        )
        .col(text_null("last_error"))
        .col(bigint_null("next_attempt_at"))
        // The exact body sent, fixed at the first attempt.
        .col(text_null("body"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut of_webhook)
        .to_owned();
    vec![
        SchemaChange::Table(webhooks),
        index(
            "webhooks_by_created",
            "webhooks",
            &["company_id", "created_at"],
        ),
        SchemaChange::Table(deliveries),
        index(
            "webhook_deliveries_by_webhook",
            "webhook_deliveries",
            &["company_id", "webhook_id", "created_at"],
        ),
        unique(
            "webhook_deliveries_once",
            "webhook_deliveries",
            &["company_id", "dedup_key"],
        ),
    ]
}
