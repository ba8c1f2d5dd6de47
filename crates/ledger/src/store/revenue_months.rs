//! Revenue kept per month: the posted `income` and `expense*` lines of a month summed per
//! partner and per project, with the number of entries behind the income, kept in the posting
//! transaction (as `account_balances` keeps the accounts' days) so the revenue reports read a
//! few thousand rows instead of every line. Closing entries are never added. A line without a
//! partner (or project) is kept under the nil id.

use super::*;
use crate::domain::RevenueKind;

/// What the kept months are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RevenueDimension {
    Partner,
    Project,
}

impl RevenueDimension {
    pub const ALL: [RevenueDimension; 2] = [RevenueDimension::Partner, RevenueDimension::Project];

    fn name(self) -> &'static str {
        match self {
            RevenueDimension::Partner => "partner",
            RevenueDimension::Project => "project",
        }
    }

    fn line_column(self) -> &'static str {
        match self {
            RevenueDimension::Partner => "partner_id",
            RevenueDimension::Project => "project_id",
        }
    }

    /// The key of a line in this dimension.
    pub fn key_of(self, line: &Line) -> Option<Uuid> {
        match self {
            RevenueDimension::Partner => line.partner_id,
            RevenueDimension::Project => line.project_id,
        }
    }
}

/// The sums of one partner or project over some months.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RevenueSums {
    pub income_debit: i64,
    pub income_credit: i64,
    /// Entries with income lines of the partner or project (each entry has one date, so the
    /// months' counts add up).
    pub income_entries: i64,
    pub expense_debit: i64,
    pub expense_credit: i64,
}

impl RevenueSums {
    pub fn plus(self, other: RevenueSums) -> RevenueSums {
        RevenueSums {
            income_debit: self.income_debit + other.income_debit,
            income_credit: self.income_credit + other.income_credit,
            income_entries: self.income_entries + other.income_entries,
            expense_debit: self.expense_debit + other.expense_debit,
            expense_credit: self.expense_credit + other.expense_credit,
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == RevenueSums::default()
    }
}

/// One kept row: a dimension's key (None: lines without one) in a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RevenueMonth {
    pub dimension: RevenueDimension,
    pub key: Option<Uuid>,
    pub month: NaiveDate,
    pub sums: RevenueSums,
}

const TABLE: &str = "revenue_months";
const SUM_COLUMNS: [&str; 5] = [
    "income_debit_minor",
    "income_credit_minor",
    "income_entries",
    "expense_debit_minor",
    "expense_credit_minor",
];

fn stored_key(key: Option<Uuid>) -> Uuid {
    key.unwrap_or(Uuid::nil())
}

fn read_key(key: Uuid) -> Option<Uuid> {
    (!key.is_nil()).then_some(key)
}

fn sums_of(row: &QueryResult) -> Result<RevenueSums, DbErr> {
    let sum =
        |column: &str| -> Result<i64, DbErr> { Ok(get::<Option<i64>>(row, column)?.unwrap_or(0)) };
    Ok(RevenueSums {
        income_debit: sum("income_debit_minor")?,
        income_credit: sum("income_credit_minor")?,
        income_entries: sum("income_entries")?,
        expense_debit: sum("expense_debit_minor")?,
        expense_credit: sum("expense_credit_minor")?,
    })
}

/// Kept revenue to add, per dimension, key (the nil id for none) and month.
pub type RevenueAdditions =
    std::collections::BTreeMap<(RevenueDimension, Uuid, NaiveDate), RevenueSums>;

