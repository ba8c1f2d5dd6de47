//! One resource's JSON exactly as its `GET` endpoint answers it, for webhook payloads. `ctx` is
//! the context to read in, normally the company's owner's. Work items, sprints and time
//! entries are read under their project, so their events carry no view yet (`data` is null).

use arkan_kernel::ProjectId;
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::{Ctx, Platform};
use axum::http::StatusCode;
use serde_json::Value;
use uuid::Uuid;

use crate::service;

/// `GET /projects/{id}`; None when the company has no such project.
pub async fn project(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Option<Value>> {
    match service::projects::get_project(platform, ctx, ProjectId(id)).await {
        Ok(view) => serde_json::to_value(view)
            .map(Some)
            .map_err(|error| ApiError::internal(format!("a view as JSON: {error}"))),
        Err(error) if error.status == StatusCode::NOT_FOUND => Ok(None),
        Err(error) => Err(error),
    }
}
