//! The inventory reports beside the valuation: turnover, ABC classification, aging, dead stock
//! and the demand forecast. Each reads the valuation layers through the store, the products
//! through the catalog's facade, and answers JSON or the file `format` asks for.
//!
//! The rules they share:
//! - What went **out to customers** (the cost of goods sold, the consumption, the demand) is the
//!   `out` valuation layers of done moves whose destination is a customer location: their
//!   quantity and value (FIFO, average or standard cost, as the move was valued). Customer
//!   returns, scrap, inventory losses and the corrections of negative stock are not in it.
//! - With `warehouse_id`, the stock on hand is the warehouse's quantity at the product's unit
//!   cost (as in the valuation report) and what went out is what left that warehouse.
//! - Ratios (`turnover`, `daysOfInventory`) and percentages are rounded half away from zero to 2
//!   decimals and trimmed; money to the currency's minor unit; quantities to the unit's
//!   decimals.

use std::collections::{BTreeMap, HashMap};

use arkan_catalog::products::ProductFacts;
use arkan_catalog::quantities::format as format_quantity;
use arkan_kernel::{CompanyId, format_minor};
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::fields::format_date;
use arkan_platform::report::{self, Cell, Format, Table, percent};
use arkan_platform::{Ctx, Platform};
use axum::response::Response;
use chrono::{Datelike, Months, NaiveDate};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::valuation_report::{StockFilter, as_of_param, span_params, total_row, warehouse_share};
use crate::api::*;
use crate::store::{self, Outgoing};

/// A report's period: `date_from`/`date_to`, by default from the 1st of January of `date_to`'s
/// year to today (400 when it runs backwards).
fn period(from: Option<&str>, to: Option<&str>) -> ApiResult<(NaiveDate, NaiveDate)> {
    let (from, to) = span_params(from, to)?;
    let to = to.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let from = match from {
        Some(from) => from,
        None => NaiveDate::from_ymd_opt(to.year(), 1, 1).unwrap_or(to),
    };
    if from > to {
        return Err(ApiError::invalid_field(
            "date_from",
            "must not be after date_to",
        ));
    }
    Ok((from, to))
}

/// A whole number parameter within `range` (`default` when absent).
fn whole_param(
    field: &str,
    text: Option<&str>,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
) -> ApiResult<i64> {
    let Some(text) = text.filter(|text| !text.is_empty()) else {
        return Ok(default);
    };
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|value| range.contains(value))
        .ok_or_else(|| {
            ApiError::invalid_field(
                field,
                format!(
                    "must be a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            )
        })
}

/// A weight in (0, 1] (`default` when absent).
fn weight_param(field: &str, text: Option<&str>, default: f64) -> ApiResult<f64> {
    let Some(text) = text.filter(|text| !text.is_empty()) else {
        return Ok(default);
    };
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|value| *value > 0.0 && *value <= 1.0)
        .ok_or_else(|| ApiError::invalid_field(field, "must be a number more than 0 and at most 1"))
}

/// A percentage with at most 2 decimals, in hundredths (`default` when absent).
fn percent_param(field: &str, text: Option<&str>, default: i64) -> ApiResult<i64> {
    let Some(text) = text.filter(|text| !text.is_empty()) else {
        return Ok(default);
    };
    let invalid = || ApiError::invalid_field(field, "must be a number with at most 2 decimals");
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty()
        || whole.len() > 6
        || fraction.len() > 2
        || !whole.bytes().all(|byte| byte.is_ascii_digit())
        || !fraction.bytes().all(|byte| byte.is_ascii_digit())
    {
        return Err(invalid());
    }
    let whole: i64 = whole.parse().map_err(|_| invalid())?;
    let fraction: i64 = format!("{fraction:0<2}").parse().map_err(|_| invalid())?;
    Ok(whole * 100 + fraction)
}

/// Hundredths as text, trimmed (`"3.5"`, `"12"`, `"0.25"`).
fn hundredths_text(hundredths: i128) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let magnitude = hundredths.abs();
    let (whole, fraction) = (magnitude / 100, magnitude % 100);
    if fraction == 0 {
        format!("{sign}{whole}")
    } else if fraction % 10 == 0 {
        format!("{sign}{whole}.{}", fraction / 10)
    } else {
        format!("{sign}{whole}.{fraction:02}")
    }
}

/// `numerator / denominator` in hundredths, rounded half away from zero; None when the
/// denominator is 0.
fn ratio_hundredths(numerator: i128, denominator: i128) -> Option<i128> {
    if denominator == 0 {
        return None;
    }
    let scaled = numerator * 100;
    Some(divide_rounded(scaled, denominator))
}

