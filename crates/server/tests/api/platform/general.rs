use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use arkan_testkit::{ADMIN_EMAIL, TestApp};

#[tokio::test]
async fn health_readiness_openapi_and_docs_are_served() {
    let app = TestApp::new().await;
    assert_eq!(
        app.call(Method::GET, "/healthz", None, None, None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.call(Method::GET, "/readyz", None, None, None)
            .await
            .status,
        StatusCode::OK
    );
    let openapi = app
        .call(Method::GET, "/api/v1/openapi.json", None, None, None)
        .await;
    assert_eq!(openapi.status, StatusCode::OK);
    let paths = openapi.body["paths"].as_object().unwrap();
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/me",
        "/api/v1/users",
        "/api/v1/companies",
        "/api/v1/companies/{id}",
        "/api/v1/companies/{id}/members",
        "/api/v1/companies/{id}/members/{user_id}",
        "/api/v1/crm/clients",
        "/api/v1/crm/clients/{id}",
        "/api/v1/crm/vendors",
        "/api/v1/crm/vendors/{id}",
        "/api/v1/crm/contacts",
        "/api/v1/crm/contacts/{id}",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from the OpenAPI document"
        );
    }
    let docs = app
        .send(Request::get("/docs/").body(Body::empty()).unwrap())
        .await;
    assert_eq!(docs.status, StatusCode::OK);
}

#[tokio::test]
async fn a_free_company_gets_its_burst_then_429_while_others_carry_on() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let free = app
        .create_company_with(
            &admin,
            json!({"name": "Free LLC", "currency": "AED", "country": "AE", "plan": "free"}),
        )
        .await;
    let paid = app.create_company(&admin, "Paid LLC").await;
    for expected in (0..10).rev() {
        let reply = app.get("/api/v1/crm/clients", &admin, Some(free)).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.header("x-ratelimit-limit"), "60");
        assert_eq!(reply.header("x-ratelimit-remaining"), expected.to_string());
        assert!(
            reply.header("x-ratelimit-reset").parse::<i64>().unwrap()
                > chrono::Utc::now().timestamp() - 1
        );
    }
    let limited = app.get("/api/v1/crm/clients", &admin, Some(free)).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.body["statusCode"], 429);
    assert_eq!(limited.header("retry-after"), "1");
    assert_eq!(limited.header("x-ratelimit-remaining"), "0");
    let other = app.get("/api/v1/crm/clients", &admin, Some(paid)).await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(other.header("x-ratelimit-limit"), "300");
    // Endpoints outside a company carry the headers too.
    assert!(
        !app.get("/api/v1/auth/me", &admin, None)
            .await
            .header("x-ratelimit-limit")
            .is_empty()
    );
}

#[tokio::test]
async fn two_instances_share_one_limit_through_redis() {
    let redis =
        std::env::var("ARKAN_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let first = TestApp::with(|settings| settings.redis_url = Some(redis)).await;
    let second = first.another_instance().await;
    let admin = first.admin_token().await;
    let company = first
        .create_company_with(
            &admin,
            json!({"name": "Shared LLC", "currency": "AED", "country": "AE", "plan": "free"}),
        )
        .await;
    let mut allowed = 0;
    for round in 0..12 {
        let instance = if round % 2 == 0 { &first } else { &second };
        let reply = instance
            .get("/api/v1/crm/clients", &admin, Some(company))
            .await;
        if reply.status == StatusCode::OK {
            allowed += 1;
        } else {
            assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        }
    }
    // The free burst is 10 across both instances, not 10 each.
    assert_eq!(allowed, 10);
}

#[tokio::test]
async fn a_retried_post_with_the_same_idempotency_key_is_done_once() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Retry LLC").await;
    let post = |key: &'static str, name: &'static str| {
        Request::post("/api/v1/crm/clients")
            .header("authorization", format!("Bearer {admin}"))
            .header("x-company-id", company.to_string())
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(Body::from(json!({"name": name}).to_string()))
            .unwrap()
    };
    let first = app.send(post("key-1", "Once Only")).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let retry = app.send(post("key-1", "Once Only")).await;
    assert_eq!(retry.status, StatusCode::CREATED);
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.header("idempotent-replayed"), "true");
    let other_body = app.send(post("key-1", "Something Else")).await;
    assert_eq!(other_body.status, StatusCode::CONFLICT);
    assert_eq!(other_body.code(), "idempotency_key_reused");
    assert_eq!(
        app.get("/api/v1/crm/clients", &admin, Some(company))
            .await
            .body["meta"]["total"],
        1
    );
    // A new key is new work.
    assert_eq!(
        app.send(post("key-2", "Once Only")).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.get("/api/v1/crm/clients", &admin, Some(company))
            .await
            .body["meta"]["total"],
        2
    );
    // A refused request is replayed as refused too, without writing.
    let invalid = app.send(post("key-3", "")).await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.send(post("key-3", "")).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn data_survives_a_restart_and_the_admin_is_created_once() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Durable LLC").await;
    let client = app
        .client(&admin, company, json!({"name": "Still Here"}))
        .await
        .id();
    let settings = app.settings.clone();
    let TestApp {
        platform,
        _folder: folder,
        ..
    } = app;
    platform.db.connection().clone().close().await.unwrap();

    // Restart with another admin password: the first admin is not created again.
    let mut restarted_settings = settings.clone();
    restarted_settings.admin_password = Some("a-different-password".into());
    let restarted = TestApp::start(restarted_settings, folder).await;
    assert_eq!(
        restarted
            .login(ADMIN_EMAIL, "a-different-password")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Tokens signed before the restart are still valid: the secret was stored.
    let fetched = restarted
        .get(
            &format!("/api/v1/crm/clients/{client}"),
            &admin,
            Some(company),
        )
        .await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.body["name"], "Still Here");
}

