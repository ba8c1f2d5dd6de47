//! Revaluation and impairment: the difference posted, the rest of the schedule re-planned.

use axum::http::StatusCode;
use serde_json::json;

use super::{ASSETS, books, depreciate, id_of, press};

#[tokio::test]
async fn an_impaired_press_depreciates_what_is_left_over_the_months_left() {
    let company = books().await;
    let asset = press(&company).await;
    let path = format!("{ASSETS}/{}", id_of(&asset));
    let bad = company
        .post(
            &format!("{path}/revalue"),
            json!({"date": "2026-03-31", "bookValue": "-1", "accountId": company.account("609100")}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["errors"][0]["field"], "bookValue");

    // By 31 March, 3 x 100.00 posted: book value 900.00. Impaired to 450.00: a loss of
    // 450.00 (debit 609100, credit accumulated depreciation), then 450.00 over the nine months
    // left, April to December, 50.00 each.
    let impaired = company
        .post(
            &format!("{path}/revalue"),
            json!({"date": "2026-03-31", "bookValue": "450", "accountId": company.account("609100")}),
        )
        .await;
    assert_eq!(impaired.status, StatusCode::OK, "{:?}", impaired.body);
    let body = impaired.body;
    assert_eq!(body["bookValue"], "450.00");
    assert_eq!(body["accumulatedDepreciation"], "750.00");
    let schedule = body["schedule"].as_array().cloned().unwrap_or_default();
    assert_eq!(schedule.len(), 12 + 1 + 9);
    assert_eq!(schedule[3]["state"], "cancelled");
    assert_eq!(schedule[12]["amount"], "450.00");
    assert_eq!(schedule[12]["state"], "posted");
    assert_eq!(schedule[13]["date"], "2026-04-30");
    assert_eq!(schedule[13]["amount"], "50.00");
    assert_eq!(schedule[21]["date"], "2026-12-31");
    assert_eq!(schedule[21]["bookValue"], "0.00");
    assert_eq!(company.balance("609100").await, "450.00");

    let done = depreciate(&company, &asset, "2026-12-31").await;
    assert_eq!(done["accumulatedDepreciation"], "1200.00");
    assert_eq!(done["state"], "fully_depreciated");
    assert_eq!(company.balance("151000").await, "-1200.00");
}

#[tokio::test]
async fn a_press_revalued_upwards_then_sold_clears_its_accounts() {
    let company = books().await;
    company
        .posted_entry("2026-01-01", "150000", "101000", "1200")
        .await;
    let asset = press(&company).await;
    let path = format!("{ASSETS}/{}", id_of(&asset));
    // On 15 June, January to May are posted (500.00): book value 700.00. Revalued to
    // 1,000.00 over 4 months: 300.00 debited to accumulated depreciation and credited to
    // 409000; then 250.00 a month, June to September.
    let revalued = company
        .post(
            &format!("{path}/revalue"),
            json!({"date": "2026-06-15", "bookValue": "1000", "accountId": company.account("409000"),
                   "usefulLifeMonths": 4}),
        )
        .await;
    assert_eq!(revalued.status, StatusCode::OK, "{:?}", revalued.body);
    assert_eq!(revalued.body["bookValue"], "1000.00");
    assert_eq!(revalued.body["usefulLifeMonths"], 4);
    assert_eq!(revalued.body["schedule"][12]["amount"], "-300.00");
    assert_eq!(revalued.body["schedule"][13]["date"], "2026-06-30");
    assert_eq!(revalued.body["schedule"][13]["amount"], "250.00");

    // Sold on 31 July for 800.00: June and July posted (500.00), accumulated 500.00 - 300.00
    // + 500.00 = 700.00, book value 500.00, a gain of 300.00.
    let sold = company
        .post(
            &format!("{path}/dispose"),
            json!({"date": "2026-07-31", "method": "sale", "proceeds": "800",
                   "proceedsAccountId": company.account("101000"),
                   "gainAccountId": company.account("409000")}),
        )
        .await;
    assert_eq!(sold.status, StatusCode::OK, "{:?}", sold.body);
    assert_eq!(sold.body["disposal"]["bookValue"], "500.00");
    assert_eq!(sold.body["disposal"]["gainLoss"], "300.00");
    assert_eq!(company.balance("150000").await, "0.00");
    assert_eq!(company.balance("151000").await, "0.00");
    assert_eq!(company.balance("409000").await, "-600.00");
    assert_eq!(company.balance("605000").await, "1000.00");
}
