//! Purchase orders: the document, its lines with their taxes, and the transfers and bills
//! linked to it.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use arkan_platform::sql::{self, get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LockType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use crate::domain::{BillingState, OrderState, ReceiptState};

#[derive(Clone, Debug)]
pub struct PurchaseOrder {
    pub id: Uuid,
    pub number: Option<String>,
    pub state: OrderState,
    pub partner_id: Uuid,
    pub order_date: NaiveDate,
    pub expected_date: Option<NaiveDate>,
    pub currency: String,
    pub rate_e10: i64,
    pub vendor_reference: Option<String>,
    pub warehouse_id: Uuid,
    pub payment_terms_days: Option<i32>,
    pub incoterm: Option<String>,
    pub incoterm_place: Option<String>,
    pub notes: Option<String>,
    pub amount_untaxed: i64,
    pub amount_tax: i64,
    pub amount_total: i64,
    pub receipt_state: ReceiptState,
    pub billing_state: BillingState,
    pub rfq_id: Option<Uuid>,
    pub blanket_order_id: Option<Uuid>,
    pub agreement_id: Option<Uuid>,
    pub created_by: Uuid,
    pub approved_by: Option<Uuid>,
    pub approved_at: Option<i64>,
    pub approval_note: Option<String>,
    pub confirmed_at: Option<i64>,
    pub acknowledged_at: Option<i64>,
    pub vendor_expected_date: Option<NaiveDate>,
    pub shipping: Option<String>,
    pub cancel_reason: Option<String>,
    /// Set by a receipt without backorder: nothing more is expected.
    pub receipts_closed_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A line; quantities in ten-thousandths of `uom`, amounts in minor units of the order's
/// currency.
#[derive(Clone, Debug)]
pub struct PurchaseLine {
    pub id: Uuid,
    pub product_id: Option<Uuid>,
    pub description: String,
    pub quantity_e4: i64,
    pub uom: String,
    pub unit_price_e6: i64,
    pub discount_ppm: i64,
    pub tax_ids: Vec<Uuid>,
    pub expected_date: Option<NaiveDate>,
    pub subtotal: i64,
    pub tax: i64,
    pub total: i64,
    pub quantity_received_e4: i64,
    pub quantity_billed_e4: i64,
    pub quantity_returned_e4: i64,
    /// The blanket order line a call-off's line came from.
    pub blanket_line_id: Option<Uuid>,
}

#[derive(Debug, Default)]
pub struct OrderFilter {
    pub state: Option<OrderState>,
    pub partner_id: Option<Uuid>,
    pub warehouse_id: Option<Uuid>,
    pub product_id: Option<Uuid>,
    pub rfq_id: Option<Uuid>,
    pub blanket_order_id: Option<Uuid>,
    pub agreement_id: Option<Uuid>,
    pub receipt_state: Option<ReceiptState>,
    pub billing_state: Option<BillingState>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    pub q: Option<String>,
}

const ORDER_COLUMNS: [&str; 34] = [
    "id",
    "number",
    "state",
    "partner_id",
    "order_date",
    "expected_date",
    "currency",
    "rate_e10",
    "vendor_reference",
    "warehouse_id",
    "payment_terms_days",
    "incoterm",
    "incoterm_place",
    "notes",
    "amount_untaxed_minor",
    "amount_tax_minor",
    "amount_total_minor",
    "receipt_state",
    "billing_state",
    "rfq_id",
    "blanket_order_id",
    "agreement_id",
    "created_by",
    "approved_by",
    "approved_at",
    "approval_note",
    "confirmed_at",
    "acknowledged_at",
    "vendor_expected_date",
    "shipping",
    "cancel_reason",
    "receipts_closed_at",
    "created_at",
    "updated_at",
];

fn order(row: &QueryResult) -> Result<PurchaseOrder, DbErr> {
    Ok(PurchaseOrder {
        id: get(row, "id")?,
        number: get(row, "number")?,
        state: get_code(row, "state", OrderState::parse)?,
        partner_id: get(row, "partner_id")?,
        order_date: get(row, "order_date")?,
        expected_date: get(row, "expected_date")?,
        currency: get(row, "currency")?,
        rate_e10: get(row, "rate_e10")?,
        vendor_reference: get(row, "vendor_reference")?,
        warehouse_id: get(row, "warehouse_id")?,
        payment_terms_days: get(row, "payment_terms_days")?,
        incoterm: get(row, "incoterm")?,
        incoterm_place: get(row, "incoterm_place")?,
        notes: get(row, "notes")?,
        amount_untaxed: get(row, "amount_untaxed_minor")?,
        amount_tax: get(row, "amount_tax_minor")?,
        amount_total: get(row, "amount_total_minor")?,
        receipt_state: get_code(row, "receipt_state", ReceiptState::parse)?,
        billing_state: get_code(row, "billing_state", BillingState::parse)?,
        rfq_id: get(row, "rfq_id")?,
        blanket_order_id: get(row, "blanket_order_id")?,
        agreement_id: get(row, "agreement_id")?,
        created_by: get(row, "created_by")?,
        approved_by: get(row, "approved_by")?,
        approved_at: get(row, "approved_at")?,
        approval_note: get(row, "approval_note")?,
        confirmed_at: get(row, "confirmed_at")?,
        acknowledged_at: get(row, "acknowledged_at")?,
        vendor_expected_date: get(row, "vendor_expected_date")?,
        shipping: get(row, "shipping")?,
        cancel_reason: get(row, "cancel_reason")?,
        receipts_closed_at: get(row, "receipts_closed_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn orders(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(ORDER_COLUMNS.map(|column| ("purchase_orders", column)))
        .from("purchase_orders")
        .and_where(Expr::col(("purchase_orders", "company_id")).eq(company.0))
        .to_owned()
}

fn order_values(order: &PurchaseOrder) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("number", order.number.clone().into()),
        ("state", order.state.as_str().into()),
        ("partner_id", order.partner_id.into()),
        ("order_date", order.order_date.into()),
        ("expected_date", order.expected_date.into()),
        ("currency", order.currency.clone().into()),
        ("rate_e10", order.rate_e10.into()),
        ("vendor_reference", order.vendor_reference.clone().into()),
        ("warehouse_id", order.warehouse_id.into()),
        ("payment_terms_days", order.payment_terms_days.into()),
        ("incoterm", order.incoterm.clone().into()),
        ("incoterm_place", order.incoterm_place.clone().into()),
        ("notes", order.notes.clone().into()),
        ("amount_untaxed_minor", order.amount_untaxed.into()),
        ("amount_tax_minor", order.amount_tax.into()),
        ("amount_total_minor", order.amount_total.into()),
        ("receipt_state", order.receipt_state.as_str().into()),
        ("billing_state", order.billing_state.as_str().into()),
        ("rfq_id", order.rfq_id.into()),
        ("blanket_order_id", order.blanket_order_id.into()),
        ("agreement_id", order.agreement_id.into()),
        ("created_by", order.created_by.into()),
        ("approved_by", order.approved_by.into()),
        ("approved_at", order.approved_at.into()),
        ("approval_note", order.approval_note.clone().into()),
        ("confirmed_at", order.confirmed_at.into()),
        ("acknowledged_at", order.acknowledged_at.into()),
        ("vendor_expected_date", order.vendor_expected_date.into()),
        ("shipping", order.shipping.clone().into()),
        ("cancel_reason", order.cancel_reason.clone().into()),
        ("receipts_closed_at", order.receipts_closed_at.into()),
        ("created_at", order.created_at.into()),
        ("updated_at", order.updated_at.into()),
    ]
}

pub async fn insert_order(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: &PurchaseOrder,
) -> Result<(), DbErr> {
    let mut pairs = vec![("company_id", company.0.into()), ("id", order.id.into())];
    pairs.extend(order_values(order));
    sql::insert(db, "purchase_orders", &pairs).await
}

pub async fn update_order(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: &PurchaseOrder,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "purchase_orders",
        company,
        order.id,
        &order_values(order),
    )
    .await
    .map(|_| ())
}

/// The company's purchase order `id`, locked until the transaction ends when `lock`.
pub async fn order_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<PurchaseOrder>, DbErr> {
    let mut select = orders(company);
    select.and_where(Expr::col(("purchase_orders", "id")).eq(id));
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
) -> Result<(Vec<PurchaseOrder>, i64), DbErr> {
    let mut select = orders(company);
    let column = |name: &'static str| Expr::col(("purchase_orders", name));
    if let Some(state) = filter.state {
        select.and_where(column("state").eq(state.as_str()));
    }
    if let Some(receipt_state) = filter.receipt_state {
        select.and_where(column("receipt_state").eq(receipt_state.as_str()));
    }
    if let Some(billing_state) = filter.billing_state {
        select.and_where(column("billing_state").eq(billing_state.as_str()));
    }
    for (name, value) in [
        ("partner_id", filter.partner_id),
        ("warehouse_id", filter.warehouse_id),
        ("rfq_id", filter.rfq_id),
        ("blanket_order_id", filter.blanket_order_id),
        ("agreement_id", filter.agreement_id),
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
                    .from("purchase_order_lines")
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
                .or(Expr::expr(Func::lower(column("vendor_reference"))).like(like_pattern(text))),
        );
    }
    fetch_page(db, &select, page, ("purchase_orders", "id"), order).await
}

