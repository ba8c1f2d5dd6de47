//! `Idempotency-Key` on POST: the first request with a key does the work and its response is
//! stored for the user who sent it in the company; a retry by that user with the same key and
//! the same body gets that response again (marked `Idempotent-Replayed: true`) without doing the
//! work twice; the same key with another body is a 409. Another user's key is theirs alone: the
//! same key from someone else is a request of their own, authorized as theirs, and never
//! replays another user's answer. Keys expire after 24 hours. A 5xx is not stored, so the
//! client may retry.

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
use crate::db::with_deferred_commit;
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

    match claim(platform, ctx, &key, &fingerprint).await {
        Err(error) => ApiError::from(error).into_response(),
        Ok(Claim::OtherBody) => ApiError::conflict(
            codes::IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was used with a different request",
        )
        .into_response(),
        Ok(Claim::InProgress) => ApiError::conflict(
            codes::IDEMPOTENCY_REQUEST_IN_PROGRESS,
            "A request with this Idempotency-Key is still being processed",
        )
        .into_response(),
        Ok(Claim::Replay {
            status,
            body,
            headers,
        }) => replay(status, &body, &headers),
        Ok(Claim::New) => {
            // The work's write transaction is handed back still open, so the response is
            // stored in it: after a crash the key is either done (and replays) or was never
            // done (and runs again), never done without its answer.
            let (response, work) =
                with_deferred_commit(next.run(Request::from_parts(parts, Body::from(bytes)))).await;
            let (response_parts, response_body) = response.into_parts();
            let Ok(response_bytes) = to_bytes(response_body, usize::MAX).await else {
                if let Some(work) = work {
                    // Rolled back: the client sees an error and may retry.
                    drop(work);
                }
                let _released = release(platform.db.connection(), ctx, &key).await;
                return ApiError::internal("unreadable response body").into_response();
            };
            if let Some(work) = work {
                let headers = stored_headers(&response_parts.headers);
                let stored = complete(
                    &*work,
                    ctx,
                    &key,
                    response_parts.status,
                    &response_bytes,
                    &headers,
                )
                .await;
                let committed = match stored {
                    Ok(()) => work.commit_now().await,
                    Err(error) => Err(error),
                };
                if let Err(error) = committed {
                    // Neither the work nor its answer landed: say so, and free the key.
                    tracing::error!(%error, "could not commit an idempotent request");
                    let _released = release(platform.db.connection(), ctx, &key).await;
                    return ApiError::from(error).into_response();
                }
                return Response::from_parts(response_parts, Body::from(response_bytes));
            }
            let outcome = if response_parts.status.is_server_error() {
                release(platform.db.connection(), ctx, &key).await
            } else {
                let headers = stored_headers(&response_parts.headers);
                complete(
                    platform.db.connection(),
                    ctx,
                    &key,
                    response_parts.status,
                    &response_bytes,
                    &headers,
                )
                .await
            };
            if let Err(error) = outcome {
                tracing::error!(%error, "could not record the idempotent response");
            }
            Response::from_parts(response_parts, Body::from(response_bytes))
        }
    }
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
    platform: &Platform,
    ctx: Ctx,
    key: &str,
    fingerprint: &str,
) -> Result<Claim, DbErr> {
    let db = platform.db.connection();
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

async fn complete(
    db: &impl ConnectionTrait,
    ctx: Ctx,
    key: &str,
    status: StatusCode,
    body: &[u8],
    headers: &str,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("idempotency_keys")
        .value("status", i32::from(status.as_u16()))
        .value("response_body", STANDARD.encode(body))
        .value("response_headers", headers)
        .and_where(Expr::col("company_id").eq(ctx.company.0))
        .and_where(Expr::col("user_id").eq(ctx.user.0))
        .and_where(Expr::col("idempotency_key").eq(key))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

async fn release(db: &impl ConnectionTrait, ctx: Ctx, key: &str) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("idempotency_keys")
        .and_where(Expr::col("company_id").eq(ctx.company.0))
        .and_where(Expr::col("user_id").eq(ctx.user.0))
        .and_where(Expr::col("idempotency_key").eq(key))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}