/// `numerator / denominator` rounded half away from zero (the denominator not 0).
fn divide_rounded(numerator: i128, denominator: i128) -> i128 {
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    if remainder.abs() * 2 >= denominator.abs() {
        if (numerator < 0) == (denominator < 0) {
            quotient + 1
        } else {
            quotient - 1
        }
    } else {
        quotient
    }
}

/// The storable products the filters keep, by name.
async fn kept_products(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &StockFilter,
) -> ApiResult<Vec<ProductFacts>> {
    let mut products: Vec<ProductFacts> = arkan_catalog::products::storable(db, company)
        .await?
        .into_iter()
        .filter(|product| filter.keeps(product))
        .collect();
    products.sort_by(|a, b| (&a.name, a.id.0).cmp(&(&b.name, b.id.0)));
    Ok(products)
}

/// Each product's quantity and value on hand at the end of `date` (the warehouse's quantity at
/// the product's unit cost when the filter names one).
async fn stock_at(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    filter: &StockFilter,
    date: NaiveDate,
) -> ApiResult<HashMap<Uuid, (i64, i64)>> {
    let valuations = store::valuations_at(db, ctx.company, date, filter.product).await?;
    let Some(warehouse) = filter.warehouse else {
        return Ok(valuations
            .into_iter()
            .map(|(product, valuation)| (product, (valuation.quantity, valuation.value)))
            .collect());
    };
    let quantities =
        store::warehouse_quantities_at(db, ctx.company, warehouse, date, filter.product).await?;
    Ok(quantities
        .into_iter()
        .map(|(product, quantity)| {
            let valuation = valuations.get(&product).copied().unwrap_or_default();
            (
                product,
                (
                    quantity,
                    warehouse_share(valuation, quantity, ctx.currency.exponent),
                ),
            )
        })
        .collect())
}

/// Each product's quantity and value sent to customers within the period (positive).
async fn sold(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &StockFilter,
    (from, to): (NaiveDate, NaiveDate),
) -> ApiResult<HashMap<Uuid, (i64, i64)>> {
    let days = store::outgoing_days(
        db,
        company,
        Outgoing::ToCustomers,
        (Some(from), Some(to)),
        filter.warehouse,
        filter.product,
    )
    .await?;
    let mut sums: HashMap<Uuid, (i64, i64)> = HashMap::new();
    for day in days {
        let sum = sums.entry(day.product_id).or_default();
        sum.0 -= day.quantity;
        sum.1 -= day.value;
    }
    Ok(sums)
}

// ---------------------------------------------------------------------------------------------
// Turnover

/// The turnover figures of sums (minor units) over a period of `days` days.
///
/// `averageValue` = (opening + closing) / 2 rounded half away from zero to the minor unit;
/// `turnover` = cogs / the unrounded average, rounded half away from zero to 2 decimals and
/// trimmed, null when the average is 0; `daysOfInventory` = days / the unrounded turnover
/// (= days × average / cogs), rounded the same way, null when the turnover is null or rounds
/// to 0.
fn turnover_figures(
    cogs: i64,
    opening: i64,
    closing: i64,
    days: i64,
    exponent: u8,
) -> TurnoverFigures {
    let money = |minor: i64| format_minor(minor, exponent);
    let sum = i128::from(opening) + i128::from(closing);
    let average = i64::try_from(divide_rounded(sum, 2)).unwrap_or(i64::MAX);
    let turnover = ratio_hundredths(2 * i128::from(cogs), sum);
    let days_of_inventory = match turnover {
        Some(turnover) if turnover != 0 => {
            ratio_hundredths(i128::from(days) * sum, 2 * i128::from(cogs))
        }
        _ => None,
    };
    TurnoverFigures {
        cogs: money(cogs),
        opening_value: money(opening),
        closing_value: money(closing),
        average_value: money(average),
        turnover: turnover.map(hundredths_text),
        days_of_inventory: days_of_inventory.map(hundredths_text),
    }
}

/// A turnover row's product or category (null: without one) and name.
type Group = (Option<Uuid>, String);

/// A turnover row's cogs, opening and closing value.
type Sums = (i64, i64, i64);

