//! What every handler can reach: the database, the token keys, the password hasher, the rate
//! limiter and the default plan. Modules hang nothing on it; their logic stays in their crates.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use arkan_kernel::{CompanyId, Currency, UserId};
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr};

use crate::auth::{Passwords, TokenKeys};
use crate::db::Db;
use crate::proxies::TrustedProxies;
use crate::rate_limit::RateLimiter;
use crate::role::{Plan, Quota};

#[derive(Clone)]
pub struct Platform(Arc<PlatformParts>);

pub struct PlatformParts {
    pub db: Db,
    pub tokens: TokenKeys,
    pub passwords: Passwords,
    pub limiter: RateLimiter,
    pub default_plan: Plan,
    /// Peers whose `X-Forwarded-For` names the client (load balancers).
    pub trusted_proxies: TrustedProxies,
    /// Multiplies every plan's quota; 1 in production, larger only for load tests.
    pub rate_limit_multiplier: u32,
    /// What modules set up for a new company (journals, chart of accounts, taxes), run inside
    /// the transaction that creates it.
    pub company_setup: Vec<CompanySetup>,
    /// How the gates look up users and memberships (the identity module owns those tables).
    pub directory: Directory,
}

/// What the tenant gate needs to know of a caller in one company, read in one round trip by
/// the module that owns users, companies and memberships.
pub struct Membership {
    pub is_admin: bool,
    /// None when there is no such company.
    pub plan: Option<String>,
    pub currency: Option<String>,
    /// None when the user is not a member.
    pub role: Option<String>,
}

/// A future boxed for a function pointer.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Reads a caller's membership in a company (see [`Directory::membership`]).
pub type MembershipLookup = for<'a> fn(
    &'a DatabaseConnection,
    UserId,
    CompanyId,
) -> BoxFuture<'a, Result<Option<Membership>, DbErr>>;

/// Reads whether a user is a platform admin (see [`Directory::user_admin`]).
pub type AdminLookup =
    for<'a> fn(&'a DatabaseConnection, UserId) -> BoxFuture<'a, Result<Option<bool>, DbErr>>;

/// What the gates ask of the module that owns users, companies and memberships.
#[derive(Clone, Copy)]
pub struct Directory {
    /// The caller's admin flag, the company's plan and currency and the caller's role there;
    /// None when the user does not exist.
    pub membership: MembershipLookup,
    /// Whether the user is a platform admin; None when the user does not exist.
    pub user_admin: AdminLookup,
}

/// A company being created, as the modules' set-up steps see it.
pub struct NewCompany {
    pub id: CompanyId,
    pub currency: Currency,
    pub country: String,
    /// `uae` or `none`.
    pub chart_template: String,
    pub fiscal_year_start_month: i32,
    /// Microseconds since the epoch, for the rows it creates.
    pub now: i64,
}

/// One module's set-up step for a new company.
pub type CompanySetup = for<'a> fn(
    &'a DatabaseTransaction,
    &'a NewCompany,
) -> Pin<Box<dyn Future<Output = Result<(), DbErr>> + Send + 'a>>;

impl Platform {
    pub fn new(parts: PlatformParts) -> Platform {
        Platform(Arc::new(parts))
    }

    /// The quota a plan gets on this deployment.
    pub fn quota(&self, plan: Plan) -> Quota {
        let quota = plan.quota();
        let multiplier = self.rate_limit_multiplier.max(1);
        Quota {
            per_minute: quota.per_minute.saturating_mul(multiplier),
            burst: quota.burst.saturating_mul(multiplier),
        }
    }
}

impl std::ops::Deref for Platform {
    type Target = PlatformParts;

    fn deref(&self) -> &PlatformParts {
        &self.0
    }
}
