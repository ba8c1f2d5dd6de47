//! SQL of webhooks; every statement carries the company.

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use arkan_platform::sql::{get, get_code};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use crate::domain::{DeliveryId, DeliveryState, WebhookId};

#[derive(Clone, Debug)]
pub struct Webhook {
    pub id: WebhookId,
    pub url: String,
    pub events: Vec<String>,
    pub description: Option<String>,
    pub active: bool,
    pub secret: String,
    pub failing_since: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const WEBHOOK_COLUMNS: [&str; 9] = [
    "id",
    "url",
    "events",
    "description",
    "active",
    "secret",
    "failing_since",
    "created_at",
    "updated_at",
];

fn webhook(row: &QueryResult) -> Result<Webhook, DbErr> {
    let events: String = get(row, "events")?;
    Ok(Webhook {
        id: WebhookId(get(row, "id")?),
        url: get(row, "url")?,
        events: serde_json::from_str(&events)
            .map_err(|error| DbErr::Custom(format!("unreadable webhook events: {error}")))?,
        description: get(row, "description")?,
        active: get(row, "active")?,
        secret: get(row, "secret")?,
        failing_since: get(row, "failing_since")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn events_text(events: &[String]) -> String {
    serde_json::Value::from(events.to_vec()).to_string()
}

pub async fn insert_webhook(
    db: &impl ConnectionTrait,
    company: CompanyId,
    row: &Webhook,
) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("webhooks")
        .columns(std::iter::once("company_id").chain(WEBHOOK_COLUMNS))
        .values_panic([
            company.0.into(),
            row.id.0.into(),
            row.url.clone().into(),
            events_text(&row.events).into(),
            row.description.clone().into(),
            row.active.into(),
            row.secret.clone().into(),
            row.failing_since.into(),
            row.created_at.into(),
            row.updated_at.into(),
        ])
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

/// The company's webhooks (only the active or inactive ones when asked).
pub fn webhooks_of(company: CompanyId, active: Option<bool>) -> SelectStatement {
    let mut select = Query::select()
        .columns(WEBHOOK_COLUMNS.map(|column| ("webhooks", column)))
        .from("webhooks")
        .and_where(Expr::col(("webhooks", "company_id")).eq(company.0))
        .to_owned();
    if let Some(active) = active {
        select.and_where(Expr::col(("webhooks", "active")).eq(active));
    }
    select
}

pub async fn list_webhooks(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<Webhook>, i64), DbErr> {
    fetch_page(db, filtered, page, ("webhooks", "id"), webhook).await
}

pub async fn webhook_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: WebhookId,
) -> Result<Option<Webhook>, DbErr> {
    let mut select = webhooks_of(company, None);
    select.and_where(Expr::col(("webhooks", "id")).eq(id.0));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(webhook)
        .transpose()
}

/// The company's active webhooks, for the dispatcher to match events against.
pub async fn active_webhooks(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<Webhook>, DbErr> {
    let select = webhooks_of(company, Some(true));
    db.query_all(&select).await?.iter().map(webhook).collect()
}

/// Saves what a PATCH may change (URL, events, description, active) and `updated_at`.
pub async fn update_webhook(
    db: &impl ConnectionTrait,
    company: CompanyId,
    row: &Webhook,
) -> Result<u64, DbErr> {
    let update = Query::update()
        .table("webhooks")
        .value("url", row.url.clone())
        .value("events", events_text(&row.events))
        .value("description", row.description.clone())
        .value("active", row.active)
        .value("updated_at", row.updated_at)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(row.id.0))
        .to_owned();
    Ok(db.execute(&update).await?.rows_affected())
}

/// Deletes a webhook; its deliveries go with it (the foreign key cascades).
pub async fn delete_webhook(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: WebhookId,
) -> Result<u64, DbErr> {
    let delete = Query::delete()
        .from_table("webhooks")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id.0))
        .to_owned();
    Ok(db.execute(&delete).await?.rows_affected())
}

/// Marks the webhook failing since `now`, unless it already is; returns whether it did (the
/// first failure of a streak).
pub async fn set_failing(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: WebhookId,
    now: i64,
) -> Result<bool, DbErr> {
    let update = Query::update()
        .table("webhooks")
        .value("failing_since", now)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id.0))
        .and_where(Expr::col("failing_since").is_null())
        .to_owned();
    Ok(db.execute(&update).await?.rows_affected() == 1)
}

/// The webhook answered: it is failing no more.
pub async fn clear_failing(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: WebhookId,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("webhooks")
        .value("failing_since", Option::<i64>::None)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id.0))
        .and_where(Expr::col("failing_since").is_not_null())
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

