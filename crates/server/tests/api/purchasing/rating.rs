//! Vendor rating (Order 13) on a small history checked by hand for two vendors: on-time
//! receipts, quantity accuracy, returns, prices against RFQ averages and RFQ answers, the
//! weighted score, the ranking, the scorecard's counts and months; bad periods, unknown vendors.

use arkan_testkit::Company;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{ORDERS, PRODUCTS, buyer, create, id_of};

const RATING: &str = "/api/v1/inventory/vendor-rating";
const RFQS: &str = "/api/v1/inventory/rfqs";

async fn post_ok(company: &Company, path: &str, body: Value) -> Value {
    let reply = company.post(path, body).await;
    assert!(reply.status.is_success(), "{path}: {:?}", reply.body);
    reply.body
}

/// A confirmed order of `quantity` units of `product` from `vendor` at `price`.
async fn ordered(
    company: &Company,
    vendor: &str,
    product: &str,
    (quantity, price): (&str, &str),
    (order_date, expected): (&str, &str),
) -> Value {
    let order = create(
        company,
        ORDERS,
        json!({"partnerId": company.partner(vendor), "orderDate": order_date,
               "expectedDate": expected,
               "lines": [{"productId": product, "quantity": quantity, "unitPrice": price}]}),
    )
    .await;
    post_ok(
        company,
        &format!("{ORDERS}/{}/confirm", id_of(&order)),
        json!({}),
    )
    .await
}

async fn receive(company: &Company, order: &Value, quantity: &str, date: &str, backorder: bool) {
    post_ok(
        company,
        &format!("{ORDERS}/{}/receive", id_of(order)),
        json!({"date": date, "backorder": backorder,
               "lines": [{"lineId": order["lines"][0]["id"], "quantity": quantity}]}),
    )
    .await;
}

/// An RFQ of `lines` (`[(product, quantity)]`) sent to both vendors, and the quotes given
/// (`[(vendor, [unit price per line])]`).
async fn rfq(company: &Company, lines: &[(&str, &str)], quotes: &[(&str, &[&str])]) {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(product, quantity)| json!({"productId": product, "quantity": quantity}))
        .collect();
    let made = create(
        company,
        RFQS,
        json!({"partnerIds": [company.partner("Gulf Supplies"), company.partner("Desert Trading")],
               "lines": lines}),
    )
    .await;
    let sent = post_ok(company, &format!("{RFQS}/{}/send", id_of(&made)), json!({})).await;
    for (vendor, prices) in quotes {
        let lines: Vec<Value> = prices
            .iter()
            .enumerate()
            .map(|(index, price)| json!({"lineId": sent["lines"][index]["id"], "unitPrice": price}))
            .collect();
        post_ok(
            company,
            &format!("{RFQS}/{}/quotes", id_of(&made)),
            json!({"partnerId": company.partner(vendor), "lines": lines}),
        )
        .await;
    }
}

