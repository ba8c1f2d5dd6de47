//! Credit notes and lines (shapes-invoicing §3): a credit note with its own date at that date's
//! rate, the exchange difference booked when it settles its invoice, cancellation with a date
//! and a reason, and discount or return lines, through the API on both databases.

use arkan_testkit::{Company, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

const TRN: &str = "100123456700003";
const CLIENT: &str = "Al Noor";

async fn shop() -> Company {
    TestApp::company()
        .trn(TRN)
        .with_uae_chart()
        .client(CLIENT)
        .await
}

/// A posted customer invoice of 100 USD without tax, dated 2026-09-01 (3.6725: 367.25 AED).
async fn dollar_invoice(shop: &Company) -> Uuid {
    let invoice = shop
        .draft_invoice(
            json!({"kind": "customer_invoice", "partnerId": shop.partner(CLIENT),
            "invoiceDate": "2026-09-01", "currency": "USD",
            "lines": [{"description": "Pumps", "quantity": "1", "unitPrice": "100"}]}),
        )
        .await;
    let posted = shop.post_invoice(invoice.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    invoice.id()
}

async fn dollar_shop() -> Company {
    let shop = shop().await;
    shop.currency_rate("USD", "2026-09-01", "3.6725").await;
    shop.currency_rate("USD", "2026-09-10", "3.70").await;
    shop
}

/// The journal entry of a document: its lines as (account, debit, credit).
async fn entry_of(shop: &Company, document: &Value) -> (Value, Vec<(Uuid, String, String)>) {
    let entry = shop
        .get(&format!(
            "/api/v1/accounting/journal-entries/{}",
            document["journalEntryId"].as_str().unwrap_or_default()
        ))
        .await;
    assert_eq!(entry.status, StatusCode::OK, "{:?}", entry.body);
    let lines = entry.body["lines"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|line| {
            (
                line["accountId"]
                    .as_str()
                    .unwrap_or_default()
                    .parse()
                    .unwrap_or_default(),
                line["debit"].as_str().unwrap_or_default().to_owned(),
                line["credit"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (entry.body, lines)
}

#[tokio::test]
async fn a_credit_note_dated_later_settles_its_invoice_at_its_own_rate_and_books_the_difference() {
    let shop = dollar_shop().await;
    let invoice = dollar_invoice(&shop).await;
    assert_eq!(shop.balance("110000").await, "367.25");

    // 40 USD credited on 2026-09-10 at 3.70: 148.00 AED, where the invoice booked 146.90.
    let note = shop
        .post(
            &format!("/api/v1/sales/billing/credit-note/{invoice}"),
            json!({"amount": "40", "date": "2026-09-10", "reference": "RMA-7"}),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED, "{:?}", note.body);
    assert_eq!(note.body["invoiceDate"], "2026-09-10");
    assert_eq!(note.body["amountTotal"], "40.00");
    assert_eq!(note.body["reference"], "RMA-7");
    assert_eq!(note.body["originInvoiceId"], invoice.to_string());
    let (entry, lines) = entry_of(&shop, &note.body).await;
    assert_eq!(entry["date"], "2026-09-10");
    assert!(
        lines
            .iter()
            .any(|(account, _, credit)| *account == shop.account("110000") && credit == "148.00"),
        "{lines:?}"
    );
    assert_eq!(shop.balance("401000").await, "-219.25");
    // The 60 USD still due stay on the receivable at the invoice's rate (220.35); the 1.10
    // credited over is a realised gain.
    assert_eq!(shop.balance("110000").await, "220.35");
    assert_eq!(shop.balance("409100").await, "-1.10");
    assert_eq!(shop.balance("609100").await, "0.00");
    let fetched = shop.invoice(invoice).await;
    assert_eq!(fetched.body["amountDue"], "60.00");
    assert_eq!(fetched.body["paymentState"], "partial");

    // Credited by lines at the same later date: 20 USD more, 73.45 AED at the invoice's rate,
    // 74.00 at the credit note's.
    let by_lines = shop
        .post(
            &format!("/api/v1/sales/billing/credit-note/{invoice}"),
            json!({"date": "2026-09-10",
                "lines": [{"description": "Damaged pumps", "quantity": "2", "unitPrice": "10"}]}),
        )
        .await;
    assert_eq!(by_lines.status, StatusCode::CREATED, "{:?}", by_lines.body);
    assert_eq!(by_lines.body["invoiceDate"], "2026-09-10");
    assert_eq!(shop.balance("110000").await, "146.90");
    assert_eq!(shop.balance("409100").await, "-1.65");

    // The rest is paid in USD at the invoice's own date's rate: nothing more to realise.
    let payment = shop
        .posted_payment_with(json!({"type": "inbound", "partnerId": shop.partner(CLIENT),
            "amount": "40", "currency": "USD", "date": "2026-09-01",
            "journalId": shop.journal("BNK1"), "method": "bank_transfer"}))
        .await;
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": invoice, "amount": "40"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    assert_eq!(shop.invoice(invoice).await.body["paymentState"], "paid");
    assert_eq!(shop.balance("110000").await, "0.00");
    let balanced = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(
        balanced.body["totals"]["debit"],
        balanced.body["totals"]["credit"]
    );
}

#[tokio::test]
async fn a_credit_note_cannot_be_dated_before_its_invoice_or_without_a_rate() {
    let shop = dollar_shop().await;
    let invoice = dollar_invoice(&shop).await;
    for (body, message) in [
        (json!({"amount": "10", "date": "2026-08-31"}), "on or after"),
        (json!({"amount": "10", "date": "31/08/2026"}), "YYYY-MM-DD"),
    ] {
        let refused = shop
            .post(
                &format!("/api/v1/sales/billing/credit-note/{invoice}"),
                body,
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{:?}",
            refused.body
        );
        assert_eq!(refused.body["errors"][0]["field"], "date");
        assert!(
            refused.body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(message),
            "{:?}",
            refused.body
        );
    }
    let early = shop
        .post(
            &format!("/api/v1/accounting/invoices/{invoice}/cancel"),
            json!({"date": "2026-08-01"}),
        )
        .await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST, "{:?}", early.body);
    assert_eq!(early.body["errors"][0]["field"], "date");
    let unknown = shop
        .post(
            &format!("/api/v1/accounting/invoices/{invoice}/cancel"),
            json!({"reason": "x", "why": "y"}),
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        unknown.body
    );
    // Nothing happened.
    assert_eq!(shop.invoice(invoice).await.body["state"], "posted");
    assert_eq!(shop.balance("110000").await, "367.25");

    // A date in a locked period answers as posting does.
    let locked = shop.update(json!({"lockDate": "2026-09-30"})).await;
    assert_eq!(locked.status, StatusCode::OK, "{:?}", locked.body);
    let refused = shop
        .post(
            &format!("/api/v1/accounting/invoices/{invoice}/cancel"),
            json!({"date": "2026-09-10"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    assert_eq!(refused.code(), "period_locked");
    assert_eq!(shop.invoice(invoice).await.body["state"], "posted");
    assert_eq!(shop.balance("110000").await, "367.25");
}

#[tokio::test]
async fn cancelling_with_a_date_and_a_reason_credits_at_that_dates_rate() {
    let shop = dollar_shop().await;
    let invoice = dollar_invoice(&shop).await;
    let cancelled = shop
        .post(
            &format!("/api/v1/accounting/invoices/{invoice}/cancel"),
            json!({"date": "2026-09-10", "reason": "  Client returned every pump  "}),
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!(cancelled.body["state"], "cancelled");
    assert_eq!(cancelled.body["paymentState"], "reversed");
    let note_id = cancelled.body["creditNoteIds"][0].as_str().unwrap();
    let note = shop
        .get(&format!("/api/v1/accounting/invoices/{note_id}"))
        .await;
    assert_eq!(note.body["invoiceDate"], "2026-09-10");
    assert_eq!(note.body["amountTotal"], "100.00");
    // The reason is the credit note's reference, and so its journal entry's.
    assert_eq!(note.body["reference"], "Client returned every pump");
    let (entry, _) = entry_of(&shop, &note.body).await;
    assert_eq!(entry["reference"], "Client returned every pump");
    assert_eq!(entry["date"], "2026-09-10");
    // 367.25 invoiced, 370.00 credited: the receivable is cleared and 2.75 is a gain.
    assert_eq!(shop.balance("110000").await, "0.00");
    assert_eq!(shop.balance("409100").await, "-2.75");
    assert_eq!(shop.balance("401000").await, "2.75");

    // Without a body, as before: the invoice's date, rate and number.
    let plain = dollar_invoice(&shop).await;
    let number = shop.invoice(plain).await.body["number"].clone();
    let bare = shop
        .app
        .call(
            Method::POST,
            &format!("/api/v1/accounting/invoices/{plain}/cancel"),
            Some(&shop.token),
            Some(shop.id),
            None,
        )
        .await;
    assert_eq!(bare.status, StatusCode::OK, "{:?}", bare.body);
    let bare_note_id = bare.body["creditNoteIds"][0].as_str().unwrap();
    let bare_note = shop
        .get(&format!("/api/v1/accounting/invoices/{bare_note_id}"))
        .await;
    assert_eq!(bare_note.body["invoiceDate"], "2026-09-01");
    assert_eq!(bare_note.body["reference"], number);
    assert_eq!(shop.balance("110000").await, "0.00");
    assert_eq!(shop.balance("409100").await, "-2.75");
}

#[tokio::test]
async fn a_discount_line_brings_the_invoice_to_90_and_debits_revenue() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    let draft = shop
        .draft_invoice(
            json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-09-01",
            "lines": [
                {"description": "Generator service", "quantity": "1", "unitPrice": "100"},
                {"description": "Loyalty discount", "quantity": "1", "unitPrice": "-10"}
            ]}),
        )
        .await;
    assert_eq!(draft.body["amountUntaxed"], "90.00");
    assert_eq!(draft.body["amountTotal"], "90.00");
    assert_eq!(draft.body["lines"][1]["unitPrice"], "-10");
    assert_eq!(draft.body["lines"][1]["subtotal"], "-10.00");
    let posted = shop.post_invoice(draft.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    let (entry, lines) = entry_of(&shop, &posted.body).await;
    assert_eq!(entry["totalDebit"], "100.00");
    assert_eq!(entry["totalCredit"], "100.00");
    let revenue = shop.account("401000");
    let receivable = shop.account("110000");
    let mut found: Vec<(Uuid, String, String)> = lines.clone();
    found.sort();
    let mut wanted = vec![
        (receivable, "90.00".to_owned(), "0.00".to_owned()),
        (revenue, "0.00".to_owned(), "100.00".to_owned()),
        (revenue, "10.00".to_owned(), "0.00".to_owned()),
    ];
    wanted.sort();
    assert_eq!(found, wanted);
    assert_eq!(shop.balance("401000").await, "-90.00");
    assert_eq!(shop.balance("110000").await, "90.00");

    // With VAT rounded once per document, a return line (negative quantity) takes its tax
    // back: 99.99 - 9.99 = 90.00, VAT 4.50.
    let set = shop
        .patch(
            "/api/v1/accounting/settings",
            json!({"taxRounding": "document"}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    let vat = shop.tax("VAT 5%");
    let taxed = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-09-02",
            "lines": [
                {"description": "Filters", "quantity": "3", "unitPrice": "33.33", "taxIds": [vat]},
                {"description": "Filter returned", "quantity": "-1", "unitPrice": "9.99", "taxIds": [vat]}
            ]}))
        .await;
    assert_eq!(taxed.body["amountUntaxed"], "90.00");
    assert_eq!(taxed.body["amountTax"], "4.50");
    assert_eq!(taxed.body["amountTotal"], "94.50");
    assert_eq!(taxed.body["lines"][1]["quantity"], "-1");
    assert_eq!(taxed.body["lines"][1]["total"], "-10.49");
    let posted = shop.post_invoice(taxed.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    let (entry, lines) = entry_of(&shop, &posted.body).await;
    assert_eq!(entry["totalDebit"], entry["totalCredit"]);
    assert!(
        lines
            .iter()
            .any(|line| *line == (revenue, "9.99".to_owned(), "0.00".to_owned())),
        "{lines:?}"
    );
    assert_eq!(shop.balance("401000").await, "-180.00");
    assert_eq!(shop.balance("202000").await, "-4.50");
    assert_eq!(shop.balance("110000").await, "184.50");

    // A vendor bill's discount line credits the expense.
    let vendor = shop.vendor("Gulf Parts").await;
    let bill = shop
        .draft_invoice(
            json!({"kind": "vendor_bill", "partnerId": vendor, "invoiceDate": "2026-09-03",
            "lines": [
                {"description": "Parts", "quantity": "2", "unitPrice": "50"},
                {"description": "Volume discount", "quantity": "1", "unitPrice": "-5"}
            ]}),
        )
        .await;
    let posted = shop.post_invoice(bill.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(posted.body["amountTotal"], "95.00");
    assert_eq!(shop.balance("501000").await, "95.00");
    assert_eq!(shop.balance("201000").await, "-95.00");
}

#[tokio::test]
async fn a_negative_total_or_a_zero_quantity_is_refused() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    let negative = shop
        .post(
            "/api/v1/accounting/invoices",
            json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-09-01",
            "lines": [
                {"description": "Goods", "quantity": "1", "unitPrice": "10"},
                {"description": "Too generous", "quantity": "1", "unitPrice": "-20"}
            ]}),
        )
        .await;
    assert_eq!(
        negative.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        negative.body
    );
    assert_eq!(negative.code(), "invoice_total_negative");
    assert_eq!(negative.body["errors"][0]["field"], "lines");

    let zero = shop
        .post(
            "/api/v1/accounting/invoices",
            json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-09-01",
            "lines": [{"description": "Nothing", "quantity": "0", "unitPrice": "10"}]}),
        )
        .await;
    assert_eq!(zero.status, StatusCode::BAD_REQUEST, "{:?}", zero.body);
    assert_eq!(zero.body["errors"][0]["field"], "lines[0].quantity");

    // Changing a draft is held to the same rule, and a credit note by lines too.
    let draft = shop
        .draft_invoice(
            json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-09-01",
            "lines": [{"description": "Goods", "quantity": "1", "unitPrice": "10"}]}),
        )
        .await;
    let changed = shop
        .patch(
            &format!("/api/v1/accounting/invoices/{}", draft.id()),
            json!({"lines": [{"description": "Return", "quantity": "-1", "unitPrice": "10"}]}),
        )
        .await;
    assert_eq!(
        changed.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        changed.body
    );
    assert_eq!(changed.code(), "invoice_total_negative");
    let posted = shop.post_invoice(draft.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    let credit = shop
        .post(
            &format!("/api/v1/sales/billing/credit-note/{}", draft.id()),
            json!({"lines": [{"description": "Odd", "quantity": "1", "unitPrice": "-1"}]}),
        )
        .await;
    assert_eq!(credit.status, StatusCode::BAD_REQUEST, "{:?}", credit.body);
    assert_eq!(credit.code(), "invoice_total_negative");
    assert_eq!(shop.balance("110000").await, "10.00");
}

/// Each document books its lines converted one by one: cancelling a taxed USD invoice at
/// another rate clears the receivable to the fils, the whole difference being exchange.
#[tokio::test]
async fn cancelling_a_taxed_dollar_invoice_at_another_rate_leaves_nothing_on_the_receivable() {
    let shop = dollar_shop().await;
    let invoice = shop
        .draft_invoice(
            json!({"kind": "customer_invoice", "partnerId": shop.partner(CLIENT),
            "invoiceDate": "2026-09-01", "currency": "USD",
            "lines": [{"description": "Valve", "quantity": "1", "unitPrice": "33.33",
                       "taxIds": [shop.tax("VAT 5%")]}]}),
        )
        .await;
    let posted = shop.post_invoice(invoice.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(posted.body["amountTotal"], "35.00");
    // 122.40 + 6.13 = 128.53 AED booked, where 35.00 x 3.6725 would be 128.54.
    assert_eq!(shop.balance("110000").await, "128.53");
    let cancelled = shop
        .post(
            &format!("/api/v1/accounting/invoices/{}/cancel", invoice.id()),
            json!({"date": "2026-09-10"}),
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    // Credited 123.32 + 6.18 = 129.50: 0.97 of exchange gain, and nothing left on 110000.
    assert_eq!(shop.balance("110000").await, "0.00");
    assert_eq!(shop.balance("409100").await, "-0.97");
}
