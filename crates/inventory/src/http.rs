//! Thin handlers of inventory: settings, warehouses, locations, stock moves, transfers and a
//! product's stock by location.

use arkan_kernel::ProductId;
use arkan_kernel::{
    AdjustmentId, CycleCountId, LocationId, ScrapId, StockMoveId, TransferId, WarehouseId,
};
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

/// Counted quantities at an internal location, booked at once against inventory loss.
#[utoipa::path(post, path = "/inventory/adjustments", tag = "inventory", security(("bearer" = [])),
    request_body = CreateAdjustment,
    responses((status = 201, body = AdjustmentView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_adjustment(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateAdjustment>,
) -> Created<AdjustmentView> {
    service::create_adjustment(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/inventory/adjustments", tag = "inventory", security(("bearer" = [])),
    params(AdjustmentListQuery, PageParams),
    responses((status = 200, body = Page<AdjustmentView>), (status = 400, body = ErrorBody)))]
pub async fn list_adjustments(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AdjustmentListQuery>,
) -> ApiResult<Json<Page<AdjustmentView>>> {
    service::list_adjustments(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/inventory/adjustments/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AdjustmentView), (status = 404, body = ErrorBody)))]
pub async fn get_adjustment(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AdjustmentId>,
) -> ApiResult<Json<AdjustmentView>> {
    service::get_adjustment(&platform, &ctx, id).await.map(Json)
}

/// Starts a cycle count session: a line per product (and lot) held in its scope.
#[utoipa::path(post, path = "/inventory/cycle-counts", tag = "inventory", security(("bearer" = [])),
    request_body = CreateCycleCount,
    responses((status = 201, body = CycleCountView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_cycle_count(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateCycleCount>,
) -> Created<CycleCountView> {
    service::create_cycle_count(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/inventory/cycle-counts", tag = "inventory", security(("bearer" = [])),
    params(CycleCountListQuery, PageParams),
    responses((status = 200, body = Page<CycleCountView>), (status = 400, body = ErrorBody)))]
pub async fn list_cycle_counts(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<CycleCountListQuery>,
) -> ApiResult<Json<Page<CycleCountView>>> {
    service::list_cycle_counts(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/inventory/cycle-counts/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CycleCountView), (status = 404, body = ErrorBody)))]
pub async fn get_cycle_count(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CycleCountId>,
) -> ApiResult<Json<CycleCountView>> {
    service::get_cycle_count(&platform, &ctx, id)
        .await
        .map(Json)
}

