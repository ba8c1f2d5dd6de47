//! The invoice margin: per line of a customer invoice, its revenue (before tax, in the company
//! currency) against the cost of what it sold — the delivered goods' cost of goods sold, else
//! the product's cost times the quantity. Kept per line when an invoice made from an order is
//! posted (removed when it is cancelled), so the report is one GROUP BY.

use std::collections::HashMap;

use arkan_invoicing::documents::{self as invoicing, SalesDocument};
use arkan_kernel::money::{self, format_minor, format_trimmed};
use arkan_kernel::{Currency, InvoiceId, PartnerId, ProductId, UserId};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, codes};
use arkan_platform::fields::{self, format_date};
use arkan_platform::role::Role;
use arkan_platform::state::InvoiceChange;
use arkan_platform::{Ctx, Platform};
use chrono::{Datelike, NaiveDate};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::billing::share;
use super::deliveries;
use crate::api::margin::*;
use crate::store;
use crate::store::margin::{MarginGroup, MarginRow};

/// Margins are read by accounting and sales (and viewers); 403 for the other roles.
fn require_reader(ctx: &Ctx) -> ApiResult<()> {
    match ctx.role {
        Role::Purchasing | Role::Inventory | Role::Hr => Err(ApiError::forbidden(
            codes::ROLE_NOT_ALLOWED,
            format!(
                "The {} role may not read invoice margins",
                ctx.role.as_str()
            ),
        )),
        _ => Ok(()),
    }
}

/// The margin rows of a customer invoice's lines (none for a down payment; deduction lines of
/// down payments left out: an advance is not a sale).
pub(crate) async fn rows_for(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    document: &SalesDocument,
) -> ApiResult<Vec<MarginRow>> {
    if document.is_down_payment {
        return Ok(Vec::new());
    }
    let currency = Currency::from_code(&document.currency).unwrap_or(ctx.currency);
    let lines: Vec<_> = document
        .lines
        .iter()
        .filter(|line| line.down_payment_line_id.is_none())
        .collect();
    let order_lines: Vec<Uuid> = lines.iter().filter_map(|line| line.order_line_id).collect();
    let delivered = deliveries::delivered_cost(db, ctx.company, &order_lines).await?;
    let taken =
        store::margin::delivered_cost_taken(db, ctx.company, &order_lines, document.id).await?;
    let units: HashMap<Uuid, String> = match document.order_id {
        Some(order) => store::orders::lines_of(db, ctx.company, &[order])
            .await?
            .remove(&order)
            .unwrap_or_default()
            .into_iter()
            .map(|line| (line.id, line.uom))
            .collect(),
        None => HashMap::new(),
    };
    let product_ids: Vec<ProductId> = lines
        .iter()
        .filter_map(|line| line.product_id)
        .map(ProductId)
        .collect();
    let products = arkan_catalog::products::facts(db, ctx.company, &product_ids).await?;
    // Cost millionths times quantity ten-thousandths, to minor units of the company currency.
    let scale = 10_i64.pow(10 - u32::from(ctx.currency.exponent.min(6)));
    let mut rows = Vec::with_capacity(lines.len());
    for (position, line) in lines.into_iter().enumerate() {
        let revenue = if currency.code == ctx.currency.code {
            line.subtotal
        } else {
            money::convert(line.subtotal, currency, document.rate_e10, ctx.currency)
                .ok_or_else(|| ApiError::internal("an invoice margin out of range"))?
        };
        let from_delivery = line
            .order_line_id
            .and_then(|id| delivered.get(&id))
            .filter(|found| found.quantity_e4 > 0);
        let product = line
            .product_id
            .and_then(|id| products.get(&ProductId(id)))
            .filter(|product| product.cost_e6 > 0);
        let (cost, source) = if let Some(found) = from_delivery {
            // The cost of the delivered units this invoice is the next to invoice: what earlier
            // invoices of the line left of the delivered cost, spread over what they left of
            // the delivered quantity, so the invoices of a line add up to its cost exactly.
            let (quantity_taken, cost_taken) = line
                .order_line_id
                .and_then(|id| taken.get(&id))
                .copied()
                .unwrap_or((0, 0));
            // Past what was delivered (invoiced as ordered), at the average delivered cost.
            let left = (found.quantity_e4 - quantity_taken).max(0);
            let within = line.quantity_e4.clamp(0, left);
            let cost = share(found.cost_minor - cost_taken, within, left)
                + share(
                    found.cost_minor,
                    line.quantity_e4 - within,
                    found.quantity_e4,
                );
            (cost, "delivery")
        } else if let Some(product) = product {
            // The line's quantity in the product's unit.
            let unit = line.order_line_id.and_then(|id| units.get(&id));
            let quantity = match unit {
                Some(code) if *code != product.uom.code => {
                    match arkan_catalog::uoms::by_code(db, ctx.company, code).await? {
                        Some(unit) => {
                            arkan_catalog::uoms::convert(line.quantity_e4, &unit, &product.uom)
                                .unwrap_or(line.quantity_e4)
                        }
                        None => line.quantity_e4,
                    }
                }
                _ => line.quantity_e4,
            };
            (share(product.cost_e6, quantity, scale), "product_cost")
        } else {
            (0, "none")
        };
        rows.push(MarginRow {
            id: line.id,
            invoice_id: document.id,
            invoice_number: document.number.clone(),
            invoice_date: document.invoice_date,
            partner_id: document.partner_id,
            salesperson_id: document.salesperson_id,
            order_id: document.order_id,
            order_line_id: line.order_line_id,
            product_id: line.product_id,
            description: line.description.clone(),
            position: i32::try_from(position).unwrap_or(i32::MAX),
            quantity_e4: line.quantity_e4,
            revenue,
            cost,
            cost_source: source.to_owned(),
        });
    }
    Ok(rows)
}

