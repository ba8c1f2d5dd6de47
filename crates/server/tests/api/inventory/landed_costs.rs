//! Landed costs (Order 12): split four ways over a receipt, posted onto the layers (and cost
//! of goods sold for what already left), the draft's rules and bad input.

use arkan_testkit::Company;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::valuation::{balance, costed, move_stock, valued};
use super::{PRODUCTS, create, id_of};

const LANDED: &str = "/api/v1/inventory/landed-costs";
const TRANSFER: &str = "/api/v1/inventory/moves/transfer";

/// A second product of the first one's category.
async fn sibling(company: &Company, first: &str, body: Value) -> String {
    let first = company.get(&format!("{PRODUCTS}/{first}")).await;
    let mut body = body;
    body["categoryId"] = first.body["categoryId"].clone();
    body["type"] = json!("storable");
    body["uom"] = json!("unit");
    id_of(&create(company, PRODUCTS, body).await)
}

/// A done receipt of `lines` (`[(product, quantity)]`) from the vendors.
async fn receipt(
    company: &Company,
    (vendors, stock): (&str, &str),
    lines: &[(&str, &str)],
) -> String {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(product, quantity)| json!({"productId": product, "quantity": quantity}))
        .collect();
    let transfer = create(
        company,
        TRANSFER,
        json!({"sourceLocationId": vendors, "destinationLocationId": stock,
               "date": "2026-03-10", "lines": lines}),
    )
    .await;
    assert_eq!(transfer["state"], "done");
    id_of(&transfer)
}

fn allocation<'a>(landed: &'a Value, product: &str) -> &'a Value {
    landed["allocations"]
        .as_array()
        .expect("allocations")
        .iter()
        .find(|row| row["productId"] == product)
        .expect("the product's allocation")
}

#[tokio::test]
async fn a_landed_cost_splits_four_ways_and_lands_on_stock_and_cost_of_goods_sold() {
    let (company, bolts, stock, vendors, customers) = costed("AED", "average", "10").await;
    company
        .patch(
            &format!("{PRODUCTS}/{bolts}"),
            json!({"weight": "2", "volume": "0.5"}),
        )
        .await;
    let nuts = sibling(
        &company,
        &bolts,
        json!({"name": "Nuts", "sku": "NUT-1", "cost": "5", "weight": "1", "volume": "2"}),
    )
    .await;
    let transfer = receipt(
        &company,
        (&vendors, &stock),
        &[(&bolts, "10"), (&nuts, "30")],
    )
    .await;
    move_stock(&company, &bolts, (&stock, &customers), "4", None).await;

    let draft = company
        .post(
            LANDED,
            json!({"date": "2026-03-20", "transferIds": [transfer], "costs": [
                {"description": "Handling", "amount": "100", "splitMethod": "equal"},
                {"description": "Freight", "amount": "80", "splitMethod": "by_quantity"},
                {"description": "Customs duty", "amount": "50", "splitMethod": "by_weight"},
                {"description": "Container", "amount": "90", "splitMethod": "by_volume"},
                {"description": "Insurance", "amount": "150", "splitMethod": "by_value"}
            ]}),
        )
        .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{:?}", draft.body);
    assert_eq!(draft.body["state"], "draft");
    assert_eq!(draft.body["number"], Value::Null);
    assert_eq!(draft.body["amountTotal"], "470.00");
    // Bolts: 50 + 20 + 20 + 6.92 + 60; nuts: 50 + 60 + 30 + 83.08 + 90.
    let bolts_share = allocation(&draft.body, &bolts);
    assert_eq!(bolts_share["additionalCost"], "156.92");
    assert_eq!(bolts_share["quantity"], "10");
    assert_eq!(bolts_share["formerUnitCost"], "10");
    assert_eq!(bolts_share["newUnitCost"], "25.692");
    let nuts_share = allocation(&draft.body, &nuts);
    assert_eq!(nuts_share["additionalCost"], "313.08");
    assert_eq!(nuts_share["newUnitCost"], "15.436");
    // Nothing is posted while a draft.
    assert_eq!(valued(&company, &bolts).await.2, "60.00");

    let id = id_of(&draft.body);
    let posted = company
        .post(&format!("{LANDED}/{id}/post"), json!({}))
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(posted.body["state"], "posted");
    assert_eq!(posted.body["number"], "LC/2026/00001");
    assert!(posted.body["journalEntryId"].is_string());
    // 6 of the 10 bolts are still here: 6/10 of 156.92 to stock, the rest to cost of goods sold.
    assert_eq!(
        valued(&company, &bolts).await,
        ("6".into(), "25.691667".into(), "154.15".into())
    );
    assert_eq!(
        valued(&company, &nuts).await,
        ("30".into(), "15.436".into(), "463.08".into())
    );
    assert_eq!(balance(&company, "501000").await, "102.77");
    assert_eq!(balance(&company, "203100").await, "-720.00");

    // Posted once only; a posted landed cost is not edited, deleted or cancelled.
    let again = company
        .post(&format!("{LANDED}/{id}/post"), json!({}))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "landed_cost_not_draft");
    for reply in [
        company
            .patch(&format!("{LANDED}/{id}"), json!({"notes": "late"}))
            .await,
        company.delete(&format!("{LANDED}/{id}")).await,
        company
            .post(&format!("{LANDED}/{id}/cancel"), json!({}))
            .await,
    ] {
        assert_eq!(reply.status, StatusCode::CONFLICT, "{:?}", reply.body);
    }
    let listed = company.get(&format!("{LANDED}?state=posted")).await;
    assert_eq!(listed.body["meta"]["total"], 1);
}

