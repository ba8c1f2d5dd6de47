//! Amounts of projects: the caps on rates and budgets, the price a time entry keeps, the
//! profitability's period, and the references a PATCH checks.

use arkan_testkit::TestApp;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_time_entry_keeps_its_price_until_hours_person_or_flag_change() {
    let company = TestApp::company().await;
    let (developer, _) = company.member("dev@arkan.test", "sales").await;
    let project = company
        .project_with(json!({"name": "Website", "code": "WEB",
            "billingType": "time_and_materials",
            "members": [{"userId": developer, "hourlyCost": "100", "hourlyRate": "250"}]}))
        .await;
    let logged = company
        .time_entry(
            project,
            json!({"date": "2026-09-10", "hours": "8", "userId": developer}),
        )
        .await;
    assert_eq!(logged.status, StatusCode::CREATED, "{:?}", logged.body);
    assert_eq!(logged.body["costAmount"], "800.00");
    assert_eq!(logged.body["billableAmount"], "2000.00");

    // The rates change afterwards.
    let repriced = company
        .patch(
            &format!("/api/v1/projects/{project}"),
            json!({"members": [{"userId": developer, "hourlyCost": "200", "hourlyRate": "300"}]}),
        )
        .await;
    assert_eq!(repriced.status, StatusCode::OK, "{:?}", repriced.body);

    let entry = format!("/api/v1/projects/{project}/time-entries/{}", logged.id());
    let described = company
        .patch(
            &entry,
            json!({"description": "Home page", "date": "2026-09-11"}),
        )
        .await;
    assert_eq!(described.status, StatusCode::OK, "{:?}", described.body);
    assert_eq!(described.body["costAmount"], "800.00");
    assert_eq!(described.body["billableAmount"], "2000.00");

    let shorter = company.patch(&entry, json!({"hours": "2"})).await;
    assert_eq!(shorter.status, StatusCode::OK, "{:?}", shorter.body);
    assert_eq!(shorter.body["costAmount"], "400.00");
    assert_eq!(shorter.body["billableAmount"], "600.00");

    let unbilled = company.patch(&entry, json!({"billable": false})).await;
    assert_eq!(unbilled.body["costAmount"], "400.00");
    assert_eq!(unbilled.body["billableAmount"], "0.00");
}

#[tokio::test]
async fn rates_and_budgets_are_capped_so_sums_cannot_overflow() {
    let company = TestApp::company().await;
    let (developer, _) = company.member("dev@arkan.test", "sales").await;
    let field = |reply: &arkan_testkit::Reply| reply.body["errors"][0]["field"].clone();
    for (body, named) in [
        (
            json!({"name": "A", "code": "A1", "hourlyRate": "10000000000.01"}),
            "hourlyRate",
        ),
        (
            json!({"name": "A", "code": "A1", "budget": "10000000000000.01"}),
            "budget",
        ),
        (
            json!({"name": "A", "code": "A1",
                "members": [{"userId": developer, "hourlyCost": "9999999999999999"}]}),
            "members[0].hourlyCost",
        ),
        (
            json!({"name": "A", "code": "A1",
                "members": [{"userId": developer, "hourlyRate": "10000000000.01"}]}),
            "members[0].hourlyRate",
        ),
    ] {
        let refused = company.post("/api/v1/projects", body).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{:?}",
            refused.body
        );
        assert_eq!(field(&refused), named, "{:?}", refused.body);
    }

    // At the caps: a day's work at the most a member can cost, many times over.
    let project = company
        .project_with(json!({"name": "Big", "code": "BIG",
            "billingType": "time_and_materials", "budget": "10000000000000",
            "hourlyRate": "10000000000",
            "members": [{"userId": developer, "hourlyCost": "10000000000",
                         "hourlyRate": "10000000000"}]}))
        .await;
    let patched = company
        .patch(
            &format!("/api/v1/projects/{project}"),
            json!({"budget": "10000000000000.01"}),
        )
        .await;
    assert_eq!(
        patched.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        patched.body
    );
    assert_eq!(field(&patched), "budget");
    for day in 1..=5 {
        let logged = company
            .time_entry(
                project,
                json!({"date": format!("2026-09-{day:02}"), "hours": "24", "userId": developer}),
            )
            .await;
        assert_eq!(logged.status, StatusCode::CREATED, "{:?}", logged.body);
        assert_eq!(logged.body["costAmount"], "240000000000.00");
    }
    let report = company
        .get(&format!("/api/v1/projects/{project}/profitability"))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert_eq!(report.body["costs"]["timesheets"], "1200000000000.00");
    assert_eq!(report.body["margin"], "-1200000000000.00");
    assert_eq!(report.body["budgetUsedPercent"], "12");
}

#[tokio::test]
async fn profitability_refuses_a_period_that_ends_before_it_starts() {
    let company = TestApp::company().await;
    let project = company.project("WEB").await;
    let path = format!("/api/v1/projects/{project}/profitability");
    let backwards = company
        .get(&format!("{path}?date_from=2026-09-10&date_to=2026-09-01"))
        .await;
    assert_eq!(
        backwards.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        backwards.body
    );
    assert_eq!(backwards.body["errors"][0]["field"], "date_to");
    let one_day = company
        .get(&format!("{path}?date_from=2026-09-10&date_to=2026-09-10"))
        .await;
    assert_eq!(one_day.status, StatusCode::OK, "{:?}", one_day.body);
}

#[tokio::test]
async fn a_member_who_left_does_not_block_other_changes() {
    let company = TestApp::company().await;
    let (manager, _) = company.member("lead@arkan.test", "sales").await;
    let (leaver, _) = company.member("leaver@arkan.test", "sales").await;
    let project = company
        .project_with(
            json!({"name": "Website", "code": "WEB", "managerId": manager,
            "members": [{"userId": leaver}]}),
        )
        .await;
    let left = company
        .delete(&format!(
            "/api/v1/companies/{}/members/{leaver}",
            company.id
        ))
        .await;
    assert!(left.status.is_success(), "{:?}", left.body);

    let path = format!("/api/v1/projects/{project}");
    let renamed = company
        .patch(&path, json!({"name": "Web site", "managerId": manager}))
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);
    assert_eq!(renamed.body["name"], "Web site");

    // Sending the members checks them.
    let kept = company
        .patch(&path, json!({"members": [{"userId": leaver}]}))
        .await;
    assert_eq!(kept.status, StatusCode::BAD_REQUEST, "{:?}", kept.body);
    assert_eq!(kept.body["errors"][0]["field"], "members[0].userId");
    let dropped = company.patch(&path, json!({"members": []})).await;
    assert_eq!(dropped.status, StatusCode::OK, "{:?}", dropped.body);
}
