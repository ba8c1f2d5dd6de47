//! SQL of sales' quotes: the document, its lines with their taxes, the PDF it was sent as.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use arkan_platform::sql::{self, get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LockType, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use super::orders::{SalesLine, delete_rows, document_lines, insert_line_taxes, priced_values};
use crate::domain::quotes::QuoteState;

/// A quote as stored: `state` is never `expired` (see `domain::quotes::shown_state`).
#[derive(Clone, Debug)]
pub struct SalesQuote {
    pub id: Uuid,
    pub number: Option<String>,
    pub state: QuoteState,
    pub partner_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub deal_id: Option<Uuid>,
    pub quote_date: NaiveDate,
    pub valid_until: NaiveDate,
    pub currency: String,
    pub rate_e10: i64,
    pub price_list_id: Option<Uuid>,
    pub salesperson_id: Option<Uuid>,
    pub payment_terms_days: Option<i32>,
    pub incoterm: Option<String>,
    pub incoterm_place: Option<String>,
    pub warehouse_id: Uuid,
    pub promo_code: Option<String>,
    pub notes: Option<String>,
    pub terms: Option<String>,
    pub amount_untaxed: i64,
    pub amount_tax: i64,
    pub amount_total: i64,
    pub sent_at: Option<i64>,
    pub accepted_at: Option<i64>,
    pub accepted_by: Option<Uuid>,
    pub signed_by: Option<String>,
    pub decline_reason: Option<String>,
    pub order_id: Option<Uuid>,
    pub created_by: Uuid,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A quote's line: priced as an order's, optional or not; an optional line is `selected` once
/// the client chose it when accepting.
#[derive(Clone, Debug)]
pub struct QuoteLine {
    pub line: SalesLine,
    pub is_optional: bool,
    pub is_selected: bool,
}

impl QuoteLine {
    /// Whether the line is in the quote's amounts and goes to its order.
    pub fn counts(&self) -> bool {
        !self.is_optional || self.is_selected
    }
}

#[derive(Debug, Default)]
pub struct QuoteFilter {
    pub state: Option<QuoteState>,
    /// The day `expired` and `sent` are read on.
    pub today: NaiveDate,
    pub partner_id: Option<Uuid>,
    pub salesperson_id: Option<Uuid>,
    pub deal_id: Option<Uuid>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    pub q: Option<String>,
}

/// Where a quote's line taxes are kept, and the column naming their quote.
const QUOTE_TAXES: (&str, &str) = ("sales_quote_line_taxes", "quote_id");

const QUOTE_COLUMNS: [&str; 31] = [
    "id",
    "number",
    "state",
    "partner_id",
    "contact_id",
    "deal_id",
    "quote_date",
    "valid_until",
    "currency",
    "rate_e10",
    "price_list_id",
    "salesperson_id",
    "payment_terms_days",
    "incoterm",
    "incoterm_place",
    "warehouse_id",
    "promo_code",
    "notes",
    "terms",
    "amount_untaxed_minor",
    "amount_tax_minor",
    "amount_total_minor",
    "sent_at",
    "accepted_at",
    "accepted_by",
    "signed_by",
    "decline_reason",
    "order_id",
    "created_by",
    "created_at",
    "updated_at",
];

fn quote(row: &QueryResult) -> Result<SalesQuote, DbErr> {
    Ok(SalesQuote {
        id: get(row, "id")?,
        number: get(row, "number")?,
        state: get_code(row, "state", QuoteState::parse)?,
        partner_id: get(row, "partner_id")?,
        contact_id: get(row, "contact_id")?,
        deal_id: get(row, "deal_id")?,
        quote_date: get(row, "quote_date")?,
        valid_until: get(row, "valid_until")?,
        currency: get(row, "currency")?,
        rate_e10: get(row, "rate_e10")?,
        price_list_id: get(row, "price_list_id")?,
        salesperson_id: get(row, "salesperson_id")?,
        payment_terms_days: get(row, "payment_terms_days")?,
        incoterm: get(row, "incoterm")?,
        incoterm_place: get(row, "incoterm_place")?,
        warehouse_id: get(row, "warehouse_id")?,
        promo_code: get(row, "promo_code")?,
        notes: get(row, "notes")?,
        terms: get(row, "terms")?,
        amount_untaxed: get(row, "amount_untaxed_minor")?,
        amount_tax: get(row, "amount_tax_minor")?,
        amount_total: get(row, "amount_total_minor")?,
        sent_at: get(row, "sent_at")?,
        accepted_at: get(row, "accepted_at")?,
        accepted_by: get(row, "accepted_by")?,
        signed_by: get(row, "signed_by")?,
        decline_reason: get(row, "decline_reason")?,
        order_id: get(row, "order_id")?,
        created_by: get(row, "created_by")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn quotes(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(QUOTE_COLUMNS.map(|column| ("sales_quotes", column)))
        .from("sales_quotes")
        .and_where(Expr::col(("sales_quotes", "company_id")).eq(company.0))
        .to_owned()
}

fn quote_values(quote: &SalesQuote) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("number", quote.number.clone().into()),
        ("state", quote.state.as_str().into()),
        ("partner_id", quote.partner_id.into()),
        ("contact_id", quote.contact_id.into()),
        ("deal_id", quote.deal_id.into()),
        ("quote_date", quote.quote_date.into()),
        ("valid_until", quote.valid_until.into()),
        ("currency", quote.currency.clone().into()),
        ("rate_e10", quote.rate_e10.into()),
        ("price_list_id", quote.price_list_id.into()),
        ("salesperson_id", quote.salesperson_id.into()),
        ("payment_terms_days", quote.payment_terms_days.into()),
        ("incoterm", quote.incoterm.clone().into()),
        ("incoterm_place", quote.incoterm_place.clone().into()),
        ("warehouse_id", quote.warehouse_id.into()),
        ("promo_code", quote.promo_code.clone().into()),
        ("notes", quote.notes.clone().into()),
        ("terms", quote.terms.clone().into()),
        ("amount_untaxed_minor", quote.amount_untaxed.into()),
        ("amount_tax_minor", quote.amount_tax.into()),
        ("amount_total_minor", quote.amount_total.into()),
        ("sent_at", quote.sent_at.into()),
        ("accepted_at", quote.accepted_at.into()),
        ("accepted_by", quote.accepted_by.into()),
        ("signed_by", quote.signed_by.clone().into()),
        ("decline_reason", quote.decline_reason.clone().into()),
        ("order_id", quote.order_id.into()),
        ("created_by", quote.created_by.into()),
        ("created_at", quote.created_at.into()),
        ("updated_at", quote.updated_at.into()),
    ]
}

pub async fn insert_quote(
    db: &impl ConnectionTrait,
    company: CompanyId,
    quote: &SalesQuote,
) -> Result<(), DbErr> {
    let mut pairs = vec![("company_id", company.0.into()), ("id", quote.id.into())];
    pairs.extend(quote_values(quote));
    sql::insert(db, "sales_quotes", &pairs).await
}

pub async fn update_quote(
    db: &impl ConnectionTrait,
    company: CompanyId,
    quote: &SalesQuote,
) -> Result<(), DbErr> {
    sql::update(db, "sales_quotes", company, quote.id, &quote_values(quote))
        .await
        .map(|_| ())
}

/// The company's quote `id`, locked until the transaction ends when `lock`.
pub async fn quote_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<SalesQuote>, DbErr> {
    let mut select = quotes(company);
    select.and_where(Expr::col(("sales_quotes", "id")).eq(id));
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select).await?.as_ref().map(quote).transpose()
}

pub async fn list_quotes(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &QuoteFilter,
    page: &PageRequest,
) -> Result<(Vec<SalesQuote>, i64), DbErr> {
    let mut select = quotes(company);
    let column = |name: &'static str| Expr::col(("sales_quotes", name));
    match filter.state {
        None => {}
        Some(QuoteState::Sent) => {
            select.and_where(column("state").eq(QuoteState::Sent.as_str()));
            select.and_where(column("valid_until").gte(filter.today));
        }
        Some(QuoteState::Expired) => {
            select.and_where(column("state").eq(QuoteState::Sent.as_str()));
            select.and_where(column("valid_until").lt(filter.today));
        }
        Some(state) => {
            select.and_where(column("state").eq(state.as_str()));
        }
    }
    for (name, value) in [
        ("partner_id", filter.partner_id),
        ("salesperson_id", filter.salesperson_id),
        ("deal_id", filter.deal_id),
    ] {
        if let Some(value) = value {
            select.and_where(column(name).eq(value));
        }
    }
    if let Some(from) = filter.date_from {
        select.and_where(column("quote_date").gte(from));
    }
    if let Some(to) = filter.date_to {
        select.and_where(column("quote_date").lte(to));
    }
    if let Some(text) = &filter.q {
        select.and_where(Expr::expr(Func::lower(column("number"))).like(like_pattern(text)));
    }
    fetch_page(db, &select, page, ("sales_quotes", "id"), quote).await
}

const LINE_COLUMNS: [&str; 16] = [
    "id",
    "quote_id",
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
    "discount_id",
    "is_optional",
    "is_selected",
];

/// The lines of these quotes with their taxes, each quote's in order.
pub async fn lines_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    quotes: &[Uuid],
) -> Result<HashMap<Uuid, Vec<QuoteLine>>, DbErr> {
    document_lines(
        db,
        company,
        ("sales_quote_lines", &LINE_COLUMNS),
        QUOTE_TAXES,
        quotes,
        |line, row| {
            Ok(QuoteLine {
                line,
                is_optional: get(row, "is_optional")?,
                is_selected: get(row, "is_selected")?,
            })
        },
    )
    .await
}

