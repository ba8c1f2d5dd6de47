//! One WebSocket: who it is (token, company), what it asks (join and leave rooms, ping, state,
//! typing, a new token), what it is sent (its queue), and when it ends (close codes, silence,
//! an expired token).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{CompanyId, UserId};
use arkan_platform::Ctx;
use arkan_platform::events::{
    self, BusMessage, MODULE_KEYS, Replay, ReplayFor, may_read, parse_id,
};
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Extension, RawQuery};
use axum::response::{IntoResponse, Response};
use futures_util::SinkExt;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio::time::Instant;
use uuid::Uuid;

use crate::hub::{Hub, Outgoing, QUEUE, Socket, close, envelope, resync};
use crate::presence::STATES;

/// The server pings this often.
const PING_EVERY: Duration = Duration::from_secs(30);
/// A socket that sends nothing (not even a pong) for this long is dropped.
const SILENCE: Duration = Duration::from_secs(90);
/// At most one typing indicator per conversation per socket in this time.
const TYPING_EVERY: Duration = Duration::from_secs(2);
/// Queued messages written per flush at most.
const BATCH: usize = 64;
/// Events replayed at most on one resume.
const REPLAY_LIMIT: u64 = 1_000;

/// `GET /ws?token=&company_id=&last_event_id=`: upgrades, then checks the query, the token and
/// the membership, closing with the protocol's code when one fails.
pub async fn upgrade(
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
    Extension(hub): Extension<Hub>,
    RawQuery(query): RawQuery,
) -> Response {
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => {
            return crate::errors::websocket_upgrade_required(&rejection.body_text())
                .into_response();
        }
    };
    upgrade
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .max_message_size(64 * 1024)
        .max_frame_size(64 * 1024)
        .on_upgrade(move |socket| run(hub, socket, query.unwrap_or_default()))
}

#[derive(Debug, Default)]
struct Query {
    token: String,
    company: Option<CompanyId>,
    last_event_id: Option<i64>,
}

fn parse_query(query: &str) -> Result<Query, String> {
    let mut parsed = Query::default();
    for (key, value) in form_pairs(query) {
        match key.as_str() {
            "token" => parsed.token = value,
            "company_id" => {
                parsed.company = Some(CompanyId(
                    Uuid::parse_str(&value).map_err(|_| "company_id must be a UUID".to_owned())?,
                ));
            }
            "last_event_id" => {
                parsed.last_event_id = Some(
                    parse_id(&value)
                        .ok_or_else(|| "last_event_id is not an event id".to_owned())?,
                );
            }
            other => return Err(format!("unknown query parameter {other}")),
        }
    }
    if parsed.token.is_empty() {
        return Err("token is required".into());
    }
    Ok(parsed)
}

fn form_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default()
}

async fn close_with(mut socket: WebSocket, code: u16, reason: &str) {
    let _ = socket
        .send(Message::Close(Some(CloseFrame {
            code,
            reason: Utf8Bytes::from(reason.to_owned()),
        })))
        .await;
}

/// Who the socket is for, or the close code and reason.
async fn admit(hub: &Hub, query: &Query) -> Result<(Ctx, i64), (u16, String)> {
    let (user, expires) = hub
        .platform
        .tokens
        .verify_access_until(&query.token)
        .map_err(|error| (close::UNAUTHORIZED, error.message.to_string()))?;
    let company = match query.company {
        Some(company) => company,
        None => {
            let companies =
                arkan_identity::companies::companies_of(hub.platform.db.connection(), user, 2)
                    .await
                    .map_err(|_| (close::BAD_QUERY, "cannot read the memberships".to_owned()))?;
            match companies.as_slice() {
                [one] => *one,
                [] => return Err((close::NOT_A_MEMBER, "not a member of any company".into())),
                _ => {
                    return Err((
                        close::BAD_QUERY,
                        "company_id is required for a member of several companies".into(),
                    ));
                }
            }
        }
    };
    let ctx = arkan_platform::tenancy::context(&hub.platform, user, company)
        .await
        .map_err(|error| {
            let code = if error.status.as_u16() == 401 {
                close::UNAUTHORIZED
            } else if error.status.is_client_error() {
                close::NOT_A_MEMBER
            } else {
                close::BAD_QUERY
            };
            (code, error.message.to_string())
        })?;
    Ok((ctx, expires))
}

