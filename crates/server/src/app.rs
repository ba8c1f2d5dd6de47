//! Assembles the application: the platform (database, keys, limiter) and the router with its
//! tower layers. `main`, the tests and the benchmark all build the server through here.

use std::collections::HashMap;
use std::time::Duration;

use arkan_kernel::{CompanyId, Currency, UserId};
use arkan_platform::auth::{Passwords, TokenKeys, random_token};
use arkan_platform::db::Db;
use arkan_platform::error::{ApiError, ApiResult, codes};
use arkan_platform::events::{Dispatcher, EventBus};
use arkan_platform::idempotency::BODY_LIMIT;
use arkan_platform::metrics::MetricsAccess;
use arkan_platform::proxies::TrustedProxies;
use arkan_platform::rate_limit::RateLimiter;
use arkan_platform::read_cache::ReadCache;
use arkan_platform::role::Role;
use arkan_platform::state::{PlatformParts, ResourceView};
use arkan_platform::tenancy::{account_gate, tenant_gate};
use arkan_platform::{Ctx, Platform};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::handler::Handler;
use axum::http::{HeaderName, Request, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sea_orm_migration::{MigrationTrait, MigratorTrait};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::settings::Settings;

/// Every module's migrations, in the order of their numbers.
pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut all: Vec<Box<dyn MigrationTrait>> = Vec::new();
        let mut migrations: Vec<_> = arkan_identity::migrations::migrations()
            .into_iter()
            .chain(arkan_platform::jobs::migrations())
            .chain(arkan_platform::events::migrations())
            .chain(arkan_crm::migrations())
            .chain(arkan_projects::migrations())
            .chain(arkan_reporting::migrations())
            .chain(arkan_assets::migrations())
            .chain(arkan_catalog::migrations())
            .chain(arkan_inventory::migrations())
            .chain(arkan_ledger::migrations())
            .chain(arkan_invoicing::migrations())
            .chain(arkan_banking::migrations())
            .chain(arkan_notifications::migrations())
            .chain(arkan_messages::migrations())
            .chain(arkan_webhooks::migrations())
            .chain(arkan_purchasing::migrations())
            .chain(arkan_sales::migrations())
            .collect();
        // Each module numbers its own (identity m00xx, crm m01xx, ledger m02xx, ...), and the
        // numbers keep the order a fresh database is built in.
        migrations.sort_by_key(|migration| migration.name);
        for migration in migrations {
            all.push(Box::new(migration));
        }
        all
    }
}

pub async fn connect(settings: &Settings) -> Result<Db, String> {
    Db::connect(
        &settings.database_url(),
        settings.database_schema.as_deref(),
    )
    .await
    .map_err(|error| format!("cannot open the database: {error}"))
}

pub async fn migrate(db: &Db) -> Result<(), String> {
    Migrator::up(db.connection(), None)
        .await
        .map_err(|error| format!("migration failed: {error}"))
}

/// On PostgreSQL without `--migrate`: a database that is empty or behind this build stops the
/// start with what to do, rather than failing later on a missing table.
async fn require_migrated(db: &Db) -> Result<(), String> {
    let pending = Migrator::get_pending_migrations(db.connection())
        .await
        .map_err(|error| format!("cannot read the applied migrations: {error}"))?;
    match pending.first() {
        None => Ok(()),
        Some(first) => Err(format!(
            "the database is not migrated ({} migration(s) pending, from {}): run `arkan migrate` \
             once, or start with ARKAN_MIGRATE=true",
            pending.len(),
            first.name()
        )),
    }
}

