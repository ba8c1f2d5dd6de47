//! Who is calling, for which company, with which role. The tenant gate runs before every
//! tenant endpoint: it authenticates the bearer token, resolves `X-Company-Id` to a membership,
//! applies the company's rate limit, replays idempotent retries, and leaves a [`Ctx`] for the
//! handler. Every service and store call takes that `Ctx`, so no query can forget the tenant.

use arkan_kernel::{CompanyId, Currency, UserId};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sea_orm::DbErr;
use uuid::Uuid;

use crate::auth::bearer_token;
use crate::ctx::Ctx;
use crate::error::ApiError;
use crate::error::codes;
use crate::idempotency;
use crate::rate_limit::{Decision, StampRead};
use crate::read_cache::Versions;
use crate::role::{Plan, Role};
use crate::state::{Membership, Platform};

pub const COMPANY_HEADER: &str = "x-company-id";

/// The middleware in front of every tenant endpoint.
pub async fn tenant_gate(
    State(platform): State<Platform>,
    request: Request,
    next: Next,
) -> Response {
    let (ctx, decision) = match admit(&platform, request.headers()).await {
        Ok(admitted) => admitted,
        Err(error) => return refused(&platform, refusal_key(&platform, &request), error).await,
    };
    let mut response = if decision.allowed {
        let mut request = request;
        request.extensions_mut().insert(ctx);
        idempotency::run(&platform, ctx, request, next).await
    } else {
        ApiError::too_many_requests(decision.retry_after, "Rate limit exceeded for this company")
            .into_response()
    };
    add_rate_headers(response.headers_mut(), decision);
    response
}

/// A caller the tenant gate turned away (no or a bad token, no company, not a member) is
/// charged to their own bucket, as outside a company: refusals cost a flood its quota too, and
/// once it is spent the answer is a 429.
async fn refused(platform: &Platform, key: String, error: ApiError) -> Response {
    // A failure of ours (the database, Redis) is not the caller's refusal to pay for.
    if error.status.is_server_error() {
        return error.into_response();
    }
    let Ok(decision) = account_decision(platform, &key).await else {
        return error.into_response();
    };
    let mut response = if decision.allowed {
        error.into_response()
    } else {
        ApiError::too_many_requests(decision.retry_after, "Rate limit exceeded").into_response()
    };
    add_rate_headers(response.headers_mut(), decision);
    response
}

/// The middleware in front of the endpoints outside a company (and of unknown routes): the
/// limit is keyed by the calling user (or, before login, by the client's address) with the
/// default plan.
pub async fn account_gate(
    State(platform): State<Platform>,
    request: Request,
    next: Next,
) -> Response {
    let key = account_key(&platform, &request);
    let decision = match account_decision(&platform, &key).await {
        Ok(decision) => decision,
        Err(error) => return error.into_response(),
    };
    let mut response = if decision.allowed {
        next.run(request).await
    } else {
        ApiError::too_many_requests(decision.retry_after, "Rate limit exceeded").into_response()
    };
    add_rate_headers(response.headers_mut(), decision);
    response
}

/// The bucket the tenant gate's refusals of this caller are charged to.
fn refusal_key(platform: &Platform, request: &Request) -> String {
    format!("refused:{}", account_key(platform, request))
}

/// Whether this user has spent their refusals: checked before the membership is read, so a
/// flood from a non-member stops costing queries once it meets its 429.
async fn refusals_spent(platform: &Platform, user: UserId) -> Result<bool, ApiError> {
    platform
        .limiter
        .peek(
            &format!("refused:user:{user}"),
            platform.quota(platform.default_plan),
        )
        .await
        .map(|decision| !decision.allowed)
        .map_err(|error| ApiError::internal(format!("rate limiter: {error}")))
}

/// The caller's own bucket: the user of a valid token, else the client's address.
fn account_key(platform: &Platform, request: &Request) -> String {
    bearer_token(request.headers().get(header::AUTHORIZATION))
        .ok()
        .and_then(|token| platform.tokens.verify_access(token).ok())
        .map(|user| format!("user:{user}"))
        .unwrap_or_else(|| format!("peer:{}", client_address(platform, request)))
}

/// Charges one request to the caller's own bucket.
async fn account_decision(platform: &Platform, key: &str) -> Result<Decision, ApiError> {
    platform
        .limiter
        .check(key, platform.quota(platform.default_plan))
        .await
        .map_err(|error| ApiError::internal(format!("rate limiter: {error}")))
}

/// The caller's address: the connection's peer, or the client a trusted proxy forwarded.
fn client_address(platform: &Platform, request: &Request) -> String {
    let Some(peer) = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip())
    else {
        return "local".to_owned();
    };
    let forwarded_for = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    platform
        .trusted_proxies
        .client(
            peer,
            Some(forwarded_for.as_str()).filter(|text| !text.is_empty()),
        )
        .to_string()
}

fn add_rate_headers(headers: &mut HeaderMap, decision: Decision) {
    headers.insert("x-ratelimit-limit", HeaderValue::from(decision.limit));
    headers.insert(
        "x-ratelimit-remaining",
        HeaderValue::from(decision.remaining),
    );
    headers.insert("x-ratelimit-reset", HeaderValue::from(decision.reset_at));
}

