//! Handlers of the ledger reports.

use super::*;

#[utoipa::path(get, path = "/accounting/reports/trial-balance", tag = "accounting", security(("bearer" = [])), params(TrialBalanceQuery),
    responses((status = 200, body = TrialBalance), (status = 400, body = ErrorBody)))]
pub async fn trial_balance(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<TrialBalanceQuery>,
) -> ApiResult<Json<TrialBalance>> {
    service::entries::trial_balance(&platform, &ctx, query)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/accounting/audit/verify", tag = "accounting", security(("bearer" = [])),
    responses((status = 200, body = AuditVerification)))]
pub async fn verify_chain(
    State(platform): State<Platform>,
    ctx: Ctx,
) -> ApiResult<Json<AuditVerification>> {
    service::entries::verify_chain(&platform, &ctx)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/accounting/reports/general-ledger", tag = "accounting", security(("bearer" = [])),
    params(GeneralLedgerQuery, PageParams),
    responses((status = 200, body = GeneralLedger), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn general_ledger(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<GeneralLedgerQuery>,
) -> ApiResult<Json<GeneralLedger>> {
    service::entries::general_ledger(&platform, &ctx, query)
        .await
        .map(Json)
}
