use std::collections::HashSet;

use arkan_testkit::{NewCompany, Reply, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

/// The books of "Ledger LLC": the UAE chart, on the enterprise plan.
fn new_books() -> NewCompany {
    TestApp::company()
        .named("Ledger LLC")
        .plan("enterprise")
        .with_uae_chart()
}

#[tokio::test]
async fn a_uae_company_starts_with_its_chart_journals_and_vat() {
    let books = new_books().await;
    for code in [
        "101000", "110000", "140000", "201000", "202000", "302000", "309000", "401000", "501000",
    ] {
        assert!(books.accounts.contains_key(code), "{code} missing");
    }
    let journal_codes: HashSet<&str> = books.journals.keys().map(String::as_str).collect();
    assert_eq!(
        journal_codes,
        HashSet::from([
            "INV", "BILL", "BNK1", "CSH1", "MISC", "RINV", "RBILL", "STJ"
        ])
    );
    let taxes = books.get("/api/v1/accounting/taxes?limit=100").await;
    let taxes = taxes.body["data"].as_array().unwrap();
    let standard = taxes.iter().find(|tax| tax["name"] == "VAT 5%").unwrap();
    assert_eq!(standard["rate"], "5");
    assert_eq!(standard["vatBox"], "1");
    assert!(taxes.iter().any(|tax| tax["name"] == "Reverse charge 5%"));

    // A company with template "none" gets journals only.
    let bare = books
        .app
        .create_company_with(
            &books.token,
            json!({"name": "Bare", "currency": "USD", "country": "US"}),
        )
        .await;
    let accounts = books
        .app
        .get("/api/v1/accounting/accounts", &books.token, Some(bare))
        .await;
    assert_eq!(accounts.body["meta"]["total"], 0);
    let journals = books
        .app
        .get("/api/v1/accounting/journals", &books.token, Some(bare))
        .await;
    assert_eq!(journals.body["meta"]["total"], 8);
}

#[tokio::test]
async fn accounts_keep_unique_codes_and_their_identity_once_posted() {
    let books = new_books().await;
    let duplicate = books
        .post(
            "/api/v1/accounting/accounts",
            json!({"code": "101000", "name": "Second bank", "type": "asset_cash"}),
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
    let bad_type = books
        .post(
            "/api/v1/accounting/accounts",
            json!({"code": "X1", "name": "X", "type": "stuff"}),
        )
        .await;
    assert_eq!(bad_type.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_type.body["errors"][0]["field"], "type");

    let fresh = books
        .post(
            "/api/v1/accounting/accounts",
            json!({"code": "101200", "name": "Petty cash", "type": "asset_cash"}),
        )
        .await;
    assert_eq!(fresh.status, StatusCode::CREATED);
    assert_eq!(fresh.body["balance"], "0.00");
    let id = fresh.id();
    // Before any posting the code may change.
    let renamed = books
        .patch(
            &format!("/api/v1/accounting/accounts/{id}"),
            json!({"code": "101201"}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK);

    books
        .posted_entry("2026-03-01", "101000", "301000", "1000")
        .await;
    let bank = books.account("101000");
    let change = books
        .patch(
            &format!("/api/v1/accounting/accounts/{bank}"),
            json!({"type": "asset_current"}),
        )
        .await;
    assert_eq!(change.status, StatusCode::CONFLICT);
    assert_eq!(change.code(), "account_has_postings");
    let archive = books
        .patch(
            &format!("/api/v1/accounting/accounts/{bank}"),
            json!({"active": false}),
        )
        .await;
    assert_eq!(archive.status, StatusCode::OK);
    assert_eq!(archive.body["balance"], "1000.00");
}

#[tokio::test]
async fn bad_entries_are_refused_with_the_reason() {
    let books = new_books().await;
    let unbalanced = books
        .draft_entry(books.entry("2026-03-01", "101000", "301000", "100.00"))
        .await;
    // Make it off by one fils.
    let patched = books
        .patch(
            &format!("/api/v1/accounting/journal-entries/{unbalanced}"),
            json!({"lines": [
                {"accountId": books.account("101000"), "debit": "100.00"},
                {"accountId": books.account("301000"), "credit": "99.99"}
            ]}),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK);
    let refused = books.post_entry(unbalanced).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.code(), "journal_entry_unbalanced");
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap()
            .contains("0.01 AED"),
        "{:?}",
        refused.body
    );

    let lines = |lines: Value| json!({"journalId": books.journal("MISC"), "date": "2026-03-01", "lines": lines});
    let both = books
        .post(
            "/api/v1/accounting/journal-entries",
            lines(json!([{"accountId": books.account("101000"), "debit": "1", "credit": "1"}, {"accountId": books.account("301000"), "credit": "0"}])),
        )
        .await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST);
    let negative = books
        .post(
            "/api/v1/accounting/journal-entries",
            lines(json!([{"accountId": books.account("101000"), "debit": "-5"}, {"accountId": books.account("301000"), "credit": "-5"}])),
        )
        .await;
    assert_eq!(negative.status, StatusCode::BAD_REQUEST);
    assert_eq!(negative.body["errors"][0]["field"], "lines[0].debit");
    let fils = books
        .post(
            "/api/v1/accounting/journal-entries",
            lines(json!([{"accountId": books.account("101000"), "debit": "1.005"}, {"accountId": books.account("301000"), "credit": "1.005"}])),
        )
        .await;
    assert_eq!(fils.status, StatusCode::BAD_REQUEST);
    assert_eq!(fils.body["errors"][0]["field"], "lines[0].debit");

    // An account of another company is unknown here.
    let other = books.another_company("Other LLC").await;
    let foreign_accounts = books
        .app
        .get(
            "/api/v1/accounting/accounts?q=101000",
            &books.token,
            Some(other),
        )
        .await;
    let foreign_bank = foreign_accounts.body["data"][0]["id"].as_str().unwrap();
    let foreign = books
        .post(
            "/api/v1/accounting/journal-entries",
            lines(json!([{"accountId": foreign_bank, "debit": "5"}, {"accountId": books.account("301000"), "credit": "5"}])),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::BAD_REQUEST);
    assert_eq!(foreign.body["errors"][0]["field"], "lines[0].accountId");

    // A receivable line needs a partner.
    let receivable = books
        .draft_entry(books.entry("2026-03-01", "110000", "401000", "50"))
        .await;
    let refused = books.post_entry(receivable).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.body["errors"][0]["field"], "lines[0].partnerId");

    let entries = books
        .get("/api/v1/accounting/journal-entries?state=posted")
        .await;
    assert_eq!(entries.body["meta"]["total"], 0);
}