/// Opens the database (migrating SQLite, or PostgreSQL with `--migrate`), loads or creates the
/// token secret, connects the rate limiter and creates the first admin on an empty database.
pub async fn platform(settings: &Settings) -> Result<Platform, String> {
    let trusted_proxies = TrustedProxies::parse(&settings.trusted_proxies)
        .map_err(|error| format!("ARKAN_TRUSTED_PROXIES: {error}"))?;
    let mut db = connect(settings).await?;
    let budget = settings.read_cache_mb.saturating_mul(1024 * 1024);
    if budget > 0 {
        // Several instances share the read cache's stamps through Redis; one keeps them itself.
        let mut cache = match &settings.redis_url {
            Some(url) => ReadCache::shared(budget, url)
                .await
                .map_err(|error| format!("cannot connect to Redis: {error}"))?,
            None => ReadCache::local(budget),
        };
        cache.declare(arkan_crm::TOPICS)?;
        db.set_read_cache(cache);
    }
    if settings.is_sqlite() || settings.migrate {
        migrate(&db).await?;
    } else {
        require_migrated(&db).await?;
    }
    let secret = match &settings.jwt_secret {
        Some(secret) if secret.len() >= 16 => secret.clone(),
        Some(_) => return Err("ARKAN_JWT_SECRET must be at least 16 characters".into()),
        None => {
            arkan_platform::db::setting_or_insert(db.connection(), "jwt_secret", &random_token())
                .await
                .map_err(|error| format!("cannot load the token secret: {error}"))?
        }
    };
    let limiter = match &settings.redis_url {
        Some(url) => RateLimiter::redis(url)
            .await
            .map_err(|error| format!("cannot connect to Redis: {error}"))?,
        None => RateLimiter::in_memory(),
    };
    // Several instances hear each other's events through Redis; one hears its own.
    let bus = match &settings.redis_url {
        Some(url) => EventBus::redis(url)
            .await
            .map_err(|error| format!("cannot connect to Redis: {error}"))?,
        None => EventBus::local(),
    };
    let outbox_signal = db.outbox_signal();
    let passwords = if settings.insecure_fast_passwords {
        Passwords::new(8, 1)
    } else {
        Passwords::standard()
    }?;
    let platform = Platform::new(PlatformParts {
        db,
        tokens: TokenKeys::new(secret.as_bytes())?,
        passwords,
        limiter,
        default_plan: settings.default_plan,
        trusted_proxies,
        rate_limit_multiplier: settings.rate_limit_multiplier,
        open_signup: settings.open_signup,
        refresh_grace_seconds: settings.refresh_grace_seconds,
        metrics_access: settings.metrics.clone(),
        company_setup: vec![
            arkan_ledger::setup_company,
            arkan_crm::setup_company,
            arkan_catalog::setup_company,
            arkan_inventory::setup_company,
        ],
        directory: arkan_identity::directory(),
        book_settings: arkan_ledger::book_settings(),
        projects: arkan_projects::projects_known,
        // Until a stock module fills it: every product has no stock.
        stock_levels: arkan_inventory::stock_levels(),
        bill_hook: arkan_purchasing::bill_hook,
        invoice_hook: arkan_sales::invoice_hook,
        redis_url: settings.redis_url.clone(),
        bus: bus.clone(),
        outbox_stats: Default::default(),
        event_kinds: event_kinds(),
        resource_views: resource_views(),
        webhook_allow_private: settings.webhook_allow_private,
        background: Default::default(),
    });
    let dispatcher = Dispatcher {
        bus,
        wake: outbox_signal,
        sinks: vec![arkan_webhooks::SINK],
        stats: platform.outbox_stats.clone(),
        holder: format!("instance-{}", uuid::Uuid::now_v7()),
    };
    platform
        .background
        .keep(&dispatcher.spawn(platform.db.clone()));
    if let (Some(email), Some(password)) = (&settings.admin_email, &settings.admin_password) {
        let created = arkan_identity::service::bootstrap_admin(&platform, email, password)
            .await
            .map_err(|error| format!("cannot create the first admin: {error}"))?;
        if created {
            tracing::info!(%email, "created the first platform admin");
        }
    }
    Ok(platform)
}

/// Every kind of event the modules declare.
pub fn event_kinds() -> Vec<arkan_platform::events::EventKind> {
    [
        arkan_identity::events::ALL,
        arkan_crm::events::ALL,
        arkan_ledger::events::ALL,
        arkan_invoicing::events::ALL,
        arkan_banking::events::ALL,
        arkan_projects::events::ALL,
        arkan_reporting::events::ALL,
        arkan_assets::events::ALL,
        arkan_catalog::events::ALL,
        arkan_inventory::events::ALL,
        arkan_purchasing::events::ALL,
        &arkan_sales::events::ALL.concat(),
    ]
    .concat()
}

