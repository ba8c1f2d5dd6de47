//! Thin handlers of the turnover, ABC, aging, dead stock and forecast reports.

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::ApiQuery;
use arkan_platform::{Ctx, Platform};
use axum::extract::State;
use axum::response::Response;

use crate::api::*;
use crate::service;

/// Inventory turnover.
///
/// By product or category: the cost of what went to customers in the period (`cogs`, its out
/// layers), the value on hand before and after it, `turnover` = cogs / average value (2
/// decimals, null when the average is 0) and `daysOfInventory` = days in the period / turnover.
/// `format=csv|xlsx` answers the file.
#[utoipa::path(get, path = "/inventory/reports/turnover", tag = "inventory", security(("bearer" = [])),
    params(TurnoverQuery),
    responses((status = 200, description = "The report (JSON), or the file `format` asks for",
        content((TurnoverReport = "application/json"), (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = ErrorBody)))]
pub async fn turnover_report(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<TurnoverQuery>,
) -> ApiResult<Response> {
    service::turnover_report(&platform, &ctx, query).await
}

/// ABC classification.
///
/// Products by the value of what went to customers in the period, highest first: class A
/// while the products before one hold less than `a` percent of the total, B less than `b`,
/// the rest (and the products nothing went out of) C.
#[utoipa::path(get, path = "/inventory/reports/abc", tag = "inventory", security(("bearer" = [])),
    params(AbcQuery),
    responses((status = 200, description = "The report (JSON), or the file `format` asks for",
        content((AbcReport = "application/json"), (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = ErrorBody)))]
pub async fn abc_report(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AbcQuery>,
) -> ApiResult<Response> {
    service::abc_report(&platform, &ctx, query).await
}

/// Inventory aging.
///
/// The quantity on hand at the end of `as_of`, taken from the newest receipts first, by the
/// receipts' age in days (0-30, 31-60, 61-90, 91-180, over 180).
#[utoipa::path(get, path = "/inventory/reports/aging", tag = "inventory", security(("bearer" = [])),
    params(AgingQuery),
    responses((status = 200, description = "The report (JSON), or the file `format` asks for",
        content((AgingReport = "application/json"), (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = ErrorBody)))]
pub async fn aging_report(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AgingQuery>,
) -> ApiResult<Response> {
    service::aging_report(&platform, &ctx, query).await
}

/// Dead stock.
///
/// The products with stock on hand at the end of `as_of` that nothing went out of (no done
/// move out of the company's locations) in the `days` up to it.
#[utoipa::path(get, path = "/inventory/reports/dead-stock", tag = "inventory", security(("bearer" = [])),
    params(DeadStockQuery),
    responses((status = 200, description = "The report (JSON), or the file `format` asks for",
        content((DeadStockReport = "application/json"), (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = ErrorBody)))]
pub async fn dead_stock_report(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<DeadStockQuery>,
) -> ApiResult<Response> {
    service::dead_stock_report(&platform, &ctx, query).await
}

/// Demand forecast.
///
/// What went to customers in each of the last `history_months` full months, the next
/// `horizon_months` (from the current month) forecast by a moving average or Holt's linear
/// exponential smoothing, and what to order beside the stock available and incoming.
#[utoipa::path(get, path = "/inventory/reports/forecast", tag = "inventory", security(("bearer" = [])),
    params(ForecastQuery),
    responses((status = 200, description = "The report (JSON), or the file `format` asks for",
        content((ForecastReport = "application/json"), (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = ErrorBody)))]
pub async fn forecast_report(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ForecastQuery>,
) -> ApiResult<Response> {
    service::forecast_report(&platform, &ctx, query).await
}
