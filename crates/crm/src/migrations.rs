//! The partner directory's tables. Every table is keyed `(company_id, id)` and refers to other
//! tenant rows through composite keys, so the database itself refuses a contact of company A
//! pointing at a partner of company B.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, boolean, reference, text, text_null, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{ColumnDef, ForeignKey, ForeignKeyAction, Index, Table};

pub fn migrations() -> Vec<SchemaMigration> {
    vec![
        SchemaMigration {
            name: "m0101_crm_partners",
            build: partner_tables,
        },
        SchemaMigration {
            name: "m0219_partner_invoicing_terms",
            build: partner_invoicing_terms,
        },
    ]
}

/// A partner's payment term and fiscal position. Both are invoicing's master data, so this
/// migration sorts after invoicing's m0216 and m0217 that made their tables; composite keys make
/// the database refuse another company's term or position, and a term or position in use cannot
/// be deleted.
fn partner_invoicing_terms(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let table = Table::create()
        .table("partner_invoicing_terms")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "partner_id"))
        .col(uuid_null(backend, "payment_term_id"))
        .col(uuid_null(backend, "fiscal_position_id"))
        .primary_key(Index::create().col("company_id").col("partner_id"))
        .foreign_key(&mut reference(
            "partner_invoicing_terms",
            "partner_id",
            "partners",
        ))
        .foreign_key(&mut reference(
            "partner_invoicing_terms",
            "payment_term_id",
            "payment_terms",
        ))
        .foreign_key(&mut reference(
            "partner_invoicing_terms",
            "fiscal_position_id",
            "fiscal_positions",
        ))
        .to_owned();
    vec![SchemaChange::Table(table)]
}

fn partner_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let partners = Table::create()
        .table("partners")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "id"))
        .col(text("name"))
        .col(text_null("legal_name"))
        .col(text_null("trn"))
        .col(text_null("email"))
        .col(text_null("phone"))
        .col(text_null("street"))
        .col(text_null("city"))
        .col(text_null("emirate"))
        .col(text_null("country"))
        .col(text_null("postal_code"))
        .col(text_null("currency"))
        .col(
            ColumnDef::new("payment_terms_days")
                .integer()
                .null()
                .to_owned(),
        )
        .col(
            ColumnDef::new("credit_limit_minor")
                .big_integer()
                .null()
                .to_owned(),
        )
        .col(boolean("is_client"))
        .col(boolean("is_vendor"))
        .col(boolean("active"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .primary_key(Index::create().col("company_id").col("id"))
        .foreign_key(
            ForeignKey::create()
                .from("partners", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    let partners_by_created = Index::create()
        .name("partners_by_created")
        .table("partners")
        .col("company_id")
        .col("created_at")
        .col("id")
        .to_owned();
    let partners_by_name = Index::create()
        .name("partners_by_name")
        .table("partners")
        .col("company_id")
        .col("name")
        .col("id")
        .to_owned();

    let tags = Table::create()
        .table("partner_tags")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "partner_id"))
        .col(text("tag"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("partner_id")
                .col("tag"),
        )
        .foreign_key(
            ForeignKey::create()
                .from("partner_tags", ("company_id", "partner_id"))
                .to("partners", ("company_id", "id"))
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    let tags_by_tag = Index::create()
        .name("partner_tags_by_tag")
        .table("partner_tags")
        .col("company_id")
        .col("tag")
        .to_owned();

    let contacts = Table::create()
        .table("contacts")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "id"))
        .col(text("name"))
        .col(text_null("email"))
        .col(text_null("phone"))
        .col(text_null("job_title"))
        .col(uuid_null(backend, "partner_id"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .primary_key(Index::create().col("company_id").col("id"))
        .foreign_key(
            ForeignKey::create()
                .from("contacts", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .from("contacts", ("company_id", "partner_id"))
                .to("partners", ("company_id", "id")),
        )
        .to_owned();
    let contacts_by_created = Index::create()
        .name("contacts_by_created")
        .table("contacts")
        .col("company_id")
        .col("created_at")
        .col("id")
        .to_owned();
    let contacts_by_partner = Index::create()
        .name("contacts_by_partner")
        .table("contacts")
        .col("company_id")
        .col("partner_id")
        .to_owned();

    // Totals per company and role, kept in the same transaction as every partner write, so an
    // unfiltered list answers `meta.total` without counting every partner.
    let totals = Table::create()
        .table("partner_totals")
        .col(uuid(backend, "company_id"))
        .col(text("role"))
        .col(bigint("total"))
        .col(bigint("active"))
        .primary_key(Index::create().col("company_id").col("role"))
        .foreign_key(
            ForeignKey::create()
                .from("partner_totals", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();

    vec![
        SchemaChange::Table(partners),
        SchemaChange::Table(totals),
        SchemaChange::Index(partners_by_created),
        SchemaChange::Index(partners_by_name),
        SchemaChange::Table(tags),
        SchemaChange::Index(tags_by_tag),
        SchemaChange::Table(contacts),
        SchemaChange::Index(contacts_by_created),
        SchemaChange::Index(contacts_by_partner),
    ]
}
