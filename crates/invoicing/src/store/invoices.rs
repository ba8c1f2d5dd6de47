//! SQL of invoices, bills and credit notes. Every statement carries the caller's company.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};
use uuid::Uuid;

use crate::domain::{Installment, InvoiceKind, PaymentStatus};
use crate::store::payment_terms::{installments_of, replace_installments};
use arkan_ledger::books::DocumentState;
use arkan_platform::sql::get_code;

#[derive(Clone, Debug)]
pub struct InvoiceLine {
    pub id: Uuid,
    pub description: String,
    pub product_id: Option<Uuid>,
    pub quantity_e4: i64,
    pub unit_price_e6: i64,
    pub discount_ppm: i64,
    pub account_id: Uuid,
    pub project_id: Option<Uuid>,
    /// The purchase order line this bill line bills (bills made by purchasing).
    pub purchase_order_line_id: Option<Uuid>,
    /// The sales order line this invoice line invoices (invoices made by sales).
    pub order_line_id: Option<Uuid>,
    /// The down-payment line this line deducts (a final invoice made by sales).
    pub down_payment_line_id: Option<Uuid>,
    pub tax_ids: Vec<Uuid>,
    pub subtotal_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
}

#[derive(Clone, Debug)]
pub struct Invoice {
    pub id: Uuid,
    pub kind: InvoiceKind,
    pub partner_id: Uuid,
    pub journal_id: Uuid,
    pub invoice_date: NaiveDate,
    pub due_date: NaiveDate,
    pub currency: String,
    pub rate_e10: i64,
    pub reference: Option<String>,
    pub state: DocumentState,
    pub number: Option<String>,
    pub journal_entry_id: Option<Uuid>,
    pub origin_invoice_id: Option<Uuid>,
    pub amount_untaxed_minor: i64,
    pub amount_tax_minor: i64,
    pub amount_total_minor: i64,
    pub amount_paid_minor: i64,
    pub payment_state: PaymentStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub lines: Vec<InvoiceLine>,
    /// The payment term that set the installments; None: one installment on the due date.
    pub payment_term_id: Option<Uuid>,
    /// The term's installments, by due date (empty without a term).
    pub installments: Vec<Installment>,
    /// The early-payment discount: the last day it may be taken and its amount.
    pub discount: Option<(NaiveDate, i64)>,
    pub fiscal_position_id: Option<Uuid>,
    /// The cash rounding the total is brought to, and what it added (signed).
    pub cash_rounding_id: Option<Uuid>,
    pub amount_rounding_minor: i64,
    /// The purchase order a vendor bill was made from (by purchasing).
    pub purchase_order_id: Option<Uuid>,
    /// The sales order a customer invoice was made from (by sales; its credit notes copy it),
    /// with the order's salesperson, and whether it is a down payment.
    pub order_id: Option<Uuid>,
    pub salesperson_id: Option<Uuid>,
    pub is_down_payment: bool,
}

const COLUMNS: [&str; 31] = [
    "purchase_order_id",
    "order_id",
    "salesperson_id",
    "is_down_payment",
    "payment_term_id",
    "discount_date",
    "discount_minor",
    "fiscal_position_id",
    "id",
    "kind",
    "partner_id",
    "journal_id",
    "invoice_date",
    "due_date",
    "currency",
    "rate_e10",
    "reference",
    "state",
    "number",
    "journal_entry_id",
    "origin_invoice_id",
    "amount_untaxed_minor",
    "amount_tax_minor",
    "amount_total_minor",
    "amount_paid_minor",
    "payment_state",
    "created_at",
    "updated_at",
    "company_id",
    "cash_rounding_id",
    "amount_rounding_minor",
];

fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T, DbErr> {
    row.try_get("", column)
}

