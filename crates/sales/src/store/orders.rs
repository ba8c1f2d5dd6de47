//! Sales orders: the document, its lines with their taxes.

use std::collections::HashMap;

use arkan_catalog::InvoicePolicy;
use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use arkan_platform::sql::{self, get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LockType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use crate::domain::orders::OrderState;

#[derive(Clone, Debug)]
pub struct SalesOrder {
    pub id: Uuid,
    pub number: Option<String>,
    pub state: OrderState,
    pub partner_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub order_date: NaiveDate,
    pub commitment_date: Option<NaiveDate>,
    pub currency: String,
    pub rate_e10: i64,
    pub price_list_id: Option<Uuid>,
    pub salesperson_id: Option<Uuid>,
    pub payment_terms_days: Option<i32>,
    pub incoterm: Option<String>,
    pub incoterm_place: Option<String>,
    pub warehouse_id: Uuid,
    pub client_reference: Option<String>,
    pub shipping_address: Option<String>,
    pub promo_code: Option<String>,
    pub notes: Option<String>,
    pub amount_untaxed: i64,
    pub amount_tax: i64,
    pub amount_total: i64,
    pub quote_id: Option<Uuid>,
    pub created_by: Uuid,
    pub confirmed_at: Option<i64>,
    pub cancel_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A line; quantities in ten-thousandths of `uom`, amounts in minor units of the order's
/// currency.
#[derive(Clone, Debug)]
pub struct SalesLine {
    pub id: Uuid,
    pub product_id: Option<Uuid>,
    pub description: String,
    pub quantity_e4: i64,
    pub uom: String,
    pub unit_price_e6: i64,
    pub discount_ppm: i64,
    pub tax_ids: Vec<Uuid>,
    pub subtotal: i64,
    pub tax: i64,
    pub total: i64,
    pub invoice_policy: InvoicePolicy,
    pub quantity_delivered_e4: i64,
    pub quantity_returned_e4: i64,
    /// The discount rule that added the line.
    pub discount_id: Option<Uuid>,
}

#[derive(Debug, Default)]
pub struct OrderFilter {
    pub state: Option<OrderState>,
    pub partner_id: Option<Uuid>,
    pub salesperson_id: Option<Uuid>,
    pub warehouse_id: Option<Uuid>,
    pub product_id: Option<Uuid>,
    pub quote_id: Option<Uuid>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    pub q: Option<String>,
}

const ORDER_COLUMNS: [&str; 28] = [
    "id",
    "number",
    "state",
    "partner_id",
    "contact_id",
    "order_date",
    "commitment_date",
    "currency",
    "rate_e10",
    "price_list_id",
    "salesperson_id",
    "payment_terms_days",
    "incoterm",
    "incoterm_place",
    "warehouse_id",
    "client_reference",
    "shipping_address",
    "promo_code",
    "notes",
    "amount_untaxed_minor",
    "amount_tax_minor",
    "amount_total_minor",
    "quote_id",
    "created_by",
    "confirmed_at",
    "cancel_reason",
    "created_at",
    "updated_at",
];

fn order(row: &QueryResult) -> Result<SalesOrder, DbErr> {
    Ok(SalesOrder {
        id: get(row, "id")?,
        number: get(row, "number")?,
        state: get_code(row, "state", OrderState::parse)?,
        partner_id: get(row, "partner_id")?,
        contact_id: get(row, "contact_id")?,
        order_date: get(row, "order_date")?,
        commitment_date: get(row, "commitment_date")?,
        currency: get(row, "currency")?,
        rate_e10: get(row, "rate_e10")?,
        price_list_id: get(row, "price_list_id")?,
        salesperson_id: get(row, "salesperson_id")?,
        payment_terms_days: get(row, "payment_terms_days")?,
        incoterm: get(row, "incoterm")?,
        incoterm_place: get(row, "incoterm_place")?,
        warehouse_id: get(row, "warehouse_id")?,
        client_reference: get(row, "client_reference")?,
        shipping_address: get(row, "shipping_address")?,
        promo_code: get(row, "promo_code")?,
        notes: get(row, "notes")?,
        amount_untaxed: get(row, "amount_untaxed_minor")?,
        amount_tax: get(row, "amount_tax_minor")?,
        amount_total: get(row, "amount_total_minor")?,
        quote_id: get(row, "quote_id")?,
        created_by: get(row, "created_by")?,
        confirmed_at: get(row, "confirmed_at")?,
        cancel_reason: get(row, "cancel_reason")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn orders(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(ORDER_COLUMNS.map(|column| ("sales_orders", column)))
        .from("sales_orders")
        .and_where(Expr::col(("sales_orders", "company_id")).eq(company.0))
        .to_owned()
}

fn order_values(order: &SalesOrder) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("number", order.number.clone().into()),
        ("state", order.state.as_str().into()),
        ("partner_id", order.partner_id.into()),
        ("contact_id", order.contact_id.into()),
        ("order_date", order.order_date.into()),
        ("commitment_date", order.commitment_date.into()),
        ("currency", order.currency.clone().into()),
        ("rate_e10", order.rate_e10.into()),
        ("price_list_id", order.price_list_id.into()),
        ("salesperson_id", order.salesperson_id.into()),
        ("payment_terms_days", order.payment_terms_days.into()),
        ("incoterm", order.incoterm.clone().into()),
        ("incoterm_place", order.incoterm_place.clone().into()),
        ("warehouse_id", order.warehouse_id.into()),
        ("client_reference", order.client_reference.clone().into()),
        ("shipping_address", order.shipping_address.clone().into()),
        ("promo_code", order.promo_code.clone().into()),
        ("notes", order.notes.clone().into()),
        ("amount_untaxed_minor", order.amount_untaxed.into()),
        ("amount_tax_minor", order.amount_tax.into()),
        ("amount_total_minor", order.amount_total.into()),
        ("quote_id", order.quote_id.into()),
        ("created_by", order.created_by.into()),
        ("confirmed_at", order.confirmed_at.into()),
        ("cancel_reason", order.cancel_reason.clone().into()),
        ("created_at", order.created_at.into()),
        ("updated_at", order.updated_at.into()),
    ]
}

pub async fn insert_order(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: &SalesOrder,
) -> Result<(), DbErr> {
    let mut pairs = vec![("company_id", company.0.into()), ("id", order.id.into())];
    pairs.extend(order_values(order));
    sql::insert(db, "sales_orders", &pairs).await
}

pub async fn update_order(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: &SalesOrder,
) -> Result<(), DbErr> {
    sql::update(db, "sales_orders", company, order.id, &order_values(order))
        .await
        .map(|_| ())
}

/// The company's sales order `id`, locked until the transaction ends when `lock`.
pub async fn order_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<SalesOrder>, DbErr> {
    let mut select = orders(company);
    select.and_where(Expr::col(("sales_orders", "id")).eq(id));
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select).await?.as_ref().map(order).transpose()
}

pub async fn list_orders(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &OrderFilter,
    page: &PageRequest,
) -> Result<(Vec<SalesOrder>, i64), DbErr> {
    let mut select = orders(company);
    let column = |name: &'static str| Expr::col(("sales_orders", name));
    if let Some(state) = filter.state {
        select.and_where(column("state").eq(state.as_str()));
    }
    for (name, value) in [
        ("partner_id", filter.partner_id),
        ("salesperson_id", filter.salesperson_id),
        ("warehouse_id", filter.warehouse_id),
        ("quote_id", filter.quote_id),
    ] {
        if let Some(value) = value {
            select.and_where(column(name).eq(value));
        }
    }
    if let Some(product) = filter.product_id {
        select.and_where(
            column("id").in_subquery(
                Query::select()
                    .column("order_id")
                    .from("sales_order_lines")
                    .and_where(Expr::col("company_id").eq(company.0))
                    .and_where(Expr::col("product_id").eq(product))
                    .to_owned(),
            ),
        );
    }
    if let Some(from) = filter.date_from {
        select.and_where(column("order_date").gte(from));
    }
    if let Some(to) = filter.date_to {
        select.and_where(column("order_date").lte(to));
    }
    if let Some(text) = &filter.q {
        select.and_where(
            Expr::expr(Func::lower(column("number")))
                .like(like_pattern(text))
                .or(Expr::expr(Func::lower(column("client_reference"))).like(like_pattern(text))),
        );
    }
    fetch_page(db, &select, page, ("sales_orders", "id"), order).await
}

/// Where an order's line taxes are kept, and the column naming their order.
const ORDER_TAXES: (&str, &str) = ("sales_order_line_taxes", "order_id");

const LINE_COLUMNS: [&str; 16] = [
    "id",
    "order_id",
    "position",
    "product_id",
    "description",
    "quantity_e4",
    "uom",
    "unit_price_e6",
    "discount_ppm",
    "subtotal_minor",
    "tax_minor",
    "total_minor",
    "invoice_policy",
    "quantity_delivered_e4",
    "quantity_returned_e4",
    "discount_id",
];

/// A line's priced fields from a row of `sales_order_lines` or `sales_quote_lines` (no taxes,
/// nothing delivered).
pub(crate) fn priced_line(row: &QueryResult) -> Result<SalesLine, DbErr> {
    Ok(SalesLine {
        id: get(row, "id")?,
        product_id: get(row, "product_id")?,
        description: get(row, "description")?,
        quantity_e4: get(row, "quantity_e4")?,
        uom: get(row, "uom")?,
        unit_price_e6: get(row, "unit_price_e6")?,
        discount_ppm: get(row, "discount_ppm")?,
        tax_ids: Vec::new(),
        subtotal: get(row, "subtotal_minor")?,
        tax: get(row, "tax_minor")?,
        total: get(row, "total_minor")?,
        invoice_policy: get_code(row, "invoice_policy", InvoicePolicy::parse)?,
        quantity_delivered_e4: 0,
        quantity_returned_e4: 0,
        discount_id: get(row, "discount_id")?,
    })
}

/// The priced fields of a line as `sales_order_lines` and `sales_quote_lines` keep them.
pub(crate) fn priced_values(line: &SalesLine) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("id", line.id.into()),
        ("product_id", line.product_id.into()),
        ("description", line.description.clone().into()),
        ("quantity_e4", line.quantity_e4.into()),
        ("uom", line.uom.clone().into()),
        ("unit_price_e6", line.unit_price_e6.into()),
        ("discount_ppm", line.discount_ppm.into()),
        ("subtotal_minor", line.subtotal.into()),
        ("tax_minor", line.tax.into()),
        ("total_minor", line.total.into()),
        ("invoice_policy", line.invoice_policy.as_str().into()),
        ("discount_id", line.discount_id.into()),
    ]
}

