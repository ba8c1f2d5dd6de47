//! Request and response shapes of direct messages.

use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpenConversation {
    /// The member of the company to talk to.
    pub user_id: Uuid,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendMessage {
    /// 1 to 4,000 characters; line breaks allowed.
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageView {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub sender_id: Uuid,
    pub sender_name: String,
    pub body: String,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationView {
    pub id: Uuid,
    /// The two people, the caller included.
    pub participant_ids: Vec<Uuid>,
    pub last_message_at: Option<String>,
    pub last_message: Option<MessageView>,
    /// Messages from the other person the caller has not read.
    pub unread_count: i64,
    pub created_at: String,
}

/// Paging only.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PagingQuery {
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
