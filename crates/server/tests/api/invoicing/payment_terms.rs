//! Payment terms (shapes-invoicing §1) through the API on both databases: installments that
//! sum to the total, an early-payment discount taken with its VAT share, installments settled
//! oldest first and aged by their own due dates, the partner's default term, and the master
//! data's rules.

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const TRN: &str = "100123456700003";
const CLIENT: &str = "Al Noor";
const VENDOR: &str = "Gulf Supplies";

async fn shop() -> Company {
    TestApp::company()
        .trn(TRN)
        .with_uae_chart()
        .client(CLIENT)
        .vendor(VENDOR)
        .await
}

/// 30 % now, the balance in 60 days, 2 % off within 10 days.
fn thirty_seventy() -> Value {
    json!({"name": "30% now, 70% in 60 days", "lines": [
        {"kind": "percent", "value": "30", "days": 0},
        {"kind": "balance", "days": 60}],
        "earlyDiscount": {"percent": "2", "days": 10}})
}

async fn term(shop: &Company, body: Value) -> Uuid {
    let created = shop.post("/api/v1/accounting/payment-terms", body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    created.id()
}

/// An expense account for the discounts allowed, set in the settings.
async fn discount_account(shop: &Company) -> Uuid {
    let account = shop
        .post(
            "/api/v1/accounting/accounts",
            json!({"code": "606000", "name": "Discounts Allowed", "type": "expense"}),
        )
        .await;
    assert_eq!(account.status, StatusCode::CREATED, "{:?}", account.body);
    let set = shop
        .patch(
            "/api/v1/accounting/settings",
            json!({"discountAllowedAccountId": account.id()}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    assert_eq!(set.body["discountAllowedAccountId"], json!(account.id()));
    account.id()
}

/// A posted invoice of 1,000.00 + VAT 5% dated 2026-09-01 with `term`.
async fn invoice_with_term(shop: &Company, client: Uuid, term: Uuid) -> Value {
    let draft = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client,
            "invoiceDate": "2026-09-01", "paymentTermId": term,
            "lines": [{"description": "Cement", "quantity": "10", "unitPrice": "100",
                       "taxIds": [shop.tax("VAT 5%")]}]}))
        .await;
    let posted = shop.post_invoice(draft.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    posted.body
}

async fn inbound(shop: &Company, client: Uuid, amount: &str, date: &str) -> Uuid {
    shop.posted_payment_with(
        json!({"type": "inbound", "partnerId": client, "amount": amount,
        "date": date, "journalId": shop.journal("BNK1"), "method": "bank_transfer"}),
    )
    .await
}

#[tokio::test]
async fn installments_thirty_now_seventy_later_with_the_early_discount_taken() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    let term = term(&shop, thirty_seventy()).await;
    let discounts = discount_account(&shop).await;
    let invoice = invoice_with_term(&shop, client, term).await;
    assert_eq!(invoice["paymentTermId"], json!(term));
    assert_eq!(invoice["amountTotal"], "1050.00");
    assert_eq!(
        invoice["installments"],
        json!([
            {"dueDate": "2026-09-01", "amount": "315.00", "amountDue": "315.00"},
            {"dueDate": "2026-10-31", "amount": "735.00", "amountDue": "735.00"}
        ])
    );
    assert_eq!(invoice["dueDate"], "2026-10-31");
    assert_eq!(invoice["discountDate"], "2026-09-11");
    assert_eq!(invoice["amountDueDiscounted"], "1029.00");

    // Paid within ten days, 2 % less: the invoice is paid, and of the 21.00 discount 1.00 is
    // VAT given back (its 5/105 share), 20.00 the discount allowed.
    let id = Uuid::parse_str(invoice["id"].as_str().unwrap()).unwrap();
    let payment = inbound(&shop, client, "1029.00", "2026-09-10").await;
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": id, "amount": "1029.00"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    assert_eq!(allocated.body["allocations"][0]["writeOffAmount"], "21.00");
    let paid = shop.invoice(id).await;
    assert_eq!(paid.body["paymentState"], "paid", "{:?}", paid.body);
    assert_eq!(paid.body["amountDue"], "0.00");
    assert_eq!(paid.body["installments"][0]["amountDue"], "0.00");
    assert_eq!(paid.body["installments"][1]["amountDue"], "0.00");
    assert_eq!(shop.balance("110000").await, "0.00");
    assert_eq!(shop.balance("202000").await, "-49.00");
    assert_eq!(shop.account_balance(discounts).await, "20.00");
    assert_eq!(shop.balance("101000").await, "1029.00");

    // Taken back, everything is as before the payment: the discount with it.
    let undone = shop.unallocate(payment, id).await;
    assert_eq!(undone.status, StatusCode::NO_CONTENT, "{:?}", undone.body);
    assert_eq!(shop.invoice(id).await.body["amountDue"], "1050.00");
    assert_eq!(shop.balance("202000").await, "-50.00");
    assert_eq!(shop.account_balance(discounts).await, "0.00");
    assert_eq!(shop.balance("110000").await, "21.00");
}

