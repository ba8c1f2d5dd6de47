//! `arkan-bench posting`, `invoicing`, `aging` and `trial-balance`. The books are written over
//! HTTP or through the ledger's public posting API ([`arkan_ledger::posting`]), and read over
//! HTTP or through its read facade ([`arkan_ledger::books`]): the bench has no posting logic of
//! its own.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use arkan_kernel::{CompanyId, JournalId, format_minor};
use arkan_ledger::books;
use arkan_ledger::posting::{self, Line, NewEntry};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use serde_json::json;
use tokio::net::TcpStream;
use uuid::Uuid;

use crate::Bench;
use crate::http::{Outcome, exchange};

fn text(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// The day every posting-scenario entry is dated.
fn posting_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap_or_default()
}

pub(crate) async fn account(bench: &Bench, code: &str) -> Result<Uuid, String> {
    books::account_by_code(bench.platform.db.connection(), bench.company, code)
        .await
        .map_err(text)?
        .map(|account| account.id)
        .ok_or_else(|| format!("account {code} missing"))
}

pub(crate) async fn journal(bench: &Bench, code: &str) -> Result<Uuid, String> {
    books::journal_by_code(bench.platform.db.connection(), bench.company, code)
        .await
        .map_err(text)?
        .map(|journal| journal.id)
        .ok_or_else(|| format!("no {code} journal"))
}

/// Four lines over two accounts: every entry hits the same two balance rows.
fn four_lines(bank: Uuid, revenue: Uuid) -> Vec<(Uuid, i64, i64)> {
    vec![
        (bank, 6_000, 0),
        (bank, 4_000, 0),
        (revenue, 0, 7_000),
        (revenue, 0, 3_000),
    ]
}

/// Ledger lines in company currency, for the posting API.
fn ledger_lines(lines: &[(Uuid, i64, i64)]) -> Vec<Line> {
    lines
        .iter()
        .map(|&(account_id, debit_minor, credit_minor)| Line {
            id: Uuid::now_v7(),
            account_id,
            partner_id: None,
            description: None,
            debit_minor,
            credit_minor,
            currency: None,
            amount_currency_minor: None,
            project_id: None,
            tax_id: None,
        })
        .collect()
}

pub async fn posting(bench: &Bench, clients: usize, entries: usize) -> Result<(), String> {
    let bank = account(bench, "101000").await?;
    let revenue = account(bench, "401000").await?;
    let journal = journal(bench, "MISC").await?;
    let date = "2026-06-15";
    println!(
        "arkan-bench posting: {}, {clients} clients, {entries} entries per side, 4 lines on 2 accounts",
        bench.backend
    );

    // Through the API: create the draft, then post it (two requests per entry).
    let body = json!({
        "journalId": journal,
        "date": date,
        "lines": four_lines(bank, revenue).iter().map(|(account, debit, credit)| json!({
            "accountId": account,
            "debit": format_minor(*debit, 2),
            "credit": format_minor(*credit, 2),
        })).collect::<Vec<_>>()
    })
    .to_string();
    let body = Arc::new(body);
    let api_client = |in_one_request: bool| {
        let token = bench.token.clone();
        let company = bench.company;
        let address = bench.address;
        let body = body.clone();
        move || {
            let token = token.clone();
            let body = body.clone();
            async move {
                let stream = TcpStream::connect(address).await.map_err(text)?;
                stream.set_nodelay(true).map_err(text)?;
                Ok(ApiClient {
                    stream,
                    token,
                    company,
                    body,
                    buffer: Vec::new(),
                    in_one_request,
                })
            }
        }
    };
    let api = run_clients(clients, entries, api_client(false)).await?;
    api.print("API create, then post (2 requests)");
    let api_batch = run_clients(clients, entries, api_client(true)).await?;
    api_batch.print("API create and post in one request (batch of 1)");

    // The same with the outbox off, between two runs with it on (the database grows in
    // between, so the two "on" runs bracket the "off" one).
    bench.platform.db.record_events(false);
    let events_off = run_clients(clients, entries, api_client(true)).await?;
    events_off.print("API batch of 1, events off (no outbox rows)");
    bench.platform.db.record_events(true);
    let events_on = run_clients(clients, entries, api_client(true)).await?;
    events_on.print("API batch of 1, events on again");
    println!(
        "events on / events off rate: {:.2} (target >= 0.9)",
        (api_batch.per_second() + events_on.per_second()) / 2.0 / events_off.per_second().max(1.0)
    );

    // Baseline: the same entries through the ledger's posting API, without HTTP.
    let baseline = posting_baseline(bench, clients, entries, journal, (bank, revenue)).await?;
    baseline.print("posting API baseline (no HTTP)");
    println!(
        "API/baseline rate: {:.2} with 2 requests per entry, {:.2} with 1 (target >= 0.5)",
        api.per_second() / baseline.per_second().max(1.0),
        api_batch.per_second() / baseline.per_second().max(1.0)
    );
    Ok(())
}

