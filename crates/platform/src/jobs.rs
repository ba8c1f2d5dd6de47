//! Durable background jobs: a row per job (kind, JSON payload, when it is due, attempts, the
//! last error, an optional unique key), claimed under a lease by any instance, retried with
//! exponential backoff, kept across restarts. A job whose worker died mid-run is due again when
//! its lease ends, so a job runs at least once: handlers make their effect idempotent (the
//! unique key, or a check of what is already done).
//!
//! Claiming is safe with several instances: on PostgreSQL the due rows are selected `FOR UPDATE
//! SKIP LOCKED`, on SQLite under the process's one writer turn (one file, one writer).

use std::collections::HashMap;

use sea_orm::sea_query::{
    Expr, ExprTrait, LockBehavior, LockType, OnConflict, Order, Query, Table,
};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, QueryResult};
use serde_json::Value;
use uuid::Uuid;

use crate::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, integer, text, text_null, uuid,
};
use crate::sql::get;
use crate::state::{BoxFuture, Platform};

/// How long a claimed job is its worker's; past it, another may run it.
pub const LEASE_MICROS: i64 = 5 * 60 * 1_000_000;
/// Attempts before a job is given up (`failed_at` set).
pub const MAX_ATTEMPTS: i32 = 8;
/// The longest wait between attempts.
const MAX_BACKOFF_SECONDS: i64 = 3_600;

pub fn migrations() -> Vec<SchemaMigration> {
    vec![SchemaMigration {
        name: "m0012_jobs",
        build: jobs_table,
    }]
}

fn jobs_table(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let jobs = Table::create()
        .table("jobs")
        .col(uuid(backend, "id").primary_key())
        .col(text("kind"))
        .col(text("payload"))
        // Two enqueues with one key make one job.
        .col(text_null("unique_key").unique_key())
        .col(bigint("run_at"))
        .col(integer("attempts"))
        .col(text_null("last_error"))
        .col(bigint_null("locked_until"))
        .col(text_null("locked_by"))
        .col(bigint_null("done_at"))
        .col(bigint_null("failed_at"))
        .col(bigint("created_at"))
        .to_owned();
    let due = sea_orm::sea_query::Index::create()
        .name("jobs_due")
        .table("jobs")
        .col("done_at")
        .col("run_at")
        .to_owned();
    vec![SchemaChange::Table(jobs), SchemaChange::Index(due)]
}

/// A job to run.
pub struct NewJob {
    pub kind: &'static str,
    pub payload: Value,
    /// Enqueuing a second job with the same key does nothing.
    pub unique_key: Option<String>,
    /// Microseconds since the epoch; now for "as soon as possible".
    pub run_at: i64,
}

/// Adds a job, in the caller's transaction when given one (so it exists only if the caller's
/// change commits). Returns whether it was added (false: its unique key was taken).
pub async fn enqueue(db: &impl ConnectionTrait, job: NewJob) -> Result<bool, DbErr> {
    insert(db, Uuid::now_v7(), job, None).await
}

/// Inserts a job row; `lease` (worker, until) inserts it already claimed for its first attempt.
async fn insert(
    db: &impl ConnectionTrait,
    id: Uuid,
    job: NewJob,
    lease: Option<(&str, i64)>,
) -> Result<bool, DbErr> {
    let insert = Query::insert()
        .into_table("jobs")
        .columns([
            "id",
            "kind",
            "payload",
            "unique_key",
            "run_at",
            "attempts",
            "locked_by",
            "locked_until",
            "created_at",
        ])
        .values_panic([
            id.into(),
            job.kind.into(),
            job.payload.to_string().into(),
            job.unique_key.into(),
            job.run_at.into(),
            i32::from(lease.is_some()).into(),
            lease.map(|(worker, _)| worker.to_owned()).into(),
            lease.map(|(_, until)| until).into(),
            arkan_kernel::time::now_micros().into(),
        ])
        .on_conflict(OnConflict::column("unique_key").do_nothing().to_owned())
        .to_owned();
    Ok(db.execute(&insert).await?.rows_affected() == 1)
}