fn invoice(row: &QueryResult) -> Result<Invoice, DbErr> {
    Ok(Invoice {
        id: get(row, "id")?,
        kind: get_code(row, "kind", InvoiceKind::parse)?,
        partner_id: get(row, "partner_id")?,
        journal_id: get(row, "journal_id")?,
        invoice_date: get(row, "invoice_date")?,
        due_date: get(row, "due_date")?,
        currency: get(row, "currency")?,
        rate_e10: get(row, "rate_e10")?,
        reference: get(row, "reference")?,
        state: get_code(row, "state", DocumentState::parse)?,
        number: get(row, "number")?,
        journal_entry_id: get(row, "journal_entry_id")?,
        origin_invoice_id: get(row, "origin_invoice_id")?,
        amount_untaxed_minor: get(row, "amount_untaxed_minor")?,
        amount_tax_minor: get(row, "amount_tax_minor")?,
        amount_total_minor: get(row, "amount_total_minor")?,
        amount_paid_minor: get(row, "amount_paid_minor")?,
        payment_state: get_code(row, "payment_state", PaymentStatus::parse)?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
        lines: Vec::new(),
        payment_term_id: get(row, "payment_term_id")?,
        installments: Vec::new(),
        discount: get::<Option<NaiveDate>>(row, "discount_date")?
            .zip(get::<Option<i64>>(row, "discount_minor")?),
        fiscal_position_id: get(row, "fiscal_position_id")?,
        cash_rounding_id: get(row, "cash_rounding_id")?,
        amount_rounding_minor: get(row, "amount_rounding_minor")?,
        purchase_order_id: get(row, "purchase_order_id")?,
        order_id: get(row, "order_id")?,
        salesperson_id: get(row, "salesperson_id")?,
        is_down_payment: get(row, "is_down_payment")?,
    })
}

fn header(invoice: &Invoice) -> Vec<(&'static str, Value)> {
    vec![
        ("kind", invoice.kind.as_str().into()),
        ("partner_id", invoice.partner_id.into()),
        ("journal_id", invoice.journal_id.into()),
        ("invoice_date", invoice.invoice_date.into()),
        ("due_date", invoice.due_date.into()),
        ("currency", invoice.currency.clone().into()),
        ("rate_e10", invoice.rate_e10.into()),
        ("reference", invoice.reference.clone().into()),
        ("state", invoice.state.as_str().into()),
        ("number", invoice.number.clone().into()),
        ("journal_entry_id", invoice.journal_entry_id.into()),
        ("origin_invoice_id", invoice.origin_invoice_id.into()),
        ("amount_untaxed_minor", invoice.amount_untaxed_minor.into()),
        ("amount_tax_minor", invoice.amount_tax_minor.into()),
        ("amount_total_minor", invoice.amount_total_minor.into()),
        ("amount_paid_minor", invoice.amount_paid_minor.into()),
        ("payment_state", invoice.payment_state.as_str().into()),
        ("updated_at", invoice.updated_at.into()),
        ("payment_term_id", invoice.payment_term_id.into()),
        (
            "discount_date",
            invoice.discount.map(|(date, _)| date).into(),
        ),
        (
            "discount_minor",
            invoice.discount.map(|(_, amount)| amount).into(),
        ),
        ("fiscal_position_id", invoice.fiscal_position_id.into()),
        ("cash_rounding_id", invoice.cash_rounding_id.into()),
        (
            "amount_rounding_minor",
            invoice.amount_rounding_minor.into(),
        ),
        ("purchase_order_id", invoice.purchase_order_id.into()),
        ("order_id", invoice.order_id.into()),
        ("salesperson_id", invoice.salesperson_id.into()),
        ("is_down_payment", invoice.is_down_payment.into()),
    ]
}

pub async fn insert_invoice(
    db: &impl ConnectionTrait,
    company: CompanyId,
    invoice: &Invoice,
) -> Result<(), DbErr> {
    let mut pairs = vec![
        ("company_id", company.0.into()),
        ("id", invoice.id.into()),
        ("created_at", invoice.created_at.into()),
    ];
    pairs.extend(header(invoice));
    let statement = Query::insert()
        .into_table("invoices")
        .columns(pairs.iter().map(|(column, _)| *column))
        .values_panic(pairs.into_iter().map(|(_, value)| value.into()))
        .to_owned();
    db.execute(&statement).await?;
    insert_lines(db, company, invoice).await?;
    replace_installments(db, company, invoice.id, &invoice.installments).await
}

