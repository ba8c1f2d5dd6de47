//! What every handler can reach: the database, the token keys, the password hasher, the rate
//! limiter and the default plan. Modules hang nothing on it; their logic stays in their crates.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use arkan_kernel::{CompanyId, Currency, ProjectId, UserId};
use chrono::NaiveDate;
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
    /// Whether any logged-in user may create a company (`ARKAN_OPEN_SIGNUP`); otherwise only
    /// platform admins do.
    pub open_signup: bool,
    /// Seconds after a refresh during which the same refresh token gets the same new pair.
    pub refresh_grace_seconds: u32,
    /// Who may read `/metrics`.
    pub metrics_access: crate::metrics::MetricsAccess,
    /// Multiplies every plan's quota; 1 in production, larger only for load tests.
    pub rate_limit_multiplier: u32,
    /// What modules set up for a new company (journals, chart of accounts, taxes), run inside
    /// the transaction that creates it.
    pub company_setup: Vec<CompanySetup>,
    /// How the gates look up users and memberships (the identity module owns those tables).
    pub directory: Directory,
    /// The ledger's settings that `/companies` shows and changes.
    pub book_settings: BookSettingsStore,
    /// Which project ids are projects of a company (the projects module owns them): invoice
    /// and journal lines carrying a project are checked with it (ADR 0013).
    pub projects: ProjectsKnown,
    /// Stock quantities of products (the stock module owns them): product views show them
    /// (ADR 0011).
    pub stock_levels: StockLevels,
    /// What the module that makes bills from purchase orders does when such a bill is posted
    /// (the three-way match) or cancelled (invoicing must not depend on purchasing).
    pub bill_hook: BillHook,
    /// What the module that makes customer invoices from sales orders does when such an
    /// invoice is posted or cancelled (invoicing must not depend on sales): the invoice margin.
    pub invoice_hook: InvoiceHook,
    /// The Redis that instances share (`ARKAN_REDIS_URL`), if any.
    pub redis_url: Option<String>,
    /// Carries committed events (and presence, typing) to every instance's sockets.
    pub bus: crate::events::EventBus,
    /// How the outbox dispatcher is doing (for `/metrics`).
    pub outbox_stats: Arc<crate::events::OutboxStats>,
    /// Every kind of event the modules declare (webhook subscriptions name them).
    pub event_kinds: Vec<crate::events::EventKind>,
    /// How a webhook payload reads a resource's current view, by resource name (`invoice`).
    pub resource_views: HashMap<&'static str, ResourceView>,
    /// Whether webhooks may target loopback, private and link-local addresses
    /// (`ARKAN_WEBHOOK_ALLOW_PRIVATE`).
    pub webhook_allow_private: bool,
    /// Tasks that live as long as this platform (the outbox dispatcher): stopped when it is
    /// dropped.
    pub background: Background,
}

/// Reads one resource's GET view as the company's owner would see it; None when it is gone.
pub type ResourceView =
    for<'a> fn(
        &'a Platform,
        CompanyId,
        uuid::Uuid,
    ) -> BoxFuture<'a, Result<Option<serde_json::Value>, crate::error::ApiError>>;

/// A module's `GET` answer as a [`ResourceView`] gives it: the view as JSON, None for a 404.
pub fn view_json(
    read: Result<impl serde::Serialize, crate::error::ApiError>,
) -> Result<Option<serde_json::Value>, crate::error::ApiError> {
    match read {
        Ok(view) => serde_json::to_value(view)
            .map(Some)
            .map_err(|error| crate::error::ApiError::internal(format!("a view as JSON: {error}"))),
        Err(error) if error.status == axum::http::StatusCode::NOT_FOUND => Ok(None),
        Err(error) => Err(error),
    }
}

/// Background tasks tied to one platform, aborted when it is dropped.
#[derive(Default)]
pub struct Background(std::sync::Mutex<Vec<tokio::task::AbortHandle>>);

