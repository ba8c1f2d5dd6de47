//! Thin handlers of inventory: settings, warehouses, locations, stock moves, transfers and a
//! product's stock by location.

use arkan_kernel::ProductId;
use arkan_kernel::{LocationId, StockMoveId, TransferId, WarehouseId};
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::service;

#[utoipa::path(get, path = "/inventory/settings", tag = "inventory", security(("bearer" = [])),
    responses((status = 200, body = SettingsView)))]
pub async fn get_settings(
    State(platform): State<Platform>,
    ctx: Ctx,
) -> ApiResult<Json<SettingsView>> {
    service::get_settings(&platform, &ctx).await.map(Json)
}

#[utoipa::path(patch, path = "/inventory/settings", tag = "inventory", security(("bearer" = [])),
    request_body = UpdateSettings,
    responses((status = 200, body = SettingsView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn update_settings(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(patch): ApiJson<UpdateSettings>,
) -> ApiResult<Json<SettingsView>> {
    service::update_settings(&platform, &ctx, patch)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/inventory/warehouses", tag = "inventory", security(("bearer" = [])),
    params(WarehouseListQuery, PageParams),
    responses((status = 200, body = Page<WarehouseView>), (status = 400, body = ErrorBody)))]
pub async fn list_warehouses(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<WarehouseListQuery>,
) -> ApiResult<Json<Page<WarehouseView>>> {
    service::list_warehouses(&platform, &ctx, query)
        .await
        .map(Json)
}

/// A warehouse and its locations (view, stock, input, quality control, packing, output).
#[utoipa::path(post, path = "/inventory/warehouses", tag = "inventory", security(("bearer" = [])),
    request_body = CreateWarehouse,
    responses((status = 201, body = WarehouseView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_warehouse(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateWarehouse>,
) -> Created<WarehouseView> {
    service::create_warehouse(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/inventory/warehouses/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = WarehouseView), (status = 404, body = ErrorBody)))]
pub async fn get_warehouse(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<WarehouseId>,
) -> ApiResult<Json<WarehouseView>> {
    service::get_warehouse(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/inventory/warehouses/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateWarehouse,
    responses((status = 200, body = WarehouseView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_warehouse(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<WarehouseId>,
    ApiJson(patch): ApiJson<UpdateWarehouse>,
) -> ApiResult<Json<WarehouseView>> {
    service::update_warehouse(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a warehouse and its locations while no stock has moved through them (409
/// `warehouse_in_use`).
#[utoipa::path(delete, path = "/inventory/warehouses/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_warehouse(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<WarehouseId>,
) -> ApiResult<StatusCode> {
    service::delete_warehouse(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/inventory/locations", tag = "inventory", security(("bearer" = [])),
    params(LocationListQuery, PageParams),
    responses((status = 200, body = Page<LocationView>), (status = 400, body = ErrorBody)))]
pub async fn list_locations(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<LocationListQuery>,
) -> ApiResult<Json<Page<LocationView>>> {
    service::list_locations(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/inventory/locations", tag = "inventory", security(("bearer" = [])),
    request_body = CreateLocation,
    responses((status = 201, body = LocationView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_location(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateLocation>,
) -> Created<LocationView> {
    service::create_location(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/inventory/locations/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = LocationView), (status = 404, body = ErrorBody)))]
pub async fn get_location(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LocationId>,
) -> ApiResult<Json<LocationView>> {
    service::get_location(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/inventory/locations/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateLocation,
    responses((status = 200, body = LocationView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_location(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LocationId>,
    ApiJson(patch): ApiJson<UpdateLocation>,
) -> ApiResult<Json<LocationView>> {
    service::update_location(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a location nothing names (409 `location_in_use`: archive it instead).
#[utoipa::path(delete, path = "/inventory/locations/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_location(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<LocationId>,
) -> ApiResult<StatusCode> {
    service::delete_location(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/inventory/products/{id}/stock", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path), StockQuery),
    responses((status = 200, body = ProductStockView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn product_stock(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProductId>,
    ApiQuery(query): ApiQuery<StockQuery>,
) -> ApiResult<Json<ProductStockView>> {
    service::product_stock(&platform, &ctx, id, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/inventory/moves", tag = "inventory", security(("bearer" = [])),
    params(MoveListQuery, PageParams),
    responses((status = 200, body = Page<MoveView>), (status = 400, body = ErrorBody)))]
pub async fn list_moves(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<MoveListQuery>,
) -> ApiResult<Json<Page<MoveView>>> {
    service::list_moves(&platform, &ctx, query).await.map(Json)
}

/// A stock move, a draft unless `validate` (then confirmed, reserved and done at once; 409
/// `insufficient_stock` when the source lacks it).
#[utoipa::path(post, path = "/inventory/moves", tag = "inventory", security(("bearer" = [])),
    request_body = CreateMove,
    responses((status = 201, body = MoveView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_move(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateMove>,
) -> Created<MoveView> {
    service::create_move(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/inventory/moves/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = MoveView), (status = 404, body = ErrorBody)))]
pub async fn get_move(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StockMoveId>,
) -> ApiResult<Json<MoveView>> {
    service::get_move(&platform, &ctx, id).await.map(Json)
}

/// `draft -> confirmed`, then `assigned` when the source has the quantity free.
#[utoipa::path(post, path = "/inventory/moves/{id}/confirm", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = MoveView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn confirm_move(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StockMoveId>,
) -> ApiResult<Json<MoveView>> {
    service::confirm_move(&platform, &ctx, id).await.map(Json)
}

/// Tries the reservation again.
#[utoipa::path(post, path = "/inventory/moves/{id}/assign", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = MoveView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn assign_move(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StockMoveId>,
) -> ApiResult<Json<MoveView>> {
    service::assign_move(&platform, &ctx, id).await.map(Json)
}

/// Does the move, or `quantity` of it: the rest becomes a backorder move.
#[utoipa::path(post, path = "/inventory/moves/{id}/done", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = DoneMove,
    responses((status = 200, body = MoveView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn done_move(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StockMoveId>,
    OptionalJson(input): OptionalJson<DoneMove>,
) -> ApiResult<Json<MoveView>> {
    service::done_move(&platform, &ctx, id, input)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/inventory/moves/{id}/cancel", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = MoveView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_move(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StockMoveId>,
) -> ApiResult<Json<MoveView>> {
    service::cancel_move(&platform, &ctx, id).await.map(Json)
}

/// Moves several products between two locations, done at once unless `validate` is false;
/// between warehouses through transit, with an arrival transfer at the destination.
#[utoipa::path(post, path = "/inventory/moves/transfer", tag = "inventory", security(("bearer" = [])),
    request_body = CreateTransfer,
    responses((status = 201, body = TransferView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_transfer(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateTransfer>,
) -> Created<TransferView> {
    service::create_transfer(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/inventory/transfers", tag = "inventory", security(("bearer" = [])),
    params(TransferListQuery, PageParams),
    responses((status = 200, body = Page<TransferView>), (status = 400, body = ErrorBody)))]
pub async fn list_transfers(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<TransferListQuery>,
) -> ApiResult<Json<Page<TransferView>>> {
    service::list_transfers(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/inventory/transfers/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = TransferView), (status = 404, body = ErrorBody)))]
pub async fn get_transfer(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<TransferId>,
) -> ApiResult<Json<TransferView>> {
    service::get_transfer(&platform, &ctx, id).await.map(Json)
}

/// Confirms a draft transfer, or tries the reservation of a confirmed one again.
#[utoipa::path(post, path = "/inventory/transfers/{id}/confirm", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = TransferView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn confirm_transfer(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<TransferId>,
) -> ApiResult<Json<TransferView>> {
    service::confirm_transfer(&platform, &ctx, id)
        .await
        .map(Json)
}

/// Does the lines (all, or as given); what is not done goes to a backorder transfer unless
/// `backorder` is false.
#[utoipa::path(post, path = "/inventory/transfers/{id}/validate", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ValidateTransfer,
    responses((status = 200, body = TransferView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn validate_transfer(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<TransferId>,
    OptionalJson(input): OptionalJson<ValidateTransfer>,
) -> ApiResult<Json<TransferView>> {
    service::validate_transfer(&platform, &ctx, id, input)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/inventory/transfers/{id}/cancel", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = TransferView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_transfer(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<TransferId>,
) -> ApiResult<Json<TransferView>> {
    service::cancel_transfer(&platform, &ctx, id)
        .await
        .map(Json)
}

// Putaway rules and routes.
mod rules;
pub use rules::*;