/// Counted quantities, line by line (a product at a location without a line gets one).
#[utoipa::path(post, path = "/inventory/cycle-counts/{id}/counts", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SubmitCounts,
    responses((status = 200, body = CycleCountView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn submit_counts(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CycleCountId>,
    ApiJson(input): ApiJson<SubmitCounts>,
) -> ApiResult<Json<CycleCountView>> {
    service::submit_counts(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// Books the counted lines as one adjustment: the session is `done`.
#[utoipa::path(post, path = "/inventory/cycle-counts/{id}/validate", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CycleCountView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn validate_cycle_count(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CycleCountId>,
) -> ApiResult<Json<CycleCountView>> {
    service::validate_cycle_count(&platform, &ctx, id)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/inventory/cycle-counts/{id}/cancel", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CycleCountView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_cycle_count(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CycleCountId>,
) -> ApiResult<Json<CycleCountView>> {
    service::cancel_cycle_count(&platform, &ctx, id)
        .await
        .map(Json)
}

/// A done stock move from scanned codes (product barcode or SKU, location barcodes).
#[utoipa::path(post, path = "/inventory/barcode/quick-move", tag = "inventory", security(("bearer" = [])),
    request_body = QuickMove,
    responses((status = 201, body = MoveView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn quick_move(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<QuickMove>,
) -> Created<MoveView> {
    service::quick_move(&platform, &ctx, input)
        .await
        .map(created)
}

/// Takes goods out of an internal location into scrap, with a reason; done at once.
#[utoipa::path(post, path = "/inventory/scrap", tag = "inventory", security(("bearer" = [])),
    request_body = CreateScrap,
    responses((status = 201, body = ScrapView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_scrap(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateScrap>,
) -> Created<ScrapView> {
    service::create_scrap(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/inventory/scrap", tag = "inventory", security(("bearer" = [])),
    params(ScrapListQuery, PageParams),
    responses((status = 200, body = Page<ScrapView>), (status = 400, body = ErrorBody)))]
pub async fn list_scraps(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ScrapListQuery>,
) -> ApiResult<Json<Page<ScrapView>>> {
    service::list_scraps(&platform, &ctx, query).await.map(Json)
}

#[utoipa::path(get, path = "/inventory/scrap/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ScrapView), (status = 404, body = ErrorBody)))]
pub async fn get_scrap(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ScrapId>,
) -> ApiResult<Json<ScrapView>> {
    service::get_scrap(&platform, &ctx, id).await.map(Json)
}

/// The standard scrap reasons and the company's own.
#[utoipa::path(get, path = "/inventory/scrap/reasons", tag = "inventory", security(("bearer" = [])),
    responses((status = 200, body = ScrapReasonList)))]
pub async fn list_scrap_reasons(
    State(platform): State<Platform>,
    ctx: Ctx,
) -> ApiResult<Json<ScrapReasonList>> {
    service::list_scrap_reasons(&platform, &ctx).await.map(Json)
}

#[utoipa::path(post, path = "/inventory/scrap/reasons", tag = "inventory", security(("bearer" = [])),
    request_body = CreateScrapReason,
    responses((status = 201, body = ScrapReasonView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_scrap_reason(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateScrapReason>,
) -> Created<ScrapReasonView> {
    service::create_scrap_reason(&platform, &ctx, input)
        .await
        .map(created)
}

/// The lots and serial numbers of the company's products.
#[utoipa::path(get, path = "/inventory/lots", tag = "inventory", security(("bearer" = [])),
    params(LotListQuery, PageParams),
    responses((status = 200, body = Page<LotView>), (status = 400, body = ErrorBody)))]
pub async fn list_lots(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<LotListQuery>,
) -> ApiResult<Json<Page<LotView>>> {
    service::list_lots(&platform, &ctx, query).await.map(Json)
}
// Putaway rules and routes.
mod rules;
pub use rules::*;

/// Always 409 `stock_adjustment_not_draft`: an adjustment is booked when made.
#[utoipa::path(patch, path = "/inventory/adjustments/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "Never: an adjustment is done when made"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_adjustment(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AdjustmentId>,
) -> ApiResult<StatusCode> {
    service::change_adjustment(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::OK)
}

/// Always 409 `stock_adjustment_not_draft`: an adjustment is booked when made.
#[utoipa::path(delete, path = "/inventory/adjustments/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204, description = "Never: an adjustment is done when made"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_adjustment(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AdjustmentId>,
) -> ApiResult<StatusCode> {
    service::change_adjustment(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

/// Renames a session in progress or changes its assignee.
#[utoipa::path(patch, path = "/inventory/cycle-counts/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateCycleCount,
    responses((status = 200, body = CycleCountView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_cycle_count(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CycleCountId>,
    ApiJson(patch): ApiJson<UpdateCycleCount>,
) -> ApiResult<Json<CycleCountView>> {
    service::update_cycle_count(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a session in progress (409 `cycle_count_not_in_progress` once done or cancelled).
#[utoipa::path(delete, path = "/inventory/cycle-counts/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_cycle_count(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CycleCountId>,
) -> ApiResult<StatusCode> {
    service::delete_cycle_count(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

/// Always 409 `scrap_not_draft`: a scrap order is done when made.
#[utoipa::path(patch, path = "/inventory/scrap/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "Never: a scrap order is done when made"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_scrap(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ScrapId>,
) -> ApiResult<StatusCode> {
    service::change_scrap(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::OK)
}

/// Always 409 `scrap_not_draft`: a scrap order is done when made.
#[utoipa::path(delete, path = "/inventory/scrap/{id}", tag = "inventory", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204, description = "Never: a scrap order is done when made"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_scrap(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ScrapId>,
) -> ApiResult<StatusCode> {
    service::change_scrap(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

// Valuation reports.
mod valuation;
pub use valuation::*;

// Landed costs.
mod landed_costs;
pub use landed_costs::*;
// Turnover, ABC, aging, dead stock and forecast reports.
mod reports;
pub use reports::*;
