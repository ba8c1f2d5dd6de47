//! Stock valuation (Order 12): layers and entries by costing method, the valuation report
//! against the stock valuation account, standard cost variances and revaluation.

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Query};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{MOVES, PRODUCTS, SETTINGS, create, id_of, levels_match_moves, places};

pub const VALUATION: &str = "/api/v1/inventory/valuation";

/// A company on the UAE chart in `currency`, and a storable product of a category costed by
/// `method` at `cost`: `(company, product, stock, vendors, customers)`.
pub async fn costed(
    currency: &str,
    method: &str,
    cost: &str,
) -> (Company, String, String, String, String) {
    let company = TestApp::company()
        .currency(currency)
        .with_uae_chart()
        .open()
        .await;
    let category = create(
        &company,
        "/api/v1/inventory/categories",
        json!({"name": format!("{method} goods"), "costingMethod": method}),
    )
    .await;
    let product = create(
        &company,
        PRODUCTS,
        json!({"name": "Copper cable", "sku": "CU-1", "type": "storable", "uom": "unit",
               "categoryId": id_of(&category), "cost": cost, "weight": "2", "volume": "0.5"}),
    )
    .await;
    let (stock, vendors, customers) = places(&company).await;
    (company, id_of(&product), stock, vendors, customers)
}

/// A done move of `quantity` from `source` to `destination` (at `cost` when given).
pub async fn move_stock(
    company: &Company,
    product: &str,
    (source, destination): (&str, &str),
    quantity: &str,
    cost: Option<&str>,
) -> Value {
    let mut body = json!({"productId": product, "quantity": quantity,
        "sourceLocationId": source, "destinationLocationId": destination,
        "date": "2026-03-10", "validate": true});
    if let Some(cost) = cost {
        body["unitCost"] = json!(cost);
    }
    let reply = company.post(MOVES, body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    assert_eq!(reply.body["state"], "done");
    reply.body
}

/// The balance of the chart account `code` now.
pub async fn balance(company: &Company, code: &str) -> String {
    let account = company
        .get(&format!(
            "/api/v1/accounting/accounts/{}",
            company.account(code)
        ))
        .await;
    assert_eq!(account.status, StatusCode::OK, "{:?}", account.body);
    account.body["balance"]
        .as_str()
        .expect("a balance")
        .to_owned()
}

/// The valuation report's row of `product` (`quantity`, `unitCost`, `value`), after checking
/// that the report equals the stock valuation account and the levels the moves.
pub async fn valued(company: &Company, product: &str) -> (String, String, String) {
    let report = company.get(VALUATION).await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    let decimals = if report.body["currency"] == "KWD" {
        3
    } else {
        2
    };
    let zero = format!("{:.*}", decimals, 0.0);
    assert_eq!(report.body["difference"], json!(zero), "{:?}", report.body);
    assert_eq!(
        report.body["accountBalance"],
        report.body["totals"]["value"]
    );
    assert_eq!(
        report.body["accountBalance"],
        json!(balance(company, "120000").await)
    );
    levels_match_moves(company).await;
    let rows = report.body["data"].as_array().expect("rows");
    let text = |row: &Value, field: &str| row[field].as_str().expect(field).to_owned();
    match rows.iter().find(|row| row["productId"] == product) {
        Some(row) => (
            text(row, "quantity"),
            text(row, "unitCost"),
            text(row, "value"),
        ),
        None => ("0".into(), "0".into(), zero),
    }
}

fn owned(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.to_owned(), b.to_owned(), c.to_owned())
}

