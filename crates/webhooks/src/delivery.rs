//! From a committed event to a signed POST: the dispatcher's sink makes a delivery (and its first
//! job) per matching webhook, in the transaction that marks the event dispatched; the job fixes
//! the body at the first attempt, sends it, records the attempt and, after a failure, enqueues
//! the next attempt at its backoff. Nothing here runs in the request that caused the event.

use arkan_identity::companies;
use arkan_kernel::CompanyId;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_notifications::{self as notifications, NewNotification, NotificationType};
use arkan_platform::Platform;
use arkan_platform::db::WriteTransaction;
use arkan_platform::events::{Event, MODULE_INVALIDATE};
use arkan_platform::jobs::{self, Job, NewJob};
use arkan_platform::role::Role;
use arkan_platform::state::BoxFuture;
use reqwest::header::CONTENT_TYPE;
use sea_orm::{DatabaseTransaction, DbErr};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::domain::{self, DeliveryId, DeliveryState};
use crate::signing;
use crate::store::{self, AttemptRecord, Delivery, Webhook};
use crate::target::{self, ANSWER_TIMEOUT};

/// The kind of the delivery job.
pub const JOB_KIND: &str = "webhook.deliver";

/// What a delivery job carries: which delivery, and which attempt it is.
#[derive(Debug, Serialize, Deserialize)]
struct DeliveryJob {
    company: Uuid,
    delivery: Uuid,
    attempt: i32,
}

/// The job that makes attempt `attempt` (from 1) of a delivery at `run_at`.
pub fn job(company: CompanyId, delivery: DeliveryId, attempt: i32, run_at: i64) -> NewJob {
    let payload = DeliveryJob {
        company: company.0,
        delivery: delivery.0,
        attempt,
    };
    NewJob {
        kind: JOB_KIND,
        payload: json!(payload),
        unique_key: Some(format!("webhook-delivery:{delivery}:{attempt}")),
        run_at,
    }
}

/// The dispatcher's sink: see [`crate::SINK`].
pub fn sink<'a>(
    transaction: &'a DatabaseTransaction,
    events: &'a [Event],
) -> BoxFuture<'a, Result<(), DbErr>> {
    Box::pin(fan_out(transaction, events))
}

/// A pending delivery (and its first job) for each module event and each active webhook of its
/// company subscribed to it when the event happened; once per pair, however often it runs.
async fn fan_out(transaction: &DatabaseTransaction, events: &[Event]) -> Result<(), DbErr> {
    let module_events: Vec<&Event> = events
        .iter()
        .filter(|event| event.event == MODULE_INVALIDATE)
        .collect();
    let mut companies: Vec<CompanyId> = module_events.iter().map(|event| event.company).collect();
    companies.sort_by_key(|company| company.0);
    companies.dedup();
    let now = now_micros();
    for company in companies {
        let webhooks = store::active_webhooks(transaction, company).await?;
        if webhooks.is_empty() {
            continue;
        }
        for event in module_events
            .iter()
            .filter(|event| event.company == company)
        {
            for webhook in webhooks
                .iter()
                // Only what happened since it was subscribed (an event committed before may be
                // dispatched after).
                .filter(|webhook| webhook.created_at <= event.occurred_at)
                .filter(|webhook| domain::subscribed(&webhook.events, &event.name))
            {
                let delivery = Delivery {
                    id: DeliveryId::new(),
                    webhook_id: webhook.id,
                    event_seq: event.seq,
                    event_name: event.name.clone(),
                    module_key: event.module.clone(),
                    resource_id: event.resource_id,
                    occurred_at: event.occurred_at,
                    state: DeliveryState::Pending,
                    attempts: 0,
                    last_status_code: None,
                    last_error: None,
                    next_attempt_at: Some(now),
                    body: None,
                    created_at: now,
                    updated_at: now,
                };
                let once = format!("{}:{}", webhook.id, event.seq);
                if store::insert_delivery(transaction, company, &delivery, Some(once)).await? {
                    jobs::enqueue(transaction, job(company, delivery.id, 1, now)).await?;
                }
            }
        }
    }
    Ok(())
}

/// The job's handler: see [`crate::jobs`].
pub fn handle<'a>(platform: &'a Platform, job: &'a Job) -> BoxFuture<'a, Result<(), String>> {
    Box::pin(async move {
        attempt(platform, job)
            .await
            .map_err(|error| error.to_string())
    })
}

