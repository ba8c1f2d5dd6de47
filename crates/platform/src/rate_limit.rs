//! Per-tenant rate limiting with GCRA (the generic cell rate algorithm): each key keeps one
//! "theoretical arrival time"; a request is allowed while that time is less than one burst ahead
//! of now. The same arithmetic runs in process (one server) or as a Lua script in Redis (several
//! servers behind a load balancer sharing one limit).

use std::collections::HashMap;
use std::sync::Mutex;

use redis::Script;
use redis::aio::ConnectionManager;

use crate::role::Quota;

/// What the limiter decided, with what the `X-RateLimit-*` headers report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    /// Requests per minute of the plan (`X-RateLimit-Limit`).
    pub limit: u32,
    /// Requests that could be made right now (`X-RateLimit-Remaining`).
    pub remaining: u32,
    /// Unix time (seconds) when the full burst is available again (`X-RateLimit-Reset`).
    pub reset_at: i64,
    /// Seconds to wait when refused (`Retry-After`).
    pub retry_after: u64,
}

/// The GCRA step, in microseconds. `tat` is the stored arrival time (0 when none).
/// Returns the decision and the new arrival time to store (unchanged when refused).
pub fn gcra(now: i64, tat: i64, quota: Quota) -> (Decision, i64) {
    let (interval, window) = spacing(quota);
    let start = tat.max(now);
    let next = start + interval;
    let limit = quota.per_minute;
    if next - now > window {
        let wait = next - now - window;
        let decision = Decision {
            allowed: false,
            limit,
            remaining: 0,
            reset_at: ceil_seconds(start),
            retry_after: u64::try_from(arkan_kernel::time::seconds_ceil(wait))
                .unwrap_or(1)
                .max(1),
        };
        return (decision, tat);
    }
    let remaining = u32::try_from((window - (next - now)) / interval).unwrap_or(0);
    let decision = Decision {
        allowed: true,
        limit,
        remaining,
        reset_at: ceil_seconds(next),
        retry_after: 0,
    };
    (decision, next)
}

/// Microseconds between requests at the sustained rate, and the burst window (never zero, even
/// for quotas above a million requests a minute).
fn spacing(quota: Quota) -> (i64, i64) {
    let interval = (60_000_000 / i64::from(quota.per_minute.max(1))).max(1);
    (interval, interval * i64::from(quota.burst.max(1)))
}

fn ceil_seconds(micros: i64) -> i64 {
    arkan_kernel::time::seconds_ceil(micros)
}

/// Where the arrival times live.
pub enum RateLimiter {
    /// One process: a map guarded by a mutex.
    Memory(Mutex<HashMap<String, i64>>),
    /// Shared by every instance through Redis; the clock is Redis's, so instances with drifting
    /// clocks still agree.
    Redis(ConnectionManager),
}

/// The Redis side of [`gcra`]: the same arithmetic, atomically, on Redis's clock. Keys after
/// the first are read-cache stamps to read in the same round trip (see [`StampRead`]): a missing
/// `KEYS[i]` is set to the fresh stamp given for it, `ARGV[i + 2]`, expiring after `ARGV[3]`
/// seconds. (All keys are on one Redis; a cluster would need them in one hash slot.)
const GCRA_SCRIPT: &str = r"
local stamps = {}
for i = 2, #KEYS do
  local stamp = redis.call('GET', KEYS[i])
  if not stamp then
    stamp = ARGV[i + 2]
    redis.call('SET', KEYS[i], stamp, 'EX', tonumber(ARGV[3]))
  end
  stamps[i - 1] = stamp
end
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local interval = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(tat, now)
local next_tat = start + interval
if next_tat - now > window then
  return {0, now, tat, stamps}
end
redis.call('SET', KEYS[1], next_tat, 'PX', math.ceil(window / 1000) + 1000)
return {1, now, next_tat, stamps}
";

static GCRA: std::sync::LazyLock<Script> = std::sync::LazyLock::new(|| Script::new(GCRA_SCRIPT));

/// Redis's time and a key's arrival time, for [`RateLimiter::peek`].
static PEEK: std::sync::LazyLock<Script> = std::sync::LazyLock::new(|| {
    Script::new(
        r"
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
return {now, tonumber(redis.call('GET', KEYS[1]) or '0')}
",
    )
});

