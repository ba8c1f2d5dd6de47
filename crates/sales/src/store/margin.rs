//! SQL of the invoice margin: one row per line of a posted customer invoice made from a sales
//! order, and the report's GROUP BY over them.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_platform::sql::get;
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

/// A line's margin as kept; amounts in minor units of the company currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarginRow {
    /// The invoice line's id.
    pub id: Uuid,
    pub invoice_id: Uuid,
    pub invoice_number: Option<String>,
    pub invoice_date: NaiveDate,
    pub partner_id: Uuid,
    pub salesperson_id: Option<Uuid>,
    pub order_id: Option<Uuid>,
    pub order_line_id: Option<Uuid>,
    pub product_id: Option<Uuid>,
    pub description: String,
    pub position: i32,
    pub quantity_e4: i64,
    pub revenue: i64,
    pub cost: i64,
    /// `delivery`, `product_cost` or `none`.
    pub cost_source: String,
}

const COLUMNS: [&str; 16] = [
    "company_id",
    "id",
    "invoice_id",
    "invoice_number",
    "invoice_date",
    "partner_id",
    "salesperson_id",
    "order_id",
    "order_line_id",
    "product_id",
    "description",
    "position",
    "quantity_e4",
    "revenue_minor",
    "cost_minor",
    "cost_source",
];

/// Writes rows in batches of 500.
pub async fn insert_rows(
    db: &impl ConnectionTrait,
    company: CompanyId,
    rows: &[MarginRow],
) -> Result<(), DbErr> {
    for chunk in rows.chunks(500) {
        let mut insert = Query::insert()
            .into_table("sales_invoice_margins")
            .columns(COLUMNS)
            .to_owned();
        for row in chunk {
            insert.values_panic([
                company.0.into(),
                row.id.into(),
                row.invoice_id.into(),
                row.invoice_number.clone().into(),
                row.invoice_date.into(),
                row.partner_id.into(),
                row.salesperson_id.into(),
                row.order_id.into(),
                row.order_line_id.into(),
                row.product_id.into(),
                row.description.clone().into(),
                row.position.into(),
                row.quantity_e4.into(),
                row.revenue.into(),
                row.cost.into(),
                row.cost_source.clone().into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    Ok(())
}

/// What the kept rows of invoices other than `except` costed at the delivery's cost, by order
/// line: `(quantity_e4, cost)`.
pub async fn delivered_cost_taken(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order_lines: &[Uuid],
    except: Uuid,
) -> Result<HashMap<Uuid, (i64, i64)>, DbErr> {
    if order_lines.is_empty() {
        return Ok(HashMap::new());
    }
    let select = Query::select()
        .column("order_line_id")
        .expr_as(Expr::cust("CAST(SUM(quantity_e4) AS BIGINT)"), "quantity")
        .expr_as(Expr::cust("CAST(SUM(cost_minor) AS BIGINT)"), "cost")
        .from("sales_invoice_margins")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("order_line_id").is_in(order_lines.iter().copied()))
        .and_where(Expr::col("cost_source").eq("delivery"))
        .and_where(Expr::col("invoice_id").ne(except))
        .group_by_col("order_line_id")
        .to_owned();
    let mut taken = HashMap::new();
    for row in db.query_all(&select).await? {
        taken.insert(
            get::<Uuid>(&row, "order_line_id")?,
            (get(&row, "quantity")?, get(&row, "cost")?),
        );
    }
    Ok(taken)
}

/// Removes an invoice's rows (it was cancelled).
pub async fn delete_invoice(
    db: &impl ConnectionTrait,
    company: CompanyId,
    invoice: Uuid,
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("sales_invoice_margins")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("invoice_id").eq(invoice))
        .to_owned();
    db.execute(&delete).await?;
    Ok(())
}

/// An invoice's rows, in its lines' order.
pub async fn rows_of_invoice(
    db: &impl ConnectionTrait,
    company: CompanyId,
    invoice: Uuid,
) -> Result<Vec<MarginRow>, DbErr> {
    let select = Query::select()
        .columns(COLUMNS)
        .from("sales_invoice_margins")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("invoice_id").eq(invoice))
        .order_by("position", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok(MarginRow {
                id: get(row, "id")?,
                invoice_id: get(row, "invoice_id")?,
                invoice_number: get(row, "invoice_number")?,
                invoice_date: get(row, "invoice_date")?,
                partner_id: get(row, "partner_id")?,
                salesperson_id: get(row, "salesperson_id")?,
                order_id: get(row, "order_id")?,
                order_line_id: get(row, "order_line_id")?,
                product_id: get(row, "product_id")?,
                description: get(row, "description")?,
                position: get(row, "position")?,
                quantity_e4: get(row, "quantity_e4")?,
                revenue: get(row, "revenue_minor")?,
                cost: get(row, "cost_minor")?,
                cost_source: get(row, "cost_source")?,
            })
        })
        .collect()
}

/// One group of the report: its key (None: rows without one, such as lines without product),
/// the invoice number when grouped by invoice, revenue and cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarginGroup {
    pub key: Option<Uuid>,
    pub number: Option<String>,
    pub revenue: i64,
    pub cost: i64,
}

/// The rows dated `from..=to` summed by `column` (`invoice_id`, `product_id`, `partner_id` or
/// `salesperson_id`): one GROUP BY over the covering date index.
pub async fn grouped(
    db: &impl ConnectionTrait,
    company: CompanyId,
    column: &'static str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<MarginGroup>, DbErr> {
    let mut select = Query::select()
        .column(column)
        .expr_as(Expr::cust("CAST(SUM(revenue_minor) AS BIGINT)"), "revenue")
        .expr_as(Expr::cust("CAST(SUM(cost_minor) AS BIGINT)"), "cost")
        .from("sales_invoice_margins")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("invoice_date").gte(from))
        .and_where(Expr::col("invoice_date").lte(to))
        .group_by_col(column)
        .to_owned();
    if column == "invoice_id" {
        select.expr_as(Expr::cust("MAX(invoice_number)"), "number");
    }
    let mut groups = Vec::new();
    for row in db.query_all(&select).await? {
        groups.push(MarginGroup {
            key: get(&row, column)?,
            number: if column == "invoice_id" {
                get(&row, "number")?
            } else {
                None
            },
            revenue: get(&row, "revenue")?,
            cost: get(&row, "cost")?,
        });
    }
    Ok(groups)
}
