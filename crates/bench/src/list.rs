//! `arkan-bench list`: a company with many clients; `GET /healthz` and then
//! `GET /api/v1/crm/clients?limit=25` driven with N keep-alive connections.

use std::time::{Duration, Instant};

use crate::Bench;
use crate::http::{Outcome, drive, exchange};

pub async fn run(
    bench: &Bench,
    clients: usize,
    connections: usize,
    seconds: u64,
    writes_per_second: u32,
) -> Result<(), String> {
    seed(bench, clients).await?;
    let duration = Duration::from_secs(seconds);
    println!(
        "arkan-bench list: {}, {clients} clients, {connections} connections, {seconds}s per endpoint, read cache {}",
        bench.backend,
        if bench.platform.db.reads().is_on() {
            "on"
        } else {
            "off"
        }
    );
    let health = drive(bench.address, "/healthz", None, connections, duration).await?;
    health.print("GET /healthz");
    let list_path = "/api/v1/crm/clients?limit=25";
    let list = drive(
        bench.address,
        list_path,
        Some((&bench.token, bench.company)),
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
    if let Some(baseline) = hand_written_page(bench, connections, duration).await? {
        baseline.print("hand-written sqlx page (the same statement, no HTTP)");
        println!(
            "list/hand-written throughput ratio: {:.3} (Order 15 target >= 0.5)",
            list.per_second() / baseline.per_second().max(1.0)
        );
    }
    if writes_per_second > 0 {
        // The same list while clients are created through the API: every write drops the
        // company's kept pages, so this is the list as a busy company sees it.
        let writer = tokio::spawn(create_clients(
            bench.address,
            bench.token.clone(),
            bench.company,
            writes_per_second,
            duration,
        ));
        let busy = drive(
            bench.address,
            list_path,
            Some((&bench.token, bench.company)),
            connections,
            duration,
        )
        .await?;
        let created = writer.await.map_err(|error| error.to_string())??;
        busy.print(&format!(
            "GET /api/v1/crm/clients?limit=25 while {created} clients were created ({writes_per_second}/s)"
        ));
        println!(
            "list/health throughput ratio under writes: {:.3}; list p99 {:.2} ms",
            busy.per_second() / health.per_second().max(1.0),
            busy.percentile(99.0)
        );
    }
    Ok(())
}

/// Creates a client through the API `per_second` times a second until `duration` has passed;
/// returns how many were created.
async fn create_clients(
    address: std::net::SocketAddr,
    token: String,
    company: arkan_kernel::CompanyId,
    per_second: u32,
    duration: Duration,
) -> Result<usize, String> {
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .map_err(|error| error.to_string())?;
    let mut buffer = Vec::new();
    let mut ticks = tokio::time::interval(Duration::from_secs(1) / per_second);
    let deadline = Instant::now() + duration;
    let mut created = 0;
    while Instant::now() < deadline {
        ticks.tick().await;
        let body = format!(r#"{{"name": "Busy Client {created:06}"}}"#);
        let (status, reply) = exchange(
            &mut stream,
            &mut buffer,
            "POST",
            "/api/v1/crm/clients",
            (&token, company),
            &body,
        )
        .await?;
        if status != 201 {
            return Err(format!("creating a client answered {status}: {reply}"));
        }
        created += 1;
    }
    Ok(created)
}

/// Loads the clients through the CRM's bulk loader (which rebuilds the kept totals and, on
/// PostgreSQL, the planner's statistics).
async fn seed(bench: &Bench, clients: usize) -> Result<(), String> {
    let started = Instant::now();
    let rows: Vec<(String, Option<String>)> = (0..clients)
        .map(|index| {
            (
                format!("Client {index:06} Trading LLC"),
                Some(format!("client{index}@example.ae")),
            )
        })
        .collect();
    arkan_crm::partners::bulk_load_clients(
        bench.platform.db.connection(),
        bench.company,
        &rows,
        arkan_kernel::time::now_micros(),
    )
    .await
    .map_err(|error| error.to_string())?;
    println!(
        "seeded {clients} clients in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The issue's yardstick for the uncached list on PostgreSQL: the same page written by hand
/// (`arkan_crm::partners::first_client_page_by_hand`) run straight through sqlx on the
/// server's own pool by `connections` tasks for `duration`. None on SQLite.
async fn hand_written_page(
    bench: &Bench,
    connections: usize,
    duration: Duration,
) -> Result<Option<Outcome>, String> {
    let connection = bench.platform.db.connection();
    if connection.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Ok(None);
    }
    let pool = connection.get_postgres_connection_pool().clone();
    let company = bench.company;
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..connections {
        let pool = pool.clone();
        tasks.spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0;
            while Instant::now() < deadline {
                let asked = Instant::now();
                let decoded = arkan_crm::partners::first_client_page_by_hand(&pool, company).await;
                match decoded {
                    Ok(read) if read > 0 => latencies
                        .push(u64::try_from(asked.elapsed().as_micros()).unwrap_or(u64::MAX)),
                    _ => failures += 1,
                }
            }
            (latencies, failures)
        });
    }
    let mut outcome = Outcome {
        latencies_micros: Vec::new(),
        failures: 0,
        elapsed: Duration::ZERO,
        statements: 0,
    };
    while let Some(result) = tasks.join_next().await {
        let (latencies, failures) = result.map_err(|error| error.to_string())?;
        outcome.latencies_micros.extend(latencies);
        outcome.failures += failures;
    }
    outcome.elapsed = started.elapsed();
    outcome.latencies_micros.sort_unstable();
    Ok(Some(outcome))
}
