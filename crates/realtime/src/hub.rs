//! This instance's sockets, by company, and the one task that routes what the bus carries to
//! them. An event is serialized once and handed to each socket's bounded queue without waiting:
//! a socket whose queue is full is closed (4429) rather than stalling the others.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, Weak};

use arkan_kernel::{CompanyId, UserId};
use arkan_platform::Platform;
use arkan_platform::events::{BusMessage, Event, MODULE_INVALIDATE, MODULE_KEYS, may_read};
use arkan_platform::role::Role;
use axum::extract::ws::Utf8Bytes;
use serde_json::{Value, json};
use tokio::sync::{Notify, broadcast, mpsc};

use crate::presence::Presence;

/// Messages a socket may have waiting before it counts as too slow.
pub const QUEUE: usize = 256;

/// Close codes of the protocol.
pub mod close {
    pub const BAD_QUERY: u16 = 4400;
    pub const UNAUTHORIZED: u16 = 4401;
    pub const NOT_A_MEMBER: u16 = 4403;
    pub const TOO_SLOW: u16 = 4429;
}

/// Something on its way to one socket.
#[derive(Clone, Debug)]
pub enum Outgoing {
    /// A committed event: its number and room (None for a personal one), for replays to
    /// skip what was already sent.
    Event {
        seq: i64,
        /// The room's index in `MODULE_KEYS`.
        room: Option<usize>,
        text: Utf8Bytes,
        /// When it committed (microseconds since the epoch).
        committed_at: i64,
    },
    /// Presence, typing, replies.
    Text(Utf8Bytes),
}

/// One connected socket, as the router sees it.
pub struct Socket {
    pub id: u64,
    pub company: CompanyId,
    pub user: UserId,
    pub role: Mutex<Role>,
    /// The rooms joined, a bit per entry of `MODULE_KEYS` (only rooms the role may read: the
    /// role is checked on joining and again when it changes, not per event).
    rooms: AtomicU16,
    pub queue: mpsc::Sender<Outgoing>,
    /// Set with a close code when the socket must end (too slow, membership removed).
    pub closing: AtomicU16,
    pub stop: Notify,
}

impl Socket {
    pub fn end(&self, code: u16) {
        let _ = self
            .closing
            .compare_exchange(0, code, Ordering::SeqCst, Ordering::SeqCst);
        self.stop.notify_one();
    }

    fn deliver(&self, message: Outgoing) {
        if let Err(mpsc::error::TrySendError::Full(_)) = self.queue.try_send(message) {
            self.end(close::TOO_SLOW);
        }
    }

    pub fn join(&self, room: usize) {
        self.rooms.fetch_or(1 << room, Ordering::SeqCst);
    }

    pub fn leave(&self, room: usize) {
        self.rooms.fetch_and(!(1 << room), Ordering::SeqCst);
    }

    fn in_room(&self, room: usize) -> bool {
        self.rooms.load(Ordering::Relaxed) & (1 << room) != 0
    }

    fn joined(&self) -> Vec<usize> {
        (0..MODULE_KEYS.len())
            .filter(|room| self.in_room(*room))
            .collect()
    }
}

pub struct HubInner {
    pub platform: Platform,
    pub presence: Presence,
    sockets: RwLock<HashMap<CompanyId, HashMap<u64, Arc<Socket>>>>,
    next_id: AtomicU64,
}

/// This instance's sockets; cloned into every request.
#[derive(Clone)]
pub struct Hub(pub Arc<HubInner>);

/// Open sockets in this process (for `/metrics`).
pub static CONNECTIONS: AtomicI64 = AtomicI64::new(0);

impl std::ops::Deref for Hub {
    type Target = HubInner;

    fn deref(&self) -> &HubInner {
        &self.0
    }
}

impl Hub {
    /// Starts routing the platform's bus to this hub's sockets.
    pub fn start(platform: Platform, presence: Presence) -> Hub {
        let bus = platform.bus.subscribe();
        let hub = Hub(Arc::new(HubInner {
            platform,
            presence,
            sockets: RwLock::new(HashMap::new()),
            next_id: AtomicU64::new(1),
        }));
        tokio::spawn(route(Arc::downgrade(&hub.0), bus));
        if matches!(hub.presence, Presence::Redis { .. }) {
            tokio::spawn(renew(Arc::downgrade(&hub.0)));
        }
        hub
    }

    pub fn add(
        &self,
        company: CompanyId,
        user: UserId,
        role: Role,
        queue: mpsc::Sender<Outgoing>,
    ) -> Arc<Socket> {
        let socket = Arc::new(Socket {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            company,
            user,
            role: Mutex::new(role),
            rooms: AtomicU16::new(0),
            queue,
            closing: AtomicU16::new(0),
            stop: Notify::new(),
        });
        if let Ok(mut sockets) = self.sockets.write() {
            sockets
                .entry(company)
                .or_default()
                .insert(socket.id, socket.clone());
        }
        CONNECTIONS.fetch_add(1, Ordering::Relaxed);
        socket
    }

    pub fn remove(&self, socket: &Socket) {
        if let Ok(mut sockets) = self.sockets.write()
            && let Some(company) = sockets.get_mut(&socket.company)
        {
            if company.remove(&socket.id).is_some() {
                CONNECTIONS.fetch_sub(1, Ordering::Relaxed);
            }
            if company.is_empty() {
                sockets.remove(&socket.company);
            }
        }
    }

