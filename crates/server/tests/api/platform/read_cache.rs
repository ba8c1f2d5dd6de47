//! The read cache (tenant contexts and partner list pages kept in memory) never shows a
//! request less than the writes acknowledged before it.

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use arkan_testkit::TestApp;

const CLIENTS: &str = "/api/v1/crm/clients?limit=5";

#[expect(
    clippy::expect_used,
    reason = "a list reply without names fails the test loudly"
)]
fn names(reply: &Value) -> Vec<String> {
    reply["data"]
        .as_array()
        .expect("a page")
        .iter()
        .map(|client| client["name"].as_str().expect("a name").to_owned())
        .collect()
}

#[tokio::test]
async fn every_acknowledged_write_shows_in_the_next_list() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Gulf Trading LLC").await;
    let first = app.client(&admin, company, json!({"name": "First"})).await;
    assert_eq!(first.status, StatusCode::CREATED);

    let listed = app.get(CLIENTS, &admin, Some(company)).await;
    assert_eq!(names(&listed.body), ["First"]);
    // The same request again is answered from memory, byte for byte the same.
    assert_eq!(
        app.get(CLIENTS, &admin, Some(company)).await.body,
        listed.body
    );

    let second = app.client(&admin, company, json!({"name": "Second"})).await;
    assert_eq!(second.status, StatusCode::CREATED);
    let listed = app.get(CLIENTS, &admin, Some(company)).await;
    assert_eq!(names(&listed.body), ["Second", "First"]);
    assert_eq!(listed.body["meta"]["total"], 2);

    let renamed = app
        .patch(
            &format!("/api/v1/crm/clients/{}", first.id()),
            &admin,
            Some(company),
            json!({"name": "First Renamed", "tags": ["vip"], "active": false}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);
    let listed = app.get(CLIENTS, &admin, Some(company)).await;
    assert_eq!(names(&listed.body), ["Second", "First Renamed"]);
    assert_eq!(listed.body["data"][1]["active"], false);
    assert_eq!(listed.body["data"][1]["tags"], json!(["vip"]));
    let active = app
        .get(&format!("{CLIENTS}&active=true"), &admin, Some(company))
        .await;
    assert_eq!(names(&active.body), ["Second"]);
    assert_eq!(active.body["meta"]["total"], 1);
    let vip = app
        .get(&format!("{CLIENTS}&tags=vip"), &admin, Some(company))
        .await;
    assert_eq!(names(&vip.body), ["First Renamed"]);

    // A refused write changes nothing, and the kept page stays right.
    let refused = app
        .patch(
            &format!("/api/v1/crm/clients/{}", first.id()),
            &admin,
            Some(company),
            json!({"trn": "123"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.get(CLIENTS, &admin, Some(company)).await.body,
        listed.body
    );

    // Becoming a vendor too changes the vendor list, not what the client list holds.
    let vendors = app
        .get("/api/v1/crm/vendors?limit=5", &admin, Some(company))
        .await;
    assert_eq!(vendors.body["meta"]["total"], 0);
    let both = app
        .patch(
            &format!("/api/v1/crm/clients/{}", second.id()),
            &admin,
            Some(company),
            json!({"isVendor": true}),
        )
        .await;
    assert_eq!(both.status, StatusCode::OK, "{:?}", both.body);
    let vendors = app
        .get("/api/v1/crm/vendors?limit=5", &admin, Some(company))
        .await;
    assert_eq!(names(&vendors.body), ["Second"]);
}

#[tokio::test]
async fn a_kept_page_never_crosses_companies() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let (alpha, beta) = (
        app.create_company(&admin, "Alpha LLC").await,
        app.create_company(&admin, "Beta LLC").await,
    );
    app.client(&admin, alpha, json!({"name": "Alpha Client"}))
        .await;
    app.client(&admin, beta, json!({"name": "Beta Client"}))
        .await;
    assert_eq!(
        names(&app.get(CLIENTS, &admin, Some(alpha)).await.body),
        ["Alpha Client"]
    );
    assert_eq!(
        names(&app.get(CLIENTS, &admin, Some(beta)).await.body),
        ["Beta Client"]
    );
    // A write in one company leaves the other's page as it was.
    app.client(&admin, alpha, json!({"name": "Alpha Two"}))
        .await;
    assert_eq!(
        names(&app.get(CLIENTS, &admin, Some(beta)).await.body),
        ["Beta Client"]
    );
    assert_eq!(
        names(&app.get(CLIENTS, &admin, Some(alpha)).await.body),
        ["Alpha Two", "Alpha Client"]
    );
}

#[tokio::test]
async fn a_role_change_or_removal_applies_to_the_very_next_request() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Gulf Trading LLC").await;
    let (user, token) = app.user(&admin, "sales@gulf.test").await;
    app.add_member(&admin, company, user, "sales").await;

    let created = app
        .client(&token, company, json!({"name": "By Sales"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(
        app.get(CLIENTS, &token, Some(company)).await.status,
        StatusCode::OK
    );

    let demoted = app
        .patch(
            &format!("/api/v1/companies/{company}/members/{user}"),
            &admin,
            None,
            json!({"role": "viewer"}),
        )
        .await;
    assert_eq!(demoted.status, StatusCode::OK, "{:?}", demoted.body);
    let refused = app
        .client(&token, company, json!({"name": "Too Late"}))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{:?}", refused.body);
    assert_eq!(
        app.get(CLIENTS, &token, Some(company)).await.body["meta"]["total"],
        1
    );

    app.remove_member(&admin, company, user).await;
    let outside = app.get(CLIENTS, &token, Some(company)).await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);
    assert_eq!(outside.code(), "not_a_member");

    app.add_member(&admin, company, user, "sales").await;
    assert_eq!(
        app.get(CLIENTS, &token, Some(company)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_plan_change_applies_to_the_very_next_request() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app
        .create_company_with(
            &admin,
            json!({"name": "Small LLC", "currency": "AED", "country": "AE", "plan": "free"}),
        )
        .await;
    assert_eq!(
        limits_around_an_upgrade(&app, &app, &admin, company).await,
        ("60".to_owned(), "1200".to_owned())
    );
}

/// `X-RateLimit-Limit` seen by `reader` before and right after `writer` moves the company to
/// the enterprise plan.
async fn limits_around_an_upgrade(
    reader: &TestApp,
    writer: &TestApp,
    admin: &str,
    company: Uuid,
) -> (String, String) {
    let before = reader.get(CLIENTS, admin, Some(company)).await;
    let upgraded = writer
        .patch(
            &format!("/api/v1/companies/{company}"),
            admin,
            None,
            json!({"plan": "enterprise"}),
        )
        .await;
    assert_eq!(upgraded.status, StatusCode::OK, "{:?}", upgraded.body);
    let after = reader.get(CLIENTS, admin, Some(company)).await;
    (
        before.header("x-ratelimit-limit").to_owned(),
        after.header("x-ratelimit-limit").to_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writes_and_reads_end_with_every_client_listed() {
    let app = Arc::new(TestApp::new().await);
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Busy LLC").await;
    let mut tasks = tokio::task::JoinSet::new();
    for index in 0..12 {
        let (writer, writer_token) = (app.clone(), admin.clone());
        tasks.spawn(async move {
            let (app, admin) = (writer, writer_token);
            let reply = app
                .client(
                    &admin,
                    company,
                    json!({"name": format!("Client {index:02}")}),
                )
                .await;
            assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        });
        let (reader, reader_token) = (app.clone(), admin.clone());
        tasks.spawn(async move {
            let (app, admin) = (reader, reader_token);
            let reply = app.get(CLIENTS, &admin, Some(company)).await;
            assert_eq!(reply.status, StatusCode::OK);
            // Whatever moment a page shows, its rows and its total agree.
            let total = reply.body["meta"]["total"].as_i64().expect("a total");
            let shown = reply.body["data"].as_array().expect("a page").len();
            assert_eq!(i64::try_from(shown).expect("small"), total.min(5));
        });
    }
    while let Some(outcome) = tasks.join_next().await {
        outcome.expect("the task finished");
    }
    let listed = app
        .get("/api/v1/crm/clients?limit=100", &admin, Some(company))
        .await;
    assert_eq!(listed.body["meta"]["total"], 12);
    assert_eq!(names(&listed.body).len(), 12);
    assert_eq!(
        app.get(CLIENTS, &admin, Some(company)).await.body["meta"]["total"],
        12
    );
}

/// Renames a client straight in the database, behind the API's back: a list that still shows
/// the old name was answered from memory.
#[expect(clippy::expect_used, reason = "a failed update fails the test loudly")]
async fn rename_behind_the_back(app: &TestApp, client: Uuid, name: &str) {
    use sea_orm::ConnectionTrait;
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let update = Query::update()
        .table("partners")
        .value("name", name)
        .and_where(Expr::col("id").eq(client))
        .to_owned();
    let done = app
        .platform
        .db
        .connection()
        .execute(&update)
        .await
        .expect("the update runs");
    assert_eq!(done.rows_affected(), 1);
}

#[tokio::test]
async fn with_redis_each_instance_keeps_pages_and_follows_the_others_writes() {
    let redis_url =
        std::env::var("ARKAN_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let first = TestApp::with(|settings| settings.redis_url = Some(redis_url.clone())).await;
    let second = first.another_instance().await;
    let admin = first.admin_token().await;
    let company = first.create_company(&admin, "Two Instances LLC").await;
    let one = first.client(&admin, company, json!({"name": "One"})).await;
    assert_eq!(
        names(&first.get(CLIENTS, &admin, Some(company)).await.body),
        ["One"]
    );

    // The first instance keeps its page ...
    rename_behind_the_back(&first, one.id(), "Renamed Directly").await;
    assert_eq!(
        names(&first.get(CLIENTS, &admin, Some(company)).await.body),
        ["One"]
    );
    // ... until any instance writes the company's partners: then the very next request reads
    // the database again.
    let created = second.client(&admin, company, json!({"name": "Two"})).await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(
        names(&first.get(CLIENTS, &admin, Some(company)).await.body),
        ["Two", "Renamed Directly"]
    );

    // Stamps lost in Redis (a restart) never match what was kept before.
    rename_behind_the_back(&first, one.id(), "After Restart").await;
    let mut redis = redis::Client::open(redis_url.as_str())
        .expect("a Redis URL")
        .get_multiplexed_async_connection()
        .await
        .expect("Redis answers");
    let _: () = redis::cmd("DEL")
        .arg(format!("arkan:stamp:{company}:partners"))
        .query_async(&mut redis)
        .await
        .expect("the stamp is deleted");
    assert_eq!(
        names(&first.get(CLIENTS, &admin, Some(company)).await.body),
        ["Two", "After Restart"]
    );

    // A role change on one instance applies on the other at once.
    let (user, token) = first.user(&admin, "clerk@two.test").await;
    first.add_member(&admin, company, user, "sales").await;
    assert_eq!(
        second.get(CLIENTS, &token, Some(company)).await.status,
        StatusCode::OK
    );
    first.remove_member(&admin, company, user).await;
    assert_eq!(
        second.get(CLIENTS, &token, Some(company)).await.status,
        StatusCode::FORBIDDEN
    );
    // The removed member's kept context is forgotten: further tries cost the company nothing.
    let remaining = |reply: &arkan_testkit::Reply| {
        reply
            .header("x-ratelimit-remaining")
            .parse::<i64>()
            .unwrap_or_default()
    };
    let before = remaining(&second.get(CLIENTS, &admin, Some(company)).await);
    for _ in 0..5 {
        let refused = second.get(CLIENTS, &token, Some(company)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    let after = remaining(&second.get(CLIENTS, &admin, Some(company)).await);
    assert!(
        before - after <= 2,
        "charged {} for 5 refused tries",
        before - after
    );

    // A plan changed through one instance sets the other's limit from its next request.
    assert_eq!(
        limits_around_an_upgrade(&first, &second, &admin, company).await,
        ("300".to_owned(), "1200".to_owned())
    );
}

#[tokio::test]
async fn without_redis_kept_pages_are_served_until_a_write() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Kept LLC").await;
    let one = app.client(&admin, company, json!({"name": "One"})).await;
    assert_eq!(
        names(&app.get(CLIENTS, &admin, Some(company)).await.body),
        ["One"]
    );
    rename_behind_the_back(&app, one.id(), "Renamed Directly").await;
    assert_eq!(
        names(&app.get(CLIENTS, &admin, Some(company)).await.body),
        ["One"]
    );
    app.client(&admin, company, json!({"name": "Two"})).await;
    assert_eq!(
        names(&app.get(CLIENTS, &admin, Some(company)).await.body),
        ["Two", "Renamed Directly"]
    );
    // With the cache off every request reads the database.
    let plain = TestApp::with(|settings| settings.read_cache_mb = 0).await;
    let admin = plain.admin_token().await;
    let company = plain.create_company(&admin, "Plain LLC").await;
    let one = plain.client(&admin, company, json!({"name": "One"})).await;
    assert_eq!(
        names(&plain.get(CLIENTS, &admin, Some(company)).await.body),
        ["One"]
    );
    rename_behind_the_back(&plain, one.id(), "Renamed Directly").await;
    assert_eq!(
        names(&plain.get(CLIENTS, &admin, Some(company)).await.body),
        ["Renamed Directly"]
    );
}
