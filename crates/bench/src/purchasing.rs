//! `arkan-bench purchasing`: the procure-to-pay flow through the API, a document at a time by
//! concurrent clients: a purchase order created, confirmed, received in full (its receipt valued
//! and posted), billed from the order and the bill posted (the three-way match checked).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use crate::Bench;
use crate::flows::{self, FlowClient, id};
use crate::inventory::check_levels;
use crate::ledger::{PostOne, run_clients};

/// Products the orders go round; every order buys three of them.
const PRODUCTS: usize = 20;
/// Vendors the orders go round.
const VENDORS: usize = 5;
/// The requests of one flow, in order.
const STEPS: [&str; 5] = ["create", "confirm", "receive", "bill", "post bill"];
const ORDERS: &str = "/api/v1/inventory/purchase-orders";
const BILL: &str = r#"{"invoiceDate": "2026-03-10", "reference": "BENCH"}"#;

pub struct Options {
    pub clients: usize,
    pub flows: usize,
}

pub async fn run(bench: &Bench, options: Options) -> Result<(), String> {
    let times = flows::step_times(&STEPS);
    let mut client = FlowClient::connect(bench, times.clone()).await?;
    let category = client
        .call(
            "POST",
            "/api/v1/inventory/categories",
            &json!({"name": "Bench purchases", "costingMethod": "average"}),
            201,
        )
        .await?;
    let mut products = Vec::with_capacity(PRODUCTS);
    for index in 0..PRODUCTS {
        let product = client
            .call(
                "POST",
                "/api/v1/inventory/products",
                &json!({"name": format!("Bought item {index:02}"), "sku": format!("BUY-{index:02}"),
                        "type": "storable", "categoryId": category["id"], "uom": "unit",
                        "cost": format!("{}.50", 10 + index)}),
                201,
            )
            .await?;
        products.push(product["id"].clone());
    }
    let mut vendors = Vec::with_capacity(VENDORS);
    for index in 0..VENDORS {
        let body = json!({"name": format!("Bench vendor {index}")});
        let vendor = client
            .call("POST", "/api/v1/crm/vendors", &body, 201)
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
    let flow = one_flow(&mut client, &orders[0]).await?;
    println!(
        "arkan-bench purchasing: {}, a checked flow: order {}, receipt state {}, bill {} posted as {}",
        bench.backend, flow.0, flow.1, flow.2, flow.3
    );
    println!(
        "arkan-bench purchasing: {}, {} clients, {} flows (order, confirm, receive, bill, post the bill; 3 lines each)",
        bench.backend, options.clients, options.flows
    );
    let started = Arc::new(AtomicUsize::new(0));
    let orders = Arc::new(orders);
    let outcome = run_clients(options.clients, options.flows, || {
        let (orders, times, started) = (orders.clone(), times.clone(), started.clone());
        async move {
            Ok(Buyer {
                client: FlowClient::connect(bench, times).await?,
                orders,
                next: 7 * started.fetch_add(1, Ordering::Relaxed),
            })
        }
    })
    .await?;
    flows::print("procure-to-pay", 3.0, &outcome, &STEPS, &times);
    check_levels(bench).await
}

/// One flow, every answer checked: (order number, receipt state, bill id, bill number).
async fn one_flow(
    client: &mut FlowClient,
    order: &str,
) -> Result<(String, String, String, String), String> {
    let order: Value = serde_json::from_str(order).map_err(|error| error.to_string())?;
    let created = client.call("POST", ORDERS, &order, 201).await?;
    let base = format!("{ORDERS}/{}", id(&created).unwrap_or_default());
    let confirmed = client
        .call("POST", &format!("{base}/confirm"), &json!({}), 200)
        .await?;
    if confirmed["state"] != "confirmed" {
        return Err(format!("the order did not confirm: {confirmed}"));
    }
    let received = client
        .call("POST", &format!("{base}/receive"), &json!({}), 200)
        .await?;
    if received["receiptState"] != "received" {
        return Err(format!("the order was not received in full: {received}"));
    }
    let bill: Value = serde_json::from_str(BILL).map_err(|error| error.to_string())?;
    let bill = client
        .call("POST", &format!("{base}/bill"), &bill, 201)
        .await?;
    if bill["match"]["state"] != "matched" {
        return Err(format!("the bill does not match its order: {bill}"));
    }
    let bill_id = id(&bill).unwrap_or_default();
    let post = format!("/api/v1/accounting/invoices/{bill_id}/post");
    let posted = client.call("POST", &post, &json!({}), 200).await?;
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    Ok((
        text(&confirmed["number"]),
        text(&received["receiptState"]),
        bill_id,
        text(&posted["number"]),
    ))
}

/// A client doing whole flows, one after another, going round the prepared orders.
struct Buyer {
    client: FlowClient,
    orders: Arc<Vec<String>>,
    next: usize,
}

impl PostOne for Buyer {
    async fn post_one(&mut self) -> Result<bool, String> {
        let order = self.orders[self.next % self.orders.len()].clone();
        self.next += 1;
        let client = &mut self.client;
        let Some(id) = client
            .step(0, ORDERS, &order, 201)
            .await?
            .as_ref()
            .and_then(id)
        else {
            return Ok(false);
        };
        let base = format!("{ORDERS}/{id}");
        for (step, action) in [(1, "confirm"), (2, "receive")] {
            let path = format!("{base}/{action}");
            if client.step(step, &path, "{}", 200).await?.is_none() {
                return Ok(false);
            }
        }
        let bill = client.step(3, &format!("{base}/bill"), BILL, 201).await?;
        let Some(bill) = bill.as_ref().and_then(flows::id) else {
            return Ok(false);
        };
        let post = format!("/api/v1/accounting/invoices/{bill}/post");
        Ok(client.step(4, &post, "{}", 200).await?.is_some())
    }
}
