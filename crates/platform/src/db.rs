//! The database: one code path over SQLite and PostgreSQL through SeaORM / sea-query.

use std::cell::RefCell;
use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    AccessMode, ConnectOptions, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, DbErr, IsolationLevel, SqliteTransactionMode, Statement,
    TransactionOptions, TransactionTrait,
};
use tokio::sync::{Mutex, OwnedMutexGuard};
use tracing::Instrument;

use crate::events::{EventKind, Pending};
use crate::read_cache::{Change, ReadCache};

/// Connections in the pool.
const SQLITE_POOL: u32 = 8;
/// Statements a SQLite connection keeps prepared: the writer's serve every module's writes.
const SQLITE_WRITER_STATEMENTS: usize = 400;
/// Rows a SQLite connection's worker thread may read ahead of the task taking them. sqlx's
/// default (50) wakes the two threads every few rows of a long read; a report of 100,000 rows
/// spent a quarter of its time switching between them.
const SQLITE_ROW_BUFFER: usize = 4096;
/// How much of the database file SQLite reads through a memory map rather than copying each
/// page into its cache (a long read otherwise allocates and frees a page at a time).
const SQLITE_MMAP_BYTES: u64 = 256 << 20;
const POSTGRES_POOL: u32 = 32;

/// The connection pool, and the one way to open a write transaction.
#[derive(Clone, Debug)]
pub struct Db {
    connection: DatabaseConnection,
    /// On a SQLite file, the one connection write transactions run on. SQLite writes one at a
    /// time anyway; a connection that alone writes finds its page cache and memory map still
    /// true at each `BEGIN`, where one of the pool drops them whenever another wrote since it
    /// last ran, and reads the changed pages back from the WAL.
    writer: Option<DatabaseConnection>,
    /// SQLite has one writer at a time. Writers of this process queue here instead of
    /// polling SQLite's busy handler (which sleeps in growing steps and makes latency spiky);
    /// the busy timeout still covers another process holding the file.
    sqlite_writer: Option<Arc<Mutex<()>>>,
    /// What reads may be answered from memory; told of every committed change.
    reads: Arc<ReadCache>,
    /// Turns for requests that hold a write transaction while their handler runs (idempotent
    /// POSTs): at most half the pool, so that they and the reads they make can never take
    /// every connection and wait on each other.
    held_writes: Arc<tokio::sync::Semaphore>,
    /// The one turn to read on a second connection beside a snapshot (see
    /// [`Db::snapshot_pair`]): with one, at most one request ever holds a connection while it
    /// waits for another, so such requests can never take the whole pool and wait on each other.
    beside_turn: Arc<tokio::sync::Semaphore>,
    /// Woken after every commit that wrote to the outbox (the event dispatcher waits on it).
    outbox: Arc<tokio::sync::Notify>,
    /// Whether commits write their events to the outbox: always, except in the benchmark that
    /// measures what the outbox costs.
    events_on: Arc<std::sync::atomic::AtomicBool>,
}

/// The outbox rows of a transaction's events, in the form the database lets another write carry
/// them ([`WriteTransaction::take_outbox`]).
#[derive(Default)]
pub struct OutboxRiders {
    /// PostgreSQL: two parts for the `WITH` of the caller's statement, named `outbox_counter`
    /// and `outbox_rows`.
    pub parts: Vec<sea_orm::sea_query::CommonTableExpression>,
    /// SQLite: statements to run right after the caller's, in the same batch
    /// ([`crate::sql::batch`]: one hand-over); they return no rows.
    pub after: Vec<Statement>,
}

/// A write transaction; on SQLite it also holds this process's writer turn until it ends.
pub struct WriteTransaction {
    transaction: DatabaseTransaction,
    _turn: Option<OwnedMutexGuard<()>>,
    changes: Vec<Change>,
    reads: Arc<ReadCache>,
    events: Vec<Pending>,
    /// Events already written to the outbox by a statement of the caller's
    /// ([`WriteTransaction::take_outbox`]).
    recorded: bool,
    outbox: Arc<tokio::sync::Notify>,
    events_on: bool,
}