#[tokio::test]
async fn after_the_discount_date_the_same_amount_is_a_partial_payment_settling_the_oldest() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    let term = term(&shop, thirty_seventy()).await;
    let discounts = discount_account(&shop).await;
    let invoice = invoice_with_term(&shop, client, term).await;
    let id = Uuid::parse_str(invoice["id"].as_str().unwrap()).unwrap();
    let late = inbound(&shop, client, "1029.00", "2026-09-12").await;
    let allocated = shop
        .allocate(late, json!([{"invoiceId": id, "amount": "1029.00"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    assert_eq!(allocated.body["allocations"][0]["writeOffAmount"], "0.00");
    let partial = shop.invoice(id).await;
    assert_eq!(partial.body["paymentState"], "partial");
    assert_eq!(partial.body["amountDue"], "21.00");
    assert_eq!(
        partial.body["installments"],
        json!([
            {"dueDate": "2026-09-01", "amount": "315.00", "amountDue": "0.00"},
            {"dueDate": "2026-10-31", "amount": "735.00", "amountDue": "21.00"}
        ])
    );
    assert_eq!(shop.account_balance(discounts).await, "0.00");
}

#[tokio::test]
async fn an_early_discount_without_its_account_is_refused_and_changes_nothing() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    let term = term(&shop, thirty_seventy()).await;
    let invoice = invoice_with_term(&shop, client, term).await;
    let id = Uuid::parse_str(invoice["id"].as_str().unwrap()).unwrap();
    let payment = inbound(&shop, client, "1029.00", "2026-09-05").await;
    let refused = shop
        .allocate(payment, json!([{"invoiceId": id, "amount": "1029.00"}]))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    assert_eq!(refused.body["code"], "discount_account_missing");
    assert_eq!(shop.invoice(id).await.body["amountDue"], "1050.00");
    assert_eq!(
        shop.payment(payment).await.body["amountUnallocated"],
        "1029.00"
    );
}

#[tokio::test]
async fn aged_receivables_put_each_installment_in_its_own_bucket() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    let term = term(&shop, thirty_seventy()).await;
    let invoice = invoice_with_term(&shop, client, term).await;
    let id = Uuid::parse_str(invoice["id"].as_str().unwrap()).unwrap();
    // 44 days after the first installment fell due, before the second does.
    let aged = shop
        .get("/api/v1/accounting/reports/aged-receivables?as_of=2026-10-15")
        .await;
    assert_eq!(aged.status, StatusCode::OK, "{:?}", aged.body);
    let buckets = &aged.body["data"][0];
    assert_eq!(buckets["current"], "735.00", "{:?}", aged.body);
    assert_eq!(buckets["days31To60"], "315.00");
    assert_eq!(buckets["total"], "1050.00");
    // 400.00 paid settles the first installment and 85.00 of the second.
    let payment = inbound(&shop, client, "400.00", "2026-10-01").await;
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": id, "amount": "400.00"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    let aged = shop
        .get("/api/v1/accounting/reports/aged-receivables?as_of=2026-10-15")
        .await;
    let buckets = &aged.body["data"][0];
    assert_eq!(buckets["current"], "650.00", "{:?}", aged.body);
    assert_eq!(buckets["days31To60"], "0.00");
    assert_eq!(buckets["total"], "650.00");
}

#[tokio::test]
async fn the_partners_term_is_the_default_and_a_due_date_or_null_sets_none() {
    let shop = shop().await;
    let term = term(&shop, thirty_seventy()).await;
    let client = shop
        .post(
            "/api/v1/crm/clients",
            json!({"name": "Emirates Build", "paymentTermId": term, "paymentTermsDays": 30}),
        )
        .await;
    assert_eq!(client.status, StatusCode::CREATED, "{:?}", client.body);
    assert_eq!(client.body["paymentTermId"], json!(term));
    let client = client.id();
    let fetched = shop.get(&format!("/api/v1/crm/clients/{client}")).await;
    assert_eq!(fetched.body["paymentTermId"], json!(term));
    let body = |extra: Value| {
        let mut body = json!({"kind": "customer_invoice", "partnerId": client,
            "invoiceDate": "2026-09-01",
            "lines": [{"description": "Steel", "quantity": "1", "unitPrice": "200"}]});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let defaulted = shop.draft_invoice(body(json!({}))).await;
    assert_eq!(defaulted.body["paymentTermId"], json!(term));
    assert_eq!(defaulted.body["installments"][0]["amount"], "60.00");
    assert_eq!(defaulted.body["installments"][1]["amount"], "140.00");
    let none = shop
        .draft_invoice(body(json!({"paymentTermId": null})))
        .await;
    assert_eq!(none.body["paymentTermId"], Value::Null);
    assert_eq!(none.body["dueDate"], "2026-10-01");
    assert_eq!(
        none.body["installments"],
        json!([{"dueDate": "2026-10-01", "amount": "200.00", "amountDue": "200.00"}])
    );
    assert_eq!(none.body["discountDate"], Value::Null);
    assert_eq!(none.body["amountDueDiscounted"], Value::Null);
    let dated = shop
        .draft_invoice(body(json!({"dueDate": "2026-09-20"})))
        .await;
    assert_eq!(dated.body["paymentTermId"], Value::Null);
    assert_eq!(dated.body["dueDate"], "2026-09-20");
    let both = shop
        .post(
            "/api/v1/accounting/invoices",
            body(json!({"dueDate": "2026-09-20", "paymentTermId": term})),
        )
        .await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST);
    assert_eq!(both.body["errors"][0]["field"], "dueDate");

    // A draft follows its date and term: moved a month, then given none.
    let id = defaulted.id();
    let moved = shop
        .patch(
            &format!("/api/v1/accounting/invoices/{id}"),
            json!({"invoiceDate": "2026-10-01"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    assert_eq!(moved.body["installments"][1]["dueDate"], "2026-11-30");
    assert_eq!(moved.body["discountDate"], "2026-10-11");
    let cleared = shop
        .patch(
            &format!("/api/v1/accounting/invoices/{id}"),
            json!({"paymentTermId": null, "dueDate": "2026-10-15"}),
        )
        .await;
    assert_eq!(cleared.status, StatusCode::OK, "{:?}", cleared.body);
    assert_eq!(cleared.body["installments"].as_array().unwrap().len(), 1);
    assert_eq!(cleared.body["dueDate"], "2026-10-15");

    // The term cannot go while the client or an invoice has it.
    let in_use = shop
        .delete(&format!("/api/v1/accounting/payment-terms/{term}"))
        .await;
    assert_eq!(in_use.status, StatusCode::CONFLICT, "{:?}", in_use.body);
    assert_eq!(in_use.body["code"], "payment_term_in_use");
}

#[tokio::test]
async fn a_fixed_part_in_company_currency_is_converted_on_a_usd_invoice() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    shop.currency_rate("USD", "2026-09-01", "3.6725").await;
    let term = term(
        &shop,
        json!({"name": "AED 100 now, rest end of next month", "lines": [
            {"kind": "fixed", "value": "100.00", "days": 0},
            {"kind": "balance", "days": 30, "endOfMonth": true}]}),
    )
    .await;
    let draft = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client,
            "invoiceDate": "2026-09-15", "currency": "USD", "paymentTermId": term,
            "lines": [{"description": "Consulting", "quantity": "3", "unitPrice": "333.33"}]}))
        .await;
    assert_eq!(draft.body["amountTotal"], "999.99");
    // 100 AED / 3.6725 = 27.2294... USD.
    assert_eq!(
        draft.body["installments"],
        json!([
            {"dueDate": "2026-09-15", "amount": "27.23", "amountDue": "27.23"},
            {"dueDate": "2026-10-30", "amount": "972.76", "amountDue": "972.76"}
        ])
    );
}

