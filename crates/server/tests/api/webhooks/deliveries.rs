//! Deliveries: made from committed events, signed, retried with backoff until a 2xx, logged,
//! replayed on request, and checked against the target rules again at every attempt.

use arkan_platform::events::backlog;
use arkan_testkit::TestApp;
use arkan_webhooks::signing::signature;
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{Hooks, Receiver, after, id_of};

/// Checks the headers and signature of one request against the webhook's secret.
fn assert_signed(hit: &super::Hit, secret: &str, delivery: &Value, event: &str) {
    assert_eq!(hit.header("content-type"), "application/json");
    assert_eq!(hit.header("x-arkan-event"), event);
    assert_eq!(hit.header("x-arkan-delivery"), id_of(delivery));
    let timestamp: i64 = hit.header("x-arkan-timestamp").parse().expect("seconds");
    let now = arkan_kernel::time::now_micros() / 1_000_000;
    assert!(
        (now - 60..=now).contains(&timestamp),
        "{timestamp} vs {now}"
    );
    assert_eq!(
        hit.header("x-arkan-signature"),
        signature(secret, timestamp, &hit.body)
    );
}

#[tokio::test]
async fn a_receiver_that_fails_twice_then_succeeds_gets_the_event_once_with_a_valid_signature() {
    let receiver = Receiver::answering(&[500, 500, 200]).await;
    let hooks = Hooks::start(true).await;
    let (seller, seller_token) = hooks.app.user(&hooks.token, "seller@arkan.test").await;
    hooks
        .app
        .add_member(&hooks.token, hooks.company, seller, "sales")
        .await;
    let webhook = hooks.subscribe(&receiver.url, json!(["client.*"])).await;
    let secret = webhook["secret"].as_str().expect("the secret").to_owned();

    // The request that causes the event answers without waiting for the receiver.
    let client = hooks.client("Al Noor Trading").await;
    assert!(receiver.hits().is_empty());
    hooks.settle().await;
    let pending = hooks.deliveries(&webhook).await;
    assert_eq!(pending.len(), 1, "{pending:?}");
    let delivery = pending[0].clone();
    assert_eq!(delivery["event"], "client.created");
    assert_eq!(delivery["state"], "pending");
    assert_eq!(delivery["attempts"], 0);
    assert_eq!(delivery["webhookId"], webhook["id"]);

    // First attempt: 500. The next is due a minute later, and the webhook is failing.
    assert_eq!(hooks.run_jobs(after(0)).await, 1);
    assert_eq!(receiver.hits().len(), 1);
    let failed = hooks.deliveries(&webhook).await[0].clone();
    assert_eq!(failed["state"], "pending");
    assert_eq!(failed["attempts"], 1);
    assert_eq!(failed["lastStatusCode"], 500);
    assert!(failed["lastError"].is_string(), "{failed}");
    assert!(failed["nextAttemptAt"].is_string(), "{failed}");
    assert!(hooks.webhook(&webhook).await["failingSince"].is_string());
    assert_eq!(hooks.run_jobs(after(0)).await, 0, "not due yet");

    // A minute later: 500 again; five minutes after that: 200.
    assert_eq!(hooks.run_jobs(after(61)).await, 1);
    assert_eq!(receiver.hits().len(), 2);
    assert_eq!(hooks.run_jobs(after(61 + 301)).await, 1);
    let hits = receiver.hits();
    assert_eq!(hits.len(), 3);
    // Nothing more is ever sent.
    assert_eq!(hooks.run_jobs(after(3 * 86_400)).await, 0);
    assert_eq!(receiver.hits().len(), 3);

    let deliveries = hooks.deliveries(&webhook).await;
    assert_eq!(deliveries.len(), 1, "the event is delivered once");
    let delivered = &deliveries[0];
    assert_eq!(delivered["id"], delivery["id"]);
    assert_eq!(delivered["state"], "delivered");
    assert_eq!(delivered["attempts"], 3);
    assert_eq!(delivered["lastStatusCode"], 200);
    assert_eq!(delivered["lastError"], Value::Null);
    assert_eq!(delivered["nextAttemptAt"], Value::Null);
    assert_eq!(hooks.webhook(&webhook).await["failingSince"], Value::Null);

    // Every attempt sent the same body, each signed with its own timestamp.
    for hit in &hits {
        assert_eq!(hit.body, hits[0].body);
        assert_signed(hit, &secret, delivered, "client.created");
    }
    let payload = hits[0].json();
    assert_eq!(payload["id"], delivered["eventId"]);
    assert_eq!(payload["event"], "client.created");
    assert_eq!(payload["moduleKey"], "crm");
    assert_eq!(payload["companyId"], json!(hooks.company));
    assert_eq!(payload["resourceId"], json!(client));
    assert!(payload["occurredAt"].is_string());
    assert_eq!(payload["data"]["id"], json!(client), "{payload}");
    assert_eq!(payload["data"]["name"], "Al Noor Trading");
    // A wrong secret does not verify.
    let timestamp: i64 = hits[0]
        .header("x-arkan-timestamp")
        .parse()
        .expect("seconds");
    assert_ne!(
        hits[0].header("x-arkan-signature"),
        signature("not-the-secret", timestamp, &hits[0].body)
    );

    // The owner heard once that the webhook was failing (at the first failure, not the second);
    // a sales member did not.
    let told = hooks.get("/api/v1/notifications").await;
    assert_eq!(told.status, StatusCode::OK, "{:?}", told.body);
    let failing: Vec<&Value> = told.body["data"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|notification| notification["type"] == "webhook_failing")
        .collect();
    assert_eq!(failing.len(), 1, "{:?}", told.body);
    assert_eq!(failing[0]["moduleKey"], "companies");
    assert_eq!(failing[0]["resourceType"], "webhook");
    assert_eq!(failing[0]["resourceId"], webhook["id"]);
    assert!(
        failing[0]["title"]
            .as_str()
            .is_some_and(|title| title.contains("127.0.0.1")),
        "{:?}",
        failing[0]
    );
    let not_told = hooks
        .app
        .get("/api/v1/notifications", &seller_token, Some(hooks.company))
        .await;
    assert_eq!(not_told.status, StatusCode::OK, "{:?}", not_told.body);
    assert_eq!(not_told.body["meta"]["total"], 0, "{:?}", not_told.body);
}

