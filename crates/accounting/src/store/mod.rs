//! SQL of the ledger, one file per resource. Every statement carries the caller's company.

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use chrono::NaiveDate;
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, OnConflict, Order, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};
use uuid::Uuid;

use crate::domain::Line;

fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T, DbErr> {
    row.try_get("", column)
}

fn values(
    pairs: &[(&'static str, Value)],
) -> (Vec<&'static str>, Vec<sea_orm::sea_query::SimpleExpr>) {
    (
        pairs.iter().map(|(column, _)| *column).collect(),
        pairs
            .iter()
            .map(|(_, value)| value.clone().into())
            .collect(),
    )
}

async fn insert(
    db: &impl ConnectionTrait,
    table: &'static str,
    pairs: &[(&'static str, Value)],
) -> Result<(), DbErr> {
    let (columns, row) = values(pairs);
    let statement = Query::insert()
        .into_table(table)
        .columns(columns)
        .values_panic(row)
        .to_owned();
    db.execute(&statement).await.map(|_| ())
}

async fn update(
    db: &impl ConnectionTrait,
    table: &'static str,
    company: CompanyId,
    id: Uuid,
    pairs: &[(&'static str, Value)],
) -> Result<u64, DbErr> {
    let statement = Query::update()
        .table(table)
        .values(
            pairs
                .iter()
                .map(|(column, value)| (*column, value.clone().into())),
        )
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected())
}

mod accounts;
mod bank;
mod entries;
mod fiscal_years;
mod journals;
mod posting;
mod rates;
mod settings;
mod taxes;

pub use accounts::*;
pub use bank::*;
pub use entries::*;
pub use fiscal_years::*;
pub use journals::*;
pub use posting::*;
pub use rates::*;
pub use settings::*;
pub use taxes::*;
