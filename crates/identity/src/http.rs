//! Thin handlers of the identity endpoints: extract, call the service, answer.

use arkan_kernel::{CompanyId, UserId};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use uuid::Uuid;

use crate::api::*;
use crate::service;
use arkan_platform::ctx::AuthUser;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::state::Platform;

#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = TokenPair), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(platform): State<Platform>,
    ApiJson(request): ApiJson<LoginRequest>,
) -> ApiResult<Json<TokenPair>> {
    service::login(&platform, request).await.map(Json)
}

#[utoipa::path(post, path = "/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenPair), (status = 401, body = ErrorBody)))]
pub async fn refresh(
    State(platform): State<Platform>,
    ApiJson(request): ApiJson<RefreshRequest>,
) -> ApiResult<Json<TokenPair>> {
    service::refresh(&platform, request).await.map(Json)
}

#[utoipa::path(post, path = "/auth/logout", tag = "auth", request_body = RefreshRequest,
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(
    State(platform): State<Platform>,
    ApiJson(request): ApiJson<RefreshRequest>,
) -> ApiResult<StatusCode> {
    service::logout(&platform, request)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/auth/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeView), (status = 401, body = ErrorBody)))]
pub async fn me(State(platform): State<Platform>, actor: AuthUser) -> ApiResult<Json<MeView>> {
    service::me(&platform, actor).await.map(Json)
}

#[utoipa::path(get, path = "/users", tag = "users", security(("bearer" = [])), params(UserListQuery, PageParams),
    responses((status = 200, body = Page<UserView>), (status = 400, body = ErrorBody)))]
pub async fn list_users(
    State(platform): State<Platform>,
    actor: AuthUser,
    ApiQuery(query): ApiQuery<UserListQuery>,
) -> ApiResult<Json<Page<UserView>>> {
    service::list_users(&platform, actor, query).await.map(Json)
}

#[utoipa::path(post, path = "/users", tag = "users", security(("bearer" = [])), request_body = CreateUser,
    responses((status = 201, body = UserView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_user(
    State(platform): State<Platform>,
    actor: AuthUser,
    ApiJson(request): ApiJson<CreateUser>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let user = service::create_user(&platform, Some(actor), request, false).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

#[utoipa::path(get, path = "/users/{id}", tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = UserView), (status = 404, body = ErrorBody)))]
pub async fn get_user(
    State(platform): State<Platform>,
    actor: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<UserView>> {
    service::get_user(&platform, actor, UserId(id))
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/companies", tag = "companies", security(("bearer" = [])), params(CompanyListQuery, PageParams),
    responses((status = 200, body = Page<CompanyView>), (status = 400, body = ErrorBody)))]
pub async fn list_companies(
    State(platform): State<Platform>,
    actor: AuthUser,
    ApiQuery(query): ApiQuery<CompanyListQuery>,
) -> ApiResult<Json<Page<CompanyView>>> {
    service::list_companies(&platform, actor, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/companies", tag = "companies", security(("bearer" = [])), request_body = CreateCompany,
    responses((status = 201, body = CompanyView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_company(
    State(platform): State<Platform>,
    actor: AuthUser,
    ApiJson(request): ApiJson<CreateCompany>,
) -> ApiResult<(StatusCode, Json<CompanyView>)> {
    let company = service::create_company(&platform, actor, request).await?;
    Ok((StatusCode::CREATED, Json(company)))
}

#[utoipa::path(get, path = "/companies/{id}", tag = "companies", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = CompanyView), (status = 404, body = ErrorBody)))]
pub async fn get_company(
    State(platform): State<Platform>,
    actor: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<CompanyView>> {
    service::get_company(&platform, actor, CompanyId(id))
        .await
        .map(Json)
}

#[utoipa::path(patch, path = "/companies/{id}", tag = "companies", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateCompany,
    responses((status = 200, body = CompanyView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_company(
    State(platform): State<Platform>,
    actor: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<UpdateCompany>,
) -> ApiResult<Json<CompanyView>> {
    service::update_company(&platform, actor, CompanyId(id), request)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/companies/{id}/members", tag = "companies", security(("bearer" = [])),
    params(("id" = Uuid, Path), PageParams),
    responses((status = 200, body = Page<MemberView>), (status = 404, body = ErrorBody)))]
pub async fn list_members(
    State(platform): State<Platform>,
    actor: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<MemberListQuery>,
) -> ApiResult<Json<Page<MemberView>>> {
    service::list_members(&platform, actor, CompanyId(id), query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/companies/{id}/members", tag = "companies", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AddMember,
    responses((status = 201, body = MemberView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn add_member(
    State(platform): State<Platform>,
    actor: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<AddMember>,
) -> ApiResult<(StatusCode, Json<MemberView>)> {
    let member = service::add_member(&platform, actor, CompanyId(id), request).await?;
    Ok((StatusCode::CREATED, Json(member)))
}

#[utoipa::path(patch, path = "/companies/{id}/members/{user_id}", tag = "companies", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path)), request_body = UpdateMember,
    responses((status = 200, body = MemberView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_member(
    State(platform): State<Platform>,
    actor: AuthUser,
    ApiPath((id, user_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(request): ApiJson<UpdateMember>,
) -> ApiResult<Json<MemberView>> {
    service::update_member(&platform, actor, CompanyId(id), UserId(user_id), request)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/companies/{id}/members/{user_id}", tag = "companies", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn remove_member(
    State(platform): State<Platform>,
    actor: AuthUser,
    ApiPath((id, user_id)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    service::remove_member(&platform, actor, CompanyId(id), UserId(user_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
