//! What other modules may read and mark of payments: banking puts posted vendor payments into
//! bank files and records when each was exported.

use arkan_kernel::{CompanyId, PaymentId};
use arkan_platform::db::WriteTransaction;
use arkan_platform::list::PageRequest;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

pub use crate::domain::PaymentDirection;
pub use crate::service::payments::{SORTS, sort_key};
pub use crate::store::payments::Payment;

/// A page of the posted outbound payments not yet exported, dated from `from` to `to` (when
/// given), with their allocations, and the size of that whole set: what may go into a bank file.
/// `page` is parsed against a list whose sorts are [`SORTS`]; [`sort_key`] gives each row's
/// cursor value.
pub async fn exportable(
    db: &impl ConnectionTrait,
    company: CompanyId,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    page: &PageRequest,
) -> Result<(Vec<Payment>, i64), DbErr> {
    let filtered = crate::store::payments::exportable(company, from, to);
    crate::store::payments::list_payments(db, company, &filtered, page).await
}

/// A payment of this company with its allocations; None when there is no such payment.
pub async fn by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: PaymentId,
) -> Result<Option<Payment>, DbErr> {
    crate::store::payments::payment_by_id(db, company, id.0).await
}

/// Posted outbound payments as (id, date, exported at), oldest first.
pub async fn posted_outbound(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<(PaymentId, NaiveDate, Option<i64>)>, DbErr> {
    Ok(crate::store::payments::posted_outbound(db, company)
        .await?
        .into_iter()
        .map(|(id, date, exported)| (PaymentId(id), date, exported))
        .collect())
}

/// Records that these payments went into a bank file at `at` (microseconds), inside the
/// caller's transaction; each is named `payment.exported` on it.
pub async fn mark_exported(
    transaction: &mut WriteTransaction,
    company: CompanyId,
    ids: &[PaymentId],
    at: i64,
) -> Result<(), DbErr> {
    let uuids: Vec<Uuid> = ids.iter().map(|id| id.0).collect();
    crate::store::payments::mark_exported(&**transaction, company, &uuids, at).await?;
    for id in uuids {
        transaction.emit(company, crate::events::PAYMENT_EXPORTED, id);
    }
    Ok(())
}
