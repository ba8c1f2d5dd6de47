//! Thin handlers of units of measure, product categories and products.

use arkan_kernel::{ProductCategoryId, ProductId};
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::service;

/// Every unit of the company, on one page.
#[utoipa::path(get, path = "/inventory/uoms", tag = "inventory", security(("bearer" = [])),
    responses((status = 200, body = Page<UomView>)))]
pub async fn list_uoms(
    State(platform): State<Platform>,
    ctx: Ctx,
) -> ApiResult<Json<Page<UomView>>> {
    service::list_uoms(&platform, &ctx).await.map(Json)
}

/// A new unit (409 `uom_code_taken` when the code is the company's already).
#[utoipa::path(post, path = "/inventory/uoms", tag = "inventory", security(("bearer" = [])),
    request_body = CreateUom,
    responses((status = 201, body = UomView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_uom(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateUom>,
) -> Created<UomView> {
    service::create_uom(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/inventory/uoms/{code}", tag = "inventory", security(("bearer" = [])),
    params(("code" = String, Path)),
    responses((status = 200, body = UomView), (status = 404, body = ErrorBody)))]
pub async fn get_uom(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<Json<UomView>> {
    service::get_uom(&platform, &ctx, &code).await.map(Json)
}

#[utoipa::path(get, path = "/inventory/categories", tag = "inventory", security(("bearer" = [])),
    params(CategoryListQuery, PageParams),
    responses((status = 200, body = Page<CategoryView>), (status = 400, body = ErrorBody)))]
pub async fn list_categories(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<CategoryListQuery>,
) -> ApiResult<Json<Page<CategoryView>>> {
    service::list_categories(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/inventory/categories", tag = "inventory", security(("bearer" = [])),
    request_body = CreateCategory,
    responses((status = 201, body = CategoryView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_category(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateCategory>,
) -> Created<CategoryView> {
    service::create_category(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/inventory/categories/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CategoryView), (status = 404, body = ErrorBody)))]
pub async fn get_category(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProductCategoryId>,
) -> ApiResult<Json<CategoryView>> {
    service::get_category(&platform, &ctx, id).await.map(Json)
}

/// A parent that would put the category under itself is refused (400 `parentId`).
#[utoipa::path(patch, path = "/inventory/categories/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateCategory,
    responses((status = 200, body = CategoryView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_category(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProductCategoryId>,
    ApiJson(patch): ApiJson<UpdateCategory>,
) -> ApiResult<Json<CategoryView>> {
    service::update_category(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a category no product or sub-category names (409 `product_category_in_use`).
#[utoipa::path(delete, path = "/inventory/categories/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_category(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProductCategoryId>,
) -> ApiResult<StatusCode> {
    service::delete_category(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/inventory/products", tag = "inventory", security(("bearer" = [])),
    params(ProductListQuery, PageParams),
    responses((status = 200, body = Page<ProductView>), (status = 400, body = ErrorBody)))]
pub async fn list_products(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ProductListQuery>,
) -> ApiResult<Json<Page<ProductView>>> {
    service::list_products(&platform, &ctx, query)
        .await
        .map(Json)
}

/// A new product (409 `product_sku_taken`, `product_barcode_taken`).
#[utoipa::path(post, path = "/inventory/products", tag = "inventory", security(("bearer" = [])),
    request_body = CreateProduct,
    responses((status = 201, body = ProductView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_product(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateProduct>,
) -> Created<ProductView> {
    service::create_product(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/inventory/products/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path), ProductQuery),
    responses((status = 200, body = ProductView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_product(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProductId>,
    ApiQuery(query): ApiQuery<ProductQuery>,
) -> ApiResult<Json<ProductView>> {
    service::get_product(&platform, &ctx, id, query)
        .await
        .map(Json)
}

#[utoipa::path(patch, path = "/inventory/products/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateProduct,
    responses((status = 200, body = ProductView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_product(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProductId>,
    ApiJson(patch): ApiJson<UpdateProduct>,
) -> ApiResult<Json<ProductView>> {
    service::update_product(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a product nothing else names (409 `product_in_use`: archive it with `active: false`).
#[utoipa::path(delete, path = "/inventory/products/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_product(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProductId>,
) -> ApiResult<StatusCode> {
    service::delete_product(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}
