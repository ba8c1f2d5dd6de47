//! Two server instances on one database and one Redis: a write on either reaches the sockets of
//! both, and presence counts a person once across them.

use std::time::Duration;

use arkan_testkit::{TestApp, Ws};
use serde_json::{Value, json};

const QUIET: Duration = Duration::from_millis(600);

fn redis_url() -> String {
    std::env::var("ARKAN_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_and_presence_cross_instances_through_redis() {
    let first = TestApp::with(|settings| settings.redis_url = Some(redis_url())).await;
    let second = first.another_instance().await;
    let admin = first.admin_token().await;
    let company = first.create_company(&admin, "Two Instances LLC").await;
    let (clerk_id, clerk) = first.user(&admin, "clerk@arkan.test").await;
    first.add_member(&admin, company, clerk_id, "sales").await;

    let one = first.listen().await;
    let two = second.listen().await;
    let mut on_first = one.join(&admin, company).await;
    on_first.next_of("user_joined").await;
    let (mut on_second, presence) = two
        .ws(&format!("token={clerk}&company_id={company}"))
        .await
        .expect("admitted");
    // The second instance sees the person connected to the first, and the first hears of the
    // arrival on the second.
    assert_eq!(
        presence["data"]["users"].as_array().map(Vec::len),
        Some(2),
        "{presence}"
    );
    let joined = on_first.next_of("user_joined").await;
    assert_eq!(joined["data"]["userId"], json!(clerk_id));

    on_first.join_module("crm").await;
    on_second.join_module("crm").await;
    // A write on either instance reaches the sockets of both, once each.
    let made_on_first = first
        .client(&admin, company, json!({"name": "From one"}))
        .await;
    let made_on_second = second
        .client(&admin, company, json!({"name": "From two"}))
        .await;
    for socket in [&mut on_first, &mut on_second] {
        let a = socket.next_of("module.invalidate").await;
        let b = socket.next_of("module.invalidate").await;
        assert_eq!(a["data"]["resourceId"], json!(made_on_first.id()));
        assert_eq!(b["data"]["resourceId"], json!(made_on_second.id()));
        assert_eq!(
            socket.drain(QUIET, &["module.invalidate"]).await,
            Vec::<Value>::new()
        );
    }

    // A second tab on the other instance is the same person; closing both is one departure.
    let tab = one.join(&clerk, company).await;
    assert_eq!(
        on_first.drain(QUIET, &["user_joined", "user_left"]).await,
        Vec::<Value>::new()
    );
    on_second.close().await;
    assert_eq!(
        on_first.drain(QUIET, &["user_joined", "user_left"]).await,
        Vec::<Value>::new()
    );
    tab.close().await;
    let left = on_first.next_of("user_left").await;
    assert_eq!(left["data"]["userId"], json!(clerk_id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_deliver_each_others_writes() {
    use crate::platform::crash::{Running, free_port, http, run_with_company, start, wait_ready};

    let Running {
        settings,
        _folder,
        port,
        mut server,
        token,
        company,
    } = run_with_company("Two Processes LLC", |settings| {
        settings.redis_url = Some(redis_url());
    })
    .await;
    let second_port = free_port();
    let mut second = start(&settings, second_port);
    wait_ready(second_port).await;

    let query = format!("token={token}&company_id={company}");
    let (mut on_first, _) = Ws::connect(port, &query).await.expect("admitted");
    let (mut on_second, _) = Ws::connect(second_port, &query).await.expect("admitted");
    for socket in [&mut on_first, &mut on_second] {
        socket.join_module("crm").await;
    }
    let tenant = [
        ("authorization", format!("Bearer {token}")),
        ("x-company-id", company.clone()),
    ];
    let (status, made) = http(
        port,
        "POST",
        "/api/v1/crm/clients",
        &tenant,
        Some(&json!({"name": "Made on the first"})),
    )
    .await
    .expect("a client");
    assert_eq!(status, 201, "{made}");
    for socket in [&mut on_first, &mut on_second] {
        let heard = socket.next_of("module.invalidate").await;
        assert_eq!(heard["data"]["resourceId"], made["id"]);
    }
    server.child.kill().expect("SIGKILL");
    server.child.wait().expect("the process ends");
    second.child.kill().expect("SIGKILL");
    second.child.wait().expect("the process ends");
}
