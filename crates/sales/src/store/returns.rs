//! Returns of delivered goods and their lines.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use arkan_platform::sql::{self, get};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, LockType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct Return {
    pub id: Uuid,
    pub number: String,
    pub delivery_id: Uuid,
    pub order_id: Uuid,
    pub partner_id: Uuid,
    /// `open`, `received` or `refunded`.
    pub state: String,
    pub reason: Option<String>,
    pub return_date: NaiveDate,
    pub transfer_id: Option<Uuid>,
    pub credit_note_id: Option<Uuid>,
    pub payment_id: Option<Uuid>,
    pub received_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A line: what comes back of a delivery line, in its unit (ten-thousandths); the value of what
/// came back into stock in the company currency's minor units.
#[derive(Clone, Debug)]
pub struct ReturnLine {
    pub id: Uuid,
    pub return_id: Uuid,
    pub delivery_line_id: Uuid,
    pub order_line_id: Uuid,
    pub product_id: Uuid,
    pub uom: String,
    pub quantity_e4: i64,
    pub quantity_received_e4: i64,
    pub value_minor: i64,
}

#[derive(Debug, Default)]
pub struct ReturnFilter {
    pub state: Option<String>,
    pub delivery_id: Option<Uuid>,
    pub order_id: Option<Uuid>,
}

const COLUMNS: [&str; 14] = [
    "id",
    "number",
    "delivery_id",
    "order_id",
    "partner_id",
    "state",
    "reason",
    "return_date",
    "transfer_id",
    "credit_note_id",
    "payment_id",
    "received_at",
    "created_at",
    "updated_at",
];

fn read(row: &QueryResult) -> Result<Return, DbErr> {
    Ok(Return {
        id: get(row, "id")?,
        number: get(row, "number")?,
        delivery_id: get(row, "delivery_id")?,
        order_id: get(row, "order_id")?,
        partner_id: get(row, "partner_id")?,
        state: get(row, "state")?,
        reason: get(row, "reason")?,
        return_date: get(row, "return_date")?,
        transfer_id: get(row, "transfer_id")?,
        credit_note_id: get(row, "credit_note_id")?,
        payment_id: get(row, "payment_id")?,
        received_at: get(row, "received_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn returns(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(COLUMNS.map(|column| ("sales_returns", column)))
        .from("sales_returns")
        .and_where(Expr::col(("sales_returns", "company_id")).eq(company.0))
        .to_owned()
}

fn values(found: &Return) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("number", found.number.clone().into()),
        ("delivery_id", found.delivery_id.into()),
        ("order_id", found.order_id.into()),
        ("partner_id", found.partner_id.into()),
        ("state", found.state.clone().into()),
        ("reason", found.reason.clone().into()),
        ("return_date", found.return_date.into()),
        ("transfer_id", found.transfer_id.into()),
        ("credit_note_id", found.credit_note_id.into()),
        ("payment_id", found.payment_id.into()),
        ("received_at", found.received_at.into()),
        ("created_at", found.created_at.into()),
        ("updated_at", found.updated_at.into()),
    ]
}

/// Writes a new return with its lines.
pub async fn insert_return(
    db: &impl ConnectionTrait,
    company: CompanyId,
    found: &Return,
    lines: &[ReturnLine],
) -> Result<(), DbErr> {
    let mut pairs = vec![("company_id", company.0.into()), ("id", found.id.into())];
    pairs.extend(values(found));
    sql::insert(db, "sales_returns", &pairs).await?;
    for (position, line) in (0_i32..).zip(lines) {
        sql::insert(
            db,
            "sales_return_lines",
            &[
                ("company_id", company.0.into()),
                ("id", line.id.into()),
                ("return_id", found.id.into()),
                ("position", position.into()),
                ("delivery_line_id", line.delivery_line_id.into()),
                ("order_line_id", line.order_line_id.into()),
                ("product_id", line.product_id.into()),
                ("uom", line.uom.clone().into()),
                ("quantity_e4", line.quantity_e4.into()),
                ("quantity_received_e4", line.quantity_received_e4.into()),
                ("value_minor", line.value_minor.into()),
            ],
        )
        .await?;
    }
    Ok(())
}

pub async fn update_return(
    db: &impl ConnectionTrait,
    company: CompanyId,
    found: &Return,
) -> Result<(), DbErr> {
    sql::update(db, "sales_returns", company, found.id, &values(found))
        .await
        .map(|_| ())
}

/// Writes what a line received and its value.
pub async fn update_line(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: &ReturnLine,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "sales_return_lines",
        company,
        line.id,
        &[
            ("quantity_received_e4", line.quantity_received_e4.into()),
            ("value_minor", line.value_minor.into()),
        ],
    )
    .await
    .map(|_| ())
}

