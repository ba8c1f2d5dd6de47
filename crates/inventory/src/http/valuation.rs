//! Thin handlers of the valuation and standard cost variance reports.

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::ApiQuery;
use arkan_platform::{Ctx, Platform};
use axum::extract::State;
use axum::response::Response;

use crate::api::*;
use crate::service;

/// Inventory valuation as of a date.
///
/// The stock on hand of every storable product at the end of `as_of` and what it is worth by
/// its valuation layers; unfiltered, beside the balance of the stock valuation accounts on that
/// day (`difference` is 0 when the books agree). `warehouse_id` values a warehouse's quantities
/// at the product's unit cost. `format=csv|xlsx` answers the file.
#[utoipa::path(get, path = "/inventory/valuation", tag = "inventory", security(("bearer" = [])),
    params(ValuationQuery),
    responses((status = 200, description = "The report (JSON), or the file `format` asks for",
        content((ValuationReport = "application/json"), (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = ErrorBody)))]
pub async fn valuation(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ValuationQuery>,
) -> ApiResult<Response> {
    service::valuation(&platform, &ctx, query).await
}

/// Inventory valuation by category.
#[utoipa::path(get, path = "/inventory/valuation/by-category", tag = "inventory", security(("bearer" = [])),
    params(ValuationQuery),
    responses((status = 200, description = "The report (JSON), or the file `format` asks for",
        content((CategoryValuationReport = "application/json"), (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = ErrorBody)))]
pub async fn valuation_by_category(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ValuationQuery>,
) -> ApiResult<Response> {
    service::valuation_by_category(&platform, &ctx, query).await
}

/// Standard cost variances.
///
/// Receipts of standard-cost products from vendors in the period: the standard they were valued
/// at against the price paid (`variance` = actual − standard, posted to the price difference
/// account).
#[utoipa::path(get, path = "/inventory/standard-cost/variances", tag = "inventory", security(("bearer" = [])),
    params(VarianceQuery),
    responses((status = 200, description = "The report (JSON), or the file `format` asks for",
        content((VarianceReport = "application/json"), (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = ErrorBody)))]
pub async fn standard_cost_variances(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<VarianceQuery>,
) -> ApiResult<Response> {
    service::standard_cost_variances(&platform, &ctx, query).await
}
