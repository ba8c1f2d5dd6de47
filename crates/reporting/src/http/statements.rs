//! Handlers of profit and loss, balance sheet and cash flow.

use arkan_platform::error::{ApiResult, ErrorBody};
use arkan_platform::extract::ApiQuery;
use arkan_platform::{Ctx, Platform};
use axum::extract::State;
use axum::response::Response;

use crate::api::*;
use crate::service::statements;

/// Profit and loss.
///
/// Posted lines of the period by account type, in the account tree, closing entries left out.
/// `format=csv|xlsx` answers the file.
#[utoipa::path(get, path = "/accounting/reports/profit-loss", tag = "accounting", security(("bearer" = [])),
    params(ProfitLossQuery),
    responses((status = 200, description = "The statement (JSON), or the file `format` asks for",
        content((ProfitLoss = "application/json"), (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = ErrorBody)))]
pub async fn profit_loss(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ProfitLossQuery>,
) -> ApiResult<Response> {
    statements::profit_loss(&platform, &ctx, query).await
}

/// Balance sheet.
///
/// Balances at the end of `as_of`; equity shows this year's and earlier years' earnings not yet
/// closed into retained earnings, so assets = liabilities + equity.
#[utoipa::path(get, path = "/accounting/reports/balance-sheet", tag = "accounting", security(("bearer" = [])),
    params(BalanceSheetQuery),
    responses((status = 200, description = "The statement (JSON), or the file `format` asks for",
        content((BalanceSheet = "application/json"), (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = ErrorBody)))]
pub async fn balance_sheet(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<BalanceSheetQuery>,
) -> ApiResult<Response> {
    statements::balance_sheet(&platform, &ctx, query).await
}

/// Cash flow (indirect method).
///
/// Net profit, depreciation added back, working capital, investing and financing; `netChange`
/// equals the movement of the cash and bank accounts.
#[utoipa::path(get, path = "/accounting/reports/cash-flow", tag = "accounting", security(("bearer" = [])),
    params(CashFlowQuery),
    responses((status = 200, description = "The statement (JSON), or the file `format` asks for",
        content((CashFlow = "application/json"), (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = ErrorBody)))]
pub async fn cash_flow(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<CashFlowQuery>,
) -> ApiResult<Response> {
    statements::cash_flow(&platform, &ctx, query).await
}
