//! Blanket orders, their lines and the lines' taxes.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use arkan_platform::sql::{self, get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, LockType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use super::offers::text_search;
use crate::domain::BlanketState;

#[derive(Clone, Debug)]
pub struct BlanketOrder {
    pub id: Uuid,
    pub number: Option<String>,
    /// As stored: never `expired` (read from `date_to`).
    pub state: BlanketState,
    pub partner_id: Uuid,
    pub date_from: NaiveDate,
    pub date_to: NaiveDate,
    pub currency: String,
    pub rate_e10: i64,
    pub vendor_reference: Option<String>,
    pub notes: Option<String>,
    pub amount_untaxed: i64,
    pub amount_tax: i64,
    pub amount_total: i64,
    pub cancel_reason: Option<String>,
    pub confirmed_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct BlanketLine {
    pub id: Uuid,
    pub product_id: Uuid,
    pub description: String,
    pub quantity_e4: i64,
    pub quantity_called_off_e4: i64,
    pub uom: String,
    pub unit_price_e6: i64,
    pub discount_ppm: i64,
    pub tax_ids: Vec<Uuid>,
    pub subtotal: i64,
    pub tax: i64,
    pub total: i64,
}

#[derive(Debug, Default)]
pub struct BlanketFilter {
    pub state: Option<BlanketState>,
    /// Orders read as expired on or active after this day (the `expired`/`active` filters).
    pub today: Option<NaiveDate>,
    pub partner_id: Option<Uuid>,
    pub product_id: Option<Uuid>,
    pub ends_from: Option<NaiveDate>,
    pub starts_until: Option<NaiveDate>,
    pub q: Option<String>,
}

const COLUMNS: [&str; 17] = [
    "id",
    "number",
    "state",
    "partner_id",
    "date_from",
    "date_to",
    "currency",
    "rate_e10",
    "vendor_reference",
    "notes",
    "amount_untaxed_minor",
    "amount_tax_minor",
    "amount_total_minor",
    "cancel_reason",
    "confirmed_at",
    "created_at",
    "updated_at",
];

fn blanket_order(row: &QueryResult) -> Result<BlanketOrder, DbErr> {
    Ok(BlanketOrder {
        id: get(row, "id")?,
        number: get(row, "number")?,
        state: get_code(row, "state", BlanketState::parse)?,
        partner_id: get(row, "partner_id")?,
        date_from: get(row, "date_from")?,
        date_to: get(row, "date_to")?,
        currency: get(row, "currency")?,
        rate_e10: get(row, "rate_e10")?,
        vendor_reference: get(row, "vendor_reference")?,
        notes: get(row, "notes")?,
        amount_untaxed: get(row, "amount_untaxed_minor")?,
        amount_tax: get(row, "amount_tax_minor")?,
        amount_total: get(row, "amount_total_minor")?,
        cancel_reason: get(row, "cancel_reason")?,
        confirmed_at: get(row, "confirmed_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn blanket_orders(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(COLUMNS.map(|column| ("blanket_orders", column)))
        .from("blanket_orders")
        .and_where(Expr::col(("blanket_orders", "company_id")).eq(company.0))
        .to_owned()
}

fn values(order: &BlanketOrder) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("number", order.number.clone().into()),
        ("state", order.state.as_str().into()),
        ("partner_id", order.partner_id.into()),
        ("date_from", order.date_from.into()),
        ("date_to", order.date_to.into()),
        ("currency", order.currency.clone().into()),
        ("rate_e10", order.rate_e10.into()),
        ("vendor_reference", order.vendor_reference.clone().into()),
        ("notes", order.notes.clone().into()),
        ("amount_untaxed_minor", order.amount_untaxed.into()),
        ("amount_tax_minor", order.amount_tax.into()),
        ("amount_total_minor", order.amount_total.into()),
        ("cancel_reason", order.cancel_reason.clone().into()),
        ("confirmed_at", order.confirmed_at.into()),
        ("created_at", order.created_at.into()),
        ("updated_at", order.updated_at.into()),
    ]
}

pub async fn insert_blanket_order(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: &BlanketOrder,
) -> Result<(), DbErr> {
    let mut pairs = vec![("company_id", company.0.into()), ("id", order.id.into())];
    pairs.extend(values(order));
    sql::insert(db, "blanket_orders", &pairs).await
}

pub async fn update_blanket_order(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: &BlanketOrder,
) -> Result<(), DbErr> {
    sql::update(db, "blanket_orders", company, order.id, &values(order))
        .await
        .map(|_| ())
}

/// The company's blanket order `id`, locked until the transaction ends when `lock` (a
/// call-off holds it so two call-offs consume the remainder one after the other).
pub async fn blanket_order_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<BlanketOrder>, DbErr> {
    let mut select = blanket_orders(company);
    select.and_where(Expr::col(("blanket_orders", "id")).eq(id));
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select)
        .await?
        .as_ref()
        .map(blanket_order)
        .transpose()
}

pub async fn list_blanket_orders(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &BlanketFilter,
    page: &PageRequest,
) -> Result<(Vec<BlanketOrder>, i64), DbErr> {
    let mut select = blanket_orders(company);
    let column = |name: &'static str| Expr::col(("blanket_orders", name));
    match (filter.state, filter.today) {
        (Some(BlanketState::Expired), Some(today)) => {
            select
                .and_where(column("state").eq(BlanketState::Active.as_str()))
                .and_where(column("date_to").lt(today));
        }
        (Some(BlanketState::Active), Some(today)) => {
            select
                .and_where(column("state").eq(BlanketState::Active.as_str()))
                .and_where(column("date_to").gte(today));
        }
        (Some(state), _) => {
            select.and_where(column("state").eq(state.as_str()));
        }
        (None, _) => {}
    }
    if let Some(partner) = filter.partner_id {
        select.and_where(column("partner_id").eq(partner));
    }
    if let Some(product) = filter.product_id {
        let having = Query::select()
            .column("blanket_order_id")
            .from("blanket_order_lines")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("product_id").eq(product))
            .to_owned();
        select.and_where(column("id").in_subquery(having));
    }
    if let Some(from) = filter.ends_from {
        select.and_where(column("date_to").gte(from));
    }
    if let Some(until) = filter.starts_until {
        select.and_where(column("date_from").lte(until));
    }
    if let Some(q) = filter.q.as_deref() {
        select.cond_where(text_search(
            "blanket_orders",
            &["number", "vendor_reference"],
            q,
        ));
    }
    fetch_page(db, &select, page, ("blanket_orders", "id"), blanket_order).await
}

