//! The UAE VAT return (VAT 201), its lines per box and the FTA audit file, over one quarter of
//! sales to clients in two emirates and one without, a credit note, zero-rated and exempt sales,
//! a purchase with partly blocked input VAT, a reverse-charge purchase and a manual entry with a
//! tax line: every box against figures computed by hand.

use std::collections::HashMap;

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const TRN: &str = "100123456700003";
const QUARTER: &str = "date_from=2026-07-01&date_to=2026-09-30";

/// What the quarter posted: ids a test looks at.
struct Quarter {
    no_emirate_invoice: Uuid,
    manual_entry: Uuid,
}

async fn shop() -> Company {
    TestApp::company()
        .plan("enterprise")
        .trn(TRN)
        .with_uae_chart()
        .client_with(
            json!({"name": "Dubai Client", "address": {"emirate": "Dubai", "country": "AE"}}),
        )
        .client_with(
            json!({"name": "Sharjah Client", "address": {"emirate": "Sharjah", "country": "AE"}}),
        )
        .client("Walk-in Client")
        .vendor("Local Supplier")
        .vendor("Overseas Software Ltd")
        .await
}

async fn document(shop: &Company, kind: &str, partner: &str, date: &str, lines: Value) -> Uuid {
    let draft = shop
        .draft_invoice(json!({"kind": kind, "partnerId": shop.partner(partner),
            "invoiceDate": date, "lines": lines}))
        .await;
    let posted = shop.post_invoice(draft.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    draft.id()
}

fn line(shop: &Company, price: &str, tax: Uuid, account: &str) -> Value {
    json!([{"description": "Goods", "quantity": "1", "unitPrice": price, "taxIds": [tax],
            "accountId": shop.account(account)}])
}

async fn quarter(shop: &Company) -> Quarter {
    let vat = shop.tax("VAT 5%");
    let blocked = shop
        .post(
            "/api/v1/accounting/taxes",
            json!({"name": "VAT 5% partly blocked", "amountType": "percent", "rate": "5",
                   "typeTaxUse": "purchase", "accountId": shop.account("140000"), "vatBox": "9",
                   "recoverablePercent": "40"}),
        )
        .await;
    assert_eq!(blocked.status, StatusCode::CREATED, "{:?}", blocked.body);
    let blocked = blocked.id();
    let dubai = document(
        shop,
        "customer_invoice",
        "Dubai Client",
        "2026-07-05",
        line(shop, "10000", vat, "401000"),
    )
    .await;
    document(
        shop,
        "customer_invoice",
        "Sharjah Client",
        "2026-07-10",
        line(shop, "4000", vat, "401000"),
    )
    .await;
    let no_emirate_invoice = document(
        shop,
        "customer_invoice",
        "Walk-in Client",
        "2026-08-01",
        line(shop, "2000", vat, "401000"),
    )
    .await;
    let note = shop
        .post(
            &format!("/api/v1/sales/billing/credit-note/{dubai}"),
            json!({"date": "2026-08-15", "lines": [{"description": "Returned", "quantity": "1",
                   "unitPrice": "1000", "taxIds": [vat], "accountId": shop.account("401000")}]}),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED, "{:?}", note.body);
    document(
        shop,
        "customer_invoice",
        "Dubai Client",
        "2026-08-20",
        line(shop, "3000", shop.tax("Zero-rated 0%"), "401000"),
    )
    .await;
    document(
        shop,
        "customer_invoice",
        "Sharjah Client",
        "2026-08-21",
        line(shop, "1500", shop.tax("Exempt"), "402000"),
    )
    .await;
    document(
        shop,
        "vendor_bill",
        "Local Supplier",
        "2026-09-01",
        line(shop, "6000", blocked, "602000"),
    )
    .await;
    document(
        shop,
        "vendor_bill",
        "Local Supplier",
        "2026-09-02",
        line(shop, "2000", shop.tax("VAT 5% (purchases)"), "603000"),
    )
    .await;
    document(
        shop,
        "vendor_bill",
        "Overseas Software Ltd",
        "2026-09-05",
        line(shop, "20000", shop.tax("Reverse charge 5%"), "603000"),
    )
    .await;
    // A manual entry: VAT booked by hand, without a partner (the company's emirate).
    let manual_entry = shop
        .draft_entry(
            json!({"journalId": shop.journal("MISC"), "date": "2026-09-10",
            "reference": "cash sale", "lines": [
                {"accountId": shop.account("101100"), "debit": "210"},
                {"accountId": shop.account("401000"), "credit": "200"},
                {"accountId": shop.account("202000"), "credit": "10", "taxId": vat}
            ]}),
        )
        .await;
    let posted = shop.post_entry(manual_entry).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    Quarter {
        no_emirate_invoice,
        manual_entry,
    }
}

/// (amount, vatAmount, adjustment) of each box, as the JSON writes them.
#[expect(
    clippy::expect_used,
    reason = "a malformed report fails the test loudly"
)]
fn boxes(report: &Value) -> HashMap<String, (Value, Value, Value)> {
    report["boxes"]
        .as_array()
        .expect("boxes")
        .iter()
        .map(|row| {
            (
                row["box"].as_str().expect("a box").to_owned(),
                (
                    row["amount"].clone(),
                    row["vatAmount"].clone(),
                    row["adjustment"].clone(),
                ),
            )
        })
        .collect()
}

