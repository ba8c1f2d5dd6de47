//! The catalog (shapes-modules §6): units of measure, product categories, products.
#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test loudly on a broken set-up"
)]

mod categories;
mod products;
mod uoms;

pub use arkan_testkit::error_fields as fields;
use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::Value;

pub const UOMS: &str = "/api/v1/inventory/uoms";
pub const CATEGORIES: &str = "/api/v1/inventory/categories";
pub const PRODUCTS: &str = "/api/v1/inventory/products";

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

/// The `field` of each row of a list, in order.
pub fn column(list: &Value, field: &str) -> Vec<String> {
    list["data"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|row| row[field].as_str().unwrap_or_default().to_owned())
        .collect()
}
