//! SQL of the pipeline. Every statement is filtered by the caller's company. One file for the
//! four tables (over 600 lines because most of it is their column lists and row mappings);
//! split it per resource, as the use cases are, when it grows further.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use arkan_platform::sql::{get, get_code, insert, update};
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, LockType, Order, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, QueryResult, Value};
use uuid::Uuid;

use super::domain::{
    Activity, ActivityType, Deal, Lead, LeadState, Source, Stage, StageType, phone_digits,
    weighted_revenue,
};
use crate::api::Address;

fn tags_text(tags: &[String]) -> String {
    tags.join(",")
}

fn tags_of(text: String) -> Vec<String> {
    text.split(',')
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect()
}

fn source_of(row: &QueryResult) -> Result<Option<Source>, DbErr> {
    let text: Option<String> = get(row, "source")?;
    text.map(|text| {
        Source::parse(&text)
            .ok_or_else(|| DbErr::Custom(format!("unknown source {text:?} in the database")))
    })
    .transpose()
}

// Stages.

const STAGE_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "sequence",
    "probability",
    "type",
    "active",
    "created_at",
    "updated_at",
];

fn stage(row: &QueryResult) -> Result<Stage, DbErr> {
    Ok(Stage {
        id: get(row, "id")?,
        name: get(row, "name")?,
        sequence: get(row, "sequence")?,
        probability: get(row, "probability")?,
        kind: get_code(row, "type", StageType::parse)?,
        active: get(row, "active")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn stage_values(stage: &Stage) -> Vec<(&'static str, Value)> {
    vec![
        ("name", stage.name.clone().into()),
        ("sequence", stage.sequence.into()),
        ("probability", stage.probability.into()),
        ("type", stage.kind.as_str().into()),
        ("active", stage.active.into()),
        ("created_at", stage.created_at.into()),
        ("updated_at", stage.updated_at.into()),
    ]
}

pub async fn insert_stage(
    db: &impl ConnectionTrait,
    company: CompanyId,
    stage: &Stage,
) -> Result<(), DbErr> {
    let mut pairs = vec![("company_id", company.0.into()), ("id", stage.id.into())];
    pairs.extend(stage_values(stage));
    insert(db, "crm_stages", &pairs).await
}

pub async fn update_stage(
    db: &impl ConnectionTrait,
    company: CompanyId,
    stage: &Stage,
) -> Result<(), DbErr> {
    update(db, "crm_stages", company, stage.id, &stage_values(stage))
        .await
        .map(|_| ())
}

pub fn stages(company: CompanyId, active: Option<bool>) -> SelectStatement {
    let mut select = Query::select()
        .columns(STAGE_COLUMNS.map(|column| ("crm_stages", column)))
        .from("crm_stages")
        .and_where(Expr::col(("crm_stages", "company_id")).eq(company.0))
        .to_owned();
    if let Some(active) = active {
        select.and_where(Expr::col(("crm_stages", "active")).eq(active));
    }
    select
}

pub async fn list_stages(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<Stage>, i64), DbErr> {
    fetch_page(db, filtered, page, ("crm_stages", "id"), stage).await
}

/// Every stage of the company, in pipeline order (sequence, then id).
pub async fn all_stages(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<Stage>, DbErr> {
    let mut select = stages(company, None);
    select
        .order_by(("crm_stages", "sequence"), Order::Asc)
        .order_by(("crm_stages", "id"), Order::Asc);
    db.query_all(&select).await?.iter().map(stage).collect()
}

pub async fn stage_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Stage>, DbErr> {
    let mut select = stages(company, None);
    select.and_where(Expr::col(("crm_stages", "id")).eq(id));
    db.query_one(&select).await?.as_ref().map(stage).transpose()
}

/// The stage, its row locked until the transaction ends: `FOR SHARE` by a deal entering it,
/// `FOR UPDATE` by a change of its type or its delete (SQLite has one writer at a time anyway),
/// so a deal never enters a stage whose type is changing under it.
pub async fn stage_held(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: LockType,
) -> Result<Option<Stage>, DbErr> {
    let mut select = stages(company, None);
    select
        .and_where(Expr::col(("crm_stages", "id")).eq(id))
        .lock(lock);
    db.query_one(&select).await?.as_ref().map(stage).transpose()
}

/// Whether any deal is in the stage.
pub async fn stage_has_deals(
    db: &impl ConnectionTrait,
    company: CompanyId,
    stage: Uuid,
) -> Result<bool, DbErr> {
    let select = Query::select()
        .expr(Expr::val(1))
        .from("crm_deals")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("stage_id").eq(stage))
        .limit(1)
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}

// Leads.

const LEAD_COLUMNS: [&str; 26] = [
    "id",
    "name",
    "contact_name",
    "company_name",
    "email",
    "phone",
    "trn",
    "street",
    "city",
    "emirate",
    "country",
    "postal_code",
    "source",
    "owner_id",
    "expected_revenue_minor",
    "currency",
    "probability",
    "tags",
    "notes",
    "partner_id",
    "state",
    "lost_reason",
    "deal_id",
    "converted_at",
    "created_at",
    "updated_at",
];

fn lead(row: &QueryResult) -> Result<Lead, DbErr> {
    Ok(Lead {
        id: get(row, "id")?,
        name: get(row, "name")?,
        contact_name: get(row, "contact_name")?,
        company_name: get(row, "company_name")?,
        email: get(row, "email")?,
        phone: get(row, "phone")?,
        trn: get(row, "trn")?,
        address: Address {
            street: get(row, "street")?,
            city: get(row, "city")?,
            emirate: get(row, "emirate")?,
            country: get(row, "country")?,
            postal_code: get(row, "postal_code")?,
        },
        source: source_of(row)?,
        owner_id: get(row, "owner_id")?,
        expected_revenue_minor: get(row, "expected_revenue_minor")?,
        currency: get(row, "currency")?,
        probability: get(row, "probability")?,
        tags: tags_of(get(row, "tags")?),
        notes: get(row, "notes")?,
        partner_id: get(row, "partner_id")?,
        state: get_code(row, "state", LeadState::parse)?,
        lost_reason: get(row, "lost_reason")?,
        deal_id: get(row, "deal_id")?,
        converted_at: get(row, "converted_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn lead_values(lead: &Lead) -> Vec<(&'static str, Value)> {
    vec![
        ("name", lead.name.clone().into()),
        ("contact_name", lead.contact_name.clone().into()),
        ("company_name", lead.company_name.clone().into()),
        ("email", lead.email.clone().into()),
        ("phone", lead.phone.clone().into()),
        ("trn", lead.trn.clone().into()),
        ("street", lead.address.street.clone().into()),
        ("city", lead.address.city.clone().into()),
        ("emirate", lead.address.emirate.clone().into()),
        ("country", lead.address.country.clone().into()),
        ("postal_code", lead.address.postal_code.clone().into()),
        (
            "source",
            lead.source.map(|source| source.as_str().to_owned()).into(),
        ),
        ("owner_id", lead.owner_id.into()),
        ("expected_revenue_minor", lead.expected_revenue_minor.into()),
        ("currency", lead.currency.clone().into()),
        ("probability", lead.probability.into()),
        ("tags", tags_text(&lead.tags).into()),
        ("notes", lead.notes.clone().into()),
        ("partner_id", lead.partner_id.into()),
        ("state", lead.state.as_str().into()),
        ("lost_reason", lead.lost_reason.clone().into()),
        ("deal_id", lead.deal_id.into()),
        ("converted_at", lead.converted_at.into()),
        ("created_at", lead.created_at.into()),
        ("updated_at", lead.updated_at.into()),
    ]
}

pub async fn insert_lead(
    db: &impl ConnectionTrait,
    company: CompanyId,
    lead: &Lead,
) -> Result<(), DbErr> {
    let mut pairs = vec![("company_id", company.0.into()), ("id", lead.id.into())];
    pairs.extend(lead_values(lead));
    insert(db, "crm_leads", &pairs).await
}

pub async fn update_lead(
    db: &impl ConnectionTrait,
    company: CompanyId,
    lead: &Lead,
) -> Result<(), DbErr> {
    update(db, "crm_leads", company, lead.id, &lead_values(lead))
        .await
        .map(|_| ())
}

pub struct LeadFilter<'a> {
    /// Created within `[from, to)` (microseconds).
    pub created: (Option<i64>, Option<i64>),
    pub state: Option<LeadState>,
    pub owner: Option<Uuid>,
    pub partner: Option<Uuid>,
    pub source: Option<Source>,
    pub q: Option<&'a str>,
}

pub fn leads(company: CompanyId, filter: &LeadFilter<'_>) -> SelectStatement {
    let mut select = Query::select()
        .columns(LEAD_COLUMNS.map(|column| ("crm_leads", column)))
        .from("crm_leads")
        .and_where(Expr::col(("crm_leads", "company_id")).eq(company.0))
        .to_owned();
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("crm_leads", "state")).eq(state.as_str()));
    }
    if let Some(from) = filter.created.0 {
        select.and_where(Expr::col(("crm_leads", "created_at")).gte(from));
    }
    if let Some(to) = filter.created.1 {
        select.and_where(Expr::col(("crm_leads", "created_at")).lt(to));
    }
    if let Some(owner) = filter.owner {
        select.and_where(Expr::col(("crm_leads", "owner_id")).eq(owner));
    }
    if let Some(partner) = filter.partner {
        select.and_where(Expr::col(("crm_leads", "partner_id")).eq(partner));
    }
    if let Some(source) = filter.source {
        select.and_where(Expr::col(("crm_leads", "source")).eq(source.as_str()));
    }
    if let Some(q) = filter.q {
        let mut any = Cond::any();
        for column in ["name", "contact_name", "company_name", "email", "phone"] {
            any = any.add(Func::lower(Expr::col(("crm_leads", column))).like(like_pattern(q)));
        }
        select.cond_where(any);
    }
    select
}

pub async fn list_leads(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<Lead>, i64), DbErr> {
    fetch_page(db, filtered, page, ("crm_leads", "id"), lead).await
}

pub async fn lead_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Lead>, DbErr> {
    let mut select = Query::select()
        .columns(LEAD_COLUMNS)
        .from("crm_leads")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    select.limit(1);
    db.query_one(&select).await?.as_ref().map(lead).transpose()
}

// Deals.

const DEAL_COLUMNS: [&str; 20] = [
    "id",
    "name",
    "partner_id",
    "contact_id",
    "stage_id",
    "state",
    "owner_id",
    "expected_revenue_minor",
    "currency",
    "probability",
    "weighted_revenue_minor",
    "expected_close_date",
    "source",
    "tags",
    "notes",
    "lost_reason",
    "lead_id",
    "closed_at",
    "created_at",
    "updated_at",
];

fn deal(row: &QueryResult) -> Result<Deal, DbErr> {
    Ok(Deal {
        id: get(row, "id")?,
        name: get(row, "name")?,
        partner_id: get(row, "partner_id")?,
        contact_id: get(row, "contact_id")?,
        stage_id: get(row, "stage_id")?,
        state: get_code(row, "state", StageType::parse)?,
        owner_id: get(row, "owner_id")?,
        expected_revenue_minor: get(row, "expected_revenue_minor")?,
        currency: get(row, "currency")?,
        probability: get(row, "probability")?,
        weighted_revenue_minor: get(row, "weighted_revenue_minor")?,
        expected_close_date: get(row, "expected_close_date")?,
        source: source_of(row)?,
        tags: tags_of(get(row, "tags")?),
        notes: get(row, "notes")?,
        lost_reason: get(row, "lost_reason")?,
        lead_id: get(row, "lead_id")?,
        closed_at: get(row, "closed_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn deal_values(deal: &Deal) -> Vec<(&'static str, Value)> {
    vec![
        ("name", deal.name.clone().into()),
        ("partner_id", deal.partner_id.into()),
        ("contact_id", deal.contact_id.into()),
        ("stage_id", deal.stage_id.into()),
        ("state", deal.state.as_str().into()),
        ("owner_id", deal.owner_id.into()),
        ("expected_revenue_minor", deal.expected_revenue_minor.into()),
        ("currency", deal.currency.clone().into()),
        ("probability", deal.probability.into()),
        ("weighted_revenue_minor", deal.weighted_revenue_minor.into()),
        ("expected_close_date", deal.expected_close_date.into()),
        (
            "source",
            deal.source.map(|source| source.as_str().to_owned()).into(),
        ),
        ("tags", tags_text(&deal.tags).into()),
        ("notes", deal.notes.clone().into()),
        ("lost_reason", deal.lost_reason.clone().into()),
        ("lead_id", deal.lead_id.into()),
        ("closed_at", deal.closed_at.into()),
        ("created_at", deal.created_at.into()),
        ("updated_at", deal.updated_at.into()),
    ]
}

pub async fn insert_deal(
    db: &impl ConnectionTrait,
    company: CompanyId,
    deal: &Deal,
) -> Result<(), DbErr> {
    let mut pairs = vec![("company_id", company.0.into()), ("id", deal.id.into())];
    pairs.extend(deal_values(deal));
    insert(db, "crm_deals", &pairs).await
}

pub async fn update_deal(
    db: &impl ConnectionTrait,
    company: CompanyId,
    deal: &Deal,
) -> Result<(), DbErr> {
    update(db, "crm_deals", company, deal.id, &deal_values(deal))
        .await
        .map(|_| ())
}

pub struct DealFilter<'a> {
    /// Created within `[from, to)` (microseconds).
    pub created: (Option<i64>, Option<i64>),
    pub state: Option<StageType>,
    pub stage: Option<Uuid>,
    pub owner: Option<Uuid>,
    pub partner: Option<Uuid>,
    pub source: Option<Source>,
    pub q: Option<&'a str>,
}

pub fn deals(company: CompanyId, filter: &DealFilter<'_>) -> SelectStatement {
    let mut select = Query::select()
        .columns(DEAL_COLUMNS.map(|column| ("crm_deals", column)))
        .from("crm_deals")
        .and_where(Expr::col(("crm_deals", "company_id")).eq(company.0))
        .to_owned();
    if let Some(from) = filter.created.0 {
        select.and_where(Expr::col(("crm_deals", "created_at")).gte(from));
    }
    if let Some(to) = filter.created.1 {
        select.and_where(Expr::col(("crm_deals", "created_at")).lt(to));
    }
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("crm_deals", "state")).eq(state.as_str()));
    }
    if let Some(stage) = filter.stage {
        select.and_where(Expr::col(("crm_deals", "stage_id")).eq(stage));
    }
    if let Some(owner) = filter.owner {
        select.and_where(Expr::col(("crm_deals", "owner_id")).eq(owner));
    }
    if let Some(partner) = filter.partner {
        select.and_where(Expr::col(("crm_deals", "partner_id")).eq(partner));
    }
    if let Some(source) = filter.source {
        select.and_where(Expr::col(("crm_deals", "source")).eq(source.as_str()));
    }
    if let Some(q) = filter.q {
        select.and_where(Func::lower(Expr::col(("crm_deals", "name"))).like(like_pattern(q)));
    }
    select
}

pub async fn list_deals(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<Deal>, i64), DbErr> {
    fetch_page(db, filtered, page, ("crm_deals", "id"), deal).await
}

pub async fn deal_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Deal>, DbErr> {
    let select = Query::select()
        .columns(DEAL_COLUMNS)
        .from("crm_deals")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.query_one(&select).await?.as_ref().map(deal).transpose()
}

// Activities.

const ACTIVITY_COLUMNS: [&str; 12] = [
    "id",
    "type",
    "summary",
    "due_date",
    "assignee_id",
    "notes",
    "done",
    "done_at",
    "lead_id",
    "deal_id",
    "created_at",
    "updated_at",
];

fn activity(row: &QueryResult) -> Result<Activity, DbErr> {
    Ok(Activity {
        id: get(row, "id")?,
        kind: get_code(row, "type", ActivityType::parse)?,
        summary: get(row, "summary")?,
        due_date: get(row, "due_date")?,
        assignee_id: get(row, "assignee_id")?,
        notes: get(row, "notes")?,
        done: get(row, "done")?,
        done_at: get(row, "done_at")?,
        lead_id: get(row, "lead_id")?,
        deal_id: get(row, "deal_id")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn activity_values(activity: &Activity) -> Vec<(&'static str, Value)> {
    vec![
        ("type", activity.kind.as_str().into()),
        ("summary", activity.summary.clone().into()),
        ("due_date", activity.due_date.into()),
        ("assignee_id", activity.assignee_id.into()),
        ("notes", activity.notes.clone().into()),
        ("done", activity.done.into()),
        ("done_at", activity.done_at.into()),
        ("lead_id", activity.lead_id.into()),
        ("deal_id", activity.deal_id.into()),
        ("created_at", activity.created_at.into()),
        ("updated_at", activity.updated_at.into()),
    ]
}

pub async fn insert_activity(
    db: &impl ConnectionTrait,
    company: CompanyId,
    activity: &Activity,
) -> Result<(), DbErr> {
    let mut pairs = vec![("company_id", company.0.into()), ("id", activity.id.into())];
    pairs.extend(activity_values(activity));
    insert(db, "crm_activities", &pairs).await
}

pub async fn update_activity(
    db: &impl ConnectionTrait,
    company: CompanyId,
    activity: &Activity,
) -> Result<(), DbErr> {
    update(
        db,
        "crm_activities",
        company,
        activity.id,
        &activity_values(activity),
    )
    .await
    .map(|_| ())
}

pub async fn delete_activity(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    let delete = Query::delete()
        .from_table("crm_activities")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(db.execute(&delete).await?.rows_affected() > 0)
}

/// The activities of one lead or one deal (the column names which).
pub fn activities(
    company: CompanyId,
    parent_column: &'static str,
    parent: Uuid,
    done: Option<bool>,
    assignee: Option<Uuid>,
) -> SelectStatement {
    let mut select = Query::select()
        .columns(ACTIVITY_COLUMNS.map(|column| ("crm_activities", column)))
        .from("crm_activities")
        .and_where(Expr::col(("crm_activities", "company_id")).eq(company.0))
        .and_where(Expr::col(("crm_activities", parent_column)).eq(parent))
        .to_owned();
    if let Some(done) = done {
        select.and_where(Expr::col(("crm_activities", "done")).eq(done));
    }
    if let Some(assignee) = assignee {
        select.and_where(Expr::col(("crm_activities", "assignee_id")).eq(assignee));
    }
    select
}

pub async fn list_activities(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<Activity>, i64), DbErr> {
    fetch_page(db, filtered, page, ("crm_activities", "id"), activity).await
}

pub async fn activity_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Activity>, DbErr> {
    let select = Query::select()
        .columns(ACTIVITY_COLUMNS)
        .from("crm_activities")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.query_one(&select)
        .await?
        .as_ref()
        .map(activity)
        .transpose()
}

// Duplicate detection.

/// A partner that may be the lead's company.
pub struct PartnerMatch {
    pub id: Uuid,
    pub name: String,
    pub legal_name: Option<String>,
    pub trn: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Digits of a stored phone, in SQL (the separators a phone may hold removed), for both
/// databases.
fn phone_digits_column() -> Expr {
    let mut expr: Expr = Expr::col(("partners", "phone"));
    for separator in ["+", " ", "-", "(", ")", "."] {
        expr = Func::cust(Alias::new("replace"))
            .arg(expr)
            .arg(separator)
            .arg("")
            .into();
    }
    expr
}

/// Clients whose TRN, e-mail or phone digits equal the lead's, or whose name or legal name
/// contains `name_word` (a prefilter: the caller compares normalised names).
pub async fn partner_matches(
    db: &impl ConnectionTrait,
    company: CompanyId,
    trn: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
    name_word: Option<&str>,
) -> Result<Vec<PartnerMatch>, DbErr> {
    // The strong matches on their own, so that many partners sharing a word of the name
    // never crowd out the one with the lead's TRN, e-mail or phone.
    let mut strong = Cond::any();
    if let Some(trn) = trn {
        strong = strong.add(Expr::col(("partners", "trn")).eq(trn));
    }
    if let Some(email) = email {
        strong = strong.add(Func::lower(Expr::col(("partners", "email"))).eq(email.to_lowercase()));
    }
    if let Some(phone) = phone.map(phone_digits).filter(|digits| !digits.is_empty()) {
        strong = strong.add(phone_digits_column().eq(phone));
    }
    let mut found = matching(db, company, strong, 100).await?;
    if let Some(word) = name_word {
        let named = Cond::any()
            .add(Func::lower(Expr::col(("partners", "name"))).like(like_pattern(word)))
            .add(Func::lower(Expr::col(("partners", "legal_name"))).like(like_pattern(word)));
        for partner in matching(db, company, named, 500).await? {
            if !found.iter().any(|known| known.id == partner.id) {
                found.push(partner);
            }
        }
    }
    Ok(found)
}

async fn matching(
    db: &impl ConnectionTrait,
    company: CompanyId,
    any: Cond,
    limit: u64,
) -> Result<Vec<PartnerMatch>, DbErr> {
    if any.is_empty() {
        return Ok(Vec::new());
    }
    let select = Query::select()
        .columns(["id", "name", "legal_name", "trn", "email", "phone"].map(|c| ("partners", c)))
        .from("partners")
        .and_where(Expr::col(("partners", "company_id")).eq(company.0))
        // A lead becomes a deal with a client: vendors are not candidates.
        .and_where(Expr::col(("partners", "is_client")).eq(true))
        .cond_where(any)
        .order_by(("partners", "id"), Order::Asc)
        .limit(limit)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok(PartnerMatch {
                id: get(row, "id")?,
                name: get(row, "name")?,
                legal_name: get(row, "legal_name")?,
                trn: get(row, "trn")?,
                email: get(row, "email")?,
                phone: get(row, "phone")?,
            })
        })
        .collect()
}

/// Marks the lead converted unless it already is: false when another request converted it
/// first (on PostgreSQL the second waits for the first's row lock, then finds it converted).
pub async fn claim_for_conversion(
    db: &impl ConnectionTrait,
    company: CompanyId,
    lead: Uuid,
) -> Result<bool, DbErr> {
    let update = Query::update()
        .table("crm_leads")
        .value("state", "converted")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(lead))
        .and_where(Expr::col("state").ne("converted"))
        .to_owned();
    Ok(db.execute(&update).await?.rows_affected() == 1)
}

// The pipeline report.

/// Deals created in the period, by stage: (stage, count, expected, weighted).
pub async fn created_by_stage(
    db: &impl ConnectionTrait,
    company: CompanyId,
    (from, to): (i64, i64),
    owner: Option<Uuid>,
) -> Result<HashMap<Uuid, (i64, i64, i64)>, DbErr> {
    let mut select = Query::select()
        .column("stage_id")
        .expr_as(Func::count(Expr::col("stage_id")), Alias::new("deals"))
        .expr_as(
            Expr::cust("CAST(SUM(expected_revenue_minor) AS BIGINT)"),
            Alias::new("expected"),
        )
        .expr_as(
            Expr::cust("CAST(SUM(weighted_revenue_minor) AS BIGINT)"),
            Alias::new("weighted"),
        )
        .from("crm_deals")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("created_at").gte(from))
        .and_where(Expr::col("created_at").lt(to))
        .group_by_col("stage_id")
        .to_owned();
    if let Some(owner) = owner {
        select.and_where(Expr::col("owner_id").eq(owner));
    }
    let mut rows = HashMap::new();
    for row in db.query_all(&select).await? {
        rows.insert(
            get(&row, "stage_id")?,
            (
                get::<i64>(&row, "deals")?,
                big_sum(&row, "expected")?,
                big_sum(&row, "weighted")?,
            ),
        );
    }
    Ok(rows)
}

/// One group of deals closed in the period.
pub struct ClosedGroup {
    pub owner: Option<Uuid>,
    pub source: Option<Source>,
    pub state: StageType,
    pub count: i64,
    pub expected: i64,
    /// Sum of (closed_at - created_at), microseconds.
    pub cycle: i64,
}

/// Deals closed in the period, grouped by owner, source and state.
pub async fn closed_groups(
    db: &impl ConnectionTrait,
    company: CompanyId,
    (from, to): (i64, i64),
    owner: Option<Uuid>,
) -> Result<Vec<ClosedGroup>, DbErr> {
    let mut select = Query::select()
        .columns(["owner_id", "source", "state"])
        .expr_as(Func::count(Expr::col("state")), Alias::new("deals"))
        .expr_as(
            Expr::cust("CAST(SUM(expected_revenue_minor) AS BIGINT)"),
            Alias::new("expected"),
        )
        .expr_as(
            Expr::cust("CAST(SUM(closed_at - created_at) AS BIGINT)"),
            Alias::new("cycle"),
        )
        .from("crm_deals")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("closed_at").gte(from))
        .and_where(Expr::col("closed_at").lt(to))
        .group_by_col("owner_id")
        .group_by_col("source")
        .group_by_col("state")
        .to_owned();
    if let Some(owner) = owner {
        select.and_where(Expr::col("owner_id").eq(owner));
    }
    let mut groups = Vec::new();
    for row in db.query_all(&select).await? {
        groups.push(ClosedGroup {
            owner: get(&row, "owner_id")?,
            source: source_of(&row)?,
            state: get_code(&row, "state", StageType::parse)?,
            count: get(&row, "deals")?,
            expected: big_sum(&row, "expected")?,
            cycle: big_sum(&row, "cycle")?,
        });
    }
    Ok(groups)
}

