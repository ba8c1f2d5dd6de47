//! Year-end close: a fiscal year's profit and loss moves into retained earnings by a closing
//! entry, the books lock up to the year end; reopening reverses it and unlocks the year.

use arkan_testkit::{Company, NewCompany, Reply, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

fn new_books() -> NewCompany {
    TestApp::company()
        .named("Closing LLC")
        .plan("enterprise")
        .with_uae_chart()
}

/// Creates the fiscal year `year` (January to December); panics unless created.
async fn fiscal_year(books: &Company, year: i32) -> Uuid {
    let reply = books
        .post(
            "/api/v1/accounting/fiscal-years",
            json!({"dateFrom": format!("{year}-01-01")}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

async fn close(books: &Company, year: Uuid, body: Value) -> Reply {
    books
        .post(
            &format!("/api/v1/accounting/fiscal-years/{year}/close"),
            body,
        )
        .await
}

async fn reopen(books: &Company, year: Uuid) -> Reply {
    books
        .post(
            &format!("/api/v1/accounting/fiscal-years/{year}/reopen"),
            json!({}),
        )
        .await
}

async fn lock_date(books: &Company) -> Value {
    books
        .get(&format!("/api/v1/companies/{}", books.id))
        .await
        .body["lockDate"]
        .clone()
}

async fn entry(books: &Company, id: &Value) -> Value {
    let id = id
        .as_str()
        .unwrap_or_else(|| panic!("an entry id, not {id}"));
    let reply = books
        .get(&format!("/api/v1/accounting/journal-entries/{id}"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

/// The debit and credit of each line of an entry on the account coded `code`.
fn lines_on(books: &Company, entry: &Value, code: &str) -> Vec<(String, String)> {
    let account = books.account(code).to_string();
    entry["lines"]
        .as_array()
        .unwrap_or_else(|| panic!("lines in {entry}"))
        .iter()
        .filter(|line| line["accountId"] == account.as_str())
        .map(|line| {
            (
                line["debit"].as_str().unwrap_or_default().to_owned(),
                line["credit"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn field(reply: &Reply) -> &str {
    reply.body["errors"][0]["field"]
        .as_str()
        .unwrap_or_default()
}

#[tokio::test]
async fn closing_a_year_moves_its_profit_into_retained_earnings_and_reopening_undoes_it() {
    let books = new_books().await;
    let year = fiscal_year(&books, 2025).await;
    // Sales 1,000 and other income 50; rent 300 and depreciation 120: a profit of 630.
    books
        .posted_entry("2025-03-10", "101000", "401000", "1000.00")
        .await;
    books
        .posted_entry("2025-05-02", "101000", "409000", "50.00")
        .await;
    books
        .posted_entry("2025-06-30", "602000", "101000", "300.00")
        .await;
    books
        .posted_entry("2025-12-31", "605000", "151000", "120.00")
        .await;
    // The next year's rent is not the closed year's.
    books
        .posted_entry("2026-01-15", "602000", "101000", "10.00")
        .await;

    let closed = close(&books, year, json!({})).await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    assert_eq!(closed.body["state"], "closed");
    assert_eq!(closed.body["id"], year.to_string());
    let closing = entry(&books, &closed.body["closingEntryId"]).await;
    assert_eq!(closing["state"], "posted");
    assert_eq!(closing["date"], "2025-12-31");
    assert_eq!(closing["journalId"], books.journal("MISC").to_string());
    assert_eq!(closing["number"], "MISC/2025/00005");
    assert_eq!(closing["totalDebit"], "1050.00");
    assert_eq!(closing["totalCredit"], "1050.00");
    assert_eq!(closing["lines"].as_array().map(Vec::len), Some(5));
    assert_eq!(
        lines_on(&books, &closing, "401000"),
        [("1000.00".to_owned(), "0.00".to_owned())]
    );
    assert_eq!(
        lines_on(&books, &closing, "605000"),
        [("0.00".to_owned(), "120.00".to_owned())]
    );
    assert_eq!(
        lines_on(&books, &closing, "302000"),
        [("0.00".to_owned(), "630.00".to_owned())]
    );

    // Profit and loss start the next year at zero; retained earnings hold the profit.
    for code in ["401000", "409000", "605000"] {
        assert_eq!(books.balance(code).await, "0.00", "{code}");
    }
    assert_eq!(books.balance("602000").await, "10.00");
    assert_eq!(books.balance("302000").await, "-630.00");
    let trial = books.trial_balance("2026-01-01", "2026-01-01").await;
    let retained = books.account("302000").to_string();
    let row = trial.body["data"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["accountId"] == retained.as_str())
        .cloned()
        .unwrap_or_else(|| panic!("302000 in {:?}", trial.body));
    assert_eq!(row["openingBalance"], "-630.00");

    // The books are locked up to the year end: nothing more is posted into it.
    assert_eq!(lock_date(&books).await, "2025-12-31");
    let late = books
        .draft_entry(books.entry("2025-11-30", "101000", "401000", "5.00"))
        .await;
    let refused = books.post_entry(late).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.code(), "period_locked");
    let twice = close(&books, year, json!({})).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(twice.code(), "fiscal_year_not_open");
    let listed = books.get("/api/v1/accounting/fiscal-years").await;
    let listed = listed.body["data"]
        .as_array()
        .expect("years")
        .iter()
        .find(|listed| listed["id"] == year.to_string().as_str())
        .cloned()
        .unwrap_or_else(|| panic!("the year in {:?}", listed.body));
    assert_eq!(listed["state"], "closed");
    assert_eq!(listed["closingEntryId"], closed.body["closingEntryId"]);

    // Reopening reverses the closing entry and unlocks the year.
    let reopened = reopen(&books, year).await;
    assert_eq!(reopened.status, StatusCode::OK, "{:?}", reopened.body);
    assert_eq!(reopened.body["state"], "open");
    assert_eq!(reopened.body["closingEntryId"], Value::Null);
    let original = entry(&books, &closed.body["closingEntryId"]).await;
    assert_eq!(original["state"], "posted");
    let reversal = entry(&books, &original["reversedEntryId"]).await;
    assert_eq!(reversal["date"], "2025-12-31");
    assert_eq!(reversal["totalDebit"], "1050.00");
    assert_eq!(
        lines_on(&books, &reversal, "302000"),
        [("630.00".to_owned(), "0.00".to_owned())]
    );
    assert_eq!(books.balance("401000").await, "-1000.00");
    assert_eq!(books.balance("605000").await, "120.00");
    assert_eq!(books.balance("302000").await, "0.00");
    assert_eq!(lock_date(&books).await, "2024-12-31");
    let again = reopen(&books, year).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "fiscal_year_not_closed");

    // Posting into the year is allowed again; closing once more closes only the year's own
    // profit and loss (the first closing entry and its reversal cancel out).
    let posted = books.post_entry(late).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    let closed_again = close(&books, year, json!({})).await;
    assert_eq!(
        closed_again.status,
        StatusCode::OK,
        "{:?}",
        closed_again.body
    );
    assert_ne!(
        closed_again.body["closingEntryId"],
        closed.body["closingEntryId"]
    );
    let second = entry(&books, &closed_again.body["closingEntryId"]).await;
    assert_eq!(
        lines_on(&books, &second, "302000"),
        [("0.00".to_owned(), "635.00".to_owned())]
    );
    assert_eq!(books.balance("401000").await, "0.00");
    assert_eq!(books.balance("302000").await, "-635.00");
    assert_eq!(
        books.get("/api/v1/accounting/audit/verify").await.body["valid"],
        true
    );
}

#[tokio::test]
async fn a_loss_is_debited_to_retained_earnings_and_a_year_without_profit_or_loss_closes_with_no_entry()
 {
    let books = new_books().await;
    let quiet = fiscal_year(&books, 2024).await;
    let year = fiscal_year(&books, 2025).await;
    // Only balance sheet movements in 2024: nothing to close.
    books
        .posted_entry("2024-02-01", "101000", "301000", "500.00")
        .await;
    let closed = close(&books, quiet, Value::Null).await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    assert_eq!(closed.body["state"], "closed");
    assert_eq!(closed.body["closingEntryId"], Value::Null);
    assert_eq!(lock_date(&books).await, "2024-12-31");

    // A loss, closed into another equity account on another journal.
    books
        .posted_entry("2025-04-01", "602000", "101000", "80.00")
        .await;
    let closed = close(
        &books,
        year,
        json!({"retainedEarningsAccountId": books.account("301000"),
               "journalId": books.journal("BNK1")}),
    )
    .await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    let closing = entry(&books, &closed.body["closingEntryId"]).await;
    assert_eq!(closing["journalId"], books.journal("BNK1").to_string());
    assert_eq!(
        lines_on(&books, &closing, "301000"),
        [("80.00".to_owned(), "0.00".to_owned())]
    );
    assert_eq!(books.balance("602000").await, "0.00");
    assert_eq!(books.balance("301000").await, "-420.00");
    assert_eq!(lock_date(&books).await, "2025-12-31");
}

#[tokio::test]
async fn a_year_closes_after_the_years_before_it_and_without_drafts_and_reopens_before_the_years_after_it()
 {
    let books = new_books().await;
    let first = fiscal_year(&books, 2024).await;
    let second = fiscal_year(&books, 2025).await;
    books
        .posted_entry("2025-03-01", "101000", "401000", "10.00")
        .await;

    let early = close(&books, second, json!({})).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(early.code(), "previous_year_open");
    assert_eq!(close(&books, first, json!({})).await.status, StatusCode::OK);

    let draft = books
        .draft_entry(books.entry("2025-08-01", "101000", "401000", "3.00"))
        .await;
    let drafts = close(&books, second, json!({})).await;
    assert_eq!(drafts.status, StatusCode::CONFLICT);
    assert_eq!(drafts.code(), "fiscal_year_has_drafts");
    // A refused close changed nothing.
    assert_eq!(books.balance("401000").await, "-10.00");
    assert_eq!(lock_date(&books).await, "2024-12-31");
    let deleted = books
        .delete(&format!("/api/v1/accounting/journal-entries/{draft}"))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let closed = close(&books, second, json!({})).await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);

    let refused = reopen(&books, first).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.code(), "later_year_closed");
    assert_eq!(reopen(&books, second).await.status, StatusCode::OK);
    // Reopening 2025 unlocks 2025 only.
    assert_eq!(lock_date(&books).await, "2024-12-31");
    let reopened = reopen(&books, first).await;
    assert_eq!(reopened.status, StatusCode::OK, "{:?}", reopened.body);
    assert_eq!(reopened.body["closingEntryId"], Value::Null);
    assert_eq!(lock_date(&books).await, "2023-12-31");
}

#[tokio::test]
async fn only_accountants_close_years_of_their_own_company() {
    let books = new_books().await;
    let year = fiscal_year(&books, 2025).await;
    for role in ["viewer", "sales"] {
        let (_, token) = books.member(&format!("{role}@arkan.test"), role).await;
        for action in ["close", "reopen"] {
            let denied = books
                .app
                .post(
                    &format!("/api/v1/accounting/fiscal-years/{year}/{action}"),
                    &token,
                    Some(books.id),
                    json!({}),
                )
                .await;
            assert_eq!(denied.status, StatusCode::FORBIDDEN, "{role} {action}");
        }
    }
    let (_, accountant) = books.member("accountant@arkan.test", "accountant").await;
    let closed = books
        .app
        .post(
            &format!("/api/v1/accounting/fiscal-years/{year}/close"),
            &accountant,
            Some(books.id),
            json!({}),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);

    // Another company's year, and no year at all, are not found here.
    let other = books.another_company("Other LLC").await;
    let theirs = books
        .app
        .post(
            "/api/v1/accounting/fiscal-years",
            &books.token,
            Some(other),
            json!({"dateFrom": "2025-01-01"}),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{:?}", theirs.body);
    for id in [theirs.id(), Uuid::now_v7()] {
        assert_eq!(
            close(&books, id, json!({})).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(reopen(&books, id).await.status, StatusCode::NOT_FOUND);
    }
    let malformed = books
        .post("/api/v1/accounting/fiscal-years/nope/close", json!({}))
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_retained_earnings_account_is_an_equity_account_of_the_company() {
    let books = new_books().await;
    let settings = books.get("/api/v1/accounting/settings").await;
    assert_eq!(
        settings.body["retainedEarningsAccountId"],
        books.account("302000").to_string()
    );

    let other = books.another_company("Other LLC").await;
    let theirs = books
        .app
        .post(
            "/api/v1/accounting/accounts",
            &books.token,
            Some(other),
            json!({"code": "399000", "name": "Their Equity", "type": "equity"}),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{:?}", theirs.body);
    for account in [
        json!(books.account("401000")),
        json!(books.account("309000")),
        json!(theirs.id()),
        json!(Uuid::now_v7()),
        json!("not a uuid"),
    ] {
        let bad = books
            .patch(
                "/api/v1/accounting/settings",
                json!({"retainedEarningsAccountId": account}),
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{account}");
    }
    let bad = books
        .patch(
            "/api/v1/accounting/settings",
            json!({"retainedEarningsAccountId": books.account("401000")}),
        )
        .await;
    assert_eq!(field(&bad), "retainedEarningsAccountId");

    let changed = books
        .patch(
            "/api/v1/accounting/settings",
            json!({"retainedEarningsAccountId": books.account("301000")}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(
        changed.body["retainedEarningsAccountId"],
        books.account("301000").to_string()
    );
    let cleared = books
        .patch(
            "/api/v1/accounting/settings",
            json!({"retainedEarningsAccountId": null}),
        )
        .await;
    assert_eq!(cleared.status, StatusCode::OK, "{:?}", cleared.body);
    assert_eq!(cleared.body["retainedEarningsAccountId"], Value::Null);

    // Without the setting the close must name the account, and a good one.
    let year = fiscal_year(&books, 2025).await;
    books
        .posted_entry("2025-03-01", "101000", "401000", "10.00")
        .await;
    let unnamed = close(&books, year, json!({})).await;
    assert_eq!(unnamed.status, StatusCode::BAD_REQUEST);
    assert_eq!(field(&unnamed), "retainedEarningsAccountId");
    let income = close(
        &books,
        year,
        json!({"retainedEarningsAccountId": books.account("401000")}),
    )
    .await;
    assert_eq!(income.status, StatusCode::BAD_REQUEST);
    assert_eq!(field(&income), "retainedEarningsAccountId");
    let journal = close(
        &books,
        year,
        json!({"retainedEarningsAccountId": books.account("302000"), "journalId": Uuid::now_v7()}),
    )
    .await;
    assert_eq!(journal.status, StatusCode::BAD_REQUEST);
    assert_eq!(field(&journal), "journalId");
    let unknown = close(&books, year, json!({"retained": true})).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let named = close(
        &books,
        year,
        json!({"retainedEarningsAccountId": books.account("302000")}),
    )
    .await;
    assert_eq!(named.status, StatusCode::OK, "{:?}", named.body);
    assert_eq!(books.balance("302000").await, "-10.00");
}
