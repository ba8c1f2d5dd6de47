//! Sales deliveries: made and reserved on confirmation, delivered in part with a backorder,
//! the cost of goods sold posted at FIFO cost, available-to-promise, drafts from an order,
//! cancelling, bad input, wrong states, tenancy and roles.

use arkan_testkit::Company;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{ORDERS, SETTINGS, create, id_of, names_fields, product, seller};
use crate::inventory::places;
use crate::inventory::valuation::{balance, move_stock};

pub const DELIVERIES: &str = "/api/v1/sales/deliveries";
const COGS: &str = "/api/v1/sales/billing/cogs";

/// A storable product of a FIFO category, with 2 received at 100 and 3 at 130 (590.00 in
/// stock): `(product, stock location, customers location)`.
pub async fn fifo_stock(company: &Company) -> (String, String, String) {
    let category = create(
        company,
        "/api/v1/inventory/categories",
        json!({"name": "FIFO goods", "costingMethod": "fifo"}),
    )
    .await;
    let chairs = create(
        company,
        "/api/v1/inventory/products",
        json!({"name": "Office Chair", "sku": "CH-1", "type": "storable", "uom": "unit",
               "categoryId": id_of(&category), "salePrice": "450", "cost": "100",
               "saleTaxIds": [company.tax("VAT 5%")]}),
    )
    .await;
    let chairs = id_of(&chairs);
    let (stock, vendors, customers) = places(company).await;
    move_stock(company, &chairs, (&vendors, &stock), "2", Some("100")).await;
    move_stock(company, &chairs, (&vendors, &stock), "3", Some("130")).await;
    (chairs, stock, customers)
}

/// A confirmed order of `quantity` of `product` for the client.
pub async fn confirmed_order(company: &Company, product: &str, quantity: &str) -> Value {
    let client = company.partner("Al Noor Trading");
    let order = create(
        company,
        ORDERS,
        json!({"partnerId": client, "orderDate": "2026-03-12",
               "lines": [{"productId": product, "quantity": quantity}]}),
    )
    .await;
    let confirmed = company
        .post(&format!("{ORDERS}/{}/confirm", id_of(&order)), json!({}))
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);
    confirmed.body
}

/// The order's only delivery id.
pub fn only_delivery(order: &Value) -> String {
    let ids = order["deliveryIds"].as_array().expect("delivery ids");
    assert_eq!(ids.len(), 1, "{order:?}");
    ids[0].as_str().expect("an id").to_owned()
}