async fn insert_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    invoice: &Invoice,
) -> Result<(), DbErr> {
    if invoice.lines.is_empty() {
        return Ok(());
    }
    let mut lines = Query::insert()
        .into_table("invoice_lines")
        .columns([
            "company_id",
            "id",
            "invoice_id",
            "line_no",
            "description",
            "product_id",
            "quantity_e4",
            "unit_price_e6",
            "discount_ppm",
            "account_id",
            "project_id",
            "subtotal_minor",
            "tax_minor",
            "total_minor",
            "purchase_order_line_id",
            "order_line_id",
            "down_payment_line_id",
        ])
        .to_owned();
    let mut taxes = Query::insert()
        .into_table("invoice_line_taxes")
        .columns(["company_id", "line_id", "tax_id", "position"])
        .to_owned();
    let mut any_tax = false;
    for (number, line) in invoice.lines.iter().enumerate() {
        lines.values_panic([
            company.0.into(),
            line.id.into(),
            invoice.id.into(),
            i32::try_from(number).unwrap_or(i32::MAX).into(),
            line.description.clone().into(),
            line.product_id.into(),
            line.quantity_e4.into(),
            line.unit_price_e6.into(),
            line.discount_ppm.into(),
            line.account_id.into(),
            line.project_id.into(),
            line.subtotal_minor.into(),
            line.tax_minor.into(),
            line.total_minor.into(),
            line.purchase_order_line_id.into(),
            line.order_line_id.into(),
            line.down_payment_line_id.into(),
        ]);
        for (position, tax) in line.tax_ids.iter().enumerate() {
            any_tax = true;
            taxes.values_panic([
                company.0.into(),
                line.id.into(),
                (*tax).into(),
                i32::try_from(position).unwrap_or(i32::MAX).into(),
            ]);
        }
    }
    db.execute(&lines).await?;
    if any_tax {
        db.execute(&taxes).await?;
    }
    Ok(())
}

/// Saves a draft (and with `replace_lines` its lines) only if it is still the version read.
pub async fn update_draft(
    db: &impl ConnectionTrait,
    company: CompanyId,
    invoice: &Invoice,
    read_version: i64,
    replace_lines: bool,
) -> Result<bool, DbErr> {
    if !update_if(db, company, invoice, read_version, DocumentState::Draft).await? {
        return Ok(false);
    }
    if replace_lines {
        let delete = Query::delete()
            .from_table("invoice_lines")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("invoice_id").eq(invoice.id))
            .to_owned();
        db.execute(&delete).await?;
        insert_lines(db, company, invoice).await?;
    }
    replace_installments(db, company, invoice.id, &invoice.installments).await?;
    Ok(true)
}

/// Saves the header only if the stored invoice is still in `state` at `read_version`.
pub async fn update_if(
    db: &impl ConnectionTrait,
    company: CompanyId,
    invoice: &Invoice,
    read_version: i64,
    state: DocumentState,
) -> Result<bool, DbErr> {
    let statement = Query::update()
        .table("invoices")
        .values(
            header(invoice)
                .into_iter()
                .map(|(column, value)| (column, value.into())),
        )
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(invoice.id))
        .and_where(Expr::col("state").eq(state.as_str()))
        .and_where(Expr::col("updated_at").eq(read_version))
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected() == 1)
}

pub async fn delete_draft(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    read_version: i64,
) -> Result<bool, DbErr> {
    let statement = Query::delete()
        .from_table("invoices")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("state").eq(DocumentState::Draft.as_str()))
        .and_where(Expr::col("updated_at").eq(read_version))
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected() == 1)
}

/// Filters of the invoice list.
#[derive(Default)]
pub struct InvoiceFilter {
    pub kind: Option<InvoiceKind>,
    pub state: Option<DocumentState>,
    pub partner_id: Option<Uuid>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
}

pub fn invoices(company: CompanyId, filter: &InvoiceFilter) -> SelectStatement {
    let mut select = Query::select()
        .columns(COLUMNS.map(|column| ("invoices", column)))
        .from("invoices")
        .and_where(Expr::col(("invoices", "company_id")).eq(company.0))
        .to_owned();
    if let Some(kind) = filter.kind {
        select.and_where(Expr::col(("invoices", "kind")).eq(kind.as_str()));
    }
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("invoices", "state")).eq(state.as_str()));
    }
    if let Some(partner) = filter.partner_id {
        select.and_where(Expr::col(("invoices", "partner_id")).eq(partner));
    }
    if let Some(from) = filter.date_from {
        select.and_where(Expr::col(("invoices", "invoice_date")).gte(from));
    }
    if let Some(to) = filter.date_to {
        select.and_where(Expr::col(("invoices", "invoice_date")).lte(to));
    }
    select
}

