//! Request and response shapes of webhooks and their deliveries.

use arkan_platform::extract::nullable;
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateWebhook {
    /// Where deliveries are POSTed: http or https, no user name or password. Its host must not
    /// be (or resolve to) an internal address unless the server allows it.
    pub url: String,
    /// Event names (`invoice.posted`), every event of a resource (`invoice.*`), or `*`.
    pub events: Vec<String>,
    pub description: Option<String>,
    /// Default true; an inactive webhook gets no deliveries.
    pub active: Option<bool>,
}

/// Only the fields sent change; `null` clears the description.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateWebhook {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookView {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<String>,
    pub description: Option<String>,
    pub active: bool,
    /// The signing key (64 hex characters): in the create response only, never again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Since when its deliveries fail (set by the first failed attempt after a success, cleared
    /// by the next success).
    pub failing_since: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WebhookListQuery {
    /// `true`: only the active ones; `false`: only the inactive ones.
    #[param(value_type = Option<bool>)]
    pub active: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

/// One event sent (or to be sent) to one webhook.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryView {
    pub id: Uuid,
    pub webhook_id: Uuid,
    /// The event's id, as the payload's `id` carries it.
    pub event_id: String,
    /// The event's name (`client.created`).
    pub event: String,
    /// pending, delivered or failed.
    pub state: String,
    /// Attempts made so far (at most 8).
    pub attempts: i32,
    /// The status the receiver answered the last attempt with, if it answered.
    pub last_status_code: Option<i32>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When the next attempt is due, while pending.
    pub next_attempt_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryListQuery {
    /// pending, delivered or failed.
    pub state: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
