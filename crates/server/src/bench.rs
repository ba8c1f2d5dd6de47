//! `arkan bench list`: seeds a company with many clients, starts the real server on a loopback
//! port, and drives `GET /api/v1/crm/clients?limit=25` and `GET /healthz` with N keep-alive
//! connections, printing requests/second and latency percentiles for each.

use std::time::{Duration, Instant};

use arkan_kernel::{CompanyId, UserId};
use arkan_platform::Platform;
use arkan_platform::identity;
use arkan_platform::identity::api::{CreateCompany, CreateUser, LoginRequest};
use arkan_platform::role::Plan;
use arkan_platform::tenancy::AuthUser;
use clap::{Args, Subcommand};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::Query;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use uuid::Uuid;

use crate::app;
use crate::settings::Settings;

#[derive(Args, Debug)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub scenario: Scenario,
}

#[derive(Subcommand, Debug)]
pub enum Scenario {
    /// The client list against the health endpoint.
    List {
        /// Clients seeded in the benchmark company.
        #[arg(long, default_value_t = 100_000)]
        clients: usize,
        /// Concurrent keep-alive connections.
        #[arg(long, default_value_t = 32)]
        connections: usize,
        /// Seconds each endpoint is driven.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
}

pub async fn run(mut settings: Settings, args: BenchArgs) -> Result<(), String> {
    let Scenario::List {
        clients,
        connections,
        seconds,
    } = args.scenario;
    // A fresh database every run: a temporary SQLite file, or a new PostgreSQL schema.
    let _temporary = if settings.database_url.is_none() {
        let folder = std::env::temp_dir().join(format!("arkan-bench-{}", Uuid::now_v7()));
        settings.data_dir = folder.clone();
        Some(folder)
    } else {
        let schema = format!("bench_{}", Uuid::now_v7().simple());
        let db = app::connect(&settings).await?;
        db.connection()
            .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
            .await
            .map_err(|error| error.to_string())?;
        settings.database_schema = Some(schema);
        settings.migrate = true;
        None
    };
    settings.insecure_fast_passwords = true;
    settings.rate_limit_multiplier = 1_000;
    let platform = app::platform(&settings).await?;
    let backend = if settings.is_sqlite() {
        "SQLite"
    } else {
        "PostgreSQL"
    };

    let (token, company) = seed(&platform, clients).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|error| error.to_string())?;
    let address = listener.local_addr().map_err(|error| error.to_string())?;
    let router = app::router(platform);
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });

    let duration = Duration::from_secs(seconds);
    println!(
        "arkan bench list: {backend}, {clients} clients, {connections} connections, {seconds}s per endpoint"
    );
    let health = drive(address, "/healthz", None, connections, duration).await?;
    health.print("GET /healthz");
    let list_path = "/api/v1/crm/clients?limit=25";
    let list = drive(
        address,
        list_path,
        Some((&token, company)),
        connections,
        duration,
    )
    .await?;
    list.print("GET /api/v1/crm/clients?limit=25");
    println!(
        "list/health throughput ratio: {:.3} (target >= 0.25); list p99 {:.2} ms (target < 10 ms)",
        list.per_second() / health.per_second().max(1.0),
        list.percentile(99.0)
    );
    if let Some(folder) = _temporary {
        let _ = std::fs::remove_dir_all(folder);
    }
    Ok(())
}

async fn seed(platform: &Platform, clients: usize) -> Result<(String, CompanyId), String> {
    let error = |error: arkan_platform::ApiError| error.to_string();
    let user = identity::service::create_user(
        platform,
        None,
        CreateUser {
            email: "bench@arkan.test".into(),
            password: "bench-password".into(),
            full_name: "Bench".into(),
        },
        false,
    )
    .await
    .map_err(error)?;
    let actor = AuthUser {
        id: UserId(user.id),
        is_platform_admin: false,
    };
    let company = identity::service::create_company(
        platform,
        actor,
        CreateCompany {
            name: "Bench Trading LLC".into(),
            legal_name: None,
            currency: "AED".into(),
            country: "AE".into(),
            plan: Some(Plan::Enterprise),
            chart_template: None,
            trn: None,
            fiscal_year_start_month: None,
        },
    )
    .await
    .map_err(error)?;
    let company = CompanyId(company.id);
    let started = Instant::now();
    let db = platform.db.connection();
    let now = arkan_kernel::time::now_micros();
    for batch in 0..clients.div_ceil(500) {
        let mut insert = Query::insert()
            .into_table("partners")
            .columns([
                "company_id",
                "id",
                "name",
                "email",
                "is_client",
                "is_vendor",
                "active",
                "created_at",
                "updated_at",
            ])
            .to_owned();
        for index in batch * 500..((batch + 1) * 500).min(clients) {
            let at = now + i64::try_from(index).unwrap_or(0);
            insert.values_panic([
                company.0.into(),
                Uuid::now_v7().into(),
                format!("Client {index:06} Trading LLC").into(),
                format!("client{index}@example.ae").into(),
                true.into(),
                false.into(),
                true.into(),
                at.into(),
                at.into(),
            ]);
        }
        db.execute(&insert)
            .await
            .map_err(|error| error.to_string())?;
    }
    arkan_crm::store::recount_partner_totals(db, company)
        .await
        .map_err(|error| error.to_string())?;
    if !platform.db.backend().eq(&sea_orm::DatabaseBackend::Sqlite) {
        db.execute_unprepared("ANALYZE partners")
            .await
            .map_err(|error| error.to_string())?;
    }
    println!(
        "seeded {clients} clients in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    let tokens = identity::service::login(
        platform,
        LoginRequest {
            email: "bench@arkan.test".into(),
            password: "bench-password".into(),
        },
    )
    .await
    .map_err(error)?;
    Ok((tokens.access_token, company))
}

