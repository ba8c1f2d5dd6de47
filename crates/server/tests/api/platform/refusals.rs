//! Every answer carries the caller's rate limit, refusals included, and refusals spend the
//! caller's own quota: a flood of bad tokens or of requests to someone else's company meets a
//! 429 like any other flood.

use arkan_platform::role::Plan;
use arkan_testkit::TestApp;
use axum::http::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

fn has_rate_headers(reply: &arkan_testkit::Reply) -> bool {
    [
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
    ]
    .iter()
    .all(|name| !reply.header(name).is_empty())
}

#[tokio::test]
async fn errors_and_unknown_routes_carry_the_rate_limit_headers() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Mine LLC").await;
    let (_, stranger) = app.user(&admin, "stranger@arkan.test").await;

    let cases = [
        (
            "a bad token",
            app.get("/api/v1/crm/clients", "not-a-token", Some(company))
                .await,
            StatusCode::UNAUTHORIZED,
        ),
        (
            "no company header",
            app.get("/api/v1/crm/clients", &admin, None).await,
            StatusCode::BAD_REQUEST,
        ),
        (
            "not a member",
            app.get("/api/v1/crm/clients", &stranger, Some(company))
                .await,
            StatusCode::FORBIDDEN,
        ),
        (
            "an unknown route",
            app.get("/api/v1/no/such/thing", &admin, None).await,
            StatusCode::NOT_FOUND,
        ),
        (
            "an unknown route without a token",
            app.call(Method::GET, "/nowhere", None, None, None).await,
            StatusCode::NOT_FOUND,
        ),
        (
            "a wrong method",
            app.call(
                Method::PUT,
                "/api/v1/auth/login",
                None,
                None,
                Some(json!({})),
            )
            .await,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ];
    for (what, reply, status) in cases {
        assert_eq!(reply.status, status, "{what}: {:?}", reply.body);
        assert!(has_rate_headers(&reply), "{what}: {:?}", reply.headers);
    }
}

#[tokio::test]
async fn a_flood_of_refused_requests_meets_a_429() {
    flood_of_refusals(None).await;
}

/// The same with the limits kept in Redis (several instances).
#[tokio::test]
async fn a_flood_of_refused_requests_meets_a_429_with_redis() {
    let redis =
        std::env::var("ARKAN_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    flood_of_refusals(Some(redis)).await;
}

async fn flood_of_refusals(redis: Option<String>) {
    // The free plan's burst is 10.
    let app = TestApp::with(|settings| {
        settings.default_plan = Plan::Free;
        settings.redis_url = redis;
    })
    .await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Target LLC").await;
    let (_, stranger) = app.user(&admin, "prober@arkan.test").await;

    let mut answers = Vec::new();
    for _ in 0..30 {
        answers.push(
            app.get("/api/v1/crm/clients", &stranger, Some(company))
                .await
                .status,
        );
    }
    let forbidden = answers
        .iter()
        .filter(|status| **status == StatusCode::FORBIDDEN)
        .count();
    let limited = answers
        .iter()
        .filter(|status| **status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(
        (10..=11).contains(&forbidden) && forbidden + limited == 30,
        "a non-member gets the burst of 403s, then 429s: {answers:?}"
    );

    // Bad tokens are charged to the client's address the same way.
    let mut bad_tokens = Vec::new();
    for _ in 0..30 {
        bad_tokens.push(
            app.get("/api/v1/crm/clients", "forged", Some(Uuid::now_v7()))
                .await
                .status,
        );
    }
    assert!(
        bad_tokens.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{bad_tokens:?}"
    );

    // The company's own members are not slowed by the prober.
    let own = app.get("/api/v1/crm/clients", &admin, Some(company)).await;
    assert_eq!(own.status, StatusCode::OK);
}
