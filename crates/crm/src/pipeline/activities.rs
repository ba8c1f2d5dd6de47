//! Activities: calls, meetings, e-mails and tasks on a lead or a deal.

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{ActivityId, DealId, LeadId};
use arkan_platform::error::{ApiError, ApiResult, Validation, is_foreign_key_violation};
use arkan_platform::fields;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use uuid::Uuid;

use super::api::*;
use super::domain::{Activity, ActivityType};
use super::service::{bool_filter, check_members, date, id_filter, notes};
use super::store;
use crate::events;

static ACTIVITY_LIST: ListSpec = ListSpec {
    name: "crm.activities",
    sorts: &[CREATED_AT],
};

fn activity_view(activity: Activity) -> ActivityView {
    ActivityView {
        id: activity.id,
        kind: activity.kind.as_str().to_owned(),
        summary: activity.summary,
        due_date: activity.due_date.map(fields::format_date),
        assignee_id: activity.assignee_id,
        notes: activity.notes,
        done: activity.done,
        lead_id: activity.lead_id,
        deal_id: activity.deal_id,
        done_at: activity.done_at.map(rfc3339),
        created_at: rfc3339(activity.created_at),
        updated_at: rfc3339(activity.updated_at),
    }
}

fn activity_type(validation: &mut Validation, text: &str) -> ActivityType {
    ActivityType::parse(text).unwrap_or_else(|| {
        validation.add("type", format!("must be one of: {}", ActivityType::codes()));
        ActivityType::Task
    })
}

fn summary(validation: &mut Validation, text: &str) -> String {
    let summary = text.trim().to_owned();
    if summary.is_empty() || summary.chars().count() > 500 {
        validation.add("summary", "must be 1 to 500 characters");
    }
    summary
}

/// What an activity belongs to.
#[derive(Clone, Copy, Debug)]
pub enum Parent {
    Lead(LeadId),
    Deal(DealId),
}

impl Parent {
    fn column(self) -> &'static str {
        match self {
            Parent::Lead(_) => "lead_id",
            Parent::Deal(_) => "deal_id",
        }
    }

    fn id(self) -> Uuid {
        match self {
            Parent::Lead(id) => id.0,
            Parent::Deal(id) => id.0,
        }
    }

    /// 404 unless the lead or deal is the company's.
    async fn require(self, db: &impl sea_orm::ConnectionTrait, ctx: &Ctx) -> ApiResult<()> {
        match self {
            Parent::Lead(id) => store::lead_by_id(db, ctx.company, id.0)
                .await?
                .map(|_| ())
                .ok_or_else(|| ApiError::not_found("lead")),
            Parent::Deal(id) => store::deal_by_id(db, ctx.company, id.0)
                .await?
                .map(|_| ())
                .ok_or_else(|| ApiError::not_found("deal")),
        }
    }
}

pub async fn create_activity(
    platform: &Platform,
    ctx: &Ctx,
    parent: Parent,
    input: CreateActivity,
) -> ApiResult<ActivityView> {
    ctx.require_write(Area::Sales)?;
    parent.require(platform.db.connection(), ctx).await?;
    let mut validation = Validation::new();
    let now = now_micros();
    let mut activity = Activity {
        id: ActivityId::new().0,
        kind: activity_type(&mut validation, &input.kind),
        summary: summary(&mut validation, &input.summary),
        due_date: date(&mut validation, "dueDate", input.due_date),
        assignee_id: input.assignee_id,
        notes: notes(&mut validation, input.notes),
        done: false,
        done_at: None,
        lead_id: None,
        deal_id: None,
        created_at: now,
        updated_at: now,
    };
    match parent {
        Parent::Lead(id) => activity.lead_id = Some(id.0),
        Parent::Deal(id) => activity.deal_id = Some(id.0),
    }
    activity.set_done(input.done.unwrap_or(false), now);
    check_members(
        platform,
        ctx,
        &mut validation,
        &[("assigneeId", input.assignee_id)],
    )
    .await?;
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    store::insert_activity(&*transaction, ctx.company, &activity)
        .await
        .map_err(|error| {
            if is_foreign_key_violation(&error) {
                ApiError::not_found(match parent {
                    Parent::Lead(_) => "lead",
                    Parent::Deal(_) => "deal",
                })
            } else {
                error.into()
            }
        })?;
    transaction.emit(ctx.company, events::ACTIVITY_CREATED, activity.id);
    transaction.commit().await?;
    Ok(activity_view(activity))
}

pub async fn list_activities(
    platform: &Platform,
    ctx: &Ctx,
    parent: Parent,
    query: ActivityListQuery,
) -> ApiResult<Page<ActivityView>> {
    let done = bool_filter("done", query.done.as_deref())?;
    let assignee = id_filter("assignee_id", query.assignee_id.as_deref())?;
    parent.require(platform.db.connection(), ctx).await?;
    let page = PageRequest::parse(
        &query.page,
        &ACTIVITY_LIST,
        &format!("parent={}&done={done:?}&assignee={assignee:?}", parent.id()),
    )?;
    let filtered = store::activities(ctx.company, parent.column(), parent.id(), done, assignee);
    let (rows, total) = store::list_activities(platform.db.connection(), &filtered, &page).await?;
    Ok(page
        .page(rows, total, |activity| {
            (SortValue::Integer(activity.created_at), activity.id)
        })
        .map(activity_view))
}

pub async fn get_activity(
    platform: &Platform,
    ctx: &Ctx,
    id: ActivityId,
) -> ApiResult<ActivityView> {
    store::activity_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(activity_view)
        .ok_or_else(|| ApiError::not_found("activity"))
}

pub async fn update_activity(
    platform: &Platform,
    ctx: &Ctx,
    id: ActivityId,
    patch: UpdateActivity,
) -> ApiResult<ActivityView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    if let Some(Some(assignee)) = patch.assignee_id {
        check_members(
            platform,
            ctx,
            &mut validation,
            &[("assigneeId", Some(assignee))],
        )
        .await?;
    }
    let mut transaction = platform.db.write().await?;
    let mut activity = store::activity_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("activity"))?;
    let now = now_micros();
    if let Some(text) = patch.kind {
        activity.kind = activity_type(&mut validation, &text);
    }
    if let Some(text) = patch.summary {
        activity.summary = summary(&mut validation, &text);
    }
    if let Some(text) = patch.due_date {
        activity.due_date = date(&mut validation, "dueDate", text);
    }
    if let Some(assignee) = patch.assignee_id {
        activity.assignee_id = assignee;
    }
    if let Some(text) = patch.notes {
        activity.notes = notes(&mut validation, text);
    }
    if let Some(done) = patch.done {
        activity.set_done(done, now);
    }
    validation.finish()?;
    activity.updated_at = now;
    store::update_activity(&*transaction, ctx.company, &activity).await?;
    transaction.emit(ctx.company, events::ACTIVITY_UPDATED, activity.id);
    transaction.commit().await?;
    Ok(activity_view(activity))
}

pub async fn delete_activity(platform: &Platform, ctx: &Ctx, id: ActivityId) -> ApiResult<()> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    if !store::delete_activity(&*transaction, ctx.company, id.0).await? {
        return Err(ApiError::not_found("activity"));
    }
    transaction.emit(ctx.company, events::ACTIVITY_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}
