//! `arkan bench list`: a company with many clients; `GET /healthz` and then
//! `GET /api/v1/crm/clients?limit=25` driven with N keep-alive connections.

use std::time::{Duration, Instant};

use sea_orm::ConnectionTrait;
use sea_orm::sea_query::Query;
use uuid::Uuid;

use super::Bench;
use super::http::drive;

pub async fn run(
    bench: &Bench,
    clients: usize,
    connections: usize,
    seconds: u64,
) -> Result<(), String> {
    seed(bench, clients).await?;
    let duration = Duration::from_secs(seconds);
    println!(
        "arkan bench list: {}, {clients} clients, {connections} connections, {seconds}s per endpoint",
        bench.backend
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
    Ok(())
}

async fn seed(bench: &Bench, clients: usize) -> Result<(), String> {
    let started = Instant::now();
    let db = bench.platform.db.connection();
    let company = bench.company;
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
    if bench.backend == "PostgreSQL" {
        db.execute_unprepared("ANALYZE partners")
            .await
            .map_err(|error| error.to_string())?;
    }
    println!(
        "seeded {clients} clients in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
