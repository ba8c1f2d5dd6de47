//! `GET /metrics`: the operators' figures in the Prometheus text format, served only as
//! `ARKAN_METRICS` allows.

use std::net::SocketAddr;

use arkan_platform::metrics::MetricsAccess;
use arkan_testkit::TestApp;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};

const TOKEN: &str = "metrics-token-0123456789";

fn scrape(bearer: Option<&str>, peer: Option<&str>) -> Request<Body> {
    let mut request = Request::get("/metrics");
    if let Some(bearer) = bearer {
        request = request.header("authorization", format!("Bearer {bearer}"));
    }
    let mut request = request.body(Body::empty()).unwrap_or_default();
    if let Some(peer) = peer {
        let address: SocketAddr = peer.parse().unwrap_or_else(|_| ([127, 0, 0, 1], 1).into());
        request.extensions_mut().insert(ConnectInfo(address));
    }
    request
}

#[tokio::test]
async fn metrics_are_off_unless_a_setting_lets_someone_in() {
    let app = TestApp::new().await;
    let off = app.send(scrape(Some(TOKEN), Some("127.0.0.1:9"))).await;
    assert_eq!(off.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_bearer_token_reads_requests_postings_and_the_pool() {
    let company = {
        let app = TestApp::with(|settings| {
            settings.metrics = MetricsAccess::Token(TOKEN.into());
        })
        .await;
        let token = app.admin_token().await;
        let id = app.create_company(&token, "Metered LLC").await;
        (app, token, id)
    };
    let (app, token, id) = company;
    let listed = app.get("/api/v1/crm/clients", &token, Some(id)).await;
    assert_eq!(listed.status, StatusCode::OK);
    let accounts = app
        .get("/api/v1/accounting/accounts?limit=100", &token, Some(id))
        .await;
    let journals = app
        .get("/api/v1/accounting/journals?limit=100", &token, Some(id))
        .await;
    let find = |list: &serde_json::Value, key: &str, wanted: &str| {
        list["data"]
            .as_array()
            .and_then(|rows| rows.iter().find(|row| row[key] == wanted))
            .map(|row| row["id"].clone())
            .unwrap_or_default()
    };
    let entry = serde_json::json!({
        "journalId": find(&journals.body, "code", "MISC"),
        "date": "2026-04-01",
        "lines": [
            {"accountId": find(&accounts.body, "code", "101000"), "debit": "5.00"},
            {"accountId": find(&accounts.body, "code", "301000"), "credit": "5.00"}
        ]
    });
    let posted = app
        .post(
            "/api/v1/accounting/journal-entries/batch",
            &token,
            Some(id),
            serde_json::json!({"entries": [entry]}),
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{:?}", posted.body);

    assert_eq!(
        app.send(scrape(None, None)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.send(scrape(Some("metrics-token-wrong-0000"), None))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let scraped = app.send(scrape(Some(TOKEN), None)).await;
    assert_eq!(scraped.status, StatusCode::OK);
    assert!(scraped.header("content-type").starts_with("text/plain"));
    let text = scraped.body.as_str().unwrap_or_default().to_owned();
    for expected in [
        "arkan_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/crm/clients\",status=\"200\"}",
        "route=\"/api/v1/accounting/journal-entries/batch\",status=\"201\"",
        "# TYPE arkan_postings_total counter",
        "# TYPE arkan_db_statements_total counter",
        "arkan_db_pool_connections ",
        "arkan_sqlite_write_turn_wait_seconds_count",
        "# TYPE arkan_outbox_backlog gauge",
        "arkan_outbox_lag_seconds ",
        "arkan_outbox_dispatched ",
        "arkan_websocket_connections ",
        "arkan_websocket_delivery_p99_seconds ",
        "arkan_jobs_backlog ",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    let counter = |name: &str| -> f64 {
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
            .and_then(|value| value.parse().ok())
            .unwrap_or_default()
    };
    let postings = counter("arkan_postings_total");
    assert!(postings >= 1.0, "{postings}");
    // Every statement the pool sends is counted: the requests above sent some.
    let statements = counter("arkan_db_statements_total");
    assert!(statements >= 10.0, "{statements}");
}

#[tokio::test]
async fn trusted_means_loopback_and_the_listed_proxies() {
    let app = TestApp::with(|settings| {
        settings.metrics = MetricsAccess::Trusted;
        settings.trusted_proxies = "10.0.0.0/8".into();
    })
    .await;
    for (peer, status) in [
        ("127.0.0.1:40000", StatusCode::OK),
        ("10.1.2.3:40000", StatusCode::OK),
        ("203.0.113.9:40000", StatusCode::FORBIDDEN),
    ] {
        assert_eq!(
            app.send(scrape(None, Some(peer))).await.status,
            status,
            "{peer}"
        );
    }
}