/// Who is calling, and whether the company's rate limit lets them in. The caller's context is
/// kept in the read cache until a membership, a role or the plan of the company changes
/// ([`crate::read_cache::Change::Access`]). With the cache's stamps in Redis, a caller whose
/// context is kept is answered in one round trip: the stamps are read in the rate limiter's
/// script, and they confirm the kept context or send the request to the database.
async fn admit(platform: &Platform, headers: &HeaderMap) -> Result<(Ctx, Decision), ApiError> {
    let token = bearer_token(headers.get(header::AUTHORIZATION))?;
    let user = platform.tokens.verify_access(token)?;
    let company = company_header(headers)?;
    let reads = platform.db.reads();
    let limit_key = format!("company:{company}");
    if reads.is_shared()
        && let Some(guess) = reads.kept_context(user, company)
    {
        let stamps = reads.stamp_read(company);
        let (decision, values) = limit(platform, &limit_key, guess.plan, &stamps).await?;
        let versions = reads.versions_from(&values);
        let confirmed = versions
            .as_ref()
            .and_then(|versions| reads.context(versions, user, company));
        let ctx = match confirmed {
            Some(access) => Ctx::new(user, company, access, versions),
            None => {
                // Forgotten first, so that a caller who is no longer a member is charged to the
                // company at most once more.
                reads.forget_context(user, company);
                if refusals_spent(platform, user).await? {
                    return Err(over_refusals());
                }
                resolve_ctx(platform, user, company, versions).await?
            }
        };
        if ctx.plan == guess.plan {
            return Ok((ctx, decision));
        }
        // The plan changed since the guess: the company's own quota decides.
        let (decision, _) = limit(platform, &limit_key, ctx.plan, &StampRead::default()).await?;
        return Ok((ctx, decision));
    }
    // Taken before anything is read, so what this request keeps is never older than them.
    let versions = reads.versions(company).await;
    let ctx = match versions
        .as_ref()
        .and_then(|versions| reads.context(versions, user, company))
    {
        Some(access) => Ctx::new(user, company, access, versions),
        None => {
            if refusals_spent(platform, user).await? {
                return Err(over_refusals());
            }
            resolve_ctx(platform, user, company, versions).await?
        }
    };
    let (decision, _) = limit(platform, &limit_key, ctx.plan, &StampRead::default()).await?;
    Ok((ctx, decision))
}

/// The answer to a caller whose refusals are spent (the gate adds the headers).
fn over_refusals() -> ApiError {
    ApiError::too_many_requests(1, "Rate limit exceeded")
}

async fn limit(
    platform: &Platform,
    key: &str,
    plan: Plan,
    stamps: &StampRead,
) -> Result<(Decision, Vec<String>), ApiError> {
    platform
        .limiter
        .check_reading(key, platform.quota(plan), stamps)
        .await
        .map_err(|error| ApiError::internal(format!("rate limiter: {error}")))
}

/// A user's context in a company read from the database, outside any request (a WebSocket checks
/// membership with it): 401 when the user is gone, 403 when not a member.
pub async fn context(
    platform: &Platform,
    user: UserId,
    company: CompanyId,
) -> Result<Ctx, ApiError> {
    resolve_ctx(platform, user, company, None).await
}

/// The caller's context read from the database, kept under `versions` (taken before the read).
async fn resolve_ctx(
    platform: &Platform,
    user: UserId,
    company: CompanyId,
    versions: Option<Versions>,
) -> Result<Ctx, ApiError> {
    let row = membership(platform, user, company).await?;
    let Some(Membership {
        is_admin,
        plan,
        currency,
        role,
    }) = row
    else {
        return Err(ApiError::unauthorized(
            codes::TOKEN_INVALID,
            "The user no longer exists",
        ));
    };
    let role = match (role, plan.is_some(), is_admin) {
        (Some(role), _, _) => Role::parse(&role)
            .ok_or_else(|| ApiError::internal(format!("unknown stored role {role}")))?,
        // A platform admin administers every existing company.
        (None, true, true) => Role::Admin,
        _ => {
            return Err(ApiError::forbidden(
                codes::NOT_A_MEMBER,
                "You are not a member of this company",
            ));
        }
    };
    let plan = plan
        .as_deref()
        .and_then(Plan::parse)
        .unwrap_or(platform.default_plan);
    let currency = currency
        .as_deref()
        .and_then(Currency::from_code)
        .ok_or_else(|| ApiError::internal("company without a known currency"))?;
    let ctx = Ctx {
        user,
        company,
        role,
        plan,
        currency,
        versions,
    };
    if let Some(versions) = &versions {
        platform
            .db
            .reads()
            .keep_context(versions, user, company, ctx.access());
    }
    Ok(ctx)
}

fn company_header(headers: &HeaderMap) -> Result<CompanyId, ApiError> {
    let value = headers.get(COMPANY_HEADER).ok_or_else(|| {
        ApiError::bad_request(
            codes::COMPANY_HEADER_MISSING,
            "The X-Company-Id header is required",
        )
    })?;
    value
        .to_str()
        .ok()
        .and_then(|text| Uuid::parse_str(text.trim()).ok())
        .map(CompanyId)
        .ok_or_else(|| {
            ApiError::bad_request(
                codes::COMPANY_HEADER_INVALID,
                "The X-Company-Id header must be a company UUID",
            )
        })
}

/// What the gate needs in one round trip; None when the user does not exist.
async fn membership(
    platform: &Platform,
    user: UserId,
    company: CompanyId,
) -> Result<Option<Membership>, DbErr> {
    (platform.directory.membership)(platform.db.connection(), user, company).await
}
