//! Reads answered from memory while nothing they depend on has changed.
//!
//! Two things are kept: the tenant context of a (user, company) pair, which the tenant gate
//! would otherwise look up on every request, and the serialized pages of lists that opt in
//! (the partner directory). Each belongs to a *version*: the platform-wide access version
//! (memberships, roles, plans) or the version of one company's [`Topic`]. A write transaction
//! names what it changes ([`crate::db::WriteTransaction::touch`]); when it commits, the versions
//! move and what was kept under the old ones is dropped.
//!
//! A reader takes the version *before* it reads the database and keeps its result only if the
//! version is still the same afterwards, so a write that commits in between can never leave an
//! old answer behind under the new version. A write is acknowledged only after its versions
//! moved, so every request that starts after a write's response sees the write.
//!
//! The versions live in this process. The cache is therefore on only when this process is the
//! only writer: with `ARKAN_REDIS_URL` (several instances) it is off, and so it is when its
//! budget (`ARKAN_READ_CACHE_MB`) is 0.

use std::collections::HashMap;
use std::sync::Mutex;

use arkan_kernel::{CompanyId, UserId};
use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::{ApiError, ApiResult};
use crate::list::Page;
use crate::tenancy::Ctx;

/// Data of one company that cached lists depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Topic {
    /// Partners (clients and vendors), their tags and kept totals.
    Partners,
}

/// What a write transaction changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Memberships, roles or a company's plan: every cached tenant context.
    Access,
    /// One topic of one company.
    Company(CompanyId, Topic),
}

/// Tenant contexts kept at most (the map is emptied when full).
const MAX_CONTEXTS: usize = 100_000;

pub struct ReadCache {
    /// Bytes of pages kept at most; 0 turns the cache off.
    budget: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    access: u64,
    contexts: HashMap<(UserId, CompanyId), Ctx>,
    topics: HashMap<(CompanyId, Topic), Pages>,
    page_bytes: usize,
}

#[derive(Default)]
struct Pages {
    version: u64,
    bodies: HashMap<String, Bytes>,
}

impl std::fmt::Debug for ReadCache {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ReadCache")
            .field("budget", &self.budget)
            .finish_non_exhaustive()
    }
}

/// The version a read started under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version(u64);

impl ReadCache {
    /// A cache keeping up to `budget` bytes of pages; 0 keeps nothing.
    pub fn new(budget: usize) -> ReadCache {
        ReadCache {
            budget,
            state: Mutex::new(State::default()),
        }
    }

    pub fn off() -> ReadCache {
        ReadCache::new(0)
    }

