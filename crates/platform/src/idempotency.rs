//! `Idempotency-Key` on POST: the first request with a key does the work and its response is
//! stored for the user who sent it in the company; a retry by that user with the same key and
//! the same body gets that response again (marked `Idempotent-Replayed: true`) without doing the
//! work twice; the same key with another body is a 409. Another user's key is theirs alone: the
//! same key from someone else is a request of their own, authorized as theirs, and never
//! replays another user's answer. Keys expire after 24 hours. A 5xx is not stored, so the
//! client may retry.
//!
//! The key is claimed in a write transaction opened before the work; the work's own
//! `db.write()` gets that transaction and its commit is deferred
//! ([`crate::db::with_deferred_commit`]), so the answer is stored with the work and both commit
//! together. A concurrent retry waits on the claim (PostgreSQL's unique key, SQLite's one
//! writer) and replays.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DbErr};

use crate::auth::sha256_hex;
use crate::ctx::Ctx;
use crate::db::{WriteTransaction, with_deferred_commit};
use crate::error::ApiError;
use crate::error::codes;
use crate::extract::payload_too_large;
use crate::state::Platform;

pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";
/// How long a key is remembered.
const KEY_LIFETIME_MICROS: i64 = 24 * 3600 * 1_000_000;
/// A first request still unfinished after this long is taken to have died (a dropped
/// connection, a crash): a retry may then do the work.
const ABANDONED_AFTER_MICROS: i64 = 60 * 1_000_000;
/// The largest body an idempotent request may carry (the default body limit).
pub const BODY_LIMIT: usize = 10 * 1024 * 1024;

enum Claim {
    New,
    Replay {
        status: i32,
        body: String,
        headers: String,
    },
    OtherBody,
    InProgress,
}

pub async fn run(platform: &Platform, ctx: Ctx, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request.headers().get(IDEMPOTENCY_HEADER).cloned() else {
        return next.run(request).await;
    };
    let key = match key.to_str() {
        Ok(text) if !text.is_empty() && text.len() <= 255 => text.to_owned(),
        _ => {
            return ApiError::bad_request(
                codes::IDEMPOTENCY_KEY_INVALID,
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
            )
            .into_response();
        }
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return payload_too_large().into_response();
    };
    let mut fingerprint_input = format!("{} {}\n", parts.method, parts.uri).into_bytes();
    fingerprint_input.extend_from_slice(&bytes);
    let fingerprint = sha256_hex(&fingerprint_input);

    // The key is claimed in the transaction the work then runs in, and the answer is stored in
    // it too: after a crash a key is either done (and replays) or was never claimed (and runs
    // again), never done without its answer. A retry arriving meanwhile waits for the first
    // (PostgreSQL's unique key, SQLite's one writer) and then replays it.
    let _turn = platform.db.held_write_turn().await;
    let transaction = match platform.db.write().await {
        Ok(transaction) => transaction,
        Err(error) => return ApiError::from(error).into_response(),
    };
    // On PostgreSQL a claim waits for a running request with the same key on its unique key;
    // past a few seconds the answer is "still in progress" rather than a held connection.
    let postgres = platform.db.backend() == sea_orm::DatabaseBackend::Postgres;
    if postgres
        && let Err(error) = transaction
            .execute_unprepared("SET LOCAL lock_timeout = '5s'")
            .await
    {
        return ApiError::from(error).into_response();
    }
    let claimed = match claim(&*transaction, ctx, &key, &fingerprint).await {
        Err(error) if postgres && error.to_string().contains("lock timeout") => {
            Ok(Claim::InProgress)
        }
        other => other,
    };
    if postgres
        && matches!(claimed, Ok(Claim::New))
        && let Err(error) = transaction
            .execute_unprepared("SET LOCAL lock_timeout = DEFAULT")
            .await
    {
        return ApiError::from(error).into_response();
    }
    match claimed {
        Err(error) => ApiError::from(error).into_response(),
        Ok(Claim::New) => {
            let (response, work) = with_deferred_commit(
                transaction,
                next.run(Request::from_parts(parts, Body::from(bytes))),
            )
            .await;
            finish(platform, ctx, &key, &fingerprint, response, work).await
        }
        Ok(Claim::InProgress) => {
            // The transaction may be aborted (a lock timeout): nothing of it is kept.
            drop(transaction);
            ApiError::conflict(
                codes::IDEMPOTENCY_REQUEST_IN_PROGRESS,
                "A request with this Idempotency-Key is still being processed",
            )
            .into_response()
        }
        Ok(settled) => {
            // Nothing to write: the transaction only read (or cleared an expired key).
            if let Err(error) = transaction.commit_now().await {
                return ApiError::from(error).into_response();
            }
            match settled {
                Claim::Replay {
                    status,
                    body,
                    headers,
                } => replay(status, &body, &headers),
                _ => ApiError::conflict(
                    codes::IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used with a different request",
                )
                .into_response(),
            }
        }
    }
}

