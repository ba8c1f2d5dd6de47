//! `arkan-bench purchasing`: the procure-to-pay flow through the API, a document at a time by
//! concurrent clients: a purchase order created, confirmed, received in full (its receipt valued
//! and posted), billed from the order and the bill posted (the three-way match checked).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use serde_json::{Value, json};
use tokio::net::TcpStream;

use crate::Bench;
use crate::http::{Outcome, exchange};
use crate::inventory::check_levels;
use crate::ledger::{PostOne, run_clients};

/// Products the orders go round; every order buys three of them.
const PRODUCTS: usize = 20;
/// Vendors the orders go round.
const VENDORS: usize = 5;
/// The requests of one flow, in order.
const STEPS: [&str; 5] = ["create", "confirm", "receive", "bill", "post bill"];

fn text(error: impl std::fmt::Display) -> String {
    error.to_string()
}

pub struct Options {
    pub clients: usize,
    pub flows: usize,
}

pub async fn run(bench: &Bench, options: Options) -> Result<(), String> {
    let mut stream = TcpStream::connect(bench.address).await.map_err(text)?;
    stream.set_nodelay(true).map_err(text)?;
    let mut buffer = Vec::new();
    let auth = (bench.token.as_str(), bench.company);
    let mut call = async |method: &str, path: &str, body: Value, expected: u16| {
        let (status, reply) = exchange(
            &mut stream,
            &mut buffer,
            method,
            path,
            auth,
            &body.to_string(),
        )
        .await?;
        if status == expected {
            Ok(reply)
        } else {
            Err(format!("{method} {path} answered {status}: {reply}"))
        }
    };
    let category = call(
        "POST",
        "/api/v1/inventory/categories",
        json!({"name": "Bench purchases", "costingMethod": "average"}),
        201,
    )
    .await?;
    let mut products = Vec::with_capacity(PRODUCTS);
    for index in 0..PRODUCTS {
        let product = call(
            "POST",
            "/api/v1/inventory/products",
            json!({"name": format!("Bought item {index:02}"), "sku": format!("BUY-{index:02}"),
                   "type": "storable", "categoryId": category["id"], "uom": "unit",
                   "cost": format!("{}.50", 10 + index)}),
            201,
        )
        .await?;
        products.push(product["id"].clone());
    }
    let mut vendors = Vec::with_capacity(VENDORS);
    for index in 0..VENDORS {
        let vendor = call(
            "POST",
            "/api/v1/crm/vendors",
            json!({"name": format!("Bench vendor {index}")}),
            201,
        )
        .await?;
        vendors.push(vendor["id"].clone());
    }
    let orders: Vec<String> = (0..PRODUCTS * VENDORS)
        .map(|index| {
            let lines: Vec<Value> = (0..3)
                .map(|line| {
                    json!({"productId": products[(index + line * 7) % PRODUCTS],
                           "quantity": format!("{}", 1 + (index + line) % 9),
                           "unitPrice": format!("{}.25", 10 + (index * 3 + line) % 40)})
                })
                .collect();
            json!({"partnerId": vendors[index % VENDORS], "orderDate": "2026-03-02",
                   "expectedDate": "2026-03-09", "lines": lines})
            .to_string()
        })
        .collect();
    // One flow before the timed run, each step's answer checked.
    let flow = one_flow(&mut call, &orders[0]).await?;
    println!(
        "arkan-bench purchasing: {}, a checked flow: order {}, receipt state {}, bill {} posted as {}",
        bench.backend, flow.0, flow.1, flow.2, flow.3
    );
    println!(
        "arkan-bench purchasing: {}, {} clients, {} flows (order, confirm, receive, bill, post the bill; 3 lines each)",
        bench.backend, options.clients, options.flows
    );
    let steps = Arc::new(std::sync::Mutex::new(vec![Vec::new(); STEPS.len()]));
    let started = Arc::new(AtomicUsize::new(0));
    let orders = Arc::new(orders);
    let outcome = run_clients(options.clients, options.flows, || {
        let (token, company, address) = (bench.token.clone(), bench.company, bench.address);
        let (orders, steps, started) = (orders.clone(), steps.clone(), started.clone());
        async move {
            let stream = TcpStream::connect(address).await.map_err(text)?;
            stream.set_nodelay(true).map_err(text)?;
            Ok(Buyer {
                stream,
                token,
                company,
                orders,
                next: 7 * started.fetch_add(1, Ordering::Relaxed),
                buffer: Vec::new(),
                steps,
            })
        }
    })
    .await?;
    print_flows(&outcome);
    let steps = steps.lock().map_err(text)?.clone();
    for (step, latencies) in STEPS.iter().zip(steps.iter()) {
        let mut sorted = latencies.clone();
        sorted.sort_unstable();
        let at = |percent: f64| {
            let rank = ((percent / 100.0) * sorted.len().saturating_sub(1) as f64).round();
            sorted.get(rank as usize).copied().unwrap_or(0) as f64 / 1000.0
        };
        println!("  {step}: p50 {:.2} ms, p99 {:.2} ms", at(50.0), at(99.0));
    }
    check_levels(bench).await
}

