//! What other modules may read and mark of payments: banking puts posted vendor payments into
//! bank files and records when each was exported.

use arkan_kernel::CompanyId;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

pub use crate::store::payments::Payment;

/// A payment of this company with its allocations; None when there is no such payment.
pub async fn by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Payment>, DbErr> {
    crate::store::payments::payment_by_id(db, company, id).await
}

/// Posted outbound payments as (id, date, exported at), in list order.
pub async fn posted_outbound(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<(Uuid, NaiveDate, Option<i64>)>, DbErr> {
    crate::store::payments::posted_outbound(db, company).await
}

/// Records that these payments went into a bank file at `at` (microseconds).
pub async fn mark_exported(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
    at: i64,
) -> Result<(), DbErr> {
    crate::store::payments::mark_exported(db, company, ids, at).await
}
