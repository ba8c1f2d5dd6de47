//! Conversations (one per pair of members, the pair stored in id order) and their messages.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, company_table, index, reference, text,
    unique, uuid,
};
use sea_orm::DatabaseBackend;

pub fn migrations() -> Vec<SchemaMigration> {
    vec![SchemaMigration {
        name: "m1302_direct_messages",
        build: tables,
    }]
}

fn tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let conversations = company_table(backend, "conversations")
        // The two people, the smaller id first.
        .col(uuid(backend, "first_user_id"))
        .col(uuid(backend, "second_user_id"))
        // When each last read it (microseconds); messages after it are unread.
        .col(bigint("first_read_at"))
        .col(bigint("second_read_at"))
        .col(bigint_null("last_message_at"))
        .col(bigint("created_at"))
        .to_owned();
    let messages = company_table(backend, "messages")
        .col(uuid(backend, "conversation_id"))
        .col(uuid(backend, "sender_id"))
        .col(text("body"))
        .col(bigint("created_at"))
        .foreign_key(&mut reference(
            "messages",
            "conversation_id",
            "conversations",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(conversations),
        unique(
            "conversations_by_pair",
            "conversations",
            &["company_id", "first_user_id", "second_user_id"],
        ),
        SchemaChange::Table(messages),
        index(
            "messages_by_conversation",
            "messages",
            &["company_id", "conversation_id", "created_at"],
        ),
    ]
}
