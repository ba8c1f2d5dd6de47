//! SQL of cash roundings, and the one question invoices are asked about them (is one in use).

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use arkan_platform::sql::{get, get_code, insert, update};
use sea_orm::sea_query::{Expr, ExprTrait, LockType, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};
use uuid::Uuid;

use crate::domain::RoundingMethod;

#[derive(Clone, Debug)]
pub struct CashRounding {
    pub id: Uuid,
    pub name: String,
    /// The coin, with 6 decimals (0.25 = 250,000).
    pub step_e6: i64,
    pub method: RoundingMethod,
    pub profit_account_id: Uuid,
    pub loss_account_id: Uuid,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: [&str; 9] = [
    "id",
    "name",
    "step_e6",
    "method",
    "profit_account_id",
    "loss_account_id",
    "active",
    "created_at",
    "updated_at",
];

fn cash_rounding(row: &QueryResult) -> Result<CashRounding, DbErr> {
    Ok(CashRounding {
        id: get(row, "id")?,
        name: get(row, "name")?,
        step_e6: get(row, "step_e6")?,
        method: get_code(row, "method", RoundingMethod::parse)?,
        profit_account_id: get(row, "profit_account_id")?,
        loss_account_id: get(row, "loss_account_id")?,
        active: get(row, "active")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn pairs(rounding: &CashRounding) -> Vec<(&'static str, Value)> {
    vec![
        ("name", rounding.name.clone().into()),
        ("step_e6", rounding.step_e6.into()),
        ("method", rounding.method.as_str().into()),
        ("profit_account_id", rounding.profit_account_id.into()),
        ("loss_account_id", rounding.loss_account_id.into()),
        ("active", rounding.active.into()),
        ("updated_at", rounding.updated_at.into()),
    ]
}

pub async fn insert_cash_rounding(
    db: &impl ConnectionTrait,
    company: CompanyId,
    rounding: &CashRounding,
) -> Result<(), DbErr> {
    let mut row = vec![
        ("company_id", company.0.into()),
        ("id", rounding.id.into()),
        ("created_at", rounding.created_at.into()),
    ];
    row.extend(pairs(rounding));
    insert(db, "cash_roundings", &row).await
}

pub async fn update_cash_rounding(
    db: &impl ConnectionTrait,
    company: CompanyId,
    rounding: &CashRounding,
) -> Result<(), DbErr> {
    update(db, "cash_roundings", company, rounding.id, &pairs(rounding))
        .await
        .map(|_| ())
}

fn cash_roundings(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(COLUMNS.map(|column| ("cash_roundings", column)))
        .from("cash_roundings")
        .and_where(Expr::col(("cash_roundings", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn list_cash_roundings(
    db: &impl ConnectionTrait,
    company: CompanyId,
    page: &PageRequest,
) -> Result<(Vec<CashRounding>, i64), DbErr> {
    fetch_page(
        db,
        &cash_roundings(company),
        page,
        ("cash_roundings", "id"),
        cash_rounding,
    )
    .await
}

pub async fn cash_rounding_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<CashRounding>, DbErr> {
    let mut select = cash_roundings(company);
    select.and_where(Expr::col(("cash_roundings", "id")).eq(id));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(cash_rounding)
        .transpose()
}

/// The rounding, its row locked against a concurrent delete until the transaction ends (`FOR
/// SHARE` on PostgreSQL; SQLite has one writer at a time anyway): an invoice that names it
/// commits before the delete checks whether it is in use, or sees it gone.
pub async fn cash_rounding_held(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: LockType,
) -> Result<Option<CashRounding>, DbErr> {
    let mut select = cash_roundings(company);
    select
        .and_where(Expr::col(("cash_roundings", "id")).eq(id))
        .lock(lock);
    db.query_one(&select)
        .await?
        .as_ref()
        .map(cash_rounding)
        .transpose()
}