const LINE_COLUMNS: [&str; 17] = [
    "blanket_line_id",
    "id",
    "order_id",
    "product_id",
    "description",
    "quantity_e4",
    "uom",
    "unit_price_e6",
    "discount_ppm",
    "expected_date",
    "subtotal_minor",
    "tax_minor",
    "total_minor",
    "quantity_received_e4",
    "quantity_billed_e4",
    "quantity_returned_e4",
    "position",
];

fn line(row: &QueryResult) -> Result<(Uuid, PurchaseLine), DbErr> {
    Ok((
        get(row, "order_id")?,
        PurchaseLine {
            id: get(row, "id")?,
            product_id: get(row, "product_id")?,
            description: get(row, "description")?,
            quantity_e4: get(row, "quantity_e4")?,
            uom: get(row, "uom")?,
            unit_price_e6: get(row, "unit_price_e6")?,
            discount_ppm: get(row, "discount_ppm")?,
            tax_ids: Vec::new(),
            expected_date: get(row, "expected_date")?,
            subtotal: get(row, "subtotal_minor")?,
            tax: get(row, "tax_minor")?,
            total: get(row, "total_minor")?,
            quantity_received_e4: get(row, "quantity_received_e4")?,
            quantity_billed_e4: get(row, "quantity_billed_e4")?,
            quantity_returned_e4: get(row, "quantity_returned_e4")?,
            blanket_line_id: get(row, "blanket_line_id")?,
        },
    ))
}

