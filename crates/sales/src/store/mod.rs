//! SQL of sales, one file per area. Every statement carries the caller's company.

pub mod billing;
pub mod deliveries;
pub mod discounts;
pub mod incoterms;
pub mod margin;
pub mod orders;
pub mod pricing;
pub mod quotes;
pub mod returns;
pub mod settings;
pub mod warnings;

use arkan_kernel::CompanyId;
use sea_orm::{ConnectionTrait, DbErr};

/// Takes the next number of a document sequence (`SO/2026`); the row stays locked until the
/// transaction ends, so numbers are gapless.
pub async fn take_number(
    db: &impl ConnectionTrait,
    company: CompanyId,
    prefix: &str,
) -> Result<i64, DbErr> {
    arkan_platform::sql::take_number(db, "sales_sequences", company, prefix).await
}
