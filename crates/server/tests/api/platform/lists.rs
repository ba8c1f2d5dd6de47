use std::collections::HashSet;

use axum::http::StatusCode;
use serde_json::json;

use arkan_testkit::TestApp;

#[tokio::test]
async fn a_list_is_walked_page_by_page_without_repeats_or_gaps() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Paging LLC").await;
    let names = [
        "Delta", "Alpha", "Charlie", "Bravo", "Echo", "Foxtrot", "Golf",
    ];
    for name in names {
        assert_eq!(
            app.client(&admin, company, json!({"name": name}))
                .await
                .status,
            StatusCode::CREATED
        );
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(cursor) => {
                format!("/api/v1/crm/clients?limit=3&sort=name&order=asc&cursor={cursor}")
            }
            None => "/api/v1/crm/clients?limit=3&sort=name&order=asc".to_owned(),
        };
        let page = app.get(&path, &admin, Some(company)).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        // The total counts the filtered set as it is now (the late row included once added).
        let expected_total = if seen.len() < 3 { 7 } else { 8 };
        assert_eq!(page.body["meta"]["total"], expected_total);
        assert_eq!(page.body["meta"]["limit"], 3);
        for row in page.body["data"].as_array().unwrap() {
            seen.push(row["name"].as_str().unwrap().to_owned());
        }
        // A row inserted meanwhile never shifts the pages already served.
        if seen.len() == 3 {
            app.client(&admin, company, json!({"name": "Aaron (late)"}))
                .await;
        }
        if page.body["meta"]["hasMore"] == false {
            assert!(page.body["meta"]["cursor"].is_null());
            break;
        }
        cursor = page.body["meta"]["cursor"].as_str().map(str::to_owned);
    }
    let mut expected: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
    expected.sort();
    assert_eq!(seen, expected);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 7);

    // Default order: newest first.
    let newest = app
        .get("/api/v1/crm/clients?limit=1", &admin, Some(company))
        .await;
    assert_eq!(newest.body["data"][0]["name"], "Aaron (late)");
    assert_eq!(newest.body["meta"]["hasMore"], true);
}

#[tokio::test]
async fn bad_paging_parameters_are_named_in_a_400() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Paging LLC").await;
    for name in ["One", "Two", "Three"] {
        app.client(&admin, company, json!({"name": name})).await;
    }
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("sort=password", "sort"),
        ("order=sideways", "order"),
        ("cursor=garbage!!", "cursor"),
        ("active=maybe", "active"),
    ] {
        let reply = app
            .get(
                &format!("/api/v1/crm/clients?{query}"),
                &admin,
                Some(company),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(reply.body["errors"][0]["field"], field, "{query}");
    }
    assert_eq!(
        app.get("/api/v1/crm/clients?limit=100", &admin, Some(company))
            .await
            .status,
        StatusCode::OK
    );

    let first = app
        .get("/api/v1/crm/clients?limit=1", &admin, Some(company))
        .await;
    let cursor = first.body["meta"]["cursor"].as_str().unwrap().to_owned();
    // The same cursor on another list, another sort or another filter is refused.
    for path in [
        format!("/api/v1/crm/vendors?limit=1&cursor={cursor}"),
        format!("/api/v1/crm/contacts?limit=1&cursor={cursor}"),
        format!("/api/v1/crm/clients?limit=1&sort=name&cursor={cursor}"),
        format!("/api/v1/crm/clients?limit=1&q=One&cursor={cursor}"),
        format!("/api/v1/companies?limit=1&cursor={cursor}"),
    ] {
        let reply = app.get(&path, &admin, Some(company)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(reply.body["errors"][0]["field"], "cursor");
    }
    let next = app
        .get(
            &format!("/api/v1/crm/clients?limit=1&cursor={cursor}"),
            &admin,
            Some(company),
        )
        .await;
    assert_eq!(next.status, StatusCode::OK);
    assert_ne!(next.body["data"][0]["id"], first.body["data"][0]["id"]);
}
