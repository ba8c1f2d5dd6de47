//! The platform's tables: users, companies (the tenants), memberships, refresh tokens, login
//! throttling, idempotency keys and platform settings.

use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{ForeignKey, ForeignKeyAction, Index, Table};

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, boolean, date_null, integer, text,
    text_null, uuid,
};

pub fn migrations() -> Vec<SchemaMigration> {
    vec![SchemaMigration {
        name: "m0001_platform",
        build: platform_tables,
    }]
}

fn platform_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let users = Table::create()
        .table("users")
        .col(uuid(backend, "id").primary_key())
        .col(text("email").unique_key())
        .col(text("password_hash"))
        .col(text("full_name"))
        .col(boolean("is_platform_admin"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .to_owned();

    let companies = Table::create()
        .table("companies")
        .col(uuid(backend, "id").primary_key())
        .col(text("name"))
        .col(text_null("legal_name"))
        .col(text("currency"))
        .col(text("country"))
        .col(text("plan"))
        .col(text("chart_template"))
        .col(text_null("trn"))
        .col(integer("fiscal_year_start_month"))
        .col(date_null("lock_date"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .to_owned();

    let memberships = Table::create()
        .table("memberships")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "user_id"))
        .col(text("role"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .primary_key(Index::create().col("company_id").col("user_id"))
        .foreign_key(
            ForeignKey::create()
                .from("memberships", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .from("memberships", "user_id")
                .to("users", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    let memberships_by_user = Index::create()
        .name("memberships_by_user")
        .table("memberships")
        .col("user_id")
        .to_owned();

    let refresh_tokens = Table::create()
        .table("refresh_tokens")
        .col(uuid(backend, "id").primary_key())
        .col(text("token_hash").unique_key())
        .col(uuid(backend, "user_id"))
        .col(uuid(backend, "family_id"))
        .col(bigint("expires_at"))
        .col(bigint_null("used_at"))
        .col(bigint_null("revoked_at"))
        .col(bigint("created_at"))
        .foreign_key(
            ForeignKey::create()
                .from("refresh_tokens", "user_id")
                .to("users", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    let refresh_tokens_by_family = Index::create()
        .name("refresh_tokens_by_family")
        .table("refresh_tokens")
        .col("family_id")
        .to_owned();

    let login_throttle = Table::create()
        .table("login_throttle")
        .col(text("email").primary_key())
        .col(integer("failures"))
        .col(bigint("locked_until"))
        .col(bigint("updated_at"))
        .to_owned();

    let idempotency_keys = Table::create()
        .table("idempotency_keys")
        .col(uuid(backend, "company_id"))
        .col(text("idempotency_key"))
        .col(uuid(backend, "user_id"))
        .col(text("request_hash"))
        .col(
            sea_orm::sea_query::ColumnDef::new("status")
                .integer()
                .null()
                .to_owned(),
        )
        .col(text_null("response_body"))
        .col(text_null("response_headers"))
        .col(bigint("created_at"))
        .primary_key(Index::create().col("company_id").col("idempotency_key"))
        .foreign_key(
            ForeignKey::create()
                .from("idempotency_keys", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();

    let settings = Table::create()
        .table("platform_settings")
        .col(text("key").primary_key())
        .col(text("value"))
        .to_owned();

    vec![
        SchemaChange::Table(users),
        SchemaChange::Table(companies),
        SchemaChange::Table(memberships),
        SchemaChange::Index(memberships_by_user),
        SchemaChange::Table(refresh_tokens),
        SchemaChange::Index(refresh_tokens_by_family),
        SchemaChange::Table(login_throttle),
        SchemaChange::Table(idempotency_keys),
        SchemaChange::Table(settings),
    ]
}
