//! Sprints: `planned -> active` (one active per project) `-> closed`, carrying the items not
//! done over to another sprint or the backlog; committed and completed points; the burndown.

use std::collections::HashMap;

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{ProjectId, SprintId, format_minor};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::{DateTime, NaiveDate};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{hours, hours_text, name, project_for_write, project_of};
use crate::api::*;
use crate::domain::{self, BurndownItem, SprintState, WorkItemState};
use crate::store::{self, Project, Sprint, WorkItem};
use crate::{errors, events};

const START_DATE: SortField = SortField {
    name: "startDate",
    column: "start_date",
    kind: SortKind::Date,
};

static SPRINT_LIST: ListSpec = ListSpec {
    name: "projects.sprints",
    sorts: &[CREATED_AT, START_DATE],
};

/// At most 100,000 hours of capacity.
const MAX_CAPACITY_E2: i64 = 10_000_000;

fn points_of(items: &[WorkItem], done_only: bool) -> i64 {
    items
        .iter()
        .filter(|item| !done_only || item.state == WorkItemState::Done)
        .filter_map(|item| item.story_points)
        .sum()
}

fn view(sprint: Sprint, items: &[WorkItem]) -> SprintView {
    SprintView {
        id: sprint.id,
        project_id: sprint.project_id,
        name: sprint.name,
        goal: sprint.goal,
        start_date: fields::format_date(sprint.start_date),
        end_date: fields::format_date(sprint.end_date),
        capacity_hours: sprint.capacity_hours_e2.map(hours_text),
        state: sprint.state.as_str().to_owned(),
        committed_points: sprint
            .committed_points
            .unwrap_or_else(|| points_of(items, false)),
        completed_points: points_of(items, true),
        created_at: rfc3339(sprint.created_at),
        updated_at: rfc3339(sprint.updated_at),
    }
}

async fn view_one(db: &impl ConnectionTrait, ctx: &Ctx, sprint: Sprint) -> ApiResult<SprintView> {
    let items = store::sprint_items(db, ctx.company, sprint.project_id, sprint.id).await?;
    Ok(view(sprint, &items))
}

async fn sprint_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    project: &Project,
    id: Uuid,
) -> ApiResult<Sprint> {
    store::sprint_by_id(db, ctx.company, project.id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("sprint"))
}

/// A sprint lasts at most 366 days, its start and end days included (a burndown day each).
const MAX_SPRINT_DAYS: i64 = 366;

fn check_dates(start: Option<NaiveDate>, end: Option<NaiveDate>) -> ApiResult<()> {
    match (start, end) {
        (Some(start), Some(end)) if end < start => Err(ApiError::invalid_field(
            "endDate",
            "must be on or after startDate",
        )),
        (Some(start), Some(end)) if (end - start).num_days() >= MAX_SPRINT_DAYS => {
            Err(ApiError::invalid_field(
                "endDate",
                format!("must make a sprint of at most {MAX_SPRINT_DAYS} days"),
            ))
        }
        _ => Ok(()),
    }
}

pub async fn create_sprint(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    input: CreateSprint,
) -> ApiResult<SprintView> {
    ctx.require_write(Area::Projects)?;
    let mut validation = Validation::new();
    let name = name(&mut validation, "name", &input.name, 200);
    let start = fields::parse_date(&mut validation, "startDate", &input.start_date);
    let end = fields::parse_date(&mut validation, "endDate", &input.end_date);
    let capacity = input
        .capacity_hours
        .map(|text| hours(&mut validation, "capacityHours", &text.0, MAX_CAPACITY_E2));
    validation.finish()?;
    check_dates(start, end)?;
    let (Some(start_date), Some(end_date)) = (start, end) else {
        return Err(ApiError::invalid_field("startDate", "is required"));
    };
    let mut transaction = platform.db.write().await?;
    let project = project_for_write(&*transaction, ctx, project_id).await?;
    project.state.require_open()?;
    let now = now_micros();
    let sprint = Sprint {
        id: Uuid::now_v7(),
        project_id: project.id,
        name,
        goal: fields::clean(input.goal),
        start_date,
        end_date,
        capacity_hours_e2: capacity,
        state: SprintState::Planned,
        committed_points: None,
        created_at: now,
        updated_at: now,
    };
    store::insert_sprint(&*transaction, ctx.company, &sprint).await?;
    transaction.emit(ctx.company, events::SPRINT_CREATED, sprint.id);
    transaction.commit().await?;
    Ok(view(sprint, &[]))
}

