//! Posting many entries in one go (`posting::post_many`, a history load): the same checks and
//! the same rows as posting them one by one, all or none.
#![expect(
    clippy::expect_used,
    reason = "a test stops at the first thing that fails"
)]

use arkan_kernel::{CompanyId, JournalId, UserId};
use arkan_ledger::posting::{self, Line, NewEntry, TaxDetail};
use arkan_platform::Ctx;
use arkan_platform::error::ApiError;
use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

async fn shop() -> Company {
    TestApp::company()
        .with_uae_chart()
        .client("Al Noor")
        .client("Beta Trading")
        .await
}

fn ctx(company: &Company) -> Ctx {
    Ctx {
        user: UserId(Uuid::nil()),
        company: CompanyId(company.id),
        role: arkan_platform::role::Role::Owner,
        plan: arkan_platform::role::Plan::Enterprise,
        currency: arkan_kernel::Currency::from_code("AED").expect("AED"),
        versions: None,
    }
}

fn line(account: Uuid, debit: i64, credit: i64, partner: Option<Uuid>) -> Line {
    Line {
        id: Uuid::now_v7(),
        account_id: account,
        partner_id: partner,
        description: None,
        debit_minor: debit,
        credit_minor: credit,
        currency: None,
        amount_currency_minor: None,
        project_id: None,
        tax_id: None,
    }
}

/// Twenty entries over 2025 and 2026: taxed sales to two clients (every third with its taxes
/// given, the others derived from the tax line), every fifth a cash sale without a partner.
fn entries(shop: &Company, project: Uuid) -> Vec<NewEntry> {
    let tax = shop.tax("VAT 5%");
    (0..20_i64)
        .map(|index| {
            let date = chrono::NaiveDate::from_ymd_opt(2025, 11, 1).expect("a day")
                + chrono::Days::new(u64::try_from(index * 9).expect("days"));
            let amount = 10_000 + index * 100;
            let vat = amount / 20;
            let client = if index % 2 == 0 {
                "Al Noor"
            } else {
                "Beta Trading"
            };
            let partner = Some(shop.partner(client));
            let (lines, taxes) = if index % 5 == 4 {
                (
                    vec![
                        line(shop.account("101000"), amount, 0, None),
                        line(shop.account("401000"), 0, amount, None),
                    ],
                    Vec::new(),
                )
            } else {
                let mut income = line(shop.account("401000"), 0, amount, partner);
                income.project_id = (index % 3 == 0).then_some(project);
                let mut vat_line = line(shop.account("202000"), 0, vat, partner);
                vat_line.tax_id = Some(tax);
                let taxes = if index % 3 == 0 {
                    vec![TaxDetail {
                        tax_id: tax,
                        partner_id: partner,
                        base_minor: amount,
                        tax_minor: vat,
                        recoverable_minor: vat,
                    }]
                } else {
                    Vec::new()
                };
                (
                    vec![
                        line(shop.account("110000"), amount + vat, 0, partner),
                        income,
                        vat_line,
                    ],
                    taxes,
                )
            };
            NewEntry {
                journal_id: JournalId(shop.journal("MISC")),
                date,
                reference: Some(format!("H{index}")),
                memo: None,
                lines,
                taxes,
            }
        })
        .collect()
}

/// The value with every `...Id` field blanked: ids differ between two companies, names and
/// figures do not.
fn without_ids(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                if key.ends_with("Id") {
                    *field = Value::Null;
                } else {
                    without_ids(field);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(without_ids),
        _ => {}
    }
}

async fn reports(shop: &Company) -> Vec<Value> {
    let mut bodies = Vec::new();
    for path in [
        "/api/v1/accounting/reports/revenue-by-client?date_from=2025-01-01&date_to=2026-12-31",
        "/api/v1/accounting/reports/revenue-by-project?date_from=2025-11-15&date_to=2026-03-31",
        "/api/v1/accounting/reports/tax?date_from=2025-10-01&date_to=2026-03-31",
        "/api/v1/accounting/reports/profit-loss?date_from=2026-01-01&date_to=2026-12-31",
    ] {
        let reply = shop.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
        let mut body = reply.body;
        without_ids(&mut body);
        bodies.push(body);
    }
    bodies
}