async fn delete_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<(), DbErr> {
    for table in ["blanket_order_line_taxes", "blanket_order_lines"] {
        let delete = Query::delete()
            .from_table(table)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("blanket_order_id").eq(id))
            .to_owned();
        db.execute(&delete).await?;
    }
    Ok(())
}

/// Writes the order's lines (and their taxes) in place of those it had (a draft).
pub async fn replace_blanket_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lines: &[BlanketLine],
) -> Result<(), DbErr> {
    delete_lines(db, company, id).await?;
    if lines.is_empty() {
        return Ok(());
    }
    let position = |index: usize| i32::try_from(index).unwrap_or(i32::MAX);
    let mut insert = Query::insert()
        .into_table("blanket_order_lines")
        .columns([
            "company_id",
            "id",
            "blanket_order_id",
            "position",
            "product_id",
            "description",
            "quantity_e4",
            "quantity_called_off_e4",
            "uom",
            "unit_price_e6",
            "discount_ppm",
            "subtotal_minor",
            "tax_minor",
            "total_minor",
        ])
        .to_owned();
    for (index, line) in lines.iter().enumerate() {
        insert.values_panic([
            company.0.into(),
            line.id.into(),
            id.into(),
            position(index).into(),
            line.product_id.into(),
            line.description.clone().into(),
            line.quantity_e4.into(),
            line.quantity_called_off_e4.into(),
            line.uom.clone().into(),
            line.unit_price_e6.into(),
            line.discount_ppm.into(),
            line.subtotal.into(),
            line.tax.into(),
            line.total.into(),
        ]);
    }
    db.execute(&insert).await?;
    let taxes: Vec<(Uuid, usize, Uuid)> = lines
        .iter()
        .flat_map(|line| {
            line.tax_ids
                .iter()
                .enumerate()
                .map(|(sequence, tax)| (line.id, sequence, *tax))
        })
        .collect();
    if taxes.is_empty() {
        return Ok(());
    }
    let mut insert = Query::insert()
        .into_table("blanket_order_line_taxes")
        .columns([
            "company_id",
            "id",
            "blanket_order_id",
            "line_id",
            "tax_id",
            "sequence",
        ])
        .to_owned();
    for (line, sequence, tax) in taxes {
        insert.values_panic([
            company.0.into(),
            Uuid::now_v7().into(),
            id.into(),
            line.into(),
            tax.into(),
            position(sequence).into(),
        ]);
    }
    db.execute(&insert).await.map(|_| ())
}

