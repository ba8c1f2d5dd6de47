//! Sale and scrap: depreciation to the day, cost and accumulated depreciation removed, the gain
//! or loss posted.

use axum::http::StatusCode;
use serde_json::json;

use super::{ASSETS, books, depreciate, fields, id_of, press, van};

#[tokio::test]
async fn a_van_sold_in_its_twentieth_month_books_the_depreciation_to_the_day_and_a_gain() {
    let company = books().await;
    company
        .posted_entry("2026-01-16", "150000", "101000", "36000")
        .await;
    let asset = van(&company).await;
    let path = format!("{ASSETS}/{}", id_of(&asset));
    // Depreciation posted up to the end of 2026: 464.52 + 11 x 900.00 = 10,364.52.
    depreciate(&company, &asset, "2026-12-31").await;

    // A gain needs its account: nothing changes without it.
    let sale = json!({"date": "2027-08-15", "method": "sale", "proceeds": "20000",
                      "proceedsAccountId": company.account("101000")});
    let refused = company.post(&format!("{path}/dispose"), sale.clone()).await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(fields(&refused.body), vec!["gainAccountId"]);
    assert_eq!(
        company.get(&path).await.body["accumulatedDepreciation"],
        "10364.52"
    );

    // Sold on 15 August 2027, the 20th month. Depreciation to that day: January 2026 464.52,
    // February 2026 to July 2027 18 x 900.00 = 16,200.00, and August 2027 15 of its 31 days,
    // 900 x 15 / 31 = 435.48: 17,100.00 in all. Book value 36,000.00 - 17,100.00 = 18,900.00;
    // sold for 20,000.00: a gain of 1,100.00. The entry: debit bank 20,000.00 and accumulated
    // depreciation 17,100.00, credit the van 36,000.00 and the gain 1,100.00.
    let mut with_gain = sale;
    with_gain["gainAccountId"] = json!(company.account("409000"));
    let sold = company.post(&format!("{path}/dispose"), with_gain).await;
    assert_eq!(sold.status, StatusCode::OK, "{:?}", sold.body);
    let sold = sold.body;
    assert_eq!(sold["state"], "disposed");
    assert_eq!(sold["accumulatedDepreciation"], "17100.00");
    assert_eq!(sold["bookValue"], "0.00");
    let disposal = &sold["disposal"];
    assert_eq!(disposal["date"], "2027-08-15");
    assert_eq!(disposal["method"], "sale");
    assert_eq!(disposal["proceeds"], "20000.00");
    assert_eq!(disposal["bookValue"], "18900.00");
    assert_eq!(disposal["gainLoss"], "1100.00");
    assert!(disposal["journalEntryId"].is_string());
    let schedule = &sold["schedule"];
    assert_eq!(schedule[19]["date"], "2027-08-15");
    assert_eq!(schedule[19]["amount"], "435.48");
    assert_eq!(schedule[19]["state"], "posted");
    assert_eq!(schedule[20]["state"], "cancelled");
    assert_eq!(schedule[36]["state"], "cancelled");
    assert_eq!(company.get(&path).await.body, sold);

    assert_eq!(company.balance("150000").await, "0.00");
    assert_eq!(company.balance("151000").await, "0.00");
    assert_eq!(company.balance("605000").await, "17100.00");
    assert_eq!(company.balance("409000").await, "-1100.00");
    assert_eq!(company.balance("101000").await, "-16000.00");

    // Before the sale, the list still shows the van's book value as of that day:
    // 36,000.00 - 464.52 - 18 x 900.00 = 19,335.48.
    let before = company.get(&format!("{ASSETS}?as_of=2027-07-31")).await;
    assert_eq!(before.body["data"][0]["bookValue"], "19335.48");
    let after = company.get(&format!("{ASSETS}?as_of=2027-08-15")).await;
    assert_eq!(after.body["data"][0]["bookValue"], "0.00");

    // A disposed asset neither depreciates nor is disposed of again.
    let run = company
        .post(&format!("{path}/depreciate"), json!({"date": "2027-12-31"}))
        .await;
    assert_eq!(run.status, StatusCode::CONFLICT);
    assert_eq!(run.body["code"], "asset_not_running");
    let again = company
        .post(
            &format!("{path}/dispose"),
            json!({"date": "2027-09-01", "method": "scrap"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "asset_already_disposed");
}

#[tokio::test]
async fn a_scrapped_press_books_its_book_value_as_a_loss() {
    let company = books().await;
    // 1,200.00, no salvage, 12 months straight line from 1 January 2026: 100.00 a month.
    let asset = press(&company).await;
    let path = format!("{ASSETS}/{}", id_of(&asset));
    let bad = company
        .post(
            &format!("{path}/dispose"),
            json!({"date": "2026-03-31", "method": "give_away", "proceeds": "5"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&bad.body), vec!["method", "proceedsAccountId"]);
    let early = company
        .post(
            &format!("{path}/dispose"),
            json!({"date": "2025-12-31", "method": "scrap", "lossAccountId": company.account("605000")}),
        )
        .await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&early.body), vec!["date"]);

    // Scrapped on 31 March 2026: January to March, 300.00, depreciated; book value 900.00,
    // no proceeds: a loss of 900.00 (debit the loss 900.00 and accumulated depreciation
    // 300.00, credit the press 1,200.00).
    let scrapped = company
        .post(
            &format!("{path}/dispose"),
            json!({"date": "2026-03-31", "method": "scrap", "lossAccountId": company.account("609100")}),
        )
        .await;
    assert_eq!(scrapped.status, StatusCode::OK, "{:?}", scrapped.body);
    assert_eq!(scrapped.body["accumulatedDepreciation"], "300.00");
    assert_eq!(scrapped.body["disposal"]["bookValue"], "900.00");
    assert_eq!(scrapped.body["disposal"]["gainLoss"], "-900.00");
    assert_eq!(scrapped.body["disposal"]["proceeds"], "0.00");
    assert_eq!(company.balance("609100").await, "900.00");
    assert_eq!(company.balance("605000").await, "300.00");
    assert_eq!(company.balance("150000").await, "-1200.00");
    assert_eq!(company.balance("151000").await, "0.00");
}
