//! The valuation report (what the stock on hand is worth as of a date, by product or by
//! category, beside the stock valuation accounts' balance) and the standard cost variances.

use std::collections::{BTreeMap, HashMap, HashSet};

use arkan_catalog::products::{ProductFacts, StockProduct};
use arkan_kernel::money::Written;
use arkan_kernel::time::now_micros;
use arkan_kernel::{CompanyId, ProductCategoryId, format_minor};
use arkan_platform::db::Beside;
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::fields::{self, format_date};
use arkan_platform::report::{self, Cell, Format, Table, percent};
use arkan_platform::{Ctx, Platform};
use axum::response::Response;
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::filter_id;
use super::moves::{format_cost, written_cost};
use crate::api::*;
use crate::domain::{month_end_for, unit_cost_of, value_of};
use crate::store::{self, Valuation};
use arkan_catalog::quantities::{self, format as format_quantity};

/// The filters every stock report shares, checked against the company.
pub(crate) struct StockFilter {
    pub warehouse: Option<Uuid>,
    /// The category and those under it.
    pub categories: Option<HashSet<Uuid>>,
    pub product: Option<Uuid>,
}

impl StockFilter {
    /// 400 naming the field whose id is malformed or not the company's.
    pub async fn parse(
        db: &impl ConnectionTrait,
        company: CompanyId,
        warehouse: Option<&str>,
        category: Option<&str>,
        product: Option<&str>,
    ) -> ApiResult<StockFilter> {
        let warehouse = filter_id("warehouse_id", warehouse)?;
        if let Some(id) = warehouse
            && store::warehouse_by_id(db, company, id).await?.is_none()
        {
            return Err(ApiError::invalid_field(
                "warehouse_id",
                "no such warehouse in this company",
            ));
        }
        let categories = match filter_id("category_id", category)? {
            None => None,
            Some(id) => {
                let tree =
                    arkan_catalog::categories::with_descendants(db, company, ProductCategoryId(id))
                        .await?;
                if tree.is_empty() {
                    return Err(ApiError::invalid_field(
                        "category_id",
                        "no such category in this company",
                    ));
                }
                Some(tree.into_iter().map(|id| id.0).collect())
            }
        };
        Ok(StockFilter {
            warehouse,
            categories,
            product: filter_id("product_id", product)?,
        })
    }

    pub fn is_set(&self) -> bool {
        self.warehouse.is_some() || self.categories.is_some() || self.product.is_some()
    }

    /// Whether the product passes the category and product filters.
    pub fn keeps(&self, product: &ProductFacts) -> bool {
        self.keeps_product(product.id.0, product.category_id.map(|id| id.0))
    }

    /// Whether a product of this category passes the category and product filters.
    pub fn keeps_product(&self, product: Uuid, category: Option<Uuid>) -> bool {
        self.product.is_none_or(|id| id == product)
            && self
                .categories
                .as_ref()
                .is_none_or(|tree| category.is_some_and(|category| tree.contains(&category)))
    }
}

/// A report's `as_of`: the given day, or today.
pub(crate) fn as_of_param(text: Option<&str>) -> ApiResult<NaiveDate> {
    Ok(fields::optional_date("as_of", text)?.unwrap_or_else(|| chrono::Utc::now().date_naive()))
}

/// A report's `date_from`/`date_to` (400 when the span runs backwards).
pub(crate) fn span_params(
    from: Option<&str>,
    to: Option<&str>,
) -> ApiResult<(Option<NaiveDate>, Option<NaiveDate>)> {
    let from = fields::optional_date("date_from", from)?;
    let to = fields::optional_date("date_to", to)?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(ApiError::invalid_field(
            "date_to",
            "must not be before date_from",
        ));
    }
    Ok((from, to))
}

/// One product's stock as of the date.
struct Valued {
    product: StockProduct,
    quantity: i64,
    value: i64,
}

