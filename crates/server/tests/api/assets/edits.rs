//! Editing and deleting categories and assets: a category's new terms are for new assets; an
//! asset's description changes at any time; what the books hold is never deleted.

use axum::http::StatusCode;
use serde_json::json;

use super::{ASSETS, CATEGORIES, books, create, depreciate, fields, id_of, press, with_accounts};

#[tokio::test]
async fn a_category_changes_for_new_assets_and_is_deleted_only_unused() {
    let company = books().await;
    let created = company
        .post(
            CATEGORIES,
            with_accounts(
                &company,
                json!({"name": "Vehicles", "method": "straight_line", "usefulLifeMonths": 48}),
            ),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let category = created.body["id"].as_str().expect("an id").to_owned();
    let path = format!("{CATEGORIES}/{category}");
    let asset = create(
        &company,
        json!({"name": "Pick-up", "categoryId": category, "acquisitionDate": "2026-01-01",
               "cost": "4800"}),
    )
    .await;
    assert_eq!(asset["usefulLifeMonths"], 48);

    // Declining balance needs its rate; nothing changes when a field is refused.
    let refused = company
        .patch(&path, json!({"method": "declining_balance"}))
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(fields(&refused.body), vec!["decliningRate"]);
    let refused = company
        .patch(&path, json!({"usefulLifeMonths": 0, "name": " "}))
        .await;
    assert_eq!(fields(&refused.body), vec!["name", "usefulLifeMonths"]);
    let other = company.another_company("Other LLC").await;
    let theirs = company
        .app
        .get(
            "/api/v1/accounting/accounts?limit=1",
            &company.token,
            Some(other),
        )
        .await;
    let refused = company
        .patch(
            &path,
            json!({"assetAccountId": theirs.body["data"][0]["id"]}),
        )
        .await;
    assert_eq!(fields(&refused.body), vec!["assetAccountId"]);
    assert_eq!(company.get(&path).await.body["usefulLifeMonths"], 48);

    let changed = company
        .patch(
            &path,
            json!({"name": "Light vehicles", "method": "declining_balance", "decliningRate": "40",
                   "usefulLifeMonths": 60, "prorata": "monthly"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["name"], "Light vehicles");
    assert_eq!(changed.body["decliningRate"], "40.00");
    assert_eq!(changed.body["prorata"], "monthly");
    assert_eq!(company.get(&path).await.body, changed.body);
    // The pick-up keeps its terms; a new asset takes the new ones.
    let pickup = company.get(&format!("{ASSETS}/{}", id_of(&asset))).await;
    assert_eq!(pickup.body["method"], "straight_line");
    assert_eq!(pickup.body["usefulLifeMonths"], 48);
    let van = create(
        &company,
        json!({"name": "Van", "categoryId": category, "acquisitionDate": "2026-01-01",
               "cost": "4800"}),
    )
    .await;
    assert_eq!(van["method"], "declining_balance");
    assert_eq!(van["usefulLifeMonths"], 60);

    // In use: the category stays. Once its assets are gone, it goes.
    let in_use = company.delete(&path).await;
    assert_eq!(in_use.status, StatusCode::CONFLICT, "{:?}", in_use.body);
    assert_eq!(in_use.body["code"], "asset_category_in_use");
    for asset in [&asset, &van] {
        let gone = company.delete(&format!("{ASSETS}/{}", id_of(asset))).await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{:?}", gone.body);
    }
    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let forbidden = company.app.delete(&path, &viewer, Some(company.id)).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let elsewhere = company.app.delete(&path, &company.token, Some(other)).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    let deleted = company.delete(&path).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    assert_eq!(company.get(&path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_asset_is_renamed_any_time_and_deleted_only_before_it_reaches_the_books() {
    let company = books().await;
    let asset = press(&company).await;
    let path = format!("{ASSETS}/{}", id_of(&asset));
    let project = company.project("PRESS").await;
    let vendor = company.vendor("Press maker").await;

    let renamed = company
        .patch(
            &path,
            json!({"name": "Press 2", "code": "PR-2", "projectId": project, "partnerId": vendor}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);
    assert_eq!(renamed.body["name"], "Press 2");
    assert_eq!(renamed.body["code"], "PR-2");
    assert_eq!(renamed.body["projectId"], project.to_string());
    assert_eq!(renamed.body["partnerId"], vendor.to_string());
    assert_eq!(renamed.body["schedule"].as_array().map(Vec::len), Some(12));
    // Terms are not edited here; unknown projects and fields are refused.
    let terms = company.patch(&path, json!({"cost": "1"})).await;
    assert_eq!(terms.status, StatusCode::BAD_REQUEST, "{:?}", terms.body);
    let other = books().await;
    let theirs = other.project("THEIRS").await;
    let refused = company.patch(&path, json!({"projectId": theirs})).await;
    assert_eq!(fields(&refused.body), vec!["projectId"]);

    // The depreciation posted from now on is charged to the project.
    let asset = depreciate(&company, &asset, "2026-01-31").await;
    let entry = asset["schedule"][0]["journalEntryId"]
        .as_str()
        .expect("a posted line");
    let entry = company
        .get(&format!("/api/v1/accounting/journal-entries/{entry}"))
        .await;
    assert_eq!(entry.body["lines"][0]["projectId"], project.to_string());
    let cleared = company
        .patch(&path, json!({"projectId": null, "code": null}))
        .await;
    assert_eq!(cleared.body["projectId"], serde_json::Value::Null);
    assert_eq!(cleared.body["code"], serde_json::Value::Null);

    // In the books: not deleted.
    let kept = company.delete(&path).await;
    assert_eq!(kept.status, StatusCode::CONFLICT, "{:?}", kept.body);
    assert_eq!(kept.body["code"], "asset_has_postings");
    assert_eq!(company.get(&path).await.status, StatusCode::OK);
    let missing = company
        .delete(&format!("{ASSETS}/{}", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}
