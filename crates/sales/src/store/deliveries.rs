//! Deliveries of sales orders and their lines.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use arkan_platform::sql::{self, get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, LockType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use crate::domain::deliveries::DeliveryStatus;

#[derive(Clone, Debug)]
pub struct Delivery {
    pub id: Uuid,
    pub order_id: Uuid,
    pub partner_id: Uuid,
    pub warehouse_id: Uuid,
    pub number: Option<String>,
    pub state: DeliveryStatus,
    pub scheduled_date: NaiveDate,
    pub shipping_address: Option<String>,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub notes: Option<String>,
    pub transfer_id: Option<Uuid>,
    pub backorder_id: Option<Uuid>,
    pub done_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A line: what it delivers of an order line, in the order line's unit (ten-thousandths).
#[derive(Clone, Debug)]
pub struct DeliveryLine {
    pub id: Uuid,
    pub delivery_id: Uuid,
    pub order_line_id: Uuid,
    pub product_id: Uuid,
    pub description: String,
    pub uom: String,
    pub quantity_e4: i64,
    pub move_id: Option<Uuid>,
}

#[derive(Debug, Default)]
pub struct DeliveryFilter {
    pub order_id: Option<Uuid>,
    pub state: Option<DeliveryStatus>,
    pub partner_id: Option<Uuid>,
}

const COLUMNS: [&str; 16] = [
    "id",
    "order_id",
    "partner_id",
    "warehouse_id",
    "number",
    "state",
    "scheduled_date",
    "shipping_address",
    "carrier",
    "tracking_number",
    "notes",
    "transfer_id",
    "backorder_id",
    "done_at",
    "created_at",
    "updated_at",
];

fn delivery(row: &QueryResult) -> Result<Delivery, DbErr> {
    Ok(Delivery {
        id: get(row, "id")?,
        order_id: get(row, "order_id")?,
        partner_id: get(row, "partner_id")?,
        warehouse_id: get(row, "warehouse_id")?,
        number: get(row, "number")?,
        state: get_code(row, "state", DeliveryStatus::parse)?,
        scheduled_date: get(row, "scheduled_date")?,
        shipping_address: get(row, "shipping_address")?,
        carrier: get(row, "carrier")?,
        tracking_number: get(row, "tracking_number")?,
        notes: get(row, "notes")?,
        transfer_id: get(row, "transfer_id")?,
        backorder_id: get(row, "backorder_id")?,
        done_at: get(row, "done_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn deliveries(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(COLUMNS.map(|column| ("sales_deliveries", column)))
        .from("sales_deliveries")
        .and_where(Expr::col(("sales_deliveries", "company_id")).eq(company.0))
        .to_owned()
}

fn values(delivery: &Delivery) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("order_id", delivery.order_id.into()),
        ("partner_id", delivery.partner_id.into()),
        ("warehouse_id", delivery.warehouse_id.into()),
        ("number", delivery.number.clone().into()),
        ("state", delivery.state.as_str().into()),
        ("scheduled_date", delivery.scheduled_date.into()),
        ("shipping_address", delivery.shipping_address.clone().into()),
        ("carrier", delivery.carrier.clone().into()),
        ("tracking_number", delivery.tracking_number.clone().into()),
        ("notes", delivery.notes.clone().into()),
        ("transfer_id", delivery.transfer_id.into()),
        ("backorder_id", delivery.backorder_id.into()),
        ("done_at", delivery.done_at.into()),
        ("created_at", delivery.created_at.into()),
        ("updated_at", delivery.updated_at.into()),
    ]
}

/// Writes a new delivery with its lines.
pub async fn insert_delivery(
    db: &impl ConnectionTrait,
    company: CompanyId,
    delivery: &Delivery,
    lines: &[DeliveryLine],
) -> Result<(), DbErr> {
    let mut pairs = vec![("company_id", company.0.into()), ("id", delivery.id.into())];
    pairs.extend(values(delivery));
    sql::insert(db, "sales_deliveries", &pairs).await?;
    for (position, line) in (0_i32..).zip(lines) {
        sql::insert(
            db,
            "sales_delivery_lines",
            &[
                ("company_id", company.0.into()),
                ("id", line.id.into()),
                ("delivery_id", delivery.id.into()),
                ("position", position.into()),
                ("order_line_id", line.order_line_id.into()),
                ("product_id", line.product_id.into()),
                ("description", line.description.clone().into()),
                ("uom", line.uom.clone().into()),
                ("quantity_e4", line.quantity_e4.into()),
                ("move_id", line.move_id.into()),
            ],
        )
        .await?;
    }
    Ok(())
}

pub async fn update_delivery(
    db: &impl ConnectionTrait,
    company: CompanyId,
    delivery: &Delivery,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "sales_deliveries",
        company,
        delivery.id,
        &values(delivery),
    )
    .await
    .map(|_| ())
}

/// Writes a line's quantity and move (after it was confirmed or done in part).
pub async fn update_line(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: &DeliveryLine,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "sales_delivery_lines",
        company,
        line.id,
        &[
            ("quantity_e4", line.quantity_e4.into()),
            ("move_id", line.move_id.into()),
        ],
    )
    .await
    .map(|_| ())
}

