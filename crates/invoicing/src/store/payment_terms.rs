//! SQL of payment terms and of invoices' installments. Every statement carries the caller's
//! company.

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use arkan_platform::sql::get_code;
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use crate::domain::{Installment, TermLine, TermLineKind};

#[derive(Clone, Debug)]
pub struct PaymentTerm {
    pub id: Uuid,
    pub name: String,
    /// The early-payment discount: percent in ten-thousandths and days from the invoice date.
    pub discount: Option<(i64, i32)>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub lines: Vec<TermLine>,
}

fn terms(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(
            [
                "id",
                "name",
                "discount_percent_e4",
                "discount_days",
                "active",
                "created_at",
                "updated_at",
            ]
            .map(|column| ("payment_terms", column)),
        )
        .from("payment_terms")
        .and_where(Expr::col(("payment_terms", "company_id")).eq(company.0))
        .to_owned()
}

fn term(row: &QueryResult) -> Result<PaymentTerm, DbErr> {
    let percent: Option<i64> = row.try_get("", "discount_percent_e4")?;
    let days: Option<i32> = row.try_get("", "discount_days")?;
    Ok(PaymentTerm {
        id: row.try_get("", "id")?,
        name: row.try_get("", "name")?,
        discount: percent.zip(days),
        active: row.try_get("", "active")?,
        created_at: row.try_get("", "created_at")?,
        updated_at: row.try_get("", "updated_at")?,
        lines: Vec::new(),
    })
}

/// Fills in the lines of these terms, in their order.
async fn attach_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    terms: &mut [PaymentTerm],
) -> Result<(), DbErr> {
    if terms.is_empty() {
        return Ok(());
    }
    let select = Query::select()
        .columns(["payment_term_id", "kind", "value", "days", "end_of_month"])
        .from("payment_term_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("payment_term_id").is_in(terms.iter().map(|term| term.id)))
        .order_by("payment_term_id", Order::Asc)
        .order_by("position", Order::Asc)
        .to_owned();
    for row in db.query_all(&select).await? {
        let owner: Uuid = row.try_get("", "payment_term_id")?;
        let line = TermLine {
            kind: get_code(&row, "kind", TermLineKind::parse)?,
            value: row.try_get("", "value")?,
            days: row.try_get("", "days")?,
            end_of_month: row.try_get("", "end_of_month")?,
        };
        if let Some(term) = terms.iter_mut().find(|term| term.id == owner) {
            term.lines.push(line);
        }
    }
    Ok(())
}

pub async fn list_terms(
    db: &impl ConnectionTrait,
    company: CompanyId,
    page: &PageRequest,
) -> Result<(Vec<PaymentTerm>, i64), DbErr> {
    let (mut rows, total) =
        fetch_page(db, &terms(company), page, ("payment_terms", "id"), term).await?;
    attach_lines(db, company, &mut rows).await?;
    Ok((rows, total))
}

pub async fn term_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<PaymentTerm>, DbErr> {
    let mut select = terms(company);
    select.and_where(Expr::col(("payment_terms", "id")).eq(id));
    let Some(found) = db
        .query_one(&select)
        .await?
        .as_ref()
        .map(term)
        .transpose()?
    else {
        return Ok(None);
    };
    let mut found = [found];
    attach_lines(db, company, &mut found).await?;
    let [found] = found;
    Ok(Some(found))
}

async fn insert_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    term: &PaymentTerm,
) -> Result<(), DbErr> {
    let mut insert = Query::insert()
        .into_table("payment_term_lines")
        .columns([
            "company_id",
            "payment_term_id",
            "position",
            "kind",
            "value",
            "days",
            "end_of_month",
        ])
        .to_owned();
    for (position, line) in term.lines.iter().enumerate() {
        insert.values_panic([
            company.0.into(),
            term.id.into(),
            i32::try_from(position).unwrap_or(i32::MAX).into(),
            line.kind.as_str().into(),
            line.value.into(),
            line.days.into(),
            line.end_of_month.into(),
        ]);
    }
    db.execute(&insert).await.map(|_| ())
}

pub async fn insert_term(
    db: &impl ConnectionTrait,
    company: CompanyId,
    term: &PaymentTerm,
) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("payment_terms")
        .columns([
            "company_id",
            "id",
            "name",
            "discount_percent_e4",
            "discount_days",
            "active",
            "created_at",
            "updated_at",
        ])
        .values_panic([
            company.0.into(),
            term.id.into(),
            term.name.clone().into(),
            term.discount.map(|(percent, _)| percent).into(),
            term.discount.map(|(_, days)| days).into(),
            term.active.into(),
            term.created_at.into(),
            term.updated_at.into(),
        ])
        .to_owned();
    db.execute(&insert).await?;
    insert_lines(db, company, term).await
}

/// Saves a changed term and replaces its lines.
pub async fn update_term(
    db: &impl ConnectionTrait,
    company: CompanyId,
    term: &PaymentTerm,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("payment_terms")
        .values([
            ("name", term.name.clone().into()),
            (
                "discount_percent_e4",
                term.discount.map(|(percent, _)| percent).into(),
            ),
            ("discount_days", term.discount.map(|(_, days)| days).into()),
            ("active", term.active.into()),
            ("updated_at", term.updated_at.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(term.id))
        .to_owned();
    db.execute(&update).await?;
    let delete = Query::delete()
        .from_table("payment_term_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("payment_term_id").eq(term.id))
        .to_owned();
    db.execute(&delete).await?;
    insert_lines(db, company, term).await
}

/// Replaces an invoice's installments (none: the invoice has no term).
pub async fn replace_installments(
    db: &impl ConnectionTrait,
    company: CompanyId,
    invoice: Uuid,
    installments: &[Installment],
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("invoice_installments")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("invoice_id").eq(invoice))
        .to_owned();
    db.execute(&delete).await?;
    if installments.is_empty() {
        return Ok(());
    }
    let mut insert = Query::insert()
        .into_table("invoice_installments")
        .columns([
            "company_id",
            "invoice_id",
            "position",
            "due_date",
            "amount_minor",
        ])
        .to_owned();
    for (position, installment) in installments.iter().enumerate() {
        insert.values_panic([
            company.0.into(),
            invoice.into(),
            i32::try_from(position).unwrap_or(i32::MAX).into(),
            installment.due_date.into(),
            installment.amount.into(),
        ]);
    }
    db.execute(&insert).await.map(|_| ())
}

/// The installments of these invoices that have a term, by invoice, in due-date order.
pub async fn installments_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    invoices: &[Uuid],
) -> Result<Vec<(Uuid, Installment)>, DbErr> {
    if invoices.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows = Vec::new();
    // In slices, so a long list never exceeds a backend's limit on bound values.
    for chunk in invoices.chunks(500) {
        let select = Query::select()
            .columns(["invoice_id", "due_date", "amount_minor"])
            .from("invoice_installments")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("invoice_id").is_in(chunk.iter().copied()))
            .order_by("invoice_id", Order::Asc)
            .order_by("position", Order::Asc)
            .to_owned();
        for row in db.query_all(&select).await? {
            let due_date: NaiveDate = row.try_get("", "due_date")?;
            rows.push((
                row.try_get("", "invoice_id")?,
                Installment {
                    due_date,
                    amount: row.try_get("", "amount_minor")?,
                },
            ));
        }
    }
    Ok(rows)
}
