//! `arkan bench posting` and `arkan bench trial-balance`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use arkan_accounting::domain::{HashedEntry, Line};
use arkan_accounting::store::{self, Entry};
use chrono::{Datelike, NaiveDate};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use serde_json::json;
use tokio::net::TcpStream;
use uuid::Uuid;

use super::Bench;
use super::http::{Outcome, exchange};

fn text(error: impl std::fmt::Display) -> String {
    error.to_string()
}

async fn account(bench: &Bench, code: &str) -> Result<Uuid, String> {
    store::account_by_code(bench.platform.db.connection(), bench.company, code)
        .await
        .map_err(text)?
        .map(|account| account.id)
        .ok_or_else(|| format!("account {code} missing"))
}

async fn misc_journal(bench: &Bench) -> Result<Uuid, String> {
    let journals =
        arkan_accounting::service::list_journals(&bench.platform, &bench.ctx(), Default::default())
            .await
            .map_err(text)?;
    journals
        .data
        .into_iter()
        .find(|journal| journal.code == "MISC")
        .map(|journal| journal.id)
        .ok_or_else(|| "no MISC journal".to_owned())
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

pub async fn posting(bench: &Bench, clients: usize, entries: usize) -> Result<(), String> {
    let bank = account(bench, "101000").await?;
    let revenue = account(bench, "401000").await?;
    let journal = misc_journal(bench).await?;
    let date = "2026-06-15";
    println!(
        "arkan bench posting: {}, {clients} clients, {entries} entries per side, 4 lines on 2 accounts",
        bench.backend
    );

    // Through the API: create the draft, then post it (two requests per entry).
    let body = json!({
        "journalId": journal,
        "date": date,
        "lines": four_lines(bank, revenue).iter().map(|(account, debit, credit)| json!({
            "accountId": account,
            "debit": arkan_kernel::format_minor(*debit, 2),
            "credit": arkan_kernel::format_minor(*credit, 2),
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

    // Baseline: the same rows with the same guarantees, straight through the store.
    let fiscal_year = store::fiscal_years_between(
        bench.platform.db.connection(),
        bench.company,
        NaiveDate::from_ymd_opt(2026, 6, 15).unwrap_or_default(),
        NaiveDate::from_ymd_opt(2026, 6, 15).unwrap_or_default(),
    )
    .await
    .map_err(text)?
    .into_iter()
    .next()
    .ok_or("no fiscal year")?;
    let baseline = store_baseline(
        bench,
        clients,
        entries,
        journal,
        fiscal_year.id,
        (bank, revenue),
    )
    .await?;
    baseline.print("store baseline");
    println!(
        "API/baseline rate: {:.2} with 2 requests per entry, {:.2} with 1 (target >= 0.5)",
        api.per_second() / baseline.per_second().max(1.0),
        api_batch.per_second() / baseline.per_second().max(1.0)
    );
    Ok(())
}

/// The store posting baseline: `count` entries by `clients` tasks.
async fn store_baseline(
    bench: &Bench,
    clients: usize,
    count: usize,
    journal: Uuid,
    fiscal_year: Uuid,
    (bank, revenue): (Uuid, Uuid),
) -> Result<Outcome, String> {
    let platform = bench.platform.clone();
    let company = bench.company;
    run_clients(clients, count, move || {
        let platform = platform.clone();
        async move {
            Ok(StoreClient {
                platform,
                company,
                journal,
                fiscal_year,
                bank,
                revenue,
            })
        }
    })
    .await
}

trait PostOne {
    fn post_one(&mut self) -> impl std::future::Future<Output = Result<bool, String>> + Send;
}

async fn run_clients<C, F, Fut>(clients: usize, entries: usize, make: F) -> Result<Outcome, String>
where
    C: PostOne + Send + 'static,
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<C, String>>,
{
    let counter = Arc::new(AtomicUsize::new(0));
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
    };
    while let Some(result) = tasks.join_next().await {
        let (latencies, failures) = result.map_err(text)??;
        outcome.latencies_micros.extend(latencies);
        outcome.failures += failures;
    }
    outcome.elapsed = started.elapsed();
    outcome.latencies_micros.sort_unstable();
    Ok(outcome)
}

struct ApiClient {
    stream: TcpStream,
    token: String,
    company: arkan_kernel::CompanyId,
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

struct StoreClient {
    platform: arkan_platform::Platform,
    company: arkan_kernel::CompanyId,
    journal: Uuid,
    fiscal_year: Uuid,
    bank: Uuid,
    revenue: Uuid,
}

impl PostOne for StoreClient {
    async fn post_one(&mut self) -> Result<bool, String> {
        let transaction = self.platform.db.write().await.map_err(text)?;
        baseline_entry(&transaction, self).await?;
        transaction.commit().await.map_err(text)?;
        Ok(true)
    }
}

/// One entry, its four lines, the two balance rows, the gapless number and the chain link, in
/// the caller's transaction, in the order posting takes them: what posting writes, without
/// HTTP, auth or validation.
async fn baseline_entry(
    transaction: &DatabaseTransaction,
    client: &StoreClient,
) -> Result<(), String> {
    let date = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap_or_default();
    let now = arkan_kernel::time::now_micros();
    let lines: Vec<Line> = four_lines(client.bank, client.revenue)
        .into_iter()
        .map(|(account_id, debit_minor, credit_minor)| Line {
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
        .collect();
    let mut entry = Entry::draft(client.journal, date, None, None, lines, now);
    entry.state = "posted".to_owned();
    entry.posted_at = Some(now);
    store::insert_entry(transaction, client.company, &entry)
        .await
        .map_err(text)?;
    let (previous, position) = store::next_chain_link(transaction, client.company)
        .await
        .map_err(text)?;
    store::add_to_balances(transaction, client.company, date, &entry.lines, 1)
        .await
        .map_err(text)?;
    let number = store::take_number(
        transaction,
        client.company,
        client.journal,
        client.fiscal_year,
    )
    .await
    .map_err(text)?;
    let number = format!("MISC/{}/{number:05}", date.year());

    let hash = HashedEntry {
        previous_hash: &previous,
        company_id: client.company.0,
        entry_id: entry.id,
        journal_id: entry.journal_id,
        number: &number,
        date,
        lines: &entry.lines,
    }
    .hash();
    entry.number = Some(number);
    entry.hash = Some(hash.clone());
    entry.chain_position = Some(position);
    store::set_chain_hash(transaction, client.company, &hash)
        .await
        .map_err(text)?;
    store::seal_entry(transaction, client.company, &entry)
        .await
        .map_err(text)?;
    Ok(())
}

pub async fn trial_balance(bench: &Bench, lines: usize, requests: usize) -> Result<(), String> {
    println!(
        "arkan bench trial-balance: {}, {lines} posted lines over 2026, {requests} requests",
        bench.backend
    );
    let started = Instant::now();
    seed_year(bench, lines).await?;
    println!(
        "seeded {lines} lines in {:.1}s",
        started.elapsed().as_secs_f64()
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
    };
    outcome.print("GET /accounting/reports/trial-balance (full year)");
    println!(
        "trial balance p50 {:.2} ms (target < 50 ms)",
        outcome.percentile(50.0)
    );
    Ok(())
}

/// Writes `lines` posted lines (4-line entries over 20 accounts and every day of 2026) and
/// their day balances with set-based SQL inside the database (the per-backend spelling of a
/// number series and of a random UUID is the only difference).
async fn seed_year(bench: &Bench, lines: usize) -> Result<(), String> {
    let ctx = bench.ctx();
    let accounts: Vec<Uuid> = store::list_all_accounts(bench.platform.db.connection(), ctx.company)
        .await
        .map_err(text)?
        .into_iter()
        .filter(|account| !arkan_accounting::domain::needs_partner(&account.account_type))
        .map(|account| account.id)
        .take(20)
        .collect();
    let journal = misc_journal(bench).await?;
    let entries = lines.div_ceil(4);
    let now = arkan_kernel::time::now_micros();
    let postgres = bench.backend == "PostgreSQL";
    let uuid_literal = |id: Uuid| {
        if postgres {
            format!("'{id}'::uuid")
        } else {
            format!("x'{}'", id.simple())
        }
    };
    let company = uuid_literal(ctx.company.0);
    let journal = uuid_literal(journal);
    let new_id = if postgres {
        "gen_random_uuid()"
    } else {
        "randomblob(16)"
    };
    let series = if postgres {
        format!("SELECT generate_series(0, {}) AS i", entries - 1)
    } else {
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {}) SELECT i FROM n",
            entries - 1
        )
    };
    let day = if postgres {
        "(DATE '2026-01-01' + (i % 365))".to_owned()
    } else {
        "date('2026-01-01', '+' || (i % 365) || ' days')".to_owned()
    };
    let transaction = bench.platform.db.write().await.map_err(text)?;
    let id_type = if postgres { "uuid" } else { "BLOB" };
    transaction
        .execute_unprepared(&format!(
            "CREATE TEMPORARY TABLE seed_accounts (k INTEGER, account_id {id_type})"
        ))
        .await
        .map_err(text)?;
    for (k, account) in accounts.iter().enumerate() {
        transaction
            .execute_unprepared(&format!(
                "INSERT INTO seed_accounts VALUES ({k}, {})",
                uuid_literal(*account)
            ))
            .await
            .map_err(text)?;
    }
    let count = accounts.len();
    transaction
        .execute_unprepared(&format!(
            "INSERT INTO journal_entries (company_id, id, journal_id, entry_date, number, state, total_debit_minor, \
             total_credit_minor, posted_at, created_at, updated_at) \
             SELECT {company}, {new_id}, {journal}, {day}, 'SEED/2026/' || i, 'posted', 2 * (100 + i % 9973), \
             2 * (100 + i % 9973), {now}, {now}, {now} FROM ({series}) AS series"
        ))
        .await
        .map_err(text)?;
    for line_no in 0..4 {
        let (debit, credit) = if line_no < 2 {
            ("(100 + e.seq % 9973)", "0")
        } else {
            ("0", "(100 + e.seq % 9973)")
        };
        transaction
            .execute_unprepared(&format!(
                "INSERT INTO journal_lines (company_id, id, entry_id, line_no, account_id, debit_minor, credit_minor, \
                 entry_date, posted) \
                 SELECT e.company_id, {new_id}, e.id, {line_no}, a.account_id, {debit}, {credit}, e.entry_date, TRUE \
                 FROM (SELECT company_id, id, entry_date, CAST(substr(number, 11) AS BIGINT) AS seq FROM journal_entries \
                       WHERE company_id = {company} AND number LIKE 'SEED/%') AS e \
                 JOIN seed_accounts a ON a.k = (e.seq + {line_no} * 7) % {count}"
            ))
            .await
            .map_err(text)?;
    }
    transaction
        .execute_unprepared(&format!(
            "INSERT INTO account_balances (company_id, account_id, balance_date, debit_minor, credit_minor) \
             SELECT company_id, account_id, entry_date, CAST(SUM(debit_minor) AS BIGINT), CAST(SUM(credit_minor) AS BIGINT) \
             FROM journal_lines WHERE company_id = {company} AND posted = TRUE GROUP BY company_id, account_id, entry_date"
        ))
        .await
        .map_err(text)?;
    transaction
        .execute_unprepared("DROP TABLE seed_accounts")
        .await
        .map_err(text)?;
    transaction.commit().await.map_err(text)?;
    if postgres {
        bench
            .platform
            .db
            .connection()
            .execute_unprepared("ANALYZE")
            .await
            .map_err(text)?;
    }
    Ok(())
}

struct InvoiceClient {
    stream: TcpStream,
    token: String,
    company: arkan_kernel::CompanyId,
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
        "arkan bench invoicing: {}, {clients} clients, {invoices} invoices of 5 lines with VAT",
        bench.backend
    );
    let client = arkan_crm::service::create_partner(
        &bench.platform,
        &bench.ctx(),
        arkan_crm::domain::PartnerRole::Client,
        serde_json::from_value(json!({"name": "Bench Client"})).map_err(text)?,
    )
    .await
    .map_err(text)?;
    let taxes =
        arkan_accounting::service::list_taxes(&bench.platform, &bench.ctx(), Default::default())
            .await
            .map_err(text)?;
    let vat = taxes
        .data
        .iter()
        .find(|tax| tax.name == "VAT 5%")
        .map(|tax| tax.id)
        .ok_or("no VAT 5% tax")?;
    let lines: Vec<_> = (0..5)
        .map(|index| json!({"description": format!("Item {index}"), "quantity": "3", "unitPrice": "19.99", "taxIds": [vat]}))
        .collect();
    let body = Arc::new(
        json!({"kind": "customer_invoice", "partnerId": client.id, "invoiceDate": "2026-06-15", "lines": lines}).to_string(),
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
    let journal = misc_journal(bench).await?;
    let date = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap_or_default();
    let fiscal_year =
        store::fiscal_years_between(bench.platform.db.connection(), bench.company, date, date)
            .await
            .map_err(text)?
            .into_iter()
            .next()
            .ok_or("no fiscal year")?;
    let baseline = store_baseline(
        bench,
        clients,
        invoices,
        journal,
        fiscal_year.id,
        (bank, revenue),
    )
    .await?;
    baseline.print("store posting baseline (4-line entries)");
    println!(
        "invoices/s ÷ baseline entries/s: {:.2}",
        api.per_second() / baseline.per_second().max(1.0)
    );
    Ok(())
}

/// Seeds open posted customer invoices over 1,000 clients with set-based SQL, then times the
/// aged-receivables report.
pub async fn aging(bench: &Bench, invoices: usize, requests: usize) -> Result<(), String> {
    println!(
        "arkan bench aging: {}, {invoices} open invoices over 1,000 clients, {requests} requests",
        bench.backend
    );
    let started = Instant::now();
    let db = bench.platform.db.connection();
    let ctx = bench.ctx();
    let mut clients = Vec::with_capacity(1_000);
    for index in 0..1_000 {
        let client = arkan_crm::service::create_partner(
            &bench.platform,
            &ctx,
            arkan_crm::domain::PartnerRole::Client,
            serde_json::from_value(json!({"name": format!("Client {index:04}")})).map_err(text)?,
        )
        .await
        .map_err(text)?;
        clients.push(client.id);
    }
    let journal = store::journal_by_code(db, ctx.company, "INV")
        .await
        .map_err(text)?
        .ok_or("no INV journal")?;
    let now = arkan_kernel::time::now_micros();
    for first in (0..invoices).step_by(1_000) {
        let mut insert = sea_orm::sea_query::Query::insert()
            .into_table("invoices")
            .columns([
                "company_id",
                "id",
                "kind",
                "partner_id",
                "journal_id",
                "invoice_date",
                "due_date",
                "currency",
                "rate_e10",
                "state",
                "number",
                "amount_untaxed_minor",
                "amount_tax_minor",
                "amount_total_minor",
                "amount_paid_minor",
                "payment_state",
                "created_at",
                "updated_at",
            ])
            .to_owned();
        for index in first..(first + 1_000).min(invoices) {
            let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
                + chrono::Days::new(u64::try_from(index % 300).unwrap_or(0));
            let due = date + chrono::Days::new(30);
            let amount = 10_000 + i64::try_from(index % 50_000).unwrap_or(0);
            insert.values_panic([
                ctx.company.0.into(),
                Uuid::now_v7().into(),
                "customer_invoice".into(),
                clients[index % clients.len()].into(),
                journal.id.into(),
                date.into(),
                due.into(),
                "AED".into(),
                10_000_000_000_i64.into(),
                "posted".into(),
                format!("SEED/{index:07}").into(),
                amount.into(),
                (amount / 20).into(),
                (amount + amount / 20).into(),
                if index % 3 == 0 { amount / 2 } else { 0 }.into(),
                if index % 3 == 0 {
                    "partial"
                } else {
                    "not_paid"
                }
                .into(),
                now.into(),
                now.into(),
            ]);
        }
        db.execute(&insert).await.map_err(text)?;
    }
    if bench.backend == "PostgreSQL" {
        db.execute_unprepared("ANALYZE invoices")
            .await
            .map_err(text)?;
    }
    println!("seeded in {:.1}s", started.elapsed().as_secs_f64());
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
    };
    outcome.print("GET /accounting/reports/aged-receivables");
    println!(
        "aged receivables p50 {:.2} ms (target < 200 ms)",
        outcome.percentile(50.0)
    );
    Ok(())
}

/// `POST collection` with `body`, then `POST collection/:id/post`; whether both succeeded.
async fn create_then_post(
    stream: &mut tokio::net::TcpStream,
    buffer: &mut Vec<u8>,
    collection: &str,
    auth: (&str, arkan_kernel::CompanyId),
    body: &str,
) -> Result<bool, String> {
    let (status, created) = exchange(stream, buffer, "POST", collection, auth, body).await?;
    let Some(id) = created["id"].as_str().filter(|_| status == 201) else {
        return Ok(false);
    };
    let path = format!("{collection}/{id}/post");
    let (status, _) = exchange(stream, buffer, "POST", &path, auth, "").await?;
    Ok(status == 200)
}