async fn atp(company: &Company, product: &str) -> Value {
    let reply = company
        .get(&format!("{DELIVERIES}/atp/{product}?date=2026-12-31"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

async fn post_ok(company: &Company, path: &str, body: Value) -> Value {
    let reply = company.post(path, body).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn a_confirmed_order_is_delivered_in_part_at_fifo_cost_with_a_backorder() {
    let company = seller().await;
    let (chairs, _, _) = fifo_stock(&company).await;
    let before = atp(&company, &chairs).await;
    assert_eq!(
        (&before["onHand"], &before["reserved"], &before["atp"]),
        (&json!("5"), &json!("0"), &json!("5"))
    );
    assert_eq!(before["uom"], "unit");

    // deliveryOnConfirm: the order's delivery is made, numbered and reserved.
    let order = confirmed_order(&company, &chairs, "5").await;
    let delivery_id = only_delivery(&order);
    let path = format!("{DELIVERIES}/{delivery_id}");
    let delivery = company.get(&path).await.body;
    assert_eq!(delivery["state"], "assigned", "{delivery:?}");
    assert_eq!(delivery["number"], "WH/OUT/00001");
    assert_eq!(delivery["orderId"], order["id"]);
    assert_eq!(delivery["lines"][0]["quantity"], "5");
    assert_eq!(delivery["lines"][0]["quantityReserved"], "5");
    assert_eq!(delivery["lines"][0]["orderLineId"], order["lines"][0]["id"]);
    let reserved = atp(&company, &chairs).await;
    assert_eq!(
        (
            &reserved["onHand"],
            &reserved["reserved"],
            &reserved["outgoing"],
            &reserved["atp"]
        ),
        (&json!("5"), &json!("5"), &json!("5"), &json!("0"))
    );
    assert_eq!(reserved["timeline"][0]["outgoing"], "5");

    // Not done yet: no COGS entry.
    let early = company
        .post(&format!("{COGS}/{delivery_id}"), json!({}))
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(early.body["code"], "delivery_not_done");

    // 2 of 5 leave: the two oldest at 100 each.
    let line = delivery["lines"][0]["id"].clone();
    let done = post_ok(
        &company,
        &format!("{path}/deliver"),
        json!({"date": "2026-03-15", "lines": [{"lineId": line, "quantity": "2"}]}),
    )
    .await;
    assert_eq!(done["state"], "done");
    assert_eq!(done["lines"][0]["quantityDelivered"], "2");
    let backorder_id = done["backorderId"]
        .as_str()
        .expect("a backorder")
        .to_owned();
    let backorder = company
        .get(&format!("{DELIVERIES}/{backorder_id}"))
        .await
        .body;
    assert_eq!(backorder["state"], "assigned");
    assert_eq!(backorder["number"], "WH/OUT/00002");
    assert_eq!(backorder["lines"][0]["quantity"], "3");
    assert_eq!(backorder["lines"][0]["quantityReserved"], "3");
    assert_eq!(
        backorder["lines"][0]["orderLineId"],
        order["lines"][0]["id"]
    );

    let order_path = format!("{ORDERS}/{}", id_of(&order));
    let seen = company.get(&order_path).await.body;
    assert_eq!(seen["deliveryState"], "partial");
    assert_eq!(seen["lines"][0]["quantityDelivered"], "2");
    assert_eq!(seen["deliveryIds"].as_array().expect("ids").len(), 2);

    // The COGS entry: 200.00 from stock valuation to cost of goods sold, dated as delivered.
    let entry = post_ok(&company, &format!("{COGS}/{delivery_id}"), json!({})).await;
    assert_eq!(done["cogsEntryId"], entry["id"]);
    assert_eq!(entry["state"], "posted");
    assert_eq!(entry["date"], "2026-03-15");
    assert_eq!(entry["totalDebit"], "200.00");
    assert_eq!(entry["journalId"], json!(company.journal("STJ")));
    assert_eq!(balance(&company, "501000").await, "200.00");
    assert_eq!(balance(&company, "120000").await, "390.00");

    let after = atp(&company, &chairs).await;
    assert_eq!(
        (&after["onHand"], &after["reserved"], &after["atp"]),
        (&json!("3"), &json!("3"), &json!("0"))
    );

    // The rest, at 130 each.
    let rest = post_ok(
        &company,
        &format!("{DELIVERIES}/{backorder_id}/deliver"),
        json!({"date": "2026-03-16"}),
    )
    .await;
    assert_eq!(rest["state"], "done");
    assert_eq!(rest["backorderId"], Value::Null);
    assert_eq!(balance(&company, "501000").await, "590.00");
    assert_eq!(balance(&company, "120000").await, "0.00");
    let seen = company.get(&order_path).await.body;
    assert_eq!(seen["deliveryState"], "delivered");
    assert_eq!(seen["lines"][0]["quantityDelivered"], "5");

    // Goods left: the order is not cancelled.
    let cancel = company
        .post(&format!("{order_path}/cancel"), json!({}))
        .await;
    assert_eq!(cancel.status, StatusCode::CONFLICT);
    assert_eq!(cancel.body["code"], "order_has_deliveries");
    let again = company.post(&format!("{path}/deliver"), json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "delivery_not_open");
}

#[tokio::test]
async fn a_draft_delivery_is_made_from_an_order_confirmed_and_cancelled() {
    let company = seller().await;
    let (chairs, _, _) = fifo_stock(&company).await;
    let settings = company
        .patch(SETTINGS, json!({"deliveryOnConfirm": false}))
        .await;
    assert_eq!(settings.status, StatusCode::OK, "{:?}", settings.body);
    let client = company.partner("Al Noor Trading");
    let draft_order = create(
        &company,
        ORDERS,
        json!({"partnerId": client, "lines": [{"productId": chairs, "quantity": "1"}]}),
    )
    .await;
    let refused = company
        .post(
            &format!("{DELIVERIES}/from-order/{}", id_of(&draft_order)),
            json!({}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.body["code"], "sales_order_not_confirmed");

    let order = confirmed_order(&company, &chairs, "4").await;
    assert_eq!(order["deliveryIds"], json!([]));
    let from = format!("{DELIVERIES}/from-order/{}", id_of(&order));
    let line = order["lines"][0]["id"].clone();
    let bad = company
        .post(
            &from,
            json!({"scheduledDate": "2026-13-01",
                   "lines": [{"lineId": line, "quantity": "5"}]}),
        )
        .await;
    names_fields(&bad, &["scheduledDate"]);
    let bad = company
        .post(
            &from,
            json!({"lines": [{"lineId": line, "quantity": "5"},
                                      {"lineId": order["id"], "quantity": "1"}]}),
        )
        .await;
    names_fields(&bad, &["lines[0].quantity", "lines[1].lineId"]);

    let first = create(
        &company,
        &from,
        json!({"scheduledDate": "2026-03-20", "carrier": "Aramex",
               "lines": [{"lineId": line, "quantity": "1"}]}),
    )
    .await;
    assert_eq!(first["state"], "draft");
    assert_eq!(first["number"], Value::Null);
    assert_eq!(first["carrier"], "Aramex");
    assert_eq!(first["scheduledDate"], "2026-03-20");
    let second = create(&company, &from, json!({})).await;
    assert_eq!(second["lines"][0]["quantity"], "3");
    let none = company.post(&from, json!({})).await;
    assert_eq!(none.status, StatusCode::CONFLICT);
    assert_eq!(none.body["code"], "nothing_to_deliver");

    // A draft is not delivered before it is confirmed.
    let path = format!("{DELIVERIES}/{}", id_of(&first));
    let early = company.post(&format!("{path}/deliver"), json!({})).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(early.body["code"], "delivery_not_open");
    let confirmed = post_ok(&company, &format!("{path}/confirm"), json!({})).await;
    assert_eq!(confirmed["state"], "assigned");
    assert_eq!(confirmed["number"], "WH/OUT/00001");
    assert_eq!(confirmed["lines"][0]["quantityReserved"], "1");
    let twice = company.post(&format!("{path}/confirm"), json!({})).await;
    assert_eq!(twice.body["code"], "delivery_not_open");
    let too_much = company
        .post(
            &format!("{path}/deliver"),
            json!({"lines": [{"lineId": confirmed["lines"][0]["id"], "quantity": "2"}]}),
        )
        .await;
    names_fields(&too_much, &["lines[0].quantity"]);

    // Cancelling gives the reservation back and frees the quantity for a new delivery.
    let cancelled = post_ok(&company, &format!("{path}/cancel"), json!({})).await;
    assert_eq!(cancelled["state"], "cancelled");
    assert_eq!(atp(&company, &chairs).await["reserved"], "0");
    let again = create(&company, &from, json!({})).await;
    assert_eq!(again["lines"][0]["quantity"], "1");
    let listed = company
        .get(&format!(
            "{DELIVERIES}?order_id={}&state=draft",
            id_of(&order)
        ))
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(listed.body["data"].as_array().expect("rows").len(), 2);

    // The order is cancelled with its open deliveries while nothing left.
    let order_path = format!("{ORDERS}/{}", id_of(&order));
    post_ok(&company, &format!("{order_path}/cancel"), json!({})).await;
    let left = company
        .get(&format!(
            "{DELIVERIES}?order_id={}&state=cancelled",
            id_of(&order)
        ))
        .await;
    assert_eq!(left.body["data"].as_array().expect("rows").len(), 3);
}

#[tokio::test]
async fn goods_that_are_not_valued_have_no_cogs_entry() {
    let company = seller().await;
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let (stock, vendors, _) = places(&company).await;
    move_stock(&company, &desk, (&vendors, &stock), "1", None).await;
    let order = confirmed_order(&company, &desk, "1").await;
    let delivery = only_delivery(&order);
    let done = post_ok(
        &company,
        &format!("{DELIVERIES}/{delivery}/deliver"),
        json!({}),
    )
    .await;
    assert_eq!(done["state"], "done");
    assert_eq!(done["cogsEntryId"], Value::Null);
    let cogs = company.post(&format!("{COGS}/{delivery}"), json!({})).await;
    assert_eq!(cogs.status, StatusCode::CONFLICT);
    assert_eq!(cogs.body["code"], "delivery_not_valued");
    let seen = company
        .get(&format!("{ORDERS}/{}", id_of(&order)))
        .await
        .body;
    assert_eq!(seen["deliveryState"], "delivered");
}

#[tokio::test]
async fn another_companys_deliveries_are_unseen_and_a_viewer_only_reads() {
    let company = seller().await;
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let order = confirmed_order(&company, &desk, "1").await;
    let delivery = only_delivery(&order);
    let path = format!("{DELIVERIES}/{delivery}");
    let other = company.another_company("Other LLC").await;
    let seen = company.app.get(&path, &company.token, Some(other)).await;
    assert_eq!(seen.status, StatusCode::NOT_FOUND);
    let deliver = company
        .app
        .post(
            &format!("{path}/deliver"),
            &company.token,
            Some(other),
            json!({}),
        )
        .await;
    assert_eq!(deliver.status, StatusCode::NOT_FOUND);
    let from = company
        .app
        .post(
            &format!("{DELIVERIES}/from-order/{}", id_of(&order)),
            &company.token,
            Some(other),
            json!({}),
        )
        .await;
    assert_eq!(from.status, StatusCode::NOT_FOUND);
    let atp = company
        .app
        .get(
            &format!("{DELIVERIES}/atp/{desk}"),
            &company.token,
            Some(other),
        )
        .await;
    assert_eq!(atp.status, StatusCode::NOT_FOUND);
    let listed = company
        .app
        .get(DELIVERIES, &company.token, Some(other))
        .await;
    assert_eq!(listed.body["data"], json!([]));

    let (_, viewer) = company.member("viewer@example.com", "viewer").await;
    let read = company.app.get(&path, &viewer, Some(company.id)).await;
    assert_eq!(read.status, StatusCode::OK);
    for step in ["deliver", "cancel", "confirm"] {
        let refused = company
            .app
            .post(
                &format!("{path}/{step}"),
                &viewer,
                Some(company.id),
                json!({}),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{step}");
    }
    let bad = company.get(&format!("{DELIVERIES}?state=lost")).await;
    names_fields(&bad, &["state"]);
}
