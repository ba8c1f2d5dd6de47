//! Who is connected to a company, counted across instances: several tabs of one person count
//! once, and a person leaves when their last socket on any live instance closes.
//!
//! One instance keeps the counts itself. Several instances keep them in Redis: a hash per company
//! with a field per (person, instance) counting that instance's sockets, and a key per instance
//! that lives 30 seconds unless the instance renews it, so an instance that dies stops counting
//! within 30 seconds. Each change and its count run in one Lua script, so two instances cannot
//! both announce the same arrival.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use arkan_kernel::{CompanyId, UserId};
use redis::aio::ConnectionManager;
use uuid::Uuid;

/// What a person shows others.
pub const STATES: &[&str] = &["online", "away", "busy"];

/// How long an instance's liveness key lasts; it is renewed three times as often.
pub const INSTANCE_TTL: Duration = Duration::from_secs(30);

pub enum Presence {
    Local(Mutex<HashMap<(CompanyId, UserId), (u32, String)>>),
    Redis {
        client: redis::Client,
        /// Made on first use, so that building the router needs no round trip.
        connection: tokio::sync::OnceCell<ConnectionManager>,
        instance: String,
    },
}

/// Adds `ARGV[3]` to the person's count on this instance; returns the person's count over live
/// instances.
const CHANGE: &str = r"
local field = ARGV[1] .. '|' .. ARGV[2]
local n = redis.call('HINCRBY', KEYS[1], field, ARGV[3])
if n <= 0 then redis.call('HDEL', KEYS[1], field) end
redis.call('EXPIRE', KEYS[1], 86400)
local total = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local f = all[i]
  local sep = string.find(f, '|', 1, true)
  if sep and string.sub(f, 1, sep - 1) == ARGV[1] then
    local instance = string.sub(f, sep + 1)
    if instance == ARGV[2] or redis.call('EXISTS', 'arkan:instance:' .. instance) == 1 then
      total = total + tonumber(all[i + 1])
    end
  end
end
return total
";

