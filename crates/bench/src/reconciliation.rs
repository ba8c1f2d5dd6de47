//! `arkan-bench reconciliation`: a bank statement imported in CSV and its suggestions against
//! open customer invoices seeded through the API (the `aging` scenario's seeding).

use std::fmt::Write as _;
use std::time::Instant;

use arkan_kernel::{format_minor, parse_minor};
use chrono::NaiveDate;
use serde_json::json;
use tokio::net::TcpStream;

use crate::Bench;
use crate::http::exchange;
use crate::ledger::{SeededInvoice, journal, seed_open_invoices};

fn text(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// One statement line in ten is unrelated to any invoice (card purchases, bank charges).
const UNRELATED_EVERY: usize = 10;

/// A CSV statement of `lines` lines in November 2026: line `k` is unrelated when
/// `k % UNRELATED_EVERY == UNRELATED_EVERY - 1` (a purchase with no invoice's amount or number),
/// else it pays invoice `k % invoices.len()`: its total, its number in the description. Returns
/// the file, the closing balance (from an opening of zero) and how many lines pay an invoice.
fn statement_csv(invoices: &[SeededInvoice], lines: usize) -> Result<(String, i64, usize), String> {
    let first_day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
    let mut csv = String::with_capacity(lines * 48 + 32);
    csv.push_str("date,description,amount\n");
    let mut closing = 0_i64;
    let mut paying = 0;
    for k in 0..lines {
        let date = first_day + chrono::Days::new(u64::try_from(k % 30).unwrap_or(0));
        let date = date.format("%Y-%m-%d");
        if k % UNRELATED_EVERY == UNRELATED_EVERY - 1 || invoices.is_empty() {
            // Odd amounts: a cent above any seeded total would still be a different amount.
            let amount = -(1_001 + i64::try_from(k % 7_919).unwrap_or(0) * 3);
            closing += amount;
            let _ = writeln!(
                csv,
                "{date},CARD PURCHASE {k} OFFICE,{}",
                format_minor(amount, 2)
            );
            continue;
        }
        let invoice = &invoices[k % invoices.len()];
        let amount = parse_minor(&invoice.total, 2).map_err(text)?;
        closing += amount;
        paying += 1;
        let _ = writeln!(
            csv,
            "{date},TRF {} CLIENT PMT,{}",
            invoice.number,
            format_minor(amount, 2)
        );
    }
    Ok((csv, closing, paying))
}

pub async fn run(bench: &Bench, lines: usize, items: usize) -> Result<(), String> {
    println!(
        "arkan-bench reconciliation: {}, a {lines}-line CSV statement against {items} open invoices",
        bench.backend
    );
    let started = Instant::now();
    let mut stream = TcpStream::connect(bench.address).await.map_err(text)?;
    stream.set_nodelay(true).map_err(text)?;
    let mut buffer = Vec::new();
    let (_, invoices) = seed_open_invoices(bench, &mut stream, &mut buffer, items).await?;
    if invoices.iter().any(|invoice| invoice.number.is_empty()) {
        return Err("a seeded invoice has no number".into());
    }
    println!(
        "seeded {} open invoices in {:.1}s (through the API)",
        invoices.len(),
        started.elapsed().as_secs_f64()
    );
    let (csv, closing, paying) = statement_csv(&invoices, lines)?;
    let bank = journal(bench, "BNK1").await?;
    let body = json!({
        "journalId": bank,
        "format": "csv",
        "name": "Bench November 2026",
        "content": csv,
        "openingBalance": "0.00",
        "closingBalance": format_minor(closing, 2),
        "csv": {"columns": {"date": "date", "description": "description", "amount": "amount"}},
    })
    .to_string();
    println!(
        "statement: {lines} lines ({paying} paying an invoice), request body {:.2} MiB",
        body.len() as f64 / (1024.0 * 1024.0)
    );
    let auth = (bench.token.as_str(), bench.company);
    let sent = Instant::now();
    let path = "/api/v1/accounting/bank-reconciliation/statements";
    let (status, statement) = exchange(&mut stream, &mut buffer, "POST", path, auth, &body).await?;
    let import = sent.elapsed().as_secs_f64();
    if status != 201 {
        return Err(format!(
            "importing the statement answered {status}: {statement}"
        ));
    }
    let id = statement["id"].as_str().unwrap_or_default().to_owned();
    let sent = Instant::now();
    let path = format!("{path}/{id}/suggestions");
    let (status, suggestions) = exchange(&mut stream, &mut buffer, "GET", &path, auth, "").await?;
    let suggest = sent.elapsed().as_secs_f64();
    if status != 200 {
        return Err(format!("the suggestions answered {status}: {suggestions}"));
    }
    let data = suggestions["data"].as_array().cloned().unwrap_or_default();
    let with_candidate = data
        .iter()
        .filter(|line| line["candidates"].as_array().is_some_and(|c| !c.is_empty()))
        .count();
    println!("POST /accounting/bank-reconciliation/statements (import): {import:.3} s");
    println!("GET .../statements/:id/suggestions: {suggest:.3} s");
    println!(
        "import + suggestions: {:.3} s (target < 2 s); {with_candidate} of {} lines with a candidate",
        import + suggest,
        data.len()
    );
    Ok(())
}
