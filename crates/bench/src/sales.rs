//! `arkan-bench sales`: the order-to-invoice flow through the API, a document at a time by
//! concurrent clients: a sales order of three lines created, confirmed (its delivery made and
//! reserved), delivered in full (valued, its cost of goods sold posted), invoiced from the order
//! and the invoice posted.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use crate::Bench;
use crate::flows::{self, FlowClient, id};
use crate::inventory::{check_levels, places};
use crate::ledger::{PostOne, run_clients};

/// Products the orders go round; every order sells three of them.
const PRODUCTS: usize = 20;
/// Clients the orders go round.
const CLIENTS: usize = 5;
/// Units of each product received before the run (enough for any run).
const STOCK: usize = 1_000_000;
/// The requests of one flow, in order.
const STEPS: [&str; 5] = ["create", "confirm", "deliver", "invoice", "post invoice"];
const ORDERS: &str = "/api/v1/sales/orders";
const INVOICE: &str = r#"{"invoiceDate": "2026-03-10"}"#;

pub struct Options {
    pub clients: usize,
    pub flows: usize,
}

pub async fn run(bench: &Bench, options: Options) -> Result<(), String> {
    let places = {
        let mut stream = tokio::net::TcpStream::connect(bench.address)
            .await
            .map_err(|error| error.to_string())?;
        places(bench, &mut stream, &mut Vec::new()).await?
    };
    let times = flows::step_times(&STEPS);
    let mut client = FlowClient::connect(bench, times.clone()).await?;
    let category = client
        .call(
            "POST",
            "/api/v1/inventory/categories",
            &json!({"name": "Bench sales", "costingMethod": "average"}),
            201,
        )
        .await?;
    let mut products = Vec::with_capacity(PRODUCTS);
    for index in 0..PRODUCTS {
        let product = client
            .call(
                "POST",
                "/api/v1/inventory/products",
                &json!({"name": format!("Sold item {index:02}"), "sku": format!("SELL-{index:02}"),
                        "type": "storable", "categoryId": category["id"], "uom": "unit",
                        "salePrice": format!("{}.75", 20 + index),
                        "cost": format!("{}.50", 10 + index)}),
                201,
            )
            .await?;
        let receipt = json!({"productId": product["id"], "quantity": STOCK.to_string(),
                             "sourceLocationId": places.supplier,
                             "destinationLocationId": places.stock,
                             "unitCost": format!("{}.50", 10 + index), "validate": true});
        client
            .call("POST", "/api/v1/inventory/moves", &receipt, 201)
            .await?;
        products.push(product["id"].clone());
    }
    let mut partners = Vec::with_capacity(CLIENTS);
    for index in 0..CLIENTS {
        let body = json!({"name": format!("Bench client {index}")});
        let partner = client
            .call("POST", "/api/v1/crm/clients", &body, 201)
            .await?;
        partners.push(partner["id"].clone());
    }
    let orders: Vec<String> = (0..PRODUCTS * CLIENTS)
        .map(|index| {
            let lines: Vec<Value> = (0..3)
                .map(|line| {
                    json!({"productId": products[(index + line * 7) % PRODUCTS],
                           "quantity": format!("{}", 1 + (index + line) % 9)})
                })
                .collect();
            json!({"partnerId": partners[index % CLIENTS], "orderDate": "2026-03-02",
                   "lines": lines})
            .to_string()
        })
        .collect();
    // One flow before the timed run, each step's answer checked.
    let flow = one_flow(&mut client, &orders[0]).await?;
    println!(
        "arkan-bench sales: {}, a checked flow: order {}, delivery {}, invoice {} posted as {} for {}",
        bench.backend, flow.0, flow.1, flow.2, flow.3, flow.4
    );
    println!(
        "arkan-bench sales: {}, {} clients, {} flows (order, confirm, deliver, invoice, post the invoice; 3 lines each)",
        bench.backend, options.clients, options.flows
    );
    let started = Arc::new(AtomicUsize::new(0));
    let orders = Arc::new(orders);
    let outcome = run_clients(options.clients, options.flows, || {
        let (orders, times, started) = (orders.clone(), times.clone(), started.clone());
        async move {
            Ok(Seller {
                client: FlowClient::connect(bench, times).await?,
                orders,
                next: 7 * started.fetch_add(1, Ordering::Relaxed),
            })
        }
    })
    .await?;
    flows::print("order-to-invoice", 3.0, &outcome, &STEPS, &times);
    check_levels(bench).await
}

/// One flow, every answer checked: (order number, delivery state, invoice id, invoice number,
/// invoice total).
async fn one_flow(
    client: &mut FlowClient,
    order: &str,
) -> Result<(String, String, String, String, String), String> {
    let order: Value = serde_json::from_str(order).map_err(|error| error.to_string())?;
    let created = client.call("POST", ORDERS, &order, 201).await?;
    let order_id = id(&created).unwrap_or_default();
    let base = format!("{ORDERS}/{order_id}");
    let confirmed = client
        .call("POST", &format!("{base}/confirm"), &json!({}), 200)
        .await?;
    if confirmed["state"] != "confirmed" {
        return Err(format!("the order did not confirm: {confirmed}"));
    }
    let delivery = confirmed["deliveryIds"][0].as_str().unwrap_or_default();
    let path = format!("/api/v1/sales/deliveries/{delivery}/deliver");
    let delivered = client.call("POST", &path, &json!({}), 200).await?;
    if delivered["state"] != "done" {
        return Err(format!("the delivery is not done: {delivered}"));
    }
    let path = format!("/api/v1/sales/billing/invoice/{order_id}");
    let invoice: Value = serde_json::from_str(INVOICE).map_err(|error| error.to_string())?;
    let invoice = client.call("POST", &path, &invoice, 201).await?;
    if invoice["amountTotal"] != confirmed["amountTotal"] {
        return Err(format!(
            "the invoice's total is not the order's ({}): {invoice}",
            confirmed["amountTotal"]
        ));
    }
    let invoice_id = id(&invoice).unwrap_or_default();
    let post = format!("/api/v1/accounting/invoices/{invoice_id}/post");
    let posted = client.call("POST", &post, &json!({}), 200).await?;
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    Ok((
        text(&confirmed["number"]),
        text(&delivered["state"]),
        invoice_id,
        text(&posted["number"]),
        text(&posted["amountTotal"]),
    ))
}

/// A client doing whole flows, one after another, going round the prepared orders.
struct Seller {
    client: FlowClient,
    orders: Arc<Vec<String>>,
    next: usize,
}

impl PostOne for Seller {
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
        let confirmed = client
            .step(1, &format!("{ORDERS}/{id}/confirm"), "{}", 200)
            .await?;
        let Some(delivery) = confirmed
            .as_ref()
            .and_then(|order| order["deliveryIds"][0].as_str())
        else {
            return Ok(false);
        };
        let deliver = format!("/api/v1/sales/deliveries/{delivery}/deliver");
        if client.step(2, &deliver, "{}", 200).await?.is_none() {
            return Ok(false);
        }
        let invoice = format!("/api/v1/sales/billing/invoice/{id}");
        let invoice = client.step(3, &invoice, INVOICE, 201).await?;
        let Some(invoice) = invoice.as_ref().and_then(flows::id) else {
            return Ok(false);
        };
        let post = format!("/api/v1/accounting/invoices/{invoice}/post");
        Ok(client.step(4, &post, "{}", 200).await?.is_some())
    }
}
