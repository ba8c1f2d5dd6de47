//! Bad input, tenancy and roles.

use axum::http::StatusCode;
use serde_json::json;

use super::{ASSETS, CATEGORIES, books, create, fields, id_of, with_accounts};

#[tokio::test]
async fn invalid_fields_are_refused_each_by_its_name() {
    let company = books().await;
    let reply = company
        .post(
            ASSETS,
            json!({"name": " ", "acquisitionDate": "2026-02-30", "cost": "-5",
                   "method": "sum_of_digits", "prorata": "weekly", "usefulLifeMonths": 0}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    assert_eq!(reply.body["code"], "validation_failed");
    assert_eq!(reply.body["statusCode"], 400);
    assert_eq!(
        fields(&reply.body),
        vec![
            "accumulatedDepreciationAccountId",
            "acquisitionDate",
            "assetAccountId",
            "cost",
            "depreciationExpenseAccountId",
            "method",
            "name",
            "prorata",
            "usefulLifeMonths",
        ]
    );
    let salvage = company
        .post(
            ASSETS,
            with_accounts(
                &company,
                json!({"name": "Press", "acquisitionDate": "2026-02-01", "cost": "100",
                       "salvageValue": "101", "usefulLifeMonths": 12, "method": "declining_balance",
                       "firstDepreciationDate": "2026-01-31"}),
            ),
        )
        .await;
    assert_eq!(salvage.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        fields(&salvage.body),
        vec!["decliningRate", "firstDepreciationDate", "salvageValue"]
    );
    let unknown = company
        .post(ASSETS, json!({"name": "X", "colour": "red"}))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let category = company
        .post(
            CATEGORIES,
            with_accounts(
                &company,
                json!({"name": "", "method": "straight_line", "usefulLifeMonths": 1201}),
            ),
        )
        .await;
    assert_eq!(category.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&category.body), vec!["name", "usefulLifeMonths"]);
}

#[tokio::test]
async fn another_companys_asset_category_or_account_is_unknown_and_a_viewer_writes_nothing() {
    let company = books().await;
    let other = company.another_company("Other LLC").await;
    let theirs = company
        .app
        .get(
            "/api/v1/accounting/accounts?limit=1&sort=code&order=asc",
            &company.token,
            Some(other),
        )
        .await;
    let their_account = theirs.body["data"][0]["id"].clone();
    let mut body = with_accounts(
        &company,
        json!({"name": "Forklift", "acquisitionDate": "2026-01-01", "cost": "1200",
               "usefulLifeMonths": 12, "method": "straight_line"}),
    );
    body["assetAccountId"] = their_account;
    let wrong = company.post(ASSETS, body).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&wrong.body), vec!["assetAccountId"]);

    let asset = create(
        &company,
        with_accounts(
            &company,
            json!({"name": "Forklift", "acquisitionDate": "2026-01-01", "cost": "1200",
                   "usefulLifeMonths": 12, "method": "straight_line"}),
        ),
    )
    .await;
    let path = format!("{ASSETS}/{}", id_of(&asset));
    let elsewhere = company.app.get(&path, &company.token, Some(other)).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    assert_eq!(elsewhere.body["code"], "asset_not_found");
    let run_elsewhere = company
        .app
        .post(
            &format!("{path}/depreciate"),
            &company.token,
            Some(other),
            json!({}),
        )
        .await;
    assert_eq!(run_elsewhere.status, StatusCode::NOT_FOUND);
    let category = company
        .app
        .post(
            CATEGORIES,
            &company.token,
            Some(other),
            json!({"name": "Theirs", "method": "straight_line", "usefulLifeMonths": 12,
                   "assetAccountId": theirs.body["data"][0]["id"],
                   "accumulatedDepreciationAccountId": theirs.body["data"][0]["id"],
                   "depreciationExpenseAccountId": theirs.body["data"][0]["id"]}),
        )
        .await;
    assert_eq!(category.status, StatusCode::CREATED, "{:?}", category.body);
    let with_their_category = company
        .post(
            ASSETS,
            json!({"name": "X", "categoryId": category.body["id"], "acquisitionDate": "2026-01-01", "cost": "1"}),
        )
        .await;
    assert_eq!(with_their_category.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&with_their_category.body), vec!["categoryId"]);
    let their_category = company
        .get(&format!("{CATEGORIES}/{}", id_of(&category.body)))
        .await;
    assert_eq!(their_category.status, StatusCode::NOT_FOUND);

    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let create_as_viewer = company
        .app
        .post(
            ASSETS,
            &viewer,
            Some(company.id),
            with_accounts(
                &company,
                json!({"name": "Y", "acquisitionDate": "2026-01-01", "cost": "1",
                       "usefulLifeMonths": 12, "method": "straight_line"}),
            ),
        )
        .await;
    assert_eq!(create_as_viewer.status, StatusCode::FORBIDDEN);
    let run_as_viewer = company
        .app
        .post(
            &format!("{path}/depreciate"),
            &viewer,
            Some(company.id),
            json!({}),
        )
        .await;
    assert_eq!(run_as_viewer.status, StatusCode::FORBIDDEN);
    let read_as_viewer = company.app.get(&path, &viewer, Some(company.id)).await;
    assert_eq!(read_as_viewer.status, StatusCode::OK);
}
