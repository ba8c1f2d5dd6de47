//! The platform's tables: users, companies (the tenants), memberships, refresh tokens, login
//! throttling, idempotency keys and platform settings.

use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{
    ColumnDef, ForeignKey, ForeignKeyAction, Index, Query, Table, TableCreateStatement,
};

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, boolean, date_null, integer, text,
    text_null, uuid,
};

pub fn migrations() -> Vec<SchemaMigration> {
    vec![
        SchemaMigration {
            name: "m0001_platform",
            build: platform_tables,
        },
        SchemaMigration {
            name: "m0010_idempotency_per_user",
            build: idempotency_per_user,
        },
        SchemaMigration {
            name: "m0011_login_attempts_refused",
            build: login_attempts_refused,
        },
        // Numbered after the ledger's m0208, which copies the two columns into its own settings
        // first.
        SchemaMigration {
            name: "m0209_companies_without_ledger_settings",
            build: without_ledger_settings,
        },
    ]
}

/// The lock date and the fiscal year's first month belong to the ledger now (m0208 copied
/// them into `accounting_settings`).
fn without_ledger_settings(_backend: DatabaseBackend) -> Vec<SchemaChange> {
    ["fiscal_year_start_month", "lock_date"]
        .into_iter()
        .map(|column| {
            SchemaChange::Alter(
                Table::alter()
                    .table("companies")
                    .drop_column(column)
                    .to_owned(),
            )
        })
        .collect()
}

/// The columns of `idempotency_keys`, in both of its versions.
const IDEMPOTENCY_COLUMNS: [&str; 8] = [
    "company_id",
    "idempotency_key",
    "user_id",
    "request_hash",
    "status",
    "response_body",
    "response_headers",
    "created_at",
];

/// `idempotency_keys` named `name`, keyed by `key`.
fn idempotency_table(backend: DatabaseBackend, name: &str, key: &[&str]) -> TableCreateStatement {
    let mut primary_key = Index::create();
    for column in key {
        primary_key.col((*column).to_owned());
    }
    Table::create()
        .table(name.to_owned())
        .col(uuid(backend, "company_id"))
        .col(text("idempotency_key"))
        .col(uuid(backend, "user_id"))
        .col(text("request_hash"))
        .col(ColumnDef::new("status").integer().null().to_owned())
        .col(text_null("response_body"))
        .col(text_null("response_headers"))
        .col(bigint("created_at"))
        .primary_key(&mut primary_key)
        .foreign_key(
            ForeignKey::create()
                .from(name.to_owned(), "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// An idempotency key belongs to the user who sent it, not to the whole company: another
/// member's request with the same key is their own (and is authorized as theirs). SQLite cannot
/// change a primary key in place, so the table is rebuilt under its name with the rows it has.
fn idempotency_per_user(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let replacement = "idempotency_keys_per_user";
    let mut copy = Query::insert();
    copy.into_table(replacement).columns(IDEMPOTENCY_COLUMNS);
    let rows = Query::select()
        .columns(IDEMPOTENCY_COLUMNS)
        .from("idempotency_keys")
        .to_owned();
    let copy = match copy.select_from(rows) {
        Ok(copy) => copy.to_owned(),
        // The column lists are the same constant: this cannot happen.
        Err(error) => panic!("the copy of idempotency_keys: {error}"),
    };
    vec![
        SchemaChange::Table(idempotency_table(
            backend,
            replacement,
            &["company_id", "user_id", "idempotency_key"],
        )),
        SchemaChange::Insert(copy),
        SchemaChange::Drop(Table::drop().table("idempotency_keys").to_owned()),
        SchemaChange::Rename(
            Table::rename()
                .table(replacement, "idempotency_keys")
                .to_owned(),
        ),
    ]
}

/// Whether the last counted login attempt for an e-mail was refused unchecked (it came while
/// the address had to wait): set by the same statement that counts the attempt.
fn login_attempts_refused(_backend: DatabaseBackend) -> Vec<SchemaChange> {
    vec![SchemaChange::Alter(
        Table::alter()
            .table("login_throttle")
            .add_column(boolean("refused").default(false))
            .to_owned(),
    )]
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

    // Keyed per company until m0010 keyed it per user too.
    let idempotency_keys = idempotency_table(
        backend,
        "idempotency_keys",
        &["company_id", "idempotency_key"],
    );

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
