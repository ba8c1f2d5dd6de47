//! Schedules worked by hand, and depreciation posted to the books once.

use axum::http::StatusCode;
use serde_json::json;

use super::{ASSETS, CATEGORIES, amounts, books, create, depreciate, id_of, van, with_accounts};

#[tokio::test]
async fn a_van_bought_mid_month_depreciates_daily_prorata_over_37_lines_posted_once() {
    let company = books().await;
    // Cost 36,000.00, salvage 3,600.00: 32,400.00 to depreciate over 36 months, 900.00 a
    // month. Bought 16 January 2026: January counts 16 of its 31 days,
    // 900 x 16 / 31 = 464.516.. -> 464.52. Lines 2 to 36 are 900.00 each (31,500.00); the 37th
    // (January 2029) carries the 15 days left: 32,400.00 - 464.52 - 31,500.00 = 435.48.
    let asset = van(&company).await;
    assert_eq!(asset["state"], "running");
    assert_eq!(asset["currency"], "AED");
    assert_eq!(asset["depreciableAmount"], "32400.00");
    assert_eq!(asset["firstDepreciationDate"], "2026-01-31");
    assert_eq!(asset["bookValue"], "36000.00");
    let lines = amounts(&asset);
    assert_eq!(lines.len(), 37);
    assert_eq!(lines[0], "464.52");
    assert!(lines[1..36].iter().all(|amount| amount == "900.00"));
    assert_eq!(lines[36], "435.48");
    let schedule = &asset["schedule"];
    assert_eq!(schedule[0]["date"], "2026-01-31");
    assert_eq!(schedule[1]["date"], "2026-02-28");
    assert_eq!(schedule[36]["date"], "2029-01-31");
    assert_eq!(schedule[36]["accumulated"], "32400.00");
    assert_eq!(schedule[36]["bookValue"], "3600.00");
    assert_eq!(schedule[0]["state"], "planned");

    let path = format!("{ASSETS}/{}", id_of(&asset));
    let read = company.get(&path).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body, asset);

    // Up to 31 March: January, February and March, 464.52 + 900.00 + 900.00 = 2,264.52.
    let run = depreciate(&company, &asset, "2026-03-31").await;
    assert_eq!(run["accumulatedDepreciation"], "2264.52");
    assert_eq!(run["bookValue"], "33735.48");
    assert_eq!(run["schedule"][2]["state"], "posted");
    assert_eq!(run["schedule"][3]["state"], "planned");
    assert!(run["schedule"][0]["journalEntryId"].is_string());
    assert_eq!(company.balance("605000").await, "2264.52");

    // The same run again posts nothing.
    let again = depreciate(&company, &asset, "2026-03-31").await;
    assert_eq!(again["schedule"], run["schedule"]);
    assert_eq!(company.balance("605000").await, "2264.52");
    let entries = company
        .get("/api/v1/accounting/journal-entries?limit=100")
        .await;
    assert_eq!(entries.body["meta"]["total"], 3, "{:?}", entries.body);

    // The list shows book values as of a day: by 28 February, 1,364.52 was posted.
    let list = company
        .get(&format!("{ASSETS}?as_of=2026-02-28&q=van"))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    assert_eq!(list.body["meta"]["total"], 1);
    assert_eq!(list.body["data"][0]["accumulatedDepreciation"], "1364.52");
    assert_eq!(list.body["data"][0]["bookValue"], "34635.48");
    assert!(list.body["data"][0].get("schedule").is_none());
}

#[tokio::test]
async fn a_declining_balance_category_gives_an_asset_its_terms_and_it_ends_fully_depreciated() {
    let company = books().await;
    let category = company
        .post(
            CATEGORIES,
            with_accounts(
                &company,
                json!({"name": "Computers", "method": "declining_balance", "decliningRate": "50",
                       "usefulLifeMonths": 36}),
            ),
        )
        .await;
    assert_eq!(category.status, StatusCode::CREATED, "{:?}", category.body);
    assert_eq!(category.body["decliningRate"], "50.00");
    assert_eq!(category.body["prorata"], "none");
    let listed = company.get(CATEGORIES).await;
    assert_eq!(listed.body["meta"]["total"], 1);

    // 10,000.00 less 1,000.00 salvage: 9,000.00 over 36 months at 50 % a year of what is left.
    // Year 1: 50 % of 9,000.00 = 4,500.00 (straight line over the 36 months left would give
    // 3,000.00), 375.00 a month. Year 2: 50 % of 4,500.00 = 2,250.00, the same as straight
    // line over 24 months, 187.50 a month. Year 3: what is left, 2,250.00, 187.50 a month.
    let asset = create(
        &company,
        json!({"name": "Laptops", "categoryId": category.body["id"], "acquisitionDate": "2026-01-01",
               "cost": "10000.00", "salvageValue": 1000}),
    )
    .await;
    assert_eq!(asset["method"], "declining_balance");
    assert_eq!(asset["decliningRate"], "50.00");
    assert_eq!(asset["usefulLifeMonths"], 36);
    assert_eq!(asset["categoryId"], category.body["id"]);
    let lines = amounts(&asset);
    assert_eq!(lines.len(), 36);
    assert!(lines[..12].iter().all(|amount| amount == "375.00"));
    assert!(lines[12..].iter().all(|amount| amount == "187.50"));

    let first_year = depreciate(&company, &asset, "2026-12-31").await;
    assert_eq!(first_year["accumulatedDepreciation"], "4500.00");
    assert_eq!(first_year["state"], "running");
    let all = depreciate(&company, &asset, "2028-12-31").await;
    assert_eq!(all["accumulatedDepreciation"], "9000.00");
    assert_eq!(all["bookValue"], "1000.00");
    assert_eq!(all["state"], "fully_depreciated");
    assert_eq!(company.balance("605000").await, "9000.00");
    // Nothing is left: a later run answers the asset as it is.
    let after = depreciate(&company, &asset, "2029-06-30").await;
    assert_eq!(after["schedule"], all["schedule"]);
    let fully = company
        .get(&format!("{ASSETS}?state=fully_depreciated"))
        .await;
    assert_eq!(fully.body["meta"]["total"], 1);
}

#[tokio::test]
async fn two_depreciation_runs_at_once_post_each_line_once() {
    let company = books().await;
    let asset = van(&company).await;
    let path = format!("{ASSETS}/{}/depreciate", id_of(&asset));
    let body = json!({"date": "2026-06-30"});
    let (first, second) = tokio::join!(
        company.post(&path, body.clone()),
        company.post(&path, body.clone())
    );
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    assert_eq!(second.status, StatusCode::OK, "{:?}", second.body);
    // January to June: 464.52 + 5 x 900.00 = 4,964.52, in six entries.
    assert_eq!(first.body["accumulatedDepreciation"], "4964.52");
    assert_eq!(second.body["accumulatedDepreciation"], "4964.52");
    assert_eq!(company.balance("605000").await, "4964.52");
    let entries = company
        .get("/api/v1/accounting/journal-entries?limit=1")
        .await;
    assert_eq!(entries.body["meta"]["total"], 6);
}