/// A message from the client.
#[derive(Deserialize)]
struct Incoming {
    event: String,
    #[serde(default)]
    data: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JoinModule {
    module_key: String,
    last_event_id: Option<Value>,
}

/// The connection's own state, kept by its task.
struct Connection {
    hub: Hub,
    socket: Arc<Socket>,
    full_name: String,
    expires_at: Instant,
    /// The newest event number sent per room (by index in `MODULE_KEYS`, personal events
    /// last), so a replay and the live stream never send one twice.
    sent_up_to: [i64; MODULE_KEYS.len() + 1],
    typed: HashMap<Uuid, Instant>,
    /// The commit times of the events of the batch being written (kept to reuse its memory).
    committed: Vec<i64>,
}

/// Where personal events count in `sent_up_to`.
const PERSONAL: usize = MODULE_KEYS.len();

async fn run(hub: Hub, mut websocket: WebSocket, query: String) {
    let query = match parse_query(&query) {
        Ok(query) => query,
        Err(reason) => return close_with(websocket, close::BAD_QUERY, &reason).await,
    };
    let (ctx, expires) = match admit(&hub, &query).await {
        Ok(admitted) => admitted,
        Err((code, reason)) => return close_with(websocket, code, &reason).await,
    };
    let (queue, mut outgoing) = mpsc::channel(QUEUE);
    let socket = hub.add(ctx.company, ctx.user, ctx.role, queue);
    let full_name = arkan_identity::companies::member_names(
        hub.platform.db.connection(),
        ctx.company,
        &[ctx.user],
    )
    .await
    .ok()
    .and_then(|mut names| names.remove(&ctx.user))
    .unwrap_or_default();
    let mut connection = Connection {
        hub: hub.clone(),
        socket: socket.clone(),
        full_name,
        expires_at: instant_of(expires),
        sent_up_to: [0; MODULE_KEYS.len() + 1],
        typed: HashMap::new(),
        committed: Vec::new(),
    };
    connection.arrive(&mut websocket, query.last_event_id).await;

    let mut ping = tokio::time::interval_at(Instant::now() + PING_EVERY, PING_EVERY);
    let mut last_heard = Instant::now();
    // Made once and kept across turns of the loop: a timer entry and a waiter per socket, not
    // per message.
    let expiry = tokio::time::sleep_until(connection.expires_at);
    tokio::pin!(expiry);
    let stopped = socket.stop.notified();
    tokio::pin!(stopped);
    let mut batch = Vec::new();
    let code = loop {
        tokio::select! {
            biased;
            () = &mut stopped => {
                let code = socket.closing.load(std::sync::atomic::Ordering::SeqCst);
                break Some((code, if code == close::TOO_SLOW { "too slow" } else { "no longer a member" }));
            }
            next = outgoing.recv() => {
                let Some(next) = next else { break None };
                // What else is already queued goes out with it, in one flush.
                batch.push(next);
                while batch.len() < BATCH {
                    match outgoing.try_recv() {
                        Ok(more) => batch.push(more),
                        Err(_) => break,
                    }
                }
                if connection.send_all(&mut websocket, &mut batch).await.is_err() {
                    break None;
                }
            }
            received = websocket.recv() => {
                let Some(Ok(message)) = received else { break None };
                last_heard = Instant::now();
                match message {
                    Message::Text(text) => {
                        let expires_at = connection.expires_at;
                        if let Some(code) = connection.handle(&mut websocket, &text).await {
                            break Some(code);
                        }
                        if connection.expires_at != expires_at {
                            expiry.as_mut().reset(connection.expires_at);
                        }
                    }
                    Message::Close(_) => break None,
                    _ => {}
                }
            }
            _ = ping.tick() => {
                if last_heard.elapsed() >= SILENCE {
                    break None;
                }
                if websocket.send(Message::Ping(Default::default())).await.is_err() {
                    break None;
                }
            }
            () = &mut expiry => {
                break Some((close::UNAUTHORIZED, "the token has expired"));
            }
        }
    };
    hub.remove(&socket);
    connection.leave().await;
    if let Some((code, reason)) = code {
        close_with(websocket, code, reason).await;
    }
}

fn instant_of(expires_seconds: i64) -> Instant {
    let left = expires_seconds.saturating_mul(1_000_000) - now_micros();
    Instant::now() + Duration::from_micros(u64::try_from(left.max(0)).unwrap_or(0))
}

impl Connection {
    fn company(&self) -> CompanyId {
        self.socket.company
    }