/// Writes a line's taxes in `table` (`sales_order_line_taxes`, `sales_quote_line_taxes`),
/// under its document in `parent` (`order_id`, `quote_id`).
pub(crate) async fn insert_line_taxes(
    db: &impl ConnectionTrait,
    company: CompanyId,
    (table, parent): (&'static str, &'static str),
    document: Uuid,
    line: &SalesLine,
) -> Result<(), DbErr> {
    for (sequence, tax) in (0_i32..).zip(&line.tax_ids) {
        sql::insert(
            db,
            table,
            &[
                ("company_id", company.0.into()),
                ("id", Uuid::now_v7().into()),
                (parent, document.into()),
                ("line_id", line.id.into()),
                ("tax_id", (*tax).into()),
                ("sequence", sequence.into()),
            ],
        )
        .await?;
    }
    Ok(())
}

/// The taxes of these documents' lines in `table`, by line, in order.
pub(crate) async fn line_taxes(
    db: &impl ConnectionTrait,
    company: CompanyId,
    (table, parent): (&'static str, &'static str),
    documents: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Uuid>>, DbErr> {
    let taxes = Query::select()
        .columns(["line_id", "tax_id"])
        .from(table)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col(parent).is_in(documents.iter().copied()))
        .order_by("line_id", Order::Asc)
        .order_by("sequence", Order::Asc)
        .to_owned();
    let mut by_line: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for row in db.query_all(&taxes).await? {
        by_line
            .entry(get(&row, "line_id")?)
            .or_default()
            .push(get(&row, "tax_id")?);
    }
    Ok(by_line)
}

