//! A project's profitability: revenue and costs from the books (through the ledger's facade),
//! costs of the time logged, margin and budget use.

use arkan_kernel::ProjectId;
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::fields;
use arkan_platform::{Ctx, Platform};

use super::project_of;
use crate::api::*;
use crate::domain::{format_wide, percent};
use crate::store;

pub async fn profitability(
    platform: &Platform,
    ctx: &Ctx,
    project_id: ProjectId,
    query: ProfitabilityQuery,
) -> ApiResult<ProfitabilityView> {
    let from = fields::optional_date("date_from", query.date_from.as_deref())?;
    let to = fields::optional_date("date_to", query.date_to.as_deref())?;
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        return Err(ApiError::invalid_field(
            "date_to",
            "must be on or after date_from",
        ));
    }
    // One snapshot: the books and the timesheets are read at the same instant.
    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    let project = project_of(db, ctx, project_id).await?;
    let books =
        arkan_ledger::books::project_totals(db, ctx.company, ProjectId(project.id), from, to)
            .await?;
    let timesheets = store::timesheet_cost(db, ctx.company, project.id, from, to).await?;
    // Wide: the sums of the books and the timesheets together cannot overflow.
    let total_cost = books.expense + i128::from(timesheets);
    let margin = books.income - total_cost;
    let money = |minor: i128| format_wide(minor, ctx.currency.exponent);
    Ok(ProfitabilityView {
        project_id: project.id,
        date_from: from.map(fields::format_date),
        date_to: to.map(fields::format_date),
        currency: ctx.currency.code.to_owned(),
        revenue: money(books.income),
        costs: ProjectCosts {
            journal: money(books.expense),
            timesheets: money(i128::from(timesheets)),
        },
        total_cost: money(total_cost),
        margin: money(margin),
        margin_percent: percent(margin, books.income),
        budget: project.budget_minor.map(i128::from).map(money),
        budget_used_percent: project
            .budget_minor
            .and_then(|budget| percent(total_cost, i128::from(budget))),
    })
}
