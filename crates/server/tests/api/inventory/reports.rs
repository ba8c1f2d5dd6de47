//! Inventory reports (shapes-modules §6 "Reports"): turnover, ABC, aging, dead stock and the
//! demand forecast, with figures computed by hand.

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use chrono::{Datelike, Months, NaiveDate};
use serde_json::{Value, json};

use super::{MOVES, PRODUCTS, create, id_of, places};

const REPORTS: &str = "/api/v1/inventory/reports";

/// A company on the UAE chart (AED) with a FIFO category: `(company, category, stock,
/// vendors, customers)`.
async fn fifo_company() -> (Company, String, String, String, String) {
    let company = TestApp::company().with_uae_chart().open().await;
    let category = create(
        &company,
        "/api/v1/inventory/categories",
        json!({"name": "Fifo goods", "costingMethod": "fifo"}),
    )
    .await;
    let (stock, vendors, customers) = places(&company).await;
    (company, id_of(&category), stock, vendors, customers)
}

async fn product(company: &Company, category: &str, name: &str, sku: &str) -> String {
    let product = create(
        company,
        PRODUCTS,
        json!({"name": name, "sku": sku, "type": "storable", "uom": "unit",
               "categoryId": category, "cost": "0"}),
    )
    .await;
    id_of(&product)
}

