//! SQL of invoicing, one file per resource. Every statement carries the caller's company.

pub mod cash_roundings;
pub mod fiscal_positions;
pub mod invoices;
pub mod netting;
pub mod payment_terms;
pub mod payments;

use arkan_kernel::CompanyId;
use sea_orm::sea_query::{Expr, ExprTrait, LockType, Query};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

/// Whether the company's row `id` of master data `table` (`payment_terms`, `fiscal_positions`)
/// exists, locked until the transaction ends: `FOR SHARE` by a document naming it, `FOR UPDATE`
/// by its delete (SQLite has one writer at a time anyway), so a delete and a document naming
/// the row never both commit.
pub async fn hold(
    db: &impl ConnectionTrait,
    company: CompanyId,
    table: &'static str,
    id: Uuid,
    lock: LockType,
) -> Result<bool, DbErr> {
    let select = Query::select()
        .expr(Expr::val(1))
        .from(table)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .lock(lock)
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}