/// Adds what one posted entry dated `date` adds to its month to `additions`: per dimension and
/// key, its income and expense lines (`kind_of` names each line's kind), and one entry where it
/// has income lines.
pub fn add_entry_revenue(
    additions: &mut RevenueAdditions,
    date: NaiveDate,
    lines: &[Line],
    kind_of: impl Fn(Uuid) -> Option<RevenueKind>,
) {
    use chrono::Datelike;
    let month = date.with_day(1).unwrap_or(date);
    let mut own: std::collections::BTreeMap<(RevenueDimension, Uuid), RevenueSums> =
        std::collections::BTreeMap::new();
    for line in lines {
        let Some(kind) = kind_of(line.account_id) else {
            continue;
        };
        for dimension in RevenueDimension::ALL {
            let sums = own
                .entry((dimension, stored_key(dimension.key_of(line))))
                .or_default();
            match kind {
                RevenueKind::Income => {
                    sums.income_debit += line.debit_minor;
                    sums.income_credit += line.credit_minor;
                    sums.income_entries = 1;
                }
                RevenueKind::Expense => {
                    sums.expense_debit += line.debit_minor;
                    sums.expense_credit += line.credit_minor;
                }
            }
        }
    }
    for ((dimension, key), sums) in own {
        let total = additions.entry((dimension, key, month)).or_default();
        *total = total.plus(sums);
    }
}

/// The statements that add kept revenue (see [`add_entry_revenue`]) to its rows, in key order
/// so concurrent postings lock them in the same order; many rows go in a few multi-row
/// statements.
pub fn revenue_additions(company: CompanyId, additions: &RevenueAdditions) -> Vec<InsertStatement> {
    let rows = additions
        .iter()
        .map(|((dimension, key, month), sums)| {
            vec![
                company.0.into(),
                dimension.name().into(),
                (*month).into(),
                (*key).into(),
                sums.income_debit.into(),
                sums.income_credit.into(),
                sums.income_entries.into(),
                sums.expense_debit.into(),
                sums.expense_credit.into(),
            ]
        })
        .collect();
    kept_additions(
        TABLE,
        &["company_id", "dimension", "month", "key_id"],
        &SUM_COLUMNS,
        rows,
    )
}

/// The kept rows of one dimension from `first_month` to `last_month` (first days of months)
/// summed per key; only `key`'s when given.
pub async fn revenue_months(
    db: &impl ConnectionTrait,
    company: CompanyId,
    dimension: RevenueDimension,
    first_month: NaiveDate,
    last_month: NaiveDate,
    key: Option<Uuid>,
) -> Result<Vec<(Option<Uuid>, RevenueSums)>, DbErr> {
    let mut select = Query::select()
        .column("key_id")
        .from(TABLE)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("dimension").eq(dimension.name()))
        .and_where(Expr::col("month").gte(first_month))
        .and_where(Expr::col("month").lte(last_month))
        .group_by_col("key_id")
        .to_owned();
    for column in SUM_COLUMNS {
        select.expr_as(
            Expr::cust(format!("CAST(SUM({column}) AS BIGINT)")),
            Alias::new(column),
        );
    }
    if let Some(key) = key {
        select.and_where(Expr::col("key_id").eq(key));
    }
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| Ok((read_key(get(row, "key_id")?), sums_of(row)?)))
        .collect()
}

