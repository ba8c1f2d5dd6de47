//! What the revenue reports and budgets read: posted lines of a set of accounts summed per
//! partner, per project or per account, project and day, with the number of entries behind
//! each sum. Every statement reads the covering index `journal_lines_for_reports` alone;
//! closing entries are left out by subtracting their few lines (found through the closing
//! index) rather than by joining every line to its entry.

use super::*;

/// Which posted lines are summed (both dates included).
#[derive(Debug, Clone, Copy)]
pub struct LineFilter {
    pub since: NaiveDate,
    pub until: NaiveDate,
    pub journal_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
}

/// What the sums are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineGrouping {
    Partner,
    Project,
    AccountProjectDay,
}

impl LineGrouping {
    fn columns(self) -> &'static [&'static str] {
        match self {
            LineGrouping::Partner => &["partner_id"],
            LineGrouping::Project => &["project_id"],
            LineGrouping::AccountProjectDay => &["account_id", "project_id", "entry_date"],
        }
    }
}

/// One group of posted lines: the grouping's columns (the others None), the sums and the
/// number of distinct entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineGroup {
    pub account_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    pub day: Option<NaiveDate>,
    pub debit: i64,
    pub credit: i64,
    pub entries: i64,
}

impl LineGroup {
    fn same_group(&self, other: &LineGroup) -> bool {
        self.account_id == other.account_id
            && self.partner_id == other.partner_id
            && self.project_id == other.project_id
            && self.day == other.day
    }
}

/// The ids of the company's accounts whose type `matches`.
pub async fn account_ids_of_type(
    db: &impl ConnectionTrait,
    company: CompanyId,
    matches: impl Fn(&str) -> bool,
) -> Result<Vec<Uuid>, DbErr> {
    let select = Query::select()
        .columns(["id", "account_type"])
        .from("accounts")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    let mut ids = Vec::new();
    for row in db.query_all(&select).await? {
        let account_type: String = get(&row, "account_type")?;
        if matches(&account_type) {
            ids.push(get(&row, "id")?);
        }
    }
    Ok(ids)
}

/// The entries of the company that match, as a subquery on `journal_entries`.
fn entries_where(company: CompanyId, condition: Cond) -> SelectStatement {
    Query::select()
        .column("id")
        .from("journal_entries")
        .and_where(Expr::col("company_id").eq(company.0))
        .cond_where(condition)
        .to_owned()
}

fn grouped_select(
    company: CompanyId,
    accounts: &[Uuid],
    filter: &LineFilter,
    grouping: LineGrouping,
    only_closing: bool,
) -> SelectStatement {
    let mut select = Query::select()
        .expr_as(
            Expr::cust("CAST(SUM(debit_minor) AS BIGINT)"),
            Alias::new("debit"),
        )
        .expr_as(
            Expr::cust("CAST(SUM(credit_minor) AS BIGINT)"),
            Alias::new("credit"),
        )
        .expr_as(
            Expr::cust("COUNT(DISTINCT entry_id)"),
            Alias::new("entries"),
        )
        .from("journal_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("account_id").is_in(accounts.iter().copied()))
        .and_where(Expr::col("entry_date").gte(filter.since))
        .and_where(Expr::col("entry_date").lte(filter.until))
        .and_where(Expr::col("posted").eq(true))
        .to_owned();
    for column in grouping.columns() {
        select.column(*column).group_by_col(*column);
    }
    if let Some(partner) = filter.partner_id {
        select.and_where(Expr::col("partner_id").eq(partner));
    }
    if let Some(project) = filter.project_id {
        select.and_where(Expr::col("project_id").eq(project));
    }
    if let Some(journal) = filter.journal_id {
        let of_journal = entries_where(
            company,
            Cond::all().add(Expr::col("journal_id").eq(journal)),
        );
        select.and_where(Expr::col("entry_id").in_subquery(of_journal));
    }
    if only_closing {
        // The closing index finds the few closing entries of the period.
        let closing = entries_where(
            company,
            Cond::all()
                .add(Expr::col("closing").eq(true))
                .add(Expr::col("entry_date").gte(filter.since))
                .add(Expr::col("entry_date").lte(filter.until)),
        );
        select.and_where(Expr::col("entry_id").in_subquery(closing));
    }
    select
}

async fn run_grouped(
    db: &impl ConnectionTrait,
    select: &SelectStatement,
    grouping: LineGrouping,
) -> Result<Vec<LineGroup>, DbErr> {
    let columns = grouping.columns();
    db.query_all(select)
        .await?
        .iter()
        .map(|row| {
            let uuid_of = |column: &str| -> Result<Option<Uuid>, DbErr> {
                if columns.contains(&column) {
                    get(row, column)
                } else {
                    Ok(None)
                }
            };
            Ok(LineGroup {
                account_id: uuid_of("account_id")?,
                partner_id: uuid_of("partner_id")?,
                project_id: uuid_of("project_id")?,
                day: if columns.contains(&"entry_date") {
                    Some(get(row, "entry_date")?)
                } else {
                    None
                },
                debit: get::<Option<i64>>(row, "debit")?.unwrap_or(0),
                credit: get::<Option<i64>>(row, "credit")?.unwrap_or(0),
                entries: get(row, "entries")?,
            })
        })
        .collect()
}

/// Posted lines of `accounts` matching `filter`, grouped, closing entries left out. Groups
/// left with nothing (no debit, credit or entry) are dropped.
pub async fn grouped_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    accounts: &[Uuid],
    filter: &LineFilter,
    grouping: LineGrouping,
) -> Result<Vec<LineGroup>, DbErr> {
    if accounts.is_empty() || filter.since > filter.until {
        return Ok(Vec::new());
    }
    // One statement over every account (a chart holds hundreds at most, far inside the
    // databases' parameter limits): an entry counts once however many of them it touches.
    let all = grouped_select(company, accounts, filter, grouping, false);
    let mut groups = run_grouped(db, &all, grouping).await?;
    let closing = grouped_select(company, accounts, filter, grouping, true);
    for closing in run_grouped(db, &closing, grouping).await? {
        if let Some(group) = groups.iter_mut().find(|group| group.same_group(&closing)) {
            group.debit -= closing.debit;
            group.credit -= closing.credit;
            group.entries -= closing.entries;
        }
    }
    groups.retain(|group| group.debit != 0 || group.credit != 0 || group.entries != 0);
    Ok(groups)
}

