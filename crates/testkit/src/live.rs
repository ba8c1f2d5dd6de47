//! The server listening on a real port (for WebSockets and webhooks), and a WebSocket client
//! that speaks the protocol's envelopes.

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::TestApp;

/// How long a test waits for something that should arrive.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A server of a [`TestApp`]'s router on `127.0.0.1`; stops when dropped.
pub struct Live {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Live {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestApp {
    /// Serves this app on a free local port.
    pub async fn listen(&self) -> Live {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let addr = listener.local_addr().expect("the port");
        let router = self.router.clone();
        let task = tokio::spawn(async move {
            let _ = arkan_server::app::serve(listener, router, std::future::pending()).await;
        });
        Live { addr, task }
    }
}

/// A WebSocket client.
pub struct Ws {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// How a connection attempt ended when the server closed it.
#[derive(Debug, PartialEq, Eq)]
pub struct Closed(pub u16);

impl Live {
    /// Connects to `/ws?{query}`; Ok once the server has sent `presence` (it admitted the
    /// socket), Err with the close code when it refused it.
    pub async fn ws(&self, query: &str) -> Result<(Ws, Value), Closed> {
        Ws::connect(self.addr.port(), query).await
    }

    /// Connects with a token to a company; panics when refused.
    pub async fn join(&self, token: &str, company: uuid::Uuid) -> Ws {
        self.ws(&format!("token={token}&company_id={company}"))
            .await
            .expect("the socket is admitted")
            .0
    }
}

impl Ws {
    /// Connects to `/ws?{query}` on a local port (a server of this process or another); Ok once
    /// the server has sent `presence` (it admitted the socket), Err with the close code when it
    /// refused it.
    pub async fn connect(port: u16, query: &str) -> Result<(Ws, Value), Closed> {
        let url = format!("ws://127.0.0.1:{port}/ws?{query}");
        let (stream, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("the WebSocket handshake");
        let mut ws = Ws { stream };
        match ws.next_message().await {
            Some(Ok(message)) if message["event"] == "presence" => Ok((ws, message)),
            Some(Ok(other)) => panic!("expected presence first, got {other}"),
            Some(Err(code)) => Err(code),
            None => panic!("the socket ended without a close frame"),
        }
    }

    pub async fn send(&mut self, event: &str, data: Value) {
        self.stream
            .send(Message::Text(
                json!({"event": event, "data": data}).to_string().into(),
            ))
            .await
            .expect("the message is sent");
    }

    /// The next envelope, or the close code; None when the stream ended or nothing came.
    async fn next_message(&mut self) -> Option<Result<Value, Closed>> {
        loop {
            let next = tokio::time::timeout(PATIENCE, self.stream.next())
                .await
                .ok()??;
            match next {
                Ok(Message::Text(text)) => {
                    return Some(Ok(serde_json::from_str(&text).expect("an envelope in JSON")));
                }
                Ok(Message::Close(frame)) => {
                    return Some(Err(Closed(
                        frame
                            .map(|frame| u16::from(frame.code))
                            .unwrap_or(u16::from(CloseCode::Status)),
                    )));
                }
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    }

    /// The next envelope; panics on a close or silence.
    pub async fn next(&mut self) -> Value {
        match self.next_message().await {
            Some(Ok(message)) => message,
            other => panic!("expected a message, got {other:?}"),
        }
    }

    /// The next envelope whose `event` is `event`, skipping others (presence, say).
    pub async fn next_of(&mut self, event: &str) -> Value {
        loop {
            let message = self.next().await;
            if message["event"] == event {
                return message;
            }
        }
    }

    /// Joins a module room and waits for `module_joined`.
    pub async fn join_module(&mut self, module: &str) {
        self.send("join_module", json!({"moduleKey": module})).await;
        let joined = self.next_of("module_joined").await;
        assert_eq!(joined["data"]["moduleKey"], module);
    }

    /// Waits `quiet` and returns the messages whose `event` is one of `events` that came.
    pub async fn drain(&mut self, quiet: Duration, events: &[&str]) -> Vec<Value> {
        let mut seen = Vec::new();
        while let Ok(Some(Ok(Message::Text(text)))) =
            tokio::time::timeout(quiet, self.stream.next()).await
        {
            let message: Value = serde_json::from_str(&text).expect("an envelope in JSON");
            if events.iter().any(|event| message["event"] == *event) {
                seen.push(message);
            }
        }
        seen
    }

    /// Waits for the server to close the socket; its close code.
    pub async fn closed(&mut self) -> u16 {
        loop {
            match self.next_message().await {
                Some(Ok(_)) => continue,
                Some(Err(Closed(code))) => return code,
                None => panic!("the socket ended without a close frame"),
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.stream.close(None).await;
    }
}
