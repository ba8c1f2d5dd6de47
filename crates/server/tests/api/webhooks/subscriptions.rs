//! Subscriptions: owners and admins only, per company, with a secret shown once, event patterns
//! checked against the events the server sends, and targets on internal addresses refused.

use arkan_testkit::TestApp;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{Hooks, id_of};

#[tokio::test]
async fn a_webhook_is_created_read_listed_changed_and_its_secret_shown_once() {
    let hooks = Hooks::start(false).await;
    let created = hooks
        .post(
            "/api/v1/webhooks",
            json!({"url": "https://1.1.1.1/hooks/arkan", "events": ["client.*", "vendor.created"],
                   "description": "Our CRM sync"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let webhook = created.body;
    let secret = webhook["secret"].as_str().expect("the secret");
    assert_eq!(secret.len(), 64);
    assert!(secret.bytes().all(|byte| byte.is_ascii_hexdigit()));
    assert_eq!(webhook["url"], "https://1.1.1.1/hooks/arkan");
    assert_eq!(webhook["events"], json!(["client.*", "vendor.created"]));
    assert_eq!(webhook["description"], "Our CRM sync");
    assert_eq!(webhook["active"], true);
    assert_eq!(webhook["failingSince"], Value::Null);
    assert!(webhook["createdAt"].is_string() && webhook["updatedAt"].is_string());

    let path = format!("/api/v1/webhooks/{}", id_of(&webhook));
    let read = hooks.get(&path).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(read.body.get("secret").is_none(), "{:?}", read.body);
    assert_eq!(read.body["events"], webhook["events"]);
    let listed = hooks.get("/api/v1/webhooks").await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body["meta"]["total"], 1);
    assert!(listed.body["data"][0].get("secret").is_none());

    let changed = hooks
        .patch(
            &path,
            json!({"events": ["*"], "description": null, "active": false}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["events"], json!(["*"]));
    assert_eq!(changed.body["description"], Value::Null);
    assert_eq!(changed.body["active"], false);
    assert_eq!(changed.body["url"], webhook["url"]);
    assert!(changed.body.get("secret").is_none());
    let inactive = hooks.get("/api/v1/webhooks?active=false").await;
    assert_eq!(inactive.body["meta"]["total"], 1);
    let active = hooks.get("/api/v1/webhooks?active=true").await;
    assert_eq!(active.body["meta"]["total"], 0);

    // Lists page like every list.
    for n in 0..3 {
        hooks
            .subscribe(&format!("https://1.1.1.1/hook/{n}"), json!(["*"]))
            .await;
    }
    let first = hooks.get("/api/v1/webhooks?limit=2").await;
    assert_eq!(first.body["meta"]["total"], 4);
    assert_eq!(first.body["meta"]["hasMore"], true);
    let cursor = first.body["meta"]["cursor"].as_str().expect("a cursor");
    let second = hooks
        .get(&format!("/api/v1/webhooks?limit=2&cursor={cursor}"))
        .await;
    assert_eq!(second.body["data"].as_array().map(Vec::len), Some(2));
    assert_eq!(second.body["meta"]["hasMore"], false);
}

#[tokio::test]
async fn internal_targets_are_refused_naming_the_url() {
    let hooks = Hooks::start(false).await;
    for url in [
        "http://127.0.0.1:9/hook",
        "http://localhost:9/hook",
        "http://[::1]:9/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.5/hook",
        "http://192.168.1.10/hook",
        "http://100.64.0.1/hook",
        "http://0.0.0.0/hook",
        "http://[fd00::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://2130706433/hook",
    ] {
        let refused = hooks
            .post("/api/v1/webhooks", json!({"url": url, "events": ["*"]}))
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{url}");
        assert_eq!(refused.code(), "webhook_target_forbidden", "{url}");
        assert_eq!(refused.body["errors"][0]["field"], "url", "{url}");
    }
    for url in [
        "ftp://1.1.1.1/hook",
        "https://user:secret@1.1.1.1/hook",
        "not a url",
        "https://1.1.1.1/hook#part",
    ] {
        let refused = hooks
            .post("/api/v1/webhooks", json!({"url": url, "events": ["*"]}))
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{url}");
        assert_eq!(refused.code(), "validation_failed", "{url}");
        assert_eq!(refused.body["errors"][0]["field"], "url", "{url}");
    }
    // A PATCH to an internal target is refused the same way, and changes nothing.
    let webhook = hooks.subscribe("https://1.1.1.1/hook", json!(["*"])).await;
    let path = format!("/api/v1/webhooks/{}", id_of(&webhook));
    let refused = hooks
        .patch(&path, json!({"url": "http://127.0.0.1:8080/hook"}))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.code(), "webhook_target_forbidden");
    assert_eq!(refused.body["errors"][0]["field"], "url");
    assert_eq!(hooks.get(&path).await.body["url"], "https://1.1.1.1/hook");

    // With the setting on, the same target is taken.
    let allowed = Hooks::start(true).await;
    allowed
        .subscribe("http://127.0.0.1:9/hook", json!(["*"]))
        .await;
}

#[tokio::test]
async fn unknown_events_and_bad_patterns_are_400_naming_each() {
    let hooks = Hooks::start(false).await;
    let refused = hooks
        .post(
            "/api/v1/webhooks",
            json!({"url": "https://1.1.1.1/hook",
                   "events": ["client.created", "nope.*", "client.exploded", "client*", "*"]}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.code(), "validation_failed");
    let fields: Vec<&str> = refused.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|error| error["field"].as_str())
        .collect();
    assert_eq!(fields, ["events[1]", "events[2]", "events[3]"]);
    let empty = hooks
        .post(
            "/api/v1/webhooks",
            json!({"url": "https://1.1.1.1/hook", "events": []}),
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert_eq!(empty.body["errors"][0]["field"], "events");
    let unknown_field = hooks
        .post(
            "/api/v1/webhooks",
            json!({"url": "https://1.1.1.1/hook", "events": ["*"], "secret": "mine"}),
        )
        .await;
    assert_eq!(unknown_field.status, StatusCode::BAD_REQUEST);
    let webhook = hooks.subscribe("https://1.1.1.1/hook", json!(["*"])).await;
    let patched = hooks
        .patch(
            &format!("/api/v1/webhooks/{}", id_of(&webhook)),
            json!({"events": ["spaceship.*"]}),
        )
        .await;
    assert_eq!(patched.status, StatusCode::BAD_REQUEST);
    assert_eq!(patched.body["errors"][0]["field"], "events[0]");
}

#[tokio::test]
async fn only_owners_and_admins_manage_webhooks() {
    let hooks = Hooks::start(false).await;
    let webhook = hooks.subscribe("https://1.1.1.1/hook", json!(["*"])).await;
    let path = format!("/api/v1/webhooks/{}", id_of(&webhook));
    let app: &TestApp = &hooks.app;
    for (email, role) in [
        ("accountant@arkan.test", "accountant"),
        ("sales@arkan.test", "sales"),
        ("viewer@arkan.test", "viewer"),
    ] {
        let (user, token) = app.user(&hooks.token, email).await;
        app.add_member(&hooks.token, hooks.company, user, role)
            .await;
        let company = Some(hooks.company);
        let body = json!({"url": "https://1.1.1.1/other", "events": ["*"]});
        for reply in [
            app.post("/api/v1/webhooks", &token, company, body).await,
            app.get("/api/v1/webhooks", &token, company).await,
            app.get(&path, &token, company).await,
            app.patch(&path, &token, company, json!({"active": false}))
                .await,
            app.get(&format!("{path}/deliveries"), &token, company)
                .await,
            app.delete(&path, &token, company).await,
        ] {
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{role}: {:?}",
                reply.body
            );
            assert_eq!(reply.code(), "role_not_allowed");
        }
    }
    let (user, admin) = app.user(&hooks.token, "admin@company.test").await;
    app.add_member(&hooks.token, hooks.company, user, "admin")
        .await;
    let created = app
        .post(
            "/api/v1/webhooks",
            &admin,
            Some(hooks.company),
            json!({"url": "https://1.1.1.1/admin", "events": ["*"]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
}

#[tokio::test]
async fn another_companys_webhook_is_a_404() {
    let hooks = Hooks::start(false).await;
    let webhook = hooks.subscribe("https://1.1.1.1/hook", json!(["*"])).await;
    let other = hooks.app.create_company(&hooks.token, "Other LLC").await;
    let app = &hooks.app;
    let token = hooks.token.as_str();
    let path = format!("/api/v1/webhooks/{}", id_of(&webhook));
    let delivery = uuid::Uuid::now_v7();
    for reply in [
        app.get(&path, token, Some(other)).await,
        app.patch(&path, token, Some(other), json!({"active": false}))
            .await,
        app.get(&format!("{path}/deliveries"), token, Some(other))
            .await,
        app.post(
            &format!("{path}/deliveries/{delivery}/redeliver"),
            token,
            Some(other),
            json!({}),
        )
        .await,
        app.delete(&path, token, Some(other)).await,
    ] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{:?}", reply.body);
        assert_eq!(reply.code(), "webhook_not_found");
    }
    let listed = app.get("/api/v1/webhooks", token, Some(other)).await;
    assert_eq!(listed.body["meta"]["total"], 0);
    // Still there, unchanged, in its own company.
    assert_eq!(hooks.get(&path).await.body["active"], true);
}
