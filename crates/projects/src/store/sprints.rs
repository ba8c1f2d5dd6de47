//! Sprints.

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use arkan_platform::sql::{self, get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use crate::domain::SprintState;

#[derive(Clone, Debug)]
pub struct Sprint {
    pub id: Uuid,
    pub project_id: Uuid,
    pub name: String,
    pub goal: Option<String>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub capacity_hours_e2: Option<i64>,
    pub state: SprintState,
    pub committed_points: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

fn sprints(company: CompanyId, project: Uuid) -> SelectStatement {
    Query::select()
        .columns(
            [
                "id",
                "project_id",
                "name",
                "goal",
                "start_date",
                "end_date",
                "capacity_hours_e2",
                "state",
                "committed_points",
                "created_at",
                "updated_at",
            ]
            .map(|column| ("sprints", column)),
        )
        .from("sprints")
        .and_where(Expr::col(("sprints", "company_id")).eq(company.0))
        .and_where(Expr::col(("sprints", "project_id")).eq(project))
        .to_owned()
}

fn sprint(row: &QueryResult) -> Result<Sprint, DbErr> {
    Ok(Sprint {
        id: get(row, "id")?,
        project_id: get(row, "project_id")?,
        name: get(row, "name")?,
        goal: get(row, "goal")?,
        start_date: get(row, "start_date")?,
        end_date: get(row, "end_date")?,
        capacity_hours_e2: get(row, "capacity_hours_e2")?,
        state: get_code(row, "state", SprintState::parse)?,
        committed_points: get(row, "committed_points")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub async fn list_sprints(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: Uuid,
    state: Option<SprintState>,
    page: &PageRequest,
) -> Result<(Vec<Sprint>, i64), DbErr> {
    let mut select = sprints(company, project);
    if let Some(state) = state {
        select.and_where(Expr::col(("sprints", "state")).eq(state.as_str()));
    }
    fetch_page(db, &select, page, ("sprints", "id"), sprint).await
}

/// A sprint of this project; None when the project has no such sprint.
pub async fn sprint_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: Uuid,
    id: Uuid,
) -> Result<Option<Sprint>, DbErr> {
    let mut select = sprints(company, project);
    select.and_where(Expr::col(("sprints", "id")).eq(id));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(sprint)
        .transpose()
}

/// The active sprint of the project, if any.
pub async fn active_sprint(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: Uuid,
) -> Result<Option<Sprint>, DbErr> {
    let mut select = sprints(company, project);
    select.and_where(Expr::col(("sprints", "state")).eq(SprintState::Active.as_str()));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(sprint)
        .transpose()
}

fn sprint_values(sprint: &Sprint) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("name", sprint.name.clone().into()),
        ("goal", sprint.goal.clone().into()),
        ("start_date", sprint.start_date.into()),
        ("end_date", sprint.end_date.into()),
        ("capacity_hours_e2", sprint.capacity_hours_e2.into()),
        ("state", sprint.state.as_str().into()),
        ("committed_points", sprint.committed_points.into()),
        ("updated_at", sprint.updated_at.into()),
    ]
}

pub async fn insert_sprint(
    db: &impl ConnectionTrait,
    company: CompanyId,
    sprint: &Sprint,
) -> Result<(), DbErr> {
    let mut values = sprint_values(sprint);
    values.extend([
        ("company_id", company.0.into()),
        ("id", sprint.id.into()),
        ("project_id", sprint.project_id.into()),
        ("created_at", sprint.created_at.into()),
    ]);
    sql::insert(db, "sprints", &values).await
}

pub async fn update_sprint(
    db: &impl ConnectionTrait,
    company: CompanyId,
    sprint: &Sprint,
) -> Result<(), DbErr> {
    sql::update(db, "sprints", company, sprint.id, &sprint_values(sprint))
        .await
        .map(|_| ())
}

pub async fn delete_sprint(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("sprints")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}
