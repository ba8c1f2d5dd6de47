//! Billing of sales orders (shapes-modules §8 "Billing"): invoices of what is to invoice by
//! each line's policy, down payments deducted exactly from the final invoice, the summary after
//! a payment, the order's invoicing state, bad input, tenancy and roles.

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{ORDERS, create, id_of, names_fields, product};

pub const BILLING: &str = "/api/v1/sales/billing";

/// A company that may post taxed invoices (a TRN), with the UAE chart and a client.
pub async fn biller() -> Company {
    TestApp::company()
        .plan("enterprise")
        .trn("100123456700003")
        .with_uae_chart()
        .client("Al Noor Trading")
        .await
}

/// A confirmed order of `lines` for `client` dated 2026-03-01 (extra header fields in
/// `header`).
pub async fn confirmed_order(
    company: &Company,
    client: Uuid,
    header: Value,
    lines: Value,
) -> Value {
    let mut body = json!({"partnerId": client, "orderDate": "2026-03-01", "lines": lines});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), header.as_object()) {
        for (key, value) in extra {
            body.insert(key.clone(), value.clone());
        }
    }
    let order = create(company, ORDERS, body).await;
    let confirmed = company
        .post(&format!("{ORDERS}/{}/confirm", id_of(&order)), json!({}))
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);
    confirmed.body
}

/// A draft invoice of the order (`body` as `POST /sales/billing/invoice/:orderId` takes it).
pub async fn invoice_of(company: &Company, order: &Value, body: Value) -> Value {
    create(
        company,
        &format!("{BILLING}/invoice/{}", id_of(order)),
        body,
    )
    .await
}

/// Posts a draft invoice; its posted view.
pub async fn post(company: &Company, invoice: &Value) -> Value {
    let posted = company
        .post(
            &format!("/api/v1/accounting/invoices/{}/post", id_of(invoice)),
            json!({}),
        )
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    posted.body
}

fn line_id(order: &Value, index: usize) -> String {
    order["lines"][index]["id"]
        .as_str()
        .expect("a line id")
        .to_owned()
}

