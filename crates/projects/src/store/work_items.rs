//! Work items.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use arkan_platform::sql::{self, get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use super::{strings, strings_text};
use crate::domain::{Priority, WorkItemState, WorkItemType};

#[derive(Clone, Debug)]
pub struct WorkItem {
    pub id: Uuid,
    pub project_id: Uuid,
    pub number: i64,
    pub title: String,
    pub description: Option<String>,
    pub item_type: WorkItemType,
    pub state: WorkItemState,
    pub priority: Priority,
    pub assignee_id: Option<Uuid>,
    pub estimate_hours_e2: Option<i64>,
    pub story_points: Option<i64>,
    pub parent_id: Option<Uuid>,
    pub sprint_id: Option<Uuid>,
    pub sequence: i64,
    pub labels: Vec<String>,
    pub due_date: Option<NaiveDate>,
    pub reporter_id: Uuid,
    pub completed_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Which sprint a list shows: any, the backlog, or one sprint.
#[derive(Clone, Copy, Debug, Default)]
pub enum SprintFilter {
    #[default]
    Any,
    Backlog,
    Sprint(Uuid),
}

/// The filters of the work item list.
#[derive(Debug, Default)]
pub struct WorkItemFilter {
    pub q: Option<String>,
    pub state: Option<WorkItemState>,
    pub item_type: Option<WorkItemType>,
    pub priority: Option<Priority>,
    pub assignee: Option<Uuid>,
    pub sprint: SprintFilter,
    pub parent: Option<Uuid>,
}

fn items(company: CompanyId, project: Uuid) -> SelectStatement {
    Query::select()
        .columns(
            [
                "id",
                "project_id",
                "number",
                "title",
                "description",
                "item_type",
                "state",
                "priority",
                "assignee_id",
                "estimate_hours_e2",
                "story_points",
                "parent_id",
                "sprint_id",
                "sequence",
                "labels",
                "due_date",
                "reporter_id",
                "completed_at",
                "created_at",
                "updated_at",
            ]
            .map(|column| ("work_items", column)),
        )
        .from("work_items")
        .and_where(Expr::col(("work_items", "company_id")).eq(company.0))
        .and_where(Expr::col(("work_items", "project_id")).eq(project))
        .to_owned()
}

fn item(row: &QueryResult) -> Result<WorkItem, DbErr> {
    Ok(WorkItem {
        id: get(row, "id")?,
        project_id: get(row, "project_id")?,
        number: get(row, "number")?,
        title: get(row, "title")?,
        description: get(row, "description")?,
        item_type: get_code(row, "item_type", WorkItemType::parse)?,
        state: get_code(row, "state", WorkItemState::parse)?,
        priority: get_code(row, "priority", Priority::parse)?,
        assignee_id: get(row, "assignee_id")?,
        estimate_hours_e2: get(row, "estimate_hours_e2")?,
        story_points: get(row, "story_points")?,
        parent_id: get(row, "parent_id")?,
        sprint_id: get(row, "sprint_id")?,
        sequence: get(row, "sequence")?,
        labels: strings(row, "labels")?,
        due_date: get(row, "due_date")?,
        reporter_id: get(row, "reporter_id")?,
        completed_at: get(row, "completed_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub async fn list_work_items(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: Uuid,
    filter: &WorkItemFilter,
    page: &PageRequest,
) -> Result<(Vec<WorkItem>, i64), DbErr> {
    let mut select = items(company, project);
    let column = |name: &'static str| Expr::col(("work_items", name));
    if let Some(state) = filter.state {
        select.and_where(column("state").eq(state.as_str()));
    }
    if let Some(item_type) = filter.item_type {
        select.and_where(column("item_type").eq(item_type.as_str()));
    }
    if let Some(priority) = filter.priority {
        select.and_where(column("priority").eq(priority.as_str()));
    }
    if let Some(assignee) = filter.assignee {
        select.and_where(column("assignee_id").eq(assignee));
    }
    if let Some(parent) = filter.parent {
        select.and_where(column("parent_id").eq(parent));
    }
    match filter.sprint {
        SprintFilter::Any => {}
        SprintFilter::Backlog => {
            select.and_where(column("sprint_id").is_null());
        }
        SprintFilter::Sprint(sprint) => {
            select.and_where(column("sprint_id").eq(sprint));
        }
    }
    if let Some(q) = &filter.q {
        select.and_where(Func::lower(column("title")).like(like_pattern(q)));
    }
    fetch_page(db, &select, page, ("work_items", "id"), item).await
}

pub async fn work_item_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: Uuid,
    id: Uuid,
) -> Result<Option<WorkItem>, DbErr> {
    let mut select = items(company, project);
    select.and_where(Expr::col(("work_items", "id")).eq(id));
    db.query_one(&select).await?.as_ref().map(item).transpose()
}

/// Every item of a sprint.
pub async fn sprint_items(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: Uuid,
    sprint: Uuid,
) -> Result<Vec<WorkItem>, DbErr> {
    let mut select = items(company, project);
    select.and_where(Expr::col(("work_items", "sprint_id")).eq(sprint));
    db.query_all(&select).await?.iter().map(item).collect()
}

/// The parent of an item of the project (None: no parent, or no such item).
pub async fn parent_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Uuid>, DbErr> {
    let select = Query::select()
        .column("parent_id")
        .from("work_items")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => get(&row, "parent_id"),
        None => Ok(None),
    }
}

/// Whether any item has this one as its parent.
pub async fn has_children(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    let select = Query::select()
        .column("id")
        .from("work_items")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("parent_id").eq(id))
        .limit(1)
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}

/// Whether any time entry names this item.
pub async fn has_time_entries(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    let select = Query::select()
        .column("id")
        .from("time_entries")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("work_item_id").eq(id))
        .limit(1)
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}

