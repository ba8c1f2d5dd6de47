//! Handlers of journal entries.

use super::*;

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
    service::entries::list_entries(&platform, &ctx, query)
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
    service::entries::create_entry(&platform, &ctx, input)
        .await
        .map(created)
}

#[utoipa::path(get, path = "/accounting/journal-entries/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = JournalEntryView), (status = 404, body = ErrorBody)))]
pub async fn get_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<EntryId>,
) -> ApiResult<Json<JournalEntryView>> {
    service::entries::get_entry(&platform, &ctx, id)
        .await
        .map(Json)
}

#[utoipa::path(patch, path = "/accounting/journal-entries/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateJournalEntry,
    responses((status = 200, body = JournalEntryView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<EntryId>,
    ApiJson(patch): ApiJson<UpdateJournalEntry>,
) -> ApiResult<Json<JournalEntryView>> {
    service::entries::update_entry(&platform, &ctx, id, patch)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/accounting/journal-entries/{id}", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<EntryId>,
) -> ApiResult<StatusCode> {
    service::entries::delete_entry(&platform, &ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/accounting/journal-entries/{id}/post", tag = "accounting", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = JournalEntryView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn post_entry(
    State(platform): State<Platform>,
    ctx: Ctx,
    ApiPath(id): ApiPath<EntryId>,
) -> ApiResult<Json<JournalEntryView>> {
    service::entries::post_entry(&platform, &ctx, id)
        .await
        .map(Json)
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
    ApiPath(id): ApiPath<EntryId>,
    OptionalJson(input): OptionalJson<ReverseJournalEntry>,
) -> Created<JournalEntryView> {
    service::entries::reverse_entry(&platform, &ctx, id, input)
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
    service::entries::post_batch(&platform, &ctx, input)
        .await
        .map(created)
}
