//! Handlers of invoices, bills and credit notes.

use super::*;

/// List invoices, bills and credit notes.
///
/// `sort`: `createdAt` (default), `date` (the invoice date), `number` (drafts, which have none,
/// come first ascending and last descending) or `amountTotal` (in minor units of each document's
/// currency); ties are broken by id.
#[utoipa::path(get, path = "/accounting/invoices", tag = "accounting", security(("bearer" = [])), params(InvoiceListQuery, PageParams),
    responses((status = 200, body = Page<InvoiceView>), (status = 400, body = ErrorBody)))]
pub async fn list_invoices(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<InvoiceListQuery>,
) -> ApiResult<Json<Page<InvoiceView>>> {
    service::invoices::list_invoices(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/invoices", tag = "accounting", security(("bearer" = [])), request_body = CreateInvoice,
    responses((status = 201, body = InvoiceView), (status = 400, body = ErrorBody)))]
pub async fn create_invoice(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateInvoice>,
) -> Created<InvoiceView> {
    service::invoices::create_invoice(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/invoices/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceView), (status = 404, body = ErrorBody)))]
pub async fn get_invoice(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<InvoiceId>,
) -> ApiResult<Json<InvoiceView>> {
    service::invoices::get_invoice(&platform, &ctx, id)
        .await
        .map(Json)
}

#[utoipa::path(patch, path = "/accounting/invoices/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateInvoice,
    responses((status = 200, body = InvoiceView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_invoice(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<InvoiceId>,
    ApiJson(patch): ApiJson<UpdateInvoice>,
) -> ApiResult<Json<InvoiceView>> {
    service::invoices::update_invoice(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/accounting/invoices/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_invoice(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<InvoiceId>,
) -> ApiResult<StatusCode> {
    service::invoices::delete_invoice(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

/// Post a draft invoice, bill or credit note.
///
/// The body is optional. A bill made from a purchase order is posted only when its three-way
/// match holds (409 `three_way_match_failed`), unless `overrideMatch` is true (owner, admin or
/// accountant).
#[utoipa::path(post, path = "/accounting/invoices/{id}/post", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = Option<PostInvoice>,
    responses((status = 200, body = InvoiceView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn post_invoice(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<InvoiceId>,
    OptionalJson(input): OptionalJson<PostInvoice>,
) -> ApiResult<Json<InvoiceView>> {
    service::invoices::post_invoice(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// Cancel a posted invoice or bill with a credit note for its open amount.
///
/// The body is optional: `date` dates the credit note (at that date's rate; default the
/// invoice's date and rate), `reason` becomes its reference.
#[utoipa::path(post, path = "/accounting/invoices/{id}/cancel", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = Option<CancelInvoice>,
    responses((status = 200, body = InvoiceView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cancel_invoice(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<InvoiceId>,
    OptionalJson(input): OptionalJson<CancelInvoice>,
) -> ApiResult<Json<InvoiceView>> {
    service::invoices::cancel_invoice(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// Create a credit note for part of a posted invoice or bill.
///
/// By `lines` or by `amount`; with neither (or without a body) it credits the whole open
/// amount (409 `invoice_paid` when nothing is open).
#[utoipa::path(post, path = "/sales/billing/credit-note/{invoice_id}", tag = "accounting", security(("bearer" = [])),
    params(("invoice_id" = Uuid, Path)), request_body = Option<CreditNoteRequest>,
    responses((status = 201, body = InvoiceView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn partial_credit_note(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(invoice_id): ApiPath<InvoiceId>,
    OptionalJson(input): OptionalJson<CreditNoteRequest>,
) -> Created<InvoiceView> {
    service::invoices::partial_credit_note(&platform, &ctx, invoice_id, input)
        .await
        .map(created)
}

/// Set a posted credit note against posted open documents of the same partner, side and
/// currency (netting).
///
/// A customer credit note settles customer invoices, a vendor credit note vendor bills; both
/// documents' `amountPaid`, `amountDue` and `paymentState` follow. Nothing is posted unless the
/// two documents' rates differ (then the exchange difference is). Answers the credit note with
/// its `allocations`.
#[utoipa::path(post, path = "/accounting/invoices/{id}/allocate", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = AllocateCreditNote,
    responses((status = 200, body = InvoiceView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn allocate_credit_note(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<InvoiceId>,
    ApiJson(input): ApiJson<AllocateCreditNote>,
) -> ApiResult<Json<InvoiceView>> {
    service::netting::allocate_credit_note(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// Take back the setting of a credit note against a document.
///
/// Both are open again for its amount; an exchange difference it realised is reversed.
#[utoipa::path(delete, path = "/accounting/invoices/{id}/allocations/{invoice_id}", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("invoice_id" = Uuid, Path)),
    responses((status = 204, description = "The setting is taken back"), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn unallocate_credit_note(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, invoice_id)): ApiPath<(InvoiceId, InvoiceId)>,
) -> ApiResult<StatusCode> {
    service::netting::unallocate_credit_note(&platform, &ctx, id, invoice_id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}
