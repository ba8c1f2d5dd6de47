//! A project's profitability from the books and the timesheets, with figures worked by hand.

use arkan_testkit::TestApp;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn project_profitability_adds_invoices_bills_and_timesheets() {
    let company = TestApp::company()
        .trn("100123456700003")
        .with_uae_chart()
        .client("Al Noor")
        .vendor("Gulf Supplies")
        .await;
    let (developer, _) = company.member("dev@arkan.test", "sales").await;
    let (designer, _) = company.member("design@arkan.test", "hr").await;
    let project = company
        .project_with(json!({"name": "Website", "code": "WEB",
            "partnerId": company.partner("Al Noor"), "managerId": developer,
            "billingType": "time_and_materials", "budget": "10000", "hourlyRate": "300",
            "members": [{"userId": developer, "hourlyCost": "100", "hourlyRate": "250"},
                        {"userId": designer}]}))
        .await;

    // 8 h at cost 100 and rate 250; 2 h of a member without rates: the project's 300.
    let logged = company
        .time_entry(
            project,
            json!({"date": "2026-09-10", "hours": "8", "userId": developer}),
        )
        .await;
    assert_eq!(logged.status, StatusCode::CREATED, "{:?}", logged.body);
    assert_eq!(logged.body["costAmount"], "800.00");
    assert_eq!(logged.body["billableAmount"], "2000.00");
    assert_eq!(logged.body["invoiceId"], serde_json::Value::Null);
    let designed = company
        .time_entry(
            project,
            json!({"date": "2026-09-11", "hours": 2, "userId": designer}),
        )
        .await;
    assert_eq!(designed.status, StatusCode::CREATED, "{:?}", designed.body);
    assert_eq!(designed.body["costAmount"], "0.00");
    assert_eq!(designed.body["billableAmount"], "600.00");
    let unbilled = company
        .time_entry(
            project,
            json!({"date": "2026-09-12", "hours": "0.5", "userId": developer, "billable": false}),
        )
        .await;
    assert_eq!(unbilled.body["costAmount"], "50.00");
    assert_eq!(unbilled.body["billableAmount"], "0.00");

    // Revenue 5,000 on a customer invoice; 1,200 of cost on a vendor bill (VAT apart).
    let invoice = company
        .draft_invoice(
            json!({"kind": "customer_invoice", "partnerId": company.partner("Al Noor"),
            "invoiceDate": "2026-09-01", "lines": [
                {"description": "Build", "quantity": "1", "unitPrice": "5000",
                 "taxIds": [company.tax("VAT 5%")], "projectId": project},
                {"description": "Other work", "quantity": "1", "unitPrice": "700"}]}),
        )
        .await;
    assert_eq!(
        company.post_invoice(invoice.id()).await.status,
        StatusCode::OK
    );
    let bill = company
        .draft_invoice(
            json!({"kind": "vendor_bill", "partnerId": company.partner("Gulf Supplies"),
            "invoiceDate": "2026-09-05", "lines": [
                {"description": "Hosting", "quantity": "2", "unitPrice": "600",
                 "taxIds": [company.tax("VAT 5% (purchases)")], "projectId": project}]}),
        )
        .await;
    let posted = company.post_invoice(bill.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);

    let report = company
        .get(&format!("/api/v1/projects/{project}/profitability"))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert_eq!(
        report.body,
        json!({"projectId": project, "dateFrom": null, "dateTo": null, "currency": "AED",
            "revenue": "5000.00", "costs": {"journal": "1200.00", "timesheets": "850.00"},
            "totalCost": "2050.00", "margin": "2950.00", "marginPercent": "59",
            "budget": "10000.00", "budgetUsedPercent": "20.5"})
    );

    // Before September nothing happened: no revenue, no margin percent.
    let before = company
        .get(&format!(
            "/api/v1/projects/{project}/profitability?date_from=2026-01-01&date_to=2026-08-31"
        ))
        .await;
    assert_eq!(before.body["revenue"], "0.00");
    assert_eq!(before.body["totalCost"], "0.00");
    assert_eq!(before.body["marginPercent"], serde_json::Value::Null);
    assert_eq!(before.body["budgetUsedPercent"], "0");

    let view = company.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(view.body["hoursLogged"], "10.50");
    assert_eq!(view.body["state"], "planned");
}
