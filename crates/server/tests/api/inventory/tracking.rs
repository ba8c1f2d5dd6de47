//! Units of measure with rounding, lots and serial numbers, and transfers between warehouses
//! through transit.

use arkan_testkit::error_fields;
use axum::http::StatusCode;
use serde_json::json;

use super::{MOVES, PRODUCTS, books, create, id_of, levels_match_moves, places};

const TRANSFERS: &str = "/api/v1/inventory/moves/transfer";

#[tokio::test]
async fn quantities_convert_between_units_rounded_to_the_products_unit() {
    let company = books().await;
    let (stock, vendors, customers) = places(&company).await;
    let flour = id_of(
        &create(
            &company,
            PRODUCTS,
            json!({"name": "Flour", "sku": "FLR-1", "type": "storable", "uom": "kg"}),
        )
        .await,
    );
    // 1234.56 g is 1.23456 kg: kept as 1.235 kg (three decimals, half away from zero).
    let grams = create(
        &company,
        MOVES,
        json!({"productId": flour, "quantity": "1234.56", "uom": "g", "validate": true,
               "sourceLocationId": vendors, "destinationLocationId": stock}),
    )
    .await;
    assert_eq!(grams["quantity"], "1234.56");
    assert_eq!(grams["uom"], "g");
    let tonne = create(
        &company,
        MOVES,
        json!({"productId": flour, "quantity": "0.002", "uom": "t", "validate": true,
               "sourceLocationId": vendors, "destinationLocationId": stock}),
    )
    .await;
    assert_eq!(tonne["state"], "done");
    let read = company.get(&format!("{PRODUCTS}/{flour}/stock")).await;
    assert_eq!(read.body["totals"]["onHand"], "3.235");
    assert_eq!(read.body["uom"], "kg");
    // The levels are kept in kg, untracked: neither changes while there is stock.
    let regauged = company
        .patch(
            &format!("{PRODUCTS}/{flour}"),
            json!({"uom": "g", "tracking": "lot", "type": "consumable"}),
        )
        .await;
    assert_eq!(
        regauged.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        regauged.body
    );
    let mut fields = error_fields(&regauged.body);
    fields.sort();
    assert_eq!(fields, ["tracking", "uom"]);
    let serviced = company
        .patch(&format!("{PRODUCTS}/{flour}"), json!({"type": "service"}))
        .await;
    assert_eq!(serviced.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_fields(&serviced.body), ["type"]);
    let renamed = company
        .patch(
            &format!("{PRODUCTS}/{flour}"),
            json!({"name": "Flour (fine)"}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);

    // A product kept in dozens: 6 units are half a dozen, rounded to a whole dozen (1); 5
    // units would round to nothing and are refused, not lost.
    let eggs = id_of(
        &create(
            &company,
            PRODUCTS,
            json!({"name": "Egg tray", "sku": "EGG-12", "type": "storable", "uom": "dozen"}),
        )
        .await,
    );
    let half = create(
        &company,
        MOVES,
        json!({"productId": eggs, "quantity": "6", "uom": "unit", "validate": true,
               "sourceLocationId": vendors, "destinationLocationId": stock}),
    )
    .await;
    assert_eq!(half["state"], "done");
    let read = company.get(&format!("{PRODUCTS}/{eggs}/stock")).await;
    assert_eq!(read.body["totals"]["onHand"], "1");
    let nothing = company
        .post(
            MOVES,
            json!({"productId": eggs, "quantity": "5", "uom": "unit",
                   "sourceLocationId": stock, "destinationLocationId": customers}),
        )
        .await;
    assert_eq!(
        nothing.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        nothing.body
    );
    assert_eq!(error_fields(&nothing.body), ["quantity"]);
    let litres = company
        .post(
            MOVES,
            json!({"productId": flour, "quantity": "1", "uom": "l",
                   "sourceLocationId": stock, "destinationLocationId": customers}),
        )
        .await;
    assert_eq!(litres.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_fields(&litres.body), ["uom"]);
    levels_match_moves(&company).await;
}

#[tokio::test]
async fn serial_numbers_are_never_in_stock_twice_and_lots_keep_their_quantities() {
    let company = books().await;
    let (stock, vendors, customers) = places(&company).await;
    let drill = id_of(
        &create(
            &company,
            PRODUCTS,
            json!({"name": "Drill", "sku": "DRL-1", "type": "storable", "uom": "unit",
                   "tracking": "serial"}),
        )
        .await,
    );
    let received = create(
        &company,
        MOVES,
        json!({"productId": drill, "quantity": "2", "validate": true,
               "sourceLocationId": vendors, "destinationLocationId": stock,
               "lots": [{"lotNumber": "SN-1", "quantity": "1"},
                        {"lotNumber": "SN-2", "quantity": "1"}]}),
    )
    .await;
    assert_eq!(received["lots"].as_array().map(Vec::len), Some(2));
    let again = company
        .post(
            MOVES,
            json!({"productId": drill, "quantity": "1", "validate": true,
                   "sourceLocationId": vendors, "destinationLocationId": stock,
                   "lots": [{"lotNumber": "SN-1", "quantity": "1"}]}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{:?}", again.body);
    assert_eq!(again.body["code"], "serial_in_stock");
    let two_in_one = company
        .post(
            MOVES,
            json!({"productId": drill, "quantity": "2",
                   "sourceLocationId": vendors, "destinationLocationId": stock,
                   "lots": [{"lotNumber": "SN-9", "quantity": "2"}]}),
        )
        .await;
    assert_eq!(two_in_one.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_fields(&two_in_one.body), ["lots[0].quantity"]);

    // Sold, then returned: the same serial may come back once it has left.
    create(
        &company,
        MOVES,
        json!({"productId": drill, "quantity": "1", "validate": true,
               "sourceLocationId": stock, "destinationLocationId": customers,
               "lots": [{"lotNumber": "SN-1", "quantity": "1"}]}),
    )
    .await;
    let back = create(
        &company,
        MOVES,
        json!({"productId": drill, "quantity": "1", "validate": true,
               "sourceLocationId": customers, "destinationLocationId": stock,
               "lots": [{"lotNumber": "SN-1", "quantity": "1"}]}),
    )
    .await;
    assert_eq!(back["state"], "done");
    let read = company.get(&format!("{PRODUCTS}/{drill}/stock")).await;
    let lots: Vec<&str> = read.body["locations"][0]["lots"]
        .as_array()
        .expect("lots")
        .iter()
        .filter_map(|lot| lot["lotNumber"].as_str())
        .collect();
    assert_eq!(lots, ["SN-1", "SN-2"]);

    // Lots: quantities per lot; an unknown lot cannot leave the stock.
    let paint = id_of(
        &create(
            &company,
            PRODUCTS,
            json!({"name": "Paint", "sku": "PNT-1", "type": "storable", "uom": "l",
                   "tracking": "lot"}),
        )
        .await,
    );
    create(
        &company,
        MOVES,
        json!({"productId": paint, "quantity": "30", "validate": true,
               "sourceLocationId": vendors, "destinationLocationId": stock,
               "lots": [{"lotNumber": "B-100", "quantity": "12.5"},
                        {"lotNumber": "B-101", "quantity": "17.5"}]}),
    )
    .await;
    let unknown = company
        .post(
            MOVES,
            json!({"productId": paint, "quantity": "1",
                   "sourceLocationId": stock, "destinationLocationId": customers,
                   "lots": [{"lotNumber": "B-999", "quantity": "1"}]}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_fields(&unknown.body), ["lots[0].lotNumber"]);
    let short = company
        .post(
            MOVES,
            json!({"productId": paint, "quantity": "13", "validate": true,
                   "sourceLocationId": stock, "destinationLocationId": customers,
                   "lots": [{"lotNumber": "B-100", "quantity": "13"}]}),
        )
        .await;
    assert_eq!(short.status, StatusCode::CONFLICT, "{:?}", short.body);
    assert_eq!(short.body["code"], "insufficient_stock");
    let read = company.get(&format!("{PRODUCTS}/{paint}/stock")).await;
    assert_eq!(read.body["totals"]["onHand"], "30.000");
    let lots = company
        .get(&format!("/api/v1/inventory/lots?product_id={paint}&q=b-10"))
        .await;
    assert_eq!(lots.status, StatusCode::OK, "{:?}", lots.body);
    assert_eq!(lots.body["meta"]["total"], 2, "{:?}", lots.body);
    let bad_filter = company.get("/api/v1/inventory/lots?product_id=nope").await;
    assert_eq!(bad_filter.status, StatusCode::BAD_REQUEST);
    levels_match_moves(&company).await;
}

#[tokio::test]
async fn goods_between_warehouses_travel_through_transit_until_they_arrive() {
    let company = books().await;
    let (stock, vendors, _) = places(&company).await;
    let south = create(
        &company,
        "/api/v1/inventory/warehouses",
        json!({"name": "Dubai South", "code": "DXS"}),
    )
    .await;
    let south_stock = south["stockLocationId"]
        .as_str()
        .expect("a stock location")
        .to_owned();
    let cement = id_of(
        &create(
            &company,
            PRODUCTS,
            json!({"name": "Cement bag", "sku": "CEM-50", "type": "storable", "uom": "unit"}),
        )
        .await,
    );
    create(
        &company,
        MOVES,
        json!({"productId": cement, "quantity": "100", "validate": true,
               "sourceLocationId": vendors, "destinationLocationId": stock}),
    )
    .await;

    let leg = create(
        &company,
        TRANSFERS,
        json!({"sourceLocationId": stock, "destinationLocationId": south_stock,
               "lines": [{"productId": cement, "quantity": "40"}]}),
    )
    .await;
    assert_eq!(leg["state"], "done");
    assert_eq!(leg["number"], "WH/INT/00001");
    let arrival_id = leg["arrivalTransferId"]
        .as_str()
        .expect("an arrival")
        .to_owned();
    let arrival = company
        .get(&format!("/api/v1/inventory/transfers/{arrival_id}"))
        .await;
    assert_eq!(arrival.body["destinationLocationId"], json!(south_stock));
    assert!(
        ["confirmed", "assigned"].contains(&arrival.body["state"].as_str().unwrap_or("")),
        "{:?}",
        arrival.body
    );
    // On the road: out of the first warehouse, not yet in the second.
    let warehouse_of = |id: &str| format!("{PRODUCTS}/{cement}/stock?warehouse_id={id}");
    let warehouses = company.get("/api/v1/inventory/warehouses").await;
    let main = warehouses.body["data"]
        .as_array()
        .expect("warehouses")
        .iter()
        .find(|warehouse| warehouse["code"] == "WH")
        .and_then(|warehouse| warehouse["id"].as_str())
        .expect("WH")
        .to_owned();
    let at_main = company.get(&warehouse_of(&main)).await;
    assert_eq!(at_main.body["totals"]["onHand"], "60");
    let at_south = company.get(&warehouse_of(id_of(&south).as_str())).await;
    assert_eq!(at_south.body["totals"]["onHand"], "0");

    let arrived = company
        .post(
            &format!("/api/v1/inventory/transfers/{arrival_id}/validate"),
            json!({}),
        )
        .await;
    assert_eq!(arrived.status, StatusCode::OK, "{:?}", arrived.body);
    assert_eq!(arrived.body["state"], "done");
    let at_south = company.get(&warehouse_of(id_of(&south).as_str())).await;
    assert_eq!(at_south.body["totals"]["onHand"], "40");
    let everywhere = company.get(&format!("{PRODUCTS}/{cement}/stock")).await;
    assert_eq!(everywhere.body["totals"]["onHand"], "100");
    levels_match_moves(&company).await;
}