#[tokio::test]
async fn average_cost_follows_the_textbook_sequence() {
    let (company, product, stock, vendors, customers) = costed("AED", "average", "0").await;
    let receipt = move_stock(&company, &product, (&vendors, &stock), "2", Some("100")).await;
    assert_eq!(receipt["value"], "200.00");
    // The receipt's entry: stock valuation against goods received not invoiced.
    let entry = company
        .get(&format!(
            "/api/v1/accounting/journal-entries/{}",
            receipt["journalEntryId"].as_str().expect("an entry")
        ))
        .await;
    assert_eq!(entry.status, StatusCode::OK, "{:?}", entry.body);
    assert_eq!(entry.body["state"], "posted");
    assert_eq!(entry.body["journalId"], json!(company.journal("STJ")));
    assert_eq!(balance(&company, "203100").await, "-200.00");

    move_stock(&company, &product, (&vendors, &stock), "2", Some("200")).await;
    assert_eq!(
        valued(&company, &product).await,
        owned("4", "150", "600.00")
    );
    let view = company.get(&format!("{PRODUCTS}/{product}")).await;
    assert_eq!(view.body["cost"], "150");

    let issue = move_stock(&company, &product, (&stock, &customers), "1", None).await;
    assert_eq!(issue["value"], "150.00");
    assert_eq!(issue["unitCost"], "150");
    assert_eq!(balance(&company, "501000").await, "150.00");
    assert_eq!(
        valued(&company, &product).await,
        owned("3", "150", "450.00")
    );

    move_stock(&company, &product, (&vendors, &stock), "1", Some("250")).await;
    assert_eq!(
        valued(&company, &product).await,
        owned("4", "175", "700.00")
    );
    // A customer's return comes back at the average: the average stays.
    let back = move_stock(&company, &product, (&customers, &stock), "1", None).await;
    assert_eq!(back["value"], "175.00");
    assert_eq!(
        valued(&company, &product).await,
        owned("5", "175", "875.00")
    );
    assert_eq!(balance(&company, "501000").await, "-25.00");

    // As of the day before the moves, nothing was in stock, in the report and the account.
    let before = company.get(&format!("{VALUATION}?as_of=2026-03-09")).await;
    assert_eq!(before.body["totals"]["value"], "0.00");
    assert_eq!(before.body["accountBalance"], "0.00");
    assert_eq!(before.body["data"], json!([]));
}

#[tokio::test]
async fn fifo_consumes_the_oldest_layers_and_corrects_stock_sent_out_short() {
    let (company, product, stock, vendors, customers) = costed("AED", "fifo", "0").await;
    move_stock(&company, &product, (&vendors, &stock), "2", Some("100")).await;
    move_stock(&company, &product, (&vendors, &stock), "3", Some("130")).await;
    let issue = move_stock(&company, &product, (&stock, &customers), "3", None).await;
    assert_eq!(issue["value"], "330.00");
    assert_eq!(
        valued(&company, &product).await,
        owned("2", "130", "260.00")
    );

    // Negative stock allowed: what goes out beyond the stock is valued at the last cost...
    let settings = company
        .patch(SETTINGS, json!({"allowNegativeStock": true}))
        .await;
    assert_eq!(settings.status, StatusCode::OK, "{:?}", settings.body);
    let short = move_stock(&company, &product, (&stock, &customers), "4", None).await;
    assert_eq!(short["value"], "520.00");
    assert_eq!(
        valued(&company, &product).await,
        owned("-2", "130", "-260.00")
    );
    // ... and corrected against cost of goods sold when stock arrives at another cost.
    move_stock(&company, &product, (&vendors, &stock), "5", Some("150")).await;
    assert_eq!(
        valued(&company, &product).await,
        owned("3", "150", "450.00")
    );
    assert_eq!(balance(&company, "501000").await, "890.00");
    let view = company.get(&format!("{PRODUCTS}/{product}")).await;
    assert_eq!(view.body["cost"], "150");
}

