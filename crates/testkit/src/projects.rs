//! Projects through the API: projects, work items, sprints and time entries.

use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::app::Reply;
use crate::company::Company;

impl Company {
    /// A project from a full `POST /projects` body; panics unless created.
    pub async fn project_with(&self, body: Value) -> Uuid {
        let reply = self.post("/api/v1/projects", body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply.id()
    }

    /// A project named after its `code`; panics unless created.
    pub async fn project(&self, code: &str) -> Uuid {
        self.project_with(json!({"name": format!("Project {code}"), "code": code}))
            .await
    }

    /// A work item of `project` from a full body; panics unless created.
    pub async fn work_item(&self, project: Uuid, body: Value) -> Reply {
        let reply = self
            .post(&format!("/api/v1/projects/{project}/work-items"), body)
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply
    }

    /// `POST /projects/:id/work-items` (the answer is not checked).
    pub async fn work_item_body(&self, project: Uuid, body: Value) -> Reply {
        self.post(&format!("/api/v1/projects/{project}/work-items"), body)
            .await
    }

    /// A planned sprint of `project` from `start` to `end`; panics unless created.
    pub async fn sprint(&self, project: Uuid, name: &str, start: &str, end: &str) -> Uuid {
        let reply = self
            .post(
                &format!("/api/v1/projects/{project}/sprints"),
                json!({"name": name, "startDate": start, "endDate": end}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply.id()
    }

    /// A time entry of `project` from a full body (the answer is not checked).
    pub async fn time_entry(&self, project: Uuid, body: Value) -> Reply {
        self.post(&format!("/api/v1/projects/{project}/time-entries"), body)
            .await
    }
}
