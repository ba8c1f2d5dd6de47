//! Events from committed changes, and the bus that carries them to every instance.
//!
//! A module declares each kind of change once, as an [`EventKind`] (`invoice.posted` in the
//! `accounting` module, invalidating nothing in the read cache; `client.created` in `crm`,
//! invalidating the partner lists). Its use case names what it did on its write transaction
//! ([`crate::db::WriteTransaction::emit`]); that is all a module writes.
//!
//! At commit, in the same transaction, the events become rows of the outbox, numbered per
//! company in commit order (a per-company counter row, whose lock orders writers of one
//! company), and what they invalidate gets new read-cache stamps before the write is
//! acknowledged. A write that rolls back leaves no row, so it emits nothing.
//!
//! The [`Dispatcher`] then reads the rows not yet dispatched, per company in order, publishes
//! each to the [`EventBus`] (in-process, or Redis pub/sub so every instance hears it), hands
//! them to the durable sinks (webhook deliveries) in the transaction that marks them
//! dispatched, and keeps them for 24 hours so a client that reconnects can be replayed what it
//! missed. One dispatcher runs at a time across instances (a lease), so per-company order holds;
//! a crash between commit and dispatch leaves the rows undispatched, and the next dispatcher
//! publishes them: delivery is at least once, and the event id lets a client drop a repeat.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use arkan_kernel::time::now_micros;
use arkan_kernel::{CompanyId, UserId};
use futures_util::StreamExt;
use sea_orm::sea_query::{
    Alias, CommonTableExpression, Expr, ExprTrait, InsertStatement, OnConflict, Order, Query,
    SubQueryStatement, Table, ValueTuple, WithClause, WithQuery,
};
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseTransaction, DbErr, QueryResult, Statement,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::sync::{Notify, broadcast};
use uuid::Uuid;

use crate::read_cache::{Change, Topic};
use crate::role::Role;
use crate::schema::{SchemaChange, SchemaMigration, bigint, bigint_null, text, text_null, uuid};
use crate::sql::get;
use crate::state::BoxFuture;

/// The envelope `event` of a change in a module room.
pub const MODULE_INVALIDATE: &str = "module.invalidate";
/// The envelope `event` of a notification pushed to its person.
pub const NOTIFICATION: &str = "notification";
/// The envelope `event` of a direct message pushed to its participants.
pub const DM_MESSAGE: &str = "dm:message";

/// The rooms a client may join: the first path segment of the endpoint that changed.
pub const MODULE_KEYS: &[&str] = &[
    "accounting",
    "crm",
    "sales",
    "inventory",
    "hr",
    "projects",
    "import",
    "companies",
];

/// How long dispatched events are kept for replay.
pub const RETENTION_MICROS: i64 = 24 * 3_600 * 1_000_000;

/// Whether `role` may hear the events of `module`: `hr` only for the roles that read people's
/// records; every other module for every role.
pub fn may_read(role: Role, module: &str) -> bool {
    module != "hr"
        || matches!(
            role,
            Role::Owner | Role::Admin | Role::Hr | Role::Accountant | Role::Viewer
        )
}

/// What a committed event of a kind makes stale in the read cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalidates {
    Nothing,
    /// One topic of the company (the partner lists).
    Topic(Topic),
    /// The company's memberships, roles or plan (the tenant contexts kept for it).
    Access,
}

/// A kind of change, declared once by the module that makes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventKind {
    /// The room that hears it (one of [`MODULE_KEYS`]).
    pub module: &'static str,
    /// `<resource>.<verb>`: `invoice.posted`, `client.created`.
    pub name: &'static str,
    pub invalidates: Invalidates,
}

impl EventKind {
    pub const fn new(module: &'static str, name: &'static str) -> EventKind {
        EventKind {
            module,
            name,
            invalidates: Invalidates::Nothing,
        }
    }

    /// Also makes `topic`'s cached reads of the company stale.
    pub const fn invalidating(self, topic: Topic) -> EventKind {
        EventKind {
            invalidates: Invalidates::Topic(topic),
            ..self
        }
    }

    /// Also makes the company's cached tenant contexts stale (a membership changed).
    pub const fn changing_access(self) -> EventKind {
        EventKind {
            invalidates: Invalidates::Access,
            ..self
        }
    }