/// The lines of these orders, in order, with their taxes.
pub async fn blanket_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<BlanketLine>>, DbErr> {
    let mut found: HashMap<Uuid, Vec<BlanketLine>> =
        ids.iter().map(|id| (*id, Vec::new())).collect();
    if ids.is_empty() {
        return Ok(found);
    }
    let select = Query::select()
        .columns(["blanket_order_id", "line_id", "tax_id"])
        .from("blanket_order_line_taxes")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("blanket_order_id").is_in(ids.iter().copied()))
        .order_by("line_id", Order::Asc)
        .order_by("sequence", Order::Asc)
        .to_owned();
    let mut taxes: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for row in db.query_all(&select).await? {
        taxes
            .entry(get(&row, "line_id")?)
            .or_default()
            .push(get(&row, "tax_id")?);
    }
    let select = Query::select()
        .columns([
            "blanket_order_id",
            "id",
            "product_id",
            "description",
            "quantity_e4",
            "quantity_called_off_e4",
            "uom",
            "unit_price_e6",
            "discount_ppm",
            "subtotal_minor",
            "tax_minor",
            "total_minor",
        ])
        .from("blanket_order_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("blanket_order_id").is_in(ids.iter().copied()))
        .order_by("blanket_order_id", Order::Asc)
        .order_by("position", Order::Asc)
        .to_owned();
    for row in db.query_all(&select).await? {
        let id: Uuid = get(&row, "id")?;
        let line = BlanketLine {
            id,
            product_id: get(&row, "product_id")?,
            description: get(&row, "description")?,
            quantity_e4: get(&row, "quantity_e4")?,
            quantity_called_off_e4: get(&row, "quantity_called_off_e4")?,
            uom: get(&row, "uom")?,
            unit_price_e6: get(&row, "unit_price_e6")?,
            discount_ppm: get(&row, "discount_ppm")?,
            tax_ids: taxes.remove(&id).unwrap_or_default(),
            subtotal: get(&row, "subtotal_minor")?,
            tax: get(&row, "tax_minor")?,
            total: get(&row, "total_minor")?,
        };
        if let Some(lines) = found.get_mut(&get::<Uuid>(&row, "blanket_order_id")?) {
            lines.push(line);
        }
    }
    Ok(found)
}

/// Adds `quantity_e4` to what was called off of a line.
pub async fn add_called_off(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: Uuid,
    quantity_e4: i64,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("blanket_order_lines")
        .value(
            "quantity_called_off_e4",
            Expr::col("quantity_called_off_e4").add(quantity_e4),
        )
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(line))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

/// Deletes a blanket order and its lines; the number deleted.
pub async fn delete_blanket_order(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<u64, DbErr> {
    delete_lines(db, company, id).await?;
    let delete = Query::delete()
        .from_table("blanket_orders")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(db.execute(&delete).await?.rows_affected())
}