/// The kept rows of one dimension computed from the posted lines (all companies when None):
/// what the rebuild writes and the check compares with.
fn from_lines(
    backend: sea_orm::DatabaseBackend,
    company: Option<CompanyId>,
    dimension: RevenueDimension,
) -> SelectStatement {
    const INCOME: &str = "accounts.account_type = 'income'";
    const EXPENSE: &str = "accounts.account_type LIKE 'expense%'";
    let sum = |kind: &str, column: &str| {
        Expr::cust(format!(
            "CAST(SUM(CASE WHEN {kind} THEN journal_lines.{column} ELSE 0 END) AS BIGINT)"
        ))
    };
    let month = month_of(backend, "journal_lines.entry_date");
    let key = ("journal_lines", dimension.line_column());
    let mut select = Query::select()
        .column(("journal_lines", "company_id"))
        .expr_as(
            Expr::cust(format!("'{}'", dimension.name())),
            Alias::new("dimension"),
        )
        .expr_as(
            Func::coalesce([Expr::col(key), Expr::val(Uuid::nil())]),
            Alias::new("key_id"),
        )
        .expr_as(Expr::cust(month.clone()), Alias::new("month"))
        .expr_as(sum(INCOME, "debit_minor"), Alias::new("income_debit_minor"))
        .expr_as(
            sum(INCOME, "credit_minor"),
            Alias::new("income_credit_minor"),
        )
        .expr_as(
            Expr::cust(format!(
                "COUNT(DISTINCT CASE WHEN {INCOME} THEN journal_lines.entry_id END)"
            )),
            Alias::new("income_entries"),
        )
        .expr_as(
            sum(EXPENSE, "debit_minor"),
            Alias::new("expense_debit_minor"),
        )
        .expr_as(
            sum(EXPENSE, "credit_minor"),
            Alias::new("expense_credit_minor"),
        )
        .from("journal_lines")
        .inner_join(
            "accounts",
            Expr::col(("accounts", "company_id"))
                .equals(("journal_lines", "company_id"))
                .and(Expr::col(("accounts", "id")).equals(("journal_lines", "account_id"))),
        )
        .inner_join(
            "journal_entries",
            Expr::col(("journal_entries", "company_id"))
                .equals(("journal_lines", "company_id"))
                .and(Expr::col(("journal_entries", "id")).equals(("journal_lines", "entry_id"))),
        )
        .and_where(Expr::col(("journal_lines", "posted")).eq(true))
        .and_where(Expr::col(("journal_entries", "closing")).eq(false))
        .and_where(Expr::cust(format!("({INCOME} OR {EXPENSE})")))
        .group_by_col(("journal_lines", "company_id"))
        .group_by_col(key)
        .add_group_by([Expr::cust(month)])
        .to_owned();
    if let Some(company) = company {
        select.and_where(Expr::col(("journal_lines", "company_id")).eq(company.0));
    }
    select
}

/// The statements that fill the kept rows from the posted lines (all companies when None):
/// the migration's backfill.
#[expect(
    clippy::expect_used,
    reason = "the copy selects as many expressions as it names columns, so it cannot fail"
)]
pub fn revenue_months_backfill(
    backend: sea_orm::DatabaseBackend,
    company: Option<CompanyId>,
) -> Vec<InsertStatement> {
    RevenueDimension::ALL
        .into_iter()
        .map(|dimension| {
            Query::insert()
                .into_table(TABLE)
                .columns(
                    ["company_id", "dimension", "key_id", "month"]
                        .into_iter()
                        .chain(SUM_COLUMNS),
                )
                .select_from(from_lines(backend, company, dimension))
                .expect("nine columns from nine expressions")
                .to_owned()
        })
        .collect()
}

fn revenue_month(row: &QueryResult) -> Result<RevenueMonth, DbErr> {
    let dimension: String = get(row, "dimension")?;
    Ok(RevenueMonth {
        dimension: if dimension == "partner" {
            RevenueDimension::Partner
        } else {
            RevenueDimension::Project
        },
        key: read_key(get(row, "key_id")?),
        month: get(row, "month")?,
        sums: sums_of(row)?,
    })
}

fn sorted(mut rows: Vec<RevenueMonth>) -> Vec<RevenueMonth> {
    rows.sort_by_key(|row| (row.dimension, stored_key(row.key), row.month));
    rows
}

/// Every kept row of the company, and the same rows computed from its posted lines, both in
/// one order (the check that the kept rows are right).
pub async fn revenue_months_and_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<(Vec<RevenueMonth>, Vec<RevenueMonth>), DbErr> {
    let kept = Query::select()
        .columns(["dimension", "key_id", "month"])
        .columns(SUM_COLUMNS)
        .from(TABLE)
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    let kept = db
        .query_all(&kept)
        .await?
        .iter()
        .map(revenue_month)
        .collect::<Result<Vec<_>, _>>()?;
    let mut computed = Vec::new();
    for dimension in RevenueDimension::ALL {
        let select = from_lines(db.get_database_backend(), Some(company), dimension);
        for row in db.query_all(&select).await? {
            computed.push(revenue_month(&row)?);
        }
    }
    Ok((sorted(kept), sorted(computed)))
}
