//! SQL of purchasing. Every statement carries the caller's company.

mod agreements;
mod bills;
mod blanket_orders;
mod offers;
mod orders;
mod rating;
mod rfqs;

pub use agreements::*;
pub use bills::*;
pub use blanket_orders::*;
pub use offers::*;
pub use orders::*;
pub use rating::*;
pub use rfqs::*;

use arkan_kernel::CompanyId;
use sea_orm::{ConnectionTrait, DbErr};

/// Takes the next number of a document sequence (`PO/2026`); the row stays locked until the
/// transaction ends, so numbers are gapless.
pub async fn take_number(
    db: &impl ConnectionTrait,
    company: CompanyId,
    prefix: &str,
) -> Result<i64, DbErr> {
    arkan_platform::sql::take_number(db, "purchase_sequences", company, prefix).await
}
