//! Reads answered from memory while nothing they depend on has changed.
//!
//! Two things are kept: the tenant context of a (user, company) pair, which the tenant gate
//! would otherwise look up on every request, and the serialized pages of lists that opt in
//! (the partner directory). Each is kept under a *version stamp*: a company's access stamp
//! (its memberships, roles and plan) or the stamp of one of its [`Topic`]s. A write
//! transaction names what it changes ([`crate::db::WriteTransaction::touch`]); once it has
//! committed, each of those gets a new stamp, never used before.
//!
//! Every tenant request takes the current stamps first, in the tenant gate, before anything is
//! read ([`ReadCache::versions`], or with Redis in the rate limiter's round trip). It may use what was kept under exactly those stamps, and it
//! keeps what it reads under them. A write is acknowledged only after its new stamps are in
//! place, so a request that starts after the acknowledgement never sees what was kept before
//! the write, and whatever is kept under a stamp was read after that stamp was set.
//!
//! Where the stamps live decides who may keep a cache:
//! - one process (no `ARKAN_REDIS_URL`): in this process;
//! - several instances (`ARKAN_REDIS_URL`): in Redis, set by every instance's writes, so each
//!   instance's cache follows every instance's writes. They are read in the rate limiter's
//!   round trip when the caller's context is kept (see `tenancy::admit`), else with an `MGET`.
//!   Should Redis lose or miss a stamp (a failure right after a commit, a restore from an old
//!   snapshot), what is kept is used for at most [`SHARED_LIFETIME`] after it was read.
//!
//! A lost stamp is always safe: a new one is made, and nothing kept matches it. So the stamp
//! stores are bounded by dropping (the map here) or by expiry (the keys in Redis).
//!
//! `ARKAN_READ_CACHE_MB=0` turns the cache off.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use arkan_kernel::{CompanyId, Currency, UserId};
use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use redis::aio::ConnectionManager;
use serde::Serialize;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::list::Page;
use crate::rate_limit::StampRead;
use crate::role::{Plan, Role};

/// Data of one company that cached lists depend on, declared by the module that owns it
/// (`arkan_crm::PARTNERS`); the server registers every module's topics with the cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Topic(&'static str);

impl Topic {
    pub const fn new(name: &'static str) -> Topic {
        Topic(name)
    }

    pub fn name(self) -> &'static str {
        self.0
    }
}

/// Topics one deployment may declare at most (a request carries one stamp for each).
pub const MAX_TOPICS: usize = 16;

/// What a caller may do in a company, kept between requests until its access stamp changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    pub role: Role,
    pub plan: Plan,
    /// The company currency.
    pub currency: Currency,
}

/// What a write transaction changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// A company's memberships, roles or plan: the kept tenant contexts in that company.
    Access(CompanyId),
    /// One topic of one company.
    Company(CompanyId, Topic),
}

impl Change {
    fn redis_key(self) -> String {
        match self {
            Change::Access(company) => format!("arkan:stamp:{company}:access"),
            Change::Company(company, topic) => format!("arkan:stamp:{company}:{}", topic.name()),
        }
    }
}

/// The stamps a request started under: the access stamp and those of its company's topics.
/// 0 stands for "no stamp" (Redis gave an unreadable value) and matches nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Versions {
    access: u128,
    /// In the order the topics were declared.
    topics: [u128; MAX_TOPICS],
}

/// Tenant contexts kept at most (the map is emptied when full).
const MAX_CONTEXTS: usize = 100_000;

/// Stamps kept in this process at most (the map is emptied when full: safe, see above).
const MAX_LOCAL_STAMPS: usize = 200_000;

/// How long a stamp lives in Redis without being written (it is made anew when missing).
const SHARED_STAMP_SECONDS: u64 = 24 * 60 * 60;

/// With stamps in Redis, what is kept is used for at most this long after it was read, in case
/// Redis missed or lost a stamp; in one process a stamp cannot be missed.
pub const SHARED_LIFETIME: Duration = Duration::from_secs(30);

