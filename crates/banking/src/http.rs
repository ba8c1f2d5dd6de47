//! Thin handlers of the ledger.

use arkan_kernel::PartnerId;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, OptionalJson};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;

use crate::api::*;
use crate::{exports, service};

#[utoipa::path(put, path = "/accounting/batch-payment/bank-details/{partner_id}", tag = "accounting", security(("bearer" = [])),
    params(("partner_id" = Uuid, Path)), request_body = PutBankDetails,
    responses((status = 200, body = BankDetailsView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn put_bank_details(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(partner_id): ApiPath<PartnerId>,
    ApiJson(input): ApiJson<PutBankDetails>,
) -> ApiResult<Json<BankDetailsView>> {
    service::put_bank_details(&platform, &ctx, partner_id, input)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/accounting/batch-payment/bank-details/{partner_id}", tag = "accounting", security(("bearer" = [])),
    params(("partner_id" = Uuid, Path)), responses((status = 200, body = BankDetailsView), (status = 404, body = ErrorBody)))]
pub async fn get_bank_details(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(partner_id): ApiPath<PartnerId>,
) -> ApiResult<Json<BankDetailsView>> {
    service::get_bank_details(&platform, &ctx, partner_id)
        .await
        .map(Json)
}

fn file_response(file: exports::PaymentFile) -> axum::response::Response {
    use axum::response::IntoResponse;
    let disposition = format!("attachment; filename=\"{}\"", file.file_name);
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_owned(),
            ),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        file.content,
    )
        .into_response()
}

/// List payments eligible for export.
///
/// Posted outbound payments not yet exported, each with what stops it from going into a UAEFTS
/// file (`problems`, empty when nothing does). `sort`: `createdAt` (default), `date`, `number`
/// or `amount`; ties are broken by id.
#[utoipa::path(get, path = "/accounting/batch-payment/exportable", tag = "accounting", security(("bearer" = [])), params(ExportableQuery, PageParams),
    responses((status = 200, body = Page<ExportablePayment>), (status = 400, body = ErrorBody)))]
pub async fn exportable_payments(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ExportableQuery>,
) -> ApiResult<Json<Page<ExportablePayment>>> {
    exports::exportable(&platform, &ctx, query).await.map(Json)
}

/// Export as UAEFTS file (UAE bank transfer).
///
/// Without a body (or with `{}`), every exportable payment goes into the file.
#[utoipa::path(post, path = "/accounting/batch-payment/export/uaefts", tag = "accounting", security(("bearer" = [])), request_body = Option<ExportPayments>,
    responses((status = 200, description = "The UAEFTS batch file (docs/uaefts.md)", content_type = "text/csv", body = String), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn export_uaefts(
    State(platform): State<Platform>,
    ctx: Ctx,
    OptionalJson(input): OptionalJson<ExportPayments>,
) -> ApiResult<axum::response::Response> {
    exports::export(&platform, &ctx, input, exports::Format::Uaefts)
        .await
        .map(file_response)
}

/// Export as CSV file.
///
/// Without a body (or with `{}`), every exportable payment goes into the file.
#[utoipa::path(post, path = "/accounting/batch-payment/export/csv", tag = "accounting", security(("bearer" = [])), request_body = Option<ExportPayments>,
    responses((status = 200, description = "The payments as CSV", content_type = "text/csv", body = String), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn export_csv(
    State(platform): State<Platform>,
    ctx: Ctx,
    OptionalJson(input): OptionalJson<ExportPayments>,
) -> ApiResult<axum::response::Response> {
    exports::export(&platform, &ctx, input, exports::Format::Csv)
        .await
        .map(file_response)
}

/// Export as WPS/SIF file (salary payments).
///
/// Only roles that may write accounting or HR (owner, admin, accountant, hr) may export salaries
/// (403 otherwise); until payroll runs exist, the answer is 400 `no_payroll_run`.
#[utoipa::path(post, path = "/accounting/batch-payment/export/wps", tag = "accounting", security(("bearer" = [])),
    responses((status = 200, description = "The WPS salary file (SIF) of a payroll run, once payroll exists; until then every call is a 400 `no_payroll_run`", content_type = "text/plain", body = String), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn export_wps(ctx: Ctx) -> ApiResult<axum::response::Response> {
    exports::export_wps(&ctx).map(file_response)
}
