//! Raising notifications (for modules) and the caller's own list (for people).

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{CompanyId, UserId};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::events::{NOTIFICATION, Pending};
use arkan_platform::fields::optional_bool;
use arkan_platform::list::{CREATED_AT, ListSpec, PageRequest};
use arkan_platform::{Ctx, Platform};
use sea_orm::DbErr;
use uuid::Uuid;

use crate::api::{
    NotificationList, NotificationListQuery, NotificationMeta, NotificationView, ReadAll,
};
use crate::store::{self, Notification};

arkan_kernel::codes! {
    /// What a notification is about.
    pub enum NotificationType {
        ApprovalRequired = "approval_required",
        ApprovalDecided = "approval_decided",
        PaymentReceived = "payment_received",
        InvoiceOverdue = "invoice_overdue",
        StockBelowMinimum = "stock_below_minimum",
        DocumentExpiring = "document_expiring",
        QuoteAccepted = "quote_accepted",
        QuoteDeclined = "quote_declined",
        Assigned = "assigned",
        ImportFinished = "import_finished",
        WebhookFailing = "webhook_failing",
    }
}

/// What a module tells a person.
pub struct NewNotification {
    pub kind: NotificationType,
    pub title: String,
    pub body: Option<String>,
    /// The module the resource belongs to (`accounting`, `crm`, ...).
    pub module_key: Option<&'static str>,
    /// The resource's snake_case name (`invoice`) and id, for a link.
    pub resource_type: Option<&'static str>,
    pub resource_id: Option<Uuid>,
}

/// Tells `users` of the company, inside the caller's transaction: the notifications exist only
/// if the change that raised them commits, and each person is then sent theirs (a
/// `notification` event carrying the notification as `GET /notifications` lists it).
pub async fn raise(
    transaction: &mut WriteTransaction,
    company: CompanyId,
    users: &[UserId],
    notification: &NewNotification,
) -> Result<(), DbErr> {
    let now = now_micros();
    for user in users {
        let row = Notification {
            id: Uuid::now_v7(),
            user_id: user.0,
            kind: notification.kind.as_str().to_owned(),
            title: notification.title.clone(),
            body: notification.body.clone(),
            module_key: notification.module_key.map(str::to_owned),
            resource_type: notification.resource_type.map(str::to_owned),
            resource_id: notification.resource_id,
            read_at: None,
            created_at: now,
        };
        store::insert(&**transaction, company, &row).await?;
        let id = row.id;
        let data = serde_json::to_value(view(row))
            .map_err(|error| DbErr::Custom(format!("a notification as JSON: {error}")))?;
        transaction.push(Pending::personal(
            company,
            *user,
            NOTIFICATION,
            Some(id),
            data,
        ));
    }
    Ok(())
}

static NOTIFICATION_LIST: ListSpec = ListSpec {
    name: "notifications",
    sorts: &[CREATED_AT],
};

fn view(row: Notification) -> NotificationView {
    NotificationView {
        id: row.id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        module_key: row.module_key,
        resource_type: row.resource_type,
        resource_id: row.resource_id,
        user_id: row.user_id,
        read: row.read_at.is_some(),
        read_at: row.read_at.map(rfc3339),
        created_at: rfc3339(row.created_at),
    }
}

/// The caller's notifications in the company, with their unread count.
pub async fn list(
    platform: &Platform,
    ctx: &Ctx,
    query: NotificationListQuery,
) -> ApiResult<NotificationList> {
    let unread_only = optional_bool("unread", query.unread.as_deref())?.unwrap_or(false);
    let page = PageRequest::parse(
        &query.page,
        &NOTIFICATION_LIST,
        &format!("unread={unread_only}"),
    )?;
    let db = platform.db.connection();
    let filtered = store::of_user(ctx.company, ctx.user, unread_only);
    let (rows, total) = store::list(db, &filtered, &page).await?;
    let unread_count = store::unread_count(db, ctx.company, ctx.user).await?;
    let page = page
        .page(rows, total, |row| {
            (SortValue::Integer(row.created_at), row.id)
        })
        .map(view);
    Ok(NotificationList {
        data: page.data,
        meta: NotificationMeta {
            page: page.meta,
            unread_count,
        },
    })
}

/// Marks one of the caller's notifications read (reading it twice changes nothing).
pub async fn read(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<NotificationView> {
    let transaction = platform.db.write().await?;
    store::mark_read(&*transaction, ctx.company, ctx.user, Some(id), now_micros()).await?;
    let row = store::by_id(&*transaction, ctx.company, ctx.user, id)
        .await?
        .ok_or_else(|| ApiError::not_found("notification"))?;
    transaction.commit().await?;
    Ok(view(row))
}

/// Marks every unread notification of the caller in the company read.
pub async fn read_all(platform: &Platform, ctx: &Ctx) -> ApiResult<ReadAll> {
    let transaction = platform.db.write().await?;
    let updated =
        store::mark_read(&*transaction, ctx.company, ctx.user, None, now_micros()).await?;
    transaction.commit().await?;
    Ok(ReadAll { updated })
}