    fn user(&self) -> UserId {
        self.socket.user
    }

    /// Presence on arrival, then the personal events missed since `last_event_id`.
    async fn arrive(&mut self, websocket: &mut WebSocket, last_event_id: Option<i64>) {
        let presence = &self.hub.presence;
        let first = matches!(presence.change(self.company(), self.user(), 1).await, Ok(1));
        if first {
            let _ = presence
                .set_state(self.company(), self.user(), "online")
                .await;
            self.announce("online").await;
        }
        let people = presence.list(self.company()).await.unwrap_or_default();
        let ids: Vec<UserId> = people.iter().map(|(user, _)| *user).collect();
        let names = arkan_identity::companies::member_names(
            self.hub.platform.db.connection(),
            self.company(),
            &ids,
        )
        .await
        .unwrap_or_default();
        let users: Vec<Value> = people
            .iter()
            .filter_map(|(user, state)| {
                let name = names.get(user)?;
                Some(json!({ "userId": user.0, "fullName": name, "state": state }))
            })
            .collect();
        let _ = websocket
            .send(Message::Text(envelope(
                "presence",
                json!({ "users": users }),
                None,
            )))
            .await;
        if let Some(after) = last_event_id {
            let replayed = events::replay(
                self.hub.platform.db.connection(),
                self.company(),
                after,
                ReplayFor::Person(self.user()),
                REPLAY_LIMIT,
            )
            .await;
            if let Ok(Replay::Events(missed)) = replayed {
                for event in missed {
                    self.sent(PERSONAL, event.seq);
                    let text = envelope(&event.event, event.payload(), Some(event.id()));
                    let _ = websocket.send(Message::Text(text)).await;
                }
            }
        }
    }

    async fn announce(&self, state: &str) {
        self.hub
            .platform
            .bus
            .publish(BusMessage::Ephemeral {
                company: self.company(),
                to: None,
                except: None,
                event: "user_joined".into(),
                data: json!({ "userId": self.user().0, "fullName": self.full_name, "state": state }),
            })
            .await;
    }

    async fn leave(&self) {
        if matches!(
            self.hub
                .presence
                .change(self.company(), self.user(), -1)
                .await,
            Ok(0)
        ) {
            self.hub
                .platform
                .bus
                .publish(BusMessage::Ephemeral {
                    company: self.company(),
                    to: None,
                    except: Some(self.user()),
                    event: "user_left".into(),
                    data: json!({ "userId": self.user().0 }),
                })
                .await;
        }
    }

    fn sent(&mut self, room: usize, seq: i64) {
        if let Some(last) = self.sent_up_to.get_mut(room) {
            *last = (*last).max(seq);
        }
    }