#[tokio::test]
async fn a_posted_entry_is_numbered_immutable_and_reversible() {
    let books = new_books().await;
    let client = books.client("Al Noor").await;
    let id = books
        .draft_entry(json!({
            "journalId": books.journal("MISC"),
            "date": "2026-04-15",
            "lines": [
                {"accountId": books.account("110000"), "partnerId": client, "debit": "1050.00"},
                {"accountId": books.account("401000"), "credit": "1000.00"},
                {"accountId": books.account("202000"), "credit": "50.00"}
            ]
        }))
        .await;
    let posted = books.post_entry(id).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(posted.body["state"], "posted");
    assert_eq!(posted.body["number"], "MISC/2026/00001");
    assert_eq!(posted.body["totalDebit"], "1050.00");
    assert_eq!(posted.body["hash"].as_str().unwrap().len(), 64);
    assert_eq!(books.balance("110000").await, "1050.00");
    assert_eq!(books.balance("401000").await, "-1000.00");

    assert_eq!(books.post_entry(id).await.status, StatusCode::CONFLICT);
    let edit = books
        .patch(
            &format!("/api/v1/accounting/journal-entries/{id}"),
            json!({"memo": "changed"}),
        )
        .await;
    assert_eq!(edit.status, StatusCode::CONFLICT);
    assert_eq!(edit.code(), "journal_entry_not_draft");
    let delete = books
        .delete(&format!("/api/v1/accounting/journal-entries/{id}"))
        .await;
    assert_eq!(delete.status, StatusCode::CONFLICT);

    let reversal = books
        .post(
            &format!("/api/v1/accounting/journal-entries/{id}/reverse"),
            json!({"date": "2026-04-20", "reason": "wrong client"}),
        )
        .await;
    assert_eq!(reversal.status, StatusCode::CREATED, "{:?}", reversal.body);
    assert_eq!(reversal.body["number"], "MISC/2026/00002");
    assert_eq!(reversal.body["reversalOfId"], id.to_string());
    for code in ["110000", "401000", "202000"] {
        assert_eq!(books.balance(code).await, "0.00", "{code}");
    }
    let original = books
        .get(&format!("/api/v1/accounting/journal-entries/{id}"))
        .await;
    assert_eq!(original.body["reversedEntryId"], reversal.body["id"]);
    let again = books
        .post(
            &format!("/api/v1/accounting/journal-entries/{id}/reverse"),
            json!({}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    let verify = books.get("/api/v1/accounting/audit/verify").await;
    assert_eq!(
        verify.body,
        json!({"valid": true, "entriesChecked": 2, "firstBrokenEntryId": null})
    );

    // A draft can be deleted.
    let draft = books
        .draft_entry(books.entry("2026-04-21", "101000", "301000", "1"))
        .await;
    let deleted = books
        .delete(&format!("/api/v1/accounting/journal-entries/{draft}"))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(
        books
            .get(&format!("/api/v1/accounting/journal-entries/{draft}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_posts_get_fifty_consecutive_numbers() {
    let books = new_books().await;
    let mut drafts = Vec::new();
    for _ in 0..50 {
        drafts.push(
            books
                .draft_entry(books.entry("2026-05-10", "101000", "401000", "10.00"))
                .await,
        );
    }
    let mut tasks = tokio::task::JoinSet::new();
    for id in drafts {
        let router = books.app.router.clone();
        let token = books.token.clone();
        let company = books.id;
        tasks.spawn(async move {
            use tower::ServiceExt;
            let request =
                axum::http::Request::post(format!("/api/v1/accounting/journal-entries/{id}/post"))
                    .header("authorization", format!("Bearer {token}"))
                    .header("x-company-id", company.to_string())
                    .body(axum::body::Body::empty())
                    .unwrap();
            let response = router.oneshot(request).await.unwrap();
            let status = response.status();
            let bytes = http_body_util::BodyExt::collect(response.into_body())
                .await
                .unwrap()
                .to_bytes();
            (status, serde_json::from_slice::<Value>(&bytes).unwrap())
        });
    }
    let mut numbers = Vec::new();
    while let Some(result) = tasks.join_next().await {
        let (status, body) = result.unwrap();
        assert_eq!(status, StatusCode::OK, "{body:?}");
        numbers.push(body["number"].as_str().unwrap().to_owned());
    }
    numbers.sort();
    let expected: Vec<String> = (1..=50).map(|n| format!("MISC/2026/{n:05}")).collect();
    assert_eq!(numbers, expected);
    assert_eq!(books.balance("101000").await, "500.00");
    let verify = books.get("/api/v1/accounting/audit/verify").await;
    assert_eq!(verify.body["valid"], true);
    assert_eq!(verify.body["entriesChecked"], 50);
}

#[tokio::test]
async fn the_trial_balance_balances_and_matches_the_lines() {
    let books = new_books().await;
    let client = books.client("Al Noor").await;
    let movements = [
        ("2025-12-20", "101000", "301000", "50000.00"),
        ("2025-12-28", "602000", "101000", "4000.00"),
        ("2026-01-05", "101000", "401000", "1234.56"),
        ("2026-02-10", "501000", "101000", "300.33"),
        ("2026-02-11", "604000", "101000", "0.01"),
    ];
    for (date, debit, credit, amount) in movements {
        books.posted_entry(date, debit, credit, amount).await;
    }
    let sale = books
        .draft_entry(
            json!({"journalId": books.journal("INV"), "date": "2026-02-15", "lines": [
                {"accountId": books.account("110000"), "partnerId": client, "debit": "105"},
                {"accountId": books.account("401000"), "credit": "100"},
                {"accountId": books.account("202000"), "credit": "5"}
            ]}),
        )
        .await;
    let posted = books.post_entry(sale).await;
    assert_eq!(posted.body["number"], "INV/2026/00001");

    let tb = books.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(tb.status, StatusCode::OK, "{:?}", tb.body);
    let totals = &tb.body["totals"];
    assert_eq!(totals["debit"], totals["credit"]);
    assert_eq!(totals["debit"], "1639.90");
    assert_eq!(totals["openingBalance"], "0.00");
    assert_eq!(totals["closingBalance"], "0.00");
    let row = |code: &str| {
        tb.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["code"] == code)
            .cloned()
    };
    // Last year's rent closed into undistributed earnings; bank carries over.
    assert_eq!(row("101000").unwrap()["openingBalance"], "46000.00");
    assert_eq!(row("101000").unwrap()["closingBalance"], "46934.22");
    assert!(row("602000").is_none());
    assert_eq!(row("309000").unwrap()["openingBalance"], "4000.00");

    // Independently: the kept balances equal the sums of the posted lines.
    let ctx = arkan_platform::Ctx {
        user: arkan_kernel::UserId(Uuid::nil()),
        company: arkan_kernel::CompanyId(books.id),
        role: arkan_platform::role::Role::Owner,
        plan: arkan_platform::role::Plan::Enterprise,
        currency: arkan_kernel::Currency::from_code("AED").unwrap(),
        versions: None,
    };
    assert!(
        arkan_ledger::books::balances_match_lines(&books.app.platform, &ctx)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn a_kwd_company_keeps_three_decimals_end_to_end() {
    let books = new_books().currency("KWD").await;
    let id = books
        .draft_entry(books.entry("2026-06-01", "101000", "401000", "12.345"))
        .await;
    let posted = books.post_entry(id).await;
    assert_eq!(posted.status, StatusCode::OK);
    assert_eq!(posted.body["totalDebit"], "12.345");
    assert_eq!(posted.body["currency"], "KWD");
    assert_eq!(books.balance("101000").await, "12.345");
    let too_fine = books
        .post(
            "/api/v1/accounting/journal-entries",
            books.entry("2026-06-01", "101000", "401000", "1.2345"),
        )
        .await;
    assert_eq!(too_fine.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn foreign_amounts_convert_at_the_latest_rate_and_a_missing_rate_is_a_400() {
    let books = new_books().await;
    let line = |amount: &str| {
        json!({"journalId": books.journal("MISC"), "date": "2026-07-10", "lines": [
            {"accountId": books.account("101000"), "currency": "USD", "amountCurrency": amount},
            {"accountId": books.account("401000"), "currency": "USD", "amountCurrency": format!("-{amount}")}
        ]})
    };
    let missing = books
        .post("/api/v1/accounting/journal-entries", line("100.00"))
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(
        missing.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no USD rate")
    );

    for (date, rate) in [("2026-07-01", "3.6725"), ("2026-07-15", "3.70")] {
        books.currency_rate("USD", date, rate).await;
    }
    let duplicate = books
        .post(
            "/api/v1/accounting/currency-rates",
            json!({"currency": "USD", "date": "2026-07-01", "rate": "3.6"}),
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);

    let converted = books
        .post("/api/v1/accounting/journal-entries", line("100.00"))
        .await;
    assert_eq!(
        converted.status,
        StatusCode::CREATED,
        "{:?}",
        converted.body
    );
    assert_eq!(converted.body["lines"][0]["debit"], "367.25");
    assert_eq!(converted.body["lines"][1]["credit"], "367.25");
    assert_eq!(converted.body["lines"][0]["amountCurrency"], "100.00");
}

#[tokio::test]
async fn locked_periods_batches_and_roles_guard_the_ledger() {
    let books = new_books().await;
    let patch = books.update(json!({"lockDate": "2026-03-31"})).await;
    assert_eq!(patch.status, StatusCode::OK);
    let early = books
        .draft_entry(books.entry("2026-03-31", "101000", "301000", "10"))
        .await;
    let locked = books.post_entry(early).await;
    assert_eq!(locked.status, StatusCode::CONFLICT);
    assert_eq!(locked.code(), "period_locked");

    // A batch is all or nothing: the third entry is unbalanced, so none is posted.
    let good = books.entry("2026-04-02", "101000", "301000", "10");
    let mut bad = books.entry("2026-04-02", "101000", "301000", "10");
    bad["lines"][1]["credit"] = json!("9");
    let refused = books
        .post(
            "/api/v1/accounting/journal-entries/batch",
            json!({"entries": [good.clone(), good.clone(), bad]}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        books.get("/api/v1/accounting/journal-entries").await.body["meta"]["total"],
        1
    );
    let accepted = books
        .post(
            "/api/v1/accounting/journal-entries/batch",
            json!({"entries": [good.clone(), good.clone(), good]}),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{:?}", accepted.body);
    let numbers: Vec<&str> = accepted.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        ["MISC/2026/00001", "MISC/2026/00002", "MISC/2026/00003"]
    );
    assert_eq!(books.balance("101000").await, "30.00");

    // A viewer reads the ledger but cannot post.
    let (_, viewer) = books.member("viewer@arkan.test", "viewer").await;
    let draft = books
        .draft_entry(books.entry("2026-04-03", "101000", "301000", "1"))
        .await;
    let denied = books
        .app
        .post(
            &format!("/api/v1/accounting/journal-entries/{draft}/post"),
            &viewer,
            Some(books.id),
            json!({}),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let read = books
        .app
        .get(
            "/api/v1/accounting/reports/trial-balance",
            &viewer,
            Some(books.id),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
}

#[tokio::test]
async fn tampering_with_a_posted_line_breaks_the_chain_at_that_entry() {
    let books = new_books().await;
    let mut ids = Vec::new();
    for amount in ["1.00", "2.00", "3.00"] {
        ids.push(
            books
                .posted_entry("2026-08-01", "101000", "401000", amount)
                .await,
        );
    }
    assert_eq!(
        books.get("/api/v1/accounting/audit/verify").await.body["valid"],
        true
    );
    let db = books.app.platform.db.connection();
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let tamper = Query::update()
        .table("journal_lines")
        .value("debit_minor", 20_000_i64)
        .and_where(Expr::col("entry_id").eq(ids[1]))
        .and_where(Expr::col("debit_minor").eq(200_i64))
        .to_owned();
    sea_orm::ConnectionTrait::execute(db, &tamper)
        .await
        .unwrap();
    let verify = books.get("/api/v1/accounting/audit/verify").await;
    assert_eq!(verify.body["valid"], false);
    assert_eq!(verify.body["firstBrokenEntryId"], ids[1].to_string());
    assert_eq!(verify.body["entriesChecked"], 1);
}

#[tokio::test]
async fn the_general_ledger_pages_lines_with_a_running_balance() {
    let books = new_books().await;
    let movements = [
        ("2026-01-03", "101000", "301000", "1000.00"),
        ("2026-02-01", "101000", "401000", "250.00"),
        ("2026-02-01", "602000", "101000", "400.00"),
        ("2026-02-15", "101000", "401000", "99.99"),
        ("2026-03-01", "604000", "101000", "0.99"),
    ];
    for (date, debit, credit, amount) in movements {
        books.posted_entry(date, debit, credit, amount).await;
    }
    let bank = books.account("101000");
    let mut balances = Vec::new();
    let mut cursor = String::new();
    loop {
        let path = format!(
            "/api/v1/accounting/reports/general-ledger?account_id={bank}&date_from=2026-02-01&date_to=2026-12-31&limit=2{cursor}"
        );
        let page = books.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        assert_eq!(page.body["meta"]["openingBalance"], "1000.00");
        assert_eq!(page.body["meta"]["total"], 4);
        for line in page.body["data"].as_array().unwrap() {
            balances.push(line["balance"].as_str().unwrap().to_owned());
        }
        match page.body["meta"]["cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    // Same-day lines keep their posting order (line ids are time-ordered).
    assert_eq!(balances, ["1250.00", "850.00", "949.99", "949.00"]);
    // Newest first, the running balance reads backwards from the closing balance.
    let newest = books
        .get(&format!("/api/v1/accounting/reports/general-ledger?account_id={bank}&date_from=2026-02-01&date_to=2026-12-31&order=desc&limit=2"))
        .await;
    let newest: Vec<&str> = newest.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["balance"].as_str().unwrap())
        .collect();
    assert_eq!(newest, ["949.00", "949.99"]);
    let missing = books
        .get("/api/v1/accounting/reports/general-ledger?account_id=nope")
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    let unknown = books
        .get(&format!(
            "/api/v1/accounting/reports/general-ledger?account_id={}",
            Uuid::now_v7()
        ))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn journals_taxes_and_fiscal_years_are_set_up_with_checked_input() {
    let books = new_books().await;
    let journal = books
        .post("/api/v1/accounting/journals", json!({"name": "Bank 2", "code": "BNK2", "type": "bank", "defaultAccountId": books.account("101000")}))
        .await;
    assert_eq!(journal.status, StatusCode::CREATED, "{:?}", journal.body);
    let duplicate = books
        .post(
            "/api/v1/accounting/journals",
            json!({"name": "Again", "code": "BNK2", "type": "bank"}),
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
    let bad = books
        .post(
            "/api/v1/accounting/journals",
            json!({"name": "", "code": "bad code", "type": "barter"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["errors"].as_array().unwrap().len(), 3);
    let renamed = books
        .patch(
            &format!("/api/v1/accounting/journals/{}", journal.id()),
            json!({"name": "Emirates NBD"}),
        )
        .await;
    assert_eq!(renamed.body["name"], "Emirates NBD");

    let tax = books
        .post("/api/v1/accounting/taxes", json!({"name": "VAT 2.5%", "amountType": "percent", "rate": "2.5", "typeTaxUse": "sale", "accountId": books.account("202000"), "vatBox": "1b"}))
        .await;
    assert_eq!(tax.status, StatusCode::CREATED, "{:?}", tax.body);
    assert_eq!(tax.body["rate"], "2.5");
    for (body, field) in [
        (
            json!({"name": "X", "amountType": "percent", "rate": "101", "typeTaxUse": "sale", "accountId": books.account("202000")}),
            "rate",
        ),
        (
            json!({"name": "X", "amountType": "ratio", "rate": "1", "typeTaxUse": "sale", "accountId": books.account("202000")}),
            "amountType",
        ),
        (
            json!({"name": "X", "amountType": "fixed", "rate": "1.001", "typeTaxUse": "sale", "accountId": books.account("202000")}),
            "rate",
        ),
        (
            json!({"name": "X", "amountType": "percent", "rate": "5", "typeTaxUse": "sale", "accountId": Uuid::now_v7()}),
            "accountId",
        ),
    ] {
        let reply = books.post("/api/v1/accounting/taxes", body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(reply.body["errors"][0]["field"], field);
    }
    let archived = books
        .patch(
            &format!("/api/v1/accounting/taxes/{}", tax.id()),
            json!({"active": false}),
        )
        .await;
    assert_eq!(archived.body["active"], false);

    let year = books
        .post(
            "/api/v1/accounting/fiscal-years",
            json!({"dateFrom": "2027-04-01"}),
        )
        .await;
    assert_eq!(year.status, StatusCode::CREATED, "{:?}", year.body);
    assert_eq!(year.body["dateTo"], "2028-03-31");
    assert_eq!(year.body["name"], "2027-28");
    assert_eq!(year.body["state"], "open");
    let overlap = books
        .post(
            "/api/v1/accounting/fiscal-years",
            json!({"dateFrom": "2027-01-01", "dateTo": "2027-12-31"}),
        )
        .await;
    assert_eq!(overlap.status, StatusCode::CONFLICT);
    let backwards = books
        .post(
            "/api/v1/accounting/fiscal-years",
            json!({"dateFrom": "2029-01-01", "dateTo": "2028-01-01"}),
        )
        .await;
    assert_eq!(backwards.status, StatusCode::BAD_REQUEST);
    // Posting into that year numbers with its label.
    let id = books
        .draft_entry(books.entry("2027-05-01", "101000", "301000", "5"))
        .await;
    assert_eq!(
        books.post_entry(id).await.body["number"],
        "MISC/2027-28/00001"
    );
    // A posting dated where no year exists, and whose twelve months would overlap that year,
    // is refused rather than opening an overlapping year.
    let overlapping = books
        .draft_entry(books.entry("2027-02-01", "101000", "301000", "5"))
        .await;
    let refused = books.post_entry(overlapping).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.code(), "fiscal_year_overlap");
    // The journal's code is part of posted numbers now.
    let misc = books.journal("MISC");
    let rename = books
        .patch(
            &format!("/api/v1/accounting/journals/{misc}"),
            json!({"code": "GEN"}),
        )
        .await;
    assert_eq!(rename.status, StatusCode::CONFLICT);
    assert_eq!(rename.code(), "journal_has_postings");
    assert_eq!(
        books.get("/api/v1/accounting/fiscal-years").await.body["meta"]["total"],
        1
    );

    let rates = books
        .get("/api/v1/accounting/currency-rates?currency=USD")
        .await;
    assert_eq!(rates.body["meta"]["total"], 0);
    let own = books
        .post(
            "/api/v1/accounting/currency-rates",
            json!({"currency": "AED", "date": "2026-01-01", "rate": "1"}),
        )
        .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_vendor_bank_account_is_checked_before_any_payment_file() {
    let books = new_books().await;
    let vendor = books.vendor("Steel Supplier").await;
    let path = format!("/api/v1/accounting/batch-payment/bank-details/{vendor}");
    let put = |body: Value| books.bank_details(vendor, body);
    assert_eq!(books.get(&path).await.status, StatusCode::NOT_FOUND);
    let bad = put(json!({"iban": "AE160240043520123456701", "bankName": "", "bic": "EB1", "routingCode": "302620122", "accountHolderName": "Steel Supplier LLC"})).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["iban", "bankName", "bic"]);
    let wrong_bank = put(json!({"iban": "AE400240043520123456701", "bankName": "DIB", "routingCode": "302620122", "accountHolderName": "Steel Supplier LLC"})).await;
    assert_eq!(wrong_bank.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong_bank.body["errors"][0]["field"], "routingCode");

    let saved = put(json!({"iban": "ae40 0240 0435 2012 3456 701", "bankName": "Dubai Islamic Bank", "bic": "dubaaead", "routingCode": "802420101", "accountHolderName": "Steel Supplier LLC"})).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    assert_eq!(saved.body["iban"], "AE400240043520123456701");
    assert_eq!(saved.body["bankCode"], "024");
    assert_eq!(saved.body["bic"], "DUBAAEAD");
    let replaced = put(json!({"iban": "AE180260001012345678901", "bankName": "Emirates NBD", "accountHolderName": "Steel Supplier LLC"})).await;
    assert_eq!(replaced.body["bankCode"], "026");
    assert_eq!(replaced.body["createdAt"], saved.body["createdAt"]);
    assert_eq!(books.get(&path).await.body["bankName"], "Emirates NBD");

    // Another company's partner is not found here.
    let other = books.another_company("Other LLC").await;
    let theirs = books
        .app
        .post(
            "/api/v1/crm/vendors",
            &books.token,
            Some(other),
            json!({"name": "Theirs"}),
        )
        .await
        .id();
    let foreign = books
        .bank_details(
            theirs,
            json!({"iban": "AE180260001012345678901", "bankName": "X", "accountHolderName": "X"}),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_concurrent_reversals_reverse_an_entry_once() {
    let books = new_books().await;
    let id = books
        .posted_entry("2026-09-01", "101000", "401000", "75.00")
        .await;
    let path = format!("/api/v1/accounting/journal-entries/{id}/reverse");
    let (first, second) = tokio::join!(books.post(&path, json!({})), books.post(&path, json!({})));
    let statuses = [first.status, second.status];
    assert!(statuses.contains(&StatusCode::CREATED), "{statuses:?}");
    assert!(statuses.contains(&StatusCode::CONFLICT), "{statuses:?}");
    assert_eq!(books.balance("101000").await, "0.00");
    let posted = books
        .get("/api/v1/accounting/journal-entries?state=posted")
        .await;
    assert_eq!(posted.body["meta"]["total"], 2);
    assert_eq!(
        books.get("/api/v1/accounting/audit/verify").await.body["valid"],
        true
    );
}

#[tokio::test]
async fn converted_lines_that_balance_in_dollars_balance_in_dirhams() {
    let books = new_books().await;
    books.currency_rate("USD", "2026-07-01", "3.6725").await;
    // 0.01 + 0.01 - 0.02 USD: each line rounds to 0.04, 0.04 and 0.07 AED on its own.
    let entry = books
        .post(
            "/api/v1/accounting/journal-entries",
            json!({"journalId": books.journal("MISC"), "date": "2026-07-02", "lines": [
                {"accountId": books.account("101000"), "currency": "USD", "amountCurrency": "0.01"},
                {"accountId": books.account("101100"), "currency": "USD", "amountCurrency": "0.01"},
                {"accountId": books.account("401000"), "currency": "USD", "amountCurrency": "-0.02"}
            ]}),
        )
        .await;
    assert_eq!(entry.status, StatusCode::CREATED, "{:?}", entry.body);
    assert_eq!(entry.body["totalDebit"], entry.body["totalCredit"]);
    assert_eq!(books.post_entry(entry.id()).await.status, StatusCode::OK);
    // Amounts beyond what a line may carry are refused, not wrapped.
    let huge = books
        .post(
            "/api/v1/accounting/journal-entries",
            books.entry("2026-07-02", "101000", "401000", "92233720368547758.07"),
        )
        .await;
    assert_eq!(huge.status, StatusCode::BAD_REQUEST);
}

mod properties {
    use proptest::prelude::*;
    use serde_json::json;

    use super::new_books;

    const CODES: [&str; 8] = [
        "101000", "110100", "120000", "203000", "301000", "401000", "501000", "602000",
    ];

    /// An entry: a few (account, debit) lines balanced by one credit line.
    fn entry() -> impl Strategy<Value = (u32, Vec<(usize, i64)>, usize)> {
        (
            0_u32..540,
            proptest::collection::vec((0..CODES.len(), 1_i64..10_000_000), 1..4),
            0..CODES.len(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

        #[test]
        fn any_balanced_entries_keep_the_trial_balance_balanced(entries in proptest::collection::vec(entry(), 1..12)) {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                let books = new_books().await;
                let start = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
                let mut grand_total: i64 = 0;
                let batch: Vec<_> = entries
                    .iter()
                    .map(|(day, debits, credit_account)| {
                        let date = start + chrono::Days::new(u64::from(*day));
                        let total: i64 = debits.iter().map(|(_, amount)| amount).sum();
                        grand_total += total;
                        let mut lines: Vec<_> = debits
                            .iter()
                            .map(|(account, amount)| json!({"accountId": books.account(CODES[*account]), "debit": arkan_kernel::format_minor(*amount, 2)}))
                            .collect();
                        lines.push(json!({"accountId": books.account(CODES[*credit_account]), "credit": arkan_kernel::format_minor(total, 2)}));
                        json!({"journalId": books.journal("MISC"), "date": date.format("%Y-%m-%d").to_string(), "lines": lines})
                    })
                    .collect();
                let posted = books.post("/api/v1/accounting/journal-entries/batch", json!({"entries": batch})).await;
                assert_eq!(posted.status, axum::http::StatusCode::CREATED, "{:?}", posted.body);
                for (from, to) in [("2025-01-01", "2025-12-31"), ("2026-01-01", "2026-12-31"), ("2025-09-15", "2026-02-15")] {
                    let tb = books.trial_balance(from, to).await;
                    let totals = &tb.body["totals"];
                    assert_eq!(totals["debit"], totals["credit"], "{from}..{to}");
                    assert_eq!(totals["openingBalance"], "0.00");
                    assert_eq!(totals["closingBalance"], "0.00");
                }
                let all = books.trial_balance("2025-01-01", "2026-12-31").await;
                assert_eq!(all.body["totals"]["debit"], arkan_kernel::format_minor(grand_total, 2));
                let verify = books.get("/api/v1/accounting/audit/verify").await;
                assert_eq!(verify.body["valid"], true);
            });
        }
    }
}

#[tokio::test]
async fn an_eighteen_month_first_year_resets_profit_and_loss_at_its_own_end() {
    let books = new_books().await;
    for (from, to) in [("2026-01-01", "2027-06-30"), ("2027-07-01", "2028-06-30")] {
        let year = books
            .post(
                "/api/v1/accounting/fiscal-years",
                json!({"dateFrom": from, "dateTo": to}),
            )
            .await;
        assert_eq!(year.status, StatusCode::CREATED, "{:?}", year.body);
    }
    for (date, amount) in [
        ("2026-03-10", "100"),
        ("2027-03-10", "50"),
        ("2027-08-10", "20"),
    ] {
        books.posted_entry(date, "101000", "401000", amount).await;
    }
    let opening = |tb: &Reply, code: &str| {
        tb.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["code"] == code)
            .map(|row| row["openingBalance"].as_str().unwrap().to_owned())
            // An account without any amount has no row.
            .unwrap_or_else(|| "0.00".to_owned())
    };
    // 2027-01-01 is inside the first (18-month) year: sales carry on, nothing is closed yet.
    let tb = books.trial_balance("2027-01-01", "2027-03-31").await;
    assert_eq!(tb.status, StatusCode::OK, "{:?}", tb.body);
    assert_eq!(opening(&tb, "401000"), "-100.00");
    assert_eq!(opening(&tb, "309000"), "0.00");
    assert_eq!(tb.body["totals"]["openingBalance"], "0.00");
    // The second year starts on 2027-07-01: all 150 of the first year closes into earnings.
    let tb = books.trial_balance("2027-07-01", "2027-12-31").await;
    assert_eq!(opening(&tb, "401000"), "0.00");
    assert_eq!(opening(&tb, "309000"), "-150.00");
    // The general ledger of sales opens at zero from the second year's start, and carries the
    // first year's sales inside the first year.
    let ledger = books
        .get(&format!(
            "/api/v1/accounting/reports/general-ledger?account_id={}&date_from=2027-07-01&date_to=2027-12-31",
            books.account("401000")
        ))
        .await;
    assert_eq!(ledger.status, StatusCode::OK, "{:?}", ledger.body);
    assert_eq!(ledger.body["meta"]["openingBalance"], "0.00");
    let ledger = books
        .get(&format!(
            "/api/v1/accounting/reports/general-ledger?account_id={}&date_from=2027-01-01&date_to=2027-06-30",
            books.account("401000")
        ))
        .await;
    assert_eq!(ledger.body["meta"]["openingBalance"], "-100.00");
}
