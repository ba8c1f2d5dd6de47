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
use crate::service::{self, entries};

#[utoipa::path(get, path = "/accounting/accounts", tag = "accounting", security(("bearer" = [])),
    params(AccountListQuery, PageParams), responses((status = 200, body = Page<AccountView>), (status = 400, body = ErrorBody)))]
pub async fn list_accounts(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AccountListQuery>,
) -> ApiResult<Json<Page<AccountView>>> {
    service::list_accounts(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/accounts", tag = "accounting", security(("bearer" = [])), request_body = CreateAccount,
    responses((status = 201, body = AccountView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_account(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateAccount>,
) -> Created<AccountView> {
    service::create_account(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/accounts/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = AccountView), (status = 404, body = ErrorBody)))]
pub async fn get_account(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<AccountView>> {
    service::get_account(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/accounting/accounts/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateAccount, responses((status = 200, body = AccountView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_account(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(patch): ApiJson<UpdateAccount>,
) -> ApiResult<Json<AccountView>> {
    service::update_account(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/accounting/journals", tag = "accounting", security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Page<JournalView>)))]
pub async fn list_journals(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PlainListQuery>,
) -> ApiResult<Json<Page<JournalView>>> {
    service::list_journals(&platform, &ctx, query.page)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/journals", tag = "accounting", security(("bearer" = [])), request_body = CreateJournal,
    responses((status = 201, body = JournalView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_journal(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateJournal>,
) -> Created<JournalView> {
    service::create_journal(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(patch, path = "/accounting/journals/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateJournal, responses((status = 200, body = JournalView), (status = 404, body = ErrorBody)))]
pub async fn update_journal(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(patch): ApiJson<UpdateJournal>,
) -> ApiResult<Json<JournalView>> {
    service::update_journal(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/accounting/fiscal-years", tag = "accounting", security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Page<FiscalYearView>)))]
pub async fn list_fiscal_years(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PlainListQuery>,
) -> ApiResult<Json<Page<FiscalYearView>>> {
    service::list_fiscal_years(&platform, &ctx, query.page)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/fiscal-years", tag = "accounting", security(("bearer" = [])), request_body = CreateFiscalYear,
    responses((status = 201, body = FiscalYearView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_fiscal_year(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateFiscalYear>,
) -> Created<FiscalYearView> {
    service::create_fiscal_year(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/taxes", tag = "accounting", security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Page<TaxView>)))]
pub async fn list_taxes(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<PlainListQuery>,
) -> ApiResult<Json<Page<TaxView>>> {
    service::list_taxes(&platform, &ctx, query.page)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/taxes", tag = "accounting", security(("bearer" = [])), request_body = CreateTax,
    responses((status = 201, body = TaxView), (status = 400, body = ErrorBody)))]
pub async fn create_tax(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateTax>,
) -> Created<TaxView> {
    service::create_tax(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(patch, path = "/accounting/taxes/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateTax, responses((status = 200, body = TaxView), (status = 404, body = ErrorBody)))]
pub async fn update_tax(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(patch): ApiJson<UpdateTax>,
) -> ApiResult<Json<TaxView>> {
    service::update_tax(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/accounting/currency-rates", tag = "accounting", security(("bearer" = [])), params(RateListQuery, PageParams),
    responses((status = 200, body = Page<CurrencyRateView>)))]
pub async fn list_rates(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<RateListQuery>,
) -> ApiResult<Json<Page<CurrencyRateView>>> {
    service::list_rates(&platform, &ctx, query).await.map(Json)
}

#[utoipa::path(post, path = "/accounting/currency-rates", tag = "accounting", security(("bearer" = [])), request_body = CreateCurrencyRate,
    responses((status = 201, body = CurrencyRateView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_rate(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateCurrencyRate>,
) -> Created<CurrencyRateView> {
    service::create_rate(&platform, &ctx, input)
        .await
        .map(created)
}

/// List journal entries.
///
/// `sort`: `createdAt` (default), `date` or `number` (drafts, which have none, come first
/// ascending and last descending); ties are broken by id.
#[utoipa::path(get, path = "/accounting/journal-entries", tag = "accounting", security(("bearer" = [])), params(EntryListQuery, PageParams),
    responses((status = 200, body = Page<JournalEntryView>), (status = 400, body = ErrorBody)))]
pub async fn list_entries(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<EntryListQuery>,
) -> ApiResult<Json<Page<JournalEntryView>>> {
    entries::list_entries(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/accounting/journal-entries", tag = "accounting", security(("bearer" = [])), request_body = CreateJournalEntry,
    responses((status = 201, body = JournalEntryView), (status = 400, body = ErrorBody)))]
pub async fn create_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateJournalEntry>,
) -> Created<JournalEntryView> {
    entries::create_entry(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/journal-entries/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = JournalEntryView), (status = 404, body = ErrorBody)))]
pub async fn get_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<JournalEntryView>> {
    entries::get_entry(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/accounting/journal-entries/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateJournalEntry,
    responses((status = 200, body = JournalEntryView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(patch): ApiJson<UpdateJournalEntry>,
) -> ApiResult<Json<JournalEntryView>> {
    entries::update_entry(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/accounting/journal-entries/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    entries::delete_entry(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/accounting/journal-entries/{id}/post", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = JournalEntryView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn post_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<JournalEntryView>> {
    entries::post_entry(&platform, &ctx, id).await.map(Json)
}

/// Reverse a posted entry.
///
/// The body is optional: without one (or with `{}`), the reversal is dated as the original.
#[utoipa::path(post, path = "/accounting/journal-entries/{id}/reverse", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = Option<ReverseJournalEntry>,
    responses((status = 201, body = JournalEntryView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn reverse_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    OptionalJson(input): OptionalJson<ReverseJournalEntry>,
) -> Created<JournalEntryView> {
    entries::reverse_entry(&platform, &ctx, id, input)
        .await
        .map(created)
}

#[utoipa::path(post, path = "/accounting/journal-entries/batch", tag = "accounting", security(("bearer" = [])), request_body = BatchJournalEntries,
    responses((status = 201, body = BatchResult), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn post_batch(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<BatchJournalEntries>,
) -> Created<BatchResult> {
    entries::post_batch(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/reports/trial-balance", tag = "accounting", security(("bearer" = [])), params(TrialBalanceQuery),
    responses((status = 200, body = TrialBalance), (status = 400, body = ErrorBody)))]
pub async fn trial_balance(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<TrialBalanceQuery>,
) -> ApiResult<Json<TrialBalance>> {
    entries::trial_balance(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/accounting/audit/verify", tag = "accounting", security(("bearer" = [])),
    responses((status = 200, body = AuditVerification)))]
pub async fn verify_chain(
    State(platform): State<Platform>,
    ctx: Ctx,
) -> ApiResult<Json<AuditVerification>> {
    entries::verify_chain(&platform, &ctx).await.map(Json)
}

#[utoipa::path(get, path = "/accounting/reports/general-ledger", tag = "accounting", security(("bearer" = [])),
    params(GeneralLedgerQuery, PageParams),
    responses((status = 200, body = GeneralLedger), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn general_ledger(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<GeneralLedgerQuery>,
) -> ApiResult<Json<GeneralLedger>> {
    entries::general_ledger(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/accounting/currencies", tag = "accounting", security(("bearer" = [])),
    responses((status = 200, body = CurrencyList)))]
pub async fn list_currencies(
    State(platform): State<Platform>,
    _ctx: Ctx,
) -> ApiResult<Json<CurrencyList>> {
    service::list_currencies(&platform).await.map(Json)
}

#[utoipa::path(get, path = "/accounting/settings", tag = "accounting", security(("bearer" = [])),
    responses((status = 200, body = AccountingSettings)))]
pub async fn get_settings(
    State(platform): State<Platform>,
    ctx: Ctx,
) -> ApiResult<Json<AccountingSettings>> {
    service::get_settings(&platform, &ctx).await.map(Json)
}

#[utoipa::path(patch, path = "/accounting/settings", tag = "accounting", security(("bearer" = [])), request_body = UpdateAccountingSettings,
    responses((status = 200, body = AccountingSettings), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn update_settings(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<UpdateAccountingSettings>,
) -> ApiResult<Json<AccountingSettings>> {
    service::update_settings(&platform, &ctx, input)
        .await
        .map(Json)
}