pub async fn return_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<Return>, DbErr> {
    let mut select = returns(company);
    select.and_where(Expr::col(("sales_returns", "id")).eq(id));
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select).await?.as_ref().map(read).transpose()
}

pub async fn list_returns(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &ReturnFilter,
    page: &PageRequest,
) -> Result<(Vec<Return>, i64), DbErr> {
    let mut select = returns(company);
    let column = |name: &'static str| Expr::col(("sales_returns", name));
    if let Some(state) = &filter.state {
        select.and_where(column("state").eq(state.clone()));
    }
    for (name, value) in [
        ("delivery_id", filter.delivery_id),
        ("order_id", filter.order_id),
    ] {
        if let Some(value) = value {
            select.and_where(column(name).eq(value));
        }
    }
    fetch_page(db, &select, page, ("sales_returns", "id"), read).await
}

const LINE_COLUMNS: [&str; 9] = [
    "id",
    "return_id",
    "delivery_line_id",
    "order_line_id",
    "product_id",
    "uom",
    "quantity_e4",
    "quantity_received_e4",
    "value_minor",
];

fn line(row: &QueryResult) -> Result<ReturnLine, DbErr> {
    Ok(ReturnLine {
        id: get(row, "id")?,
        return_id: get(row, "return_id")?,
        delivery_line_id: get(row, "delivery_line_id")?,
        order_line_id: get(row, "order_line_id")?,
        product_id: get(row, "product_id")?,
        uom: get(row, "uom")?,
        quantity_e4: get(row, "quantity_e4")?,
        quantity_received_e4: get(row, "quantity_received_e4")?,
        value_minor: get(row, "value_minor")?,
    })
}

fn lines_select(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(LINE_COLUMNS.map(|column| ("sales_return_lines", column)))
        .from("sales_return_lines")
        .and_where(Expr::col(("sales_return_lines", "company_id")).eq(company.0))
        .to_owned()
}

/// The lines of these returns, by return, each in order.
pub async fn lines_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<ReturnLine>>, DbErr> {
    let mut found: HashMap<Uuid, Vec<ReturnLine>> = HashMap::new();
    if ids.is_empty() {
        return Ok(found);
    }
    let mut select = lines_select(company);
    select
        .and_where(Expr::col("return_id").is_in(ids.iter().copied()))
        .order_by("return_id", Order::Asc)
        .order_by("position", Order::Asc);
    for row in db.query_all(&select).await? {
        let line = line(&row)?;
        found.entry(line.return_id).or_default().push(line);
    }
    Ok(found)
}

/// What returns ask back of these delivery lines (all returns), by delivery line.
pub async fn asked_of_delivery_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    delivery_lines: &[Uuid],
) -> Result<HashMap<Uuid, i64>, DbErr> {
    let mut asked: HashMap<Uuid, i64> = HashMap::new();
    if delivery_lines.is_empty() {
        return Ok(asked);
    }
    let mut select = lines_select(company);
    select.and_where(Expr::col("delivery_line_id").is_in(delivery_lines.iter().copied()));
    for row in db.query_all(&select).await? {
        let line = line(&row)?;
        *asked.entry(line.delivery_line_id).or_default() += line.quantity_e4;
    }
    Ok(asked)
}

/// What came back of these order lines and its value: (order line, quantity, value).
pub async fn received_of_order_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order_lines: &[Uuid],
) -> Result<Vec<(Uuid, i64, i64)>, DbErr> {
    if order_lines.is_empty() {
        return Ok(Vec::new());
    }
    let mut select = lines_select(company);
    select.and_where(Expr::col("order_line_id").is_in(order_lines.iter().copied()));
    Ok(db
        .query_all(&select)
        .await?
        .iter()
        .map(line)
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|line| line.quantity_received_e4 > 0)
        .map(|line| {
            (
                line.order_line_id,
                line.quantity_received_e4,
                line.value_minor,
            )
        })
        .collect())
}
