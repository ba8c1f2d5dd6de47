//! Accounts and their kept per-day balances.

use super::*;

#[derive(Clone, Debug)]
pub struct Account {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub account_type: String,
    pub parent_id: Option<Uuid>,
    pub reconcile: bool,
    pub currency: Option<String>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

const ACCOUNT_COLUMNS: [&str; 10] = [
    "id",
    "code",
    "name",
    "account_type",
    "parent_id",
    "reconcile",
    "currency",
    "active",
    "created_at",
    "updated_at",
];

pub(super) fn account(row: &QueryResult) -> Result<Account, DbErr> {
    Ok(Account {
        id: get(row, "id")?,
        code: get(row, "code")?,
        name: get(row, "name")?,
        account_type: get(row, "account_type")?,
        parent_id: get(row, "parent_id")?,
        reconcile: get(row, "reconcile")?,
        currency: get(row, "currency")?,
        active: get(row, "active")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn account_pairs(account: &Account) -> Vec<(&'static str, Value)> {
    vec![
        ("code", account.code.clone().into()),
        ("name", account.name.clone().into()),
        ("account_type", account.account_type.clone().into()),
        ("parent_id", account.parent_id.into()),
        ("reconcile", account.reconcile.into()),
        ("currency", account.currency.clone().into()),
        ("active", account.active.into()),
        ("updated_at", account.updated_at.into()),
    ]
}

pub async fn insert_account(
    db: &impl ConnectionTrait,
    company: CompanyId,
    account: &Account,
) -> Result<(), DbErr> {
    let mut pairs = vec![
        ("company_id", company.0.into()),
        ("id", account.id.into()),
        ("created_at", account.created_at.into()),
    ];
    pairs.extend(account_pairs(account));
    insert(db, "accounts", &pairs).await
}

pub async fn update_account(
    db: &impl ConnectionTrait,
    company: CompanyId,
    account: &Account,
) -> Result<(), DbErr> {
    update(db, "accounts", company, account.id, &account_pairs(account))
        .await
        .map(|_| ())
}

pub fn accounts(
    company: CompanyId,
    q: Option<&str>,
    account_type: Option<&str>,
    active: Option<bool>,
) -> SelectStatement {
    let mut select = Query::select()
        .columns(ACCOUNT_COLUMNS.map(|column| ("accounts", column)))
        .from("accounts")
        .and_where(Expr::col(("accounts", "company_id")).eq(company.0))
        .to_owned();
    if let Some(q) = q {
        select.cond_where(
            Cond::any()
                .add(Func::lower(Expr::col(("accounts", "code"))).like(like_pattern(q)))
                .add(Func::lower(Expr::col(("accounts", "name"))).like(like_pattern(q))),
        );
    }
    if let Some(account_type) = account_type {
        select.and_where(Expr::col(("accounts", "account_type")).eq(account_type));
    }
    if let Some(active) = active {
        select.and_where(Expr::col(("accounts", "active")).eq(active));
    }
    select
}

pub async fn list_accounts(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<Account>, i64), DbErr> {
    fetch_page(db, filtered, page, ("accounts", "id"), account).await
}

pub async fn account_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Account>, DbErr> {
    let mut select = accounts(company, None, None, None);
    select.and_where(Expr::col(("accounts", "id")).eq(id));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(account)
        .transpose()
}

/// Accounts of this company among `ids` (others are simply absent).
pub async fn accounts_by_ids(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<Vec<Account>, DbErr> {
    let mut select = accounts(company, None, None, None);
    select.and_where(Expr::col(("accounts", "id")).is_in(ids.iter().copied()));
    db.query_all(&select).await?.iter().map(account).collect()
}

pub async fn account_by_code(
    db: &impl ConnectionTrait,
    company: CompanyId,
    code: &str,
) -> Result<Option<Account>, DbErr> {
    let mut select = accounts(company, None, None, None);
    select.and_where(Expr::col(("accounts", "code")).eq(code));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(account)
        .transpose()
}

/// Whether any posted line uses the account.
pub async fn account_has_postings(
    db: &impl ConnectionTrait,
    company: CompanyId,
    account: Uuid,
) -> Result<bool, DbErr> {
    let select = Query::select()
        .column("id")
        .from("journal_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("account_id").eq(account))
        .and_where(Expr::col("posted").eq(true))
        .limit(1)
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}

/// (account, debit, credit) of a grouped sum.
fn balance_row(row: &QueryResult) -> Result<(Uuid, i64, i64), DbErr> {
    Ok((
        get(row, "account_id")?,
        get::<Option<i64>>(row, "debit")?.unwrap_or(0),
        get::<Option<i64>>(row, "credit")?.unwrap_or(0),
    ))
}

/// Posted debit minus credit per account, up to and including `until` (all time when None),
/// optionally only from `since`.
pub async fn balances(
    db: &impl ConnectionTrait,
    company: CompanyId,
    accounts: Option<&[Uuid]>,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Result<Vec<(Uuid, i64, i64)>, DbErr> {
    let mut select = Query::select()
        .column("account_id")
        .expr_as(
            Expr::cust("CAST(SUM(debit_minor) AS BIGINT)"),
            Alias::new("debit"),
        )
        .expr_as(
            Expr::cust("CAST(SUM(credit_minor) AS BIGINT)"),
            Alias::new("credit"),
        )
        .from("account_balances")
        .and_where(Expr::col("company_id").eq(company.0))
        .group_by_col("account_id")
        .to_owned();
    if let Some(accounts) = accounts {
        select.and_where(Expr::col("account_id").is_in(accounts.iter().copied()));
    }
    if let Some(since) = since {
        select.and_where(Expr::col("balance_date").gte(since));
    }
    if let Some(until) = until {
        select.and_where(Expr::col("balance_date").lte(until));
    }
    db.query_all(&select)
        .await?
        .iter()
        .map(balance_row)
        .collect()
}

/// The same sums computed from the posted lines themselves (to check the kept balances).
pub async fn balances_from_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<(Uuid, i64, i64)>, DbErr> {
    let select = Query::select()
        .column("account_id")
        .expr_as(
            Expr::cust("CAST(SUM(debit_minor) AS BIGINT)"),
            Alias::new("debit"),
        )
        .expr_as(
            Expr::cust("CAST(SUM(credit_minor) AS BIGINT)"),
            Alias::new("credit"),
        )
        .from("journal_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("posted").eq(true))
        .group_by_col("account_id")
        .order_by("account_id", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(balance_row)
        .collect()
}

/// The posted amounts of `lines` on `date` summed per account and day, to add to the kept
/// balances (merged into `sums`, which may hold other days already).
pub fn day_sums(
    sums: &mut std::collections::BTreeMap<(Uuid, NaiveDate), (i64, i64)>,
    date: NaiveDate,
    lines: &[Line],
) {
    for line in lines {
        let sum = sums.entry((line.account_id, date)).or_default();
        sum.0 += line.debit_minor;
        sum.1 += line.credit_minor;
    }
}

/// The statements that add posted amounts (debit, credit per account and day: see
/// [`day_sums`]) to the kept day balances. Rows are touched once each, in account then day
/// order, so concurrent postings lock them in the same order; many rows go in a few multi-row
/// statements.
pub fn balance_additions(
    company: CompanyId,
    sums: &std::collections::BTreeMap<(Uuid, NaiveDate), (i64, i64)>,
) -> Vec<InsertStatement> {
    let rows = sums
        .iter()
        .map(|((account, date), (debit, credit))| {
            vec![
                company.0.into(),
                (*account).into(),
                (*date).into(),
                (*debit).into(),
                (*credit).into(),
            ]
        })
        .collect();
    kept_additions(
        "account_balances",
        &["company_id", "account_id", "balance_date"],
        &["debit_minor", "credit_minor"],
        rows,
    )
}

/// Every account of the company, by code.
pub async fn list_all_accounts(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<Account>, DbErr> {
    let mut select = accounts(company, None, None, None);
    select.order_by(("accounts", "code"), Order::Asc);
    db.query_all(&select).await?.iter().map(account).collect()
}

/// The company's first active account of a type, by code (the receivable or payable account
/// invoices post to).
pub async fn first_account_of_type(
    db: &impl ConnectionTrait,
    company: CompanyId,
    account_type: &str,
) -> Result<Option<Account>, DbErr> {
    let mut select = accounts(company, None, Some(account_type), Some(true));
    select.order_by(("accounts", "code"), Order::Asc).limit(1);
    db.query_one(&select)
        .await?
        .as_ref()
        .map(account)
        .transpose()
}

/// A project's posted profit and loss, in company currency minor units (wide: the sums over
/// account types cannot overflow).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProjectTotals {
    /// Credits less debits of posted lines on income accounts carrying the project.
    pub income: i128,
    /// Debits less credits of posted lines on expense accounts carrying the project.
    pub expense: i128,
}

/// Sums the posted lines carrying `project`, dated within the period (either bound
/// optional), by the kind of their account.
pub async fn project_totals(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: arkan_kernel::ProjectId,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<ProjectTotals, DbErr> {
    let mut select = Query::select()
        .column(("accounts", "account_type"))
        .expr_as(
            Expr::cust("CAST(SUM(journal_lines.debit_minor) AS BIGINT)"),
            Alias::new("debit"),
        )
        .expr_as(
            Expr::cust("CAST(SUM(journal_lines.credit_minor) AS BIGINT)"),
            Alias::new("credit"),
        )
        .from("journal_lines")
        .inner_join(
            "accounts",
            Expr::col(("accounts", "company_id"))
                .equals(("journal_lines", "company_id"))
                .and(Expr::col(("accounts", "id")).equals(("journal_lines", "account_id"))),
        )
        .and_where(Expr::col(("journal_lines", "company_id")).eq(company.0))
        .and_where(Expr::col(("journal_lines", "project_id")).eq(project.0))
        .and_where(Expr::col(("journal_lines", "posted")).eq(true))
        .group_by_col(("accounts", "account_type"))
        .to_owned();
    if let Some(from) = from {
        select.and_where(Expr::col(("journal_lines", "entry_date")).gte(from));
    }
    if let Some(to) = to {
        select.and_where(Expr::col(("journal_lines", "entry_date")).lte(to));
    }
    let mut totals = ProjectTotals::default();
    for row in db.query_all(&select).await? {
        let account_type: String = get(&row, "account_type")?;
        let debit = i128::from(get::<Option<i64>>(&row, "debit")?.unwrap_or(0));
        let credit = i128::from(get::<Option<i64>>(&row, "credit")?.unwrap_or(0));
        if account_type.starts_with("income") {
            totals.income += credit - debit;
        } else if account_type.starts_with("expense") {
            totals.expense += debit - credit;
        }
    }
    Ok(totals)
}

/// Whether any journal line of the company (draft or posted) names `project`.
pub async fn project_named(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: arkan_kernel::ProjectId,
) -> Result<bool, DbErr> {
    let select = Query::select()
        .expr(Expr::val(1))
        .from("journal_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("project_id").eq(project.0))
        .limit(1)
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}