    /// The read-cache change this kind causes in `company`.
    pub fn change(self, company: CompanyId) -> Option<Change> {
        match self.invalidates {
            Invalidates::Nothing => None,
            Invalidates::Topic(topic) => Some(Change::Company(company, topic)),
            Invalidates::Access => Some(Change::Access(company)),
        }
    }
}

/// An event named by a write transaction, waiting for its commit.
#[derive(Clone, Debug)]
pub struct Pending {
    pub company: CompanyId,
    /// The envelope event: [`MODULE_INVALIDATE`], [`NOTIFICATION`] or [`DM_MESSAGE`].
    pub event: &'static str,
    pub module: &'static str,
    pub name: &'static str,
    pub resource_id: Option<Uuid>,
    /// Set for an event meant for one person (a notification, a direct message).
    pub user: Option<UserId>,
    /// What the person is sent (the notification, the message).
    pub data: Option<Value>,
}

impl Pending {
    /// A change in a module room.
    pub fn change(company: CompanyId, kind: EventKind, resource: Option<Uuid>) -> Pending {
        Pending {
            company,
            event: MODULE_INVALIDATE,
            module: kind.module,
            name: kind.name,
            resource_id: resource,
            user: None,
            data: None,
        }
    }

    /// Something for one person: `event` is [`NOTIFICATION`] or [`DM_MESSAGE`], `data` what
    /// they are sent.
    pub fn personal(
        company: CompanyId,
        user: UserId,
        event: &'static str,
        resource: Option<Uuid>,
        data: Value,
    ) -> Pending {
        Pending {
            company,
            event,
            module: "",
            name: event,
            resource_id: resource,
            user: Some(user),
            data: Some(data),
        }
    }
}

/// A committed event, as the outbox keeps it and the bus carries it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub company: CompanyId,
    /// Its number in the company, in commit order; its id is this number as a string.
    pub seq: i64,
    pub event: String,
    pub module: String,
    pub name: String,
    pub resource_id: Option<Uuid>,
    pub user: Option<UserId>,
    pub data: Option<Value>,
    /// Microseconds since the epoch, at commit.
    pub occurred_at: i64,
}

impl Event {
    /// The envelope id: opaque to clients, in commit order per company.
    pub fn id(&self) -> String {
        self.seq.to_string()
    }

    /// The envelope's `data`.
    pub fn payload(&self) -> Value {
        if self.event == MODULE_INVALIDATE {
            json!({
                "moduleKey": self.module,
                "eventName": self.name,
                "resourceId": self.resource_id,
            })
        } else {
            self.data.clone().unwrap_or(Value::Null)
        }
    }
}

/// Parses an event id sent back by a client; None when it is not one of ours.
pub fn parse_id(id: &str) -> Option<i64> {
    id.parse::<i64>().ok().filter(|seq| *seq >= 0)
}

pub fn migrations() -> Vec<SchemaMigration> {
    vec![SchemaMigration {
        name: "m0013_outbox",
        build: outbox_tables,
    }]
}

fn outbox_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let events = Table::create()
        .table("outbox_events")
        .col(uuid(backend, "company_id"))
        .col(bigint("seq"))
        .col(text("event"))
        .col(text("module_key"))
        .col(text("event_name"))
        .col(crate::schema::uuid_null(backend, "resource_id"))
        .col(crate::schema::uuid_null(backend, "user_id"))
        .col(text_null("data"))
        .col(bigint("occurred_at"))
        .col(bigint_null("dispatched_at"))
        .primary_key(
            sea_orm::sea_query::Index::create()
                .col("company_id")
                .col("seq"),
        )
        .to_owned();
    let sequences = Table::create()
        .table("outbox_sequences")
        .col(uuid(backend, "company_id").primary_key())
        .col(bigint("last_seq"))
        .to_owned();
    let lease = Table::create()
        .table("outbox_lease")
        .col(text("name").primary_key())
        .col(text("holder"))
        .col(bigint("lease_until"))
        .to_owned();
    vec![
        SchemaChange::Table(events),
        SchemaChange::Table(sequences),
        SchemaChange::Table(lease),
        crate::schema::index(
            "outbox_undispatched",
            "outbox_events",
            &["dispatched_at", "company_id", "seq"],
        ),
        crate::schema::index("outbox_by_time", "outbox_events", &["occurred_at"]),
    ]
}

