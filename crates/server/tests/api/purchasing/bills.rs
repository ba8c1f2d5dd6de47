//! Vendor bills from purchase orders (Order 13): a bill of what arrived, matched and posted
//! against goods received not invoiced; a bill priced above the order refused at posting, then
//! posted with an override; billed quantities and the billing state following posting and
//! cancelling; the bill control; bad input, wrong states, another company's order, roles.

use arkan_testkit::Company;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{ORDERS, PRODUCTS, buyer, create, id_of, names_fields};

const SETTINGS: &str = "/api/v1/inventory/settings";
const INVOICES: &str = "/api/v1/accounting/invoices";
/// Goods received not invoiced: receipts credit it, bills from orders debit it.
const GRNI: &str = "203100";

/// An average-cost storable product without taxes.
async fn goods(company: &Company, name: &str) -> String {
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
            json!({"name": name, "sku": name.to_uppercase().replace(' ', "-"), "type": "storable",
                   "uom": "unit", "categoryId": id_of(&category), "cost": "1", "purchaseTaxIds": []}),
        )
        .await,
    )
}

/// A confirmed order of `lines` (`[(product, quantity, unit price)]`).
async fn confirmed(company: &Company, lines: &[(&str, &str, &str)]) -> Value {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(product, quantity, price)| {
            json!({"productId": product, "quantity": quantity, "unitPrice": price})
        })
        .collect();
    let order = create(
        company,
        ORDERS,
        json!({"partnerId": company.partner("Gulf Supplies"), "orderDate": "2026-03-01",
               "lines": lines}),
    )
    .await;
    let reply = company
        .post(&format!("{ORDERS}/{}/confirm", id_of(&order)), json!({}))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["state"], "confirmed");
    reply.body
}

fn line(order: &Value, index: usize) -> String {
    order["lines"][index]["id"]
        .as_str()
        .expect("a line id")
        .to_owned()
}