/// Runs a job here and now, for a request that answers with its outcome: the job is added
/// already claimed by `worker` (no other worker takes it while its lease lasts), `run` does its
/// work, and how it ended is recorded as a worker records it. Should this process die mid-run,
/// or `run` fail, the job is due again (after its lease, or its backoff) and any instance's
/// worker runs it with the kind's handler, so `run` and the handler must do the same,
/// idempotent work. The job's unique key is not used.
pub async fn run_now<T>(
    platform: &Platform,
    worker: &str,
    job: NewJob,
    run: impl AsyncFnOnce(&Job) -> Result<T, String>,
) -> Result<Result<T, String>, DbErr> {
    let now = arkan_kernel::time::now_micros();
    let claimed = Job {
        id: Uuid::now_v7(),
        kind: job.kind.to_owned(),
        payload: job.payload.clone(),
        attempt: 1,
    };
    let transaction = platform.db.write().await?;
    insert(
        &*transaction,
        claimed.id,
        NewJob {
            unique_key: None,
            ..job
        },
        Some((worker, now + LEASE_MICROS)),
    )
    .await?;
    transaction.commit_now().await?;
    let outcome = run(&claimed).await;
    let ended = Ord::max(arkan_kernel::time::now_micros(), now);
    let recorded = match &outcome {
        Ok(_) => Ok(()),
        Err(error) => Err(error.clone()),
    };
    finish(platform, &claimed, recorded, ended).await?;
    Ok(outcome)
}

/// A claimed job, as its handler sees it.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: Uuid,
    pub kind: String,
    pub payload: Value,
    /// This run's number, from 1.
    pub attempt: i32,
}

/// Runs one kind of job; an `Err` is retried later (its text is kept as `last_error`).
pub type JobHandler = for<'a> fn(&'a Platform, &'a Job) -> BoxFuture<'a, Result<(), String>>;

/// The handlers of this process, by kind.
#[derive(Clone, Default)]
pub struct Jobs {
    handlers: HashMap<&'static str, JobHandler>,
}

impl Jobs {
    pub fn handle(mut self, kind: &'static str, handler: JobHandler) -> Jobs {
        self.handlers.insert(kind, handler);
        self
    }

    /// Whether no kind of job has a handler here (then there is nothing to run).
    pub fn is_empty(&self) -> bool {
        self.handlers.is_empty()
    }

    /// Claims up to `limit` due jobs for `worker` under a lease starting at `now`: each gets its
    /// attempt counted. (Public so a test or a tool can act as a worker that dies.)
    pub async fn claim_due(
        platform: &Platform,
        worker: &str,
        now: i64,
        limit: u64,
    ) -> Result<Vec<Job>, DbErr> {
        let mut due = Query::select()
            .columns(["id", "kind", "payload", "attempts"])
            .from("jobs")
            .and_where(Expr::col("done_at").is_null())
            .and_where(Expr::col("failed_at").is_null())
            .and_where(Expr::col("run_at").lte(now))
            .and_where(
                Expr::col("locked_until")
                    .is_null()
                    .or(Expr::col("locked_until").lt(now)),
            )
            .order_by("run_at", Order::Asc)
            .limit(limit)
            .to_owned();
        // Most ticks find nothing: look before taking a write transaction (on SQLite, the one
        // writer turn).
        if platform.db.connection().query_one(&due).await?.is_none() {
            return Ok(Vec::new());
        }
        let transaction = platform.db.write().await?;
        if platform.db.backend() == DatabaseBackend::Postgres {
            due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let rows = transaction.query_all(&due).await?;
        let mut jobs = Vec::with_capacity(rows.len());
        for row in &rows {
            let job = claimed(row)?;
            let update = Query::update()
                .table("jobs")
                .value("attempts", job.attempt)
                .value("locked_until", now + LEASE_MICROS)
                .value("locked_by", worker)
                .and_where(Expr::col("id").eq(job.id))
                .to_owned();
            transaction.execute(&update).await?;
            jobs.push(job);
        }
        transaction.commit_now().await?;
        Ok(jobs)
    }

    /// Claims and runs the jobs due at `now` (at most `limit`); returns how many ran.
    pub async fn run_due(
        &self,
        platform: &Platform,
        worker: &str,
        now: i64,
        limit: u64,
    ) -> Result<usize, DbErr> {
        let jobs = Jobs::claim_due(platform, worker, now, limit).await?;
        for job in &jobs {
            let outcome = match self.handlers.get(job.kind.as_str()) {
                Some(handler) => handler(platform, job).await,
                None => Err(format!("no handler for jobs of kind {}", job.kind)),
            };
            let ended = Ord::max(arkan_kernel::time::now_micros(), now);
            finish(platform, job, outcome, ended).await?;
        }
        Ok(jobs.len())
    }

    /// Runs due jobs every second until the process ends.
    pub fn spawn(self, platform: Platform) -> tokio::task::JoinHandle<()> {
        let worker = format!("worker-{}", Uuid::now_v7());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
            loop {
                tick.tick().await;
                let now = arkan_kernel::time::now_micros();
                if let Err(error) = self.run_due(&platform, &worker, now, 20).await {
                    tracing::warn!(%error, "background jobs");
                }
            }
        })
    }
}

