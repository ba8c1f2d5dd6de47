//! Settling documents beyond a plain payment (shapes-invoicing §2): allocations that close a
//! document with a write-off within the company's limit, and refunds (payments the other way
//! round settling credit notes), through the API on both databases.

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::json;
use uuid::Uuid;

const TRN: &str = "100123456700003";
const CLIENT: &str = "Al Noor";
const VENDOR: &str = "Overseas Software Ltd";

async fn shop() -> Company {
    TestApp::company()
        .trn(TRN)
        .with_uae_chart()
        .client(CLIENT)
        .vendor(VENDOR)
        .await
}

async fn set_write_off_limit(shop: &Company, limit: &str) {
    let set = shop
        .patch(
            "/api/v1/accounting/settings",
            json!({"writeOffLimit": limit}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    assert_eq!(set.body["writeOffLimit"], limit);
}

/// A posted credit note of `kind` for `partner`: one line at `amount`, no tax, dated
/// 2026-09-10.
async fn posted_credit_note(shop: &Company, kind: &str, partner: Uuid, amount: &str) -> Uuid {
    let note = shop
        .draft_invoice(
            json!({"kind": kind, "partnerId": partner, "invoiceDate": "2026-09-10",
            "lines": [{"description": "Returned goods", "quantity": "1", "unitPrice": amount}]}),
        )
        .await;
    let posted = shop.post_invoice(note.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    note.id()
}

#[tokio::test]
async fn short_and_over_payments_are_closed_with_write_offs_within_the_limit() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    // Nothing may be written off until the company sets a limit.
    let settings = shop.get("/api/v1/accounting/settings").await;
    assert_eq!(settings.body["writeOffLimit"], "0.00");
    set_write_off_limit(&shop, "1.00").await;
    let bank_charges = shop.account("604000");
    let other_income = shop.account("409000");

    // 105.00 due, 104.50 received: the bank kept 0.50.
    let short = shop.posted_invoice(client, "100").await;
    let short_payment = shop.posted_payment("inbound", client, "104.50").await;
    let closed = shop
        .allocate(
            short_payment,
            json!([{"invoiceId": short, "amount": "104.50", "writeOffAccountId": bank_charges,
                    "writeOffDescription": "Bank charges"}]),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    assert_eq!(closed.body["allocations"][0]["amount"], "104.50");
    assert_eq!(closed.body["allocations"][0]["writeOffAmount"], "0.50");
    assert_eq!(closed.body["amountUnallocated"], "0.00");
    let invoice = shop.invoice(short).await;
    assert_eq!(invoice.body["paymentState"], "paid", "{:?}", invoice.body);
    assert_eq!(invoice.body["amountDue"], "0.00");
    assert_eq!(shop.balance("604000").await, "0.50");
    assert_eq!(shop.balance("110000").await, "0.00");
    assert_eq!(shop.balance("101000").await, "104.50");

    // 105.30 received for 105.00: the 0.30 paid over is written off to other income.
    let over = shop.posted_invoice(client, "100").await;
    let over_payment = shop.posted_payment("inbound", client, "105.30").await;
    let closed = shop
        .allocate(
            over_payment,
            json!([{"invoiceId": over, "amount": "105.30", "writeOffAccountId": other_income}]),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    assert_eq!(closed.body["allocations"][0]["writeOffAmount"], "-0.30");
    assert_eq!(closed.body["amountUnallocated"], "0.00");
    assert_eq!(shop.invoice(over).await.body["paymentState"], "paid");
    assert_eq!(shop.balance("409000").await, "-0.30");
    assert_eq!(shop.balance("110000").await, "0.00");

    // 5.00 short is above the limit of 1.00: refused, and nothing changed.
    let far = shop.posted_invoice(client, "100").await;
    let far_payment = shop.posted_payment("inbound", client, "100").await;
    let refused = shop
        .allocate(
            far_payment,
            json!([{"invoiceId": far, "amount": "100", "writeOffAccountId": bank_charges}]),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(refused.code(), "write_off_above_limit");
    assert_eq!(refused.body["errors"][0]["field"], "allocations[0].amount");
    let invoice = shop.invoice(far).await;
    assert_eq!(invoice.body["amountDue"], "105.00");
    assert_eq!(invoice.body["paymentState"], "not_paid");
    assert_eq!(
        shop.payment(far_payment).await.body["amountUnallocated"],
        "100.00"
    );
    assert_eq!(shop.balance("604000").await, "0.50");

    // Taking the short allocation back reverses its write-off too.
    let undone = shop.unallocate(short_payment, short).await;
    assert_eq!(undone.status, StatusCode::NO_CONTENT, "{:?}", undone.body);
    let invoice = shop.invoice(short).await;
    assert_eq!(invoice.body["amountDue"], "105.00");
    assert_eq!(invoice.body["paymentState"], "not_paid");
    assert_eq!(shop.balance("604000").await, "0.00");
    assert_eq!(
        shop.payment(short_payment).await.body["amountUnallocated"],
        "104.50"
    );
    // The far invoice and payment are open; the short invoice is owed 0.50 net of its payment.
    assert_eq!(shop.balance("110000").await, "5.50");
    let tb = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(tb.body["totals"]["debit"], tb.body["totals"]["credit"]);
}

#[tokio::test]
async fn write_offs_refuse_bad_accounts_and_a_company_without_a_limit() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    let invoice = shop.posted_invoice(client, "100").await;
    let payment = shop.posted_payment("inbound", client, "104.50").await;
    // No limit set: even 0.50 is refused.
    let refused = shop
        .allocate(
            payment,
            json!([{"invoiceId": invoice, "amount": "104.50", "writeOffAccountId": shop.account("604000")}]),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(refused.code(), "write_off_above_limit");

    set_write_off_limit(&shop, "1.00").await;
    // Another company's account is not one of this company's.
    let other = shop.another_company("Other LLC").await;
    let accounts = shop
        .app
        .get(
            "/api/v1/accounting/accounts?limit=100",
            &shop.token,
            Some(other),
        )
        .await;
    assert_eq!(accounts.status, StatusCode::OK, "{:?}", accounts.body);
    let foreign_account = accounts.body["data"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|account| account["code"] == "604000")
        .and_then(|account| account["id"].as_str())
        .expect("the other company's bank charges")
        .to_owned();
    let refused = shop
        .allocate(
            payment,
            json!([{"invoiceId": invoice, "amount": "104.50", "writeOffAccountId": foreign_account}]),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(
        refused.body["errors"][0]["field"],
        "allocations[0].writeOffAccountId"
    );
    // A description without an account, a malformed account id.
    let refused = shop
        .allocate(
            payment,
            json!([{"invoiceId": invoice, "amount": "104.50", "writeOffDescription": "Bank charges"}]),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(
        refused.body["errors"][0]["field"],
        "allocations[0].writeOffDescription"
    );
    let refused = shop
        .allocate(
            payment,
            json!([{"invoiceId": invoice, "amount": "104.50", "writeOffAccountId": "not-a-uuid"}]),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(shop.invoice(invoice).await.body["amountDue"], "105.00");
    assert_eq!(shop.balance("604000").await, "0.00");

    // The limit is company money, zero or more; only those who write accounting set it.
    for bad in [json!("-1"), json!("1.001"), json!("abc")] {
        let refused = shop
            .patch(
                "/api/v1/accounting/settings",
                json!({ "writeOffLimit": bad }),
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{bad}: {:?}",
            refused.body
        );
        assert_eq!(refused.body["errors"][0]["field"], "writeOffLimit");
    }
    let (_, viewer) = shop.member("viewer@example.com", "viewer").await;
    let forbidden = shop
        .app
        .patch(
            "/api/v1/accounting/settings",
            &viewer,
            Some(shop.id),
            json!({"writeOffLimit": "100"}),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let forbidden = shop
        .app
        .post(
            &format!("/api/v1/accounting/payments/{payment}/allocate"),
            &viewer,
            Some(shop.id),
            json!({"allocations": [{"invoiceId": invoice, "amount": "104.50",
                    "writeOffAccountId": shop.account("604000")}]}),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_eq!(
        shop.get("/api/v1/accounting/settings").await.body["writeOffLimit"],
        "1.00"
    );
}

#[tokio::test]
async fn a_customer_credit_note_is_refunded_by_an_outbound_payment() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    // The client paid 105.00, then returned goods worth 40.00: the company owes them 40.00.
    let invoice = shop.posted_invoice(client, "100").await;
    let paid = shop.posted_payment("inbound", client, "105").await;
    let allocated = shop
        .allocate(paid, json!([{"invoiceId": invoice, "amount": "105"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    let note = posted_credit_note(&shop, "customer_credit_note", client, "40").await;
    assert_eq!(shop.balance("110000").await, "-40.00");

    // The refund goes out to the client.
    let refund = shop.posted_payment("outbound", client, "40").await;
    let refunded = shop
        .allocate(refund, json!([{"invoiceId": note, "amount": "40"}]))
        .await;
    assert_eq!(refunded.status, StatusCode::OK, "{:?}", refunded.body);
    assert_eq!(refunded.body["allocations"][0]["writeOffAmount"], "0.00");
    let note_view = shop.invoice(note).await;
    assert_eq!(
        note_view.body["paymentState"], "paid",
        "{:?}",
        note_view.body
    );
    assert_eq!(note_view.body["amountDue"], "0.00");
    assert_eq!(shop.balance("110000").await, "0.00");
    assert_eq!(shop.balance("201000").await, "0.00");
    assert_eq!(shop.balance("101000").await, "65.00");

    // Taken back, the credit note is owed again and the refund sits as an advance.
    let undone = shop.unallocate(refund, note).await;
    assert_eq!(undone.status, StatusCode::NO_CONTENT, "{:?}", undone.body);
    assert_eq!(shop.invoice(note).await.body["amountDue"], "40.00");
    assert_eq!(shop.balance("110000").await, "-40.00");
    assert_eq!(shop.balance("201000").await, "40.00");
    let tb = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(tb.body["totals"]["debit"], tb.body["totals"]["credit"]);
}

#[tokio::test]
async fn a_vendor_refund_settles_its_credit_note_and_directions_are_checked() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    let vendor = shop.partner(VENDOR);
    // The vendor credits 20.00 and pays it back.
    let note = posted_credit_note(&shop, "vendor_credit_note", vendor, "20").await;
    assert_eq!(shop.balance("201000").await, "20.00");
    let back = shop.posted_payment("inbound", vendor, "20").await;
    let settled = shop
        .allocate(back, json!([{"invoiceId": note, "amount": "20"}]))
        .await;
    assert_eq!(settled.status, StatusCode::OK, "{:?}", settled.body);
    assert_eq!(shop.invoice(note).await.body["paymentState"], "paid");
    assert_eq!(shop.balance("201000").await, "0.00");
    assert_eq!(shop.balance("110000").await, "0.00");
    assert_eq!(shop.balance("101000").await, "20.00");

    // Money in does not settle a customer credit note, nor money out a customer invoice.
    let customer_note = posted_credit_note(&shop, "customer_credit_note", client, "10").await;
    let inbound = shop.posted_payment("inbound", client, "10").await;
    let wrong = shop
        .allocate(
            inbound,
            json!([{"invoiceId": customer_note, "amount": "10"}]),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{:?}", wrong.body);
    assert_eq!(wrong.code(), "allocation_wrong_direction");
    assert_eq!(wrong.body["errors"][0]["field"], "allocations[0].invoiceId");
    let invoice = shop.posted_invoice(client, "100").await;
    let outbound = shop.posted_payment("outbound", client, "10").await;
    let wrong = shop
        .allocate(outbound, json!([{"invoiceId": invoice, "amount": "10"}]))
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{:?}", wrong.body);
    assert_eq!(wrong.code(), "allocation_wrong_direction");
    // Money out does not settle a vendor credit note either.
    let vendor_note = posted_credit_note(&shop, "vendor_credit_note", vendor, "5").await;
    let paid_out = shop.posted_payment("outbound", vendor, "5").await;
    let wrong = shop
        .allocate(paid_out, json!([{"invoiceId": vendor_note, "amount": "5"}]))
        .await;
    assert_eq!(wrong.code(), "allocation_wrong_direction");
    assert_eq!(shop.invoice(customer_note).await.body["amountDue"], "10.00");
    assert_eq!(shop.invoice(invoice).await.body["amountDue"], "105.00");
    assert_eq!(
        shop.payment(outbound).await.body["amountUnallocated"],
        "10.00"
    );
}

/// A posted document of `kind` for `partner` in `currency`: one line at `amount` without tax,
/// dated `date`.
async fn posted_plain(
    shop: &Company,
    kind: &str,
    partner: Uuid,
    currency: &str,
    date: &str,
    amount: &str,
) -> Uuid {
    let document = shop
        .draft_invoice(
            json!({"kind": kind, "partnerId": partner, "invoiceDate": date, "currency": currency,
            "lines": [{"description": "Goods", "quantity": "1", "unitPrice": amount}]}),
        )
        .await;
    let posted = shop.post_invoice(document.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    document.id()
}

async fn net(shop: &Company, note: Uuid, allocations: serde_json::Value) -> arkan_testkit::Reply {
    shop.post(
        &format!("/api/v1/accounting/invoices/{note}/allocate"),
        json!({ "allocations": allocations }),
    )
    .await
}

#[tokio::test]
async fn a_credit_note_is_netted_against_two_invoices_and_taken_back() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    let first = shop.posted_invoice(client, "100").await;
    let second = shop.posted_invoice(client, "100").await;
    let note = posted_credit_note(&shop, "customer_credit_note", client, "150").await;
    assert_eq!(shop.balance("110000").await, "60.00");
    let entries_before = shop
        .get("/api/v1/accounting/journal-entries?limit=1")
        .await
        .body["meta"]["total"]
        .clone();

    let netted = net(
        &shop,
        note,
        json!([{"invoiceId": first, "amount": "105"}, {"invoiceId": second, "amount": "45"}]),
    )
    .await;
    assert_eq!(netted.status, StatusCode::OK, "{:?}", netted.body);
    assert_eq!(netted.body["id"], note.to_string());
    assert_eq!(netted.body["paymentState"], "paid");
    assert_eq!(netted.body["amountDue"], "0.00");
    assert_eq!(
        netted.body["allocations"],
        json!([{"invoiceId": first, "amount": "105.00"}, {"invoiceId": second, "amount": "45.00"}])
    );
    assert_eq!(shop.invoice(first).await.body["paymentState"], "paid");
    let partly = shop.invoice(second).await;
    assert_eq!(partly.body["paymentState"], "partial");
    assert_eq!(partly.body["amountDue"], "60.00");
    assert_eq!(partly.body["allocations"], json!([]));
    // Same receivable, same partner, same rate: nothing to post.
    assert_eq!(shop.balance("110000").await, "60.00");
    assert_eq!(
        shop.get("/api/v1/accounting/journal-entries?limit=1")
            .await
            .body["meta"]["total"],
        entries_before
    );
    assert_eq!(
        shop.invoice(note).await.body["allocations"][1]["amount"],
        "45.00"
    );

    // Nothing is left on the credit note, nor on the first invoice.
    let over = net(&shop, note, json!([{"invoiceId": second, "amount": "1"}])).await;
    assert_eq!(over.status, StatusCode::BAD_REQUEST, "{:?}", over.body);
    assert_eq!(over.code(), "allocation_exceeds_due");

    let undone = shop
        .delete(&format!(
            "/api/v1/accounting/invoices/{note}/allocations/{second}"
        ))
        .await;
    assert_eq!(undone.status, StatusCode::NO_CONTENT, "{:?}", undone.body);
    assert_eq!(shop.invoice(second).await.body["amountDue"], "105.00");
    let note_view = shop.invoice(note).await;
    assert_eq!(note_view.body["amountDue"], "45.00");
    assert_eq!(note_view.body["paymentState"], "partial");
    assert_eq!(
        note_view.body["allocations"].as_array().map(Vec::len),
        Some(1)
    );
    let again = shop
        .delete(&format!(
            "/api/v1/accounting/invoices/{note}/allocations/{second}"
        ))
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    // Above what is due on the credit note (45.00 left) or on the invoice.
    let over = net(
        &shop,
        note,
        json!([{"invoiceId": second, "amount": "45.01"}]),
    )
    .await;
    assert_eq!(over.code(), "allocation_exceeds_due");
    assert_eq!(over.body["errors"][0]["field"], "allocations[0].amount");
    let over = net(
        &shop,
        note,
        json!([{"invoiceId": second, "amount": "30"}, {"invoiceId": second, "amount": "30"}]),
    )
    .await;
    assert_eq!(over.code(), "allocation_exceeds_due");
    assert_eq!(over.body["errors"][0]["field"], "allocations[1].amount");
    assert_eq!(shop.invoice(second).await.body["amountDue"], "105.00");
    let tb = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(tb.body["totals"]["debit"], tb.body["totals"]["credit"]);
}

#[tokio::test]
async fn netting_refuses_other_partners_sides_currencies_states_and_callers() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    let vendor = shop.partner(VENDOR);
    let other_client = shop.client("Another client").await;
    let note = posted_credit_note(&shop, "customer_credit_note", client, "50").await;
    shop.currency_rate("USD", "2026-08-31", "3.6725").await;
    let cases = [
        shop.posted_invoice(other_client, "10").await,
        shop.posted_bill(vendor, "10").await,
        posted_plain(&shop, "customer_invoice", client, "USD", "2026-09-01", "10").await,
        posted_credit_note(&shop, "customer_credit_note", client, "10").await,
    ];
    for document in cases {
        let refused = net(&shop, note, json!([{"invoiceId": document, "amount": "5"}])).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{:?}",
            refused.body
        );
        assert_eq!(
            refused.body["errors"][0]["field"],
            "allocations[0].invoiceId"
        );
    }
    let invoice = shop.posted_invoice(client, "100").await;
    for bad in [json!("0"), json!("-1"), json!("1.001"), json!("x")] {
        let refused = net(&shop, note, json!([{"invoiceId": invoice, "amount": bad}])).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{bad}: {:?}",
            refused.body
        );
    }
    let refused = net(&shop, note, json!([])).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    // An invoice is not a credit note.
    let refused = net(
        &shop,
        invoice,
        json!([{"invoiceId": invoice, "amount": "5"}]),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    // Drafts and cancelled documents are not posted.
    let draft_note = shop
        .draft_invoice(
            json!({"kind": "customer_credit_note", "partnerId": client, "invoiceDate": "2026-09-10",
            "lines": [{"description": "Returned goods", "quantity": "1", "unitPrice": "5"}]}),
        )
        .await
        .id();
    let refused = net(
        &shop,
        draft_note,
        json!([{"invoiceId": invoice, "amount": "5"}]),
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    assert_eq!(refused.code(), "invoice_not_posted");
    let draft_invoice = shop
        .draft_invoice(
            json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-09-10",
            "lines": [{"description": "Goods", "quantity": "1", "unitPrice": "5"}]}),
        )
        .await
        .id();
    let refused = net(
        &shop,
        note,
        json!([{"invoiceId": draft_invoice, "amount": "5"}]),
    )
    .await;
    assert_eq!(refused.code(), "invoice_not_posted");
    let cancelled = shop.posted_invoice(client, "10").await;
    let cancel = shop.cancel_invoice(cancelled).await;
    assert_eq!(cancel.status, StatusCode::OK, "{:?}", cancel.body);
    let refused = net(
        &shop,
        note,
        json!([{"invoiceId": cancelled, "amount": "5"}]),
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    assert_eq!(refused.code(), "invoice_not_posted");
    // Another company's ids are not found; a viewer may not net.
    let other = shop.another_company("Other LLC").await;
    let hidden = shop
        .app
        .post(
            &format!("/api/v1/accounting/invoices/{note}/allocate"),
            &shop.token,
            Some(other),
            json!({"allocations": [{"invoiceId": invoice, "amount": "5"}]}),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "{:?}", hidden.body);
    let hidden = shop
        .app
        .delete(
            &format!("/api/v1/accounting/invoices/{note}/allocations/{invoice}"),
            &shop.token,
            Some(other),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let (_, viewer) = shop.member("viewer@example.com", "viewer").await;
    let forbidden = shop
        .app
        .post(
            &format!("/api/v1/accounting/invoices/{note}/allocate"),
            &viewer,
            Some(shop.id),
            json!({"allocations": [{"invoiceId": invoice, "amount": "5"}]}),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let note_view = shop.invoice(note).await;
    assert_eq!(note_view.body["amountDue"], "50.00");
    assert_eq!(note_view.body["allocations"], json!([]));
    assert_eq!(shop.invoice(invoice).await.body["amountDue"], "105.00");
}

#[tokio::test]
async fn netting_across_two_rates_books_the_exchange_difference() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    shop.currency_rate("USD", "2026-09-01", "3.6725").await;
    shop.currency_rate("USD", "2026-09-10", "3.70").await;
    // 100 USD invoiced at 3.6725 (367.25 AED), credited at 3.70 (370.00 AED).
    let invoice = posted_plain(
        &shop,
        "customer_invoice",
        client,
        "USD",
        "2026-09-01",
        "100",
    )
    .await;
    let note = posted_plain(
        &shop,
        "customer_credit_note",
        client,
        "USD",
        "2026-09-10",
        "100",
    )
    .await;
    assert_eq!(shop.balance("110000").await, "-2.75");
    let netted = net(
        &shop,
        note,
        json!([{"invoiceId": invoice, "amount": "100"}]),
    )
    .await;
    assert_eq!(netted.status, StatusCode::OK, "{:?}", netted.body);
    assert_eq!(netted.body["paymentState"], "paid");
    assert_eq!(shop.invoice(invoice).await.body["paymentState"], "paid");
    // The receivable is cleared to the fils; the 2.75 credited over is a gain.
    assert_eq!(shop.balance("110000").await, "0.00");
    assert_eq!(shop.balance("409100").await, "-2.75");
    let undone = shop
        .delete(&format!(
            "/api/v1/accounting/invoices/{note}/allocations/{invoice}"
        ))
        .await;
    assert_eq!(undone.status, StatusCode::NO_CONTENT, "{:?}", undone.body);
    assert_eq!(shop.balance("110000").await, "-2.75");
    assert_eq!(shop.balance("409100").await, "0.00");
    assert_eq!(shop.invoice(invoice).await.body["amountDue"], "100.00");
}

#[tokio::test]
async fn a_payment_in_another_currency_settles_at_the_payment_dates_rates() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    set_write_off_limit(&shop, "1.00").await;
    shop.currency_rate("USD", "2026-09-01", "3.6725").await;
    shop.currency_rate("USD", "2026-09-15", "3.70").await;

    // 100 USD invoiced at 3.6725 (367.25 AED), paid 370.00 AED when USD is worth 3.70.
    let invoice = posted_plain(
        &shop,
        "customer_invoice",
        client,
        "USD",
        "2026-09-01",
        "100",
    )
    .await;
    let payment = shop.posted_payment("inbound", client, "370").await;
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": invoice, "amount": "370"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    assert_eq!(allocated.body["allocations"][0]["amount"], "370.00");
    let paid = shop.invoice(invoice).await;
    assert_eq!(paid.body["paymentState"], "paid", "{:?}", paid.body);
    assert_eq!(paid.body["amountPaid"], "100.00");
    // The 2.75 AED received over what the invoice booked is a realised gain.
    assert_eq!(shop.balance("110000").await, "0.00");
    assert_eq!(shop.balance("409100").await, "-2.75");
    let undone = shop.unallocate(payment, invoice).await;
    assert_eq!(undone.status, StatusCode::NO_CONTENT, "{:?}", undone.body);
    assert_eq!(shop.invoice(invoice).await.body["amountDue"], "100.00");
    assert_eq!(shop.balance("110000").await, "-2.75");
    assert_eq!(shop.balance("409100").await, "0.00");

    // 369.00 AED settles 99.73 USD; the 0.27 USD left (1.00 AED at the payment's rates, 0.99
    // as the invoice booked it) is written off, and the books clear to the fils.
    let second = posted_plain(
        &shop,
        "customer_invoice",
        client,
        "USD",
        "2026-09-01",
        "100",
    )
    .await;
    let short = shop.posted_payment("inbound", client, "369").await;
    let closed = shop
        .allocate(
            short,
            json!([{"invoiceId": second, "amount": "369", "writeOffAccountId": shop.account("604000")}]),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    assert_eq!(closed.body["allocations"][0]["writeOffAmount"], "1.00");
    let second_view = shop.invoice(second).await;
    assert_eq!(second_view.body["paymentState"], "paid");
    assert_eq!(second_view.body["amountDue"], "0.00");
    assert_eq!(shop.balance("604000").await, "0.99");
    assert_eq!(shop.balance("409100").await, "-2.74");
    // The first invoice is open again (367.25) and its payment unallocated (370.00).
    assert_eq!(shop.balance("110000").await, "-2.75");
    let undone = shop.unallocate(short, second).await;
    assert_eq!(undone.status, StatusCode::NO_CONTENT, "{:?}", undone.body);
    assert_eq!(shop.invoice(second).await.body["amountDue"], "100.00");
    assert_eq!(shop.balance("604000").await, "0.00");
    assert_eq!(shop.balance("409100").await, "0.00");

    // A USD payment settles an AED invoice at 3.70: 28.00 USD is 103.60 AED.
    let aed = shop.posted_invoice(client, "100").await;
    let dollars = shop
        .posted_payment_with(
            json!({"type": "inbound", "partnerId": client, "amount": "28", "currency": "USD",
            "date": "2026-09-15", "journalId": shop.journal("BNK1"), "method": "bank_transfer"}),
        )
        .await;
    let allocated = shop
        .allocate(dollars, json!([{"invoiceId": aed, "amount": "28"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    assert_eq!(shop.invoice(aed).await.body["amountDue"], "1.40");
    // More than is due, converted, is refused.
    let over = shop
        .allocate(dollars, json!([{"invoiceId": aed, "amount": "0.50"}]))
        .await;
    assert_eq!(over.status, StatusCode::CONFLICT, "{:?}", over.body);
    assert_eq!(over.code(), "payment_over_allocated");
    let tb = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(tb.body["totals"]["debit"], tb.body["totals"]["credit"]);
}
