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

/// One row's figures in one column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Figures {
    revenue: i64,
    entries: i64,
    cost: i64,
}

impl Figures {
    fn margin(&self) -> i64 {
        self.revenue - self.cost
    }

    fn plus(self, other: Figures) -> Figures {
        Figures {
            revenue: self.revenue + other.revenue,
            entries: self.entries + other.entries,
            cost: self.cost + other.cost,
        }
    }
}

/// A row for every key with figures in any column, sorted by the main column's revenue, and
/// the totals of each column.
fn rows_and_totals<K: Copy + PartialEq>(
    figures: &[ColumnFigures<K, Figures>],
    name_of: impl Fn(K) -> Option<String>,
    id_of: impl Fn(K) -> Uuid,
) -> (Vec<Row<K, Figures>>, Vec<Figures>) {
    let keys = keys_of(&figures.iter().collect::<Vec<_>>());
    let mut rows: Vec<Row<K, Figures>> = keys
        .iter()
        .map(|key| {
            let name = key.and_then(&name_of);
            let values = figures.iter().map(|column| value_of(column, key)).collect();
            (*key, name, values)
        })
        .collect();
    let sort_key = |row: &Row<K, Figures>| {
        (
            row.2.first().map_or(0, |value| value.revenue),
            row.1.clone(),
            row.0.map(&id_of),
        )
    };
    rows.sort_by(|a, b| {
        let (a, b) = (sort_key(a), sort_key(b));
        by_revenue((a.0, a.1.as_ref(), a.2), (b.0, b.1.as_ref(), b.2))
    });
    let totals = (0..figures.len())
        .map(|index| {
            rows.iter().fold(Figures::default(), |sum, row| {
                sum.plus(row.2.get(index).copied().unwrap_or_default())
            })
        })
        .collect();
    (rows, totals)
}

/// The figures of the periods columns, picked, when the report has periods.
fn by_period<T>(
    values: &[Figures],
    columns: &Columns,
    pick: impl Fn(&Figures) -> T,
) -> Option<Vec<T>> {
    let first = if columns.compare.is_some() { 2 } else { 1 };
    (!columns.periods.is_empty()).then(|| {
        values
            .iter()
            .skip(first)
            .take(columns.periods.len())
            .map(pick)
            .collect()
    })
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
    let mut figures: Vec<ColumnFigures<PartnerId, Figures>> = Vec::new();
    for column in columns.all() {
        let rows = books::income_by_partner(db, ctx.company, &filter(&request, column)).await?;
        figures.push(
            rows.into_iter()
                .map(|row| {
                    let figures = Figures {
                        revenue: row.revenue,
                        entries: row.entries,
                        cost: 0,
                    };
                    (row.partner_id, figures)
                })
                .collect(),
        );
    }
    let partners: Vec<PartnerId> = keys_of(&figures.iter().collect::<Vec<_>>())
        .into_iter()
        .flatten()
        .collect();
    let names = arkan_crm::partners::names(db, ctx.company, &partners).await?;
    let (rows, totals) = rows_and_totals(
        &figures,
        |partner| names.get(&partner).cloned(),
        |partner| partner.0,
    );
    let total = totals.first().copied().unwrap_or_default();
    let has_compare = columns.compare.is_some();
    let exponent = ctx.currency.exponent;
    let money = |minor: i64| format_minor(minor, exponent);
    let data = rows
        .iter()
        .map(|(key, name, values)| {
            let main = values.first().copied().unwrap_or_default();
            let compare = has_compare.then(|| values.get(1).copied().unwrap_or_default());
            ClientRevenueRow {
                partner_id: key.map(|partner| partner.0),
                partner_name: name.clone(),
                invoice_count: main.entries,
                revenue: money(main.revenue),
                share: percent(main.revenue, total.revenue),
                compare_invoice_count: compare.map(|value| value.entries),
                compare_revenue: compare.map(|value| money(value.revenue)),
                invoice_count_by_period: by_period(values, &columns, |value| value.entries),
                revenue_by_period: by_period(values, &columns, |value| money(value.revenue)),
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
            invoice_count: total.entries,
            revenue: money(total.revenue),
            compare_invoice_count: compare_total.map(|value| value.entries),
            compare_revenue: compare_total.map(|value| money(value.revenue)),
            invoice_count_by_period: by_period(&totals, &columns, |value| value.entries),
            revenue_by_period: by_period(&totals, &columns, |value| money(value.revenue)),
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
        let cells = |first: Vec<Cell>, values: &[Figures]| {
            let mut cells = first;
            let main = values.first().copied().unwrap_or_default();
            cells.extend([Cell::Count(main.entries), Cell::Money(main.revenue)]);
            cells.push(Cell::Percent(percent(main.revenue, total.revenue)));
            if has_compare {
                let compare = values.get(1).copied().unwrap_or_default();
                cells.extend([Cell::Count(compare.entries), Cell::Money(compare.revenue)]);
            }
            for value in by_period(values, &columns, |value| *value).unwrap_or_default() {
                cells.extend([Cell::Count(value.entries), Cell::Money(value.revenue)]);
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
    let mut figures: Vec<ColumnFigures<ProjectId, Figures>> = Vec::new();
    for column in columns.all() {
        let rows =
            books::income_and_cost_by_project(db, ctx.company, &filter(&request, column)).await?;
        figures.push(
            rows.into_iter()
                .map(|(project, row): (Option<ProjectId>, ProjectRevenue)| {
                    let figures = Figures {
                        revenue: row.revenue,
                        entries: row.entries,
                        cost: row.cost,
                    };
                    (project, figures)
                })
                .collect(),
        );
    }
    let projects: Vec<ProjectId> = keys_of(&figures.iter().collect::<Vec<_>>())
        .into_iter()
        .flatten()
        .collect();
    let names = arkan_projects::project_names(db, ctx.company, &projects).await?;
    let (rows, totals) = rows_and_totals(
        &figures,
        |project| names.get(&project).cloned(),
        |project| project.0,
    );
    let total = totals.first().copied().unwrap_or_default();
    let has_compare = columns.compare.is_some();
    let exponent = ctx.currency.exponent;
    let money = |minor: i64| format_minor(minor, exponent);
    let margin = |value: &Figures| value.margin();
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
                revenue_by_period: by_period(values, &columns, |value| money(value.revenue)),
                cost_by_period: by_period(values, &columns, |value| money(value.cost)),
                margin_by_period: by_period(values, &columns, |value| money(value.margin())),
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
            revenue_by_period: by_period(&totals, &columns, |value| money(value.revenue)),
            cost_by_period: by_period(&totals, &columns, |value| money(value.cost)),
            margin_by_period: by_period(&totals, &columns, |value| money(value.margin())),
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
        let cells = |first: Vec<Cell>, values: &[Figures]| {
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
            for value in &by_period(values, &columns, |value| *value).unwrap_or_default() {
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
