//! Handlers of payment terms.

use super::*;

#[utoipa::path(get, path = "/accounting/payment-terms", tag = "accounting", security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Page<PaymentTermView>), (status = 400, body = ErrorBody)))]
pub async fn list_payment_terms(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PlainList>,
) -> ApiResult<Json<Page<PaymentTermView>>> {
    service::payment_terms::list_payment_terms(&platform, &ctx, query.page)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/payment-terms", tag = "accounting", security(("bearer" = [])), request_body = CreatePaymentTerm,
    responses((status = 201, body = PaymentTermView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_payment_term(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreatePaymentTerm>,
) -> Created<PaymentTermView> {
    service::payment_terms::create_payment_term(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/payment-terms/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = PaymentTermView), (status = 404, body = ErrorBody)))]
pub async fn get_payment_term(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PaymentTermId>,
) -> ApiResult<Json<PaymentTermView>> {
    service::payment_terms::get_payment_term(&platform, &ctx, id)
        .await
        .map(Json)
}

#[utoipa::path(patch, path = "/accounting/payment-terms/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdatePaymentTerm,
    responses((status = 200, body = PaymentTermView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_payment_term(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PaymentTermId>,
    ApiJson(patch): ApiJson<UpdatePaymentTerm>,
) -> ApiResult<Json<PaymentTermView>> {
    service::payment_terms::update_payment_term(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/accounting/payment-terms/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_payment_term(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PaymentTermId>,
) -> ApiResult<StatusCode> {
    service::payment_terms::delete_payment_term(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}