/// Writes `pending` to the outbox inside the committing transaction, numbering each company's
/// events after its last. Returns how many rows it wrote.
pub(crate) async fn record(
    transaction: &DatabaseTransaction,
    pending: &[Pending],
) -> Result<usize, DbErr> {
    if pending.is_empty() {
        return Ok(0);
    }
    let now = now_micros();
    let mut companies: Vec<CompanyId> = pending.iter().map(|event| event.company).collect();
    companies.sort_by_key(|company| company.0);
    companies.dedup();
    // Rows per statement inside SQLite's 32,766 bound values (a history load names thousands
    // of postings in one transaction).
    const ROWS_PER_STATEMENT: usize = 32_000 / EVENT_COLUMNS.len();
    let postgres = transaction.get_database_backend() == DatabaseBackend::Postgres;
    // Companies in one order, so two transactions never wait on each other's counters.
    for company in companies {
        let mine: Vec<&Pending> = pending
            .iter()
            .filter(|event| event.company == company)
            .collect();
        for chunk in mine.chunks(ROWS_PER_STATEMENT) {
            let count = i64::try_from(chunk.len()).unwrap_or(i64::MAX);
            // Each row with its place, 1 to `count`, numbered from the counter by the insert.
            let rows = (1..)
                .zip(chunk)
                .map(|(place, event)| event_row(company, place, event, now));
            if postgres {
                // One round trip: the counter moved in the statement's `WITH`. A transaction
                // holds the counter row from here to its commit (a posting its chain row).
                let insert = numbered_insert(take_numbers_returning(company, count), count, rows);
                transaction.execute(&insert).await?;
                continue;
            }
            let statements =
                sqlite_statements(transaction.get_database_backend(), company, count, rows);
            crate::sql::batch(transaction, statements).await?;
        }
    }
    Ok(pending.len())
}

/// SQLite's outbox rows of `pending`, events of `company` (at most [`EVENTS_PER_PART`]), as
/// the statements [`record`] runs: for the batch of another write.
pub(crate) fn outbox_statements(
    backend: DatabaseBackend,
    company: CompanyId,
    pending: &[Pending],
) -> Vec<Statement> {
    let count = i64::try_from(pending.len()).unwrap_or(i64::MAX);
    let now = now_micros();
    let rows = (1..)
        .zip(pending)
        .map(|(place, event)| event_row(company, place, event, now));
    sqlite_statements(backend, company, count, rows)
}

/// SQLite: the counter moved, then the insert of `rows` reads it back in its `WITH`; the two
/// for one hand-over ([`crate::sql::batch`]), returning no rows.
fn sqlite_statements(
    backend: DatabaseBackend,
    company: CompanyId,
    count: i64,
    rows: impl Iterator<Item = [sea_orm::Value; 9]>,
) -> Vec<Statement> {
    let counter = Query::select()
        .column("last_seq")
        .from("outbox_sequences")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    vec![
        backend.build(&take_numbers(company, count)),
        backend.build(&numbered_insert(counter, count, rows)),
    ]
}

/// Reserves `count` numbers of `company`'s sequence. The row stays locked until the transaction
/// ends, which puts the company's events in commit order.
fn take_numbers(company: CompanyId, count: i64) -> InsertStatement {
    Query::insert()
        .into_table("outbox_sequences")
        .columns(["company_id", "last_seq"])
        .values_panic([company.0.into(), count.into()])
        .on_conflict(
            OnConflict::column("company_id")
                .value(
                    "last_seq",
                    Expr::col(("outbox_sequences", "last_seq")).add(count),
                )
                .to_owned(),
        )
        .to_owned()
}

/// [`take_numbers`], returning the last number taken (`last_seq`): for PostgreSQL, where the
/// numbered insert reads it as a part of its `WITH`.
fn take_numbers_returning(company: CompanyId, count: i64) -> InsertStatement {
    take_numbers(company, count)
        .returning_col("last_seq")
        .to_owned()
}

