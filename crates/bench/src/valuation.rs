//! `arkan-bench valuation`: the valuation report as of a date over many products and
//! valuation layers, loaded through the catalog's and the inventory's bulk loaders
//! ([`arkan_catalog::products::bulk_load`], [`arkan_inventory::bulk::load_valuation_layers`]);
//! then receipts and issues of storable products in an average-cost category, each valued and
//! posted, done through the API beside as many moves of consumable products (not valued) in
//! the same run.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use arkan_inventory::bulk::{self, LoadedLayer};
use chrono::{Days, NaiveDate};
use sea_orm::ConnectionTrait;
use serde_json::json;
use tokio::net::TcpStream;
use uuid::Uuid;

use crate::Bench;
use crate::http::{Outcome, drive, exchange};
use crate::inventory::{ApiMover, Places, check_levels, places};
use crate::ledger::run_clients;

fn text(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// Products every moving client takes from, on each side.
const HOT_PRODUCTS: usize = 20;
/// Units of each hot product received into stock before the moves.
const RECEIVED: usize = 1_000_000;
/// Layers loaded per call of the bulk loader and write transaction.
const SEED_LAYERS: usize = 100_000;
/// Days the loaded layers span, ending yesterday.
const HISTORY_DAYS: u64 = 730;

pub struct Options {
    pub clients: usize,
    pub moves: usize,
    pub products: usize,
    pub layers: usize,
    pub seconds: u64,
}

pub async fn run(bench: &Bench, options: Options) -> Result<(), String> {
    let mut stream = TcpStream::connect(bench.address).await.map_err(text)?;
    let mut buffer = Vec::new();
    let places = places(bench, &mut stream, &mut buffer).await?;
    if options.products > 0 {
        report(bench, &mut stream, &mut buffer, places, &options).await?;
    }
    if options.moves > 0 {
        valued_moves(bench, &mut stream, &mut buffer, places, &options).await?;
    }
    Ok(())
}

/// Loads the products and their layers, then times the valuation report as of the middle of
/// the history and as of today, sequential requests on one connection.
async fn report(
    bench: &Bench,
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    places: Places,
    options: &Options,
) -> Result<(), String> {
    let (products, layers) = (options.products, options.layers);
    println!(
        "arkan-bench valuation: {}, valuation report over {products} products and {layers} layers, 1 connection, {}s per request",
        bench.backend, options.seconds
    );
    let today = chrono::Utc::now().date_naive();
    let first_day = today - Days::new(HISTORY_DAYS);
    let started = Instant::now();
    seed(bench, places, products, layers, first_day).await?;
    println!(
        "seeded {products} products and {layers} valuation layers with their valuations in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    let middle = first_day + Days::new(HISTORY_DAYS / 2);
    let auth = (bench.token.as_str(), bench.company);
    for as_of in [middle, today] {
        let path = format!("/api/v1/inventory/valuation?as_of={as_of}");
        let first = Instant::now();
        let (status, body) = exchange(stream, buffer, "GET", &path, auth, "").await?;
        let first = first.elapsed();
        let rows = body["data"].as_array().map_or(0, Vec::len);
        if status != 200 || rows == 0 {
            return Err(format!("the valuation report answered {status}: {body}"));
        }
        let header_end = buffer
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .map_or(0, |position| position + 4);
        println!(
            "as of {as_of}: {rows} products, total {} {}, account balance {}, {:.1} MB of JSON, first request {:.0} ms (it keeps the nearest month end when past)",
            body["totals"]["value"],
            body["currency"],
            body["accountBalance"],
            (buffer.len() - header_end) as f64 / 1e6,
            first.as_secs_f64() * 1e3
        );
        let outcome = drive(
            bench.address,
            &path,
            Some(auth),
            1,
            Duration::from_secs(options.seconds),
        )
        .await?;
        outcome.print(&format!("GET {}", path.trim_start_matches("/api/v1")));
        println!("p50 {:.1} ms (target < 200 ms)", outcome.percentile(50.0));
    }
    Ok(())
}

/// Loads the products (`Valued 000000`, SKU `VAL-000000`...) through the catalog's bulk loader,
/// then the layers through the inventory's, [`SEED_LAYERS`] per write transaction. A
/// product's layers follow one another over [`HISTORY_DAYS`] from `first_day`: two receipts
/// of 5 to 11 units at 10 to 29.99 a unit, then an issue of 1 to 3 units at the average cost,
/// and so on, so its quantity stays positive.
async fn seed(
    bench: &Bench,
    places: Places,
    products: usize,
    layers: usize,
    first_day: NaiveDate,
) -> Result<(), String> {
    let db = &bench.platform.db;
    let now = arkan_kernel::time::now_micros();
    let ids = super::inventory::load_products(bench, ("Valued", "VAL"), products).await?;
    let postgres = bench.backend == "PostgreSQL";
    let per_product = layers.div_ceil(products.max(1)).max(1);
    let step = (HISTORY_DAYS as usize / per_product).max(1);
    let (mut previous, mut nth, mut on_hand) = (usize::MAX, 0, (0_i128, 0_i128));
    for batch in (0..layers).step_by(SEED_LAYERS) {
        let mut loaded = Vec::with_capacity(SEED_LAYERS);
        for index in batch..(batch + SEED_LAYERS).min(layers) {
            let product = index * products / layers;
            if product == previous {
                nth += 1;
            } else {
                (nth, on_hand) = (0, (0, 0));
            }
            previous = product;
            let day = (nth * step + product % step).min(HISTORY_DAYS as usize - 1);
            let date = first_day + Days::new(u64::try_from(day).unwrap_or(0));
            let layer = if nth % 3 == 2 && on_hand.0 > 0 {
                let quantity = i128::try_from((1 + index % 3) * 10_000).unwrap_or(0);
                // The average cost: the value on hand per ten-thousandth, to the minor unit.
                let value = (quantity * on_hand.1 + on_hand.0 / 2) / on_hand.0;
                let unit_cost_e6 = on_hand.1 * 100_000_000 / on_hand.0 / 10_000;
                LoadedLayer {
                    product_id: ids[product].0,
                    incoming: false,
                    date,
                    quantity_e4: -i64::try_from(quantity).unwrap_or(0),
                    unit_cost_e6: i64::try_from(unit_cost_e6).unwrap_or(0),
                    value_minor: -i64::try_from(value).unwrap_or(0),
                }
            } else {
                let quantity = i128::try_from((5 + index % 7) * 10_000).unwrap_or(0);
                let unit_cost_e6 =
                    i128::try_from(10_000_000 + (index % 2_000) * 10_000).unwrap_or(0);
                // Ten-thousandths times millionths, to hundredths (AED).
                let value = (quantity * unit_cost_e6 + 50_000_000) / 100_000_000;
                LoadedLayer {
                    product_id: ids[product].0,
                    incoming: true,
                    date,
                    quantity_e4: i64::try_from(quantity).unwrap_or(0),
                    unit_cost_e6: i64::try_from(unit_cost_e6).unwrap_or(0),
                    value_minor: i64::try_from(value).unwrap_or(0),
                }
            };
            on_hand.0 += i128::from(layer.quantity_e4);
            on_hand.1 += i128::from(layer.value_minor);
            loaded.push(layer);
        }
        let transaction = db.write().await.map_err(text)?;
        let at = now + i64::try_from(batch).unwrap_or(0);
        bulk::load_valuation_layers(
            &*transaction,
            bench.company,
            Some(places.warehouse),
            &loaded,
            at,
        )
        .await
        .map_err(text)?;
        transaction.commit().await.map_err(text)?;
    }
    // Planner statistics after the load: PostgreSQL's autovacuum would gather them (with the
    // visibility map); SQLite only when asked, as an operator does after a bulk import.
    db.connection()
        .execute_unprepared(if postgres {
            "VACUUM ANALYZE"
        } else {
            "ANALYZE"
        })
        .await
        .map_err(text)?;
    Ok(())
}

/// Creates [`HOT_PRODUCTS`] consumable products and as many storable ones in a category costed
/// at the average, receives [`RECEIVED`] units of each into `WH/Stock` through the API, then
/// times `moves` moves of each kind by `clients` API clients: one unit received from the
/// vendors, then one delivered to the customers, going round the products.
async fn valued_moves(
    bench: &Bench,
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    places: Places,
    options: &Options,
) -> Result<(), String> {
    let (clients, count) = (options.clients, options.moves);
    println!(
        "arkan-bench valuation: {}, {clients} clients, {count} moves per side (receipts and deliveries of 1 unit, in turn) over {HOT_PRODUCTS} products",
        bench.backend
    );
    let auth = (bench.token.as_str(), bench.company);
    let body = json!({"name": "Bench average", "costingMethod": "average"}).to_string();
    let path = "/api/v1/inventory/categories";
    let (status, category) = exchange(stream, buffer, "POST", path, auth, &body).await?;
    let category = category["id"]
        .as_str()
        .filter(|_| status == 201)
        .map(str::to_owned)
        .ok_or_else(|| format!("creating a category answered {status}: {category}"))?;
    let mut consumable = Vec::with_capacity(2 * HOT_PRODUCTS);
    let mut storable = Vec::with_capacity(2 * HOT_PRODUCTS);
    for index in 0..HOT_PRODUCTS {
        for (kind, bodies) in [("consumable", &mut consumable), ("storable", &mut storable)] {
            let mut body = json!({
                "name": format!("Moving {kind} {index:02}"),
                "sku": format!("MOV-{kind}-{index:02}"),
                "type": kind,
            });
            if kind == "storable" {
                body["categoryId"] = json!(category);
            }
            let path = "/api/v1/inventory/products";
            let (status, product) =
                exchange(stream, buffer, "POST", path, auth, &body.to_string()).await?;
            let id: Uuid = product["id"]
                .as_str()
                .filter(|_| status == 201)
                .and_then(|id| id.parse().ok())
                .ok_or_else(|| format!("creating a product answered {status}: {product}"))?;
            let body = move_body(
                id,
                &RECEIVED.to_string(),
                places.supplier,
                places.stock,
                "12.00",
            );
            let path = "/api/v1/inventory/moves";
            let (status, received) = exchange(stream, buffer, "POST", path, auth, &body).await?;
            if status != 201 {
                return Err(format!("receiving stock answered {status}: {received}"));
            }
            if kind == "storable" && received["journalEntryId"].as_str().is_none() {
                return Err(format!("a storable receipt was not posted: {received}"));
            }
            let cost = format!("{}.{:02}", 10 + index, index * 7 % 100);
            bodies.push(move_body(id, "1", places.supplier, places.stock, &cost));
            bodies.push(move_body(id, "1", places.stock, places.customer, &cost));
        }
    }
    // One valued delivery, checked for its entry before the timed runs.
    let path = "/api/v1/inventory/moves";
    let (status, delivered) = exchange(stream, buffer, "POST", path, auth, &storable[1]).await?;
    if status != 201 || delivered["journalEntryId"].as_str().is_none() {
        return Err(format!(
            "a storable delivery answered {status} without an entry: {delivered}"
        ));
    }
    println!(
        "a valued delivery posted entry {} (value {})",
        delivered["journalEntryId"], delivered["value"]
    );
    let plain = api_moves(bench, clients, count, consumable).await?;
    plain.print("API POST /inventory/moves, consumable products (not valued)");
    let valued = api_moves(bench, clients, count, storable).await?;
    valued
        .print("API POST /inventory/moves, storable products at average cost (valued and posted)");
    println!(
        "valued/not valued rate: {:.2} (target >= 0.5)",
        valued.per_second() / plain.per_second().max(1.0)
    );
    check_levels(bench).await
}

/// Times `count` moves by `clients` API clients going round `bodies`, each from its own.
async fn api_moves(
    bench: &Bench,
    clients: usize,
    count: usize,
    bodies: Vec<String>,
) -> Result<Outcome, String> {
    let bodies = Arc::new(bodies);
    let started = Arc::new(AtomicUsize::new(0));
    run_clients(clients, count, || {
        let (token, company, address) = (bench.token.clone(), bench.company, bench.address);
        let (bodies, started) = (bodies.clone(), started.clone());
        async move {
            let stream = TcpStream::connect(address).await.map_err(text)?;
            stream.set_nodelay(true).map_err(text)?;
            // Client `i` starts at product `i`'s receipt.
            let next = 2 * started.fetch_add(1, Ordering::Relaxed);
            Ok(ApiMover {
                stream,
                token,
                company,
                bodies,
                next,
                buffer: Vec::new(),
            })
        }
    })
    .await
}

/// A move of `quantity` units with `validate` and a unit cost, as the API takes it.
fn move_body(product: Uuid, quantity: &str, source: Uuid, destination: Uuid, cost: &str) -> String {
    json!({
        "productId": product,
        "quantity": quantity,
        "sourceLocationId": source,
        "destinationLocationId": destination,
        "unitCost": cost,
        "validate": true,
    })
    .to_string()
}
