//! Order to cash in one story, through every area of sales and the ledger: a quote sent,
//! accepted and converted into a confirmed order; a 30% down payment paid; two of five
//! delivered (a backorder for the rest) at FIFO cost; the delivered two invoiced, their margin
//! their revenue less their COGS to the fils, paid; nothing more to invoice until the rest
//! leaves; the final invoice deducting the down payment; a return received and refunded with
//! a credit note and a payment; the books and the billing summary at each step.

use arkan_testkit::Company;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::billing::{BILLING, biller, post};
use super::deliveries::DELIVERIES;
use super::{ORDERS, create, id_of};
use crate::inventory::places;
use crate::inventory::valuation::{balance, move_stock};

const QUOTES: &str = "/api/v1/sales/quotes";
const RETURNS: &str = "/api/v1/sales/returns";
const MARGIN: &str = "/api/v1/accounting/invoice-margin";
const COGS: &str = "/api/v1/sales/billing/cogs";

async fn ok(company: &Company, path: &str, body: Value) -> Value {
    let reply = company.post(path, body).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    reply.body
}

async fn read(company: &Company, path: &str) -> Value {
    let reply = company.get(path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    reply.body
}

/// An inbound payment of `amount` on `date`, allocated in full to `invoice`.
async fn pay(company: &Company, invoice: &Value, amount: &str, date: &str) {
    let payment = company
        .posted_payment_with(json!({"type": "inbound",
            "partnerId": company.partner("Al Noor Trading"), "amount": amount, "date": date,
            "journalId": company.journal("BNK1"), "method": "bank_transfer"}))
        .await;
    let allocated = company
        .allocate(
            payment,
            json!([{"invoiceId": invoice["id"], "amount": amount}]),
        )
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
}

/// `[revenue, cost, margin, marginPercent]` of an invoice's margin.
async fn margin_of(company: &Company, invoice: &Value) -> [String; 4] {
    let margin = read(company, &format!("{MARGIN}/{}", id_of(invoice))).await;
    ["revenue", "cost", "margin", "marginPercent"]
        .map(|key| margin[key].as_str().expect("an amount").to_owned())
}

#[tokio::test]
async fn a_quote_becomes_cash_through_deliveries_invoices_a_down_payment_and_a_refund() {
    let company = biller().await;
    let client = company.partner("Al Noor Trading");
    let category = create(
        &company,
        "/api/v1/inventory/categories",
        json!({"name": "Chairs", "costingMethod": "fifo"}),
    )
    .await;
    let chairs = id_of(
        &create(
            &company,
            "/api/v1/inventory/products",
            json!({"name": "Office Chair", "sku": "CH-9", "type": "storable", "uom": "unit",
                   "categoryId": id_of(&category), "salePrice": "450", "cost": "100",
                   "invoicePolicy": "delivered", "saleTaxIds": [company.tax("VAT 5%")]}),
        )
        .await,
    );
    let (stock, vendors, _) = places(&company).await;
    move_stock(&company, &chairs, (&vendors, &stock), "2", Some("100")).await;
    move_stock(&company, &chairs, (&vendors, &stock), "3", Some("130")).await;

    // The quote: 5 chairs at 450.00, VAT 5%; sent, accepted, converted and confirmed.
    let quote = create(
        &company,
        QUOTES,
        json!({"partnerId": client, "quoteDate": "2026-03-01", "validUntil": "2099-12-31",
               "lines": [{"productId": chairs, "quantity": "5"}]}),
    )
    .await;
    let quote_path = format!("{QUOTES}/{}", id_of(&quote));
    let sent = ok(&company, &format!("{quote_path}/send"), json!({})).await;
    assert_eq!(sent["state"], "sent");
    let accepted = ok(
        &company,
        &format!("{quote_path}/accept"),
        json!({"signedBy": "Omar Al Noor"}),
    )
    .await;
    assert_eq!(accepted["state"], "accepted");
    let order = create(
        &company,
        &format!("{quote_path}/convert-to-order"),
        json!({"confirm": true}),
    )
    .await;
    assert_eq!(order["state"], "confirmed");
    assert_eq!(order["quoteId"], quote["id"]);
    assert_eq!(order["amountUntaxed"], "2250.00");
    assert_eq!(order["amountTotal"], "2362.50");
    assert_eq!(order["lines"][0]["invoicePolicy"], "delivered");
    let order_path = format!("{ORDERS}/{}", id_of(&order));
    let summary_path = format!("{BILLING}/summary/{}", id_of(&order));

    // A 30% down payment: 675.00 + VAT 33.75, paid.
    let down = create(
        &company,
        &format!("{BILLING}/down-payment/{}", id_of(&order)),
        json!({"percent": "30", "invoiceDate": "2026-03-02"}),
    )
    .await;
    assert_eq!(down["amountTotal"], "708.75");
    let down = post(&company, &down).await;
    pay(&company, &down, "708.75", "2026-03-03").await;

    // Two of the five leave, the two oldest at 100.00: a backorder of three stays reserved.
    let ids = order["deliveryIds"].as_array().expect("delivery ids");
    assert_eq!(ids.len(), 1, "{order:?}");
    let delivery_path = format!("{DELIVERIES}/{}", ids[0].as_str().expect("an id"));
    let delivery = read(&company, &delivery_path).await;
    let first = ok(
        &company,
        &format!("{delivery_path}/deliver"),
        json!({"date": "2026-03-05",
               "lines": [{"lineId": delivery["lines"][0]["id"], "quantity": "2"}]}),
    )
    .await;
    assert_eq!(first["state"], "done");
    let backorder = first["backorderId"]
        .as_str()
        .expect("a backorder")
        .to_owned();
    let cogs = ok(&company, &format!("{COGS}/{}", id_of(&first)), json!({})).await;
    assert_eq!(cogs["totalDebit"], "200.00");
    assert_eq!(balance(&company, "501000").await, "200.00");

    // The delivered two are invoiced (the down payment kept for the final invoice).
    let invoice_path = format!("{BILLING}/invoice/{}", id_of(&order));
    let second = create(
        &company,
        &invoice_path,
        json!({"invoiceDate": "2026-03-06", "deductDownPayments": false}),
    )
    .await;
    assert_eq!(second["lines"].as_array().map(Vec::len), Some(1));
    assert_eq!(second["lines"][0]["quantity"], "2");
    assert_eq!(second["amountTotal"], "945.00");
    let second = post(&company, &second).await;
    // Revenue 900.00 less the COGS of the two delivered, 200.00.
    assert_eq!(
        margin_of(&company, &second).await,
        ["900.00", "200.00", "700.00", "77.78"]
    );
    pay(&company, &second, "945.00", "2026-03-07").await;
    let summary = read(&company, &summary_path).await;
    assert_eq!(summary["amountInvoiced"], "1653.75");
    assert_eq!(summary["amountDownPayments"], "708.75");
    assert_eq!(summary["amountPaid"], "1653.75");
    assert_eq!(summary["amountDue"], "0.00");
    assert_eq!(summary["lines"][0]["quantityDelivered"], "2");
    assert_eq!(summary["lines"][0]["quantityInvoiced"], "2");
    assert_eq!(summary["lines"][0]["quantityToInvoice"], "0");

    // Nothing more is delivered, so nothing more is invoiced.
    let early = company.post(&invoice_path, json!({})).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{:?}", early.body);
    assert_eq!(early.body["code"], "nothing_to_invoice");

    // The other three leave at 130.00 each.
    let rest = ok(
        &company,
        &format!("{DELIVERIES}/{backorder}/deliver"),
        json!({"date": "2026-03-10"}),
    )
    .await;
    assert_eq!(rest["state"], "done");
    assert_eq!(balance(&company, "501000").await, "590.00");
    // The order's deliveries listed on one page, each with its own moves and COGS entry.
    let listed = read(
        &company,
        &format!("{DELIVERIES}?order_id={}", id_of(&order)),
    )
    .await;
    let mut delivered: Vec<(String, String)> = listed["data"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            (
                row["lines"][0]["quantityDelivered"]
                    .as_str()
                    .expect("a quantity")
                    .to_owned(),
                row["cogsEntryId"].as_str().expect("an entry").to_owned(),
            )
        })
        .collect();
    delivered.sort();
    assert_eq!(delivered.len(), 2);
    assert_eq!(delivered[0].0, "2");
    assert_eq!(delivered[1].0, "3");
    assert_eq!(delivered[0].1, cogs["id"].as_str().expect("an id"));
    assert_ne!(delivered[0].1, delivered[1].1);
    assert_eq!(balance(&company, "120000").await, "0.00");

    // The final invoice: 1,350.00 less the down payment's 675.00, VAT 33.75.
    let last = create(
        &company,
        &invoice_path,
        json!({"invoiceDate": "2026-03-12"}),
    )
    .await;
    assert_eq!(last["lines"][0]["quantity"], "3");
    assert_eq!(last["lines"][1]["quantity"], "-1");
    assert_eq!(last["lines"][1]["subtotal"], "-675.00");
    assert_eq!(last["amountUntaxed"], "675.00");
    assert_eq!(last["amountTax"], "33.75");
    assert_eq!(last["amountTotal"], "708.75");
    let last = post(&company, &last).await;
    // Its three chairs cost what the second delivery posted, 390.00: the two invoices' costs
    // add up to the COGS account.
    assert_eq!(
        margin_of(&company, &last).await,
        ["1350.00", "390.00", "960.00", "71.11"]
    );
    pay(&company, &last, "708.75", "2026-03-13").await;
    let summary = read(&company, &summary_path).await;
    assert_eq!(summary["amountTotal"], "2362.50");
    assert_eq!(summary["amountInvoiced"], "2362.50");
    assert_eq!(summary["amountPaid"], "2362.50");
    assert_eq!(summary["amountDue"], "0.00");
    assert_eq!(summary["amountToInvoice"], "0.00");
    assert_eq!(summary["invoices"].as_array().map(Vec::len), Some(3));
    let seen = read(&company, &order_path).await;
    assert_eq!(seen["deliveryState"], "delivered");
    assert_eq!(seen["invoiceState"], "invoiced");
    assert_eq!(balance(&company, "110000").await, "0.00");
    let revenue = company.account("401000");
    assert_eq!(company.account_balance(revenue).await, "-2250.00");

    // One chair of the second delivery comes back, restocked at 130.00, and is refunded: the
    // final invoice is paid, so the whole credit note, 472.50, is paid out.
    let asked = create(
        &company,
        RETURNS,
        json!({"deliveryId": backorder, "reason": "scratched", "date": "2026-03-20",
               "lines": [{"deliveryLineId": rest["lines"][0]["id"], "quantity": "1"}]}),
    )
    .await;
    let return_path = format!("{RETURNS}/{}", id_of(&asked));
    let early = company
        .post(&format!("{return_path}/refund"), json!({}))
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{:?}", early.body);
    assert_eq!(early.body["code"], "return_not_received");
    let received = ok(
        &company,
        &format!("{return_path}/receive"),
        json!({"date": "2026-03-20"}),
    )
    .await;
    assert_eq!(received["lines"][0]["value"], "130.00");
    assert_eq!(balance(&company, "501000").await, "460.00");
    let refunded = ok(
        &company,
        &format!("{return_path}/refund"),
        json!({"date": "2026-03-21",
               "payment": {"journalId": company.journal("BNK1"), "method": "bank_transfer"}}),
    )
    .await;
    assert_eq!(refunded["state"], "refunded");
    let note = read(
        &company,
        &format!(
            "/api/v1/accounting/invoices/{}",
            refunded["creditNoteId"].as_str().expect("a credit note")
        ),
    )
    .await;
    assert_eq!(note["kind"], "customer_credit_note");
    assert_eq!(note["state"], "posted");
    assert_eq!(note["invoiceDate"], "2026-03-21");
    assert_eq!(note["lines"][0]["quantity"], "1");
    assert_eq!(note["lines"][0]["unitPrice"], "450");
    assert_eq!(note["amountTotal"], "472.50");
    assert_eq!(note["amountDue"], "0.00");
    assert_eq!(note["paymentState"], "paid");
    let payment = read(
        &company,
        &format!(
            "/api/v1/accounting/payments/{}",
            refunded["paymentId"].as_str().expect("a payment")
        ),
    )
    .await;
    assert_eq!(payment["type"], "outbound");
    assert_eq!(payment["amount"], "472.50");
    assert_eq!(payment["date"], "2026-03-21");
    assert_eq!(balance(&company, "110000").await, "0.00");
    assert_eq!(company.account_balance(revenue).await, "-1800.00");

    let summary = read(&company, &summary_path).await;
    assert_eq!(summary["amountCredited"], "472.50");
    assert_eq!(summary["amountDue"], "0.00");
    assert_eq!(summary["lines"][0]["quantityInvoiced"], "4");
    assert_eq!(summary["lines"][0]["quantityToInvoice"], "0");
    let seen = read(&company, &order_path).await;
    assert_eq!(seen["lines"][0]["quantityReturned"], "1");
    let again = company
        .post(&format!("{return_path}/refund"), json!({}))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{:?}", again.body);
    assert_eq!(again.body["code"], "return_not_received");
}
