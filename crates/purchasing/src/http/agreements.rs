//! Thin handlers of purchase agreements (tenders) and bids.

use arkan_kernel::PurchaseAgreementId;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::service;

/// A draft tender: a title, a deadline (instant), lines, and optionally the vendors invited
/// (none: any vendor may bid).
#[utoipa::path(post, path = "/inventory/purchase-agreements", tag = "purchasing", security(("bearer" = [])),
    request_body = CreateAgreement,
    responses((status = 201, body = AgreementView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_agreement(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateAgreement>,
) -> Created<AgreementView> {
    service::create_agreement(&platform, &ctx, input)
        .await
        .map(created)
}

/// Tenders, filtered on `state`, `partner_id` (a vendor invited), the creation day and `q`
/// (number, title); sorted on `createdAt` (default), `number` or `deadline`.
#[utoipa::path(get, path = "/inventory/purchase-agreements", tag = "purchasing", security(("bearer" = [])),
    params(AgreementListQuery, PageParams),
    responses((status = 200, body = Page<AgreementView>), (status = 400, body = ErrorBody)))]
pub async fn list_agreements(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AgreementListQuery>,
) -> ApiResult<Json<Page<AgreementView>>> {
    service::list_agreements(&platform, &ctx, query)
        .await
        .map(Json)
}

/// A tender: `bidCount` always, `bids` only once the evaluation started (sealed while open).
#[utoipa::path(get, path = "/inventory/purchase-agreements/{id}", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AgreementView), (status = 404, body = ErrorBody)))]
pub async fn get_agreement(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseAgreementId>,
) -> ApiResult<Json<AgreementView>> {
    service::get_agreement(&platform, &ctx, id).await.map(Json)
}

/// Edits a draft (409 `purchase_agreement_not_draft` once opened); `lines` replaces every
/// line.
#[utoipa::path(patch, path = "/inventory/purchase-agreements/{id}", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateAgreement,
    responses((status = 200, body = AgreementView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_agreement(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseAgreementId>,
    ApiJson(patch): ApiJson<UpdateAgreement>,
) -> ApiResult<Json<AgreementView>> {
    service::update_agreement(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a draft (409 `purchase_agreement_not_draft` once opened).
#[utoipa::path(delete, path = "/inventory/purchase-agreements/{id}", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_agreement(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseAgreementId>,
) -> ApiResult<StatusCode> {
    service::delete_agreement(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

/// `draft -> open`, numbered `TND/2026/00001`: bids are taken until the deadline (which
/// must be ahead, 400 otherwise).
#[utoipa::path(post, path = "/inventory/purchase-agreements/{id}/open", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AgreementView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn open_agreement(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseAgreementId>,
) -> ApiResult<Json<AgreementView>> {
    service::open_agreement(&platform, &ctx, id).await.map(Json)
}

/// `draft|open|evaluation -> cancelled` (`{reason?}`, or no body); 409
/// `purchase_agreement_closed` when awarded or cancelled.
#[utoipa::path(post, path = "/inventory/purchase-agreements/{id}/cancel", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Option<CancelDocument>,
    responses((status = 200, body = AgreementView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_agreement(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseAgreementId>,
    OptionalJson(input): OptionalJson<CancelDocument>,
) -> ApiResult<Json<AgreementView>> {
    service::cancel_agreement(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// A vendor's bid entered by staff: 201, or 200 when it revises the vendor's bid (until the
/// deadline). 409 `tender_not_open` when the tender is not open or its deadline passed.
#[utoipa::path(post, path = "/inventory/purchase-agreements/{id}/bids", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SubmitBid,
    responses((status = 201, body = BidView), (status = 200, body = BidView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn submit_bid(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseAgreementId>,
    ApiJson(input): ApiJson<SubmitBid>,
) -> ApiResult<(StatusCode, Json<BidView>)> {
    let (revised, bid) = service::submit_bid(&platform, &ctx, id, input).await?;
    let status = if revised {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(bid)))
}

/// `open -> evaluation`: bidding closes and every bid is scored with the weights (default
/// price 60, lead time 20, rating 20; formula in the crate README); the bids are shown.
#[utoipa::path(post, path = "/inventory/purchase-agreements/{id}/evaluate", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Option<EvaluateAgreement>,
    responses((status = 200, body = AgreementView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn evaluate_agreement(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseAgreementId>,
    OptionalJson(input): OptionalJson<EvaluateAgreement>,
) -> ApiResult<Json<AgreementView>> {
    service::evaluate_agreement(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// `evaluation -> awarded`: `{partnerId}` (every line) or `{lines: [{lineId, partnerId}]}`;
/// a draft purchase order with `agreementId` per vendor, at its bid's prices.
#[utoipa::path(post, path = "/inventory/purchase-agreements/{id}/award", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AwardAgreement,
    responses((status = 200, body = AgreementView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn award_agreement(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseAgreementId>,
    ApiJson(input): ApiJson<AwardAgreement>,
) -> ApiResult<Json<AgreementView>> {
    service::award_agreement(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// The bids side by side, as an RFQ's quotes (`bidId`), with the scores of the evaluation;
/// 409 `bids_sealed` while the tender is open.
#[utoipa::path(get, path = "/inventory/purchase-agreements/{id}/compare", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ComparisonView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn compare_agreement(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PurchaseAgreementId>,
) -> ApiResult<Json<ComparisonView>> {
    service::compare_agreement(&platform, &ctx, id)
        .await
        .map(Json)
}