/// The posting API baseline: `count` 4-line entries by `clients` tasks, each in its own write
/// transaction through [`posting::post`].
async fn posting_baseline(
    bench: &Bench,
    clients: usize,
    count: usize,
    journal: Uuid,
    (bank, revenue): (Uuid, Uuid),
) -> Result<Outcome, String> {
    let platform = bench.platform.clone();
    let ctx = bench.ctx();
    run_clients(clients, count, move || {
        let platform = platform.clone();
        async move {
            Ok(PostingClient {
                platform,
                ctx,
                journal,
                bank,
                revenue,
            })
        }
    })
    .await
}

/// One operation of a benchmark client (an entry posted, a move done): whether it succeeded.
pub(crate) trait PostOne {
    fn post_one(&mut self) -> impl std::future::Future<Output = Result<bool, String>> + Send;
}

/// `entries` operations shared by `clients` concurrent clients made by `make`, each timed.
pub(crate) async fn run_clients<C, F, Fut>(
    clients: usize,
    entries: usize,
    make: F,
) -> Result<Outcome, String>
where
    C: PostOne + Send + 'static,
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<C, String>>,
{
    let counter = Arc::new(AtomicUsize::new(0));
    let statements = arkan_platform::metrics::global().statements();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let mut client = make().await?;
        let counter = counter.clone();
        tasks.spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0;
            while counter.fetch_add(1, Ordering::Relaxed) < entries {
                let sent = Instant::now();
                if !client.post_one().await? {
                    failures += 1;
                }
                latencies.push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
            }
            Ok::<_, String>((latencies, failures))
        });
    }
    let mut outcome = Outcome {
        latencies_micros: Vec::new(),
        failures: 0,
        elapsed: std::time::Duration::ZERO,
        statements: 0,
    };
    while let Some(result) = tasks.join_next().await {
        let (latencies, failures) = result.map_err(text)??;
        outcome.latencies_micros.extend(latencies);
        outcome.failures += failures;
    }
    outcome.elapsed = started.elapsed();
    outcome.statements = arkan_platform::metrics::global().statements() - statements;
    outcome.latencies_micros.sort_unstable();
    Ok(outcome)
}

struct ApiClient {
    stream: TcpStream,
    token: String,
    company: CompanyId,
    body: Arc<String>,
    buffer: Vec<u8>,
    /// Create and post with one `POST /journal-entries/batch` of one entry.
    in_one_request: bool,
}

impl PostOne for ApiClient {
    async fn post_one(&mut self) -> Result<bool, String> {
        let auth = (self.token.as_str(), self.company);
        if self.in_one_request {
            let batch = format!("{{\"entries\":[{}]}}", self.body);
            let path = "/api/v1/accounting/journal-entries/batch";
            let (status, _) = exchange(
                &mut self.stream,
                &mut self.buffer,
                "POST",
                path,
                auth,
                &batch,
            )
            .await?;
            return Ok(status == 201);
        }
        create_then_post(
            &mut self.stream,
            &mut self.buffer,
            "/api/v1/accounting/journal-entries",
            auth,
            &self.body,
        )
        .await
    }
}

/// Posts through [`posting::post`] in a write transaction of its own: what posting costs
/// without HTTP, authentication and JSON.
struct PostingClient {
    platform: arkan_platform::Platform,
    ctx: arkan_platform::Ctx,
    journal: Uuid,
    bank: Uuid,
    revenue: Uuid,
}