struct Outcome {
    latencies_micros: Vec<u64>,
    failures: usize,
    elapsed: Duration,
}

impl Outcome {
    fn per_second(&self) -> f64 {
        self.latencies_micros.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, percent: f64) -> f64 {
        if self.latencies_micros.is_empty() {
            return 0.0;
        }
        let rank = ((percent / 100.0) * (self.latencies_micros.len() - 1) as f64).round() as usize;
        self.latencies_micros[rank.min(self.latencies_micros.len() - 1)] as f64 / 1000.0
    }

    fn print(&self, label: &str) {
        println!(
            "{label}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {} requests, {} non-200",
            self.per_second(),
            self.percentile(50.0),
            self.percentile(99.0),
            self.percentile(100.0),
            self.latencies_micros.len(),
            self.failures
        );
    }
}

async fn drive(
    address: std::net::SocketAddr,
    path: &str,
    auth: Option<(&str, CompanyId)>,
    connections: usize,
    duration: Duration,
) -> Result<Outcome, String> {
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\n");
    if let Some((token, company)) = auth {
        request.push_str(&format!(
            "Authorization: Bearer {token}\r\nX-Company-Id: {company}\r\n"
        ));
    }
    request.push_str("\r\n");
    let started = Instant::now();
    let deadline = started + duration;
    let mut workers = Vec::new();
    for _ in 0..connections {
        let request = request.clone();
        workers.push(tokio::spawn(async move {
            worker(address, request, deadline).await
        }));
    }
    let mut outcome = Outcome {
        latencies_micros: Vec::new(),
        failures: 0,
        elapsed: Duration::ZERO,
    };
    for worker in workers {
        let (latencies, failures) = worker.await.map_err(|error| error.to_string())??;
        outcome.latencies_micros.extend(latencies);
        outcome.failures += failures;
    }
    outcome.elapsed = started.elapsed();
    outcome.latencies_micros.sort_unstable();
    Ok(outcome)
}

/// One keep-alive connection sending the same request until the deadline.
async fn worker(
    address: std::net::SocketAddr,
    request: String,
    deadline: Instant,
) -> Result<(Vec<u64>, usize), String> {
    let mut stream = TcpStream::connect(address)
        .await
        .map_err(|error| error.to_string())?;
    stream
        .set_nodelay(true)
        .map_err(|error| error.to_string())?;
    let mut latencies = Vec::new();
    let mut failures = 0;
    let mut buffer = Vec::with_capacity(64 * 1024);
    while Instant::now() < deadline {
        let sent = Instant::now();
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|error| error.to_string())?;
        let status = read_response(&mut stream, &mut buffer).await?;
        latencies.push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
        if status != 200 {
            failures += 1;
        }
    }
    Ok((latencies, failures))
}

/// Reads one HTTP/1.1 response with a Content-Length body; returns its status.
async fn read_response(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Result<u16, String> {
    buffer.clear();
    let mut chunk = [0_u8; 16 * 1024];
    let header_end = loop {
        if let Some(position) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break position + 4;
        }
        let read = stream
            .read(&mut chunk)
            .await
            .map_err(|error| error.to_string())?;
        if read == 0 {
            return Err("connection closed".into());
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).to_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    while buffer.len() < header_end + length {
        let read = stream
            .read(&mut chunk)
            .await
            .map_err(|error| error.to_string())?;
        if read == 0 {
            return Err("connection closed".into());
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    Ok(status)
}
