//! Projects, their members and their work item counters.

use std::collections::HashMap;

use arkan_kernel::{CompanyId, ProjectId};
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use arkan_platform::sql::{self, get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, LockType, Order, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use super::{strings, strings_text};
use crate::domain::{BillingType, ProjectState};

#[derive(Clone, Debug)]
pub struct Member {
    pub user_id: Uuid,
    pub hourly_cost_minor: Option<i64>,
    pub hourly_rate_minor: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct Project {
    pub id: Uuid,
    pub name: String,
    pub code: String,
    pub partner_id: Option<Uuid>,
    pub manager_id: Option<Uuid>,
    pub description: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub billing_type: Option<BillingType>,
    pub budget_minor: Option<i64>,
    pub currency: String,
    pub hourly_rate_minor: Option<i64>,
    pub tags: Vec<String>,
    pub state: ProjectState,
    pub created_at: i64,
    pub updated_at: i64,
    pub members: Vec<Member>,
}

/// What a project's view adds from its work items and time entries.
#[derive(Clone, Copy, Debug, Default)]
pub struct ProjectFigures {
    pub work_items: i64,
    pub open_work_items: i64,
    pub hours_estimated_e2: i64,
    pub hours_logged_e2: i64,
}

/// The filters of the project list.
#[derive(Debug, Default)]
pub struct ProjectFilter {
    pub q: Option<String>,
    pub state: Option<ProjectState>,
    pub partner: Option<Uuid>,
    pub manager: Option<Uuid>,
    /// `startDate` within these days, both included.
    pub starting: (Option<NaiveDate>, Option<NaiveDate>),
}

const COLUMNS: [&str; 17] = [
    "id",
    "name",
    "code",
    "partner_id",
    "manager_id",
    "description",
    "start_date",
    "end_date",
    "billing_type",
    "budget_minor",
    "currency",
    "hourly_rate_minor",
    "tags",
    "state",
    "created_at",
    "updated_at",
    "company_id",
];

fn projects(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(COLUMNS.map(|column| ("projects", column)))
        .from("projects")
        .and_where(Expr::col(("projects", "company_id")).eq(company.0))
        .to_owned()
}

fn project(row: &QueryResult) -> Result<Project, DbErr> {
    let billing: Option<String> = get(row, "billing_type")?;
    Ok(Project {
        id: get(row, "id")?,
        name: get(row, "name")?,
        code: get(row, "code")?,
        partner_id: get(row, "partner_id")?,
        manager_id: get(row, "manager_id")?,
        description: get(row, "description")?,
        start_date: get(row, "start_date")?,
        end_date: get(row, "end_date")?,
        billing_type: billing
            .map(|text| {
                BillingType::parse(&text)
                    .ok_or_else(|| DbErr::Custom(format!("unknown billing_type {text:?}")))
            })
            .transpose()?,
        budget_minor: get(row, "budget_minor")?,
        currency: get(row, "currency")?,
        hourly_rate_minor: get(row, "hourly_rate_minor")?,
        tags: strings(row, "tags")?,
        state: get_code(row, "state", ProjectState::parse)?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
        members: Vec::new(),
    })
}

async fn attach_members(
    db: &impl ConnectionTrait,
    company: CompanyId,
    projects: &mut [Project],
) -> Result<(), DbErr> {
    if projects.is_empty() {
        return Ok(());
    }
    let select = Query::select()
        .columns([
            "project_id",
            "user_id",
            "hourly_cost_minor",
            "hourly_rate_minor",
        ])
        .from("project_members")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("project_id").is_in(projects.iter().map(|project| project.id)))
        .order_by("project_id", Order::Asc)
        .order_by("position", Order::Asc)
        .to_owned();
    for row in db.query_all(&select).await? {
        let owner: Uuid = get(&row, "project_id")?;
        let member = Member {
            user_id: get(&row, "user_id")?,
            hourly_cost_minor: get(&row, "hourly_cost_minor")?,
            hourly_rate_minor: get(&row, "hourly_rate_minor")?,
        };
        if let Some(project) = projects.iter_mut().find(|project| project.id == owner) {
            project.members.push(member);
        }
    }
    Ok(())
}

pub async fn list_projects(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &ProjectFilter,
    page: &PageRequest,
) -> Result<(Vec<Project>, i64), DbErr> {
    let mut select = projects(company);
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("projects", "state")).eq(state.as_str()));
    }
    if let Some(partner) = filter.partner {
        select.and_where(Expr::col(("projects", "partner_id")).eq(partner));
    }
    if let Some(manager) = filter.manager {
        select.and_where(Expr::col(("projects", "manager_id")).eq(manager));
    }
    if let Some(from) = filter.starting.0 {
        select.and_where(Expr::col(("projects", "start_date")).gte(from));
    }
    if let Some(to) = filter.starting.1 {
        select.and_where(Expr::col(("projects", "start_date")).lte(to));
    }
    if let Some(q) = &filter.q {
        let mut any = Cond::any();
        for column in ["name", "code"] {
            any = any.add(Func::lower(Expr::col(("projects", column))).like(like_pattern(q)));
        }
        select.cond_where(any);
    }
    let (mut rows, total) = fetch_page(db, &select, page, ("projects", "id"), project).await?;
    attach_members(db, company, &mut rows).await?;
    Ok((rows, total))
}