/// How webhook payloads read each resource's current view, by resource name (the event name
/// before the dot): what the resource's `GET` answers the company's owner.
pub fn resource_views() -> HashMap<&'static str, ResourceView> {
    /// A reader that asks a module's view as the company's owner.
    macro_rules! as_owner {
        ($view:path) => {
            |platform, company, id| {
                Box::pin(async move {
                    match owner(platform, company).await? {
                        Some(ctx) => $view(platform, &ctx, id).await,
                        None => Ok(None),
                    }
                })
            }
        };
    }
    let mut views: HashMap<&'static str, ResourceView> = HashMap::new();
    views.insert("client", as_owner!(arkan_crm::views::client));
    views.insert("vendor", as_owner!(arkan_crm::views::vendor));
    views.insert("contact", as_owner!(arkan_crm::views::contact));
    views.insert("lead", as_owner!(arkan_crm::views::lead));
    views.insert("deal", as_owner!(arkan_crm::views::deal));
    views.insert("stage", as_owner!(arkan_crm::views::stage));
    views.insert("activity", as_owner!(arkan_crm::views::activity));
    views.insert("account", as_owner!(arkan_ledger::views::account));
    views.insert("journal", as_owner!(arkan_ledger::views::journal));
    views.insert("tax", as_owner!(arkan_ledger::views::tax));
    views.insert(
        "journal_entry",
        as_owner!(arkan_ledger::views::journal_entry),
    );
    views.insert("invoice", as_owner!(arkan_invoicing::views::invoice));
    views.insert("payment", as_owner!(arkan_invoicing::views::payment));
    views.insert("project", as_owner!(arkan_projects::views::project));
    views.insert("asset", as_owner!(arkan_assets::views::asset));
    views.insert(
        "asset_category",
        as_owner!(arkan_assets::views::asset_category),
    );
    views.insert("product", as_owner!(arkan_catalog::views::product));
    views.insert(
        "product_category",
        as_owner!(arkan_catalog::views::product_category),
    );
    views.insert(
        "purchase_order",
        as_owner!(arkan_purchasing::views::purchase_order),
    );
    views.insert("rfq", as_owner!(arkan_purchasing::views::rfq));
    views.insert(
        "blanket_order",
        as_owner!(arkan_purchasing::views::blanket_order),
    );
    views.insert(
        "purchase_agreement",
        as_owner!(arkan_purchasing::views::purchase_agreement),
    );
    views.insert("sales_order", as_owner!(arkan_sales::views::sales_order));
    views.insert("sales_quote", as_owner!(arkan_sales::views::sales_quote));
    // A company's events name the company itself.
    views.insert("company", |platform, company, id| {
        Box::pin(async move {
            if id != company.0 {
                return Ok(None);
            }
            arkan_identity::companies::view(platform, company)
                .await?
                .map(|view| {
                    serde_json::to_value(view)
                        .map_err(|error| ApiError::internal(format!("a view as JSON: {error}")))
                })
                .transpose()
        })
    });
    views
}

/// The context of the company's owner, as the tenant gate would build it (the owner's role, the
/// company's plan and currency, no read-cache stamps); None when there is no such company. It
/// names no user: the views read with it do not depend on one.
async fn owner(platform: &Platform, company: CompanyId) -> ApiResult<Option<Ctx>> {
    let Some(view) = arkan_identity::companies::view(platform, company).await? else {
        return Ok(None);
    };
    let currency = Currency::from_code(&view.currency)
        .ok_or_else(|| ApiError::internal("company without a known currency"))?;
    Ok(Some(Ctx {
        user: UserId(uuid::Uuid::nil()),
        company,
        role: Role::Owner,
        plan: view.plan,
        currency,
        versions: None,
    }))
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Arkan ERP API", description = "The Arkan ERP REST API. Errors use one body: {statusCode, code, message, errors}."),
    modifiers(&BearerAuth),
    components(schemas(arkan_platform::error::ErrorBody))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("JWT")
                        .build(),
                ),
            );
        }
    }
}

/// The background jobs this server runs, by kind (the modules' handlers are registered here as
/// they come: webhooks and the outbox dispatcher first, then the assets' company-wide
/// depreciation).
pub fn jobs() -> arkan_platform::jobs::Jobs {
    arkan_assets::jobs(arkan_webhooks::jobs(arkan_platform::jobs::Jobs::default()))
}

/// The whole HTTP surface.
pub fn router(platform: Platform) -> Router {
    let tenant = OpenApiRouter::new()
        .merge(arkan_crm::routes())
        .merge(arkan_ledger::routes())
        .merge(arkan_invoicing::routes())
        .merge(arkan_banking::routes())
        .merge(arkan_projects::routes())
        .merge(arkan_reporting::routes())
        .merge(arkan_assets::routes())
        .merge(arkan_catalog::routes())
        .merge(arkan_inventory::routes())
        .merge(arkan_notifications::routes())
        .merge(arkan_messages::routes())
        .merge(arkan_webhooks::routes())
        .merge(arkan_purchasing::routes())
        .merge(arkan_sales::routes())
        .route_layer(from_fn_with_state(platform.clone(), tenant_gate));
    let account =
        arkan_identity::routes().route_layer(from_fn_with_state(platform.clone(), account_gate));
    let (api, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1", tenant.merge(account))
        .split_for_parts();
    let openapi = crate::contract::with_websocket(crate::contract::describe(openapi));
    let api = api.route_layer(axum::middleware::from_fn(record_request));

    let request_id = HeaderName::from_static("x-request-id");
    let realtime = match arkan_realtime::routes(&platform) {
        Ok(routes) => routes,
        Err(error) => {
            tracing::error!(%error, "the WebSocket is off");
            Router::new()
        }
    };
    api.merge(realtime)
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/readyz", get(readyz))
        .merge(SwaggerUi::new("/docs").url("/api/v1/openapi.json", openapi))
        // Unknown routes and methods are charged to the caller's own bucket too.
        .fallback(not_found.layer(from_fn_with_state(platform.clone(), account_gate)))
        .method_not_allowed_fallback(
            method_not_allowed.layer(from_fn_with_state(platform.clone(), account_gate)),
        )
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let request_id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or_default();
                tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id)
            }),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(platform)
}