/// The stock on hand at the end of the query's day of the storable products its filters
/// keep, by name; the balance of the valuation accounts unless filtered. With `beside` (a
/// second connection on the same snapshot) the catalog's products are read there while the
/// valuations are read in `db`: the two long reads of a large company at once.
async fn valued(
    db: &impl ConnectionTrait,
    beside: Option<Beside>,
    ctx: &Ctx,
    query: &ValuationQuery,
) -> ApiResult<(NaiveDate, Vec<Valued>, Option<i64>)> {
    let as_of = as_of_param(query.as_of.as_deref())?;
    let filter = &StockFilter::parse(
        db,
        ctx.company,
        query.warehouse_id.as_deref(),
        query.category_id.as_deref(),
        query.product_id.as_deref(),
    )
    .await?;
    let exponent = ctx.currency.exponent;
    let company = ctx.company;
    let valuations = store::valuations_at(db, company, as_of, filter.product);
    let (products, valuations) = match beside {
        // A task of its own, so that decoding the products' rows runs on another thread too.
        Some(beside) => {
            let products = tokio::spawn(async move {
                let products =
                    arkan_catalog::products::stock_products(beside.transaction(), company).await;
                beside.close().await?;
                products
            });
            let valuations = valuations.await?;
            (products.await.map_err(ApiError::internal)??, valuations)
        }
        None => (
            arkan_catalog::products::stock_products(db, company).await?,
            valuations.await?,
        ),
    };
    let in_warehouse = match filter.warehouse {
        Some(warehouse) => Some(
            store::warehouse_quantities_at(db, company, warehouse, as_of, filter.product).await?,
        ),
        None => None,
    };
    let settings = store::settings(db, company).await?;
    let mut accounts: Vec<Uuid> = settings
        .and_then(|settings| settings.accounts.stock_valuation)
        .into_iter()
        .collect();
    let mut rows = Vec::new();
    for product in products {
        accounts.extend(product.stock_valuation_account_id);
        if !filter.keeps_product(product.id.0, product.category_id.map(|id| id.0)) {
            continue;
        }
        let valuation = valuations.get(&product.id.0).copied().unwrap_or_default();
        let (quantity, value) = match &in_warehouse {
            None => (valuation.quantity, valuation.value),
            Some(quantities) => {
                let quantity = quantities.get(&product.id.0).copied().unwrap_or_default();
                (quantity, warehouse_share(valuation, quantity, exponent))
            }
        };
        if quantity != 0 || value != 0 {
            rows.push(Valued {
                product,
                quantity,
                value,
            });
        }
    }
    rows.sort_unstable_by(|a, b| {
        (&a.product.name, a.product.id.0).cmp(&(&b.product.name, b.product.id.0))
    });
    let balance = if filter.is_set() {
        None
    } else {
        accounts.sort();
        accounts.dedup();
        let balances =
            arkan_ledger::books::account_balances(db, company, &accounts, Some(as_of)).await?;
        Some(
            balances
                .iter()
                .map(|(_, debit, credit)| debit - credit)
                .sum(),
        )
    };
    Ok((as_of, rows, balance))
}

/// Keeps the month end a report as of the query's day reads best from, if it is not kept
/// yet: the first report near a past month end sums the layers up to it once, in a write
/// transaction of its own, and every later report near it reads from there.
async fn keep_month_end(platform: &Platform, ctx: &Ctx, query: &ValuationQuery) -> ApiResult<()> {
    let as_of = as_of_param(query.as_of.as_deref())?;
    let Some(end) = month_end_for(as_of, chrono::Utc::now().date_naive()) else {
        return Ok(());
    };
    if store::month_ends(platform.db.connection(), ctx.company)
        .await?
        .contains(&end)
    {
        return Ok(());
    }
    let transaction = platform.db.write().await?;
    store::keep_month_end(&*transaction, ctx.company, end, now_micros()).await?;
    transaction.commit_now().await?;
    Ok(())
}

/// What `quantity` of the company's stock is worth at its unit cost on the day.
pub(crate) fn warehouse_share(valuation: Valuation, quantity: i64, exponent: u8) -> i64 {
    if valuation.quantity == 0 {
        return 0;
    }
    if quantity == valuation.quantity {
        return valuation.value;
    }
    value_of(
        quantity,
        unit_cost_of(valuation.value, valuation.quantity, exponent),
        exponent,
    )
}

