//! SQL of budgets. Every statement carries the caller's company.

use arkan_kernel::{AccountId, CompanyId, ProjectId};
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use arkan_platform::sql::{self, get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LockType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use super::domain::{BudgetLine, BudgetState};

#[derive(Clone, Debug)]
pub struct Budget {
    pub id: Uuid,
    pub name: String,
    pub fiscal_year_id: Uuid,
    pub date_from: NaiveDate,
    pub date_to: NaiveDate,
    pub currency: String,
    pub state: BudgetState,
    pub cancel_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A stored line, with its id.
#[derive(Clone, Debug)]
pub struct StoredLine {
    pub id: Uuid,
    pub line: BudgetLine,
}

/// What a list keeps.
#[derive(Clone, Debug, Default)]
pub struct BudgetFilter {
    pub state: Option<BudgetState>,
    pub fiscal_year_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    pub q: Option<String>,
}

fn budgets(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(
            [
                "id",
                "name",
                "fiscal_year_id",
                "date_from",
                "date_to",
                "currency",
                "state",
                "cancel_reason",
                "created_at",
                "updated_at",
            ]
            .map(|column| ("budgets", column)),
        )
        .from("budgets")
        .and_where(Expr::col(("budgets", "company_id")).eq(company.0))
        .to_owned()
}

fn budget(row: &QueryResult) -> Result<Budget, DbErr> {
    Ok(Budget {
        id: get(row, "id")?,
        name: get(row, "name")?,
        fiscal_year_id: get(row, "fiscal_year_id")?,
        date_from: get(row, "date_from")?,
        date_to: get(row, "date_to")?,
        currency: get(row, "currency")?,
        state: get_code(row, "state", BudgetState::parse)?,
        cancel_reason: get(row, "cancel_reason")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub async fn list_budgets(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &BudgetFilter,
    page: &PageRequest,
) -> Result<(Vec<Budget>, i64), DbErr> {
    let mut select = budgets(company);
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("budgets", "state")).eq(state.as_str()));
    }
    if let Some(year) = filter.fiscal_year_id {
        select.and_where(Expr::col(("budgets", "fiscal_year_id")).eq(year));
    }
    if let Some(project) = filter.project_id {
        let with_project = Query::select()
            .column(("budget_lines", "budget_id"))
            .from("budget_lines")
            .and_where(Expr::col(("budget_lines", "company_id")).eq(company.0))
            .and_where(Expr::col(("budget_lines", "project_id")).eq(project))
            .to_owned();
        select.and_where(Expr::col(("budgets", "id")).in_subquery(with_project));
    }
    if let Some(text) = &filter.q {
        select.and_where(
            Expr::expr(Func::lower(Expr::col(("budgets", "name")))).like(like_pattern(text)),
        );
    }
    fetch_page(db, &select, page, ("budgets", "id"), budget).await
}

/// The company's budget `id`, if any; `lock` reads it `FOR UPDATE` (the first read of every
/// write to it, so concurrent writes run one after the other on PostgreSQL as on SQLite).
pub async fn budget_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<Budget>, DbErr> {
    let mut select = budgets(company);
    select.and_where(Expr::col(("budgets", "id")).eq(id));
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select)
        .await?
        .as_ref()
        .map(budget)
        .transpose()
}

/// The lines of the given budgets, in line order.
pub async fn budget_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    budgets: &[Uuid],
) -> Result<Vec<(Uuid, StoredLine)>, DbErr> {
    if budgets.is_empty() {
        return Ok(Vec::new());
    }
    let select = Query::select()
        .columns([
            "id",
            "budget_id",
            "account_id",
            "project_id",
            "amount_minor",
            "monthly_minor",
        ])
        .from("budget_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("budget_id").is_in(budgets.iter().copied()))
        .order_by("budget_id", Order::Asc)
        .order_by("line_no", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            let monthly: String = get(row, "monthly_minor")?;
            let monthly = monthly
                .split(',')
                .filter(|part| !part.is_empty())
                .map(|part| {
                    part.parse::<i64>()
                        .map_err(|_| DbErr::Custom(format!("a monthly amount `{part}`")))
                })
                .collect::<Result<Vec<i64>, DbErr>>()?;
            Ok((
                get(row, "budget_id")?,
                StoredLine {
                    id: get(row, "id")?,
                    line: BudgetLine {
                        account_id: AccountId(get(row, "account_id")?),
                        project_id: get::<Option<Uuid>>(row, "project_id")?.map(ProjectId),
                        amount: get(row, "amount_minor")?,
                        monthly,
                    },
                },
            ))
        })
        .collect()
}

fn budget_values(budget: &Budget) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("name", budget.name.clone().into()),
        ("fiscal_year_id", budget.fiscal_year_id.into()),
        ("date_from", budget.date_from.into()),
        ("date_to", budget.date_to.into()),
        ("currency", budget.currency.clone().into()),
        ("state", budget.state.as_str().into()),
        ("cancel_reason", budget.cancel_reason.clone().into()),
        ("updated_at", budget.updated_at.into()),
    ]
}

pub async fn insert_budget(
    db: &impl ConnectionTrait,
    company: CompanyId,
    budget: &Budget,
) -> Result<(), DbErr> {
    let mut values = budget_values(budget);
    values.extend([
        ("company_id", company.0.into()),
        ("id", budget.id.into()),
        ("created_at", budget.created_at.into()),
    ]);
    sql::insert(db, "budgets", &values).await
}

pub async fn update_budget(
    db: &impl ConnectionTrait,
    company: CompanyId,
    budget: &Budget,
) -> Result<(), DbErr> {
    sql::update(db, "budgets", company, budget.id, &budget_values(budget))
        .await
        .map(|_| ())
}

/// Replaces every line of the budget; returns the new lines with their ids.
pub async fn replace_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    budget: Uuid,
    lines: Vec<BudgetLine>,
) -> Result<Vec<StoredLine>, DbErr> {
    let delete = Query::delete()
        .from_table("budget_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("budget_id").eq(budget))
        .to_owned();
    db.execute(&delete).await?;
    let mut stored = Vec::with_capacity(lines.len());
    for (index, line) in lines.into_iter().enumerate() {
        let id = Uuid::now_v7();
        let monthly: Vec<String> = line.monthly.iter().map(i64::to_string).collect();
        sql::insert(
            db,
            "budget_lines",
            &[
                ("company_id", company.0.into()),
                ("id", id.into()),
                ("budget_id", budget.into()),
                ("line_no", i32::try_from(index).unwrap_or(i32::MAX).into()),
                ("account_id", line.account_id.0.into()),
                (
                    "project_id",
                    line.project_id.map(|project| project.0).into(),
                ),
                ("amount_minor", line.amount.into()),
                ("monthly_minor", monthly.join(",").into()),
            ],
        )
        .await?;
        stored.push(StoredLine { id, line });
    }
    Ok(stored)
}

pub async fn delete_budget(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("budgets")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}
