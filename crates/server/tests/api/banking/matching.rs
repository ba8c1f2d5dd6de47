//! Matching statement lines (`/accounting/bank-reconciliation/match`, `/unmatch`,
//! `/write-off`): to posted payments, to a bank-charges account, the rest written off, and
//! taken back until the books are locked.

use arkan_testkit::Company;
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::statements::{STATEMENTS, books, refused_on, statement_in};

pub const MATCH: &str = "/api/v1/accounting/bank-reconciliation/match";
pub const UNMATCH: &str = "/api/v1/accounting/bank-reconciliation/unmatch";
pub const WRITE_OFF: &str = "/api/v1/accounting/bank-reconciliation/write-off";

/// The December statement imported on BNK1 (Al Noor's 1,250.00 in, 10.50 of charges out), and
/// Al Noor's transfer posted on BNK1 for 1,249.00 (it sent 1.00 more). The statement, its two
/// line ids and the payment.
pub async fn statement_and_payment(company: &Company) -> (Uuid, Uuid, Uuid, Uuid) {
    let statement = company
        .imported_statement(statement_in("json", company.journal("BNK1")))
        .await;
    let read = company.get(&format!("{STATEMENTS}/{statement}")).await;
    let line = |index: usize| {
        read.body["lines"][index]["id"]
            .as_str()
            .and_then(|id| Uuid::parse_str(id).ok())
            .unwrap_or_default()
    };
    let payment = company
        .posted_payment_with(
            json!({"type": "inbound", "partnerId": company.partner("Al Noor"),
            "amount": "1249.00", "date": "2026-12-01", "journalId": company.journal("BNK1"),
            "method": "bank_transfer", "reference": "INV-2026-0001"}),
        )
        .await;
    (statement, line(0), line(1), payment)
}