impl Background {
    pub fn keep(&self, task: &tokio::task::JoinHandle<()>) {
        if let Ok(mut tasks) = self.0.lock() {
            tasks.push(task.abort_handle());
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Ok(tasks) = self.0.lock() {
            for task in tasks.iter() {
                task.abort();
            }
        }
    }
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

/// A company's book-keeping settings: kept by the ledger in its own table, shown and changed as
/// part of the company (`fiscalYearStartMonth`, `lockDate`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookSettings {
    /// 1 to 12.
    pub fiscal_year_start_month: i32,
    /// Nothing dated on or before it may be posted.
    pub lock_date: Option<NaiveDate>,
}

impl Default for BookSettings {
    fn default() -> BookSettings {
        BookSettings {
            fiscal_year_start_month: 1,
            lock_date: None,
        }
    }
}

/// Reads the book settings of several companies at once (a company without a row is absent).
pub type BookSettingsRead =
    for<'a> fn(
        &'a DatabaseConnection,
        &'a [CompanyId],
    ) -> BoxFuture<'a, Result<HashMap<CompanyId, BookSettings>, DbErr>>;

/// Saves a company's book settings inside the caller's transaction; `i64` is the time of the
/// change in microseconds since the epoch.
pub type BookSettingsWrite = for<'a> fn(
    &'a DatabaseTransaction,
    CompanyId,
    BookSettings,
    i64,
) -> BoxFuture<'a, Result<(), DbErr>>;

/// Where the module that owns the books keeps their settings.
#[derive(Clone, Copy)]
pub struct BookSettingsStore {
    pub read: BookSettingsRead,
    pub write: BookSettingsWrite,
}

impl BookSettingsStore {
    /// One company's settings; the defaults when it has none stored.
    pub async fn one(
        &self,
        db: &DatabaseConnection,
        company: CompanyId,
    ) -> Result<BookSettings, DbErr> {
        Ok((self.read)(db, &[company])
            .await?
            .remove(&company)
            .unwrap_or_default())
    }
}

/// Which of `ids` are projects of the company, read inside the caller's write transaction (so
/// on SQLite, whose writes take turns, nothing can change the answer before the commit).
pub type ProjectsKnown = for<'a> fn(
    &'a DatabaseTransaction,
    CompanyId,
    &'a [ProjectId],
) -> BoxFuture<'a, Result<Vec<ProjectId>, DbErr>>;

/// A product's quantities in ten-thousandths of its unit; `available` is `on_hand - reserved`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StockLevel {
    pub on_hand_e4: i64,
    pub reserved_e4: i64,
    pub incoming_e4: i64,
    pub outgoing_e4: i64,
}

/// Levels of these products of the company (a product absent is all zero), optionally within
/// one warehouse.
pub type StockLevelsRead =
    for<'a> fn(
        &'a DatabaseConnection,
        CompanyId,
        &'a [uuid::Uuid],
        Option<uuid::Uuid>,
    ) -> BoxFuture<'a, Result<HashMap<uuid::Uuid, StockLevel>, DbErr>>;

/// Products of the company whose on-hand quantity is below their reorder minimum, optionally
/// within one warehouse.
pub type BelowMinimum = for<'a> fn(
    &'a DatabaseConnection,
    CompanyId,
    Option<uuid::Uuid>,
) -> BoxFuture<'a, Result<Vec<uuid::Uuid>, DbErr>>;

/// Values a product's stock on hand again at the cost a user gave it (millionths of the
/// company currency per unit), posting the difference, in the caller's transaction.
pub type RevalueStock = for<'a> fn(
    &'a mut crate::db::WriteTransaction,
    &'a crate::Ctx,
    uuid::Uuid,
    i64,
) -> BoxFuture<'a, Result<(), crate::error::ApiError>>;

