//! Thin handlers of the partner directory.

use arkan_kernel::{ContactId, PartnerId};
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::read_cache::JsonBody;
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::domain::PartnerRole;
use crate::service;

macro_rules! partner_handlers {
    ($role:expr, $tag:literal, $path:literal, $list:ident, $create:ident, $get:ident, $update:ident) => {
        #[utoipa::path(get, path = $path, tag = $tag, security(("bearer" = [])),
            params(PartnerListQuery, PageParams),
            responses((status = 200, body = Page<PartnerView>), (status = 400, body = ErrorBody)))]
        pub async fn $list(
            State(platform): State<Platform>,
            ctx: Ctx,
            ApiQuery(query): ApiQuery<PartnerListQuery>,
        ) -> ApiResult<JsonBody> {
            service::list_partners(&platform, &ctx, $role, query).await
        }

        #[utoipa::path(post, path = $path, tag = $tag, security(("bearer" = [])),
            request_body = CreatePartner,
            responses((status = 201, body = PartnerView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
        pub async fn $create(
            State(platform): State<Platform>,
            ctx: Ctx,
            ApiJson(input): ApiJson<CreatePartner>,
        ) -> ApiResult<(StatusCode, Json<PartnerView>)> {
            let partner = service::create_partner(&platform, &ctx, $role, input).await?;
            Ok((StatusCode::CREATED, Json(partner)))
        }

        #[utoipa::path(get, path = concat!($path, "/{id}"), tag = $tag, security(("bearer" = [])),
            params(("id" = Uuid, Path)),
            responses((status = 200, body = PartnerView), (status = 404, body = ErrorBody)))]
        pub async fn $get(
            State(platform): State<Platform>,
            ctx: Ctx,
            ApiPath(id): ApiPath<PartnerId>,
        ) -> ApiResult<Json<PartnerView>> {
            service::get_partner(&platform, &ctx, $role, id).await.map(Json)
        }

        #[utoipa::path(patch, path = concat!($path, "/{id}"), tag = $tag, security(("bearer" = [])),
            params(("id" = Uuid, Path)), request_body = UpdatePartner,
            responses((status = 200, body = PartnerView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
        pub async fn $update(
            State(platform): State<Platform>,
            ctx: Ctx,
            ApiPath(id): ApiPath<PartnerId>,
            ApiJson(patch): ApiJson<UpdatePartner>,
        ) -> ApiResult<Json<PartnerView>> {
            service::update_partner(&platform, &ctx, $role, id, patch).await.map(Json)
        }
    };
}

partner_handlers!(
    PartnerRole::Client,
    "crm",
    "/crm/clients",
    list_clients,
    create_client,
    get_client,
    update_client
);
partner_handlers!(
    PartnerRole::Vendor,
    "crm",
    "/crm/vendors",
    list_vendors,
    create_vendor,
    get_vendor,
    update_vendor
);

#[utoipa::path(get, path = "/crm/contacts", tag = "crm", security(("bearer" = [])),
    params(ContactListQuery, PageParams),
    responses((status = 200, body = Page<ContactView>), (status = 400, body = ErrorBody)))]
pub async fn list_contacts(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ContactListQuery>,
) -> ApiResult<Json<Page<ContactView>>> {
    service::list_contacts(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/crm/contacts", tag = "crm", security(("bearer" = [])),
    request_body = CreateContact,
    responses((status = 201, body = ContactView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_contact(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateContact>,
) -> ApiResult<(StatusCode, Json<ContactView>)> {
    let contact = service::create_contact(&platform, &ctx, input).await?;
    Ok((StatusCode::CREATED, Json(contact)))
}

#[utoipa::path(get, path = "/crm/contacts/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ContactView), (status = 404, body = ErrorBody)))]
pub async fn get_contact(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ContactId>,
) -> ApiResult<Json<ContactView>> {
    service::get_contact(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/crm/contacts/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateContact,
    responses((status = 200, body = ContactView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_contact(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ContactId>,
    ApiJson(patch): ApiJson<UpdateContact>,
) -> ApiResult<Json<ContactView>> {
    service::update_contact(&platform, &ctx, id, patch)
        .await
        .map(Json)
}
