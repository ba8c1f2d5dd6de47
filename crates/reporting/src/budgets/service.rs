//! Use cases of budgets: each checks the role, validates into domain values, opens at most one
//! write transaction and names what it changed before the commit.

use std::collections::HashMap;

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{AccountId, BudgetId, Currency, FiscalYearId, ProjectId, format_minor};
use arkan_ledger::books::{self, FiscalYearSpan};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use uuid::Uuid;

use super::api::*;
use super::domain::{BudgetLine, BudgetState, even_split, months_between};
use super::store::{self, Budget, BudgetFilter, StoredLine};
use crate::events;

const NAME: SortField = SortField {
    name: "name",
    column: "name",
    kind: SortKind::Text,
};

static BUDGET_LIST: ListSpec = ListSpec {
    name: "reporting.budgets",
    sorts: &[CREATED_AT, NAME],
};

/// At most this many lines in one budget.
const MAX_LINES: usize = 1000;

pub(super) fn view(budget: Budget, lines: Vec<StoredLine>, currency: Currency) -> BudgetView {
    let money = |minor: i64| format_minor(minor, currency.exponent);
    BudgetView {
        id: budget.id,
        name: budget.name,
        fiscal_year_id: budget.fiscal_year_id,
        date_from: fields::format_date(budget.date_from),
        date_to: fields::format_date(budget.date_to),
        currency: budget.currency,
        state: budget.state.as_str().to_owned(),
        cancel_reason: budget.cancel_reason,
        lines: lines
            .into_iter()
            .map(|stored| BudgetLineView {
                id: stored.id,
                account_id: stored.line.account_id.0,
                project_id: stored.line.project_id.map(|project| project.0),
                amount: money(stored.line.amount),
                monthly_amounts: stored.line.monthly.iter().map(|m| money(*m)).collect(),
            })
            .collect(),
        created_at: rfc3339(budget.created_at),
        updated_at: rfc3339(budget.updated_at),
    }
}

fn currency_of(ctx: &Ctx) -> Currency {
    ctx.currency
}

/// The caller's budget, or a 404 (also for another company's).
pub(super) async fn budget_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: BudgetId,
    lock: bool,
) -> ApiResult<Budget> {
    store::budget_by_id(db, ctx.company, id.0, lock)
        .await?
        .ok_or_else(|| ApiError::not_found("budget"))
}

pub(super) async fn lines_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    budget: Uuid,
) -> ApiResult<Vec<StoredLine>> {
    Ok(store::budget_lines(db, ctx.company, &[budget])
        .await?
        .into_iter()
        .map(|(_, line)| line)
        .collect())
}

fn budget_name(validation: &mut Validation, text: &str) -> String {
    let name = text.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        validation.add("name", "must be 1 to 200 characters");
    }
    name
}

async fn fiscal_year(db: &impl ConnectionTrait, ctx: &Ctx, id: Uuid) -> ApiResult<FiscalYearSpan> {
    books::fiscal_year_by_id(db, ctx.company, FiscalYearId(id))
        .await?
        .ok_or_else(|| {
            ApiError::invalid_field("fiscalYearId", "no such fiscal year in this company")
        })
}

/// Validates the lines against the fiscal year's `months` months: amounts in the company
/// currency, monthly amounts one per month adding up to the amount, an account once per
/// project. Accounts and projects are checked against the books afterwards.
fn parse_lines(
    validation: &mut Validation,
    inputs: &[BudgetLineInput],
    months: usize,
    currency: Currency,
) -> Vec<BudgetLine> {
    if inputs.is_empty() {
        validation.add("lines", "must have at least one line");
    }
    if inputs.len() > MAX_LINES {
        validation.add("lines", format!("must have at most {MAX_LINES} lines"));
    }
    let mut lines = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.iter().enumerate() {
        let path = format!("lines[{index}]");
        let key = (input.account_id, input.project_id);
        if inputs[..index]
            .iter()
            .any(|earlier| (earlier.account_id, earlier.project_id) == key)
        {
            validation.add(
                format!("{path}.accountId"),
                "appears on an earlier line with the same project",
            );
        }
        let Some(amount) = fields::amount(
            validation,
            &format!("{path}.amount"),
            &input.amount.0,
            currency,
        ) else {
            continue;
        };
        let monthly = match &input.monthly_amounts {
            None => even_split(amount, months),
            Some(texts) => {
                if texts.len() != months {
                    validation.add(
                        format!("{path}.monthlyAmounts"),
                        format!("must have one amount per month of the fiscal year ({months})"),
                    );
                    continue;
                }
                let mut monthly = Vec::with_capacity(months);
                for (month, text) in texts.iter().enumerate() {
                    let field = format!("{path}.monthlyAmounts[{month}]");
                    if let Some(value) = fields::amount(validation, &field, &text.0, currency) {
                        monthly.push(value);
                    }
                }
                if monthly.len() != months {
                    continue;
                }
                let sum: i128 = monthly.iter().map(|value| i128::from(*value)).sum();
                if sum != i128::from(amount) {
                    validation.add(
                        format!("{path}.monthlyAmounts"),
                        format!(
                            "must add up to amount ({})",
                            format_minor(amount, currency.exponent)
                        ),
                    );
                    continue;
                }
                monthly
            }
        };
        lines.push(BudgetLine {
            account_id: AccountId(input.account_id),
            project_id: input.project_id.map(ProjectId),
            amount,
            monthly,
        });
    }
    // The report totals every line: their sum must stay an amount too.
    let total: i128 = lines.iter().map(|line| i128::from(line.amount.abs())).sum();
    if total > i128::from(arkan_kernel::money::MAX_AMOUNT_MINOR) {
        validation.add("lines", "the amounts add up to more than an amount may be");
    }
    lines
}

