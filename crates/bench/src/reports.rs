//! `arkan-bench reports`: the financial reports over three years of posted lines. Clients are
//! loaded through the crm facade and projects made over HTTP; the lines are posted through the
//! ledger's posting API, many entries per call (`posting::post_many`): sales with VAT to 1,000
//! clients, some on projects; purchases with input VAT; receipts and payments. Then each
//! report is asked over HTTP and timed.

use std::time::Instant;

use arkan_crm::partners;
use arkan_kernel::{JournalId, PartnerId, ProjectId};
use arkan_ledger::books;
use arkan_ledger::posting::{self, Line, NewEntry, TaxDetail};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use serde_json::json;
use tokio::net::TcpStream;
use uuid::Uuid;

use crate::Bench;
use crate::http::{Outcome, exchange};
use crate::ledger::{account, tax_named};

const CLIENTS: usize = 1_000;
const PROJECTS: usize = 20;
const DAYS: u64 = 1_096;
/// Entries posted per write transaction (one `posting::post_many`) while seeding.
const SEED_BATCH: usize = 5_000;

fn text(error: impl std::fmt::Display) -> String {
    error.to_string()
}

pub async fn run(bench: &Bench, lines: usize, requests: usize) -> Result<(), String> {
    println!(
        "arkan-bench reports: {}, {lines} posted lines over 2024-2026, {CLIENTS} clients, {PROJECTS} projects, {requests} requests each",
        bench.backend
    );
    let started = Instant::now();
    let mut stream = TcpStream::connect(bench.address).await.map_err(text)?;
    stream.set_nodelay(true).map_err(text)?;
    let mut buffer = Vec::new();
    let clients = load_clients(bench, &mut stream, &mut buffer).await?;
    let projects = make_projects(bench, &mut stream, &mut buffer).await?;
    let chart = chart(bench, &mut stream, &mut buffer).await?;
    let entries = seed(bench, lines, &chart, &clients, &projects).await?;
    println!(
        "seeded {lines} lines ({entries} entries through posting::post_many) in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    // Clients without an emirate fall to the company's (box 1 of the VAT return).
    let (status, settings) = exchange(
        &mut stream,
        &mut buffer,
        "PATCH",
        "/api/v1/accounting/settings",
        (&bench.token, bench.company),
        &json!({"vatEmirate": "Dubai"}).to_string(),
    )
    .await?;
    if status != 200 {
        return Err(format!(
            "setting the VAT emirate answered {status}: {settings}"
        ));
    }
    let reports = [
        (
            "GET /accounting/reports/balance-sheet (as of 2026-12-31)",
            "/api/v1/accounting/reports/balance-sheet?as_of=2026-12-31",
        ),
        (
            "GET /accounting/reports/profit-loss (2026, compare previous_year)",
            "/api/v1/accounting/reports/profit-loss?date_from=2026-01-01&date_to=2026-12-31&compare=previous_year",
        ),
        (
            "GET /accounting/reports/cash-flow (2026)",
            "/api/v1/accounting/reports/cash-flow?date_from=2026-01-01&date_to=2026-12-31",
        ),
        (
            "GET /accounting/reports/revenue-by-client (2026)",
            "/api/v1/accounting/reports/revenue-by-client?date_from=2026-01-01&date_to=2026-12-31",
        ),
        (
            "GET /accounting/reports/revenue-by-project (2026)",
            "/api/v1/accounting/reports/revenue-by-project?date_from=2026-01-01&date_to=2026-12-31",
        ),
        (
            "GET /accounting/reports/tax (VAT 201, 2026 Q4)",
            "/api/v1/accounting/reports/tax?date_from=2026-10-01&date_to=2026-12-31",
        ),
    ];
    let mut summary = Vec::new();
    for (label, path) in reports {
        let outcome = measure(bench, &mut stream, &mut buffer, path, requests).await?;
        outcome.print(label);
        summary.push((label, outcome.percentile(50.0), outcome.failures));
    }
    for (label, p50, failures) in summary {
        println!("{label} p50 {p50:.2} ms ({failures} failed)");
    }
    Ok(())
}

/// Asks `path` `requests` times over one keep-alive connection; an answer other than a 200
/// with a body counts as a failure.
async fn measure(
    bench: &Bench,
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    path: &str,
    requests: usize,
) -> Result<Outcome, String> {
    let mut latencies = Vec::with_capacity(requests);
    let mut failures = 0;
    let started = Instant::now();
    for _ in 0..requests {
        let sent = Instant::now();
        let (status, body) = exchange(
            stream,
            buffer,
            "GET",
            path,
            (&bench.token, bench.company),
            "",
        )
        .await?;
        latencies.push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
        if status != 200 || body.is_null() {
            failures += 1;
        }
    }
    latencies.sort_unstable();
    Ok(Outcome {
        latencies_micros: latencies,
        failures,
        elapsed: started.elapsed(),
        statements: 0,
    })
}

/// Loads the clients through the crm facade and reads their ids back over HTTP.
pub(crate) async fn load_clients(
    bench: &Bench,
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
) -> Result<Vec<PartnerId>, String> {
    let names: Vec<(String, Option<String>)> = (0..CLIENTS)
        .map(|index| (format!("Client {index:04}"), None))
        .collect();
    let now = chrono::Utc::now().timestamp_micros();
    partners::bulk_load_clients(bench.platform.db.connection(), bench.company, &names, now)
        .await
        .map_err(text)?;
    let mut clients = Vec::with_capacity(CLIENTS);
    let mut cursor: Option<String> = None;
    loop {
        let mut path = "/api/v1/crm/clients?limit=100".to_owned();
        if let Some(cursor) = &cursor {
            path.push_str("&cursor=");
            path.push_str(cursor);
        }
        let (status, page) = exchange(
            stream,
            buffer,
            "GET",
            &path,
            (&bench.token, bench.company),
            "",
        )
        .await?;
        if status != 200 {
            return Err(format!("listing clients answered {status}: {page}"));
        }
        for client in page["data"].as_array().into_iter().flatten() {
            if let Some(id) = client["id"].as_str().and_then(|id| id.parse().ok()) {
                clients.push(PartnerId(id));
            }
        }
        match page["meta"]["cursor"].as_str() {
            Some(next) if page["meta"]["hasMore"] == true => cursor = Some(next.to_owned()),
            _ => break,
        }
    }
    if clients.is_empty() {
        return Err("no clients loaded".into());
    }
    Ok(clients)
}

async fn make_projects(
    bench: &Bench,
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
) -> Result<Vec<ProjectId>, String> {
    let mut projects = Vec::with_capacity(PROJECTS);
    for index in 0..PROJECTS {
        let body = json!({"name": format!("Project {index:02}"), "code": format!("PR{index:02}")})
            .to_string();
        let (status, created) = exchange(
            stream,
            buffer,
            "POST",
            "/api/v1/projects",
            (&bench.token, bench.company),
            &body,
        )
        .await?;
        let id = created["id"]
            .as_str()
            .filter(|_| status == 201)
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| format!("creating a project answered {status}: {created}"))?;
        projects.push(ProjectId(id));
    }
    Ok(projects)
}

