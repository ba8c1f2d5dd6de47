//! RFQs; their vendors, lines and quotes are in the shared offer tables (`RFQ_TABLES`).

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use arkan_platform::sql::{self, get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, LockType, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use crate::domain::RfqState;

use super::offers::{RFQ_TABLES, asking_vendor, text_search};

#[derive(Clone, Debug)]
pub struct Rfq {
    pub id: Uuid,
    pub number: Option<String>,
    pub state: RfqState,
    pub deadline: Option<i64>,
    pub expected_date: Option<NaiveDate>,
    pub currency: String,
    pub warehouse_id: Option<Uuid>,
    pub notes: Option<String>,
    pub cancel_reason: Option<String>,
    pub sent_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Default)]
pub struct RfqFilter {
    pub state: Option<RfqState>,
    pub partner_id: Option<Uuid>,
    pub warehouse_id: Option<Uuid>,
    /// Created from (inclusive) and before (exclusive), microseconds.
    pub created_from: Option<i64>,
    pub created_before: Option<i64>,
    pub q: Option<String>,
}

const RFQ_COLUMNS: [&str; 12] = [
    "id",
    "number",
    "state",
    "deadline",
    "expected_date",
    "currency",
    "warehouse_id",
    "notes",
    "cancel_reason",
    "sent_at",
    "created_at",
    "updated_at",
];

fn rfq(row: &QueryResult) -> Result<Rfq, DbErr> {
    Ok(Rfq {
        id: get(row, "id")?,
        number: get(row, "number")?,
        state: get_code(row, "state", RfqState::parse)?,
        deadline: get(row, "deadline")?,
        expected_date: get(row, "expected_date")?,
        currency: get(row, "currency")?,
        warehouse_id: get(row, "warehouse_id")?,
        notes: get(row, "notes")?,
        cancel_reason: get(row, "cancel_reason")?,
        sent_at: get(row, "sent_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn rfqs(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(RFQ_COLUMNS.map(|column| ("rfqs", column)))
        .from("rfqs")
        .and_where(Expr::col(("rfqs", "company_id")).eq(company.0))
        .to_owned()
}

fn rfq_values(rfq: &Rfq) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("number", rfq.number.clone().into()),
        ("state", rfq.state.as_str().into()),
        ("deadline", rfq.deadline.into()),
        ("expected_date", rfq.expected_date.into()),
        ("currency", rfq.currency.clone().into()),
        ("warehouse_id", rfq.warehouse_id.into()),
        ("notes", rfq.notes.clone().into()),
        ("cancel_reason", rfq.cancel_reason.clone().into()),
        ("sent_at", rfq.sent_at.into()),
        ("created_at", rfq.created_at.into()),
        ("updated_at", rfq.updated_at.into()),
    ]
}

pub async fn insert_rfq(
    db: &impl ConnectionTrait,
    company: CompanyId,
    rfq: &Rfq,
) -> Result<(), DbErr> {
    let mut pairs = vec![("company_id", company.0.into()), ("id", rfq.id.into())];
    pairs.extend(rfq_values(rfq));
    sql::insert(db, "rfqs", &pairs).await
}

pub async fn update_rfq(
    db: &impl ConnectionTrait,
    company: CompanyId,
    rfq: &Rfq,
) -> Result<(), DbErr> {
    sql::update(db, "rfqs", company, rfq.id, &rfq_values(rfq))
        .await
        .map(|_| ())
}

/// The company's RFQ `id`, locked until the transaction ends when `lock`.
pub async fn rfq_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<Rfq>, DbErr> {
    let mut select = rfqs(company);
    select.and_where(Expr::col(("rfqs", "id")).eq(id));
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select).await?.as_ref().map(rfq).transpose()
}

pub async fn list_rfqs(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &RfqFilter,
    page: &PageRequest,
) -> Result<(Vec<Rfq>, i64), DbErr> {
    let mut select = rfqs(company);
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("rfqs", "state")).eq(state.as_str()));
    }
    if let Some(partner) = filter.partner_id {
        select.and_where(Expr::col(("rfqs", "id")).in_subquery(asking_vendor(
            company,
            &RFQ_TABLES,
            partner,
        )));
    }
    if let Some(warehouse) = filter.warehouse_id {
        select.and_where(Expr::col(("rfqs", "warehouse_id")).eq(warehouse));
    }
    if let Some(from) = filter.created_from {
        select.and_where(Expr::col(("rfqs", "created_at")).gte(from));
    }
    if let Some(before) = filter.created_before {
        select.and_where(Expr::col(("rfqs", "created_at")).lt(before));
    }
    if let Some(q) = filter.q.as_deref() {
        select.cond_where(text_search("rfqs", &["number", "notes"], q));
    }
    fetch_page(db, &select, page, ("rfqs", "id"), rfq).await
}