/// A `CAST(SUM(..) AS BIGINT)` column (PostgreSQL sums BIGINTs as NUMERIC); 0 for no rows.
fn big_sum(row: &QueryResult, column: &str) -> Result<i64, DbErr> {
    Ok(get::<Option<i64>>(row, column)?.unwrap_or(0))
}

// Bulk loading.

/// One deal for [`bulk_load_deals`].
pub struct BulkDeal {
    pub name: String,
    pub stage: Uuid,
    pub owner: Option<Uuid>,
    pub source: Option<Source>,
    pub expected_revenue_minor: i64,
    pub created_at: i64,
    /// Microseconds from creation to close, for a deal in a won or lost stage.
    pub cycle_micros: i64,
}

pub async fn bulk_load_deals(
    db: &impl ConnectionTrait,
    company: CompanyId,
    currency: &str,
    deals: &[BulkDeal],
) -> Result<(), DbErr> {
    let stages: HashMap<Uuid, Stage> = all_stages(db, company)
        .await?
        .into_iter()
        .map(|stage| (stage.id, stage))
        .collect();
    for chunk in deals.chunks(500) {
        let mut statement = Query::insert()
            .into_table("crm_deals")
            .columns(["company_id"].into_iter().chain(DEAL_COLUMNS))
            .to_owned();
        for bulk in chunk {
            let stage = stages
                .get(&bulk.stage)
                .ok_or_else(|| DbErr::Custom("no such stage in this company".to_owned()))?;
            let closed_at = match stage.kind {
                StageType::Open => None,
                _ => Some(bulk.created_at + bulk.cycle_micros),
            };
            let deal = Deal {
                id: Uuid::now_v7(),
                name: bulk.name.clone(),
                partner_id: None,
                contact_id: None,
                stage_id: stage.id,
                state: stage.kind,
                owner_id: bulk.owner,
                expected_revenue_minor: bulk.expected_revenue_minor,
                currency: currency.to_owned(),
                probability: stage.probability,
                weighted_revenue_minor: weighted_revenue(
                    bulk.expected_revenue_minor,
                    stage.probability,
                ),
                expected_close_date: None,
                source: bulk.source,
                tags: Vec::new(),
                notes: None,
                lost_reason: (stage.kind == StageType::Lost).then(|| "price".to_owned()),
                lead_id: None,
                closed_at,
                created_at: bulk.created_at,
                updated_at: closed_at.unwrap_or(bulk.created_at),
            };
            let mut row: Vec<sea_orm::sea_query::SimpleExpr> =
                vec![company.0.into(), deal.id.into()];
            row.extend(
                deal_values(&deal)
                    .into_iter()
                    .map(|(_, value)| value.into()),
            );
            statement.values_panic(row);
        }
        db.execute(&statement).await?;
    }
    if db.get_database_backend() == DatabaseBackend::Postgres {
        // What autovacuum does after a large load: the planner's statistics, and the visibility
        // map that lets the report read its covering indexes without visiting the table.
        db.execute_unprepared("VACUUM ANALYZE crm_deals").await?;
    }
    Ok(())
}

