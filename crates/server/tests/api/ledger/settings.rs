//! The company's lock date and fiscal year start: kept by the ledger in its own settings, shown
//! and changed as part of the company (`/companies/:id`), and carried forward from databases
//! made before they moved.

use arkan_server::app::{self, Migrator};
use arkan_testkit::{TestApp, test_settings};
use axum::http::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use sea_orm_migration::MigratorTrait;
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn the_lock_date_and_fiscal_year_start_are_kept_by_the_ledger_and_shown_on_the_company() {
    let books = TestApp::company().with_uae_chart().await;
    let shown = books.get(&format!("/api/v1/companies/{}", books.id)).await;
    assert_eq!(shown.body["fiscalYearStartMonth"], 1);
    assert_eq!(shown.body["lockDate"], json!(null));

    // A company created with April as its first month reports it at once.
    let april = books
        .app
        .post(
            "/api/v1/companies",
            &books.token,
            None,
            json!({"name": "April LLC", "currency": "AED", "country": "AE",
                   "fiscalYearStartMonth": 4}),
        )
        .await;
    assert_eq!(april.status, StatusCode::CREATED, "{:?}", april.body);
    assert_eq!(april.body["fiscalYearStartMonth"], 4);
    assert_eq!(april.body["lockDate"], json!(null));

    let locked = books.update(json!({"lockDate": "2026-03-31"})).await;
    assert_eq!(locked.status, StatusCode::OK, "{:?}", locked.body);
    assert_eq!(locked.body["lockDate"], "2026-03-31");
    assert_eq!(locked.body["fiscalYearStartMonth"], 1);

    // The list shows each company's own settings.
    let list = books.app.get("/api/v1/companies", &books.token, None).await;
    let by_name = |name: &str| {
        list.body["data"]
            .as_array()
            .expect("a list")
            .iter()
            .find(|company| company["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} in {:?}", list.body))
    };
    assert_eq!(by_name("Test LLC")["lockDate"], "2026-03-31");
    assert_eq!(by_name("April LLC")["lockDate"], json!(null));
    assert_eq!(by_name("April LLC")["fiscalYearStartMonth"], 4);

    // The ledger enforces the date it keeps: on the lock date no, the day after yes.
    let early = books
        .draft_entry(books.entry("2026-03-31", "101000", "301000", "10"))
        .await;
    let refused = books.post_entry(early).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.code(), "period_locked");
    books
        .posted_entry("2026-04-01", "101000", "301000", "10")
        .await;

    // Bad values change nothing.
    for body in [
        json!({"fiscalYearStartMonth": 13}),
        json!({"fiscalYearStartMonth": 0}),
        json!({"lockDate": "31/03/2026"}),
        json!({"lockDate": "2026-02-30", "fiscalYearStartMonth": 7}),
    ] {
        let bad = books.update(body.clone()).await;
        assert_eq!(
            bad.status,
            StatusCode::BAD_REQUEST,
            "{body}: {:?}",
            bad.body
        );
        assert_eq!(bad.code(), "validation_failed");
    }
    let unchanged = books.get(&format!("/api/v1/companies/{}", books.id)).await;
    assert_eq!(unchanged.body["lockDate"], "2026-03-31");
    assert_eq!(unchanged.body["fiscalYearStartMonth"], 1);

    // Only an owner or admin changes them; an accountant's try leaves them as they were.
    let (_, accountant) = books.member("accountant@arkan.test", "accountant").await;
    let denied = books
        .app
        .patch(
            &format!("/api/v1/companies/{}", books.id),
            &accountant,
            None,
            json!({"lockDate": null}),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);

    // Clearing the lock opens the period again.
    let cleared = books.update(json!({"lockDate": null})).await;
    assert_eq!(cleared.status, StatusCode::OK);
    assert_eq!(cleared.body["lockDate"], json!(null));
    assert_eq!(books.post_entry(early).await.status, StatusCode::OK);

    // Another company's settings are out of reach.
    let foreign = TestApp::company().named("Elsewhere LLC").await;
    let other = books
        .app
        .patch(
            &format!("/api/v1/companies/{}", foreign.id),
            &accountant,
            None,
            json!({"lockDate": "2026-01-31"}),
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}

