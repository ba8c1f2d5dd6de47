//! Profit and loss, balance sheet and cash flow: a small company's year checked against
//! hand-computed figures, the three statements agreeing with each other on generated ledgers,
//! comparison and period columns, and the files.

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::files::{number, parse_csv, parse_xlsx};

/// The year of "Test LLC" (AED, fiscal year = calendar year), every figure chosen by hand:
///
/// 2025-12-20 cash sale 5,000 (last year's earnings); 2026: capital 100,000; equipment
/// 24,000; office rent 3,000 (on 602500, a child of 600000); end-of-service provision 800;
/// depreciation 1,200; other income 300; a client invoice 10,000 + VAT 500, paid; a vendor bill
/// 4,000 + VAT 200, 2,000 paid; and after the 2026-09-30 reports, 700 of rent on 2026-10-15.
async fn year() -> Company {
    let company = TestApp::company()
        .with_uae_chart()
        .trn("100123456700003")
        .client("Client A")
        .vendor("Vendor B")
        .open()
        .await;
    let parent = company
        .post(
            "/api/v1/accounting/accounts",
            json!({"code": "600000", "name": "Operating expenses", "type": "expense"}),
        )
        .await;
    assert_eq!(parent.status, StatusCode::CREATED, "{:?}", parent.body);
    let rent = company
        .post(
            "/api/v1/accounting/accounts",
            json!({"code": "602500", "name": "Office rent", "type": "expense", "parentId": parent.id()}),
        )
        .await;
    assert_eq!(rent.status, StatusCode::CREATED, "{:?}", rent.body);
    let rent = rent.id();
    company
        .posted_entry("2025-12-20", "101000", "402000", "5000")
        .await;
    company
        .posted_entry("2026-01-05", "101000", "301000", "100000")
        .await;
    company
        .posted_entry("2026-02-01", "150000", "101000", "24000")
        .await;
    post_on(
        &company,
        "2026-03-31",
        rent,
        company.account("101000"),
        "3000",
    )
    .await;
    company
        .posted_entry("2026-04-01", "601000", "205000", "800")
        .await;
    company
        .posted_entry("2026-06-30", "605000", "151000", "1200")
        .await;
    company
        .posted_entry("2026-07-10", "101000", "409000", "300")
        .await;
    let client = company.partner("Client A");
    let vendor = company.partner("Vendor B");
    company.posted_invoice(client, "10000").await;
    company.posted_bill(vendor, "4000").await;
    company.posted_payment("inbound", client, "10500").await;
    company.posted_payment("outbound", vendor, "2000").await;
    post_on(
        &company,
        "2026-10-15",
        rent,
        company.account("101000"),
        "700",
    )
    .await;
    company
}

