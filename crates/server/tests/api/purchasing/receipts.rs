//! Where received goods go: the putaway rule of the product, the input location of a
//! two-step warehouse (the second step waiting as an internal transfer), a place the receipt
//! names; and where returns leave from.

use arkan_testkit::Company;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{ORDERS, PRODUCTS, buyer, create, id_of, names_fields, product};

const WAREHOUSES: &str = "/api/v1/inventory/warehouses";

async fn warehouse(company: &Company) -> Value {
    let reply = company.get(WAREHOUSES).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body["data"][0].clone()
}

fn text(body: &Value, field: &str) -> String {
    body[field].as_str().expect("a text").to_owned()
}

/// A confirmed order of `quantity` of `product`.
async fn confirmed(company: &Company, product: &str, quantity: &str) -> Value {
    let order = create(
        company,
        ORDERS,
        json!({"partnerId": company.partner("Gulf Supplies"),
               "lines": [{"productId": product, "quantity": quantity}]}),
    )
    .await;
    let reply = company
        .post(&format!("{ORDERS}/{}/confirm", id_of(&order)), json!({}))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

/// The product's on-hand quantity at each location that has some, by location id.
async fn on_hand(company: &Company, product: &str) -> Vec<(String, String)> {
    let reply = company.get(&format!("{PRODUCTS}/{product}/stock")).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .filter(|row| row["onHand"] != "0")
        .map(|row| (text(row, "locationId"), text(row, "onHand")))
        .collect()
}

#[tokio::test]
async fn received_goods_follow_putaway_the_reception_steps_and_a_named_place() {
    let company = buyer().await;
    let main = warehouse(&company).await;
    let shelf = id_of(
        &create(
            &company,
            "/api/v1/inventory/locations",
            json!({"name": "Shelf A", "parentId": text(&main, "stockLocationId"), "type": "internal"}),
        )
        .await,
    );
    let bolts = product(&company, "Bolts", "2", None).await;
    create(
        &company,
        "/api/v1/inventory/putaway/rules",
        json!({"warehouseId": id_of(&main), "productId": bolts, "locationId": shelf}),
    )
    .await;
    let order = confirmed(&company, &bolts, "10").await;
    let path = format!("{ORDERS}/{}", id_of(&order));
    let line = text(&order["lines"][0], "id");
    let received = company
        .post(
            &format!("{path}/receive"),
            json!({"lines": [{"lineId": line, "quantity": "4"}]}),
        )
        .await;
    assert_eq!(received.status, StatusCode::OK, "{:?}", received.body);
    assert_eq!(
        on_hand(&company, &bolts).await,
        vec![(shelf.clone(), "4".to_owned())]
    );

    // A place of another warehouse is refused; the warehouse's stock location is taken.
    let other = create(
        &company,
        WAREHOUSES,
        json!({"name": "Dubai", "code": "DXB"}),
    )
    .await;
    let refused = company
        .post(
            &format!("{path}/receive"),
            json!({"lines": [{"lineId": line, "quantity": "1", "locationId": text(&other, "stockLocationId")}]}),
        )
        .await;
    names_fields(&refused, &["lines[0].locationId"]);
    let stock = text(&main, "stockLocationId");
    let named = company
        .post(
            &format!("{path}/receive"),
            json!({"lines": [{"lineId": line, "quantity": "1", "locationId": stock}]}),
        )
        .await;
    assert_eq!(named.status, StatusCode::OK, "{:?}", named.body);

    // Two-step reception: the rest waits at the input location.
    let steps = company
        .patch(
            &format!("{WAREHOUSES}/{}", id_of(&main)),
            json!({"receptionSteps": "two_steps"}),
        )
        .await;
    assert_eq!(steps.status, StatusCode::OK, "{:?}", steps.body);
    let rest = company.post(&format!("{path}/receive"), json!({})).await;
    assert_eq!(rest.status, StatusCode::OK, "{:?}", rest.body);
    assert_eq!(rest.body["receiptState"], "received");
    let mut places = on_hand(&company, &bolts).await;
    places.sort();
    let mut expected = vec![
        (shelf.clone(), "4".to_owned()),
        (stock.clone(), "1".to_owned()),
        (text(&main, "inputLocationId"), "5".to_owned()),
    ];
    expected.sort();
    assert_eq!(places, expected);
    // Its second step waits as an internal transfer from the input to where putaway stores
    // the product, its goods reserved.
    let transfers = company.get("/api/v1/inventory/transfers?limit=100").await;
    let internal: Vec<&Value> = transfers.body["data"]
        .as_array()
        .expect("transfers")
        .iter()
        .filter(|transfer| transfer["type"] == "internal")
        .collect();
    assert_eq!(internal.len(), 1, "{:?}", transfers.body);
    assert_eq!(internal[0]["sourceLocationId"], main["inputLocationId"]);
    assert_eq!(internal[0]["destinationLocationId"], json!(shelf));
    assert_eq!(internal[0]["state"], "assigned");
    assert_eq!(internal[0]["lines"][0]["quantity"], "5");

    // Returns leave the stock location unless a line names the shelf.
    let back = company
        .post(
            &format!("{path}/return"),
            json!({"lines": [{"lineId": line, "quantity": "2", "locationId": shelf}]}),
        )
        .await;
    assert_eq!(back.status, StatusCode::CREATED, "{:?}", back.body);
    assert_eq!(back.body["number"], "WH/RET/00001");
    let short = company
        .post(
            &format!("{path}/return"),
            json!({"lines": [{"lineId": line, "quantity": "2"}]}),
        )
        .await;
    assert_eq!(short.status, StatusCode::CONFLICT, "{:?}", short.body);
    assert_eq!(short.body["code"], "insufficient_stock");
    let order = company.get(&path).await;
    assert_eq!(order.body["lines"][0]["quantityReturned"], "2");
    // The receipts only: the return is a transfer of its own.
    assert_eq!(order.body["receiptIds"].as_array().map(Vec::len), Some(3));
}
