use arkan_testkit::{NewCompany, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

/// The supplier's tax registration number a UAE tax invoice needs.
const TRN: &str = "100123456700003";
/// The client of the shop, on 30 days' terms.
const CLIENT: &str = "Al Noor";
/// The vendor of the shop.
const VENDOR: &str = "Overseas Software Ltd";

/// "Shop LLC": the UAE chart, on the enterprise plan, with its client and its vendor (and no
/// TRN until one is given).
fn new_shop() -> NewCompany {
    TestApp::company()
        .named("Shop LLC")
        .plan("enterprise")
        .with_uae_chart()
        .client_with(json!({"name": CLIENT, "paymentTermsDays": 30}))
        .vendor(VENDOR)
}

#[tokio::test]
async fn a_customer_invoice_with_vat_posts_one_balanced_entry() {
    let shop = new_shop().await;
    let vat = shop.tax("VAT 5%");
    let project = shop.project("TOWER").await;
    let draft = shop
        .draft_invoice(json!({
            "kind": "customer_invoice", "partnerId": shop.partner(CLIENT), "invoiceDate": "2026-03-10", "reference": "PO-77",
            "lines": [
                {"description": "Steel beams", "quantity": "2", "unitPrice": "1500", "taxIds": [vat]},
                {"description": "Delivery", "quantity": 1, "unitPrice": "250.50", "discountPercent": "10", "taxIds": [vat], "projectId": project}
            ]
        }))
        .await;
    let body = &draft.body;
    assert_eq!(body["state"], "draft");
    assert_eq!(body["dueDate"], "2026-04-09");
    assert_eq!(body["amountUntaxed"], "3225.45");
    assert_eq!(body["amountTax"], "161.27");
    assert_eq!(body["amountTotal"], "3386.72");
    assert_eq!(body["amountDue"], "3386.72");
    assert_eq!(body["paymentState"], "not_paid");
    assert_eq!(body["lines"][1]["subtotal"], "225.45");
    let id = draft.id();

    // A UAE tax invoice needs the supplier's TRN.
    let refused = shop.post_invoice(id).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.code(), "company_trn_required");
    let trn = shop.update(json!({ "trn": TRN })).await;
    assert_eq!(trn.status, StatusCode::OK);

    let posted = shop.post_invoice(id).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(posted.body["number"], "INV/2026/00001");
    assert_eq!(posted.body["state"], "posted");
    let entry = shop
        .get(&format!(
            "/api/v1/accounting/journal-entries/{}",
            posted.body["journalEntryId"].as_str().unwrap()
        ))
        .await;
    assert_eq!(entry.body["number"], "INV/2026/00001");
    assert_eq!(entry.body["totalDebit"], "3386.72");
    // The project of a line travels to its revenue line (revenue by project later).
    let projects: Vec<&Value> = entry.body["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|line| !line["projectId"].is_null())
        .collect();
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0]["credit"], "225.45");
    assert_eq!(shop.balance("110000").await, "3386.72");
    assert_eq!(shop.balance("401000").await, "-3225.45");
    assert_eq!(shop.balance("202000").await, "-161.27");

    assert_eq!(shop.post_invoice(id).await.status, StatusCode::CONFLICT);
    let edit = shop
        .patch(
            &format!("/api/v1/accounting/invoices/{id}"),
            json!({"reference": "x"}),
        )
        .await;
    assert_eq!(edit.status, StatusCode::CONFLICT);
    assert_eq!(edit.code(), "invoice_not_draft");
    let tb = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(tb.body["totals"]["debit"], tb.body["totals"]["credit"]);
}

#[tokio::test]
async fn a_reverse_charge_bill_books_vat_both_ways_and_the_vendor_gets_the_net() {
    let shop = new_shop().trn(TRN).await;
    let vendor = shop.partner(VENDOR);
    let client = shop.partner(CLIENT);
    let reverse = shop.tax("Reverse charge 5%");
    let bill = shop
        .draft_invoice(json!({
            "kind": "vendor_bill", "partnerId": vendor, "invoiceDate": "2026-05-02",
            "lines": [{"description": "Software licence", "quantity": "1", "unitPrice": "20000", "taxIds": [reverse], "accountId": shop.account("603000")}]
        }))
        .await;
    assert_eq!(bill.body["amountTax"], "0.00");
    assert_eq!(bill.body["amountTotal"], "20000.00");
    let posted = shop.post_invoice(bill.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(posted.body["number"], "BILL/2026/00001");
    assert_eq!(shop.balance("201000").await, "-20000.00");
    assert_eq!(shop.balance("603000").await, "20000.00");
    assert_eq!(shop.balance("140000").await, "1000.00");
    assert_eq!(shop.balance("202100").await, "-1000.00");

    // A sale tax on a bill, a client as vendor, a tax of another company: refused.
    let wrong_use = shop
        .post("/api/v1/accounting/invoices", json!({"kind": "vendor_bill", "partnerId": vendor, "invoiceDate": "2026-05-02",
            "lines": [{"description": "X", "quantity": "1", "unitPrice": "1", "taxIds": [shop.tax("VAT 5%")]}]}))
        .await;
    assert_eq!(wrong_use.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong_use.body["errors"][0]["field"], "lines[0].taxIds[0]");
    let wrong_partner = shop
        .post(
            "/api/v1/accounting/invoices",
            json!({"kind": "vendor_bill", "partnerId": client, "invoiceDate": "2026-05-02",
            "lines": [{"description": "X", "quantity": "1", "unitPrice": "1"}]}),
        )
        .await;
    assert_eq!(wrong_partner.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong_partner.body["errors"][0]["field"], "partnerId");
    let bad_amounts = shop
        .post("/api/v1/accounting/invoices", json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-05-02",
            "lines": [{"description": "", "quantity": "0", "unitPrice": "1.1234567", "discountPercent": "101"}]}))
        .await;
    assert_eq!(bad_amounts.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_amounts.body["errors"].as_array().unwrap().len(), 4);
    assert_eq!(
        shop.get("/api/v1/accounting/invoices").await.body["meta"]["total"],
        1
    );
}

