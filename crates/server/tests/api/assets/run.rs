//! The company-wide run: a background job run at once, safe to run twice, at once or on two
//! instances, that names the assets the books refuse.

use axum::http::StatusCode;
use serde_json::json;

use super::{ASSETS, books, depreciate, id_of, press, van};

const RUN: &str = "/api/v1/accounting/assets/depreciate-all";

fn now() -> i64 {
    arkan_kernel::time::now_micros()
}

#[tokio::test]
async fn the_company_wide_run_posts_every_due_line_once_even_run_twice_at_once() {
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
    let bad = company.post(RUN, json!({"date": "2026-02-30"})).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{:?}", bad.body);
    assert_eq!(bad.body["errors"][0]["field"], "date");
    assert_eq!(company.balance("605000").await, "100.00");

    // Two runs at once: each line is posted by one of them.
    let (first, second) = tokio::join!(
        company.post(RUN, json!({"date": "2026-03-31"})),
        company.post(RUN, json!({"date": "2026-03-31"})),
    );
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    assert_eq!(second.status, StatusCode::OK, "{:?}", second.body);
    assert_eq!(first.body["date"], "2026-03-31");
    let posted = |body: &serde_json::Value| body["entriesPosted"].as_u64().unwrap_or(99);
    // 3 lines of the van, 3 of the press; the paused press is not due.
    assert_eq!(posted(&first.body) + posted(&second.body), 6);
    assert_eq!(first.body["assetsRefused"], json!([]));

    // The van: 464.52 + 900.00 + 900.00 = 2,264.52; the press: 3 x 100.00 = 300.00; the
    // paused press keeps the 100.00 posted before its pause. 2,664.52 of expense in all.
    let van_after = company.get(&format!("{ASSETS}/{}", id_of(&van))).await;
    assert_eq!(van_after.body["accumulatedDepreciation"], "2264.52");
    let press_after = company.get(&format!("{ASSETS}/{}", id_of(&press))).await;
    assert_eq!(press_after.body["accumulatedDepreciation"], "300.00");
    let paused_after = company.get(&format!("{ASSETS}/{}", id_of(&paused))).await;
    assert_eq!(paused_after.body["accumulatedDepreciation"], "100.00");
    assert_eq!(company.balance("605000").await, "2664.52");

    // Run again: nothing is due. Each run was a job, done: a worker of another instance finds
    // nothing to run.
    let again = company.post(RUN, json!({"date": "2026-03-31"})).await;
    assert_eq!(
        again.body,
        json!({"date": "2026-03-31", "assetsProcessed": 0, "entriesPosted": 0, "assetsRefused": []})
    );
    let other = company.app.another_instance().await;
    let ran = arkan_server::app::jobs()
        .run_due(&other.platform, "worker-2", now() + 3_600_000_000, 10)
        .await
        .expect("the jobs run");
    assert_eq!(ran, 0);
    assert_eq!(company.balance("605000").await, "2664.52");
    let entries = company
        .get("/api/v1/accounting/journal-entries?limit=1")
        .await;
    // 3 of the van, 3 of the press, 1 of the paused press.
    assert_eq!(entries.body["meta"]["total"], 7);

    // April: one line each.
    let april = company.post(RUN, json!({"date": "2026-04-30"})).await;
    assert_eq!(
        april.body,
        json!({"date": "2026-04-30", "assetsProcessed": 2, "entriesPosted": 2, "assetsRefused": []})
    );
}

#[tokio::test]
async fn assets_the_locked_period_refuses_are_named_and_left_for_a_later_run() {
    let company = books().await;
    let van = van(&company).await;
    let locked = company.update(json!({"lockDate": "2026-01-31"})).await;
    assert_eq!(locked.status, StatusCode::OK, "{:?}", locked.body);

    // The van's January line falls in the locked period: nothing of it is posted.
    let run = company.post(RUN, json!({"date": "2026-02-28"})).await;
    assert_eq!(run.status, StatusCode::OK, "{:?}", run.body);
    assert_eq!(run.body["assetsProcessed"], 0);
    assert_eq!(run.body["entriesPosted"], 0);
    assert_eq!(run.body["assetsRefused"][0]["assetId"], id_of(&van));
    assert_eq!(run.body["assetsRefused"][0]["code"], "period_locked");
    assert_eq!(company.balance("605000").await, "0.00");

    // Unlocked, the next run posts January and February.
    let unlocked = company.update(json!({"lockDate": null})).await;
    assert_eq!(unlocked.status, StatusCode::OK, "{:?}", unlocked.body);
    let run = company.post(RUN, json!({"date": "2026-02-28"})).await;
    assert_eq!(run.body["assetsProcessed"], 1);
    assert_eq!(run.body["entriesPosted"], 2);
    assert_eq!(company.balance("605000").await, "1364.52");
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