impl WriteTransaction {
    /// Names a change this transaction makes, of a kind its module declared: at commit it
    /// becomes an outbox row in this same transaction (see [`crate::events`]), and what the
    /// kind invalidates gets new read-cache stamps before the write is acknowledged.
    pub fn emit(
        &mut self,
        company: arkan_kernel::CompanyId,
        kind: EventKind,
        resource: impl Into<Option<uuid::Uuid>>,
    ) {
        if let Some(change) = kind.change(company)
            && !self.changes.contains(&change)
        {
            self.changes.push(change);
        }
        self.events
            .push(Pending::change(company, kind, resource.into()));
    }

    /// Adds an event for one person (a notification, a direct message), sent at commit.
    pub fn push(&mut self, event: Pending) {
        self.events.push(event);
    }

    /// The outbox rows of the events named so far, for the statement the caller runs next in
    /// this transaction to carry ([`OutboxRiders`]); they are taken off the transaction, so the
    /// commit does not write them again, and the caller must run them or not commit. For a
    /// write whose last statement the company's other writers wait on (a posting's, under the
    /// ledger's chain row): the outbox rides with it instead of taking a round trip of its own
    /// before the commit. Empty, with nothing taken, when events are off, or for events of
    /// another company than `company` or more than a few hundred.
    pub fn take_outbox(&mut self, company: arkan_kernel::CompanyId) -> OutboxRiders {
        let fits = self.events_on
            && !self.events.is_empty()
            && self.events.len() <= crate::events::EVENTS_PER_PART
            && self.events.iter().all(|event| event.company == company);
        if !fits {
            return OutboxRiders::default();
        }
        let events = std::mem::take(&mut self.events);
        self.recorded = true;
        let backend = self.transaction.get_database_backend();
        match backend {
            DatabaseBackend::Postgres => OutboxRiders {
                parts: crate::events::outbox_parts(company, &events),
                after: Vec::new(),
            },
            _ => OutboxRiders {
                parts: Vec::new(),
                after: crate::events::outbox_statements(backend, company, &events),
            },
        }
    }

    /// Commits, then gives what it touched new read-cache stamps, before anyone is told it is
    /// done. Both run to the end in a task of their own even if the caller stops waiting (a
    /// client hanging up drops its handler): a commit that lands must move its stamps.
    ///
    /// Inside [`with_deferred_commit`] (a request with an `Idempotency-Key`) the first commit
    /// is handed to the caller instead, still open, so the response can be stored in the same
    /// transaction as the work.
    pub async fn commit(self) -> Result<(), DbErr> {
        match park(self) {
            None => Ok(()),
            Some(transaction) => transaction.commit_now().await,
        }
    }

    /// Commits now, whatever the scope (see [`WriteTransaction::commit`]).
    pub async fn commit_now(self) -> Result<(), DbErr> {
        let WriteTransaction {
            transaction,
            _turn: turn,
            changes,
            reads,
            mut events,
            recorded,
            outbox,
            events_on,
        } = self;
        if !events_on {
            events.clear();
        }
        let finish = tokio::spawn(
            async move {
                let committed = match crate::events::record(&transaction, &events).await {
                    Ok(_) => transaction.commit().await,
                    Err(error) => Err(error),
                };
                if (recorded || !events.is_empty()) && committed.is_ok() {
                    outbox.notify_one();
                }
                drop(turn);
                // Also after an error: a commit whose answer was lost may have landed, and a
                // new stamp for nothing only costs a re-read.
                reads.changed(&changes).await;
                committed
            }
            .instrument(tracing::Span::current()),
        );
        finish
            .await
            .map_err(|error| DbErr::Custom(format!("the commit task failed: {error}")))?
    }
}

tokio::task_local! {
    static DEFERRED: RefCell<Deferred>;
}

/// A request's own write transaction, opened before its work (an idempotent request claims its
/// key in it): the work's first `write()` gets it, and its commit hands it back still open.
#[derive(Default)]
struct Deferred {
    /// Opened for the work and not yet asked for.
    open: Option<WriteTransaction>,
    /// Committed by the work, kept for the caller of [`with_deferred_commit`].
    parked: Option<WriteTransaction>,
    /// The work opened a second write transaction: the first was committed then, and later
    /// ones commit as usual.
    declined: bool,
}