#[tokio::test]
async fn a_receiver_that_never_answers_2xx_fails_after_eight_attempts() {
    let receiver = Receiver::answering(&[503]).await;
    let hooks = Hooks::start(true).await;
    let webhook = hooks
        .subscribe(&receiver.url, json!(["client.created"]))
        .await;
    hooks.client("Never Answers").await;
    hooks.settle().await;
    // Each retry is due at most a day after the attempt before it.
    for attempt in 1..=8 {
        assert_eq!(
            hooks.run_jobs(after(2 * 86_400)).await,
            1,
            "attempt {attempt}"
        );
    }
    assert_eq!(hooks.run_jobs(after(30 * 86_400)).await, 0);
    assert_eq!(receiver.hits().len(), 8);
    let failed = hooks.deliveries(&webhook).await[0].clone();
    assert_eq!(failed["state"], "failed");
    assert_eq!(failed["attempts"], 8);
    assert_eq!(failed["lastStatusCode"], 503);
    assert_eq!(failed["nextAttemptAt"], Value::Null);
    assert!(hooks.webhook(&webhook).await["failingSince"].is_string());
    let failed_only = hooks
        .get(&format!(
            "/api/v1/webhooks/{}/deliveries?state=failed",
            id_of(&webhook)
        ))
        .await;
    assert_eq!(failed_only.body["meta"]["total"], 1);
    let bad_state = hooks
        .get(&format!(
            "/api/v1/webhooks/{}/deliveries?state=lost",
            id_of(&webhook)
        ))
        .await;
    assert_eq!(bad_state.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_state.body["errors"][0]["field"], "state");
}

#[tokio::test]
async fn a_loopback_target_allowed_when_created_is_refused_at_delivery_once_the_setting_is_off() {
    let receiver = Receiver::answering(&[200]).await;
    let hooks = Hooks::start(true).await;
    let webhook = hooks.subscribe(&receiver.url, json!(["client.*"])).await;
    hooks.client("Internal Probe").await;
    hooks.settle().await;
    // The same database served by an instance that does not allow private targets.
    let mut settings = hooks.app.settings.clone();
    settings.webhook_allow_private = false;
    let strict = TestApp::start(settings, None).await;
    let ran = arkan_server::app::jobs()
        .run_due(&strict.platform, "strict-worker", after(0), 10)
        .await
        .expect("the jobs run");
    assert_eq!(ran, 1);
    assert!(receiver.hits().is_empty(), "nothing reaches the receiver");
    let refused = hooks.deliveries(&webhook).await[0].clone();
    assert_eq!(refused["state"], "pending", "{refused}");
    assert_eq!(refused["attempts"], 1);
    assert_eq!(refused["lastStatusCode"], Value::Null);
    assert!(
        refused["lastError"]
            .as_str()
            .is_some_and(|error| error.contains("internal address")),
        "{refused}"
    );
    assert!(hooks.webhook(&webhook).await["failingSince"].is_string());
}