/// The lines of these orders with their taxes, each order's in order.
pub async fn lines_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    orders: &[Uuid],
) -> Result<HashMap<Uuid, Vec<SalesLine>>, DbErr> {
    document_lines(
        db,
        company,
        ("sales_order_lines", &LINE_COLUMNS),
        ORDER_TAXES,
        orders,
        |mut line, row| {
            line.quantity_delivered_e4 = get(row, "quantity_delivered_e4")?;
            line.quantity_returned_e4 = get(row, "quantity_returned_e4")?;
            Ok(line)
        },
    )
    .await
}

/// The lines of these sales documents (orders or quotes) in `table` with `columns`, priced
/// and given their taxes, each document's in position order; `read` adds what the document's
/// kind of line has besides.
pub(crate) async fn document_lines<T>(
    db: &impl ConnectionTrait,
    company: CompanyId,
    (table, columns): (&'static str, &[&'static str]),
    taxes: (&'static str, &'static str),
    documents: &[Uuid],
    read: impl Fn(SalesLine, &QueryResult) -> Result<T, DbErr>,
) -> Result<HashMap<Uuid, Vec<T>>, DbErr> {
    if documents.is_empty() {
        return Ok(HashMap::new());
    }
    let parent = taxes.1;
    let select = Query::select()
        .columns(columns.iter().copied())
        .from(table)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col(parent).is_in(documents.iter().copied()))
        .order_by(parent, Order::Asc)
        .order_by("position", Order::Asc)
        .to_owned();
    let mut by_line = line_taxes(db, company, taxes, documents).await?;
    let mut found: HashMap<Uuid, Vec<T>> = HashMap::new();
    for row in db.query_all(&select).await? {
        let mut line = priced_line(&row)?;
        line.tax_ids = by_line.remove(&line.id).unwrap_or_default();
        found
            .entry(get(&row, parent)?)
            .or_default()
            .push(read(line, &row)?);
    }
    Ok(found)
}

