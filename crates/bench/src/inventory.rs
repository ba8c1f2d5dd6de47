//! `arkan-bench inventory`: stock moves done through the API by N clients on a few products
//! (hot quants: every client takes from the same stock levels), beside the same moves through
//! the inventory's public moves facade ([`arkan_inventory::moves`]) without HTTP; then the
//! product list with stock levels over many products and done moves, loaded through the
//! catalog's and the inventory's bulk loaders ([`arkan_catalog::products::bulk_load`],
//! [`arkan_inventory::bulk`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use arkan_inventory::bulk::{self, DoneMove};
use arkan_inventory::moves::{self, CreateMove};
use arkan_platform::extract::DecimalText;
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use serde_json::json;
use tokio::net::TcpStream;
use uuid::Uuid;

use crate::Bench;
use crate::http::{drive, exchange};
use crate::ledger::{PostOne, run_clients};

fn text(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// Products every moving client takes from.
const HOT_PRODUCTS: usize = 20;
/// Units of each hot product received into stock before the moves.
const RECEIVED: usize = 1_000_000;
/// Done moves loaded per call of the bulk loader and write transaction.
const SEED_MOVES: usize = 100_000;

pub struct Options {
    pub clients: usize,
    pub moves: usize,
    pub products: usize,
    pub stock_moves: usize,
    pub connections: usize,
    pub seconds: u64,
}

/// The company's warehouse `WH` and the locations the scenario moves between.
#[derive(Clone, Copy)]
pub(crate) struct Places {
    pub warehouse: Uuid,
    pub stock: Uuid,
    pub supplier: Uuid,
    pub customer: Uuid,
}

pub async fn run(bench: &Bench, options: Options) -> Result<(), String> {
    let mut stream = TcpStream::connect(bench.address).await.map_err(text)?;
    let mut buffer = Vec::new();
    let places = places(bench, &mut stream, &mut buffer).await?;
    if options.moves > 0 {
        hot_moves(bench, &mut stream, &mut buffer, places, &options).await?;
    }
    if options.products > 0 {
        product_list(bench, &mut stream, &mut buffer, places, &options).await?;
    }
    Ok(())
}

/// The warehouse `WH` and its stock location, and the vendor and customer locations, read
/// over the API.
pub(crate) async fn places(
    bench: &Bench,
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
) -> Result<Places, String> {
    let auth = (bench.token.as_str(), bench.company);
    let path = "/api/v1/inventory/warehouses?limit=100";
    let (status, warehouses) = exchange(stream, buffer, "GET", path, auth, "").await?;
    let warehouse = warehouses["data"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|warehouse| warehouse["code"] == "WH")
        .filter(|_| status == 200)
        .ok_or_else(|| format!("listing warehouses answered {status}: {warehouses}"))?;
    let path = "/api/v1/inventory/settings";
    let (status, settings) = exchange(stream, buffer, "GET", path, auth, "").await?;
    if status != 200 {
        return Err(format!(
            "reading the settings answered {status}: {settings}"
        ));
    }
    let id = |value: &serde_json::Value, name: &str| {
        value[name]
            .as_str()
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| format!("no {name} in {value}"))
    };
    Ok(Places {
        warehouse: id(warehouse, "id")?,
        stock: id(warehouse, "stockLocationId")?,
        supplier: id(&settings, "supplierLocationId")?,
        customer: id(&settings, "customerLocationId")?,
    })
}

