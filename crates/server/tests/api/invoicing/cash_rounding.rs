//! Cash rounding (shapes-invoicing §6): the master data and its rules, and cash sales whose
//! total is brought to the quarter dirham by each method, booked on the profit or the loss
//! account and paid in full, through the API on both databases.

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const TRN: &str = "100123456700003";
const CLIENT: &str = "Walk-in customer";
const PATH: &str = "/api/v1/accounting/cash-roundings";

async fn shop() -> Company {
    TestApp::company()
        .trn(TRN)
        .with_uae_chart()
        .client(CLIENT)
        .await
}

/// A new expense account for rounding losses.
async fn loss_account(shop: &Company) -> Uuid {
    let account = shop
        .post(
            "/api/v1/accounting/accounts",
            json!({"code": "609200", "name": "Cash Rounding Loss", "type": "expense"}),
        )
        .await;
    assert_eq!(account.status, StatusCode::CREATED, "{:?}", account.body);
    account.id()
}

/// A cash rounding to the quarter by `method`, gains to 409000 and losses to `loss`.
async fn quarter(shop: &Company, method: &str, loss: Uuid) -> Uuid {
    let created = shop
        .post(
            PATH,
            json!({"name": format!("Quarter {method}"), "step": "0.25", "method": method,
                "profitAccountId": shop.account("409000"), "lossAccountId": loss}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    created.id()
}

/// A draft cash sale of 9.89 with VAT 5% (0.49): 10.38 before any cash rounding.
fn cash_sale(shop: &Company, rounding: Option<Uuid>) -> Value {
    json!({"kind": "customer_invoice", "partnerId": shop.partner(CLIENT), "invoiceDate": "2026-09-01",
        "cashRoundingId": rounding,
        "lines": [{"description": "Groceries", "quantity": "1", "unitPrice": "9.89", "taxIds": [shop.tax("VAT 5%")]}]})
}

/// The journal lines of a posted document on `account`, as (debit, credit).
async fn lines_on(shop: &Company, document: &Value, account: Uuid) -> Vec<(String, String)> {
    let entry = shop
        .get(&format!(
            "/api/v1/accounting/journal-entries/{}",
            document["journalEntryId"].as_str().unwrap_or_default()
        ))
        .await;
    assert_eq!(entry.status, StatusCode::OK, "{:?}", entry.body);
    assert_eq!(entry.body["totalDebit"], entry.body["totalCredit"]);
    entry.body["lines"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|line| line["accountId"] == account.to_string())
        .map(|line| {
            (
                line["debit"].as_str().unwrap_or_default().to_owned(),
                line["credit"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_cash_sale_is_rounded_to_the_quarter_by_each_method_and_paid_in_full() {
    let shop = shop().await;
    let loss = loss_account(&shop).await;
    let profit = shop.account("409000");
    let half_up = quarter(&shop, "half_up", loss).await;
    let up = quarter(&shop, "up", loss).await;
    let down = quarter(&shop, "down", loss).await;

    let plain = shop.draft_invoice(cash_sale(&shop, None)).await;
    assert_eq!(plain.body["amountTotal"], "10.38");
    assert_eq!(plain.body["amountRounding"], "0.00");
    assert_eq!(plain.body["cashRoundingId"], Value::Null);

    // (rounding, what it adds, the total, the journal line on (profit, loss))
    let cases = [
        (half_up, "0.12", "10.50", ("0.12", "")),
        (up, "0.12", "10.50", ("0.12", "")),
        (down, "-0.13", "10.25", ("", "0.13")),
    ];
    let mut posted = Vec::new();
    for (rounding, added, total, (gain, lost)) in cases {
        let draft = shop.draft_invoice(cash_sale(&shop, Some(rounding))).await;
        assert_eq!(draft.body["cashRoundingId"], rounding.to_string());
        assert_eq!(draft.body["amountUntaxed"], "9.89");
        assert_eq!(draft.body["amountTax"], "0.49");
        assert_eq!(draft.body["amountRounding"], added);
        assert_eq!(draft.body["amountTotal"], total);
        let invoice = shop.post_invoice(draft.id()).await;
        assert_eq!(invoice.status, StatusCode::OK, "{:?}", invoice.body);
        assert_eq!(invoice.body["amountTotal"], total);
        assert_eq!(invoice.body["amountDue"], total);
        // Its own line: a credit on the profit account (in the company's favour), else a
        // debit on the loss account.
        let on_profit = lines_on(&shop, &invoice.body, profit).await;
        let on_loss = lines_on(&shop, &invoice.body, loss).await;
        if gain.is_empty() {
            assert!(on_profit.is_empty(), "{on_profit:?}");
            assert_eq!(on_loss, vec![(lost.to_owned(), "0.00".to_owned())]);
        } else {
            assert!(on_loss.is_empty(), "{on_loss:?}");
            assert_eq!(on_profit, vec![("0.00".to_owned(), gain.to_owned())]);
        }
        posted.push(invoice);
    }
    assert_eq!(shop.balance("409000").await, "-0.24");
    assert_eq!(shop.account_balance(loss).await, "0.13");
    assert_eq!(shop.balance("401000").await, "-29.67");
    assert_eq!(shop.balance("202000").await, "-1.47");
    assert_eq!(shop.balance("110000").await, "31.25");

    // The rounded-down sale is paid in full: 10.25 in cash.
    let sale = posted[2].id();
    let payment = shop
        .posted_payment_with(json!({"type": "inbound", "partnerId": shop.partner(CLIENT),
            "amount": "10.25", "date": "2026-09-01", "journalId": shop.journal("CSH1"), "method": "cash"}))
        .await;
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": sale, "amount": "10.25"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    let paid = shop.invoice(sale).await;
    assert_eq!(paid.body["paymentState"], "paid");
    assert_eq!(paid.body["amountDue"], "0.00");
    assert_eq!(shop.balance("110000").await, "21.00");

    // Cancelling a rounded sale gives its rounding back on the same account.
    let cancelled = shop.cancel_invoice(posted[0].id()).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    let note_id = cancelled.body["creditNoteIds"][0].as_str().unwrap();
    let note = shop
        .get(&format!("/api/v1/accounting/invoices/{note_id}"))
        .await;
    assert_eq!(note.body["amountTotal"], "10.50");
    assert_eq!(note.body["amountRounding"], "0.00");
    assert_eq!(
        lines_on(&shop, &note.body, profit).await,
        vec![("0.12".to_owned(), "0.00".to_owned())]
    );
    assert_eq!(shop.balance("409000").await, "-0.12");
    assert_eq!(shop.balance("110000").await, "10.50");
    let balanced = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(
        balanced.body["totals"]["debit"],
        balanced.body["totals"]["credit"]
    );
}

#[tokio::test]
async fn a_drafts_rounding_is_set_changed_and_cleared() {
    let shop = shop().await;
    let loss = loss_account(&shop).await;
    let down = quarter(&shop, "down", loss).await;
    let draft = shop.draft_invoice(cash_sale(&shop, None)).await;
    let path = format!("/api/v1/accounting/invoices/{}", draft.id());
    let set = shop.patch(&path, json!({"cashRoundingId": down})).await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    assert_eq!(set.body["amountRounding"], "-0.13");
    assert_eq!(set.body["amountTotal"], "10.25");
    // New lines are rounded again: 20.00 + 1.00 is already a multiple.
    let relined = shop
        .patch(
            &path,
            json!({"lines": [{"description": "Rice", "quantity": "2", "unitPrice": "10", "taxIds": [shop.tax("VAT 5%")]}]}),
        )
        .await;
    assert_eq!(relined.body["amountRounding"], "0.00");
    assert_eq!(relined.body["amountTotal"], "21.00");
    let cleared = shop
        .patch(
            &path,
            json!({"cashRoundingId": null, "lines": cash_sale(&shop, None)["lines"]}),
        )
        .await;
    assert_eq!(cleared.status, StatusCode::OK, "{:?}", cleared.body);
    assert_eq!(cleared.body["cashRoundingId"], Value::Null);
    assert_eq!(cleared.body["amountRounding"], "0.00");
    assert_eq!(cleared.body["amountTotal"], "10.38");
    assert_eq!(shop.invoice(draft.id()).await.body["amountTotal"], "10.38");

    // A rounding the currency cannot show, an unknown or an inactive one is refused.
    let fine = shop
        .post(
            PATH,
            json!({"name": "Fils", "step": "0.001", "method": "up",
                "profitAccountId": shop.account("409000"), "lossAccountId": loss}),
        )
        .await;
    assert_eq!(fine.status, StatusCode::CREATED, "{:?}", fine.body);
    assert_eq!(fine.body["step"], "0.001");
    let inactive = shop
        .post(
            PATH,
            json!({"name": "Old", "step": "1", "method": "up", "active": false,
                "profitAccountId": shop.account("409000"), "lossAccountId": loss}),
        )
        .await;
    assert_eq!(inactive.body["active"], false);
    for rounding in [fine.id(), inactive.id(), Uuid::now_v7()] {
        let refused = shop
            .post(
                "/api/v1/accounting/invoices",
                cash_sale(&shop, Some(rounding)),
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{:?}",
            refused.body
        );
        assert_eq!(refused.body["errors"][0]["field"], "cashRoundingId");
        let patched = shop.patch(&path, json!({"cashRoundingId": rounding})).await;
        assert_eq!(
            patched.status,
            StatusCode::BAD_REQUEST,
            "{:?}",
            patched.body
        );
    }
}

#[tokio::test]
async fn cash_roundings_are_master_data_with_their_rules() {
    let shop = shop().await;
    let loss = loss_account(&shop).await;
    let profit = shop.account("409000");
    let created = shop
        .post(
            PATH,
            json!({"name": "  Quarter dirham ", "step": 0.25, "method": "half_up",
                "profitAccountId": profit, "lossAccountId": loss}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.body["name"], "Quarter dirham");
    assert_eq!(created.body["step"], "0.25");
    assert_eq!(created.body["method"], "half_up");
    assert_eq!(created.body["profitAccountId"], profit.to_string());
    assert_eq!(created.body["lossAccountId"], loss.to_string());
    assert_eq!(created.body["active"], true);
    let id = created.id();
    let one = format!("{PATH}/{id}");

    // Bad inputs, every field at once and by name.
    let bad = shop
        .post(
            PATH,
            json!({"name": "", "step": "0", "method": "nearest",
                "profitAccountId": profit, "lossAccountId": loss}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{:?}", bad.body);
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| error["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "step", "method"], "{:?}", bad.body);
    let method = &bad.body["errors"][2]["message"];
    assert!(
        method.as_str().unwrap().contains("half_up, up, down"),
        "{method}"
    );
    for (step, field) in [("-0.25", "step"), ("0.0000001", "step"), ("abc", "step")] {
        let refused = shop
            .post(
                PATH,
                json!({"name": "x", "step": step, "method": "up",
                    "profitAccountId": profit, "lossAccountId": loss}),
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{step}");
        assert_eq!(refused.body["errors"][0]["field"], field);
    }
    let other = shop.another_company("Other LLC").await;
    let theirs = shop
        .app
        .get(
            "/api/v1/accounting/accounts?limit=1",
            &shop.token,
            Some(other),
        )
        .await;
    let their_account = theirs.body["data"][0]["id"].as_str().unwrap();
    let foreign_account = shop
        .post(
            PATH,
            json!({"name": "x", "step": "0.25", "method": "up",
                "profitAccountId": profit, "lossAccountId": their_account}),
        )
        .await;
    assert_eq!(
        foreign_account.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        foreign_account.body
    );
    assert_eq!(foreign_account.body["errors"][0]["field"], "lossAccountId");

    // List, get, change.
    let list = shop.get(&format!("{PATH}?sort=name&order=asc")).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    assert_eq!(list.body["meta"]["total"], 1);
    assert_eq!(list.body["data"][0]["id"], id.to_string());
    assert_eq!(shop.get(&one).await.body["name"], "Quarter dirham");
    let changed = shop
        .patch(
            &one,
            json!({"name": "Quarter", "method": "down", "step": "0.5"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["method"], "down");
    assert_eq!(changed.body["step"], "0.5");
    let refused = shop.patch(&one, json!({"method": "sideways"})).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.body["errors"][0]["field"], "method");
    let refused = shop
        .patch(&one, json!({"profitAccountId": their_account}))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.body["errors"][0]["field"], "profitAccountId");

    // Another company's id is unknown there.
    for reply in [
        shop.app.get(&one, &shop.token, Some(other)).await,
        shop.app
            .patch(&one, &shop.token, Some(other), json!({"name": "Mine"}))
            .await,
        shop.app.delete(&one, &shop.token, Some(other)).await,
    ] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{:?}", reply.body);
        assert_eq!(reply.code(), "cash_rounding_not_found");
    }

    // A viewer and a sales clerk read but do not write; an accountant writes.
    let (_, viewer) = shop.member("viewer@arkan.test", "viewer").await;
    let (_, clerk) = shop.member("sales@arkan.test", "sales").await;
    let (_, accountant) = shop.member("accountant@arkan.test", "accountant").await;
    let body = json!({"name": "Fils", "step": "0.01", "method": "up",
        "profitAccountId": profit, "lossAccountId": loss});
    for token in [&viewer, &clerk] {
        let denied = shop
            .app
            .post(PATH, token, Some(shop.id), body.clone())
            .await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN, "{:?}", denied.body);
        let denied = shop.app.delete(&one, token, Some(shop.id)).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN, "{:?}", denied.body);
        assert_eq!(
            shop.app.get(&one, token, Some(shop.id)).await.status,
            StatusCode::OK
        );
    }
    let written = shop.app.post(PATH, &accountant, Some(shop.id), body).await;
    assert_eq!(written.status, StatusCode::CREATED, "{:?}", written.body);

    // In use by a draft: kept (409); unused: deleted.
    let draft = shop.draft_invoice(cash_sale(&shop, Some(id))).await;
    let in_use = shop.delete(&one).await;
    assert_eq!(in_use.status, StatusCode::CONFLICT, "{:?}", in_use.body);
    assert_eq!(in_use.code(), "cash_rounding_in_use");
    assert_eq!(shop.get(&one).await.status, StatusCode::OK);
    let unused = shop.delete(&format!("{PATH}/{}", written.id())).await;
    assert_eq!(unused.status, StatusCode::NO_CONTENT, "{:?}", unused.body);
    assert_eq!(
        shop.get(&format!("{PATH}/{}", written.id())).await.status,
        StatusCode::NOT_FOUND
    );
    // Once the draft lets it go, it can be deleted.
    let let_go = shop
        .patch(
            &format!("/api/v1/accounting/invoices/{}", draft.id()),
            json!({"cashRoundingId": null}),
        )
        .await;
    assert_eq!(let_go.status, StatusCode::OK, "{:?}", let_go.body);
    assert_eq!(shop.delete(&one).await.status, StatusCode::NO_CONTENT);
    assert_eq!(shop.get(PATH).await.body["meta"]["total"], 0);
}