/// A posted MISC entry moving `amount` from `credit` to `debit` (account ids).
async fn post_on(
    company: &Company,
    date: &str,
    debit: uuid::Uuid,
    credit: uuid::Uuid,
    amount: &str,
) {
    let reply = company
        .post(
            "/api/v1/accounting/journal-entries/batch",
            json!({"entries": [{"journalId": company.journal("MISC"), "date": date,
                "lines": [{"accountId": debit, "debit": amount}, {"accountId": credit, "credit": amount}]}]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
}

fn section<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["sections"]
        .as_array()
        .and_then(|sections| sections.iter().find(|section| section["key"] == key))
        .unwrap_or_else(|| panic!("a section {key} in {report}"))
}

/// `(code or key, level, amount)` of a section's rows.
fn rows(report: &Value, key: &str) -> Vec<(String, u64, String)> {
    section(report, key)["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            (
                row["code"]
                    .as_str()
                    .or(row["key"].as_str())
                    .unwrap_or_default()
                    .to_owned(),
                row["level"].as_u64().unwrap_or(99),
                row["amount"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn row(code: &str, level: u64, amount: &str) -> (String, u64, String) {
    (code.to_owned(), level, amount.to_owned())
}

async fn report(company: &Company, path: &str) -> Value {
    let reply = company.get(path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn a_small_company_year_matches_the_hand_computed_statements() {
    let company = year().await;

    let pl = report(
        &company,
        "/api/v1/accounting/reports/profit-loss?date_from=2026-01-01&date_to=2026-09-30",
    )
    .await;
    assert_eq!(pl["dateFrom"], "2026-01-01");
    assert_eq!(pl["currency"], "AED");
    assert_eq!(rows(&pl, "income"), vec![row("401000", 0, "10000.00")]);
    assert_eq!(
        rows(&pl, "cost_of_revenue"),
        vec![row("501000", 0, "4000.00")]
    );
    // The parent subtotals its child; roots by code.
    assert_eq!(
        rows(&pl, "expenses"),
        vec![
            row("600000", 0, "3000.00"),
            row("602500", 1, "3000.00"),
            row("601000", 0, "800.00"),
        ]
    );
    let expenses = section(&pl, "expenses");
    assert_eq!(expenses["total"], "3800.00");
    assert_eq!(
        expenses["rows"][1]["parentId"],
        expenses["rows"][0]["accountId"]
    );
    assert_eq!(section(&pl, "depreciation")["total"], "1200.00");
    assert_eq!(section(&pl, "other_income")["total"], "300.00");
    assert_eq!(pl["grossProfit"], "6000.00");
    assert_eq!(pl["operatingProfit"], "1000.00");
    assert_eq!(pl["netProfit"], "1300.00");
    assert!(pl.get("compareNetProfit").is_none());

    // As of 2026-09-30: the October rent is not there.
    let bs = report(
        &company,
        "/api/v1/accounting/reports/balance-sheet?as_of=2026-09-30",
    )
    .await;
    assert_eq!(bs["asOf"], "2026-09-30");
    assert_eq!(
        rows(&bs, "current_assets"),
        vec![row("101000", 0, "86800.00"), row("140000", 0, "200.00")]
    );
    assert_eq!(
        rows(&bs, "non_current_assets"),
        vec![row("150000", 0, "24000.00"), row("151000", 0, "-1200.00")]
    );
    assert_eq!(
        rows(&bs, "current_liabilities"),
        vec![row("201000", 0, "2200.00"), row("202000", 0, "500.00")]
    );
    assert_eq!(
        rows(&bs, "non_current_liabilities"),
        vec![row("205000", 0, "800.00")]
    );
    assert_eq!(
        rows(&bs, "equity"),
        vec![
            row("301000", 0, "100000.00"),
            row("current_year_earnings", 0, "1300.00"),
            row("previous_years_earnings", 0, "5000.00"),
        ]
    );
    let earnings = &section(&bs, "equity")["rows"][1];
    assert_eq!(earnings["accountId"], Value::Null);
    assert_eq!(bs["totalAssets"], "109800.00");
    assert_eq!(bs["totalLiabilities"], "3500.00");
    assert_eq!(bs["totalEquity"], "106300.00");
    assert_eq!(bs["currentYearEarnings"], pl["netProfit"]);

    let cf = report(
        &company,
        "/api/v1/accounting/reports/cash-flow?date_from=2026-01-01&date_to=2026-09-30",
    )
    .await;
    assert_eq!(
        rows(&cf, "operating"),
        vec![
            row("net_profit", 0, "1300.00"),
            row("depreciation", 0, "1200.00"),
            row("receivables", 0, "0.00"),
            row("payables", 0, "2200.00"),
            row("other_current_assets", 0, "-200.00"),
            row("other_current_liabilities", 0, "500.00"),
        ]
    );
    assert_eq!(section(&cf, "operating")["total"], "5000.00");
    assert_eq!(
        rows(&cf, "investing"),
        vec![row("fixed_assets", 0, "-24000.00")]
    );
    assert_eq!(
        rows(&cf, "financing"),
        vec![
            row("equity", 0, "100000.00"),
            row("non_current_liabilities", 0, "800.00"),
        ]
    );
    assert_eq!(cf["openingCash"], "5000.00");
    assert_eq!(cf["closingCash"], "86800.00");
    assert_eq!(cf["netChange"], "81800.00");

    // Filters narrow the profit and loss to the lines asked for.
    let by_partner = report(
        &company,
        &format!(
            "/api/v1/accounting/reports/profit-loss?date_from=2026-01-01&date_to=2026-09-30&partner_id={}",
            company.partner("Client A")
        ),
    )
    .await;
    assert_eq!(by_partner["netProfit"], "10000.00");
    let by_journal = report(
        &company,
        &format!(
            "/api/v1/accounting/reports/profit-loss?date_from=2026-01-01&date_to=2026-09-30&journal_id={}",
            company.journal("MISC")
        ),
    )
    .await;
    assert_eq!(by_journal["netProfit"], "-4700.00");
}

#[tokio::test]
async fn comparison_and_period_columns() {
    let company = year().await;
    let pl = report(
        &company,
        "/api/v1/accounting/reports/profit-loss?date_from=2026-01-01&date_to=2026-12-31&compare=previous_year",
    )
    .await;
    assert_eq!(pl["compareFrom"], "2025-01-01");
    assert_eq!(pl["compareTo"], "2025-12-31");
    assert_eq!(pl["netProfit"], "600.00");
    assert_eq!(pl["compareNetProfit"], "5000.00");
    let income = section(&pl, "income");
    assert_eq!(income["total"], "10000.00");
    assert_eq!(income["compareTotal"], "5000.00");
    let sales = income["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["code"] == "402000")
        .expect("last year's sales account shown");
    assert_eq!(sales["amount"], "0.00");
    assert_eq!(sales["compareAmount"], "5000.00");

    // A quarter against the one before it.
    let quarter = report(
        &company,
        "/api/v1/accounting/reports/profit-loss?date_from=2026-07-01&date_to=2026-09-30&compare=previous_period",
    )
    .await;
    assert_eq!(quarter["compareFrom"], "2026-04-01");
    assert_eq!(quarter["compareTo"], "2026-06-30");
    assert_eq!(quarter["netProfit"], "6300.00");
    assert_eq!(quarter["compareNetProfit"], "-2000.00");

    let months = report(
        &company,
        "/api/v1/accounting/reports/profit-loss?date_from=2026-01-01&date_to=2026-09-30&periods=3",
    )
    .await;
    let labels: Vec<&str> = months["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .filter_map(|period| period["label"].as_str())
        .collect();
    assert_eq!(labels, vec!["2026-07", "2026-08", "2026-09"]);
    assert_eq!(months["periods"][2]["dateTo"], "2026-09-30");
    assert_eq!(
        months["netProfitByPeriod"],
        json!(["300.00", "0.00", "6000.00"])
    );
    assert_eq!(months["netProfit"], "1300.00");
    let quarters = report(
        &company,
        "/api/v1/accounting/reports/profit-loss?date_to=2026-09-30&periods=3&period_type=quarter",
    )
    .await;
    assert_eq!(quarters["dateFrom"], "2026-01-01");
    assert_eq!(
        quarters["netProfitByPeriod"],
        json!(["-3000.00", "-2000.00", "6300.00"])
    );
    assert_eq!(
        section(&quarters, "expenses")["totalByPeriod"],
        json!(["3000.00", "800.00", "0.00"])
    );

    let bs = report(
        &company,
        "/api/v1/accounting/reports/balance-sheet?as_of=2026-12-31&compare=previous_year",
    )
    .await;
    assert_eq!(bs["compareAsOf"], "2025-12-31");
    assert_eq!(bs["totalAssets"], "109100.00");
    assert_eq!(bs["compareTotalAssets"], "5000.00");
    assert_eq!(bs["currentYearEarnings"], "600.00");
    assert_eq!(bs["compareCurrentYearEarnings"], "5000.00");
    let quarter_ends = report(
        &company,
        "/api/v1/accounting/reports/balance-sheet?as_of=2026-09-30&periods=2&period_type=quarter",
    )
    .await;
    assert_eq!(
        quarter_ends["totalAssetsByPeriod"],
        json!(["100800.00", "109800.00"])
    );

    let cf = report(
        &company,
        "/api/v1/accounting/reports/cash-flow?date_to=2026-09-30&periods=3&period_type=quarter",
    )
    .await;
    assert_eq!(
        cf["netChangeByPeriod"],
        json!(["73000.00", "0.00", "8800.00"])
    );
    assert_eq!(
        cf["openingCashByPeriod"],
        json!(["5000.00", "78000.00", "78000.00"])
    );
}

#[tokio::test]
async fn csv_and_xlsx_hold_the_json_rows() {
    let company = year().await;
    let base = "/api/v1/accounting/reports/profit-loss?date_from=2026-01-01&date_to=2026-09-30";
    let json = report(&company, base).await;
    let mut expected: Vec<(String, String, String)> = Vec::new();
    for section in json["sections"].as_array().expect("sections") {
        for row in section["rows"].as_array().expect("rows") {
            expected.push((
                section["key"].as_str().unwrap_or_default().to_owned(),
                row["name"].as_str().unwrap_or_default().to_owned(),
                row["amount"].as_str().unwrap_or_default().to_owned(),
            ));
        }
    }

    let csv = company.get(&format!("{base}&format=csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        csv.header("content-disposition"),
        "attachment; filename=\"profit-loss_2026-01-01_2026-09-30.csv\""
    );
    let table = parse_csv(&String::from_utf8(csv.raw.clone()).expect("UTF-8"));
    assert_eq!(
        table[0],
        vec![
            "section",
            "accountId",
            "key",
            "code",
            "name",
            "parentId",
            "level",
            "amount"
        ]
    );
    let body: Vec<(String, String, String)> = table[1..table.len() - 1]
        .iter()
        .map(|row| (row[0].clone(), row[4].clone(), row[7].clone()))
        .collect();
    assert_eq!(body, expected);
    let last = table.last().expect("a total row");
    assert_eq!(last[0], "Total");
    assert_eq!(last[7], "1300.00");

    let xlsx = company.get(&format!("{base}&format=xlsx")).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(
        xlsx.header("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(xlsx.header("content-disposition").ends_with(".xlsx\""));
    let sheet = parse_xlsx(&xlsx.raw);
    assert_eq!(sheet[0], table[0]);
    assert_eq!(sheet.len(), table.len());
    for (cells, (section, name, amount)) in sheet[1..].iter().zip(&expected) {
        assert_eq!(&cells[0], section);
        assert_eq!(&cells[4], name);
        assert!(
            (number(&cells[7]) - number(amount)).abs() < 1e-9,
            "{cells:?}"
        );
    }
    let last = sheet.last().expect("a total row");
    assert_eq!(last[0], "Total");
    assert!((number(&last[7]) - 1300.0).abs() < 1e-9);

    // Period columns become one column each; the balance sheet file is named by its date.
    let periods = company
        .get("/api/v1/accounting/reports/balance-sheet?as_of=2026-09-30&periods=2&format=csv")
        .await;
    assert_eq!(
        periods.header("content-disposition"),
        "attachment; filename=\"balance-sheet_2026-09-30.csv\""
    );
    let table = parse_csv(&String::from_utf8(periods.raw.clone()).expect("UTF-8"));
    assert_eq!(
        &table[0][7..],
        &["amount", "amountByPeriod.2026-08", "amountByPeriod.2026-09"]
    );
    let total = table.last().expect("a total row");
    assert_eq!(&total[7..], &["109800.00", "101100.00", "109800.00"]);
}

#[tokio::test]
async fn three_decimal_currencies_keep_their_fils() {
    let company = TestApp::company()
        .currency("KWD")
        .with_uae_chart()
        .open()
        .await;
    company
        .posted_entry("2026-01-05", "101000", "301000", "1000.500")
        .await;
    company
        .posted_entry("2026-02-05", "101000", "401000", "12.345")
        .await;
    let pl = report(
        &company,
        "/api/v1/accounting/reports/profit-loss?date_from=2026-01-01&date_to=2026-12-31",
    )
    .await;
    assert_eq!(pl["currency"], "KWD");
    assert_eq!(pl["netProfit"], "12.345");
    let bs = report(
        &company,
        "/api/v1/accounting/reports/balance-sheet?as_of=2026-12-31",
    )
    .await;
    assert_eq!(bs["totalAssets"], "1012.845");
    assert_eq!(bs["totalEquity"], "1012.845");
    let xlsx = company
        .get("/api/v1/accounting/reports/balance-sheet?as_of=2026-12-31&format=xlsx")
        .await;
    let sheet = parse_xlsx(&xlsx.raw);
    assert!((number(&sheet.last().expect("total")[7]) - 1012.845).abs() < 1e-9);
}

#[tokio::test]
async fn bad_parameters_are_refused_and_companies_see_only_their_books() {
    let company = year().await;
    for (query, field) in [
        ("profit-loss?date_from=2026-13-01", "date_from"),
        (
            "profit-loss?date_from=2026-05-01&date_to=2026-04-01",
            "date_from",
        ),
        ("profit-loss?compare=last_week", "compare"),
        ("profit-loss?periods=25", "periods"),
        ("profit-loss?periods=0", "periods"),
        ("profit-loss?periods=3&period_type=week", "period_type"),
        ("profit-loss?period_type=month", "period_type"),
        ("profit-loss?compare=previous_year&periods=2", "compare"),
        ("profit-loss?format=pdf", "format"),
        ("profit-loss?journal_id=nope", "journal_id"),
        ("balance-sheet?as_of=yesterday", "as_of"),
        ("cash-flow?date_to=2026-02-30", "date_to"),
    ] {
        let reply = company
            .get(&format!("/api/v1/accounting/reports/{query}"))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            reply.body["errors"][0]["field"], field,
            "{query}: {:?}",
            reply.body
        );
    }
    // A parameter a report does not take.
    let reply = company
        .get("/api/v1/accounting/reports/cash-flow?partner_id=00000000-0000-0000-0000-000000000000")
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.code(), "invalid_query");

    // Another company of the same owner: its own (empty) books only.
    let other = company.another_company("Other LLC").await;
    let reply = company
        .app
        .get(
            "/api/v1/accounting/reports/balance-sheet?as_of=2026-12-31",
            &company.token,
            Some(other),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["totalAssets"], "0.00");

    // Every member reads; nobody else.
    let (_, viewer) = company.member("viewer@example.com", "viewer").await;
    let reply = company
        .app
        .get(
            "/api/v1/accounting/reports/profit-loss?date_from=2026-01-01&date_to=2026-09-30",
            &viewer,
            Some(company.id),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["netProfit"], "1300.00");
    let reply = company
        .app
        .call(
            axum::http::Method::GET,
            "/api/v1/accounting/reports/profit-loss",
            None,
            Some(company.id),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

/// A small deterministic generator (the tests must not depend on a seed source).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

fn minor(text: &str) -> i64 {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "00"));
    let negative = whole.starts_with('-');
    let value = whole.trim_start_matches('-').parse::<i64>().expect("whole") * 100
        + fraction.parse::<i64>().expect("fraction");
    if negative { -value } else { value }
}

#[tokio::test]
async fn the_statements_agree_on_generated_ledgers() {
    // Accounts that need no partner, of every section.
    const CODES: &[&str] = &[
        "101000", "101100", "110100", "120000", "130000", "140000", "150000", "151000", "202000",
        "203000", "205000", "301000", "302000", "401000", "402000", "409000", "501000", "601000",
        "605000",
    ];
    for seed in [7_u64, 2026] {
        let company = TestApp::company().with_uae_chart().open().await;
        let mut random = Lcg(seed);
        let mut entries = Vec::new();
        for _ in 0..60 {
            let debit = CODES[random.next(CODES.len() as u64) as usize];
            let mut credit = CODES[random.next(CODES.len() as u64) as usize];
            if credit == debit {
                credit = if debit == "101000" {
                    "301000"
                } else {
                    "101000"
                };
            }
            let day = random.next(700);
            let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("a day")
                + chrono::Duration::days(i64::try_from(day).expect("days"));
            let amount = format!("{}.{:02}", 1 + random.next(5000), random.next(100));
            entries.push(json!({"journalId": company.journal("MISC"),
                "date": date.format("%Y-%m-%d").to_string(),
                "lines": [{"accountId": company.account(debit), "debit": amount},
                          {"accountId": company.account(credit), "credit": amount}]}));
        }
        let reply = company
            .post(
                "/api/v1/accounting/journal-entries/batch",
                json!({ "entries": entries }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        for as_of in [
            "2025-03-31",
            "2025-12-31",
            "2026-01-01",
            "2026-06-15",
            "2026-11-30",
        ] {
            let bs = report(
                &company,
                &format!("/api/v1/accounting/reports/balance-sheet?as_of={as_of}"),
            )
            .await;
            assert_eq!(
                minor(bs["totalAssets"].as_str().expect("assets")),
                minor(bs["totalLiabilities"].as_str().expect("liabilities"))
                    + minor(bs["totalEquity"].as_str().expect("equity")),
                "seed {seed} as of {as_of}: {bs}"
            );
            let year_start = if as_of.starts_with("2025") {
                "2025-01-01"
            } else {
                "2026-01-01"
            };
            let pl = report(
                &company,
                &format!(
                    "/api/v1/accounting/reports/profit-loss?date_from={year_start}&date_to={as_of}"
                ),
            )
            .await;
            assert_eq!(
                bs["currentYearEarnings"], pl["netProfit"],
                "seed {seed} {as_of}"
            );
            let cf = report(
                &company,
                &format!(
                    "/api/v1/accounting/reports/cash-flow?date_from={year_start}&date_to={as_of}"
                ),
            )
            .await;
            let sections: i64 = cf["sections"]
                .as_array()
                .expect("sections")
                .iter()
                .map(|section| minor(section["total"].as_str().expect("total")))
                .sum();
            assert_eq!(
                sections,
                minor(cf["netChange"].as_str().expect("net change")),
                "seed {seed} {as_of}: {cf}"
            );
            assert_eq!(
                minor(cf["netChange"].as_str().expect("net")),
                minor(cf["closingCash"].as_str().expect("closing"))
                    - minor(cf["openingCash"].as_str().expect("opening"))
            );
            assert_eq!(
                section(&cf, "operating")["rows"][0]["amount"],
                pl["netProfit"]
            );
            // Revenue from the kept months (and the lines around them) equals revenue from
            // the lines alone (a journal filter reads only lines; every entry is MISC's).
            let revenue = format!(
                "/api/v1/accounting/reports/revenue-by-client?date_from={year_start}&date_to={as_of}"
            );
            let kept = report(&company, &revenue).await;
            let from_lines = report(
                &company,
                &format!("{revenue}&journal_id={}", company.journal("MISC")),
            )
            .await;
            assert_eq!(kept["totals"], from_lines["totals"], "seed {seed} {as_of}");
            assert_eq!(kept["data"], from_lines["data"], "seed {seed} {as_of}");
        }
        assert!(
            arkan_ledger::books::revenue_months_match_lines(
                company.app.platform.db.connection(),
                arkan_kernel::CompanyId(company.id)
            )
            .await
            .expect("the kept revenue months")
        );
    }
}

#[tokio::test]
async fn a_year_end_close_moves_earnings_without_changing_the_statements() {
    let company = year().await;
    let years = report(&company, "/api/v1/accounting/fiscal-years").await;
    let last_year = years["data"]
        .as_array()
        .expect("years")
        .iter()
        .find(|year| year["dateFrom"] == "2025-01-01")
        .and_then(|year| year["id"].as_str())
        .expect("the 2025 fiscal year, opened by its first posting")
        .to_owned();
    let closed = company
        .post(
            &format!("/api/v1/accounting/fiscal-years/{last_year}/close"),
            json!({"retainedEarningsAccountId": company.account("302000")}),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    // Only reopening takes a closing entry back.
    let by_hand = company
        .post(
            &format!(
                "/api/v1/accounting/journal-entries/{}/reverse",
                closed.body["closingEntryId"]
                    .as_str()
                    .expect("a closing entry")
            ),
            json!({"date": "2026-01-05"}),
        )
        .await;
    assert_eq!(by_hand.status, StatusCode::CONFLICT);
    assert_eq!(by_hand.code(), "journal_entry_is_closing");

    // Profit and loss and cash flow leave the closing entry out.
    let pl = report(
        &company,
        "/api/v1/accounting/reports/profit-loss?date_from=2025-01-01&date_to=2025-12-31",
    )
    .await;
    assert_eq!(pl["netProfit"], "5000.00");
    let cf = report(
        &company,
        "/api/v1/accounting/reports/cash-flow?date_from=2025-01-01&date_to=2025-12-31",
    )
    .await;
    assert_eq!(
        rows(&cf, "financing"),
        vec![
            row("equity", 0, "0.00"),
            row("non_current_liabilities", 0, "0.00"),
        ]
    );
    assert_eq!(cf["netChange"], "5000.00");

    // The balance sheet shows the closed year in retained earnings, once.
    let at_year_end = report(
        &company,
        "/api/v1/accounting/reports/balance-sheet?as_of=2025-12-31",
    )
    .await;
    assert_eq!(
        rows(&at_year_end, "equity"),
        vec![
            row("302000", 0, "5000.00"),
            row("current_year_earnings", 0, "0.00"),
            row("previous_years_earnings", 0, "0.00"),
        ]
    );
    assert_eq!(at_year_end["totalAssets"], at_year_end["totalEquity"]);
    let later = report(
        &company,
        "/api/v1/accounting/reports/balance-sheet?as_of=2026-09-30",
    )
    .await;
    assert_eq!(
        rows(&later, "equity"),
        vec![
            row("301000", 0, "100000.00"),
            row("302000", 0, "5000.00"),
            row("current_year_earnings", 0, "1300.00"),
            row("previous_years_earnings", 0, "0.00"),
        ]
    );
    assert_eq!(later["totalEquity"], "106300.00");
    assert_eq!(later["totalAssets"], "109800.00");

    // Reopened, the earnings are earlier years' again.
    let reopened = company
        .post(
            &format!("/api/v1/accounting/fiscal-years/{last_year}/reopen"),
            json!({}),
        )
        .await;
    assert_eq!(reopened.status, StatusCode::OK, "{:?}", reopened.body);
    let again = report(
        &company,
        "/api/v1/accounting/reports/balance-sheet?as_of=2026-09-30",
    )
    .await;
    assert_eq!(
        rows(&again, "equity"),
        vec![
            row("301000", 0, "100000.00"),
            row("current_year_earnings", 0, "1300.00"),
            row("previous_years_earnings", 0, "5000.00"),
        ]
    );
    let pl = report(
        &company,
        "/api/v1/accounting/reports/profit-loss?date_from=2025-01-01&date_to=2025-12-31",
    )
    .await;
    assert_eq!(pl["netProfit"], "5000.00");
}