pub async fn project_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Project>, DbErr> {
    project_row(db, company, id, false).await
}

/// The project, its row read `FOR UPDATE`: inside a write transaction this serialises the
/// writes to one project's sprints, work items and time entries on PostgreSQL (READ
/// COMMITTED), as SQLite's single writer does (SQLite ignores the lock).
pub async fn project_by_id_for_update(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Project>, DbErr> {
    project_row(db, company, id, true).await
}

async fn project_row(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<Project>, DbErr> {
    let mut select = projects(company);
    select.and_where(Expr::col(("projects", "id")).eq(id));
    if lock {
        select.lock(LockType::Update);
    }
    let Some(found) = db
        .query_one(&select)
        .await?
        .as_ref()
        .map(project)
        .transpose()?
    else {
        return Ok(None);
    };
    let mut found = [found];
    attach_members(db, company, &mut found).await?;
    let [found] = found;
    Ok(Some(found))
}

/// Which of `ids` are projects of the company.
pub async fn existing_projects(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[ProjectId],
) -> Result<Vec<ProjectId>, DbErr> {
    let mut found = Vec::new();
    for chunk in ids.chunks(500) {
        let select = Query::select()
            .column("id")
            .from("projects")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("id").is_in(chunk.iter().map(|id| id.0)))
            .to_owned();
        for row in db.query_all(&select).await? {
            found.push(ProjectId(get(&row, "id")?));
        }
    }
    Ok(found)
}

/// The names of those of `ids` that are projects of the company.
pub async fn project_names(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[ProjectId],
) -> Result<Vec<(ProjectId, String)>, DbErr> {
    let mut found = Vec::new();
    for chunk in ids.chunks(500) {
        let select = Query::select()
            .columns(["id", "name"])
            .from("projects")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("id").is_in(chunk.iter().map(|id| id.0)))
            .to_owned();
        for row in db.query_all(&select).await? {
            found.push((ProjectId(get(&row, "id")?), get(&row, "name")?));
        }
    }
    Ok(found)
}

fn project_values(project: &Project) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("name", project.name.clone().into()),
        ("code", project.code.clone().into()),
        ("partner_id", project.partner_id.into()),
        ("manager_id", project.manager_id.into()),
        ("description", project.description.clone().into()),
        ("start_date", project.start_date.into()),
        ("end_date", project.end_date.into()),
        (
            "billing_type",
            project
                .billing_type
                .map(|billing| billing.as_str().to_owned())
                .into(),
        ),
        ("budget_minor", project.budget_minor.into()),
        ("currency", project.currency.clone().into()),
        ("hourly_rate_minor", project.hourly_rate_minor.into()),
        ("tags", strings_text(&project.tags).into()),
        ("state", project.state.as_str().into()),
        ("updated_at", project.updated_at.into()),
    ]
}

async fn replace_members(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: &Project,
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("project_members")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("project_id").eq(project.id))
        .to_owned();
    db.execute(&delete).await?;
    if project.members.is_empty() {
        return Ok(());
    }
    let mut insert = Query::insert()
        .into_table("project_members")
        .columns([
            "company_id",
            "project_id",
            "user_id",
            "position",
            "hourly_cost_minor",
            "hourly_rate_minor",
        ])
        .to_owned();
    for (position, member) in project.members.iter().enumerate() {
        insert.values_panic([
            company.0.into(),
            project.id.into(),
            member.user_id.into(),
            i32::try_from(position).unwrap_or(i32::MAX).into(),
            member.hourly_cost_minor.into(),
            member.hourly_rate_minor.into(),
        ]);
    }
    db.execute(&insert).await.map(|_| ())
}