/// Keeps `transaction` for the caller of [`with_deferred_commit`] when this is the first
/// commit of such a scope; otherwise gives it back to be committed now.
fn park(transaction: WriteTransaction) -> Option<WriteTransaction> {
    let mut transaction = Some(transaction);
    let _outside_any_scope = DEFERRED.try_with(|deferred| {
        let mut deferred = deferred.borrow_mut();
        if deferred.parked.is_none() && !deferred.declined {
            deferred.parked = transaction.take();
        }
    });
    transaction
}

/// Runs `work` in `transaction`: the work's first [`Db::write`] returns it, and its commit is
/// deferred. Returns what the work returned and the transaction, still open (committed by the
/// work, or never asked for), for the caller to add to and commit; None when the work rolled it
/// back (dropped it) or opened a second write transaction, which commits the first at that
/// moment, so that the work is then not one transaction.
pub async fn with_deferred_commit<F: Future>(
    transaction: WriteTransaction,
    work: F,
) -> (F::Output, Option<WriteTransaction>) {
    let deferred = Deferred {
        open: Some(transaction),
        ..Deferred::default()
    };
    DEFERRED
        .scope(RefCell::new(deferred), async move {
            let output = work.await;
            let left = DEFERRED.with(|deferred| {
                let mut deferred = deferred.borrow_mut();
                let parked = deferred.parked.take();
                parked.or_else(|| deferred.open.take())
            });
            (output, left)
        })
        .await
}

/// The transaction opened for this scope's work, the first time the work asks for one.
fn take_open() -> Option<WriteTransaction> {
    DEFERRED
        .try_with(|deferred| deferred.borrow_mut().open.take())
        .ok()
        .flatten()
}

/// A second write transaction inside a deferred scope: commits the parked one first (on SQLite
/// it holds the writer turn the new one needs).
async fn commit_parked_before_another() -> Result<(), DbErr> {
    let parked = DEFERRED
        .try_with(|deferred| {
            let mut deferred = deferred.borrow_mut();
            let parked = deferred.parked.take();
            if parked.is_some() {
                deferred.declined = true;
            }
            parked
        })
        .ok()
        .flatten();
    match parked {
        Some(transaction) => transaction.commit_now().await,
        None => Ok(()),
    }
}