#[tokio::test]
async fn fifo_stock_leaves_at_its_landed_cost_and_standard_cost_posts_a_difference() {
    let (company, cable, stock, vendors, customers) = costed("AED", "fifo", "10").await;
    let transfer = receipt(&company, (&vendors, &stock), &[(&cable, "10")]).await;
    move_stock(&company, &cable, (&stock, &customers), "4", None).await;
    let draft = create(
        &company,
        LANDED,
        json!({"date": "2026-03-20", "transferIds": [transfer],
               "costs": [{"description": "Freight", "amount": "50", "splitMethod": "by_quantity"}]}),
    )
    .await;
    let posted = company
        .post(&format!("{LANDED}/{}/post", id_of(&draft)), json!({}))
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(balance(&company, "501000").await, "60.00");
    // The 6 left carry 30 of it: they leave at 90.
    let issue = move_stock(&company, &cable, (&stock, &customers), "6", None).await;
    assert_eq!(issue["value"], "90.00");
    assert_eq!(valued(&company, &cable).await.2, "0.00");

    let (company, pipe, stock, vendors, _) = costed("AED", "standard", "10").await;
    let transfer = receipt(&company, (&vendors, &stock), &[(&pipe, "5")]).await;
    let draft = create(
        &company,
        LANDED,
        json!({"transferIds": [transfer],
               "costs": [{"description": "Duty", "amount": "20", "splitMethod": "equal",
                          "accountId": company.account("203000")}]}),
    )
    .await;
    let posted = company
        .post(&format!("{LANDED}/{}/post", id_of(&draft)), json!({}))
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(balance(&company, "503000").await, "20.00");
    assert_eq!(balance(&company, "203000").await, "-20.00");
    assert_eq!(valued(&company, &pipe).await.2, "50.00");
}