/// The hours logged on each of these items.
pub async fn hours_logged(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, i64>, DbErr> {
    let mut hours = HashMap::new();
    if ids.is_empty() {
        return Ok(hours);
    }
    let select = Query::select()
        .column("work_item_id")
        .expr_as(
            Expr::cust("CAST(SUM(hours_e2) AS BIGINT)"),
            Alias::new("logged"),
        )
        .from("time_entries")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("work_item_id").is_in(ids.iter().copied()))
        .group_by_col("work_item_id")
        .to_owned();
    for row in db.query_all(&select).await? {
        hours.insert(
            get(&row, "work_item_id")?,
            get::<Option<i64>>(&row, "logged")?.unwrap_or(0),
        );
    }
    Ok(hours)
}

fn item_values(item: &WorkItem) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("title", item.title.clone().into()),
        ("description", item.description.clone().into()),
        ("item_type", item.item_type.as_str().into()),
        ("state", item.state.as_str().into()),
        ("priority", item.priority.as_str().into()),
        ("assignee_id", item.assignee_id.into()),
        ("estimate_hours_e2", item.estimate_hours_e2.into()),
        ("story_points", item.story_points.into()),
        ("parent_id", item.parent_id.into()),
        ("sprint_id", item.sprint_id.into()),
        ("sequence", item.sequence.into()),
        ("labels", strings_text(&item.labels).into()),
        ("due_date", item.due_date.into()),
        ("completed_at", item.completed_at.into()),
        ("updated_at", item.updated_at.into()),
    ]
}

pub async fn insert_work_item(
    db: &impl ConnectionTrait,
    company: CompanyId,
    item: &WorkItem,
) -> Result<(), DbErr> {
    let mut values = item_values(item);
    values.extend([
        ("company_id", company.0.into()),
        ("id", item.id.into()),
        ("project_id", item.project_id.into()),
        ("number", item.number.into()),
        ("reporter_id", item.reporter_id.into()),
        ("created_at", item.created_at.into()),
    ]);
    sql::insert(db, "work_items", &values).await
}

pub async fn update_work_item(
    db: &impl ConnectionTrait,
    company: CompanyId,
    item: &WorkItem,
) -> Result<(), DbErr> {
    sql::update(db, "work_items", company, item.id, &item_values(item))
        .await
        .map(|_| ())
}

pub async fn delete_work_item(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("work_items")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}

/// Moves the items of `from` that are not done to `to` (None: the backlog); returns how many.
pub async fn move_open_items(
    db: &impl ConnectionTrait,
    company: CompanyId,
    from: Uuid,
    to: Option<Uuid>,
    now: i64,
) -> Result<u64, DbErr> {
    let update = Query::update()
        .table("work_items")
        .values([("sprint_id", to.into()), ("updated_at", now.into())])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("sprint_id").eq(from))
        .and_where(Expr::col("state").ne(WorkItemState::Done.as_str()))
        .to_owned();
    Ok(db.execute(&update).await?.rows_affected())
}

/// Puts every item of a sprint back in the backlog (the sprint is being deleted).
pub async fn release_sprint_items(
    db: &impl ConnectionTrait,
    company: CompanyId,
    sprint: Uuid,
    now: i64,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("work_items")
        .values([
            ("sprint_id", Option::<Uuid>::None.into()),
            ("updated_at", now.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("sprint_id").eq(sprint))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}