pub async fn turnover_report(
    platform: &Platform,
    ctx: &Ctx,
    query: TurnoverQuery,
) -> ApiResult<Response> {
    let format = Format::parse(query.format.as_deref())?;
    let (from, to) = period(query.date_from.as_deref(), query.date_to.as_deref())?;
    let by_category = match query.group_by.as_deref() {
        None | Some("") | Some("product") => false,
        Some("category") => true,
        Some(_) => {
            return Err(ApiError::invalid_field(
                "group_by",
                "must be one of: product, category",
            ));
        }
    };
    let snapshot = platform.db.snapshot().await?;
    let company = ctx.company;
    let filter = StockFilter::parse(
        &snapshot,
        company,
        query.warehouse_id.as_deref(),
        query.category_id.as_deref(),
        query.product_id.as_deref(),
    )
    .await?;
    let products = kept_products(&snapshot, company, &filter).await?;
    let opening = stock_at(&snapshot, ctx, &filter, from.pred_opt().unwrap_or(from)).await?;
    let closing = stock_at(&snapshot, ctx, &filter, to).await?;
    let sold = sold(&snapshot, company, &filter, (from, to)).await?;
    let days = (to - from).num_days() + 1;
    let exponent = ctx.currency.exponent;
    let mut sums: Vec<(Group, Sums)> = Vec::new();
    for product in &products {
        let id = product.id.0;
        let figures = (
            sold.get(&id).map_or(0, |sum| sum.1),
            opening.get(&id).map_or(0, |stock| stock.1),
            closing.get(&id).map_or(0, |stock| stock.1),
        );
        if figures != (0, 0, 0) {
            sums.push(((Some(id), product.name.clone()), figures));
        }
    }
    if by_category {
        let names = arkan_catalog::categories::full_names(&snapshot, company).await?;
        let category_of: HashMap<Uuid, Option<Uuid>> = products
            .iter()
            .map(|product| (product.id.0, product.category_id.map(|id| id.0)))
            .collect();
        let mut groups: BTreeMap<(String, Option<Uuid>), (i64, i64, i64)> = BTreeMap::new();
        for ((product, _), figures) in sums {
            let category = product.and_then(|id| category_of.get(&id).copied().flatten());
            let name = category
                .and_then(|id| names.get(&arkan_kernel::ProductCategoryId(id)).cloned())
                .unwrap_or_else(|| "Uncategorized".to_owned());
            let group = groups.entry((name, category)).or_default();
            group.0 += figures.0;
            group.1 += figures.1;
            group.2 += figures.2;
        }
        sums = groups
            .into_iter()
            .map(|((name, category), figures)| ((category, name), figures))
            .collect();
    }
    let total = sums.iter().fold((0, 0, 0), |total, (_, figures)| {
        (
            total.0 + figures.0,
            total.1 + figures.1,
            total.2 + figures.2,
        )
    });
    let report = TurnoverReport {
        date_from: format_date(from),
        date_to: format_date(to),
        currency: ctx.currency.code.to_string(),
        group_by: if by_category { "category" } else { "product" }.to_owned(),
        totals: turnover_figures(total.0, total.1, total.2, days, exponent),
        data: sums
            .into_iter()
            .map(|((id, name), (cogs, opening, closing))| TurnoverRow {
                product_id: if by_category { None } else { id },
                category_id: by_category.then_some(id),
                name,
                figures: turnover_figures(cogs, opening, closing, days, exponent),
            })
            .collect(),
    };
    let name = report::file_name(
        "inventory-turnover",
        &[&report.date_from, &report.date_to],
        format,
    );
    report::respond(format, &name, exponent, report, |report| {
        let figures = |figures: &TurnoverFigures| {
            vec![
                Cell::text(&figures.cogs),
                Cell::text(&figures.opening_value),
                Cell::text(&figures.closing_value),
                Cell::text(&figures.average_value),
                Cell::optional(figures.turnover.as_ref()),
                Cell::optional(figures.days_of_inventory.as_ref()),
            ]
        };
        let id_column = if report.group_by == "category" {
            "categoryId"
        } else {
            "productId"
        };
        let mut total = total_row(2, &[]);
        total.extend(figures(&report.totals));
        Table {
            columns: [
                id_column,
                "name",
                "cogs",
                "openingValue",
                "closingValue",
                "averageValue",
                "turnover",
                "daysOfInventory",
            ]
            .map(String::from)
            .to_vec(),
            rows: report
                .data
                .iter()
                .map(|row| {
                    let mut cells = vec![
                        Cell::optional(row.product_id.or(row.category_id.flatten())),
                        Cell::text(&row.name),
                    ];
                    cells.extend(figures(&row.figures));
                    cells
                })
                .collect(),
            total: Some(total),
        }
    })
}

// ---------------------------------------------------------------------------------------------
// ABC