async fn order_view(company: &Company, order: &Value) -> Value {
    let reply = company.get(&format!("{ORDERS}/{}", id_of(order))).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn an_order_is_invoiced_as_ordered_line_by_line() {
    let company = biller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let install = product(&company, "Installation", "service", "120.5", "0").await;
    let order = confirmed_order(
        &company,
        client,
        json!({}),
        json!([{"productId": desk, "quantity": "3"}, {"productId": install, "quantity": "2"}]),
    )
    .await;
    assert_eq!(order["invoiceState"], "to_invoice");
    let desk_line = line_id(&order, 0);

    // More than is left to invoice is refused, naming the field.
    let path = format!("{BILLING}/invoice/{}", id_of(&order));
    let too_many = company
        .post(
            &path,
            json!({"lines": [{"lineId": desk_line, "quantity": "4"}]}),
        )
        .await;
    names_fields(&too_many, &["lines[0].quantity"]);
    let unknown = company
        .post(
            &path,
            json!({"lines": [{"lineId": Uuid::now_v7(), "quantity": "1"}]}),
        )
        .await;
    names_fields(&unknown, &["lines[0].lineId"]);

    // One desk first: 800.00 + VAT 40.00.
    let first = invoice_of(
        &company,
        &order,
        json!({"invoiceDate": "2026-03-05", "lines": [{"lineId": desk_line, "quantity": "1"}]}),
    )
    .await;
    assert_eq!(first["kind"], "customer_invoice");
    assert_eq!(first["state"], "draft");
    assert_eq!(first["orderId"], order["id"]);
    assert_eq!(first["isDownPayment"], false);
    assert_eq!(first["reference"], order["number"]);
    assert_eq!(first["invoiceDate"], "2026-03-05");
    assert_eq!(first["lines"].as_array().expect("lines").len(), 1);
    assert_eq!(first["lines"][0]["orderLineId"], desk_line.as_str());
    assert_eq!(first["lines"][0]["quantity"], "1");
    assert_eq!(first["amountUntaxed"], "800.00");
    assert_eq!(first["amountTax"], "40.00");
    assert_eq!(first["amountTotal"], "840.00");
    let partial = order_view(&company, &order).await;
    assert_eq!(partial["invoiceState"], "partial");
    assert_eq!(partial["lines"][0]["quantityInvoiced"], "1");
    assert_eq!(partial["lines"][1]["quantityInvoiced"], "0");
    assert_eq!(partial["invoiceIds"], json!([first["id"]]));

    // The rest: 2 desks 1,600.00 and 2 installations 241.00, VAT 92.05.
    let rest = invoice_of(&company, &order, json!({"invoiceDate": "2026-03-06"})).await;
    assert_eq!(rest["lines"][0]["quantity"], "2");
    assert_eq!(rest["lines"][1]["quantity"], "2");
    assert_eq!(rest["amountUntaxed"], "1841.00");
    assert_eq!(rest["amountTax"], "92.05");
    assert_eq!(rest["amountTotal"], "1933.05");
    let invoiced = order_view(&company, &order).await;
    assert_eq!(invoiced["invoiceState"], "invoiced");
    assert_eq!(invoiced["lines"][0]["quantityInvoiced"], "3");
    assert_eq!(invoiced["lines"][1]["quantityInvoiced"], "2");

    let nothing = company.post(&path, json!({})).await;
    assert_eq!(nothing.status, StatusCode::CONFLICT);
    assert_eq!(nothing.body["code"], "nothing_to_invoice");

    // An order with invoices is not cancelled.
    let cancel = company
        .post(&format!("{ORDERS}/{}/cancel", id_of(&order)), json!({}))
        .await;
    assert_eq!(cancel.status, StatusCode::CONFLICT);
    assert_eq!(cancel.body["code"], "order_has_invoices");

    // Once its invoices are gone (a draft deleted, a posted one cancelled), it is.
    let deleted = company
        .delete(&format!("/api/v1/accounting/invoices/{}", id_of(&rest)))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    post(&company, &first).await;
    let cancelled = company
        .cancel_invoice(Uuid::parse_str(&id_of(&first)).expect("a uuid"))
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    let back = order_view(&company, &order).await;
    assert_eq!(back["lines"][0]["quantityInvoiced"], "0");
    assert_eq!(back["invoiceState"], "to_invoice");
    let cancel = company
        .post(&format!("{ORDERS}/{}/cancel", id_of(&order)), json!({}))
        .await;
    assert_eq!(cancel.status, StatusCode::OK, "{:?}", cancel.body);
}

#[tokio::test]
async fn a_line_invoiced_as_delivered_waits_for_its_goods() {
    let company = biller().await;
    let client = company.partner("Al Noor Trading");
    let cable = create(
        &company,
        super::PRODUCTS,
        json!({"name": "Cable", "sku": "CABLE", "type": "consumable", "uom": "unit",
               "salePrice": "10", "cost": "4", "invoicePolicy": "delivered",
               "saleTaxIds": [company.tax("VAT 5%")]}),
    )
    .await;
    let order = confirmed_order(
        &company,
        client,
        json!({}),
        json!([{"productId": id_of(&cable), "quantity": "100"}]),
    )
    .await;
    assert_eq!(order["lines"][0]["invoicePolicy"], "delivered");
    let path = format!("{BILLING}/invoice/{}", id_of(&order));
    let nothing = company.post(&path, json!({})).await;
    assert_eq!(nothing.status, StatusCode::CONFLICT, "{:?}", nothing.body);
    assert_eq!(nothing.body["code"], "nothing_to_invoice");
    let summary = company
        .get(&format!("{BILLING}/summary/{}", id_of(&order)))
        .await;
    assert_eq!(summary.body["lines"][0]["quantityToInvoice"], "0");
    assert_eq!(summary.body["amountToInvoice"], "0.00");
}

#[tokio::test]
async fn a_down_payment_is_deducted_exactly_from_the_final_invoice() {
    let company = biller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "1000", "600").await;
    let order = confirmed_order(
        &company,
        client,
        json!({}),
        json!([{"productId": desk, "quantity": "2"}]),
    )
    .await;
    assert_eq!(order["amountTotal"], "2100.00");
    let down = create(
        &company,
        &format!("{BILLING}/down-payment/{}", id_of(&order)),
        json!({"percent": "30", "invoiceDate": "2026-03-02"}),
    )
    .await;
    // 30% of 2,000.00 = 600.00 + VAT 30.00, on the down-payment account.
    assert_eq!(down["isDownPayment"], true);
    assert_eq!(down["orderId"], order["id"]);
    assert_eq!(down["amountUntaxed"], "600.00");
    assert_eq!(down["amountTax"], "30.00");
    assert_eq!(down["amountTotal"], "630.00");
    let revenue = company.account("401000");
    assert_eq!(down["lines"][0]["accountId"], revenue.to_string());
    assert_eq!(down["lines"][0]["taxIds"], json!([company.tax("VAT 5%")]));
    let too_much = company
        .post(
            &format!("{BILLING}/down-payment/{}", id_of(&order)),
            json!({"percent": "80"}),
        )
        .await;
    names_fields(&too_much, &["percent"]);
    post(&company, &down).await;

    // Paid in full.
    let payment = company
        .posted_payment_with(
            json!({"type": "inbound", "partnerId": client, "amount": "630.00",
            "date": "2026-03-03", "journalId": company.journal("BNK1"), "method": "bank_transfer"}),
        )
        .await;
    let allocated = company
        .allocate(
            payment,
            json!([{"invoiceId": down["id"], "amount": "630.00"}]),
        )
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    let summary_path = format!("{BILLING}/summary/{}", id_of(&order));
    let before = company.get(&summary_path).await;
    assert_eq!(before.status, StatusCode::OK, "{:?}", before.body);
    assert_eq!(before.body["amountDownPayments"], "630.00");
    assert_eq!(before.body["amountPaid"], "630.00");
    assert_eq!(before.body["amountDue"], "0.00");
    assert_eq!(before.body["amountToInvoice"], "1470.00");

    // The final invoice: 2,000.00 less the down payment 600.00, VAT 70.00.
    let last = invoice_of(&company, &order, json!({"invoiceDate": "2026-03-10"})).await;
    let lines = last["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["quantity"], "-1");
    assert_eq!(lines[1]["subtotal"], "-600.00");
    assert_eq!(lines[1]["taxAmount"], "-30.00");
    assert_eq!(lines[1]["downPaymentLineId"], down["lines"][0]["id"]);
    assert_eq!(lines[1]["accountId"], revenue.to_string());
    assert_eq!(last["amountUntaxed"], "1400.00");
    assert_eq!(last["amountTax"], "70.00");
    assert_eq!(last["amountTotal"], "1470.00");
    post(&company, &last).await;
    // Revenue nets out to the order's 2,000.00 (a credit balance).
    assert_eq!(company.account_balance(revenue).await, "-2000.00");

    let summary = company.get(&summary_path).await;
    let summary = summary.body;
    assert_eq!(summary["orderId"], order["id"]);
    assert_eq!(summary["number"], order["number"]);
    assert_eq!(summary["currency"], "AED");
    assert_eq!(summary["amountTotal"], "2100.00");
    assert_eq!(summary["amountInvoiced"], "2100.00");
    assert_eq!(summary["amountDownPayments"], "630.00");
    assert_eq!(summary["amountCredited"], "0.00");
    assert_eq!(summary["amountPaid"], "630.00");
    assert_eq!(summary["amountDue"], "1470.00");
    assert_eq!(summary["amountToInvoice"], "0.00");
    assert_eq!(summary["lines"][0]["quantityOrdered"], "2");
    assert_eq!(summary["lines"][0]["quantityInvoiced"], "2");
    assert_eq!(summary["lines"][0]["quantityToInvoice"], "0");
    let invoices = summary["invoices"].as_array().expect("invoices");
    assert_eq!(invoices.len(), 2);
    assert_eq!(invoices[0]["isDownPayment"], true);
    assert_eq!(invoices[0]["paymentState"], "paid");
    assert_eq!(invoices[0]["amountDue"], "0.00");
    assert_eq!(invoices[1]["state"], "posted");
    assert_eq!(invoices[1]["amountTotal"], "1470.00");
    assert_eq!(invoices[1]["paymentState"], "not_paid");
    // Nothing left, and the down payment is not deducted twice.
    let nothing = company
        .post(&format!("{BILLING}/invoice/{}", id_of(&order)), json!({}))
        .await;
    assert_eq!(nothing.body["code"], "nothing_to_invoice");
}

#[tokio::test]
async fn bad_input_wrong_states_other_companies_and_roles_are_refused() {
    let company = biller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "1000", "600").await;
    let draft = create(
        &company,
        ORDERS,
        json!({"partnerId": client, "lines": [{"productId": desk, "quantity": "1"}]}),
    )
    .await;
    let not_confirmed = company
        .post(&format!("{BILLING}/invoice/{}", id_of(&draft)), json!({}))
        .await;
    assert_eq!(not_confirmed.status, StatusCode::CONFLICT);
    assert_eq!(not_confirmed.body["code"], "sales_order_not_confirmed");
    let not_confirmed = company
        .post(
            &format!("{BILLING}/down-payment/{}", id_of(&draft)),
            json!({"percent": "10"}),
        )
        .await;
    assert_eq!(not_confirmed.body["code"], "sales_order_not_confirmed");

    let order = confirmed_order(
        &company,
        client,
        json!({}),
        json!([{"productId": desk, "quantity": "1"}]),
    )
    .await;
    let down = format!("{BILLING}/down-payment/{}", id_of(&order));
    names_fields(
        &company
            .post(&down, json!({"percent": "10", "amount": "100"}))
            .await,
        &["percent", "amount"],
    );
    names_fields(&company.post(&down, json!({})).await, &["percent"]);
    names_fields(
        &company.post(&down, json!({"percent": "0"})).await,
        &["percent"],
    );
    names_fields(
        &company.post(&down, json!({"percent": "150"})).await,
        &["percent"],
    );
    names_fields(
        &company.post(&down, json!({"percent": "ten"})).await,
        &["percent"],
    );
    names_fields(
        &company.post(&down, json!({"amount": "-5"})).await,
        &["amount"],
    );
    names_fields(
        &company
            .post(&down, json!({"amount": "100", "taxIds": [Uuid::now_v7()]}))
            .await,
        &["taxIds[0]"],
    );
    names_fields(
        &company
            .post(&down, json!({"amount": "100", "invoiceDate": "2026-13-01"}))
            .await,
        &["invoiceDate"],
    );
    // An amount: untaxed, with the taxes asked (none).
    let fixed = create(&company, &down, json!({"amount": "250", "taxIds": []})).await;
    assert_eq!(fixed["amountTotal"], "250.00");
    assert_eq!(fixed["amountTax"], "0.00");

    // Another company's order is not found.
    let other = company.another_company("Other LLC").await;
    for (path, body) in [
        (format!("{BILLING}/invoice/{}", id_of(&order)), json!({})),
        (
            format!("{BILLING}/down-payment/{}", id_of(&order)),
            json!({"percent": "10"}),
        ),
    ] {
        let reply = company
            .app
            .post(&path, &company.token, Some(other), body)
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
    }
    let summary = company
        .app
        .get(
            &format!("{BILLING}/summary/{}", id_of(&order)),
            &company.token,
            Some(other),
        )
        .await;
    assert_eq!(summary.status, StatusCode::NOT_FOUND);

    // A viewer and a purchasing member read but do not invoice.
    for (email, role) in [
        ("viewer@billing.test", "viewer"),
        ("buyer@billing.test", "purchasing"),
    ] {
        let (_, token) = company.member(email, role).await;
        let invoice = company
            .app
            .post(
                &format!("{BILLING}/invoice/{}", id_of(&order)),
                &token,
                Some(company.id),
                json!({}),
            )
            .await;
        assert_eq!(invoice.status, StatusCode::FORBIDDEN, "{role}");
        let down = company
            .app
            .post(&down, &token, Some(company.id), json!({"percent": "10"}))
            .await;
        assert_eq!(down.status, StatusCode::FORBIDDEN, "{role}");
        let summary = company
            .app
            .get(
                &format!("{BILLING}/summary/{}", id_of(&order)),
                &token,
                Some(company.id),
            )
            .await;
        assert_eq!(summary.status, StatusCode::OK, "{role}");
    }
}

