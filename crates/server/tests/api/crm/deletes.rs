//! Deleting pipeline records (shapes-modules §0's implied DELETE): a lead not converted, an open
//! deal, a stage no deal is in; history stays.

use axum::http::StatusCode;
use serde_json::{Value, json};

use arkan_testkit::TestApp;

fn id(body: &Value) -> String {
    body["id"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn leads_deals_and_stages_are_deleted_only_while_nothing_depends_on_them() {
    let company = TestApp::company().await;
    // A lead with an activity goes, activity and all.
    let lead = company
        .post("/api/v1/crm/leads", json!({"name": "Villa fit-out"}))
        .await;
    assert_eq!(lead.status, StatusCode::CREATED, "{:?}", lead.body);
    let lead_path = format!("/api/v1/crm/leads/{}", id(&lead.body));
    let call = company
        .post(
            &format!("{lead_path}/activities"),
            json!({"type": "call", "summary": "First call"}),
        )
        .await;
    assert_eq!(call.status, StatusCode::CREATED, "{:?}", call.body);
    let deleted = company.delete(&lead_path).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    assert_eq!(company.get(&lead_path).await.status, StatusCode::NOT_FOUND);
    let activity = format!("/api/v1/crm/activities/{}", id(&call.body));
    assert_eq!(company.get(&activity).await.status, StatusCode::NOT_FOUND);

    // A converted lead is the history of its deal.
    let converted = company
        .post(
            "/api/v1/crm/leads",
            json!({"name": "Office move", "companyName": "Move It LLC"}),
        )
        .await;
    let converted_path = format!("/api/v1/crm/leads/{}", id(&converted.body));
    let convert = company
        .post(&format!("{converted_path}/convert"), json!({}))
        .await;
    assert_eq!(convert.status, StatusCode::CREATED, "{:?}", convert.body);
    let kept = company.delete(&converted_path).await;
    assert_eq!(kept.status, StatusCode::CONFLICT);
    assert_eq!(kept.body["code"], "lead_converted");

    // The open deal goes; its lead stays converted, without a deal.
    let deal_path = format!("/api/v1/crm/deals/{}", id(&convert.body["deal"]));
    let stage = convert.body["deal"]["stageId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let stage_path = format!("/api/v1/crm/stages/{stage}");
    let busy = company.delete(&stage_path).await;
    assert_eq!(busy.status, StatusCode::CONFLICT, "{:?}", busy.body);
    assert_eq!(busy.body["code"], "stage_in_use");
    let gone = company.delete(&deal_path).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{:?}", gone.body);
    let lead_after = company.get(&converted_path).await;
    assert_eq!(lead_after.body["state"], "converted");
    assert_eq!(lead_after.body["dealId"], Value::Null);

    // Now no deal is in the stage: it can go.
    let freed = company.delete(&stage_path).await;
    assert_eq!(freed.status, StatusCode::NO_CONTENT, "{:?}", freed.body);

    // A won deal is history; a viewer deletes nothing; another company's is not found.
    let won_stage = company.get("/api/v1/crm/stages").await.body["data"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|stage| stage["type"] == "won")
        .map(id)
        .unwrap_or_default();
    let deal = company
        .post(
            "/api/v1/crm/deals",
            json!({"name": "Won one", "stageId": won_stage}),
        )
        .await;
    assert_eq!(deal.status, StatusCode::CREATED, "{:?}", deal.body);
    let won_path = format!("/api/v1/crm/deals/{}", id(&deal.body));
    let closed = company.delete(&won_path).await;
    assert_eq!(closed.status, StatusCode::CONFLICT);
    assert_eq!(closed.body["code"], "deal_closed");
    let (_, viewer) = company.member("viewer@example.test", "viewer").await;
    let lead = company
        .post("/api/v1/crm/leads", json!({"name": "Kept"}))
        .await;
    let kept_path = format!("/api/v1/crm/leads/{}", id(&lead.body));
    let forbidden = company
        .app
        .delete(&kept_path, &viewer, Some(company.id))
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let other = company.another_company("Other LLC").await;
    let hidden = company
        .app
        .delete(&kept_path, &company.token, Some(other))
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!(company.get(&kept_path).await.status, StatusCode::OK);
}
