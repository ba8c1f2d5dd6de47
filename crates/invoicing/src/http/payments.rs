//! Handlers of payments and allocations.

use super::*;

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
    service::payments::list_payments(&platform, &ctx, query)
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
    service::payments::create_payment(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/payments/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = PaymentView), (status = 404, body = ErrorBody)))]
pub async fn get_payment(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PaymentId>,
) -> ApiResult<Json<PaymentView>> {
    service::payments::get_payment(&platform, &ctx, id)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/payments/{id}/post", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = PaymentView), (status = 409, body = ErrorBody)))]
pub async fn post_payment(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PaymentId>,
) -> ApiResult<Json<PaymentView>> {
    service::payments::post_payment(&platform, &ctx, id)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/payments/{id}/allocate", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = AllocatePayment,
    responses((status = 200, body = PaymentView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn allocate_payment(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PaymentId>,
    ApiJson(input): ApiJson<AllocatePayment>,
) -> ApiResult<Json<PaymentView>> {
    service::payments::allocate_payment(&platform, &ctx, id, input)
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
    ApiPath((id, invoice_id)): ApiPath<(PaymentId, InvoiceId)>,
) -> ApiResult<StatusCode> {
    service::payments::unallocate_payment(&platform, &ctx, id, invoice_id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}
