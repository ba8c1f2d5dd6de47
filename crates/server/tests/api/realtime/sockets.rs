//! The WebSocket through a real listener: admission and close codes, rooms and role filtering,
//! one event per committed write and none for a refused one, resume with `lastEventId`,
//! presence, pushed notifications and direct messages, typing, and the token's expiry.

use std::time::Duration;

use arkan_testkit::{Closed, TestApp};
use axum::http::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

const QUIET: Duration = Duration::from_millis(600);

#[tokio::test]
async fn a_socket_is_refused_with_the_protocol_close_codes() {
    let shop = TestApp::company().await;
    let live = shop.app.listen().await;
    let owner = shop.token.clone();

    assert_eq!(live.ws("company_id=x").await.err(), Some(Closed(4400)));
    assert_eq!(
        live.ws(&format!("token={owner}&company_id=not-a-uuid"))
            .await
            .err(),
        Some(Closed(4400))
    );
    assert_eq!(
        live.ws(&format!("token={owner}&color=blue")).await.err(),
        Some(Closed(4400))
    );
    assert_eq!(
        live.ws(&format!("token=nonsense&company_id={}", shop.id))
            .await
            .err(),
        Some(Closed(4401))
    );
    // A company the caller is not a member of, and one that does not exist.
    let admin = shop.app.admin_token().await;
    let (_, stranger) = shop.app.user(&admin, "stranger@arkan.test").await;
    assert_eq!(
        live.ws(&format!("token={stranger}&company_id={}", shop.id))
            .await
            .err(),
        Some(Closed(4403))
    );
    assert_eq!(
        live.ws(&format!("token={stranger}")).await.err(),
        Some(Closed(4403))
    );
    // A member of one company may leave company_id out; of two, not.
    let (ws, presence) = live.ws(&format!("token={owner}")).await.expect("admitted");
    assert!(presence["data"]["users"].is_array(), "{presence}");
    assert_eq!(presence["id"], Value::Null);
    ws.close().await;
    shop.another_company("Second Branch").await;
    assert_eq!(
        live.ws(&format!("token={owner}")).await.err(),
        Some(Closed(4400))
    );
}

#[tokio::test]
async fn a_joined_room_hears_each_committed_write_of_its_module_and_nothing_else() {
    let shop = TestApp::company().with_uae_chart().await;
    let other = shop.another_company("Rival LLC").await;
    let live = shop.app.listen().await;
    let mut ws = live.join(&shop.token, shop.id).await;
    ws.join_module("crm").await;

    let client = shop.client("Acme").await;
    let heard = ws.next_of("module.invalidate").await;
    assert_eq!(heard["data"]["moduleKey"], "crm");
    assert_eq!(heard["data"]["eventName"], "client.created");
    assert_eq!(heard["data"]["resourceId"], json!(client));
    let first_id = heard["id"].as_str().expect("an event id").to_owned();

    let patched = shop
        .patch(
            &format!("/api/v1/crm/clients/{client}"),
            json!({"name": "Acme Trading"}),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{:?}", patched.body);
    let heard = ws.next_of("module.invalidate").await;
    assert_eq!(heard["data"]["eventName"], "client.updated");
    let second_id = heard["id"].as_str().expect("an event id").to_owned();
    assert!(
        second_id.parse::<i64>().expect("a number") > first_id.parse::<i64>().expect("a number"),
        "ids follow commit order: {first_id} then {second_id}"
    );

    // A refused write emits nothing; another company's write reaches no one here; a room not
    // joined hears nothing.
    let refused = shop.post("/api/v1/crm/clients", json!({"name": ""})).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let theirs = shop
        .app
        .client(&shop.token, other, json!({"name": "Their client"}))
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED);
    let journal = shop
        .post(
            "/api/v1/accounting/journals",
            json!({"name": "Petty cash", "code": "PETTY", "type": "cash"}),
        )
        .await;
    assert!(journal.status.is_success(), "{:?}", journal.body);
    assert_eq!(
        ws.drain(QUIET, &["module.invalidate"]).await,
        Vec::<Value>::new()
    );

    // Leaving the room stops it.
    ws.send("leave_module", json!({"moduleKey": "crm"})).await;
    assert_eq!(ws.next_of("module_left").await["data"]["moduleKey"], "crm");
    shop.client("Beta").await;
    assert_eq!(
        ws.drain(QUIET, &["module.invalidate"]).await,
        Vec::<Value>::new()
    );
}