/// Revenue (and, per project, cost) per partner or project over the filter's period, closing
/// entries left out. The whole months come from the kept months when the filter allows it (no
/// journal, no filter on the other dimension); the days around them, and every other filter,
/// from the lines. Keys left with nothing are dropped.
pub async fn revenue_by(
    db: &impl ConnectionTrait,
    company: CompanyId,
    dimension: RevenueDimension,
    filter: &LineFilter,
) -> Result<Vec<(Option<Uuid>, RevenueSums)>, DbErr> {
    let (own_key, other_key, grouping) = match dimension {
        RevenueDimension::Partner => (filter.partner_id, filter.project_id, LineGrouping::Partner),
        RevenueDimension::Project => (filter.project_id, filter.partner_id, LineGrouping::Project),
    };
    if filter.since > filter.until {
        return Ok(Vec::new());
    }
    let mut parts: Vec<(Option<Uuid>, RevenueSums)> = Vec::new();
    let line_spans = if filter.journal_id.is_none() && other_key.is_none() {
        let split = split_by_months(filter.since, filter.until);
        if let Some((first, last)) = split.months {
            parts.extend(revenue_months(db, company, dimension, first, last, own_key).await?);
        }
        split.days
    } else {
        vec![(filter.since, filter.until)]
    };
    if !line_spans.is_empty() {
        let of_kind = |kind| {
            account_ids_of_type(db, company, move |account_type| {
                crate::domain::RevenueKind::of(account_type) == Some(kind)
            })
        };
        let income = of_kind(crate::domain::RevenueKind::Income).await?;
        let expense = match dimension {
            RevenueDimension::Partner => Vec::new(),
            RevenueDimension::Project => of_kind(crate::domain::RevenueKind::Expense).await?,
        };
        for (since, until) in line_spans {
            let span = LineFilter {
                since,
                until,
                ..*filter
            };
            for group in grouped_lines(db, company, &income, &span, grouping).await? {
                let key = match dimension {
                    RevenueDimension::Partner => group.partner_id,
                    RevenueDimension::Project => group.project_id,
                };
                let sums = RevenueSums {
                    income_debit: group.debit,
                    income_credit: group.credit,
                    income_entries: group.entries,
                    ..RevenueSums::default()
                };
                parts.push((key, sums));
            }
            for group in grouped_lines(db, company, &expense, &span, grouping).await? {
                let sums = RevenueSums {
                    expense_debit: group.debit,
                    expense_credit: group.credit,
                    ..RevenueSums::default()
                };
                parts.push((group.project_id, sums));
            }
        }
    }
    let mut merged: std::collections::HashMap<Option<Uuid>, RevenueSums> =
        std::collections::HashMap::new();
    for (key, sums) in parts {
        let total = merged.entry(key).or_default();
        *total = total.plus(sums);
    }
    Ok(merged
        .into_iter()
        .filter(|(_, sums)| !sums.is_empty())
        .collect())
}