enum Stamps {
    Local(Mutex<HashMap<Change, u128>>),
    Redis(ConnectionManager),
}

pub struct ReadCache {
    /// Bytes of pages kept at most; 0 turns the cache off.
    budget: usize,
    /// Every module's topics, in the order their stamps are taken.
    topics: Vec<Topic>,
    stamps: Stamps,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    contexts: HashMap<(UserId, CompanyId), (u128, Instant, Access)>,
    topics: HashMap<(CompanyId, Topic), Pages>,
    page_bytes: usize,
}

#[derive(Default)]
struct Pages {
    stamp: u128,
    bodies: HashMap<String, (Instant, Bytes)>,
}

impl std::fmt::Debug for ReadCache {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ReadCache")
            .field("budget", &self.budget)
            .field("shared", &matches!(self.stamps, Stamps::Redis(_)))
            .finish_non_exhaustive()
    }
}

fn new_stamp() -> u128 {
    Uuid::now_v7().as_u128()
}

impl ReadCache {
    /// A cache whose stamps live in this process (one instance), keeping up to `budget` bytes
    /// of pages; 0 keeps nothing.
    pub fn local(budget: usize) -> ReadCache {
        ReadCache {
            budget,
            topics: Vec::new(),
            stamps: Stamps::Local(Mutex::new(HashMap::new())),
            state: Mutex::new(State::default()),
        }
    }

    /// A cache whose stamps are shared with every instance through the Redis at `url`.
    pub async fn shared(budget: usize, url: &str) -> Result<ReadCache, redis::RedisError> {
        let manager = redis::Client::open(url)?.get_connection_manager().await?;
        Ok(ReadCache {
            budget,
            topics: Vec::new(),
            stamps: Stamps::Redis(manager),
            state: Mutex::new(State::default()),
        })
    }

    /// Registers the topics a module declares (the server does, for every module).
    pub fn declare(&mut self, topics: &[Topic]) -> Result<(), String> {
        for topic in topics {
            if self.topics.contains(topic) {
                return Err(format!("read-cache topic {} declared twice", topic.name()));
            }
            if self.topics.len() == MAX_TOPICS {
                return Err(format!("more than {MAX_TOPICS} read-cache topics"));
            }
            self.topics.push(*topic);
        }
        Ok(())
    }

    /// The stamp of `topic` among `versions` (0, matching nothing, for an undeclared topic).
    fn stamp_of(&self, versions: &Versions, topic: Topic) -> u128 {
        self.topics
            .iter()
            .position(|declared| *declared == topic)
            .map_or(0, |index| versions.topics[index])
    }

    pub fn off() -> ReadCache {
        ReadCache::local(0)
    }

    pub fn is_on(&self) -> bool {
        self.budget > 0
    }

    /// Whether the stamps are in Redis (then the tenant gate reads them with the rate limit).
    pub fn is_shared(&self) -> bool {
        self.is_on() && matches!(self.stamps, Stamps::Redis(_))
    }

    /// The stamps of `company` as the rate limiter's script reads them from Redis, with a
    /// fresh stamp for each that is missing.
    pub fn stamp_read(&self, company: CompanyId) -> StampRead {
        let keys: Vec<String> = self
            .stamped(company)
            .iter()
            .map(|change| change.redis_key())
            .collect();
        // One new stamp serves every key: stamps only need to be new for their own key.
        let fresh = new_stamp().to_string();
        StampRead {
            fresh: vec![fresh; keys.len()],
            keys,
            seconds: SHARED_STAMP_SECONDS,
        }
    }

    /// The versions of the stamps read by [`ReadCache::stamp_read`], in its order.
    pub fn versions_from(&self, values: &[String]) -> Option<Versions> {
        let stamps: Vec<u128> = values
            .iter()
            .map(|value| value.parse().unwrap_or(0))
            .collect();
        self.is_on().then(|| versions_of(&stamps))
    }

    /// Forgets the context kept for `user` in `company` (its stamps did not confirm it).
    pub fn forget_context(&self, user: UserId, company: CompanyId) {
        self.state().contexts.remove(&(user, company));
    }

