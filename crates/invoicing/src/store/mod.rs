//! SQL of invoicing, one file per resource. Every statement carries the caller's company.

pub mod cash_roundings;
pub mod fiscal_positions;
pub mod invoices;
pub mod netting;
pub mod payment_terms;
pub mod payments;

use arkan_kernel::CompanyId;
use arkan_platform::error::is_foreign_key_violation;
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

/// What [`delete_unused`] found.
pub enum Removal {
    /// No such row in the company.
    Missing,
    /// An invoice, or a row of another table with a key to it, names it.
    InUse,
    Removed,
}

/// Deletes the company's row `id` of master data `table` unless an invoice names it in
/// `invoice_column` (checked here, that column having no foreign key) or a foreign key of
/// another table refuses (a partner's default). The row is locked first, so a document naming
/// it meanwhile either committed before the check or finds it gone.
pub async fn delete_unused(
    db: &impl ConnectionTrait,
    company: CompanyId,
    table: &'static str,
    invoice_column: &'static str,
    id: Uuid,
) -> Result<Removal, DbErr> {
    if !hold(db, company, table, id, LockType::Update).await? {
        return Ok(Removal::Missing);
    }
    if invoices::any_invoice_with(db, company, invoice_column, id).await? {
        return Ok(Removal::InUse);
    }
    let delete = Query::delete()
        .from_table(table)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    match db.execute(&delete).await {
        Ok(result) if result.rows_affected() > 0 => Ok(Removal::Removed),
        Ok(_) => Ok(Removal::Missing),
        Err(error) if is_foreign_key_violation(&error) => Ok(Removal::InUse),
        Err(error) => Err(error),
    }
}