/// The accounts and taxes the seeded entries use.
struct Chart {
    bank: Uuid,
    receivable: Uuid,
    payable: Uuid,
    vat_in: Uuid,
    vat_out: Uuid,
    goods: Uuid,
    services: Uuid,
    cost: Uuid,
    rent: Uuid,
    sale_tax: Uuid,
    purchase_tax: Uuid,
}

/// The accounts by code through the books facade, the taxes over `GET /accounting/taxes`.
async fn chart(
    bench: &Bench,
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
) -> Result<Chart, String> {
    Ok(Chart {
        bank: account(bench, "101000").await?,
        receivable: account(bench, "110000").await?,
        payable: account(bench, "201000").await?,
        vat_in: account(bench, "140000").await?,
        vat_out: account(bench, "202000").await?,
        goods: account(bench, "401000").await?,
        services: account(bench, "402000").await?,
        cost: account(bench, "501000").await?,
        rent: account(bench, "602000").await?,
        sale_tax: tax_named(bench, stream, buffer, "VAT 5%").await?,
        purchase_tax: tax_named(bench, stream, buffer, "VAT 5% (purchases)").await?,
    })
}

/// One seeded line.
fn line(
    account_id: Uuid,
    debit_minor: i64,
    credit_minor: i64,
    partner: Option<PartnerId>,
    project: Option<ProjectId>,
    tax: Option<Uuid>,
) -> Line {
    Line {
        id: Uuid::now_v7(),
        account_id,
        partner_id: partner.map(|partner| partner.0),
        description: None,
        debit_minor,
        credit_minor,
        currency: None,
        amount_currency_minor: None,
        project_id: project.map(|project| project.0),
        tax_id: tax,
    }
}

