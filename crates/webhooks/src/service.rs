//! The webhook use cases: owners and admins subscribe, change, list and remove webhooks, read
//! their delivery log and ask for a redelivery.

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_platform::error::{ApiError, ApiResult, Validation, codes};
use arkan_platform::fields::optional_bool;
use arkan_platform::jobs;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest};
use arkan_platform::role::Role;
use arkan_platform::{Ctx, Platform};
use reqwest::Url;

use crate::api::*;
use crate::delivery;
use crate::domain::{self, DeliveryId, DeliveryState, WebhookId};
use crate::errors;
use crate::store::{self, Delivery, Webhook};
use crate::target::{self, Refused};

/// Webhooks send company data outside: only owners and admins manage (or read) them.
fn require_manager(ctx: &Ctx) -> ApiResult<()> {
    if matches!(ctx.role, Role::Owner | Role::Admin) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            codes::ROLE_NOT_ALLOWED,
            format!(
                "The {} role may not manage webhooks; owners and admins do",
                ctx.role.as_str()
            ),
        ))
    }
}

/// 400 on `url` unless its host may be reached from here.
async fn check_target(platform: &Platform, url: &Url) -> ApiResult<()> {
    match target::resolve(url, platform.webhook_allow_private).await {
        Ok(_) => Ok(()),
        Err(refused @ Refused::Forbidden(_)) => {
            Err(errors::webhook_target_forbidden(&refused.to_string()))
        }
        Err(Refused::Unresolvable(why)) => Err(ApiError::invalid_field("url", why)),
    }
}

/// The URL of an input whose form the validation found good.
fn valid(url: Option<Url>) -> ApiResult<Url> {
    url.ok_or_else(|| ApiError::internal("a URL passed validation without a value"))
}

pub fn webhook_view(row: Webhook) -> WebhookView {
    WebhookView {
        id: row.id.0,
        url: row.url,
        events: row.events,
        description: row.description,
        active: row.active,
        secret: None,
        failing_since: row.failing_since.map(rfc3339),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    }
}

pub fn delivery_view(row: Delivery) -> DeliveryView {
    DeliveryView {
        id: row.id.0,
        webhook_id: row.webhook_id.0,
        event_id: row.event_seq.to_string(),
        event: row.event_name,
        state: row.state.as_str().to_owned(),
        attempts: row.attempts,
        last_status_code: row.last_status_code,
        last_error: row.last_error,
        next_attempt_at: row.next_attempt_at.map(rfc3339),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    }
}

/// Subscribes the company; the answer carries the secret, the only time it is shown.
pub async fn create(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateWebhook,
) -> ApiResult<WebhookView> {
    require_manager(ctx)?;
    let mut validation = Validation::new();
    let url = validation.check("url", domain::parse_url(&input.url));
    let events = domain::check_events(&mut validation, &input.events, &platform.event_kinds);
    let description = domain::description(&mut validation, input.description);
    validation.finish()?;
    let url = valid(url)?;
    check_target(platform, &url).await?;
    let now = now_micros();
    let row = Webhook {
        id: WebhookId::new(),
        url: url.to_string(),
        events,
        description,
        active: input.active.unwrap_or(true),
        secret: domain::new_secret(),
        failing_since: None,
        created_at: now,
        updated_at: now,
    };
    let transaction = platform.db.write().await?;
    store::insert_webhook(&*transaction, ctx.company, &row).await?;
    transaction.commit().await?;
    let secret = row.secret.clone();
    Ok(WebhookView {
        secret: Some(secret),
        ..webhook_view(row)
    })
}

static WEBHOOK_LIST: ListSpec = ListSpec {
    name: "webhooks",
    sorts: &[CREATED_AT],
};

pub async fn list(
    platform: &Platform,
    ctx: &Ctx,
    query: WebhookListQuery,
) -> ApiResult<Page<WebhookView>> {
    require_manager(ctx)?;
    let active = optional_bool("active", query.active.as_deref())?;
    let page = PageRequest::parse(&query.page, &WEBHOOK_LIST, &format!("active={active:?}"))?;
    let filtered = store::webhooks_of(ctx.company, active);
    let (rows, total) = store::list_webhooks(platform.db.connection(), &filtered, &page).await?;
    Ok(page
        .page(rows, total, |row| {
            (SortValue::Integer(row.created_at), row.id.0)
        })
        .map(webhook_view))
}

pub async fn get(platform: &Platform, ctx: &Ctx, id: WebhookId) -> ApiResult<WebhookView> {
    require_manager(ctx)?;
    store::webhook_by_id(platform.db.connection(), ctx.company, id)
        .await?
        .map(webhook_view)
        .ok_or_else(|| ApiError::not_found("webhook"))
}

