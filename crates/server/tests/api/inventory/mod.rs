//! Inventory (shapes-modules §6): warehouses, locations, stock moves and transfers.
#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test loudly on a broken set-up"
)]

mod histories;
mod landed_costs;
mod moves;
mod operations;
mod reports;
mod rules;
mod tracking;
pub mod valuation;

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};

pub const PRODUCTS: &str = "/api/v1/inventory/products";
pub const MOVES: &str = "/api/v1/inventory/moves";
pub const SETTINGS: &str = "/api/v1/inventory/settings";

pub async fn books() -> Company {
    TestApp::company().with_uae_chart().await
}

pub async fn create(company: &Company, path: &str, body: Value) -> Value {
    let reply = company.post(path, body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body
}

pub fn id_of(body: &Value) -> String {
    body["id"].as_str().expect("an id").to_owned()
}

/// The company's seeded places: `(WH/Stock, vendors, customers)`.
pub async fn places(company: &Company) -> (String, String, String) {
    let warehouses = company.get("/api/v1/inventory/warehouses").await;
    assert_eq!(warehouses.status, StatusCode::OK, "{:?}", warehouses.body);
    let stock = warehouses.body["data"][0]["stockLocationId"]
        .as_str()
        .expect("a stock location")
        .to_owned();
    let settings = company.get(SETTINGS).await;
    let id = |field: &str| {
        settings.body[field]
            .as_str()
            .expect("a virtual location")
            .to_owned()
    };
    (stock, id("supplierLocationId"), id("customerLocationId"))
}

/// The kept levels agree with the done moves and every product's levels add up to zero.
pub async fn levels_match_moves(company: &Company) {
    let problems = arkan_inventory::levels_mismatches(
        company.app.platform.db.connection(),
        arkan_kernel::CompanyId(company.id),
    )
    .await
    .expect("levels read");
    assert!(problems.is_empty(), "{problems:?}");
}

pub fn product_body(name: &str, sku: &str) -> Value {
    json!({"name": name, "sku": sku, "type": "storable", "uom": "unit"})
}
