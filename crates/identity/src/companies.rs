//! What other modules may read of a company (the tenant): its names and tax number, for the
//! documents and files they produce.

use arkan_kernel::{CompanyId, UserId};
use arkan_platform::Platform;
use arkan_platform::error::ApiResult;
use arkan_platform::role::Role;
use sea_orm::{ConnectionTrait, DbErr};

use crate::api::CompanyView;

/// How a company presents itself on documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyProfile {
    pub name: String,
    pub legal_name: Option<String>,
    /// UAE tax registration number.
    pub trn: Option<String>,
}

/// The members of the company holding one of `roles` (whom to notify of something).
pub async fn members_with_roles(
    db: &impl ConnectionTrait,
    company: CompanyId,
    roles: &[Role],
) -> Result<Vec<UserId>, DbErr> {
    let roles: Vec<&str> = roles.iter().map(|role| role.as_str()).collect();
    crate::store::members_with_roles(db, company, &roles).await
}

/// The full names of those of `users` who are members of the company (others are left out).
pub async fn member_names(
    db: &impl ConnectionTrait,
    company: CompanyId,
    users: &[UserId],
) -> Result<std::collections::HashMap<UserId, String>, DbErr> {
    crate::store::member_names(db, company, users).await
}

/// The companies `user` belongs to, at most `limit` of them (the WebSocket picks the company
/// of a member of one).
pub async fn companies_of(
    db: &impl ConnectionTrait,
    user: UserId,
    limit: u64,
) -> Result<Vec<CompanyId>, DbErr> {
    crate::store::company_ids_of(db, user, limit).await
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

/// The company as its owner sees it: what `GET /companies/{id}` answers the owner (`role:
/// owner`); None when there is no such company.
pub async fn view(platform: &Platform, company: CompanyId) -> ApiResult<Option<CompanyView>> {
    crate::service::company_as_owner(platform, company).await
}
