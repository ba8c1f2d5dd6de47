//! Work items: keyed `CODE-N` gaplessly per project, in a sprint or the backlog, under a
//! parent of the same project without cycles.

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{ProjectId, WorkItemId};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{hours, hours_text, name, project_for_write, project_of, require_members, words};
use crate::api::*;
use crate::domain::{Priority, WorkItemState, WorkItemType, work_item_key};
use crate::store::{self, Project, SprintFilter, WorkItem, WorkItemFilter};
use crate::{errors, events};

const SEQUENCE: SortField = SortField {
    name: "sequence",
    column: "sequence",
    kind: SortKind::Integer,
};
const NUMBER: SortField = SortField {
    name: "key",
    column: "number",
    kind: SortKind::Integer,
};

static ITEM_LIST: ListSpec = ListSpec {
    name: "projects.work_items",
    sorts: &[CREATED_AT, SEQUENCE, NUMBER],
};

/// At most 1,000 hours of estimate.
const MAX_ESTIMATE_E2: i64 = 100_000;

fn view(code: &str, item: WorkItem, hours_logged_e2: i64) -> WorkItemView {
    WorkItemView {
        id: item.id,
        project_id: item.project_id,
        key: work_item_key(code, item.number),
        title: item.title,
        description: item.description,
        item_type: item.item_type.as_str().to_owned(),
        state: item.state.as_str().to_owned(),
        priority: item.priority.as_str().to_owned(),
        assignee_id: item.assignee_id,
        estimate_hours: item.estimate_hours_e2.map(hours_text),
        story_points: item.story_points,
        parent_id: item.parent_id,
        sprint_id: item.sprint_id,
        sequence: item.sequence,
        labels: item.labels,
        due_date: item.due_date.map(fields::format_date),
        reporter_id: item.reporter_id,
        hours_logged: hours_text(hours_logged_e2),
        completed_at: item.completed_at.map(rfc3339),
        created_at: rfc3339(item.created_at),
        updated_at: rfc3339(item.updated_at),
    }
}

async fn view_one(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    project: &Project,
    item: WorkItem,
) -> ApiResult<WorkItemView> {
    let logged = store::hours_logged(db, ctx.company, &[item.id])
        .await?
        .remove(&item.id)
        .unwrap_or(0);
    Ok(view(&project.code, item, logged))
}

fn code_of<T: Copy>(
    validation: &mut Validation,
    field: &str,
    text: &str,
    parse: fn(&str) -> Option<T>,
    codes: fn() -> String,
) -> Option<T> {
    let value = parse(text);
    if value.is_none() {
        validation.add(field, format!("must be one of: {}", codes()));
    }
    value
}

fn points(validation: &mut Validation, value: i64) -> i64 {
    if !(0..=1_000).contains(&value) {
        validation.add("storyPoints", "must be a whole number from 0 to 1000");
    }
    value
}

/// The item's sprint must be a sprint of the project that is not closed.
async fn check_sprint(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    project: &Project,
    sprint: Option<Uuid>,
) -> ApiResult<()> {
    let Some(sprint) = sprint else {
        return Ok(());
    };
    match store::sprint_by_id(db, ctx.company, project.id, sprint).await? {
        None => Err(ApiError::invalid_field(
            "sprintId",
            "no such sprint in this project",
        )),
        Some(found) if found.state == crate::domain::SprintState::Closed => {
            Err(ApiError::invalid_field("sprintId", "the sprint is closed"))
        }
        Some(_) => Ok(()),
    }
}

/// Whether a change of the item would change the history of the sprint it is in: its
/// completed points and burndown (leaving the sprint, leaving `done`, other points or hours).
fn changes_sprint_history(before: &WorkItem, after: &WorkItem) -> bool {
    before.sprint_id != after.sprint_id
        || (before.state == WorkItemState::Done && after.state != WorkItemState::Done)
        || before.story_points != after.story_points
        || before.estimate_hours_e2 != after.estimate_hours_e2
}