/// A done move of `quantity` on `date` (at `cost` when given).
async fn shift(
    company: &Company,
    product: &str,
    (source, destination): (&str, &str),
    quantity: &str,
    date: &str,
    cost: Option<&str>,
) {
    let mut body = json!({"productId": product, "quantity": quantity,
        "sourceLocationId": source, "destinationLocationId": destination,
        "date": date, "validate": true});
    if let Some(cost) = cost {
        body["unitCost"] = json!(cost);
    }
    let reply = company.post(MOVES, body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    assert_eq!(reply.body["state"], "done");
}

async fn report(company: &Company, path: &str) -> Value {
    let reply = company.get(&format!("{REPORTS}/{path}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    reply.body
}

fn row<'a>(report: &'a Value, product: &str) -> &'a Value {
    report["data"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["productId"] == product)
        .expect("the product's row")
}

/// Copper (P), brass (Q), steel (R) and an idle product (S):
/// - P: +10 @ 10 on 01-10, −4 to a customer on 01-20 (40), +10 @ 20 on 02-05, −8 on 02-15
///   (FIFO 6 @ 10 + 2 @ 20 = 100), +2 @ 20 on 03-20.
/// - Q: +10 @ 5 on 01-10, −2 on 02-10 (10).
/// - R: +5 @ 100 on 01-05, −1 on 01-25 (100).
struct Shop {
    company: Company,
    category: String,
    p: String,
    q: String,
    r: String,
    s: String,
}

async fn shop() -> Shop {
    let (company, category, stock, vendors, customers) = fifo_company().await;
    let p = product(&company, &category, "Copper cable", "CU-1").await;
    let q = product(&company, &category, "Brass fitting", "BR-1").await;
    let r = product(&company, &category, "Steel pipe", "ST-1").await;
    let s = product(&company, &category, "Zinc plate", "ZN-1").await;
    let receive = (vendors.as_str(), stock.as_str());
    let issue = (stock.as_str(), customers.as_str());
    shift(&company, &r, receive, "5", "2026-01-05", Some("100")).await;
    shift(&company, &p, receive, "10", "2026-01-10", Some("10")).await;
    shift(&company, &q, receive, "10", "2026-01-10", Some("5")).await;
    shift(&company, &p, issue, "4", "2026-01-20", None).await;
    shift(&company, &r, issue, "1", "2026-01-25", None).await;
    shift(&company, &p, receive, "10", "2026-02-05", Some("20")).await;
    shift(&company, &q, issue, "2", "2026-02-10", None).await;
    shift(&company, &p, issue, "8", "2026-02-15", None).await;
    shift(&company, &p, receive, "2", "2026-03-20", Some("20")).await;
    Shop {
        company,
        category,
        p,
        q,
        r,
        s,
    }
}

#[tokio::test]
async fn turnover_abc_aging_and_dead_stock_follow_the_layers() {
    let shop = shop().await;
    let company = &shop.company;

    // February, copper: opening 6 @ 10 = 60, closing 8 @ 20 = 160, cogs 100, average 110,
    // turnover 100 / 110 = 0.909 -> 0.91, days 28 × 110 / 100 = 30.8.
    let feb = report(
        company,
        &format!(
            "turnover?date_from=2026-02-01&date_to=2026-02-28&product_id={}",
            shop.p
        ),
    )
    .await;
    assert_eq!(feb["dateFrom"], "2026-02-01");
    assert_eq!(feb["dateTo"], "2026-02-28");
    assert_eq!(feb["currency"], "AED");
    let copper = row(&feb, &shop.p);
    assert_eq!(copper["name"], "Copper cable");
    assert_eq!(copper["cogs"], "100.00");
    assert_eq!(copper["openingValue"], "60.00");
    assert_eq!(copper["closingValue"], "160.00");
    assert_eq!(copper["averageValue"], "110.00");
    assert_eq!(copper["turnover"], "0.91");
    assert_eq!(copper["daysOfInventory"], "30.8");
    assert_eq!(feb["totals"]["cogs"], "100.00");

    // January and February: opening 0, closing 160, cogs 140, average 80, turnover 1.75,
    // days 59 / 1.75 = 33.714 -> 33.71.
    let two = report(
        company,
        &format!(
            "turnover?date_from=2026-01-01&date_to=2026-02-28&product_id={}",
            shop.p
        ),
    )
    .await;
    let copper = row(&two, &shop.p);
    assert_eq!(copper["openingValue"], "0.00");
    assert_eq!(copper["cogs"], "140.00");
    assert_eq!(copper["averageValue"], "80.00");
    assert_eq!(copper["turnover"], "1.75");
    assert_eq!(copper["daysOfInventory"], "33.71");

    // By category, February: cogs 100 + 10 = 110; opening 60 + 50 + 400 = 510, closing
    // 160 + 40 + 400 = 600, average 555, turnover 220 / 1110 = 0.198 -> 0.2, days
    // 28 × 555 / 110 = 141.27.
    let by_category = report(
        company,
        "turnover?date_from=2026-02-01&date_to=2026-02-28&group_by=category",
    )
    .await;
    let rows = by_category["data"].as_array().expect("rows");
    assert_eq!(rows.len(), 1, "{by_category:?}");
    assert_eq!(rows[0]["categoryId"], json!(shop.category));
    assert!(rows[0].get("productId").is_none());
    assert_eq!(rows[0]["cogs"], "110.00");
    assert_eq!(rows[0]["openingValue"], "510.00");
    assert_eq!(rows[0]["closingValue"], "600.00");
    assert_eq!(rows[0]["averageValue"], "555.00");
    assert_eq!(rows[0]["turnover"], "0.2");
    assert_eq!(rows[0]["daysOfInventory"], "141.27");

    // Nothing sold in March by steel: turnover 0, no days of inventory.
    let march = report(
        company,
        &format!(
            "turnover?date_from=2026-03-01&date_to=2026-03-31&product_id={}",
            shop.r
        ),
    )
    .await;
    assert_eq!(row(&march, &shop.r)["turnover"], "0");
    assert_eq!(row(&march, &shop.r)["daysOfInventory"], Value::Null);

    // ABC, January-February, a = 50, b = 90: copper 140 (56%), steel 100 (40%, 96%), brass
    // 10 (4%, 100%), zinc nothing. Copper is A, steel B (56% before it), brass C (96% before).
    let abc = report(
        company,
        "abc?date_from=2026-01-01&date_to=2026-02-28&a=50&b=90",
    )
    .await;
    assert_eq!(abc["thresholds"], json!({"a": "50", "b": "90"}));
    let ids: Vec<&Value> = abc["data"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| &row["productId"])
        .collect();
    assert_eq!(
        ids,
        [
            &json!(shop.p),
            &json!(shop.r),
            &json!(shop.q),
            &json!(shop.s)
        ]
    );
    let class = |id: &str| row(&abc, id)["class"].clone();
    assert_eq!(class(&shop.p), "A");
    assert_eq!(class(&shop.r), "B");
    assert_eq!(class(&shop.q), "C");
    assert_eq!(class(&shop.s), "C");
    assert_eq!(row(&abc, &shop.p)["quantity"], "12");
    assert_eq!(row(&abc, &shop.p)["value"], "140.00");
    assert_eq!(row(&abc, &shop.p)["share"], "56");
    assert_eq!(row(&abc, &shop.r)["cumulativeShare"], "96");
    assert_eq!(row(&abc, &shop.q)["share"], "4");
    assert_eq!(row(&abc, &shop.s)["value"], "0.00");
    assert_eq!(row(&abc, &shop.s)["cumulativeShare"], "100");
    assert_eq!(
        abc["summary"],
        json!([
            {"class": "A", "productCount": 1, "value": "140.00", "share": "56"},
            {"class": "B", "productCount": 1, "value": "100.00", "share": "40"},
            {"class": "C", "productCount": 2, "value": "10.00", "share": "4"},
        ])
    );
    assert_eq!(abc["totals"]["value"], "250.00");
    // The defaults (80, 95): steel's 56% before it is under 80, so it is A too; brass's 96%
    // before it is not under 95: C.
    let defaults = report(company, "abc?date_from=2026-01-01&date_to=2026-02-28").await;
    assert_eq!(defaults["thresholds"], json!({"a": "80", "b": "95"}));
    assert_eq!(row(&defaults, &shop.r)["class"], "A");
    assert_eq!(row(&defaults, &shop.q)["class"], "C");

    // Aging on 03-31: copper's 10 are the newest receipts, 2 of 03-20 (11 days) and 8 of
    // 02-05 (54 days); brass 8 of 01-10 (80 days); steel 4 of 01-05 (85 days).
    let aging = report(company, "aging?as_of=2026-03-31").await;
    assert_eq!(aging["asOf"], "2026-03-31");
    let copper = row(&aging, &shop.p);
    assert_eq!(copper["quantity"], "10");
    assert_eq!(copper["value"], "200.00");
    assert_eq!(copper["uom"], "unit");
    assert_eq!(copper["days0To30"], "2");
    assert_eq!(copper["days31To60"], "8");
    assert_eq!(copper["days61To90"], "0");
    assert_eq!(copper["days180Plus"], "0");
    assert_eq!(copper["oldestReceiptDate"], "2026-02-05");
    assert_eq!(row(&aging, &shop.q)["days61To90"], "8");
    assert_eq!(row(&aging, &shop.r)["days61To90"], "4");
    assert_eq!(row(&aging, &shop.r)["oldestReceiptDate"], "2026-01-05");
    assert_eq!(aging["data"].as_array().expect("rows").len(), 3);
    assert_eq!(aging["totals"]["value"], "640.00");
    // A year later everything is over 180 days old.
    let later = report(
        company,
        &format!("aging?as_of=2026-11-30&product_id={}", shop.p),
    )
    .await;
    assert_eq!(row(&later, &shop.p)["days180Plus"], "10");

    // Dead stock on 03-31 over 45 days: copper went out 44 days before (alive), brass 49,
    // steel 65; zinc has no stock.
    let dead = report(company, "dead-stock?as_of=2026-03-31&days=45").await;
    let rows = dead["data"].as_array().expect("rows");
    assert_eq!(rows.len(), 2, "{dead:?}");
    assert_eq!(rows[0]["productId"], json!(shop.q));
    assert_eq!(rows[0]["lastOutgoingDate"], "2026-02-10");
    assert_eq!(rows[0]["daysSinceLastOutgoing"], 49);
    assert_eq!(rows[0]["quantity"], "8");
    assert_eq!(rows[0]["value"], "40.00");
    assert_eq!(rows[1]["productId"], json!(shop.r));
    assert_eq!(rows[1]["daysSinceLastOutgoing"], 65);
    assert_eq!(dead["totals"]["value"], "440.00");
    let dead = report(company, "dead-stock?as_of=2026-03-31&days=50").await;
    assert_eq!(dead["data"].as_array().expect("rows").len(), 1);
    // Before anything went out of steel: never, null dates.
    let early = report(company, "dead-stock?as_of=2026-01-06").await;
    assert_eq!(row(&early, &shop.r)["lastOutgoingDate"], Value::Null);
    assert_eq!(row(&early, &shop.r)["daysSinceLastOutgoing"], Value::Null);
}

#[tokio::test]
async fn a_report_as_csv_has_the_json_fields_and_a_total_row() {
    let shop = shop().await;
    let file = shop
        .company
        .get(&format!(
            "{REPORTS}/turnover?date_from=2026-02-01&date_to=2026-02-28&product_id={}&format=csv",
            shop.p
        ))
        .await;
    assert_eq!(file.status, StatusCode::OK);
    let disposition = file.headers["content-disposition"]
        .to_str()
        .expect("a header");
    assert!(
        disposition.contains("inventory-turnover_2026-02-01_2026-02-28.csv"),
        "{disposition}"
    );
    let text = String::from_utf8(file.raw).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "productId,name,cogs,openingValue,closingValue,averageValue,turnover,daysOfInventory"
    );
    assert_eq!(
        lines[1],
        format!(
            "{},Copper cable,100.00,60.00,160.00,110.00,0.91,30.8",
            shop.p
        )
    );
    assert_eq!(lines[2], "Total,,100.00,60.00,160.00,110.00,0.91,30.8");

    let file = shop
        .company
        .get(&format!("{REPORTS}/aging?as_of=2026-03-31&format=csv"))
        .await;
    let disposition = file.headers["content-disposition"]
        .to_str()
        .expect("a header");
    assert!(
        disposition.contains("inventory-aging_2026-03-31.csv"),
        "{disposition}"
    );
    let text = String::from_utf8(file.raw).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "productId,sku,name,uom,quantity,value,days0To30,days31To60,days61To90,days91To180,days180Plus,oldestReceiptDate"
    );
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(lines[4], "Total,,,,,640.00,,,,,,");

    let xlsx = shop
        .company
        .get(&format!("{REPORTS}/abc?format=xlsx"))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.raw.starts_with(b"PK"));
}

