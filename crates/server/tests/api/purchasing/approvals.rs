//! The purchase order story (Order 13): over the threshold -> approval by another member ->
//! confirm -> two partial receipts -> received, with stock and valuation checked; over-receipt,
//! returns, the cancel and draft rules, and the purchasing settings.

use arkan_testkit::{Company, Reply};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{ORDERS, PRODUCTS, buyer, create, id_of, names_fields};
use crate::inventory::valuation::valued;

const SETTINGS: &str = "/api/v1/inventory/settings";

/// An average-cost product bought from `Gulf Supplies` at `price`.
async fn averaged(company: &Company, name: &str, price: &str) -> String {
    let category = create(
        company,
        "/api/v1/inventory/categories",
        json!({"name": format!("{name} goods"), "costingMethod": "average"}),
    )
    .await;
    id_of(
        &create(
            company,
            PRODUCTS,
            json!({"name": name, "sku": name.to_uppercase(), "type": "storable", "uom": "unit",
                   "categoryId": id_of(&category), "cost": "1",
                   "purchaseTaxIds": [company.tax("VAT 5% (purchases)")],
                   "vendors": [{"partnerId": company.partner("Gulf Supplies"), "price": price}]}),
        )
        .await,
    )
}

/// A draft of `quantity` units of `product` dated 2026-03-01, made by `token`.
async fn draft(company: &Company, token: &str, product: &str, quantity: &str) -> Value {
    let reply = company
        .app
        .post(
            ORDERS,
            token,
            Some(company.id),
            json!({"partnerId": company.partner("Gulf Supplies"), "orderDate": "2026-03-01",
                   "lines": [{"productId": product, "quantity": quantity}]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body
}

async fn act_reply(
    company: &Company,
    token: &str,
    order: &Value,
    action: &str,
    body: Value,
) -> Reply {
    company
        .app
        .post(
            &format!("{ORDERS}/{}/{action}", id_of(order)),
            token,
            Some(company.id),
            body,
        )
        .await
}

async fn act(
    company: &Company,
    token: &str,
    order: &Value,
    action: &str,
    body: Value,
) -> (StatusCode, Value) {
    let reply = act_reply(company, token, order, action, body).await;
    (reply.status, reply.body)
}

fn line_id(order: &Value) -> String {
    order["lines"][0]["id"].as_str().expect("a line").to_owned()
}

#[tokio::test]
async fn an_order_over_the_threshold_is_approved_confirmed_and_received_in_two_parts() {
    let company = buyer().await;
    let (_, clerk) = company.member("clerk@example.com", "purchasing").await;
    let (junior, junior_token) = company.member("junior@example.com", "purchasing").await;
    let (senior, senior_token) = company.member("senior@example.com", "purchasing").await;
    let (_, viewer) = company.member("viewer@example.com", "viewer").await;
    let settings = company
        .patch(
            SETTINGS,
            json!({"purchaseApprovalThreshold": "1000",
                   "purchaseApprovalLimits": [{"userId": junior, "limit": "500"},
                                              {"userId": senior, "limit": "5000"}],
                   "overReceiptTolerancePercent": "10"}),
        )
        .await;
    assert_eq!(settings.status, StatusCode::OK, "{:?}", settings.body);
    assert_eq!(settings.body["purchaseApprovalThreshold"], "1000.00");
    assert_eq!(settings.body["overReceiptTolerancePercent"], "10");
    assert_eq!(settings.body["billControl"], "received");
    assert_eq!(
        settings.body["purchaseApprovalLimits"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    let bolts = averaged(&company, "Bolts", "10").await;
    // 200 × 10 + 5 % VAT = 2,100 AED: above the threshold.
    let order = draft(&company, &clerk, &bolts, "200").await;
    assert_eq!(order["amountTotal"], "2100.00");
    let (status, submitted) = act(&company, &clerk, &order, "confirm", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{submitted:?}");
    assert_eq!(submitted["state"], "to_approve");
    assert_eq!(submitted["number"], "PO/2026/00001");

    // The senior member (a limit that covers it) is told; the junior one is not.
    let told = company
        .app
        .get("/api/v1/notifications", &senior_token, Some(company.id))
        .await;
    assert_eq!(told.status, StatusCode::OK, "{:?}", told.body);
    assert!(
        told.body["data"]
            .as_array()
            .expect("notifications")
            .iter()
            .any(|note| note["type"] == "approval_required"),
        "{:?}",
        told.body
    );
    let junior_told = company
        .app
        .get("/api/v1/notifications", &junior_token, Some(company.id))
        .await;
    assert_eq!(junior_told.body["data"], json!([]));

    // A viewer may not; a member whose limit is lower may not; the senior member may.
    let (status, _) = act(&company, &viewer, &order, "approve", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, refused) = act(&company, &junior_token, &order, "approve", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(refused["code"], "approval_limit_exceeded");
    let (status, approved) = act(
        &company,
        &senior_token,
        &order,
        "approve",
        json!({"note": "Within budget"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{approved:?}");
    assert_eq!(approved["state"], "approved");
    assert_eq!(approved["approvedBy"], json!(senior));
    assert!(approved["approvedAt"].is_string());
    let (status, again) = act(&company, &senior_token, &order, "approve", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(again["code"], "purchase_order_not_to_approve");

    // The senior member's own order above the threshold waits for someone else.
    let own = draft(&company, &senior_token, &bolts, "150").await;
    let (status, waiting) = act(&company, &senior_token, &own, "confirm", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{waiting:?}");
    assert_eq!(waiting["state"], "to_approve");
    let (status, refused) = act(&company, &senior_token, &own, "approve", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused:?}");
    assert_eq!(refused["code"], "own_order_approval");

    let (status, confirmed) = act(&company, &clerk, &order, "confirm", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{confirmed:?}");
    assert_eq!(confirmed["state"], "confirmed");
    assert_eq!(confirmed["number"], "PO/2026/00001");
    assert_eq!(confirmed["receiptState"], "nothing");

    // 80 now: partial, valued at the order's price.
    let line = line_id(&order);
    let (status, first) = act(
        &company,
        &clerk,
        &order,
        "receive",
        json!({"date": "2026-03-05", "lines": [{"lineId": line, "quantity": "80"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{first:?}");
    assert_eq!(first["receiptState"], "partial");
    assert_eq!(first["lines"][0]["quantityReceived"], "80");
    assert_eq!(first["receiptIds"].as_array().map(Vec::len), Some(1));
    let receipt = company
        .get(&format!(
            "/api/v1/inventory/transfers/{}",
            first["receiptIds"][0].as_str().expect("an id")
        ))
        .await;
    assert_eq!(receipt.body["type"], "receipt");
    assert_eq!(receipt.body["state"], "done");
    assert_eq!(
        valued(&company, &bolts).await,
        ("80".into(), "10".into(), "800.00".into())
    );

    // Past the 10 % tolerance: 80 + 150 > 220.
    let (status, over) = act(
        &company,
        &clerk,
        &order,
        "receive",
        json!({"lines": [{"lineId": line, "quantity": "150"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(over["code"], "over_receipt");

    // The rest, without lines.
    let (status, second) = act(
        &company,
        &clerk,
        &order,
        "receive",
        json!({"date": "2026-03-06"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{second:?}");
    assert_eq!(second["receiptState"], "received");
    assert_eq!(second["lines"][0]["quantityReceived"], "200");
    assert_eq!(second["receiptIds"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        valued(&company, &bolts).await,
        ("200".into(), "10".into(), "2000.00".into())
    );
    let product = company.get(&format!("{PRODUCTS}/{bolts}")).await;
    assert_eq!(product.body["stock"]["onHand"], "200");

    // Five go back to the vendor.
    let (status, returned) = act(
        &company,
        &clerk,
        &order,
        "return",
        json!({"date": "2026-03-07", "reason": "Damaged", "lines": [{"lineId": line, "quantity": "5"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{returned:?}");
    assert_eq!(returned["type"], "return");
    assert_eq!(returned["state"], "done");
    let after = company.get(&format!("{ORDERS}/{}", id_of(&order))).await;
    assert_eq!(after.body["lines"][0]["quantityReturned"], "5");
    assert_eq!(after.body["receiptState"], "partial");
    assert_eq!(
        valued(&company, &bolts).await,
        ("195".into(), "10".into(), "1950.00".into())
    );
    let (status, too_many) = act(
        &company,
        &clerk,
        &order,
        "return",
        json!({"lines": [{"lineId": line, "quantity": "196"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{too_many:?}");

    // Received goods: no cancelling.
    let (status, kept) = act(&company, &clerk, &order, "cancel", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(kept["code"], "purchase_order_not_cancellable");

    // The vendor's bill for what was kept (195 at 10 plus VAT), matched and posted.
    assert_eq!(after.body["billingState"], "to_bill");
    let (status, bill) = act(
        &company,
        &clerk,
        &order,
        "bill",
        json!({"invoiceDate": "2026-03-08", "reference": "INV-7781"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{bill:?}");
    assert_eq!(bill["match"]["state"], "matched");
    assert_eq!(bill["amountTotal"], "2047.50");
    let posted = company
        .post(
            &format!("/api/v1/accounting/invoices/{}/post", id_of(&bill)),
            json!({}),
        )
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    let billed = company.get(&format!("{ORDERS}/{}", id_of(&order))).await;
    assert_eq!(billed.body["lines"][0]["quantityBilled"], "195");
    assert_eq!(billed.body["billingState"], "billed");
    assert_eq!(billed.body["invoiceIds"], json!([bill["id"]]));
    // The receipts' goods received not invoiced is cleared by the bill.
    assert_eq!(company.balance("203100").await, "0.00");
}

#[tokio::test]
async fn an_order_within_the_limits_is_confirmed_at_once_and_numbered_in_turn() {
    let company = buyer().await;
    let (clerk_id, clerk) = company.member("clerk@example.com", "purchasing").await;
    company
        .patch(
            SETTINGS,
            json!({"purchaseApprovalThreshold": "10000",
                   "purchaseApprovalLimits": [{"userId": clerk_id, "limit": "100"}]}),
        )
        .await;
    let nuts = averaged(&company, "Nuts", "1").await;
    // 50 × 1 × 1.05 = 52.50: under both.
    let small = draft(&company, &clerk, &nuts, "50").await;
    let (_, confirmed) = act(&company, &clerk, &small, "confirm", json!({})).await;
    assert_eq!(confirmed["state"], "confirmed");
    assert_eq!(confirmed["number"], "PO/2026/00001");
    assert!(confirmed["confirmedAt"].is_string());
    // 200 × 1.05 = 210: above the clerk's own limit.
    let larger = draft(&company, &clerk, &nuts, "200").await;
    let (_, waiting) = act(&company, &clerk, &larger, "confirm", json!({})).await;
    assert_eq!(waiting["state"], "to_approve");
    assert_eq!(waiting["number"], "PO/2026/00002");
    // The owner approves anything.
    let (status, approved) = act(&company, &company.token, &larger, "approve", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{approved:?}");
    assert!(approved["approvedBy"].is_string());
    assert_ne!(approved["approvedBy"], json!(clerk_id));
}

#[tokio::test]
async fn drafts_alone_are_edited_and_orders_are_cancelled_before_goods_arrive() {
    let company = buyer().await;
    let nuts = averaged(&company, "Nuts", "1").await;
    let token = company.token.clone();
    let order = draft(&company, &token, &nuts, "10").await;
    let path = format!("{ORDERS}/{}", id_of(&order));
    let (status, early) = act(&company, &token, &order, "receive", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(early["code"], "purchase_order_not_confirmed");
    let (status, early) = act(&company, &token, &order, "approve", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(early["code"], "purchase_order_not_to_approve");
    let (_, confirmed) = act(&company, &token, &order, "confirm", json!({})).await;
    assert_eq!(confirmed["state"], "confirmed");
    let edit = company.patch(&path, json!({"notes": "late"})).await;
    assert_eq!(edit.status, StatusCode::CONFLICT);
    assert_eq!(edit.body["code"], "purchase_order_not_draft");
    let delete = company.delete(&path).await;
    assert_eq!(delete.status, StatusCode::CONFLICT);
    let (status, twice) = act(&company, &token, &order, "confirm", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(twice["code"], "purchase_order_not_confirmable");
    let (status, cancelled) = act(
        &company,
        &token,
        &order,
        "cancel",
        json!({"reason": "Vendor out of stock"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{cancelled:?}");
    assert_eq!(cancelled["state"], "cancelled");
    assert_eq!(cancelled["cancelReason"], "Vendor out of stock");
    let (status, again) = act(&company, &token, &order, "cancel", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(again["code"], "purchase_order_not_cancellable");
    let (status, _) = act(&company, &token, &order, "receive", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // A draft is cancelled too (no body).
    let other = draft(&company, &token, &nuts, "10").await;
    let reply = company
        .app
        .post(
            &format!("{ORDERS}/{}/cancel", id_of(&other)),
            &token,
            Some(company.id),
            Value::Null,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let cancelled = company.get(&format!("{ORDERS}?state=cancelled")).await;
    assert_eq!(cancelled.body["meta"]["total"], 2);
}

#[tokio::test]
async fn a_receipt_without_backorder_closes_the_order_and_bad_receipts_name_their_fields() {
    let company = buyer().await;
    let nuts = averaged(&company, "Nuts", "2").await;
    let token = company.token.clone();
    let order = draft(&company, &token, &nuts, "10").await;
    act(&company, &token, &order, "confirm", json!({})).await;
    let line = line_id(&order);
    let bad = act_reply(
        &company,
        &token,
        &order,
        "receive",
        json!({"date": "2026-02-30", "lines": [{"lineId": uuid::Uuid::now_v7(), "quantity": "1"},
                                                {"lineId": line, "quantity": "1.5"},
                                                {"lineId": line, "quantity": "0"}]}),
    )
    .await;
    names_fields(
        &bad,
        &[
            "date",
            "lines[0].lineId",
            "lines[1].quantity",
            "lines[2].lineId",
        ],
    );
    let (status, closed) = act(
        &company,
        &token,
        &order,
        "receive",
        json!({"lines": [{"lineId": line, "quantity": "4"}], "backorder": false}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{closed:?}");
    assert_eq!(closed["receiptState"], "received");
    assert_eq!(closed["lines"][0]["quantityReceived"], "4");
    let (status, nothing) = act(&company, &token, &order, "receive", json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{nothing:?}");
}

#[tokio::test]
async fn the_purchasing_settings_check_their_fields_and_members() {
    let company = buyer().await;
    let stranger = company
        .app
        .user(&company.token, "stranger@example.com")
        .await
        .0;
    let reply = company
        .patch(
            SETTINGS,
            json!({"purchaseApprovalThreshold": "-5",
                   "purchaseApprovalLimits": [{"userId": stranger, "limit": "10"}],
                   "overReceiptTolerancePercent": "150", "billControl": "never",
                   "billPriceTolerancePercent": "x"}),
        )
        .await;
    names_fields(
        &reply,
        &[
            "purchaseApprovalThreshold",
            "purchaseApprovalLimits[0].userId",
            "overReceiptTolerancePercent",
            "billControl",
            "billPriceTolerancePercent",
        ],
    );
    let reply = company
        .patch(
            SETTINGS,
            json!({"billControl": "ordered", "billPriceTolerancePercent": "2.5",
                   "purchaseApprovalThreshold": null}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["billControl"], "ordered");
    assert_eq!(reply.body["billPriceTolerancePercent"], "2.5");
    assert_eq!(reply.body["purchaseApprovalThreshold"], Value::Null);
    let (_, viewer) = company.member("viewer@example.com", "viewer").await;
    let refused = company
        .app
        .patch(
            SETTINGS,
            &viewer,
            Some(company.id),
            json!({"billControl": "received"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_foreign_currency_order_is_weighed_and_valued_in_the_company_currency() {
    let company = buyer().await;
    company.currency_rate("USD", "2026-01-01", "3.6725").await;
    let settings = company
        .patch(SETTINGS, json!({"purchaseApprovalThreshold": "1000"}))
        .await;
    assert_eq!(settings.status, StatusCode::OK, "{:?}", settings.body);
    // The vendor's price is in dirhams: 10 AED is 2.722941 USD.
    let bolts = averaged(&company, "Bolts", "10").await;
    let order = create(
        &company,
        ORDERS,
        json!({"partnerId": company.partner("Gulf Supplies"), "orderDate": "2026-03-01",
               "currency": "USD", "lines": [{"productId": bolts, "quantity": "100"}]}),
    )
    .await;
    assert_eq!(order["currency"], "USD");
    assert_eq!(order["lines"][0]["unitPrice"], "2.722941");
    // 272.29 + 13.61 = 285.90 USD, 1,049.97 AED: above the threshold in dirhams.
    assert_eq!(order["amountTotal"], "285.90");
    let token = company.token.clone();
    let (_, waiting) = act(&company, &token, &order, "confirm", json!({})).await;
    assert_eq!(waiting["state"], "to_approve");
    act(&company, &token, &order, "approve", json!({})).await;
    let (_, confirmed) = act(&company, &token, &order, "confirm", json!({})).await;
    assert_eq!(confirmed["state"], "confirmed");
    let (status, received) = act(
        &company,
        &token,
        &order,
        "receive",
        json!({"date": "2026-03-02"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{received:?}");
    // 2.7229 USD a unit (the untaxed subtotal over the quantity) at 3.6725: 9.99985 AED, and
    // 999.985 -> 999.99 AED for the hundred.
    let (quantity, _, value) = valued(&company, &bolts).await;
    assert_eq!((quantity.as_str(), value.as_str()), ("100", "999.99"));
}