pub async fn list_sprints(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    query: SprintListQuery,
) -> ApiResult<Page<SprintView>> {
    let db = platform.db.connection();
    let project = project_of(db, ctx, project_id).await?;
    let state = match query.state.as_deref() {
        None | Some("") => None,
        Some(text) => Some(SprintState::parse(text).ok_or_else(|| {
            ApiError::invalid_field("state", format!("must be one of: {}", SprintState::codes()))
        })?),
    };
    let key = format!("{}|{state:?}", project.id);
    let page = PageRequest::parse(&query.page, &SPRINT_LIST, &key)?;
    let (rows, total) = store::list_sprints(db, ctx.company, project.id, state, &page).await?;
    let mut items: HashMap<Uuid, Vec<WorkItem>> = HashMap::new();
    for sprint in &rows {
        let of_sprint = store::sprint_items(db, ctx.company, project.id, sprint.id).await?;
        items.insert(sprint.id, of_sprint);
    }
    Ok(page
        .page(rows, total, |sprint| {
            let value = match page.sort.name {
                "startDate" => SortValue::Text(fields::format_date(sprint.start_date)),
                _ => SortValue::Integer(sprint.created_at),
            };
            (value, sprint.id)
        })
        .map(|sprint| {
            let of_sprint = items.remove(&sprint.id).unwrap_or_default();
            view(sprint, &of_sprint)
        }))
}

pub async fn get_sprint(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    id: SprintId,
) -> ApiResult<SprintView> {
    let db = platform.db.connection();
    let project = project_of(db, ctx, project_id).await?;
    let sprint = sprint_of(db, ctx, &project, id.0).await?;
    view_one(db, ctx, sprint).await
}

pub async fn update_sprint(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    id: SprintId,
    patch: UpdateSprint,
) -> ApiResult<SprintView> {
    ctx.require_write(Area::Projects)?;
    let mut transaction = platform.db.write().await?;
    let project = project_for_write(&*transaction, ctx, project_id).await?;
    let mut sprint = sprint_of(&*transaction, ctx, &project, id.0).await?;
    sprint.state.require_not_closed()?;
    let mut validation = Validation::new();
    if let Some(text) = patch.name {
        sprint.name = name(&mut validation, "name", &text, 200);
    }
    if let Some(goal) = patch.goal {
        sprint.goal = fields::clean(goal);
    }
    if let Some(text) = patch.start_date
        && let Some(date) = fields::parse_date(&mut validation, "startDate", &text)
    {
        sprint.start_date = date;
    }
    if let Some(text) = patch.end_date
        && let Some(date) = fields::parse_date(&mut validation, "endDate", &text)
    {
        sprint.end_date = date;
    }
    if let Some(capacity) = patch.capacity_hours {
        sprint.capacity_hours_e2 =
            capacity.map(|text| hours(&mut validation, "capacityHours", &text.0, MAX_CAPACITY_E2));
    }
    validation.finish()?;
    check_dates(Some(sprint.start_date), Some(sprint.end_date))?;
    sprint.updated_at = now_micros().max(sprint.updated_at + 1);
    store::update_sprint(&*transaction, ctx.company, &sprint).await?;
    transaction.emit(ctx.company, events::SPRINT_UPDATED, sprint.id);
    let view = view_one(&*transaction, ctx, sprint).await?;
    transaction.commit().await?;
    Ok(view)
}

/// Deletes a planned sprint; its items go back to the backlog.
pub async fn delete_sprint(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    id: SprintId,
) -> ApiResult<()> {
    ctx.require_write(Area::Projects)?;
    let mut transaction = platform.db.write().await?;
    let project = project_for_write(&*transaction, ctx, project_id).await?;
    let sprint = sprint_of(&*transaction, ctx, &project, id.0).await?;
    if sprint.state != SprintState::Planned {
        return Err(errors::sprint_not_planned(sprint.state));
    }
    let now = now_micros();
    store::release_sprint_items(&*transaction, ctx.company, sprint.id, now).await?;
    store::delete_sprint(&*transaction, ctx.company, sprint.id).await?;
    transaction.emit(ctx.company, events::SPRINT_DELETED, sprint.id);
    transaction.commit().await?;
    Ok(())
}