    pub fn is_on(&self) -> bool {
        self.budget > 0
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves only plain maps behind: keep using them.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The kept context of `user` in `company`.
    pub fn context(&self, user: UserId, company: CompanyId) -> Option<Ctx> {
        if !self.is_on() {
            return None;
        }
        self.state().contexts.get(&(user, company)).copied()
    }

    /// The access version, taken before a context is read from the database.
    pub fn access_version(&self) -> Option<Version> {
        self.is_on().then(|| Version(self.state().access))
    }

    /// Keeps a context read from the database under `version`.
    pub fn keep_context(&self, version: Version, ctx: Ctx) {
        let mut state = self.state();
        if state.access != version.0 {
            return;
        }
        if state.contexts.len() >= MAX_CONTEXTS {
            state.contexts.clear();
        }
        state.contexts.insert((ctx.user, ctx.company), ctx);
    }

    /// The version of a company's topic, taken before a page is read from the database.
    pub fn topic_version(&self, company: CompanyId, topic: Topic) -> Option<Version> {
        if !self.is_on() {
            return None;
        }
        let state = self.state();
        Some(Version(
            state
                .topics
                .get(&(company, topic))
                .map_or(0, |pages| pages.version),
        ))
    }

    /// A kept page body.
    pub fn page(&self, company: CompanyId, topic: Topic, key: &str) -> Option<Bytes> {
        if !self.is_on() {
            return None;
        }
        self.state()
            .topics
            .get(&(company, topic))
            .and_then(|pages| pages.bodies.get(key))
            .cloned()
    }

    /// Keeps a page body read under `version`, unless the topic changed since or the body
    /// alone exceeds the budget. When the budget is full every page is dropped first.
    pub fn keep_page(
        &self,
        company: CompanyId,
        topic: Topic,
        version: Version,
        key: String,
        body: Bytes,
    ) {
        let size = body.len() + key.len();
        if size > self.budget {
            return;
        }
        let mut state = self.state();
        if state
            .topics
            .get(&(company, topic))
            .map_or(0, |pages| pages.version)
            != version.0
        {
            return;
        }
        if state.page_bytes + size > self.budget {
            for pages in state.topics.values_mut() {
                pages.bodies.clear();
            }
            state.page_bytes = 0;
        }
        let pages = state.topics.entry((company, topic)).or_default();
        if let Some(old) = pages.bodies.insert(key, body) {
            state.page_bytes = state.page_bytes.saturating_sub(old.len());
        }
        state.page_bytes += size;
    }

    /// Moves the versions a committed write changed and drops what was kept under them.
    pub fn changed(&self, changes: &[Change]) {
        if changes.is_empty() || !self.is_on() {
            return;
        }
        let mut state = self.state();
        for change in changes {
            match *change {
                Change::Access => {
                    state.access += 1;
                    state.contexts.clear();
                }
                Change::Company(company, topic) => {
                    let pages = state.topics.entry((company, topic)).or_default();
                    pages.version += 1;
                    let freed: usize = pages
                        .bodies
                        .drain()
                        .map(|(key, body)| key.len() + body.len())
                        .sum();
                    state.page_bytes = state.page_bytes.saturating_sub(freed);
                }
            }
        }
    }

    /// A list page of `company`'s `topic`: the kept body for `key`, or the page `read` builds,
    /// serialized and kept.
    pub async fn list_page<T: Serialize>(
        &self,
        company: CompanyId,
        topic: Topic,
        key: String,
        read: impl Future<Output = ApiResult<Page<T>>>,
    ) -> ApiResult<JsonBody> {
        if let Some(body) = self.page(company, topic, &key) {
            return Ok(JsonBody(body));
        }
        let version = self.topic_version(company, topic);
        let page = read.await?;
        let body = Bytes::from(
            serde_json::to_vec(&page)
                .map_err(|error| ApiError::internal(format!("page not serializable: {error}")))?,
        );
        if let Some(version) = version {
            self.keep_page(company, topic, version, key, body.clone());
        }
        Ok(JsonBody(body))
    }
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

    fn company() -> CompanyId {
        CompanyId(uuid::Uuid::now_v7())
    }

    #[test]
    fn a_page_read_before_a_change_is_not_kept_after_it() {
        let cache = ReadCache::new(1 << 20);
        let company = company();
        let before = cache.topic_version(company, Topic::Partners);
        cache.changed(&[Change::Company(company, Topic::Partners)]);
        if let Some(version) = before {
            cache.keep_page(company, Topic::Partners, version, "k".into(), "old".into());
        }
        assert_eq!(cache.page(company, Topic::Partners, "k"), None);
        let now = cache.topic_version(company, Topic::Partners);
        assert_ne!(before, now);
        if let Some(version) = now {
            cache.keep_page(company, Topic::Partners, version, "k".into(), "new".into());
        }
        assert_eq!(
            cache.page(company, Topic::Partners, "k"),
            Some(Bytes::from("new"))
        );
    }

    #[test]
    fn a_change_drops_only_its_company_and_the_budget_is_kept() {
        let cache = ReadCache::new(64);
        let (first, second) = (company(), company());
        for company in [first, second] {
            let version = cache.topic_version(company, Topic::Partners);
            if let Some(version) = version {
                cache.keep_page(company, Topic::Partners, version, "k".into(), "x".into());
            }
        }
        cache.changed(&[Change::Company(first, Topic::Partners)]);
        assert_eq!(cache.page(first, Topic::Partners, "k"), None);
        assert!(cache.page(second, Topic::Partners, "k").is_some());
        let version = cache.topic_version(second, Topic::Partners);
        if let Some(version) = version {
            cache.keep_page(
                second,
                Topic::Partners,
                version,
                "big".into(),
                vec![b'x'; 61].into(),
            );
        }
        assert!(cache.state().page_bytes <= 64);
        let off = ReadCache::off();
        assert_eq!(off.topic_version(first, Topic::Partners), None);
    }
}
