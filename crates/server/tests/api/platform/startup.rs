//! Starting on a database this build cannot use says what to do.

use arkan_server::app;
use arkan_testkit::test_settings;
use sea_orm::ConnectionTrait;

/// PostgreSQL is migrated on request only: an empty schema stops the start with the command to
/// run, and after `arkan migrate` the same settings start. (SQLite migrates itself.)
#[tokio::test]
async fn an_unmigrated_postgres_database_names_the_fix() {
    let (mut settings, _folder) = test_settings();
    let Some(schema) = settings.database_schema.clone() else {
        // SQLite: the file is created and migrated on start, nothing to tell.
        assert!(app::platform(&settings).await.is_ok());
        return;
    };
    let mut admin = settings.clone();
    admin.database_schema = None;
    app::connect(&admin)
        .await
        .expect("PostgreSQL answers")
        .connection()
        .execute_unprepared(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
        .await
        .expect("a fresh schema");
    settings.migrate = false;
    let refused = app::platform(&settings)
        .await
        .err()
        .expect("an empty database does not start");
    assert!(
        refused.contains("arkan migrate") && refused.contains("ARKAN_MIGRATE=true"),
        "{refused}"
    );
    let db = app::connect(&settings).await.expect("the database opens");
    app::migrate(&db).await.expect("arkan migrate");
    assert!(app::platform(&settings).await.is_ok());
}