#[tokio::test]
async fn a_dollar_invoice_posts_in_dirhams_at_the_rate_of_its_date() {
    let shop = new_shop().trn(TRN).await;
    let client = shop.partner(CLIENT);
    let no_rate = shop
        .post("/api/v1/accounting/invoices", json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-06-01", "currency": "USD",
            "lines": [{"description": "Consulting", "quantity": "3", "unitPrice": "333.33"}]}))
        .await;
    assert_eq!(no_rate.status, StatusCode::BAD_REQUEST);
    shop.currency_rate("USD", "2026-05-31", "3.6725").await;
    let invoice = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-06-01", "currency": "USD",
            "lines": [{"description": "Consulting", "quantity": "3", "unitPrice": "333.33"}]}))
        .await;
    assert_eq!(invoice.body["currency"], "USD");
    assert_eq!(invoice.body["amountTotal"], "999.99");
    let posted = shop.post_invoice(invoice.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    // 999.99 USD × 3.6725 = 3672.463... AED.
    assert_eq!(shop.balance("110000").await, "3672.46");
    assert_eq!(shop.balance("401000").await, "-3672.46");
}

#[tokio::test]
async fn cancelling_a_posted_invoice_issues_and_posts_a_credit_note() {
    let shop = new_shop().trn(TRN).await;
    let vat = shop.tax("VAT 5%");
    let invoice = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": shop.partner(CLIENT), "invoiceDate": "2026-07-01",
            "lines": [{"description": "Cement", "quantity": "10", "unitPrice": "42", "taxIds": [vat]}]}))
        .await;
    let id = invoice.id();
    let draft_cancel = shop.cancel_invoice(id).await;
    assert_eq!(draft_cancel.status, StatusCode::CONFLICT);
    shop.post_invoice(id).await;
    let cancelled = shop.cancel_invoice(id).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!(cancelled.body["state"], "cancelled");
    assert_eq!(cancelled.body["paymentState"], "reversed");
    assert_eq!(cancelled.body["amountDue"], "0.00");
    let credit_note_id = cancelled.body["creditNoteIds"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let credit_note = shop
        .get(&format!("/api/v1/accounting/invoices/{credit_note_id}"))
        .await;
    assert_eq!(credit_note.body["kind"], "customer_credit_note");
    assert_eq!(credit_note.body["number"], "RINV/2026/00001");
    assert_eq!(credit_note.body["originInvoiceId"], id.to_string());
    assert_eq!(credit_note.body["amountTotal"], "441.00");
    for code in ["110000", "401000", "202000"] {
        assert_eq!(shop.balance(code).await, "0.00", "{code}");
    }
    let again = shop.cancel_invoice(id).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let fetched = shop.invoice(id).await;
    assert_eq!(fetched.body["creditNoteIds"][0], credit_note_id.as_str());
}

