//! Thin handlers of RFQs and vendor quotes.

use arkan_kernel::RfqId;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::api::*;
use crate::service;

/// A draft RFQ to the vendors named: lines with a product or a description, a quantity and
/// a unit (default the product's purchase unit).
#[utoipa::path(post, path = "/inventory/rfqs", tag = "purchasing", security(("bearer" = [])),
    request_body = CreateRfq,
    responses((status = 201, body = RfqView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_rfq(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateRfq>,
) -> Created<RfqView> {
    service::create_rfq(&platform, &ctx, input)
        .await
        .map(created)
}

/// RFQs, filtered on `state`, `partner_id` (a vendor asked), `warehouse_id`, the creation
/// day and `q` (number, notes); sorted on `createdAt` (default) or `number`.
#[utoipa::path(get, path = "/inventory/rfqs", tag = "purchasing", security(("bearer" = [])),
    params(RfqListQuery, PageParams),
    responses((status = 200, body = Page<RfqView>), (status = 400, body = ErrorBody)))]
pub async fn list_rfqs(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<RfqListQuery>,
) -> ApiResult<Json<Page<RfqView>>> {
    service::list_rfqs(&platform, &ctx, query).await.map(Json)
}

/// An RFQ with its lines, its quotes and the purchase orders awarded from it.
#[utoipa::path(get, path = "/inventory/rfqs/{id}", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = RfqView), (status = 404, body = ErrorBody)))]
pub async fn get_rfq(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<RfqId>,
) -> ApiResult<Json<RfqView>> {
    service::get_rfq(&platform, &ctx, id).await.map(Json)
}

/// Edits a draft (409 `rfq_not_draft` once sent); `lines` replaces every line.
#[utoipa::path(patch, path = "/inventory/rfqs/{id}", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateRfq,
    responses((status = 200, body = RfqView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_rfq(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<RfqId>,
    ApiJson(patch): ApiJson<UpdateRfq>,
) -> ApiResult<Json<RfqView>> {
    service::update_rfq(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a draft (409 `rfq_not_draft` once sent).
#[utoipa::path(delete, path = "/inventory/rfqs/{id}", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_rfq(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<RfqId>,
) -> ApiResult<StatusCode> {
    service::delete_rfq(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

/// `draft -> sent`, numbered `RFQ/2026/00001`: quotes may now be entered.
#[utoipa::path(post, path = "/inventory/rfqs/{id}/send", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = RfqView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn send_rfq(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<RfqId>,
) -> ApiResult<Json<RfqView>> {
    service::send_rfq(&platform, &ctx, id).await.map(Json)
}

/// `draft|sent -> cancelled` (`{reason?}`, or no body); 409 `rfq_closed` when closed or
/// cancelled.
#[utoipa::path(post, path = "/inventory/rfqs/{id}/cancel", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Option<CancelDocument>,
    responses((status = 200, body = RfqView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_rfq(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<RfqId>,
    OptionalJson(input): OptionalJson<CancelDocument>,
) -> ApiResult<Json<RfqView>> {
    service::cancel_rfq(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// A vendor's quote entered by staff (`source` `staff`): 201, or 200 when it replaces the
/// vendor's former quote (which keeps its `submittedAt`). The vendor must be one the RFQ
/// asked, the currency the RFQ's; 409 `rfq_not_sent` on a draft, `rfq_closed` once closed.
#[utoipa::path(post, path = "/inventory/rfqs/{id}/quotes", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SubmitQuote,
    responses((status = 201, body = QuoteView), (status = 200, body = QuoteView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn submit_quote(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<RfqId>,
    ApiJson(input): ApiJson<SubmitQuote>,
) -> ApiResult<(StatusCode, Json<QuoteView>)> {
    let (replaced, quote) = service::submit_quote(&platform, &ctx, id, input).await?;
    let status = if replaced {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(quote)))
}

/// The quotes side by side: per line every offer (net unit price) and the cheapest vendor;
/// overall the cheapest quote pricing every line, the fastest and the best scored (score:
/// see the crate README).
#[utoipa::path(get, path = "/inventory/rfqs/{id}/compare", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ComparisonView), (status = 404, body = ErrorBody)))]
pub async fn compare_rfq(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<RfqId>,
) -> ApiResult<Json<ComparisonView>> {
    service::compare_rfq(&platform, &ctx, id).await.map(Json)
}

/// A quote (every line it prices still open, or `lineIds`) to a draft purchase order with
/// `rfqId`, at the quote's prices; the RFQ closes once every line is awarded. 409
/// `rfq_line_awarded` for a line already on a purchase order.
#[utoipa::path(post, path = "/inventory/rfqs/{id}/award", tag = "purchasing", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AwardQuote,
    responses((status = 201, body = PurchaseOrderView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn award_rfq(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<RfqId>,
    ApiJson(input): ApiJson<AwardQuote>,
) -> Created<PurchaseOrderView> {
    service::award_rfq(&platform, &ctx, id, input)
        .await
        .map(created)
}
