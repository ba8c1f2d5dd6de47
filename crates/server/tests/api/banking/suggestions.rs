//! Suggestions for statement lines (`.../statements/:id/suggestions`) and accepting the best of
//! each (`.../statements/:id/auto-match`).

use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::statements::{CLIENT_IBAN, STATEMENTS, bank_journal, books};

#[tokio::test]
async fn an_invoice_and_a_transfer_are_suggested_and_auto_matched() {
    let company = books().await;
    let client = company.partner("Al Noor");
    let invoice = company.posted_invoice(client, "1000.00").await;
    let number = company.invoice(invoice).await.body["number"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    company
        .posted_payment_with(
            json!({"type": "inbound", "partnerId": client, "amount": "300.00",
            "date": "2026-12-02", "journalId": company.journal("BNK1"), "method": "bank_transfer",
            "reference": "TT-2"}),
        )
        .await;
    let statement = company
        .imported_statement(json!({"journalId": company.journal("BNK1"), "format": "json", "lines": [
            {"date": "2026-12-01", "amount": "1050.00", "description": format!("Transfer {number}"),
             "partnerName": "Al Noor Trading", "iban": CLIENT_IBAN},
            {"date": "2026-12-02", "amount": "300.00", "description": "TT-2 from Al Noor"},
            {"date": "2026-12-03", "amount": "-10.50", "description": "Bank charges"}
        ]}))
        .await;
    let read = company.get(&format!("{STATEMENTS}/{statement}")).await;
    let line = |index: usize| read.body["lines"][index]["id"].clone();
    let path = format!("{STATEMENTS}/{statement}/suggestions");
    let all = company.get(&path).await;
    assert_eq!(all.status, StatusCode::OK, "{:?}", all.body);
    let data = all.body["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(data.len(), 3);
    let best = |at: usize| data[at]["candidates"][0].clone();
    assert_eq!(data[0]["statementLineId"], line(0));
    assert_eq!(best(0)["invoiceId"], json!(invoice));
    assert_eq!(best(0)["amount"], "1050.00");
    assert_eq!(best(0)["score"], 90);
    assert_eq!(
        best(0)["reasons"],
        json!(["amount", "reference", "partner"])
    );
    assert!(best(1)["journalLineId"].is_string(), "{data:?}");
    assert_eq!(best(1)["reference"], "TT-2");
    assert_eq!(best(1)["score"], 85);
    assert_eq!(best(1)["reasons"], json!(["amount", "reference", "date"]));
    assert_eq!(data[2]["candidates"], json!([]));
    let one = company
        .get(&format!(
            "{path}?line_id={}",
            line(1).as_str().unwrap_or_default()
        ))
        .await;
    assert_eq!(
        one.body["data"].as_array().map(Vec::len),
        Some(1),
        "{:?}",
        one.body
    );

    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let auto = format!("{STATEMENTS}/{statement}/auto-match");
    let refused = company
        .app
        .post(&auto, &viewer, Some(company.id), json!({}))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{:?}", refused.body);
    let done = company.post(&auto, json!({})).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body["matched"], 2);
    let states: Vec<Value> = done.body["statement"]["lines"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|line| line["state"].clone())
        .collect();
    assert_eq!(
        states,
        vec![json!("matched"), json!("matched"), json!("unmatched")]
    );
    assert_eq!(done.body["statement"]["matchedCount"], 2);
    assert_eq!(company.invoice(invoice).await.body["amountDue"], "0.00");
    // Nothing is left to suggest for the matched lines, nor matched twice.
    let again = company.post(&auto, json!({"minScore": 20})).await;
    assert_eq!(again.body["matched"], 0, "{:?}", again.body);

    let other = company.another_company("Other LLC").await;
    let elsewhere = company.app.get(&path, &company.token, Some(other)).await;
    assert_eq!(
        elsewhere.status,
        StatusCode::NOT_FOUND,
        "{:?}",
        elsewhere.body
    );
}

/// The candidates of each line of `statement`, in line order.
async fn candidates(company: &arkan_testkit::Company, statement: Uuid) -> Vec<Value> {
    let all = company
        .get(&format!("{STATEMENTS}/{statement}/suggestions"))
        .await;
    assert_eq!(all.status, StatusCode::OK, "{:?}", all.body);
    all.body["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|line| line["candidates"].clone())
        .collect()
}

#[tokio::test]
async fn an_invoice_number_with_slashes_finds_its_invoice_whatever_the_amount() {
    let company = books().await;
    let invoice = company
        .posted_invoice(company.partner("Al Noor"), "1000.00")
        .await;
    let number = company.invoice(invoice).await.body["number"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(number.contains('/'), "{number}");
    // Part payments: the amounts are not the invoice's 1,050.00, only the number finds it.
    let statement = company
        .imported_statement(json!({"journalId": company.journal("BNK1"), "format": "json", "lines": [
            {"date": "2026-12-01", "amount": "500.00", "description": format!("Payment {number} thanks")},
            {"date": "2026-12-02", "amount": "200.00", "description": format!("Part payment ({number}).")}
        ]}))
        .await;
    let found = candidates(&company, statement).await;
    assert_eq!(found.len(), 2);
    for line in &found {
        assert_eq!(line[0]["invoiceId"], json!(invoice), "{found:?}");
        assert_eq!(line[0]["reference"], json!(number));
        assert_eq!(line[0]["score"], 25);
        assert_eq!(line[0]["reasons"], json!(["reference"]));
    }

    // MT940 remittance text keeps the number's slashes too.
    let mt940 = format!(
        ":20:STMT-SLASH\n:25:AE460260001015555555501\n:60F:C261130AED0,00\n\
         :61:2612031203C300,00NTRFNONREF//B-9\n\
         :86:/NAME/Someone/REMI/Payment {number} thanks\n:62F:C261203AED300,00\n"
    );
    let other = bank_journal(&company, "BNK2").await;
    let statement = company
        .imported_statement(json!({"journalId": other, "format": "mt940", "content": mt940}))
        .await;
    let read = company.get(&format!("{STATEMENTS}/{statement}")).await;
    assert_eq!(
        read.body["lines"][0]["description"],
        json!(format!("Payment {number} thanks"))
    );
    let found = candidates(&company, statement).await;
    assert_eq!(found[0][0]["invoiceId"], json!(invoice), "{found:?}");
}

#[tokio::test]
async fn bank_lines_a_year_older_than_the_statement_are_left_out_but_open_invoices_are_not() {
    let company = books().await;
    let client = company.partner("Al Noor");
    let old_invoice = company
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client,
            "invoiceDate": "2025-06-01", "lines": [{"description": "Goods", "quantity": "1",
            "unitPrice": "2000.00", "taxIds": [company.tax("VAT 5%")]}]}))
        .await
        .id();
    let posted = company.post_invoice(old_invoice).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    for (date, reference) in [("2025-06-01", "TT-OLD"), ("2026-11-20", "TT-NEW")] {
        company
            .posted_payment_with(json!({"type": "inbound", "partnerId": client,
                "amount": "300.00", "date": date, "journalId": company.journal("BNK1"),
                "method": "bank_transfer", "reference": reference}))
            .await;
    }
    let statement = company
        .imported_statement(
            json!({"journalId": company.journal("BNK1"), "format": "json", "lines": [
                {"date": "2026-12-01", "amount": "300.00", "description": "Transfer"},
                {"date": "2026-12-02", "amount": "2100.00", "description": "Settlement"}
            ]}),
        )
        .await;
    let found = candidates(&company, statement).await;
    let references: Vec<Value> = found[0]
        .as_array()
        .into_iter()
        .flatten()
        .map(|candidate| candidate["reference"].clone())
        .collect();
    assert_eq!(references, vec![json!("TT-NEW")], "{found:?}");
    assert_eq!(found[1][0]["invoiceId"], json!(old_invoice), "{found:?}");
    assert_eq!(found[1][0]["date"], "2025-06-01");
}
