//! Thin handlers of sales' quotes.

use arkan_kernel::QuoteId;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::orders::SalesOrderView;
use crate::api::quotes::*;
use crate::service::quotes as service;

/// The endpoints of this area.
pub(crate) fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(list_quotes, create_quote))
        .routes(routes!(get_quote, update_quote, delete_quote))
        .routes(routes!(send_quote))
        .routes(routes!(get_quote_pdf))
        .routes(routes!(accept_quote))
        .routes(routes!(decline_quote))
        .routes(routes!(cancel_quote))
        .routes(routes!(convert_quote))
}

/// A draft quote: lines as an order's (defaults from the product, priced as invoice lines),
/// `isOptional` ones left out of the amounts; `validUntil` defaults to the quote date plus the
/// settings' `quoteValidityDays`.
#[utoipa::path(post, path = "/sales/quotes", tag = "sales", security(("bearer" = [])),
    request_body = CreateQuote,
    responses((status = 201, body = QuoteView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_quote(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateQuote>,
) -> Created<QuoteView> {
    service::create_quote(&platform, &ctx, input)
        .await
        .map(created)
}

/// Quotes, filtered on `state` (`expired`: sent and past `validUntil`), `partner_id`,
/// `salesperson_id`, `deal_id`, the quote date and `q` (in the number); sorted on `createdAt`
/// (default), `number`, `quoteDate`, `validUntil` or `amountTotal`.
#[utoipa::path(get, path = "/sales/quotes", tag = "sales", security(("bearer" = [])),
    params(QuoteListQuery, PageParams),
    responses((status = 200, body = Page<QuoteView>), (status = 400, body = ErrorBody)))]
pub async fn list_quotes(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<QuoteListQuery>,
) -> ApiResult<Json<Page<QuoteView>>> {
    service::list_quotes(&platform, &ctx, query).await.map(Json)
}

#[utoipa::path(get, path = "/sales/quotes/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = QuoteView), (status = 404, body = ErrorBody)))]
pub async fn get_quote(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<QuoteId>,
) -> ApiResult<Json<QuoteView>> {
    service::get_quote(&platform, &ctx, id).await.map(Json)
}

/// Edits a draft (409 `quote_not_draft` once sent); the lines are priced again.
#[utoipa::path(patch, path = "/sales/quotes/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateQuote,
    responses((status = 200, body = QuoteView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_quote(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<QuoteId>,
    ApiJson(patch): ApiJson<UpdateQuote>,
) -> ApiResult<Json<QuoteView>> {
    service::update_quote(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

/// Deletes a draft (409 `quote_not_draft` once sent).
#[utoipa::path(delete, path = "/sales/quotes/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_quote(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<QuoteId>,
) -> ApiResult<StatusCode> {
    service::delete_quote(&platform, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sends a draft: numbers it (`QT/2026/00001`), renders and keeps its PDF, and records the
/// e-mail it goes to (default the client's); 409 `quote_not_draft` once sent.
#[utoipa::path(post, path = "/sales/quotes/{id}/send", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SendQuote,
    responses((status = 200, body = QuoteView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn send_quote(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<QuoteId>,
    OptionalJson(input): OptionalJson<SendQuote>,
) -> ApiResult<Json<QuoteView>> {
    service::send_quote(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// The PDF the quote was sent as (409 `quote_pdf_missing` before it is sent).
#[utoipa::path(get, path = "/sales/quotes/{id}/pdf", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "The quote as a PDF", content_type = "application/pdf"), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn get_quote_pdf(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<QuoteId>,
) -> ApiResult<Response> {
    let (name, content) = service::quote_pdf(&platform, &ctx, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        content,
    )
        .into_response())
}

/// Accepts a sent quote (409 `quote_expired` past `validUntil`, `quote_not_sent`): records who
/// and when, `signedBy`, and the optional lines chosen (the others are left out of the order).
#[utoipa::path(post, path = "/sales/quotes/{id}/accept", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AcceptQuote,
    responses((status = 200, body = QuoteView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn accept_quote(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<QuoteId>,
    OptionalJson(input): OptionalJson<AcceptQuote>,
) -> ApiResult<Json<QuoteView>> {
    service::accept_quote(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// Declines a sent (or expired) quote (409 `quote_not_sent`).
#[utoipa::path(post, path = "/sales/quotes/{id}/decline", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = DeclineQuote,
    responses((status = 200, body = QuoteView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn decline_quote(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<QuoteId>,
    OptionalJson(input): OptionalJson<DeclineQuote>,
) -> ApiResult<Json<QuoteView>> {
    service::decline_quote(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// Cancels a draft, sent, expired or accepted quote (409 `quote_not_cancellable`).
#[utoipa::path(post, path = "/sales/quotes/{id}/cancel", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = QuoteView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_quote(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<QuoteId>,
) -> ApiResult<Json<QuoteView>> {
    service::cancel_quote(&platform, &ctx, id).await.map(Json)
}

/// Converts a draft, sent or accepted quote into a draft order (`quoteId` set) of its lines
/// and the optional lines chosen, confirmed through the order's confirmation when `confirm`
/// (its checks and delivery); 409 `quote_expired`, `quote_not_convertible`.
#[utoipa::path(post, path = "/sales/quotes/{id}/convert-to-order", tag = "sales", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ConvertQuote,
    responses((status = 201, body = SalesOrderView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn convert_quote(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<QuoteId>,
    OptionalJson(input): OptionalJson<ConvertQuote>,
) -> Created<SalesOrderView> {
    service::convert_quote(&platform, &ctx, id, input)
        .await
        .map(created)
}