#[tokio::test]
async fn shutdown_lets_the_request_in_flight_finish() {
    let app = TestApp::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(arkan_server::app::serve(
        listener,
        app.router.clone(),
        async {
            let _ = stopped.await;
        },
    ));
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    // Send half a request, signal shutdown, then finish it: the server still answers it.
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    stream
        .write_all(b"Connection: close\r\n\r\n")
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let outcome = tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .unwrap()
        .unwrap();
    assert!(outcome.is_ok());
}

#[tokio::test]
async fn concurrent_retries_with_one_idempotency_key_create_one_client() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Race LLC").await;
    let post = || {
        Request::post("/api/v1/crm/clients")
            .header("authorization", format!("Bearer {admin}"))
            .header("x-company-id", company.to_string())
            .header("content-type", "application/json")
            .header("idempotency-key", "same-key")
            .body(Body::from(json!({"name": "Raced"}).to_string()))
            .unwrap()
    };
    let replies = futures_join(&app, post(), post(), post()).await;
    // The retries wait for the first (its key is claimed in its own transaction) and replay
    // its answer: no "in progress" 409 for a request that is about to finish.
    for reply in &replies {
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    }
    let fresh = replies
        .iter()
        .filter(|reply| reply.header("idempotent-replayed").is_empty())
        .count();
    assert_eq!(fresh, 1, "one did the work, the others replayed it");
    assert!(
        replies
            .iter()
            .all(|reply| reply.body["id"] == replies[0].body["id"])
    );
    assert_eq!(
        app.get("/api/v1/crm/clients", &admin, Some(company))
            .await
            .body["meta"]["total"],
        1
    );
}

async fn futures_join(
    app: &TestApp,
    a: Request<Body>,
    b: Request<Body>,
    c: Request<Body>,
) -> Vec<arkan_testkit::Reply> {
    let (a, b, c) = tokio::join!(app.send(a), app.send(b), app.send(c));
    vec![a, b, c]
}

#[expect(
    clippy::unwrap_used,
    reason = "a malformed reply fails the test loudly"
)]
/// `GET /auth/me` without a token, as the account gate sees it: from `peer`, through a proxy
/// that may have written `X-Forwarded-For`. Returns `X-RateLimit-Remaining`.
async fn anonymous_remaining(app: &TestApp, peer: &str, forwarded_for: Option<&str>) -> u32 {
    let mut request = axum::http::Request::get("/api/v1/auth/me");
    if let Some(forwarded_for) = forwarded_for {
        request = request.header("x-forwarded-for", forwarded_for);
    }
    let mut request = request.body(axum::body::Body::empty()).unwrap();
    let peer: std::net::IpAddr = peer.parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::new(
            peer, 40_000,
        )));
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    reply.header("x-ratelimit-remaining").parse().unwrap()
}

#[tokio::test]
async fn anonymous_callers_behind_a_trusted_proxy_get_a_bucket_each() {
    let app = TestApp::with(|settings| settings.trusted_proxies = "10.0.0.0/8".into()).await;
    let full = anonymous_remaining(&app, "10.0.0.5", Some("203.0.113.7")).await;
    assert_eq!(
        anonymous_remaining(&app, "10.0.0.6", Some("203.0.113.7")).await,
        full - 1,
        "the same client through another proxy shares its bucket"
    );
    assert_eq!(
        anonymous_remaining(&app, "10.0.0.5", Some("198.51.100.1, 10.0.0.9")).await,
        full,
        "another client behind two trusted hops has a bucket of its own"
    );
    // An untrusted peer cannot pick a fresh bucket by writing the header.
    let direct = anonymous_remaining(&app, "192.0.2.1", Some("1.1.1.1")).await;
    assert_eq!(
        anonymous_remaining(&app, "192.0.2.1", Some("2.2.2.2")).await,
        direct - 1
    );
    // Without trusted proxies the header is ignored altogether.
    let plain = TestApp::new().await;
    let first = anonymous_remaining(&plain, "10.0.0.5", Some("203.0.113.7")).await;
    assert_eq!(
        anonymous_remaining(&plain, "10.0.0.5", Some("198.51.100.1")).await,
        first - 1
    );
}

#[tokio::test]
async fn a_malformed_trusted_proxy_list_stops_the_start() {
    let (mut settings, _folder) = arkan_testkit::test_settings();
    settings.trusted_proxies = "10.0.0.0/40".into();
    let refused = arkan_server::app::platform(&settings).await;
    assert!(refused.is_err_and(|error| error.contains("ARKAN_TRUSTED_PROXIES")));
}