/// ABC classification by the value sent to customers in the period, highest first.
///
/// A product is class A while the products before it hold less than `a` percent of the total
/// consumption value (so the product that crosses `a` is still A, and the first one always
/// is), B while they hold less than `b` percent, else C; a product nothing (of any value) went
/// out of is C. `cumulativeShare` includes the product itself.
pub async fn abc_report(platform: &Platform, ctx: &Ctx, query: AbcQuery) -> ApiResult<Response> {
    let format = Format::parse(query.format.as_deref())?;
    let (from, to) = period(query.date_from.as_deref(), query.date_to.as_deref())?;
    let a = percent_param("a", query.a.as_deref(), 8_000)?;
    let b = percent_param("b", query.b.as_deref(), 9_500)?;
    if a <= 0 || a >= 10_000 {
        return Err(ApiError::invalid_field(
            "a",
            "must be more than 0 and less than 100",
        ));
    }
    if b <= a {
        return Err(ApiError::invalid_field("b", "must be more than a"));
    }
    if b > 10_000 {
        return Err(ApiError::invalid_field("b", "must be at most 100"));
    }
    let snapshot = platform.db.snapshot().await?;
    let company = ctx.company;
    let filter = StockFilter::parse(
        &snapshot,
        company,
        query.warehouse_id.as_deref(),
        query.category_id.as_deref(),
        query.product_id.as_deref(),
    )
    .await?;
    let products = kept_products(&snapshot, company, &filter).await?;
    let sold = sold(&snapshot, company, &filter, (from, to)).await?;
    let mut rows: Vec<(ProductFacts, (i64, i64))> = products
        .into_iter()
        .map(|product| {
            let sum = sold.get(&product.id.0).copied().unwrap_or_default();
            (product, sum)
        })
        .collect();
    // Highest value first; the same value by name (the products are by name already).
    rows.sort_by_key(|row| std::cmp::Reverse(row.1.1));
    let total: i64 = rows.iter().map(|(_, sum)| sum.1).sum();
    let exponent = ctx.currency.exponent;
    let money = |minor: i64| format_minor(minor, exponent);
    let mut before = 0_i64;
    let mut classes: BTreeMap<&'static str, (i64, i64)> =
        [("A", (0, 0)), ("B", (0, 0)), ("C", (0, 0))].into();
    let mut data = Vec::with_capacity(rows.len());
    for (product, (quantity, value)) in rows {
        let reached = |threshold: i64| {
            i128::from(before) * 10_000 < i128::from(threshold) * i128::from(total)
        };
        let class = if value <= 0 || total <= 0 {
            "C"
        } else if reached(a) {
            "A"
        } else if reached(b) {
            "B"
        } else {
            "C"
        };
        before += value;
        let summary = classes.entry(class).or_default();
        summary.0 += 1;
        summary.1 += value;
        data.push(AbcRow {
            product_id: product.id.0,
            sku: product.sku,
            name: product.name,
            quantity: format_quantity(quantity, product.uom.decimals),
            value: money(value),
            share: percent(value, total),
            cumulative_share: percent(before, total),
            class: class.to_owned(),
        });
    }
    let report = AbcReport {
        date_from: format_date(from),
        date_to: format_date(to),
        currency: ctx.currency.code.to_string(),
        thresholds: AbcThresholds {
            a: hundredths_text(i128::from(a)),
            b: hundredths_text(i128::from(b)),
        },
        totals: AbcTotals {
            product_count: i64::try_from(data.len()).unwrap_or(i64::MAX),
            value: money(total),
        },
        data,
        summary: classes
            .into_iter()
            .map(|(class, (count, value))| AbcClassSummary {
                class: class.to_owned(),
                product_count: count,
                value: money(value),
                share: percent(value, total),
            })
            .collect(),
    };
    let name = report::file_name(
        "inventory-abc",
        &[&report.date_from, &report.date_to],
        format,
    );
    report::respond(format, &name, exponent, report, |report| Table {
        columns: [
            "productId",
            "sku",
            "name",
            "quantity",
            "value",
            "share",
            "cumulativeShare",
            "class",
        ]
        .map(String::from)
        .to_vec(),
        rows: report
            .data
            .iter()
            .map(|row| {
                vec![
                    Cell::text(row.product_id.to_string()),
                    Cell::optional(row.sku.as_ref()),
                    Cell::text(&row.name),
                    Cell::text(&row.quantity),
                    Cell::text(&row.value),
                    Cell::Percent(row.share.clone()),
                    Cell::Percent(row.cumulative_share.clone()),
                    Cell::text(&row.class),
                ]
            })
            .collect(),
        total: Some(total_row(8, &[(4, &report.totals.value)])),
    })
}

// ---------------------------------------------------------------------------------------------
// Aging