/// 409 `sprint_closed` when the item is in a closed sprint: that sprint's history is kept.
async fn require_sprint_not_closed(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    project: &Project,
    sprint: Option<Uuid>,
) -> ApiResult<()> {
    let Some(sprint) = sprint else {
        return Ok(());
    };
    match store::sprint_by_id(db, ctx.company, project.id, sprint).await? {
        Some(found) => found.state.require_not_closed(),
        None => Ok(()),
    }
}

/// The parent must be an item of the project, and not the item itself or one of its
/// descendants (walking up from the parent must never reach the item).
async fn check_parent(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    project: &Project,
    item: Uuid,
    parent: Option<Uuid>,
) -> ApiResult<()> {
    let Some(parent) = parent else {
        return Ok(());
    };
    if store::work_item_by_id(db, ctx.company, project.id, parent)
        .await?
        .is_none()
    {
        return Err(ApiError::invalid_field(
            "parentId",
            "no such work item in this project",
        ));
    }
    let mut current = Some(parent);
    let mut steps = 0;
    while let Some(ancestor) = current {
        if ancestor == item {
            return Err(ApiError::invalid_field(
                "parentId",
                "would make the item its own ancestor",
            ));
        }
        steps += 1;
        if steps > 10_000 {
            break;
        }
        current = store::parent_of(db, ctx.company, ancestor).await?;
    }
    Ok(())
}

/// `completedAt` follows the state: set when the item becomes done, cleared when it leaves done.
fn complete(item: &mut WorkItem, now: i64) {
    match (item.state, item.completed_at) {
        (WorkItemState::Done, None) => item.completed_at = Some(now),
        (WorkItemState::Done, Some(_)) => {}
        (_, _) => item.completed_at = None,
    }
}

pub async fn create_work_item(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    input: CreateWorkItem,
) -> ApiResult<WorkItemView> {
    ctx.require_write(Area::Projects)?;
    let mut validation = Validation::new();
    let title = name(&mut validation, "title", &input.title, 500);
    let item_type = match input.item_type.as_deref() {
        None => Some(WorkItemType::Task),
        Some(text) => code_of(
            &mut validation,
            "type",
            text,
            WorkItemType::parse,
            WorkItemType::codes,
        ),
    };
    let state = match input.state.as_deref() {
        None => Some(WorkItemState::Todo),
        Some(text) => code_of(
            &mut validation,
            "state",
            text,
            WorkItemState::parse,
            WorkItemState::codes,
        ),
    };
    let priority = match input.priority.as_deref() {
        None => Some(Priority::Medium),
        Some(text) => code_of(
            &mut validation,
            "priority",
            text,
            Priority::parse,
            Priority::codes,
        ),
    };
    let estimate = input
        .estimate_hours
        .map(|text| hours(&mut validation, "estimateHours", &text.0, MAX_ESTIMATE_E2));
    let story_points = input
        .story_points
        .map(|value| points(&mut validation, value));
    let labels = words(&mut validation, "labels", input.labels.unwrap_or_default());
    let due_date = input
        .due_date
        .and_then(|text| fields::parse_date(&mut validation, "dueDate", &text));
    validation.finish()?;
    let (Some(item_type), Some(state), Some(priority)) = (item_type, state, priority) else {
        return Err(ApiError::invalid_field("type", "is invalid"));
    };
    if let Some(assignee) = input.assignee_id {
        require_members(
            platform.db.connection(),
            ctx,
            &[("assigneeId".to_owned(), assignee)],
        )
        .await?;
    }
    let mut transaction = platform.db.write().await?;
    let project = project_for_write(&*transaction, ctx, project_id).await?;
    project.state.require_open()?;
    let id = Uuid::now_v7();
    check_parent(&*transaction, ctx, &project, id, input.parent_id).await?;
    check_sprint(&*transaction, ctx, &project, input.sprint_id).await?;
    let now = now_micros();
    let number = store::next_item_number(&*transaction, ctx.company, project.id).await?;
    let mut item = WorkItem {
        id,
        project_id: project.id,
        number,
        title,
        description: fields::clean(input.description),
        item_type,
        state,
        priority,
        assignee_id: input.assignee_id,
        estimate_hours_e2: estimate,
        story_points,
        parent_id: input.parent_id,
        sprint_id: input.sprint_id,
        sequence: input.sequence.unwrap_or(number),
        labels,
        due_date,
        reporter_id: ctx.user.0,
        completed_at: None,
        created_at: now,
        updated_at: now,
    };
    complete(&mut item, now);
    store::insert_work_item(&*transaction, ctx.company, &item).await?;
    transaction.emit(ctx.company, events::WORK_ITEM_CREATED, item.id);
    transaction.commit().await?;
    Ok(view(&project.code, item, 0))
}

