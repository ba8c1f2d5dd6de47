//! The invoice margin (shapes-modules §5 "Invoice margin"): per invoice from the kept rows
//! (product cost, services without cost), the report grouped four ways with exact numbers,
//! cancellation taking an invoice out, bad input, tenancy and roles.

use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::billing::{biller, confirmed_order, invoice_of, post};
use super::{id_of, names_fields, product};

const MARGIN: &str = "/api/v1/accounting/invoice-margin";

/// The report's row whose `key` is `id`.
fn row<'a>(report: &'a Value, key: &str, id: &str) -> &'a Value {
    report["data"]
        .as_array()
        .expect("data")
        .iter()
        .find(|row| row[key] == id)
        .unwrap_or_else(|| panic!("no {key} {id} in {report:?}"))
}

fn sums(row: &Value) -> [&str; 4] {
    [
        row["revenue"].as_str().expect("revenue"),
        row["cost"].as_str().expect("cost"),
        row["margin"].as_str().expect("margin"),
        row["marginPercent"].as_str().expect("marginPercent"),
    ]
}

#[tokio::test]
async fn margins_per_invoice_and_the_report_grouped_four_ways() {
    let company = biller().await;
    let noor = company.partner("Al Noor Trading");
    let baraka = company.client("Baraka Stores").await;
    let (rep, _) = company.member("rep@margin.test", "sales").await;
    let desk = product(&company, "Desk", "consumable", "1000", "600").await;
    let install = product(&company, "Installation", "service", "200", "0").await;
    let chair = product(&company, "Chair", "consumable", "450", "300").await;

    // Al Noor, the owner selling: 2 desks and an installation, invoiced 2026-03-10.
    let first_order = confirmed_order(
        &company,
        noor,
        json!({}),
        json!([{"productId": desk, "quantity": "2"}, {"productId": install, "quantity": "1"}]),
    )
    .await;
    let first = invoice_of(&company, &first_order, json!({"invoiceDate": "2026-03-10"})).await;
    // Drafts have no kept margin: the report ignores them; the invoice's margin is computed.
    let draft = company.get(&format!("{MARGIN}/{}", id_of(&first))).await;
    assert_eq!(draft.status, StatusCode::OK, "{:?}", draft.body);
    assert_eq!(draft.body["margin"], "1000.00");
    let first = post(&company, &first).await;
    // Baraka, the rep selling: 3 chairs at 10% off, invoiced 2026-03-20.
    let second_order = confirmed_order(
        &company,
        baraka,
        json!({"salespersonId": rep}),
        json!([{"productId": chair, "quantity": "3", "discountPercent": "10"}]),
    )
    .await;
    let second = invoice_of(
        &company,
        &second_order,
        json!({"invoiceDate": "2026-03-20"}),
    )
    .await;
    let second = post(&company, &second).await;

    let margin = company.get(&format!("{MARGIN}/{}", id_of(&first))).await;
    assert_eq!(margin.status, StatusCode::OK, "{:?}", margin.body);
    let margin = margin.body;
    assert_eq!(margin["invoiceId"], first["id"]);
    assert_eq!(margin["number"], first["number"]);
    assert_eq!(margin["partnerId"], noor.to_string());
    assert_eq!(margin["invoiceDate"], "2026-03-10");
    assert_eq!(margin["currency"], "AED");
    // 2,200.00 revenue against 2 × 600.00: 1,000.00, 45.45%.
    assert_eq!(sums(&margin), ["2200.00", "1200.00", "1000.00", "45.45"]);
    let lines = margin["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["invoiceLineId"], first["lines"][0]["id"]);
    assert_eq!(lines[0]["productId"], desk.as_str());
    assert_eq!(lines[0]["description"], "Desk");
    assert_eq!(lines[0]["quantity"], "2");
    assert_eq!(lines[0]["unitCost"], "600.00");
    assert_eq!(lines[0]["costSource"], "product_cost");
    assert_eq!(sums(&lines[0]), ["2000.00", "1200.00", "800.00", "40.00"]);
    assert_eq!(lines[1]["costSource"], "none");
    assert_eq!(sums(&lines[1]), ["200.00", "0.00", "200.00", "100.00"]);
    let chairs = company.get(&format!("{MARGIN}/{}", id_of(&second))).await;
    // 3 × 450 × 0.9 = 1,215.00 against 900.00: 315.00, 25.93%.
    assert_eq!(sums(&chairs.body), ["1215.00", "900.00", "315.00", "25.93"]);

    let report = |group: &str, to: &str| {
        format!("{MARGIN}/report?date_from=2026-03-01&date_to={to}&group_by={group}")
    };
    let by_invoice = company.get(&report("invoice", "2026-03-31")).await;
    assert_eq!(by_invoice.status, StatusCode::OK, "{:?}", by_invoice.body);
    let by_invoice = by_invoice.body;
    assert_eq!(by_invoice["dateFrom"], "2026-03-01");
    assert_eq!(by_invoice["dateTo"], "2026-03-31");
    assert_eq!(by_invoice["groupBy"], "invoice");
    assert_eq!(by_invoice["currency"], "AED");
    assert_eq!(by_invoice["data"].as_array().expect("data").len(), 2);
    assert_eq!(by_invoice["data"][0]["invoiceId"], first["id"]);
    assert_eq!(by_invoice["data"][0]["name"], first["number"]);
    assert_eq!(
        sums(row(&by_invoice, "invoiceId", &id_of(&second))),
        ["1215.00", "900.00", "315.00", "25.93"]
    );
    // 3,415.00 against 2,100.00: 1,315.00, 38.51%.
    assert_eq!(
        sums(&by_invoice["totals"]),
        ["3415.00", "2100.00", "1315.00", "38.51"]
    );

    let by_product = company.get(&report("product", "2026-03-31")).await.body;
    let names: Vec<&str> = by_product["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|row| row["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(names, ["Desk", "Chair", "Installation"]);
    assert_eq!(
        sums(row(&by_product, "productId", &desk)),
        ["2000.00", "1200.00", "800.00", "40.00"]
    );
    assert_eq!(
        sums(row(&by_product, "productId", &chair)),
        ["1215.00", "900.00", "315.00", "25.93"]
    );
    assert_eq!(
        sums(row(&by_product, "productId", &install)),
        ["200.00", "0.00", "200.00", "100.00"]
    );
    assert!(by_product["data"][0].get("invoiceId").is_none());

    let by_partner = company.get(&report("partner", "2026-03-31")).await.body;
    let noor_row = row(&by_partner, "partnerId", &noor.to_string());
    assert_eq!(noor_row["name"], "Al Noor Trading");
    assert_eq!(sums(noor_row), ["2200.00", "1200.00", "1000.00", "45.45"]);
    let baraka_row = row(&by_partner, "partnerId", &baraka.to_string());
    assert_eq!(baraka_row["name"], "Baraka Stores");
    assert_eq!(sums(baraka_row), ["1215.00", "900.00", "315.00", "25.93"]);

    let by_salesperson = company.get(&report("salesperson", "2026-03-31")).await.body;
    assert_eq!(by_salesperson["data"].as_array().expect("data").len(), 2);
    let rep_row = row(&by_salesperson, "salespersonId", &rep.to_string());
    assert_eq!(sums(rep_row), ["1215.00", "900.00", "315.00", "25.93"]);
    let owner_row = &by_salesperson["data"][0];
    assert_eq!(owner_row["salespersonId"], first_order["salespersonId"]);
    assert_eq!(sums(owner_row), ["2200.00", "1200.00", "1000.00", "45.45"]);

    // The range: only the first invoice by the 15th.
    let early = company.get(&report("partner", "2026-03-15")).await.body;
    assert_eq!(early["data"].as_array().expect("data").len(), 1);
    assert_eq!(
        sums(&early["totals"]),
        ["2200.00", "1200.00", "1000.00", "45.45"]
    );

    // A cancelled invoice leaves the report.
    let cancelled = company
        .cancel_invoice(Uuid::parse_str(&id_of(&second)).expect("a uuid"))
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    let after = company.get(&report("partner", "2026-03-31")).await.body;
    assert_eq!(after["data"].as_array().expect("data").len(), 1);
    assert_eq!(
        sums(&after["totals"]),
        ["2200.00", "1200.00", "1000.00", "45.45"]
    );
}

#[tokio::test]
async fn the_margin_refuses_bad_input_other_companies_and_other_roles() {
    let company = biller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "1000", "600").await;
    let order = confirmed_order(
        &company,
        client,
        json!({}),
        json!([{"productId": desk, "quantity": "1"}]),
    )
    .await;
    let invoice = post(&company, &invoice_of(&company, &order, json!({})).await).await;
    let path = format!("{MARGIN}/{}", id_of(&invoice));

    names_fields(
        &company
            .get(&format!("{MARGIN}/report?group_by=month"))
            .await,
        &["group_by"],
    );
    names_fields(
        &company
            .get(&format!(
                "{MARGIN}/report?date_from=2026-04-01&date_to=2026-03-01"
            ))
            .await,
        &["date_from"],
    );
    names_fields(
        &company
            .get(&format!("{MARGIN}/report?date_to=31-03-2026"))
            .await,
        &["date_to"],
    );
    assert_eq!(
        company
            .get(&format!("{MARGIN}/{}", Uuid::now_v7()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let other = company.another_company("Other LLC").await;
    let seen = company.app.get(&path, &company.token, Some(other)).await;
    assert_eq!(seen.status, StatusCode::NOT_FOUND);
    let report = company
        .app
        .get(
            &format!("{MARGIN}/report?group_by=partner"),
            &company.token,
            Some(other),
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert_eq!(report.body["data"], json!([]));

    for (email, role, status) in [
        ("viewer@margin.test", "viewer", StatusCode::OK),
        ("books@margin.test", "accountant", StatusCode::OK),
        ("buyer@margin.test", "purchasing", StatusCode::FORBIDDEN),
        ("stock@margin.test", "inventory", StatusCode::FORBIDDEN),
    ] {
        let (_, token) = company.member(email, role).await;
        let one = company.app.get(&path, &token, Some(company.id)).await;
        assert_eq!(one.status, status, "{role}");
        let report = company
            .app
            .get(&format!("{MARGIN}/report"), &token, Some(company.id))
            .await;
        assert_eq!(report.status, status, "{role}");
    }
}
