//! Thin handlers of the pipeline.

use arkan_kernel::{ActivityId, DealId, LeadId, StageId};
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::activities::{self, Parent};
use super::api::*;
use super::{deals, leads, report, stages};

#[utoipa::path(get, path = "/crm/leads", tag = "crm", security(("bearer" = [])),
    params(LeadListQuery, PageParams),
    responses((status = 200, body = Page<LeadView>), (status = 400, body = ErrorBody)))]
pub async fn list_leads(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<LeadListQuery>,
) -> ApiResult<Json<Page<LeadView>>> {
    leads::list_leads(&platform, &ctx, query).await.map(Json)
}

#[utoipa::path(post, path = "/crm/leads", tag = "crm", security(("bearer" = [])),
    request_body = CreateLead,
    responses((status = 201, body = LeadView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_lead(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateLead>,
) -> Created<LeadView> {
    leads::create_lead(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/crm/leads/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = LeadView), (status = 404, body = ErrorBody)))]
pub async fn get_lead(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LeadId>,
) -> ApiResult<Json<LeadView>> {
    leads::get_lead(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/crm/leads/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateLead,
    responses((status = 200, body = LeadView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_lead(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LeadId>,
    ApiJson(patch): ApiJson<UpdateLead>,
) -> ApiResult<Json<LeadView>> {
    leads::update_lead(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/crm/leads/{id}/convert", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Option<ConvertLead>,
    responses((status = 201, body = ConvertedLead), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "lead_converted, or lead_possible_duplicates with candidates: [{partnerId, name, matchedOn}]", body = ErrorBody)))]
pub async fn convert_lead(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LeadId>,
    OptionalJson(input): OptionalJson<ConvertLead>,
) -> Created<ConvertedLead> {
    leads::convert_lead(&platform, &ctx, id, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/crm/deals", tag = "crm", security(("bearer" = [])),
    params(DealListQuery, PageParams),
    responses((status = 200, body = Page<DealView>), (status = 400, body = ErrorBody)))]
pub async fn list_deals(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<DealListQuery>,
) -> ApiResult<Json<Page<DealView>>> {
    deals::list_deals(&platform, &ctx, query).await.map(Json)
}

#[utoipa::path(post, path = "/crm/deals", tag = "crm", security(("bearer" = [])),
    request_body = CreateDeal,
    responses((status = 201, body = DealView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_deal(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateDeal>,
) -> Created<DealView> {
    deals::create_deal(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/crm/deals/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = DealView), (status = 404, body = ErrorBody)))]
pub async fn get_deal(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<DealId>,
) -> ApiResult<Json<DealView>> {
    deals::get_deal(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/crm/deals/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateDeal,
    responses((status = 200, body = DealView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_deal(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<DealId>,
    ApiJson(patch): ApiJson<UpdateDeal>,
) -> ApiResult<Json<DealView>> {
    deals::update_deal(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/crm/deals/{id}/reopen", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Option<ReopenDeal>,
    responses((status = 200, body = DealView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn reopen_deal(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<DealId>,
    OptionalJson(input): OptionalJson<ReopenDeal>,
) -> ApiResult<Json<DealView>> {
    deals::reopen_deal(&platform, &ctx, id, input)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/crm/stages", tag = "crm", security(("bearer" = [])),
    params(StageListQuery, PageParams),
    responses((status = 200, body = Page<StageView>), (status = 400, body = ErrorBody)))]
pub async fn list_stages(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<StageListQuery>,
) -> ApiResult<Json<Page<StageView>>> {
    stages::list_stages(&platform, &ctx, query).await.map(Json)
}

#[utoipa::path(post, path = "/crm/stages", tag = "crm", security(("bearer" = [])),
    request_body = CreateStage,
    responses((status = 201, body = StageView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_stage(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateStage>,
) -> Created<StageView> {
    stages::create_stage(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/crm/stages/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = StageView), (status = 404, body = ErrorBody)))]
pub async fn get_stage(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StageId>,
) -> ApiResult<Json<StageView>> {
    stages::get_stage(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/crm/stages/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateStage,
    responses((status = 200, body = StageView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_stage(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StageId>,
    ApiJson(patch): ApiJson<UpdateStage>,
) -> ApiResult<Json<StageView>> {
    stages::update_stage(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/crm/leads/{id}/activities", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path), ActivityListQuery, PageParams),
    responses((status = 200, body = Page<ActivityView>), (status = 404, body = ErrorBody)))]
pub async fn list_lead_activities(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LeadId>,
    ApiQuery(query): ApiQuery<ActivityListQuery>,
) -> ApiResult<Json<Page<ActivityView>>> {
    activities::list_activities(&platform, &ctx, Parent::Lead(id), query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/crm/leads/{id}/activities", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CreateActivity,
    responses((status = 201, body = ActivityView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn create_lead_activity(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LeadId>,
    ApiJson(input): ApiJson<CreateActivity>,
) -> Created<ActivityView> {
    activities::create_activity(&platform, &ctx, Parent::Lead(id), input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/crm/deals/{id}/activities", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path), ActivityListQuery, PageParams),
    responses((status = 200, body = Page<ActivityView>), (status = 404, body = ErrorBody)))]
pub async fn list_deal_activities(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<DealId>,
    ApiQuery(query): ApiQuery<ActivityListQuery>,
) -> ApiResult<Json<Page<ActivityView>>> {
    activities::list_activities(&platform, &ctx, Parent::Deal(id), query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/crm/deals/{id}/activities", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CreateActivity,
    responses((status = 201, body = ActivityView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn create_deal_activity(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<DealId>,
    ApiJson(input): ApiJson<CreateActivity>,
) -> Created<ActivityView> {
    activities::create_activity(&platform, &ctx, Parent::Deal(id), input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/crm/activities/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ActivityView), (status = 404, body = ErrorBody)))]
pub async fn get_activity(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ActivityId>,
) -> ApiResult<Json<ActivityView>> {
    activities::get_activity(&platform, &ctx, id)
        .await
        .map(Json)
}

#[utoipa::path(patch, path = "/crm/activities/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateActivity,
    responses((status = 200, body = ActivityView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_activity(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ActivityId>,
    ApiJson(patch): ApiJson<UpdateActivity>,
) -> ApiResult<Json<ActivityView>> {
    activities::update_activity(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/crm/activities/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_activity(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ActivityId>,
) -> ApiResult<StatusCode> {
    activities::delete_activity(&platform, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/crm/reports/pipeline", tag = "crm", security(("bearer" = [])),
    params(PipelineQuery),
    responses((status = 200, body = PipelineReport), (status = 400, body = ErrorBody)))]
pub async fn pipeline_report(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PipelineQuery>,
) -> ApiResult<Json<PipelineReport>> {
    report::pipeline(&platform, &ctx, query).await.map(Json)
}

#[utoipa::path(delete, path = "/crm/leads/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_lead(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LeadId>,
) -> ApiResult<StatusCode> {
    leads::delete_lead(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/crm/deals/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_deal(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<DealId>,
) -> ApiResult<StatusCode> {
    deals::delete_deal(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/crm/stages/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_stage(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StageId>,
) -> ApiResult<StatusCode> {
    stages::delete_stage(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}
