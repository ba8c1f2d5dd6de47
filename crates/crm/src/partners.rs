//! What other modules may read of the partner directory. Invoicing, banking and later sales
//! and purchasing read partners through these functions, never the tables.

use std::collections::HashMap;

use arkan_kernel::{CompanyId, PartnerId};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::store;

/// What a document needs to know of its partner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerTerms {
    /// Days from the document date to its due date, when the partner has terms.
    pub payment_terms_days: Option<i32>,
    /// The partner's payment term (wins over the days) and fiscal position, if set.
    pub payment_term_id: Option<Uuid>,
    pub fiscal_position_id: Option<Uuid>,
    pub is_client: bool,
    pub is_vendor: bool,
}

/// A partner's payment terms and roles; None when this company has no such partner.
pub async fn terms(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partner: PartnerId,
) -> Result<Option<PartnerTerms>, DbErr> {
    store::partner_terms(db, company, partner.0).await
}

/// How to address a partner in a payment file: its name and e-mail; None when there is no
/// such partner.
pub async fn contact(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partner: PartnerId,
) -> Result<Option<(String, Option<String>)>, DbErr> {
    store::partner_contact(db, company, partner.0).await
}

/// The names of these partners of the company (ids it does not have are left out).
pub async fn names(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partners: &[PartnerId],
) -> Result<HashMap<PartnerId, String>, DbErr> {
    let ids: Vec<Uuid> = partners.iter().map(|partner| partner.0).collect();
    Ok(store::partner_names(db, company, &ids)
        .await?
        .into_iter()
        .map(|(id, name)| (PartnerId(id), name))
        .collect())
}

/// Loads many clients at once, in batches of 500 rows, then rebuilds the kept totals (and, on
/// PostgreSQL, the planner's statistics). For bulk imports and load tests: names and e-mails
/// are taken as they are, unchecked.
pub async fn bulk_load_clients(
    db: &impl ConnectionTrait,
    company: CompanyId,
    clients: &[(String, Option<String>)],
    now: i64,
) -> Result<(), DbErr> {
    store::bulk_load_clients(db, company, clients, now).await
}

/// The first page of the company's clients read by a hand-written query straight through sqlx
/// (PostgreSQL): the benchmark compares the client list with it. Returns how many values the
/// page held.
pub async fn first_client_page_by_hand(
    pool: &sea_orm::sqlx::PgPool,
    company: CompanyId,
) -> Result<usize, String> {
    store::first_clients_by_hand(pool, company)
        .await
        .map_err(|error| error.to_string())
}

/// Rebuilds the kept totals of a company from its partners.
pub async fn recount_totals(db: &impl ConnectionTrait, company: CompanyId) -> Result<(), DbErr> {
    store::recount_partner_totals(db, company).await
}

/// What a tax return and an audit file need of a partner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxIdentity {
    pub name: String,
    pub trn: Option<String>,
    /// One of the seven emirates, when its address names one.
    pub emirate: Option<String>,
    /// ISO 3166 alpha-2, when its address names one.
    pub country: Option<String>,
}

/// The name, TRN, emirate and country of these partners of the company (ids it does not have
/// are left out).
pub async fn tax_identities(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partners: &[PartnerId],
) -> Result<HashMap<PartnerId, TaxIdentity>, DbErr> {
    let ids: Vec<Uuid> = partners.iter().map(|partner| partner.0).collect();
    Ok(store::partner_tax_identities(db, company, &ids)
        .await?
        .into_iter()
        .map(|(id, identity)| (PartnerId(id), identity))
        .collect())
}

/// What sales checks of a client: its tags (for price lists) and its credit limit, in minor
/// units of its currency (the company's when it names none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SalesProfile {
    pub tags: Vec<String>,
    pub credit_limit_minor: Option<i64>,
    /// The partner's currency, if it names one.
    pub currency: Option<String>,
}

/// A partner's sales profile; None when this company has no such partner.
pub async fn sales_profile(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partner: PartnerId,
) -> Result<Option<SalesProfile>, DbErr> {
    Ok(store::partner_by_id(db, company, partner.0)
        .await?
        .map(|found| SalesProfile {
            tags: found.tags,
            credit_limit_minor: found.credit_limit_minor,
            currency: found.currency,
        }))
}
