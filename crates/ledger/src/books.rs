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

pub use crate::store::LineFilter;

/// A fiscal year's span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiscalYearSpan {
    pub id: arkan_kernel::FiscalYearId,
    pub name: String,
    pub date_from: chrono::NaiveDate,
    pub date_to: chrono::NaiveDate,
}

/// The company's fiscal year `id`; None when it has no such year.
pub async fn fiscal_year_by_id(
    db: &impl sea_orm::ConnectionTrait,
    company: arkan_kernel::CompanyId,
    id: arkan_kernel::FiscalYearId,
) -> Result<Option<FiscalYearSpan>, sea_orm::DbErr> {
    Ok(crate::store::fiscal_year_by_id(db, company, id.0)
        .await?
        .map(|year| FiscalYearSpan {
            id: arkan_kernel::FiscalYearId(year.id),
            name: year.name,
            date_from: year.date_from,
            date_to: year.date_to,
        }))
}

/// Revenue of one partner (or of the lines without one): credit minus debit on `income`
/// accounts, and the number of posted entries with such lines (invoices and credit notes
/// alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartnerRevenue {
    pub partner_id: Option<arkan_kernel::PartnerId>,
    pub revenue: i64,
    pub entries: i64,
}

fn is_income(account_type: &str) -> bool {
    account_type == "income"
}

fn is_expense(account_type: &str) -> bool {
    account_type.starts_with("expense")
}

/// Untaxed revenue per partner over the filter's period: posted lines on `income` accounts,
/// credit minus debit (so credit notes net off), closing entries left out.
pub async fn income_by_partner(
    db: &impl sea_orm::ConnectionTrait,
    company: arkan_kernel::CompanyId,
    filter: &LineFilter,
) -> Result<Vec<PartnerRevenue>, sea_orm::DbErr> {
    let accounts = crate::store::account_ids_of_type(db, company, is_income).await?;
    let groups = crate::store::grouped_lines(
        db,
        company,
        &accounts,
        filter,
        crate::store::LineGrouping::Partner,
    )
    .await?;
    Ok(groups
        .into_iter()
        .map(|group| PartnerRevenue {
            partner_id: group.partner_id.map(arkan_kernel::PartnerId),
            revenue: group.credit - group.debit,
            entries: group.entries,
        })
        .collect())
}

/// Revenue and cost of one project (or of the lines without one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProjectRevenue {
    /// Credit minus debit on `income` accounts.
    pub revenue: i64,
    /// Posted entries with `income` lines of the project.
    pub entries: i64,
    /// Debit minus credit on expense accounts (`expense*` types).
    pub cost: i64,
}

/// Revenue and cost per project over the filter's period, closing entries left out.
pub async fn income_and_cost_by_project(
    db: &impl sea_orm::ConnectionTrait,
    company: arkan_kernel::CompanyId,
    filter: &LineFilter,
) -> Result<Vec<(Option<arkan_kernel::ProjectId>, ProjectRevenue)>, sea_orm::DbErr> {
    use crate::store::{LineGrouping, account_ids_of_type, grouped_lines};
    let income = account_ids_of_type(db, company, is_income).await?;
    let expenses = account_ids_of_type(db, company, is_expense).await?;
    let mut rows: Vec<(Option<arkan_kernel::ProjectId>, ProjectRevenue)> = Vec::new();
    let mut row_of = |project: Option<uuid::Uuid>| {
        let key = project.map(arkan_kernel::ProjectId);
        match rows.iter().position(|(found, _)| *found == key) {
            Some(index) => index,
            None => {
                rows.push((key, ProjectRevenue::default()));
                rows.len() - 1
            }
        }
    };
    let mut indexed = Vec::new();
    for group in grouped_lines(db, company, &income, filter, LineGrouping::Project).await? {
        indexed.push((row_of(group.project_id), group, true));
    }
    for group in grouped_lines(db, company, &expenses, filter, LineGrouping::Project).await? {
        indexed.push((row_of(group.project_id), group, false));
    }
    for (index, group, is_revenue) in indexed {
        if let Some((_, row)) = rows.get_mut(index) {
            if is_revenue {
                row.revenue += group.credit - group.debit;
                row.entries += group.entries;
            } else {
                row.cost += group.debit - group.credit;
            }
        }
    }
    Ok(rows)
}

/// Posted debits and credits of one account, project (None: lines without one) and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayMovement {
    pub account_id: arkan_kernel::AccountId,
    pub project_id: Option<arkan_kernel::ProjectId>,
    pub day: chrono::NaiveDate,
    pub debit: i64,
    pub credit: i64,
}

/// The posted lines of `accounts` from `since` to `until` summed per account, project and
/// day, closing entries left out.
pub async fn movements_by_day(
    db: &impl sea_orm::ConnectionTrait,
    company: arkan_kernel::CompanyId,
    accounts: &[arkan_kernel::AccountId],
    since: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> Result<Vec<DayMovement>, sea_orm::DbErr> {
    let ids: Vec<uuid::Uuid> = accounts.iter().map(|account| account.0).collect();
    let filter = LineFilter {
        since,
        until,
        journal_id: None,
        partner_id: None,
        project_id: None,
    };
    let groups = crate::store::grouped_lines(
        db,
        company,
        &ids,
        &filter,
        crate::store::LineGrouping::AccountProjectDay,
    )
    .await?;
    Ok(groups
        .into_iter()
        .filter_map(|group| {
            Some(DayMovement {
                account_id: arkan_kernel::AccountId(group.account_id?),
                project_id: group.project_id.map(arkan_kernel::ProjectId),
                day: group.day?,
                debit: group.debit,
                credit: group.credit,
            })
        })
        .collect())
}