impl PostOne for PostingClient {
    async fn post_one(&mut self) -> Result<bool, String> {
        let mut transaction = self.platform.db.write().await.map_err(text)?;
        posting::post(
            &mut transaction,
            &self.ctx,
            NewEntry {
                journal_id: JournalId(self.journal),
                date: posting_date(),
                reference: None,
                memo: None,
                lines: ledger_lines(&four_lines(self.bank, self.revenue)),
                taxes: Vec::new(),
            },
        )
        .await
        .map_err(text)?;
        transaction.commit().await.map_err(text)?;
        Ok(true)
    }
}

pub async fn trial_balance(bench: &Bench, lines: usize, requests: usize) -> Result<(), String> {
    println!(
        "arkan-bench trial-balance: {}, {lines} posted lines over 2026, {requests} requests",
        bench.backend
    );
    let started = Instant::now();
    let entries = seed_year(bench, lines).await?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "seeded {lines} lines in {seconds:.1}s ({entries} entries through the posting API, {:.0} entries/s)",
        entries as f64 / seconds.max(f64::EPSILON)
    );
    let mut stream = TcpStream::connect(bench.address).await.map_err(text)?;
    let mut buffer = Vec::new();
    let mut latencies = Vec::new();
    let mut failures = 0;
    let started = Instant::now();
    for _ in 0..requests {
        let sent = Instant::now();
        let (status, body) = exchange(
            &mut stream,
            &mut buffer,
            "GET",
            "/api/v1/accounting/reports/trial-balance?date_from=2026-01-01&date_to=2026-12-31",
            (&bench.token, bench.company),
            "",
        )
        .await?;
        latencies.push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
        if status != 200 || body["totals"]["debit"] != body["totals"]["credit"] {
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
    outcome.print("GET /accounting/reports/trial-balance (full year)");
    println!(
        "trial balance p50 {:.2} ms (target < 50 ms)",
        outcome.percentile(50.0)
    );
    Ok(())
}

/// Entries posted per write transaction while seeding a year.
const SEED_BATCH: usize = 750;

/// Posts `lines` lines as 4-line entries through the ledger's posting API, over 20 accounts
/// that take no partner and every day of 2026, [`SEED_BATCH`] entries per write transaction.
/// Entry `i` is dated day `i % 365`, debits `100 + i % 9973` minor units on two accounts and
/// credits as much on two others. Returns how many entries were posted.
async fn seed_year(bench: &Bench, lines: usize) -> Result<usize, String> {
    let ctx = bench.ctx();
    let accounts = partnerless_accounts(bench, 20).await?;
    if accounts.is_empty() {
        return Err("no account without a partner to post on".into());
    }
    let journal = journal(bench, "MISC").await?;
    let entries = lines.div_ceil(4);
    let first_day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let count = accounts.len();
    for batch in (0..entries).step_by(SEED_BATCH) {
        let mut transaction = bench.platform.db.write().await.map_err(text)?;
        for index in batch..(batch + SEED_BATCH).min(entries) {
            let amount = 100 + i64::try_from(index % 9973).unwrap_or(0);
            let on = |line_no: usize| accounts[(index + line_no * 7) % count];
            let lines = [
                (on(0), amount, 0),
                (on(1), amount, 0),
                (on(2), 0, amount),
                (on(3), 0, amount),
            ];
            let day = u64::try_from(index % 365).unwrap_or(0);
            posting::post(
                &mut transaction,
                &ctx,
                NewEntry {
                    journal_id: JournalId(journal),
                    date: first_day + chrono::Days::new(day),
                    reference: None,
                    memo: None,
                    lines: ledger_lines(&lines),
                    taxes: Vec::new(),
                },
            )
            .await
            .map_err(text)?;
        }
        transaction.commit().await.map_err(text)?;
    }
    if bench.backend == "PostgreSQL" {
        // Planner statistics for the new rows, as a company with a year of books would have.
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

/// Up to `wanted` active accounts, by code, that take no partner on their lines: read over
/// `GET /accounting/accounts` like any client would.
async fn partnerless_accounts(bench: &Bench, wanted: usize) -> Result<Vec<Uuid>, String> {
    let mut stream = TcpStream::connect(bench.address).await.map_err(text)?;
    let mut buffer = Vec::new();
    let mut accounts = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path =
            "/api/v1/accounting/accounts?active=true&sort=code&order=asc&limit=100".to_owned();
        if let Some(cursor) = &cursor {
            path.push_str("&cursor=");
            path.push_str(cursor);
        }
        let (status, page) = exchange(
            &mut stream,
            &mut buffer,
            "GET",
            &path,
            (&bench.token, bench.company),
            "",
        )
        .await?;
        if status != 200 {
            return Err(format!("listing accounts answered {status}: {page}"));
        }
        for account in page["data"].as_array().into_iter().flatten() {
            let kind = account["type"].as_str().unwrap_or_default();
            if books::needs_partner(kind) {
                continue;
            }
            if let Some(id) = account["id"].as_str().and_then(|id| id.parse().ok()) {
                accounts.push(id);
            }
            if accounts.len() == wanted {
                return Ok(accounts);
            }
        }
        match page["meta"]["cursor"].as_str() {
            Some(next) if page["meta"]["hasMore"].as_bool().unwrap_or(false) => {
                cursor = Some(next.to_owned());
            }
            _ => return Ok(accounts),
        }
    }
}

struct InvoiceClient {
    stream: TcpStream,
    token: String,
    company: CompanyId,
    body: Arc<String>,
    buffer: Vec<u8>,
}

impl PostOne for InvoiceClient {
    async fn post_one(&mut self) -> Result<bool, String> {
        let auth = (self.token.as_str(), self.company);
        create_then_post(
            &mut self.stream,
            &mut self.buffer,
            "/api/v1/accounting/invoices",
            auth,
            &self.body,
        )
        .await
    }
}

pub async fn invoicing(bench: &Bench, clients: usize, invoices: usize) -> Result<(), String> {
    println!(
        "arkan-bench invoicing: {}, {clients} clients, {invoices} invoices of 5 lines with VAT",
        bench.backend
    );
    let mut stream = TcpStream::connect(bench.address).await.map_err(text)?;
    let mut buffer = Vec::new();
    let client = create_client(bench, &mut stream, &mut buffer, "Bench Client").await?;
    let vat = tax_named(bench, &mut stream, &mut buffer, "VAT 5%").await?;
    let lines: Vec<_> = (0..5)
        .map(|index| json!({"description": format!("Item {index}"), "quantity": "3", "unitPrice": "19.99", "taxIds": [vat]}))
        .collect();
    let body = Arc::new(
        json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-06-15", "lines": lines}).to_string(),
    );
    let api = run_clients(clients, invoices, {
        let token = bench.token.clone();
        let company = bench.company;
        let address = bench.address;
        move || {
            let token = token.clone();
            let body = body.clone();
            async move {
                let stream = TcpStream::connect(address).await.map_err(text)?;
                stream.set_nodelay(true).map_err(text)?;
                Ok(InvoiceClient {
                    stream,
                    token,
                    company,
                    body,
                    buffer: Vec::new(),
                })
            }
        }
    })
    .await?;
    api.print("API invoice create + post (5 lines, VAT)");
    let bank = account(bench, "101000").await?;
    let revenue = account(bench, "401000").await?;
    let journal = journal(bench, "MISC").await?;
    let baseline = posting_baseline(bench, clients, invoices, journal, (bank, revenue)).await?;
    baseline.print("posting API baseline (4-line entries, no HTTP)");
    println!(
        "invoices/s ÷ baseline entries/s: {:.2}",
        api.per_second() / baseline.per_second().max(1.0)
    );
    Ok(())
}

/// Creates a client through `POST /crm/clients`; returns its id.
async fn create_client(
    bench: &Bench,
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    name: &str,
) -> Result<Uuid, String> {
    let body = json!({ "name": name }).to_string();
    let (status, created) = exchange(
        stream,
        buffer,
        "POST",
        "/api/v1/crm/clients",
        (&bench.token, bench.company),
        &body,
    )
    .await?;
    created["id"]
        .as_str()
        .filter(|_| status == 201)
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| format!("creating a client answered {status}: {created}"))
}

/// The id of the company's tax named `name` (`VAT 5%`, ...), read over `GET /accounting/taxes`.
pub(crate) async fn tax_named(
    bench: &Bench,
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    name: &str,
) -> Result<Uuid, String> {
    let (status, taxes) = exchange(
        stream,
        buffer,
        "GET",
        "/api/v1/accounting/taxes?limit=100",
        (&bench.token, bench.company),
        "",
    )
    .await?;
    if status != 200 {
        return Err(format!("listing taxes answered {status}: {taxes}"));
    }
    taxes["data"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|tax| tax["name"] == name)
        .and_then(|tax| tax["id"].as_str())
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| format!("no {name} tax"))
}

