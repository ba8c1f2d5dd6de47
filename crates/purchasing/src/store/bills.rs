//! The bills made from purchase orders: the link, and the billed quantities the order keeps.

use arkan_kernel::CompanyId;
use arkan_platform::sql;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::domain::BillingState;

/// Records that `invoice` was made from `order`.
pub async fn insert_order_invoice(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: Uuid,
    invoice: Uuid,
    now: i64,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "purchase_order_invoices",
        &[
            ("company_id", company.0.into()),
            ("id", Uuid::now_v7().into()),
            ("order_id", order.into()),
            ("invoice_id", invoice.into()),
            ("created_at", now.into()),
        ],
    )
    .await
}

/// Writes what posted bills hold of each line (`(line, quantity)`) and the order's billing
/// state.
pub async fn set_billed(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: Uuid,
    lines: &[(Uuid, i64)],
    state: BillingState,
    now: i64,
) -> Result<(), DbErr> {
    for (line, quantity) in lines {
        let update = Query::update()
            .table("purchase_order_lines")
            .value("quantity_billed_e4", *quantity)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("order_id").eq(order))
            .and_where(Expr::col("id").eq(*line))
            .to_owned();
        db.execute(&update).await?;
    }
    let update = Query::update()
        .table("purchase_orders")
        .value("billing_state", state.as_str())
        .value("updated_at", now)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(order))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}