fn print_flows(outcome: &Outcome) {
    println!(
        "procure-to-pay flows: {:.1} flows/s ({:.0} documents/s: order, receipt, bill), p50 {:.1} ms, p99 {:.1} ms a flow, {} flows, {} failed",
        outcome.per_second(),
        3.0 * outcome.per_second(),
        outcome.percentile(50.0),
        outcome.percentile(99.0),
        outcome.latencies_micros.len(),
        outcome.failures
    );
}

/// One flow through `call`, every answer checked: (order number, receipt state, bill id,
/// bill number).
async fn one_flow(
    call: &mut impl AsyncFnMut(&str, &str, Value, u16) -> Result<Value, String>,
    order: &str,
) -> Result<(String, String, String, String), String> {
    let order: Value = serde_json::from_str(order).map_err(text)?;
    let created = call("POST", "/api/v1/inventory/purchase-orders", order, 201).await?;
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    let base = format!("/api/v1/inventory/purchase-orders/{id}");
    let confirmed = call("POST", &format!("{base}/confirm"), json!({}), 200).await?;
    if confirmed["state"] != "confirmed" {
        return Err(format!("the order did not confirm: {confirmed}"));
    }
    let received = call("POST", &format!("{base}/receive"), json!({}), 200).await?;
    if received["receiptState"] != "received" {
        return Err(format!("the order was not received in full: {received}"));
    }
    let bill = call(
        "POST",
        &format!("{base}/bill"),
        json!({"invoiceDate": "2026-03-10", "reference": "BENCH"}),
        201,
    )
    .await?;
    if bill["match"]["state"] != "matched" {
        return Err(format!("the bill does not match its order: {bill}"));
    }
    let bill_id = bill["id"].as_str().unwrap_or_default().to_owned();
    let posted = call(
        "POST",
        &format!("/api/v1/accounting/invoices/{bill_id}/post"),
        json!({}),
        200,
    )
    .await?;
    Ok((
        confirmed["number"].as_str().unwrap_or_default().to_owned(),
        received["receiptState"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        bill_id,
        posted["number"].as_str().unwrap_or_default().to_owned(),
    ))
}

/// A client doing whole flows, one after another, going round the prepared orders.
struct Buyer {
    stream: TcpStream,
    token: String,
    company: arkan_kernel::CompanyId,
    orders: Arc<Vec<String>>,
    next: usize,
    buffer: Vec<u8>,
    steps: Arc<std::sync::Mutex<Vec<Vec<u64>>>>,
}

impl Buyer {
    /// One request, timed into its step; the answer's `id` when it answered `expected`.
    async fn step(
        &mut self,
        step: usize,
        path: &str,
        body: &str,
        expected: u16,
    ) -> Result<Option<String>, String> {
        let sent = Instant::now();
        let (status, reply) = exchange(
            &mut self.stream,
            &mut self.buffer,
            "POST",
            path,
            (&self.token, self.company),
            body,
        )
        .await?;
        let micros = u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX);
        if let Ok(mut steps) = self.steps.lock()
            && let Some(latencies) = steps.get_mut(step)
        {
            latencies.push(micros);
        }
        Ok((status == expected)
            .then(|| reply["id"].as_str().map(str::to_owned))
            .flatten())
    }
}

impl PostOne for Buyer {
    async fn post_one(&mut self) -> Result<bool, String> {
        let order = self.orders[self.next % self.orders.len()].clone();
        self.next += 1;
        let orders = "/api/v1/inventory/purchase-orders";
        let Some(id) = self.step(0, orders, &order, 201).await? else {
            return Ok(false);
        };
        let base = format!("{orders}/{id}");
        if self
            .step(1, &format!("{base}/confirm"), "{}", 200)
            .await?
            .is_none()
            || self
                .step(2, &format!("{base}/receive"), "{}", 200)
                .await?
                .is_none()
        {
            return Ok(false);
        }
        let bill = r#"{"invoiceDate": "2026-03-10", "reference": "BENCH"}"#;
        let Some(bill) = self.step(3, &format!("{base}/bill"), bill, 201).await? else {
            return Ok(false);
        };
        let post = format!("/api/v1/accounting/invoices/{bill}/post");
        Ok(self.step(4, &post, "{}", 200).await?.is_some())
    }
}
