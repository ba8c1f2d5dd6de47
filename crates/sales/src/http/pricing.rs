//! Thin handlers of sales' price lists and price resolution.

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::pricing::*;
use crate::service::pricing as service;

/// The endpoints of this area.
pub(crate) fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(list_price_lists, create_price_list))
        .routes(routes!(
            get_price_list,
            update_price_list,
            delete_price_list
        ))
        .routes(routes!(resolve_price))
}

/// A price list: for clients (`partnerIds`), client tags (`partnerTags`) or everyone, in one
/// currency, with rules per product, category or all products.
#[utoipa::path(post, path = "/sales/pricing/lists", tag = "sales", security(("bearer" = [])),
    request_body = CreatePriceList,
    responses((status = 201, body = PriceListView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_price_list(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreatePriceList>,
) -> Created<PriceListView> {
    service::create_price_list(&platform, &ctx, input)
        .await
        .map(created)
}

/// Price lists, filtered on `partner_id`, `currency` and `q` (the name); sorted on
/// `createdAt` (default), `name` or `priority`.
#[utoipa::path(get, path = "/sales/pricing/lists", tag = "sales", security(("bearer" = [])),
    params(PriceListQuery, PageParams),
    responses((status = 200, body = Page<PriceListView>), (status = 400, body = ErrorBody)))]
pub async fn list_price_lists(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PriceListQuery>,
) -> ApiResult<Json<Page<PriceListView>>> {
    service::list_price_lists(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/sales/pricing/lists/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = PriceListView), (status = 404, body = ErrorBody)))]
pub async fn get_price_list(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<PriceListView>> {
    service::get_price_list(&platform, &ctx, id).await.map(Json)
}

/// Edits a price list; `rules` replaces every rule.
#[utoipa::path(patch, path = "/sales/pricing/lists/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdatePriceList,
    responses((status = 200, body = PriceListView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_price_list(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(patch): ApiJson<UpdatePriceList>,
) -> ApiResult<Json<PriceListView>> {
    service::update_price_list(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a price list (409 `price_list_in_use` while a sales order names it).
#[utoipa::path(delete, path = "/sales/pricing/lists/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_price_list(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    service::delete_price_list(&platform, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The price a line of `quantity` of the product takes for the client at `date` in
/// `currency`: the first list by precedence with a rule for it, else the sale price.
#[utoipa::path(get, path = "/sales/pricing/resolve", tag = "sales", security(("bearer" = [])),
    params(ResolveQuery),
    responses((status = 200, body = ResolvedPriceView), (status = 400, body = ErrorBody)))]
pub async fn resolve_price(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ResolveQuery>,
) -> ApiResult<Json<ResolvedPriceView>> {
    service::resolve_price(&platform, &ctx, query)
        .await
        .map(Json)
}