/// A new project, its members and its work item counter (at 0).
pub async fn insert_project(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: &Project,
) -> Result<(), DbErr> {
    let mut values = project_values(project);
    values.extend([
        ("company_id", company.0.into()),
        ("id", project.id.into()),
        ("created_at", project.created_at.into()),
    ]);
    sql::insert(db, "projects", &values).await?;
    sql::insert(
        db,
        "work_item_counters",
        &[
            ("company_id", company.0.into()),
            ("project_id", project.id.into()),
            ("last_number", 0_i64.into()),
        ],
    )
    .await?;
    replace_members(db, company, project).await
}

/// Saves a changed project and replaces its members.
pub async fn update_project(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: &Project,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "projects",
        company,
        project.id,
        &project_values(project),
    )
    .await?;
    replace_members(db, company, project).await
}

/// The next work item number of a project: the counter row is bumped first (on PostgreSQL
/// that locks it until the commit, so two items never share a number), then read back.
pub async fn next_item_number(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: Uuid,
) -> Result<i64, DbErr> {
    let bump = Query::update()
        .table("work_item_counters")
        .value("last_number", Expr::col("last_number").add(1))
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("project_id").eq(project))
        .to_owned();
    db.execute(&bump).await?;
    let read = Query::select()
        .column("last_number")
        .from("work_item_counters")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("project_id").eq(project))
        .to_owned();
    match db.query_one(&read).await? {
        Some(row) => get(&row, "last_number"),
        None => Err(DbErr::Custom(
            "a project without its work item counter".into(),
        )),
    }
}

/// The figures of these projects from their work items and time entries.
pub async fn project_figures(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, ProjectFigures>, DbErr> {
    let mut figures: HashMap<Uuid, ProjectFigures> = HashMap::new();
    if ids.is_empty() {
        return Ok(figures);
    }
    let items = Query::select()
        .column("project_id")
        .expr_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), Alias::new("items"))
        .expr_as(
            Expr::cust("CAST(SUM(CASE WHEN state <> 'done' THEN 1 ELSE 0 END) AS BIGINT)"),
            Alias::new("open_items"),
        )
        .expr_as(
            Expr::cust("CAST(SUM(COALESCE(estimate_hours_e2, 0)) AS BIGINT)"),
            Alias::new("estimated"),
        )
        .from("work_items")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("project_id").is_in(ids.iter().copied()))
        .group_by_col("project_id")
        .to_owned();
    for row in db.query_all(&items).await? {
        let entry = figures.entry(get(&row, "project_id")?).or_default();
        entry.work_items = get::<Option<i64>>(&row, "items")?.unwrap_or(0);
        entry.open_work_items = get::<Option<i64>>(&row, "open_items")?.unwrap_or(0);
        entry.hours_estimated_e2 = get::<Option<i64>>(&row, "estimated")?.unwrap_or(0);
    }
    let hours = Query::select()
        .column("project_id")
        .expr_as(
            Expr::cust("CAST(SUM(hours_e2) AS BIGINT)"),
            Alias::new("logged"),
        )
        .from("time_entries")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("project_id").is_in(ids.iter().copied()))
        .group_by_col("project_id")
        .to_owned();
    for row in db.query_all(&hours).await? {
        let entry = figures.entry(get(&row, "project_id")?).or_default();
        entry.hours_logged_e2 = get::<Option<i64>>(&row, "logged")?.unwrap_or(0);
    }
    Ok(figures)
}

/// Whether the project has work items, sprints or time entries.
pub async fn project_has_work(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    for table in ["work_items", "sprints", "time_entries"] {
        let select = Query::select()
            .expr(Expr::val(1))
            .from(table)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("project_id").eq(id))
            .limit(1)
            .to_owned();
        if db.query_one(&select).await?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Deletes a project (its members and key counter go with it); false when there was none.
pub async fn delete_project(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    let delete = Query::delete()
        .from_table("projects")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(db.execute(&delete).await?.rows_affected() > 0)
}