/// Read-cache stamps to take in the rate limiter's round trip: their Redis keys, the stamp to
/// set for each one that is missing, and how long a set stamp lives.
#[derive(Debug, Default)]
pub struct StampRead {
    pub keys: Vec<String>,
    pub fresh: Vec<String>,
    pub seconds: u64,
}

impl RateLimiter {
    pub fn in_memory() -> RateLimiter {
        RateLimiter::Memory(Mutex::new(HashMap::new()))
    }

    pub async fn redis(url: &str) -> Result<RateLimiter, redis::RedisError> {
        let client = redis::Client::open(url)?;
        let manager = client.get_connection_manager().await?;
        Ok(RateLimiter::Redis(manager))
    }

    /// Counts one request against `key`.
    pub async fn check(&self, key: &str, quota: Quota) -> Result<Decision, redis::RedisError> {
        self.check_reading(key, quota, &StampRead::default())
            .await
            .map(|(decision, _)| decision)
    }

    /// What counting one request against `key` would decide, without counting it.
    pub async fn peek(&self, key: &str, quota: Quota) -> Result<Decision, redis::RedisError> {
        let (now, tat) = match self {
            RateLimiter::Memory(arrivals) => (
                arkan_kernel::time::now_micros(),
                arrivals
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .get(key)
                    .copied()
                    .unwrap_or(0),
            ),
            // On Redis's clock, as `check` counts.
            RateLimiter::Redis(manager) => {
                let mut connection = manager.clone();
                PEEK.key(format!("arkan:rate:{key}"))
                    .invoke_async(&mut connection)
                    .await?
            }
        };
        Ok(gcra(now, tat, quota).0)
    }

    /// Counts one request against `key` and, with Redis, reads `stamps` in the same round trip
    /// (their values in order; none in memory, where there are no shared stamps).
    pub async fn check_reading(
        &self,
        key: &str,
        quota: Quota,
        stamps: &StampRead,
    ) -> Result<(Decision, Vec<String>), redis::RedisError> {
        match self {
            RateLimiter::Memory(arrivals) => {
                let now = arkan_kernel::time::now_micros();
                let mut arrivals = arrivals
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if arrivals.len() > 100_000 {
                    arrivals.retain(|_, tat| *tat > now);
                }
                let tat = arrivals.get(key).copied().unwrap_or(0);
                let (decision, next) = gcra(now, tat, quota);
                if decision.allowed {
                    arrivals.insert(key.to_owned(), next);
                }
                Ok((decision, Vec::new()))
            }
            RateLimiter::Redis(manager) => {
                let (interval, window) = spacing(quota);
                let mut connection = manager.clone();
                let mut invocation = GCRA.key(format!("arkan:rate:{key}"));
                invocation.arg(interval).arg(window).arg(stamps.seconds);
                for (stamp_key, fresh) in stamps.keys.iter().zip(&stamps.fresh) {
                    invocation.key(stamp_key).arg(fresh);
                }
                let (allowed, now, tat, values): (i64, i64, i64, Vec<String>) =
                    invocation.invoke_async(&mut connection).await?;
                // Recompute the headers with the script's clock and result.
                let previous = if allowed == 1 { tat - interval } else { tat };
                let (decision, _) = gcra(now, previous.max(0), quota);
                Ok((
                    Decision {
                        allowed: allowed == 1,
                        ..decision
                    },
                    values,
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FREE: Quota = Quota {
        per_minute: 60,
        burst: 10,
    };

    #[test]
    fn a_burst_is_allowed_then_one_request_per_interval() {
        let mut tat = 0;
        let now = 1_000_000_000_000;
        for expected_remaining in (0..10).rev() {
            let (decision, next) = gcra(now, tat, FREE);
            assert!(decision.allowed);
            assert_eq!(decision.remaining, expected_remaining);
            tat = next;
        }
        let (refused, unchanged) = gcra(now, tat, FREE);
        assert!(!refused.allowed);
        assert_eq!(refused.retry_after, 1);
        assert_eq!(unchanged, tat);
        // One interval (a second on the free plan) later, one more request fits.
        let (later, _) = gcra(now + 1_000_000, tat, FREE);
        assert!(later.allowed);
        assert_eq!(later.remaining, 0);
    }

    #[test]
    fn huge_quotas_do_not_divide_by_zero() {
        let quota = Quota {
            per_minute: u32::MAX,
            burst: u32::MAX,
        };
        let (decision, _) = gcra(1_000_000, 0, quota);
        assert!(decision.allowed);
    }
}