/// Writes the quote's lines in place of those it had.
pub async fn replace_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    quote: Uuid,
    lines: &[QuoteLine],
) -> Result<(), DbErr> {
    delete_rows(
        db,
        company,
        ("quote_id", quote),
        &["sales_quote_line_taxes", "sales_quote_lines"],
    )
    .await?;
    for (position, line) in (0_i32..).zip(lines) {
        let mut values = vec![
            ("company_id", company.0.into()),
            ("quote_id", quote.into()),
            ("position", position.into()),
            ("is_optional", line.is_optional.into()),
            ("is_selected", line.is_selected.into()),
        ];
        values.extend(priced_values(&line.line));
        sql::insert(db, "sales_quote_lines", &values).await?;
        insert_line_taxes(db, company, QUOTE_TAXES, quote, &line.line).await?;
    }
    Ok(())
}

/// Deletes a draft quote with its lines (and a document, should it have one).
pub async fn delete_quote(
    db: &impl ConnectionTrait,
    company: CompanyId,
    quote: Uuid,
) -> Result<(), DbErr> {
    delete_rows(
        db,
        company,
        ("quote_id", quote),
        &[
            "sales_quote_documents",
            "sales_quote_line_taxes",
            "sales_quote_lines",
        ],
    )
    .await?;
    let delete = Query::delete()
        .from_table("sales_quotes")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(quote))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}