fn claimed(row: &QueryResult) -> Result<Job, DbErr> {
    let payload: String = get(row, "payload")?;
    let attempts: i32 = get(row, "attempts")?;
    Ok(Job {
        id: get(row, "id")?,
        kind: get(row, "kind")?,
        payload: serde_json::from_str(&payload).unwrap_or(Value::Null),
        attempt: attempts + 1,
    })
}

/// Records how a run ended: done, due again after a backoff, or given up.
async fn finish(
    platform: &Platform,
    job: &Job,
    outcome: Result<(), String>,
    now: i64,
) -> Result<(), DbErr> {
    let mut update = Query::update();
    update
        .table("jobs")
        .value("locked_until", Option::<i64>::None)
        .and_where(Expr::col("id").eq(job.id));
    match outcome {
        Ok(()) => {
            update.value("done_at", now);
            crate::metrics::global().count(crate::metrics::JOBS_DONE, 1);
        }
        Err(error) => {
            update.value("last_error", error);
            if job.attempt >= MAX_ATTEMPTS {
                update.value("failed_at", now);
            } else {
                update.value("run_at", now + backoff_seconds(job.attempt) * 1_000_000);
            }
            crate::metrics::global().count(crate::metrics::JOBS_FAILED, 1);
        }
    }
    // In a write turn of its own: `run_now` may finish a job inside a request whose last
    // write is still parked (an idempotent request), which this commits first.
    let transaction = platform.db.write().await?;
    transaction.execute(&update).await?;
    transaction.commit_now().await
}

/// Seconds before attempt `attempt + 1`: 2, 4, 8, ... up to an hour.
pub fn backoff_seconds(attempt: i32) -> i64 {
    let exponent = u32::try_from(attempt.clamp(1, 20)).unwrap_or(1);
    Ord::min(2_i64.pow(exponent), MAX_BACKOFF_SECONDS)
}

/// Jobs waiting to run (for `/metrics`).
pub async fn backlog(platform: &Platform) -> Result<i64, DbErr> {
    let count = Query::select()
        .expr(Expr::col("id").count())
        .from("jobs")
        .and_where(Expr::col("done_at").is_null())
        .and_where(Expr::col("failed_at").is_null())
        .to_owned();
    crate::list::count(platform.db.connection(), &count).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff_seconds(1), 2);
        assert_eq!(backoff_seconds(2), 4);
        assert_eq!(backoff_seconds(5), 32);
        assert_eq!(backoff_seconds(30), 3_600);
    }
}