/// Stores the answer of a claimed request with its work, and commits both.
async fn finish(
    platform: &Platform,
    ctx: Ctx,
    key: &str,
    fingerprint: &str,
    response: Response,
    work: Option<WriteTransaction>,
) -> Response {
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        // The work (and the claim with it) rolls back: the client may retry.
        drop(work);
        return ApiError::internal("unreadable response body").into_response();
    };
    let record = Answer {
        status: parts.status,
        body: &bytes,
        headers: stored_headers(&parts.headers),
    };
    match work {
        // A server error commits nothing: the claim goes with the work, the client may retry.
        Some(work) if parts.status.is_server_error() => drop(work),
        Some(work) => {
            let stored = match complete(&*work, ctx, key, fingerprint, &record).await {
                Ok(()) => work.commit_now().await,
                Err(error) => Err(error),
            };
            if let Err(error) = stored {
                tracing::error!(%error, "could not commit an idempotent request");
                return ApiError::from(error).into_response();
            }
        }
        // The work rolled its transaction back (a refusal), or committed in two transactions
        // (the claim went with the first): the answer is recorded on its own.
        None => {
            let db = platform.db.connection();
            let outcome = if parts.status.is_server_error() {
                release(db, ctx, key).await
            } else {
                complete(db, ctx, key, fingerprint, &record).await
            };
            if let Err(error) = outcome {
                tracing::error!(%error, "could not record the idempotent response");
            }
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// What a request answered, as stored for its replays.
struct Answer<'a> {
    status: StatusCode,
    body: &'a [u8],
    headers: String,
}

fn stored_headers(headers: &axum::http::HeaderMap) -> String {
    let pairs: Vec<(&str, &str)> = [
        header::CONTENT_TYPE,
        header::CONTENT_DISPOSITION,
        header::LOCATION,
    ]
    .iter()
    .filter_map(|name| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(|value| (name.as_str(), value))
    })
    .collect();
    serde_json::to_string(&pairs).unwrap_or_else(|_| "[]".into())
}

fn replay(status: i32, body: &str, headers: &str) -> Response {
    let status = u16::try_from(status)
        .ok()
        .and_then(|code| StatusCode::from_u16(code).ok())
        .unwrap_or(StatusCode::OK);
    let body = STANDARD.decode(body).unwrap_or_default();
    let mut response = (status, body).into_response();
    let pairs: Vec<(String, String)> = serde_json::from_str(headers).unwrap_or_default();
    for (name, value) in pairs {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::try_from(name),
            HeaderValue::try_from(value),
        ) {
            response.headers_mut().insert(name, value);
        }
    }
    response
        .headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