/// How one attempt ended.
enum Outcome {
    /// The receiver answered 2xx.
    Delivered { status: i32 },
    /// No answer, another answer, or a target refused; retried until the last attempt.
    Failed { status: Option<i32>, error: String },
    /// Not sent at all (the webhook was switched off): the delivery fails without an attempt.
    Dropped { reason: String },
}

/// Makes the job's attempt, unless it was made already or nothing is left to do. Returns an
/// error only when the database fails (the platform then runs the job again later).
async fn attempt(platform: &Platform, job: &Job) -> Result<(), DbErr> {
    let Ok(work) = serde_json::from_value::<DeliveryJob>(job.payload.clone()) else {
        tracing::warn!(job = %job.id, "a webhook delivery job without its delivery");
        return Ok(());
    };
    let company = CompanyId(work.company);
    let db = platform.db.connection();
    // Gone with its webhook, already delivered or failed, or this attempt already made.
    let Some(delivery) = store::delivery_by_id(db, company, DeliveryId(work.delivery)).await?
    else {
        return Ok(());
    };
    if delivery.state != DeliveryState::Pending || delivery.attempts + 1 != work.attempt {
        return Ok(());
    }
    let Some(webhook) = store::webhook_by_id(db, company, delivery.webhook_id).await? else {
        return Ok(());
    };
    let outcome = if webhook.active {
        let body = match &delivery.body {
            Some(body) => body.clone(),
            None => fix_body(platform, company, &delivery).await?,
        };
        send(platform, &webhook, &delivery, &body).await
    } else {
        Outcome::Dropped {
            reason: "the webhook is inactive".into(),
        }
    };
    record(
        platform,
        company,
        &webhook,
        &delivery,
        work.attempt,
        outcome,
    )
    .await
}

/// Builds the payload of a delivery's first attempt and keeps it, so every retry sends exactly
/// the same body. Returns the body kept (another run's, if it was first).
async fn fix_body(
    platform: &Platform,
    company: CompanyId,
    delivery: &Delivery,
) -> Result<String, DbErr> {
    let built = payload(platform, company, delivery).await?;
    let transaction = platform.db.write().await?;
    store::fix_body(&*transaction, company, delivery.id, &built).await?;
    transaction.commit().await?;
    let kept = store::delivery_by_id(platform.db.connection(), company, delivery.id)
        .await?
        .and_then(|delivery| delivery.body);
    Ok(kept.unwrap_or(built))
}

/// `{id, event, moduleKey, companyId, occurredAt, resourceId, data}`: `data` is the resource's
/// current view when the server registered a reader for it, null otherwise and after a deletion.
async fn payload(
    platform: &Platform,
    company: CompanyId,
    delivery: &Delivery,
) -> Result<String, DbErr> {
    let resource = domain::resource_of(&delivery.event_name);
    let reader = platform.resource_views.get(resource);
    let data = match (delivery.resource_id, reader) {
        (Some(id), Some(read)) if !domain::is_deletion(&delivery.event_name) => {
            read(platform, company, id)
                .await
                .map_err(|error| DbErr::Custom(format!("reading the {resource}: {error}")))?
                .unwrap_or(Value::Null)
        }
        _ => Value::Null,
    };
    let body = json!({
        "id": delivery.event_seq.to_string(),
        "event": delivery.event_name,
        "moduleKey": delivery.module_key,
        "companyId": company.0,
        "occurredAt": rfc3339(delivery.occurred_at),
        "resourceId": delivery.resource_id,
        "data": data,
    });
    Ok(body.to_string())
}

/// POSTs the body, signed, to the webhook's checked address.
async fn send(platform: &Platform, webhook: &Webhook, delivery: &Delivery, body: &str) -> Outcome {
    let failed = |error: String| Outcome::Failed {
        status: None,
        error,
    };
    let url = match domain::parse_url(&webhook.url) {
        Ok(url) => url,
        Err(why) => return failed(format!("the URL {why}")),
    };
    // Checked again at every attempt (the setting or the DNS may have changed), and the request
    // connects only to the addresses checked.
    let target = match target::resolve(&url, platform.webhook_allow_private).await {
        Ok(target) => target,
        Err(refused) => return failed(format!("the URL's host {refused}")),
    };
    let client = match target.client() {
        Ok(client) => client,
        Err(error) => return failed(describe(error)),
    };
    let timestamp = now_micros().div_euclid(1_000_000);
    let sent = client
        .post(url)
        .header(CONTENT_TYPE, "application/json")
        .header("X-Arkan-Event", delivery.event_name.as_str())
        .header("X-Arkan-Delivery", delivery.id.to_string())
        .header("X-Arkan-Timestamp", timestamp.to_string())
        .header(
            "X-Arkan-Signature",
            signing::signature(&webhook.secret, timestamp, body.as_bytes()),
        )
        .body(body.to_owned())
        .send()
        .await;
    match sent {
        Ok(answer) => {
            let status = answer.status();
            let code = i32::from(status.as_u16());
            if status.is_success() {
                Outcome::Delivered { status: code }
            } else if status.is_redirection() {
                Outcome::Failed {
                    status: Some(code),
                    error: format!("answered {status}: redirects are not followed"),
                }
            } else {
                Outcome::Failed {
                    status: Some(code),
                    error: format!("answered {status}"),
                }
            }
        }
        Err(error) => failed(describe(error)),
    }
}

