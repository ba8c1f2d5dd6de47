//! The server process killed with SIGKILL while clients post keyed batches, then restarted:
//! every batch it acknowledged is there once, a retry of any key (acknowledged or cut off)
//! posts it at most once, numbers stay gapless and the hash chain intact.

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use arkan_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, test_settings};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One HTTP/1.1 exchange on a fresh connection: the status and the JSON body (Null when the
/// body is empty or not JSON); Err when the connection fails (the server is gone).
pub(crate) async fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<&Value>,
) -> Result<(u16, Value), String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .await
        .map_err(|error| error.to_string())?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|error| error.to_string())?;
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .await
        .map_err(|error| error.to_string())?;
    let text = String::from_utf8_lossy(&answer);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("no status line in {text:?}"))?;
    let json = text
        .split_once("\r\n\r\n")
        .and_then(|(_, body)| serde_json::from_str(body).ok())
        .unwrap_or(Value::Null);
    Ok((status, json))
}

pub(crate) struct Server {
    pub(crate) child: Child,
}

#[expect(
    clippy::expect_used,
    reason = "a server that cannot start fails the test loudly"
)]
pub(crate) fn start(settings: &arkan_server::settings::Settings, port: u16) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_arkan"));
    command
        .arg("--insecure-fast-passwords")
        .env("ARKAN_BIND", format!("127.0.0.1:{port}"))
        .env("ARKAN_DATA_DIR", &settings.data_dir)
        .env("ARKAN_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("ARKAN_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("ARKAN_RATE_LIMIT_MULTIPLIER", "1000")
        .env("ARKAN_MIGRATE", "true")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(url) = &settings.database_url {
        command.env("ARKAN_DATABASE_URL", url);
    }
    if let Some(schema) = &settings.database_schema {
        command.env("ARKAN_DATABASE_SCHEMA", schema);
    }
    if let Some(redis) = &settings.redis_url {
        command.env("ARKAN_REDIS_URL", redis);
    }
    Server {
        child: command.spawn().expect("the arkan binary starts"),
    }
}

