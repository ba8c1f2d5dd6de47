//! Sales returns: asked against a done delivery, received back into stock at the cost the goods
//! went out at (cost of goods sold credited) or scrapped, the order's returned quantities;
//! bad input, wrong states, tenancy and roles.

use axum::http::StatusCode;
use serde_json::json;

use arkan_testkit::Company;
use serde_json::Value;
use uuid::Uuid;

use super::billing::{BILLING, biller, post};
use super::deliveries::{DELIVERIES, confirmed_order, fifo_stock, only_delivery};
use super::{ORDERS, create, id_of, names_fields, seller};
use crate::inventory::valuation::balance;

const RETURNS: &str = "/api/v1/sales/returns";

#[tokio::test]
async fn returned_goods_come_back_at_their_delivery_cost_or_go_to_scrap() {
    let company = seller().await;
    let (chairs, _, _) = fifo_stock(&company).await;
    let order = confirmed_order(&company, &chairs, "5").await;
    let delivery_id = only_delivery(&order);

    // Not delivered yet: nothing to return.
    let line = company
        .get(&format!("{DELIVERIES}/{delivery_id}"))
        .await
        .body["lines"][0]["id"]
        .clone();
    let early = company
        .post(
            RETURNS,
            json!({"deliveryId": delivery_id, "lines": [{"deliveryLineId": line, "quantity": "1"}]}),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(early.body["code"], "delivery_not_done");

    // 5 leave at FIFO: 2 × 100 + 3 × 130 = 590.00, 118 a unit.
    let done = company
        .post(
            &format!("{DELIVERIES}/{delivery_id}/deliver"),
            json!({"date": "2026-03-15"}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(balance(&company, "501000").await, "590.00");
    assert_eq!(balance(&company, "120000").await, "0.00");

    let bad = company
        .post(
            RETURNS,
            json!({"deliveryId": delivery_id, "date": "someday",
                   "lines": [{"deliveryLineId": line, "quantity": "6"},
                             {"deliveryLineId": delivery_id, "quantity": "1"}]}),
        )
        .await;
    names_fields(&bad, &["date"]);
    let bad = company
        .post(
            RETURNS,
            json!({"deliveryId": delivery_id,
                   "lines": [{"deliveryLineId": line, "quantity": "6"},
                             {"deliveryLineId": delivery_id, "quantity": "1"}]}),
        )
        .await;
    names_fields(&bad, &["lines[0].quantity", "lines[1].deliveryLineId"]);

    let first = company
        .post(
            RETURNS,
            json!({"deliveryId": delivery_id, "reason": "damaged box", "date": "2026-03-20",
                   "lines": [{"deliveryLineId": line, "quantity": "1"}]}),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(first.body["number"], "RMA/2026/00001");
    assert_eq!(first.body["state"], "open");
    assert_eq!(first.body["orderId"], order["id"]);
    assert_eq!(first.body["lines"][0]["quantityReceived"], "0");

    // Restocked at 118.00: stock valuation debited, cost of goods sold credited.
    let path = format!("{RETURNS}/{}", id_of(&first.body));
    let received = company
        .post(&format!("{path}/receive"), json!({"date": "2026-03-21"}))
        .await;
    assert_eq!(received.status, StatusCode::OK, "{:?}", received.body);
    assert_eq!(received.body["state"], "received");
    assert_eq!(received.body["lines"][0]["quantityReceived"], "1");
    assert_eq!(received.body["lines"][0]["value"], "118.00");
    assert!(received.body["transferId"].is_string());
    assert_eq!(balance(&company, "120000").await, "118.00");
    assert_eq!(balance(&company, "501000").await, "472.00");
    let again = company.post(&format!("{path}/receive"), json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "return_not_open");

    // A second unit is scrapped: it does not come back into stock, the books stay.
    let second = company
        .post(
            RETURNS,
            json!({"deliveryId": delivery_id,
                   "lines": [{"deliveryLineId": line, "quantity": "2"}]}),
        )
        .await;
    assert_eq!(second.status, StatusCode::CREATED, "{:?}", second.body);
    assert_eq!(second.body["number"], "RMA/2026/00002");
    let second_path = format!("{RETURNS}/{}", id_of(&second.body));
    let second_line = second.body["lines"][0]["id"].clone();
    let bad = company
        .post(
            &format!("{second_path}/receive"),
            json!({"lines": [{"lineId": second_line, "quantity": "3", "disposition": "burn"}]}),
        )
        .await;
    names_fields(&bad, &["lines[0].disposition"]);
    let scrapped = company
        .post(
            &format!("{second_path}/receive"),
            json!({"lines": [{"lineId": second_line, "quantity": "1", "disposition": "scrap"}]}),
        )
        .await;
    assert_eq!(scrapped.status, StatusCode::OK, "{:?}", scrapped.body);
    assert_eq!(scrapped.body["lines"][0]["quantityReceived"], "1");
    assert_eq!(scrapped.body["lines"][0]["value"], "0.00");
    assert_eq!(balance(&company, "120000").await, "118.00");
    assert_eq!(balance(&company, "501000").await, "472.00");

    // Only 2 of the 5 are left to return (3 asked).
    let over = company
        .post(
            RETURNS,
            json!({"deliveryId": delivery_id,
                   "lines": [{"deliveryLineId": line, "quantity": "3"}]}),
        )
        .await;
    names_fields(&over, &["lines[0].quantity"]);

    let seen = company
        .get(&format!("{ORDERS}/{}", id_of(&order)))
        .await
        .body;
    assert_eq!(seen["lines"][0]["quantityDelivered"], "5");
    assert_eq!(seen["lines"][0]["quantityReturned"], "2");
    assert_eq!(seen["deliveryState"], "partial");
    let listed = company
        .get(&format!(
            "{RETURNS}?delivery_id={delivery_id}&state=received"
        ))
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(listed.body["data"].as_array().expect("rows").len(), 2);
}

#[tokio::test]
async fn another_companys_returns_are_unseen_and_a_viewer_only_reads() {
    let company = seller().await;
    let (chairs, _, _) = fifo_stock(&company).await;
    let order = confirmed_order(&company, &chairs, "1").await;
    let delivery_id = only_delivery(&order);
    let done = company
        .post(&format!("{DELIVERIES}/{delivery_id}/deliver"), json!({}))
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let line = done.body["lines"][0]["id"].clone();
    let body = json!({"deliveryId": delivery_id,
                      "lines": [{"deliveryLineId": line, "quantity": "1"}]});
    let other = company.another_company("Other LLC").await;
    let elsewhere = company
        .app
        .post(RETURNS, &company.token, Some(other), body.clone())
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    let (_, viewer) = company.member("viewer@example.com", "viewer").await;
    let refused = company
        .app
        .post(RETURNS, &viewer, Some(company.id), body.clone())
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let made = company.post(RETURNS, body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    let path = format!("{RETURNS}/{}", id_of(&made.body));
    let unseen = company.app.get(&path, &company.token, Some(other)).await;
    assert_eq!(unseen.status, StatusCode::NOT_FOUND);
    let read = company.app.get(&path, &viewer, Some(company.id)).await;
    assert_eq!(read.status, StatusCode::OK);
    let receive = company
        .app
        .post(
            &format!("{path}/receive"),
            &viewer,
            Some(company.id),
            json!({}),
        )
        .await;
    assert_eq!(receive.status, StatusCode::FORBIDDEN);
    assert_eq!(made.body["lines"][0]["quantity"], json!("1"));
}

/// A confirmed order of `quantity` chairs, delivered in full on 2026-03-15.
async fn delivered_order(company: &Company, chairs: &str, quantity: &str) -> (Value, Value) {
    let order = confirmed_order(company, chairs, quantity).await;
    let done = company
        .post(
            &format!("{DELIVERIES}/{}/deliver", only_delivery(&order)),
            json!({"date": "2026-03-15"}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    (order, done.body)
}

/// A return of one unit of the delivery's first line, received on 2026-03-20.
async fn received_return(company: &Company, delivery: &Value) -> String {
    let asked = create(
        company,
        RETURNS,
        json!({"deliveryId": delivery["id"], "date": "2026-03-20",
               "lines": [{"deliveryLineId": delivery["lines"][0]["id"], "quantity": "1"}]}),
    )
    .await;
    let path = format!("{RETURNS}/{}", id_of(&asked));
    let received = company
        .post(&format!("{path}/receive"), json!({"date": "2026-03-20"}))
        .await;
    assert_eq!(received.status, StatusCode::OK, "{:?}", received.body);
    path
}

#[tokio::test]
async fn a_refund_credits_only_what_was_invoiced_and_pays_out_only_what_was_paid() {
    let company = biller().await;
    let (chairs, _, _) = fifo_stock(&company).await;
    let bank = company.journal("BNK1");

    // Returned before it was invoiced: the invoice leaves the returned chair out, and there is
    // nothing to refund, before or after.
    let (first, delivery) = delivered_order(&company, &chairs, "2").await;
    let path = received_return(&company, &delivery).await;
    let refund = format!("{path}/refund");
    let none = company.post(&refund, json!({})).await;
    assert_eq!(none.status, StatusCode::CONFLICT, "{:?}", none.body);
    assert_eq!(none.body["code"], "nothing_to_refund");
    let invoice = create(
        &company,
        &format!("{BILLING}/invoice/{}", id_of(&first)),
        json!({"invoiceDate": "2026-03-21"}),
    )
    .await;
    assert_eq!(invoice["lines"][0]["quantity"], "1");
    assert_eq!(invoice["amountTotal"], "472.50");
    post(&company, &invoice).await;
    let still = company.post(&refund, json!({})).await;
    assert_eq!(still.status, StatusCode::CONFLICT, "{:?}", still.body);
    assert_eq!(still.body["code"], "nothing_to_refund");

    // Invoiced (945.00), 500.00 paid, then one chair back.
    let (second, delivery) = delivered_order(&company, &chairs, "2").await;
    let invoice = create(
        &company,
        &format!("{BILLING}/invoice/{}", id_of(&second)),
        json!({"invoiceDate": "2026-03-16"}),
    )
    .await;
    assert_eq!(invoice["amountTotal"], "945.00");
    let invoice = post(&company, &invoice).await;
    let payment = company
        .posted_payment_with(json!({"type": "inbound",
            "partnerId": company.partner("Al Noor Trading"), "amount": "500.00",
            "date": "2026-03-17", "journalId": bank, "method": "bank_transfer"}))
        .await;
    let allocated = company
        .allocate(
            payment,
            json!([{"invoiceId": invoice["id"], "amount": "500.00"}]),
        )
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    let asked = create(
        &company,
        RETURNS,
        json!({"deliveryId": delivery["id"], "date": "2026-03-20",
               "lines": [{"deliveryLineId": delivery["lines"][0]["id"], "quantity": "1"}]}),
    )
    .await;
    let path = format!("{RETURNS}/{}", id_of(&asked));
    let refund = format!("{path}/refund");
    let open = company.post(&refund, json!({})).await;
    assert_eq!(open.status, StatusCode::CONFLICT, "{:?}", open.body);
    assert_eq!(open.body["code"], "return_not_received");
    let received = company
        .post(&format!("{path}/receive"), json!({"date": "2026-03-20"}))
        .await;
    assert_eq!(received.status, StatusCode::OK, "{:?}", received.body);

    // Bad input, another company, missing rights.
    let bad = company
        .post(
            &refund,
            json!({"date": "soon", "payment": {"journalId": bank, "method": "card", "date": "x"}}),
        )
        .await;
    names_fields(&bad, &["date", "payment.date"]);
    let elsewhere = company
        .post(&refund, json!({"invoiceId": Uuid::now_v7()}))
        .await;
    names_fields(&elsewhere, &["invoiceId"]);
    let foreign = company
        .post(
            &refund,
            json!({"invoiceId": id_of(&invoice), "colour": "red"}),
        )
        .await;
    assert_eq!(
        foreign.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        foreign.body
    );
    let other = company.another_company("Other LLC").await;
    let unseen = company
        .app
        .post(&refund, &company.token, Some(other), json!({}))
        .await;
    assert_eq!(unseen.status, StatusCode::NOT_FOUND);
    for role in ["viewer", "sales"] {
        let (_, token) = company.member(&format!("{role}@refund.test"), role).await;
        let refused = company
            .app
            .post(&refund, &token, Some(company.id), json!({}))
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role}");
    }
    let wrong_method = company
        .post(
            &refund,
            json!({"payment": {"journalId": bank, "method": "barter"}}),
        )
        .await;
    assert_eq!(
        wrong_method.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        wrong_method.body
    );
    // Nothing of the refused attempts stayed behind.
    let seen = company.get(&path).await.body;
    assert_eq!(seen["state"], "received");
    assert_eq!(seen["creditNoteId"], Value::Null);

    // 472.50 credited: 445.00 settles what is open of the invoice, 27.50 is paid out.
    let refunded = company
        .post(
            &refund,
            json!({"date": "2026-03-22",
                   "payment": {"journalId": bank, "method": "bank_transfer"}}),
        )
        .await;
    assert_eq!(refunded.status, StatusCode::OK, "{:?}", refunded.body);
    assert_eq!(refunded.body["state"], "refunded");
    let note = company
        .get(&format!(
            "/api/v1/accounting/invoices/{}",
            refunded.body["creditNoteId"]
                .as_str()
                .expect("a credit note")
        ))
        .await
        .body;
    assert_eq!(note["amountTotal"], "472.50");
    assert_eq!(note["amountDue"], "0.00");
    let paid_out = company
        .get(&format!(
            "/api/v1/accounting/payments/{}",
            refunded.body["paymentId"].as_str().expect("a payment")
        ))
        .await
        .body;
    assert_eq!(paid_out["type"], "outbound");
    assert_eq!(paid_out["amount"], "27.50");
    assert_eq!(paid_out["date"], "2026-03-22");
    let invoice = company
        .get(&format!("/api/v1/accounting/invoices/{}", id_of(&invoice)))
        .await
        .body;
    assert_eq!(invoice["amountDue"], "0.00");
    assert_eq!(invoice["paymentState"], "paid");
    assert_eq!(balance(&company, "110000").await, "472.50");
}