/// The age buckets' upper ends in days (the last is open).
const BUCKETS: [i64; 4] = [30, 60, 90, 180];

/// Inventory aging as of a date.
///
/// The quantity on hand at the end of `as_of` is attributed to the product's receipt layers
/// (any `in` layer: vendor receipts, adjustments, returns) newest first, as FIFO leaves it,
/// each part bucketed by its receipt's age in days at `as_of` (0-30, 31-60, 61-90, 91-180,
/// over 180); a quantity no receipt explains counts as over 180. The buckets hold quantities
/// in the product's unit; `value` is the whole stock's. With `warehouse_id` the warehouse's
/// quantity is attributed to the company's receipts.
pub async fn aging_report(
    platform: &Platform,
    ctx: &Ctx,
    query: AgingQuery,
) -> ApiResult<Response> {
    let format = Format::parse(query.format.as_deref())?;
    let as_of = as_of_param(query.as_of.as_deref())?;
    let snapshot = platform.db.snapshot().await?;
    let company = ctx.company;
    let filter = StockFilter::parse(
        &snapshot,
        company,
        query.warehouse_id.as_deref(),
        query.category_id.as_deref(),
        query.product_id.as_deref(),
    )
    .await?;
    let products = kept_products(&snapshot, company, &filter).await?;
    let stock = stock_at(&snapshot, ctx, &filter, as_of).await?;
    let mut receipts: HashMap<Uuid, Vec<(NaiveDate, i64)>> = HashMap::new();
    for day in store::receipt_days(&snapshot, company, as_of, filter.product).await? {
        receipts
            .entry(day.product_id)
            .or_default()
            .push((day.date, day.quantity));
    }
    let exponent = ctx.currency.exponent;
    let money = |minor: i64| format_minor(minor, exponent);
    let mut total = 0;
    let mut data = Vec::new();
    for product in products {
        let (quantity, value) = stock.get(&product.id.0).copied().unwrap_or_default();
        if quantity == 0 && value == 0 {
            continue;
        }
        total += value;
        let mut buckets = [0_i64; 5];
        let mut oldest = None;
        let mut left = quantity.max(0);
        for (date, received) in receipts.get(&product.id.0).into_iter().flatten().rev() {
            if left == 0 {
                break;
            }
            let taken = left.min(*received);
            let age = (as_of - *date).num_days();
            let bucket = BUCKETS
                .iter()
                .position(|end| age <= *end)
                .unwrap_or(BUCKETS.len());
            buckets[bucket] += taken;
            oldest = Some(*date);
            left -= taken;
        }
        buckets[BUCKETS.len()] += left;
        let decimals = product.uom.decimals;
        let quantity_text = |quantity: i64| format_quantity(quantity, decimals);
        data.push(AgingRow {
            product_id: product.id.0,
            sku: product.sku,
            name: product.name,
            uom: product.uom.code,
            quantity: quantity_text(quantity),
            value: money(value),
            days_0_to_30: quantity_text(buckets[0]),
            days_31_to_60: quantity_text(buckets[1]),
            days_61_to_90: quantity_text(buckets[2]),
            days_91_to_180: quantity_text(buckets[3]),
            days_180_plus: quantity_text(buckets[4]),
            oldest_receipt_date: oldest.map(format_date),
        });
    }
    let report = AgingReport {
        as_of: format_date(as_of),
        currency: ctx.currency.code.to_string(),
        data,
        totals: AgingTotals {
            value: money(total),
        },
    };
    let name = report::file_name("inventory-aging", &[&report.as_of], format);
    report::respond(format, &name, exponent, report, |report| Table {
        columns: [
            "productId",
            "sku",
            "name",
            "uom",
            "quantity",
            "value",
            "days0To30",
            "days31To60",
            "days61To90",
            "days91To180",
            "days180Plus",
            "oldestReceiptDate",
        ]
        .map(String::from)
        .to_vec(),
        rows: report
            .data
            .iter()
            .map(|row| {
                vec![
                    Cell::text(row.product_id.to_string()),
                    Cell::optional(row.sku.as_ref()),
                    Cell::text(&row.name),
                    Cell::text(&row.uom),
                    Cell::text(&row.quantity),
                    Cell::text(&row.value),
                    Cell::text(&row.days_0_to_30),
                    Cell::text(&row.days_31_to_60),
                    Cell::text(&row.days_61_to_90),
                    Cell::text(&row.days_91_to_180),
                    Cell::text(&row.days_180_plus),
                    Cell::optional(row.oldest_receipt_date.as_ref()),
                ]
            })
            .collect(),
        total: Some(total_row(12, &[(5, &report.totals.value)])),
    })
}