pub async fn valuation(
    platform: &Platform,
    ctx: &Ctx,
    query: ValuationQuery,
) -> ApiResult<Response> {
    let format = Format::parse(query.format.as_deref())?;
    keep_month_end(platform, ctx, &query).await?;
    let (snapshot, beside) = platform.db.snapshot_pair().await?;
    let (as_of, rows, balance) = valued(&snapshot, beside, ctx, &query).await?;
    let exponent = ctx.currency.exponent;
    let money = |minor: i64| format_minor(minor, exponent);
    let total: i64 = rows.iter().map(|row| row.value).sum();
    let report = ValuationReport {
        as_of: format_date(as_of),
        currency: ctx.currency.code.to_string(),
        totals: ValueTotal {
            value: money(total),
        },
        account_balance: balance.map(money),
        difference: balance.map(|balance| money(total - balance)),
        data: rows
            .into_iter()
            .map(|row| ValuationRow {
                product_id: row.product.id.0,
                sku: row.product.sku,
                name: row.product.name,
                category_id: row.product.category_id.map(|id| id.0),
                costing_method: row.product.costing_method.as_str(),
                quantity: quantities::written(row.quantity, row.product.decimals),
                uom: row.product.uom_code,
                unit_cost: written_cost(unit_cost_of(row.value, row.quantity, exponent)),
                value: Written::exact(row.value, exponent),
            })
            .collect(),
    };
    let name = report::file_name("inventory-valuation", &[&report.as_of], format);
    report::respond_rows(
        format,
        &name,
        exponent,
        report,
        |report| &mut report.data,
        |report| Table {
            columns: [
                "productId",
                "sku",
                "name",
                "categoryId",
                "costingMethod",
                "uom",
                "quantity",
                "unitCost",
                "value",
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
                        Cell::optional(row.category_id),
                        Cell::text(row.costing_method),
                        Cell::text(&row.uom),
                        Cell::text(row.quantity.to_string()),
                        Cell::text(row.unit_cost.to_string()),
                        Cell::text(row.value.to_string()),
                    ]
                })
                .collect(),
            total: Some(total_row(9, &[(8, &report.totals.value)])),
        },
    )
}

/// The last `Total` row of `width` columns: `Total` first, then these `(column, text)` cells.
pub(crate) fn total_row(width: usize, cells: &[(usize, &str)]) -> Vec<Cell> {
    let mut row = vec![Cell::Empty; width];
    row[0] = Cell::text("Total");
    for (column, text) in cells {
        row[*column] = Cell::text(*text);
    }
    row
}

pub async fn valuation_by_category(
    platform: &Platform,
    ctx: &Ctx,
    query: ValuationQuery,
) -> ApiResult<Response> {
    let format = Format::parse(query.format.as_deref())?;
    keep_month_end(platform, ctx, &query).await?;
    let (snapshot, beside) = platform.db.snapshot_pair().await?;
    let (as_of, rows, balance) = valued(&snapshot, beside, ctx, &query).await?;
    let names = arkan_catalog::categories::full_names(&snapshot, ctx.company).await?;
    let mut groups: BTreeMap<(String, Option<Uuid>), (i64, i64)> = BTreeMap::new();
    for row in &rows {
        let category = row.product.category_id;
        let name = category
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| "Uncategorized".to_owned());
        let group = groups.entry((name, category.map(|id| id.0))).or_default();
        group.0 += 1;
        group.1 += row.value;
    }
    let exponent = ctx.currency.exponent;
    let money = |minor: i64| format_minor(minor, exponent);
    let total: i64 = rows.iter().map(|row| row.value).sum();
    let report = CategoryValuationReport {
        as_of: format_date(as_of),
        currency: ctx.currency.code.to_string(),
        totals: ValueTotal {
            value: money(total),
        },
        account_balance: balance.map(money),
        difference: balance.map(|balance| money(total - balance)),
        data: groups
            .into_iter()
            .map(
                |((name, category_id), (count, value))| CategoryValuationRow {
                    category_id,
                    name,
                    product_count: count,
                    value: money(value),
                    share: percent(value, total),
                },
            )
            .collect(),
    };
    let name = report::file_name("inventory-valuation-by-category", &[&report.as_of], format);
    report::respond(format, &name, exponent, report, |report| Table {
        columns: ["categoryId", "name", "productCount", "value", "share"]
            .map(String::from)
            .to_vec(),
        rows: report
            .data
            .iter()
            .map(|row| {
                vec![
                    Cell::optional(row.category_id),
                    Cell::text(&row.name),
                    Cell::Count(row.product_count),
                    Cell::text(&row.value),
                    Cell::Percent(row.share.clone()),
                ]
            })
            .collect(),
        total: Some(total_row(5, &[(3, &report.totals.value)])),
    })
}