#[tokio::test]
async fn many_entries_post_with_the_rows_of_one_by_one_postings() {
    let many = shop().await;
    let one_by_one = shop().await;
    for shop in [&many, &one_by_one] {
        let reply = shop
            .patch(
                "/api/v1/accounting/settings",
                json!({"vatEmirate": "Dubai"}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    }
    let project = many.project("WEB").await;
    let mut transaction = many.app.platform.db.write().await.expect("a transaction");
    let posted = posting::post_many(&mut transaction, &ctx(&many), entries(&many, project))
        .await
        .expect("posted");
    transaction.commit().await.expect("committed");
    let other_project = one_by_one.project("WEB").await;
    for entry in entries(&one_by_one, other_project) {
        let mut transaction = one_by_one
            .app
            .platform
            .db
            .write()
            .await
            .expect("a transaction");
        posting::post(&mut transaction, &ctx(&one_by_one), entry)
            .await
            .expect("posted");
        transaction.commit().await.expect("committed");
    }

    // Numbered in the entries' order, gapless per fiscal year (2025: 7 entries to 2025-12-25).
    let numbers: Vec<&str> = posted.iter().map(|entry| entry.number.as_str()).collect();
    assert_eq!(numbers[0], "MISC/2025/00001");
    assert_eq!(numbers[6], "MISC/2025/00007");
    assert_eq!(numbers[7], "MISC/2026/00001");
    assert_eq!(numbers[19], "MISC/2026/00013");
    let entry = many
        .get(&format!(
            "/api/v1/accounting/journal-entries/{}",
            posted[3].id.0
        ))
        .await;
    assert_eq!(entry.status, StatusCode::OK, "{:?}", entry.body);
    assert_eq!(entry.body["state"], "posted");
    assert_eq!(entry.body["number"], "MISC/2025/00004");
    assert_eq!(entry.body["totalDebit"], "108.15");

    // The chain, the kept balances and the kept revenue hold.
    let verify = many.get("/api/v1/accounting/audit/verify").await;
    assert_eq!(verify.body["valid"], true, "{:?}", verify.body);
    assert_eq!(verify.body["entriesChecked"], 20);
    let platform = &many.app.platform;
    assert!(
        arkan_ledger::books::balances_match_lines(platform, &ctx(&many))
            .await
            .expect("balances")
    );
    assert!(
        arkan_ledger::books::revenue_months_match_lines(
            platform.db.connection(),
            CompanyId(many.id)
        )
        .await
        .expect("revenue")
    );
    assert!(
        arkan_ledger::books::tax_months_match_details(platform.db.connection(), CompanyId(many.id))
            .await
            .expect("tax months")
    );
    // Every report reads the same as after posting the entries one by one.
    assert_eq!(reports(&many).await, reports(&one_by_one).await);
    let trial = "/api/v1/accounting/reports/trial-balance?date_from=2025-01-01&date_to=2026-12-31";
    assert_eq!(
        many.get(trial).await.body["totals"],
        one_by_one.get(trial).await.body["totals"]
    );
}

/// Posts `entries` in one write transaction that is then dropped, and gives the refusal.
async fn refused(shop: &Company, entries: Vec<NewEntry>) -> ApiError {
    let mut transaction = shop.app.platform.db.write().await.expect("a transaction");
    posting::post_many(&mut transaction, &ctx(shop), entries)
        .await
        .expect_err("refused")
}

#[tokio::test]
async fn one_bad_entry_posts_none_and_names_the_entry() {
    let other = shop().await;
    let shop = shop().await;
    let project = shop.project("WEB").await;

    // Entry 4 does not balance.
    let mut unbalanced = entries(&shop, project);
    unbalanced[4].lines[0].debit_minor += 1;
    let error = refused(&shop, unbalanced).await;
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert!(
        error
            .errors
            .iter()
            .all(|field| field.field.starts_with("entries[4].")),
        "{error:?}"
    );

    // Entry 2 names another company's account.
    let mut foreign = entries(&shop, project);
    foreign[2].lines[1].account_id = other.account("401000");
    let error = refused(&shop, foreign).await;
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert_eq!(error.errors[0].field, "entries[2].lines[1].accountId");

    // Entry 3 names another company's journal (read with the rest, in one go).
    let mut foreign = entries(&shop, project);
    foreign[3].journal_id = JournalId(other.journal("MISC"));
    let error = refused(&shop, foreign).await;
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert_eq!(error.errors[0].field, "entries[3].journalId");

    // A locked period refuses the lot.
    let locked = shop.update(json!({"lockDate": "2025-11-30"})).await;
    assert_eq!(locked.status, StatusCode::OK, "{:?}", locked.body);
    let error = refused(&shop, entries(&shop, project)).await;
    assert_eq!(error.code, "period_locked");

    // Nothing was written: no entry, no number taken.
    let verify = shop.get("/api/v1/accounting/audit/verify").await;
    assert_eq!(verify.body["entriesChecked"], 0);
    let list = shop.get("/api/v1/accounting/journal-entries").await;
    assert_eq!(list.body["data"].as_array().map(Vec::len), Some(0));
    let id = shop
        .posted_entry("2026-01-05", "101000", "401000", "10.00")
        .await;
    let entry = shop
        .get(&format!("/api/v1/accounting/journal-entries/{id}"))
        .await;
    assert_eq!(entry.body["number"], "MISC/2026/00001");
}

#[tokio::test]
async fn a_load_larger_than_one_statement_posts_whole() {
    let shop = shop().await;
    // 4,000 entries of two lines: more rows than one multi-row statement takes, for entries,
    // lines and the outbox's events alike.
    let entries: Vec<NewEntry> = (0..4_000_i64)
        .map(|index| {
            let amount = 100 + index;
            NewEntry {
                journal_id: JournalId(shop.journal("MISC")),
                date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a day")
                    + chrono::Days::new(u64::try_from(index % 365).expect("days")),
                reference: None,
                memo: None,
                lines: vec![
                    line(shop.account("101000"), amount, 0, None),
                    line(shop.account("401000"), 0, amount, None),
                ],
                taxes: Vec::new(),
            }
        })
        .collect();
    let total: i64 = (0..4_000_i64).map(|index| 100 + index).sum();
    let mut transaction = shop.app.platform.db.write().await.expect("a transaction");
    let posted = posting::post_many(&mut transaction, &ctx(&shop), entries)
        .await
        .expect("posted");
    transaction.commit().await.expect("committed");
    assert_eq!(posted.len(), 4_000);
    assert_eq!(posted[3_999].number, "MISC/2026/04000");
    let verify = shop.get("/api/v1/accounting/audit/verify").await;
    assert_eq!(verify.body["valid"], true, "{:?}", verify.body);
    assert_eq!(verify.body["entriesChecked"], 4_000);
    assert!(
        arkan_ledger::books::balances_match_lines(&shop.app.platform, &ctx(&shop))
            .await
            .expect("balances")
    );
    let trial = shop
        .get("/api/v1/accounting/reports/trial-balance?date_from=2026-01-01&date_to=2026-12-31")
        .await;
    assert_eq!(
        trial.body["totals"]["debit"],
        arkan_kernel::format_minor(total, 2)
    );
    let revenue = shop
        .get("/api/v1/accounting/reports/revenue-by-client?date_from=2026-01-01&date_to=2026-12-31")
        .await;
    assert_eq!(
        revenue.body["totals"]["revenue"],
        arkan_kernel::format_minor(total, 2)
    );
    assert_eq!(revenue.body["totals"]["invoiceCount"], 4_000);
}