/// Starts a planned sprint: the points in it now become its committed points.
pub async fn start_sprint(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    id: SprintId,
) -> ApiResult<SprintView> {
    ctx.require_write(Area::Projects)?;
    let mut transaction = platform.db.write().await?;
    let project = project_for_write(&*transaction, ctx, project_id).await?;
    project.state.require_open()?;
    let mut sprint = sprint_of(&*transaction, ctx, &project, id.0).await?;
    let next = sprint.state.start()?;
    if store::active_sprint(&*transaction, ctx.company, project.id)
        .await?
        .is_some()
    {
        return Err(errors::sprint_already_active());
    }
    let items = store::sprint_items(&*transaction, ctx.company, project.id, sprint.id).await?;
    sprint.state = next;
    sprint.committed_points = Some(points_of(&items, false));
    sprint.updated_at = now_micros().max(sprint.updated_at + 1);
    store::update_sprint(&*transaction, ctx.company, &sprint).await?;
    transaction.emit(ctx.company, events::SPRINT_STARTED, sprint.id);
    transaction.commit().await?;
    Ok(view(sprint, &items))
}

/// Closes the active sprint; its items not done move to `moveOpenItemsTo` (a sprint of the
/// project that is not closed) or to the backlog.
pub async fn close_sprint(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    id: SprintId,
    input: CloseSprint,
) -> ApiResult<SprintView> {
    ctx.require_write(Area::Projects)?;
    let mut transaction = platform.db.write().await?;
    let project = project_for_write(&*transaction, ctx, project_id).await?;
    let mut sprint = sprint_of(&*transaction, ctx, &project, id.0).await?;
    let next = sprint.state.close()?;
    if let Some(target) = input.move_open_items_to {
        let found = store::sprint_by_id(&*transaction, ctx.company, project.id, target).await?;
        match found {
            Some(found) if found.id != sprint.id && found.state != SprintState::Closed => {}
            Some(_) => {
                return Err(ApiError::invalid_field(
                    "moveOpenItemsTo",
                    "must be another sprint of the project that is not closed",
                ));
            }
            None => {
                return Err(ApiError::invalid_field(
                    "moveOpenItemsTo",
                    "no such sprint in this project",
                ));
            }
        }
    }
    let now = now_micros().max(sprint.updated_at + 1);
    store::move_open_items(
        &*transaction,
        ctx.company,
        sprint.id,
        input.move_open_items_to,
        now,
    )
    .await?;
    sprint.state = next;
    sprint.updated_at = now;
    store::update_sprint(&*transaction, ctx.company, &sprint).await?;
    transaction.emit(ctx.company, events::SPRINT_CLOSED, sprint.id);
    let view = view_one(&*transaction, ctx, sprint).await?;
    transaction.commit().await?;
    Ok(view)
}

/// Each day of the sprint: the points and estimated hours of its items not done by the end of
/// that day (by their `completedAt`, in UTC), and the ideal straight line.
pub async fn burndown(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    id: SprintId,
) -> ApiResult<BurndownView> {
    let db = platform.db.connection();
    let project = project_of(db, ctx, project_id).await?;
    let sprint = sprint_of(db, ctx, &project, id.0).await?;
    let items = store::sprint_items(db, ctx.company, project.id, sprint.id).await?;
    // Started sprints burn down from what they committed to; a planned one from what it holds.
    let committed = sprint
        .committed_points
        .unwrap_or_else(|| points_of(&items, false));
    let items: Vec<BurndownItem> = items
        .iter()
        .map(|item| BurndownItem {
            points: item.story_points.unwrap_or(0),
            estimate_hours_e2: item.estimate_hours_e2.unwrap_or(0),
            completed_on: item
                .completed_at
                .filter(|_| item.state == WorkItemState::Done)
                .and_then(DateTime::from_timestamp_micros)
                .map(|instant| instant.date_naive()),
        })
        .collect();
    let days = domain::burndown(sprint.start_date, sprint.end_date, committed, &items)
        .into_iter()
        .map(|day| BurndownDayView {
            date: fields::format_date(day.date),
            remaining_points: day.remaining_points,
            ideal_points: trim(&format_minor(day.ideal_points_e2, 2)),
            remaining_hours: hours_text(day.remaining_hours_e2),
        })
        .collect();
    Ok(BurndownView {
        sprint_id: sprint.id,
        days,
    })
}

fn trim(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text.to_owned()
    }
}
