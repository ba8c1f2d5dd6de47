//! Revenue by client and by project, over the main period and the comparison or periods the
//! query asks for (one ledger read per column).

use std::cmp::Ordering;

use arkan_kernel::{CompanyId, PartnerId, ProjectId, format_minor};
use arkan_ledger::books::{self, LineFilter, ProjectRevenue};
use arkan_platform::error::ApiResult;
use arkan_platform::fields::format_date;
use arkan_platform::{Ctx, Platform};
use axum::response::Response;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::api::*;
use crate::params::{self, Column, ColumnParams, Columns, Format, id_param};
use crate::percent::percent;
use crate::render::{self, Cell, Table};

/// One column's figures per partner or project (None: the lines without one).
type ColumnFigures<K, V> = Vec<(Option<K>, V)>;

/// A report row: its partner or project, its name, its figures per column.
type Row<K, V> = (Option<K>, Option<String>, Vec<V>);

/// The query, checked.
struct Request {
    format: Format,
    journal_id: Option<Uuid>,
    partner_id: Option<Uuid>,
    project_id: Option<Uuid>,
}

fn request(query: &RevenueQuery) -> ApiResult<Request> {
    Ok(Request {
        format: Format::parse(query.format.as_deref())?,
        journal_id: id_param("journal_id", query.journal_id.as_deref())?,
        partner_id: id_param("partner_id", query.partner_id.as_deref())?,
        project_id: id_param("project_id", query.project_id.as_deref())?,
    })
}

async fn columns(
    db: &impl ConnectionTrait,
    company: CompanyId,
    query: &RevenueQuery,
) -> ApiResult<Columns> {
    params::period(
        db,
        company,
        query.date_from.as_deref(),
        query.date_to.as_deref(),
        ColumnParams {
            compare: query.compare.as_deref(),
            periods: query.periods.as_deref(),
            period_type: query.period_type.as_deref(),
        },
    )
    .await
}

fn filter(request: &Request, column: &Column) -> LineFilter {
    LineFilter {
        since: column.from,
        until: column.to,
        journal_id: request.journal_id,
        partner_id: request.partner_id,
        project_id: request.project_id,
    }
}

fn period_views(columns: &Columns) -> Option<Vec<PeriodView>> {
    (!columns.periods.is_empty()).then(|| {
        columns
            .periods
            .iter()
            .map(|column| PeriodView {
                label: column.label.clone(),
                date_from: format_date(column.from),
                date_to: format_date(column.to),
            })
            .collect()
    })
}