pub async fn set_write_off_limit(company: &Company, limit: &str) {
    let set = company
        .patch(
            "/api/v1/accounting/settings",
            json!({"writeOffLimit": limit}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
}

async fn statement(company: &Company, id: Uuid) -> Value {
    let read = company.get(&format!("{STATEMENTS}/{id}")).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    read.body
}

/// The kept balances equal the sums of the posted lines.
async fn balances_match_lines(company: &Company) {
    let ctx = arkan_platform::Ctx {
        user: arkan_kernel::UserId(Uuid::nil()),
        company: arkan_kernel::CompanyId(company.id),
        role: arkan_platform::role::Role::Owner,
        plan: arkan_platform::role::Plan::Enterprise,
        currency: arkan_kernel::Currency::from_code("AED").unwrap_or_else(|| panic!("AED")),
        versions: None,
    };
    let kept = arkan_ledger::books::balances_match_lines(&company.app.platform, &ctx).await;
    assert!(matches!(kept, Ok(true)), "{kept:?}");
}

/// The debit and credit of the posted BNK1 entry `entry` on the account `code`.
async fn booked(company: &Company, entry: &Value, code: &str) -> (String, String) {
    let read = company
        .get(&format!(
            "/api/v1/accounting/journal-entries/{}",
            entry.as_str().unwrap_or_default()
        ))
        .await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    assert_eq!(read.body["state"], "posted");
    assert_eq!(read.body["journalId"], json!(company.journal("BNK1")));
    let line = read.body["lines"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|line| line["accountId"] == json!(company.account(code)))
        .cloned()
        .unwrap_or_default();
    let text = |field: &str| line[field].as_str().unwrap_or_default().to_owned();
    (text("debit"), text("credit"))
}

/// The story, the December statement read from `format` on BNK1: Al Noor's 1,250.00
/// explained by its invoice (1,050.00, paid from the line) and its transfer posted for 199.00,
/// the 1.00 more written off to other income, the bank's 10.50 of charges booked as a fee. The
/// statement ends reconciled and the books balance. The statement and the charges' line.
async fn reconciled_story(company: &Company, format: &str) -> (Uuid, Uuid) {
    set_write_off_limit(company, "5.00").await;
    let client = company.partner("Al Noor");
    let invoice = company.posted_invoice(client, "1000.00").await;
    let payment = company
        .posted_payment_with(
            json!({"type": "inbound", "partnerId": client, "amount": "199.00",
            "date": "2026-12-01", "journalId": company.journal("BNK1"),
            "method": "bank_transfer", "reference": "TT-199"}),
        )
        .await;
    let statement_id = company
        .imported_statement(statement_in(format, company.journal("BNK1")))
        .await;
    let read = statement(company, statement_id).await;
    assert_eq!(read["format"], format);
    let line = |index: usize| read["lines"][index]["id"].clone();
    let (received, charges) = (line(0), line(1));
    assert_eq!(company.balance("101000").await, "199.00", "{format}");

    // The invoice and the transfer explain 1,249.00 of the 1,250.00: the line is partial.
    let matched = company
        .post(
            MATCH,
            json!({"statementLineId": received, "matches": [
                {"invoiceId": invoice, "amount": "1050.00"}, {"paymentId": payment}]}),
        )
        .await;
    assert_eq!(
        matched.status,
        StatusCode::OK,
        "{format}: {:?}",
        matched.body
    );
    assert_eq!(matched.body["state"], "partial");
    assert_eq!(matched.body["matchedAmount"], "1249.00");
    let made = &matched.body["matches"];
    assert_eq!(made[0]["invoiceId"], json!(invoice));
    assert_eq!(made[0]["amount"], "1050.00");
    assert!(made[0]["paymentId"].is_string(), "{made:?}");
    assert_eq!(made[1]["paymentId"], json!(payment));
    assert_eq!(made[1]["amount"], "199.00");
    assert!(made[1]["journalEntryId"].is_string());
    assert_eq!(company.invoice(invoice).await.body["amountDue"], "0.00");

    // The 1.00 more is written off to other income.
    let written_off = company
        .post(
            WRITE_OFF,
            json!({"statementLineId": received, "accountId": company.account("409000"),
            "description": "Overpaid by Al Noor"}),
        )
        .await;
    assert_eq!(
        written_off.status,
        StatusCode::OK,
        "{format}: {:?}",
        written_off.body
    );
    assert_eq!(written_off.body["state"], "matched");
    assert_eq!(written_off.body["matchedAmount"], "1250.00");
    assert_eq!(
        written_off.body["matches"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(
        booked(company, &written_off.body["writeOffEntryId"], "409000").await,
        ("0.00".into(), "1.00".into()),
        "{format}"
    );

    // The bank's charges become an entry on the bank journal.
    let fee = company
        .post(
            MATCH,
            json!({"statementLineId": charges, "matches": [
            {"accountId": company.account("604000"), "description": "December charges"}]}),
        )
        .await;
    assert_eq!(fee.status, StatusCode::OK, "{format}: {:?}", fee.body);
    assert_eq!(fee.body["state"], "matched");
    assert_eq!(fee.body["matches"][0]["amount"], "-10.50");
    assert_eq!(
        booked(company, &fee.body["matches"][0]["journalEntryId"], "604000").await,
        ("10.50".into(), "0.00".into()),
        "{format}"
    );

    assert_eq!(company.balance("101000").await, "1239.50");
    assert_eq!(company.balance("604000").await, "10.50");
    assert_eq!(company.balance("409000").await, "-1.00");
    let reconciled = statement(company, statement_id).await;
    assert_eq!(reconciled["state"], "reconciled", "{format}");
    assert_eq!(reconciled["matchedCount"], 2);
    let books = company.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(books.status, StatusCode::OK, "{:?}", books.body);
    assert_eq!(
        books.body["totals"]["debit"],
        books.body["totals"]["credit"]
    );
    balances_match_lines(company).await;
    (
        statement_id,
        Uuid::parse_str(charges.as_str().unwrap_or_default()).unwrap_or_default(),
    )
}

#[tokio::test]
async fn a_statement_is_reconciled_with_a_payment_a_write_off_and_a_bank_fee() {
    let company = books().await;
    let (statement_id, charges) = reconciled_story(&company, "json").await;

    // Taking the fee back reverses its entry; the statement is open again.
    let unmatched = company
        .post(UNMATCH, json!({"statementLineId": charges}))
        .await;
    assert_eq!(unmatched.status, StatusCode::OK, "{:?}", unmatched.body);
    assert_eq!(unmatched.body["state"], "unmatched");
    assert_eq!(unmatched.body["matchedAmount"], "0.00");
    assert_eq!(unmatched.body["matches"], json!([]));
    assert_eq!(company.balance("101000").await, "1250.00");
    assert_eq!(company.balance("604000").await, "0.00");
    let reopened = statement(&company, statement_id).await;
    assert_eq!(reopened["state"], "open");
    assert_eq!(reopened["matchedCount"], 1);
    assert_eq!(reopened["lines"][1]["state"], "unmatched");
}

#[tokio::test]
async fn a_csv_statement_is_reconciled_with_an_invoice_a_payment_a_write_off_and_a_bank_fee() {
    reconciled_story(&books().await, "csv").await;
}

#[tokio::test]
async fn a_camt053_statement_is_reconciled_with_an_invoice_a_payment_a_write_off_and_a_bank_fee() {
    reconciled_story(&books().await, "camt053").await;
}

#[tokio::test]
async fn an_mt940_statement_is_reconciled_with_an_invoice_a_payment_a_write_off_and_a_bank_fee() {
    reconciled_story(&books().await, "mt940").await;
}

#[tokio::test]
async fn matches_that_do_not_fit_the_line_are_refused() {
    let company = books().await;
    let (_, received, charges, payment) = statement_and_payment(&company).await;
    let cases = [
        (
            json!({"statementLineId": received, "matches": []}),
            "matches",
        ),
        (
            json!({"statementLineId": received, "matches": [{"paymentId": payment, "accountId": company.account("604000")}]}),
            "matches[0]",
        ),
        (
            json!({"statementLineId": charges, "matches": [{"paymentId": payment}]}),
            "matches[0].paymentId",
        ),
        (
            json!({"statementLineId": received, "matches": [{"paymentId": payment, "amount": "1000"}]}),
            "matches[0].amount",
        ),
        (
            json!({"statementLineId": charges, "matches": [{"accountId": company.account("604000"), "amount": "20"}]}),
            "matches[0].amount",
        ),
        (
            json!({"statementLineId": charges, "matches": [{"accountId": company.account("604000"), "amount": "-1"}]}),
            "matches[0].amount",
        ),
    ];
    for (body, field) in cases {
        refused_on(&company.post(MATCH, body).await, field);
    }
    // A payment explains one line only.
    let first = company
        .post(
            MATCH,
            json!({"statementLineId": received, "matches": [{"paymentId": payment}]}),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let again = company
        .post(UNMATCH, json!({"statementLineId": received}))
        .await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
    let other_statement = company
        .imported_statement(
            json!({"journalId": company.journal("BNK1"), "format": "json",
            "lines": [{"date": "2026-12-05", "amount": "1249.00", "description": "Again"}]}),
        )
        .await;
    let read = statement(&company, other_statement).await;
    let other_line = read["lines"][0]["id"].clone();
    company
        .post(
            MATCH,
            json!({"statementLineId": received, "matches": [{"paymentId": payment}]}),
        )
        .await;
    let twice = company
        .post(
            MATCH,
            json!({"statementLineId": other_line, "matches": [{"paymentId": payment}]}),
        )
        .await;
    refused_on(&twice, "matches[0]");
}

#[tokio::test]
async fn a_write_off_above_the_limit_and_actions_in_the_wrong_state_are_refused() {
    let company = books().await;
    set_write_off_limit(&company, "0.50").await;
    let (_, received, charges, payment) = statement_and_payment(&company).await;
    company
        .post(
            MATCH,
            json!({"statementLineId": received, "matches": [{"paymentId": payment}]}),
        )
        .await;
    let above = company
        .post(
            WRITE_OFF,
            json!({"statementLineId": received, "accountId": company.account("604000")}),
        )
        .await;
    assert_eq!(above.status, StatusCode::BAD_REQUEST, "{:?}", above.body);
    assert_eq!(above.code(), "write_off_above_limit");
    assert_eq!(company.balance("604000").await, "0.00");

    let nothing_to_undo = company
        .post(UNMATCH, json!({"statementLineId": charges}))
        .await;
    assert_eq!(
        nothing_to_undo.status,
        StatusCode::CONFLICT,
        "{:?}",
        nothing_to_undo.body
    );
    assert_eq!(nothing_to_undo.code(), "statement_line_unmatched");
    let fee = company
        .post(MATCH, json!({"statementLineId": charges, "matches": [{"accountId": company.account("604000")}]}))
        .await;
    assert_eq!(fee.status, StatusCode::OK, "{:?}", fee.body);
    let done = company
        .post(MATCH, json!({"statementLineId": charges, "matches": [{"accountId": company.account("604000")}]}))
        .await;
    assert_eq!(done.status, StatusCode::CONFLICT, "{:?}", done.body);
    assert_eq!(done.code(), "statement_line_matched");

    // Once December is locked, nothing of it is taken back.
    let locked = company.update(json!({"lockDate": "2026-12-31"})).await;
    assert_eq!(locked.status, StatusCode::OK, "{:?}", locked.body);
    let refused = company
        .post(UNMATCH, json!({"statementLineId": charges}))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    assert_eq!(refused.code(), "period_locked");
    assert_eq!(company.balance("604000").await, "10.50");
}

#[tokio::test]
async fn another_companys_line_is_not_found_and_a_viewer_cannot_match() {
    let company = books().await;
    let (_, received, _, payment) = statement_and_payment(&company).await;
    let other = company.another_company("Other LLC").await;
    let app = &company.app;
    let body = json!({"statementLineId": received, "matches": [{"paymentId": payment}]});
    let elsewhere = app
        .post(MATCH, &company.token, Some(other), body.clone())
        .await;
    assert_eq!(
        elsewhere.status,
        StatusCode::NOT_FOUND,
        "{:?}",
        elsewhere.body
    );
    assert_eq!(elsewhere.code(), "statement_line_not_found");
    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    for (path, body) in [
        (MATCH, body.clone()),
        (UNMATCH, json!({"statementLineId": received})),
        (
            WRITE_OFF,
            json!({"statementLineId": received, "accountId": company.account("604000")}),
        ),
    ] {
        let refused = app.post(path, &viewer, Some(company.id), body).await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{path}: {:?}",
            refused.body
        );
    }
    let mine = company.post(MATCH, body).await;
    assert_eq!(mine.status, StatusCode::OK, "{:?}", mine.body);
}

#[tokio::test]
async fn charges_booked_by_hand_match_their_bank_line_once() {
    let company = books().await;
    let (_, received, charges, _) = statement_and_payment(&company).await;
    let entry = company
        .posted_entry("2026-12-02", "604000", "101000", "10.50")
        .await;
    let read = company
        .get(&format!("/api/v1/accounting/journal-entries/{entry}"))
        .await;
    let line_on = |code: &str| {
        read.body["lines"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|line| line["accountId"] == json!(company.account(code)))
            .map(|line| line["id"].clone())
            .unwrap_or_default()
    };
    let (bank_line, charges_line) = (line_on("101000"), line_on("604000"));
    let cases = [
        (
            json!({"statementLineId": charges, "matches": [{"journalLineId": charges_line}]}),
            "matches[0].journalLineId",
        ),
        (
            json!({"statementLineId": received, "matches": [{"journalLineId": bank_line}]}),
            "matches[0].journalLineId",
        ),
        (
            json!({"statementLineId": charges, "matches": [{"journalLineId": bank_line, "amount": "10"}]}),
            "matches[0].amount",
        ),
    ];
    for (body, field) in cases {
        refused_on(&company.post(MATCH, body).await, field);
    }
    let matched = company
        .post(
            MATCH,
            json!({"statementLineId": charges, "matches": [{"journalLineId": bank_line}]}),
        )
        .await;
    assert_eq!(matched.status, StatusCode::OK, "{:?}", matched.body);
    assert_eq!(matched.body["state"], "matched");
    assert_eq!(matched.body["matches"][0]["journalLineId"], bank_line);
    assert_eq!(matched.body["matches"][0]["journalEntryId"], json!(entry));
    assert_eq!(matched.body["matches"][0]["amount"], "-10.50");
    // Nothing was booked: the charges stay as entered by hand.
    assert_eq!(company.balance("604000").await, "10.50");

    let again = company
        .imported_statement(
            json!({"journalId": company.journal("BNK1"), "format": "json",
            "lines": [{"date": "2026-12-03", "amount": "-10.50", "description": "Charges again"}]}),
        )
        .await;
    let other_line = statement(&company, again).await["lines"][0]["id"].clone();
    let twice = company
        .post(
            MATCH,
            json!({"statementLineId": other_line, "matches": [{"journalLineId": bank_line}]}),
        )
        .await;
    refused_on(&twice, "matches[0]");
    let missing = company
        .post(
            MATCH,
            json!({"statementLineId": other_line, "matches": [{"journalLineId": Uuid::now_v7()}]}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{:?}", missing.body);
    assert_eq!(missing.code(), "journal_line_not_found");
}

#[tokio::test]
async fn a_client_invoice_is_paid_from_its_statement_line() {
    let company = books().await;
    let client = company.partner("Al Noor");
    let invoice = company.posted_invoice(client, "1000.00").await;
    let vendor = company.vendor("Gulf Supplies").await;
    let bill = company.posted_bill(vendor, "100.00").await;
    let statement_id = company
        .imported_statement(
            json!({"journalId": company.journal("BNK1"), "format": "json",
            "lines": [{"date": "2026-12-01", "amount": "1050.00", "description": "Al Noor INV",
                "reference": "INV-1"}]}),
        )
        .await;
    let line = statement(&company, statement_id).await["lines"][0]["id"].clone();

    // A bill is paid, not received: nothing is made.
    let wrong_way = company
        .post(
            MATCH,
            json!({"statementLineId": line, "matches": [{"invoiceId": bill, "amount": "105.00"}]}),
        )
        .await;
    refused_on(&wrong_way, "matches[0].invoiceId");
    let payments = company.get("/api/v1/accounting/payments").await;
    assert_eq!(payments.body["meta"]["total"], 0, "{:?}", payments.body);

    let matched = company
        .post(
            MATCH,
            json!({"statementLineId": line, "matches": [{"invoiceId": invoice}]}),
        )
        .await;
    assert_eq!(matched.status, StatusCode::OK, "{:?}", matched.body);
    assert_eq!(matched.body["state"], "matched");
    let made = &matched.body["matches"][0];
    assert_eq!(made["invoiceId"], json!(invoice));
    assert_eq!(made["amount"], "1050.00");
    let payment_id = made["paymentId"].as_str().unwrap_or_default().to_owned();
    let payment = company
        .get(&format!("/api/v1/accounting/payments/{payment_id}"))
        .await;
    assert_eq!(payment.body["state"], "posted", "{:?}", payment.body);
    assert_eq!(payment.body["type"], "inbound");
    assert_eq!(payment.body["date"], "2026-12-01");
    assert_eq!(payment.body["reference"], "INV-1");
    assert_eq!(payment.body["journalEntryId"], made["journalEntryId"]);
    let paid = company.invoice(invoice).await;
    assert_eq!(paid.body["amountDue"], "0.00", "{:?}", paid.body);
    assert_eq!(company.balance("101000").await, "1050.00");
    assert_eq!(
        statement(&company, statement_id).await["state"],
        "reconciled"
    );
    balances_match_lines(&company).await;
}
