//! The database: one code path over SQLite and PostgreSQL through SeaORM / sea-query.

use std::path::Path;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// The connection pool, and the one way to open a write transaction.
#[derive(Clone, Debug)]
pub struct Db {
    connection: DatabaseConnection,
}

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://...`). A SQLite file and its folder are
    /// created when missing; SQLite runs in WAL mode with foreign keys on.
    pub async fn connect(url: &str, schema: Option<&str>) -> Result<Db, DbErr> {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(30));
        if url.starts_with("sqlite:") {
            if let Some(path) = sqlite_file(url)
                && let Some(parent) = Path::new(path).parent()
                && !parent.as_os_str().is_empty()
            {
                std::fs::create_dir_all(parent)
                    .map_err(|error| DbErr::Custom(format!("cannot create {parent:?}: {error}")))?;
            }
            options
                .max_connections(8)
                .min_connections(1)
                .map_sqlx_sqlite_opts(|sqlite| {
                    sqlite
                        .create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(10))
                });
        } else {
            options.max_connections(32).min_connections(1);
            if let Some(schema) = schema {
                options.set_schema_search_path(schema.to_owned());
            }
        }
        let connection = sea_orm::Database::connect(options).await?;
        Ok(Db { connection })
    }

    /// For reads, and for statements that need no transaction.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.connection
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.connection.get_database_backend()
    }

    /// Starts a write transaction. On SQLite it is `BEGIN IMMEDIATE`, so a transaction that
    /// reads before it writes cannot fail with SQLITE_BUSY half-way.
    pub async fn write(&self) -> Result<DatabaseTransaction, DbErr> {
        self.connection
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await
    }

    /// Answers whether the database responds (for `/readyz`).
    pub async fn ping(&self) -> bool {
        self.connection.ping().await.is_ok()
    }
}

fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    if path.is_empty() || path == ":memory:" {
        None
    } else {
        Some(path)
    }
}