/// The people of a company with a socket on a live instance.
const LIST: &str = r"
local seen = {}
local people = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local f = all[i]
  local sep = string.find(f, '|', 1, true)
  if sep and tonumber(all[i + 1]) > 0 then
    local person = string.sub(f, 1, sep - 1)
    local instance = string.sub(f, sep + 1)
    if not seen[person] and (instance == ARGV[1] or redis.call('EXISTS', 'arkan:instance:' .. instance) == 1) then
      seen[person] = true
      people[#people + 1] = person
    end
  end
end
return people
";

fn counts_key(company: CompanyId) -> String {
    format!("arkan:presence:{company}")
}

fn states_key(company: CompanyId) -> String {
    format!("arkan:presence-state:{company}")
}

impl Presence {
    pub fn local() -> Presence {
        Presence::Local(Mutex::new(HashMap::new()))
    }

    pub fn redis(url: &str, instance: String) -> Result<Presence, redis::RedisError> {
        Ok(Presence::Redis {
            client: redis::Client::open(url)?,
            connection: tokio::sync::OnceCell::new(),
            instance,
        })
    }

    async fn connection(&self) -> Result<Option<ConnectionManager>, redis::RedisError> {
        match self {
            Presence::Local(_) => Ok(None),
            Presence::Redis {
                client, connection, ..
            } => connection
                .get_or_try_init(|| ConnectionManager::new(client.clone()))
                .await
                .cloned()
                .map(Some),
        }
    }

    /// Keeps this instance counted (every [`INSTANCE_TTL`] / 3).
    pub async fn renew(&self) -> Result<(), redis::RedisError> {
        if let (Some(mut connection), Presence::Redis { instance, .. }) =
            (self.connection().await?, self)
        {
            let _: () = redis::cmd("SET")
                .arg(format!("arkan:instance:{instance}"))
                .arg(1)
                .arg("EX")
                .arg(INSTANCE_TTL.as_secs())
                .query_async(&mut connection)
                .await?;
        }
        Ok(())
    }

    /// Counts a socket in or out; returns the person's sockets left over every instance.
    pub async fn change(
        &self,
        company: CompanyId,
        user: UserId,
        delta: i32,
    ) -> Result<i64, redis::RedisError> {
        match self {
            Presence::Local(counts) => {
                let mut counts = counts.lock().map_err(poisoned)?;
                let entry = counts
                    .entry((company, user))
                    .or_insert_with(|| (0, "online".to_owned()));
                entry.0 = entry.0.saturating_add_signed(delta);
                let left = i64::from(entry.0);
                if left == 0 {
                    counts.remove(&(company, user));
                }
                Ok(left)
            }
            Presence::Redis { instance, .. } => {
                let mut connection = self.redis_connection().await?;
                let left: i64 = redis::Script::new(CHANGE)
                    .key(counts_key(company))
                    .arg(user.0.to_string())
                    .arg(instance)
                    .arg(delta)
                    .invoke_async(&mut connection)
                    .await?;
                if left == 0 {
                    let _: i64 = redis::cmd("HDEL")
                        .arg(states_key(company))
                        .arg(user.0.to_string())
                        .query_async(&mut connection)
                        .await?;
                }
                Ok(left)
            }
        }
    }

    pub async fn set_state(
        &self,
        company: CompanyId,
        user: UserId,
        state: &str,
    ) -> Result<(), redis::RedisError> {
        match self {
            Presence::Local(counts) => {
                let mut counts = counts.lock().map_err(poisoned)?;
                if let Some(entry) = counts.get_mut(&(company, user)) {
                    state.clone_into(&mut entry.1);
                }
                Ok(())
            }
            Presence::Redis { .. } => {
                let mut connection = self.redis_connection().await?;
                let _: () = redis::pipe()
                    .cmd("HSET")
                    .arg(states_key(company))
                    .arg(user.0.to_string())
                    .arg(state)
                    .ignore()
                    .cmd("EXPIRE")
                    .arg(states_key(company))
                    .arg(86_400)
                    .ignore()
                    .query_async(&mut connection)
                    .await?;
                Ok(())
            }
        }
    }

    /// The people connected to a company and their states.
    pub async fn list(
        &self,
        company: CompanyId,
    ) -> Result<Vec<(UserId, String)>, redis::RedisError> {
        match self {
            Presence::Local(counts) => {
                let counts = counts.lock().map_err(poisoned)?;
                Ok(counts
                    .iter()
                    .filter(|((of, _), _)| *of == company)
                    .map(|((_, user), (_, state))| (*user, state.clone()))
                    .collect())
            }
            Presence::Redis { instance, .. } => {
                let mut connection = self.redis_connection().await?;
                let people: Vec<String> = redis::Script::new(LIST)
                    .key(counts_key(company))
                    .arg(instance)
                    .invoke_async(&mut connection)
                    .await?;
                if people.is_empty() {
                    return Ok(Vec::new());
                }
                let states: Vec<Option<String>> = redis::cmd("HMGET")
                    .arg(states_key(company))
                    .arg(&people)
                    .query_async(&mut connection)
                    .await?;
                Ok(people
                    .iter()
                    .zip(states)
                    .filter_map(|(person, state)| {
                        let user = UserId(Uuid::parse_str(person).ok()?);
                        Some((user, state.unwrap_or_else(|| "online".to_owned())))
                    })
                    .collect())
            }
        }
    }

    async fn redis_connection(&self) -> Result<ConnectionManager, redis::RedisError> {
        self.connection().await?.ok_or_else(|| {
            redis::RedisError::from((redis::ErrorKind::Client, "presence is kept in this process"))
        })
    }
}

fn poisoned<T>(_: std::sync::PoisonError<T>) -> redis::RedisError {
    redis::RedisError::from((redis::ErrorKind::Client, "the presence table is poisoned"))
}
