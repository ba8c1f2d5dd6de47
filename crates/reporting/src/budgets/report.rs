//! Budget against actual: each line's budget for the months of the period next to what was
//! posted, with the variance. A month counts when any of its days is in the period, and then
//! with its whole budget (nothing is pro-rated); the actual is what was posted in the period's
//! days only. A line naming a project is compared with the posted lines of its account and that
//! project; a line without a project with every posted line of its account.

use std::collections::HashMap;

use arkan_kernel::{AccountId, BudgetId, ProjectId, format_minor};
use arkan_ledger::books;
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::fields::format_date;
use arkan_platform::{Ctx, Platform};
use axum::response::Response;
use uuid::Uuid;

use super::api::*;
use super::domain::{Month, months_between};
use super::service::{budget_of, lines_of};
use crate::params::{Format, date_param, id_param};
use crate::percent::percent;
use crate::render::{self, Cell, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Total,
    Month,
}

/// One row's figures, per month of the period.
struct Figures {
    months: Vec<(Month, i64, i64)>,
}

impl Figures {
    fn budget(&self) -> i64 {
        self.months.iter().map(|(_, budget, _)| budget).sum()
    }

    fn actual(&self) -> i64 {
        self.months.iter().map(|(_, _, actual)| actual).sum()
    }
}

pub async fn budget_vs_actual(
    platform: &Platform,
    ctx: &Ctx,
    query: BudgetVsActualQuery,
) -> ApiResult<Response> {
    let format = Format::parse(query.format.as_deref())?;
    let period = match query.period.as_deref() {
        None | Some("") | Some("total") => Period::Total,
        Some("month") => Period::Month,
        Some(_) => return Err(ApiError::invalid_field("period", "must be total or month")),
    };
    let budget_id = id_param("budget_id", query.budget_id.as_deref())?
        .ok_or_else(|| ApiError::invalid_field("budget_id", "is required"))?;
    let project = id_param("project_id", query.project_id.as_deref())?.map(ProjectId);
    let date_from = date_param("date_from", query.date_from.as_deref())?;
    let date_to = date_param("date_to", query.date_to.as_deref())?;

    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    let budget = budget_of(db, ctx, BudgetId(budget_id), false).await?;
    let from = date_from.unwrap_or(budget.date_from);
    let to = date_to.unwrap_or(budget.date_to);
    if from > to {
        return Err(ApiError::invalid_field(
            "date_from",
            "must be on or before date_to",
        ));
    }
    let lines: Vec<_> = lines_of(db, ctx, budget.id)
        .await?
        .into_iter()
        .filter(|stored| project.is_none() || stored.line.project_id == project)
        .collect();
    let mut account_ids: Vec<AccountId> =
        lines.iter().map(|stored| stored.line.account_id).collect();
    account_ids.sort();
    account_ids.dedup();
    let raw_ids: Vec<Uuid> = account_ids.iter().map(|account| account.0).collect();
    let accounts: HashMap<Uuid, books::Account> = books::accounts_by_ids(db, ctx.company, &raw_ids)
        .await?
        .into_iter()
        .map(|account| (account.id, account))
        .collect();
    let movements = books::movements_by_day(db, ctx.company, &account_ids, from, to).await?;

    // Net debit per account, project and month, and per account and month.
    let mut by_project: HashMap<(Uuid, Option<Uuid>, Month), i64> = HashMap::new();
    let mut by_account: HashMap<(Uuid, Month), i64> = HashMap::new();
    for movement in &movements {
        let month = Month::of(movement.day);
        let net = movement.debit - movement.credit;
        *by_project
            .entry((
                movement.account_id.0,
                movement.project_id.map(|project| project.0),
                month,
            ))
            .or_default() += net;
        *by_account
            .entry((movement.account_id.0, month))
            .or_default() += net;
    }
    // A line without a project takes the account's postings but those of the projects the
    // budget gives a line of their own on that account (counted there, not twice).
    let mut own_lines: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for stored in &lines {
        if let Some(project) = stored.line.project_id {
            own_lines
                .entry(stored.line.account_id.0)
                .or_default()
                .push(project.0);
        }
    }
    let budget_months = months_between(budget.date_from, budget.date_to);
    let period_months = months_between(from, to);
    let mut rows = Vec::with_capacity(lines.len());
    for stored in &lines {
        let line = &stored.line;
        let Some(account) = accounts.get(&line.account_id.0) else {
            continue;
        };
        // Income accounts are credit-positive, every other account debit-positive.
        let sign = if account.account_type.starts_with("income") {
            -1
        } else {
            1
        };
        let months = period_months
            .iter()
            .map(|month| {
                let budget = budget_months
                    .iter()
                    .position(|candidate| candidate == month)
                    .and_then(|index| line.monthly.get(index))
                    .copied()
                    .unwrap_or(0);
                let account_id = line.account_id.0;
                let net = match line.project_id {
                    Some(project) => by_project
                        .get(&(account_id, Some(project.0), *month))
                        .copied()
                        .unwrap_or(0),
                    None => {
                        let projects = own_lines.get(&account_id).map_or(&[][..], Vec::as_slice);
                        by_account.get(&(account_id, *month)).copied().unwrap_or(0)
                            - projects
                                .iter()
                                .map(|project| {
                                    by_project
                                        .get(&(account_id, Some(*project), *month))
                                        .copied()
                                        .unwrap_or(0)
                                })
                                .sum::<i64>()
                    }
                };
                let actual = sign * net;
                (*month, budget, actual)
            })
            .collect();
        rows.push((account, line.project_id, Figures { months }));
    }
    rows.sort_by(|a, b| {
        (a.0.code.as_str(), a.1.map(|project| project.0))
            .cmp(&(b.0.code.as_str(), b.1.map(|project| project.0)))
    });

    let exponent = ctx.currency.exponent;
    let money = |minor: i64| format_minor(minor, exponent);
    let (mut total_budget, mut total_actual) = (0_i64, 0_i64);
    let data: Vec<BudgetVsActualRow> = rows
        .iter()
        .map(|(account, project, figures)| {
            let (budget, actual) = (figures.budget(), figures.actual());
            total_budget += budget;
            total_actual += actual;
            BudgetVsActualRow {
                account_id: account.id,
                code: account.code.clone(),
                name: account.name.clone(),
                project_id: project.map(|project| project.0),
                budget: money(budget),
                actual: money(actual),
                variance: money(actual - budget),
                variance_percent: percent(actual - budget, budget),
                months: (period == Period::Month).then(|| {
                    figures
                        .months
                        .iter()
                        .map(|(month, budget, actual)| MonthFigures {
                            month: month.label(),
                            budget: money(*budget),
                            actual: money(*actual),
                            variance: money(actual - budget),
                        })
                        .collect()
                }),
            }
        })
        .collect();
    let body = BudgetVsActualView {
        budget_id: budget.id,
        date_from: format_date(from),
        date_to: format_date(to),
        currency: ctx.currency.code.to_owned(),
        data,
        totals: BudgetVsActualTotals {
            budget: money(total_budget),
            actual: money(total_actual),
            variance: money(total_actual - total_budget),
            variance_percent: percent(total_actual - total_budget, total_budget),
        },
    };
    let name = render::file_name(
        "budget-vs-actual",
        &[&body.date_from, &body.date_to],
        format,
    );
    let labels: Vec<String> = match period {
        Period::Month => period_months.iter().map(|month| month.label()).collect(),
        Period::Total => Vec::new(),
    };
    render::respond(format, &name, exponent, body, |body| {
        table(body, &rows, &labels, (total_budget, total_actual))
    })
}

