//! Warehouse operations: adjustments, cycle counts with variances, scanned moves, scrap; each
//! scenario ends with the levels checked against the moves (and every product summing to zero
//! over all locations).

use arkan_testkit::{Company, error_fields};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{MOVES, PRODUCTS, SETTINGS, books, create, id_of, levels_match_moves, places};

const ADJUSTMENTS: &str = "/api/v1/inventory/adjustments";
const COUNTS: &str = "/api/v1/inventory/cycle-counts";
const QUICK_MOVE: &str = "/api/v1/inventory/barcode/quick-move";
const SCRAP: &str = "/api/v1/inventory/scrap";

async fn product(company: &Company, body: Value) -> String {
    id_of(&create(company, PRODUCTS, body).await)
}

/// `quantity` of `product` in from the vendors to `location`, done.
async fn receive(company: &Company, product: &str, quantity: &str, location: &str) {
    let (_, vendors, _) = places(company).await;
    let done = create(
        company,
        MOVES,
        json!({"productId": product, "quantity": quantity, "sourceLocationId": vendors,
               "destinationLocationId": location, "validate": true}),
    )
    .await;
    assert_eq!(done["state"], "done", "{done:?}");
}

/// One serial (or a lot of one unit) of `product` in from the vendors to `location`.
async fn receive_lot(company: &Company, product: &str, lot: &str, location: &str) {
    let (_, vendors, _) = places(company).await;
    let done = create(
        company,
        MOVES,
        json!({"productId": product, "quantity": "1", "sourceLocationId": vendors,
               "destinationLocationId": location, "validate": true,
               "lots": [{"lotNumber": lot, "quantity": "1"}]}),
    )
    .await;
    assert_eq!(done["state"], "done", "{done:?}");
}

async fn on_hand(company: &Company, product: &str) -> Value {
    let read = company.get(&format!("{PRODUCTS}/{product}/stock")).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    read.body["totals"]["onHand"].clone()
}

async fn shelf(company: &Company, parent: &str, name: &str, barcode: &str) -> String {
    id_of(
        &create(
            company,
            "/api/v1/inventory/locations",
            json!({"name": name, "parentId": parent, "type": "internal", "barcode": barcode}),
        )
        .await,
    )
}

#[tokio::test]
async fn an_adjustment_books_each_difference_against_inventory_loss() {
    let company = books().await;
    let (stock, _, _) = places(&company).await;
    let bolts = product(
        &company,
        json!({"name": "Bolt M8", "sku": "BLT-8", "type": "storable", "uom": "unit", "cost": "2.5"}),
    )
    .await;
    let cable = product(
        &company,
        json!({"name": "Cable", "sku": "CBL-1", "type": "storable", "uom": "m", "cost": "4"}),
    )
    .await;
    receive(&company, &bolts, "100", &stock).await;
    receive(&company, &cable, "50.25", &stock).await;

    // 7 dozen bolts counted (84: 16 short), cable 51.5 m (1.25 over), a product never held.
    let washers = product(
        &company,
        json!({"name": "Washer", "sku": "WSH-1", "type": "storable", "uom": "unit", "cost": "0.1"}),
    )
    .await;
    let adjustment = create(
        &company,
        ADJUSTMENTS,
        json!({"locationId": stock, "reason": "Quarterly count", "date": "2026-12-01",
        "lines": [
            {"productId": bolts, "countedQuantity": "7", "uom": "dozen"},
            {"productId": cable, "countedQuantity": "51.5"},
            {"productId": washers, "countedQuantity": "0"}
        ]}),
    )
    .await;
    assert_eq!(adjustment["number"], "WH/ADJ/00001");
    assert_eq!(adjustment["state"], "done");
    assert_eq!(adjustment["reason"], "Quarterly count");
    let lines = adjustment["lines"].as_array().expect("lines");
    assert_eq!(lines[0]["uom"], "unit");
    assert_eq!(lines[0]["theoreticalQuantity"], "100");
    assert_eq!(lines[0]["countedQuantity"], "84");
    assert_eq!(lines[0]["difference"], "-16");
    assert_eq!(lines[0]["value"], "-40.00");
    assert_eq!(lines[1]["theoreticalQuantity"], "50.25");
    assert_eq!(lines[1]["difference"], "1.25");
    assert_eq!(lines[1]["value"], "5.00");
    assert_eq!(lines[2]["difference"], "0");
    assert!(lines[2]["moveId"].is_null());
    assert_eq!(adjustment["value"], "-35.00");

    // The short bolts went to inventory loss.
    let settings = company.get(SETTINGS).await;
    let loss = settings.body["inventoryLocationId"].clone();
    let moved = company
        .get(&format!(
            "{MOVES}/{}",
            lines[0]["moveId"].as_str().expect("a move")
        ))
        .await;
    assert_eq!(moved.body["state"], "done");
    assert_eq!(moved.body["sourceLocationId"], json!(stock));
    assert_eq!(moved.body["destinationLocationId"], loss);
    assert_eq!(moved.body["quantity"], "16");
    assert_eq!(on_hand(&company, &bolts).await, "84");
    assert_eq!(on_hand(&company, &cable).await, "51.50");

    let listed = company
        .get(&format!("{ADJUSTMENTS}?product_id={cable}"))
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(listed.body["data"].as_array().map(Vec::len), Some(1));
    levels_match_moves(&company).await;
}

