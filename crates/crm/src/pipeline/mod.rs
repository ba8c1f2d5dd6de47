//! The sales pipeline: stages, leads (converted into deals and clients), deals, their
//! activities and the pipeline report. A folder of its own beside the partner directory's flat
//! files, with the same layers (`api`, `http`, `service`, `domain`, `store`).

pub(crate) mod activities;
pub(crate) mod api;
pub(crate) mod deals;
pub(crate) mod domain;
pub(crate) mod http;
pub(crate) mod leads;
mod report;
pub(crate) mod service;
pub(crate) mod stages;
mod store;

use std::future::Future;
use std::pin::Pin;

use arkan_kernel::{CompanyId, DealId, StageId, UserId};
use arkan_platform::state::NewCompany;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr};

use crate::migrations::DEFAULT_STAGES;
use domain::{Source, Stage, StageType};

/// The company set-up hook: a new company gets the default stages (New 10%, Qualified 25%,
/// Proposal 50%, Negotiation 75%, Won 100%, Lost 0%).
pub fn setup_company<'a>(
    transaction: &'a DatabaseTransaction,
    company: &'a NewCompany,
) -> Pin<Box<dyn Future<Output = Result<(), DbErr>> + Send + 'a>> {
    Box::pin(async move {
        for (name, sequence, probability, kind) in DEFAULT_STAGES {
            let stage = Stage {
                id: StageId::new().0,
                name: name.to_owned(),
                sequence,
                probability,
                kind: StageType::parse(kind).unwrap_or(StageType::Open),
                active: true,
                created_at: company.now,
                updated_at: company.now,
            };
            store::insert_stage(transaction, company.id, &stage).await?;
        }
        Ok(())
    })
}

/// A stage as the bulk loader names it: its id and type (`open`, `won`, `lost`).
pub struct StageRef {
    pub id: StageId,
    pub name: String,
    pub kind: &'static str,
}

/// The company's stages in pipeline order.
pub async fn stages(db: &impl ConnectionTrait, company: CompanyId) -> Result<Vec<StageRef>, DbErr> {
    Ok(store::all_stages(db, company)
        .await?
        .into_iter()
        .map(|stage| StageRef {
            id: StageId(stage.id),
            name: stage.name,
            kind: stage.kind.as_str(),
        })
        .collect())
}

/// Whether the company has the deal `deal` (open or closed): what a sales quote checks of
/// its `dealId`.
pub async fn deal_exists(
    db: &impl ConnectionTrait,
    company: CompanyId,
    deal: DealId,
) -> Result<bool, DbErr> {
    Ok(store::deal_by_id(db, company, deal.0).await?.is_some())
}

/// One deal for [`bulk_load_deals`].
pub struct NewDeal {
    pub name: String,
    pub stage: StageId,
    pub owner: Option<UserId>,
    /// A lead source code (`website`, ...); an unknown code is left out.
    pub source: Option<&'static str>,
    pub expected_revenue_minor: i64,
    /// Microseconds since the epoch.
    pub created_at: i64,
    /// For a deal in a won or lost stage: microseconds from creation to close.
    pub cycle_micros: i64,
}

/// Loads many deals at once in batches of 500 rows, in the company currency, each taking its
/// stage's state and probability (then, on PostgreSQL, runs `VACUUM ANALYZE` on the deals, so
/// pass the pool, not a transaction). For imports and the bench: owners are taken as they
/// are, unchecked.
pub async fn bulk_load_deals(
    db: &impl ConnectionTrait,
    company: CompanyId,
    currency: &str,
    deals: &[NewDeal],
) -> Result<(), DbErr> {
    let rows: Vec<store::BulkDeal> = deals
        .iter()
        .map(|deal| store::BulkDeal {
            name: deal.name.clone(),
            stage: deal.stage.0,
            owner: deal.owner.map(|owner| owner.0),
            source: deal.source.and_then(Source::parse),
            expected_revenue_minor: deal.expected_revenue_minor,
            created_at: deal.created_at,
            cycle_micros: deal.cycle_micros,
        })
        .collect();
    store::bulk_load_deals(db, company, currency, &rows).await
}