/// The insert of `rows` (each with its place, 1 to `count`, as its `seq`) numbered from the
/// `last_seq` that `counter`, the part of its `WITH`, returns: the counter's upsert itself on
/// PostgreSQL ([`take_numbers`]), a read of the row it moved on SQLite.
fn numbered_insert(
    counter: impl Into<SubQueryStatement>,
    count: i64,
    rows: impl Iterator<Item = [sea_orm::Value; 9]>,
) -> WithQuery {
    WithClause::new()
        .cte(
            CommonTableExpression::new()
                .query(counter)
                .table_name(Alias::new("counter"))
                .to_owned(),
        )
        .to_owned()
        .query(numbered_rows("counter", count, rows))
}

/// The insert of `rows` (each with its place, 1 to `count`, as its `seq`) numbered from the
/// `last_seq` that the part `counter` of the same statement's `WITH` returns.
fn numbered_rows(
    counter: &str,
    count: i64,
    rows: impl Iterator<Item = [sea_orm::Value; 9]>,
) -> InsertStatement {
    let values = rows.map(|row| ValueTuple::Many(row.to_vec()));
    let column = |n: usize| Expr::col((Alias::new("e"), Alias::new(format!("column{n}"))));
    let mut select = Query::select();
    select
        .from_values(values, Alias::new("e"))
        .from(Alias::new(counter));
    for n in 1..=EVENT_COLUMNS.len() {
        if n == 2 {
            select.expr(
                Expr::col((Alias::new(counter), "last_seq"))
                    .sub(count)
                    .add(column(n)),
            );
        } else {
            select.expr(column(n));
        }
    }
    Query::insert()
        .into_table("outbox_events")
        .columns(EVENT_COLUMNS)
        .select_from(select)
        .map(|insert| insert.to_owned())
        .unwrap_or_else(|_| unreachable!("as many columns as values"))
}

/// Events one statement's `WITH` may carry at most ([`outbox_parts`]): nine values each.
pub(crate) const EVENTS_PER_PART: usize = 500;

/// PostgreSQL's outbox rows of `pending`, events of `company` (at most [`EVENTS_PER_PART`]),
/// as two parts of another statement's `WITH`: the counter's upsert (`outbox_counter`), then
/// the rows numbered from it (`outbox_rows`). What [`record`] writes, in the caller's statement.
pub(crate) fn outbox_parts(company: CompanyId, pending: &[Pending]) -> Vec<CommonTableExpression> {
    let count = i64::try_from(pending.len()).unwrap_or(i64::MAX);
    let now = now_micros();
    let rows = (1..)
        .zip(pending)
        .map(|(seq, event)| event_row(company, seq, event, now));
    vec![
        CommonTableExpression::new()
            .query(take_numbers_returning(company, count))
            .table_name(Alias::new("outbox_counter"))
            .to_owned(),
        CommonTableExpression::new()
            .query(numbered_rows("outbox_counter", count, rows))
            .table_name(Alias::new("outbox_rows"))
            .to_owned(),
    ]
}

/// The outbox row of `event`, numbered `seq` of `company`, written at `now` (in the order
/// of [`EVENT_COLUMNS`]).
fn event_row(company: CompanyId, seq: i64, event: &Pending, now: i64) -> [sea_orm::Value; 9] {
    [
        company.0.into(),
        seq.into(),
        event.event.into(),
        event.module.into(),
        event.name.into(),
        event.resource_id.into(),
        event.user.map(|user| user.0).into(),
        event.data.as_ref().map(Value::to_string).into(),
        now.into(),
    ]
}

const EVENT_COLUMNS: [&str; 9] = [
    "company_id",
    "seq",
    "event",
    "module_key",
    "event_name",
    "resource_id",
    "user_id",
    "data",
    "occurred_at",
];

fn event_of(row: &QueryResult) -> Result<Event, DbErr> {
    let data: Option<String> = get(row, "data")?;
    let user: Option<Uuid> = get(row, "user_id")?;
    Ok(Event {
        company: CompanyId(get(row, "company_id")?),
        seq: get(row, "seq")?,
        event: get(row, "event")?,
        module: get(row, "module_key")?,
        name: get(row, "event_name")?,
        resource_id: get(row, "resource_id")?,
        user: user.map(UserId),
        data: data.and_then(|text| serde_json::from_str(&text).ok()),
        occurred_at: get(row, "occurred_at")?,
    })
}

