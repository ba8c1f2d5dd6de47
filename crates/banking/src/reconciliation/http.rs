//! Thin handlers of bank reconciliation.

use arkan_kernel::StatementId;
use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery, Created, OptionalJson, created};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;

use super::api::*;
use super::{matching, report, service, suggestions};

/// Import a bank statement.
///
/// A `csv` (with its column mapping), `camt053` or `mt940` file as text, or `json` lines, for
/// a bank journal. Opening balance plus the movements must give the closing balance (400
/// `statement_unbalanced`, naming the difference); a statement imported before is a 409
/// `statement_duplicate`; a file that cannot be read is a 400 `statement_malformed` naming its
/// line. Nothing is written unless the whole statement is.
#[utoipa::path(post, path = "/accounting/bank-reconciliation/statements", tag = "accounting", security(("bearer" = [])),
    request_body = ImportStatement,
    responses((status = 201, body = StatementView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn import_statement(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<ImportStatement>,
) -> Created<StatementView> {
    service::import_statement(&platform, &ctx, input)
        .await
        .map(created)
}

/// List bank statements.
///
/// Without their lines. `sort`: `createdAt` (default) or `dateTo`.
#[utoipa::path(get, path = "/accounting/bank-reconciliation/statements", tag = "accounting", security(("bearer" = [])),
    params(StatementListQuery, PageParams),
    responses((status = 200, body = Page<StatementView>), (status = 400, body = ErrorBody)))]
pub async fn list_statements(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<StatementListQuery>,
) -> ApiResult<Json<Page<StatementView>>> {
    service::list_statements(&platform, &ctx, query)
        .await
        .map(Json)
}

/// A bank statement with its lines and each line's match state.
#[utoipa::path(get, path = "/accounting/bank-reconciliation/statements/{id}", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = StatementView), (status = 404, body = ErrorBody)))]
pub async fn get_statement(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StatementId>,
) -> ApiResult<Json<StatementView>> {
    service::get_statement(&platform, &ctx, id).await.map(Json)
}

/// Match a statement line.
///
/// To posted payments of the statement's journal (each explains one line at most), or to an
/// account (bank fees, interest: an entry on the bank journal on the line's day). What is left
/// keeps the line `partial`.
#[utoipa::path(post, path = "/accounting/bank-reconciliation/match", tag = "accounting", security(("bearer" = [])),
    request_body = MatchLine,
    responses((status = 200, body = StatementLineView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn match_line(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<MatchLine>,
) -> ApiResult<Json<StatementLineView>> {
    matching::match_line(&platform, &ctx, input).await.map(Json)
}

/// Take a statement line's matches back.
///
/// The entries the matches booked are reversed on the line's day; refused (409
/// `period_locked`) once the line's day is locked.
#[utoipa::path(post, path = "/accounting/bank-reconciliation/unmatch", tag = "accounting", security(("bearer" = [])),
    request_body = UnmatchLine,
    responses((status = 200, body = StatementLineView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn unmatch_line(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<UnmatchLine>,
) -> ApiResult<Json<StatementLineView>> {
    matching::unmatch(&platform, &ctx, input).await.map(Json)
}

/// Write off the rest of a statement line.
///
/// Books what no match explains to the chosen account; above the company's `writeOffLimit`,
/// 400 `write_off_above_limit`.
#[utoipa::path(post, path = "/accounting/bank-reconciliation/write-off", tag = "accounting", security(("bearer" = [])),
    request_body = WriteOffLine,
    responses((status = 200, body = StatementLineView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn write_off_line(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<WriteOffLine>,
) -> ApiResult<Json<StatementLineView>> {
    matching::write_off(&platform, &ctx, input).await.map(Json)
}

/// Reconciliation report.
///
/// The bank's balance (the latest statement started by `as_of`: its opening plus its movements
/// up to the day) against the bank account's balance in the books, with the statement lines
/// not wholly matched and the book lines no statement line explains.
#[utoipa::path(get, path = "/accounting/bank-reconciliation/report", tag = "accounting", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, body = ReconciliationReport), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn reconciliation_report(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> ApiResult<Json<ReconciliationReport>> {
    report::report(&platform, &ctx, query).await.map(Json)
}

/// Suggestions for a statement's open lines.
///
/// For each line not wholly matched (or `line_id`), posted lines on the bank account no line
/// explains yet (payments' and entries booked by hand) and open documents, scored 0 to 100:
/// the same amount 50, the number or reference in the line's text 25, the partner (by the
/// IBAN of its bank details, or its name) 15, the dates up to 10. At most 5, from 20 up.
#[utoipa::path(get, path = "/accounting/bank-reconciliation/statements/{id}/suggestions", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path), SuggestionQuery),
    responses((status = 200, body = Suggestions), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn statement_suggestions(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StatementId>,
    ApiQuery(query): ApiQuery<SuggestionQuery>,
) -> ApiResult<Json<Suggestions>> {
    suggestions::suggestions(&platform, &ctx, id, query)
        .await
        .map(Json)
}

/// Accept the best suggestion of every line above a score.
///
/// The best candidate of each open line scoring at least `minScore` (default 75) that has the
/// line's whole amount, each candidate used once; each line is matched as `POST .../match`
/// would, on its own (one the books refuse stays open).
#[utoipa::path(post, path = "/accounting/bank-reconciliation/statements/{id}/auto-match", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Option<AutoMatch>,
    responses((status = 200, body = AutoMatched), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn auto_match(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<StatementId>,
    OptionalJson(input): OptionalJson<AutoMatch>,
) -> ApiResult<Json<AutoMatched>> {
    suggestions::auto_match(&platform, &ctx, id, input)
        .await
        .map(Json)
}
