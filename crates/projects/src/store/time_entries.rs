//! Time entries.

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use arkan_platform::sql::{self, get};
use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct TimeEntry {
    pub id: Uuid,
    pub project_id: Uuid,
    pub work_item_id: Option<Uuid>,
    pub user_id: Uuid,
    pub date: NaiveDate,
    pub hours_e2: i64,
    pub description: Option<String>,
    pub billable: bool,
    pub cost_minor: i64,
    pub billable_minor: i64,
    pub invoice_id: Option<Uuid>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The filters of the time entry list.
#[derive(Debug, Default)]
pub struct TimeEntryFilter {
    pub user: Option<Uuid>,
    pub work_item: Option<Uuid>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    pub billable: Option<bool>,
}

fn entries(company: CompanyId, project: Uuid) -> SelectStatement {
    Query::select()
        .columns(
            [
                "id",
                "project_id",
                "work_item_id",
                "user_id",
                "entry_date",
                "hours_e2",
                "description",
                "billable",
                "cost_minor",
                "billable_minor",
                "invoice_id",
                "created_at",
                "updated_at",
            ]
            .map(|column| ("time_entries", column)),
        )
        .from("time_entries")
        .and_where(Expr::col(("time_entries", "company_id")).eq(company.0))
        .and_where(Expr::col(("time_entries", "project_id")).eq(project))
        .to_owned()
}

fn entry(row: &QueryResult) -> Result<TimeEntry, DbErr> {
    Ok(TimeEntry {
        id: get(row, "id")?,
        project_id: get(row, "project_id")?,
        work_item_id: get(row, "work_item_id")?,
        user_id: get(row, "user_id")?,
        date: get(row, "entry_date")?,
        hours_e2: get(row, "hours_e2")?,
        description: get(row, "description")?,
        billable: get(row, "billable")?,
        cost_minor: get(row, "cost_minor")?,
        billable_minor: get(row, "billable_minor")?,
        invoice_id: get(row, "invoice_id")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub async fn list_time_entries(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: Uuid,
    filter: &TimeEntryFilter,
    page: &PageRequest,
) -> Result<(Vec<TimeEntry>, i64), DbErr> {
    let mut select = entries(company, project);
    if let Some(user) = filter.user {
        select.and_where(Expr::col(("time_entries", "user_id")).eq(user));
    }
    if let Some(item) = filter.work_item {
        select.and_where(Expr::col(("time_entries", "work_item_id")).eq(item));
    }
    if let Some(from) = filter.date_from {
        select.and_where(Expr::col(("time_entries", "entry_date")).gte(from));
    }
    if let Some(to) = filter.date_to {
        select.and_where(Expr::col(("time_entries", "entry_date")).lte(to));
    }
    if let Some(billable) = filter.billable {
        select.and_where(Expr::col(("time_entries", "billable")).eq(billable));
    }
    fetch_page(db, &select, page, ("time_entries", "id"), entry).await
}

pub async fn time_entry_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: Uuid,
    id: Uuid,
) -> Result<Option<TimeEntry>, DbErr> {
    let mut select = entries(company, project);
    select.and_where(Expr::col(("time_entries", "id")).eq(id));
    db.query_one(&select).await?.as_ref().map(entry).transpose()
}

fn entry_values(entry: &TimeEntry) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("work_item_id", entry.work_item_id.into()),
        ("user_id", entry.user_id.into()),
        ("entry_date", entry.date.into()),
        ("hours_e2", entry.hours_e2.into()),
        ("description", entry.description.clone().into()),
        ("billable", entry.billable.into()),
        ("cost_minor", entry.cost_minor.into()),
        ("billable_minor", entry.billable_minor.into()),
        ("invoice_id", entry.invoice_id.into()),
        ("updated_at", entry.updated_at.into()),
    ]
}

pub async fn insert_time_entry(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: &TimeEntry,
) -> Result<(), DbErr> {
    let mut values = entry_values(entry);
    values.extend([
        ("company_id", company.0.into()),
        ("id", entry.id.into()),
        ("project_id", entry.project_id.into()),
        ("created_at", entry.created_at.into()),
    ]);
    sql::insert(db, "time_entries", &values).await
}

pub async fn update_time_entry(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: &TimeEntry,
) -> Result<(), DbErr> {
    sql::update(db, "time_entries", company, entry.id, &entry_values(entry))
        .await
        .map(|_| ())
}

pub async fn delete_time_entry(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("time_entries")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}

/// The cost of a project's time entries dated within the period (either bound optional).
pub async fn timesheet_cost(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: Uuid,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<i64, DbErr> {
    let mut select = Query::select()
        .expr_as(
            Expr::cust("CAST(SUM(cost_minor) AS BIGINT)"),
            Alias::new("cost"),
        )
        .from("time_entries")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("project_id").eq(project))
        .to_owned();
    if let Some(from) = from {
        select.and_where(Expr::col("entry_date").gte(from));
    }
    if let Some(to) = to {
        select.and_where(Expr::col("entry_date").lte(to));
    }
    Ok(match db.query_one(&select).await? {
        Some(row) => get::<Option<i64>>(&row, "cost")?.unwrap_or(0),
        None => 0,
    })
}
