//! Thin handlers of sales orders.

use arkan_kernel::SalesOrderId;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::orders::*;
use crate::service::orders as service;

/// The endpoints of this area.
pub(crate) fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(list_sales_orders, create_sales_order))
        .routes(routes!(
            get_sales_order,
            update_sales_order,
            delete_sales_order
        ))
        .routes(routes!(confirm_sales_order))
        .routes(routes!(cancel_sales_order))
}

/// A draft sales order; lines default from their product (name, unit, the price-list price,
/// sale taxes) and are computed as invoice lines are; discount rules add their lines.
#[utoipa::path(post, path = "/sales/orders", tag = "sales", security(("bearer" = [])),
    request_body = CreateSalesOrder,
    responses((status = 201, body = SalesOrderView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_sales_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateSalesOrder>,
) -> Created<SalesOrderView> {
    service::create_sales_order(&platform, &ctx, input)
        .await
        .map(created)
}

/// Sales orders, filtered on `state`, `partner_id`, `salesperson_id`, `warehouse_id`,
/// `product_id`, `quote_id`, the order date and `q`; sorted on `createdAt` (default),
/// `number`, `orderDate` or `amountTotal`.
#[utoipa::path(get, path = "/sales/orders", tag = "sales", security(("bearer" = [])),
    params(SalesOrderListQuery, PageParams),
    responses((status = 200, body = Page<SalesOrderView>), (status = 400, body = ErrorBody)))]
pub async fn list_sales_orders(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<SalesOrderListQuery>,
) -> ApiResult<Json<Page<SalesOrderView>>> {
    service::list_sales_orders(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/sales/orders/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = SalesOrderView), (status = 404, body = ErrorBody)))]
pub async fn get_sales_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<SalesOrderId>,
) -> ApiResult<Json<SalesOrderView>> {
    service::get_sales_order(&platform, &ctx, id)
        .await
        .map(Json)
}

/// Edits a draft (409 `sales_order_not_draft` once confirmed); the lines are priced again.
#[utoipa::path(patch, path = "/sales/orders/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateSalesOrder,
    responses((status = 200, body = SalesOrderView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_sales_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<SalesOrderId>,
    ApiJson(patch): ApiJson<UpdateSalesOrder>,
) -> ApiResult<Json<SalesOrderView>> {
    service::update_sales_order(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a draft (409 `sales_order_not_draft` once confirmed).
#[utoipa::path(delete, path = "/sales/orders/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_sales_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<SalesOrderId>,
) -> ApiResult<StatusCode> {
    service::delete_sales_order(&platform, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Confirms a draft: warnings (409 `sales_warning_block`), the client's credit limit (409
/// `credit_limit_exceeded` under the `block` policy), the promo code; numbers it
/// (`SO/2026/00001`) and, with `deliveryOnConfirm`, makes and confirms its delivery. The answer
/// adds the `warnings` that did not block.
#[utoipa::path(post, path = "/sales/orders/{id}/confirm", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ConfirmSalesOrder,
    responses((status = 200, body = ConfirmedSalesOrderView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn confirm_sales_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<SalesOrderId>,
    OptionalJson(input): OptionalJson<ConfirmSalesOrder>,
) -> ApiResult<Json<ConfirmedSalesOrderView>> {
    service::confirm_sales_order(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// Cancels an order before anything was delivered or invoiced (409 `order_has_deliveries`,
/// `order_has_invoices`); its open deliveries are cancelled with it.
#[utoipa::path(post, path = "/sales/orders/{id}/cancel", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CancelSalesOrder,
    responses((status = 200, body = SalesOrderView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_sales_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<SalesOrderId>,
    OptionalJson(input): OptionalJson<CancelSalesOrder>,
) -> ApiResult<Json<SalesOrderView>> {
    service::cancel_sales_order(&platform, &ctx, id, input)
        .await
        .map(Json)
}