/// What a client that reconnects has missed.
#[derive(Debug, PartialEq)]
pub enum Replay {
    /// Every event after the one it last saw, oldest first.
    Events(Vec<Event>),
    /// Some of what it missed is older than the retention: it must read everything again.
    TooOld,
}

/// Which of a company's kept events a replay is for.
pub enum ReplayFor<'a> {
    /// One module room.
    Module(&'a str),
    /// One person's notifications and direct messages.
    Person(UserId),
}

/// The events of `company` after `after` (an id the client saw) for one room or one person,
/// among those dispatched and kept; at most `limit`.
pub async fn replay(
    db: &impl ConnectionTrait,
    company: CompanyId,
    after: i64,
    scope: ReplayFor<'_>,
    limit: u64,
) -> Result<Replay, DbErr> {
    // The oldest kept event: if the client's is before it, something between may be gone.
    let oldest = Query::select()
        .expr(Expr::col("seq").min())
        .from("outbox_events")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    let oldest: Option<i64> = match db.query_one(&oldest).await? {
        Some(row) => row.try_get_by_index(0)?,
        None => None,
    };
    let missed_what_is_gone = match oldest {
        Some(oldest) => after + 1 < oldest,
        // Nothing kept: anything issued after `after` is gone.
        None => after < latest(db, company).await?,
    };
    if missed_what_is_gone {
        return Ok(Replay::TooOld);
    }
    let mut select = Query::select();
    select
        .columns(EVENT_COLUMNS)
        .from("outbox_events")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("seq").gt(after))
        .and_where(Expr::col("dispatched_at").is_not_null())
        .order_by("seq", Order::Asc)
        .limit(limit);
    match scope {
        ReplayFor::Module(module) => {
            select
                .and_where(Expr::col("event").eq(MODULE_INVALIDATE))
                .and_where(Expr::col("module_key").eq(module));
        }
        ReplayFor::Person(user) => {
            select.and_where(Expr::col("user_id").eq(user.0));
        }
    }
    let rows = db.query_all(&select).await?;
    rows.iter()
        .map(event_of)
        .collect::<Result<_, _>>()
        .map(Replay::Events)
}

/// When each of a company's events named `name` since `since` committed: `(seq, occurred_at)`
/// (the real-time benchmark measures delivery against it).
pub async fn commit_times(
    db: &impl ConnectionTrait,
    company: CompanyId,
    name: &str,
    since: i64,
) -> Result<Vec<(i64, i64)>, DbErr> {
    let select = Query::select()
        .columns(["seq", "occurred_at"])
        .from("outbox_events")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("event_name").eq(name))
        .and_where(Expr::col("occurred_at").gte(since))
        .order_by("seq", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| Ok((get(row, "seq")?, get(row, "occurred_at")?)))
        .collect()
}

/// The latest event id of a company (0 before its first), for a client that starts fresh.
pub async fn latest(db: &impl ConnectionTrait, company: CompanyId) -> Result<i64, DbErr> {
    let select = Query::select()
        .column("last_seq")
        .from("outbox_sequences")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => get(&row, "last_seq"),
        None => Ok(0),
    }
}

/// What the bus carries between instances.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BusMessage {
    /// A committed event.
    Event(Event),
    /// Something for the sockets of a company that is not kept (presence, typing); `to` limits
    /// it to some people.
    Ephemeral {
        company: CompanyId,
        to: Option<Vec<UserId>>,
        /// Not sent to this person (the one who caused it).
        except: Option<UserId>,
        event: String,
        data: Value,
    },
    /// A write committed on some instance: the dispatcher should look at the outbox.
    Wake,
}

/// Carries [`BusMessage`]s to every subscriber of every instance: an in-process channel, fed
/// from Redis pub/sub when instances share a Redis.
#[derive(Clone)]
pub struct EventBus {
    local: broadcast::Sender<Arc<BusMessage>>,
    redis: Option<redis::aio::ConnectionManager>,
}