/// Deletes a lead and its activities; false when there was none.
pub async fn delete_lead(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    delete_where(db, company, "crm_activities", "lead_id", id).await?;
    Ok(delete_where(db, company, "crm_leads", "id", id).await? > 0)
}

/// Deletes a deal and its activities, and forgets it on the lead it came from; false when
/// there was none.
pub async fn delete_deal(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    delete_where(db, company, "crm_activities", "deal_id", id).await?;
    let unlink = Query::update()
        .table("crm_leads")
        .value("deal_id", Option::<Uuid>::None)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("deal_id").eq(id))
        .to_owned();
    db.execute(&unlink).await?;
    Ok(delete_where(db, company, "crm_deals", "id", id).await? > 0)
}

/// Deletes a stage no deal is in (the foreign key refuses otherwise); false when there was none.
pub async fn delete_stage(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    Ok(delete_where(db, company, "crm_stages", "id", id).await? > 0)
}

async fn delete_where(
    db: &impl ConnectionTrait,
    company: CompanyId,
    table: &'static str,
    column: &'static str,
    id: Uuid,
) -> Result<u64, DbErr> {
    let delete = Query::delete()
        .from_table(table)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col(column).eq(id))
        .to_owned();
    Ok(db.execute(&delete).await?.rows_affected())
}