pub(crate) async fn wait_ready(port: u16) {
    for _ in 0..300 {
        if let Ok((200, _)) = http(port, "GET", "/healthz", &[], None).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not answer on port {port}");
}

#[expect(clippy::expect_used, reason = "no free port fails the test loudly")]
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// A batch of three entries, each carrying the batch's key as its reference.
fn batch(key: &str, journal: &str, bank: &str, revenue: &str) -> Value {
    let entry = json!({
        "journalId": journal,
        "date": "2026-05-10",
        "reference": key,
        "lines": [
            {"accountId": bank, "debit": "1.00"},
            {"accountId": revenue, "credit": "1.00"}
        ]
    });
    json!({"entries": [entry.clone(), entry.clone(), entry]})
}

/// A server process on a fresh database, with the admin logged in and one company.
pub(crate) struct Running {
    pub(crate) settings: arkan_server::settings::Settings,
    pub(crate) _folder: Option<tempfile::TempDir>,
    pub(crate) port: u16,
    pub(crate) server: Server,
    pub(crate) token: String,
    /// The company's id.
    pub(crate) company: String,
}

#[expect(
    clippy::expect_used,
    reason = "a server that cannot start fails the test loudly"
)]
pub(crate) async fn run_with_company(
    name: &str,
    change: impl FnOnce(&mut arkan_server::settings::Settings),
) -> Running {
    let (mut settings, folder) = test_settings();
    change(&mut settings);
    if let Some(schema) = &settings.database_schema {
        let mut admin = settings.clone();
        admin.database_schema = None;
        arkan_server::app::connect(&admin)
            .await
            .expect("PostgreSQL answers")
            .connection()
            .execute_unprepared(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
            .await
            .expect("a fresh schema");
    }
    let port = free_port();
    let server = start(&settings, port);
    wait_ready(port).await;
    let (_, login) = http(
        port,
        "POST",
        "/api/v1/auth/login",
        &[],
        Some(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})),
    )
    .await
    .expect("login");
    let token = login["accessToken"].as_str().expect("a token").to_owned();
    let (_, company) = http(
        port,
        "POST",
        "/api/v1/companies",
        &[("authorization", format!("Bearer {token}"))],
        Some(&json!({"name": name, "currency": "AED", "country": "AE"})),
    )
    .await
    .expect("a company");
    let company = company["id"].as_str().expect("an id").to_owned();
    Running {
        settings,
        _folder: folder,
        port,
        server,
        token,
        company,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_server_keeps_every_acknowledged_batch_once() {
    let Running {
        settings,
        _folder,
        port,
        mut server,
        token,
        company,
    } = run_with_company("Crash LLC", |_| {}).await;
    let auth = ("authorization", format!("Bearer {token}"));
    let tenant = vec![auth.clone(), ("x-company-id", company.clone())];
    let lookup = |path: &'static str, key: &'static str, wanted: &'static str| {
        let tenant = tenant.clone();
        async move {
            let (_, list) = http(port, "GET", path, &tenant, None)
                .await
                .expect("a list");
            list["data"]
                .as_array()
                .expect("rows")
                .iter()
                .find(|row| row[key] == wanted)
                .and_then(|row| row["id"].as_str())
                .expect("the row")
                .to_owned()
        }
    };
    let journal = lookup("/api/v1/accounting/journals?limit=100", "code", "MISC").await;
    let bank = lookup("/api/v1/accounting/accounts?limit=100", "code", "101000").await;
    let revenue = lookup("/api/v1/accounting/accounts?limit=100", "code", "301000").await;

    // Six clients post keyed batches until the server is killed under them.
    let mut workers = Vec::new();
    for worker in 0..6 {
        let tenant = tenant.clone();
        let (journal, bank, revenue) = (journal.clone(), bank.clone(), revenue.clone());
        workers.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for n in 0.. {
                let key = format!("crash-{worker}-{n}");
                let mut headers = tenant.clone();
                headers.push(("idempotency-key", key.clone()));
                let body = batch(&key, &journal, &bank, &revenue);
                let outcome = http(
                    port,
                    "POST",
                    "/api/v1/accounting/journal-entries/batch",
                    &headers,
                    Some(&body),
                )
                .await;
                let stop = outcome.is_err();
                outcomes.push((key, outcome.map(|(status, _)| status).ok()));
                if stop {
                    break;
                }
            }
            outcomes
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.child.kill().expect("SIGKILL");
    server.child.wait().expect("the process ends");
    let mut outcomes = Vec::new();
    for worker in workers {
        outcomes.extend(worker.await.expect("a worker"));
    }
    let acknowledged: Vec<&String> = outcomes
        .iter()
        .filter(|(_, status)| *status == Some(201))
        .map(|(key, _)| key)
        .collect();
    assert!(
        acknowledged.len() >= 6,
        "the load ran before the kill: {outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .all(|(_, status)| matches!(status, None | Some(201))),
        "{outcomes:?}"
    );

    // Restarted, every key is retried: acknowledged ones replay, cut-off ones run (once).
    let mut server = start(&settings, port);
    wait_ready(port).await;
    for (key, _) in &outcomes {
        let mut headers = tenant.clone();
        headers.push(("idempotency-key", key.clone()));
        let (status, _) = http(
            port,
            "POST",
            "/api/v1/accounting/journal-entries/batch",
            &headers,
            Some(&batch(key, &journal, &bank, &revenue)),
        )
        .await
        .expect("the restarted server answers");
        assert_eq!(status, 201, "retry of {key}");
    }

    let mut per_key: BTreeMap<String, usize> = BTreeMap::new();
    let mut numbers = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(cursor) => format!(
                "/api/v1/accounting/journal-entries?limit=100&sort=createdAt&order=asc&cursor={cursor}"
            ),
            None => "/api/v1/accounting/journal-entries?limit=100&sort=createdAt&order=asc".into(),
        };
        let (status, page) = http(port, "GET", &path, &tenant, None)
            .await
            .expect("a page");
        assert_eq!(status, 200, "{page}");
        for entry in page["data"].as_array().expect("entries") {
            *per_key
                .entry(entry["reference"].as_str().unwrap_or_default().to_owned())
                .or_default() += 1;
            numbers.push(entry["number"].as_str().unwrap_or_default().to_owned());
        }
        match page["meta"]["cursor"].as_str() {
            Some(next) if page["meta"]["hasMore"] == true => cursor = Some(next.to_owned()),
            _ => break,
        }
    }
    for (key, _) in &outcomes {
        assert_eq!(
            per_key.get(key),
            Some(&3),
            "{key} posted once, as three entries"
        );
    }
    assert_eq!(per_key.values().sum::<usize>(), outcomes.len() * 3);
    numbers.sort();
    let expected: Vec<String> = (1..=numbers.len())
        .map(|n| format!("MISC/2026/{n:05}"))
        .collect();
    assert_eq!(numbers, expected, "gapless numbers");
    let (_, verify) = http(
        port,
        "GET",
        "/api/v1/accounting/audit/verify",
        &tenant,
        None,
    )
    .await
    .expect("the chain check");
    assert_eq!(verify["valid"], true, "{verify}");
    server.child.kill().expect("stop");
    let _ = server.child.wait();
}