fn table(
    body: &BudgetVsActualView,
    figures: &[(&books::Account, Option<ProjectId>, Figures)],
    months: &[String],
    totals: (i64, i64),
) -> Table {
    let mut columns: Vec<String> = [
        "accountId",
        "code",
        "name",
        "projectId",
        "budget",
        "actual",
        "variance",
        "variancePercent",
    ]
    .map(str::to_owned)
    .into();
    for month in months {
        for figure in ["budget", "actual", "variance"] {
            columns.push(format!("{figure}[{month}]"));
        }
    }
    let rows = body
        .data
        .iter()
        .zip(figures)
        .map(|(row, (_, _, figures))| {
            let (budget, actual) = (figures.budget(), figures.actual());
            let mut cells = vec![
                Cell::text(row.account_id.to_string()),
                Cell::text(row.code.clone()),
                Cell::text(row.name.clone()),
                Cell::optional(row.project_id),
                Cell::Money(budget),
                Cell::Money(actual),
                Cell::Money(actual - budget),
                Cell::Percent(row.variance_percent.clone()),
            ];
            if !months.is_empty() {
                for (_, budget, actual) in &figures.months {
                    cells.extend([
                        Cell::Money(*budget),
                        Cell::Money(*actual),
                        Cell::Money(actual - budget),
                    ]);
                }
            }
            cells
        })
        .collect();
    let (budget, actual) = totals;
    let mut total = vec![
        Cell::text("Total"),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Money(budget),
        Cell::Money(actual),
        Cell::Money(actual - budget),
        Cell::Percent(body.totals.variance_percent.clone()),
    ];
    total.extend(std::iter::repeat_n(Cell::Empty, months.len() * 3));
    Table {
        columns,
        rows,
        total: Some(total),
    }
}
