//! SQL of notifications; every query carries the company and the user.

use arkan_kernel::{CompanyId, UserId};
use arkan_platform::list::{PageRequest, count_of, fetch_page};
use arkan_platform::sql::get;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

pub struct Notification {
    pub id: Uuid,
    pub user_id: Uuid,
    pub kind: String,
    pub title: String,
    pub body: Option<String>,
    pub module_key: Option<String>,
    pub resource_type: Option<String>,
    pub resource_id: Option<Uuid>,
    pub read_at: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: [&str; 10] = [
    "id",
    "user_id",
    "kind",
    "title",
    "body",
    "module_key",
    "resource_type",
    "resource_id",
    "read_at",
    "created_at",
];

fn notification(row: &QueryResult) -> Result<Notification, DbErr> {
    Ok(Notification {
        id: get(row, "id")?,
        user_id: get(row, "user_id")?,
        kind: get(row, "kind")?,
        title: get(row, "title")?,
        body: get(row, "body")?,
        module_key: get(row, "module_key")?,
        resource_type: get(row, "resource_type")?,
        resource_id: get(row, "resource_id")?,
        read_at: get(row, "read_at")?,
        created_at: get(row, "created_at")?,
    })
}

pub async fn insert(
    db: &impl ConnectionTrait,
    company: CompanyId,
    row: &Notification,
) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("notifications")
        .columns(std::iter::once("company_id").chain(COLUMNS))
        .values_panic([
            company.0.into(),
            row.id.into(),
            row.user_id.into(),
            row.kind.clone().into(),
            row.title.clone().into(),
            row.body.clone().into(),
            row.module_key.clone().into(),
            row.resource_type.clone().into(),
            row.resource_id.into(),
            row.read_at.into(),
            row.created_at.into(),
        ])
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

/// The user's notifications in the company (only the unread ones when asked).
pub fn of_user(company: CompanyId, user: UserId, unread_only: bool) -> SelectStatement {
    let mut select = Query::select()
        .columns(COLUMNS.map(|column| ("notifications", column)))
        .from("notifications")
        .and_where(Expr::col(("notifications", "company_id")).eq(company.0))
        .and_where(Expr::col(("notifications", "user_id")).eq(user.0))
        .to_owned();
    if unread_only {
        select.and_where(Expr::col(("notifications", "read_at")).is_null());
    }
    select
}

pub async fn list(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<Notification>, i64), DbErr> {
    fetch_page(db, filtered, page, ("notifications", "id"), notification).await
}

pub async fn unread_count(
    db: &impl ConnectionTrait,
    company: CompanyId,
    user: UserId,
) -> Result<i64, DbErr> {
    count_of(db, &of_user(company, user, true)).await
}

pub async fn by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    user: UserId,
    id: Uuid,
) -> Result<Option<Notification>, DbErr> {
    let mut select = of_user(company, user, false);
    select.and_where(Expr::col(("notifications", "id")).eq(id));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(notification)
        .transpose()
}

/// Marks the user's unread notifications read (one, or all when `id` is None); returns how many.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    company: CompanyId,
    user: UserId,
    id: Option<Uuid>,
    now: i64,
) -> Result<u64, DbErr> {
    let mut update = Query::update()
        .table("notifications")
        .value("read_at", now)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("user_id").eq(user.0))
        .and_where(Expr::col("read_at").is_null())
        .to_owned();
    if let Some(id) = id {
        update.and_where(Expr::col("id").eq(id));
    }
    Ok(db.execute(&update).await?.rows_affected())
}
