use arkan_testkit::TestApp;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn an_invoice_paid_in_full_notifies_the_people_who_keep_the_books() {
    let shop = TestApp::company()
        .trn("100123456700003")
        .with_uae_chart()
        .client("Acme")
        .await;
    let (_, accountant) = shop.member("accountant@arkan.test", "accountant").await;
    let (_, sales) = shop.member("sales@arkan.test", "sales").await;
    let client = shop.partner("Acme");
    let invoice = shop.posted_invoice(client, "100.00").await;
    let number = shop.invoice(invoice).await.body["number"].clone();

    // A part payment tells no one.
    let part = shop.posted_payment("inbound", client, "40.00").await;
    let allocated = shop
        .allocate(part, json!([{"invoiceId": invoice, "amount": "40.00"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    let inbox = |token: String| {
        let app = &shop.app;
        let company = shop.id;
        async move {
            app.get("/api/v1/notifications", &token, Some(company))
                .await
        }
    };
    assert_eq!(inbox(accountant.clone()).await.body["meta"]["total"], 0);

    // The rest pays it in full: the owner and the accountant hear of it, sales does not.
    let rest = shop.posted_payment("inbound", client, "65.00").await;
    let allocated = shop
        .allocate(rest, json!([{"invoiceId": invoice, "amount": "65.00"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    let seen = inbox(accountant.clone()).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.body["meta"]["total"], 1);
    assert_eq!(seen.body["meta"]["unreadCount"], 1);
    let notification = &seen.body["data"][0];
    assert_eq!(notification["type"], "payment_received");
    assert_eq!(notification["resourceType"], "invoice");
    assert_eq!(notification["resourceId"], json!(invoice));
    assert_eq!(notification["moduleKey"], "accounting");
    assert_eq!(notification["read"], false);
    assert!(
        notification["title"]
            .as_str()
            .is_some_and(|title| title.contains(number.as_str().unwrap_or("?"))),
        "{notification}"
    );
    assert_eq!(inbox(shop.token.clone()).await.body["meta"]["total"], 1);
    assert_eq!(inbox(sales.clone()).await.body["meta"]["total"], 0);
}

#[tokio::test]
async fn each_person_reads_and_marks_only_their_own() {
    let shop = TestApp::company()
        .trn("100123456700003")
        .with_uae_chart()
        .client("Acme")
        .await;
    let (_, accountant) = shop.member("accountant@arkan.test", "accountant").await;
    let client = shop.partner("Acme");
    for amount in ["10.00", "20.00"] {
        let invoice = shop.posted_invoice(client, amount).await;
        let total = shop.invoice(invoice).await.body["amountTotal"].clone();
        let payment = shop
            .posted_payment("inbound", client, total.as_str().unwrap_or("0"))
            .await;
        let allocated = shop
            .allocate(payment, json!([{"invoiceId": invoice, "amount": total}]))
            .await;
        assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    }
    let app = &shop.app;
    let mine = app
        .get("/api/v1/notifications?limit=1", &accountant, Some(shop.id))
        .await;
    assert_eq!(mine.body["meta"]["total"], 2);
    assert_eq!(mine.body["meta"]["hasMore"], true);
    let first = mine.body["data"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    // The owner cannot mark the accountant's notification: it is not theirs (404).
    let not_theirs = app
        .post(
            &format!("/api/v1/notifications/{first}/read"),
            &shop.token,
            Some(shop.id),
            json!({}),
        )
        .await;
    assert_eq!(not_theirs.status, StatusCode::NOT_FOUND);

    let read = app
        .post(
            &format!("/api/v1/notifications/{first}/read"),
            &accountant,
            Some(shop.id),
            json!({}),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    assert_eq!(read.body["read"], true);
    let read_at = read.body["readAt"].clone();
    // Reading it again keeps the first time.
    let again = app
        .post(
            &format!("/api/v1/notifications/{first}/read"),
            &accountant,
            Some(shop.id),
            json!({}),
        )
        .await;
    assert_eq!(again.body["readAt"], read_at);
    let unread = app
        .get(
            "/api/v1/notifications?unread=true",
            &accountant,
            Some(shop.id),
        )
        .await;
    assert_eq!(unread.body["meta"]["total"], 1);
    assert_eq!(unread.body["meta"]["unreadCount"], 1);
    let bad = app
        .get(
            "/api/v1/notifications?unread=maybe",
            &accountant,
            Some(shop.id),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let all = app
        .post(
            "/api/v1/notifications/read-all",
            &accountant,
            Some(shop.id),
            json!({}),
        )
        .await;
    assert_eq!(all.body, json!({"updated": 1}));
    let after = app
        .get("/api/v1/notifications", &accountant, Some(shop.id))
        .await;
    assert_eq!(after.body["meta"]["unreadCount"], 0);
    // The owner's own two are still unread.
    let owners = app
        .get("/api/v1/notifications", &shop.token, Some(shop.id))
        .await;
    assert_eq!(owners.body["meta"]["unreadCount"], 2);

    // In another company the accountant has none.
    let elsewhere = shop.another_company("Elsewhere LLC").await;
    let foreign = app
        .get("/api/v1/notifications", &shop.token, Some(elsewhere))
        .await;
    assert_eq!(foreign.body["meta"]["total"], 0);
}
