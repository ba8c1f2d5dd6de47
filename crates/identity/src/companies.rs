//! What other modules may read of a company (the tenant): its names and tax number, for the
//! documents and files they produce.

use arkan_kernel::CompanyId;
use sea_orm::{ConnectionTrait, DbErr};

/// How a company presents itself on documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyProfile {
    pub name: String,
    pub legal_name: Option<String>,
    /// UAE tax registration number.
    pub trn: Option<String>,
}

/// The company's profile; None when there is no such company.
pub async fn profile(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Option<CompanyProfile>, DbErr> {
    Ok(crate::store::company_profile(db, company)
        .await?
        .map(|(name, legal_name, trn)| CompanyProfile {
            name,
            legal_name,
            trn,
        }))
}