#[derive(Clone, Debug)]
pub struct Delivery {
    pub id: DeliveryId,
    pub webhook_id: WebhookId,
    pub event_seq: i64,
    pub event_name: String,
    pub module_key: String,
    pub resource_id: Option<Uuid>,
    pub occurred_at: i64,
    pub state: DeliveryState,
    pub attempts: i32,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<i64>,
    pub body: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const DELIVERY_COLUMNS: [&str; 15] = [
    "id",
    "webhook_id",
    "event_seq",
    "event_name",
    "module_key",
    "resource_id",
    "occurred_at",
    "state",
    "attempts",
    "last_status_code",
    "last_error",
    "next_attempt_at",
    "body",
    "created_at",
    "updated_at",
];

fn delivery(row: &QueryResult) -> Result<Delivery, DbErr> {
    Ok(Delivery {
        id: DeliveryId(get(row, "id")?),
        webhook_id: WebhookId(get(row, "webhook_id")?),
        event_seq: get(row, "event_seq")?,
        event_name: get(row, "event_name")?,
        module_key: get(row, "module_key")?,
        resource_id: get(row, "resource_id")?,
        occurred_at: get(row, "occurred_at")?,
        state: get_code(row, "state", DeliveryState::parse)?,
        attempts: get(row, "attempts")?,
        last_status_code: get(row, "last_status_code")?,
        last_error: get(row, "last_error")?,
        next_attempt_at: get(row, "next_attempt_at")?,
        body: get(row, "body")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

/// Adds a delivery; with a `dedup_key` already taken in the company it adds nothing and returns
/// false (the dispatcher ran twice over one event).
pub async fn insert_delivery(
    db: &impl ConnectionTrait,
    company: CompanyId,
    row: &Delivery,
    dedup_key: Option<String>,
) -> Result<bool, DbErr> {
    let insert = Query::insert()
        .into_table("webhook_deliveries")
        .columns(
            ["company_id", "dedup_key"]
                .into_iter()
                .chain(DELIVERY_COLUMNS),
        )
        .values_panic([
            company.0.into(),
            dedup_key.into(),
            row.id.0.into(),
            row.webhook_id.0.into(),
            row.event_seq.into(),
            row.event_name.clone().into(),
            row.module_key.clone().into(),
            row.resource_id.into(),
            row.occurred_at.into(),
            row.state.as_str().into(),
            row.attempts.into(),
            row.last_status_code.into(),
            row.last_error.clone().into(),
            row.next_attempt_at.into(),
            row.body.clone().into(),
            row.created_at.into(),
            row.updated_at.into(),
        ])
        .on_conflict(
            OnConflict::columns(["company_id", "dedup_key"])
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    Ok(db.execute(&insert).await?.rows_affected() == 1)
}

/// A webhook's deliveries (in one state when asked).
pub fn deliveries_of(
    company: CompanyId,
    webhook: WebhookId,
    state: Option<DeliveryState>,
) -> SelectStatement {
    let mut select = Query::select()
        .columns(DELIVERY_COLUMNS.map(|column| ("webhook_deliveries", column)))
        .from("webhook_deliveries")
        .and_where(Expr::col(("webhook_deliveries", "company_id")).eq(company.0))
        .and_where(Expr::col(("webhook_deliveries", "webhook_id")).eq(webhook.0))
        .to_owned();
    if let Some(state) = state {
        select.and_where(Expr::col(("webhook_deliveries", "state")).eq(state.as_str()));
    }
    select
}

pub async fn list_deliveries(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<Delivery>, i64), DbErr> {
    fetch_page(db, filtered, page, ("webhook_deliveries", "id"), delivery).await
}

pub async fn delivery_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: DeliveryId,
) -> Result<Option<Delivery>, DbErr> {
    let select = Query::select()
        .columns(DELIVERY_COLUMNS.map(|column| ("webhook_deliveries", column)))
        .from("webhook_deliveries")
        .and_where(Expr::col(("webhook_deliveries", "company_id")).eq(company.0))
        .and_where(Expr::col(("webhook_deliveries", "id")).eq(id.0))
        .to_owned();
    db.query_one(&select)
        .await?
        .as_ref()
        .map(delivery)
        .transpose()
}

/// Fixes the body a delivery sends, unless one is fixed already.
pub async fn fix_body(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: DeliveryId,
    body: &str,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("webhook_deliveries")
        .value("body", body)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id.0))
        .and_where(Expr::col("body").is_null())
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

/// How an attempt ended, as the delivery row keeps it.
pub struct AttemptRecord {
    pub state: DeliveryState,
    pub attempts: i32,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<i64>,
    pub updated_at: i64,
}

/// Records an attempt on a pending delivery that has had `previous` attempts; returns 0 when
/// another run already recorded it (a job that ran twice).
pub async fn record_attempt(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: DeliveryId,
    previous: i32,
    record: &AttemptRecord,
) -> Result<u64, DbErr> {
    let update = Query::update()
        .table("webhook_deliveries")
        .value("state", record.state.as_str())
        .value("attempts", record.attempts)
        .value("last_status_code", record.last_status_code)
        .value("last_error", record.last_error.clone())
        .value("next_attempt_at", record.next_attempt_at)
        .value("updated_at", record.updated_at)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id.0))
        .and_where(Expr::col("attempts").eq(previous))
        .and_where(Expr::col("state").eq(DeliveryState::Pending.as_str()))
        .to_owned();
    Ok(db.execute(&update).await?.rows_affected())
}