#[tokio::test]
async fn mistakes_get_errors_and_the_hr_room_is_for_the_roles_that_read_people() {
    let shop = TestApp::company().await;
    let (_, sales) = shop.member("sales@arkan.test", "sales").await;
    let (_, hr) = shop.member("hr@arkan.test", "hr").await;
    let live = shop.app.listen().await;

    let mut seller = live.join(&sales, shop.id).await;
    seller.send("join_module", json!({"moduleKey": "hr"})).await;
    let error = seller.next_of("error").await;
    assert_eq!(error["data"]["code"], "module_forbidden");
    assert_eq!(error["id"], Value::Null);
    seller
        .send("join_module", json!({"moduleKey": "payroll"}))
        .await;
    assert_eq!(
        seller.next_of("error").await["data"]["code"],
        "unknown_module"
    );
    seller.send("dance", json!({})).await;
    assert_eq!(
        seller.next_of("error").await["data"]["code"],
        "unknown_event"
    );
    seller.send("ping", json!({})).await;
    let pong = seller.next_of("pong").await;
    assert!(
        pong["data"]["time"]
            .as_str()
            .is_some_and(|time| time.ends_with('Z')),
        "{pong}"
    );
    seller.join_module("accounting").await;

    let mut people = live.join(&hr, shop.id).await;
    people.join_module("hr").await;
}

#[tokio::test]
async fn a_client_that_comes_back_with_its_last_event_id_gets_exactly_what_it_missed() {
    let shop = TestApp::company().await;
    let live = shop.app.listen().await;
    let mut ws = live.join(&shop.token, shop.id).await;
    ws.join_module("crm").await;
    shop.client("Seen").await;
    let last_seen = ws.next_of("module.invalidate").await["id"].clone();
    ws.close().await;

    let missed_one = shop.client("Missed one").await;
    let missed_two = shop.vendor("Missed two").await;
    // Give the dispatcher its moment, so the replay finds them.
    tokio::time::sleep(QUIET).await;

    let mut ws = live.join(&shop.token, shop.id).await;
    ws.send(
        "join_module",
        json!({"moduleKey": "crm", "lastEventId": last_seen}),
    )
    .await;
    ws.next_of("module_joined").await;
    let first = ws.next_of("module.invalidate").await;
    let second = ws.next_of("module.invalidate").await;
    assert_eq!(first["data"]["resourceId"], json!(missed_one));
    assert_eq!(first["data"]["eventName"], "client.created");
    assert_eq!(second["data"]["resourceId"], json!(missed_two));
    assert_eq!(second["data"]["eventName"], "vendor.created");
    assert_eq!(
        ws.drain(QUIET, &["module.invalidate"]).await,
        Vec::<Value>::new()
    );
    // Then it is live again, once.
    let next = shop.client("Live again").await;
    assert_eq!(
        ws.next_of("module.invalidate").await["data"]["resourceId"],
        json!(next)
    );
    assert_eq!(
        ws.drain(QUIET, &["module.invalidate"]).await,
        Vec::<Value>::new()
    );

    // What is no longer kept makes the room read everything again.
    shop.app
        .platform
        .db
        .connection()
        .execute_unprepared("DELETE FROM outbox_events")
        .await
        .expect("the outbox is emptied, as retention would");
    let mut late = live.join(&shop.token, shop.id).await;
    late.send(
        "join_module",
        json!({"moduleKey": "crm", "lastEventId": "1"}),
    )
    .await;
    late.next_of("module_joined").await;
    let resync = late.next_of("module.invalidate").await;
    assert_eq!(resync["data"]["eventName"], "resync");
    assert_eq!(resync["data"]["moduleKey"], "crm");
}

#[tokio::test]
async fn presence_counts_a_person_once_however_many_tabs_they_open() {
    let shop = TestApp::company().await;
    let (clerk_id, clerk) = shop.member("clerk@arkan.test", "sales").await;
    let live = shop.app.listen().await;
    let mut owner = live.join(&shop.token, shop.id).await;
    // Its own arrival is announced to everyone, itself included.
    owner.next_of("user_joined").await;

    let (mut tab_one, presence) = live
        .ws(&format!("token={clerk}&company_id={}", shop.id))
        .await
        .expect("admitted");
    let users = presence["data"]["users"].as_array().expect("users").clone();
    assert_eq!(users.len(), 2, "{presence}");
    let joined = owner.next_of("user_joined").await;
    assert_eq!(joined["data"]["userId"], json!(clerk_id));
    assert_eq!(joined["data"]["state"], "online");
    assert!(joined["data"]["fullName"].is_string());

    let tab_two = live.join(&clerk, shop.id).await;
    assert_eq!(
        owner.drain(QUIET, &["user_joined", "user_left"]).await,
        Vec::<Value>::new()
    );
    tab_two.close().await;
    assert_eq!(
        owner.drain(QUIET, &["user_joined", "user_left"]).await,
        Vec::<Value>::new()
    );

    tab_one.send("set_state", json!({"state": "busy"})).await;
    let changed = owner.next_of("user_joined").await;
    assert_eq!(changed["data"]["state"], "busy");
    tab_one.send("set_state", json!({"state": "asleep"})).await;
    assert_eq!(
        tab_one.next_of("error").await["data"]["code"],
        "invalid_state"
    );

    tab_one.close().await;
    let left = owner.next_of("user_left").await;
    assert_eq!(left["data"], json!({"userId": clerk_id}));
}