/// Creates the hot products and receives [`RECEIVED`] units of each into `WH/Stock` through
/// the API, then times `moves` deliveries of one unit from stock to the customer location by
/// `clients` API clients, and as many by `clients` tasks through the moves facade.
async fn hot_moves(
    bench: &Bench,
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    places: Places,
    options: &Options,
) -> Result<(), String> {
    let (clients, count) = (options.clients, options.moves);
    println!(
        "arkan-bench inventory: {}, {clients} clients, {count} moves per side of 1 unit from WH/Stock to Customers, over {HOT_PRODUCTS} products",
        bench.backend
    );
    let auth = (bench.token.as_str(), bench.company);
    let mut products = Vec::with_capacity(HOT_PRODUCTS);
    for index in 0..HOT_PRODUCTS {
        let body = json!({
            "name": format!("Hot product {index:02}"),
            "sku": format!("HOT-{index:02}"),
            "type": "storable",
        })
        .to_string();
        let path = "/api/v1/inventory/products";
        let (status, product) = exchange(stream, buffer, "POST", path, auth, &body).await?;
        let id: Uuid = product["id"]
            .as_str()
            .filter(|_| status == 201)
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| format!("creating a product answered {status}: {product}"))?;
        let body = move_body(id, &RECEIVED.to_string(), places.supplier, places.stock);
        let path = "/api/v1/inventory/moves";
        let (status, received) = exchange(stream, buffer, "POST", path, auth, &body).await?;
        if status != 201 {
            return Err(format!("receiving stock answered {status}: {received}"));
        }
        products.push(id);
    }
    let products = Arc::new(products);

    // Through the API: one `POST /inventory/moves` with `validate` per move (confirmed,
    // reserved and done in one request).
    let bodies: Arc<Vec<String>> = Arc::new(
        products
            .iter()
            .map(|&product| move_body(product, "1", places.stock, places.customer))
            .collect(),
    );
    let started = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let api = run_clients(clients, count, || {
        let (token, company, address) = (bench.token.clone(), bench.company, bench.address);
        let (bodies, started) = (bodies.clone(), started.clone());
        async move {
            let stream = TcpStream::connect(address).await.map_err(text)?;
            stream.set_nodelay(true).map_err(text)?;
            Ok(ApiMover {
                stream,
                token,
                company,
                bodies,
                next: started.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                buffer: Vec::new(),
            })
        }
    })
    .await?;
    api.print("API POST /inventory/moves, validate (1 request per move)");

    // Baseline: the same moves through the inventory's moves facade, without HTTP.
    let started = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let baseline = run_clients(clients, count, || {
        let (platform, ctx) = (bench.platform.clone(), bench.ctx());
        let (products, started) = (products.clone(), started.clone());
        async move {
            Ok(FacadeMover {
                platform,
                ctx,
                products,
                places,
                next: started.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            })
        }
    })
    .await?;
    baseline.print("moves facade baseline (arkan_inventory::moves::create, no HTTP)");
    println!(
        "API/baseline rate: {:.2} (target >= 0.5)",
        api.per_second() / baseline.per_second().max(1.0)
    );
    check_levels(bench).await
}

/// A move of `quantity` units with `validate`, as the API takes it.
fn move_body(product: Uuid, quantity: &str, source: Uuid, destination: Uuid) -> String {
    json!({
        "productId": product,
        "quantity": quantity,
        "sourceLocationId": source,
        "destinationLocationId": destination,
        "validate": true,
    })
    .to_string()
}