impl std::ops::Deref for WriteTransaction {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.transaction
    }
}

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://...`). A SQLite file and its folder are
    /// created when missing; SQLite runs in WAL mode with foreign keys on.
    pub async fn connect(url: &str, schema: Option<&str>) -> Result<Db, DbErr> {
        let sqlite = url.starts_with("sqlite:");
        if sqlite
            && let Some(path) = sqlite_file(url)
            && let Some(parent) = Path::new(path).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)
                .map_err(|error| DbErr::Custom(format!("cannot create {parent:?}: {error}")))?;
        }
        let mut options = connect_options(url);
        if sqlite {
            options
                .max_connections(SQLITE_POOL)
                .map_sqlx_sqlite_opts(sqlite_options);
        } else {
            options.max_connections(POSTGRES_POOL);
            if let Some(schema) = schema {
                options.set_schema_search_path(schema.to_owned());
            }
        }
        let pool_size = pool_size(sqlite);
        let mut connection = sea_orm::Database::connect(options).await?;
        connection.set_metric_callback(|_| crate::metrics::global().count_statement());
        // A database in memory is one per connection: its writes stay on the pool.
        let writer = match sqlite && sqlite_file(url).is_some() {
            true => {
                let mut options = connect_options(url);
                options.max_connections(1).map_sqlx_sqlite_opts(|options| {
                    sqlite_options(options).statement_cache_capacity(SQLITE_WRITER_STATEMENTS)
                });
                let mut writer = sea_orm::Database::connect(options).await?;
                writer.set_metric_callback(|_| crate::metrics::global().count_statement());
                Some(writer)
            }
            false => None,
        };
        Ok(Db {
            connection,
            writer,
            sqlite_writer: sqlite.then(|| Arc::new(Mutex::new(()))),
            reads: Arc::new(ReadCache::off()),
            held_writes: Arc::new(tokio::sync::Semaphore::new(
                usize::try_from(pool_size / 2).unwrap_or(1),
            )),
            beside_turn: Arc::new(tokio::sync::Semaphore::new(1)),
            outbox: Arc::new(tokio::sync::Notify::new()),
            events_on: Arc::new(std::sync::atomic::AtomicBool::new(true)),
        })
    }

    /// Serves reads from `cache` from now on.
    pub fn set_read_cache(&mut self, cache: ReadCache) {
        self.reads = Arc::new(cache);
    }

    pub fn reads(&self) -> &ReadCache {
        &self.reads
    }

    /// Turns the outbox off (or on again) for this pool: only the benchmark that compares
    /// posting with and without events uses it.
    pub fn record_events(&self, on: bool) {
        self.events_on
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// Woken after each commit that wrote events (for the dispatcher).
    pub fn outbox_signal(&self) -> Arc<tokio::sync::Notify> {
        self.outbox.clone()
    }

    /// A turn to hold a write transaction for a whole request (see `held_writes`).
    pub async fn held_write_turn(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.held_writes.clone().acquire_owned().await.ok()
    }

    /// For reads, and for statements that need no transaction. On SQLite, what a report may
    /// read is written only in [`Db::write`] transactions: [`Db::snapshot_pair`] counts on it.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.connection
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.connection.get_database_backend()
    }

    /// Starts a write transaction. On SQLite it is `BEGIN IMMEDIATE`, so a transaction that
    /// reads before it writes cannot fail with SQLITE_BUSY half-way.
    pub async fn write(&self) -> Result<WriteTransaction, DbErr> {
        if let Some(transaction) = take_open() {
            return Ok(transaction);
        }
        commit_parked_before_another().await?;
        let turn = match &self.sqlite_writer {
            Some(writer) => {
                let asked = std::time::Instant::now();
                let turn = writer.clone().lock_owned().await;
                crate::metrics::global().observe_write_wait(asked.elapsed().as_secs_f64());
                Some(turn)
            }
            None => None,
        };
        let transaction = self
            .writer
            .as_ref()
            .unwrap_or(&self.connection)
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await?;
        Ok(WriteTransaction {
            transaction,
            _turn: turn,
            changes: Vec::new(),
            reads: self.reads.clone(),
            events: Vec::new(),
            recorded: false,
            outbox: self.outbox.clone(),
            events_on: self.events_on.load(std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// A read-only transaction over one consistent snapshot, for reports that read several
    /// times (REPEATABLE READ on PostgreSQL; a deferred transaction on SQLite, which in WAL mode
    /// reads one snapshot until it ends).
    pub async fn snapshot(&self) -> Result<DatabaseTransaction, DbErr> {
        let postgres = self.backend() == DatabaseBackend::Postgres;
        self.connection
            .begin_with_options(TransactionOptions {
                isolation_level: postgres.then_some(IsolationLevel::RepeatableRead),
                access_mode: postgres.then_some(AccessMode::ReadOnly),
                sqlite_transaction_mode: Some(SqliteTransactionMode::Deferred),
            })
            .await
    }

    /// A snapshot as [`Db::snapshot`] opens it and, when the turn for it is free, a second
    /// read-only transaction on another connection that reads the very same snapshot, so that
    /// a report can run two long reads at once and still see one state of the books.
    ///
    /// On PostgreSQL the second transaction adopts the first one's exported snapshot
    /// (`pg_export_snapshot`, `SET TRANSACTION SNAPSHOT`). On SQLite both read transactions
    /// start while this process's writer turn is held, so no write of this process commits
    /// between them (the file has one writing process: the writers of this one queue on that
    /// turn); when a write is under way there is no second transaction rather than a wait.
    pub async fn snapshot_pair(&self) -> Result<(DatabaseTransaction, Option<Beside>), DbErr> {
        let Ok(turn) = self.beside_turn.clone().try_acquire_owned() else {
            return Ok((self.snapshot().await?, None));
        };
        let first = self.snapshot().await?;
        // A pool with no connection to spare answers with the one snapshot rather than a wait
        // (a connection taken in between still makes this wait, as any request would).
        let (open, idle) = self.pool_use();
        if idle == 0 && open >= pool_size(self.sqlite_writer.is_some()) {
            return Ok((first, None));
        }
        let second = self.snapshot().await?;
        match &self.sqlite_writer {
            Some(writer) => {
                let Ok(_no_commits) = writer.try_lock() else {
                    drop(second);
                    return Ok((first, None));
                };
                // A deferred transaction reads from the snapshot of its first read.
                for transaction in [&first, &second] {
                    transaction
                        .execute_unprepared("SELECT count(*) FROM sqlite_schema")
                        .await?;
                }
            }
            None => {
                let exported = first
                    .query_one_raw(Statement::from_string(
                        DatabaseBackend::Postgres,
                        "SELECT pg_export_snapshot() AS id",
                    ))
                    .await?
                    .ok_or_else(|| DbErr::Custom("pg_export_snapshot answered no row".into()))?;
                let id: String = exported.try_get("", "id")?;
                // The id is PostgreSQL's own (hex digits and dashes); checked all the same
                // since it goes into the statement's text.
                if !id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
                    return Err(DbErr::Custom(format!("unexpected snapshot id {id:?}")));
                }
                second
                    .execute_unprepared(&format!("SET TRANSACTION SNAPSHOT '{id}'"))
                    .await?;
            }
        }
        Ok((
            first,
            Some(Beside {
                transaction: second,
                _turn: turn,
            }),
        ))
    }

    /// The pool's open connections and how many of them are idle (for `/metrics`).
    pub fn pool_use(&self) -> (u32, usize) {
        match self.backend() {
            DatabaseBackend::Postgres => {
                let pool = self.connection.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
            DatabaseBackend::Sqlite => {
                let pool = self.connection.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
            _ => (0, 0),
        }
    }

    /// Answers whether the database responds (for `/readyz`).
    pub async fn ping(&self) -> bool {
        self.connection.ping().await.is_ok()
    }
}

/// What both databases' pools share.
fn connect_options(url: &str) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30));
    options
}

/// How every SQLite connection is opened: WAL, foreign keys on, the busy timeout for another
/// process holding the file.
fn sqlite_options(options: SqliteConnectOptions) -> SqliteConnectOptions {
    options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .row_buffer_size(SQLITE_ROW_BUFFER)
        .pragma("mmap_size", SQLITE_MMAP_BYTES.to_string())
}

/// Connections in the pool: SQLite's or PostgreSQL's (a SQLite file's writer is beside it).
fn pool_size(sqlite: bool) -> u32 {
    if sqlite { SQLITE_POOL } else { POSTGRES_POOL }
}

/// A read-only transaction on its own connection over the same snapshot as the one it was
/// opened with ([`Db::snapshot_pair`]); holds the one turn for such reads until dropped.
pub struct Beside {
    transaction: DatabaseTransaction,
    _turn: tokio::sync::OwnedSemaphorePermit,
}

impl Beside {
    pub fn transaction(&self) -> &DatabaseTransaction {
        &self.transaction
    }

    /// Ends the transaction (it wrote nothing) and gives the turn back.
    pub async fn close(self) -> Result<(), DbErr> {
        self.transaction.commit().await
    }
}

/// A platform setting, written once by whichever instance starts first.
pub async fn setting_or_insert(
    db: &impl ConnectionTrait,
    key: &str,
    value: &str,
) -> Result<String, DbErr> {
    let insert = Query::insert()
        .into_table("platform_settings")
        .columns(["key", "value"])
        .values_panic([key.into(), value.into()])
        .on_conflict(OnConflict::column("key").do_nothing().to_owned())
        .to_owned();
    db.execute(&insert).await?;
    let select = Query::select()
        .column("value")
        .from("platform_settings")
        .and_where(Expr::col("key").eq(key))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => row.try_get("", "value"),
        None => Err(DbErr::RecordNotFound(key.to_owned())),
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
