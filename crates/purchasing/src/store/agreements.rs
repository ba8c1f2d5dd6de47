//! Purchase agreements (tenders); their vendors, lines and bids are in the tables shaped as
//! an RFQ's (`AGREEMENT_TABLES`).

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use arkan_platform::sql::{self, get, get_code};
use sea_orm::sea_query::{Expr, ExprTrait, LockType, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use super::offers::{AGREEMENT_TABLES, asking_vendor, text_search};
use crate::domain::{AgreementState, Weights};

#[derive(Clone, Debug)]
pub struct Agreement {
    pub id: Uuid,
    pub number: Option<String>,
    pub state: AgreementState,
    pub title: String,
    pub deadline: i64,
    pub currency: String,
    pub description: Option<String>,
    pub weights: Option<Weights>,
    pub cancel_reason: Option<String>,
    pub opened_at: Option<i64>,
    pub evaluated_at: Option<i64>,
    pub awarded_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Default)]
pub struct AgreementFilter {
    pub state: Option<AgreementState>,
    pub partner_id: Option<Uuid>,
    pub created_from: Option<i64>,
    pub created_before: Option<i64>,
    pub q: Option<String>,
}

const COLUMNS: [&str; 16] = [
    "id",
    "number",
    "state",
    "title",
    "deadline",
    "currency",
    "description",
    "price_weight_e4",
    "lead_time_weight_e4",
    "rating_weight_e4",
    "cancel_reason",
    "opened_at",
    "evaluated_at",
    "awarded_at",
    "created_at",
    "updated_at",
];

fn agreement(row: &QueryResult) -> Result<Agreement, DbErr> {
    let price: Option<i64> = get(row, "price_weight_e4")?;
    let lead_time: Option<i64> = get(row, "lead_time_weight_e4")?;
    let rating: Option<i64> = get(row, "rating_weight_e4")?;
    Ok(Agreement {
        id: get(row, "id")?,
        number: get(row, "number")?,
        state: get_code(row, "state", AgreementState::parse)?,
        title: get(row, "title")?,
        deadline: get(row, "deadline")?,
        currency: get(row, "currency")?,
        description: get(row, "description")?,
        weights: match (price, lead_time, rating) {
            (Some(price), Some(lead_time), Some(rating)) => Some(Weights {
                price,
                lead_time,
                rating,
            }),
            _ => None,
        },
        cancel_reason: get(row, "cancel_reason")?,
        opened_at: get(row, "opened_at")?,
        evaluated_at: get(row, "evaluated_at")?,
        awarded_at: get(row, "awarded_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn agreements(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(COLUMNS.map(|column| ("purchase_agreements", column)))
        .from("purchase_agreements")
        .and_where(Expr::col(("purchase_agreements", "company_id")).eq(company.0))
        .to_owned()
}

fn values(agreement: &Agreement) -> Vec<(&'static str, sea_orm::Value)> {
    let weight = |pick: fn(&Weights) -> i64| agreement.weights.as_ref().map(pick);
    vec![
        ("number", agreement.number.clone().into()),
        ("state", agreement.state.as_str().into()),
        ("title", agreement.title.clone().into()),
        ("deadline", agreement.deadline.into()),
        ("currency", agreement.currency.clone().into()),
        ("description", agreement.description.clone().into()),
        ("price_weight_e4", weight(|weights| weights.price).into()),
        (
            "lead_time_weight_e4",
            weight(|weights| weights.lead_time).into(),
        ),
        ("rating_weight_e4", weight(|weights| weights.rating).into()),
        ("cancel_reason", agreement.cancel_reason.clone().into()),
        ("opened_at", agreement.opened_at.into()),
        ("evaluated_at", agreement.evaluated_at.into()),
        ("awarded_at", agreement.awarded_at.into()),
        ("created_at", agreement.created_at.into()),
        ("updated_at", agreement.updated_at.into()),
    ]
}

pub async fn insert_agreement(
    db: &impl ConnectionTrait,
    company: CompanyId,
    agreement: &Agreement,
) -> Result<(), DbErr> {
    let mut pairs = vec![
        ("company_id", company.0.into()),
        ("id", agreement.id.into()),
    ];
    pairs.extend(values(agreement));
    sql::insert(db, "purchase_agreements", &pairs).await
}

pub async fn update_agreement(
    db: &impl ConnectionTrait,
    company: CompanyId,
    agreement: &Agreement,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "purchase_agreements",
        company,
        agreement.id,
        &values(agreement),
    )
    .await
    .map(|_| ())
}

/// The company's tender `id`, locked until the transaction ends when `lock` (a bid holds it:
/// bids wait for an evaluation or award in progress, and the other way round).
pub async fn agreement_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<Agreement>, DbErr> {
    let mut select = agreements(company);
    select.and_where(Expr::col(("purchase_agreements", "id")).eq(id));
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select)
        .await?
        .as_ref()
        .map(agreement)
        .transpose()
}

pub async fn list_agreements(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &AgreementFilter,
    page: &PageRequest,
) -> Result<(Vec<Agreement>, i64), DbErr> {
    let mut select = agreements(company);
    let column = |name: &'static str| Expr::col(("purchase_agreements", name));
    if let Some(state) = filter.state {
        select.and_where(column("state").eq(state.as_str()));
    }
    if let Some(partner) = filter.partner_id {
        select.and_where(column("id").in_subquery(asking_vendor(
            company,
            &AGREEMENT_TABLES,
            partner,
        )));
    }
    if let Some(from) = filter.created_from {
        select.and_where(column("created_at").gte(from));
    }
    if let Some(before) = filter.created_before {
        select.and_where(column("created_at").lt(before));
    }
    if let Some(q) = filter.q.as_deref() {
        select.cond_where(text_search("purchase_agreements", &["number", "title"], q));
    }
    fetch_page(db, &select, page, ("purchase_agreements", "id"), agreement).await
}