/// 400 naming each line whose account is not the company's, or whose project is not a project
/// of the company (asked through the platform's hook, in the write transaction).
async fn check_references(
    platform: &Platform,
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    inputs: &[BudgetLineInput],
) -> ApiResult<()> {
    let mut ids: Vec<Uuid> = inputs.iter().map(|line| line.account_id).collect();
    ids.sort();
    ids.dedup();
    let known: Vec<Uuid> = books::accounts_by_ids(transaction, ctx.company, &ids)
        .await?
        .into_iter()
        .map(|account| account.id)
        .collect();
    let mut validation = Validation::new();
    for (index, line) in inputs.iter().enumerate() {
        if !known.contains(&line.account_id) {
            validation.add(
                format!("lines[{index}].accountId"),
                "no such account in this company",
            );
        }
    }
    validation.finish()?;
    let named: Vec<(String, ProjectId)> = inputs
        .iter()
        .enumerate()
        .filter_map(|(index, line)| {
            line.project_id
                .map(|project| (format!("lines[{index}].projectId"), ProjectId(project)))
        })
        .collect();
    platform
        .require_projects(transaction, ctx.company, &named)
        .await
}

pub async fn create_budget(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateBudget,
) -> ApiResult<BudgetView> {
    ctx.require_write(Area::Accounting)?;
    let currency = currency_of(ctx);
    let year = fiscal_year(platform.db.connection(), ctx, input.fiscal_year_id).await?;
    let months = months_between(year.date_from, year.date_to).len();
    let mut validation = Validation::new();
    let name = budget_name(&mut validation, &input.name);
    let lines = parse_lines(&mut validation, &input.lines, months, currency);
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    // Read again in the transaction: the year cannot vanish before the commit.
    let year = fiscal_year(&*transaction, ctx, input.fiscal_year_id).await?;
    check_references(platform, &transaction, ctx, &input.lines).await?;
    let now = now_micros();
    let budget = Budget {
        id: Uuid::now_v7(),
        name,
        fiscal_year_id: year.id.0,
        date_from: year.date_from,
        date_to: year.date_to,
        currency: currency.code.to_owned(),
        state: BudgetState::Draft,
        cancel_reason: None,
        created_at: now,
        updated_at: now,
    };
    store::insert_budget(&*transaction, ctx.company, &budget).await?;
    let stored = store::replace_lines(&*transaction, ctx.company, budget.id, lines).await?;
    transaction.emit(ctx.company, events::BUDGET_CREATED, budget.id);
    transaction.commit().await?;
    Ok(view(budget, stored, currency))
}

fn parse_filter(query: &BudgetListQuery) -> ApiResult<BudgetFilter> {
    let state = match query.state.as_deref() {
        None | Some("") => None,
        Some(text) => Some(BudgetState::parse(text).ok_or_else(|| {
            ApiError::invalid_field("state", format!("must be one of: {}", BudgetState::codes()))
        })?),
    };
    Ok(BudgetFilter {
        state,
        fiscal_year_id: fields::optional_uuid("fiscal_year_id", query.fiscal_year_id.as_deref())?,
        project_id: fields::optional_uuid("project_id", query.project_id.as_deref())?,
        q: query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned),
    })
}