/// Deletes the rows of `tables` that belong to one sales document (`parent` column).
pub(crate) async fn delete_rows(
    db: &impl ConnectionTrait,
    company: CompanyId,
    (parent, document): (&'static str, Uuid),
    tables: &[&'static str],
) -> Result<(), DbErr> {
    for table in tables {
        let delete = Query::delete()
            .from_table(*table)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col(parent).eq(document))
            .to_owned();
        db.execute(&delete).await?;
    }
    Ok(())
}

async fn delete_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: Uuid,
) -> Result<(), DbErr> {
    delete_rows(
        db,
        company,
        ("order_id", order),
        &["sales_order_line_taxes", "sales_order_lines"],
    )
    .await
}

/// Writes the order's lines in place of those it had.
pub async fn replace_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: Uuid,
    lines: &[SalesLine],
) -> Result<(), DbErr> {
    delete_lines(db, company, order).await?;
    for (position, line) in (0_i32..).zip(lines) {
        let mut values = vec![
            ("company_id", company.0.into()),
            ("order_id", order.into()),
            ("position", position.into()),
            ("quantity_delivered_e4", line.quantity_delivered_e4.into()),
            ("quantity_returned_e4", line.quantity_returned_e4.into()),
        ];
        values.extend(priced_values(line));
        sql::insert(db, "sales_order_lines", &values).await?;
        insert_line_taxes(db, company, ORDER_TAXES, order, line).await?;
    }
    Ok(())
}

/// Deletes a draft order with its lines.
pub async fn delete_order(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: Uuid,
) -> Result<(), DbErr> {
    delete_lines(db, company, order).await?;
    let delete = Query::delete()
        .from_table("sales_orders")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(order))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}

/// Adds `delta_e4` (negative to take back) to a line's delivered quantity.
pub async fn add_delivered(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: Uuid,
    delta_e4: i64,
) -> Result<(), DbErr> {
    add_to_line(db, company, line, "quantity_delivered_e4", delta_e4).await
}

/// Adds `delta_e4` to a line's returned quantity.
pub async fn add_returned(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: Uuid,
    delta_e4: i64,
) -> Result<(), DbErr> {
    add_to_line(db, company, line, "quantity_returned_e4", delta_e4).await
}

async fn add_to_line(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: Uuid,
    column: &'static str,
    delta_e4: i64,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("sales_order_lines")
        .value(column, Expr::col(column).add(delta_e4))
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(line))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}