/// The lines of these orders with their taxes, each order's in order.
pub async fn lines_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    orders: &[Uuid],
) -> Result<HashMap<Uuid, Vec<PurchaseLine>>, DbErr> {
    if orders.is_empty() {
        return Ok(HashMap::new());
    }
    let select = Query::select()
        .columns(LINE_COLUMNS)
        .from("purchase_order_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("order_id").is_in(orders.iter().copied()))
        .order_by("order_id", Order::Asc)
        .order_by("position", Order::Asc)
        .to_owned();
    let taxes = Query::select()
        .columns(["line_id", "tax_id"])
        .from("purchase_order_line_taxes")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("order_id").is_in(orders.iter().copied()))
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
    let mut found: HashMap<Uuid, Vec<PurchaseLine>> = HashMap::new();
    for row in db.query_all(&select).await? {
        let (order, mut line) = line(&row)?;
        line.tax_ids = by_line.remove(&line.id).unwrap_or_default();
        found.entry(order).or_default().push(line);
    }
    Ok(found)
}

async fn delete_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: Uuid,
) -> Result<(), DbErr> {
    for table in ["purchase_order_line_taxes", "purchase_order_lines"] {
        let delete = Query::delete()
            .from_table(table)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("order_id").eq(order))
            .to_owned();
        db.execute(&delete).await?;
    }
    Ok(())
}

