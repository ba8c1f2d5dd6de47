//! Request and response shapes of notifications.

use arkan_platform::list::{PageMeta, PageParams};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationView {
    pub id: Uuid,
    /// approval_required, approval_decided, payment_received, invoice_overdue,
    /// stock_below_minimum, document_expiring, quote_accepted, quote_declined, assigned,
    /// import_finished or webhook_failing.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub body: Option<String>,
    pub module_key: Option<String>,
    pub resource_type: Option<String>,
    pub resource_id: Option<Uuid>,
    pub user_id: Uuid,
    pub read: bool,
    pub read_at: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationListQuery {
    /// `true`: only the unread ones.
    #[param(value_type = Option<bool>)]
    pub unread: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

/// A page of the caller's notifications, newest first by default.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationList {
    pub data: Vec<NotificationView>,
    pub meta: NotificationMeta,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationMeta {
    /// The list's paging, as every list has it.
    #[serde(flatten)]
    pub page: PageMeta,
    /// The caller's unread notifications in this company, whatever the filter.
    pub unread_count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReadAll {
    /// Notifications marked read by this call.
    pub updated: u64,
}