/// The PDF a quote was sent as, and where it went.
#[derive(Clone, Debug)]
pub struct QuoteDocument {
    pub file_name: String,
    pub content: Vec<u8>,
    pub email: Option<String>,
    pub message: Option<String>,
    pub sent_by: Uuid,
    pub created_at: i64,
}

pub async fn insert_document(
    db: &impl ConnectionTrait,
    company: CompanyId,
    quote: Uuid,
    document: &QuoteDocument,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "sales_quote_documents",
        &[
            ("company_id", company.0.into()),
            ("id", Uuid::now_v7().into()),
            ("quote_id", quote.into()),
            ("file_name", document.file_name.clone().into()),
            ("content", document.content.clone().into()),
            ("email", document.email.clone().into()),
            ("message", document.message.clone().into()),
            ("sent_by", document.sent_by.into()),
            ("created_at", document.created_at.into()),
        ],
    )
    .await
}

/// Where these quotes were sent (the e-mail of each that has one).
pub async fn sent_to(
    db: &impl ConnectionTrait,
    company: CompanyId,
    quotes: &[Uuid],
) -> Result<HashMap<Uuid, String>, DbErr> {
    if quotes.is_empty() {
        return Ok(HashMap::new());
    }
    let select = Query::select()
        .columns(["quote_id", "email"])
        .from("sales_quote_documents")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("quote_id").is_in(quotes.iter().copied()))
        .and_where(Expr::col("email").is_not_null())
        .to_owned();
    let mut found = HashMap::new();
    for row in db.query_all(&select).await? {
        found.insert(get(&row, "quote_id")?, get(&row, "email")?);
    }
    Ok(found)
}

/// The quote's PDF, once sent.
pub async fn document_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    quote: Uuid,
) -> Result<Option<QuoteDocument>, DbErr> {
    let select = Query::select()
        .columns([
            "file_name",
            "content",
            "email",
            "message",
            "sent_by",
            "created_at",
        ])
        .from("sales_quote_documents")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("quote_id").eq(quote))
        .to_owned();
    let Some(row) = db.query_one(&select).await? else {
        return Ok(None);
    };
    Ok(Some(QuoteDocument {
        file_name: get(&row, "file_name")?,
        content: get(&row, "content")?,
        email: get(&row, "email")?,
        message: get(&row, "message")?,
        sent_by: get(&row, "sent_by")?,
        created_at: get(&row, "created_at")?,
    }))
}
