//! Thin handlers of sales' billing.

use arkan_invoicing::documents::InvoiceView;
use arkan_kernel::SalesOrderId;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiPath, Created, OptionalJson, created};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::billing::*;
use crate::service::billing as service;

/// The endpoints of this area.
pub(crate) fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(invoice_sales_order))
        .routes(routes!(down_payment_invoice))
        .routes(routes!(billing_summary))
}

/// A draft customer invoice of a confirmed order: per line what is left to invoice by its
/// invoice policy (`ordered`: ordered less invoiced; `delivered`: delivered less returned less
/// invoiced), or the `lines` asked; the posted down payments not yet deducted are deducted
/// (negative lines on their account, with their taxes). 409 `nothing_to_invoice`,
/// `sales_order_not_confirmed`.
#[utoipa::path(post, path = "/sales/billing/invoice/{orderId}", tag = "sales", security(("bearer" = [])),
    params(("orderId" = Uuid, Path)), request_body = InvoiceSalesOrder,
    responses((status = 201, body = InvoiceView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn invoice_sales_order(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<SalesOrderId>,
    OptionalJson(input): OptionalJson<InvoiceSalesOrder>,
) -> Created<InvoiceView> {
    service::invoice_order(&platform, &ctx, id, input)
        .await
        .map(created)
}

/// A draft down-payment invoice (`isDownPayment`) of a confirmed order: `percent` of its
/// untaxed amount or an untaxed `amount`, one line on the settings' `downPaymentAccountId`
/// (409 `down_payment_account_missing` without one).
#[utoipa::path(post, path = "/sales/billing/down-payment/{orderId}", tag = "sales", security(("bearer" = [])),
    params(("orderId" = Uuid, Path)), request_body = DownPaymentRequest,
    responses((status = 201, body = InvoiceView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn down_payment_invoice(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<SalesOrderId>,
    OptionalJson(input): OptionalJson<DownPaymentRequest>,
) -> Created<InvoiceView> {
    service::down_payment(&platform, &ctx, id, input)
        .await
        .map(created)
}

/// What an order comes to, what is invoiced, credited, paid and due, what is left to invoice,
/// per line and per invoice.
#[utoipa::path(get, path = "/sales/billing/summary/{orderId}", tag = "sales", security(("bearer" = [])),
    params(("orderId" = Uuid, Path)),
    responses((status = 200, body = BillingSummaryView), (status = 404, body = ErrorBody)))]
pub async fn billing_summary(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<SalesOrderId>,
) -> ApiResult<Json<BillingSummaryView>> {
    service::summary(&platform, &ctx, id).await.map(Json)
}