/// Checks the kept levels against the done moves with the inventory's own check.
pub(crate) async fn check_levels(bench: &Bench) -> Result<(), String> {
    let started = Instant::now();
    let problems =
        arkan_inventory::levels_mismatches(bench.platform.db.connection(), bench.company)
            .await
            .map_err(text)?;
    if let Some(first) = problems.first() {
        return Err(format!(
            "{} stock levels disagree with the done moves, first: {first}",
            problems.len()
        ));
    }
    println!(
        "stock levels agree with the done moves (checked in {:.1}s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// An API client posting each of the move bodies in turn (one unit of each hot product),
/// starting at its own.
pub(crate) struct ApiMover {
    pub stream: TcpStream,
    pub token: String,
    pub company: arkan_kernel::CompanyId,
    pub bodies: Arc<Vec<String>>,
    pub next: usize,
    pub buffer: Vec<u8>,
}

impl PostOne for ApiMover {
    async fn post_one(&mut self) -> Result<bool, String> {
        let body = &self.bodies[self.next % self.bodies.len()];
        self.next += 1;
        let (status, _) = exchange(
            &mut self.stream,
            &mut self.buffer,
            "POST",
            "/api/v1/inventory/moves",
            (&self.token, self.company),
            body,
        )
        .await?;
        Ok(status == 201)
    }
}

/// The same moves through [`moves::create`]: what a validated move costs without HTTP,
/// authentication and JSON.
struct FacadeMover {
    platform: arkan_platform::Platform,
    ctx: arkan_platform::Ctx,
    products: Arc<Vec<Uuid>>,
    places: Places,
    next: usize,
}

impl PostOne for FacadeMover {
    async fn post_one(&mut self) -> Result<bool, String> {
        let product_id = self.products[self.next % self.products.len()];
        self.next += 1;
        let created = moves::create(
            &self.platform,
            &self.ctx,
            CreateMove {
                product_id,
                quantity: DecimalText("1".to_owned()),
                uom: None,
                source_location_id: self.places.stock,
                destination_location_id: self.places.customer,
                date: None,
                reference: None,
                description: None,
                partner_id: None,
                unit_cost: None,
                lots: None,
                validate: Some(true),
            },
        )
        .await;
        Ok(created.is_ok())
    }
}

/// Loads `products` products and `stock_moves` done moves over them, then drives the product
/// list with stock levels, with and without a warehouse and with a search.
async fn product_list(
    bench: &Bench,
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    places: Places,
    options: &Options,
) -> Result<(), String> {
    let (products, stock_moves) = (options.products, options.stock_moves);
    println!(
        "arkan-bench inventory: {}, product list over {products} products and {stock_moves} done moves, {} connections, {}s per request",
        bench.backend, options.connections, options.seconds
    );
    let started = Instant::now();
    seed(bench, places, products, stock_moves).await?;
    println!(
        "seeded {products} products and {stock_moves} done moves with their levels in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    check_levels(bench).await?;
    let list = "/api/v1/inventory/products?limit=25";
    let (status, page) = exchange(
        stream,
        buffer,
        "GET",
        list,
        (&bench.token, bench.company),
        "",
    )
    .await?;
    let first = &page["data"][0];
    if status != 200 || first["stock"]["onHand"].is_null() {
        return Err(format!("the product list answered {status}: {page}"));
    }
    println!(
        "first page: {} products in all; {} has {} on hand",
        page["meta"]["total"], first["name"], first["stock"]["onHand"]
    );
    let duration = Duration::from_secs(options.seconds);
    let warehouse = format!("{list}&warehouse_id={}", places.warehouse);
    let search = format!("{list}&q=0420");
    for path in [list, warehouse.as_str(), search.as_str()] {
        let outcome = drive(
            bench.address,
            path,
            Some((&bench.token, bench.company)),
            options.connections,
            duration,
        )
        .await?;
        outcome.print(&format!("GET {}", path.trim_start_matches("/api/v1")));
        println!("p99 {:.2} ms (target < 50 ms)", outcome.percentile(99.0));
    }
    Ok(())
}

/// Loads `count` storable products (`{name} 000000`, SKU `{sku}-000000`...) through the
/// catalog's bulk loader in one write transaction; on PostgreSQL, then `ANALYZE`: without the
/// statistics, the foreign-key checks of the rows that name them next keep a plan made while
/// the company had 20 products (an index scan on the company alone, filtered by id: about 2 ms
/// a row). Autovacuum would have analyzed them; the benchmark's server runs without it.
pub(crate) async fn load_products(
    bench: &Bench,
    (name, sku): (&str, &str),
    count: usize,
) -> Result<Vec<arkan_kernel::ProductId>, String> {
    let db = &bench.platform.db;
    let rows: Vec<(String, String)> = (0..count)
        .map(|index| (format!("{name} {index:06}"), format!("{sku}-{index:06}")))
        .collect();
    let transaction = db.write().await.map_err(text)?;
    let now = arkan_kernel::time::now_micros();
    let ids = arkan_catalog::products::bulk_load(&*transaction, bench.company, &rows, now)
        .await
        .map_err(text)?;
    transaction.commit().await.map_err(text)?;
    if bench.backend == "PostgreSQL" {
        db.connection()
            .execute_unprepared("ANALYZE")
            .await
            .map_err(text)?;
    }
    Ok(ids)
}

/// Loads the products (`Product 000000`, SKU `SKU-000000`...) through the catalog's bulk
/// loader, then the done moves through the inventory's, [`SEED_MOVES`] per write transaction.
/// The moves of a product follow one another: two receipts from the vendors into `WH/Stock`
/// of 5 to 11 units, then a delivery to the customers of 1 to 3, and so on, dated over 2026.
async fn seed(
    bench: &Bench,
    places: Places,
    products: usize,
    stock_moves: usize,
) -> Result<(), String> {
    let db = &bench.platform.db;
    let now = arkan_kernel::time::now_micros();
    let ids = load_products(bench, ("Product", "SKU"), products).await?;
    let postgres = bench.backend == "PostgreSQL";
    let first_day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let (mut previous, mut nth) = (usize::MAX, 0);
    for batch in (0..stock_moves).step_by(SEED_MOVES) {
        let mut moves = Vec::with_capacity(SEED_MOVES);
        for index in batch..(batch + SEED_MOVES).min(stock_moves) {
            let product = index * products / stock_moves;
            nth = if product == previous { nth + 1 } else { 0 };
            previous = product;
            let units = |from: usize, spread: usize| {
                i64::try_from((from + index % spread) * 10_000).unwrap_or(0)
            };
            let (source, destination, quantity) = if nth % 3 == 2 {
                (places.stock, places.customer, units(1, 3))
            } else {
                (places.supplier, places.stock, units(5, 7))
            };
            let day = u64::try_from(index * 365 / stock_moves).unwrap_or(0);
            moves.push(DoneMove {
                product_id: ids[product].0,
                quantity_e4: quantity,
                source_location_id: source,
                destination_location_id: destination,
                date: first_day + chrono::Days::new(day),
            });
        }
        let transaction = db.write().await.map_err(text)?;
        let at = now + i64::try_from(batch).unwrap_or(0);
        bulk::load_done_moves(&*transaction, bench.company, "unit", &moves, at)
            .await
            .map_err(text)?;
        transaction.commit().await.map_err(text)?;
    }
    if postgres {
        // Planner statistics and the visibility map, as autovacuum leaves them after a load.
        db.connection()
            .execute_unprepared("VACUUM ANALYZE")
            .await
            .map_err(text)?;
    }
    Ok(())
}
