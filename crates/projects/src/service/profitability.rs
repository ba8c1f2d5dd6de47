//! A project's profitability: revenue and costs from the books (through the ledger's facade),
//! costs of the time logged, margin and budget use.

use arkan_kernel::{ProjectId, format_minor};
use arkan_platform::error::ApiResult;
use arkan_platform::fields;
use arkan_platform::{Ctx, Platform};

use super::project_of;
use crate::api::*;
use crate::domain::percent;
use crate::store;

pub async fn profitability(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    query: ProfitabilityQuery,
) -> ApiResult<ProfitabilityView> {
    let from = fields::optional_date("date_from", query.date_from.as_deref())?;
    let to = fields::optional_date("date_to", query.date_to.as_deref())?;
    // One snapshot: the books and the timesheets are read at the same instant.
    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    let project = project_of(db, ctx, project_id).await?;
    let books =
        arkan_ledger::books::project_totals(db, ctx.company, ProjectId(project.id), from, to)
            .await?;
    let timesheets = store::timesheet_cost(db, ctx.company, project.id, from, to).await?;
    let total_cost = books.expense + timesheets;
    let margin = books.income - total_cost;
    let money = |minor: i64| format_minor(minor, ctx.currency.exponent);
    Ok(ProfitabilityView {
        project_id: project.id,
        date_from: from.map(fields::format_date),
        date_to: to.map(fields::format_date),
        currency: ctx.currency.code.to_owned(),
        revenue: money(books.income),
        costs: ProjectCosts {
            journal: money(books.expense),
            timesheets: money(timesheets),
        },
        total_cost: money(total_cost),
        margin: money(margin),
        margin_percent: percent(margin, books.income),
        budget: project.budget_minor.map(money),
        budget_used_percent: project
            .budget_minor
            .and_then(|budget| percent(total_cost, budget)),
    })
}