pub async fn list_budgets(
    platform: &Platform,
    ctx: &Ctx,
    query: BudgetListQuery,
) -> ApiResult<Page<BudgetView>> {
    let filter = parse_filter(&query)?;
    let key = format!(
        "{:?}|{:?}|{:?}|{:?}",
        filter.state, filter.fiscal_year_id, filter.project_id, filter.q
    );
    let page = PageRequest::parse(&query.page, &BUDGET_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_budgets(db, ctx.company, &filter, &page).await?;
    let ids: Vec<Uuid> = rows.iter().map(|budget| budget.id).collect();
    let mut lines: HashMap<Uuid, Vec<StoredLine>> = HashMap::new();
    for (budget, line) in store::budget_lines(db, ctx.company, &ids).await? {
        lines.entry(budget).or_default().push(line);
    }
    let currency = currency_of(ctx);
    Ok(page
        .page(rows, total, |budget| {
            let value = match page.sort.name {
                "name" => SortValue::Text(budget.name.clone()),
                _ => SortValue::Integer(budget.created_at),
            };
            (value, budget.id)
        })
        .map(|budget| {
            let of_budget = lines.remove(&budget.id).unwrap_or_default();
            view(budget, of_budget, currency)
        }))
}

pub async fn get_budget(platform: &Platform, ctx: &Ctx, id: BudgetId) -> ApiResult<BudgetView> {
    let db = platform.db.connection();
    let budget = budget_of(db, ctx, id, false).await?;
    let lines = lines_of(db, ctx, budget.id).await?;
    Ok(view(budget, lines, currency_of(ctx)))
}

pub async fn update_budget(
    platform: &Platform,
    ctx: &Ctx,
    id: BudgetId,
    patch: UpdateBudget,
) -> ApiResult<BudgetView> {
    ctx.require_write(Area::Accounting)?;
    let currency = currency_of(ctx);
    let mut transaction = platform.db.write().await?;
    let mut budget = budget_of(&*transaction, ctx, id, true).await?;
    budget.state.require_draft()?;
    let year = match patch.fiscal_year_id {
        Some(year) => Some(fiscal_year(&*transaction, ctx, year).await?),
        None => None,
    };
    let (date_from, date_to) = year
        .as_ref()
        .map_or((budget.date_from, budget.date_to), |year| {
            (year.date_from, year.date_to)
        });
    let months = months_between(date_from, date_to).len();
    let mut validation = Validation::new();
    if let Some(text) = &patch.name {
        budget.name = budget_name(&mut validation, text);
    }
    let lines = patch
        .lines
        .as_ref()
        .map(|inputs| parse_lines(&mut validation, inputs, months, currency));
    validation.finish()?;
    if let Some(inputs) = &patch.lines {
        check_references(platform, &transaction, ctx, inputs).await?;
    }
    let lines = match lines {
        Some(lines) => Some(lines),
        // Another year of another length: each line split evenly over its months.
        None if year.is_some() => Some(
            lines_of(&*transaction, ctx, budget.id)
                .await?
                .into_iter()
                .map(|stored| BudgetLine {
                    monthly: even_split(stored.line.amount, months),
                    ..stored.line
                })
                .collect(),
        ),
        None => None,
    };
    if let Some(year) = year {
        budget.fiscal_year_id = year.id.0;
        budget.date_from = year.date_from;
        budget.date_to = year.date_to;
    }
    budget.updated_at = now_micros().max(budget.updated_at + 1);
    store::update_budget(&*transaction, ctx.company, &budget).await?;
    let stored = match lines {
        Some(lines) => store::replace_lines(&*transaction, ctx.company, budget.id, lines).await?,
        None => lines_of(&*transaction, ctx, budget.id).await?,
    };
    transaction.emit(ctx.company, events::BUDGET_UPDATED, budget.id);
    transaction.commit().await?;
    Ok(view(budget, stored, currency))
}

pub async fn delete_budget(platform: &Platform, ctx: &Ctx, id: BudgetId) -> ApiResult<()> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let budget = budget_of(&*transaction, ctx, id, true).await?;
    budget.state.require_draft()?;
    store::delete_budget(&*transaction, ctx.company, budget.id).await?;
    transaction.emit(ctx.company, events::BUDGET_DELETED, budget.id);
    transaction.commit().await?;
    Ok(())
}

pub async fn approve_budget(platform: &Platform, ctx: &Ctx, id: BudgetId) -> ApiResult<BudgetView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut budget = budget_of(&*transaction, ctx, id, true).await?;
    budget.state = budget.state.approve()?;
    budget.updated_at = now_micros().max(budget.updated_at + 1);
    store::update_budget(&*transaction, ctx.company, &budget).await?;
    let lines = lines_of(&*transaction, ctx, budget.id).await?;
    transaction.emit(ctx.company, events::BUDGET_APPROVED, budget.id);
    transaction.commit().await?;
    Ok(view(budget, lines, currency_of(ctx)))
}

pub async fn cancel_budget(
    platform: &Platform,
    ctx: &Ctx,
    id: BudgetId,
    input: CancelBudget,
) -> ApiResult<BudgetView> {
    ctx.require_write(Area::Accounting)?;
    let reason = fields::clean(input.reason);
    if reason
        .as_ref()
        .is_some_and(|text| text.chars().count() > 1000)
    {
        return Err(ApiError::invalid_field(
            "reason",
            "must be at most 1000 characters",
        ));
    }
    let mut transaction = platform.db.write().await?;
    let mut budget = budget_of(&*transaction, ctx, id, true).await?;
    budget.state = budget.state.cancel()?;
    budget.cancel_reason = reason;
    budget.updated_at = now_micros().max(budget.updated_at + 1);
    store::update_budget(&*transaction, ctx.company, &budget).await?;
    let lines = lines_of(&*transaction, ctx, budget.id).await?;
    transaction.emit(ctx.company, events::BUDGET_CANCELLED, budget.id);
    transaction.commit().await?;
    Ok(view(budget, lines, currency_of(ctx)))
}