/// The invoice hook: a customer invoice made from a sales order was posted (its margin rows
/// are written) or cancelled (they are removed), in that transaction.
pub(crate) async fn on_invoice_change(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    invoice: Uuid,
    change: InvoiceChange,
) -> ApiResult<()> {
    match change {
        InvoiceChange::Posted => {
            let Some(document) =
                invoicing::sales_document_by_id(&**transaction, ctx.company, invoice).await?
            else {
                return Ok(());
            };
            let rows = rows_for(&**transaction, ctx, &document).await?;
            store::margin::insert_rows(&**transaction, ctx.company, &rows).await?;
        }
        InvoiceChange::Cancelled => {
            store::margin::delete_invoice(&**transaction, ctx.company, invoice).await?;
        }
    }
    Ok(())
}

/// Margin over revenue in percent, 2 decimals; `"0.00"` without revenue.
fn percent(margin: i64, revenue: i64) -> String {
    format_minor(share(margin, 10_000, revenue), 2)
}

/// `GET /accounting/invoice-margin/:invoiceId`: the kept rows of a posted invoice made from an
/// order; for any other customer invoice, computed now.
pub async fn invoice_margin(
    platform: &Platform,
    ctx: &Ctx,
    id: InvoiceId,
) -> ApiResult<InvoiceMarginView> {
    require_reader(ctx)?;
    let db = platform.db.connection();
    let document = invoicing::sales_document_by_id(db, ctx.company, id.0)
        .await?
        .filter(|document| document.kind == "customer_invoice")
        .ok_or_else(|| ApiError::not_found("invoice"))?;
    let mut rows = store::margin::rows_of_invoice(db, ctx.company, id.0).await?;
    if rows.is_empty() {
        rows = rows_for(db, ctx, &document).await?;
    }
    let money = |minor: i64| format_minor(minor, ctx.currency.exponent);
    let revenue: i64 = rows.iter().map(|row| row.revenue).sum();
    let cost: i64 = rows.iter().map(|row| row.cost).sum();
    let lines = rows
        .into_iter()
        .map(|row| MarginLineView {
            invoice_line_id: row.id,
            product_id: row.product_id,
            description: row.description,
            quantity: format_trimmed(row.quantity_e4, 4),
            revenue: money(row.revenue),
            unit_cost: money(share(row.cost, 10_000, row.quantity_e4)),
            cost: money(row.cost),
            margin: money(row.revenue - row.cost),
            margin_percent: percent(row.revenue - row.cost, row.revenue),
            cost_source: row.cost_source,
        })
        .collect();
    Ok(InvoiceMarginView {
        invoice_id: document.id,
        number: document.number,
        partner_id: document.partner_id,
        invoice_date: format_date(document.invoice_date),
        currency: ctx.currency.code.to_owned(),
        revenue: money(revenue),
        cost: money(cost),
        margin: money(revenue - cost),
        margin_percent: percent(revenue - cost, revenue),
        lines,
    })
}