pub async fn list_invoices(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &InvoiceFilter,
    page: &PageRequest,
) -> Result<(Vec<Invoice>, i64), DbErr> {
    let (mut list, total) = fetch_page(
        db,
        &invoices(company, filter),
        page,
        ("invoices", "id"),
        invoice,
    )
    .await?;
    attach_lines(db, company, &mut list).await?;
    Ok((list, total))
}

pub async fn invoice_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Invoice>, DbErr> {
    let mut select = invoices(company, &InvoiceFilter::default());
    select.and_where(Expr::col(("invoices", "id")).eq(id));
    let Some(row) = db.query_one(&select).await? else {
        return Ok(None);
    };
    let mut found = [invoice(&row)?];
    attach_lines(db, company, &mut found).await?;
    let [found] = found;
    Ok(Some(found))
}

/// The documents of the company posted as these journal entries, with their lines.
pub async fn invoices_by_entries(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entries: &[Uuid],
) -> Result<Vec<Invoice>, DbErr> {
    let mut found = Vec::with_capacity(entries.len());
    for chunk in entries.chunks(500) {
        let mut select = invoices(company, &InvoiceFilter::default());
        select.and_where(Expr::col(("invoices", "journal_entry_id")).is_in(chunk.iter().copied()));
        let mut rows = db
            .query_all(&select)
            .await?
            .iter()
            .map(invoice)
            .collect::<Result<Vec<_>, _>>()?;
        attach_lines(db, company, &mut rows).await?;
        found.extend(rows);
    }
    Ok(found)
}

async fn attach_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    invoices: &mut [Invoice],
) -> Result<(), DbErr> {
    if invoices.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = invoices.iter().map(|invoice| invoice.id).collect();
    let select = Query::select()
        .columns([
            "id",
            "invoice_id",
            "description",
            "product_id",
            "quantity_e4",
            "unit_price_e6",
            "discount_ppm",
            "account_id",
            "project_id",
            "subtotal_minor",
            "tax_minor",
            "total_minor",
            "purchase_order_line_id",
            "order_line_id",
            "down_payment_line_id",
        ])
        .from("invoice_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("invoice_id").is_in(ids.iter().copied()))
        .order_by("line_no", Order::Asc)
        .to_owned();
    let rows = db.query_all(&select).await?;
    let line_ids: Vec<Uuid> = rows
        .iter()
        .map(|row| get(row, "id"))
        .collect::<Result<_, _>>()?;
    let mut taxes: Vec<(Uuid, Uuid)> = Vec::new();
    if !line_ids.is_empty() {
        let select = Query::select()
            .columns(["line_id", "tax_id"])
            .from("invoice_line_taxes")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("line_id").is_in(line_ids.iter().copied()))
            .order_by("position", Order::Asc)
            .to_owned();
        for row in db.query_all(&select).await? {
            taxes.push((get(&row, "line_id")?, get(&row, "tax_id")?));
        }
    }
    for row in rows {
        let id: Uuid = get(&row, "id")?;
        let invoice_id: Uuid = get(&row, "invoice_id")?;
        let line = InvoiceLine {
            id,
            description: get(&row, "description")?,
            product_id: get(&row, "product_id")?,
            quantity_e4: get(&row, "quantity_e4")?,
            unit_price_e6: get(&row, "unit_price_e6")?,
            discount_ppm: get(&row, "discount_ppm")?,
            account_id: get(&row, "account_id")?,
            project_id: get(&row, "project_id")?,
            purchase_order_line_id: get(&row, "purchase_order_line_id")?,
            order_line_id: get(&row, "order_line_id")?,
            down_payment_line_id: get(&row, "down_payment_line_id")?,
            tax_ids: taxes
                .iter()
                .filter(|(line, _)| *line == id)
                .map(|(_, tax)| *tax)
                .collect(),
            subtotal_minor: get(&row, "subtotal_minor")?,
            tax_minor: get(&row, "tax_minor")?,
            total_minor: get(&row, "total_minor")?,
        };
        if let Some(invoice) = invoices.iter_mut().find(|invoice| invoice.id == invoice_id) {
            invoice.lines.push(line);
        }
    }
    let with_terms: Vec<Uuid> = invoices
        .iter()
        .filter(|invoice| invoice.payment_term_id.is_some())
        .map(|invoice| invoice.id)
        .collect();
    for (invoice_id, installment) in installments_of(db, company, &with_terms).await? {
        if let Some(invoice) = invoices.iter_mut().find(|invoice| invoice.id == invoice_id) {
            invoice.installments.push(installment);
        }
    }
    Ok(())
}