/// Receives `lines` of the order, or everything still open when `lines` is `[]`.
async fn receive(company: &Company, order: &Value, lines: Value) -> Value {
    let mut body = json!({"date": "2026-03-05"});
    if lines != json!([]) {
        body["lines"] = lines;
    }
    let reply = company
        .post(&format!("{ORDERS}/{}/receive", id_of(order)), body)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

async fn order_now(company: &Company, order: &Value) -> Value {
    let reply = company.get(&format!("{ORDERS}/{}", id_of(order))).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

async fn bill(company: &Company, order: &Value, body: Value) -> Value {
    let reply = company
        .post(&format!("{ORDERS}/{}/bill", id_of(order)), body)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn a_bill_of_what_arrived_matches_and_clears_goods_received_not_invoiced() {
    let company = buyer().await;
    let pipe = goods(&company, "Steel Pipe").await;
    let order = confirmed(&company, &[(&pipe, "10", "20")]).await;
    assert_eq!(order["billingState"], "nothing");
    receive(
        &company,
        &order,
        json!([{"lineId": line(&order, 0), "quantity": "6"}]),
    )
    .await;
    assert_eq!(order_now(&company, &order).await["billingState"], "to_bill");
    assert_eq!(company.balance(GRNI).await, "-120.00");

    // Without lines: what arrived and is not billed, at the order's price.
    let made = bill(
        &company,
        &order,
        json!({"invoiceDate": "2026-03-06", "reference": "GS-1001"}),
    )
    .await;
    assert_eq!(made["kind"], "vendor_bill");
    assert_eq!(made["state"], "draft");
    assert_eq!(made["purchaseOrderId"], order["id"]);
    assert_eq!(made["reference"], "GS-1001");
    assert_eq!(made["amountTotal"], "120.00");
    assert_eq!(made["lines"][0]["quantity"], "6");
    assert_eq!(
        made["lines"][0]["purchaseOrderLineId"],
        json!(line(&order, 0))
    );
    assert_eq!(made["lines"][0]["accountId"], json!(company.account(GRNI)));
    assert_eq!(
        made["match"],
        json!({"state": "matched", "lines": [{
            "purchaseOrderLineId": line(&order, 0), "ordered": "10", "received": "6",
            "billed": "6", "poUnitPrice": "20", "unitPrice": "20",
            "quantityOk": true, "priceOk": true}]})
    );
    // A draft bills nothing yet.
    let pending = order_now(&company, &order).await;
    assert_eq!(pending["invoiceIds"], json!([made["id"]]));
    assert_eq!(pending["lines"][0]["quantityBilled"], "0");

    let posted = company
        .post_invoice(id_of(&made).parse().expect("a uuid"))
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(company.balance(GRNI).await, "0.00");
    let billed = order_now(&company, &order).await;
    assert_eq!(billed["lines"][0]["quantityBilled"], "6");
    // What arrived is billed; the rest has not come.
    assert_eq!(billed["billingState"], "nothing");

    // Nothing left to bill until the rest arrives.
    let nothing = company
        .post(
            &format!("{ORDERS}/{}/bill", id_of(&order)),
            json!({"invoiceDate": "2026-03-06", "reference": "GS-1002"}),
        )
        .await;
    assert_eq!(nothing.status, StatusCode::CONFLICT, "{:?}", nothing.body);
    assert_eq!(nothing.code(), "nothing_to_bill");
}

#[tokio::test]
async fn a_bill_priced_above_the_order_is_refused_then_posted_with_an_override() {
    let company = buyer().await;
    let pipe = goods(&company, "Copper Pipe").await;
    let valve = goods(&company, "Brass Valve").await;
    let order = confirmed(&company, &[(&pipe, "4", "50"), (&valve, "2", "12.5")]).await;
    receive(&company, &order, json!([])).await;
    let received = order_now(&company, &order).await;
    assert_eq!(received["receiptState"], "received", "{received:?}");
    assert_eq!(received["billingState"], "to_bill");

    // The pipe billed 2 % above the order: the tolerance allows 1 %.
    let tolerance = company
        .patch(SETTINGS, json!({"billPriceTolerancePercent": "1"}))
        .await;
    assert_eq!(tolerance.status, StatusCode::OK, "{:?}", tolerance.body);
    let made = bill(
        &company,
        &order,
        json!({"invoiceDate": "2026-03-07", "reference": "GS-2001", "lines": [
            {"lineId": line(&order, 0), "quantity": "4", "unitPrice": "51"},
            {"lineId": line(&order, 1), "quantity": "2"}]}),
    )
    .await;
    assert_eq!(made["match"]["state"], "mismatch");
    assert_eq!(made["match"]["lines"][0]["priceOk"], false);
    assert_eq!(made["match"]["lines"][0]["quantityOk"], true);
    assert_eq!(made["match"]["lines"][1]["priceOk"], true);
    let path = format!("{INVOICES}/{}/post", id_of(&made));
    let refused = company.post(&path, json!({})).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    assert_eq!(refused.code(), "three_way_match_failed");
    assert_eq!(
        refused.body["lines"],
        json!([{"purchaseOrderLineId": line(&order, 0), "quantityOk": true, "priceOk": false}])
    );
    // Refused means nothing was written: still a draft, no number taken, nothing billed.
    let draft = company.get(&format!("{INVOICES}/{}", id_of(&made))).await;
    assert_eq!(draft.body["state"], "draft");
    assert!(draft.body["number"].is_null());
    assert_eq!(
        order_now(&company, &order).await["lines"][0]["quantityBilled"],
        "0"
    );
    assert_eq!(company.balance(GRNI).await, "-225.00");

    // A purchasing member may make bills but not post them.
    let (_, buyer_token) = company.member("buyer@example.com", "purchasing").await;
    let by_buyer = company
        .app
        .post(
            &path,
            &buyer_token,
            Some(company.id),
            json!({"overrideMatch": true}),
        )
        .await;
    assert_eq!(
        by_buyer.status,
        StatusCode::FORBIDDEN,
        "{:?}",
        by_buyer.body
    );

    let overridden = company.post(&path, json!({"overrideMatch": true})).await;
    assert_eq!(overridden.status, StatusCode::OK, "{:?}", overridden.body);
    assert_eq!(overridden.body["number"], "BILL/2026/00001");
    // 4 x 51 + 2 x 12.50 = 229: four more than the receipts credited.
    assert_eq!(company.balance(GRNI).await, "4.00");
    let billed = order_now(&company, &order).await;
    assert_eq!(billed["billingState"], "billed");
    assert_eq!(billed["lines"][0]["quantityBilled"], "4");
    assert_eq!(billed["lines"][1]["quantityBilled"], "2");

    // Billing more than arrived is a quantity mismatch.
    let again = bill(
        &company,
        &order,
        json!({"invoiceDate": "2026-03-08", "reference": "GS-2002",
               "lines": [{"lineId": line(&order, 1), "quantity": "1"}]}),
    )
    .await;
    assert_eq!(again["match"]["lines"][0]["billed"], "3");
    assert_eq!(again["match"]["lines"][0]["quantityOk"], false);

    // Cancelling the posted bill takes its quantities back.
    let cancelled = company
        .post(&format!("{INVOICES}/{}/cancel", id_of(&made)), json!({}))
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    let reopened = order_now(&company, &order).await;
    assert_eq!(reopened["billingState"], "to_bill");
    assert_eq!(reopened["lines"][0]["quantityBilled"], "0");
}

#[tokio::test]
async fn under_ordered_control_a_bill_may_come_before_the_goods() {
    let company = buyer().await;
    let cable = goods(&company, "Cable Drum").await;
    let order = confirmed(&company, &[(&cable, "3", "100")]).await;
    let under_receipts = company
        .post(
            &format!("{ORDERS}/{}/bill", id_of(&order)),
            json!({"invoiceDate": "2026-03-02", "reference": "ADV-1"}),
        )
        .await;
    assert_eq!(under_receipts.code(), "nothing_to_bill");
    let control = company
        .patch(SETTINGS, json!({"billControl": "ordered"}))
        .await;
    assert_eq!(control.status, StatusCode::OK, "{:?}", control.body);
    assert_eq!(order_now(&company, &order).await["billingState"], "nothing");
    let made = bill(
        &company,
        &order,
        json!({"invoiceDate": "2026-03-02", "reference": "ADV-1", "dueDate": "2026-04-01"}),
    )
    .await;
    assert_eq!(made["dueDate"], "2026-04-01");
    assert_eq!(made["lines"][0]["quantity"], "3");
    assert_eq!(made["match"]["state"], "matched");
    let posted = company
        .post(&format!("{INVOICES}/{}/post", id_of(&made)), json!({}))
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(order_now(&company, &order).await["billingState"], "billed");
    // Billed before anything arrived: goods received not invoiced carries the advance.
    assert_eq!(company.balance(GRNI).await, "300.00");
}

#[tokio::test]
async fn bad_bills_are_refused_and_change_nothing() {
    let company = buyer().await;
    let pipe = goods(&company, "Plastic Pipe").await;
    let order = confirmed(&company, &[(&pipe, "5", "8")]).await;
    receive(&company, &order, json!([])).await;
    let other = confirmed(&company, &[(&pipe, "1", "8")]).await;
    let path = format!("{ORDERS}/{}/bill", id_of(&order));

    let missing = company
        .post(&path, json!({"invoiceDate": "March", "reference": " "}))
        .await;
    names_fields(&missing, &["invoiceDate", "reference"]);
    let bad_lines = company
        .post(
            &path,
            json!({"invoiceDate": "2026-03-06", "reference": "X-1", "lines": [
                {"lineId": line(&other, 0), "quantity": "1"},
                {"lineId": line(&order, 0), "quantity": "0"},
                {"lineId": line(&order, 0), "quantity": "1", "unitPrice": "-2"}]}),
        )
        .await;
    names_fields(
        &bad_lines,
        &[
            "lines[0].lineId",
            "lines[1].quantity",
            "lines[2].lineId",
            "lines[2].unitPrice",
        ],
    );
    let unknown = company
        .post(
            &path,
            json!({"invoiceDate": "2026-03-06", "reference": "X-1", "total": 5}),
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        unknown.body
    );

    // A draft order cannot be billed.
    let draft = create(
        &company,
        ORDERS,
        json!({"partnerId": company.partner("Gulf Supplies"),
               "lines": [{"productId": pipe, "quantity": "1"}]}),
    )
    .await;
    let not_confirmed = company
        .post(
            &format!("{ORDERS}/{}/bill", id_of(&draft)),
            json!({"invoiceDate": "2026-03-06", "reference": "X-2"}),
        )
        .await;
    assert_eq!(not_confirmed.status, StatusCode::CONFLICT);
    assert_eq!(not_confirmed.code(), "purchase_order_not_confirmed");

    // Another company's order is not found; a viewer writes nothing.
    let elsewhere = company.another_company("Elsewhere LLC").await;
    let foreign = company
        .app
        .post(
            &path,
            &company.token,
            Some(elsewhere),
            json!({"invoiceDate": "2026-03-06", "reference": "X-3"}),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{:?}", foreign.body);
    let (_, viewer) = company.member("viewer@example.com", "viewer").await;
    let by_viewer = company
        .app
        .post(
            &path,
            &viewer,
            Some(company.id),
            json!({"invoiceDate": "2026-03-06", "reference": "X-4"}),
        )
        .await;
    assert_eq!(
        by_viewer.status,
        StatusCode::FORBIDDEN,
        "{:?}",
        by_viewer.body
    );

    let bills = company.get(&format!("{INVOICES}?kind=vendor_bill")).await;
    assert_eq!(bills.body["data"], json!([]), "{:?}", bills.body);
    assert_eq!(order_now(&company, &order).await["invoiceIds"], json!([]));
}

#[tokio::test]
async fn services_are_billed_as_ordered_and_a_bill_keeps_its_order_lines() {
    let company = buyer().await;
    let service = id_of(
        &create(
            &company,
            PRODUCTS,
            json!({"name": "Crane hire", "sku": "CRANE-HIRE", "type": "service",
                   "uom": "day", "cost": "900", "purchaseTaxIds": []}),
        )
        .await,
    );
    let order = confirmed(&company, &[(&service, "2", "900")]).await;
    // Nothing to receive: the service may be billed at once.
    assert_eq!(order["billingState"], "to_bill");
    let made = bill(
        &company,
        &order,
        json!({"invoiceDate": "2026-03-03", "reference": "CR-88"}),
    )
    .await;
    assert_eq!(made["lines"][0]["quantity"], "2");
    assert_eq!(made["match"]["state"], "matched");
    let path = format!("{INVOICES}/{}", id_of(&made));

    // Its lines keep naming the order's lines, with a positive quantity.
    let unlinked = company
        .patch(
            &path,
            json!({"lines": [{"description": "Crane hire", "quantity": "2", "unitPrice": "900"}]}),
        )
        .await;
    names_fields(&unlinked, &["lines[0].purchaseOrderLineId"]);
    let negative = company
        .patch(
            &path,
            json!({"lines": [{"description": "Crane hire", "quantity": "-1", "unitPrice": "900",
                              "purchaseOrderLineId": line(&order, 0)}]}),
        )
        .await;
    assert_eq!(
        negative.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        negative.body
    );
    // A draft bill deleted leaves the order as it was.
    let deleted = company.delete(&path).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    let after = order_now(&company, &order).await;
    assert_eq!(after["invoiceIds"], json!([]));
    assert_eq!(after["billingState"], "to_bill");

    // One day more than ordered: the bill does not match.
    let over = bill(
        &company,
        &order,
        json!({"invoiceDate": "2026-03-04", "reference": "CR-89",
               "lines": [{"lineId": line(&order, 0), "quantity": "3"}]}),
    )
    .await;
    assert_eq!(over["match"]["lines"][0]["quantityOk"], false);
    let fixed = company
        .patch(
            &format!("{INVOICES}/{}", id_of(&over)),
            json!({"lines": [{"description": "Crane hire", "quantity": "2", "unitPrice": "900",
                              "purchaseOrderLineId": line(&order, 0)}]}),
        )
        .await;
    assert_eq!(fixed.status, StatusCode::OK, "{:?}", fixed.body);
    let posted = company
        .post(&format!("{INVOICES}/{}/post", id_of(&over)), json!({}))
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    let billed = order_now(&company, &order).await;
    assert_eq!(billed["billingState"], "billed");
    assert_eq!(billed["lines"][0]["quantityBilled"], "2.00");
}
