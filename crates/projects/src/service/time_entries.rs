//! Time entries: hours a member spent on a project (optionally on one of its work items), with
//! what they cost and what they may be billed at.

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{ProjectId, TimeEntryId, format_minor};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::projects::currency_of;
use super::{hours, hours_text, project_for_write, project_of, require_members};
use crate::api::*;
use crate::domain::{BillingType, amount_for_hours};
use crate::events;
use crate::store::{self, Project, TimeEntry, TimeEntryFilter};

const DATE: SortField = SortField {
    name: "date",
    column: "entry_date",
    kind: SortKind::Date,
};

static ENTRY_LIST: ListSpec = ListSpec {
    name: "projects.time_entries",
    sorts: &[CREATED_AT, DATE],
};

/// A day has 24 hours.
const MAX_HOURS_E2: i64 = 2_400;

fn view(ctx: &Ctx, project: &Project, entry: TimeEntry) -> TimeEntryView {
    let currency = currency_of(ctx, project);
    TimeEntryView {
        id: entry.id,
        project_id: entry.project_id,
        date: fields::format_date(entry.date),
        hours: hours_text(entry.hours_e2),
        work_item_id: entry.work_item_id,
        user_id: entry.user_id,
        description: entry.description,
        billable: entry.billable,
        currency: currency.code.to_owned(),
        cost_amount: format_minor(entry.cost_minor, currency.exponent),
        billable_amount: format_minor(entry.billable_minor, currency.exponent),
        invoice_id: entry.invoice_id,
        created_at: rfc3339(entry.created_at),
        updated_at: rfc3339(entry.updated_at),
    }
}

/// The amounts follow the hours, the person and the flag: cost at the member's `hourlyCost`
/// (0 without one: there are no employees yet), billed at the member's `hourlyRate`, else the
/// project's, when billable on a billable project.
fn price(project: &Project, entry: &mut TimeEntry) {
    let member = project
        .members
        .iter()
        .find(|member| member.user_id == entry.user_id);
    let cost = member
        .and_then(|member| member.hourly_cost_minor)
        .unwrap_or(0);
    entry.cost_minor = amount_for_hours(cost, entry.hours_e2);
    let billable = entry.billable && project.billing_type != Some(BillingType::NonBillable);
    let rate = member
        .and_then(|member| member.hourly_rate_minor)
        .or(project.hourly_rate_minor)
        .unwrap_or(0);
    entry.billable_minor = if billable {
        amount_for_hours(rate, entry.hours_e2)
    } else {
        0
    };
}

async fn check_item(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    project: &Project,
    item: Option<Uuid>,
) -> ApiResult<()> {
    if let Some(item) = item
        && store::work_item_by_id(db, ctx.company, project.id, item)
            .await?
            .is_none()
    {
        return Err(ApiError::invalid_field(
            "workItemId",
            "no such work item in this project",
        ));
    }
    Ok(())
}

async fn entry_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    project: &Project,
    id: Uuid,
) -> ApiResult<TimeEntry> {
    store::time_entry_by_id(db, ctx.company, project.id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("time_entry"))
}

pub async fn create_time_entry(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    input: CreateTimeEntry,
) -> ApiResult<TimeEntryView> {
    ctx.require_write(Area::Projects)?;
    let mut validation = Validation::new();
    let date = fields::parse_date(&mut validation, "date", &input.date);
    let hours_e2 = hours(&mut validation, "hours", &input.hours.0, MAX_HOURS_E2);
    validation.finish()?;
    let Some(date) = date else {
        return Err(ApiError::invalid_field("date", fields::DATE_FORMAT_MESSAGE));
    };
    let user = input.user_id.unwrap_or(ctx.user.0);
    let mut transaction = platform.db.write().await?;
    let project = project_for_write(&*transaction, ctx, project_id).await?;
    project.state.require_open()?;
    check_item(&*transaction, ctx, &project, input.work_item_id).await?;
    require_members(&*transaction, ctx, &[("userId".to_owned(), user)]).await?;
    let now = now_micros();
    let mut entry = TimeEntry {
        id: Uuid::now_v7(),
        project_id: project.id,
        work_item_id: input.work_item_id,
        user_id: user,
        date,
        hours_e2,
        description: fields::clean(input.description),
        billable: input.billable.unwrap_or(true),
        cost_minor: 0,
        billable_minor: 0,
        invoice_id: None,
        created_at: now,
        updated_at: now,
    };
    price(&project, &mut entry);
    store::insert_time_entry(&*transaction, ctx.company, &entry).await?;
    transaction.emit(ctx.company, events::TIME_ENTRY_CREATED, entry.id);
    transaction.commit().await?;
    Ok(view(ctx, &project, entry))
}