#[tokio::test]
async fn two_vendors_are_rated_and_ranked_as_computed_by_hand() {
    let company = buyer().await;
    company.vendor("Desert Trading").await;
    let rebar = id_of(
        &create(
            &company,
            PRODUCTS,
            json!({"name": "Rebar", "sku": "REBAR", "type": "storable", "uom": "unit",
                   "cost": "20", "purchaseTaxIds": []}),
        )
        .await,
    );
    // Gulf Supplies: 10 on time, one returned; then 4 of 5, three days late, the rest cancelled.
    let first = ordered(
        &company,
        "Gulf Supplies",
        &rebar,
        ("10", "20"),
        ("2026-03-01", "2026-03-05"),
    )
    .await;
    receive(&company, &first, "10", "2026-03-05", true).await;
    post_ok(
        &company,
        &format!("{ORDERS}/{}/return", id_of(&first)),
        json!({"date": "2026-03-08", "reason": "bent",
               "lines": [{"lineId": first["lines"][0]["id"], "quantity": "1"}]}),
    )
    .await;
    let second = ordered(
        &company,
        "Gulf Supplies",
        &rebar,
        ("5", "20"),
        ("2026-03-10", "2026-03-12"),
    )
    .await;
    receive(&company, &second, "4", "2026-03-15", false).await;
    // Desert Trading: 8 of 8, early.
    let third = ordered(
        &company,
        "Desert Trading",
        &rebar,
        ("8", "19"),
        ("2026-03-02", "2026-03-09"),
    )
    .await;
    receive(&company, &third, "8", "2026-03-06", true).await;
    // Two RFQs to both: Gulf quotes 21 against Desert's 19 (average 20), then does not answer.
    rfq(
        &company,
        &[(&rebar, "10")],
        &[("Gulf Supplies", &["21"]), ("Desert Trading", &["19"])],
    )
    .await;
    rfq(&company, &[(&rebar, "5")], &[("Desert Trading", &["18"])]).await;

    let ranking = company
        .get(&format!("{RATING}/ranking?date_from=2026-01-01"))
        .await;
    assert_eq!(ranking.status, StatusCode::OK, "{:?}", ranking.body);
    assert_eq!(
        ranking.body["weights"],
        json!({"onTime": "30", "quantity": "20", "quality": "25", "price": "15", "response": "10"})
    );
    let rows = ranking.body["data"].as_array().expect("rows");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        rows[0],
        json!({"rank": 1, "partnerId": company.partner("Desert Trading"),
               "partnerName": "Desert Trading", "score": "100", "grade": "A",
               "onTimeRate": "100", "quantityAccuracy": "100", "qualityRate": "100",
               "priceScore": "100", "responseRate": "100", "orderCount": 1})
    );
    // On time 1 of 2 = 50; quantity (10 + 4) / (10 + 5) = 93.33; quality 13 of 14 kept =
    // 92.86; price 200 at the averages / 210 quoted = 95.24; answered 1 of 2 = 50. Score:
    // (50 x 30 + 93.33 x 20 + 92.86 x 25 + 95.24 x 15 + 50 x 10) / 100 = 76.17.
    assert_eq!(
        rows[1],
        json!({"rank": 2, "partnerId": company.partner("Gulf Supplies"),
               "partnerName": "Gulf Supplies", "score": "76.17", "grade": "B",
               "onTimeRate": "50", "quantityAccuracy": "93.33", "qualityRate": "92.86",
               "priceScore": "95.24", "responseRate": "50", "orderCount": 2})
    );

    let gulf = company
        .get(&format!(
            "{RATING}/{}?date_from=2026-01-01",
            company.partner("Gulf Supplies")
        ))
        .await;
    assert_eq!(gulf.status, StatusCode::OK, "{:?}", gulf.body);
    assert_eq!(gulf.body["rank"], 2);
    assert_eq!(gulf.body["score"], "76.17");
    assert_eq!(gulf.body["metrics"]["averageLeadTimeDays"], "4.5");
    // Quoted within the test, moments after each RFQ was sent.
    let hours: f64 = gulf.body["metrics"]["averageResponseHours"]
        .as_str()
        .expect("response hours")
        .parse()
        .expect("a number");
    assert!((0.0..0.1).contains(&hours), "{hours}");
    assert!(quiet_metrics_are_null(&company).await);
    assert_eq!(
        gulf.body["counts"],
        json!({"orders": 2, "receipts": 2, "lateReceipts": 1, "returns": 1,
               "invitations": 2, "responses": 1})
    );
    let months = gulf.body["monthly"].as_array().expect("months");
    assert_eq!(months[0]["month"], "2026-01");
    assert!(months[0]["score"].is_null());
    // March alone: the orders and receipts, no RFQ: (50 x 30 + 93.33 x 20 + 92.86 x 25) / 75.
    assert_eq!(months[2], json!({"month": "2026-03", "score": "75.84"}));

    // A period before anything happened rates nobody.
    let empty = company
        .get(&format!(
            "{RATING}/ranking?date_from=2025-01-01&date_to=2025-12-31"
        ))
        .await;
    assert_eq!(empty.body["data"], json!([]));
}

#[tokio::test]
async fn bad_periods_and_unknown_vendors_are_refused() {
    let company = buyer().await;
    let backwards = company
        .get(&format!(
            "{RATING}/ranking?date_from=2026-05-01&date_to=2026-04-01"
        ))
        .await;
    assert_eq!(
        backwards.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        backwards.body
    );
    let malformed = company.get(&format!("{RATING}/ranking?date_to=May")).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    let unknown = company
        .get(&format!("{RATING}/{}", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{:?}", unknown.body);
    // Another company's vendor is not found here.
    let elsewhere = company.another_company("Elsewhere LLC").await;
    let theirs = company
        .app
        .get(
            &format!("{RATING}/{}", company.partner("Gulf Supplies")),
            &company.token,
            Some(elsewhere),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{:?}", theirs.body);
    // A vendor with nothing rated has no score, no grade, no rank.
    let quiet = company
        .get(&format!("{RATING}/{}", company.partner("Gulf Supplies")))
        .await;
    assert_eq!(quiet.status, StatusCode::OK, "{:?}", quiet.body);
    assert!(quiet.body["score"].is_null());
    assert!(quiet.body["grade"].is_null());
    assert!(quiet.body["rank"].is_null());
    assert_eq!(quiet.body["monthly"].as_array().map(Vec::len), Some(12));
}

/// Desert Trading answered both RFQs; a vendor that answered none shows no response time.
async fn quiet_metrics_are_null(company: &Company) -> bool {
    let silent = company.vendor("Silent Supplies").await;
    let card = company
        .get(&format!("{RATING}/{silent}?date_from=2026-01-01"))
        .await;
    card.body["metrics"]["averageResponseHours"].is_null()
        && card.body["metrics"]["onTimeRate"].is_null()
}