    /// The context kept for `user` in `company` whatever its stamp: a guess of the plan, to be
    /// confirmed by the stamps.
    pub fn kept_context(&self, user: UserId, company: CompanyId) -> Option<Access> {
        if !self.is_on() {
            return None;
        }
        self.state()
            .contexts
            .get(&(user, company))
            .map(|(_, _, access)| *access)
    }

    /// What a request of `company` takes the stamps of: its access, then each topic.
    fn stamped(&self, company: CompanyId) -> Vec<Change> {
        let mut changes = vec![Change::Access(company)];
        changes.extend(
            self.topics
                .iter()
                .map(|topic| Change::Company(company, *topic)),
        );
        changes
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves only plain maps behind: keep using them.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The stamps in force for `company`, taken before the request reads anything. None when
    /// the cache is off, or when Redis does not answer (the request then reads the database).
    pub async fn versions(&self, company: CompanyId) -> Option<Versions> {
        if !self.is_on() {
            return None;
        }
        let changes = self.stamped(company);
        let stamps: Vec<u128> = match &self.stamps {
            Stamps::Local(stamps) => {
                let mut stamps = stamps
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if stamps.len() >= MAX_LOCAL_STAMPS {
                    stamps.clear();
                }
                changes
                    .iter()
                    .map(|change| *stamps.entry(*change).or_insert_with(new_stamp))
                    .collect()
            }
            Stamps::Redis(redis) => match shared_stamps(redis, &changes).await {
                Ok(stamps) => stamps,
                Err(error) => {
                    tracing::warn!(%error, "read cache: Redis did not give the stamps");
                    return None;
                }
            },
        };
        Some(versions_of(&stamps))
    }

    /// Gives what a committed write changed new stamps and drops what was kept under the old
    /// ones here. With Redis, a stamp that cannot be set is logged: other instances then use
    /// what they kept for at most [`SHARED_LIFETIME`].
    pub async fn changed(&self, changes: &[Change]) {
        if changes.is_empty() || !self.is_on() {
            return;
        }
        match &self.stamps {
            Stamps::Local(stamps) => {
                let mut stamps = stamps
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                for change in changes {
                    stamps.insert(*change, new_stamp());
                }
            }
            Stamps::Redis(redis) => {
                let mut pipe = redis::pipe();
                for change in changes {
                    pipe.set_ex(
                        change.redis_key(),
                        new_stamp().to_string(),
                        SHARED_STAMP_SECONDS,
                    )
                    .ignore();
                }
                let mut connection = redis.clone();
                if let Err(error) = pipe.query_async::<()>(&mut connection).await {
                    tracing::error!(%error, ?changes, "read cache: a committed change could not be stamped in Redis");
                }
            }
        }
        let mut state = self.state();
        for change in changes {
            match *change {
                Change::Access(company) => state.contexts.retain(|(_, kept), _| *kept != company),
                Change::Company(company, topic) => {
                    if let Some(pages) = state.topics.remove(&(company, topic)) {
                        let freed = pages_size(&pages);
                        state.page_bytes = state.page_bytes.saturating_sub(freed);
                    }
                }
            }
        }
    }

    /// The kept context of `user` in `company`, if it was kept under these stamps.
    pub fn context(&self, versions: &Versions, user: UserId, company: CompanyId) -> Option<Access> {
        if versions.access == 0 {
            return None;
        }
        match self.state().contexts.get(&(user, company)) {
            Some((stamp, kept_at, access)) if *stamp == versions.access && self.fresh(*kept_at) => {
                Some(*access)
            }
            _ => None,
        }
    }

    /// Keeps a context read from the database by a request that started under `versions`.
    pub fn keep_context(
        &self,
        versions: &Versions,
        user: UserId,
        company: CompanyId,
        access: Access,
    ) {
        if versions.access == 0 {
            return;
        }
        let mut state = self.state();
        if state.contexts.len() >= MAX_CONTEXTS {
            state.contexts.clear();
        }
        state
            .contexts
            .insert((user, company), (versions.access, Instant::now(), access));
    }

    /// A page body kept under these stamps.
    pub fn page(
        &self,
        versions: &Versions,
        company: CompanyId,
        topic: Topic,
        key: &str,
    ) -> Option<Bytes> {
        let stamp = self.stamp_of(versions, topic);
        if stamp == 0 {
            return None;
        }
        let state = self.state();
        let pages = state.topics.get(&(company, topic))?;
        let (kept_at, body) = pages.bodies.get(key)?;
        (pages.stamp == stamp && self.fresh(*kept_at)).then(|| body.clone())
    }

    /// Whether something kept at `kept_at` may still be used: always in one process, for
    /// [`SHARED_LIFETIME`] with stamps in Redis.
    fn fresh(&self, kept_at: Instant) -> bool {
        match self.stamps {
            Stamps::Local(_) => true,
            Stamps::Redis(_) => kept_at.elapsed() < SHARED_LIFETIME,
        }
    }

    /// Keeps a page body read by a request that started under `versions`. Pages kept under
    /// other stamps of the topic are dropped; when the budget is full every page is.
    pub fn keep_page(
        &self,
        versions: &Versions,
        company: CompanyId,
        topic: Topic,
        key: String,
        body: Bytes,
    ) {
        let stamp = self.stamp_of(versions, topic);
        let size = body.len() + key.len();
        if stamp == 0 || size > self.budget {
            return;
        }
        let mut state = self.state();
        let stale = state
            .topics
            .get(&(company, topic))
            .filter(|pages| pages.stamp != stamp)
            .map(pages_size);
        if let Some(freed) = stale {
            state.topics.remove(&(company, topic));
            state.page_bytes = state.page_bytes.saturating_sub(freed);
        }
        if state.page_bytes + size > self.budget {
            state.topics.clear();
            state.page_bytes = 0;
        }
        let pages = state.topics.entry((company, topic)).or_default();
        pages.stamp = stamp;
        let key_size = key.len();
        let replaced = pages.bodies.insert(key, (Instant::now(), body));
        let freed = replaced.map_or(0, |(_, old)| old.len() + key_size);
        state.page_bytes = state.page_bytes.saturating_sub(freed) + size;
    }

    /// A list page of the request's company: the body kept for `key`, or the page `read`
    /// builds, serialized and kept.
    pub async fn list_page<T: Serialize>(
        &self,
        versions: Option<&Versions>,
        company: CompanyId,
        topic: Topic,
        key: String,
        read: impl Future<Output = ApiResult<Page<T>>>,
    ) -> ApiResult<JsonBody> {
        if let Some(versions) = versions
            && let Some(body) = self.page(versions, company, topic, &key)
        {
            return Ok(JsonBody(body));
        }
        let page = read.await?;
        let body = Bytes::from(
            serde_json::to_vec(&page)
                .map_err(|error| ApiError::internal(format!("page not serializable: {error}")))?,
        );
        if let Some(versions) = versions {
            self.keep_page(versions, company, topic, key, body.clone());
        }
        Ok(JsonBody(body))
    }
}

/// Versions from stamps in the order of [`stamped`]; a missing one is 0 (matches nothing).
fn versions_of(stamps: &[u128]) -> Versions {
    let mut versions = Versions {
        access: stamps.first().copied().unwrap_or(0),
        topics: [0; MAX_TOPICS],
    };
    for (slot, stamp) in versions.topics.iter_mut().zip(stamps.iter().skip(1)) {
        *slot = *stamp;
    }
    versions
}

fn pages_size(pages: &Pages) -> usize {
    pages
        .bodies
        .iter()
        .map(|(key, (_, body))| key.len() + body.len())
        .sum()
}

/// The stamps of `changes` in Redis; a missing one (new, or lost when Redis restarted) is set
/// to a new stamp first, so nothing kept before can match it.
async fn shared_stamps(
    redis: &ConnectionManager,
    changes: &[Change],
) -> Result<Vec<u128>, redis::RedisError> {
    let keys: Vec<String> = changes.iter().map(|change| change.redis_key()).collect();
    let mut connection = redis.clone();
    let mut values: Vec<Option<String>> = redis::cmd("MGET")
        .arg(&keys)
        .query_async(&mut connection)
        .await?;
    if values.iter().any(Option::is_none) {
        let mut pipe = redis::pipe();
        for (key, value) in keys.iter().zip(&values) {
            if value.is_none() {
                pipe.cmd("SET")
                    .arg(key)
                    .arg(new_stamp().to_string())
                    .arg("NX")
                    .arg("EX")
                    .arg(SHARED_STAMP_SECONDS)
                    .ignore();
            }
        }
        pipe.cmd("MGET").arg(&keys);
        let (again,): (Vec<Option<String>>,) = pipe.query_async(&mut connection).await?;
        values = again;
    }
    Ok(values
        .iter()
        .map(|value| {
            value
                .as_deref()
                .and_then(|text| text.parse().ok())
                .unwrap_or(0)
        })
        .collect())
}

/// A JSON response body that is already serialized.
#[derive(Debug)]
pub struct JsonBody(pub Bytes);

impl IntoResponse for JsonBody {
    fn into_response(self) -> Response {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            self.0,
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTNERS: Topic = Topic::new("pages");

    fn cache(budget: usize) -> ReadCache {
        let mut cache = ReadCache::local(budget);
        cache.declare(&[PARTNERS]).expect("one topic");
        cache
    }

    fn company() -> CompanyId {
        CompanyId(Uuid::now_v7())
    }

    #[tokio::test]
    async fn a_page_read_before_a_change_is_never_served_after_it() {
        let cache = cache(1 << 20);
        let company = company();
        let first = cache.versions(company).await.expect("on");
        cache.keep_page(&first, company, PARTNERS, "k".into(), "v1".into());
        assert_eq!(
            cache.page(&first, company, PARTNERS, "k"),
            Some(Bytes::from("v1"))
        );
        // A request that started before the next change keeps its page after it: unused.
        cache.changed(&[Change::Company(company, PARTNERS)]).await;
        let second = cache.versions(company).await.expect("on");
        assert_ne!(first, second);
        cache.keep_page(&first, company, PARTNERS, "k".into(), "late".into());
        assert_eq!(cache.page(&second, company, PARTNERS, "k"), None);
    }

    #[tokio::test]
    async fn a_change_drops_only_its_company_and_the_budget_holds() {
        let cache = cache(64);
        let (first, second) = (company(), company());
        for company in [first, second] {
            cache.changed(&[Change::Company(company, PARTNERS)]).await;
            let versions = cache.versions(company).await.expect("on");
            cache.keep_page(&versions, company, PARTNERS, "k".into(), "x".into());
        }
        cache.changed(&[Change::Company(first, PARTNERS)]).await;
        let (now_first, now_second) = (
            cache.versions(first).await.expect("on"),
            cache.versions(second).await.expect("on"),
        );
        assert_eq!(cache.page(&now_first, first, PARTNERS, "k"), None);
        assert!(cache.page(&now_second, second, PARTNERS, "k").is_some());
        cache.keep_page(
            &now_second,
            second,
            PARTNERS,
            "big".into(),
            vec![b'x'; 61].into(),
        );
        assert!(cache.state().page_bytes <= 64);
        assert_eq!(ReadCache::off().versions(first).await, None);
    }

    #[tokio::test]
    async fn keeping_a_page_again_counts_it_once() {
        let cache = cache(1 << 20);
        let company = company();
        let versions = cache.versions(company).await.expect("on");
        for _ in 0..3 {
            cache.keep_page(&versions, company, PARTNERS, "key".into(), "body".into());
        }
        assert_eq!(cache.state().page_bytes, "key".len() + "body".len());
        cache.changed(&[Change::Company(company, PARTNERS)]).await;
        assert_eq!(cache.state().page_bytes, 0);
    }
}
