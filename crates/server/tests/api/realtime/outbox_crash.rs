//! The server killed (SIGKILL) after a write committed and before its event was dispatched:
//! the event is in the outbox, and the restarted server delivers it.

use std::time::Duration;

use arkan_testkit::Ws;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::platform::crash::{Running, http, run_with_company, start, wait_ready};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_committed_before_a_kill_is_delivered_after_the_restart() {
    let Running {
        settings,
        _folder,
        port,
        mut server,
        token,
        company,
    } = run_with_company("Outbox LLC", |_| {}).await;
    let auth = ("authorization", format!("Bearer {token}"));

    // Another (dead) instance holds the dispatcher's lease: this server commits, but cannot
    // dispatch, as if it died between the two.
    let db = arkan_server::app::connect(&settings)
        .await
        .expect("the database");
    let hold = |until: i64| {
        format!(
            "UPDATE outbox_lease SET holder = 'elsewhere', lease_until = {until} \
             WHERE name = 'dispatch'"
        )
    };
    db.connection()
        .execute_unprepared(&hold(i64::MAX / 2))
        .await
        .expect("the lease is taken");
    // A dispatch cycle the server began before the lease was taken may still send what
    // commits next (more likely on a loaded machine): write until a committed event stays in
    // the outbox undispatched.
    let tenant = [auth.clone(), ("x-company-id", company.clone())];
    let mut undispatched = None;
    for attempt in 0..20 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let (status, client) = http(
            port,
            "POST",
            "/api/v1/crm/clients",
            &tenant,
            Some(&json!({"name": format!("Committed before the kill {attempt}")})),
        )
        .await
        .expect("a client");
        assert_eq!(status, 201, "{client}");
        let id = client["id"].as_str().expect("an id").to_owned();
        let waiting = db
            .connection()
            .query_one_raw(sea_orm::Statement::from_string(
                db.backend(),
                "SELECT COUNT(*) AS n FROM outbox_events \
                 WHERE event_name = 'client.created' AND dispatched_at IS NULL",
            ))
            .await
            .expect("the outbox reads")
            .expect("a count");
        if waiting.try_get::<i64>("", "n").expect("a number") == 1 {
            undispatched = Some(id);
            break;
        }
    }
    let client = undispatched.expect("a committed event left in the outbox");

    server.child.kill().expect("SIGKILL");
    server.child.wait().expect("the process ends");
    // The dead holder's lease runs out; a restarted server takes over.
    db.connection()
        .execute_unprepared(&hold(0))
        .await
        .expect("the lease ends");
    let mut server = start(&settings, port);
    wait_ready(port).await;

    let (mut socket, _) = Ws::connect(port, &format!("token={token}&company_id={company}"))
        .await
        .expect("admitted");
    socket
        .send(
            "join_module",
            json!({"moduleKey": "crm", "lastEventId": "0"}),
        )
        .await;
    // Replayed or dispatched live after the restart, and once: anything more within 5 s would
    // be a duplicate.
    let heard = socket
        .drain(Duration::from_secs(5), &["module.invalidate"])
        .await;
    let created: Vec<&Value> = heard
        .iter()
        .filter(|message| {
            message["data"]["eventName"] == "client.created"
                && message["data"]["resourceId"] == client.as_str()
        })
        .collect();
    assert_eq!(created.len(), 1, "{heard:?}");
    server.child.kill().expect("SIGKILL");
    server.child.wait().expect("the process ends");
}