// ---------------------------------------------------------------------------------------------
// Dead stock

/// Dead stock as of a date.
///
/// The products with a quantity on hand at the end of `as_of` (in the warehouse, when
/// filtered) and no outgoing move in the `days` days up to it: outgoing is any done move that
/// took stock out of the company's locations (to customers, vendors, scrap, losses; out of the
/// warehouse when filtered), and a product is dead when it never had one up to `as_of` or its
/// last was `days` or more days before `as_of` (`daysSinceLastOutgoing >= days`).
pub async fn dead_stock_report(
    platform: &Platform,
    ctx: &Ctx,
    query: DeadStockQuery,
) -> ApiResult<Response> {
    let format = Format::parse(query.format.as_deref())?;
    let as_of = as_of_param(query.as_of.as_deref())?;
    let days = whole_param("days", query.days.as_deref(), 90, 1..=3650)?;
    let snapshot = platform.db.snapshot().await?;
    let company = ctx.company;
    let filter = StockFilter::parse(
        &snapshot,
        company,
        query.warehouse_id.as_deref(),
        query.category_id.as_deref(),
        query.product_id.as_deref(),
    )
    .await?;
    let products = kept_products(&snapshot, company, &filter).await?;
    let stock = stock_at(&snapshot, ctx, &filter, as_of).await?;
    let mut last_out: HashMap<Uuid, NaiveDate> = HashMap::new();
    for day in store::outgoing_days(
        &snapshot,
        company,
        Outgoing::AnyMove,
        (None, Some(as_of)),
        filter.warehouse,
        filter.product,
    )
    .await?
    {
        let last = last_out.entry(day.product_id).or_insert(day.date);
        *last = (*last).max(day.date);
    }
    let exponent = ctx.currency.exponent;
    let money = |minor: i64| format_minor(minor, exponent);
    let mut total = 0;
    let mut data = Vec::new();
    for product in products {
        let (quantity, value) = stock.get(&product.id.0).copied().unwrap_or_default();
        if quantity <= 0 {
            continue;
        }
        let last = last_out.get(&product.id.0).copied();
        let since = last.map(|last| (as_of - last).num_days());
        if since.is_some_and(|since| since < days) {
            continue;
        }
        total += value;
        data.push(DeadStockRow {
            product_id: product.id.0,
            sku: product.sku,
            name: product.name,
            quantity: format_quantity(quantity, product.uom.decimals),
            uom: product.uom.code,
            value: money(value),
            last_outgoing_date: last.map(format_date),
            days_since_last_outgoing: since,
        });
    }
    let report = DeadStockReport {
        as_of: format_date(as_of),
        days,
        currency: ctx.currency.code.to_string(),
        totals: DeadStockTotals {
            product_count: i64::try_from(data.len()).unwrap_or(i64::MAX),
            value: money(total),
        },
        data,
    };
    let name = report::file_name("inventory-dead-stock", &[&report.as_of], format);
    report::respond(format, &name, exponent, report, |report| Table {
        columns: [
            "productId",
            "sku",
            "name",
            "uom",
            "quantity",
            "value",
            "lastOutgoingDate",
            "daysSinceLastOutgoing",
        ]
        .map(String::from)
        .to_vec(),
        rows: report
            .data
            .iter()
            .map(|row| {
                vec![
                    Cell::text(row.product_id.to_string()),
                    Cell::optional(row.sku.as_ref()),
                    Cell::text(&row.name),
                    Cell::text(&row.uom),
                    Cell::text(&row.quantity),
                    Cell::text(&row.value),
                    Cell::optional(row.last_outgoing_date.as_ref()),
                    row.days_since_last_outgoing
                        .map_or(Cell::Empty, Cell::Count),
                ]
            })
            .collect(),
        total: Some(total_row(8, &[(5, &report.totals.value)])),
    })
}

// ---------------------------------------------------------------------------------------------
// Forecast

