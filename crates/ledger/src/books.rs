//! What other modules may read of the ledger: journals, accounts, taxes, rates and the ledger
//! settings, as plain values. Writes go through [`crate::posting`] only.

pub use crate::domain::{ACCOUNT_TYPES, is_profit_and_loss};
pub use crate::domain::{DocumentState, RATE_ONE, needs_partner};
pub use crate::service::entries::balances_match_lines;
pub use crate::service::{document_rate, partner_account};
pub use crate::store::{
    Account, Journal, Movement, MovementFilter, PostedLine, ProjectTotals, Tax, TaxDetail, TaxLine,
    TaxLineFilter, TaxTotal, account_by_code, account_lines, accounts_by_ids, all_tax_lines,
    all_taxes, discount_accounts, journal_by_code, journal_by_id, list_all_accounts,
    list_tax_lines, movements, posted_line, posted_lines, project_named, project_totals, rate_on,
    tax_months_match_details, tax_rounding, tax_totals, taxes_by_ids, vat_emirate, write_off_limit,
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

/// Posted debits and credits of each of `accounts` up to and including `until` (all time when
/// None): `(account, debit, credit)` in company minor units; accounts without lines are absent.
pub async fn account_balances(
    db: &impl sea_orm::ConnectionTrait,
    company: arkan_kernel::CompanyId,
    accounts: &[uuid::Uuid],
    until: Option<chrono::NaiveDate>,
) -> Result<Vec<(uuid::Uuid, i64, i64)>, sea_orm::DbErr> {
    if accounts.is_empty() {
        return Ok(Vec::new());
    }
    crate::store::balances(db, company, Some(accounts), None, until).await
}

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

/// Untaxed revenue per partner over the filter's period: posted lines on `income` accounts,
/// credit minus debit (so credit notes net off), closing entries left out.
pub async fn income_by_partner(
    db: &impl sea_orm::ConnectionTrait,
    company: arkan_kernel::CompanyId,
    filter: &LineFilter,
) -> Result<Vec<PartnerRevenue>, sea_orm::DbErr> {
    let rows =
        crate::store::revenue_by(db, company, crate::store::RevenueDimension::Partner, filter)
            .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, sums)| {
            sums.income_debit != 0 || sums.income_credit != 0 || sums.income_entries != 0
        })
        .map(|(partner, sums)| PartnerRevenue {
            partner_id: partner.map(arkan_kernel::PartnerId),
            revenue: sums.income_credit - sums.income_debit,
            entries: sums.income_entries,
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
    let rows =
        crate::store::revenue_by(db, company, crate::store::RevenueDimension::Project, filter)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(project, sums)| {
            let revenue = ProjectRevenue {
                revenue: sums.income_credit - sums.income_debit,
                entries: sums.income_entries,
                cost: sums.expense_debit - sums.expense_credit,
            };
            (project.map(arkan_kernel::ProjectId), revenue)
        })
        .collect())
}

/// Whether the kept revenue months equal the sums of the posted lines (every kept row, and
/// no row missing).
pub async fn revenue_months_match_lines(
    db: &impl sea_orm::ConnectionTrait,
    company: arkan_kernel::CompanyId,
) -> Result<bool, sea_orm::DbErr> {
    let (kept, computed) = crate::store::revenue_months_and_lines(db, company).await?;
    Ok(kept == computed)
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

/// The id of the account with chart code `code` of the company in `company_column` (a
/// correlated subquery, for a module's migration that names its accounts by code): null when
/// the company has no such account.
pub fn account_id_by_code(
    company_column: (&'static str, &'static str),
    code: &str,
) -> sea_orm::sea_query::SimpleExpr {
    id_by_code("accounts", company_column, code)
}

/// The id of the journal with code `code` of the company in `company_column` (as
/// [`account_id_by_code`]).
pub fn journal_id_by_code(
    company_column: (&'static str, &'static str),
    code: &str,
) -> sea_orm::sea_query::SimpleExpr {
    id_by_code("journals", company_column, code)
}

fn id_by_code(
    table: &'static str,
    company_column: (&'static str, &'static str),
    code: &str,
) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    Expr::SubQuery(
        None,
        Box::new(
            Query::select()
                .column(("coded", "id"))
                .from_as(table, "coded")
                .and_where(Expr::col(("coded", "company_id")).equals(company_column))
                .and_where(Expr::col(("coded", "code")).eq(code))
                .limit(1)
                .to_owned()
                .into(),
        ),
    )
}
