//! SQL of the ledger. Every statement carries the caller's company.

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, count_of, fetch_page, like_pattern};
use chrono::NaiveDate;
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, OnConflict, Order, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};
use uuid::Uuid;

use crate::domain::Line;

fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T, DbErr> {
    row.try_get("", column)
}

fn values(
    pairs: &[(&'static str, Value)],
) -> (Vec<&'static str>, Vec<sea_orm::sea_query::SimpleExpr>) {
    (
        pairs.iter().map(|(column, _)| *column).collect(),
        pairs
            .iter()
            .map(|(_, value)| value.clone().into())
            .collect(),
    )
}

async fn insert(
    db: &impl ConnectionTrait,
    table: &'static str,
    pairs: &[(&'static str, Value)],
) -> Result<(), DbErr> {
    let (columns, row) = values(pairs);
    let statement = Query::insert()
        .into_table(table)
        .columns(columns)
        .values_panic(row)
        .to_owned();
    db.execute(&statement).await.map(|_| ())
}

async fn update(
    db: &impl ConnectionTrait,
    table: &'static str,
    company: CompanyId,
    id: Uuid,
    pairs: &[(&'static str, Value)],
) -> Result<u64, DbErr> {
    let statement = Query::update()
        .table(table)
        .values(
            pairs
                .iter()
                .map(|(column, value)| (*column, value.clone().into())),
        )
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected())
}

// ---------------------------------------------------------------- accounts

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

fn account(row: &QueryResult) -> Result<Account, DbErr> {
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
        .map(|row| {
            Ok((
                get(row, "account_id")?,
                get::<Option<i64>>(row, "debit")?.unwrap_or(0),
                get::<Option<i64>>(row, "credit")?.unwrap_or(0),
            ))
        })
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
        .map(|row| {
            Ok((
                get(row, "account_id")?,
                get::<Option<i64>>(row, "debit")?.unwrap_or(0),
                get::<Option<i64>>(row, "credit")?.unwrap_or(0),
            ))
        })
        .collect()
}

/// Adds posted amounts to the day's balance rows of their accounts (negative to take away).
pub async fn add_to_balances(
    db: &impl ConnectionTrait,
    company: CompanyId,
    date: NaiveDate,
    lines: &[Line],
    sign: i64,
) -> Result<(), DbErr> {
    // One row per account: sum the lines first, then touch each row once, in account order so
    // concurrent postings lock rows in the same order.
    let mut per_account: Vec<(Uuid, i64, i64)> = Vec::new();
    for line in lines {
        match per_account
            .iter_mut()
            .find(|(account, _, _)| *account == line.account_id)
        {
            Some(entry) => {
                entry.1 += line.debit_minor;
                entry.2 += line.credit_minor;
            }
            None => per_account.push((line.account_id, line.debit_minor, line.credit_minor)),
        }
    }
    per_account.sort_by_key(|(account, _, _)| *account);
    let excluded = Alias::new("excluded");
    for (account, debit, credit) in per_account {
        let upsert = Query::insert()
            .into_table("account_balances")
            .columns([
                "company_id",
                "account_id",
                "balance_date",
                "debit_minor",
                "credit_minor",
            ])
            .values_panic([
                company.0.into(),
                account.into(),
                date.into(),
                (debit * sign).into(),
                (credit * sign).into(),
            ])
            .on_conflict(
                OnConflict::columns(["company_id", "account_id", "balance_date"])
                    .values([
                        (
                            "debit_minor",
                            Expr::col(("account_balances", "debit_minor"))
                                .add(Expr::col((excluded.clone(), "debit_minor"))),
                        ),
                        (
                            "credit_minor",
                            Expr::col(("account_balances", "credit_minor"))
                                .add(Expr::col((excluded.clone(), "credit_minor"))),
                        ),
                    ])
                    .to_owned(),
            )
            .to_owned();
        db.execute(&upsert).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------- journals

#[derive(Clone, Debug)]
pub struct Journal {
    pub id: Uuid,
    pub name: String,
    pub code: String,
    pub journal_type: String,
    pub default_account_id: Option<Uuid>,
    pub bank_iban: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const JOURNAL_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "code",
    "journal_type",
    "default_account_id",
    "bank_iban",
    "created_at",
    "updated_at",
];

fn journal(row: &QueryResult) -> Result<Journal, DbErr> {
    Ok(Journal {
        id: get(row, "id")?,
        name: get(row, "name")?,
        code: get(row, "code")?,
        journal_type: get(row, "journal_type")?,
        default_account_id: get(row, "default_account_id")?,
        bank_iban: get(row, "bank_iban")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub async fn insert_journal(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal: &Journal,
) -> Result<(), DbErr> {
    insert(
        db,
        "journals",
        &[
            ("company_id", company.0.into()),
            ("id", journal.id.into()),
            ("name", journal.name.clone().into()),
            ("code", journal.code.clone().into()),
            ("journal_type", journal.journal_type.clone().into()),
            ("default_account_id", journal.default_account_id.into()),
            ("bank_iban", journal.bank_iban.clone().into()),
            ("created_at", journal.created_at.into()),
            ("updated_at", journal.updated_at.into()),
        ],
    )
    .await
}

pub async fn update_journal(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal: &Journal,
) -> Result<(), DbErr> {
    update(
        db,
        "journals",
        company,
        journal.id,
        &[
            ("name", journal.name.clone().into()),
            ("code", journal.code.clone().into()),
            ("default_account_id", journal.default_account_id.into()),
            ("bank_iban", journal.bank_iban.clone().into()),
            ("updated_at", journal.updated_at.into()),
        ],
    )
    .await
    .map(|_| ())
}

pub fn journals(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(JOURNAL_COLUMNS.map(|column| ("journals", column)))
        .from("journals")
        .and_where(Expr::col(("journals", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn list_journals(
    db: &impl ConnectionTrait,
    company: CompanyId,
    page: &PageRequest,
) -> Result<(Vec<Journal>, i64), DbErr> {
    let filtered = journals(company);
    fetch_page(db, &filtered, page, ("journals", "id"), journal).await
}

pub async fn journal_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Journal>, DbErr> {
    let mut select = journals(company);
    select.and_where(Expr::col(("journals", "id")).eq(id));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(journal)
        .transpose()
}

// ---------------------------------------------------------------- fiscal years

#[derive(Clone, Debug)]
pub struct FiscalYear {
    pub id: Uuid,
    pub name: String,
    pub date_from: NaiveDate,
    pub date_to: NaiveDate,
    pub state: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const FISCAL_YEAR_COLUMNS: [&str; 7] = [
    "id",
    "name",
    "date_from",
    "date_to",
    "state",
    "created_at",
    "updated_at",
];

fn fiscal_year(row: &QueryResult) -> Result<FiscalYear, DbErr> {
    Ok(FiscalYear {
        id: get(row, "id")?,
        name: get(row, "name")?,
        date_from: get(row, "date_from")?,
        date_to: get(row, "date_to")?,
        state: get(row, "state")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub async fn insert_fiscal_year(
    db: &impl ConnectionTrait,
    company: CompanyId,
    year: &FiscalYear,
) -> Result<(), DbErr> {
    insert(
        db,
        "fiscal_years",
        &[
            ("company_id", company.0.into()),
            ("id", year.id.into()),
            ("name", year.name.clone().into()),
            ("date_from", year.date_from.into()),
            ("date_to", year.date_to.into()),
            ("state", year.state.clone().into()),
            ("created_at", year.created_at.into()),
            ("updated_at", year.updated_at.into()),
        ],
    )
    .await
}

/// Inserts a fiscal year unless one starting the same day exists (a concurrent posting may have
/// opened it a moment ago).
pub async fn insert_fiscal_year_if_absent(
    db: &impl ConnectionTrait,
    company: CompanyId,
    year: &FiscalYear,
) -> Result<(), DbErr> {
    let statement = Query::insert()
        .into_table("fiscal_years")
        .columns([
            "company_id",
            "id",
            "name",
            "date_from",
            "date_to",
            "state",
            "created_at",
            "updated_at",
        ])
        .values_panic([
            company.0.into(),
            year.id.into(),
            year.name.clone().into(),
            year.date_from.into(),
            year.date_to.into(),
            year.state.clone().into(),
            year.created_at.into(),
            year.updated_at.into(),
        ])
        .on_conflict(OnConflict::new().do_nothing().to_owned())
        .to_owned();
    db.execute(&statement).await.map(|_| ())
}

pub fn fiscal_years(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(FISCAL_YEAR_COLUMNS.map(|column| ("fiscal_years", column)))
        .from("fiscal_years")
        .and_where(Expr::col(("fiscal_years", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn list_fiscal_years(
    db: &impl ConnectionTrait,
    company: CompanyId,
    page: &PageRequest,
) -> Result<(Vec<FiscalYear>, i64), DbErr> {
    let filtered = fiscal_years(company);
    fetch_page(db, &filtered, page, ("fiscal_years", "id"), fiscal_year).await
}

/// Fiscal years overlapping `[from, to]`.
pub async fn fiscal_years_between(
    db: &impl ConnectionTrait,
    company: CompanyId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<FiscalYear>, DbErr> {
    let mut select = fiscal_years(company);
    select
        .and_where(Expr::col(("fiscal_years", "date_from")).lte(to))
        .and_where(Expr::col(("fiscal_years", "date_to")).gte(from))
        .order_by(("fiscal_years", "date_from"), Order::Asc);
    db.query_all(&select)
        .await?
        .iter()
        .map(fiscal_year)
        .collect()
}

// ---------------------------------------------------------------- taxes

#[derive(Clone, Debug)]
pub struct Tax {
    pub id: Uuid,
    pub name: String,
    pub amount_type: String,
    pub rate: i64,
    pub type_tax_use: String,
    pub price_include: bool,
    pub account_id: Uuid,
    pub vat_box: Option<String>,
    pub reverse_charge: bool,
    pub counterpart_account_id: Option<Uuid>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

const TAX_COLUMNS: [&str; 13] = [
    "id",
    "name",
    "amount_type",
    "rate",
    "type_tax_use",
    "price_include",
    "account_id",
    "vat_box",
    "reverse_charge",
    "counterpart_account_id",
    "active",
    "created_at",
    "updated_at",
];

fn tax(row: &QueryResult) -> Result<Tax, DbErr> {
    Ok(Tax {
        id: get(row, "id")?,
        name: get(row, "name")?,
        amount_type: get(row, "amount_type")?,
        rate: get(row, "rate")?,
        type_tax_use: get(row, "type_tax_use")?,
        price_include: get(row, "price_include")?,
        account_id: get(row, "account_id")?,
        vat_box: get(row, "vat_box")?,
        reverse_charge: get(row, "reverse_charge")?,
        counterpart_account_id: get(row, "counterpart_account_id")?,
        active: get(row, "active")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub async fn insert_tax(
    db: &impl ConnectionTrait,
    company: CompanyId,
    tax: &Tax,
) -> Result<(), DbErr> {
    insert(
        db,
        "taxes",
        &[
            ("company_id", company.0.into()),
            ("id", tax.id.into()),
            ("name", tax.name.clone().into()),
            ("amount_type", tax.amount_type.clone().into()),
            ("rate", tax.rate.into()),
            ("type_tax_use", tax.type_tax_use.clone().into()),
            ("price_include", tax.price_include.into()),
            ("account_id", tax.account_id.into()),
            ("vat_box", tax.vat_box.clone().into()),
            ("reverse_charge", tax.reverse_charge.into()),
            ("counterpart_account_id", tax.counterpart_account_id.into()),
            ("active", tax.active.into()),
            ("created_at", tax.created_at.into()),
            ("updated_at", tax.updated_at.into()),
        ],
    )
    .await
}

pub async fn update_tax(
    db: &impl ConnectionTrait,
    company: CompanyId,
    tax: &Tax,
) -> Result<(), DbErr> {
    update(
        db,
        "taxes",
        company,
        tax.id,
        &[
            ("name", tax.name.clone().into()),
            ("account_id", tax.account_id.into()),
            ("vat_box", tax.vat_box.clone().into()),
            ("active", tax.active.into()),
            ("updated_at", tax.updated_at.into()),
        ],
    )
    .await
    .map(|_| ())
}

pub fn taxes(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(TAX_COLUMNS.map(|column| ("taxes", column)))
        .from("taxes")
        .and_where(Expr::col(("taxes", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn list_taxes(
    db: &impl ConnectionTrait,
    company: CompanyId,
    page: &PageRequest,
) -> Result<(Vec<Tax>, i64), DbErr> {
    let filtered = taxes(company);
    fetch_page(db, &filtered, page, ("taxes", "id"), tax).await
}

pub async fn tax_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Tax>, DbErr> {
    let mut select = taxes(company);
    select.and_where(Expr::col(("taxes", "id")).eq(id));
    db.query_one(&select).await?.as_ref().map(tax).transpose()
}

// ---------------------------------------------------------------- currency rates

#[derive(Clone, Debug)]
pub struct CurrencyRate {
    pub id: Uuid,
    pub currency: String,
    pub date: NaiveDate,
    pub rate_e10: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

fn currency_rate(row: &QueryResult) -> Result<CurrencyRate, DbErr> {
    Ok(CurrencyRate {
        id: get(row, "id")?,
        currency: get(row, "currency")?,
        date: get(row, "rate_date")?,
        rate_e10: get(row, "rate_e10")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

const RATE_COLUMNS: [&str; 6] = [
    "id",
    "currency",
    "rate_date",
    "rate_e10",
    "created_at",
    "updated_at",
];

pub async fn insert_rate(
    db: &impl ConnectionTrait,
    company: CompanyId,
    rate: &CurrencyRate,
) -> Result<(), DbErr> {
    insert(
        db,
        "currency_rates",
        &[
            ("company_id", company.0.into()),
            ("id", rate.id.into()),
            ("currency", rate.currency.clone().into()),
            ("rate_date", rate.date.into()),
            ("rate_e10", rate.rate_e10.into()),
            ("created_at", rate.created_at.into()),
            ("updated_at", rate.updated_at.into()),
        ],
    )
    .await
}

pub fn rates(company: CompanyId, currency: Option<&str>) -> SelectStatement {
    let mut select = Query::select()
        .columns(RATE_COLUMNS.map(|column| ("currency_rates", column)))
        .from("currency_rates")
        .and_where(Expr::col(("currency_rates", "company_id")).eq(company.0))
        .to_owned();
    if let Some(currency) = currency {
        select.and_where(Expr::col(("currency_rates", "currency")).eq(currency));
    }
    select
}

pub async fn list_rates(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<CurrencyRate>, i64), DbErr> {
    fetch_page(db, filtered, page, ("currency_rates", "id"), currency_rate).await
}

/// The latest rate of `currency` on or before `date`.
pub async fn rate_on(
    db: &impl ConnectionTrait,
    company: CompanyId,
    currency: &str,
    date: NaiveDate,
) -> Result<Option<i64>, DbErr> {
    let mut select = rates(company, Some(currency));
    select
        .and_where(Expr::col(("currency_rates", "rate_date")).lte(date))
        .order_by(("currency_rates", "rate_date"), Order::Desc)
        .limit(1);
    Ok(db
        .query_one(&select)
        .await?
        .as_ref()
        .map(currency_rate)
        .transpose()?
        .map(|rate| rate.rate_e10))
}

// ---------------------------------------------------------------- journal entries

#[derive(Clone, Debug)]
pub struct Entry {
    pub id: Uuid,
    pub journal_id: Uuid,
    pub date: NaiveDate,
    pub reference: Option<String>,
    pub memo: Option<String>,
    pub number: Option<String>,
    pub state: String,
    pub total_debit_minor: i64,
    pub total_credit_minor: i64,
    pub reversed_entry_id: Option<Uuid>,
    pub reversal_of_id: Option<Uuid>,
    pub posted_at: Option<i64>,
    pub hash: Option<String>,
    pub chain_position: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub lines: Vec<Line>,
}

const ENTRY_COLUMNS: [&str; 16] = [
    "id",
    "journal_id",
    "entry_date",
    "reference",
    "memo",
    "number",
    "state",
    "total_debit_minor",
    "total_credit_minor",
    "reversed_entry_id",
    "reversal_of_id",
    "posted_at",
    "hash",
    "chain_position",
    "created_at",
    "updated_at",
];

fn entry(row: &QueryResult) -> Result<Entry, DbErr> {
    Ok(Entry {
        id: get(row, "id")?,
        journal_id: get(row, "journal_id")?,
        date: get(row, "entry_date")?,
        reference: get(row, "reference")?,
        memo: get(row, "memo")?,
        number: get(row, "number")?,
        state: get(row, "state")?,
        total_debit_minor: get(row, "total_debit_minor")?,
        total_credit_minor: get(row, "total_credit_minor")?,
        reversed_entry_id: get(row, "reversed_entry_id")?,
        reversal_of_id: get(row, "reversal_of_id")?,
        posted_at: get(row, "posted_at")?,
        hash: get(row, "hash")?,
        chain_position: get(row, "chain_position")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
        lines: Vec::new(),
    })
}

fn entry_pairs(entry: &Entry) -> Vec<(&'static str, Value)> {
    vec![
        ("journal_id", entry.journal_id.into()),
        ("entry_date", entry.date.into()),
        ("reference", entry.reference.clone().into()),
        ("memo", entry.memo.clone().into()),
        ("number", entry.number.clone().into()),
        ("state", entry.state.clone().into()),
        ("total_debit_minor", entry.total_debit_minor.into()),
        ("total_credit_minor", entry.total_credit_minor.into()),
        ("reversed_entry_id", entry.reversed_entry_id.into()),
        ("reversal_of_id", entry.reversal_of_id.into()),
        ("posted_at", entry.posted_at.into()),
        ("hash", entry.hash.clone().into()),
        ("chain_position", entry.chain_position.into()),
        ("updated_at", entry.updated_at.into()),
    ]
}

/// Inserts an entry with its lines.
pub async fn insert_entry(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: &Entry,
) -> Result<(), DbErr> {
    let mut pairs = vec![
        ("company_id", company.0.into()),
        ("id", entry.id.into()),
        ("created_at", entry.created_at.into()),
    ];
    pairs.extend(entry_pairs(entry));
    insert(db, "journal_entries", &pairs).await?;
    insert_lines(db, company, entry).await
}

async fn insert_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: &Entry,
) -> Result<(), DbErr> {
    if entry.lines.is_empty() {
        return Ok(());
    }
    let mut statement = Query::insert()
        .into_table("journal_lines")
        .columns([
            "company_id",
            "id",
            "entry_id",
            "line_no",
            "account_id",
            "partner_id",
            "description",
            "debit_minor",
            "credit_minor",
            "currency",
            "amount_currency_minor",
            "project_id",
            "tax_id",
            "entry_date",
            "posted",
        ])
        .to_owned();
    let posted = entry.state == "posted";
    for (number, line) in entry.lines.iter().enumerate() {
        statement.values_panic([
            company.0.into(),
            line.id.into(),
            entry.id.into(),
            i32::try_from(number).unwrap_or(i32::MAX).into(),
            line.account_id.into(),
            line.partner_id.into(),
            line.description.clone().into(),
            line.debit_minor.into(),
            line.credit_minor.into(),
            line.currency.clone().into(),
            line.amount_currency_minor.into(),
            line.project_id.into(),
            line.tax_id.into(),
            entry.date.into(),
            posted.into(),
        ]);
    }
    db.execute(&statement).await.map(|_| ())
}

/// Saves a draft (and with `replace_lines` its lines), only if it is still the draft that was
/// read (`updated_at == read_version`). Returns whether it did.
pub async fn update_draft(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: &Entry,
    read_version: i64,
    replace_lines: bool,
) -> Result<bool, DbErr> {
    let statement = Query::update()
        .table("journal_entries")
        .values(
            entry_pairs(entry)
                .into_iter()
                .map(|(column, value)| (column, value.into())),
        )
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(entry.id))
        .and_where(Expr::col("state").eq("draft"))
        .and_where(Expr::col("updated_at").eq(read_version))
        .to_owned();
    if db.execute(&statement).await?.rows_affected() != 1 {
        return Ok(false);
    }
    if replace_lines {
        let delete = Query::delete()
            .from_table("journal_lines")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("entry_id").eq(entry.id))
            .to_owned();
        db.execute(&delete).await?;
        insert_lines(db, company, entry).await?;
    }
    Ok(true)
}

/// Deletes a draft (its lines go with it), only if it is still the draft that was read.
pub async fn delete_draft(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: Uuid,
    read_version: i64,
) -> Result<bool, DbErr> {
    let statement = Query::delete()
        .from_table("journal_entries")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(entry))
        .and_where(Expr::col("state").eq("draft"))
        .and_where(Expr::col("updated_at").eq(read_version))
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected() == 1)
}

/// Records that `original` is reversed by `reversal`, only if it is posted and not reversed yet
/// (the row lock makes a second, concurrent reversal find it taken). Returns whether it did.
pub async fn link_reversal(
    db: &impl ConnectionTrait,
    company: CompanyId,
    original: Uuid,
    reversal: Uuid,
    now: i64,
) -> Result<bool, DbErr> {
    let statement = Query::update()
        .table("journal_entries")
        .values([
            ("reversed_entry_id", reversal.into()),
            ("updated_at", now.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(original))
        .and_where(Expr::col("state").eq("posted"))
        .and_where(Expr::col("reversed_entry_id").is_null())
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected() == 1)
}

/// Whether a journal has entries (its code is then part of their numbers).
pub async fn journal_has_entries(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal: Uuid,
) -> Result<bool, DbErr> {
    let select = Query::select()
        .column("id")
        .from("journal_entries")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("journal_id").eq(journal))
        .and_where(Expr::col("number").is_not_null())
        .limit(1)
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}

/// Filters of the entry list.
#[derive(Default)]
pub struct EntryFilter<'a> {
    pub state: Option<&'a str>,
    pub journal_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    pub q: Option<&'a str>,
}

pub fn entries(company: CompanyId, filter: &EntryFilter) -> SelectStatement {
    let mut select = Query::select()
        .columns(ENTRY_COLUMNS.map(|column| ("journal_entries", column)))
        .from("journal_entries")
        .and_where(Expr::col(("journal_entries", "company_id")).eq(company.0))
        .to_owned();
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("journal_entries", "state")).eq(state));
    }
    if let Some(journal) = filter.journal_id {
        select.and_where(Expr::col(("journal_entries", "journal_id")).eq(journal));
    }
    if let Some(from) = filter.date_from {
        select.and_where(Expr::col(("journal_entries", "entry_date")).gte(from));
    }
    if let Some(to) = filter.date_to {
        select.and_where(Expr::col(("journal_entries", "entry_date")).lte(to));
    }
    if let Some(q) = filter.q {
        select.cond_where(
            Cond::any()
                .add(Func::lower(Expr::col(("journal_entries", "number"))).like(like_pattern(q)))
                .add(
                    Func::lower(Expr::col(("journal_entries", "reference"))).like(like_pattern(q)),
                ),
        );
    }
    for (column, value) in [
        ("account_id", filter.account_id),
        ("partner_id", filter.partner_id),
    ] {
        if let Some(value) = value {
            let lines = Query::select()
                .expr(Expr::val(1))
                .from("journal_lines")
                .and_where(
                    Expr::col(("journal_lines", "company_id"))
                        .equals(("journal_entries", "company_id")),
                )
                .and_where(
                    Expr::col(("journal_lines", "entry_id")).equals(("journal_entries", "id")),
                )
                .and_where(Expr::col(("journal_lines", column)).eq(value))
                .to_owned();
            select.and_where(Expr::exists(lines));
        }
    }
    select
}

pub async fn list_entries(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &EntryFilter<'_>,
    page: &PageRequest,
) -> Result<(Vec<Entry>, i64), DbErr> {
    let filtered = entries(company, filter);
    let mut select = filtered.clone();
    page.apply(&mut select, "journal_entries", "id");
    let rows = db.query_all(&select).await?;
    let mut list: Vec<Entry> = rows.iter().map(entry).collect::<Result<_, _>>()?;
    attach_lines(db, company, &mut list).await?;
    Ok((list, count_of(db, &filtered).await?))
}

async fn attach_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entries: &mut [Entry],
) -> Result<(), DbErr> {
    if entries.is_empty() {
        return Ok(());
    }
    let select = Query::select()
        .columns([
            "id",
            "entry_id",
            "account_id",
            "partner_id",
            "description",
            "debit_minor",
            "credit_minor",
            "currency",
            "amount_currency_minor",
            "project_id",
            "tax_id",
        ])
        .from("journal_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("entry_id").is_in(entries.iter().map(|entry| entry.id)))
        .order_by("line_no", Order::Asc)
        .to_owned();
    for row in db.query_all(&select).await? {
        let entry_id: Uuid = get(&row, "entry_id")?;
        let line = Line {
            id: get(&row, "id")?,
            account_id: get(&row, "account_id")?,
            partner_id: get(&row, "partner_id")?,
            description: get(&row, "description")?,
            debit_minor: get(&row, "debit_minor")?,
            credit_minor: get(&row, "credit_minor")?,
            currency: get(&row, "currency")?,
            amount_currency_minor: get(&row, "amount_currency_minor")?,
            project_id: get(&row, "project_id")?,
            tax_id: get(&row, "tax_id")?,
        };
        if let Some(entry) = entries.iter_mut().find(|entry| entry.id == entry_id) {
            entry.lines.push(line);
        }
    }
    Ok(())
}

pub async fn entry_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Entry>, DbErr> {
    let mut select = entries(company, &EntryFilter::default());
    select.and_where(Expr::col(("journal_entries", "id")).eq(id));
    let Some(row) = db.query_one(&select).await? else {
        return Ok(None);
    };
    let mut found = [entry(&row)?];
    attach_lines(db, company, &mut found).await?;
    let [found] = found;
    Ok(Some(found))
}

/// Posted entries in chain order, from `after_position` on, at most `limit`.
pub async fn chained_entries(
    db: &impl ConnectionTrait,
    company: CompanyId,
    after_position: i64,
    limit: u64,
) -> Result<Vec<Entry>, DbErr> {
    let mut select = entries(company, &EntryFilter::default());
    select
        .and_where(Expr::col(("journal_entries", "chain_position")).gt(after_position))
        .order_by(("journal_entries", "chain_position"), Order::Asc)
        .limit(limit);
    let rows = db.query_all(&select).await?;
    let mut list: Vec<Entry> = rows.iter().map(entry).collect::<Result<_, _>>()?;
    attach_lines(db, company, &mut list).await?;
    Ok(list)
}

// ---------------------------------------------------------------- numbering and the chain

/// Takes the next gapless number of a journal in a fiscal year. The row is locked until the
/// posting transaction ends, so concurrent posts queue here and never share or skip a number.
pub async fn take_number(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal: Uuid,
    fiscal_year: Uuid,
) -> Result<i64, DbErr> {
    let upsert = Query::insert()
        .into_table("entry_sequences")
        .columns(["company_id", "journal_id", "fiscal_year_id", "next_number"])
        .values_panic([
            company.0.into(),
            journal.into(),
            fiscal_year.into(),
            2_i64.into(),
        ])
        .on_conflict(
            OnConflict::columns(["company_id", "journal_id", "fiscal_year_id"])
                .value(
                    "next_number",
                    Expr::col(("entry_sequences", "next_number")).add(1),
                )
                .to_owned(),
        )
        .returning(Query::returning().column("next_number"))
        .to_owned();
    let row = db
        .query_one(&upsert)
        .await?
        .ok_or_else(|| DbErr::Custom("the sequence returned no row".into()))?;
    let next: i64 = get(&row, "next_number")?;
    Ok(next - 1)
}

/// Takes the next link of the company's hash chain: returns the previous entry's hash and the
/// new entry's position. The chain row stays locked until the posting transaction ends, so
/// postings of a company join the chain one at a time.
pub async fn next_chain_link(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<(String, i64), DbErr> {
    for _ in 0..2 {
        let advance = Query::update()
            .table("ledger_chain")
            .value("entries", Expr::col("entries").add(1))
            .and_where(Expr::col("company_id").eq(company.0))
            .returning(Query::returning().columns(["last_hash", "entries"]))
            .to_owned();
        if let Some(row) = db.query_one(&advance).await? {
            return Ok((get(&row, "last_hash")?, get(&row, "entries")?));
        }
        start_chain(db, company).await?;
    }
    Err(DbErr::Custom("the ledger chain row is missing".into()))
}

/// Creates the company's chain head (at company set-up; again harmlessly if it exists).
pub async fn start_chain(db: &impl ConnectionTrait, company: CompanyId) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("ledger_chain")
        .columns(["company_id", "last_hash", "entries"])
        .values_panic([
            company.0.into(),
            crate::domain::GENESIS_HASH.into(),
            0_i64.into(),
        ])
        .on_conflict(OnConflict::column("company_id").do_nothing().to_owned())
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

pub async fn set_chain_hash(
    db: &impl ConnectionTrait,
    company: CompanyId,
    hash: &str,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("ledger_chain")
        .value("last_hash", hash)
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

/// The chain head as it stands (for verification).
pub async fn chain_head(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<(String, i64), DbErr> {
    let select = Query::select()
        .columns(["last_hash", "entries"])
        .from("ledger_chain")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    Ok(match db.query_one(&select).await? {
        Some(row) => (get(&row, "last_hash")?, get(&row, "entries")?),
        None => (crate::domain::GENESIS_HASH.to_owned(), 0),
    })
}

/// Moves a draft to posted, only if it is still the version that was checked
/// (`updated_at == checked_version`) and its date is after the company's lock date. Returns
/// whether it did.
pub async fn mark_posted(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: &Entry,
    checked_version: i64,
) -> Result<bool, DbErr> {
    let locked = Query::select()
        .expr(Expr::val(1))
        .from("companies")
        .and_where(Expr::col(("companies", "id")).eq(company.0))
        .and_where(Expr::col(("companies", "lock_date")).gte(entry.date))
        .to_owned();
    let statement = Query::update()
        .table("journal_entries")
        .values([
            ("state", entry.state.clone().into()),
            ("posted_at", entry.posted_at.into()),
            ("total_debit_minor", entry.total_debit_minor.into()),
            ("total_credit_minor", entry.total_credit_minor.into()),
            ("updated_at", entry.updated_at.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(entry.id))
        .and_where(Expr::col("state").eq("draft"))
        .and_where(Expr::col("updated_at").eq(checked_version))
        .and_where(Expr::exists(locked).not())
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected() == 1)
}

pub async fn mark_lines_posted(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: &Entry,
) -> Result<(), DbErr> {
    let statement = Query::update()
        .table("journal_lines")
        .values([("posted", true.into()), ("entry_date", entry.date.into())])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("entry_id").eq(entry.id))
        .to_owned();
    db.execute(&statement).await.map(|_| ())
}

/// Writes a posted entry's number, hash and chain position.
pub async fn seal_entry(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: &Entry,
) -> Result<(), DbErr> {
    update(
        db,
        "journal_entries",
        company,
        entry.id,
        &[
            ("number", entry.number.clone().into()),
            ("hash", entry.hash.clone().into()),
            ("chain_position", entry.chain_position.into()),
        ],
    )
    .await
    .map(|_| ())
}

/// The company's lock date and the month its fiscal year starts in.
pub async fn ledger_settings(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<(Option<NaiveDate>, u32), DbErr> {
    let select = Query::select()
        .columns(["lock_date", "fiscal_year_start_month"])
        .from("companies")
        .and_where(Expr::col("id").eq(company.0))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => {
            let month: i32 = get(&row, "fiscal_year_start_month")?;
            Ok((
                get(&row, "lock_date")?,
                u32::try_from(month).unwrap_or(1).clamp(1, 12),
            ))
        }
        None => Ok((None, 1)),
    }
}

/// The month the company's fiscal year starts in.
pub async fn fiscal_year_start_month(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<u32, DbErr> {
    Ok(ledger_settings(db, company).await?.1)
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

/// One posted line of an account, with its entry's number.
pub struct LedgerLine {
    pub id: Uuid,
    pub entry_id: Uuid,
    pub number: Option<String>,
    pub date: NaiveDate,
    pub partner_id: Option<Uuid>,
    pub description: Option<String>,
    pub debit_minor: i64,
    pub credit_minor: i64,
}

pub fn ledger_lines(
    company: CompanyId,
    account: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> SelectStatement {
    Query::select()
        .column(("journal_lines", "id"))
        .column(("journal_lines", "entry_id"))
        .column(("journal_entries", "number"))
        .column(("journal_lines", "entry_date"))
        .column(("journal_lines", "partner_id"))
        .column(("journal_lines", "description"))
        .column(("journal_lines", "debit_minor"))
        .column(("journal_lines", "credit_minor"))
        .from("journal_lines")
        .inner_join(
            "journal_entries",
            Expr::col(("journal_entries", "company_id"))
                .equals(("journal_lines", "company_id"))
                .and(Expr::col(("journal_entries", "id")).equals(("journal_lines", "entry_id"))),
        )
        .and_where(Expr::col(("journal_lines", "company_id")).eq(company.0))
        .and_where(Expr::col(("journal_lines", "account_id")).eq(account))
        .and_where(Expr::col(("journal_lines", "posted")).eq(true))
        .and_where(Expr::col(("journal_lines", "entry_date")).gte(from))
        .and_where(Expr::col(("journal_lines", "entry_date")).lte(to))
        .to_owned()
}

pub async fn list_ledger_lines(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<LedgerLine>, i64), DbErr> {
    fetch_page(db, filtered, page, ("journal_lines", "id"), |row| {
        Ok(LedgerLine {
            id: get(row, "id")?,
            entry_id: get(row, "entry_id")?,
            number: get(row, "number")?,
            date: get(row, "entry_date")?,
            partner_id: get(row, "partner_id")?,
            description: get(row, "description")?,
            debit_minor: get(row, "debit_minor")?,
            credit_minor: get(row, "credit_minor")?,
        })
    })
    .await
}

/// Debit minus credit of the lines of `filtered` that sort before `(date, id)`.
pub async fn ledger_sum_before(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    date: NaiveDate,
    id: Uuid,
) -> Result<i64, DbErr> {
    let mut select = filtered.clone();
    select
        .clear_selects()
        .expr_as(
            Expr::cust(
                "CAST(SUM(journal_lines.debit_minor - journal_lines.credit_minor) AS BIGINT)",
            ),
            Alias::new("net"),
        )
        .cond_where(
            Cond::any()
                .add(Expr::col(("journal_lines", "entry_date")).lt(date))
                .add(
                    Cond::all()
                        .add(Expr::col(("journal_lines", "entry_date")).eq(date))
                        .add(Expr::col(("journal_lines", "id")).lt(id)),
                ),
        );
    match db.query_one(&select).await? {
        Some(row) => Ok(get::<Option<i64>>(&row, "net")?.unwrap_or(0)),
        None => Ok(0),
    }
}

/// The ISO 4217 currencies the system knows, by code.
pub async fn currencies(db: &impl ConnectionTrait) -> Result<Vec<(String, i32, String)>, DbErr> {
    let select = Query::select()
        .columns(["code", "exponent", "name"])
        .from("currencies")
        .order_by("code", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| Ok((get(row, "code")?, get(row, "exponent")?, get(row, "name")?)))
        .collect()
}

pub struct BankDetails {
    pub partner_id: Uuid,
    pub iban: String,
    pub bank_name: String,
    pub bic: Option<String>,
    pub routing_code: Option<String>,
    pub account_holder_name: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Creates or replaces a partner's bank details.
pub async fn put_bank_details(
    db: &impl ConnectionTrait,
    company: CompanyId,
    details: &BankDetails,
) -> Result<(), DbErr> {
    let statement = Query::insert()
        .into_table("partner_bank_details")
        .columns([
            "company_id",
            "partner_id",
            "iban",
            "bank_name",
            "bic",
            "routing_code",
            "account_holder_name",
            "created_at",
            "updated_at",
        ])
        .values_panic([
            company.0.into(),
            details.partner_id.into(),
            details.iban.clone().into(),
            details.bank_name.clone().into(),
            details.bic.clone().into(),
            details.routing_code.clone().into(),
            details.account_holder_name.clone().into(),
            details.created_at.into(),
            details.updated_at.into(),
        ])
        .on_conflict(
            OnConflict::columns(["company_id", "partner_id"])
                .update_columns([
                    "iban",
                    "bank_name",
                    "bic",
                    "routing_code",
                    "account_holder_name",
                    "updated_at",
                ])
                .to_owned(),
        )
        .to_owned();
    db.execute(&statement).await.map(|_| ())
}

pub async fn bank_details(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partner: Uuid,
) -> Result<Option<BankDetails>, DbErr> {
    let select = Query::select()
        .columns([
            "partner_id",
            "iban",
            "bank_name",
            "bic",
            "routing_code",
            "account_holder_name",
            "created_at",
            "updated_at",
        ])
        .from("partner_bank_details")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("partner_id").eq(partner))
        .to_owned();
    let Some(row) = db.query_one(&select).await? else {
        return Ok(None);
    };
    Ok(Some(BankDetails {
        partner_id: get(&row, "partner_id")?,
        iban: get(&row, "iban")?,
        bank_name: get(&row, "bank_name")?,
        bic: get(&row, "bic")?,
        routing_code: get(&row, "routing_code")?,
        account_holder_name: get(&row, "account_holder_name")?,
        created_at: get(&row, "created_at")?,
        updated_at: get(&row, "updated_at")?,
    }))
}

pub async fn journal_by_code(
    db: &impl ConnectionTrait,
    company: CompanyId,
    code: &str,
) -> Result<Option<Journal>, DbErr> {
    let mut select = journals(company);
    select.and_where(Expr::col(("journals", "code")).eq(code));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(journal)
        .transpose()
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

/// Taxes of this company among `ids`.
pub async fn taxes_by_ids(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<Vec<Tax>, DbErr> {
    let mut select = taxes(company);
    select.and_where(Expr::col(("taxes", "id")).is_in(ids.iter().copied()));
    db.query_all(&select).await?.iter().map(tax).collect()
}

/// The company's tax rounding (`line` unless set).
pub async fn tax_rounding(db: &impl ConnectionTrait, company: CompanyId) -> Result<String, DbErr> {
    let select = Query::select()
        .column("tax_rounding")
        .from("accounting_settings")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => get(&row, "tax_rounding"),
        None => Ok("line".to_owned()),
    }
}

pub async fn set_tax_rounding(
    db: &impl ConnectionTrait,
    company: CompanyId,
    rounding: &str,
    now: i64,
) -> Result<(), DbErr> {
    let upsert = Query::insert()
        .into_table("accounting_settings")
        .columns(["company_id", "tax_rounding", "updated_at"])
        .values_panic([company.0.into(), rounding.into(), now.into()])
        .on_conflict(
            OnConflict::column("company_id")
                .update_columns(["tax_rounding", "updated_at"])
                .to_owned(),
        )
        .to_owned();
    db.execute(&upsert).await.map(|_| ())
}