/// A failed request in a line, without its URL (which may carry a token in its query).
fn describe(error: reqwest::Error) -> String {
    if error.is_timeout() {
        return format!("no answer within {} seconds", ANSWER_TIMEOUT.as_secs());
    }
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text.chars().take(500).collect()
}

/// Keeps how the attempt ended; after a failure with attempts left, enqueues the next one at its
/// backoff. The first failure of a streak marks the webhook failing and tells the company's
/// owners and admins. A run that finds the attempt recorded already changes nothing.
async fn record(
    platform: &Platform,
    company: CompanyId,
    webhook: &Webhook,
    delivery: &Delivery,
    attempt: i32,
    outcome: Outcome,
) -> Result<(), DbErr> {
    let now = now_micros();
    let previous = attempt - 1;
    let (record, next) = match &outcome {
        Outcome::Delivered { status } => (
            AttemptRecord {
                state: DeliveryState::Delivered,
                attempts: attempt,
                last_status_code: Some(*status),
                last_error: None,
                next_attempt_at: None,
                updated_at: now,
            },
            None,
        ),
        Outcome::Failed { status, error } => {
            let next = domain::retry_delay_micros(attempt).map(|delay| now + delay);
            let state = if next.is_some() {
                DeliveryState::Pending
            } else {
                DeliveryState::Failed
            };
            (
                AttemptRecord {
                    state,
                    attempts: attempt,
                    last_status_code: *status,
                    last_error: Some(error.clone()),
                    next_attempt_at: next,
                    updated_at: now,
                },
                next,
            )
        }
        Outcome::Dropped { reason } => (
            AttemptRecord {
                state: DeliveryState::Failed,
                attempts: previous,
                last_status_code: delivery.last_status_code,
                last_error: Some(reason.clone()),
                next_attempt_at: None,
                updated_at: now,
            },
            None,
        ),
    };
    let mut transaction = platform.db.write().await?;
    if store::record_attempt(&*transaction, company, delivery.id, previous, &record).await? == 0 {
        // Recorded by another run of this job: leave it (the transaction rolls back).
        return Ok(());
    }
    match &outcome {
        Outcome::Delivered { .. } => {
            store::clear_failing(&*transaction, company, delivery.webhook_id).await?;
        }
        Outcome::Failed { error, .. } => {
            if store::set_failing(&*transaction, company, delivery.webhook_id, now).await? {
                tell_failing(&mut transaction, company, webhook, delivery, error).await?;
            }
        }
        Outcome::Dropped { .. } => {}
    }
    if let Some(at) = next {
        jobs::enqueue(&*transaction, job(company, delivery.id, attempt + 1, at)).await?;
    }
    transaction.commit().await
}

/// A `webhook_failing` notification to the company's owners and admins, in the transaction that
/// records the failed attempt (so once per failing streak, and only if the attempt is kept).
async fn tell_failing(
    transaction: &mut WriteTransaction,
    company: CompanyId,
    webhook: &Webhook,
    delivery: &Delivery,
    error: &str,
) -> Result<(), DbErr> {
    let managers =
        companies::members_with_roles(&**transaction, company, &[Role::Owner, Role::Admin]).await?;
    if managers.is_empty() {
        return Ok(());
    }
    // The host only: the rest of the URL may carry a token.
    let host = domain::parse_url(&webhook.url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| "its receiver".to_owned());
    let notification = NewNotification {
        kind: NotificationType::WebhookFailing,
        title: format!("Webhook deliveries to {host} are failing"),
        body: Some(format!(
            "Delivering {} failed: {error}",
            delivery.event_name
        )),
        module_key: Some("companies"),
        resource_type: Some("webhook"),
        resource_id: Some(webhook.id.0),
    };
    notifications::raise(transaction, company, &managers, &notification).await
}