/// Concurrent connections that seed the aging scenario's invoices.
const SEED_CONNECTIONS: usize = 8;

/// A posted customer invoice seeded through the API.
pub(crate) struct SeededInvoice {
    /// Its place in the seeding order (see [`seed_invoices`]).
    pub index: usize,
    pub id: Uuid,
    /// The number it got when posted.
    pub number: String,
    /// Its total with VAT, as the API wrote it.
    pub total: String,
}

/// Creates 1,000 clients (`Client 0000`...) and `invoices` open posted customer invoices over
/// them through the API ([`seed_invoices`]); returns the clients and the invoices.
pub(crate) async fn seed_open_invoices(
    bench: &Bench,
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    invoices: usize,
) -> Result<(Vec<Uuid>, Vec<SeededInvoice>), String> {
    let mut clients = Vec::with_capacity(1_000);
    for index in 0..1_000 {
        let name = format!("Client {index:04}");
        clients.push(create_client(bench, stream, buffer, &name).await?);
    }
    let clients = Arc::new(clients);
    let vat = tax_named(bench, stream, buffer, "VAT 5%").await?;
    let mut seeded = seed_invoices(bench, &clients, invoices, vat).await?;
    seeded.sort_unstable_by_key(|invoice| invoice.index);
    Ok((clients.to_vec(), seeded))
}

