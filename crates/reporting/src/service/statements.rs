//! Profit and loss, balance sheet and cash flow (indirect method), from the ledger's movements
//! per account. Profit and loss and cash flow leave closing entries out; the balance sheet takes
//! every posted entry, so it balances by construction: the profit and loss accounts' whole
//! balance is shown as earnings (this year's and earlier years' not yet closed).

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_ledger::books::{self, MovementFilter};
use arkan_platform::error::ApiResult;
use arkan_platform::fields::format_date;
use arkan_platform::{Ctx, Platform};
use axum::response::Response;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::sections::{Balances, Chart, Layout, SectionFigures, extra_columns, sections_table};
use crate::api::{
    BalanceSheet, BalanceSheetQuery, CashFlow, CashFlowQuery, ProfitLoss, ProfitLossQuery,
};
use crate::params::{self, ColumnParams, Columns, Format, id_param};
use crate::render::{file_name, respond};

/// (key, name, account types, sign: +1 debit-positive, −1 credit-positive)
type SectionSpec = (&'static str, &'static str, &'static [&'static str], i64);

const PROFIT_AND_LOSS: [SectionSpec; 5] = [
    ("income", "Income", &["income"], -1),
    (
        "cost_of_revenue",
        "Cost of revenue",
        &["expense_direct_cost"],
        1,
    ),
    ("expenses", "Expenses", &["expense"], 1),
    ("depreciation", "Depreciation", &["expense_depreciation"], 1),
    ("other_income", "Other income", &["income_other"], -1),
];

const BALANCE_SHEET: [SectionSpec; 5] = [
    (
        "current_assets",
        "Current assets",
        &[
            "asset_receivable",
            "asset_cash",
            "asset_current",
            "asset_prepayments",
        ],
        1,
    ),
    (
        "non_current_assets",
        "Non-current assets",
        &["asset_non_current", "asset_fixed"],
        1,
    ),
    (
        "current_liabilities",
        "Current liabilities",
        &[
            "liability_payable",
            "liability_credit_card",
            "liability_current",
        ],
        -1,
    ),
    (
        "non_current_liabilities",
        "Non-current liabilities",
        &["liability_non_current"],
        -1,
    ),
    ("equity", "Equity", &["equity", "equity_unaffected"], -1),
];

const PROFIT_AND_LOSS_TYPES: &[&str] = &[
    "income",
    "income_other",
    "expense",
    "expense_depreciation",
    "expense_direct_cost",
];

/// Net movement (debit positive) per account.
async fn net_by_account(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: MovementFilter,
) -> ApiResult<HashMap<Uuid, i64>> {
    Ok(books::movements(db, company, filter)
        .await?
        .into_iter()
        .map(|movement| (movement.account_id, movement.net()))
        .collect())
}

/// Balances (debit positive) at the end of `day`, every posted entry included; none before the
/// books begin (`day` None).
async fn balances_at(
    db: &impl ConnectionTrait,
    company: CompanyId,
    day: Option<chrono::NaiveDate>,
) -> ApiResult<HashMap<Uuid, i64>> {
    match day {
        Some(day) => {
            let filter = MovementFilter {
                until: Some(day),
                ..MovementFilter::default()
            };
            net_by_account(db, company, filter).await
        }
        None => Ok(HashMap::new()),
    }
}

/// `values` combined column by column.
fn zip(left: &[i64], right: &[i64], combine: impl Fn(i64, i64) -> i64) -> Vec<i64> {
    left.iter()
        .zip(right)
        .map(|(left, right)| combine(*left, *right))
        .collect()
}

fn negate(values: &[i64]) -> Vec<i64> {
    values.iter().map(|value| -value).collect()
}

fn column_params<'a>(
    compare: Option<&'a str>,
    periods: Option<&'a str>,
    period_type: Option<&'a str>,
) -> ColumnParams<'a> {
    ColumnParams {
        compare,
        periods,
        period_type,
    }
}

fn build(chart: &Chart, specs: &[SectionSpec], balances: &Balances) -> Vec<SectionFigures> {
    specs
        .iter()
        .map(|(key, name, types, sign)| chart.section(key, name, types, balances, *sign))
        .collect()
}

