//! Direct messages: opening a conversation with another member, sending, reading.

use std::collections::HashMap;

use arkan_identity::companies;
use arkan_kernel::UserId;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::events::{DM_MESSAGE, Pending};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest};
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::api::*;
use crate::store::{self, Conversation, Message};

/// The longest message, in characters.
const MAX_BODY: usize = 4_000;

static CONVERSATION_LIST: ListSpec = ListSpec {
    name: "conversations",
    sorts: &[CREATED_AT],
};
static MESSAGE_LIST: ListSpec = ListSpec {
    name: "messages",
    sorts: &[CREATED_AT],
};

fn message_view(row: Message, names: &HashMap<UserId, String>) -> MessageView {
    MessageView {
        id: row.id,
        conversation_id: row.conversation_id,
        sender_id: row.sender_id,
        sender_name: names
            .get(&UserId(row.sender_id))
            .cloned()
            .unwrap_or_default(),
        body: row.body,
        created_at: rfc3339(row.created_at),
    }
}

/// The conversation as `ctx`'s user sees it: its last message and their unread count.
async fn conversation_view(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    row: Conversation,
) -> ApiResult<ConversationView> {
    let participants = [UserId(row.first_user_id), UserId(row.second_user_id)];
    let names = companies::member_names(db, ctx.company, &participants).await?;
    let last = store::last_message(db, ctx.company, row.id).await?;
    let unread =
        store::unread_count(db, ctx.company, row.id, ctx.user, row.read_at(ctx.user)).await?;
    Ok(ConversationView {
        id: row.id,
        participant_ids: vec![row.first_user_id, row.second_user_id],
        last_message_at: row.last_message_at.map(rfc3339),
        last_message: last.map(|message| message_view(message, &names)),
        unread_count: unread,
        created_at: rfc3339(row.created_at),
    })
}

/// The conversation with `other`, created on first use: `(created, view)`.
pub async fn open(
    platform: &Platform,
    ctx: &Ctx,
    input: OpenConversation,
) -> ApiResult<(bool, ConversationView)> {
    let other = UserId(input.user_id);
    if other == ctx.user {
        return Err(ApiError::invalid_field(
            "userId",
            "is you: pick someone else",
        ));
    }
    let transaction = platform.db.write().await?;
    let members = companies::member_names(&*transaction, ctx.company, &[other]).await?;
    if !members.contains_key(&other) {
        return Err(ApiError::invalid_field(
            "userId",
            "is not a member of this company",
        ));
    }
    let pair = store::pair(ctx.user, other);
    let created =
        store::insert_conversation(&*transaction, ctx.company, pair, now_micros()).await?;
    let row = store::by_pair(&*transaction, ctx.company, pair)
        .await?
        .ok_or_else(|| ApiError::internal("the conversation vanished"))?;
    let view = conversation_view(&*transaction, ctx, row).await?;
    transaction.commit().await?;
    Ok((created, view))
}

pub async fn list_conversations(
    platform: &Platform,
    ctx: &Ctx,
    query: PagingQuery,
) -> ApiResult<Page<ConversationView>> {
    let page = PageRequest::parse(&query.page, &CONVERSATION_LIST, "")?;
    let db = platform.db.connection();
    let filtered = store::of_user(ctx.company, ctx.user);
    let (rows, total) = store::list_conversations(db, &filtered, &page).await?;
    let page = page.page(rows, total, |row| {
        (SortValue::Integer(row.created_at), row.id)
    });
    let mut data = Vec::with_capacity(page.data.len());
    for row in page.data {
        data.push(conversation_view(db, ctx, row).await?);
    }
    Ok(Page {
        data,
        meta: page.meta,
    })
}

async fn mine(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Conversation> {
    store::of_user_by_id(platform.db.connection(), ctx.company, ctx.user, id)
        .await?
        .ok_or_else(|| ApiError::not_found("conversation"))
}

/// A conversation's messages, newest first.
pub async fn list_messages(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
    query: PagingQuery,
) -> ApiResult<Page<MessageView>> {
    let conversation = mine(platform, ctx, id).await?;
    let page = PageRequest::parse(&query.page, &MESSAGE_LIST, &id.to_string())?;
    let db = platform.db.connection();
    let filtered = store::messages_of(ctx.company, conversation.id);
    let (rows, total) = store::list_messages(db, &filtered, &page).await?;
    let participants = [
        UserId(conversation.first_user_id),
        UserId(conversation.second_user_id),
    ];
    let names = companies::member_names(db, ctx.company, &participants).await?;
    Ok(page
        .page(rows, total, |row| {
            (SortValue::Integer(row.created_at), row.id)
        })
        .map(|row| message_view(row, &names)))
}

pub async fn send(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
    input: SendMessage,
) -> ApiResult<MessageView> {
    let body = input.body.trim().to_owned();
    let mut validation = Validation::new();
    if body.is_empty() {
        validation.add("body", "must not be empty");
    } else if body.chars().count() > MAX_BODY {
        validation.add("body", format!("must be at most {MAX_BODY} characters"));
    }
    validation.finish()?;
    let conversation = mine(platform, ctx, id).await?;
    let mut transaction = platform.db.write().await?;
    let now = now_micros();
    let row = Message {
        id: Uuid::now_v7(),
        conversation_id: conversation.id,
        sender_id: ctx.user.0,
        body,
        created_at: now,
    };
    store::insert_message(&*transaction, ctx.company, &row).await?;
    store::after_message(&*transaction, ctx.company, &conversation, ctx.user, now).await?;
    let names = companies::member_names(&*transaction, ctx.company, &[ctx.user]).await?;
    let view = message_view(row, &names);
    // Both people, so that the sender's other tabs show it too.
    let data = serde_json::to_value(&view)
        .map_err(|error| ApiError::internal(format!("a message as JSON: {error}")))?;
    for user in [conversation.first_user_id, conversation.second_user_id] {
        transaction.push(Pending::personal(
            ctx.company,
            UserId(user),
            DM_MESSAGE,
            Some(view.id),
            data.clone(),
        ));
    }
    transaction.commit().await?;
    Ok(view)
}

/// The caller has read the conversation up to now.
pub async fn read(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<ConversationView> {
    let conversation = mine(platform, ctx, id).await?;
    let transaction = platform.db.write().await?;
    store::mark_read(
        &*transaction,
        ctx.company,
        &conversation,
        ctx.user,
        now_micros(),
    )
    .await?;
    let row = store::of_user_by_id(&*transaction, ctx.company, ctx.user, id)
        .await?
        .ok_or_else(|| ApiError::not_found("conversation"))?;
    let view = conversation_view(&*transaction, ctx, row).await?;
    transaction.commit().await?;
    Ok(view)
}