#[tokio::test]
async fn standard_cost_posts_price_differences_and_a_new_standard_revalues_the_stock() {
    let (company, product, stock, vendors, customers) = costed("AED", "standard", "100").await;
    let receipt = move_stock(&company, &product, (&vendors, &stock), "10", Some("110")).await;
    assert_eq!(receipt["value"], "1000.00");
    assert_eq!(balance(&company, "503000").await, "100.00");
    assert_eq!(balance(&company, "203100").await, "-1100.00");
    move_stock(&company, &product, (&vendors, &stock), "5", Some("100")).await;
    let issue = move_stock(&company, &product, (&stock, &customers), "4", None).await;
    assert_eq!(issue["value"], "400.00");
    assert_eq!(
        valued(&company, &product).await,
        owned("11", "100", "1100.00")
    );

    let variances = company
        .get("/api/v1/inventory/standard-cost/variances?date_from=2026-03-01&date_to=2026-03-31")
        .await;
    assert_eq!(variances.status, StatusCode::OK, "{:?}", variances.body);
    let row = &variances.body["data"][0];
    assert_eq!(row["quantity"], "15");
    assert_eq!(row["standardCost"], "100");
    assert_eq!(row["actualUnitCost"], "106.666667");
    assert_eq!(row["standardValue"], "1500.00");
    assert_eq!(row["actualValue"], "1600.00");
    assert_eq!(row["variance"], "100.00");
    assert_eq!(row["variancePercent"], "6.67");
    assert_eq!(variances.body["totals"]["variance"], "100.00");
    let none = company
        .get("/api/v1/inventory/standard-cost/variances?date_from=2026-04-01")
        .await;
    assert_eq!(none.body["data"], json!([]));

    // A new standard values the 11 on hand at it, against the price difference account.
    let patched = company
        .patch(&format!("{PRODUCTS}/{product}"), json!({"cost": "120"}))
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{:?}", patched.body);
    assert_eq!(
        valued(&company, &product).await,
        owned("11", "120", "1320.00")
    );
    assert_eq!(balance(&company, "503000").await, "-120.00");
    let issue = move_stock(&company, &product, (&stock, &customers), "1", None).await;
    assert_eq!(issue["value"], "120.00");
}

#[tokio::test]
async fn a_three_decimal_currency_keeps_its_fils() {
    let (company, product, stock, vendors, customers) = costed("KWD", "average", "0").await;
    let receipt = move_stock(&company, &product, (&vendors, &stock), "3", Some("1.2345")).await;
    assert_eq!(receipt["value"], "3.704");
    let issue = move_stock(&company, &product, (&stock, &customers), "1", None).await;
    assert_eq!(issue["value"], "1.235");
    assert_eq!(
        valued(&company, &product).await,
        owned("2", "1.2345", "2.469")
    );
    assert_eq!(balance(&company, "501000").await, "1.235");
}

/// `scrapped` units of `product` scrapped at `stock`, then the place counted at `counted`: the
/// scrap's and the adjustment's answers.
async fn scrap_then_count(
    company: &Company,
    product: &str,
    stock: &str,
    scrapped: &str,
    counted: &str,
) -> (Value, Value) {
    let scrap = company
        .post(
            "/api/v1/inventory/scrap",
            json!({"productId": product, "quantity": scrapped, "locationId": stock,
                   "reason": "damaged"}),
        )
        .await;
    assert_eq!(scrap.status, StatusCode::CREATED, "{:?}", scrap.body);
    let adjustment = company
        .post(
            "/api/v1/inventory/adjustments",
            json!({"locationId": stock,
                   "lines": [{"productId": product, "countedQuantity": counted}]}),
        )
        .await;
    assert_eq!(
        adjustment.status,
        StatusCode::CREATED,
        "{:?}",
        adjustment.body
    );
    (scrap.body, adjustment.body)
}

#[tokio::test]
async fn scrap_and_adjustments_post_to_inventory_losses() {
    let (company, product, stock, vendors, _) = costed("AED", "average", "0").await;
    move_stock(&company, &product, (&vendors, &stock), "10", Some("20")).await;
    let (scrap, adjustment) = scrap_then_count(&company, &product, &stock, "2", "9").await;
    assert_eq!(scrap["value"], "40.00");
    assert!(adjustment["journalEntryId"].is_string(), "{adjustment:?}");
    assert_eq!(valued(&company, &product).await, owned("9", "20", "180.00"));
    // Losses: 40 scrapped, 20 found again.
    assert_eq!(balance(&company, "502000").await, "20.00");
}

