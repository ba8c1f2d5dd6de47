//! The reconciliation report (`/accounting/bank-reconciliation/report`): the bank's balance
//! against the books', with what neither side explains, before and after matching.

use axum::http::StatusCode;
use serde_json::json;

use super::matching::{MATCH, WRITE_OFF, set_write_off_limit, statement_and_payment};
use super::statements::{books, refused_on};

const REPORT: &str = "/api/v1/accounting/bank-reconciliation/report";

#[tokio::test]
async fn the_report_shows_what_neither_side_explains_until_it_is_matched() {
    let company = books().await;
    set_write_off_limit(&company, "5.00").await;
    let bank = company.journal("BNK1");
    let (_, received, charges, payment) = statement_and_payment(&company).await;
    // A transfer in the books the bank has not shown yet.
    let later = company
        .posted_payment_with(
            json!({"type": "inbound", "partnerId": company.partner("Al Noor"),
            "amount": "300.00", "date": "2026-12-02", "journalId": bank,
            "method": "bank_transfer", "reference": "TT-2"}),
        )
        .await;
    let report = |as_of: &str| {
        let path = format!("{REPORT}?journal_id={bank}&as_of={as_of}");
        let company = &company;
        async move {
            let reply = company.get(&path).await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
            reply.body
        }
    };
    let before = report("2026-12-02").await;
    assert_eq!(before["journalId"], json!(bank));
    assert_eq!(before["asOf"], "2026-12-02");
    assert_eq!(before["currency"], "AED");
    assert_eq!(before["statementBalance"], "2239.50");
    assert_eq!(before["bookBalance"], "1549.00");
    assert_eq!(before["difference"], "690.50");
    assert_eq!(before["unmatchedLines"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        before["unreconciledItems"].as_array().map(Vec::len),
        Some(2)
    );

    for (path, body) in [
        (
            MATCH,
            json!({"statementLineId": received, "matches": [{"paymentId": payment}]}),
        ),
        (
            WRITE_OFF,
            json!({"statementLineId": received, "accountId": company.account("409000")}),
        ),
        (
            MATCH,
            json!({"statementLineId": charges, "matches": [{"accountId": company.account("604000")}]}),
        ),
    ] {
        let reply = company.post(path, body).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    }
    let after = report("2026-12-02").await;
    assert_eq!(after["statementBalance"], "2239.50");
    assert_eq!(after["bookBalance"], "1539.50");
    assert_eq!(after["difference"], "700.00");
    assert_eq!(after["unmatchedLines"], json!([]));
    let items = after["unreconciledItems"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["amount"], "300.00");
    assert_eq!(items[0]["date"], "2026-12-02");
    let entry = company.payment(later).await.body["journalEntryId"].clone();
    assert_eq!(items[0]["journalEntryId"], entry);

    // On the first day: the transfer in and its write-off, against the bank's first movement.
    let first_day = report("2026-12-01").await;
    assert_eq!(first_day["statementBalance"], "2250.00");
    assert_eq!(first_day["bookBalance"], "1250.00");
    assert_eq!(first_day["unreconciledItems"], json!([]));
    // Before any statement: nothing on the bank's side.
    let earlier = report("2026-11-01").await;
    assert_eq!(earlier["statementBalance"], "0.00");
    assert_eq!(earlier["bookBalance"], "0.00");
}

#[tokio::test]
async fn the_report_needs_a_bank_journal_of_the_company() {
    let company = books().await;
    refused_on(&company.get(REPORT).await, "journal_id");
    refused_on(
        &company
            .get(&format!(
                "{REPORT}?journal_id={}&as_of=2026-13-01",
                company.journal("BNK1")
            ))
            .await,
        "as_of",
    );
    refused_on(
        &company
            .get(&format!("{REPORT}?journal_id={}", company.journal("INV")))
            .await,
        "journal_id",
    );
    let other = company.another_company("Other LLC").await;
    let elsewhere = company
        .app
        .get(
            &format!("{REPORT}?journal_id={}", company.journal("BNK1")),
            &company.token,
            Some(other),
        )
        .await;
    assert_eq!(
        elsewhere.status,
        StatusCode::NOT_FOUND,
        "{:?}",
        elsewhere.body
    );
    assert_eq!(elsewhere.code(), "journal_not_found");
}
