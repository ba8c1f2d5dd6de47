//! Units of measure: seeded for every company, added per company.

use axum::http::StatusCode;
use serde_json::json;

use super::{UOMS, books, column, create};

#[tokio::test]
async fn every_company_starts_with_the_seeded_units() {
    let company = books().await;
    let list = company.get(UOMS).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let mut codes = column(&list.body, "code");
    codes.sort();
    let mut expected = vec![
        "unit", "dozen", "kg", "g", "t", "l", "ml", "m3", "m", "cm", "m2", "hour", "day",
    ];
    expected.sort_unstable();
    assert_eq!(codes, expected);
    assert_eq!(list.body["meta"]["total"], 13);
    let dozen = company.get(&format!("{UOMS}/dozen")).await;
    assert_eq!(dozen.status, StatusCode::OK);
    assert_eq!(dozen.body["category"], "unit");
    assert_eq!(dozen.body["ratio"], "12");
    assert_eq!(dozen.body["decimals"], 0);
    let gram = company.get(&format!("{UOMS}/g")).await;
    assert_eq!(gram.body["ratio"], "0.001");
    let day = company.get(&format!("{UOMS}/day")).await;
    assert_eq!(day.body["category"], "time");
    assert_eq!(day.body["ratio"], "8");
    let missing = company.get(&format!("{UOMS}/parsec")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.body["code"], "uom_not_found");
}

#[tokio::test]
async fn a_company_adds_a_unit_once_and_a_viewer_adds_none() {
    let company = books().await;
    let pack = create(
        &company,
        UOMS,
        json!({"code": "pack6", "name": "Pack of 6", "category": "unit", "ratio": "6", "decimals": 0}),
    )
    .await;
    assert_eq!(pack["ratio"], "6");
    let again = company
        .post(
            UOMS,
            json!({"code": "pack6", "name": "Six", "category": "unit", "ratio": 6, "decimals": 0}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "uom_code_taken");
    let bad = company
        .post(
            UOMS,
            json!({"code": "Bad Code", "name": "", "category": "unit", "ratio": "0", "decimals": 5}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        super::fields(&bad.body),
        vec!["code", "decimals", "name", "ratio"]
    );
    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let as_viewer = company
        .app
        .post(
            UOMS,
            &viewer,
            Some(company.id),
            json!({"code": "box", "name": "Box", "category": "unit", "ratio": "10", "decimals": 0}),
        )
        .await;
    assert_eq!(as_viewer.status, StatusCode::FORBIDDEN);
}
