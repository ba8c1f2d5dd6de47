//! Pause and resume: no depreciation while paused, the schedule moved past the pause.

use axum::http::StatusCode;
use serde_json::json;

use super::{ASSETS, books, depreciate, id_of, press};

#[tokio::test]
async fn a_paused_press_skips_the_months_of_its_pause() {
    let company = books().await;
    // 1,200.00 over 12 months from 1 January 2026: 100.00 a month, January to December.
    let asset = press(&company).await;
    let path = format!("{ASSETS}/{}", id_of(&asset));
    depreciate(&company, &asset, "2026-02-28").await;
    // Paused on 31 March: March's line is due and posted first (300.00 in all).
    let paused = company
        .post(&format!("{path}/pause"), json!({"date": "2026-03-31"}))
        .await;
    assert_eq!(paused.status, StatusCode::OK, "{:?}", paused.body);
    assert_eq!(paused.body["state"], "paused");
    assert_eq!(paused.body["accumulatedDepreciation"], "300.00");
    for (action, code) in [
        ("depreciate", "asset_not_running"),
        ("pause", "asset_not_running"),
    ] {
        let refused = company
            .post(&format!("{path}/{action}"), json!({"date": "2026-05-31"}))
            .await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{action}");
        assert_eq!(refused.body["code"], code);
    }

    // Resumed on 10 June: April to December's nine lines move to June 2026 to February 2027,
    // 100.00 each.
    let resumed = company
        .post(&format!("{path}/resume"), json!({"date": "2026-06-10"}))
        .await;
    assert_eq!(resumed.status, StatusCode::OK, "{:?}", resumed.body);
    assert_eq!(resumed.body["state"], "running");
    let schedule = &resumed.body["schedule"];
    assert_eq!(schedule[2]["date"], "2026-03-31");
    assert_eq!(schedule[3]["date"], "2026-06-30");
    assert_eq!(schedule[4]["date"], "2026-07-31");
    assert_eq!(schedule[11]["date"], "2027-02-28");
    assert_eq!(schedule[11]["amount"], "100.00");
    let again = company.post(&format!("{path}/resume"), json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "asset_not_paused");

    let june = depreciate(&company, &asset, "2026-06-30").await;
    assert_eq!(june["accumulatedDepreciation"], "400.00");
    assert_eq!(company.balance("605000").await, "400.00");
}
