//! Manual warnings on clients and products.

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use arkan_platform::sql::{self, get, get_code};
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use crate::domain::warnings::{WarningEntity, WarningLevel};

#[derive(Clone, Debug)]
pub struct Warning {
    pub id: Uuid,
    pub entity_type: WarningEntity,
    pub entity_id: Uuid,
    pub level: WarningLevel,
    pub message: String,
    pub created_by: Uuid,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Default)]
pub struct WarningFilter {
    pub entity_type: Option<WarningEntity>,
    pub entity_id: Option<Uuid>,
    pub level: Option<WarningLevel>,
}

const COLUMNS: [&str; 8] = [
    "id",
    "entity_type",
    "entity_id",
    "level",
    "message",
    "created_by",
    "created_at",
    "updated_at",
];

fn warning(row: &QueryResult) -> Result<Warning, DbErr> {
    Ok(Warning {
        id: get(row, "id")?,
        entity_type: get_code(row, "entity_type", WarningEntity::parse)?,
        entity_id: get(row, "entity_id")?,
        level: get_code(row, "level", WarningLevel::parse)?,
        message: get(row, "message")?,
        created_by: get(row, "created_by")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn warnings_of(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(COLUMNS.map(|column| ("sales_warnings", column)))
        .from("sales_warnings")
        .and_where(Expr::col(("sales_warnings", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn insert_warning(
    db: &impl ConnectionTrait,
    company: CompanyId,
    warning: &Warning,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "sales_warnings",
        &[
            ("company_id", company.0.into()),
            ("id", warning.id.into()),
            ("entity_type", warning.entity_type.as_str().into()),
            ("entity_id", warning.entity_id.into()),
            ("level", warning.level.as_str().into()),
            ("message", warning.message.clone().into()),
            ("created_by", warning.created_by.into()),
            ("created_at", warning.created_at.into()),
            ("updated_at", warning.updated_at.into()),
        ],
    )
    .await
}

/// Deletes the company's warning; false when it has none with this id.
pub async fn delete_warning(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    let delete = Query::delete()
        .from_table("sales_warnings")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(db.execute(&delete).await?.rows_affected() > 0)
}

pub async fn list_warnings(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &WarningFilter,
    page: &PageRequest,
) -> Result<(Vec<Warning>, i64), DbErr> {
    let mut select = warnings_of(company);
    let column = |name: &'static str| Expr::col(("sales_warnings", name));
    if let Some(kind) = filter.entity_type {
        select.and_where(column("entity_type").eq(kind.as_str()));
    }
    if let Some(id) = filter.entity_id {
        select.and_where(column("entity_id").eq(id));
    }
    if let Some(level) = filter.level {
        select.and_where(column("level").eq(level.as_str()));
    }
    fetch_page(db, &select, page, ("sales_warnings", "id"), warning).await
}

/// The warnings on these clients and products, oldest first.
pub async fn warnings_on(
    db: &impl ConnectionTrait,
    company: CompanyId,
    clients: &[Uuid],
    products: &[Uuid],
) -> Result<Vec<Warning>, DbErr> {
    let mut select = warnings_of(company);
    select
        .and_where(
            Expr::col(("sales_warnings", "entity_type"))
                .eq(WarningEntity::Client.as_str())
                .and(Expr::col(("sales_warnings", "entity_id")).is_in(clients.iter().copied()))
                .or(Expr::col(("sales_warnings", "entity_type"))
                    .eq(WarningEntity::Product.as_str())
                    .and(
                        Expr::col(("sales_warnings", "entity_id")).is_in(products.iter().copied()),
                    )),
        )
        .order_by(("sales_warnings", "created_at"), Order::Asc)
        .order_by(("sales_warnings", "id"), Order::Asc);
    db.query_all(&select).await?.iter().map(warning).collect()
}
