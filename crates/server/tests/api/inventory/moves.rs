//! Stock moves and transfers: receipts, partial deliveries with backorders, the last unit
//! taken by two clerks at once, units of measure, tenancy and roles.

use axum::http::StatusCode;
use serde_json::json;

use super::{MOVES, PRODUCTS, books, create, id_of, levels_match_moves, places, product_body};

#[tokio::test]
async fn a_receipt_then_a_partial_delivery_leaves_a_backorder_and_the_levels_add_up() {
    let company = books().await;
    let (stock, vendors, customers) = places(&company).await;
    let product = create(&company, PRODUCTS, product_body("Water pump", "PMP-1")).await;
    let pump = id_of(&product);

    // Two dozen in from the vendor: 24 units.
    let receipt = create(
        &company,
        "/api/v1/inventory/moves/transfer",
        json!({"sourceLocationId": vendors, "destinationLocationId": stock,
               "lines": [{"productId": pump, "quantity": "2", "uom": "dozen"}]}),
    )
    .await;
    assert_eq!(receipt["type"], "receipt");
    assert_eq!(receipt["number"], "WH/IN/00001");
    assert_eq!(receipt["state"], "done");
    assert_eq!(receipt["lines"][0]["quantityDone"], "2");

    let read = company.get(&format!("{PRODUCTS}/{pump}/stock")).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    assert_eq!(read.body["totals"]["onHand"], "24");
    assert_eq!(read.body["locations"][0]["locationName"], "WH/Stock");

    // A delivery of 10, confirmed and reserved, then 4 done: 6 go to a backorder.
    let delivery = create(
        &company,
        "/api/v1/inventory/moves/transfer",
        json!({"sourceLocationId": stock, "destinationLocationId": customers, "validate": false,
               "lines": [{"productId": pump, "quantity": "10"}]}),
    )
    .await;
    assert_eq!(delivery["number"], "WH/OUT/00001");
    assert_eq!(delivery["state"], "assigned");
    let listed = company.get(&format!("{PRODUCTS}/{pump}")).await;
    assert_eq!(listed.body["stock"]["reserved"], "10");
    assert_eq!(listed.body["stock"]["available"], "14");
    assert_eq!(listed.body["stock"]["outgoing"], "10");

    let line = delivery["lines"][0]["id"].clone();
    let validated = company
        .post(
            &format!("/api/v1/inventory/transfers/{}/validate", id_of(&delivery)),
            json!({"lines": [{"lineId": line, "quantityDone": "4"}]}),
        )
        .await;
    assert_eq!(validated.status, StatusCode::OK, "{:?}", validated.body);
    assert_eq!(validated.body["state"], "done");
    let backorder = validated.body["backorderId"].as_str().expect("a backorder");
    let rest = company
        .get(&format!("/api/v1/inventory/transfers/{backorder}"))
        .await;
    assert_eq!(rest.body["state"], "assigned");
    assert_eq!(rest.body["lines"][0]["quantity"], "6");
    let deliveries = company
        .get("/api/v1/inventory/transfers?type=delivery&sort=number&order=asc")
        .await;
    assert_eq!(deliveries.status, StatusCode::OK, "{:?}", deliveries.body);
    assert_eq!(deliveries.body["data"][0]["number"], "WH/OUT/00001");
    assert_eq!(deliveries.body["data"][0]["lines"][0]["quantityDone"], "4");
    assert_eq!(deliveries.body["data"][1]["number"], "WH/OUT/00002");
    assert_eq!(deliveries.body["data"][1]["lines"][0]["quantity"], "6");

    let after = company.get(&format!("{PRODUCTS}/{pump}/stock")).await;
    assert_eq!(after.body["totals"]["onHand"], "20");
    assert_eq!(after.body["totals"]["reserved"], "6");
    assert_eq!(after.body["totals"]["outgoing"], "6");
    levels_match_moves(&company).await;

    // A validated transfer cannot change again.
    let again = company
        .post(
            &format!("/api/v1/inventory/transfers/{}/validate", id_of(&delivery)),
            json!({}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "stock_transfer_not_open");
}

#[tokio::test]
async fn two_clerks_taking_the_last_unit_at_once_one_gets_it_the_other_409() {
    let company = books().await;
    let (stock, vendors, customers) = places(&company).await;
    let pump = id_of(&create(&company, PRODUCTS, product_body("Pump", "PMP-2")).await);
    create(
        &company,
        MOVES,
        json!({"productId": pump, "quantity": "1", "sourceLocationId": vendors,
               "destinationLocationId": stock, "validate": true}),
    )
    .await;
    let take = || {
        company.post(
            MOVES,
            json!({"productId": pump, "quantity": "1", "sourceLocationId": stock,
                   "destinationLocationId": customers, "validate": true}),
        )
    };
    let (first, second) = tokio::join!(take(), take());
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    let refused = if first.status == StatusCode::CONFLICT {
        first
    } else {
        second
    };
    assert_eq!(refused.body["code"], "insufficient_stock");
    let read = company.get(&format!("{PRODUCTS}/{pump}/stock")).await;
    assert_eq!(read.body["totals"]["onHand"], "0");
    levels_match_moves(&company).await;
}

#[tokio::test]
async fn bad_moves_are_refused_by_field_and_another_companys_move_is_unknown() {
    let company = books().await;
    let (stock, vendors, _) = places(&company).await;
    let pump = id_of(&create(&company, PRODUCTS, product_body("Pump", "PMP-3")).await);
    let bad = company
        .post(
            MOVES,
            json!({"productId": pump, "quantity": "1.5", "uom": "kg",
                   "sourceLocationId": vendors, "destinationLocationId": vendors}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{:?}", bad.body);
    let fields = arkan_testkit::error_fields(&bad.body);
    assert!(fields.contains(&"uom".to_owned()), "{fields:?}");
    assert!(
        fields.contains(&"destinationLocationId".to_owned()),
        "{fields:?}"
    );
    let fractional = company
        .post(
            MOVES,
            json!({"productId": pump, "quantity": "1.5",
                   "sourceLocationId": vendors, "destinationLocationId": stock}),
        )
        .await;
    assert_eq!(
        fractional.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        fractional.body
    );

    let draft = create(
        &company,
        MOVES,
        json!({"productId": pump, "quantity": "3", "sourceLocationId": vendors,
               "destinationLocationId": stock}),
    )
    .await;
    assert_eq!(draft["state"], "draft");
    let other = company
        .app
        .create_company_with(
            &company.token,
            json!({"name": "Other LLC", "currency": "AED", "country": "AE", "chartTemplate": "uae"}),
        )
        .await;
    let theirs = company
        .app
        .get(
            &format!("{MOVES}/{}", id_of(&draft)),
            &company.token,
            Some(other),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);

    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let as_viewer = company
        .app
        .post(
            &format!("{MOVES}/{}/done", id_of(&draft)),
            &viewer,
            Some(company.id),
            json!({}),
        )
        .await;
    assert_eq!(as_viewer.status, StatusCode::FORBIDDEN);

    // Done in part: the rest becomes a backorder move.
    let done = company
        .post(
            &format!("{MOVES}/{}/done", id_of(&draft)),
            json!({"quantity": "2"}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body["state"], "done");
    assert_eq!(done.body["quantityDone"], "2");
    let backorder = done.body["backorderId"].as_str().expect("a backorder move");
    let rest = company.get(&format!("{MOVES}/{backorder}")).await;
    assert_eq!(rest.body["quantity"], "1");
    assert_eq!(rest.body["state"], "assigned");
    levels_match_moves(&company).await;
}

/// A move's write answers with the view the engine makes from what it already read (the
/// product with the cost valuation gave it, the unit, the lots of a tracked product): it must
/// be the move as it reads back afterwards, for a valued receipt in another unit, a valued
/// delivery, a draft, a serial-tracked receipt with its lots, and each transition.
#[tokio::test]
async fn a_moves_answer_is_the_move_as_it_reads_back() {
    let company = books().await;
    let (stock, vendors, customers) = places(&company).await;
    let category = create(
        &company,
        "/api/v1/inventory/categories",
        json!({"name": "Average", "costingMethod": "average"}),
    )
    .await;
    let mut body = product_body("Water pump", "PMP-9");
    body["categoryId"] = json!(id_of(&category));
    let pump = id_of(&create(&company, PRODUCTS, body).await);
    let drill = id_of(
        &create(
            &company,
            PRODUCTS,
            json!({"name": "Drill", "sku": "DRL-9", "type": "storable", "uom": "unit",
                   "tracking": "serial"}),
        )
        .await,
    );
    let same_as_read = |answer: serde_json::Value| {
        let company = &company;
        async move {
            let read = company.get(&format!("{MOVES}/{}", id_of(&answer))).await;
            assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
            assert_eq!(answer, read.body);
            answer
        }
    };
    let receipt = same_as_read(
        create(
            &company,
            MOVES,
            json!({"productId": pump, "quantity": "2", "uom": "dozen", "unitCost": "36",
                   "validate": true, "sourceLocationId": vendors, "destinationLocationId": stock}),
        )
        .await,
    )
    .await;
    assert!(receipt["journalEntryId"].is_string(), "{receipt:?}");
    let delivery = same_as_read(
        create(
            &company,
            MOVES,
            json!({"productId": pump, "quantity": "5", "validate": true,
                   "sourceLocationId": stock, "destinationLocationId": customers}),
        )
        .await,
    )
    .await;
    assert_eq!(delivery["state"], "done");
    let draft = same_as_read(
        create(
            &company,
            MOVES,
            json!({"productId": pump, "quantity": "3",
                   "sourceLocationId": stock, "destinationLocationId": customers}),
        )
        .await,
    )
    .await;
    let lots = same_as_read(
        create(
            &company,
            MOVES,
            json!({"productId": drill, "quantity": "2", "validate": true,
                   "sourceLocationId": vendors, "destinationLocationId": stock,
                   "lots": [{"lotNumber": "SN-1", "quantity": "1"},
                            {"lotNumber": "SN-2", "quantity": "1"}]}),
        )
        .await,
    )
    .await;
    assert_eq!(lots["lots"].as_array().map(Vec::len), Some(2));
    for step in ["confirm", "assign", "done"] {
        let moved = company
            .post(&format!("{MOVES}/{}/{step}", id_of(&draft)), json!({}))
            .await;
        assert_eq!(moved.status, StatusCode::OK, "{step}: {:?}", moved.body);
        same_as_read(moved.body).await;
    }
    let dropped = create(
        &company,
        MOVES,
        json!({"productId": pump, "quantity": "1",
               "sourceLocationId": stock, "destinationLocationId": customers}),
    )
    .await;
    let cancelled = company
        .post(&format!("{MOVES}/{}/cancel", id_of(&dropped)), json!({}))
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!(same_as_read(cancelled.body).await["state"], "cancelled");
    levels_match_moves(&company).await;
}