/// The credit notes issued against an invoice, oldest first.
pub async fn credit_note_ids(
    db: &impl ConnectionTrait,
    company: CompanyId,
    invoice: Uuid,
) -> Result<Vec<Uuid>, DbErr> {
    let mut found = credit_note_ids_of(db, company, &[invoice]).await?;
    Ok(found.remove(&invoice).unwrap_or_default())
}

/// The credit notes issued against each of `invoices` (a page of a list), oldest first, in one
/// query; an invoice without credit notes has no entry.
pub async fn credit_note_ids_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    invoices: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Uuid>>, DbErr> {
    let mut found: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    if invoices.is_empty() {
        return Ok(found);
    }
    let select = Query::select()
        .columns(["id", "origin_invoice_id"])
        .from("invoices")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("origin_invoice_id").is_in(invoices.iter().copied()))
        .order_by("created_at", Order::Asc)
        .order_by("id", Order::Asc)
        .to_owned();
    for row in db.query_all(&select).await? {
        let origin: Uuid = get(&row, "origin_invoice_id")?;
        found.entry(origin).or_default().push(get(&row, "id")?);
    }
    Ok(found)
}

/// Whether any invoice of the company refers to `id` in `column` (`payment_term_id`,
/// `fiscal_position_id`): master data in use cannot be deleted.
pub async fn any_invoice_with(
    db: &impl ConnectionTrait,
    company: CompanyId,
    column: &'static str,
    id: Uuid,
) -> Result<bool, DbErr> {
    let select = Query::select()
        .expr(Expr::val(1))
        .from("invoices")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col(column).eq(id))
        .limit(1)
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}

/// The document the company's invoice line `line` belongs to.
pub async fn invoice_of_line(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: Uuid,
) -> Result<Option<Uuid>, DbErr> {
    let select = Query::select()
        .column("invoice_id")
        .from("invoice_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(line))
        .to_owned();
    db.query_one(&select)
        .await?
        .map(|row| get(&row, "invoice_id"))
        .transpose()
}

/// Whether any invoice line of the company names `project`.
pub async fn lines_name_project(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: Uuid,
) -> Result<bool, DbErr> {
    let select = Query::select()
        .expr(Expr::val(1))
        .from("invoice_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("project_id").eq(project))
        .limit(1)
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}

/// The posted documents in `currency` not wholly paid, with what is left to pay, oldest first.
pub async fn open_documents(
    db: &impl ConnectionTrait,
    company: CompanyId,
    currency: &str,
) -> Result<Vec<OpenDocumentRow>, DbErr> {
    let select = Query::select()
        .columns([
            "id",
            "kind",
            "partner_id",
            "number",
            "reference",
            "invoice_date",
            "amount_total_minor",
            "amount_paid_minor",
        ])
        .from("invoices")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("state").eq(DocumentState::Posted.as_str()))
        .and_where(Expr::col("currency").eq(currency))
        .and_where(Expr::col("amount_paid_minor").lt(Expr::col("amount_total_minor")))
        .order_by("invoice_date", Order::Asc)
        .order_by("id", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok(OpenDocumentRow {
                id: get(row, "id")?,
                kind: get_code(row, "kind", InvoiceKind::parse)?,
                partner_id: get(row, "partner_id")?,
                number: get(row, "number")?,
                reference: get(row, "reference")?,
                date: get(row, "invoice_date")?,
                due_minor: get::<i64>(row, "amount_total_minor")?
                    - get::<i64>(row, "amount_paid_minor")?,
            })
        })
        .collect()
}

/// A posted document not wholly paid.
pub struct OpenDocumentRow {
    pub id: Uuid,
    pub kind: InvoiceKind,
    pub partner_id: Uuid,
    pub number: Option<String>,
    pub reference: Option<String>,
    pub date: NaiveDate,
    pub due_minor: i64,
}

