//! Thin handlers of sales' discount rules and promo codes.

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

use crate::api::discounts::*;
use crate::service::discounts as service;

/// The endpoints of this area.
pub(crate) fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(list_discounts, create_discount))
        .routes(routes!(evaluate_discounts))
        .routes(routes!(validate_promo))
        .routes(routes!(get_discount, update_discount, delete_discount))
}

/// A discount rule (`order_total`, `product` or `buy_x_get_y`), automatic or behind a promo
/// code; amounts in the company currency.
#[utoipa::path(post, path = "/sales/discounts", tag = "sales", security(("bearer" = [])),
    request_body = CreateDiscount,
    responses((status = 201, body = DiscountView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_discount(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateDiscount>,
) -> Created<DiscountView> {
    service::create_discount(&platform, &ctx, input)
        .await
        .map(created)
}

/// Discount rules, filtered on `type`, `active` and `q` (name or promo code); sorted on
/// `createdAt` (default) or `name`.
#[utoipa::path(get, path = "/sales/discounts", tag = "sales", security(("bearer" = [])),
    params(DiscountListQuery, PageParams),
    responses((status = 200, body = Page<DiscountView>), (status = 400, body = ErrorBody)))]
pub async fn list_discounts(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<DiscountListQuery>,
) -> ApiResult<Json<Page<DiscountView>>> {
    service::list_discounts(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/sales/discounts/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = DiscountView), (status = 404, body = ErrorBody)))]
pub async fn get_discount(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<DiscountView>> {
    service::get_discount(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/sales/discounts/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateDiscount,
    responses((status = 200, body = DiscountView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_discount(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(patch): ApiJson<UpdateDiscount>,
) -> ApiResult<Json<DiscountView>> {
    service::update_discount(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/sales/discounts/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_discount(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    service::delete_discount(&platform, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What the rules (and the promo code) take off a basket or an order's lines, untaxed.
#[utoipa::path(post, path = "/sales/discounts/evaluate", tag = "sales", security(("bearer" = [])),
    request_body = EvaluateDiscounts,
    responses((status = 200, body = EvaluationView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn evaluate_discounts(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<EvaluateDiscounts>,
) -> ApiResult<Json<EvaluationView>> {
    service::evaluate(&platform, &ctx, input).await.map(Json)
}

/// Whether a promo code may be used by the client on an order of `amount` today, and why not.
#[utoipa::path(get, path = "/sales/discounts/validate-promo", tag = "sales", security(("bearer" = [])),
    params(ValidatePromoQuery),
    responses((status = 200, body = PromoValidationView), (status = 400, body = ErrorBody)))]
pub async fn validate_promo(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ValidatePromoQuery>,
) -> ApiResult<Json<PromoValidationView>> {
    service::validate_promo(&platform, &ctx, query)
        .await
        .map(Json)
}