#[tokio::test]
async fn redelivery_sends_the_same_event_again_as_a_new_delivery() {
    let receiver = Receiver::answering(&[200]).await;
    let hooks = Hooks::start(true).await;
    let webhook = hooks.subscribe(&receiver.url, json!(["client.*"])).await;
    hooks.client("Replayed").await;
    hooks.settle().await;
    assert_eq!(hooks.run_jobs(after(0)).await, 1);
    let first = hooks.deliveries(&webhook).await[0].clone();
    assert_eq!(first["state"], "delivered");

    let path = format!(
        "/api/v1/webhooks/{}/deliveries/{}/redeliver",
        id_of(&webhook),
        id_of(&first)
    );
    let again = hooks.post(&path, json!({})).await;
    assert_eq!(again.status, StatusCode::CREATED, "{:?}", again.body);
    assert_ne!(again.body["id"], first["id"]);
    assert_eq!(again.body["eventId"], first["eventId"]);
    assert_eq!(again.body["event"], "client.created");
    assert_eq!(again.body["state"], "pending");
    assert_eq!(again.body["attempts"], 0);
    assert_eq!(hooks.run_jobs(after(0)).await, 1);

    let hits = receiver.hits();
    assert_eq!(hits.len(), 2);
    assert_eq!(
        hits[1].body, hits[0].body,
        "the same event, the same payload"
    );
    assert_eq!(hits[1].header("x-arkan-delivery"), id_of(&again.body));
    let deliveries = hooks.deliveries(&webhook).await;
    assert_eq!(deliveries.len(), 2);
    assert_eq!(deliveries[0]["id"], again.body["id"], "newest first");
    assert_eq!(deliveries[0]["state"], "delivered");

    // Not another webhook's delivery, nor an unknown one; not while the webhook is off.
    let other = hooks.subscribe(&receiver.url, json!(["*"])).await;
    let crossed = hooks
        .post(
            &format!(
                "/api/v1/webhooks/{}/deliveries/{}/redeliver",
                id_of(&other),
                id_of(&first)
            ),
            json!({}),
        )
        .await;
    assert_eq!(crossed.status, StatusCode::NOT_FOUND);
    assert_eq!(crossed.code(), "delivery_not_found");
    let unknown = hooks
        .post(
            &format!(
                "/api/v1/webhooks/{}/deliveries/{}/redeliver",
                id_of(&webhook),
                Uuid::now_v7()
            ),
            json!({}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let paused = hooks
        .patch(
            &format!("/api/v1/webhooks/{}", id_of(&webhook)),
            json!({"active": false}),
        )
        .await;
    assert_eq!(paused.status, StatusCode::OK);
    let refused = hooks.post(&path, json!({})).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.code(), "webhook_inactive");
}

#[tokio::test]
async fn star_hears_every_event_a_pattern_only_its_own_and_an_inactive_webhook_nothing() {
    let receiver = Receiver::answering(&[200]).await;
    let hooks = Hooks::start(true).await;
    let everything = hooks.subscribe(&receiver.url, json!(["*"])).await;
    let vendors = hooks
        .subscribe(&receiver.url, json!(["vendor.created"]))
        .await;
    let paused = hooks
        .post(
            "/api/v1/webhooks",
            json!({"url": receiver.url, "events": ["client.*"], "active": false}),
        )
        .await;
    assert_eq!(paused.status, StatusCode::CREATED);
    assert_eq!(paused.body["active"], false);

    let client = hooks.client("Client Co").await;
    let vendor = hooks
        .post("/api/v1/crm/vendors", json!({"name": "Vendor Co"}))
        .await;
    assert_eq!(vendor.status, StatusCode::CREATED);
    let renamed = hooks
        .patch(
            &format!("/api/v1/crm/clients/{client}"),
            json!({"name": "Client Co Renamed"}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);
    hooks.settle().await;

    let events = |deliveries: Vec<Value>| {
        let mut names: Vec<String> = deliveries
            .iter()
            .map(|delivery| delivery["event"].as_str().unwrap_or_default().to_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        events(hooks.deliveries(&everything).await),
        ["client.created", "client.updated", "vendor.created"]
    );
    assert_eq!(events(hooks.deliveries(&vendors).await), ["vendor.created"]);
    assert!(hooks.deliveries(&paused.body).await.is_empty());
}

#[tokio::test]
async fn a_rolled_back_write_makes_no_delivery() {
    let receiver = Receiver::answering(&[200]).await;
    let hooks = Hooks::start(true).await;
    let webhook = hooks.subscribe(&receiver.url, json!(["client.*"])).await;
    let company = arkan_kernel::CompanyId(hooks.company);
    {
        let mut transaction = hooks.app.platform.db.write().await.expect("a transaction");
        transaction.emit(company, arkan_crm::events::CLIENT_CREATED, Uuid::now_v7());
        // Dropped without a commit: rolled back.
    }
    hooks.settle().await;
    assert_eq!(
        backlog(hooks.app.platform.db.connection())
            .await
            .expect("backlog"),
        0
    );
    assert!(hooks.deliveries(&webhook).await.is_empty());
    assert_eq!(hooks.run_jobs(after(0)).await, 0);

    // The same change committed is delivered.
    let mut transaction = hooks.app.platform.db.write().await.expect("a transaction");
    transaction.emit(company, arkan_crm::events::CLIENT_CREATED, Uuid::now_v7());
    transaction.commit().await.expect("committed");
    hooks.settle().await;
    assert_eq!(hooks.deliveries(&webhook).await.len(), 1);
    assert_eq!(hooks.run_jobs(after(0)).await, 1);
    assert_eq!(receiver.hits().len(), 1);
}

#[tokio::test]
async fn a_deleted_webhook_takes_its_log_and_sends_nothing_more() {
    let receiver = Receiver::answering(&[200]).await;
    let hooks = Hooks::start(true).await;
    let webhook = hooks.subscribe(&receiver.url, json!(["client.*"])).await;
    hooks.client("Soon Unheard").await;
    hooks.settle().await;
    assert_eq!(hooks.deliveries(&webhook).await.len(), 1);
    let path = format!("/api/v1/webhooks/{}", id_of(&webhook));
    let deleted = hooks.delete(&path).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(hooks.get(&path).await.status, StatusCode::NOT_FOUND);
    let log = hooks.get(&format!("{path}/deliveries")).await;
    assert_eq!(log.status, StatusCode::NOT_FOUND);
    assert_eq!(log.code(), "webhook_not_found");
    // Its due job finds nothing to send.
    assert_eq!(hooks.run_jobs(after(0)).await, 1);
    assert!(receiver.hits().is_empty());
    assert_eq!(hooks.delete(&path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_dispatcher_handing_an_event_over_twice_makes_one_delivery() {
    let receiver = Receiver::answering(&[200]).await;
    let hooks = Hooks::start(true).await;
    let webhook = hooks
        .subscribe(&receiver.url, json!(["client.created"]))
        .await;
    let event = arkan_platform::events::Event {
        company: arkan_kernel::CompanyId(hooks.company),
        seq: 9_999,
        event: arkan_platform::events::MODULE_INVALIDATE.into(),
        module: "crm".into(),
        name: "client.created".into(),
        resource_id: Some(Uuid::now_v7()),
        user: None,
        data: None,
        occurred_at: arkan_kernel::time::now_micros(),
    };
    // Two dispatchers whose leases overlapped, each in its own transaction.
    for _ in 0..2 {
        let transaction = hooks.app.platform.db.write().await.expect("a transaction");
        arkan_webhooks::SINK(&transaction, std::slice::from_ref(&event))
            .await
            .expect("the sink runs");
        transaction.commit().await.expect("committed");
    }
    let deliveries = hooks.deliveries(&webhook).await;
    assert_eq!(deliveries.len(), 1, "{deliveries:?}");
    assert_eq!(deliveries[0]["eventId"], "9999");
    assert_eq!(hooks.run_jobs(after(0)).await, 1);
    assert_eq!(receiver.hits().len(), 1);
    assert_eq!(receiver.hits()[0].json()["id"], "9999");
}
