//! Thin handlers of the ledger.

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::{ApiJson, ApiPath, ApiQuery};
use arkan_platform::list::{Page, PageParams};
use arkan_platform::{Ctx, Platform};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use uuid::Uuid;

use crate::api::*;
use crate::{aging, bank, exports, invoicing, ledger, payments, service};

type Created<T> = ApiResult<(StatusCode, Json<T>)>;

fn created<T>(value: T) -> (StatusCode, Json<T>) {
    (StatusCode::CREATED, Json(value))
}

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

#[utoipa::path(get, path = "/accounting/journal-entries", tag = "accounting", security(("bearer" = [])), params(EntryListQuery, PageParams),
    responses((status = 200, body = Page<JournalEntryView>), (status = 400, body = ErrorBody)))]
pub async fn list_entries(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<EntryListQuery>,
) -> ApiResult<Json<Page<JournalEntryView>>> {
    ledger::list_entries(&platform, &ctx, query).await.map(Json)
}

#[utoipa::path(post, path = "/accounting/journal-entries", tag = "accounting", security(("bearer" = [])), request_body = CreateJournalEntry,
    responses((status = 201, body = JournalEntryView), (status = 400, body = ErrorBody)))]
pub async fn create_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CreateJournalEntry>,
) -> Created<JournalEntryView> {
    ledger::create_entry(&platform, &ctx, input)
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
    ledger::get_entry(&platform, &ctx, id).await.map(Json)
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
    ledger::update_entry(&platform, &ctx, id, patch)
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
    ledger::delete_entry(&platform, &ctx, id)
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
    ledger::post_entry(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(post, path = "/accounting/journal-entries/{id}/reverse", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = ReverseJournalEntry,
    responses((status = 201, body = JournalEntryView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn reverse_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ReverseJournalEntry>,
) -> Created<JournalEntryView> {
    ledger::reverse_entry(&platform, &ctx, id, input)
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
    ledger::post_batch(&platform, &ctx, input)
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
    ledger::trial_balance(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/accounting/audit/verify", tag = "accounting", security(("bearer" = [])),
    responses((status = 200, body = AuditVerification)))]
pub async fn verify_chain(
    State(platform): State<Platform>,
    ctx: Ctx,
) -> ApiResult<Json<AuditVerification>> {
    ledger::verify_chain(&platform, &ctx).await.map(Json)
}

#[utoipa::path(get, path = "/accounting/reports/general-ledger", tag = "accounting", security(("bearer" = [])),
    params(GeneralLedgerQuery, PageParams),
    responses((status = 200, body = GeneralLedger), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn general_ledger(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<GeneralLedgerQuery>,
) -> ApiResult<Json<GeneralLedger>> {
    ledger::general_ledger(&platform, &ctx, query)
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

#[utoipa::path(put, path = "/accounting/batch-payment/bank-details/{partner_id}", tag = "accounting", security(("bearer" = [])),
    params(("partner_id" = Uuid, Path)), request_body = PutBankDetails,
    responses((status = 200, body = BankDetailsView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn put_bank_details(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(partner_id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PutBankDetails>,
) -> ApiResult<Json<BankDetailsView>> {
    bank::put_bank_details(&platform, &ctx, partner_id, input)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/accounting/batch-payment/bank-details/{partner_id}", tag = "accounting", security(("bearer" = [])),
    params(("partner_id" = Uuid, Path)), responses((status = 200, body = BankDetailsView), (status = 404, body = ErrorBody)))]
pub async fn get_bank_details(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(partner_id): ApiPath<Uuid>,
) -> ApiResult<Json<BankDetailsView>> {
    bank::get_bank_details(&platform, &ctx, partner_id)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/accounting/invoices", tag = "accounting", security(("bearer" = [])), params(InvoiceListQuery, PageParams),
    responses((status = 200, body = Page<InvoiceView>), (status = 400, body = ErrorBody)))]
pub async fn list_invoices(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<InvoiceListQuery>,
) -> ApiResult<Json<Page<InvoiceView>>> {
    invoicing::list_invoices(&platform, &ctx, query)
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
    invoicing::create_invoice(&platform, &ctx, input)
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
    invoicing::get_invoice(&platform, &ctx, id).await.map(Json)
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
    invoicing::update_invoice(&platform, &ctx, id, patch)
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
    invoicing::delete_invoice(&platform, &ctx, id)
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
    invoicing::post_invoice(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(post, path = "/accounting/invoices/{id}/cancel", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = InvoiceView), (status = 409, body = ErrorBody)))]
pub async fn cancel_invoice(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<InvoiceView>> {
    invoicing::cancel_invoice(&platform, &ctx, id)
        .await
        .map(Json)
}

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

#[utoipa::path(delete, path = "/accounting/payments/{id}/allocations/{invoice_id}", tag = "accounting", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("invoice_id" = Uuid, Path)),
    responses((status = 200, body = PaymentView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn unallocate_payment(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath((id, invoice_id)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<Json<PaymentView>> {
    payments::unallocate_payment(&platform, &ctx, id, invoice_id)
        .await
        .map(Json)
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

#[utoipa::path(get, path = "/accounting/batch-payment/exportable", tag = "accounting", security(("bearer" = [])), params(ExportableQuery),
    responses((status = 200, body = ExportableList)))]
pub async fn exportable_payments(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ExportableQuery>,
) -> ApiResult<Json<ExportableList>> {
    exports::exportable(&platform, &ctx, query).await.map(Json)
}

#[utoipa::path(post, path = "/accounting/batch-payment/export/uaefts", tag = "accounting", security(("bearer" = [])), request_body = ExportPayments,
    responses((status = 200, description = "The UAEFTS batch file (docs/uaefts.md)", content_type = "text/csv", body = String), (status = 400, body = ErrorBody)))]
pub async fn export_uaefts(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<ExportPayments>,
) -> ApiResult<axum::response::Response> {
    exports::export(&platform, &ctx, input, exports::Format::Uaefts)
        .await
        .map(file_response)
}

#[utoipa::path(post, path = "/accounting/batch-payment/export/csv", tag = "accounting", security(("bearer" = [])), request_body = ExportPayments,
    responses((status = 200, description = "The payments as CSV", content_type = "text/csv", body = String), (status = 400, body = ErrorBody)))]
pub async fn export_csv(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiJson(input): ApiJson<ExportPayments>,
) -> ApiResult<axum::response::Response> {
    exports::export(&platform, &ctx, input, exports::Format::Csv)
        .await
        .map(file_response)
}

#[utoipa::path(post, path = "/accounting/batch-payment/export/wps", tag = "accounting", security(("bearer" = [])),
    responses((status = 400, body = ErrorBody)))]
pub async fn export_wps(_ctx: Ctx) -> ApiResult<axum::response::Response> {
    Err(exports::wps_unavailable())
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

#[utoipa::path(post, path = "/sales/billing/credit-note/{invoice_id}", tag = "accounting", security(("bearer" = [])),
    params(("invoice_id" = Uuid, Path)), request_body = CreditNoteRequest,
    responses((status = 201, body = InvoiceView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn partial_credit_note(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(invoice_id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CreditNoteRequest>,
) -> Created<InvoiceView> {
    invoicing::partial_credit_note(&platform, &ctx, invoice_id, input)
        .await
        .map(created)
}