    fn sockets_of(&self, company: CompanyId) -> Vec<Arc<Socket>> {
        self.sockets
            .read()
            .ok()
            .and_then(|sockets| {
                sockets
                    .get(&company)
                    .map(|of| of.values().cloned().collect())
            })
            .unwrap_or_default()
    }

    /// Routes one committed event to the sockets that may hear it.
    fn event(&self, event: &Event) {
        let text = envelope(&event.event, event.payload(), Some(event.id()));
        let room = MODULE_KEYS.iter().position(|key| *key == event.module);
        for socket in self.sockets_of(event.company) {
            let hears = match (event.user, room) {
                (Some(user), _) => socket.user == user,
                (None, Some(room)) => socket.in_room(room),
                (None, None) => false,
            };
            if hears {
                socket.deliver(Outgoing::Event {
                    seq: event.seq,
                    room: event.user.is_none().then_some(room).flatten(),
                    text: text.clone(),
                    committed_at: event.occurred_at,
                });
            }
        }
        // A membership changed: its sockets learn their new role, or are closed.
        if event.event == MODULE_INVALIDATE
            && event.module == "companies"
            && event.name.starts_with("member.")
            && let Some(user) = event.resource_id.map(UserId)
        {
            let affected: Vec<Arc<Socket>> = self
                .sockets_of(event.company)
                .into_iter()
                .filter(|socket| socket.user == user)
                .collect();
            if !affected.is_empty() {
                let platform = self.platform.clone();
                let company = event.company;
                tokio::spawn(async move {
                    recheck(&platform, company, user, affected).await;
                });
            }
        }
    }

    fn ephemeral(
        &self,
        company: CompanyId,
        to: Option<&[UserId]>,
        except: Option<UserId>,
        event: &str,
        data: &Value,
    ) {
        let text = envelope(event, data.clone(), None);
        for socket in self.sockets_of(company) {
            let wanted = to.is_none_or(|to| to.contains(&socket.user));
            if wanted && except != Some(socket.user) {
                socket.deliver(Outgoing::Text(text.clone()));
            }
        }
    }

    /// The bus fell behind: every joined room is told to read everything again.
    fn resync_all(&self) {
        let all: Vec<Arc<Socket>> = self
            .sockets
            .read()
            .map(|sockets| {
                sockets
                    .values()
                    .flat_map(|of| of.values().cloned())
                    .collect()
            })
            .unwrap_or_default();
        for socket in all {
            for room in socket.joined() {
                socket.deliver(Outgoing::Text(resync(MODULE_KEYS[room])));
            }
        }
    }
}

/// `{event, data, id}` as sent on the wire.
pub fn envelope(event: &str, data: Value, id: Option<String>) -> Utf8Bytes {
    Utf8Bytes::from(json!({ "event": event, "data": data, "id": id }).to_string())
}

/// The one invalidation a room gets when what it missed is no longer kept.
pub fn resync(room: &str) -> Utf8Bytes {
    envelope(
        MODULE_INVALIDATE,
        json!({ "moduleKey": room, "eventName": "resync", "resourceId": null }),
        None,
    )
}

async fn route(hub: Weak<HubInner>, mut bus: broadcast::Receiver<Arc<BusMessage>>) {
    loop {
        let message = bus.recv().await;
        let Some(hub) = hub.upgrade().map(Hub) else {
            return;
        };
        match message {
            Ok(message) => match &*message {
                BusMessage::Event(event) => hub.event(event),
                BusMessage::Ephemeral {
                    company,
                    to,
                    except,
                    event,
                    data,
                } => hub.ephemeral(*company, to.as_deref(), *except, event, data),
                BusMessage::Wake => {}
            },
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                tracing::warn!(missed, "the socket router fell behind the bus");
                hub.resync_all();
            }
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

async fn renew(hub: Weak<HubInner>) {
    let mut tick = tokio::time::interval(crate::presence::INSTANCE_TTL / 3);
    loop {
        tick.tick().await;
        let Some(hub) = hub.upgrade() else {
            return;
        };
        if let Err(error) = hub.presence.renew().await {
            tracing::warn!(%error, "cannot renew this instance's presence");
        }
    }
}

/// Reads the person's membership again: gone -> their sockets close with 4403; a new role ->
/// they leave the rooms it may not read.
async fn recheck(platform: &Platform, company: CompanyId, user: UserId, sockets: Vec<Arc<Socket>>) {
    match arkan_platform::tenancy::context(platform, user, company).await {
        Ok(ctx) => {
            for socket in sockets {
                if let Ok(mut role) = socket.role.lock() {
                    *role = ctx.role;
                }
                for (room, key) in MODULE_KEYS.iter().enumerate() {
                    if !may_read(ctx.role, key) {
                        socket.leave(room);
                    }
                }
            }
        }
        Err(error) if error.status.is_client_error() => {
            for socket in sockets {
                socket.end(close::NOT_A_MEMBER);
            }
        }
        Err(error) => tracing::warn!(%error, "cannot re-read a membership"),
    }
}
