//! Handlers of journals.

use super::*;

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
    request_body = UpdateJournal, responses((status = 200, body = JournalView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_journal(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<JournalId>,
    ApiJson(patch): ApiJson<UpdateJournal>,
) -> ApiResult<Json<JournalView>> {
    service::update_journal(&platform, &ctx, id, patch)
        .await
        .map(Json)
}
