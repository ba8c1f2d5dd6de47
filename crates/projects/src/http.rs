//! Thin handlers of projects: extract, call one use case, answer.

use arkan_kernel::{ProjectId, SprintId, TimeEntryId, WorkItemId};
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::service::{profitability, projects, sprints, time_entries, work_items};

#[utoipa::path(get, path = "/projects", tag = "projects", security(("bearer" = [])),
    params(ProjectListQuery, PageParams),
    responses((status = 200, body = Page<ProjectView>), (status = 400, body = ErrorBody)))]
pub async fn list_projects(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ProjectListQuery>,
) -> ApiResult<Json<Page<ProjectView>>> {
    projects::list_projects(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/projects", tag = "projects", security(("bearer" = [])),
    request_body = CreateProject,
    responses((status = 201, body = ProjectView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_project(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateProject>,
) -> Created<ProjectView> {
    projects::create_project(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(delete, path = "/projects/{id}", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_project(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
) -> ApiResult<StatusCode> {
    projects::delete_project(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/projects/{id}", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ProjectView), (status = 404, body = ErrorBody)))]
pub async fn get_project(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
) -> ApiResult<Json<ProjectView>> {
    projects::get_project(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/projects/{id}", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateProject,
    responses((status = 200, body = ProjectView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_project(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    ApiJson(patch): ApiJson<UpdateProject>,
) -> ApiResult<Json<ProjectView>> {
    projects::update_project(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/projects/{id}/profitability", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), ProfitabilityQuery),
    responses((status = 200, body = ProfitabilityView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_profitability(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    ApiQuery(query): ApiQuery<ProfitabilityQuery>,
) -> ApiResult<Json<ProfitabilityView>> {
    profitability::profitability(&platform, &ctx, id, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/projects/{id}/work-items", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), WorkItemListQuery, PageParams),
    responses((status = 200, body = Page<WorkItemView>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_work_items(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    ApiQuery(query): ApiQuery<WorkItemListQuery>,
) -> ApiResult<Json<Page<WorkItemView>>> {
    work_items::list_work_items(&platform, &ctx, id, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/projects/{id}/work-items", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CreateWorkItem,
    responses((status = 201, body = WorkItemView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_work_item(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    ApiJson(input): ApiJson<CreateWorkItem>,
) -> Created<WorkItemView> {
    work_items::create_work_item(&platform, &ctx, id, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/projects/{id}/work-items/{item_id}", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("item_id" = Uuid, Path)),
    responses((status = 200, body = WorkItemView), (status = 404, body = ErrorBody)))]
pub async fn get_work_item(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, item)): ApiPath<(ProjectId, WorkItemId)>,
) -> ApiResult<Json<WorkItemView>> {
    work_items::get_work_item(&platform, &ctx, id, item)
        .await
        .map(Json)
}

#[utoipa::path(patch, path = "/projects/{id}/work-items/{item_id}", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("item_id" = Uuid, Path)), request_body = UpdateWorkItem,
    responses((status = 200, body = WorkItemView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_work_item(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, item)): ApiPath<(ProjectId, WorkItemId)>,
    ApiJson(patch): ApiJson<UpdateWorkItem>,
) -> ApiResult<Json<WorkItemView>> {
    work_items::update_work_item(&platform, &ctx, id, item, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/projects/{id}/work-items/{item_id}", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("item_id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_work_item(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, item)): ApiPath<(ProjectId, WorkItemId)>,
) -> ApiResult<StatusCode> {
    work_items::delete_work_item(&platform, &ctx, id, item)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/projects/{id}/sprints", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), SprintListQuery, PageParams),
    responses((status = 200, body = Page<SprintView>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_sprints(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    ApiQuery(query): ApiQuery<SprintListQuery>,
) -> ApiResult<Json<Page<SprintView>>> {
    sprints::list_sprints(&platform, &ctx, id, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/projects/{id}/sprints", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CreateSprint,
    responses((status = 201, body = SprintView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_sprint(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    ApiJson(input): ApiJson<CreateSprint>,
) -> Created<SprintView> {
    sprints::create_sprint(&platform, &ctx, id, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/projects/{id}/sprints/{sprint_id}", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("sprint_id" = Uuid, Path)),
    responses((status = 200, body = SprintView), (status = 404, body = ErrorBody)))]
pub async fn get_sprint(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, sprint)): ApiPath<(ProjectId, SprintId)>,
) -> ApiResult<Json<SprintView>> {
    sprints::get_sprint(&platform, &ctx, id, sprint)
        .await
        .map(Json)
}

#[utoipa::path(patch, path = "/projects/{id}/sprints/{sprint_id}", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("sprint_id" = Uuid, Path)), request_body = UpdateSprint,
    responses((status = 200, body = SprintView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_sprint(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, sprint)): ApiPath<(ProjectId, SprintId)>,
    ApiJson(patch): ApiJson<UpdateSprint>,
) -> ApiResult<Json<SprintView>> {
    sprints::update_sprint(&platform, &ctx, id, sprint, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/projects/{id}/sprints/{sprint_id}", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("sprint_id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_sprint(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, sprint)): ApiPath<(ProjectId, SprintId)>,
) -> ApiResult<StatusCode> {
    sprints::delete_sprint(&platform, &ctx, id, sprint)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/projects/{id}/sprints/{sprint_id}/start", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("sprint_id" = Uuid, Path)),
    responses((status = 200, body = SprintView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn start_sprint(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, sprint)): ApiPath<(ProjectId, SprintId)>,
) -> ApiResult<Json<SprintView>> {
    sprints::start_sprint(&platform, &ctx, id, sprint)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/projects/{id}/sprints/{sprint_id}/close", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("sprint_id" = Uuid, Path)), request_body = Option<CloseSprint>,
    responses((status = 200, body = SprintView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close_sprint(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, sprint)): ApiPath<(ProjectId, SprintId)>,
    OptionalJson(input): OptionalJson<CloseSprint>,
) -> ApiResult<Json<SprintView>> {
    sprints::close_sprint(&platform, &ctx, id, sprint, input)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/projects/{id}/sprints/{sprint_id}/burndown", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("sprint_id" = Uuid, Path)),
    responses((status = 200, body = BurndownView), (status = 404, body = ErrorBody)))]
pub async fn get_burndown(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, sprint)): ApiPath<(ProjectId, SprintId)>,
) -> ApiResult<Json<BurndownView>> {
    sprints::burndown(&platform, &ctx, id, sprint)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/projects/{id}/time-entries", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), TimeEntryListQuery, PageParams),
    responses((status = 200, body = Page<TimeEntryView>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_time_entries(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    ApiQuery(query): ApiQuery<TimeEntryListQuery>,
) -> ApiResult<Json<Page<TimeEntryView>>> {
    time_entries::list_time_entries(&platform, &ctx, id, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/projects/{id}/time-entries", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CreateTimeEntry,
    responses((status = 201, body = TimeEntryView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_time_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    ApiJson(input): ApiJson<CreateTimeEntry>,
) -> Created<TimeEntryView> {
    time_entries::create_time_entry(&platform, &ctx, id, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/projects/{id}/time-entries/{entry_id}", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("entry_id" = Uuid, Path)),
    responses((status = 200, body = TimeEntryView), (status = 404, body = ErrorBody)))]
pub async fn get_time_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, entry)): ApiPath<(ProjectId, TimeEntryId)>,
) -> ApiResult<Json<TimeEntryView>> {
    time_entries::get_time_entry(&platform, &ctx, id, entry)
        .await
        .map(Json)
}

#[utoipa::path(patch, path = "/projects/{id}/time-entries/{entry_id}", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("entry_id" = Uuid, Path)), request_body = UpdateTimeEntry,
    responses((status = 200, body = TimeEntryView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_time_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, entry)): ApiPath<(ProjectId, TimeEntryId)>,
    ApiJson(patch): ApiJson<UpdateTimeEntry>,
) -> ApiResult<Json<TimeEntryView>> {
    time_entries::update_time_entry(&platform, &ctx, id, entry, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/projects/{id}/time-entries/{entry_id}", tag = "projects", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("entry_id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_time_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, entry)): ApiPath<(ProjectId, TimeEntryId)>,
) -> ApiResult<StatusCode> {
    time_entries::delete_time_entry(&platform, &ctx, id, entry)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}
