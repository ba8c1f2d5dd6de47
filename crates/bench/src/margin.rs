//! `arkan-bench margin`: the invoice margin report over many invoices. The margin rows that
//! posting an invoice made from a sales order writes are loaded directly through the sales
//! facade ([`arkan_sales::margins::bulk_load`]) over 1,000 clients, many products and 20
//! salespeople, one year of invoice dates; then the report grouped by product, partner and
//! salesperson is timed over HTTP, sequential requests on one connection.

use std::time::{Duration, Instant};

use arkan_sales::margins::MarginRow;
use chrono::{Days, NaiveDate};
use sea_orm::ConnectionTrait;
use tokio::net::TcpStream;
use uuid::Uuid;

use crate::Bench;
use crate::http::{drive, exchange};

fn text(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// Rows loaded per write transaction.
const BATCH: usize = 20_000;
/// Salespeople the invoices are spread over (the bench user and 19 others).
const SALESPEOPLE: usize = 20;

pub struct Options {
    pub invoices: usize,
    pub lines: usize,
    pub products: usize,
    pub seconds: u64,
}

pub async fn run(bench: &Bench, options: Options) -> Result<(), String> {
    let mut stream = TcpStream::connect(bench.address).await.map_err(text)?;
    let mut buffer = Vec::new();
    let rows = options.invoices * options.lines;
    println!(
        "arkan-bench margin: {}, invoice margin report over {} invoices of {} lines ({rows} rows), {} products, 1,000 clients, {SALESPEOPLE} salespeople, 1 connection, {}s per grouping",
        bench.backend, options.invoices, options.lines, options.products, options.seconds
    );
    let started = Instant::now();
    let clients = crate::reports::load_clients(bench, &mut stream, &mut buffer).await?;
    let products =
        crate::inventory::load_products(bench, ("Margin", "MRG"), options.products).await?;
    let mut salespeople = vec![bench.user.0];
    salespeople.extend((1..SALESPEOPLE).map(|_| Uuid::now_v7()));
    let first_day = NaiveDate::from_ymd_opt(2026, 1, 1).ok_or("a date")?;
    let db = &bench.platform.db;
    let mut batch = Vec::with_capacity(BATCH);
    for invoice in 0..options.invoices {
        let invoice_id = Uuid::now_v7();
        let date = first_day + Days::new(u64::try_from(invoice % 365).unwrap_or(0));
        for line in 0..options.lines {
            let index = invoice * options.lines + line;
            let quantity = i64::try_from(1 + index % 9).unwrap_or(1);
            let price = 1_000 + i64::try_from(index % 5_000).unwrap_or(0) * 10;
            let revenue = quantity * price;
            // Costs at 55% to 85% of the price; one line in ten a service without cost.
            let (cost, source) = if index % 10 == 9 {
                (0, "none")
            } else {
                let percent = 55 + i64::try_from(index % 31).unwrap_or(0);
                (revenue * percent / 100, "product_cost")
            };
            batch.push(MarginRow {
                id: Uuid::now_v7(),
                invoice_id,
                invoice_number: Some(format!("INV/2026/{:06}", invoice + 1)),
                invoice_date: date,
                partner_id: clients[invoice % clients.len()].0,
                salesperson_id: Some(salespeople[invoice % SALESPEOPLE]),
                order_id: None,
                order_line_id: None,
                product_id: Some(products[index % products.len()].0),
                description: "Goods".to_owned(),
                position: i32::try_from(line).unwrap_or(0),
                quantity_e4: quantity * 10_000,
                revenue,
                cost,
                cost_source: source.to_owned(),
            });
        }
        if batch.len() >= BATCH || invoice + 1 == options.invoices {
            let transaction = db.write().await.map_err(text)?;
            arkan_sales::margins::bulk_load(&*transaction, bench.company, &batch)
                .await
                .map_err(text)?;
            transaction.commit().await.map_err(text)?;
            batch.clear();
        }
    }
    if bench.backend == "PostgreSQL" {
        db.connection()
            .execute_unprepared("VACUUM ANALYZE")
            .await
            .map_err(text)?;
    }
    println!(
        "seeded {} clients, {} products and {rows} margin rows in {:.1}s",
        clients.len(),
        products.len(),
        started.elapsed().as_secs_f64()
    );
    let auth = (bench.token.as_str(), bench.company);
    for group in ["product", "partner", "salesperson"] {
        let path = format!(
            "/api/v1/accounting/invoice-margin/report?date_from=2026-01-01&date_to=2026-12-31&group_by={group}"
        );
        let (status, body) = exchange(&mut stream, &mut buffer, "GET", &path, auth, "").await?;
        let groups = body["data"].as_array().map_or(0, Vec::len);
        if status != 200 || groups == 0 {
            return Err(format!("the margin report answered {status}: {body}"));
        }
        println!(
            "by {group}: {groups} groups, revenue {} {}, margin {} ({}%)",
            body["totals"]["revenue"],
            body["currency"],
            body["totals"]["margin"],
            body["totals"]["marginPercent"]
        );
        let outcome = drive(
            bench.address,
            &path,
            Some(auth),
            1,
            Duration::from_secs(options.seconds),
        )
        .await?;
        outcome.print(&format!(
            "GET /accounting/invoice-margin/report?group_by={group}"
        ));
        println!("p50 {:.1} ms (target < 200 ms)", outcome.percentile(50.0));
    }
    Ok(())
}
