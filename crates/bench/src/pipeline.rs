//! `arkan-bench pipeline`: the CRM pipeline report over many deals. The deals are loaded in
//! bulk through the crm facade (`pipeline::bulk_load_deals`), then the report is asked over
//! HTTP for a whole year, for the company and for one owner.

use std::time::Instant;

use arkan_crm::pipeline::{self, NewDeal};
use arkan_kernel::UserId;
use chrono::NaiveDate;
use tokio::net::TcpStream;
use uuid::Uuid;

use crate::Bench;
use crate::http::{Outcome, exchange};

const SOURCES: [&str; 8] = [
    "website", "referral", "email", "phone", "social", "event", "partner", "other",
];
const OWNERS: usize = 20;
const MICROS_PER_DAY: i64 = 86_400_000_000;

fn text(error: impl std::fmt::Display) -> String {
    error.to_string()
}

pub async fn run(bench: &Bench, deals: usize, requests: usize) -> Result<(), String> {
    println!(
        "arkan-bench pipeline: {}, {deals} deals over {OWNERS} owners and one year, {requests} requests each",
        bench.backend
    );
    let started = Instant::now();
    let db = bench.platform.db.connection();
    let stages = pipeline::stages(db, bench.company).await.map_err(text)?;
    if stages.is_empty() {
        return Err("the company has no pipeline stages".into());
    }
    let mut owners: Vec<UserId> = vec![bench.user];
    owners.extend((1..OWNERS).map(|_| UserId(Uuid::now_v7())));
    let year_start = NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map_or(0, |instant| instant.and_utc().timestamp_micros());
    let rows: Vec<NewDeal> = (0..deals)
        .map(|index| {
            let stage = &stages[index % stages.len()];
            let day = i64::try_from(index % 300).unwrap_or(0);
            NewDeal {
                name: format!("Deal {index:06}"),
                stage: stage.id,
                owner: Some(owners[index % OWNERS]),
                source: Some(SOURCES[index % SOURCES.len()]),
                expected_revenue_minor: 100_000 + i64::try_from(index % 9_973).unwrap_or(0) * 100,
                created_at: year_start + day * MICROS_PER_DAY + i64::try_from(index).unwrap_or(0),
                cycle_micros: (1 + i64::try_from(index % 60).unwrap_or(0)) * MICROS_PER_DAY,
            }
        })
        .collect();
    pipeline::bulk_load_deals(db, bench.company, "AED", &rows)
        .await
        .map_err(text)?;
    println!(
        "seeded in {:.1}s (crm facade, batches of 500)",
        started.elapsed().as_secs_f64()
    );

    let mut stream = TcpStream::connect(bench.address).await.map_err(text)?;
    stream.set_nodelay(true).map_err(text)?;
    let mut buffer = Vec::new();
    let whole = "/api/v1/crm/reports/pipeline?date_from=2026-01-01&date_to=2026-12-31".to_owned();
    let one_owner = format!("{whole}&owner_id={}", bench.user);
    for (label, path) in [
        ("GET /crm/reports/pipeline (company)", whole),
        ("GET /crm/reports/pipeline (one owner)", one_owner),
    ] {
        let mut latencies = Vec::with_capacity(requests);
        let mut failures = 0;
        let started = Instant::now();
        for _ in 0..requests {
            let sent = Instant::now();
            let (status, body) = exchange(
                &mut stream,
                &mut buffer,
                "GET",
                &path,
                (&bench.token, bench.company),
                "",
            )
            .await?;
            latencies.push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
            if status != 200 || body["totals"]["count"].as_i64().unwrap_or(0) == 0 {
                failures += 1;
            }
        }
        latencies.sort_unstable();
        let outcome = Outcome {
            latencies_micros: latencies,
            failures,
            elapsed: started.elapsed(),
            statements: 0,
        };
        outcome.print(label);
        println!(
            "{label} p50 {:.2} ms (target < 100 ms)",
            outcome.percentile(50.0)
        );
    }
    Ok(())
}