async fn claim(
    db: &impl ConnectionTrait,
    ctx: Ctx,
    key: &str,
    fingerprint: &str,
) -> Result<Claim, DbErr> {
    for _ in 0..2 {
        let now = arkan_kernel::time::now_micros();
        let insert = Query::insert()
            .into_table("idempotency_keys")
            .columns([
                "company_id",
                "idempotency_key",
                "user_id",
                "request_hash",
                "created_at",
            ])
            .values_panic([
                ctx.company.0.into(),
                key.into(),
                ctx.user.0.into(),
                fingerprint.into(),
                now.into(),
            ])
            .on_conflict(
                OnConflict::columns(["company_id", "user_id", "idempotency_key"])
                    .do_nothing()
                    .to_owned(),
            )
            .to_owned();
        if db.execute(&insert).await?.rows_affected() == 1 {
            return Ok(Claim::New);
        }
        let select = Query::select()
            .columns([
                "request_hash",
                "status",
                "response_body",
                "response_headers",
                "created_at",
            ])
            .from("idempotency_keys")
            .and_where(Expr::col("company_id").eq(ctx.company.0))
            .and_where(Expr::col("user_id").eq(ctx.user.0))
            .and_where(Expr::col("idempotency_key").eq(key))
            .to_owned();
        let Some(row) = db.query_one(&select).await? else {
            continue;
        };
        let created_at: i64 = row.try_get("", "created_at")?;
        let status: Option<i32> = row.try_get("", "status")?;
        let abandoned = status.is_none() && created_at < now - ABANDONED_AFTER_MICROS;
        if created_at < now - KEY_LIFETIME_MICROS || abandoned {
            let expired = Query::delete()
                .from_table("idempotency_keys")
                .and_where(Expr::col("company_id").eq(ctx.company.0))
                .and_where(Expr::col("user_id").eq(ctx.user.0))
                .and_where(Expr::col("idempotency_key").eq(key))
                .and_where(Expr::col("created_at").eq(created_at))
                .to_owned();
            db.execute(&expired).await?;
            continue;
        }
        let stored_hash: String = row.try_get("", "request_hash")?;
        if stored_hash != fingerprint {
            return Ok(Claim::OtherBody);
        }
        return Ok(match status {
            None => Claim::InProgress,
            Some(status) => Claim::Replay {
                status,
                body: row
                    .try_get::<Option<String>>("", "response_body")?
                    .unwrap_or_default(),
                headers: row
                    .try_get::<Option<String>>("", "response_headers")?
                    .unwrap_or_default(),
            },
        });
    }
    Ok(Claim::InProgress)
}

/// Records the answer of the key's request: an upsert, so that it is recorded even when the
/// claim rolled back with the work's first transaction.
async fn complete(
    db: &impl ConnectionTrait,
    ctx: Ctx,
    key: &str,
    fingerprint: &str,
    answer: &Answer<'_>,
) -> Result<(), DbErr> {
    let upsert = Query::insert()
        .into_table("idempotency_keys")
        .columns([
            "company_id",
            "idempotency_key",
            "user_id",
            "request_hash",
            "created_at",
            "status",
            "response_body",
            "response_headers",
        ])
        .values_panic([
            ctx.company.0.into(),
            key.into(),
            ctx.user.0.into(),
            fingerprint.into(),
            arkan_kernel::time::now_micros().into(),
            i32::from(answer.status.as_u16()).into(),
            STANDARD.encode(answer.body).into(),
            answer.headers.clone().into(),
        ])
        .on_conflict(
            // Never over another request's recorded answer: when this request's claim rolled
            // back, a retry may have claimed the key, done the work and answered meanwhile.
            OnConflict::columns(["company_id", "user_id", "idempotency_key"])
                .update_columns(["status", "response_body", "response_headers"])
                .action_and_where(Expr::col(("idempotency_keys", "status")).is_null())
                .to_owned(),
        )
        .to_owned();
    db.execute(&upsert).await.map(|_| ())
}

/// Frees the key of a request that failed, unless an answer is recorded for it (a retry's).
async fn release(db: &impl ConnectionTrait, ctx: Ctx, key: &str) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("idempotency_keys")
        .and_where(Expr::col("company_id").eq(ctx.company.0))
        .and_where(Expr::col("user_id").eq(ctx.user.0))
        .and_where(Expr::col("idempotency_key").eq(key))
        .and_where(Expr::col("status").is_null())
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}