pub async fn list_time_entries(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    query: TimeEntryListQuery,
) -> ApiResult<Page<TimeEntryView>> {
    let db = platform.db.connection();
    let project = project_of(db, ctx, project_id).await?;
    let filter = TimeEntryFilter {
        user: fields::optional_uuid("user_id", query.user_id.as_deref())?,
        work_item: fields::optional_uuid("work_item_id", query.work_item_id.as_deref())?,
        date_from: fields::optional_date("date_from", query.date_from.as_deref())?,
        date_to: fields::optional_date("date_to", query.date_to.as_deref())?,
        billable: fields::optional_bool("billable", query.billable.as_deref())?,
    };
    let key = format!("{}|{filter:?}", project.id);
    let page = PageRequest::parse(&query.page, &ENTRY_LIST, &key)?;
    let (rows, total) =
        store::list_time_entries(db, ctx.company, project.id, &filter, &page).await?;
    Ok(page
        .page(rows, total, |entry| {
            let value = match page.sort.name {
                "date" => SortValue::Text(fields::format_date(entry.date)),
                _ => SortValue::Integer(entry.created_at),
            };
            (value, entry.id)
        })
        .map(|entry| view(ctx, &project, entry)))
}

pub async fn get_time_entry(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    id: TimeEntryId,
) -> ApiResult<TimeEntryView> {
    let db = platform.db.connection();
    let project = project_of(db, ctx, project_id).await?;
    let entry = entry_of(db, ctx, &project, id.0).await?;
    Ok(view(ctx, &project, entry))
}

pub async fn update_time_entry(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    id: TimeEntryId,
    patch: UpdateTimeEntry,
) -> ApiResult<TimeEntryView> {
    ctx.require_write(Area::Projects)?;
    let mut transaction = platform.db.write().await?;
    let project = project_for_write(&*transaction, ctx, project_id).await?;
    project.state.require_open()?;
    let mut entry = entry_of(&*transaction, ctx, &project, id.0).await?;
    let before = (entry.hours_e2, entry.user_id, entry.billable);
    let mut validation = Validation::new();
    if let Some(text) = patch.date
        && let Some(date) = fields::parse_date(&mut validation, "date", &text)
    {
        entry.date = date;
    }
    if let Some(text) = patch.hours {
        entry.hours_e2 = hours(&mut validation, "hours", &text.0, MAX_HOURS_E2);
    }
    if let Some(description) = patch.description {
        entry.description = fields::clean(description);
    }
    if let Some(billable) = patch.billable {
        entry.billable = billable;
    }
    validation.finish()?;
    if let Some(item) = patch.work_item_id {
        check_item(&*transaction, ctx, &project, item).await?;
        entry.work_item_id = item;
    }
    if let Some(user) = patch.user_id {
        require_members(&*transaction, ctx, &[("userId".to_owned(), user)]).await?;
        entry.user_id = user;
    }
    // Re-priced at today's rates only when what the amounts follow changed: a corrected
    // description or date keeps the amounts the entry was logged at.
    if (entry.hours_e2, entry.user_id, entry.billable) != before {
        price(&project, &mut entry);
    }
    entry.updated_at = now_micros().max(entry.updated_at + 1);
    store::update_time_entry(&*transaction, ctx.company, &entry).await?;
    transaction.emit(ctx.company, events::TIME_ENTRY_UPDATED, entry.id);
    transaction.commit().await?;
    Ok(view(ctx, &project, entry))
}

pub async fn delete_time_entry(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    id: TimeEntryId,
) -> ApiResult<()> {
    ctx.require_write(Area::Projects)?;
    let mut transaction = platform.db.write().await?;
    let project = project_for_write(&*transaction, ctx, project_id).await?;
    let entry = entry_of(&*transaction, ctx, &project, id.0).await?;
    store::delete_time_entry(&*transaction, ctx.company, entry.id).await?;
    transaction.emit(ctx.company, events::TIME_ENTRY_DELETED, entry.id);
    transaction.commit().await?;
    Ok(())
}