/// How the demand is forecast.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Method {
    /// The mean of the last `window` months, for every month ahead.
    MovingAverage { window: usize },
    /// Holt's linear trend: level `l` and trend `t` start at the first month and the change to
    /// the second (0 with one month); each month after, `l' = α·y + (1-α)(l + t)` and
    /// `t' = β(l' - l) + (1-β)t`; month `h` ahead is `l + h·t`.
    ExponentialSmoothing { alpha: f64, beta: f64 },
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::MovingAverage { .. } => "moving_average",
            Method::ExponentialSmoothing { .. } => "exponential_smoothing",
        }
    }

    /// The `horizon` months after `history` (quantities), never negative.
    fn forecast(self, history: &[i64], horizon: usize) -> Vec<f64> {
        let values: Vec<f64> = history.iter().map(|quantity| *quantity as f64).collect();
        let ahead: Vec<f64> = match self {
            Method::MovingAverage { window } => {
                let last = &values[values.len().saturating_sub(window)..];
                let mean = if last.is_empty() {
                    0.0
                } else {
                    last.iter().sum::<f64>() / last.len() as f64
                };
                vec![mean; horizon]
            }
            Method::ExponentialSmoothing { alpha, beta } => {
                let mut level = values.first().copied().unwrap_or(0.0);
                let mut trend = match values.as_slice() {
                    [first, second, ..] => second - first,
                    _ => 0.0,
                };
                for value in values.iter().skip(1) {
                    let previous = level;
                    level = alpha * value + (1.0 - alpha) * (level + trend);
                    trend = beta * (level - previous) + (1.0 - beta) * trend;
                }
                (1..=horizon)
                    .map(|step| level + step as f64 * trend)
                    .collect()
            }
        };
        ahead.into_iter().map(|value| value.max(0.0)).collect()
    }
}

/// A forecast quantity (ten-thousandths) rounded half away from zero to the unit's decimals.
fn to_unit(quantity: f64, decimals: u8) -> i64 {
    let step = 10_f64.powi(4 - i32::from(decimals.min(4)));
    ((quantity / step).round() * step) as i64
}

/// `2026-03`.
fn month_text(month: NaiveDate) -> String {
    format!("{:04}-{:02}", month.year(), month.month())
}