#[tokio::test]
async fn payment_terms_are_checked_and_kept_to_their_company_and_roles() {
    let shop = shop().await;
    let refusals = [
        (
            json!({"name": "x", "lines": [{"kind": "percent", "value": "30", "days": 0},
                   {"kind": "later", "days": 30}]}),
            "lines[1].kind",
        ),
        (
            json!({"name": "x", "lines": [{"kind": "balance", "days": -1}]}),
            "lines[0].days",
        ),
        (
            json!({"name": "x", "lines": [{"kind": "percent", "value": "0", "days": 0},
                   {"kind": "balance", "days": 30}]}),
            "lines[0].value",
        ),
        (
            json!({"name": "x", "lines": [{"kind": "percent", "value": "101", "days": 0}]}),
            "lines[0].value",
        ),
        (
            json!({"name": "x", "lines": [{"kind": "balance", "days": 0}],
                   "earlyDiscount": {"percent": "100", "days": 5}}),
            "earlyDiscount.percent",
        ),
        (
            json!({"name": " ", "lines": [{"kind": "balance", "days": 0}]}),
            "name",
        ),
    ];
    for (body, field) in refusals {
        let refused = shop.post("/api/v1/accounting/payment-terms", body).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(
            refused.body["errors"][0]["field"], field,
            "{:?}",
            refused.body
        );
    }
    for lines in [
        json!([{"kind": "percent", "value": "30", "days": 0},
               {"kind": "percent", "value": "60", "days": 30}]),
        json!([{"kind": "balance", "days": 0}, {"kind": "percent", "value": "50", "days": 30}]),
    ] {
        let incomplete = shop
            .post(
                "/api/v1/accounting/payment-terms",
                json!({"name": "x", "lines": lines}),
            )
            .await;
        assert_eq!(incomplete.status, StatusCode::BAD_REQUEST);
        assert_eq!(incomplete.body["code"], "payment_term_incomplete");
    }
    let id = term(
        &shop,
        json!({"name": "Half and half", "lines": [
            {"kind": "percent", "value": "50", "days": 0},
            {"kind": "percent", "value": "50", "days": 30}]}),
    )
    .await;
    let changed = shop
        .patch(
            &format!("/api/v1/accounting/payment-terms/{id}"),
            json!({"name": "Net 45", "lines": [{"kind": "balance", "days": 45}],
                   "earlyDiscount": {"percent": "1.5", "days": 7}}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(
        changed.body["earlyDiscount"],
        json!({"percent": "1.5", "days": 7})
    );
    assert_eq!(
        changed.body["lines"],
        json!([{"kind": "balance", "value": null, "days": 45, "endOfMonth": false}])
    );
    let listed = shop.get("/api/v1/accounting/payment-terms").await;
    assert_eq!(listed.body["meta"]["total"], 1);

    // A viewer reads but does not write; another company sees none of it.
    let (_, viewer) = shop.member("viewer@shop.test", "viewer").await;
    let forbidden = shop
        .app
        .post(
            "/api/v1/accounting/payment-terms",
            &viewer,
            Some(shop.id),
            json!({"name": "Net 10", "lines": [{"kind": "balance", "days": 10}]}),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let read = shop
        .app
        .get(
            &format!("/api/v1/accounting/payment-terms/{id}"),
            &viewer,
            Some(shop.id),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    let other = shop.another_company("Other Trading").await;
    let hidden = shop
        .app
        .get(
            &format!("/api/v1/accounting/payment-terms/{id}"),
            &shop.token,
            Some(other),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let client_elsewhere = shop
        .app
        .post(
            "/api/v1/crm/clients",
            &shop.token,
            Some(other),
            json!({"name": "Borrower", "paymentTermId": id}),
        )
        .await;
    assert_eq!(client_elsewhere.status, StatusCode::BAD_REQUEST);
    assert_eq!(client_elsewhere.body["errors"][0]["field"], "paymentTermId");
    let invoice_elsewhere = shop
        .app
        .post(
            "/api/v1/accounting/invoices",
            &shop.token,
            Some(other),
            json!({"kind": "customer_invoice", "partnerId": client_elsewhere_partner(&shop, other).await,
                   "invoiceDate": "2026-09-01", "paymentTermId": id,
                   "lines": [{"description": "x", "quantity": "1", "unitPrice": "1"}]}),
        )
        .await;
    assert_eq!(invoice_elsewhere.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        invoice_elsewhere.body["errors"][0]["field"],
        "paymentTermId"
    );

    // Unused, it goes.
    let deleted = shop
        .delete(&format!("/api/v1/accounting/payment-terms/{id}"))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let gone = shop
        .get(&format!("/api/v1/accounting/payment-terms/{id}"))
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

/// A client of the other company (its own chart is the default one).
async fn client_elsewhere_partner(shop: &Company, other: Uuid) -> Uuid {
    let client = shop
        .app
        .post(
            "/api/v1/crm/clients",
            &shop.token,
            Some(other),
            json!({"name": "Local Client"}),
        )
        .await;
    assert_eq!(client.status, StatusCode::CREATED, "{:?}", client.body);
    client.id()
}

#[tokio::test]
async fn a_vendor_bill_paid_early_books_the_discount_received_and_less_input_vat() {
    let shop = shop().await;
    let vendor = shop.partner(VENDOR);
    let received = shop
        .post(
            "/api/v1/accounting/accounts",
            json!({"code": "409200", "name": "Discounts Received", "type": "income_other"}),
        )
        .await;
    assert_eq!(received.status, StatusCode::CREATED, "{:?}", received.body);
    let set = shop
        .patch(
            "/api/v1/accounting/settings",
            json!({"discountReceivedAccountId": received.id()}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    let term = term(
        &shop,
        json!({"name": "Net 30, 1% in 5 days", "lines": [{"kind": "balance", "days": 30}],
               "earlyDiscount": {"percent": "1", "days": 5}}),
    )
    .await;
    let draft = shop
        .draft_invoice(json!({"kind": "vendor_bill", "partnerId": vendor,
            "invoiceDate": "2026-09-01", "paymentTermId": term,
            "lines": [{"description": "Rebar", "quantity": "2", "unitPrice": "100",
                       "taxIds": [shop.tax("VAT 5% (purchases)")]}]}))
        .await;
    assert_eq!(draft.body["amountDueDiscounted"], "207.90");
    assert_eq!(draft.body["dueDate"], "2026-10-01");
    let posted = shop.post_invoice(draft.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    let payment = shop
        .posted_payment_with(
            json!({"type": "outbound", "partnerId": vendor, "amount": "207.90",
            "date": "2026-09-04", "journalId": shop.journal("BNK1"), "method": "bank_transfer"}),
        )
        .await;
    let allocated = shop
        .allocate(
            payment,
            json!([{"invoiceId": draft.id(), "amount": "207.90"}]),
        )
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    assert_eq!(shop.invoice(draft.id()).await.body["paymentState"], "paid");
    // 2.10 off: 0.10 less input VAT to recover, 2.00 received.
    assert_eq!(shop.balance("201000").await, "0.00");
    assert_eq!(shop.balance("140000").await, "9.90");
    assert_eq!(shop.account_balance(received.id()).await, "-2.00");
    assert_eq!(shop.balance("101000").await, "-207.90");
}

#[tokio::test]
async fn an_early_discount_on_an_invoice_with_a_withholding_tax_balances() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    discount_account(&shop).await;
    let withholding = shop
        .post(
            "/api/v1/accounting/taxes",
            json!({"name": "Withholding -2%", "amountType": "percent", "rate": "-2",
                   "typeTaxUse": "sale", "accountId": shop.account("110100")}),
        )
        .await;
    assert_eq!(
        withholding.status,
        StatusCode::CREATED,
        "{:?}",
        withholding.body
    );
    let term = term(
        &shop,
        json!({"name": "Net 30, 2% in 10 days", "lines": [{"kind": "balance", "days": 30}],
               "earlyDiscount": {"percent": 2, "days": 10}}),
    )
    .await;
    // 100.00 + 5.00 VAT - 2.00 withheld = 103.00; 2 % off is 2.06, so 100.94 settles it.
    let draft = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client,
            "invoiceDate": "2026-09-01", "paymentTermId": term,
            "lines": [{"description": "Design", "quantity": "1", "unitPrice": "100",
                       "taxIds": [shop.tax("VAT 5%"), withholding.id()]}]}))
        .await;
    assert_eq!(draft.body["amountTotal"], "103.00");
    assert_eq!(draft.body["amountDueDiscounted"], "100.94");
    let posted = shop.post_invoice(draft.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    let payment = inbound(&shop, client, "100.94", "2026-09-05").await;
    let allocated = shop
        .allocate(
            payment,
            json!([{"invoiceId": draft.id(), "amount": "100.94"}]),
        )
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    // VAT gives back 0.10 (5/103 of 2.06), the withholding receivable 0.04 the other way.
    assert_eq!(shop.balance("110000").await, "0.00");
    assert_eq!(shop.balance("202000").await, "-4.90");
    assert_eq!(shop.balance("110100").await, "1.96");
    let undone = shop.unallocate(payment, draft.id()).await;
    assert_eq!(undone.status, StatusCode::NO_CONTENT, "{:?}", undone.body);
    assert_eq!(shop.balance("202000").await, "-5.00");
    assert_eq!(shop.balance("110100").await, "2.00");
}

#[tokio::test]
async fn installments_follow_the_total_an_invoice_is_posted_with() {
    let shop = shop().await;
    let client = shop.partner(CLIENT);
    let term = term(
        &shop,
        json!({"name": "Half now, half in 30", "lines": [
            {"kind": "percent", "value": "50", "days": 0}, {"kind": "balance", "days": 30}]}),
    )
    .await;
    let rounding = shop
        .post(
            "/api/v1/accounting/cash-roundings",
            json!({"name": "Quarter", "step": "0.25", "method": "half_up",
                   "profitAccountId": shop.account("409000"), "lossAccountId": shop.account("604000")}),
        )
        .await;
    assert_eq!(rounding.status, StatusCode::CREATED, "{:?}", rounding.body);
    // 9.89 + 0.49 VAT = 10.38, rounded up to 10.50 in the draft.
    let draft = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client,
            "invoiceDate": "2026-09-01", "paymentTermId": term, "cashRoundingId": rounding.id(),
            "lines": [{"description": "Water", "quantity": "1", "unitPrice": "9.89",
                       "taxIds": [shop.tax("VAT 5%")]}]}))
        .await;
    assert_eq!(draft.body["amountTotal"], "10.50");
    assert_eq!(draft.body["installments"][0]["amount"], "5.25");
    // The rounding rounds down by the time the invoice is posted: 10.25, in 5.13 + 5.12.
    let changed = shop
        .patch(
            &format!("/api/v1/accounting/cash-roundings/{}", rounding.id()),
            json!({"method": "down"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    let posted = shop.post_invoice(draft.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(posted.body["amountTotal"], "10.25");
    let fetched = shop.invoice(draft.id()).await;
    assert_eq!(
        fetched.body["installments"],
        json!([
            {"dueDate": "2026-09-01", "amount": "5.13", "amountDue": "5.13"},
            {"dueDate": "2026-10-01", "amount": "5.12", "amountDue": "5.12"}
        ])
    );
}

#[tokio::test]
async fn credit_notes_take_no_term_and_percents_may_not_exceed_the_total() {
    let shop = shop().await;
    let term = term(&shop, thirty_seventy()).await;
    let client = shop
        .post(
            "/api/v1/crm/clients",
            json!({"name": "Termed Client", "paymentTermId": term}),
        )
        .await;
    assert_eq!(client.status, StatusCode::CREATED, "{:?}", client.body);
    let note = shop
        .draft_invoice(
            json!({"kind": "customer_credit_note", "partnerId": client.id(),
            "invoiceDate": "2026-09-01",
            "lines": [{"description": "Return", "quantity": "1", "unitPrice": "50"}]}),
        )
        .await;
    assert_eq!(note.body["paymentTermId"], Value::Null);
    assert_eq!(note.body["amountDueDiscounted"], Value::Null);
    let over = shop
        .post(
            "/api/v1/accounting/payment-terms",
            json!({"name": "Too much", "lines": [
                {"kind": "percent", "value": "80", "days": 0},
                {"kind": "percent", "value": "40", "days": 10},
                {"kind": "balance", "days": 30}]}),
        )
        .await;
    assert_eq!(over.status, StatusCode::BAD_REQUEST);
    assert_eq!(over.body["code"], "payment_term_incomplete");
}
