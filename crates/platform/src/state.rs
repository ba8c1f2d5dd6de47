//! What every handler can reach: the database, the token keys, the password hasher, the rate
//! limiter and the default plan. Modules hang nothing on it; their logic stays in their crates.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use arkan_kernel::{CompanyId, Currency};
use sea_orm::{DatabaseTransaction, DbErr};

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