#[tokio::test]
async fn rounding_kwd_drafts_and_other_companies() {
    let shop = new_shop().trn(TRN).await;
    let client = shop.partner(CLIENT);
    let vat = shop.tax("VAT 5%");
    let thirds = shop
        .draft_invoice(
            json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-08-01",
            "lines": [
                {"description": "a", "quantity": "1", "unitPrice": "0.333", "taxIds": [vat]},
                {"description": "b", "quantity": "1", "unitPrice": "0.333", "taxIds": [vat]},
                {"description": "c", "quantity": "1", "unitPrice": "0.333", "taxIds": [vat]}
            ]}),
        )
        .await;
    // Each line: 0.33 + VAT 0.02 (0.01665 rounded per line).
    assert_eq!(thirds.body["amountUntaxed"], "0.99");
    assert_eq!(thirds.body["amountTax"], "0.06");
    assert_eq!(thirds.body["amountTotal"], "1.05");
    let posted = shop.post_invoice(thirds.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);

    // A draft can be changed and deleted; a posted one cannot be deleted.
    let draft = shop
        .draft_invoice(
            json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-08-02",
            "lines": [{"description": "x", "quantity": "1", "unitPrice": "10"}]}),
        )
        .await;
    let changed = shop
        .patch(
            &format!("/api/v1/accounting/invoices/{}", draft.id()),
            json!({"lines": [{"description": "y", "quantity": "2", "unitPrice": "10"}]}),
        )
        .await;
    assert_eq!(changed.body["amountTotal"], "20.00");
    let deleted = shop
        .delete(&format!("/api/v1/accounting/invoices/{}", draft.id()))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let posted_delete = shop
        .delete(&format!("/api/v1/accounting/invoices/{}", thirds.id()))
        .await;
    assert_eq!(posted_delete.status, StatusCode::CONFLICT);

    // Another company sees none of it.
    let other = shop.another_company("Other LLC").await;
    let foreign = shop
        .app
        .get(
            &format!("/api/v1/accounting/invoices/{}", thirds.id()),
            &shop.token,
            Some(other),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);

    // KWD keeps three decimals.
    let kwd = new_shop().currency("KWD").trn(TRN).await;
    let invoice = kwd
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": kwd.partner(CLIENT), "invoiceDate": "2026-08-01",
            "lines": [{"description": "Valve", "quantity": "3", "unitPrice": "1.2345"}]}),
        )
        .await;
    assert_eq!(invoice.body["amountTotal"], "3.704");
    assert_eq!(
        kwd.post_invoice(invoice.id()).await.body["number"],
        "INV/2026/00001"
    );
    assert_eq!(kwd.balance("110000").await, "3.704");
}