/// Seeds open posted customer invoices over 1,000 clients through the API (a third of them half
/// paid), then times the aged-receivables report.
pub async fn aging(bench: &Bench, invoices: usize, requests: usize) -> Result<(), String> {
    println!(
        "arkan-bench aging: {}, {invoices} open invoices over 1,000 clients, {requests} requests",
        bench.backend
    );
    let started = Instant::now();
    let mut stream = TcpStream::connect(bench.address).await.map_err(text)?;
    let mut buffer = Vec::new();
    let (clients, seeded) = seed_open_invoices(bench, &mut stream, &mut buffer, invoices).await?;
    let half_paid = seeded
        .iter()
        .filter(|invoice| invoice.index % 3 == 0)
        .map(|invoice| (invoice.index, invoice.id))
        .collect();
    pay_halves(bench, &mut stream, &mut buffer, &clients, half_paid).await?;
    println!(
        "seeded in {:.1}s (through the API)",
        started.elapsed().as_secs_f64()
    );
    let mut latencies = Vec::new();
    let mut failures = 0;
    let started = Instant::now();
    for _ in 0..requests {
        let sent = Instant::now();
        let (status, body) = exchange(
            &mut stream,
            &mut buffer,
            "GET",
            "/api/v1/accounting/reports/aged-receivables?as_of=2026-12-31",
            (&bench.token, bench.company),
            "",
        )
        .await?;
        latencies.push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
        if status != 200 || body["data"].as_array().map_or(0, Vec::len) != 1_000 {
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
    outcome.print("GET /accounting/reports/aged-receivables");
    println!(
        "aged receivables p50 {:.2} ms (target < 200 ms)",
        outcome.percentile(50.0)
    );
    Ok(())
}

/// The untaxed amount of seeded invoice `index`, in minor units.
fn seeded_amount(index: usize) -> i64 {
    10_000 + i64::try_from(index % 50_000).unwrap_or(0)
}

/// Creates and posts `invoices` customer invoices through the API over [`SEED_CONNECTIONS`]
/// connections: invoice `index` goes to client `index % 1000`, is dated day `index % 300` of
/// 2026 and due 30 days later, for [`seeded_amount`] plus 5% VAT. Returns the invoices in the
/// order they were posted.
async fn seed_invoices(
    bench: &Bench,
    clients: &Arc<Vec<Uuid>>,
    invoices: usize,
    vat: Uuid,
) -> Result<Vec<SeededInvoice>, String> {
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..SEED_CONNECTIONS {
        let stream = TcpStream::connect(bench.address).await.map_err(text)?;
        stream.set_nodelay(true).map_err(text)?;
        let (next, clients, token, company) = (
            next.clone(),
            clients.clone(),
            bench.token.clone(),
            bench.company,
        );
        tasks.spawn(async move {
            let mut stream = stream;
            let mut buffer = Vec::new();
            let mut seeded = Vec::new();
            let first_day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= invoices {
                    return Ok::<_, String>(seeded);
                }
                let date = first_day + chrono::Days::new(u64::try_from(index % 300).unwrap_or(0));
                let due = date + chrono::Days::new(30);
                let body = json!({
                    "kind": "customer_invoice",
                    "partnerId": clients[index % clients.len()],
                    "invoiceDate": date.format("%Y-%m-%d").to_string(),
                    "dueDate": due.format("%Y-%m-%d").to_string(),
                    "lines": [{
                        "description": "Goods",
                        "quantity": "1",
                        "unitPrice": format_minor(seeded_amount(index), 2),
                        "taxIds": [vat],
                    }],
                })
                .to_string();
                let (id, posted) = create_and_post(
                    &mut stream,
                    &mut buffer,
                    "/api/v1/accounting/invoices",
                    (&token, company),
                    &body,
                )
                .await?
                .ok_or_else(|| format!("seeding invoice {index} failed"))?;
                seeded.push(SeededInvoice {
                    index,
                    id,
                    number: posted["number"].as_str().unwrap_or_default().to_owned(),
                    total: posted["amountTotal"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                });
            }
        });
    }
    let mut seeded = Vec::new();
    while let Some(result) = tasks.join_next().await {
        seeded.extend(result.map_err(text)??);
    }
    Ok(seeded)
}

/// One inbound bank payment per client through the API, allocated half of the untaxed amount
/// of each of its `half_paid` invoices.
async fn pay_halves(
    bench: &Bench,
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    clients: &[Uuid],
    half_paid: Vec<(usize, Uuid)>,
) -> Result<(), String> {
    let bank = journal(bench, "BNK1").await?;
    let auth = (bench.token.as_str(), bench.company);
    let mut by_client: Vec<Vec<(i64, Uuid)>> = vec![Vec::new(); clients.len()];
    for (index, invoice) in half_paid {
        by_client[index % clients.len()].push((seeded_amount(index) / 2, invoice));
    }
    for (client, allocations) in clients.iter().zip(by_client) {
        if allocations.is_empty() {
            continue;
        }
        let total: i64 = allocations.iter().map(|(amount, _)| amount).sum();
        let body = json!({
            "type": "inbound",
            "partnerId": client,
            "amount": format_minor(total, 2),
            "date": "2026-12-31",
            "journalId": bank,
            "method": "bank_transfer",
        })
        .to_string();
        let payments = "/api/v1/accounting/payments";
        let Some((payment, _)) = create_and_post(stream, buffer, payments, auth, &body).await?
        else {
            return Err(format!("creating and posting a payment of {client} failed"));
        };
        let body = json!({
            "allocations": allocations
                .iter()
                .map(|(amount, invoice)| json!({"invoiceId": invoice, "amount": format_minor(*amount, 2)}))
                .collect::<Vec<_>>(),
        })
        .to_string();
        let path = format!("{payments}/{payment}/allocate");
        let (status, reply) = exchange(stream, buffer, "POST", &path, auth, &body).await?;
        if status != 200 {
            return Err(format!("allocating a payment answered {status}: {reply}"));
        }
    }
    Ok(())
}

/// `POST collection` with `body`, then `POST collection/:id/post`; whether both succeeded.
async fn create_then_post(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    collection: &str,
    auth: (&str, CompanyId),
    body: &str,
) -> Result<bool, String> {
    Ok(create_and_post(stream, buffer, collection, auth, body)
        .await?
        .is_some())
}

/// `POST collection` with `body`, then `POST collection/:id/post`; the id and the posted
/// document when both succeeded.
async fn create_and_post(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    collection: &str,
    auth: (&str, CompanyId),
    body: &str,
) -> Result<Option<(Uuid, serde_json::Value)>, String> {
    let (status, created) = exchange(stream, buffer, "POST", collection, auth, body).await?;
    let Some(id) = created["id"]
        .as_str()
        .filter(|_| status == 201)
        .and_then(|id| id.parse::<Uuid>().ok())
    else {
        return Ok(None);
    };
    let path = format!("{collection}/{id}/post");
    let (status, posted) = exchange(stream, buffer, "POST", &path, auth, "").await?;
    Ok((status == 200).then_some((id, posted)))
}