/// The first day of the month `back` months before the current one, and its `2026-03` text.
fn month(back: u32) -> (NaiveDate, String) {
    let today = chrono::Utc::now().date_naive();
    let first = today
        .with_day(1)
        .expect("a first day")
        .checked_sub_months(Months::new(back))
        .expect("a month");
    (first, format!("{:04}-{:02}", first.year(), first.month()))
}

fn quantities(months: &Value) -> Vec<(String, String)> {
    months
        .as_array()
        .expect("months")
        .iter()
        .map(|month| {
            (
                month["month"].as_str().expect("a month").to_owned(),
                month["quantity"].as_str().expect("a quantity").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_forecast_follows_both_methods_on_a_known_history() {
    let (company, category, stock, vendors, customers) = fifo_company().await;
    let item = product(&company, &category, "Copper cable", "CU-1").await;
    let day = |back: u32, day: u32| {
        month(back)
            .0
            .with_day(day)
            .expect("a day")
            .format("%Y-%m-%d")
            .to_string()
    };
    shift(
        &company,
        &item,
        (&vendors, &stock),
        "100",
        &day(4, 1),
        Some("10"),
    )
    .await;
    // 10, 20 and 30 went to customers in the last three full months.
    shift(
        &company,
        &item,
        (&stock, &customers),
        "10",
        &day(3, 5),
        None,
    )
    .await;
    shift(
        &company,
        &item,
        (&stock, &customers),
        "20",
        &day(2, 5),
        None,
    )
    .await;
    shift(
        &company,
        &item,
        (&stock, &customers),
        "30",
        &day(1, 5),
        None,
    )
    .await;
    let ahead: Vec<String> = (0..3)
        .map(|step| {
            let (first, _) = month(0);
            let next = first
                .checked_add_months(Months::new(step))
                .expect("a month");
            format!("{:04}-{:02}", next.year(), next.month())
        })
        .collect();
    let expected = |values: [&str; 3]| -> Vec<(String, String)> {
        ahead
            .iter()
            .cloned()
            .zip(values.map(String::from))
            .collect()
    };

    // Moving average of the 3 months: 20 a month; available 40, so 60 - 40 = 20 to order.
    let average = report(
        &company,
        "forecast?history_months=4&horizon_months=3&window=3",
    )
    .await;
    assert_eq!(average["method"], "moving_average");
    let row = row(&average, &item);
    assert_eq!(
        quantities(&row["history"]),
        vec![
            (month(4).1, "0".to_owned()),
            (month(3).1, "10".to_owned()),
            (month(2).1, "20".to_owned()),
            (month(1).1, "30".to_owned()),
        ]
    );
    assert_eq!(quantities(&row["forecast"]), expected(["20", "20", "20"]));
    assert_eq!(row["available"], "40");
    assert_eq!(row["incoming"], "0");
    assert_eq!(row["suggestedOrderQuantity"], "20");
    // The last 2 months: 25 a month, 75 - 40 = 35.
    let two = report(&company, "forecast?history_months=3&window=2").await;
    let row2 = super::reports::row(&two, &item);
    assert_eq!(quantities(&row2["forecast"]), expected(["25", "25", "25"]));
    assert_eq!(row2["suggestedOrderQuantity"], "35");

    // Holt with α = β = 0.5 on 10, 20, 30: level 30, trend 10 -> 40, 50, 60; 150 - 40 = 110.
    let holt = report(
        &company,
        "forecast?history_months=3&method=exponential_smoothing&alpha=0.5&beta=0.5",
    )
    .await;
    assert_eq!(holt["method"], "exponential_smoothing");
    let row3 = super::reports::row(&holt, &item);
    assert_eq!(quantities(&row3["forecast"]), expected(["40", "50", "60"]));
    assert_eq!(row3["suggestedOrderQuantity"], "110");

    // As CSV: a column per month.
    let file = company
        .get(&format!("{REPORTS}/forecast?history_months=3&format=csv"))
        .await;
    let text = String::from_utf8(file.raw).expect("UTF-8");
    let header = text.lines().next().expect("a header");
    assert_eq!(
        header,
        format!(
            "productId,sku,name,uom,history {},history {},history {},forecast {},forecast {},forecast {},available,incoming,suggestedOrderQuantity",
            month(3).1,
            month(2).1,
            month(1).1,
            ahead[0],
            ahead[1],
            ahead[2]
        )
    );
    assert!(text.lines().last().expect("a total").starts_with("Total,"));
}

#[tokio::test]
async fn bad_parameters_name_their_field_and_a_viewer_reads() {
    let (company, _, _, _, _) = fifo_company().await;
    let other = TestApp::company().open().await;
    let warehouses = other.get("/api/v1/inventory/warehouses").await;
    let foreign = warehouses.body["data"][0]["id"]
        .as_str()
        .expect("a warehouse")
        .to_owned();
    for (query, field) in [
        ("abc?a=95&b=80", "b"),
        ("abc?a=0", "a"),
        ("abc?b=101", "b"),
        ("abc?a=8.005", "a"),
        ("turnover?group_by=brand", "group_by"),
        (
            "turnover?date_from=2026-03-01&date_to=2026-02-01",
            "date_to",
        ),
        ("forecast?method=foo", "method"),
        ("forecast?history_months=0", "history_months"),
        ("forecast?history_months=61", "history_months"),
        ("forecast?horizon_months=25", "horizon_months"),
        ("forecast?history_months=3&window=4", "window"),
        ("forecast?alpha=0", "alpha"),
        ("forecast?beta=1.5", "beta"),
        ("aging?as_of=nope", "as_of"),
        ("dead-stock?days=0", "days"),
        ("dead-stock?format=pdf", "format"),
        (&format!("aging?warehouse_id={foreign}"), "warehouse_id"),
    ] {
        let reply = company.get(&format!("{REPORTS}/{query}")).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{query}: {:?}",
            reply.body
        );
        assert_eq!(reply.body["errors"][0]["field"], field, "{query}");
    }

    let (_, token) = company.member("viewer@example.com", "viewer").await;
    for report in ["turnover", "abc", "aging", "dead-stock", "forecast"] {
        let reply = company
            .app
            .get(&format!("{REPORTS}/{report}"), &token, Some(company.id))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{report}: {:?}", reply.body);
        assert_eq!(reply.body["currency"], "AED");
    }
}