#[tokio::test]
async fn a_customer_pays_an_invoice_in_two_parts() {
    let shop = new_shop().trn(TRN).await;
    let client = shop.partner(CLIENT);
    let invoice = shop.posted_invoice(client, "1000").await;
    let first = shop.posted_payment("inbound", client, "400").await;
    let second = shop.posted_payment("inbound", client, "650").await;

    let allocated = shop
        .allocate(first, json!([{"invoiceId": invoice, "amount": "400"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    assert_eq!(allocated.body["amountUnallocated"], "0.00");
    let partial = shop.invoice(invoice).await;
    assert_eq!(partial.body["paymentState"], "partial");
    assert_eq!(partial.body["amountDue"], "650.00");

    let rest = shop
        .allocate(second, json!([{"invoiceId": invoice, "amount": "650"}]))
        .await;
    assert_eq!(rest.status, StatusCode::OK);
    let paid = shop.invoice(invoice).await;
    assert_eq!(paid.body["paymentState"], "paid");
    assert_eq!(paid.body["amountPaid"], "1050.00");
    assert_eq!(paid.body["amountDue"], "0.00");
    // The receivable is settled in the ledger; the bank holds the money.
    assert_eq!(shop.balance("110000").await, "0.00");
    assert_eq!(shop.balance("101000").await, "1050.00");
    let tb = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(tb.body["totals"]["debit"], tb.body["totals"]["credit"]);

    // Un-allocate and the invoice is open again.
    let undone = shop.unallocate(second, invoice).await;
    assert_eq!(undone.status, StatusCode::NO_CONTENT);
    assert_eq!(
        shop.payment(second).await.body["amountUnallocated"],
        "650.00"
    );
    let reopened = shop.invoice(invoice).await;
    assert_eq!(reopened.body["paymentState"], "partial");
}

#[tokio::test]
async fn one_payment_settles_three_invoices_and_keeps_the_rest_as_credit() {
    let shop = new_shop().trn(TRN).await;
    let client = shop.partner(CLIENT);
    let a = shop.posted_invoice(client, "100").await;
    let b = shop.posted_invoice(client, "200").await;
    let c = shop.posted_invoice(client, "300").await;
    let payment = shop.posted_payment("inbound", client, "700").await;
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": a, "amount": "105"}, {"invoiceId": b, "amount": "210"}, {"invoiceId": c, "amount": 315}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    assert_eq!(allocated.body["amountAllocated"], "630.00");
    assert_eq!(allocated.body["amountUnallocated"], "70.00");
    assert_eq!(allocated.body["allocations"].as_array().unwrap().len(), 3);
    for invoice in [a, b, c] {
        assert_eq!(shop.invoice(invoice).await.body["paymentState"], "paid");
    }
    // The client's credit shows as a credit balance on the receivable.
    assert_eq!(shop.balance("110000").await, "-70.00");
}

#[tokio::test]
async fn allocations_that_do_not_fit_are_refused_and_change_nothing() {
    let shop = new_shop().trn(TRN).await;
    let client = shop.partner(CLIENT);
    let invoice = shop.posted_invoice(client, "100").await;
    let payment = shop.posted_payment("inbound", client, "500").await;

    // More than the invoice is open for.
    let too_much = shop
        .allocate(payment, json!([{"invoiceId": invoice, "amount": "200"}]))
        .await;
    assert_eq!(too_much.status, StatusCode::CONFLICT);
    assert_eq!(too_much.code(), "payment_over_allocated");
    // Another partner's invoice, a draft invoice, a vendor bill.
    let other_client = shop.client("Someone Else").await;
    let theirs = shop.posted_invoice(other_client, "50").await;
    let draft = shop
        .draft_invoice(
            json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-09-01",
            "lines": [{"description": "x", "quantity": "1", "unitPrice": "10"}]}),
        )
        .await
        .id();
    for bad in [theirs, draft] {
        let refused = shop
            .allocate(payment, json!([{"invoiceId": bad, "amount": "10"}]))
            .await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{:?}",
            refused.body
        );
    }
    // A draft payment cannot be allocated; another company's payment is not found.
    let journal = shop.journal("BNK1");
    let draft_payment = shop
        .post("/api/v1/accounting/payments", json!({"type": "inbound", "partnerId": client, "amount": "5", "date": "2026-09-15", "journalId": journal, "method": "cash"}))
        .await
        .id();
    assert_eq!(
        shop.allocate(
            draft_payment,
            json!([{"invoiceId": invoice, "amount": "5"}])
        )
        .await
        .status,
        StatusCode::CONFLICT
    );
    let other = shop.another_company("Other LLC").await;
    let foreign = shop
        .app
        .post(
            &format!("/api/v1/accounting/payments/{payment}/allocate"),
            &shop.token,
            Some(other),
            json!({"allocations": [{"invoiceId": invoice, "amount": "5"}]}),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    // Bad payment input.
    let bad = shop
        .post("/api/v1/accounting/payments", json!({"type": "sideways", "partnerId": client, "amount": "1.001", "date": "x", "journalId": journal, "method": "barter"}))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["errors"].as_array().unwrap().len(), 4);

    // Nothing moved.
    let unchanged = shop.payment(payment).await;
    assert_eq!(unchanged.body["amountAllocated"], "0.00");
    assert_eq!(shop.invoice(invoice).await.body["paymentState"], "not_paid");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_clients_allocating_one_payment_at_once_cannot_over_allocate_it() {
    let shop = new_shop().trn(TRN).await;
    let client = shop.partner(CLIENT);
    let a = shop.posted_invoice(client, "100").await;
    let b = shop.posted_invoice(client, "100").await;
    let payment = shop.posted_payment("inbound", client, "150").await;
    let (first, second) = tokio::join!(
        shop.allocate(payment, json!([{"invoiceId": a, "amount": "105"}])),
        shop.allocate(payment, json!([{"invoiceId": b, "amount": "105"}])),
    );
    let statuses = [first.status, second.status];
    assert!(statuses.contains(&StatusCode::OK), "{statuses:?}");
    assert!(statuses.contains(&StatusCode::CONFLICT), "{statuses:?}");
    let after = shop.payment(payment).await;
    assert_eq!(after.body["amountAllocated"], "105.00");
}

#[tokio::test]
async fn a_vendor_bill_is_paid_by_an_outbound_payment() {
    let shop = new_shop().trn(TRN).await;
    let vendor = shop.partner(VENDOR);
    let bill = shop.posted_bill(vendor, "2000").await;
    let payment = shop.posted_payment("outbound", vendor, "2100").await;
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": bill, "amount": "2100"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    assert_eq!(shop.invoice(bill).await.body["paymentState"], "paid");
    assert_eq!(shop.balance("201000").await, "0.00");
    assert_eq!(shop.balance("101000").await, "-2100.00");
    assert_eq!(shop.balance("140000").await, "100.00");
    // A paid bill cannot be cancelled wholesale.
    let cancel = shop.cancel_invoice(bill).await;
    assert_eq!(cancel.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn aged_receivables_put_each_open_amount_in_its_bucket() {
    let shop = new_shop().trn(TRN).await;
    let client = shop.partner(CLIENT);
    let second = shop.client("Zayed Traders").await;
    let invoice = |partner: Uuid, date: &'static str, due: &'static str, price: &'static str| {
        let shop = &shop;
        async move {
            let created = shop
                .draft_invoice(json!({"kind": "customer_invoice", "partnerId": partner, "invoiceDate": date, "dueDate": due,
                    "lines": [{"description": "Goods", "quantity": "1", "unitPrice": price}]}))
                .await;
            shop.post_invoice(created.id()).await;
            created.id()
        }
    };
    invoice(client, "2026-10-01", "2026-10-31", "100").await; // current on 2026-10-31
    invoice(client, "2026-09-01", "2026-10-15", "200").await; // 16 days
    let paid_half = invoice(client, "2026-08-01", "2026-08-20", "300").await; // 72 days
    invoice(second, "2026-01-01", "2026-01-31", "400").await; // 273 days
    invoice(second, "2026-11-15", "2026-11-30", "999").await; // after the as-of date: not counted
    let payment = shop.posted_payment("inbound", client, "150").await;
    shop.allocate(payment, json!([{"invoiceId": paid_half, "amount": "150"}]))
        .await;

    let report = shop
        .get("/api/v1/accounting/reports/aged-receivables?as_of=2026-10-31")
        .await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert_eq!(report.body["asOf"], "2026-10-31");
    let rows = report.body["data"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let noor = rows
        .iter()
        .find(|row| row["partnerName"] == "Al Noor")
        .unwrap();
    assert_eq!(noor["current"], "100.00");
    assert_eq!(noor["days1To30"], "200.00");
    assert_eq!(noor["days61To90"], "150.00");
    assert_eq!(noor["total"], "450.00");
    let zayed = rows
        .iter()
        .find(|row| row["partnerName"] == "Zayed Traders")
        .unwrap();
    assert_eq!(zayed["days90Plus"], "400.00");
    assert_eq!(report.body["totals"]["total"], "850.00");
    let payables = shop.get("/api/v1/accounting/reports/aged-payables").await;
    assert_eq!(payables.body["totals"]["total"], "0.00");
    assert_eq!(
        shop.get("/api/v1/accounting/reports/aged-receivables?as_of=soon")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn vendor_payments_go_to_the_bank_as_a_uaefts_file_once() {
    let shop = new_shop().trn(TRN).await;
    let vendor = shop.partner(VENDOR);
    let bank_journal = shop.journal("BNK1");
    let set_iban = shop
        .patch(
            &format!("/api/v1/accounting/journals/{bank_journal}"),
            json!({"bankIban": "AE07 0331 2345 6789 0123 456"}),
        )
        .await;
    assert_eq!(set_iban.status, StatusCode::OK, "{:?}", set_iban.body);
    assert_eq!(set_iban.body["bankIban"], "AE070331234567890123456");

    let first = shop.posted_payment("outbound", vendor, "1250.50").await;
    // Without bank details the file is refused, naming the payment and the problem.
    let refused = shop
        .post(
            "/api/v1/accounting/batch-payment/export/uaefts",
            json!({"paymentIds": [first], "valueDate": "2026-09-16"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.code(), "payments_not_exportable");
    assert!(
        refused.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no bank details"),
        "{:?}",
        refused.body
    );
    let listed = shop
        .get("/api/v1/accounting/batch-payment/exportable")
        .await;
    assert_eq!(
        listed.body["data"][0]["problems"][0],
        "the vendor has no bank details"
    );

    let saved = shop.bank_details(vendor, json!({"iban": "AE400240043520123456701", "bankName": "Dubai Islamic Bank", "bic": "DUIBAEAD", "routingCode": "802420101", "accountHolderName": "Overseas Software Ltd"})).await;
    assert_eq!(saved.status, StatusCode::OK);
    let second = shop.posted_payment("outbound", vendor, "99.99").await;

    let file = shop
        .post(
            "/api/v1/accounting/batch-payment/export/uaefts",
            json!({"valueDate": "2026-09-16"}),
        )
        .await;
    assert_eq!(file.status, StatusCode::OK, "{:?}", file.body);
    assert_eq!(file.header("content-type"), "text/csv; charset=utf-8");
    let disposition = file.header("content-disposition").to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"UAEFTS_SHOPLLC_"),
        "{disposition}"
    );
    let content = file.body.as_str().unwrap().to_owned();
    assert!(content.ends_with("\r\n"));
    let lines: Vec<&str> = content.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 4);
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(header[0], "H");
    assert_eq!(header[1], "UAEFTS1");
    assert!(header[3].ends_with("+04:00"));
    assert_eq!(
        &header[4..],
        [
            "2026-09-16",
            "AE070331234567890123456",
            "AED",
            "Shop LLC",
            "N",
            "2",
            "135049"
        ]
    );
    let payment_number = |id: Uuid| {
        let shop = &shop;
        async move {
            shop.payment(id).await.body["number"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let (first_number, second_number) = (payment_number(first).await, payment_number(second).await);
    assert_eq!(
        lines[1],
        format!(
            "D,000001,{first_number},Overseas Software Ltd,AE400240043520123456701,802420101,DUIBAEAD,1250.50,AED,GDS,TT-1,,SHA,,{}",
            first.simple()
        )
    );
    assert_eq!(
        lines[2],
        format!(
            "D,000002,{second_number},Overseas Software Ltd,AE400240043520123456701,802420101,DUIBAEAD,99.99,AED,GDS,TT-1,,SHA,,{}",
            second.simple()
        )
    );
    assert_eq!(lines[3], "T,2,135049");

    // Exported payments are not exported again unless asked.
    let again = shop
        .post("/api/v1/accounting/batch-payment/export/uaefts", json!({}))
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.code(), "nothing_to_export");
    let exported = shop.payment(first).await;
    assert!(exported.body["exportedAt"].is_string());
    let csv = shop
        .post(
            "/api/v1/accounting/batch-payment/export/csv",
            json!({"paymentIds": [second], "reexport": true}),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{:?}", csv.body);
    let csv_lines: Vec<&str> = csv
        .body
        .as_str()
        .unwrap()
        .trim_end()
        .split("\r\n")
        .collect();
    assert_eq!(csv_lines.len(), 2);
    assert!(
        csv_lines[0].starts_with("Sequence,Payment reference,Beneficiary name,Beneficiary IBAN")
    );
    assert!(csv_lines[1].contains(",99.99,AED,GDS,"));

    let wps = shop
        .post("/api/v1/accounting/batch-payment/export/wps", json!({}))
        .await;
    assert_eq!(wps.status, StatusCode::BAD_REQUEST);
    assert_eq!(wps.code(), "no_payroll_run");
    let salary = shop
        .post(
            "/api/v1/accounting/batch-payment/export/uaefts",
            json!({"purposeCode": "SAL", "reexport": true}),
        )
        .await;
    assert_eq!(salary.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_file_with_an_invalid_iban_is_refused() {
    let shop = new_shop().trn(TRN).await;
    let vendor = shop.partner(VENDOR);
    let bank_journal = shop.journal("BNK1");
    shop.patch(
        &format!("/api/v1/accounting/journals/{bank_journal}"),
        json!({"bankIban": "AE070331234567890123456"}),
    )
    .await;
    // Bank details are checked when saved, so an invalid IBAN only reaches a file through
    // stored data; simulate a bad row written before validation existed.
    shop.bank_details(vendor, json!({"iban": "AE400240043520123456701", "bankName": "DIB", "accountHolderName": "Vendor"})).await;
    let db = shop.app.platform.db.connection();
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let corrupt = Query::update()
        .table("partner_bank_details")
        .value("iban", "AE160240043520123456701")
        .and_where(Expr::col("partner_id").eq(vendor))
        .to_owned();
    sea_orm::ConnectionTrait::execute(db, &corrupt)
        .await
        .unwrap();
    let payment = shop.posted_payment("outbound", vendor, "10").await;
    let refused = shop
        .post(
            "/api/v1/accounting/batch-payment/export/uaefts",
            json!({"paymentIds": [payment]}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("IBAN is not valid"),
        "{:?}",
        refused.body
    );
    let bad_journal_iban = shop
        .patch(
            &format!("/api/v1/accounting/journals/{bank_journal}"),
            json!({"bankIban": "AE160240043520123456701"}),
        )
        .await;
    assert_eq!(bad_journal_iban.status, StatusCode::BAD_REQUEST);
    assert_eq!(shop.payment(payment).await.body["exportedAt"], Value::Null);
}

#[tokio::test]
async fn a_dollar_invoice_paid_at_a_better_rate_books_an_exchange_gain_that_undoing_reverses() {
    let shop = new_shop().trn(TRN).await;
    let client = shop.partner(CLIENT);
    for (date, rate) in [("2026-06-01", "3.60"), ("2026-06-20", "3.70")] {
        shop.currency_rate("USD", date, rate).await;
    }
    let invoice = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-06-02", "currency": "USD",
            "lines": [{"description": "Consulting", "quantity": "1", "unitPrice": "1000"}]}))
        .await
        .id();
    shop.post_invoice(invoice).await;
    assert_eq!(shop.balance("110000").await, "3600.00");
    let payment = shop
        .posted_payment_with(json!({"type": "inbound", "partnerId": client, "amount": "1000",
            "currency": "USD", "date": "2026-06-21", "journalId": shop.journal("BNK1"), "method": "bank_transfer"}))
        .await;
    assert_eq!(shop.balance("101000").await, "3700.00");
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": invoice, "amount": "1000"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    // The receivable is cleared in dirhams too, and the 100 AED difference is a realised gain.
    assert_eq!(shop.balance("110000").await, "0.00");
    assert_eq!(shop.balance("409100").await, "-100.00");
    assert_eq!(shop.invoice(invoice).await.body["paymentState"], "paid");
    let tb = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(tb.body["totals"]["debit"], tb.body["totals"]["credit"]);

    // Taken back, the gain is reversed on the same account; allocated again in two parts, the
    // parts' differences add up to the whole, and taking them back reverses exactly that.
    let undone = shop.unallocate(payment, invoice).await;
    assert_eq!(undone.status, StatusCode::NO_CONTENT, "{:?}", undone.body);
    assert_eq!(
        shop.payment(payment).await.body["amountUnallocated"],
        "1000.00"
    );
    assert_eq!(shop.balance("409100").await, "0.00");
    assert_eq!(shop.balance("609100").await, "0.00");
    assert_eq!(shop.balance("110000").await, "-100.00");
    assert_eq!(shop.invoice(invoice).await.body["paymentState"], "not_paid");
    for part in ["400", "600"] {
        let allocated = shop
            .allocate(payment, json!([{"invoiceId": invoice, "amount": part}]))
            .await;
        assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    }
    assert_eq!(shop.balance("409100").await, "-100.00");
    assert_eq!(shop.balance("110000").await, "0.00");
    assert_eq!(
        shop.unallocate(payment, invoice).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(shop.balance("409100").await, "0.00");
    assert_eq!(shop.balance("110000").await, "-100.00");
    assert_eq!(
        shop.unallocate(payment, invoice).await.status,
        StatusCode::NOT_FOUND
    );
    let tb = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(tb.body["totals"]["debit"], tb.body["totals"]["credit"]);
    let chain = shop.get("/api/v1/accounting/audit/verify").await;
    assert_eq!(chain.body["valid"], true, "{:?}", chain.body);

    // An allocation from before differences were recorded (NULL) that crossed rates is refused.
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": invoice, "amount": "1000"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    {
        use sea_orm::ConnectionTrait;
        use sea_orm::sea_query::{Expr, ExprTrait, Query};
        let forget = Query::update()
            .table("payment_allocations")
            .value("exchange_difference_minor", Option::<i64>::None)
            .and_where(Expr::col("invoice_id").eq(invoice))
            .to_owned();
        shop.app
            .platform
            .db
            .connection()
            .execute(&forget)
            .await
            .unwrap();
    }
    let refused = shop.unallocate(payment, invoice).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.code(), "allocation_has_exchange_difference");
    assert_eq!(shop.balance("409100").await, "-100.00");
}

#[tokio::test]
async fn cancelling_a_partly_paid_invoice_credits_only_what_is_open() {
    let shop = new_shop().trn(TRN).await;
    let client = shop.partner(CLIENT);
    let vat = shop.tax("VAT 5%");
    let invoice = shop
        .draft_invoice(
            json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-09-01",
            "lines": [
                {"description": "Tiles", "quantity": "7", "unitPrice": "33.33", "taxIds": [vat]},
                {"description": "Grout", "quantity": "3", "unitPrice": "12.10", "taxIds": [vat]}
            ]}),
        )
        .await;
    assert_eq!(invoice.body["amountTotal"], "283.10");
    let id = invoice.id();
    shop.post_invoice(id).await;
    let payment = shop.posted_payment("inbound", client, "100").await;
    shop.allocate(payment, json!([{"invoiceId": id, "amount": "100"}]))
        .await;

    let cancelled = shop.cancel_invoice(id).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!(cancelled.body["state"], "cancelled");
    assert_eq!(cancelled.body["amountDue"], "0.00");
    let credit_note = shop
        .get(&format!(
            "/api/v1/accounting/invoices/{}",
            cancelled.body["creditNoteIds"][0].as_str().unwrap()
        ))
        .await;
    assert_eq!(credit_note.body["amountTotal"], "183.10");
    // The client owes nothing, and the payment stays allocated to the invoice it paid.
    assert_eq!(shop.balance("110000").await, "0.00");
    let tb = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(tb.body["totals"]["debit"], tb.body["totals"]["credit"]);
}

#[tokio::test]
async fn tax_rounded_per_document_can_differ_from_per_line() {
    let shop = new_shop().trn(TRN).await;
    let vat = shop.tax("VAT 5%");
    assert_eq!(
        shop.get("/api/v1/accounting/settings").await.body["taxRounding"],
        "line"
    );
    let set = shop
        .patch(
            "/api/v1/accounting/settings",
            json!({"taxRounding": "document"}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK);
    assert_eq!(set.body["taxRounding"], "document");
    let bad = shop
        .patch(
            "/api/v1/accounting/settings",
            json!({"taxRounding": "sometimes"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let thirds = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": shop.partner(CLIENT), "invoiceDate": "2026-08-01",
            "lines": [
                {"description": "a", "quantity": "1", "unitPrice": "0.333", "taxIds": [vat]},
                {"description": "b", "quantity": "1", "unitPrice": "0.333", "taxIds": [vat]},
                {"description": "c", "quantity": "1", "unitPrice": "0.333", "taxIds": [vat]}
            ]}))
        .await;
    // 3 × 0.01665 = 0.04995, rounded once: 0.05 (per line it is 0.06).
    assert_eq!(thirds.body["amountTax"], "0.05");
    assert_eq!(thirds.body["amountTotal"], "1.04");
    let posted = shop.post_invoice(thirds.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(posted.body["amountTotal"], "1.04");
    assert_eq!(shop.balance("110000").await, "1.04");
    assert_eq!(shop.balance("202000").await, "-0.05");
}

#[tokio::test]
async fn a_partial_credit_note_by_amount_or_by_lines_reduces_what_is_due() {
    let shop = new_shop().trn(TRN).await;
    let vat = shop.tax("VAT 5%");
    let invoice = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": shop.partner(CLIENT), "invoiceDate": "2026-09-01",
            "lines": [{"description": "Chairs", "quantity": "10", "unitPrice": "100", "taxIds": [vat]}]}))
        .await
        .id();
    shop.post_invoice(invoice).await;
    let path = format!("/api/v1/sales/billing/credit-note/{invoice}");
    let by_amount = shop.post(&path, json!({"amount": "210"})).await;
    assert_eq!(
        by_amount.status,
        StatusCode::CREATED,
        "{:?}",
        by_amount.body
    );
    assert_eq!(by_amount.body["kind"], "customer_credit_note");
    assert_eq!(by_amount.body["amountTotal"], "210.00");
    assert_eq!(by_amount.body["amountTax"], "10.00");
    let by_lines = shop
        .post(&path, json!({"lines": [{"description": "One damaged chair", "quantity": "1", "unitPrice": "100", "taxIds": [vat]}]}))
        .await;
    assert_eq!(by_lines.status, StatusCode::CREATED, "{:?}", by_lines.body);
    assert_eq!(by_lines.body["number"], "RINV/2026/00002");
    let after = shop.invoice(invoice).await;
    assert_eq!(after.body["amountDue"], "735.00");
    assert_eq!(after.body["paymentState"], "partial");
    assert_eq!(after.body["creditNoteIds"].as_array().unwrap().len(), 2);
    assert_eq!(shop.balance("110000").await, "735.00");
    let too_much = shop.post(&path, json!({"amount": "800"})).await;
    assert_eq!(too_much.status, StatusCode::BAD_REQUEST);
    let both = shop.post(&path, json!({"amount": "1", "lines": []})).await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_gain_and_a_loss_in_one_allocation_land_and_reverse_on_their_own_accounts() {
    let shop = new_shop().trn(TRN).await;
    let client = shop.partner(CLIENT);
    for (date, rate) in [
        ("2026-06-01", "3.90"),
        ("2026-06-10", "4.10"),
        ("2026-06-20", "4.00"),
    ] {
        shop.currency_rate("EUR", date, rate).await;
    }
    let mut invoices = Vec::new();
    for date in ["2026-06-02", "2026-06-11"] {
        let invoice = shop
            .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": date, "currency": "EUR",
                "lines": [{"description": "Consulting", "quantity": "1", "unitPrice": "1000"}]}))
            .await
            .id();
        shop.post_invoice(invoice).await;
        invoices.push(invoice);
    }
    let payment = shop
        .posted_payment_with(json!({"type": "inbound", "partnerId": client, "amount": "2000",
            "currency": "EUR", "date": "2026-06-21", "journalId": shop.journal("BNK1"), "method": "bank_transfer"}))
        .await;
    let allocated = shop
        .allocate(
            payment,
            json!([{"invoiceId": invoices[0], "amount": "1000"}, {"invoiceId": invoices[1], "amount": "1000"}]),
        )
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    // Booked at 3.90 and 4.10, settled at 4.00: a 100 AED gain and a 100 AED loss, each shown.
    assert_eq!(shop.balance("409100").await, "-100.00");
    assert_eq!(shop.balance("609100").await, "100.00");
    assert_eq!(shop.balance("110000").await, "0.00");

    let undone = shop.unallocate(payment, invoices[1]).await;
    assert_eq!(undone.status, StatusCode::NO_CONTENT, "{:?}", undone.body);
    assert_eq!(shop.balance("609100").await, "0.00");
    assert_eq!(shop.balance("409100").await, "-100.00");
    // The second invoice is open again at its own rate (4,100 AED) against 4,000 AED unallocated.
    assert_eq!(shop.balance("110000").await, "100.00");
    let tb = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(tb.body["totals"]["debit"], tb.body["totals"]["credit"]);
}

/// Only purchasing's bills name purchase order lines: an invoice or bill made here cannot, on
/// create or when its lines are replaced, and says it was made from no order.
#[tokio::test]
async fn a_document_made_here_names_no_purchase_order_line() {
    let shop = new_shop().await;
    let line = json!({"description": "Licences", "quantity": "1", "unitPrice": "100",
                      "purchaseOrderLineId": Uuid::now_v7()});
    let refused = shop
        .post(
            "/api/v1/accounting/invoices",
            json!({"kind": "vendor_bill", "partnerId": shop.partner(VENDOR),
                   "invoiceDate": "2026-03-10", "lines": [line.clone()]}),
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
        "lines[0].purchaseOrderLineId"
    );
    let draft = shop
        .draft_invoice(json!({
            "kind": "vendor_bill", "partnerId": shop.partner(VENDOR), "invoiceDate": "2026-03-10",
            "lines": [{"description": "Licences", "quantity": "1", "unitPrice": "100"}]
        }))
        .await;
    assert!(draft.body["purchaseOrderId"].is_null());
    assert!(draft.body["lines"][0]["purchaseOrderLineId"].is_null());
    let patched = shop
        .patch(
            &format!("/api/v1/accounting/invoices/{}", draft.id()),
            json!({"lines": [line]}),
        )
        .await;
    assert_eq!(
        patched.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        patched.body
    );
    // An override asked of a bill made from no order changes nothing: it posts.
    let posted = shop
        .post(
            &format!("/api/v1/accounting/invoices/{}/post", draft.id()),
            json!({"overrideMatch": true}),
        )
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
}