#[tokio::test]
async fn notifications_and_direct_messages_reach_their_people_and_typing_the_other_side() {
    let shop = TestApp::company()
        .trn("100123456700003")
        .with_uae_chart()
        .client("Acme")
        .await;
    let (accountant_id, accountant) = shop.member("accountant@arkan.test", "accountant").await;
    let (_, sales) = shop.member("sales@arkan.test", "sales").await;
    let live = shop.app.listen().await;
    let mut books = live.join(&accountant, shop.id).await;
    let mut seller = live.join(&sales, shop.id).await;

    let client = shop.partner("Acme");
    let invoice = shop.posted_invoice(client, "100.00").await;
    let payment = shop.posted_payment("inbound", client, "105.00").await;
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": invoice, "amount": "105.00"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    let pushed = books.next_of("notification").await;
    assert_eq!(pushed["data"]["type"], "payment_received");
    assert_eq!(pushed["data"]["resourceId"], json!(invoice));
    assert_eq!(pushed["data"]["userId"], json!(accountant_id));
    assert!(pushed["id"].is_string());
    assert_eq!(
        seller.drain(QUIET, &["notification"]).await,
        Vec::<Value>::new()
    );

    // A direct message from the owner to the accountant.
    let conversation = shop
        .post("/api/v1/conversations", json!({"userId": accountant_id}))
        .await;
    assert_eq!(
        conversation.status,
        StatusCode::CREATED,
        "{:?}",
        conversation.body
    );
    let conversation = conversation.id();
    let mut owner = live.join(&shop.token, shop.id).await;
    owner
        .send("dm:typing", json!({"conversationId": conversation}))
        .await;
    let typing = books.next_of("dm:typing").await;
    assert_eq!(typing["data"]["conversationId"], json!(conversation));
    assert!(typing["data"]["userName"].is_string());
    // Typing again at once is dropped; typing into someone else's conversation is a mistake.
    owner
        .send("dm:typing", json!({"conversationId": conversation}))
        .await;
    assert_eq!(
        books.drain(QUIET, &["dm:typing"]).await,
        Vec::<Value>::new()
    );
    seller
        .send("dm:typing", json!({"conversationId": conversation}))
        .await;
    assert_eq!(
        seller.next_of("error").await["data"]["code"],
        "invalid_conversation"
    );

    let sent = shop
        .post(
            &format!("/api/v1/conversations/{conversation}/messages"),
            json!({"body": "Acme paid"}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    let message = books.next_of("dm:message").await;
    assert_eq!(message["data"]["body"], "Acme paid");
    assert_eq!(message["data"]["conversationId"], json!(conversation));
    let mine = owner.next_of("dm:message").await;
    assert_eq!(mine["data"]["id"], message["data"]["id"]);
    assert_eq!(
        seller.drain(QUIET, &["dm:message"]).await,
        Vec::<Value>::new()
    );

    // Reconnecting with the last id seen replays the personal events missed since.
    let last_seen = message["id"].as_str().expect("an id").to_owned();
    books.close().await;
    shop.post(
        &format!("/api/v1/conversations/{conversation}/messages"),
        json!({"body": "While you were away"}),
    )
    .await;
    tokio::time::sleep(QUIET).await;
    let (mut back, _) = live
        .ws(&format!(
            "token={accountant}&company_id={}&last_event_id={last_seen}",
            shop.id
        ))
        .await
        .expect("admitted");
    let replayed = back.next_of("dm:message").await;
    assert_eq!(replayed["data"]["body"], "While you were away");
    assert_eq!(
        back.drain(QUIET, &["dm:message"]).await,
        Vec::<Value>::new()
    );
}

#[tokio::test]
async fn a_removed_member_and_an_expired_token_are_closed_out() {
    let shop = TestApp::company().await;
    let (clerk_id, clerk) = shop.member("clerk@arkan.test", "sales").await;
    let live = shop.app.listen().await;
    let mut ws = live.join(&clerk, shop.id).await;
    ws.join_module("crm").await;
    shop.app.remove_member(&shop.token, shop.id, clerk_id).await;
    assert_eq!(ws.closed().await, 4403);

    // A token that expires in two seconds, renewed once with `auth`, then left to expire.
    let me = shop.app.get("/api/v1/auth/me", &shop.token, None).await;
    let owner = arkan_kernel::UserId(me.id());
    let now = arkan_kernel::time::now_micros() / 1_000_000;
    let keys = &shop.app.platform.tokens;
    let short = keys
        .issue_access_as(owner, now - 3_600 + 2, uuid::Uuid::now_v7())
        .expect("a token");
    let mut ws = live.join(&short, shop.id).await;
    let renewed = keys
        .issue_access_as(owner, now - 3_600 + 4, uuid::Uuid::now_v7())
        .expect("a token");
    ws.send("auth", json!({"token": renewed})).await;
    ws.next_of("auth_ok").await;
    let started = std::time::Instant::now();
    assert_eq!(ws.closed().await, 4401);
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "renewed, so it outlived the first token"
    );
}

#[tokio::test]
async fn every_module_room_hears_its_own_writes_in_commit_order() {
    let shop = TestApp::company()
        .trn("100123456700003")
        .with_uae_chart()
        .await;
    let live = shop.app.listen().await;
    let mut ws = live.join(&shop.token, shop.id).await;
    for room in ["accounting", "crm", "companies"] {
        ws.join_module(room).await;
    }

    let client = shop.client("Acme").await;
    let invoice = shop.posted_invoice(client, "50.00").await;
    let (member, _) = shop.member("clerk@arkan.test", "sales").await;
    let updated = shop.update(json!({"name": "Renamed Trading"})).await;
    assert_eq!(updated.status, StatusCode::OK, "{:?}", updated.body);

    let mut heard = Vec::new();
    for message in ws.drain(QUIET * 2, &["module.invalidate"]).await {
        heard.push((
            message["data"]["moduleKey"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            message["data"]["eventName"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            message["data"]["resourceId"].clone(),
            message["id"]
                .as_str()
                .unwrap_or_default()
                .parse::<i64>()
                .unwrap_or(-1),
        ));
    }
    let names: Vec<(&str, &str)> = heard
        .iter()
        .map(|(module, name, _, _)| (module.as_str(), name.as_str()))
        .collect();
    for wanted in [
        ("crm", "client.created"),
        ("accounting", "invoice.created"),
        ("accounting", "journal_entry.posted"),
        ("accounting", "invoice.posted"),
        ("companies", "member.created"),
        ("companies", "company.updated"),
    ] {
        assert!(names.contains(&wanted), "{wanted:?} missing from {names:?}");
    }
    let find = |name: &str| {
        heard
            .iter()
            .find(|(_, event, _, _)| event == name)
            .map(|(_, _, resource, id)| (resource.clone(), *id))
            .expect("heard")
    };
    assert_eq!(find("client.created").0, json!(client));
    assert_eq!(find("invoice.posted").0, json!(invoice));
    assert_eq!(find("member.created").0, json!(member));
    // Ids rise in the order the writes committed.
    let ids: Vec<i64> = heard.iter().map(|(_, _, _, id)| *id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    assert!(find("client.created").1 < find("invoice.posted").1);
    assert!(find("invoice.posted").1 < find("company.updated").1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_too_slow_is_closed_without_stalling_the_others() {
    let shop = TestApp::company().await;
    let live = shop.app.listen().await;
    let mut slow = live.join(&shop.token, shop.id).await;
    let mut quick = live.join(&shop.token, shop.id).await;
    // Large messages fill the slow reader's socket buffers, then its queue.
    let filler = "x".repeat(64 * 1024);
    let sent = 800;
    let publisher = {
        let bus = shop.app.platform.bus.clone();
        let company = arkan_kernel::CompanyId(shop.id);
        tokio::spawn(async move {
            for n in 0..sent {
                bus.publish(arkan_platform::events::BusMessage::Ephemeral {
                    company,
                    to: None,
                    except: None,
                    event: "load".into(),
                    data: json!({"n": n, "filler": filler}),
                })
                .await;
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        })
    };
    let mut received = 0;
    while received < sent {
        let message = quick.next_of("load").await;
        assert_eq!(message["data"]["n"], received);
        received += 1;
    }
    publisher.await.expect("published");
    assert_eq!(slow.closed().await, 4429);
}

#[tokio::test]
async fn a_plain_get_of_the_websocket_is_a_clear_400_and_the_document_describes_it() {
    let app = TestApp::new().await;
    let token = app.admin_token().await;
    let reply = app.get("/ws?token=x", &token, None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.code(), "websocket_upgrade_required");
    assert_eq!(reply.body["statusCode"], 400);

    let document = app.get("/api/v1/openapi.json", &token, None).await;
    let operation = &document.body["paths"]["/ws"]["get"];
    assert_eq!(operation["parameters"][0]["name"], "token");
    assert!(operation["responses"]["101"].is_object(), "{operation}");
}