/// Per purchase order line, the quantity (ten-thousandths) on the company's posted vendor bills,
/// `except` one.
pub async fn billed_quantities(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order_lines: &[Uuid],
    except: Option<Uuid>,
) -> Result<HashMap<Uuid, i64>, DbErr> {
    let mut billed = HashMap::new();
    for chunk in order_lines.chunks(500) {
        let mut select = Query::select()
            .column(("invoice_lines", "purchase_order_line_id"))
            .expr_as(
                Expr::cust("CAST(SUM(invoice_lines.quantity_e4) AS BIGINT)"),
                "quantity_e4",
            )
            .from("invoice_lines")
            .inner_join(
                "invoices",
                Expr::col(("invoices", "company_id"))
                    .equals(("invoice_lines", "company_id"))
                    .and(Expr::col(("invoices", "id")).equals(("invoice_lines", "invoice_id"))),
            )
            .and_where(Expr::col(("invoice_lines", "company_id")).eq(company.0))
            .and_where(
                Expr::col(("invoice_lines", "purchase_order_line_id")).is_in(chunk.iter().copied()),
            )
            .and_where(Expr::col(("invoices", "kind")).eq(InvoiceKind::VendorBill.as_str()))
            .and_where(Expr::col(("invoices", "state")).eq(DocumentState::Posted.as_str()))
            .group_by_col(("invoice_lines", "purchase_order_line_id"))
            .to_owned();
        if let Some(except) = except {
            select.and_where(Expr::col(("invoices", "id")).ne(except));
        }
        for row in db.query_all(&select).await? {
            billed.insert(
                get::<Uuid>(&row, "purchase_order_line_id")?,
                get::<i64>(&row, "quantity_e4")?,
            );
        }
    }
    Ok(billed)
}

/// A client's posted customer invoices and credit notes in `currency` not wholly paid:
/// (invoices due less credit notes open, due of the invoices past their due date at `as_of`,
/// how many those are).
pub async fn partner_receivables(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partner: Uuid,
    currency: &str,
    as_of: NaiveDate,
) -> Result<(i64, i64, i64), DbErr> {
    let select = Query::select()
        .columns([
            "kind",
            "due_date",
            "amount_total_minor",
            "amount_paid_minor",
        ])
        .from("invoices")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("partner_id").eq(partner))
        .and_where(Expr::col("state").eq(DocumentState::Posted.as_str()))
        .and_where(Expr::col("currency").eq(currency))
        .and_where(Expr::col("kind").is_in([
            InvoiceKind::CustomerInvoice.as_str(),
            InvoiceKind::CustomerCreditNote.as_str(),
        ]))
        .and_where(Expr::col("amount_paid_minor").lt(Expr::col("amount_total_minor")))
        .to_owned();
    let (mut open, mut overdue, mut count) = (0_i64, 0_i64, 0_i64);
    for row in db.query_all(&select).await? {
        let due = get::<i64>(&row, "amount_total_minor")? - get::<i64>(&row, "amount_paid_minor")?;
        if get_code(&row, "kind", InvoiceKind::parse)? == InvoiceKind::CustomerCreditNote {
            open -= due;
        } else {
            open += due;
            if get::<NaiveDate>(&row, "due_date")? < as_of {
                overdue += due;
                count += 1;
            }
        }
    }
    Ok((open, overdue, count))
}

/// The company's documents made from these sales orders, with their lines, oldest first.
pub async fn invoices_of_sales_orders(
    db: &impl ConnectionTrait,
    company: CompanyId,
    orders: &[Uuid],
) -> Result<Vec<Invoice>, DbErr> {
    let mut found = Vec::new();
    for chunk in orders.chunks(500) {
        let mut select = invoices(company, &InvoiceFilter::default());
        select
            .and_where(Expr::col(("invoices", "order_id")).is_in(chunk.iter().copied()))
            .order_by(("invoices", "created_at"), Order::Asc)
            .order_by(("invoices", "id"), Order::Asc);
        let mut rows = db
            .query_all(&select)
            .await?
            .iter()
            .map(invoice)
            .collect::<Result<Vec<_>, _>>()?;
        attach_lines(db, company, &mut rows).await?;
        found.extend(rows);
    }
    Ok(found)
}
