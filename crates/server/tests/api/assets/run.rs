//! The company-wide run: a background job, safe to run twice or on two instances.

use axum::http::StatusCode;
use serde_json::json;

use super::{ASSETS, books, depreciate, id_of, press, van};

const RUN: &str = "/api/v1/accounting/assets/depreciate-all";

fn now() -> i64 {
    arkan_kernel::time::now_micros()
}

#[tokio::test]
async fn the_company_wide_run_posts_every_due_line_once_even_run_twice_on_two_instances() {
    let company = books().await;
    let van = van(&company).await;
    let press = press(&company).await;
    let paused = press_paused(&company).await;

    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let refused = company
        .app
        .post(RUN, &viewer, Some(company.id), json!({}))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let queued = company.post(RUN, json!({"date": "2026-03-31"})).await;
    assert_eq!(queued.status, StatusCode::ACCEPTED, "{:?}", queued.body);
    assert_eq!(queued.body, json!({"date": "2026-03-31", "queued": true}));
    // Nothing is posted until a worker runs the job (the paused press's January is).
    assert_eq!(company.balance("605000").await, "100.00");
    let ran = arkan_server::app::jobs()
        .run_due(&company.app.platform, "worker-1", now(), 10)
        .await
        .expect("the jobs run");
    assert_eq!(ran, 1);

    // The van: 464.52 + 900.00 + 900.00 = 2,264.52; the press: 3 x 100.00 = 300.00; the
    // paused press keeps the 100.00 posted before its pause. 2,664.52 of expense in all.
    let van_after = company.get(&format!("{ASSETS}/{}", id_of(&van))).await;
    assert_eq!(van_after.body["accumulatedDepreciation"], "2264.52");
    let press_after = company.get(&format!("{ASSETS}/{}", id_of(&press))).await;
    assert_eq!(press_after.body["accumulatedDepreciation"], "300.00");
    let paused_after = company.get(&format!("{ASSETS}/{}", id_of(&paused))).await;
    assert_eq!(paused_after.body["accumulatedDepreciation"], "100.00");
    assert_eq!(company.balance("605000").await, "2664.52");

    // Asked again and run by a second instance on the same database, and the first again:
    // nothing is left to post.
    let twice = company.post(RUN, json!({"date": "2026-03-31"})).await;
    assert_eq!(twice.status, StatusCode::ACCEPTED);
    let other = company.app.another_instance().await;
    let ran = arkan_server::app::jobs()
        .run_due(&other.platform, "worker-2", now(), 10)
        .await
        .expect("the jobs run");
    assert_eq!(ran, 1);
    assert_eq!(company.balance("605000").await, "2664.52");
    let entries = company
        .get("/api/v1/accounting/journal-entries?limit=1")
        .await;
    // 3 of the van, 3 of the press, 1 of the paused press.
    assert_eq!(entries.body["meta"]["total"], 7);
}

/// A second press, depreciated in January and paused on 31 January.
async fn press_paused(company: &arkan_testkit::Company) -> serde_json::Value {
    let asset = press(company).await;
    depreciate(company, &asset, "2026-01-31").await;
    let paused = company
        .post(
            &format!("{ASSETS}/{}/pause", id_of(&asset)),
            json!({"date": "2026-01-31"}),
        )
        .await;
    assert_eq!(paused.status, StatusCode::OK, "{:?}", paused.body);
    asset
}
