//! Thin handlers of vendor rating.

use arkan_kernel::PartnerId;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiPath, ApiQuery};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;

use crate::api::*;
use crate::service;

/// Vendors ranked by their score over the period (default the last twelve months): on-time
/// receipts 30 %, quantity accuracy 20 %, quality 25 %, price against RFQ averages 15 %, RFQ
/// response 10 % (the crate README has the formula).
#[utoipa::path(get, path = "/inventory/vendor-rating/ranking", tag = "purchasing", security(("bearer" = [])),
    params(RatingQuery),
    responses((status = 200, body = VendorRanking), (status = 400, body = ErrorBody)))]
pub async fn vendor_ranking(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<RatingQuery>,
) -> ApiResult<Json<VendorRanking>> {
    service::vendor_ranking(&platform, &ctx, query)
        .await
        .map(Json)
}

/// A vendor's scorecard over the period: metrics, counts, its rank and its score month by
/// month.
#[utoipa::path(get, path = "/inventory/vendor-rating/{vendor_id}", tag = "purchasing", security(("bearer" = [])),
    params(("vendor_id" = Uuid, Path), RatingQuery),
    responses((status = 200, body = VendorScorecard), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn vendor_scorecard(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(vendor): ApiPath<PartnerId>,
    ApiQuery(query): ApiQuery<RatingQuery>,
) -> ApiResult<Json<VendorScorecard>> {
    service::vendor_scorecard(&platform, &ctx, vendor, query)
        .await
        .map(Json)
}