#[tokio::test]
async fn without_an_active_down_payment_account_no_down_payment_is_made() {
    let company = biller().await;
    let client = company.partner("Al Noor Trading");
    let account = create(
        &company,
        "/api/v1/accounting/accounts",
        json!({"code": "401900", "name": "Advances from clients", "type": "income"}),
    )
    .await;
    let set = company
        .patch(
            super::SETTINGS,
            json!({"downPaymentAccountId": account["id"]}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    let archived = company
        .patch(
            &format!("/api/v1/accounting/accounts/{}", id_of(&account)),
            json!({"active": false}),
        )
        .await;
    assert_eq!(archived.status, StatusCode::OK, "{:?}", archived.body);
    let order = confirmed_order(
        &company,
        client,
        json!({}),
        json!([{"description": "Consulting", "quantity": "1", "unitPrice": "500", "taxIds": []}]),
    )
    .await;
    let down = company
        .post(
            &format!("{BILLING}/down-payment/{}", id_of(&order)),
            json!({"percent": "50"}),
        )
        .await;
    assert_eq!(down.status, StatusCode::CONFLICT, "{:?}", down.body);
    assert_eq!(down.body["code"], "down_payment_account_missing");
}

#[tokio::test]
async fn a_whole_credit_note_gives_the_quantities_back_and_lines_stay_the_orders() {
    let company = biller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let order = confirmed_order(
        &company,
        client,
        json!({}),
        json!([{"productId": desk, "quantity": "2"}]),
    )
    .await;
    let invoice = invoice_of(&company, &order, json!({"invoiceDate": "2026-03-05"})).await;
    // The lines of an invoice made from an order are the order's.
    let edit = company
        .patch(
            &format!("/api/v1/accounting/invoices/{}", id_of(&invoice)),
            json!({"lines": [{"description": "Other", "quantity": "1", "unitPrice": "1"}]}),
        )
        .await;
    names_fields(&edit, &["lines"]);
    post(&company, &invoice).await;
    assert_eq!(
        order_view(&company, &order).await["invoiceState"],
        "invoiced"
    );

    // Credited in whole (no body): the invoice stands, its quantities come back.
    let credit = create(
        &company,
        &format!("{BILLING}/credit-note/{}", id_of(&invoice)),
        json!({}),
    )
    .await;
    assert_eq!(credit["kind"], "customer_credit_note");
    assert_eq!(credit["amountTotal"], "1680.00");
    assert_eq!(credit["orderId"], order["id"]);
    let back = order_view(&company, &order).await;
    assert_eq!(back["lines"][0]["quantityInvoiced"], "0");
    assert_eq!(back["invoiceState"], "to_invoice");
    let summary = company
        .get(&format!("{BILLING}/summary/{}", id_of(&order)))
        .await
        .body;
    assert_eq!(summary["amountInvoiced"], "1680.00");
    assert_eq!(summary["amountCredited"], "1680.00");
    assert_eq!(summary["amountDue"], "0.00");
    assert_eq!(summary["amountPaid"], "0.00");
    assert_eq!(summary["amountToInvoice"], "1680.00");
    assert_eq!(summary["invoices"].as_array().expect("invoices").len(), 2);
    // What was credited may be invoiced again.
    let again = invoice_of(&company, &order, json!({"invoiceDate": "2026-03-07"})).await;
    assert_eq!(again["amountTotal"], "1680.00");
}
