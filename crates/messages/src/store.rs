//! SQL of conversations and messages; every query carries the company.

use arkan_kernel::{CompanyId, UserId};
use arkan_platform::list::{PageRequest, count, fetch_page};
use arkan_platform::sql::get;
use sea_orm::sea_query::{Cond, Expr, ExprTrait, OnConflict, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

pub struct Conversation {
    pub id: Uuid,
    pub first_user_id: Uuid,
    pub second_user_id: Uuid,
    pub first_read_at: i64,
    pub second_read_at: i64,
    pub last_message_at: Option<i64>,
    pub created_at: i64,
}

impl Conversation {
    /// When `user` last read it.
    pub fn read_at(&self, user: UserId) -> i64 {
        if user.0 == self.first_user_id {
            self.first_read_at
        } else {
            self.second_read_at
        }
    }
}

pub struct Message {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub sender_id: Uuid,
    pub body: String,
    pub created_at: i64,
}

const CONVERSATION_COLUMNS: [&str; 7] = [
    "id",
    "first_user_id",
    "second_user_id",
    "first_read_at",
    "second_read_at",
    "last_message_at",
    "created_at",
];
const MESSAGE_COLUMNS: [&str; 5] = ["id", "conversation_id", "sender_id", "body", "created_at"];

fn conversation(row: &QueryResult) -> Result<Conversation, DbErr> {
    Ok(Conversation {
        id: get(row, "id")?,
        first_user_id: get(row, "first_user_id")?,
        second_user_id: get(row, "second_user_id")?,
        first_read_at: get(row, "first_read_at")?,
        second_read_at: get(row, "second_read_at")?,
        last_message_at: get(row, "last_message_at")?,
        created_at: get(row, "created_at")?,
    })
}

fn message(row: &QueryResult) -> Result<Message, DbErr> {
    Ok(Message {
        id: get(row, "id")?,
        conversation_id: get(row, "conversation_id")?,
        sender_id: get(row, "sender_id")?,
        body: get(row, "body")?,
        created_at: get(row, "created_at")?,
    })
}

/// The pair in stored order.
pub fn pair(a: UserId, b: UserId) -> (Uuid, Uuid) {
    if a.0 <= b.0 { (a.0, b.0) } else { (b.0, a.0) }
}

/// Creates the pair's conversation unless it exists; returns whether it did.
pub async fn insert_conversation(
    db: &impl ConnectionTrait,
    company: CompanyId,
    (first, second): (Uuid, Uuid),
    now: i64,
) -> Result<bool, DbErr> {
    let insert = Query::insert()
        .into_table("conversations")
        .columns(std::iter::once("company_id").chain(CONVERSATION_COLUMNS))
        .values_panic([
            company.0.into(),
            Uuid::now_v7().into(),
            first.into(),
            second.into(),
            now.into(),
            now.into(),
            Option::<i64>::None.into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::columns(["company_id", "first_user_id", "second_user_id"])
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    Ok(db.execute(&insert).await?.rows_affected() == 1)
}

pub async fn by_pair(
    db: &impl ConnectionTrait,
    company: CompanyId,
    (first, second): (Uuid, Uuid),
) -> Result<Option<Conversation>, DbErr> {
    let select = Query::select()
        .columns(CONVERSATION_COLUMNS)
        .from("conversations")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("first_user_id").eq(first))
        .and_where(Expr::col("second_user_id").eq(second))
        .to_owned();
    db.query_one(&select)
        .await?
        .as_ref()
        .map(conversation)
        .transpose()
}

/// The two participants of a conversation of the company (in stored order); None when the
/// company has no such conversation.
pub async fn participants(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<(UserId, UserId)>, DbErr> {
    let select = Query::select()
        .columns(["first_user_id", "second_user_id"])
        .from("conversations")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => Ok(Some((
            UserId(get(&row, "first_user_id")?),
            UserId(get(&row, "second_user_id")?),
        ))),
        None => Ok(None),
    }
}

/// The user's conversations in the company.
pub fn of_user(company: CompanyId, user: UserId) -> SelectStatement {
    Query::select()
        .columns(CONVERSATION_COLUMNS.map(|column| ("conversations", column)))
        .from("conversations")
        .and_where(Expr::col(("conversations", "company_id")).eq(company.0))
        .cond_where(
            Cond::any()
                .add(Expr::col(("conversations", "first_user_id")).eq(user.0))
                .add(Expr::col(("conversations", "second_user_id")).eq(user.0)),
        )
        .to_owned()
}

pub async fn list_conversations(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<Conversation>, i64), DbErr> {
    fetch_page(db, filtered, page, ("conversations", "id"), conversation).await
}

/// One of the user's conversations; None when it is not theirs (or not this company's).
pub async fn of_user_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    user: UserId,
    id: Uuid,
) -> Result<Option<Conversation>, DbErr> {
    let mut select = of_user(company, user);
    select.and_where(Expr::col(("conversations", "id")).eq(id));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(conversation)
        .transpose()
}

pub fn messages_of(company: CompanyId, conversation: Uuid) -> SelectStatement {
    Query::select()
        .columns(MESSAGE_COLUMNS.map(|column| ("messages", column)))
        .from("messages")
        .and_where(Expr::col(("messages", "company_id")).eq(company.0))
        .and_where(Expr::col(("messages", "conversation_id")).eq(conversation))
        .to_owned()
}

pub async fn list_messages(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<Message>, i64), DbErr> {
    fetch_page(db, filtered, page, ("messages", "id"), message).await
}

pub async fn last_message(
    db: &impl ConnectionTrait,
    company: CompanyId,
    conversation: Uuid,
) -> Result<Option<Message>, DbErr> {
    let mut select = messages_of(company, conversation);
    select
        .order_by(("messages", "created_at"), Order::Desc)
        .order_by(("messages", "id"), Order::Desc)
        .limit(1);
    db.query_one(&select)
        .await?
        .as_ref()
        .map(message)
        .transpose()
}

/// Messages of the other person after `read_at`.
pub async fn unread_count(
    db: &impl ConnectionTrait,
    company: CompanyId,
    conversation: Uuid,
    reader: UserId,
    read_at: i64,
) -> Result<i64, DbErr> {
    let unread = Query::select()
        .expr(Expr::col("id").count())
        .from("messages")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("conversation_id").eq(conversation))
        .and_where(Expr::col("sender_id").ne(reader.0))
        .and_where(Expr::col("created_at").gt(read_at))
        .to_owned();
    count(db, &unread).await
}

