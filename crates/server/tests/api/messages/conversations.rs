use arkan_testkit::TestApp;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn two_members_talk_and_each_sees_what_they_have_not_read() {
    let shop = TestApp::company().await;
    let app = &shop.app;
    let (amira, amira_token) = shop.member("amira@arkan.test", "sales").await;
    let (omar, omar_token) = shop.member("omar@arkan.test", "viewer").await;

    let opened = app
        .post(
            "/api/v1/conversations",
            &amira_token,
            Some(shop.id),
            json!({"userId": omar}),
        )
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{:?}", opened.body);
    let conversation = opened.id();
    assert_eq!(opened.body["unreadCount"], 0);
    assert_eq!(opened.body["lastMessage"], json!(null));
    // Opening it again, from either side, is the same conversation.
    let again = app
        .post(
            "/api/v1/conversations",
            &omar_token,
            Some(shop.id),
            json!({"userId": amira}),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.id(), conversation);

    let path = format!("/api/v1/conversations/{conversation}/messages");
    for body in ["Salaam Omar", "Is the LPO for Acme\nready?"] {
        let sent = app
            .post(&path, &amira_token, Some(shop.id), json!({"body": body}))
            .await;
        assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
        assert_eq!(sent.body["senderId"], json!(amira));
        assert_eq!(sent.body["senderName"], "Test User");
    }
    let omars = app
        .get("/api/v1/conversations", &omar_token, Some(shop.id))
        .await;
    assert_eq!(omars.body["meta"]["total"], 1);
    assert_eq!(omars.body["data"][0]["unreadCount"], 2);
    assert_eq!(
        omars.body["data"][0]["lastMessage"]["body"],
        "Is the LPO for Acme\nready?"
    );
    // The sender has nothing unread.
    let amiras = app
        .get("/api/v1/conversations", &amira_token, Some(shop.id))
        .await;
    assert_eq!(amiras.body["data"][0]["unreadCount"], 0);

    // History is newest first and pages.
    let history = app
        .get(&format!("{path}?limit=1"), &omar_token, Some(shop.id))
        .await;
    assert_eq!(
        history.body["data"][0]["body"],
        "Is the LPO for Acme\nready?"
    );
    assert_eq!(history.body["meta"]["hasMore"], true);

    let read = app
        .post(
            &format!("/api/v1/conversations/{conversation}/read"),
            &omar_token,
            Some(shop.id),
            json!({}),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    assert_eq!(read.body["unreadCount"], 0);
    let reply = app
        .post(
            &path,
            &omar_token,
            Some(shop.id),
            json!({"body": "Yes, sent."}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let amiras = app
        .get("/api/v1/conversations", &amira_token, Some(shop.id))
        .await;
    assert_eq!(amiras.body["data"][0]["unreadCount"], 1);
}

#[tokio::test]
async fn only_the_two_participants_and_only_members_take_part() {
    let shop = TestApp::company().await;
    let app = &shop.app;
    let (amira, amira_token) = shop.member("amira@arkan.test", "sales").await;
    let (_, omar_token) = shop.member("omar@arkan.test", "viewer").await;
    let opened = app
        .post(
            "/api/v1/conversations",
            &shop.token,
            Some(shop.id),
            json!({"userId": amira}),
        )
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{:?}", opened.body);
    let path = format!("/api/v1/conversations/{}/messages", opened.id());

    // A third member sees nothing of it and cannot write into it.
    let peek = app.get(&path, &omar_token, Some(shop.id)).await;
    assert_eq!(peek.status, StatusCode::NOT_FOUND);
    let intrude = app
        .post(&path, &omar_token, Some(shop.id), json!({"body": "hi"}))
        .await;
    assert_eq!(intrude.status, StatusCode::NOT_FOUND);

    // Not with oneself, not with someone outside the company, not empty, not too long.
    let me = app
        .post(
            "/api/v1/conversations",
            &amira_token,
            Some(shop.id),
            json!({"userId": amira}),
        )
        .await;
    assert_eq!(me.status, StatusCode::BAD_REQUEST);
    let (outsider, _) = app.user(&shop.token, "outsider@arkan.test").await;
    let outside = app
        .post(
            "/api/v1/conversations",
            &amira_token,
            Some(shop.id),
            json!({"userId": outsider}),
        )
        .await;
    assert_eq!(outside.status, StatusCode::BAD_REQUEST);
    assert_eq!(outside.body["errors"][0]["field"], "userId");
    for body in [
        json!({"body": "   "}),
        json!({"body": "x".repeat(4_001)}),
        json!({"body": "a\u{0}b"}),
    ] {
        let bad = app.post(&path, &amira_token, Some(shop.id), body).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{:?}", bad.body);
    }
    let history = app.get(&path, &amira_token, Some(shop.id)).await;
    assert_eq!(history.body["meta"]["total"], 0);

    // The same people in another company have another (empty) set of conversations.
    let elsewhere = shop.another_company("Elsewhere LLC").await;
    let there = app
        .get("/api/v1/conversations", &shop.token, Some(elsewhere))
        .await;
    assert_eq!(there.body["meta"]["total"], 0);
}