/// Counts every routed API request by its route template (`/api/v1/crm/clients/{id}`), so the
/// figures do not grow with ids.
async fn record_request(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|path| path.as_str().to_owned())
        .unwrap_or_default();
    let method = request.method().to_string();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    arkan_platform::metrics::global().observe_request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// The figures for Prometheus, to whom `ARKAN_METRICS` lets in (404 when it is off).
async fn metrics(State(platform): State<Platform>, request: axum::extract::Request) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    let bearer = arkan_platform::auth::bearer_token(
        request.headers().get(axum::http::header::AUTHORIZATION),
    )
    .ok();
    let access = &platform.metrics_access;
    if !access.allows(peer, bearer, &platform.trusted_proxies) {
        return match access {
            MetricsAccess::Off => not_found().await.into_response(),
            MetricsAccess::Token(_) => {
                ApiError::unauthorized(codes::TOKEN_INVALID, "The metrics need their bearer token")
                    .into_response()
            }
            MetricsAccess::Trusted => ApiError::forbidden(
                codes::ROLE_NOT_ALLOWED,
                "The metrics are served to trusted addresses only",
            )
            .into_response(),
        };
    }
    let (open, idle) = platform.db.pool_use();
    let backlog = arkan_platform::jobs::backlog(&platform).await.unwrap_or(-1);
    let outbox_backlog = arkan_platform::events::backlog(platform.db.connection())
        .await
        .unwrap_or(-1);
    let stats = &platform.outbox_stats;
    let outbox_lag = stats
        .last_lag_micros
        .load(std::sync::atomic::Ordering::Relaxed) as f64
        / 1e6;
    let dispatched = stats.dispatched.load(std::sync::atomic::Ordering::Relaxed) as f64;
    let sockets = arkan_realtime::CONNECTIONS.load(std::sync::atomic::Ordering::Relaxed) as f64;
    let delivery = &arkan_realtime::delivery::DELIVERY;
    let text = arkan_platform::metrics::global().render(&[
        (
            "arkan_db_pool_connections",
            "Open database connections",
            f64::from(open),
        ),
        (
            "arkan_db_pool_idle_connections",
            "Open database connections not in use",
            idle as f64,
        ),
        (
            "arkan_outbox_backlog",
            "Committed events not yet dispatched (-1: could not be read)",
            outbox_backlog as f64,
        ),
        (
            "arkan_outbox_lag_seconds",
            "Seconds from commit to dispatch of the last event this instance dispatched",
            outbox_lag,
        ),
        (
            "arkan_outbox_dispatched",
            "Events this instance has dispatched since it started",
            dispatched,
        ),
        (
            "arkan_websocket_connections",
            "Open WebSocket connections in this process",
            sockets,
        ),
        (
            "arkan_websocket_delivery_p50_seconds",
            "Median time from commit to the event written to a socket, since start (1 ms steps)",
            delivery.percentile(50.0),
        ),
        (
            "arkan_websocket_delivery_p99_seconds",
            "99th percentile from commit to the event written to a socket, since start (1 ms steps)",
            delivery.percentile(99.0),
        ),
        (
            "arkan_jobs_backlog",
            "Background jobs waiting to run (-1: could not be read)",
            backlog as f64,
        ),
    ]);
    (
        StatusCode::OK,
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(platform): State<Platform>) -> Response {
    if platform.db.ping().await {
        (StatusCode::OK, "ready").into_response()
    } else {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "The database does not answer",
        )
        .into_response()
    }
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "route_not_found", "No such endpoint")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This endpoint does not accept that method",
    )
}

fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("a request handler panicked").into_response()
}

/// How long in-flight requests may take to finish after a shutdown signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// Serves until `shutdown` completes, then lets in-flight requests finish (up to
/// [`SHUTDOWN_GRACE`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let (stopped_tx, stopped_rx) = tokio::sync::oneshot::channel::<()>();
    let signal = async move {
        shutdown.await;
        let _ = stopped_tx.send(());
    };
    // No Nagle delay: small writes (a WebSocket event, a short JSON answer) go out at once
    // instead of waiting for the previous segment's acknowledgement.
    let listener =
        axum::serve::ListenerExt::tap_io(listener, |stream: &mut tokio::net::TcpStream| {
            if let Err(error) = stream.set_nodelay(true) {
                tracing::debug!(%error, "cannot set TCP_NODELAY");
            }
        });
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(signal);
    let deadline = async move {
        let _ = stopped_rx.await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    tokio::select! {
        result = server => result.map_err(|error| format!("server error: {error}")),
        () = deadline => Err("in-flight requests did not finish within the grace period".into()),
    }
}
