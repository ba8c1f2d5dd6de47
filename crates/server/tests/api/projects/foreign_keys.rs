//! Invoice and journal lines name projects of their own company only (ADR 0010), on both
//! databases.

use arkan_testkit::TestApp;
use axum::http::StatusCode;
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn lines_refuse_a_project_of_another_company_or_none() {
    let company = TestApp::company().with_uae_chart().client("Al Noor").await;
    let ours = company.project("OWN").await;
    let other = company.another_company("Other LLC").await;
    let theirs = company
        .app
        .post(
            "/api/v1/projects",
            &company.token,
            Some(other),
            json!({"name": "Theirs", "code": "THEM"}),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{:?}", theirs.body);
    let theirs = theirs.id();

    for project in [theirs, Uuid::now_v7()] {
        let invoice = company
            .post("/api/v1/accounting/invoices", json!({"kind": "customer_invoice",
                "partnerId": company.partner("Al Noor"), "invoiceDate": "2026-09-01", "lines": [
                    {"description": "Ours", "quantity": "1", "unitPrice": "10", "projectId": ours},
                    {"description": "Not ours", "quantity": "1", "unitPrice": "10", "projectId": project}]}))
            .await;
        assert_eq!(
            invoice.status,
            StatusCode::BAD_REQUEST,
            "{:?}",
            invoice.body
        );
        assert_eq!(invoice.body["errors"][0]["field"], "lines[1].projectId");

        let mut entry = company.entry("2026-09-01", "101000", "301000", "10.00");
        entry["lines"][0]["projectId"] = json!(project);
        let entry = company
            .post("/api/v1/accounting/journal-entries", entry)
            .await;
        assert_eq!(entry.status, StatusCode::BAD_REQUEST, "{:?}", entry.body);
        assert_eq!(entry.body["errors"][0]["field"], "lines[0].projectId");

        // A batch checks each entry's lines the same way, and posts none of the batch.
        let good = company.entry("2026-09-01", "101000", "301000", "5.00");
        let mut bad = company.entry("2026-09-01", "101000", "301000", "10.00");
        bad["lines"][1]["projectId"] = json!(project);
        let batch = company
            .post(
                "/api/v1/accounting/journal-entries/batch",
                json!({"entries": [good, bad]}),
            )
            .await;
        assert_eq!(batch.status, StatusCode::BAD_REQUEST, "{:?}", batch.body);
        assert_eq!(
            batch.body["errors"][0]["field"],
            "entries[1].lines[1].projectId"
        );
        assert_eq!(company.balance("101000").await, "0.00");
    }

    // A draft changed to name a foreign project is refused too; its own project is fine.
    let draft = company
        .draft_invoice(
            json!({"kind": "customer_invoice", "partnerId": company.partner("Al Noor"),
            "invoiceDate": "2026-09-01", "lines": [
                {"description": "Ours", "quantity": "1", "unitPrice": "10", "projectId": ours}]}),
        )
        .await;
    let changed = company
        .patch(
            &format!("/api/v1/accounting/invoices/{}", draft.id()),
            json!({"lines": [{"description": "Theirs", "quantity": "1", "unitPrice": "10", "projectId": theirs}]}),
        )
        .await;
    assert_eq!(
        changed.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        changed.body
    );
    assert_eq!(changed.body["errors"][0]["field"], "lines[0].projectId");
}
