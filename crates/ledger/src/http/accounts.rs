//! Handlers of accounts.

use super::*;

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
    ApiPath(id): ApiPath<AccountId>,
) -> ApiResult<Json<AccountView>> {
    service::get_account(&platform, &ctx, id).await.map(Json)
}

#[utoipa::path(patch, path = "/accounting/accounts/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateAccount, responses((status = 200, body = AccountView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_account(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AccountId>,
    ApiJson(patch): ApiJson<UpdateAccount>,
) -> ApiResult<Json<AccountView>> {
    service::update_account(&platform, &ctx, id, patch)
        .await
        .map(Json)
}