    /// What of a queued message goes out, and its commit time if it is an event: an event
    /// already sent by a replay does not go.
    fn filter(&mut self, next: Outgoing) -> Option<(Utf8Bytes, Option<i64>)> {
        match next {
            Outgoing::Text(text) => Some((text, None)),
            Outgoing::Event {
                seq,
                room,
                text,
                committed_at,
            } => {
                let last = self.sent_up_to.get_mut(room.unwrap_or(PERSONAL))?;
                if seq <= *last {
                    return None;
                }
                *last = seq;
                Some((text, Some(committed_at)))
            }
        }
    }

    /// Writes queued messages (less those a replay already sent) and flushes once.
    async fn send_all(
        &mut self,
        websocket: &mut WebSocket,
        batch: &mut Vec<Outgoing>,
    ) -> Result<(), axum::Error> {
        let mut any = false;
        self.committed.clear();
        for next in batch.drain(..) {
            if let Some((text, committed_at)) = self.filter(next) {
                websocket.feed(Message::Text(text)).await?;
                any = true;
                self.committed.extend(committed_at);
            }
        }
        if any {
            websocket.flush().await?;
            let now = now_micros();
            for at in &self.committed {
                crate::delivery::DELIVERY.observe(now - at);
            }
        }
        Ok(())
    }

    async fn reply(&self, websocket: &mut WebSocket, event: &str, data: Value) {
        let _ = websocket
            .send(Message::Text(envelope(event, data, None)))
            .await;
    }

    async fn mistake(&self, websocket: &mut WebSocket, code: &str, message: &str) {
        self.reply(
            websocket,
            "error",
            json!({ "code": code, "message": message }),
        )
        .await;
    }

    /// Handles one client message; Some(close) ends the socket.
    async fn handle(
        &mut self,
        websocket: &mut WebSocket,
        text: &str,
    ) -> Option<(u16, &'static str)> {
        let Ok(incoming) = serde_json::from_str::<Incoming>(text) else {
            self.mistake(
                websocket,
                crate::errors::UNKNOWN_EVENT,
                "a message is {\"event\", \"data\"} in JSON",
            )
            .await;
            return None;
        };
        match incoming.event.as_str() {
            "ping" => {
                self.reply(websocket, "pong", json!({ "time": rfc3339(now_micros()) }))
                    .await;
            }
            "join_module" => self.join(websocket, incoming.data).await,
            "leave_module" => {
                let Some(module) = module_key(&incoming.data) else {
                    self.mistake(
                        websocket,
                        crate::errors::UNKNOWN_MODULE,
                        "moduleKey is not a module",
                    )
                    .await;
                    return None;
                };
                if let Some(room) = MODULE_KEYS.iter().position(|key| *key == module) {
                    self.socket.leave(room);
                }
                self.reply(websocket, "module_left", json!({ "moduleKey": module }))
                    .await;
            }
            "set_state" => {
                let state = incoming.data.get("state").and_then(Value::as_str);
                match state.filter(|state| STATES.contains(state)) {
                    Some(state) => {
                        let _ = self
                            .hub
                            .presence
                            .set_state(self.company(), self.user(), state)
                            .await;
                        self.announce(state).await;
                    }
                    None => {
                        self.mistake(
                            websocket,
                            crate::errors::INVALID_STATE,
                            "state is online, away or busy",
                        )
                        .await;
                    }
                }
            }
            "dm:typing" => self.typing(websocket, &incoming.data).await,
            "auth" => {
                let token = incoming.data.get("token").and_then(Value::as_str);
                match token.map(|token| self.hub.platform.tokens.verify_access_until(token)) {
                    Some(Ok((user, expires))) if user == self.user() => {
                        self.expires_at = instant_of(expires);
                        self.reply(
                            websocket,
                            "auth_ok",
                            json!({ "expiresAt": rfc3339(expires * 1_000_000) }),
                        )
                        .await;
                    }
                    _ => return Some((close::UNAUTHORIZED, "the new token is not valid")),
                }
            }
            _ => {
                self.mistake(websocket, crate::errors::UNKNOWN_EVENT, "no such event")
                    .await;
            }
        }
        None
    }

