//! Thin handlers of the ledger.

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use uuid::Uuid;

use crate::api::*;
use crate::service::{aging, invoices, payments};

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
    invoices::list_invoices(&platform, &ctx, query)
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
    invoices::create_invoice(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/invoices/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceView), (status = 404, body = ErrorBody)))]
pub async fn get_invoice(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<InvoiceView>> {
    invoices::get_invoice(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/accounting/invoices/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateInvoice,
    responses((status = 200, body = InvoiceView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_invoice(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(patch): ApiJson<UpdateInvoice>,
) -> ApiResult<Json<InvoiceView>> {
    invoices::update_invoice(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/accounting/invoices/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_invoice(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    invoices::delete_invoice(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/accounting/invoices/{id}/post", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn post_invoice(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<InvoiceView>> {
    invoices::post_invoice(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(post, path = "/accounting/invoices/{id}/cancel", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceView), (status = 409, body = ErrorBody)))]
pub async fn cancel_invoice(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<InvoiceView>> {
    invoices::cancel_invoice(&platform, &ctx, id)
        .await
        .map(Json)
}

/// List payments.
///
/// `sort`: `createdAt` (default), `date`, `number` (drafts, which have none, come first
/// ascending and last descending) or `amount` (in minor units of each payment's currency); ties
/// are broken by id.
#[utoipa::path(get, path = "/accounting/payments", tag = "accounting", security(("bearer" = [])), params(PaymentListQuery, PageParams),
    responses((status = 200, body = Page<PaymentView>), (status = 400, body = ErrorBody)))]
pub async fn list_payments(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PaymentListQuery>,
) -> ApiResult<Json<Page<PaymentView>>> {
    payments::list_payments(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/payments", tag = "accounting", security(("bearer" = [])), request_body = CreatePayment,
    responses((status = 201, body = PaymentView), (status = 400, body = ErrorBody)))]
pub async fn create_payment(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreatePayment>,
) -> Created<PaymentView> {
    payments::create_payment(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/payments/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = PaymentView), (status = 404, body = ErrorBody)))]
pub async fn get_payment(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<PaymentView>> {
    payments::get_payment(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(post, path = "/accounting/payments/{id}/post", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = PaymentView), (status = 409, body = ErrorBody)))]
pub async fn post_payment(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<PaymentView>> {
    payments::post_payment(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(post, path = "/accounting/payments/{id}/allocate", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = AllocatePayment,
    responses((status = 200, body = PaymentView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn allocate_payment(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AllocatePayment>,
) -> ApiResult<Json<PaymentView>> {
    payments::allocate_payment(&platform, &ctx, id, input)
        .await
        .map(Json)
}

/// Take back the allocation of a payment to an invoice.
///
/// The invoice is open again for that amount and the payment has it unallocated; an exchange
/// difference the allocation realised is reversed.
#[utoipa::path(delete, path = "/accounting/payments/{id}/allocations/{invoice_id}", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("invoice_id" = Uuid, Path)),
    responses((status = 204, description = "The allocation is taken back"), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn unallocate_payment(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, invoice_id)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    payments::unallocate_payment(&platform, &ctx, id, invoice_id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/accounting/reports/aged-receivables", tag = "accounting", security(("bearer" = [])), params(AgingQuery),
    responses((status = 200, body = AgingReport), (status = 400, body = ErrorBody)))]
pub async fn aged_receivables(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AgingQuery>,
) -> ApiResult<Json<AgingReport>> {
    aging::aging(&platform, &ctx, query, true).await.map(Json)
}

#[utoipa::path(get, path = "/accounting/reports/aged-payables", tag = "accounting", security(("bearer" = [])), params(AgingQuery),
    responses((status = 200, body = AgingReport), (status = 400, body = ErrorBody)))]
pub async fn aged_payables(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AgingQuery>,
) -> ApiResult<Json<AgingReport>> {
    aging::aging(&platform, &ctx, query, false).await.map(Json)
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
    ApiPath(invoice_id): ApiPath<Uuid>,
    OptionalJson(input): OptionalJson<CreditNoteRequest>,
) -> Created<InvoiceView> {
    invoices::partial_credit_note(&platform, &ctx, invoice_id, input)
        .await
        .map(created)
}
