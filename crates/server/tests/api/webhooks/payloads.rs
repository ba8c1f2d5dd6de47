//! Payloads: `data` is the resource's current view, exactly as its `GET` answers the company's
//! owner (clients, invoices, assets, the company itself), and null after a deletion.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{Hit, Hooks, Receiver, after};

/// The id of the row of a list (one page of 100) whose `key` is `value`.
async fn find(hooks: &Hooks, list: &str, key: &str, value: &str) -> Value {
    let listed = hooks.get(&format!("{list}?limit=100")).await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    listed.body["data"]
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row[key] == value))
        .map(|row| row["id"].clone())
        .unwrap_or_else(|| panic!("no {key} {value} in {list}"))
}

/// The one request the receiver got for `event`.
fn the_hit(hits: &[Hit], event: &str) -> Value {
    let found: Vec<&Hit> = hits
        .iter()
        .filter(|hit| hit.header("x-arkan-event") == event)
        .collect();
    assert_eq!(found.len(), 1, "{event}: {found:?}");
    found[0].json()
}

#[tokio::test]
async fn data_is_the_resources_get_view_and_null_after_a_deletion() {
    let receiver = Receiver::answering(&[200]).await;
    let hooks = Hooks::start(true).await;
    hooks.subscribe(&receiver.url, json!(["*"])).await;

    let client = hooks.client("Payload Trading").await;
    let invoice = hooks
        .post(
            "/api/v1/accounting/invoices",
            json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-05-02",
                   "lines": [{"description": "Consulting", "quantity": "2", "unitPrice": "150.00"}]}),
        )
        .await;
    assert_eq!(invoice.status, StatusCode::CREATED, "{:?}", invoice.body);
    let invoice = invoice.id();
    let posted = hooks
        .post(
            &format!("/api/v1/accounting/invoices/{invoice}/post"),
            json!({}),
        )
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);

    let entry = hooks
        .post(
            "/api/v1/accounting/journal-entries",
            json!({
                "journalId": find(&hooks, "/api/v1/accounting/journals", "code", "MISC").await,
                "date": "2026-05-03",
                "reference": "to be deleted",
                "lines": [
                    {"accountId": find(&hooks, "/api/v1/accounting/accounts", "code", "101000").await, "debit": "10.00"},
                    {"accountId": find(&hooks, "/api/v1/accounting/accounts", "code", "101100").await, "credit": "10.00"}
                ]
            }),
        )
        .await;
    assert_eq!(entry.status, StatusCode::CREATED, "{:?}", entry.body);
    let entry = entry.id();
    let deleted = hooks
        .delete(&format!("/api/v1/accounting/journal-entries/{entry}"))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);

    let account =
        async |code: &str| find(&hooks, "/api/v1/accounting/accounts", "code", code).await;
    let category = hooks
        .post(
            "/api/v1/accounting/asset-categories",
            json!({"name": "Vehicles", "method": "straight_line", "usefulLifeMonths": 48,
                   "assetAccountId": account("150000").await,
                   "accumulatedDepreciationAccountId": account("151000").await,
                   "depreciationExpenseAccountId": account("605000").await}),
        )
        .await;
    assert_eq!(category.status, StatusCode::CREATED, "{:?}", category.body);
    let category = category.id();
    let asset = hooks
        .post(
            "/api/v1/accounting/assets",
            json!({"name": "Van", "categoryId": category, "acquisitionDate": "2026-05-01",
                   "cost": "4800"}),
        )
        .await;
    assert_eq!(asset.status, StatusCode::CREATED, "{:?}", asset.body);
    let asset = asset.id();

    let company_path = format!("/api/v1/companies/{}", hooks.company);
    let renamed = hooks
        .app
        .patch(
            &company_path,
            &hooks.token,
            None,
            json!({"name": "Hooks Renamed LLC"}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);

    hooks.settle().await;
    while hooks.run_jobs(after(0)).await > 0 {}
    let hits = receiver.hits();

    let created = the_hit(&hits, "client.created");
    assert_eq!(created["resourceId"], json!(client));
    let read = hooks.get(&format!("/api/v1/crm/clients/{client}")).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(created["data"], read.body);

    let posted = the_hit(&hits, "invoice.posted");
    assert_eq!(posted["resourceId"], json!(invoice));
    let read = hooks
        .get(&format!("/api/v1/accounting/invoices/{invoice}"))
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["state"], "posted");
    assert_eq!(posted["data"], read.body);

    let company = the_hit(&hits, "company.updated");
    let read = hooks.app.get(&company_path, &hooks.token, None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["role"], "owner");
    assert_eq!(company["data"], read.body);

    for (event, path) in [
        (
            "asset_category.created",
            format!("/api/v1/accounting/asset-categories/{category}"),
        ),
        (
            "asset.created",
            format!("/api/v1/accounting/assets/{asset}"),
        ),
    ] {
        let told = the_hit(&hits, event);
        let read = hooks.get(&path).await;
        assert_eq!(read.status, StatusCode::OK);
        assert_eq!(told["data"], read.body, "{event}");
    }

    let gone = the_hit(&hits, "journal_entry.deleted");
    assert_eq!(gone["resourceId"], json!(entry));
    assert_eq!(gone["data"], Value::Null);
    assert!(
        gone.as_object()
            .is_some_and(|body| body.contains_key("data"))
    );
}