#[tokio::test]
async fn a_draft_checks_its_receipts_and_costs() {
    let (company, bolts, stock, vendors, customers) = costed("AED", "average", "10").await;
    let transfer = receipt(&company, (&vendors, &stock), &[(&bolts, "10")]).await;
    let cost =
        |split: &str| json!([{"description": "Freight", "amount": "10", "splitMethod": split}]);
    let delivery = create(
        &company,
        TRANSFER,
        json!({"sourceLocationId": stock, "destinationLocationId": customers,
               "lines": [{"productId": bolts, "quantity": "1"}]}),
    )
    .await;
    let pending = create(
        &company,
        TRANSFER,
        json!({"sourceLocationId": vendors, "destinationLocationId": stock, "validate": false,
               "lines": [{"productId": bolts, "quantity": "1"}]}),
    )
    .await;
    let other = company.another_company("Other LLC").await;
    let washers = sibling(
        &company,
        &bolts,
        json!({"name": "Washers", "sku": "WSH-1", "cost": "1"}),
    )
    .await;
    let weightless = receipt(&company, (&vendors, &stock), &[(&washers, "100")]).await;
    for (body, field) in [
        (
            json!({"transferIds": [], "costs": cost("equal")}),
            "transferIds",
        ),
        (
            json!({"transferIds": [id_of(&delivery)], "costs": cost("equal")}),
            "transferIds[0]",
        ),
        (
            json!({"transferIds": [id_of(&pending)], "costs": cost("equal")}),
            "transferIds[0]",
        ),
        (
            json!({"transferIds": [other], "costs": cost("equal")}),
            "transferIds[0]",
        ),
        (
            json!({"transferIds": [transfer, transfer], "costs": cost("equal")}),
            "transferIds[1]",
        ),
        (json!({"transferIds": [transfer], "costs": []}), "costs"),
        (
            json!({"transferIds": [transfer], "costs": cost("by_magic")}),
            "costs[0].splitMethod",
        ),
        (
            json!({"transferIds": [weightless], "costs": cost("by_weight")}),
            "costs[0].splitMethod",
        ),
        (
            json!({"transferIds": [transfer],
                   "costs": [{"description": "Freight", "amount": "0", "splitMethod": "equal"}]}),
            "costs[0].amount",
        ),
        (
            json!({"transferIds": [transfer],
                   "costs": [{"description": " ", "amount": "5", "splitMethod": "equal"}]}),
            "costs[0].description",
        ),
        (
            json!({"transferIds": [transfer], "costs": cost("equal"), "vendorBillId": other}),
            "vendorBillId",
        ),
        (
            json!({"transferIds": [transfer], "costs": cost("equal"), "date": "2026-02-30"}),
            "date",
        ),
    ] {
        let reply = company.post(LANDED, body.clone()).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body}: {:?}",
            reply.body
        );
        assert_eq!(reply.body["errors"][0]["field"], field, "{body}");
    }
    assert_eq!(company.get(LANDED).await.body["meta"]["total"], 0);

    // A draft is edited (allocations again), cancelled with a reason, or deleted.
    let draft = create(
        &company,
        LANDED,
        json!({"transferIds": [transfer], "costs": cost("equal")}),
    )
    .await;
    let id = id_of(&draft);
    let edited = company
        .patch(
            &format!("{LANDED}/{id}"),
            json!({"costs": [{"description": "Freight", "amount": "12.5", "splitMethod": "by_value"}]}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(edited.body["amountTotal"], "12.50");
    assert_eq!(edited.body["allocations"][0]["newUnitCost"], "11.25");
    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let as_viewer = company
        .app
        .post(
            &format!("{LANDED}/{id}/post"),
            &viewer,
            Some(company.id),
            json!({}),
        )
        .await;
    assert_eq!(as_viewer.status, StatusCode::FORBIDDEN);
    let theirs = company
        .app
        .get(&format!("{LANDED}/{id}"), &company.token, Some(other))
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    let cancelled = company
        .post(
            &format!("{LANDED}/{id}/cancel"),
            json!({"reason": "charged twice"}),
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!(cancelled.body["state"], "cancelled");
    assert_eq!(cancelled.body["cancelReason"], "charged twice");

    let second = create(
        &company,
        LANDED,
        json!({"transferIds": [transfer], "costs": cost("equal")}),
    )
    .await;
    let deleted = company
        .delete(&format!("{LANDED}/{}", id_of(&second)))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let gone = company.get(&format!("{LANDED}/{}", id_of(&second))).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    // Nothing was posted by any of it: 9 bolts at 10.
    assert_eq!(valued(&company, &bolts).await.2, "90.00");
}