pub async fn profit_loss(
    platform: &Platform,
    ctx: &Ctx,
    query: ProfitLossQuery,
) -> ApiResult<Response> {
    let format = Format::parse(query.format.as_deref())?;
    let journal_id = id_param("journal_id", query.journal_id.as_deref())?;
    let partner_id = id_param("partner_id", query.partner_id.as_deref())?;
    let project_id = id_param("project_id", query.project_id.as_deref())?;
    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    let columns = params::period(
        db,
        ctx.company,
        query.date_from.as_deref(),
        query.date_to.as_deref(),
        column_params(
            query.compare.as_deref(),
            query.periods.as_deref(),
            query.period_type.as_deref(),
        ),
    )
    .await?;
    let chart = Chart::new(books::list_all_accounts(db, ctx.company).await?);
    let mut balances = Vec::new();
    for column in columns.all() {
        let filter = MovementFilter {
            since: Some(column.from),
            until: Some(column.to),
            journal_id,
            partner_id,
            project_id,
            without_closing: true,
        };
        balances.push(net_by_account(db, ctx.company, filter).await?);
    }
    let count = balances.len();
    let sections = build(&chart, &PROFIT_AND_LOSS, &balances);
    let totals: Vec<Vec<i64>> = sections
        .iter()
        .map(|section| section.totals(count))
        .collect();
    let gross = zip(&totals[0], &totals[1], |income, cost| income - cost);
    let operating = zip(
        &zip(&gross, &totals[2], |gross, expenses| gross - expenses),
        &totals[3],
        |profit, depreciation| profit - depreciation,
    );
    let net = zip(&operating, &totals[4], |operating, other| operating + other);
    let layout = Layout::of(&columns, ctx.currency.exponent);
    let (gross_profit, compare_gross_profit, gross_profit_by_period) = layout.spread(&gross);
    let (operating_profit, compare_operating_profit, operating_profit_by_period) =
        layout.spread(&operating);
    let (net_profit, compare_net_profit, net_profit_by_period) = layout.spread(&net);
    let body = ProfitLoss {
        date_from: format_date(columns.main.from),
        date_to: format_date(columns.main.to),
        currency: ctx.currency.code.to_owned(),
        columns: extra_columns(&columns, false),
        sections: sections
            .iter()
            .map(|section| section.view(&layout, count))
            .collect(),
        gross_profit,
        operating_profit,
        net_profit,
        compare_gross_profit,
        compare_operating_profit,
        compare_net_profit,
        gross_profit_by_period,
        operating_profit_by_period,
        net_profit_by_period,
    };
    let name = period_file("profit-loss", &columns, format);
    respond(format, &name, ctx.currency.exponent, body, |_| {
        sections_table(&sections, &layout, &columns, ("net_profit", &net))
    })
}

fn period_file(report: &str, columns: &Columns, format: Format) -> String {
    file_name(
        report,
        &[
            &format_date(columns.main.from),
            &format_date(columns.main.to),
        ],
        format,
    )
}

pub async fn balance_sheet(
    platform: &Platform,
    ctx: &Ctx,
    query: BalanceSheetQuery,
) -> ApiResult<Response> {
    let format = Format::parse(query.format.as_deref())?;
    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    let columns = params::as_of(
        db,
        ctx.company,
        query.as_of.as_deref(),
        column_params(
            query.compare.as_deref(),
            query.periods.as_deref(),
            query.period_type.as_deref(),
        ),
    )
    .await?;
    let chart = Chart::new(books::list_all_accounts(db, ctx.company).await?);
    let mut balances = Vec::new();
    let mut before_year = Vec::new();
    for column in columns.all() {
        balances.push(balances_at(db, ctx.company, Some(column.to)).await?);
        before_year.push(balances_at(db, ctx.company, column.from.pred_opt()).await?);
    }
    let count = balances.len();
    // Earnings, credit positive: everything the profit and loss accounts hold (what a year-end
    // close moved to retained earnings is no longer there), split at the fiscal year's start.
    let all_earnings = negate(&chart.sum(&balances, PROFIT_AND_LOSS_TYPES));
    let previous = negate(&chart.sum(&before_year, PROFIT_AND_LOSS_TYPES));
    let current = zip(&all_earnings, &previous, |all, previous| all - previous);
    let mut sections = build(&chart, &BALANCE_SHEET, &balances);
    if let Some(equity) = sections.last_mut() {
        equity.computed(
            "current_year_earnings",
            "Current year earnings",
            current.clone(),
        );
        equity.computed(
            "previous_years_earnings",
            "Previous years' earnings",
            previous,
        );
    }
    let totals: Vec<Vec<i64>> = sections
        .iter()
        .map(|section| section.totals(count))
        .collect();
    let assets = zip(&totals[0], &totals[1], |current, fixed| current + fixed);
    let liabilities = zip(&totals[2], &totals[3], |current, long| current + long);
    let equity = totals[4].clone();
    let layout = Layout::of(&columns, ctx.currency.exponent);
    let (total_assets, compare_total_assets, total_assets_by_period) = layout.spread(&assets);
    let (total_liabilities, compare_total_liabilities, total_liabilities_by_period) =
        layout.spread(&liabilities);
    let (total_equity, compare_total_equity, total_equity_by_period) = layout.spread(&equity);
    let (current_year_earnings, compare_current_year_earnings, current_year_earnings_by_period) =
        layout.spread(&current);
    let body = BalanceSheet {
        as_of: format_date(columns.main.to),
        currency: ctx.currency.code.to_owned(),
        columns: extra_columns(&columns, true),
        sections: sections
            .iter()
            .map(|section| section.view(&layout, count))
            .collect(),
        total_assets,
        total_liabilities,
        total_equity,
        current_year_earnings,
        compare_total_assets,
        compare_total_liabilities,
        compare_total_equity,
        compare_current_year_earnings,
        total_assets_by_period,
        total_liabilities_by_period,
        total_equity_by_period,
        current_year_earnings_by_period,
    };
    let name = file_name("balance-sheet", &[&format_date(columns.main.to)], format);
    respond(format, &name, ctx.currency.exponent, body, |_| {
        sections_table(&sections, &layout, &columns, ("total_assets", &assets))
    })
}