    async fn join(&mut self, websocket: &mut WebSocket, data: Value) {
        let Ok(join) = serde_json::from_value::<JoinModule>(data) else {
            self.mistake(
                websocket,
                crate::errors::UNKNOWN_MODULE,
                "moduleKey is required",
            )
            .await;
            return;
        };
        let Some(room) = MODULE_KEYS.iter().position(|key| *key == join.module_key) else {
            self.mistake(
                websocket,
                crate::errors::UNKNOWN_MODULE,
                "moduleKey is not a module",
            )
            .await;
            return;
        };
        let module = MODULE_KEYS[room];
        let role = self.socket.role.lock().map(|role| *role).ok();
        if !role.is_some_and(|role| may_read(role, module)) {
            self.mistake(
                websocket,
                crate::errors::MODULE_FORBIDDEN,
                "your role may not read this module",
            )
            .await;
            return;
        }
        // Join first, so nothing committed from now on is missed; the replay below then sends
        // what came before, and the queue skips what the replay already sent.
        self.socket.join(room);
        // A role changed meanwhile (the hub sets the role, then clears rooms): look again.
        if !self
            .socket
            .role
            .lock()
            .is_ok_and(|role| may_read(*role, module))
        {
            self.socket.leave(room);
        }
        self.reply(websocket, "module_joined", json!({ "moduleKey": module }))
            .await;
        let after = match &join.last_event_id {
            Some(Value::String(id)) => parse_id(id),
            Some(Value::Number(id)) => id.as_i64().filter(|id| *id >= 0),
            _ => None,
        };
        let Some(after) = after else { return };
        let replayed = events::replay(
            self.hub.platform.db.connection(),
            self.company(),
            after,
            ReplayFor::Module(module),
            REPLAY_LIMIT,
        )
        .await;
        match replayed {
            Ok(Replay::Events(missed)) if (missed.len() as u64) < REPLAY_LIMIT => {
                for event in missed {
                    self.sent(room, event.seq);
                    let text = envelope(&event.event, event.payload(), Some(event.id()));
                    let _ = websocket.send(Message::Text(text)).await;
                }
            }
            _ => {
                let _ = websocket.send(Message::Text(resync(module))).await;
            }
        }
    }

    async fn typing(&mut self, websocket: &mut WebSocket, data: &Value) {
        let conversation = data
            .get("conversationId")
            .and_then(Value::as_str)
            .and_then(|id| Uuid::parse_str(id).ok());
        let Some(conversation) = conversation else {
            self.mistake(
                websocket,
                crate::errors::INVALID_CONVERSATION,
                "conversationId is required",
            )
            .await;
            return;
        };
        if self
            .typed
            .get(&conversation)
            .is_some_and(|at| at.elapsed() < TYPING_EVERY)
        {
            return;
        }
        let participants = arkan_messages::participants(
            self.hub.platform.db.connection(),
            self.company(),
            conversation,
        )
        .await;
        let other = match participants {
            Ok(Some((one, two))) if one == self.user() => two,
            Ok(Some((one, two))) if two == self.user() => one,
            _ => {
                self.mistake(
                    websocket,
                    crate::errors::INVALID_CONVERSATION,
                    "no such conversation of yours",
                )
                .await;
                return;
            }
        };
        self.typed.insert(conversation, Instant::now());
        self.hub
            .platform
            .bus
            .publish(BusMessage::Ephemeral {
                company: self.company(),
                to: Some(vec![other]),
                except: None,
                event: "dm:typing".into(),
                data: json!({
                    "userId": self.user().0,
                    "userName": self.full_name,
                    "conversationId": conversation,
                }),
            })
            .await;
    }
}

fn module_key(data: &Value) -> Option<&'static str> {
    let key = data.get("moduleKey").and_then(Value::as_str)?;
    MODULE_KEYS.iter().find(|known| **known == key).copied()
}
