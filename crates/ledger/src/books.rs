//! What other modules may read of the ledger: journals, accounts, taxes, rates and the ledger
//! settings, as plain values. Writes go through [`crate::posting`] only.

pub use crate::domain::{ACCOUNT_TYPES, is_profit_and_loss};
pub use crate::domain::{DocumentState, RATE_ONE, needs_partner};
pub use crate::service::entries::balances_match_lines;
pub use crate::service::{document_rate, partner_account};
pub use crate::store::{
    Account, Journal, Movement, MovementFilter, PostedLine, ProjectTotals, Tax, TaxDetail, TaxLine,
    TaxLineFilter, TaxTotal, account_by_code, accounts_by_ids, all_tax_lines, all_taxes,
    discount_accounts, journal_by_code, journal_by_id, list_all_accounts, list_tax_lines,
    movements, posted_lines, project_named, project_totals, rate_on, tax_rounding, tax_totals,
    taxes_by_ids, vat_emirate, write_off_limit,
};

/// The first day of the fiscal year `date` falls in (a stored fiscal year wins over the
/// company's start month).
pub async fn fiscal_year_start(
    db: &impl sea_orm::ConnectionTrait,
    company: arkan_kernel::CompanyId,
    date: chrono::NaiveDate,
) -> Result<chrono::NaiveDate, sea_orm::DbErr> {
    let month = crate::store::fiscal_year_start_month(db, company).await?;
    crate::service::fiscal_year_start(db, company, date, month).await
}