pub async fn cash_flow(
    platform: &Platform,
    ctx: &Ctx,
    query: CashFlowQuery,
) -> ApiResult<Response> {
    let format = Format::parse(query.format.as_deref())?;
    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    let columns = params::period(
        db,
        ctx.company,
        query.date_from.as_deref(),
        query.date_to.as_deref(),
        column_params(
            query.compare.as_deref(),
            query.periods.as_deref(),
            query.period_type.as_deref(),
        ),
    )
    .await?;
    let chart = Chart::new(books::list_all_accounts(db, ctx.company).await?);
    let mut moved = Vec::new();
    let mut opening_balances = Vec::new();
    let mut closing_balances = Vec::new();
    for column in columns.all() {
        moved.push(
            net_by_account(
                db,
                ctx.company,
                MovementFilter {
                    since: Some(column.from),
                    until: Some(column.to),
                    without_closing: true,
                    ..MovementFilter::default()
                },
            )
            .await?,
        );
        opening_balances.push(balances_at(db, ctx.company, column.from.pred_opt()).await?);
        closing_balances.push(balances_at(db, ctx.company, Some(column.to)).await?);
    }
    let count = moved.len();
    // Each row is what the accounts behind it gave to (+) or took from (−) cash.
    let inflow = |types: &[&str]| negate(&chart.sum(&moved, types));
    let depreciation = chart.sum(&moved, &["expense_depreciation"]);
    let computed =
        |key: &'static str, name: &'static str, rows: Vec<(&'static str, &str, Vec<i64>)>| {
            let mut section = SectionFigures {
                key,
                name,
                rows: Vec::new(),
            };
            for (row_key, row_name, amounts) in rows {
                section.computed(row_key, row_name, amounts);
            }
            section
        };
    let sections = vec![
        computed(
            "operating",
            "Operating activities",
            vec![
                ("net_profit", "Net profit", inflow(PROFIT_AND_LOSS_TYPES)),
                ("depreciation", "Depreciation", depreciation.clone()),
                ("receivables", "Receivables", inflow(&["asset_receivable"])),
                ("payables", "Payables", inflow(&["liability_payable"])),
                (
                    "other_current_assets",
                    "Other current assets",
                    inflow(&["asset_current", "asset_prepayments"]),
                ),
                (
                    "other_current_liabilities",
                    "Other current liabilities",
                    inflow(&["liability_current", "liability_credit_card"]),
                ),
            ],
        ),
        computed(
            "investing",
            "Investing activities",
            vec![(
                "fixed_assets",
                "Fixed assets",
                // Depreciation was added back above; what it took off the assets is not an
                // investment.
                zip(
                    &inflow(&["asset_fixed", "asset_non_current"]),
                    &depreciation,
                    |assets, depreciation| assets - depreciation,
                ),
            )],
        ),
        computed(
            "financing",
            "Financing activities",
            vec![
                ("equity", "Equity", inflow(&["equity", "equity_unaffected"])),
                (
                    "non_current_liabilities",
                    "Non-current liabilities",
                    inflow(&["liability_non_current"]),
                ),
            ],
        ),
    ];
    let opening = chart.sum(&opening_balances, &["asset_cash"]);
    let closing = chart.sum(&closing_balances, &["asset_cash"]);
    let net = zip(&closing, &opening, |closing, opening| closing - opening);
    let layout = Layout::of(&columns, ctx.currency.exponent);
    let (net_change, compare_net_change, net_change_by_period) = layout.spread(&net);
    let (opening_cash, compare_opening_cash, opening_cash_by_period) = layout.spread(&opening);
    let (closing_cash, compare_closing_cash, closing_cash_by_period) = layout.spread(&closing);
    let body = CashFlow {
        date_from: format_date(columns.main.from),
        date_to: format_date(columns.main.to),
        currency: ctx.currency.code.to_owned(),
        columns: extra_columns(&columns, false),
        sections: sections
            .iter()
            .map(|section| section.view(&layout, count))
            .collect(),
        net_change,
        opening_cash,
        closing_cash,
        compare_net_change,
        compare_opening_cash,
        compare_closing_cash,
        net_change_by_period,
        opening_cash_by_period,
        closing_cash_by_period,
    };
    let name = period_file("cash-flow", &columns, format);
    respond(format, &name, ctx.currency.exponent, body, |_| {
        sections_table(&sections, &layout, &columns, ("net_change", &net))
    })
}