/// A database made before m0208 keeps each company's lock date and fiscal year start: the
/// values move from `companies` into the ledger's settings, for companies with settings of
/// their own (a tax rounding) and without.
#[tokio::test]
async fn an_older_database_carries_the_settings_forward() {
    let (mut settings, folder) = test_settings();
    let admin_settings = {
        let mut admin = settings.clone();
        admin.database_schema = None;
        admin
    };
    if let Some(schema) = &settings.database_schema {
        let db = app::connect(&admin_settings)
            .await
            .expect("PostgreSQL answers");
        db.connection()
            .execute_unprepared(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
            .await
            .expect("a fresh schema");
    }
    let db = app::connect(&settings).await.expect("the database opens");
    let before = Migrator::migrations()
        .iter()
        .position(|migration| migration.name() == "m0208_ledger_settings_from_companies")
        .expect("m0208 is registered");
    Migrator::up(db.connection(), Some(before as u32))
        .await
        .expect("the older migrations run");

    let backend = db.connection().get_database_backend();
    let (plain, rounded) = (Uuid::now_v7(), Uuid::now_v7());
    let id = |uuid: Uuid| match backend {
        DatabaseBackend::Postgres => format!("'{uuid}'"),
        _ => format!("X'{}'", uuid.simple()),
    };
    for (company, name, month, lock) in [
        (plain, "Plain LLC", 4, "'2025-03-31'"),
        (rounded, "Rounded LLC", 7, "NULL"),
    ] {
        let insert = format!(
            "INSERT INTO companies (id, name, legal_name, currency, country, plan, \
             chart_template, trn, fiscal_year_start_month, lock_date, created_at, updated_at) \
             VALUES ({}, '{name}', NULL, 'AED', 'AE', 'professional', 'none', NULL, {month}, \
             {lock}, 1, 1)",
            id(company)
        );
        db.connection()
            .execute_unprepared(&insert)
            .await
            .expect("an old company");
    }
    db.connection()
        .execute_unprepared(&format!(
            "INSERT INTO accounting_settings (company_id, tax_rounding, updated_at) \
             VALUES ({}, 'document', 1)",
            id(rounded)
        ))
        .await
        .expect("an old setting");

    // The server migrates the rest when it starts (SQLite always; PostgreSQL with --migrate).
    settings.migrate = true;
    let server = TestApp::start(settings, folder).await;
    let admin = server.admin_token().await;
    let plain_view = server
        .get(&format!("/api/v1/companies/{plain}"), &admin, None)
        .await;
    assert_eq!(plain_view.status, StatusCode::OK, "{:?}", plain_view.body);
    assert_eq!(plain_view.body["fiscalYearStartMonth"], 4);
    assert_eq!(plain_view.body["lockDate"], "2025-03-31");
    let rounded_view = server
        .get(&format!("/api/v1/companies/{rounded}"), &admin, None)
        .await;
    assert_eq!(rounded_view.body["fiscalYearStartMonth"], 7);
    assert_eq!(rounded_view.body["lockDate"], json!(null));

    let connection = server.platform.db.connection();
    let rows = connection
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT tax_rounding, fiscal_year_start_month FROM accounting_settings \
             ORDER BY fiscal_year_start_month",
        ))
        .await
        .expect("the ledger's settings");
    let kept: Vec<(String, i32)> = rows
        .iter()
        .map(|row| {
            (
                row.try_get("", "tax_rounding").expect("rounding"),
                row.try_get("", "fiscal_year_start_month").expect("month"),
            )
        })
        .collect();
    assert_eq!(
        kept,
        [("line".to_owned(), 4), ("document".to_owned(), 7)],
        "a row each, the old rounding kept"
    );
    // `companies` no longer carries them.
    let gone = connection
        .execute_unprepared("SELECT lock_date FROM companies")
        .await;
    assert!(gone.is_err(), "companies.lock_date should be dropped");
}
