//! Purchasing (shapes-modules §7): purchase orders.
#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test loudly on a broken set-up"
)]

mod agreements;
mod approvals;
mod blanket_orders;
mod orders;
mod receipts;
mod rfqs;

use arkan_testkit::{Company, Reply, TestApp, error_fields};
use axum::http::StatusCode;
use serde_json::{Value, json};

pub const ORDERS: &str = "/api/v1/inventory/purchase-orders";
pub const PRODUCTS: &str = "/api/v1/inventory/products";

/// A company with the UAE chart, a vendor `Gulf Supplies` and many requests allowed.
pub async fn buyer() -> Company {
    TestApp::company()
        .plan("enterprise")
        .with_uae_chart()
        .vendor("Gulf Supplies")
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

/// A storable product bought from `Gulf Supplies` at `vendor_price` (else its cost), with the
/// purchase VAT.
pub async fn product(
    company: &Company,
    name: &str,
    cost: &str,
    vendor_price: Option<&str>,
) -> String {
    let vendors = match vendor_price {
        Some(price) => json!([{"partnerId": company.partner("Gulf Supplies"), "price": price}]),
        None => json!([]),
    };
    id_of(
        &create(
            company,
            PRODUCTS,
            json!({"name": name, "sku": name.to_uppercase().replace(' ', "-"), "type": "storable",
                   "uom": "unit", "cost": cost, "purchaseTaxIds": [company.tax("VAT 5% (purchases)")],
                   "vendors": vendors}),
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