/// Writes the order's lines in place of those it had.
pub async fn replace_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: Uuid,
    lines: &[PurchaseLine],
) -> Result<(), DbErr> {
    delete_lines(db, company, order).await?;
    for (position, line) in (0_i32..).zip(lines) {
        sql::insert(
            db,
            "purchase_order_lines",
            &[
                ("company_id", company.0.into()),
                ("id", line.id.into()),
                ("order_id", order.into()),
                ("position", position.into()),
                ("product_id", line.product_id.into()),
                ("description", line.description.clone().into()),
                ("quantity_e4", line.quantity_e4.into()),
                ("uom", line.uom.clone().into()),
                ("unit_price_e6", line.unit_price_e6.into()),
                ("discount_ppm", line.discount_ppm.into()),
                ("expected_date", line.expected_date.into()),
                ("subtotal_minor", line.subtotal.into()),
                ("tax_minor", line.tax.into()),
                ("total_minor", line.total.into()),
                ("quantity_received_e4", line.quantity_received_e4.into()),
                ("quantity_billed_e4", line.quantity_billed_e4.into()),
                ("quantity_returned_e4", line.quantity_returned_e4.into()),
                ("blanket_line_id", line.blanket_line_id.into()),
            ],
        )
        .await?;
        for (sequence, tax) in (0_i32..).zip(&line.tax_ids) {
            sql::insert(
                db,
                "purchase_order_line_taxes",
                &[
                    ("company_id", company.0.into()),
                    ("id", Uuid::now_v7().into()),
                    ("order_id", order.into()),
                    ("line_id", line.id.into()),
                    ("tax_id", (*tax).into()),
                    ("sequence", sequence.into()),
                ],
            )
            .await?;
        }
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
        .from_table("purchase_orders")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(order))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}

/// The receipts (oldest first) and bills of these orders, by order.
pub async fn links_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    orders: &[Uuid],
) -> Result<HashMap<Uuid, (Vec<Uuid>, Vec<Uuid>)>, DbErr> {
    let mut found: HashMap<Uuid, (Vec<Uuid>, Vec<Uuid>)> = HashMap::new();
    if orders.is_empty() {
        return Ok(found);
    }
    for (table, column, second) in [
        ("purchase_order_transfers", "transfer_id", false),
        ("purchase_order_invoices", "invoice_id", true),
    ] {
        let mut select = Query::select()
            .columns(["order_id", column])
            .from(table)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("order_id").is_in(orders.iter().copied()))
            .order_by("created_at", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        if !second {
            // Returns are transfers of the order too, but not receipts.
            select.and_where(Expr::col("kind").eq("receipt"));
        }
        for row in db.query_all(&select).await? {
            let entry = found.entry(get(&row, "order_id")?).or_default();
            let id: Uuid = get(&row, column)?;
            if second {
                entry.1.push(id);
            } else {
                entry.0.push(id);
            }
        }
    }
    Ok(found)
}

/// Writes a line's received and returned quantities.
pub async fn set_line_progress(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: &PurchaseLine,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "purchase_order_lines",
        company,
        line.id,
        &[
            ("quantity_received_e4", line.quantity_received_e4.into()),
            ("quantity_returned_e4", line.quantity_returned_e4.into()),
        ],
    )
    .await
    .map(|_| ())
}

/// Records a transfer (`receipt` or `return`) made from the order.
pub async fn link_transfer(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: Uuid,
    transfer: Uuid,
    (kind, date): (&'static str, NaiveDate),
    now: i64,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "purchase_order_transfers",
        &[
            ("company_id", company.0.into()),
            ("id", Uuid::now_v7().into()),
            ("order_id", order.into()),
            ("transfer_id", transfer.into()),
            ("kind", kind.into()),
            ("date", date.into()),
            ("created_at", now.into()),
        ],
    )
    .await
}