/// The Redis channel every instance publishes to and subscribes to.
const CHANNEL: &str = "arkan:bus";
/// Messages a slow subscriber may fall behind before it misses some (it is told, and drops
/// its sockets' state to resync).
const LOCAL_CAPACITY: usize = 4_096;

impl EventBus {
    /// Within this process only.
    pub fn local() -> EventBus {
        EventBus {
            local: broadcast::channel(LOCAL_CAPACITY).0,
            redis: None,
        }
    }

    /// Through Redis pub/sub at `url`: a task subscribes and feeds this process's subscribers,
    /// reconnecting when the connection drops.
    pub async fn redis(url: &str) -> Result<EventBus, redis::RedisError> {
        let client = redis::Client::open(url)?;
        let publisher = redis::aio::ConnectionManager::new(client.clone()).await?;
        let local = broadcast::channel(LOCAL_CAPACITY).0;
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        tokio::spawn(subscribe_forever(client, local.downgrade(), ready_tx));
        // Wait for the first subscription, so nothing published after this returns is missed.
        let _ = tokio::time::timeout(Duration::from_secs(5), ready_rx).await;
        Ok(EventBus {
            local,
            redis: Some(publisher),
        })
    }

    /// Sends `message` to every subscriber of every instance (this one included).
    pub async fn publish(&self, message: BusMessage) {
        match &self.redis {
            None => {
                let _nobody_listens = self.local.send(Arc::new(message));
            }
            Some(redis) => {
                let text = match serde_json::to_string(&message) {
                    Ok(text) => text,
                    Err(error) => {
                        tracing::error!(%error, "cannot serialize a bus message");
                        return;
                    }
                };
                let mut connection = redis.clone();
                let sent: Result<i64, _> = redis::cmd("PUBLISH")
                    .arg(CHANNEL)
                    .arg(text)
                    .query_async(&mut connection)
                    .await;
                if let Err(error) = sent {
                    tracing::warn!(%error, "cannot publish to Redis; delivering here only");
                    let _nobody_listens = self.local.send(Arc::new(message));
                }
            }
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<BusMessage>> {
        self.local.subscribe()
    }

    /// Whether messages cross instances.
    pub fn is_shared(&self) -> bool {
        self.redis.is_some()
    }
}

/// Feeds this process's subscribers from Redis until the bus is dropped (it holds the channel
/// weakly, so a dropped platform ends it at its next message or reconnection).
async fn subscribe_forever(
    client: redis::Client,
    local: broadcast::WeakSender<Arc<BusMessage>>,
    ready: tokio::sync::oneshot::Sender<()>,
) {
    let mut ready = Some(ready);
    while local.strong_count() > 0 {
        match client.get_async_pubsub().await {
            Ok(mut pubsub) => {
                if let Err(error) = pubsub.subscribe(CHANNEL).await {
                    tracing::warn!(%error, "cannot subscribe to the Redis bus");
                } else {
                    if let Some(ready) = ready.take() {
                        let _ = ready.send(());
                    }
                    let mut messages = pubsub.on_message();
                    while let Some(message) = messages.next().await {
                        let payload: Result<String, _> = message.get_payload();
                        let Some(local) = local.upgrade() else {
                            return;
                        };
                        match payload.map(|text| serde_json::from_str::<BusMessage>(&text)) {
                            Ok(Ok(message)) => {
                                let _nobody_listens = local.send(Arc::new(message));
                            }
                            _ => tracing::warn!("an unreadable message on the Redis bus"),
                        }
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "cannot connect to the Redis bus"),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Runs inside the transaction that marks a batch dispatched: what must happen exactly once per
/// event and survive a crash (webhook deliveries).
pub type DurableSink =
    for<'a> fn(&'a DatabaseTransaction, &'a [Event]) -> BoxFuture<'a, Result<(), DbErr>>;

/// Counters for `/metrics`.
#[derive(Default)]
pub struct OutboxStats {
    /// Microseconds from commit to dispatch of the last event dispatched here.
    pub last_lag_micros: AtomicI64,
    pub dispatched: AtomicU64,
}

/// Publishes committed outbox rows: wakes on a commit of this process (or a `Wake` from the
/// bus), holds the lease, sends each undispatched row in order, marks them, and prunes old ones.
pub struct Dispatcher {
    pub bus: EventBus,
    pub wake: Arc<Notify>,
    pub sinks: Vec<DurableSink>,
    pub stats: Arc<OutboxStats>,
    pub holder: String,
}

/// How long the dispatcher's lease lasts without renewal.
const LEASE_MICROS: i64 = 10 * 1_000_000;
/// How often a dispatcher holding the lease reads the lease table to be sure it still does.
const CONFIRM_EVERY_MICROS: i64 = 250_000;
/// After a batch, how long the dispatcher lets commits gather before the next one.
const GATHER: Duration = Duration::from_millis(5);
/// Rows per dispatch batch.
const BATCH: u64 = 500;

impl Dispatcher {
    /// Dispatches until the process ends.
    pub fn spawn(self, db: crate::db::Db) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut bus = self.bus.subscribe();
            let mut leased_until = 0_i64;
            // When the lease table last said this dispatcher holds the lease.
            let mut confirmed_at = 0_i64;
            let mut last_prune = 0_i64;
            loop {
                let now = now_micros();
                if leased_until - now < LEASE_MICROS / 2 {
                    leased_until = match self.take_lease(&db, now).await {
                        Ok(true) => {
                            confirmed_at = now;
                            now + LEASE_MICROS
                        }
                        Ok(false) => 0,
                        Err(error) => {
                            tracing::warn!(%error, "the outbox lease");
                            0
                        }
                    };
                }
                // Another instance may have taken the lease since (this one stalled past it, or
                // the two clocks disagree): the table, not this process's memory, says who
                // dispatches. Asked at most every CONFIRM_EVERY, not before every batch: under a
                // stream of commits that read cost posting a tenth of its rate.
                if leased_until > now && now - confirmed_at >= CONFIRM_EVERY_MICROS {
                    if self.holds_lease(&db, now).await.unwrap_or(false) {
                        confirmed_at = now;
                    } else {
                        leased_until = 0;
                    }
                }
                if leased_until > now {
                    match self.dispatch_once(&db).await {
                        Ok(sent) if sent as u64 == BATCH => continue,
                        // Under a stream of commits, gather a few milliseconds' worth per batch
                        // rather than a round of queries per commit.
                        Ok(sent) if sent > 0 => tokio::time::sleep(GATHER).await,
                        Ok(_) => {}
                        Err(error) => tracing::warn!(%error, "the outbox dispatcher"),
                    }
                    if now - last_prune > 60 * 1_000_000 {
                        last_prune = now;
                        if let Err(error) = prune(&db, now - RETENTION_MICROS).await {
                            tracing::warn!(%error, "pruning the outbox");
                        }
                    }
                }
                // A commit here, a wake from another instance, or a look every second (another
                // instance may have died holding the lease). Other bus traffic (the events this
                // very loop publishes, presence) is not a reason to look again.
                let tick = tokio::time::sleep(Duration::from_secs(1));
                tokio::pin!(tick);
                let committed_here = loop {
                    tokio::select! {
                        () = self.wake.notified() => break true,
                        message = bus.recv() => match message.as_deref() {
                            Ok(BusMessage::Wake) | Err(broadcast::error::RecvError::Lagged(_)) => {
                                break false;
                            }
                            Err(broadcast::error::RecvError::Closed) => return,
                            Ok(_) => {}
                        },
                        () = &mut tick => break false,
                    }
                };
                // Another instance holds the lease: tell it, rather than let it find this
                // commit on its next tick.
                if committed_here && leased_until <= now_micros() {
                    self.bus.publish(BusMessage::Wake).await;
                }
            }
        })
    }

    /// Whether the lease row still names this dispatcher, unexpired.
    async fn holds_lease(&self, db: &crate::db::Db, now: i64) -> Result<bool, DbErr> {
        let select = Query::select()
            .column("holder")
            .from("outbox_lease")
            .and_where(Expr::col("name").eq("dispatch"))
            .and_where(Expr::col("holder").eq(self.holder.clone()))
            .and_where(Expr::col("lease_until").gt(now))
            .to_owned();
        Ok(db.connection().query_one(&select).await?.is_some())
    }

    async fn take_lease(&self, db: &crate::db::Db, now: i64) -> Result<bool, DbErr> {
        let insert = Query::insert()
            .into_table("outbox_lease")
            .columns(["name", "holder", "lease_until"])
            .values_panic(["dispatch".into(), self.holder.clone().into(), 0_i64.into()])
            .on_conflict(OnConflict::column("name").do_nothing().to_owned())
            .to_owned();
        // In a write transaction: on SQLite that is the process's writer turn, so the lease
        // never makes a writer wait on SQLite's busy handler.
        let transaction = db.write().await?;
        transaction.execute(&insert).await?;
        let take = Query::update()
            .table("outbox_lease")
            .value("holder", self.holder.clone())
            .value("lease_until", now + LEASE_MICROS)
            .and_where(Expr::col("name").eq("dispatch"))
            .and_where(
                Expr::col("holder")
                    .eq(self.holder.clone())
                    .or(Expr::col("lease_until").lt(now)),
            )
            .to_owned();
        let taken = transaction.execute(&take).await?.rows_affected() == 1;
        transaction.commit_now().await?;
        Ok(taken)
    }

    /// Sends one batch of undispatched events; returns how many.
    pub async fn dispatch_once(&self, db: &crate::db::Db) -> Result<usize, DbErr> {
        let select = Query::select()
            .columns(EVENT_COLUMNS)
            .from("outbox_events")
            .and_where(Expr::col("dispatched_at").is_null())
            .order_by("company_id", Order::Asc)
            .order_by("seq", Order::Asc)
            .limit(BATCH)
            .to_owned();
        let rows = db.connection().query_all(&select).await?;
        if rows.is_empty() {
            return Ok(0);
        }
        let events: Vec<Event> = rows.iter().map(event_of).collect::<Result<_, _>>()?;
        for event in &events {
            self.bus.publish(BusMessage::Event(event.clone())).await;
        }
        let now = now_micros();
        let transaction = db.write().await?;
        for sink in &self.sinks {
            sink(&transaction, &events).await?;
        }
        for company in companies_of(&events) {
            let seqs: Vec<i64> = events
                .iter()
                .filter(|event| event.company == company)
                .map(|event| event.seq)
                .collect();
            let update = Query::update()
                .table("outbox_events")
                .value("dispatched_at", now)
                .and_where(Expr::col("company_id").eq(company.0))
                .and_where(Expr::col("seq").is_in(seqs))
                .and_where(Expr::col("dispatched_at").is_null())
                .to_owned();
            transaction.execute(&update).await?;
        }
        transaction.commit_now().await?;
        if let Some(last) = events.last() {
            self.stats
                .last_lag_micros
                .store(now - last.occurred_at, Ordering::Relaxed);
        }
        self.stats
            .dispatched
            .fetch_add(events.len() as u64, Ordering::Relaxed);
        Ok(events.len())
    }
}

fn companies_of(events: &[Event]) -> Vec<CompanyId> {
    let mut companies: Vec<CompanyId> = events.iter().map(|event| event.company).collect();
    companies.dedup();
    companies
}

/// Drops dispatched events older than `before` (a replay from before them is told to resync).
async fn prune(db: &crate::db::Db, before: i64) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("outbox_events")
        .and_where(Expr::col("occurred_at").lt(before))
        .and_where(Expr::col("dispatched_at").is_not_null())
        .to_owned();
    let transaction = db.write().await?;
    transaction.execute(&delete).await?;
    transaction.commit_now().await
}

/// Events committed and not yet dispatched (for `/metrics`).
pub async fn backlog(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let count = Query::select()
        .expr(Expr::col("seq").count())
        .from("outbox_events")
        .and_where(Expr::col("dispatched_at").is_null())
        .to_owned();
    crate::list::count(db, &count).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hr_events_reach_only_the_roles_that_read_people() {
        assert!(may_read(Role::Hr, "hr"));
        assert!(may_read(Role::Viewer, "hr"));
        assert!(!may_read(Role::Sales, "hr"));
        assert!(!may_read(Role::Inventory, "hr"));
        assert!(may_read(Role::Sales, "accounting"));
    }

    #[test]
    fn event_ids_are_plain_numbers() {
        assert_eq!(parse_id("42"), Some(42));
        assert_eq!(parse_id("-1"), None);
        assert_eq!(parse_id("abc"), None);
    }
}
