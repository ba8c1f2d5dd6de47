//! Banking's tables: the bank details of partners, keyed `(company_id, partner_id)`.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, reference, text, text_null, uuid,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{Index, Table};

pub fn migrations() -> Vec<SchemaMigration> {
    vec![SchemaMigration {
        name: "m0203_partner_bank_details",
        build: bank_details_table,
    }]
}

/// Where a partner is paid: one bank account per partner, for payment files.
fn bank_details_table(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let table = Table::create()
        .table("partner_bank_details")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "partner_id"))
        .col(text("iban"))
        .col(text("bank_name"))
        .col(text_null("bic"))
        .col(text_null("routing_code"))
        .col(text("account_holder_name"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .primary_key(Index::create().col("company_id").col("partner_id"))
        .foreign_key(&mut reference(
            "partner_bank_details",
            "partner_id",
            "partners",
        ))
        .to_owned();
    vec![SchemaChange::Table(table)]
}
