//! A team's sprints: keys WEB-1, WEB-2..., items moved between sprints, one active sprint,
//! closing with carry-over to the next sprint and to the backlog, and the burndown.

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use chrono::{Days, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

fn ids(reply: &Value) -> Vec<String> {
    let mut keys: Vec<String> = reply["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["key"].as_str().map(str::to_owned))
        .collect();
    keys.sort();
    keys
}

async fn items_in(company: &Company, project: Uuid, sprint: &str) -> Vec<String> {
    let reply = company
        .get(&format!(
            "/api/v1/projects/{project}/work-items?sprint_id={sprint}"
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    ids(&reply.body)
}

#[tokio::test]
async fn team_closes_a_sprint_and_carries_unfinished_work_over() {
    let company = TestApp::company().await;
    let project = company.project("WEB").await;
    let sprint_one = company
        .sprint(project, "Sprint 1", "2026-03-01", "2026-03-14")
        .await;
    let sprint_two = company
        .sprint(project, "Sprint 2", "2026-03-15", "2026-03-28")
        .await;
    let mut items = Vec::new();
    for (title, points) in [("Login", 5), ("Signup", 3), ("Reset", 2)] {
        let item = company
            .work_item(
                project,
                json!({"title": title, "type": "story", "storyPoints": points}),
            )
            .await;
        items.push(item.id());
        assert_eq!(item.body["state"], "todo");
        assert!(item.body["reporterId"].is_string());
    }
    let keys: Vec<String> = {
        let all = company
            .get(&format!("/api/v1/projects/{project}/work-items"))
            .await;
        ids(&all.body)
    };
    assert_eq!(keys, ["WEB-1", "WEB-2", "WEB-3"]);

    // Planned into sprint 1 by PATCH, then ordered within it.
    for item in &items {
        let moved = company
            .patch(
                &format!("/api/v1/projects/{project}/work-items/{item}"),
                json!({"sprintId": sprint_one, "sequence": 1}),
            )
            .await;
        assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    }
    assert_eq!(items_in(&company, project, "none").await.len(), 0);
    let started = company
        .post(
            &format!("/api/v1/projects/{project}/sprints/{sprint_one}/start"),
            json!({}),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    assert_eq!(started.body["state"], "active");
    assert_eq!(started.body["committedPoints"], 10);
    assert_eq!(started.body["completedPoints"], 0);

    let second = company
        .post(
            &format!("/api/v1/projects/{project}/sprints/{sprint_two}/start"),
            json!({}),
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{:?}", second.body);
    assert_eq!(second.code(), "sprint_already_active");

    // Login is done; Signup and Reset are not.
    let done = company
        .patch(
            &format!("/api/v1/projects/{project}/work-items/{}", items[0]),
            json!({"state": "done"}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert!(done.body["completedAt"].is_string());

    let closed = company
        .post(
            &format!("/api/v1/projects/{project}/sprints/{sprint_one}/close"),
            json!({"moveOpenItemsTo": sprint_two}),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    assert_eq!(closed.body["state"], "closed");
    assert_eq!(closed.body["committedPoints"], 10);
    assert_eq!(closed.body["completedPoints"], 5);
    assert_eq!(
        items_in(&company, project, &sprint_one.to_string()).await,
        ["WEB-1"]
    );
    assert_eq!(
        items_in(&company, project, &sprint_two.to_string()).await,
        ["WEB-2", "WEB-3"]
    );

    // A closed sprint takes no items and does not change.
    let into_closed = company
        .patch(
            &format!("/api/v1/projects/{project}/work-items/{}", items[1]),
            json!({"sprintId": sprint_one}),
        )
        .await;
    assert_eq!(into_closed.status, StatusCode::BAD_REQUEST);
    assert_eq!(into_closed.body["errors"][0]["field"], "sprintId");

    // Sprint 2 runs and closes without a target: the rest goes to the backlog.
    let started = company
        .post(
            &format!("/api/v1/projects/{project}/sprints/{sprint_two}/start"),
            json!({}),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    assert_eq!(started.body["committedPoints"], 5);
    let closed = company
        .post(
            &format!("/api/v1/projects/{project}/sprints/{sprint_two}/close"),
            json!({}),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    assert_eq!(
        items_in(&company, project, "none").await,
        ["WEB-2", "WEB-3"]
    );
    let again = company
        .post(
            &format!("/api/v1/projects/{project}/sprints/{sprint_two}/close"),
            json!({}),
        )
        .await;
    assert_eq!(again.code(), "sprint_not_active");

    let view = company.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(view.body["workItemCount"], 3);
    assert_eq!(view.body["openWorkItemCount"], 2);

    // A fourth item takes the next number.
    let fourth = company.work_item(project, json!({"title": "Logout"})).await;
    assert_eq!(fourth.body["key"], "WEB-4");
}

#[tokio::test]
async fn burndown_follows_the_days_items_were_done() {
    let company = TestApp::company().await;
    let project = company.project("APP").await;
    let today = Utc::now().date_naive();
    let start = today.checked_sub_days(Days::new(1)).expect("a date");
    let end = today.checked_add_days(Days::new(2)).expect("a date");
    let sprint = company
        .sprint(
            project,
            "Sprint",
            &start.format("%Y-%m-%d").to_string(),
            &end.format("%Y-%m-%d").to_string(),
        )
        .await;
    let done = company
        .work_item(
            project,
            json!({"title": "A", "storyPoints": 5, "estimateHours": "8", "sprintId": sprint}),
        )
        .await
        .id();
    company
        .work_item(
            project,
            json!({"title": "B", "storyPoints": 3, "estimateHours": 4.5, "sprintId": sprint}),
        )
        .await;
    let started = company
        .post(
            &format!("/api/v1/projects/{project}/sprints/{sprint}/start"),
            json!({}),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let finished = company
        .patch(
            &format!("/api/v1/projects/{project}/work-items/{done}"),
            json!({"state": "done"}),
        )
        .await;
    assert_eq!(finished.status, StatusCode::OK, "{:?}", finished.body);

    let burndown = company
        .get(&format!(
            "/api/v1/projects/{project}/sprints/{sprint}/burndown"
        ))
        .await;
    assert_eq!(burndown.status, StatusCode::OK, "{:?}", burndown.body);
    assert_eq!(burndown.body["sprintId"], sprint.to_string());
    let days = burndown.body["days"].as_array().expect("days");
    let figures: Vec<(String, i64, String, String)> = days
        .iter()
        .map(|day| {
            (
                day["date"].as_str().expect("a date").to_owned(),
                day["remainingPoints"].as_i64().expect("points"),
                day["idealPoints"].as_str().expect("ideal").to_owned(),
                day["remainingHours"].as_str().expect("hours").to_owned(),
            )
        })
        .collect();
    let day = |offset: i64| {
        start
            .checked_add_days(Days::new(offset as u64))
            .expect("a date")
            .format("%Y-%m-%d")
            .to_string()
    };
    // 8 points over 3 intervals: 8, 5.33, 2.67, 0; A (5 points, 8 h) done today.
    assert_eq!(
        figures,
        [
            (day(0), 8, "8".to_owned(), "12.50".to_owned()),
            (day(1), 3, "5.33".to_owned(), "4.50".to_owned()),
            (day(2), 3, "2.67".to_owned(), "4.50".to_owned()),
            (day(3), 3, "0".to_owned(), "4.50".to_owned()),
        ]
    );
}

#[tokio::test]
async fn two_sprints_started_at_once_leave_one_active() {
    let company = TestApp::company().await;
    let project = company.project("RACE").await;
    for round in 0..3 {
        let one = company
            .sprint(project, &format!("A{round}"), "2026-03-01", "2026-03-14")
            .await;
        let two = company
            .sprint(project, &format!("B{round}"), "2026-03-01", "2026-03-14")
            .await;
        let path_one = format!("/api/v1/projects/{project}/sprints/{one}/start");
        let path_two = format!("/api/v1/projects/{project}/sprints/{two}/start");
        let (first, second) = tokio::join!(
            company.post(&path_one, json!({})),
            company.post(&path_two, json!({}))
        );
        let mut statuses = [first.status, second.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "{:?} {:?}",
            first.body,
            second.body
        );
        let refused = if first.status == StatusCode::CONFLICT {
            &first
        } else {
            &second
        };
        assert_eq!(refused.code(), "sprint_already_active");
        let active = company
            .get(&format!("/api/v1/projects/{project}/sprints?state=active"))
            .await;
        assert_eq!(active.body["data"].as_array().map(Vec::len), Some(1));
        let winner = if first.status == StatusCode::OK {
            one
        } else {
            two
        };
        let closed = company
            .post(
                &format!("/api/v1/projects/{project}/sprints/{winner}/close"),
                json!({}),
            )
            .await;
        assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    }
}

#[tokio::test]
async fn a_closed_sprints_items_keep_its_history() {
    let company = TestApp::company().await;
    let project = company.project("HIST").await;
    let sprint = company
        .sprint(project, "Sprint", "2026-03-01", "2026-03-14")
        .await;
    let next = company
        .sprint(project, "Next", "2026-03-15", "2026-03-28")
        .await;
    let item = company
        .work_item(
            project,
            json!({"title": "Done", "storyPoints": 5, "sprintId": sprint}),
        )
        .await
        .id();
    let path = format!("/api/v1/projects/{project}/sprints/{sprint}");
    let started = company.post(&format!("{path}/start"), json!({})).await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let item_path = format!("/api/v1/projects/{project}/work-items/{item}");
    let done = company.patch(&item_path, json!({"state": "done"})).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let closed = company.post(&format!("{path}/close"), json!({})).await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    assert_eq!(closed.body["completedPoints"], 5);

    for change in [
        json!({"sprintId": null}),
        json!({"sprintId": next}),
        json!({"state": "in_progress"}),
        json!({"storyPoints": 8}),
    ] {
        let refused = company.patch(&item_path, change.clone()).await;
        assert_eq!(
            refused.status,
            StatusCode::CONFLICT,
            "{change}: {:?}",
            refused.body
        );
        assert_eq!(refused.code(), "sprint_closed");
    }
    let deleted = company.delete(&item_path).await;
    assert_eq!(deleted.status, StatusCode::CONFLICT, "{:?}", deleted.body);
    assert_eq!(deleted.code(), "sprint_closed");

    // What does not change the sprint's figures still changes.
    let renamed = company
        .patch(&item_path, json!({"title": "Done well"}))
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);
    let view = company.get(&path).await;
    assert_eq!(view.body["completedPoints"], 5);
    assert_eq!(view.body["committedPoints"], 5);
}

#[tokio::test]
async fn the_ideal_line_starts_from_the_committed_points() {
    let company = TestApp::company().await;
    let project = company.project("IDEAL").await;
    let sprint = company
        .sprint(project, "Sprint", "2026-03-01", "2026-03-03")
        .await;
    company
        .work_item(
            project,
            json!({"title": "A", "storyPoints": 4, "sprintId": sprint}),
        )
        .await;
    let path = format!("/api/v1/projects/{project}/sprints/{sprint}");
    let started = company.post(&format!("{path}/start"), json!({})).await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    // Added after the start: the work remaining grows, the ideal line does not.
    company
        .work_item(
            project,
            json!({"title": "B", "storyPoints": 6, "sprintId": sprint}),
        )
        .await;
    let burndown = company.get(&format!("{path}/burndown")).await;
    assert_eq!(burndown.status, StatusCode::OK, "{:?}", burndown.body);
    let days = burndown.body["days"].as_array().expect("days");
    let ideal: Vec<&str> = days
        .iter()
        .filter_map(|day| day["idealPoints"].as_str())
        .collect();
    assert_eq!(ideal, ["4", "2", "0"]);
    assert_eq!(days[0]["remainingPoints"], 10);
}

#[tokio::test]
async fn a_sprint_lasts_at_most_366_days() {
    let company = TestApp::company().await;
    let project = company.project("LONG").await;
    let sprints = format!("/api/v1/projects/{project}/sprints");
    let year = company
        .post(
            &sprints,
            json!({"name": "Leap year", "startDate": "2028-01-01", "endDate": "2028-12-31"}),
        )
        .await;
    assert_eq!(year.status, StatusCode::CREATED, "{:?}", year.body);
    for (start, end) in [("2028-01-01", "2029-01-01"), ("2026-01-01", "2099-12-31")] {
        let long = company
            .post(
                &sprints,
                json!({"name": "Long", "startDate": start, "endDate": end}),
            )
            .await;
        assert_eq!(long.status, StatusCode::BAD_REQUEST, "{:?}", long.body);
        assert_eq!(long.body["errors"][0]["field"], "endDate");
    }
    let stretched = company
        .patch(
            &format!("{sprints}/{}", year.id()),
            json!({"endDate": "2030-01-01"}),
        )
        .await;
    assert_eq!(
        stretched.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        stretched.body
    );
    assert_eq!(stretched.body["errors"][0]["field"], "endDate");
}