pub async fn list_work_items(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    query: WorkItemListQuery,
) -> ApiResult<Page<WorkItemView>> {
    let db = platform.db.connection();
    let project = project_of(db, ctx, project_id).await?;
    let mut validation = Validation::new();
    let state = query
        .state
        .as_deref()
        .filter(|text| !text.is_empty())
        .and_then(|text| {
            code_of(
                &mut validation,
                "state",
                text,
                WorkItemState::parse,
                WorkItemState::codes,
            )
        });
    let item_type = query
        .item_type
        .as_deref()
        .filter(|text| !text.is_empty())
        .and_then(|text| {
            code_of(
                &mut validation,
                "type",
                text,
                WorkItemType::parse,
                WorkItemType::codes,
            )
        });
    let priority = query
        .priority
        .as_deref()
        .filter(|text| !text.is_empty())
        .and_then(|text| {
            code_of(
                &mut validation,
                "priority",
                text,
                Priority::parse,
                Priority::codes,
            )
        });
    validation.finish()?;
    let sprint = match query.sprint_id.as_deref() {
        None | Some("") => SprintFilter::Any,
        Some("none") => SprintFilter::Backlog,
        Some(text) => SprintFilter::Sprint(
            Uuid::parse_str(text)
                .map_err(|_| ApiError::invalid_field("sprint_id", "must be a sprint id or none"))?,
        ),
    };
    let filter = WorkItemFilter {
        q: fields::clean(query.q),
        state,
        item_type,
        priority,
        assignee: fields::optional_uuid("assignee_id", query.assignee_id.as_deref())?,
        sprint,
        parent: fields::optional_uuid("parent_id", query.parent_id.as_deref())?,
    };
    let key = format!("{}|{filter:?}", project.id);
    let page = PageRequest::parse(&query.page, &ITEM_LIST, &key)?;
    let (rows, total) = store::list_work_items(db, ctx.company, project.id, &filter, &page).await?;
    let ids: Vec<Uuid> = rows.iter().map(|item| item.id).collect();
    let mut logged = store::hours_logged(db, ctx.company, &ids).await?;
    Ok(page
        .page(rows, total, |item| {
            let value = match page.sort.name {
                "sequence" => SortValue::Integer(item.sequence),
                "key" => SortValue::Integer(item.number),
                _ => SortValue::Integer(item.created_at),
            };
            (value, item.id)
        })
        .map(|item| {
            let hours = logged.remove(&item.id).unwrap_or(0);
            view(&project.code, item, hours)
        }))
}

pub async fn get_work_item(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    id: WorkItemId,
) -> ApiResult<WorkItemView> {
    let db = platform.db.connection();
    let project = project_of(db, ctx, project_id).await?;
    let item = store::work_item_by_id(db, ctx.company, project.id, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("work_item"))?;
    view_one(db, ctx, &project, item).await
}