/// Months since year 0 (to index a date's month).
fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// Demand forecast.
///
/// History: what went out to customers in each of the `history_months` full months before the
/// current month (UTC), empty months as 0. Forecast: the `horizon_months` from the current
/// month on, by the method, each rounded half away from zero to the unit's decimals and never
/// negative. `available` (on hand less reserved) and `incoming` (open moves into the company's
/// locations) are now; `suggestedOrderQuantity` = max(0, sum of the forecast − available −
/// incoming).
pub async fn forecast_report(
    platform: &Platform,
    ctx: &Ctx,
    query: ForecastQuery,
) -> ApiResult<Response> {
    let format = Format::parse(query.format.as_deref())?;
    let history_months = whole_param(
        "history_months",
        query.history_months.as_deref(),
        12,
        1..=60,
    )?;
    let horizon_months = whole_param("horizon_months", query.horizon_months.as_deref(), 3, 1..=24)?;
    let window = whole_param(
        "window",
        query.window.as_deref(),
        history_months.min(3),
        1..=history_months,
    )?;
    let alpha = weight_param("alpha", query.alpha.as_deref(), 0.3)?;
    let beta = weight_param("beta", query.beta.as_deref(), 0.1)?;
    let method = match query.method.as_deref() {
        None | Some("") | Some("moving_average") => Method::MovingAverage {
            window: usize::try_from(window).unwrap_or(1),
        },
        Some("exponential_smoothing") => Method::ExponentialSmoothing { alpha, beta },
        Some(_) => {
            return Err(ApiError::invalid_field(
                "method",
                "must be one of: moving_average, exponential_smoothing",
            ));
        }
    };
    let today = chrono::Utc::now().date_naive();
    let current = today.with_day(1).unwrap_or(today);
    let months = |count: i64| Months::new(u32::try_from(count).unwrap_or(0));
    let first = current
        .checked_sub_months(months(history_months))
        .ok_or_else(|| ApiError::invalid_field("history_months", "reaches too far back"))?;
    let end = current
        .checked_add_months(months(horizon_months))
        .and_then(|end| end.pred_opt())
        .ok_or_else(|| ApiError::invalid_field("horizon_months", "reaches too far ahead"))?;
    let history_dates: Vec<NaiveDate> = (0..history_months)
        .filter_map(|step| first.checked_add_months(months(step)))
        .collect();
    let forecast_dates: Vec<NaiveDate> = (0..horizon_months)
        .filter_map(|step| current.checked_add_months(months(step)))
        .collect();

    let snapshot = platform.db.snapshot().await?;
    let company = ctx.company;
    let filter = StockFilter::parse(
        &snapshot,
        company,
        query.warehouse_id.as_deref(),
        query.category_id.as_deref(),
        query.product_id.as_deref(),
    )
    .await?;
    let products = kept_products(&snapshot, company, &filter).await?;
    let mut history: HashMap<Uuid, Vec<i64>> = HashMap::new();
    let span = (Some(first), current.pred_opt());
    for day in store::outgoing_days(
        &snapshot,
        company,
        Outgoing::ToCustomers,
        span,
        filter.warehouse,
        filter.product,
    )
    .await?
    {
        let slot = usize::try_from(month_index(day.date) - month_index(first)).ok();
        let months = history
            .entry(day.product_id)
            .or_insert_with(|| vec![0; history_dates.len()]);
        if let Some(quantity) = slot.and_then(|slot| months.get_mut(slot)) {
            *quantity -= day.quantity;
        }
    }
    let ids: Vec<Uuid> = products.iter().map(|product| product.id.0).collect();
    let levels = store::totals(&snapshot, company, &ids, filter.warehouse).await?;
    let data = products
        .into_iter()
        .map(|product| {
            let decimals = product.uom.decimals;
            let quantity = |quantity: i64| format_quantity(quantity, decimals);
            let past = history
                .remove(&product.id.0)
                .unwrap_or_else(|| vec![0; history_dates.len()]);
            let ahead: Vec<i64> = method
                .forecast(&past, forecast_dates.len())
                .into_iter()
                .map(|value| to_unit(value, decimals))
                .collect();
            let level = levels.get(&product.id.0).copied().unwrap_or_default();
            let available = level.on_hand - level.reserved;
            let suggested = (ahead.iter().sum::<i64>() - available - level.incoming).max(0);
            let by_month = |dates: &[NaiveDate], values: &[i64]| {
                dates
                    .iter()
                    .zip(values)
                    .map(|(month, value)| MonthQuantity {
                        month: month_text(*month),
                        quantity: quantity(*value),
                    })
                    .collect()
            };
            ForecastRow {
                product_id: product.id.0,
                history: by_month(&history_dates, &past),
                forecast: by_month(&forecast_dates, &ahead),
                available: quantity(available),
                incoming: quantity(level.incoming),
                suggested_order_quantity: quantity(suggested),
                sku: product.sku,
                name: product.name,
                uom: product.uom.code,
            }
        })
        .collect();
    let report = ForecastReport {
        date_from: format_date(first),
        date_to: format_date(end),
        currency: ctx.currency.code.to_string(),
        method: method.as_str().to_owned(),
        data,
    };
    let name = report::file_name(
        "inventory-forecast",
        &[&report.date_from, &report.date_to],
        format,
    );
    let exponent = ctx.currency.exponent;
    report::respond(format, &name, exponent, report, |report| {
        let mut columns: Vec<String> = ["productId", "sku", "name", "uom"]
            .map(String::from)
            .to_vec();
        columns.extend(
            history_dates
                .iter()
                .map(|month| format!("history {}", month_text(*month))),
        );
        columns.extend(
            forecast_dates
                .iter()
                .map(|month| format!("forecast {}", month_text(*month))),
        );
        columns.extend(["available", "incoming", "suggestedOrderQuantity"].map(String::from));
        let width = columns.len();
        Table {
            columns,
            rows: report
                .data
                .iter()
                .map(|row| {
                    let mut cells = vec![
                        Cell::text(row.product_id.to_string()),
                        Cell::optional(row.sku.as_ref()),
                        Cell::text(&row.name),
                        Cell::text(&row.uom),
                    ];
                    cells.extend(
                        row.history
                            .iter()
                            .chain(&row.forecast)
                            .map(|month| Cell::text(&month.quantity)),
                    );
                    cells.push(Cell::text(&row.available));
                    cells.push(Cell::text(&row.incoming));
                    cells.push(Cell::text(&row.suggested_order_quantity));
                    cells
                })
                .collect(),
            total: Some(total_row(width, &[])),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holt_follows_a_straight_line() {
        let method = Method::ExponentialSmoothing {
            alpha: 0.5,
            beta: 0.5,
        };
        assert_eq!(method.forecast(&[10, 20, 30], 3), vec![40.0, 50.0, 60.0]);
        assert_eq!(method.forecast(&[30, 20, 10], 3), vec![0.0, 0.0, 0.0]);
    }

    #[test]
    fn ratios_round_half_away_from_zero() {
        assert_eq!(
            ratio_hundredths(1, 3).map(hundredths_text),
            Some("0.33".into())
        );
        assert_eq!(
            ratio_hundredths(5, 2).map(hundredths_text),
            Some("2.5".into())
        );
        assert_eq!(ratio_hundredths(1, 0), None);
        assert_eq!(percent_param("a", Some("80.5"), 0).ok(), Some(8_050));
        assert!(percent_param("a", Some("8.005"), 0).is_err());
        assert_eq!(to_unit(12_345.0, 0), 10_000);
        assert_eq!(to_unit(15_000.0, 0), 20_000);
    }
}