#[tokio::test]
async fn bad_adjustments_are_refused_by_field_and_leave_nothing_behind() {
    let company = books().await;
    let (stock, vendors, _) = places(&company).await;
    let bolts = product(
        &company,
        json!({"name": "Bolt", "sku": "BLT-1", "type": "storable", "uom": "unit"}),
    )
    .await;
    let tracked = product(
        &company,
        json!({"name": "Drill", "sku": "DRL-1", "type": "storable", "uom": "unit", "tracking": "serial"}),
    )
    .await;
    let service = product(
        &company,
        json!({"name": "Install", "sku": "SRV-1", "type": "service", "uom": "hour"}),
    )
    .await;
    let bad = company
        .post(
            ADJUSTMENTS,
            json!({"locationId": vendors, "lines": [
                {"productId": bolts, "countedQuantity": "-1"},
                {"productId": bolts, "countedQuantity": "1.5"},
                {"productId": tracked, "countedQuantity": "1"},
                {"productId": service, "countedQuantity": "1"},
                {"productId": bolts, "countedQuantity": "1", "lotNumber": "L1"}
            ]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{:?}", bad.body);
    let fields = error_fields(&bad.body);
    for field in [
        "locationId",
        "lines[0].countedQuantity",
        "lines[1].countedQuantity",
        "lines[2].lotNumber",
        "lines[3].productId",
        "lines[4].lotNumber",
    ] {
        assert!(fields.contains(&field.to_owned()), "{field}: {fields:?}");
    }
    let serial = company
        .post(
            ADJUSTMENTS,
            json!({"locationId": stock, "lines": [
                {"productId": tracked, "countedQuantity": "2", "lotNumber": "SN-1"}]}),
        )
        .await;
    assert_eq!(serial.status, StatusCode::BAD_REQUEST, "{:?}", serial.body);
    assert_eq!(error_fields(&serial.body), ["lines[0].countedQuantity"]);
    let empty = company
        .post(ADJUSTMENTS, json!({"locationId": stock, "lines": []}))
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    let listed = company.get(ADJUSTMENTS).await;
    assert_eq!(listed.body["meta"]["total"], 0, "{:?}", listed.body);

    // Another company's product and adjustment are not this company's.
    let other = company
        .app
        .create_company_with(
            &company.token,
            json!({"name": "Other LLC", "currency": "AED", "country": "AE", "chartTemplate": "uae"}),
        )
        .await;
    let read_theirs = company
        .app
        .get(&format!("{PRODUCTS}/{bolts}"), &company.token, Some(other))
        .await;
    assert_eq!(read_theirs.status, StatusCode::NOT_FOUND);
    let stock_theirs = company
        .app
        .get(
            &format!("{PRODUCTS}/{bolts}/stock"),
            &company.token,
            Some(other),
        )
        .await;
    assert_eq!(stock_theirs.status, StatusCode::NOT_FOUND);
    let done = create(
        &company,
        ADJUSTMENTS,
        json!({"locationId": stock, "lines": [{"productId": bolts, "countedQuantity": "3"}]}),
    )
    .await;
    let theirs = company
        .app
        .get(
            &format!("{ADJUSTMENTS}/{}", id_of(&done)),
            &company.token,
            Some(other),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    // Booked when made: neither edited nor deleted.
    let path = format!("{ADJUSTMENTS}/{}", id_of(&done));
    let edit = company.patch(&path, json!({"reason": "typo"})).await;
    assert_eq!(edit.status, StatusCode::CONFLICT);
    assert_eq!(edit.body["code"], "stock_adjustment_not_draft");
    let delete = company.delete(&path).await;
    assert_eq!(delete.body["code"], "stock_adjustment_not_draft");
    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let as_viewer = company
        .app
        .post(
            ADJUSTMENTS,
            &viewer,
            Some(company.id),
            json!({"locationId": stock, "lines": [{"productId": bolts, "countedQuantity": "5"}]}),
        )
        .await;
    assert_eq!(as_viewer.status, StatusCode::FORBIDDEN);
    assert_eq!(on_hand(&company, &bolts).await, "3");
    levels_match_moves(&company).await;
}

#[tokio::test]
async fn a_cycle_count_records_variances_and_validates_into_one_adjustment() {
    let company = books().await;
    let (stock, _, _) = places(&company).await;
    let shelf_a = shelf(&company, &stock, "Shelf A", "SHELF-A").await;
    let pumps = product(
        &company,
        json!({"name": "Pump", "sku": "PMP-1", "type": "storable", "uom": "unit", "cost": "100"}),
    )
    .await;
    let seals = product(
        &company,
        json!({"name": "Seal", "sku": "SEL-1", "type": "storable", "uom": "unit", "cost": "1"}),
    )
    .await;
    let valves = product(
        &company,
        json!({"name": "Valve", "sku": "VLV-1", "type": "storable", "uom": "unit", "cost": "1"}),
    )
    .await;
    receive(&company, &pumps, "10", &stock).await;
    receive(&company, &seals, "5", &shelf_a).await;

    let warehouses = company.get("/api/v1/inventory/warehouses").await;
    let warehouse = warehouses.body["data"][0]["id"].clone();
    let session = create(
        &company,
        COUNTS,
        json!({"warehouseId": warehouse, "name": "Aisle 1"}),
    )
    .await;
    assert_eq!(session["number"], "WH/CC/00001");
    assert_eq!(session["name"], "Aisle 1");
    assert_eq!(session["state"], "in_progress");
    let lines = session["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 2, "{lines:?}");
    let pump_line = lines
        .iter()
        .find(|line| line["productId"] == json!(pumps))
        .expect("a line for the pumps");
    assert_eq!(pump_line["expectedQuantity"], "10");
    assert_eq!(pump_line["counted"], false);
    assert!(pump_line["difference"].is_null());

    // Pumps counted by line, seals by place, valves found where none were expected.
    let counted = company
        .post(
            &format!("{COUNTS}/{}/counts", id_of(&session)),
            json!({"counts": [
                {"lineId": pump_line["id"], "countedQuantity": "8"},
                {"productId": seals, "locationId": shelf_a, "countedQuantity": "5"},
                {"productId": valves, "locationId": stock, "countedQuantity": "2"}
            ]}),
        )
        .await;
    assert_eq!(counted.status, StatusCode::OK, "{:?}", counted.body);
    let lines = counted.body["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 3);
    let line_of = |product: &str| {
        lines
            .iter()
            .find(|line| line["productId"] == json!(product))
            .cloned()
            .expect("a line")
    };
    assert_eq!(line_of(&pumps)["difference"], "-2");
    assert_eq!(line_of(&seals)["difference"], "0");
    assert_eq!(line_of(&valves)["expectedQuantity"], "0");
    assert_eq!(line_of(&valves)["difference"], "2");

    let bad = company
        .post(
            &format!("{COUNTS}/{}/counts", id_of(&session)),
            json!({"counts": [
                {"lineId": pumps, "countedQuantity": "1"},
                {"productId": pumps, "countedQuantity": "1"},
                {"productId": pumps, "locationId": warehouse, "countedQuantity": "1"}
            ]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{:?}", bad.body);
    let fields = error_fields(&bad.body);
    for field in [
        "counts[0].lineId",
        "counts[1].locationId",
        "counts[2].locationId",
    ] {
        assert!(fields.contains(&field.to_owned()), "{field}: {fields:?}");
    }

    let validated = company
        .post(&format!("{COUNTS}/{}/validate", id_of(&session)), json!({}))
        .await;
    assert_eq!(validated.status, StatusCode::OK, "{:?}", validated.body);
    assert_eq!(validated.body["state"], "done");
    let adjustment_id = validated.body["adjustmentId"]
        .as_str()
        .expect("an adjustment");
    let adjustment = company.get(&format!("{ADJUSTMENTS}/{adjustment_id}")).await;
    assert_eq!(adjustment.body["number"], "WH/ADJ/00001");
    assert_eq!(adjustment.body["value"], "-198.00");
    assert_eq!(on_hand(&company, &pumps).await, "8");
    assert_eq!(on_hand(&company, &valves).await, "2");
    assert_eq!(on_hand(&company, &seals).await, "5");

    let again = company
        .post(
            &format!("{COUNTS}/{}/counts", id_of(&session)),
            json!({"counts": [{"lineId": pump_line["id"], "countedQuantity": "9"}]}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "cycle_count_not_in_progress");

    // By ABC class: the pumps hold almost all the value (class A), seals and valves C.
    let class_a = create(
        &company,
        COUNTS,
        json!({"warehouseId": warehouse, "abcClass": "A"}),
    )
    .await;
    let products: Vec<&Value> = class_a["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|line| &line["productId"])
        .collect();
    assert_eq!(products, [&json!(pumps)]);
    // By location: the shelf holds only seals.
    let on_shelf = create(
        &company,
        COUNTS,
        json!({"warehouseId": warehouse, "locationIds": [shelf_a]}),
    )
    .await;
    assert_eq!(on_shelf["lines"].as_array().map(Vec::len), Some(1));
    assert_eq!(on_shelf["lines"][0]["productId"], json!(seals));
    let (clerk, _) = company.member("clerk@arkan.test", "inventory").await;
    let cancelled = company
        .post(&format!("{COUNTS}/{}/cancel", id_of(&on_shelf)), json!({}))
        .await;
    assert_eq!(cancelled.body["state"], "cancelled");
    let gone = company
        .delete(&format!("{COUNTS}/{}", id_of(&on_shelf)))
        .await;
    assert_eq!(gone.status, StatusCode::CONFLICT);
    assert_eq!(gone.body["code"], "cycle_count_not_in_progress");
    let renamed = company
        .patch(
            &format!("{COUNTS}/{}", id_of(&class_a)),
            json!({"name": "Class A, December", "assigneeId": clerk}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);
    assert_eq!(renamed.body["name"], "Class A, December");
    assert_eq!(renamed.body["assigneeId"], json!(clerk));
    let nothing = company
        .post(&format!("{COUNTS}/{}/validate", id_of(&class_a)), json!({}))
        .await;
    assert_eq!(
        nothing.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        nothing.body
    );
    let deleted = company
        .delete(&format!("{COUNTS}/{}", id_of(&class_a)))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    let read = company.get(&format!("{COUNTS}/{}", id_of(&class_a))).await;
    assert_eq!(read.status, StatusCode::NOT_FOUND);
    let listed = company
        .get(&format!("{COUNTS}?sort=number&order=asc"))
        .await;
    let numbers: Vec<&str> = listed.body["data"]
        .as_array()
        .expect("sessions")
        .iter()
        .filter_map(|count| count["number"].as_str())
        .collect();
    assert_eq!(numbers, ["WH/CC/00001", "WH/CC/00003"]);
    let bad_start = company
        .post(
            COUNTS,
            json!({"warehouseId": stock, "abcClass": "D", "locationIds": [warehouse],
                   "assigneeId": stock}),
        )
        .await;
    assert_eq!(bad_start.status, StatusCode::BAD_REQUEST);
    let fields = error_fields(&bad_start.body);
    assert!(fields.contains(&"warehouseId".to_owned()), "{fields:?}");
    assert!(fields.contains(&"abcClass".to_owned()), "{fields:?}");
    assert!(fields.contains(&"assigneeId".to_owned()), "{fields:?}");
    levels_match_moves(&company).await;
}

#[tokio::test]
async fn a_scanned_move_finds_product_and_places_by_barcode_and_names_an_unknown_one() {
    let company = books().await;
    let (stock, _, _) = places(&company).await;
    let bin = shelf(&company, &stock, "Bin 7", "BIN-7").await;
    let gauge = product(
        &company,
        json!({"name": "Gauge", "sku": "GAU-1", "barcode": "4006381333931",
               "type": "storable", "uom": "unit"}),
    )
    .await;
    receive(&company, &gauge, "5", &stock).await;

    let moved = create(
        &company,
        QUICK_MOVE,
        json!({"productBarcode": "4006381333931", "sourceLocationBarcode": "WH-STOCK",
               "destinationLocationBarcode": "BIN-7", "quantity": "2"}),
    )
    .await;
    assert_eq!(moved["state"], "done");
    assert_eq!(moved["destinationLocationId"], json!(bin));
    assert_eq!(moved["quantity"], "2");
    // By SKU when no barcode matches; one unit by default.
    let by_sku = create(
        &company,
        QUICK_MOVE,
        json!({"productBarcode": "GAU-1", "sourceLocationBarcode": "BIN-7",
               "destinationLocationBarcode": "WH-STOCK"}),
    )
    .await;
    assert_eq!(by_sku["quantity"], "1");

    let unknown = company
        .post(
            QUICK_MOVE,
            json!({"productBarcode": "0000000000000", "sourceLocationBarcode": "WH-STOCK",
                   "destinationLocationBarcode": "NOWHERE"}),
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        unknown.body
    );
    let mut fields = error_fields(&unknown.body);
    fields.sort();
    assert_eq!(fields, ["destinationLocationBarcode", "productBarcode"]);
    let same_bin = company
        .post(
            QUICK_MOVE,
            json!({"productBarcode": "GAU-1", "sourceLocationBarcode": "BIN-7",
                   "destinationLocationBarcode": "BIN-7"}),
        )
        .await;
    assert_eq!(same_bin.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_fields(&same_bin.body), ["destinationLocationBarcode"]);
    let serial = product(
        &company,
        json!({"name": "Meter", "sku": "MTR-1", "type": "storable", "uom": "unit",
               "tracking": "serial"}),
    )
    .await;
    receive_lot(&company, &serial, "M-1", &stock).await;
    for (lot, field) in [(None, "lotNumber"), (Some("M-9"), "lotNumber")] {
        let refused = company
            .post(
                QUICK_MOVE,
                json!({"productBarcode": "MTR-1", "sourceLocationBarcode": "WH-STOCK",
                       "destinationLocationBarcode": "BIN-7", "lotNumber": lot}),
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{:?}",
            refused.body
        );
        assert_eq!(error_fields(&refused.body), [field]);
    }
    let scanned = create(
        &company,
        QUICK_MOVE,
        json!({"productBarcode": "MTR-1", "sourceLocationBarcode": "WH-STOCK",
               "destinationLocationBarcode": "BIN-7", "lotNumber": "M-1"}),
    )
    .await;
    assert_eq!(scanned["lots"][0]["lotNumber"], "M-1");
    let too_many = company
        .post(
            QUICK_MOVE,
            json!({"productBarcode": "GAU-1", "sourceLocationBarcode": "BIN-7",
                   "destinationLocationBarcode": "WH-STOCK", "quantity": "5"}),
        )
        .await;
    assert_eq!(too_many.status, StatusCode::CONFLICT, "{:?}", too_many.body);
    assert_eq!(too_many.body["code"], "insufficient_stock");
    let read = company.get(&format!("{PRODUCTS}/{gauge}/stock")).await;
    let at_bin = read.body["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .find(|location| location["locationId"] == json!(bin))
        .map(|location| location["onHand"].clone());
    assert_eq!(at_bin, Some(json!("1")));
    levels_match_moves(&company).await;
}

#[tokio::test]
async fn scrap_takes_stock_out_with_a_reason_standard_or_the_companys_own() {
    let company = books().await;
    let (stock, _, _) = places(&company).await;
    let tiles = product(
        &company,
        json!({"name": "Tile", "sku": "TIL-1", "type": "storable", "uom": "unit", "cost": "3.25"}),
    )
    .await;
    receive(&company, &tiles, "40", &stock).await;

    let reasons = company.get(&format!("{SCRAP}/reasons")).await;
    assert_eq!(reasons.status, StatusCode::OK, "{:?}", reasons.body);
    let codes: Vec<&str> = reasons.body["data"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(|reason| reason["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "damaged",
            "expired",
            "defective",
            "lost",
            "obsolete",
            "quality_failure",
            "other"
        ]
    );
    let own = create(
        &company,
        &format!("{SCRAP}/reasons"),
        json!({"code": "water_damage", "name": "Water damage"}),
    )
    .await;
    assert_eq!(own["standard"], false);
    for code in ["water_damage", "damaged"] {
        let taken = company
            .post(
                &format!("{SCRAP}/reasons"),
                json!({"code": code, "name": "Again"}),
            )
            .await;
        assert_eq!(taken.status, StatusCode::CONFLICT);
        assert_eq!(taken.body["code"], "scrap_reason_code_taken");
    }
    let bad_code = company
        .post(
            &format!("{SCRAP}/reasons"),
            json!({"code": "Water Damage", "name": "x"}),
        )
        .await;
    assert_eq!(bad_code.status, StatusCode::BAD_REQUEST);

    let scrap = create(
        &company,
        SCRAP,
        json!({"productId": tiles, "quantity": "1", "uom": "dozen", "locationId": stock,
               "reason": "water_damage", "notes": "Roof leak"}),
    )
    .await;
    assert_eq!(scrap["number"], "WH/SP/00001");
    assert_eq!(scrap["state"], "done");
    assert_eq!(scrap["value"], "39.00");
    let settings = company.get(SETTINGS).await;
    assert_eq!(scrap["scrapLocationId"], settings.body["scrapLocationId"]);
    assert_eq!(on_hand(&company, &tiles).await, "28");

    let bad = company
        .post(
            SCRAP,
            json!({"productId": tiles, "quantity": "0", "locationId": stock, "reason": "rain"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let fields = error_fields(&bad.body);
    assert!(fields.contains(&"quantity".to_owned()), "{fields:?}");
    assert!(fields.contains(&"reason".to_owned()), "{fields:?}");
    let too_many = company
        .post(
            SCRAP,
            json!({"productId": tiles, "quantity": "29", "locationId": stock, "reason": "damaged"}),
        )
        .await;
    assert_eq!(too_many.status, StatusCode::CONFLICT);
    assert_eq!(too_many.body["code"], "insufficient_stock");
    let paint = product(
        &company,
        json!({"name": "Paint", "sku": "PNT-2", "type": "storable", "uom": "unit",
               "tracking": "lot"}),
    )
    .await;
    receive_lot(&company, &paint, "B-7", &stock).await;
    for (lot, field) in [(None, "lotNumber"), (Some("B-8"), "lotNumber")] {
        let refused = company
            .post(
                SCRAP,
                json!({"productId": paint, "quantity": "1", "locationId": stock,
                       "reason": "expired", "lotNumber": lot}),
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{:?}",
            refused.body
        );
        assert_eq!(error_fields(&refused.body), [field]);
    }
    let expired = create(
        &company,
        SCRAP,
        json!({"productId": paint, "quantity": "1", "locationId": stock,
               "reason": "expired", "lotNumber": "B-7"}),
    )
    .await;
    assert_eq!(expired["lotNumber"], "B-7");
    assert_eq!(on_hand(&company, &paint).await, "0");
    let listed = company.get(&format!("{SCRAP}?reason=water_damage")).await;
    assert_eq!(listed.body["meta"]["total"], 1, "{:?}", listed.body);
    let read = company.get(&format!("{SCRAP}/{}", id_of(&scrap))).await;
    assert_eq!(read.body["notes"], "Roof leak");
    let undo = company.delete(&format!("{SCRAP}/{}", id_of(&scrap))).await;
    assert_eq!(undo.status, StatusCode::CONFLICT);
    assert_eq!(undo.body["code"], "scrap_not_draft");
    assert_eq!(on_hand(&company, &tiles).await, "28");
    levels_match_moves(&company).await;
}

#[tokio::test]
async fn two_clerks_booking_the_same_count_at_once_leave_the_counted_quantity() {
    let company = books().await;
    let (stock, _, _) = places(&company).await;
    let held = product(
        &company,
        json!({"name": "Fitting", "sku": "FIT-1", "type": "storable", "uom": "unit"}),
    )
    .await;
    let new = product(
        &company,
        json!({"name": "Gasket", "sku": "GSK-1", "type": "storable", "uom": "unit"}),
    )
    .await;
    receive(&company, &held, "10", &stock).await;
    // Both count 7 fittings and 4 gaskets (never held here): whichever comes second finds the
    // books already right, so nothing is booked twice.
    let count = || {
        company.post(
            ADJUSTMENTS,
            json!({"locationId": stock, "lines": [
                {"productId": held, "countedQuantity": "7"},
                {"productId": new, "countedQuantity": "4"}]}),
        )
    };
    let (first, second) = tokio::join!(count(), count());
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(second.status, StatusCode::CREATED, "{:?}", second.body);
    let mut differences: Vec<Value> = [&first.body, &second.body]
        .iter()
        .map(|body| body["lines"][0]["difference"].clone())
        .collect();
    differences.sort_by_key(ToString::to_string);
    assert_eq!(differences, [json!("-3"), json!("0")]);
    assert_eq!(on_hand(&company, &held).await, "7");
    assert_eq!(on_hand(&company, &new).await, "4");
    levels_match_moves(&company).await;
}

#[tokio::test]
async fn a_serial_counted_out_of_one_place_and_into_another_moves_in_one_count() {
    let company = books().await;
    let (stock, _, _) = places(&company).await;
    let shelf_b = shelf(&company, &stock, "Shelf B", "SHELF-B").await;
    let meter = product(
        &company,
        json!({"name": "Meter", "sku": "MTR-2", "type": "storable", "uom": "unit",
               "tracking": "serial"}),
    )
    .await;
    receive_lot(&company, &meter, "SN-42", &stock).await;
    let warehouses = company.get("/api/v1/inventory/warehouses").await;
    let warehouse = warehouses.body["data"][0]["id"].clone();
    let session = create(&company, COUNTS, json!({"warehouseId": warehouse})).await;
    assert_eq!(session["lines"][0]["lotNumber"], "SN-42");
    // Found on shelf B, not in stock: the shelf's line comes first in the count.
    let counted = company
        .post(
            &format!("{COUNTS}/{}/counts", id_of(&session)),
            json!({"counts": [
                {"productId": meter, "locationId": shelf_b, "lotNumber": "SN-42",
                 "countedQuantity": "1"},
                {"lineId": session["lines"][0]["id"], "countedQuantity": "0"}
            ]}),
        )
        .await;
    assert_eq!(counted.status, StatusCode::OK, "{:?}", counted.body);
    let validated = company
        .post(&format!("{COUNTS}/{}/validate", id_of(&session)), json!({}))
        .await;
    assert_eq!(validated.status, StatusCode::OK, "{:?}", validated.body);
    let read = company.get(&format!("{PRODUCTS}/{meter}/stock")).await;
    let at: Vec<(Value, Value)> = read.body["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|location| (location["locationId"].clone(), location["onHand"].clone()))
        .collect();
    assert_eq!(at, [(json!(shelf_b), json!("1"))]);
    levels_match_moves(&company).await;
}

#[tokio::test]
async fn a_count_that_finds_less_than_is_reserved_takes_the_reservation_back() {
    let company = books().await;
    let (stock, _, customers) = places(&company).await;
    let pipes = product(
        &company,
        json!({"name": "Pipe", "sku": "PIP-1", "type": "storable", "uom": "unit"}),
    )
    .await;
    receive(&company, &pipes, "10", &stock).await;
    let delivery = create(
        &company,
        "/api/v1/inventory/moves/transfer",
        json!({"sourceLocationId": stock, "destinationLocationId": customers, "validate": false,
               "lines": [{"productId": pipes, "quantity": "8"}]}),
    )
    .await;
    assert_eq!(delivery["state"], "assigned");

    // Only 5 are on the shelf: the delivery's 8 cannot stay reserved.
    let adjustment = create(
        &company,
        ADJUSTMENTS,
        json!({"locationId": stock, "lines": [{"productId": pipes, "countedQuantity": "5"}]}),
    )
    .await;
    assert_eq!(adjustment["lines"][0]["difference"], "-5");
    let read = company.get(&format!("{PRODUCTS}/{pipes}")).await;
    assert_eq!(read.body["stock"]["onHand"], "5");
    assert_eq!(read.body["stock"]["reserved"], "0");
    assert_eq!(read.body["stock"]["outgoing"], "8");
    let transfer = company
        .get(&format!("/api/v1/inventory/transfers/{}", id_of(&delivery)))
        .await;
    assert_eq!(transfer.body["state"], "confirmed");
    assert_eq!(transfer.body["lines"][0]["quantityReserved"], "0");
    // Once 3 more arrive, the delivery is reserved again.
    receive(&company, &pipes, "3", &stock).await;
    let retried = company
        .post(
            &format!("/api/v1/inventory/transfers/{}/confirm", id_of(&delivery)),
            json!({}),
        )
        .await;
    assert_eq!(retried.status, StatusCode::OK, "{:?}", retried.body);
    assert_eq!(retried.body["state"], "assigned");
    levels_match_moves(&company).await;
}
