//! Webhooks: subscriptions per company (owners and admins), signed deliveries made from
//! committed events after the request, retried with backoff, logged and replayed. The receivers
//! are real HTTP servers on loopback ports, so these tests run with
//! `ARKAN_WEBHOOK_ALLOW_PRIVATE` on unless they check the refusal.
#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test loudly on a broken set-up"
)]

mod deliveries;
mod payloads;
mod subscriptions;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use arkan_testkit::TestApp;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

/// One request a receiver got.
#[derive(Clone, Debug)]
pub struct Hit {
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Hit {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

#[derive(Clone)]
struct Script {
    answers: Arc<Vec<u16>>,
    hits: Arc<Mutex<Vec<Hit>>>,
}

/// A webhook receiver on a loopback port: answers its n-th request with the n-th status of its
/// script (the last one from then on) and keeps every request.
pub struct Receiver {
    pub url: String,
    hits: Arc<Mutex<Vec<Hit>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    pub async fn answering(answers: &[u16]) -> Receiver {
        let script = Script {
            answers: Arc::new(answers.to_vec()),
            hits: Arc::default(),
        };
        let hits = script.hits.clone();
        let router = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(script);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let address = listener.local_addr().expect("its address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Receiver {
            url: format!("http://{address}/hook"),
            hits,
            task,
        }
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().expect("the hits").clone()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn receive(State(script): State<Script>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let mut hits = script.hits.lock().expect("the hits");
    let answer = script
        .answers
        .get(hits.len())
        .or(script.answers.last())
        .copied()
        .unwrap_or(200);
    hits.push(Hit { headers, body });
    StatusCode::from_u16(answer).expect("a status")
}

/// A server (private targets allowed or not) with one company, seen by its owner.
pub struct Hooks {
    pub app: TestApp,
    pub token: String,
    pub company: Uuid,
}

impl Hooks {
    pub async fn start(allow_private: bool) -> Hooks {
        let app = TestApp::with(|settings| settings.webhook_allow_private = allow_private).await;
        let token = app.admin_token().await;
        let company = app.create_company(&token, "Hooks LLC").await;
        Hooks {
            app,
            token,
            company,
        }
    }

    pub async fn get(&self, path: &str) -> arkan_testkit::Reply {
        self.app.get(path, &self.token, Some(self.company)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> arkan_testkit::Reply {
        self.app
            .post(path, &self.token, Some(self.company), body)
            .await
    }

    pub async fn patch(&self, path: &str, body: Value) -> arkan_testkit::Reply {
        self.app
            .patch(path, &self.token, Some(self.company), body)
            .await
    }

    pub async fn delete(&self, path: &str) -> arkan_testkit::Reply {
        self.app.delete(path, &self.token, Some(self.company)).await
    }

    /// Creates a webhook; panics unless created. Returns the create response's body.
    pub async fn subscribe(&self, url: &str, events: Value) -> Value {
        let created = self
            .post("/api/v1/webhooks", json!({"url": url, "events": events}))
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        created.body
    }

    /// Creates a client (which emits `client.created`); returns its id.
    pub async fn client(&self, name: &str) -> Uuid {
        let created = self
            .post("/api/v1/crm/clients", json!({"name": name}))
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        created.id()
    }

    /// Waits until the outbox dispatcher (the server's own, in the background) has dispatched
    /// every committed event: the deliveries they make exist then, made in the same transaction.
    pub async fn settle(&self) {
        let db = self.app.platform.db.connection();
        for _ in 0..1_000 {
            let backlog = arkan_platform::events::backlog(db)
                .await
                .expect("the outbox backlog");
            if backlog == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the outbox was not dispatched within 10 seconds");
    }

    /// Runs the background jobs due at `now` (microseconds), as the worker would then.
    pub async fn run_jobs(&self, now: i64) -> usize {
        arkan_server::app::jobs()
            .run_due(&self.app.platform, "test-worker", now, 10)
            .await
            .expect("the jobs run")
    }

    /// A webhook's deliveries, newest first (one page).
    pub async fn deliveries(&self, webhook: &Value) -> Vec<Value> {
        let listed = self
            .get(&format!("/api/v1/webhooks/{}/deliveries", id_of(webhook)))
            .await;
        assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
        listed.body["data"].as_array().cloned().expect("a list")
    }

    pub async fn webhook(&self, webhook: &Value) -> Value {
        let read = self
            .get(&format!("/api/v1/webhooks/{}", id_of(webhook)))
            .await;
        assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
        read.body
    }
}

pub fn id_of(resource: &Value) -> &str {
    resource["id"].as_str().expect("an id")
}

/// Microseconds from now.
pub fn after(seconds: i64) -> i64 {
    arkan_kernel::time::now_micros() + seconds * 1_000_000
}
