//! What every handler can reach: the database, the token keys, the password hasher, the rate
//! limiter and the default plan. Modules hang nothing on it; their logic stays in their crates.

use std::sync::Arc;

use crate::auth::{Passwords, TokenKeys};
use crate::db::Db;
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
    /// Multiplies every plan's quota; 1 in production, larger only for load tests.
    pub rate_limit_multiplier: u32,
}

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