pub async fn standard_cost_variances(
    platform: &Platform,
    ctx: &Ctx,
    query: VarianceQuery,
) -> ApiResult<Response> {
    let format = Format::parse(query.format.as_deref())?;
    let (from, to) = span_params(query.date_from.as_deref(), query.date_to.as_deref())?;
    let snapshot = platform.db.snapshot().await?;
    let filter = StockFilter::parse(
        &snapshot,
        ctx.company,
        None,
        query.category_id.as_deref(),
        query.product_id.as_deref(),
    )
    .await?;
    let exponent = ctx.currency.exponent;
    let receipts =
        store::standard_receipts(&snapshot, ctx.company, (from, to), filter.product).await?;
    // Per product: quantity, standard value, actual value.
    let mut sums: HashMap<Uuid, (i64, i64, i64)> = HashMap::new();
    for layer in &receipts {
        let actual = layer.actual_unit_cost_e6.unwrap_or(layer.unit_cost_e6);
        let sum = sums.entry(layer.product_id).or_default();
        sum.0 += layer.quantity;
        sum.1 += layer.value;
        sum.2 += value_of(layer.quantity, actual, exponent);
    }
    let ids: Vec<arkan_kernel::ProductId> =
        sums.keys().map(|id| arkan_kernel::ProductId(*id)).collect();
    let products = arkan_catalog::products::facts(&snapshot, ctx.company, &ids).await?;
    let mut rows: Vec<(&ProductFacts, (i64, i64, i64))> = products
        .values()
        .filter(|product| filter.keeps(product))
        .map(|product| (product, sums[&product.id.0]))
        .collect();
    rows.sort_by(|a, b| (&a.0.name, a.0.id.0).cmp(&(&b.0.name, b.0.id.0)));
    let money = |minor: i64| format_minor(minor, exponent);
    let (standard, actual) = rows.iter().fold((0, 0), |(standard, actual), (_, sum)| {
        (standard + sum.1, actual + sum.2)
    });
    let report = VarianceReport {
        date_from: from.map(format_date),
        date_to: to.map(format_date),
        currency: ctx.currency.code.to_string(),
        totals: VarianceTotals {
            standard_value: money(standard),
            actual_value: money(actual),
            variance: money(actual - standard),
        },
        data: rows
            .into_iter()
            .map(|(product, (quantity, standard, actual))| VarianceRow {
                product_id: product.id.0,
                sku: product.sku.clone(),
                name: product.name.clone(),
                quantity: format_quantity(quantity, product.uom.decimals),
                standard_cost: format_cost(unit_cost_of(standard, quantity, exponent)),
                actual_unit_cost: format_cost(unit_cost_of(actual, quantity, exponent)),
                standard_value: money(standard),
                actual_value: money(actual),
                variance: money(actual - standard),
                variance_percent: percent(actual - standard, standard),
            })
            .collect(),
    };
    let dates: Vec<&str> = [report.date_from.as_deref(), report.date_to.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let name = report::file_name("standard-cost-variances", &dates, format);
    report::respond(format, &name, exponent, report, |report| Table {
        columns: [
            "productId",
            "sku",
            "name",
            "quantity",
            "standardCost",
            "actualUnitCost",
            "standardValue",
            "actualValue",
            "variance",
            "variancePercent",
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
                    Cell::text(&row.standard_cost),
                    Cell::text(&row.actual_unit_cost),
                    Cell::text(&row.standard_value),
                    Cell::text(&row.actual_value),
                    Cell::text(&row.variance),
                    Cell::Percent(row.variance_percent.clone()),
                ]
            })
            .collect(),
        total: Some(total_row(
            10,
            &[
                (6, &report.totals.standard_value),
                (7, &report.totals.actual_value),
                (8, &report.totals.variance),
            ],
        )),
    })
}