/// Purchasing's sourcing documents carry their views too: an RFQ, a blanket order and a tender
/// (its bids sealed while open, as its `GET` shows it).
#[tokio::test]
async fn sourcing_documents_carry_their_get_views() {
    let receiver = Receiver::answering(&[200]).await;
    let hooks = Hooks::start(true).await;
    hooks.subscribe(&receiver.url, json!(["*"])).await;
    let vendor = hooks
        .post("/api/v1/crm/vendors", json!({"name": "Hook Supplies"}))
        .await;
    assert_eq!(vendor.status, StatusCode::CREATED, "{:?}", vendor.body);
    let vendor = vendor.id();
    let product = hooks
        .post(
            "/api/v1/inventory/products",
            json!({"name": "Hook bolts", "sku": "HOOK-BOLT", "type": "consumable", "uom": "unit"}),
        )
        .await;
    assert_eq!(product.status, StatusCode::CREATED, "{:?}", product.body);
    let product = product.id();
    let made = [
        (
            "rfq.created",
            "/api/v1/inventory/rfqs",
            json!({"partnerIds": [vendor], "lines": [{"description": "Bolts", "quantity": "10"}]}),
        ),
        (
            "blanket_order.created",
            "/api/v1/inventory/blanket-orders",
            json!({"partnerId": vendor, "dateFrom": "2026-01-01", "dateTo": "2030-12-31",
                   "lines": [{"productId": product, "quantity": "100", "unitPrice": "2", "taxIds": []}]}),
        ),
        (
            "purchase_agreement.created",
            "/api/v1/inventory/purchase-agreements",
            json!({"title": "Bolts for 2027", "deadline": "2030-01-31T12:00:00Z",
                   "lines": [{"description": "Bolts", "quantity": "1000"}]}),
        ),
    ];
    let mut paths = Vec::new();
    for (event, path, body) in made {
        let reply = hooks.post(path, body).await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{event}: {:?}",
            reply.body
        );
        paths.push((event, format!("{path}/{}", reply.id())));
    }
    hooks.settle().await;
    while hooks.run_jobs(after(0)).await > 0 {}
    let hits = receiver.hits();
    for (event, path) in paths {
        let told = the_hit(&hits, event);
        let read = hooks.get(&path).await;
        assert_eq!(read.status, StatusCode::OK, "{path}");
        assert_eq!(told["data"], read.body, "{event}");
    }
}