/// The four lines of entry `index` and its taxes for the VAT return: two sales of three, a
/// purchase, then a receipt and a payment.
fn entry_lines(
    chart: &Chart,
    index: usize,
    clients: &[PartnerId],
    projects: &[ProjectId],
) -> (Vec<Line>, Vec<TaxDetail>) {
    let amount = 1_000 + i64::try_from(index % 9_973).unwrap_or(0) * 10;
    let half = amount / 2;
    let vat = (amount + half) / 20;
    let client = Some(clients[index % clients.len()]);
    let vendor = Some(clients[(index * 7 + 3) % clients.len()]);
    let project = index
        .is_multiple_of(3)
        .then(|| projects[index % projects.len()]);
    let taxed = |tax_id: Uuid, partner: Option<PartnerId>| {
        vec![TaxDetail {
            tax_id,
            partner_id: partner.map(|partner| partner.0),
            base_minor: amount + half,
            tax_minor: vat,
            recoverable_minor: vat,
        }]
    };
    match index % 4 {
        0 | 1 => (
            vec![
                line(chart.receivable, amount + half + vat, 0, client, None, None),
                line(chart.goods, 0, amount, client, project, None),
                line(chart.services, 0, half, client, project, None),
                line(chart.vat_out, 0, vat, client, None, Some(chart.sale_tax)),
            ],
            taxed(chart.sale_tax, client),
        ),
        2 => (
            vec![
                line(chart.cost, amount, 0, vendor, project, None),
                line(chart.rent, half, 0, vendor, None, None),
                line(chart.vat_in, vat, 0, vendor, None, Some(chart.purchase_tax)),
                line(chart.payable, 0, amount + half + vat, vendor, None, None),
            ],
            taxed(chart.purchase_tax, vendor),
        ),
        _ => (
            vec![
                line(chart.bank, amount, 0, None, None, None),
                line(chart.receivable, 0, amount, client, None, None),
                line(chart.payable, half, 0, vendor, None, None),
                line(chart.bank, 0, half, None, None, None),
            ],
            Vec::new(),
        ),
    }
}

async fn seed(
    bench: &Bench,
    lines: usize,
    chart: &Chart,
    clients: &[PartnerId],
    projects: &[ProjectId],
) -> Result<usize, String> {
    let ctx = bench.ctx();
    let journal = books::journal_by_code(bench.platform.db.connection(), bench.company, "MISC")
        .await
        .map_err(text)?
        .map(|journal| journal.id)
        .ok_or("no MISC journal")?;
    let entries = lines.div_ceil(4);
    let first_day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    for batch in (0..entries).step_by(SEED_BATCH) {
        let new_entries = (batch..(batch + SEED_BATCH).min(entries))
            .map(|index| {
                let day = u64::try_from(index).unwrap_or(0) % DAYS;
                let (lines, taxes) = entry_lines(chart, index, clients, projects);
                NewEntry {
                    journal_id: JournalId(journal),
                    date: first_day + chrono::Days::new(day),
                    reference: None,
                    memo: None,
                    lines,
                    taxes,
                }
            })
            .collect();
        let mut transaction = bench.platform.db.write().await.map_err(text)?;
        posting::post_many(&mut transaction, &ctx, new_entries)
            .await
            .map_err(text)?;
        transaction.commit().await.map_err(text)?;
    }
    if bench.backend == "PostgreSQL" {
        bench
            .platform
            .db
            .connection()
            .execute_unprepared("ANALYZE")
            .await
            .map_err(text)?;
    }
    Ok(entries)
}
