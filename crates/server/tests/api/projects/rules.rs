//! The rules of projects: tenancy, roles, codes, states and bad inputs naming their field.

use arkan_testkit::TestApp;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn another_companys_project_is_not_found() {
    let company = TestApp::company().await;
    let project = company.project("WEB").await;
    let other = company.another_company("Other LLC").await;
    for path in [
        format!("/api/v1/projects/{project}"),
        format!("/api/v1/projects/{project}/work-items"),
        format!("/api/v1/projects/{project}/sprints"),
        format!("/api/v1/projects/{project}/profitability"),
    ] {
        let reply = company.app.get(&path, &company.token, Some(other)).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{path}: {:?}",
            reply.body
        );
        assert_eq!(reply.code(), "project_not_found");
    }
}

#[tokio::test]
async fn a_viewer_reads_projects_but_cannot_write() {
    let company = TestApp::company().await;
    let project = company.project("WEB").await;
    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let (_, accountant) = company.member("acc@arkan.test", "accountant").await;
    let read = company
        .app
        .get(
            &format!("/api/v1/projects/{project}"),
            &viewer,
            Some(company.id),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    for (path, body) in [
        (
            "/api/v1/projects".to_owned(),
            json!({"name": "X", "code": "XX"}),
        ),
        (
            format!("/api/v1/projects/{project}/work-items"),
            json!({"title": "A"}),
        ),
        (
            format!("/api/v1/projects/{project}/time-entries"),
            json!({"date": "2026-03-01", "hours": "1"}),
        ),
    ] {
        let refused = company
            .app
            .post(&path, &viewer, Some(company.id), body)
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(refused.code(), "role_not_allowed");
    }
    // Every other role writes.
    let written = company
        .app
        .post(
            &format!("/api/v1/projects/{project}/work-items"),
            &accountant,
            Some(company.id),
            json!({"title": "A"}),
        )
        .await;
    assert_eq!(written.status, StatusCode::CREATED, "{:?}", written.body);
}

#[tokio::test]
async fn bad_inputs_name_their_field() {
    let company = TestApp::company().vendor("Gulf Supplies").await;
    let project = company.project("WEB").await;
    let field = |reply: &arkan_testkit::Reply| {
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
        reply.body["errors"][0]["field"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };

    let lower = company
        .post("/api/v1/projects", json!({"name": "Web", "code": "web"}))
        .await;
    assert_eq!(field(&lower), "code");
    let vendor = company
        .post(
            "/api/v1/projects",
            json!({"name": "Web", "code": "WEB2", "partnerId": company.partner("Gulf Supplies")}),
        )
        .await;
    assert_eq!(field(&vendor), "partnerId");
    let stranger = company
        .post(
            "/api/v1/projects",
            json!({"name": "Web", "code": "WEB3", "members": [{"userId": uuid::Uuid::now_v7()}]}),
        )
        .await;
    assert_eq!(field(&stranger), "members[0].userId");
    let taken = company
        .post("/api/v1/projects", json!({"name": "Again", "code": "WEB"}))
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert_eq!(taken.code(), "project_code_taken");

    let zero = company
        .time_entry(project, json!({"date": "2026-03-01", "hours": "0"}))
        .await;
    assert_eq!(field(&zero), "hours");
    let too_many = company
        .time_entry(project, json!({"date": "2026-03-01", "hours": "24.01"}))
        .await;
    assert_eq!(field(&too_many), "hours");
    let precise = company
        .time_entry(project, json!({"date": "2026-03-01", "hours": "1.005"}))
        .await;
    assert_eq!(field(&precise), "hours");

    let backwards = company
        .post(
            &format!("/api/v1/projects/{project}/sprints"),
            json!({"name": "S", "startDate": "2026-03-14", "endDate": "2026-03-01"}),
        )
        .await;
    assert_eq!(field(&backwards), "endDate");

    let epic = company
        .work_item(project, json!({"title": "Epic", "type": "epic"}))
        .await
        .id();
    let story = company
        .work_item(project, json!({"title": "Story", "parentId": epic}))
        .await
        .id();
    let task = company
        .work_item(project, json!({"title": "Task", "parentId": story}))
        .await
        .id();
    let cycle = company
        .patch(
            &format!("/api/v1/projects/{project}/work-items/{epic}"),
            json!({"parentId": task}),
        )
        .await;
    assert_eq!(field(&cycle), "parentId");
    let own = company
        .patch(
            &format!("/api/v1/projects/{project}/work-items/{epic}"),
            json!({"parentId": epic}),
        )
        .await;
    assert_eq!(field(&own), "parentId");
    let kind = company
        .work_item_body(project, json!({"title": "X", "priority": "asap"}))
        .await;
    assert_eq!(field(&kind), "priority");

    let in_use = company
        .delete(&format!("/api/v1/projects/{project}/work-items/{story}"))
        .await;
    assert_eq!(in_use.code(), "work_item_in_use");
    let deleted = company
        .delete(&format!("/api/v1/projects/{project}/work-items/{task}"))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn project_states_move_by_the_table() {
    let company = TestApp::company().await;
    let project = company.project("WEB").await;
    let path = format!("/api/v1/projects/{project}");
    let done = company.patch(&path, json!({"state": "done"})).await;
    assert_eq!(done.status, StatusCode::CONFLICT);
    assert_eq!(done.code(), "project_transition_not_allowed");
    for state in ["active", "on_hold", "active", "done"] {
        let moved = company.patch(&path, json!({"state": state})).await;
        assert_eq!(moved.status, StatusCode::OK, "{state}: {:?}", moved.body);
        assert_eq!(moved.body["state"], state);
    }
    let closed = company
        .post(&format!("{path}/work-items"), json!({"title": "Late"}))
        .await;
    assert_eq!(closed.code(), "project_closed");
    let listed = company.get("/api/v1/projects?state=done").await;
    assert_eq!(listed.body["meta"]["total"], 1);
}

#[tokio::test]
async fn a_project_is_deleted_only_while_nothing_names_it() {
    let company = TestApp::company().with_uae_chart().client("Al Noor").await;
    let empty = company.project("EMPTY").await;
    let deleted = company.delete(&format!("/api/v1/projects/{empty}")).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    let gone = company.get(&format!("/api/v1/projects/{empty}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);

    // A work item, or a draft invoice line naming the project, keeps it.
    let worked = company.project("WORK").await;
    let item = company.work_item(worked, json!({"title": "Survey"})).await;
    assert_eq!(item.status, StatusCode::CREATED, "{:?}", item.body);
    let refused = company.delete(&format!("/api/v1/projects/{worked}")).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.body["code"], "project_in_use");
    let billed = company.project("BILL").await;
    let invoice = company
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": company.partner("Al Noor"),
            "invoiceDate": "2026-09-01",
            "lines": [{"description": "Design", "quantity": "1", "unitPrice": "10", "projectId": billed}]}))
        .await;
    assert_eq!(invoice.status, StatusCode::CREATED);
    let refused = company.delete(&format!("/api/v1/projects/{billed}")).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    assert_eq!(refused.body["code"], "project_in_use");
    // So does a journal line naming it.
    let journaled = company.project("BOOK").await;
    let mut entry = company.entry("2026-09-01", "101000", "301000", "10.00");
    entry["lines"][0]["projectId"] = json!(journaled);
    let entry = company
        .post("/api/v1/accounting/journal-entries", entry)
        .await;
    assert_eq!(entry.status, StatusCode::CREATED, "{:?}", entry.body);
    let refused = company
        .delete(&format!("/api/v1/projects/{journaled}"))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn projects_list_by_their_start_date() {
    let company = TestApp::company().await;
    company
        .project_with(json!({"name": "Spring", "code": "SPR", "startDate": "2026-03-01"}))
        .await;
    company
        .project_with(json!({"name": "Autumn", "code": "AUT", "startDate": "2026-09-01"}))
        .await;
    company.project("UNDATED").await;
    let spring = company
        .get("/api/v1/projects?date_from=2026-01-01&date_to=2026-06-30")
        .await;
    assert_eq!(spring.status, StatusCode::OK, "{:?}", spring.body);
    assert_eq!(spring.body["meta"]["total"], 1);
    assert_eq!(spring.body["data"][0]["code"], "SPR");
    let later = company.get("/api/v1/projects?date_from=2026-06-01").await;
    assert_eq!(later.body["meta"]["total"], 1);
    assert_eq!(later.body["data"][0]["code"], "AUT");
    let backwards = company
        .get("/api/v1/projects?date_from=2026-06-01&date_to=2026-01-01")
        .await;
    assert_eq!(backwards.status, StatusCode::BAD_REQUEST);
    assert_eq!(backwards.body["errors"][0]["field"], "date_to");
}