fn minor(text: &str) -> i64 {
    arkan_kernel::parse_minor(text, 2).unwrap_or_else(|_| panic!("not money: {text}"))
}

#[tokio::test]
async fn the_quarter_fills_every_box_as_computed_by_hand() {
    let shop = shop().await;
    let posted = quarter(&shop).await;

    // A supply to a client without an emirate needs the company's.
    let refused = shop
        .get(&format!("/api/v1/accounting/reports/tax?{QUARTER}"))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    assert_eq!(refused.code(), "vat_emirate_not_set");
    let wrong = shop
        .patch(
            "/api/v1/accounting/settings",
            json!({"vatEmirate": "Paris"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{:?}", wrong.body);
    let set = shop
        .patch(
            "/api/v1/accounting/settings",
            json!({"vatEmirate": "Abu Dhabi"}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    assert_eq!(set.body["vatEmirate"], "Abu Dhabi");

    let report = shop
        .get(&format!("/api/v1/accounting/reports/tax?{QUARTER}"))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert_eq!(report.body["dateFrom"], "2026-07-01");
    assert_eq!(report.body["dateTo"], "2026-09-30");
    assert_eq!(report.body["currency"], "AED");
    assert_eq!(report.body["trn"], TRN);
    let found = boxes(&report.body);
    let order: Vec<&str> = report.body["boxes"]
        .as_array()
        .expect("boxes")
        .iter()
        .map(|row| row["box"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        order,
        [
            "1a", "1b", "1c", "1d", "1e", "1f", "1g", "2", "3", "4", "5", "6", "7", "8", "9", "10",
            "11", "12", "13", "14"
        ]
    );
    let full = |amount: &str, vat: &str| (json!(amount), json!(vat), json!("0.00"));
    let no_adjustment = |amount: &str, vat: &str| (json!(amount), json!(vat), Value::Null);
    let only_amount = |amount: &str| (json!(amount), Value::Null, Value::Null);
    let only_vat = |vat: &str| (Value::Null, json!(vat), Value::Null);
    // 1a: the walk-in client's 2,000 (the company's emirate) and the manual 10 of VAT.
    assert_eq!(found["1a"], full("2000.00", "110.00"));
    // 1b: 10,000 less the 1,000 credited.
    assert_eq!(found["1b"], full("9000.00", "450.00"));
    assert_eq!(found["1c"], full("4000.00", "200.00"));
    for empty in ["1d", "1e", "1f", "1g"] {
        assert_eq!(found[empty], full("0.00", "0.00"), "box {empty}");
    }
    assert_eq!(found["2"], no_adjustment("0.00", "0.00"));
    assert_eq!(found["3"], no_adjustment("20000.00", "1000.00"));
    assert_eq!(found["4"], only_amount("3000.00"));
    assert_eq!(found["5"], only_amount("1500.00"));
    assert_eq!(found["6"], no_adjustment("0.00", "0.00"));
    assert_eq!(found["7"], no_adjustment("0.00", "0.00"));
    assert_eq!(found["8"], full("39500.00", "1760.00"));
    // 9: 6,000 with 300 of VAT of which 40 % (120) is recoverable, and 2,000 with 100.
    assert_eq!(found["9"], full("8000.00", "220.00"));
    assert_eq!(found["10"], no_adjustment("20000.00", "1000.00"));
    assert_eq!(found["11"], full("28000.00", "1220.00"));
    assert_eq!(found["12"], only_vat("1760.00"));
    assert_eq!(found["13"], only_vat("1220.00"));
    assert_eq!(found["14"], only_vat("540.00"));
    assert_eq!(report.body["netVatDue"], "540.00");

    // The boxes are the tax accounts' movements: output VAT, reverse-charge VAT, input VAT.
    assert_eq!(shop.balance("202000").await, "-760.00");
    assert_eq!(shop.balance("202100").await, "-1000.00");
    assert_eq!(shop.balance("140000").await, "1220.00");

    // Each box's lines add up to it.
    for (box_id, amount, vat) in [
        ("1a", "2000.00", "110.00"),
        ("1b", "9000.00", "450.00"),
        ("1c", "4000.00", "200.00"),
        ("1d", "0.00", "0.00"),
        ("3", "20000.00", "1000.00"),
        ("4", "3000.00", "0.00"),
        ("5", "1500.00", "0.00"),
        ("9", "8000.00", "220.00"),
        ("10", "20000.00", "1000.00"),
    ] {
        let lines = shop
            .get(&format!(
                "/api/v1/accounting/reports/tax/lines?box={box_id}&{QUARTER}&limit=100"
            ))
            .await;
        assert_eq!(lines.status, StatusCode::OK, "{:?}", lines.body);
        let rows = lines.body["data"].as_array().expect("rows");
        assert_eq!(lines.body["meta"]["total"], json!(rows.len()));
        let base: i64 = rows
            .iter()
            .map(|row| minor(row["base"].as_str().unwrap_or_default()))
            .sum();
        let tax: i64 = rows
            .iter()
            .map(|row| minor(row["tax"].as_str().unwrap_or_default()))
            .sum();
        assert_eq!((base, tax), (minor(amount), minor(vat)), "box {box_id}");
    }
    let abu_dhabi = shop
        .get(&format!(
            "/api/v1/accounting/reports/tax/lines?box=1a&{QUARTER}&sort=date&order=asc"
        ))
        .await;
    let rows = abu_dhabi.body["data"].as_array().expect("rows");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["invoiceId"], posted.no_emirate_invoice.to_string());
    assert_eq!(rows[0]["date"], "2026-08-01");
    assert_eq!(rows[0]["taxId"], shop.tax("VAT 5%").to_string());
    assert_eq!(
        rows[0]["partnerId"],
        shop.partner("Walk-in Client").to_string()
    );
    assert!(
        rows[0]["number"]
            .as_str()
            .is_some_and(|number| number.starts_with("INV/"))
    );
    assert_eq!(rows[1]["journalEntryId"], posted.manual_entry.to_string());
    assert_eq!(rows[1]["invoiceId"], Value::Null);
    assert_eq!(rows[1]["base"], "0.00");
    assert_eq!(rows[1]["tax"], "10.00");
    // Paged: one row a page, the cursor leads to the other.
    let first = shop
        .get(&format!(
            "/api/v1/accounting/reports/tax/lines?box=1a&{QUARTER}&limit=1"
        ))
        .await;
    assert_eq!(first.body["meta"]["hasMore"], true);
    let cursor = first.body["meta"]["cursor"].as_str().expect("a cursor");
    let second = shop
        .get(&format!(
            "/api/v1/accounting/reports/tax/lines?box=1a&{QUARTER}&limit=1&cursor={cursor}"
        ))
        .await;
    assert_eq!(second.status, StatusCode::OK, "{:?}", second.body);
    assert_eq!(second.body["meta"]["hasMore"], false);
    assert_ne!(first.body["data"][0], second.body["data"][0]);

    // A reversal in the quarter takes the manual VAT back out of box 1a.
    let reversed = shop
        .post(
            &format!(
                "/api/v1/accounting/journal-entries/{}/reverse",
                posted.manual_entry
            ),
            json!({"date": "2026-09-20"}),
        )
        .await;
    assert_eq!(reversed.status, StatusCode::CREATED, "{:?}", reversed.body);
    // A document after the quarter stays out of it.
    document(
        &shop,
        "customer_invoice",
        "Dubai Client",
        "2026-10-01",
        line(&shop, "500", shop.tax("VAT 5%"), "401000"),
    )
    .await;
    let again = shop
        .get(&format!("/api/v1/accounting/reports/tax?{QUARTER}"))
        .await;
    let found = boxes(&again.body);
    assert_eq!(found["1a"], full("2000.00", "100.00"));
    assert_eq!(found["1b"], full("9000.00", "450.00"));
    assert_eq!(again.body["netVatDue"], "530.00");

    // The sums kept per month equal the details, and a return cut mid-month (days read from
    // the details, whole months from the kept sums) adds up to the quarter's, box by box.
    assert!(
        arkan_ledger::books::tax_months_match_details(
            shop.app.platform.db.connection(),
            arkan_kernel::CompanyId(shop.id)
        )
        .await
        .expect("the kept tax months")
    );
    let part = |span: &'static str| {
        let shop = &shop;
        async move {
            let reply = shop
                .get(&format!("/api/v1/accounting/reports/tax?{span}"))
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
            boxes(&reply.body)
        }
    };
    let early = part("date_from=2026-07-01&date_to=2026-08-10").await;
    let late = part("date_from=2026-08-11&date_to=2026-09-30").await;
    let minor = |value: &Value| -> i64 {
        value.as_str().map_or(0, |text| {
            let (units, cents) = text.split_once('.').unwrap_or((text, "0"));
            let sign = if units.starts_with('-') { -1 } else { 1 };
            let units: i64 = units.trim_start_matches('-').parse().expect("units");
            sign * (units * 100 + cents.parse::<i64>().expect("cents"))
        })
    };
    for (id, (amount, vat, adjustment)) in &found {
        for (index, whole) in [amount, vat, adjustment].into_iter().enumerate() {
            let pick = |found: &HashMap<String, (Value, Value, Value)>| {
                let (amount, vat, adjustment) = &found[id];
                minor([amount, vat, adjustment][index])
            };
            assert_eq!(minor(whole), pick(&early) + pick(&late), "box {id}");
        }
    }
}

/// A section of the audit file: its header and rows as field maps, then its totals line.
struct Section {
    rows: Vec<HashMap<String, String>>,
    totals: HashMap<String, String>,
}

#[expect(clippy::expect_used, reason = "a malformed file fails the test loudly")]
fn sections(text: &str) -> HashMap<String, Section> {
    let mut found = HashMap::new();
    let mut lines = text
        .split("\r\n")
        .filter(|line| !line.is_empty())
        .peekable();
    while let Some(line) = lines.next() {
        let name = line
            .strip_prefix("--- ")
            .and_then(|rest| rest.strip_suffix(" ---"))
            .unwrap_or_else(|| panic!("a section line, not {line}"))
            .to_owned();
        let header: Vec<String> = lines
            .next()
            .expect("a header")
            .split(',')
            .map(str::to_owned)
            .collect();
        let mut rows = Vec::new();
        let mut totals = HashMap::new();
        while let Some(next) = lines.peek() {
            if next.starts_with("--- ") {
                break;
            }
            let fields: Vec<String> = next.split(',').map(str::to_owned).collect();
            let line = lines.next().unwrap_or_default();
            if fields
                .first()
                .is_some_and(|first| first.ends_with("TotalAED") || first == "TotalDebit")
            {
                // The totals header: the next line is its values.
                let values: Vec<String> = lines
                    .next()
                    .expect("totals")
                    .split(',')
                    .map(str::to_owned)
                    .collect();
                totals = fields.into_iter().zip(values).collect();
                let _ = line;
                continue;
            }
            rows.push(header.iter().cloned().zip(fields).collect());
        }
        found.insert(name, Section { rows, totals });
    }
    found
}

#[tokio::test]
async fn the_audit_file_lists_the_quarter_and_reconciles_to_the_return() {
    let shop = shop().await;
    quarter(&shop).await;
    shop.patch(
        "/api/v1/accounting/settings",
        json!({"vatEmirate": "Abu Dhabi"}),
    )
    .await;
    let file = shop
        .get(&format!(
            "/api/v1/accounting/reports/tax/audit-file?{QUARTER}"
        ))
        .await;
    assert_eq!(file.status, StatusCode::OK, "{:?}", file.body);
    assert_eq!(file.header("content-type"), "text/csv; charset=utf-8");
    assert!(
        file.header("content-disposition")
            .contains("fta-audit-file_2026-07-01_2026-09-30.csv")
    );
    let text = file.body.as_str().expect("CSV text");
    let found = sections(text);
    for name in [
        "Company Information",
        "Tax Codes",
        "Purchase Listing",
        "Supply Listing",
        "General Ledger",
    ] {
        assert!(found.contains_key(name), "no section {name}: {text}");
    }
    let company = &found["Company Information"].rows[0];
    assert_eq!(company["TRN"], TRN);
    assert_eq!(company["PeriodStart"], "01/07/2026");
    assert_eq!(company["PeriodEnd"], "30/09/2026");
    assert_eq!(company["FAFVersion"], "FAFv1.0.0");

    // Totals by tax code against the return's boxes.
    let by_code = |section: &Section, value: &str, vat: &str| {
        let mut sums: HashMap<String, (i64, i64)> = HashMap::new();
        for row in &section.rows {
            let sum = sums.entry(row["TaxCode"].clone()).or_default();
            sum.0 += minor(&row[value]);
            sum.1 += minor(&row[vat]);
        }
        sums
    };
    let supplies = by_code(&found["Supply Listing"], "SupplyValueAED", "VATValueAED");
    // Boxes 1a + 1b + 1c.
    assert_eq!(supplies["VAT 5%"], (1_500_000, 76_000));
    assert_eq!(supplies["Zero-rated 0%"], (300_000, 0));
    assert_eq!(supplies["Exempt"], (150_000, 0));
    let purchases = by_code(
        &found["Purchase Listing"],
        "PurchaseValueAED",
        "RecoverableVATAED",
    );
    assert_eq!(purchases["Reverse charge 5%"], (2_000_000, 100_000));
    let box_9 = (
        purchases["VAT 5% (purchases)"].0 + purchases["VAT 5% partly blocked"].0,
        purchases["VAT 5% (purchases)"].1 + purchases["VAT 5% partly blocked"].1,
    );
    assert_eq!(box_9, (800_000, 22_000));
    let supply_totals = &found["Supply Listing"].totals;
    assert_eq!(supply_totals["SupplyTotalAED"], "19500.00");
    assert_eq!(supply_totals["VATTotalAED"], "760.00");
    assert_eq!(supply_totals["TransactionCountTotal"], "7");
    let purchase_totals = &found["Purchase Listing"].totals;
    assert_eq!(purchase_totals["PurchaseTotalAED"], "28000.00");
    assert_eq!(purchase_totals["VATTotalAED"], "1400.00");
    assert_eq!(purchase_totals["TransactionCountTotal"], "3");

    // The general ledger: every posted line, debits equal credits.
    let ledger = &found["General Ledger"];
    assert_eq!(ledger.totals["TotalDebit"], ledger.totals["TotalCredit"]);
    assert_eq!(
        ledger.totals["TransactionCountTotal"],
        ledger.rows.len().to_string()
    );
    assert_eq!(ledger.totals["GLTCurrency"], "AED");
    let output_vat: Vec<&HashMap<String, String>> = ledger
        .rows
        .iter()
        .filter(|row| row["AccountID"] == "202000")
        .collect();
    assert_eq!(
        output_vat.last().map(|row| row["Balance"].as_str()),
        Some("-760.00")
    );
}

#[tokio::test]
async fn the_return_reads_as_csv_and_xlsx() {
    let shop = shop().await;
    quarter(&shop).await;
    shop.patch(
        "/api/v1/accounting/settings",
        json!({"vatEmirate": "Dubai"}),
    )
    .await;
    let csv = shop
        .get(&format!(
            "/api/v1/accounting/reports/tax?{QUARTER}&format=csv"
        ))
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{:?}", csv.body);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        csv.header("content-disposition"),
        "attachment; filename=\"tax_2026-07-01_2026-09-30.csv\""
    );
    let text = csv.body.as_str().expect("CSV text");
    let lines: Vec<&str> = text.split("\r\n").filter(|line| !line.is_empty()).collect();
    assert_eq!(lines[0], "box,label,amount,vatAmount,adjustment");
    assert_eq!(lines.len(), 22);
    // The walk-in client's supply now counts for Dubai.
    assert_eq!(
        lines[2],
        "1b,Standard rated supplies in Dubai,11000.00,560.00,0.00"
    );
    assert_eq!(lines[10], "4,Zero rated supplies,3000.00,,");
    assert_eq!(lines[21], "Total,Net VAT due,,540.00,");
    let xlsx = shop
        .get(&format!(
            "/api/v1/accounting/reports/tax?{QUARTER}&format=xlsx"
        ))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(
        xlsx.header("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        xlsx.body
            .as_str()
            .is_some_and(|bytes| bytes.starts_with("PK"))
    );
}

#[tokio::test]
async fn bad_parameters_are_refused_and_only_members_of_the_company_see_it() {
    let shop = shop().await;
    document(
        &shop,
        "customer_invoice",
        "Dubai Client",
        "2026-07-05",
        line(&shop, "10000", shop.tax("VAT 5%"), "401000"),
    )
    .await;
    for (path, field) in [
        (
            "/api/v1/accounting/reports/tax?date_from=2026-13-01",
            "date_from",
        ),
        (
            "/api/v1/accounting/reports/tax?date_from=2026-09-01&date_to=2026-07-01",
            "date_from",
        ),
        ("/api/v1/accounting/reports/tax?format=pdf", "format"),
        ("/api/v1/accounting/reports/tax/lines?box=8", "box"),
        ("/api/v1/accounting/reports/tax/lines?box=1h", "box"),
        ("/api/v1/accounting/reports/tax/lines", "box"),
        (
            "/api/v1/accounting/reports/tax/lines?box=1b&date_to=tomorrow",
            "date_to",
        ),
        (
            "/api/v1/accounting/reports/tax/lines?box=1b&limit=500",
            "limit",
        ),
        (
            "/api/v1/accounting/reports/tax/audit-file?date_from=01/07/2026",
            "date_from",
        ),
    ] {
        let reply = shop.get(path).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{path}: {:?}",
            reply.body
        );
        assert_eq!(
            reply.body["errors"][0]["field"], field,
            "{path}: {:?}",
            reply.body
        );
    }

    // A viewer reads the return, its lines and the audit file, and may not change the emirate.
    let (_, viewer) = shop.member("viewer@example.com", "viewer").await;
    for path in [
        format!("/api/v1/accounting/reports/tax?{QUARTER}"),
        format!("/api/v1/accounting/reports/tax/lines?box=1b&{QUARTER}"),
        format!("/api/v1/accounting/reports/tax/audit-file?{QUARTER}"),
    ] {
        let reply = shop.app.get(&path, &viewer, Some(shop.id)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    }
    let read = shop
        .app
        .get(
            &format!("/api/v1/accounting/reports/tax?{QUARTER}"),
            &viewer,
            Some(shop.id),
        )
        .await;
    assert_eq!(boxes(&read.body)["1b"].1, json!("500.00"));
    let forbidden = shop
        .app
        .patch(
            "/api/v1/accounting/settings",
            &viewer,
            Some(shop.id),
            json!({"vatEmirate": "Dubai"}),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

    // Another company of the same owner sees none of it.
    let other = shop.another_company("Other LLC").await;
    let report = shop
        .app
        .get(
            &format!("/api/v1/accounting/reports/tax?{QUARTER}"),
            &shop.token,
            Some(other),
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert!(
        report.body["boxes"]
            .as_array()
            .expect("boxes")
            .iter()
            .all(
                |row| row["amount"].as_str().is_none_or(|amount| amount == "0.00")
                    && row["vatAmount"].as_str().is_none_or(|vat| vat == "0.00")
            ),
        "{:?}",
        report.body
    );
    let lines = shop
        .app
        .get(
            &format!("/api/v1/accounting/reports/tax/lines?box=1b&{QUARTER}"),
            &shop.token,
            Some(other),
        )
        .await;
    assert_eq!(lines.body["meta"]["total"], 0);

    // Clearing the emirate: null.
    let cleared = shop
        .patch("/api/v1/accounting/settings", json!({"vatEmirate": null}))
        .await;
    assert_eq!(cleared.status, StatusCode::OK);
    assert_eq!(cleared.body["vatEmirate"], Value::Null);
}