/// The report's grouping: its name in `groupBy` and its column.
const GROUPS: [(&str, &str); 4] = [
    ("invoice", "invoice_id"),
    ("product", "product_id"),
    ("partner", "partner_id"),
    ("salesperson", "salesperson_id"),
];

/// The names of the groups' keys.
async fn names(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    group: &str,
    groups: &[MarginGroup],
) -> ApiResult<HashMap<Uuid, String>> {
    let keys: Vec<Uuid> = groups.iter().filter_map(|group| group.key).collect();
    Ok(match group {
        "invoice" => groups
            .iter()
            .filter_map(|group| Some((group.key?, group.number.clone()?)))
            .collect(),
        "product" => {
            let ids: Vec<ProductId> = keys.into_iter().map(ProductId).collect();
            arkan_catalog::products::names(db, ctx.company, &ids)
                .await?
                .into_iter()
                .map(|(id, name)| (id.0, name))
                .collect()
        }
        "partner" => {
            let ids: Vec<PartnerId> = keys.into_iter().map(PartnerId).collect();
            arkan_crm::partners::names(db, ctx.company, &ids)
                .await?
                .into_iter()
                .map(|(id, name)| (id.0, name))
                .collect()
        }
        _ => {
            let ids: Vec<UserId> = keys.into_iter().map(UserId).collect();
            arkan_identity::companies::member_names(db, ctx.company, &ids)
                .await?
                .into_iter()
                .map(|(id, name)| (id.0, name))
                .collect()
        }
    })
}

/// `GET /accounting/invoice-margin/report`: the kept rows dated in the range, grouped.
pub async fn margin_report(
    platform: &Platform,
    ctx: &Ctx,
    query: MarginReportQuery,
) -> ApiResult<MarginReportView> {
    require_reader(ctx)?;
    let to = fields::optional_date("date_to", query.date_to.as_deref())?
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let from = fields::optional_date("date_from", query.date_from.as_deref())?
        .or_else(|| NaiveDate::from_ymd_opt(to.year(), 1, 1))
        .unwrap_or(to);
    if from > to {
        return Err(ApiError::invalid_field(
            "date_from",
            "must be on or before date_to",
        ));
    }
    let group = query
        .group_by
        .as_deref()
        .filter(|text| !text.is_empty())
        .unwrap_or("invoice");
    let (group, column) = GROUPS
        .into_iter()
        .find(|(name, _)| *name == group)
        .ok_or_else(|| {
            ApiError::invalid_field(
                "group_by",
                "must be one of: invoice, product, partner, salesperson",
            )
        })?;
    let db = platform.db.connection();
    let groups = store::margin::grouped(db, ctx.company, column, from, to).await?;
    let names = names(db, ctx, group, &groups).await?;
    let money = |minor: i64| format_minor(minor, ctx.currency.exponent);
    let (revenue, cost) = groups.iter().fold((0, 0), |(revenue, cost), group| {
        (revenue + group.revenue, cost + group.cost)
    });
    let mut data: Vec<(i64, MarginGroupView)> = groups
        .into_iter()
        .map(|found| {
            let key = Some(found.key);
            let name = found
                .key
                .and_then(|key| names.get(&key).cloned())
                .unwrap_or_else(|| "(none)".to_owned());
            let view = MarginGroupView {
                invoice_id: key.filter(|_| group == "invoice"),
                product_id: key.filter(|_| group == "product"),
                partner_id: key.filter(|_| group == "partner"),
                salesperson_id: key.filter(|_| group == "salesperson"),
                name,
                revenue: money(found.revenue),
                cost: money(found.cost),
                margin: money(found.revenue - found.cost),
                margin_percent: percent(found.revenue - found.cost, found.revenue),
            };
            (found.revenue, view)
        })
        .collect();
    data.sort_by(|(a, left), (b, right)| b.cmp(a).then_with(|| left.name.cmp(&right.name)));
    Ok(MarginReportView {
        date_from: format_date(from),
        date_to: format_date(to),
        currency: ctx.currency.code.to_owned(),
        group_by: group.to_owned(),
        data: data.into_iter().map(|(_, view)| view).collect(),
        totals: MarginTotalsView {
            revenue: money(revenue),
            cost: money(cost),
            margin: money(revenue - cost),
            margin_percent: percent(revenue - cost, revenue),
        },
    })
}