/// What the catalog asks of the module that owns stock (a lower crate cannot call a higher one).
#[derive(Clone, Copy)]
pub struct StockLevels {
    /// Levels for these products (absent = all zero), optionally within one warehouse.
    pub levels: StockLevelsRead,
    /// Products whose on-hand is below their reorder minimum, optionally within one warehouse.
    pub below_min: BelowMinimum,
    /// A product's cost changed by hand: its stock on hand is valued at the new cost.
    pub revalue: RevalueStock,
}

/// What is happening to a vendor bill made from a purchase order, in that change's transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BillChange {
    /// Just posted (entry and number written): `Err` refuses the posting (the three-way match).
    /// The flag is the poster's `overrideMatch`.
    Posted { override_match: bool },
    /// Just cancelled by a credit note: it bills nothing any more.
    Cancelled,
}

/// What the module that makes bills from purchase orders does when such a bill is posted or
/// cancelled (invoicing must not depend on purchasing); `Err` rolls the change back.
pub type BillHook = for<'a> fn(
    &'a mut crate::db::WriteTransaction,
    &'a crate::Ctx,
    uuid::Uuid,
    BillChange,
) -> BoxFuture<'a, Result<(), crate::error::ApiError>>;

/// The [`BillHook`] of a server without purchasing: nothing to check or follow.
pub fn no_bill_hook<'a>(
    _: &'a mut crate::db::WriteTransaction,
    _: &'a crate::Ctx,
    _: uuid::Uuid,
    _: BillChange,
) -> BoxFuture<'a, Result<(), crate::error::ApiError>> {
    Box::pin(async { Ok(()) })
}

/// What is happening to a customer invoice made from a sales order, in that change's
/// transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvoiceChange {
    /// Just posted (entry and number written).
    Posted,
    /// Just cancelled by a credit note.
    Cancelled,
}

/// What the module that makes customer invoices from sales orders does when such an invoice is
/// posted or cancelled (invoicing must not depend on sales); `Err` rolls the change back.
pub type InvoiceHook = for<'a> fn(
    &'a mut crate::db::WriteTransaction,
    &'a crate::Ctx,
    uuid::Uuid,
    InvoiceChange,
) -> BoxFuture<'a, Result<(), crate::error::ApiError>>;

/// The [`InvoiceHook`] of a server without sales: nothing to follow.
pub fn no_invoice_hook<'a>(
    _: &'a mut crate::db::WriteTransaction,
    _: &'a crate::Ctx,
    _: uuid::Uuid,
    _: InvoiceChange,
) -> BoxFuture<'a, Result<(), crate::error::ApiError>> {
    Box::pin(async { Ok(()) })
}

impl PlatformParts {
    /// 400 naming each field whose project is not a project of the company; `lines` pairs a
    /// field's JSON path (`lines[2].projectId`) with the project it names.
    pub async fn require_projects(
        &self,
        transaction: &DatabaseTransaction,
        company: CompanyId,
        lines: &[(String, ProjectId)],
    ) -> Result<(), crate::error::ApiError> {
        if lines.is_empty() {
            return Ok(());
        }
        let mut ids: Vec<ProjectId> = lines.iter().map(|(_, id)| *id).collect();
        ids.sort();
        ids.dedup();
        let known = (self.projects)(transaction, company, &ids).await?;
        let mut validation = crate::error::Validation::new();
        for (field, id) in lines {
            if !known.contains(id) {
                validation.add(field.clone(), "no such project in this company");
            }
        }
        validation.finish()
    }
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

    /// Whether `user` is a member of `company` with a role there, read through the
    /// `Directory` hook (membership is identity's): how a module checks an owner or assignee
    /// it is given, before its write transaction.
    pub async fn is_member(&self, user: UserId, company: CompanyId) -> Result<bool, DbErr> {
        let membership = (self.directory.membership)(self.db.connection(), user, company).await?;
        Ok(membership.is_some_and(|membership| membership.role.is_some()))
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