/// Revenue first (largest first), then by name (rows without one last), then by id.
fn by_revenue(
    a: (i64, Option<&String>, Option<Uuid>),
    b: (i64, Option<&String>, Option<Uuid>),
) -> Ordering {
    b.0.cmp(&a.0)
        .then_with(|| match (a.1, b.1) {
            (Some(x), Some(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| a.2.cmp(&b.2))
}

/// The value of `key` in one column's rows (0 when absent).
fn value_of<K: PartialEq, V: Copy + Default>(rows: &[(K, V)], key: &K) -> V {
    rows.iter()
        .find(|(found, _)| found == key)
        .map(|(_, value)| *value)
        .unwrap_or_default()
}

/// Every key of every column, in the order first seen.
fn keys_of<K: PartialEq + Copy, V>(columns: &[&Vec<(K, V)>]) -> Vec<K> {
    let mut keys: Vec<K> = Vec::new();
    for rows in columns {
        for (key, _) in rows.iter() {
            if !keys.contains(key) {
                keys.push(*key);
            }
        }
    }
    keys
}

pub async fn revenue_by_client(
    platform: &Platform,
    ctx: &Ctx,
    query: RevenueQuery,
) -> ApiResult<Response> {
    let request = request(&query)?;
    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    let columns = columns(db, ctx.company, &query).await?;
    let mut figures: Vec<ColumnFigures<PartnerId, (i64, i64)>> = Vec::new();
    for column in columns.all() {
        let rows = books::income_by_partner(db, ctx.company, &filter(&request, column)).await?;
        figures.push(
            rows.into_iter()
                .map(|row| (row.partner_id, (row.revenue, row.entries)))
                .collect(),
        );
    }
    let keys = keys_of(&figures.iter().collect::<Vec<_>>());
    let partners: Vec<PartnerId> = keys.iter().flatten().copied().collect();
    let names = arkan_crm::partners::names(db, ctx.company, &partners).await?;
    let has_compare = columns.compare.is_some();
    let first_period = if has_compare { 2 } else { 1 };
    let period_count = columns.periods.len();

    let exponent = ctx.currency.exponent;
    let money = |minor: i64| format_minor(minor, exponent);
    // Minor units per row: main, compare, periods (for the file and the totals).
    let mut rows: Vec<Row<PartnerId, (i64, i64)>> = keys
        .iter()
        .map(|key| {
            let name = key.and_then(|partner| names.get(&partner).cloned());
            let values = figures.iter().map(|column| value_of(column, key)).collect();
            (*key, name, values)
        })
        .collect();
    rows.sort_by(|a, b| {
        by_revenue(
            (
                a.2.first().map_or(0, |v| v.0),
                a.1.as_ref(),
                a.0.map(|p| p.0),
            ),
            (
                b.2.first().map_or(0, |v| v.0),
                b.1.as_ref(),
                b.0.map(|p| p.0),
            ),
        )
    });
    let column_total = |index: usize| -> (i64, i64) {
        rows.iter().fold((0, 0), |sum, row| {
            let value = row.2.get(index).copied().unwrap_or_default();
            (sum.0 + value.0, sum.1 + value.1)
        })
    };
    let totals: Vec<(i64, i64)> = (0..figures.len()).map(column_total).collect();
    let total = totals.first().copied().unwrap_or_default();
    let periods_of = |values: &[(i64, i64)]| {
        (period_count > 0).then(|| {
            values[first_period..first_period + period_count]
                .iter()
                .map(|value| money(value.0))
                .collect::<Vec<String>>()
        })
    };
    let counts_of = |values: &[(i64, i64)]| {
        (period_count > 0).then(|| {
            values[first_period..first_period + period_count]
                .iter()
                .map(|value| value.1)
                .collect::<Vec<i64>>()
        })
    };
    let data = rows
        .iter()
        .map(|(key, name, values)| {
            let main = values.first().copied().unwrap_or_default();
            let compare = has_compare.then(|| values.get(1).copied().unwrap_or_default());
            ClientRevenueRow {
                partner_id: key.map(|partner| partner.0),
                partner_name: name.clone(),
                invoice_count: main.1,
                revenue: money(main.0),
                share: percent(main.0, total.0),
                compare_invoice_count: compare.map(|value| value.1),
                compare_revenue: compare.map(|value| money(value.0)),
                invoice_count_by_period: counts_of(values),
                revenue_by_period: periods_of(values),
            }
        })
        .collect();
    let compare_total = has_compare.then(|| totals.get(1).copied().unwrap_or_default());
    let body = RevenueByClientView {
        date_from: format_date(columns.main.from),
        date_to: format_date(columns.main.to),
        compare_from: columns
            .compare
            .as_ref()
            .map(|column| format_date(column.from)),
        compare_to: columns
            .compare
            .as_ref()
            .map(|column| format_date(column.to)),
        periods: period_views(&columns),
        currency: ctx.currency.code.to_owned(),
        data,
        totals: ClientRevenueTotals {
            invoice_count: total.1,
            revenue: money(total.0),
            compare_invoice_count: compare_total.map(|value| value.1),
            compare_revenue: compare_total.map(|value| money(value.0)),
            invoice_count_by_period: counts_of(&totals),
            revenue_by_period: periods_of(&totals),
        },
    };
    let name = render::file_name(
        "revenue-by-client",
        &[&body.date_from, &body.date_to],
        request.format,
    );
    let labels: Vec<String> = columns.periods.iter().map(|c| c.label.clone()).collect();
    render::respond(request.format, &name, exponent, body, |_| {
        let mut header: Vec<String> = [
            "partnerId",
            "partnerName",
            "invoiceCount",
            "revenue",
            "share",
        ]
        .map(str::to_owned)
        .into();
        if has_compare {
            header.extend(["compareInvoiceCount", "compareRevenue"].map(str::to_owned));
        }
        for label in &labels {
            header.push(format!("invoiceCount[{label}]"));
            header.push(format!("revenue[{label}]"));
        }
        let cells = |first: Vec<Cell>, values: &[(i64, i64)]| {
            let mut cells = first;
            let main = values.first().copied().unwrap_or_default();
            cells.extend([Cell::Count(main.1), Cell::Money(main.0)]);
            cells.push(Cell::Percent(percent(main.0, total.0)));
            if has_compare {
                let compare = values.get(1).copied().unwrap_or_default();
                cells.extend([Cell::Count(compare.1), Cell::Money(compare.0)]);
            }
            for value in values.iter().skip(first_period) {
                cells.extend([Cell::Count(value.1), Cell::Money(value.0)]);
            }
            cells
        };
        Table {
            columns: header,
            rows: rows
                .iter()
                .map(|(key, name, values)| {
                    cells(
                        vec![
                            Cell::optional(key.map(|k| k.0)),
                            Cell::optional(name.clone()),
                        ],
                        values,
                    )
                })
                .collect(),
            total: Some(cells(vec![Cell::text("Total"), Cell::Empty], &totals)),
        }
    })
}

pub async fn revenue_by_project(
    platform: &Platform,
    ctx: &Ctx,
    query: RevenueQuery,
) -> ApiResult<Response> {
    let request = request(&query)?;
    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    let columns = columns(db, ctx.company, &query).await?;
    let mut figures: Vec<ColumnFigures<ProjectId, ProjectRevenue>> = Vec::new();
    for column in columns.all() {
        figures.push(
            books::income_and_cost_by_project(db, ctx.company, &filter(&request, column)).await?,
        );
    }
    let keys = keys_of(&figures.iter().collect::<Vec<_>>());
    let projects: Vec<ProjectId> = keys.iter().flatten().copied().collect();
    let names = arkan_projects::project_names(db, ctx.company, &projects).await?;
    let has_compare = columns.compare.is_some();
    let first_period = if has_compare { 2 } else { 1 };
    let period_count = columns.periods.len();

    let exponent = ctx.currency.exponent;
    let money = |minor: i64| format_minor(minor, exponent);
    let mut rows: Vec<Row<ProjectId, ProjectRevenue>> = keys
        .iter()
        .map(|key| {
            let name = key.and_then(|project| names.get(&project).cloned());
            let values = figures.iter().map(|column| value_of(column, key)).collect();
            (*key, name, values)
        })
        .collect();
    rows.sort_by(|a, b| {
        by_revenue(
            (
                a.2.first().map_or(0, |v| v.revenue),
                a.1.as_ref(),
                a.0.map(|p| p.0),
            ),
            (
                b.2.first().map_or(0, |v| v.revenue),
                b.1.as_ref(),
                b.0.map(|p| p.0),
            ),
        )
    });
    let totals: Vec<ProjectRevenue> = (0..figures.len())
        .map(|index| {
            rows.iter().fold(ProjectRevenue::default(), |sum, row| {
                let value = row.2.get(index).copied().unwrap_or_default();
                ProjectRevenue {
                    revenue: sum.revenue + value.revenue,
                    entries: sum.entries + value.entries,
                    cost: sum.cost + value.cost,
                }
            })
        })
        .collect();
    let total = totals.first().copied().unwrap_or_default();
    let by_period = |values: &[ProjectRevenue], pick: fn(&ProjectRevenue) -> i64| {
        (period_count > 0).then(|| {
            values[first_period..first_period + period_count]
                .iter()
                .map(|value| money(pick(value)))
                .collect::<Vec<String>>()
        })
    };
    let revenue = |value: &ProjectRevenue| value.revenue;
    let cost = |value: &ProjectRevenue| value.cost;
    let margin = |value: &ProjectRevenue| value.revenue - value.cost;
    let data = rows
        .iter()
        .map(|(key, name, values)| {
            let main = values.first().copied().unwrap_or_default();
            let compare = has_compare.then(|| values.get(1).copied().unwrap_or_default());
            ProjectRevenueRow {
                project_id: key.map(|project| project.0),
                project_name: name.clone(),
                revenue: money(main.revenue),
                share: percent(main.revenue, total.revenue),
                cost: money(main.cost),
                margin: money(margin(&main)),
                margin_percent: percent(margin(&main), main.revenue),
                invoice_count: main.entries,
                compare_revenue: compare.map(|value| money(value.revenue)),
                compare_cost: compare.map(|value| money(value.cost)),
                compare_margin: compare.map(|value| money(margin(&value))),
                compare_invoice_count: compare.map(|value| value.entries),
                revenue_by_period: by_period(values, revenue),
                cost_by_period: by_period(values, cost),
                margin_by_period: by_period(values, margin),
            }
        })
        .collect();
    let compare_total = has_compare.then(|| totals.get(1).copied().unwrap_or_default());
    let body = RevenueByProjectView {
        date_from: format_date(columns.main.from),
        date_to: format_date(columns.main.to),
        compare_from: columns
            .compare
            .as_ref()
            .map(|column| format_date(column.from)),
        compare_to: columns
            .compare
            .as_ref()
            .map(|column| format_date(column.to)),
        periods: period_views(&columns),
        currency: ctx.currency.code.to_owned(),
        data,
        totals: ProjectRevenueTotals {
            invoice_count: total.entries,
            revenue: money(total.revenue),
            cost: money(total.cost),
            margin: money(margin(&total)),
            margin_percent: percent(margin(&total), total.revenue),
            compare_revenue: compare_total.map(|value| money(value.revenue)),
            compare_cost: compare_total.map(|value| money(value.cost)),
            compare_margin: compare_total.map(|value| money(margin(&value))),
            compare_invoice_count: compare_total.map(|value| value.entries),
            revenue_by_period: by_period(&totals, revenue),
            cost_by_period: by_period(&totals, cost),
            margin_by_period: by_period(&totals, margin),
        },
    };
    let name = render::file_name(
        "revenue-by-project",
        &[&body.date_from, &body.date_to],
        request.format,
    );
    let labels: Vec<String> = columns.periods.iter().map(|c| c.label.clone()).collect();
    render::respond(request.format, &name, exponent, body, |_| {
        let mut header: Vec<String> = [
            "projectId",
            "projectName",
            "revenue",
            "share",
            "cost",
            "margin",
            "marginPercent",
            "invoiceCount",
        ]
        .map(str::to_owned)
        .into();
        if has_compare {
            header.extend(
                [
                    "compareRevenue",
                    "compareCost",
                    "compareMargin",
                    "compareInvoiceCount",
                ]
                .map(str::to_owned),
            );
        }
        for label in &labels {
            header.push(format!("revenue[{label}]"));
            header.push(format!("cost[{label}]"));
            header.push(format!("margin[{label}]"));
        }
        let cells = |first: Vec<Cell>, values: &[ProjectRevenue]| {
            let mut cells = first;
            let main = values.first().copied().unwrap_or_default();
            cells.extend([
                Cell::Money(main.revenue),
                Cell::Percent(percent(main.revenue, total.revenue)),
                Cell::Money(main.cost),
                Cell::Money(margin(&main)),
                Cell::Percent(percent(margin(&main), main.revenue)),
                Cell::Count(main.entries),
            ]);
            if has_compare {
                let compare = values.get(1).copied().unwrap_or_default();
                cells.extend([
                    Cell::Money(compare.revenue),
                    Cell::Money(compare.cost),
                    Cell::Money(margin(&compare)),
                    Cell::Count(compare.entries),
                ]);
            }
            for value in values.iter().skip(first_period) {
                cells.extend([
                    Cell::Money(value.revenue),
                    Cell::Money(value.cost),
                    Cell::Money(margin(value)),
                ]);
            }
            cells
        };
        Table {
            columns: header,
            rows: rows
                .iter()
                .map(|(key, name, values)| {
                    cells(
                        vec![
                            Cell::optional(key.map(|k| k.0)),
                            Cell::optional(name.clone()),
                        ],
                        values,
                    )
                })
                .collect(),
            total: Some(cells(vec![Cell::text("Total"), Cell::Empty], &totals)),
        }
    })
}