pub async fn insert_message(
    db: &impl ConnectionTrait,
    company: CompanyId,
    row: &Message,
) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("messages")
        .columns(std::iter::once("company_id").chain(MESSAGE_COLUMNS))
        .values_panic([
            company.0.into(),
            row.id.into(),
            row.conversation_id.into(),
            row.sender_id.into(),
            row.body.clone().into(),
            row.created_at.into(),
        ])
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

/// Records a new message's time, and that its sender has read up to it.
pub async fn after_message(
    db: &impl ConnectionTrait,
    company: CompanyId,
    conversation: &Conversation,
    sender: UserId,
    at: i64,
) -> Result<(), DbErr> {
    mark_read(db, company, conversation, sender, at).await?;
    let update = Query::update()
        .table("conversations")
        .value("last_message_at", at)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(conversation.id))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

/// The user has read the conversation up to `at` (never moving it back).
pub async fn mark_read(
    db: &impl ConnectionTrait,
    company: CompanyId,
    conversation: &Conversation,
    user: UserId,
    at: i64,
) -> Result<(), DbErr> {
    let column = if user.0 == conversation.first_user_id {
        "first_read_at"
    } else {
        "second_read_at"
    };
    let update = Query::update()
        .table("conversations")
        .value(column, at)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(conversation.id))
        .and_where(Expr::col(column).lt(at))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}