/// Every valued move's layers name the entry its move names: entered as the move was valued
/// (a validated move, a scrap: the move and its layers inserted naming it) or when the document
/// settled (an adjustment's one entry, named on its rows after).
#[tokio::test]
async fn layers_and_moves_name_the_entry_that_posted_them() {
    let (company, product, stock, vendors, customers) = costed("AED", "fifo", "0").await;
    let received = move_stock(&company, &product, (&vendors, &stock), "10", Some("20")).await;
    let delivered = move_stock(&company, &product, (&stock, &customers), "3", None).await;
    let (_, adjustment) = scrap_then_count(&company, &product, &stock, "1", "5").await;

    let links = entry_links(&company, None).await;
    // The receipt, the delivery, the scrap, and the adjustment's one move.
    assert_eq!(links.len(), 4, "{links:?}");
    let entry_of = |reply: &Value| -> (Uuid, Uuid) {
        let id = |field: &str| reply[field].as_str().and_then(|id| id.parse().ok());
        (
            id("id").expect("a move id"),
            id("journalEntryId").expect("an entry"),
        )
    };
    for reply in [&received, &delivered] {
        assert!(links.contains(&entry_of(reply)), "{reply:?} in {links:?}");
    }
    let adjusted: Uuid = adjustment["journalEntryId"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("the adjustment's entry");
    assert_eq!(
        links.iter().filter(|(_, entry)| *entry == adjusted).count(),
        1,
        "{links:?}"
    );
    let entries: std::collections::HashSet<Uuid> = links.iter().map(|(_, entry)| *entry).collect();
    assert_eq!(entries.len(), 4, "each move its own entry: {links:?}");
    let verify = company.get("/api/v1/accounting/audit/verify").await;
    assert_eq!(verify.body["valid"], true, "{:?}", verify.body);
    assert_eq!(valued(&company, &product).await, owned("5", "20", "100.00"));
}

/// Each valued move of the company (of `transfer` only, when given) with the entry its row
/// names, checking that its layers name the same entry.
async fn entry_links(company: &Company, transfer: Option<Uuid>) -> Vec<(Uuid, Uuid)> {
    let mut select = Query::select()
        .column(("m", "id"))
        .expr_as(Expr::col(("m", "journal_entry_id")), "move_entry")
        .expr_as(Expr::col(("l", "journal_entry_id")), "layer_entry")
        .from_as("stock_valuation_layers", "l")
        .join_as(
            JoinType::InnerJoin,
            "stock_moves",
            "m",
            Expr::col(("m", "company_id"))
                .equals(("l", "company_id"))
                .and(Expr::col(("m", "id")).equals(("l", "move_id"))),
        )
        .and_where(Expr::col(("l", "company_id")).eq(company.id))
        .to_owned();
    if let Some(transfer) = transfer {
        select.and_where(Expr::col(("m", "transfer_id")).eq(transfer));
    }
    let rows = company
        .app
        .platform
        .db
        .connection()
        .query_all(&select)
        .await
        .expect("the layers read");
    let mut links: Vec<(Uuid, Uuid)> = Vec::new();
    for row in &rows {
        let mv: Uuid = row.try_get("", "id").expect("a move");
        let move_entry: Option<Uuid> = row.try_get("", "move_entry").expect("a column");
        let layer_entry: Option<Uuid> = row.try_get("", "layer_entry").expect("a column");
        assert!(move_entry.is_some(), "move {mv} names no entry");
        assert_eq!(move_entry, layer_entry, "move {mv}");
        links.extend(move_entry.map(|entry| (mv, entry)));
    }
    links
}

#[tokio::test]
async fn a_transfer_validated_through_the_api_posts_an_entry_per_move_named_on_its_layers() {
    let (company, product, stock, vendors, customers) = costed("AED", "fifo", "0").await;
    move_stock(&company, &product, (&vendors, &stock), "10", Some("20")).await;
    let delivery = create(
        &company,
        "/api/v1/inventory/moves/transfer",
        json!({"sourceLocationId": stock, "destinationLocationId": customers, "validate": false,
               "lines": [{"productId": product, "quantity": "2"},
                         {"productId": product, "quantity": "3"}]}),
    )
    .await;
    let transfer: Uuid = id_of(&delivery).parse().expect("a transfer id");
    let validated = company
        .post(
            &format!("/api/v1/inventory/transfers/{transfer}/validate"),
            json!({}),
        )
        .await;
    assert_eq!(validated.status, StatusCode::OK, "{:?}", validated.body);
    assert_eq!(validated.body["state"], "done");
    // Each of the two moves its own entry, inserted naming it, as are its layers.
    let links = entry_links(&company, Some(transfer)).await;
    assert_eq!(links.len(), 2, "{links:?}");
    assert_ne!(links[0].1, links[1].1, "each move its own entry: {links:?}");
    for (_, entry) in &links {
        let read = company
            .get(&format!("/api/v1/accounting/journal-entries/{entry}"))
            .await;
        assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
        assert_eq!(read.body["state"], "posted");
    }
    let verify = company.get("/api/v1/accounting/audit/verify").await;
    assert_eq!(verify.body["valid"], true, "{:?}", verify.body);
    assert_eq!(valued(&company, &product).await, owned("5", "20", "100.00"));
    levels_match_moves(&company).await;
}

#[tokio::test]
async fn without_the_accounts_it_needs_a_receipt_is_refused_and_nothing_is_written() {
    let (company, product, stock, vendors, _) = costed("AED", "average", "0").await;
    let cleared = company
        .patch(SETTINGS, json!({"stockInputAccountId": null}))
        .await;
    assert_eq!(cleared.status, StatusCode::OK, "{:?}", cleared.body);
    assert_eq!(cleared.body["stockInputAccountId"], Value::Null);
    let refused = company
        .post(
            MOVES,
            json!({"productId": product, "quantity": "1", "sourceLocationId": vendors,
                   "destinationLocationId": stock, "unitCost": "5", "validate": true}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    assert_eq!(refused.body["code"], "stock_account_missing");
    let moves = company.get(MOVES).await;
    assert_eq!(moves.body["meta"]["total"], 0);
    assert_eq!(valued(&company, &product).await.0, "0");

    // Another company's account, or a malformed id, is a 400 naming the field.
    let other = company.another_company("Other LLC").await;
    let foreign = company
        .app
        .get(
            "/api/v1/accounting/accounts?limit=1",
            &company.token,
            Some(other),
        )
        .await;
    let foreign_account = foreign.body["data"][0]["id"].clone();
    let wrong = company
        .patch(
            SETTINGS,
            json!({"stockValuationAccountId": foreign_account}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{:?}", wrong.body);
    assert_eq!(wrong.body["errors"][0]["field"], "stockValuationAccountId");
}

#[tokio::test]
async fn the_reports_check_their_parameters_and_answer_files() {
    let (company, product, stock, vendors, _) = costed("AED", "average", "0").await;
    move_stock(&company, &product, (&vendors, &stock), "4", Some("25")).await;
    for (query, field) in [
        ("as_of=yesterday", "as_of"),
        ("warehouse_id=nope", "warehouse_id"),
        (
            "warehouse_id=0190a000-0000-7000-8000-000000000000",
            "warehouse_id",
        ),
        (
            "category_id=0190a000-0000-7000-8000-000000000000",
            "category_id",
        ),
        ("format=pdf", "format"),
    ] {
        let reply = company.get(&format!("{VALUATION}?{query}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(reply.body["errors"][0]["field"], field, "{query}");
    }
    let backwards = company
        .get("/api/v1/inventory/standard-cost/variances?date_from=2026-03-02&date_to=2026-03-01")
        .await;
    assert_eq!(backwards.status, StatusCode::BAD_REQUEST);
    assert_eq!(backwards.body["errors"][0]["field"], "date_to");

    // Filtered: no account balance to compare with.
    let warehouses = company.get("/api/v1/inventory/warehouses").await;
    let warehouse = warehouses.body["data"][0]["id"].as_str().expect("WH");
    let filtered = company
        .get(&format!("{VALUATION}?warehouse_id={warehouse}"))
        .await;
    assert_eq!(filtered.status, StatusCode::OK, "{:?}", filtered.body);
    assert_eq!(filtered.body["data"][0]["value"], "100.00");
    assert_eq!(filtered.body["accountBalance"], Value::Null);
    assert_eq!(filtered.body["difference"], Value::Null);

    let by_category = company.get(&format!("{VALUATION}/by-category")).await;
    assert_eq!(by_category.status, StatusCode::OK, "{:?}", by_category.body);
    assert_eq!(by_category.body["data"][0]["name"], "average goods");
    assert_eq!(by_category.body["data"][0]["productCount"], 1);
    assert_eq!(by_category.body["data"][0]["share"], "100");
    assert_eq!(by_category.body["difference"], "0.00");

    let file = company
        .get(&format!("{VALUATION}?as_of=2026-03-31&format=csv"))
        .await;
    assert_eq!(file.status, StatusCode::OK);
    let text = String::from_utf8(file.raw).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "productId,sku,name,categoryId,costingMethod,uom,quantity,unitCost,value"
    );
    assert!(lines[1].ends_with(",average,unit,4,25,100.00"), "{text}");
    assert_eq!(lines[2], "Total,,,,,,,,100.00");
}

#[tokio::test]
async fn two_issues_at_once_consume_different_fifo_layers() {
    let (company, product, stock, vendors, customers) = costed("AED", "fifo", "0").await;
    move_stock(&company, &product, (&vendors, &stock), "3", Some("10")).await;
    move_stock(&company, &product, (&vendors, &stock), "3", Some("20")).await;
    let body = json!({"productId": product, "quantity": "3", "sourceLocationId": stock,
                      "destinationLocationId": customers, "date": "2026-03-11", "validate": true});
    let (first, second) = tokio::join!(
        company.post(MOVES, body.clone()),
        company.post(MOVES, body.clone())
    );
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(second.status, StatusCode::CREATED, "{:?}", second.body);
    let mut values = [
        first.body["value"].as_str().unwrap_or_default().to_owned(),
        second.body["value"].as_str().unwrap_or_default().to_owned(),
    ];
    values.sort();
    assert_eq!(values, ["30.00".to_owned(), "60.00".to_owned()]);
    assert_eq!(balance(&company, "501000").await, "90.00");
    assert_eq!(valued(&company, &product).await.2, "0.00");
}

#[tokio::test]
async fn stock_from_before_a_switch_to_fifo_leaves_first_at_its_average() {
    let (company, product, stock, vendors, customers) = costed("AED", "average", "0").await;
    move_stock(&company, &product, (&vendors, &stock), "2", Some("100")).await;
    move_stock(&company, &product, (&vendors, &stock), "2", Some("200")).await;
    let view = company.get(&format!("{PRODUCTS}/{product}")).await;
    let category = view.body["categoryId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let switched = company
        .patch(
            &format!("/api/v1/inventory/categories/{category}"),
            json!({"costingMethod": "fifo"}),
        )
        .await;
    assert_eq!(switched.status, StatusCode::OK, "{:?}", switched.body);
    move_stock(&company, &product, (&vendors, &stock), "1", Some("300")).await;
    let first = move_stock(&company, &product, (&stock, &customers), "3", None).await;
    assert_eq!(first["value"], "450.00");
    let rest = move_stock(&company, &product, (&stock, &customers), "2", None).await;
    assert_eq!(rest["value"], "450.00");
    assert_eq!(valued(&company, &product).await.2, "0.00");
}

/// A report as of a past date keeps the nearest month end; moves dated before it that come
/// afterwards are carried into it, so every report read from it still equals the account, on
/// both sides of the month end.
#[tokio::test]
async fn a_kept_month_end_follows_the_moves_dated_before_it() {
    let (company, product, stock, vendors, customers) = costed("AED", "average", "0").await;
    let on = |day: &str, (from, to): (&str, &str), quantity: &str, cost: Option<&str>| {
        let mut body = json!({"productId": product, "quantity": quantity,
            "sourceLocationId": from, "destinationLocationId": to,
            "date": day, "validate": true});
        if let Some(cost) = cost {
            body["unitCost"] = json!(cost);
        }
        let company = &company;
        async move {
            let reply = company.post(MOVES, body).await;
            assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        }
    };
    let report = |day: &'static str| {
        let company = &company;
        async move {
            let reply = company.get(&format!("{VALUATION}?as_of={day}")).await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
            assert_eq!(reply.body["difference"], "0.00", "{day}: {:?}", reply.body);
            (
                reply.body["data"][0]["quantity"].clone(),
                reply.body["totals"]["value"].clone(),
            )
        }
    };
    let db = company.app.platform.db.connection();
    let id = arkan_kernel::CompanyId(company.id);
    let kept = || arkan_inventory::month_ends::kept(db, id);

    on("2026-01-10", (&vendors, &stock), "10", Some("10")).await;
    // Six days from the end of January, which is kept; the report reads back from there.
    assert_eq!(report("2026-01-25").await, (json!("10"), json!("100.00")));
    let january = chrono::NaiveDate::from_ymd_opt(2026, 1, 31).expect("a day");
    assert_eq!(kept().await.expect("month ends"), vec![january]);

    // Moves dated before the kept month end, and one after it.
    on("2026-01-20", (&vendors, &stock), "10", Some("20")).await;
    on("2026-01-28", (&stock, &customers), "5", None).await;
    on("2026-02-02", (&vendors, &stock), "2", Some("30")).await;
    assert!(
        arkan_inventory::month_ends::match_layers(db, id)
            .await
            .expect("the check")
    );
    for (day, quantity, value) in [
        ("2026-01-09", None, "0.00"),
        ("2026-01-10", Some("10"), "100.00"),
        ("2026-01-20", Some("20"), "300.00"),
        ("2026-01-25", Some("20"), "300.00"),
        ("2026-01-28", Some("15"), "225.00"),
        ("2026-01-31", Some("15"), "225.00"),
        ("2026-02-01", Some("15"), "225.00"),
        ("2026-02-03", Some("17"), "285.00"),
    ] {
        let expected = (
            quantity.map_or(Value::Null, |text| json!(text)),
            json!(value),
        );
        assert_eq!(report(day).await, expected, "as of {day}");
    }
    // The reports near the end of December kept that one too; today's reads what is kept now.
    let december = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).expect("a day");
    assert_eq!(kept().await.expect("month ends"), vec![december, january]);
    assert_eq!(
        valued(&company, &product).await,
        owned("17", "16.764706", "285.00")
    );
    assert!(
        arkan_inventory::month_ends::match_layers(db, id)
            .await
            .expect("the check")
    );
}

/// A valued move's entry is written first and numbered last (`posting::enter`, then
/// `posting::seal`, which reads the lock date under the ledger's chain): a move into a locked
/// period is refused there and leaves nothing, and moves at once get gapless numbers in one
/// unbroken chain.
#[tokio::test]
async fn a_move_refused_at_the_seal_leaves_nothing_and_moves_at_once_stay_gapless() {
    let (company, product, stock, vendors, customers) = costed("AED", "average", "0").await;
    move_stock(&company, &product, (&vendors, &stock), "10", Some("4")).await;
    let locked = company.update(json!({"lockDate": "2026-03-15"})).await;
    assert_eq!(locked.status, StatusCode::OK, "{:?}", locked.body);

    let refused = company
        .post(
            MOVES,
            json!({"productId": product, "quantity": "2", "sourceLocationId": stock,
                   "destinationLocationId": customers, "date": "2026-03-12",
                   "validate": true}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    assert_eq!(refused.body["code"], "period_locked");
    assert_eq!(company.get(MOVES).await.body["meta"]["total"], 1);
    assert_eq!(valued(&company, &product).await, owned("10", "4", "40.00"));

    // Six deliveries at once after the lock date: each posted, numbered once, the chain whole.
    let body = json!({"productId": product, "quantity": "1", "sourceLocationId": stock,
                      "destinationLocationId": customers, "date": "2026-03-20",
                      "validate": true});
    let replies =
        futures_util::future::join_all((0..6).map(|_| company.post(MOVES, body.clone()))).await;
    for reply in &replies {
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        assert!(reply.body["journalEntryId"].is_string(), "{:?}", reply.body);
    }
    let entries = company
        .get("/api/v1/accounting/journal-entries?limit=100")
        .await;
    assert_eq!(entries.status, StatusCode::OK, "{:?}", entries.body);
    let mut numbers: Vec<String> = entries.body["data"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|entry| {
            assert_eq!(entry["state"], "posted", "{entry:?}");
            entry["number"].as_str().expect("a number").to_owned()
        })
        .collect();
    numbers.sort();
    assert_eq!(numbers.len(), 7, "{numbers:?}");
    let sequence: Vec<String> = numbers
        .iter()
        .map(|number| number.rsplit('/').next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        sequence,
        [
            "00001", "00002", "00003", "00004", "00005", "00006", "00007"
        ]
    );
    let verify = company.get("/api/v1/accounting/audit/verify").await;
    assert_eq!(
        verify.body,
        json!({"valid": true, "entriesChecked": 7, "firstBrokenEntryId": null})
    );
    assert_eq!(valued(&company, &product).await, owned("4", "4", "16.00"));
    assert_eq!(balance(&company, "501000").await, "24.00");
}

#[tokio::test]
async fn the_report_reads_back_every_name_and_code_as_they_were_made() {
    let (company, cable, stock, vendors, _) = costed("AED", "average", "10.00").await;
    let category = company.get(&format!("{PRODUCTS}/{cable}")).await.body["categoryId"].clone();
    assert!(category.is_string(), "{category:?}");
    let mut made = vec![(cable, "Copper cable".to_owned(), json!("CU-1"))];
    // Names JSON must escape, and products without a SKU.
    let names = [
        "Drill \\ 18V \"pro\"",
        "مثقاب كهربائي",
        "Saw blade ☕",
        "Tape, 50 m",
    ];
    for (index, name) in names.into_iter().enumerate() {
        let mut body =
            json!({"name": name, "type": "storable", "uom": "unit", "categoryId": category});
        if index % 2 == 0 {
            body["sku"] = json!(format!("T-{index}"));
        }
        let product = create(&company, PRODUCTS, body).await;
        made.push((id_of(&product), name.to_owned(), product["sku"].clone()));
    }
    for (product, _, _) in &made {
        move_stock(&company, product, (&vendors, &stock), "2", Some("12.50")).await;
    }
    let report = company.get(VALUATION).await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert_eq!(report.body["totals"]["value"], "125.00");
    assert_eq!(report.body["difference"], "0.00");
    let rows = report.body["data"].as_array().expect("rows");
    let mut read: Vec<(String, String, Value)> = rows
        .iter()
        .map(|row| {
            assert_eq!(row["categoryId"], category);
            assert_eq!(
                (&row["quantity"], &row["value"]),
                (&json!("2"), &json!("25.00"))
            );
            (
                row["productId"].as_str().expect("an id").to_owned(),
                row["name"].as_str().expect("a name").to_owned(),
                row["sku"].clone(),
            )
        })
        .collect();
    // Sorted by name in the report.
    let names: Vec<&String> = read.iter().map(|row| &row.1).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    read.sort_by(|a, b| a.0.cmp(&b.0));
    made.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(read, made);
}