pub async fn update_work_item(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    id: WorkItemId,
    patch: UpdateWorkItem,
) -> ApiResult<WorkItemView> {
    ctx.require_write(Area::Projects)?;
    let mut transaction = platform.db.write().await?;
    let project = project_for_write(&*transaction, ctx, project_id).await?;
    let mut item = store::work_item_by_id(&*transaction, ctx.company, project.id, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("work_item"))?;
    project.state.require_open()?;
    let before = item.clone();
    let mut validation = Validation::new();
    if let Some(text) = patch.title {
        item.title = name(&mut validation, "title", &text, 500);
    }
    if let Some(description) = patch.description {
        item.description = fields::clean(description);
    }
    if let Some(text) = patch.item_type.as_deref()
        && let Some(value) = code_of(
            &mut validation,
            "type",
            text,
            WorkItemType::parse,
            WorkItemType::codes,
        )
    {
        item.item_type = value;
    }
    if let Some(text) = patch.state.as_deref()
        && let Some(value) = code_of(
            &mut validation,
            "state",
            text,
            WorkItemState::parse,
            WorkItemState::codes,
        )
    {
        item.state = value;
    }
    if let Some(text) = patch.priority.as_deref()
        && let Some(value) = code_of(
            &mut validation,
            "priority",
            text,
            Priority::parse,
            Priority::codes,
        )
    {
        item.priority = value;
    }
    if let Some(estimate) = patch.estimate_hours {
        item.estimate_hours_e2 =
            estimate.map(|text| hours(&mut validation, "estimateHours", &text.0, MAX_ESTIMATE_E2));
    }
    if let Some(value) = patch.story_points {
        item.story_points = value.map(|value| points(&mut validation, value));
    }
    if let Some(sequence) = patch.sequence {
        item.sequence = sequence;
    }
    if let Some(labels) = patch.labels {
        item.labels = words(&mut validation, "labels", labels);
    }
    if let Some(date) = patch.due_date {
        item.due_date = date.and_then(|text| fields::parse_date(&mut validation, "dueDate", &text));
    }
    validation.finish()?;
    if let Some(assignee) = patch.assignee_id {
        if let Some(user) = assignee {
            require_members(&*transaction, ctx, &[("assigneeId".to_owned(), user)]).await?;
        }
        item.assignee_id = assignee;
    }
    if let Some(parent) = patch.parent_id {
        check_parent(&*transaction, ctx, &project, item.id, parent).await?;
        item.parent_id = parent;
    }
    if let Some(sprint) = patch.sprint_id {
        if sprint != item.sprint_id {
            check_sprint(&*transaction, ctx, &project, sprint).await?;
        }
        item.sprint_id = sprint;
    }
    if changes_sprint_history(&before, &item) {
        require_sprint_not_closed(&*transaction, ctx, &project, before.sprint_id).await?;
    }
    let now = now_micros().max(item.updated_at + 1);
    complete(&mut item, now);
    item.updated_at = now;
    store::update_work_item(&*transaction, ctx.company, &item).await?;
    transaction.emit(ctx.company, events::WORK_ITEM_UPDATED, item.id);
    let view = view_one(&*transaction, ctx, &project, item).await?;
    transaction.commit().await?;
    Ok(view)
}

/// Deletes an item without child items or logged time.
pub async fn delete_work_item(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    id: WorkItemId,
) -> ApiResult<()> {
    ctx.require_write(Area::Projects)?;
    let mut transaction = platform.db.write().await?;
    let project = project_for_write(&*transaction, ctx, project_id).await?;
    let item = store::work_item_by_id(&*transaction, ctx.company, project.id, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("work_item"))?;
    require_sprint_not_closed(&*transaction, ctx, &project, item.sprint_id).await?;
    if store::has_children(&*transaction, ctx.company, item.id).await? {
        return Err(errors::work_item_in_use("child items"));
    }
    if store::has_time_entries(&*transaction, ctx.company, item.id).await? {
        return Err(errors::work_item_in_use("logged time"));
    }
    store::delete_work_item(&*transaction, ctx.company, item.id).await?;
    transaction.emit(ctx.company, events::WORK_ITEM_DELETED, item.id);
    transaction.commit().await?;
    Ok(())
}
