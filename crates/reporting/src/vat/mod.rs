//! The UAE VAT return (VAT 201) with its drill-down lines per box, and the FTA audit file.

pub mod api;
mod audit;
mod service;

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::ApiQuery;
use arkan_platform::list::Page;
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::params::Format;
use crate::render::{file_name, respond};
use api::{AuditFileQuery, TaxLineView, TaxLinesQuery, TaxReport, TaxReportQuery};

#[utoipa::path(get, path = "/accounting/reports/tax", tag = "reporting", security(("bearer" = [])),
    params(TaxReportQuery),
    responses((status = 200, body = TaxReport, description = "The return; with `format` the CSV or XLSX file"),
        (status = 400, body = ErrorBody), (status = 409, body = ErrorBody, description = "`vat_emirate_not_set`")))]
pub async fn tax_report(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<TaxReportQuery>,
) -> ApiResult<Response> {
    let format = Format::parse(query.format.as_deref())?;
    let snapshot = platform.db.snapshot().await?;
    let period = service::period(
        &snapshot,
        ctx.company,
        query.date_from.as_deref(),
        query.date_to.as_deref(),
    )
    .await?;
    let figures = service::compute(&snapshot, ctx.company, period.from, period.to).await?;
    let dates = [
        arkan_platform::fields::format_date(period.from),
        arkan_platform::fields::format_date(period.to),
    ];
    let name = file_name("tax", &[&dates[0], &dates[1]], format);
    respond(
        format,
        &name,
        ctx.currency.exponent,
        service::report(&ctx, &figures),
        |_| service::table(&figures),
    )
}

#[utoipa::path(get, path = "/accounting/reports/tax/lines", tag = "reporting", security(("bearer" = [])),
    params(TaxLinesQuery, arkan_platform::list::PageParams),
    responses((status = 200, body = Page<TaxLineView>), (status = 400, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`vat_emirate_not_set` (boxes 1a to 1g)")))]
pub async fn tax_lines(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<TaxLinesQuery>,
) -> ApiResult<Json<Page<TaxLineView>>> {
    let snapshot = platform.db.snapshot().await?;
    service::lines(&snapshot, &ctx, query).await.map(Json)
}

#[utoipa::path(get, path = "/accounting/reports/tax/audit-file", tag = "reporting", security(("bearer" = [])),
    params(AuditFileQuery),
    responses((status = 200, content_type = "text/csv", description = "The FTA audit file (docs/fta-audit-file.md)"),
        (status = 400, body = ErrorBody)))]
pub async fn tax_audit_file(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AuditFileQuery>,
) -> ApiResult<Response> {
    let snapshot = platform.db.snapshot().await?;
    let period = service::period(
        &snapshot,
        ctx.company,
        query.date_from.as_deref(),
        query.date_to.as_deref(),
    )
    .await?;
    let text = audit::audit_file(&snapshot, &ctx, period.from, period.to).await?;
    let name = format!(
        "fta-audit-file_{}_{}.csv",
        arkan_platform::fields::format_date(period.from),
        arkan_platform::fields::format_date(period.to)
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        text,
    )
        .into_response())
}
