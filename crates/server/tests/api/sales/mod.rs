//! Sales (shapes-modules §8): orders and settings; each area adds its file.
#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test loudly on a broken set-up"
)]

// One line per area's test file.
mod billing;
mod deliveries;
mod margin;
mod orders;
mod pricing;
mod quotes;
mod returns;
mod story;

use arkan_testkit::{Company, Reply, TestApp, error_fields};
use axum::http::StatusCode;
use serde_json::{Value, json};

pub const ORDERS: &str = "/api/v1/sales/orders";
pub const SETTINGS: &str = "/api/v1/sales/settings";
pub const PRODUCTS: &str = "/api/v1/inventory/products";

/// A company with the UAE chart, a client `Al Noor Trading` and many requests allowed.
pub async fn seller() -> Company {
    TestApp::company()
        .plan("enterprise")
        .with_uae_chart()
        .client("Al Noor Trading")
        .await
}

pub async fn create(company: &Company, path: &str, body: Value) -> Value {
    let reply = company.post(path, body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body
}

pub fn id_of(body: &Value) -> String {
    body["id"].as_str().expect("an id").to_owned()
}

/// A product sold at `price` with the sale VAT 5%, costing `cost`: `storable`, `consumable`
/// or `service`.
pub async fn product(company: &Company, name: &str, kind: &str, price: &str, cost: &str) -> String {
    id_of(
        &create(
            company,
            PRODUCTS,
            json!({"name": name, "sku": name.to_uppercase().replace(' ', "-"), "type": kind,
                   "uom": "unit", "salePrice": price, "cost": cost,
                   "saleTaxIds": [company.tax("VAT 5%")]}),
        )
        .await,
    )
}

/// A 400 that names (at least) each of `fields`.
pub fn names_fields(reply: &Reply, fields: &[&str]) {
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    let named = error_fields(&reply.body);
    for field in fields {
        assert!(named.contains(&(*field).to_owned()), "{field} in {named:?}");
    }
}