/// Changes the fields sent; a new URL is checked as on create.
pub async fn update(
    platform: &Platform,
    ctx: &Ctx,
    id: WebhookId,
    patch: UpdateWebhook,
) -> ApiResult<WebhookView> {
    require_manager(ctx)?;
    let mut validation = Validation::new();
    let url = patch
        .url
        .as_deref()
        .map(|text| validation.check("url", domain::parse_url(text)));
    let events = patch
        .events
        .as_deref()
        .map(|events| domain::check_events(&mut validation, events, &platform.event_kinds));
    let description = patch
        .description
        .map(|text| domain::description(&mut validation, text));
    validation.finish()?;
    let url = match url {
        Some(url) => {
            let url = valid(url)?;
            // Resolved before the write: no network wait while holding the writer's turn.
            check_target(platform, &url).await?;
            Some(url.to_string())
        }
        None => None,
    };
    let transaction = platform.db.write().await?;
    let mut row = store::webhook_by_id(&*transaction, ctx.company, id)
        .await?
        .ok_or_else(|| ApiError::not_found("webhook"))?;
    if let Some(url) = url {
        row.url = url;
    }
    if let Some(events) = events {
        row.events = events;
    }
    if let Some(description) = description {
        row.description = description;
    }
    if let Some(active) = patch.active {
        row.active = active;
    }
    row.updated_at = now_micros();
    store::update_webhook(&*transaction, ctx.company, &row).await?;
    transaction.commit().await?;
    Ok(webhook_view(row))
}

/// Removes a webhook with its delivery log; deliveries still due are not sent.
pub async fn delete(platform: &Platform, ctx: &Ctx, id: WebhookId) -> ApiResult<()> {
    require_manager(ctx)?;
    let transaction = platform.db.write().await?;
    if store::delete_webhook(&*transaction, ctx.company, id).await? == 0 {
        return Err(ApiError::not_found("webhook"));
    }
    transaction.commit().await?;
    Ok(())
}

static DELIVERY_LIST: ListSpec = ListSpec {
    name: "webhook_deliveries",
    sorts: &[CREATED_AT],
};

/// A webhook's delivery log, newest first by default.
pub async fn deliveries(
    platform: &Platform,
    ctx: &Ctx,
    id: WebhookId,
    query: DeliveryListQuery,
) -> ApiResult<Page<DeliveryView>> {
    require_manager(ctx)?;
    let state = match query.state.as_deref() {
        None | Some("") => None,
        Some(text) => Some(DeliveryState::parse(text).ok_or_else(|| {
            ApiError::invalid_field(
                "state",
                format!("must be one of: {}", DeliveryState::codes()),
            )
        })?),
    };
    let page = PageRequest::parse(
        &query.page,
        &DELIVERY_LIST,
        &format!(
            "webhook={}&state={}",
            id,
            state.map_or("", DeliveryState::as_str)
        ),
    )?;
    let db = platform.db.connection();
    store::webhook_by_id(db, ctx.company, id)
        .await?
        .ok_or_else(|| ApiError::not_found("webhook"))?;
    let filtered = store::deliveries_of(ctx.company, id, state);
    let (rows, total) = store::list_deliveries(db, &filtered, &page).await?;
    Ok(page
        .page(rows, total, |row| {
            (SortValue::Integer(row.created_at), row.id.0)
        })
        .map(delivery_view))
}

/// Sends a delivery's event again, as a new delivery with its own attempts (the same body, when
/// the first one was built).
pub async fn redeliver(
    platform: &Platform,
    ctx: &Ctx,
    webhook_id: WebhookId,
    delivery_id: DeliveryId,
) -> ApiResult<DeliveryView> {
    require_manager(ctx)?;
    let transaction = platform.db.write().await?;
    let webhook = store::webhook_by_id(&*transaction, ctx.company, webhook_id)
        .await?
        .ok_or_else(|| ApiError::not_found("webhook"))?;
    let original = store::delivery_by_id(&*transaction, ctx.company, delivery_id)
        .await?
        .filter(|delivery| delivery.webhook_id == webhook.id)
        .ok_or_else(|| ApiError::not_found("delivery"))?;
    if !webhook.active {
        return Err(errors::webhook_inactive());
    }
    let now = now_micros();
    let again = Delivery {
        id: DeliveryId::new(),
        state: DeliveryState::Pending,
        attempts: 0,
        last_status_code: None,
        last_error: None,
        next_attempt_at: Some(now),
        created_at: now,
        updated_at: now,
        ..original
    };
    store::insert_delivery(&*transaction, ctx.company, &again, None).await?;
    jobs::enqueue(&*transaction, delivery::job(ctx.company, again.id, 1, now)).await?;
    transaction.commit().await?;
    Ok(delivery_view(again))
}
