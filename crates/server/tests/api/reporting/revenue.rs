//! Revenue by client and by project, with figures worked by hand: invoices, a credit note, a
//! line without a partner (or project), the comparison and the periods columns, the files.

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const TRN: &str = "100123456700003";
const BY_CLIENT: &str = "/api/v1/accounting/reports/revenue-by-client";
const BY_PROJECT: &str = "/api/v1/accounting/reports/revenue-by-project";

async fn shop() -> Company {
    TestApp::company()
        .trn(TRN)
        .with_uae_chart()
        .client("Al Noor")
        .client("Beta Trading")
        .vendor("Gulf Supplies")
        .await
}

/// A posted document of `kind` to `partner` on `date`: one line at `amount` (VAT 5% when
/// `taxed`), on `project` if any.
async fn document(
    shop: &Company,
    kind: &str,
    partner: &str,
    date: &str,
    amount: &str,
    project: Option<Uuid>,
    taxed: bool,
) -> Uuid {
    let mut line = json!({"description": "Work", "quantity": "1", "unitPrice": amount});
    if taxed {
        let tax = if kind.starts_with("vendor") {
            "VAT 5% (purchases)"
        } else {
            "VAT 5%"
        };
        line["taxIds"] = json!([shop.tax(tax)]);
    }
    if let Some(project) = project {
        line["projectId"] = json!(project);
    }
    let draft = shop
        .draft_invoice(json!({"kind": kind, "partnerId": shop.partner(partner),
            "invoiceDate": date, "lines": [line]}))
        .await;
    let posted = shop.post_invoice(draft.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    draft.id()
}

/// Income of `amount` on `date` straight from the bank, with no partner.
async fn cash_sale(shop: &Company, date: &str, amount: &str, project: Option<Uuid>) {
    let mut body = shop.entry(date, "101000", "401000", amount);
    if let Some(project) = project {
        body["lines"][1]["projectId"] = json!(project);
    }
    let id = shop.draft_entry(body).await;
    let posted = shop.post_entry(id).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
}

fn rows(report: &Value) -> Vec<Value> {
    report["data"].as_array().cloned().unwrap_or_default()
}

/// March: Al Noor 1000 (taxed: 50 of VAT is not revenue). April: Al Noor 500, less a credit note
/// of 200; Beta 2000; a cash sale of 300 without a partner; a vendor bill (no revenue).
async fn april_sales(shop: &Company) {
    document(
        shop,
        "customer_invoice",
        "Al Noor",
        "2026-03-10",
        "1000",
        None,
        true,
    )
    .await;
    document(
        shop,
        "customer_invoice",
        "Al Noor",
        "2026-04-05",
        "500",
        None,
        true,
    )
    .await;
    document(
        shop,
        "customer_invoice",
        "Beta Trading",
        "2026-04-20",
        "2000",
        None,
        false,
    )
    .await;
    document(
        shop,
        "customer_credit_note",
        "Al Noor",
        "2026-04-25",
        "200",
        None,
        true,
    )
    .await;
    document(
        shop,
        "vendor_bill",
        "Gulf Supplies",
        "2026-04-26",
        "700",
        None,
        false,
    )
    .await;
    cash_sale(shop, "2026-04-15", "300", None).await;
}

#[tokio::test]
async fn revenue_by_client_nets_credit_notes_and_keeps_partnerless_income_apart() {
    let shop = shop().await;
    april_sales(&shop).await;
    let reply = shop
        .get(&format!(
            "{BY_CLIENT}?date_from=2026-04-01&date_to=2026-04-30"
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let report = &reply.body;
    assert_eq!(report["dateFrom"], "2026-04-01");
    assert_eq!(report["dateTo"], "2026-04-30");
    assert_eq!(report["currency"], "AED");
    // 2000 + 300 + 300 = 2600: Beta 76.92 %, Al Noor and the cash sale 11.54 % each (named
    // first on a tie). A credit note is an entry of its own: Al Noor's count is 2.
    assert_eq!(
        rows(report),
        vec![
            json!({"partnerId": shop.partner("Beta Trading"), "partnerName": "Beta Trading",
                "invoiceCount": 1, "revenue": "2000.00", "share": "76.92"}),
            json!({"partnerId": shop.partner("Al Noor"), "partnerName": "Al Noor",
                "invoiceCount": 2, "revenue": "300.00", "share": "11.54"}),
            json!({"partnerId": null, "partnerName": null,
                "invoiceCount": 1, "revenue": "300.00", "share": "11.54"}),
        ]
    );
    assert_eq!(
        report["totals"],
        json!({"invoiceCount": 4, "revenue": "2600.00"})
    );

    // One client.
    let one = shop
        .get(&format!(
            "{BY_CLIENT}?date_from=2026-04-01&date_to=2026-04-30&partner_id={}",
            shop.partner("Al Noor")
        ))
        .await;
    assert_eq!(rows(&one.body).len(), 1);
    assert_eq!(one.body["data"][0]["share"], "100");
    assert_eq!(one.body["totals"]["revenue"], "300.00");

    // Another journal than the sales journal: only the cash sale (MISC).
    let misc = shop
        .get(&format!(
            "{BY_CLIENT}?date_from=2026-04-01&date_to=2026-04-30&journal_id={}",
            shop.journal("MISC")
        ))
        .await;
    assert_eq!(
        misc.body["totals"],
        json!({"invoiceCount": 1, "revenue": "300.00"})
    );

    // Nothing in the period: no rows, no share.
    let empty = shop
        .get(&format!(
            "{BY_CLIENT}?date_from=2026-06-01&date_to=2026-06-30"
        ))
        .await;
    assert_eq!(rows(&empty.body), Vec::<Value>::new());
    assert_eq!(
        empty.body["totals"],
        json!({"invoiceCount": 0, "revenue": "0.00"})
    );
}

#[tokio::test]
async fn revenue_by_client_compares_with_the_previous_period_and_splits_periods() {
    let shop = shop().await;
    april_sales(&shop).await;
    let compared = shop
        .get(&format!(
            "{BY_CLIENT}?date_from=2026-04-01&date_to=2026-04-30&compare=previous_period"
        ))
        .await;
    assert_eq!(compared.status, StatusCode::OK, "{:?}", compared.body);
    let report = &compared.body;
    assert_eq!(report["compareFrom"], "2026-03-01");
    assert_eq!(report["compareTo"], "2026-03-31");
    let al_noor = &report["data"][1];
    assert_eq!(al_noor["partnerName"], "Al Noor");
    assert_eq!(al_noor["compareRevenue"], "1000.00");
    assert_eq!(al_noor["compareInvoiceCount"], 1);
    assert_eq!(report["data"][0]["compareRevenue"], "0.00");
    assert_eq!(report["totals"]["compareRevenue"], "1000.00");
    assert_eq!(report["totals"]["compareInvoiceCount"], 1);

    let periods = shop
        .get(&format!(
            "{BY_CLIENT}?date_from=2026-03-01&date_to=2026-04-30&periods=2&period_type=month"
        ))
        .await;
    assert_eq!(periods.status, StatusCode::OK, "{:?}", periods.body);
    let report = &periods.body;
    assert_eq!(
        report["periods"],
        json!([
            {"label": "2026-03", "dateFrom": "2026-03-01", "dateTo": "2026-03-31"},
            {"label": "2026-04", "dateFrom": "2026-04-01", "dateTo": "2026-04-30"}
        ])
    );
    // March and April together: Beta 2000, Al Noor 1300 (3 entries), the cash sale 300.
    let al_noor = &report["data"][1];
    assert_eq!(al_noor["revenue"], "1300.00");
    assert_eq!(al_noor["invoiceCount"], 3);
    assert_eq!(al_noor["share"], "36.11");
    assert_eq!(al_noor["revenueByPeriod"], json!(["1000.00", "300.00"]));
    assert_eq!(
        report["data"][0]["revenueByPeriod"],
        json!(["0.00", "2000.00"])
    );
    assert_eq!(
        report["totals"]["revenueByPeriod"],
        json!(["1000.00", "2600.00"])
    );
    assert_eq!(report["totals"]["revenue"], "3600.00");

    let both = shop
        .get(&format!("{BY_CLIENT}?compare=previous_year&periods=2"))
        .await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST);
    let bad_partner = shop.get(&format!("{BY_CLIENT}?partner_id=nope")).await;
    assert_eq!(bad_partner.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn revenue_by_client_as_csv_and_xlsx() {
    let shop = shop().await;
    april_sales(&shop).await;
    let csv = shop
        .get(&format!(
            "{BY_CLIENT}?date_from=2026-04-01&date_to=2026-04-30&format=csv"
        ))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        csv.header("content-disposition"),
        "attachment; filename=\"revenue-by-client_2026-04-01_2026-04-30.csv\""
    );
    let text = csv.body.as_str().unwrap_or_default().to_owned();
    let lines: Vec<&str> = text.split("\r\n").filter(|line| !line.is_empty()).collect();
    assert_eq!(lines[0], "partnerId,partnerName,invoiceCount,revenue,share");
    assert_eq!(
        lines[1],
        format!(
            "{},Beta Trading,1,2000.00,76.92",
            shop.partner("Beta Trading")
        )
    );
    assert_eq!(lines[3], ",,1,300.00,11.54");
    assert_eq!(lines[4], "Total,,4,2600.00,100");

    let xlsx = shop
        .get(&format!(
            "{BY_CLIENT}?date_from=2026-04-01&date_to=2026-04-30&format=xlsx"
        ))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(
        xlsx.header("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        xlsx.header("content-disposition"),
        "attachment; filename=\"revenue-by-client_2026-04-01_2026-04-30.xlsx\""
    );
    assert!(xlsx.body.as_str().unwrap_or_default().starts_with("PK"));
}

#[tokio::test]
async fn revenue_by_project_sets_costs_against_revenue() {
    let shop = shop().await;
    let web = shop.project("WEB").await;
    let app = shop.project("APP").await;
    // The website: invoiced 1000, a bill of 300 and rent of 100 on it. The app: invoiced 400.
    // A cash sale of 200 on no project; rent of 50 on no project.
    document(
        &shop,
        "customer_invoice",
        "Al Noor",
        "2026-04-05",
        "1000",
        Some(web),
        true,
    )
    .await;
    document(
        &shop,
        "customer_invoice",
        "Beta Trading",
        "2026-04-06",
        "400",
        Some(app),
        false,
    )
    .await;
    document(
        &shop,
        "vendor_bill",
        "Gulf Supplies",
        "2026-04-07",
        "300",
        Some(web),
        true,
    )
    .await;
    let mut rent = shop.entry("2026-04-08", "602000", "101000", "100");
    rent["lines"][0]["projectId"] = json!(web);
    let id = shop.draft_entry(rent).await;
    assert_eq!(shop.post_entry(id).await.status, StatusCode::OK);
    shop.posted_entry("2026-04-09", "602000", "101000", "50")
        .await;
    cash_sale(&shop, "2026-04-10", "200", None).await;
    // Outside the period.
    document(
        &shop,
        "customer_invoice",
        "Al Noor",
        "2026-05-05",
        "999",
        Some(web),
        false,
    )
    .await;

    let reply = shop
        .get(&format!(
            "{BY_PROJECT}?date_from=2026-04-01&date_to=2026-04-30"
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let report = &reply.body;
    // Revenue 1600: the website 62.5 %, the app 25 %, no project 12.5 %.
    assert_eq!(
        rows(report),
        vec![
            json!({"projectId": web, "projectName": "Project WEB", "revenue": "1000.00",
                "share": "62.5", "cost": "400.00", "margin": "600.00", "marginPercent": "60",
                "invoiceCount": 1}),
            json!({"projectId": app, "projectName": "Project APP", "revenue": "400.00",
                "share": "25", "cost": "0.00", "margin": "400.00", "marginPercent": "100",
                "invoiceCount": 1}),
            json!({"projectId": null, "projectName": null, "revenue": "200.00",
                "share": "12.5", "cost": "50.00", "margin": "150.00", "marginPercent": "75",
                "invoiceCount": 1}),
        ]
    );
    assert_eq!(
        report["totals"],
        json!({"invoiceCount": 3, "revenue": "1600.00", "cost": "450.00", "margin": "1150.00",
            "marginPercent": "71.88"})
    );

    let one = shop
        .get(&format!(
            "{BY_PROJECT}?date_from=2026-04-01&date_to=2026-05-31&project_id={web}&periods=2"
        ))
        .await;
    assert_eq!(one.status, StatusCode::OK, "{:?}", one.body);
    assert_eq!(rows(&one.body).len(), 1);
    let website = &one.body["data"][0];
    assert_eq!(website["revenue"], "1999.00");
    assert_eq!(website["invoiceCount"], 2);
    assert_eq!(website["revenueByPeriod"], json!(["1000.00", "999.00"]));
    assert_eq!(website["costByPeriod"], json!(["400.00", "0.00"]));
    assert_eq!(website["marginByPeriod"], json!(["600.00", "999.00"]));

    // A period with costs and no revenue: no margin percent, no share.
    let costs_only = shop
        .get(&format!(
            "{BY_PROJECT}?date_from=2026-04-07&date_to=2026-04-08&project_id={web}"
        ))
        .await;
    assert_eq!(costs_only.body["data"][0]["marginPercent"], Value::Null);
    assert_eq!(costs_only.body["data"][0]["share"], Value::Null);
    assert_eq!(costs_only.body["data"][0]["margin"], "-400.00");

    let csv = shop
        .get(&format!(
            "{BY_PROJECT}?date_from=2026-04-01&date_to=2026-04-30&format=csv"
        ))
        .await;
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(
        csv.body
            .as_str()
            .unwrap_or_default()
            .ends_with("Total,,1600.00,100,450.00,1150.00,71.88,3\r\n")
    );
}

/// The report's figures of one partner (by name; "" for the lines without one): revenue and
/// invoice count.
fn client_figures(report: &Value, name: &str) -> (String, i64) {
    let row = rows(report)
        .into_iter()
        .find(|row| row["partnerName"].as_str().unwrap_or_default() == name)
        .unwrap_or_else(|| panic!("a row for {name:?} in {report}"));
    (
        row["revenue"].as_str().unwrap_or_default().to_owned(),
        row["invoiceCount"].as_i64().unwrap_or_default(),
    )
}

#[tokio::test]
async fn revenue_kept_per_month_agrees_with_the_lines_over_any_span() {
    let shop = shop().await;
    let web = shop.project("WEB").await;
    april_sales(&shop).await;
    // A reversed sale in May (nets to nothing, two entries) and a project sale in June.
    document(
        &shop,
        "customer_invoice",
        "Beta Trading",
        "2026-06-02",
        "800",
        Some(web),
        false,
    )
    .await;
    let sale = shop
        .posted_entry("2026-05-10", "101000", "401000", "90.00")
        .await;
    let reversed = shop
        .post(
            &format!("/api/v1/accounting/journal-entries/{sale}/reverse"),
            json!({}),
        )
        .await;
    assert_eq!(reversed.status, StatusCode::CREATED, "{:?}", reversed.body);
    // Last year, closed: its closing entry moves income to retained earnings and must not
    // count as revenue.
    shop.posted_entry("2025-11-03", "101000", "401000", "250.00")
        .await;
    // The posting opened the 2025 year.
    let years = shop.get("/api/v1/accounting/fiscal-years").await;
    let year = rows(&years.body)
        .into_iter()
        .find(|row| row["dateFrom"] == "2025-01-01")
        .unwrap_or_else(|| panic!("the 2025 year in {:?}", years.body))["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let closed = shop
        .post(
            &format!("/api/v1/accounting/fiscal-years/{year}/close"),
            json!({}),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);

    let db = shop.app.platform.db.connection();
    let company = arkan_kernel::CompanyId(shop.id);
    assert!(
        arkan_ledger::books::revenue_months_match_lines(db, company)
            .await
            .unwrap()
    );

    let report = |from: &str, to: &str| {
        let path = format!("{BY_CLIENT}?date_from={from}&date_to={to}");
        let shop = &shop;
        async move {
            let reply = shop.get(&path).await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
            reply.body
        }
    };
    // Whole months (kept rows only): March to June.
    let whole = report("2026-03-01", "2026-06-30").await;
    assert_eq!(client_figures(&whole, "Al Noor"), ("1300.00".to_owned(), 3));
    assert_eq!(
        client_figures(&whole, "Beta Trading"),
        ("2800.00".to_owned(), 2)
    );
    // The cash sale of April and the reversed May sale (nets to 0, two entries).
    assert_eq!(client_figures(&whole, ""), ("300.00".to_owned(), 3));
    // Days around a whole month (lines for 10-31 March and 1-20 April... then kept May).
    let edges = report("2026-03-10", "2026-05-31").await;
    assert_eq!(client_figures(&edges, "Al Noor"), ("1300.00".to_owned(), 3));
    let inside = report("2026-03-11", "2026-04-20").await;
    assert_eq!(client_figures(&inside, "Al Noor"), ("500.00".to_owned(), 1));
    assert_eq!(
        client_figures(&inside, "Beta Trading"),
        ("2000.00".to_owned(), 1)
    );
    // The closed year: the sale counts, its closing entry does not.
    let last_year = report("2025-01-01", "2025-12-31").await;
    assert_eq!(client_figures(&last_year, ""), ("250.00".to_owned(), 1));
    // The same span filtered on a project reads the lines: WEB is Beta's June invoice only.
    let on_web = shop
        .get(&format!(
            "{BY_CLIENT}?date_from=2026-03-01&date_to=2026-06-30&project_id={web}"
        ))
        .await;
    assert_eq!(on_web.status, StatusCode::OK, "{:?}", on_web.body);
    assert_eq!(rows(&on_web.body).len(), 1);
    assert_eq!(
        client_figures(&on_web.body, "Beta Trading"),
        ("800.00".to_owned(), 1)
    );
    let by_project = shop
        .get(&format!(
            "{BY_PROJECT}?date_from=2026-06-01&date_to=2026-06-30"
        ))
        .await;
    assert_eq!(by_project.status, StatusCode::OK, "{:?}", by_project.body);
    let web_row = rows(&by_project.body)
        .into_iter()
        .find(|row| {
            row["projectName"]
                .as_str()
                .is_some_and(|name| name.contains("WEB"))
        })
        .unwrap_or_else(|| panic!("WEB in {:?}", by_project.body));
    assert_eq!(web_row["revenue"], "800.00");
    assert_eq!(web_row["invoiceCount"], 1);
}
