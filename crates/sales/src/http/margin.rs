//! Thin handlers of the invoice margin (`/accounting/invoice-margin`, tag `accounting`).

use arkan_kernel::InvoiceId;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiPath, ApiQuery};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::margin::*;
use crate::service::margin as service;

/// The endpoints of this area.
pub(crate) fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(invoice_margin_report))
        .routes(routes!(invoice_margin))
}

/// A customer invoice's margin in the company currency: per line its revenue before tax, its
/// cost (the delivered goods' cost of goods sold, else the product's cost) and the margin.
/// Accounting and sales read it.
#[utoipa::path(get, path = "/accounting/invoice-margin/{invoiceId}", tag = "accounting", security(("bearer" = [])),
    params(("invoiceId" = Uuid, Path)),
    responses((status = 200, body = InvoiceMarginView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn invoice_margin(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<InvoiceId>,
) -> ApiResult<Json<InvoiceMarginView>> {
    service::invoice_margin(&platform, &ctx, id).await.map(Json)
}

/// The margin of the posted invoices made from sales orders dated `date_from..=date_to`,
/// grouped by `invoice`, `product`, `partner` or `salesperson`, largest revenue first.
#[utoipa::path(get, path = "/accounting/invoice-margin/report", tag = "accounting", security(("bearer" = [])),
    params(MarginReportQuery),
    responses((status = 200, body = MarginReportView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn invoice_margin_report(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<MarginReportQuery>,
) -> ApiResult<Json<MarginReportView>> {
    service::margin_report(&platform, &ctx, query)
        .await
        .map(Json)
}