/// The company's delivery `id`, locked until the transaction ends when `lock`.
pub async fn delivery_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<Delivery>, DbErr> {
    let mut select = deliveries(company);
    select.and_where(Expr::col(("sales_deliveries", "id")).eq(id));
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select)
        .await?
        .as_ref()
        .map(delivery)
        .transpose()
}

/// The deliveries of these orders, oldest first.
pub async fn deliveries_of_orders(
    db: &impl ConnectionTrait,
    company: CompanyId,
    orders: &[Uuid],
) -> Result<Vec<Delivery>, DbErr> {
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let mut select = deliveries(company);
    select
        .and_where(Expr::col(("sales_deliveries", "order_id")).is_in(orders.iter().copied()))
        .order_by(("sales_deliveries", "created_at"), Order::Asc)
        .order_by(("sales_deliveries", "id"), Order::Asc);
    db.query_all(&select).await?.iter().map(delivery).collect()
}

pub async fn list_deliveries(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &DeliveryFilter,
    page: &PageRequest,
) -> Result<(Vec<Delivery>, i64), DbErr> {
    let mut select = deliveries(company);
    let column = |name: &'static str| Expr::col(("sales_deliveries", name));
    if let Some(state) = filter.state {
        select.and_where(column("state").eq(state.as_str()));
    }
    for (name, value) in [
        ("order_id", filter.order_id),
        ("partner_id", filter.partner_id),
    ] {
        if let Some(value) = value {
            select.and_where(column(name).eq(value));
        }
    }
    fetch_page(db, &select, page, ("sales_deliveries", "id"), delivery).await
}

const LINE_COLUMNS: [&str; 8] = [
    "id",
    "delivery_id",
    "order_line_id",
    "product_id",
    "description",
    "uom",
    "quantity_e4",
    "move_id",
];

fn line(row: &QueryResult) -> Result<DeliveryLine, DbErr> {
    Ok(DeliveryLine {
        id: get(row, "id")?,
        delivery_id: get(row, "delivery_id")?,
        order_line_id: get(row, "order_line_id")?,
        product_id: get(row, "product_id")?,
        description: get(row, "description")?,
        uom: get(row, "uom")?,
        quantity_e4: get(row, "quantity_e4")?,
        move_id: get(row, "move_id")?,
    })
}

/// The lines of these deliveries, by delivery, each in order.
pub async fn lines_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    deliveries: &[Uuid],
) -> Result<HashMap<Uuid, Vec<DeliveryLine>>, DbErr> {
    let mut found: HashMap<Uuid, Vec<DeliveryLine>> = HashMap::new();
    if deliveries.is_empty() {
        return Ok(found);
    }
    let select = Query::select()
        .columns(LINE_COLUMNS)
        .from("sales_delivery_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("delivery_id").is_in(deliveries.iter().copied()))
        .order_by("delivery_id", Order::Asc)
        .order_by("position", Order::Asc)
        .to_owned();
    for row in db.query_all(&select).await? {
        let line = line(&row)?;
        found.entry(line.delivery_id).or_default().push(line);
    }
    Ok(found)
}

/// The lines delivering these order lines (of deliveries in any state).
pub async fn lines_of_order_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order_lines: &[Uuid],
) -> Result<Vec<DeliveryLine>, DbErr> {
    if order_lines.is_empty() {
        return Ok(Vec::new());
    }
    let select = Query::select()
        .columns(LINE_COLUMNS)
        .from("sales_delivery_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("order_line_id").is_in(order_lines.iter().copied()))
        .to_owned();
    db.query_all(&select).await?.iter().map(line).collect()
}
