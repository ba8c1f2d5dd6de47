//! The request context: who is calling, for which company, with which role and plan. The
//! tenant gate ([`crate::tenancy`]) builds a [`Ctx`]; every service and store call takes it, so
//! no query can forget the tenant.

use arkan_kernel::{CompanyId, Currency, UserId};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::auth::bearer_token;
use crate::error::ApiError;
use crate::error::codes;
use crate::read_cache::{Access, Versions};
use crate::role::{Area, Plan, Role};
use crate::state::Platform;

/// The request context inside a company.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    pub user: UserId,
    pub company: CompanyId,
    pub role: Role,
    pub plan: Plan,
    /// The company currency: amounts without a currency of their own are in it.
    pub currency: Currency,
    /// The read-cache stamps in force when the request started; None when the cache is off.
    pub versions: Option<Versions>,
}

impl Ctx {
    /// The context of `user` in `company` with what they may do there.
    pub fn new(
        user: UserId,
        company: CompanyId,
        access: Access,
        versions: Option<Versions>,
    ) -> Ctx {
        Ctx {
            user,
            company,
            role: access.role,
            plan: access.plan,
            currency: access.currency,
            versions,
        }
    }

    pub fn access(&self) -> Access {
        Access {
            role: self.role,
            plan: self.plan,
            currency: self.currency,
        }
    }

    pub fn require_write(&self, area: Area) -> Result<(), ApiError> {
        self.role.require_write(area)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .copied()
            .ok_or_else(|| ApiError::internal("tenant endpoint mounted without the tenant gate"))
    }
}

/// An authenticated user, for endpoints outside any company (`/auth/me`, `/companies`, `/users`).
#[derive(Clone, Copy, Debug)]
pub struct AuthUser {
    pub id: UserId,
    pub is_platform_admin: bool,
}

impl FromRequestParts<Platform> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        platform: &Platform,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts.headers.get(header::AUTHORIZATION))?;
        let user = platform.tokens.verify_access(token)?;
        let is_platform_admin = (platform.directory.user_admin)(platform.db.connection(), user)
            .await?
            .ok_or_else(|| {
                ApiError::unauthorized(codes::TOKEN_INVALID, "The user no longer exists")
            })?;
        Ok(AuthUser {
            id: user,
            is_platform_admin,
        })
    }
}
