//! Fixed assets (shapes-modules §5): categories, schedules, depreciation posted to the books.
#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test loudly on a broken set-up"
)]

mod depreciation;
mod disposal;
mod edits;
mod origin;
mod pause;
mod revalue;
mod rules;
mod run;

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};

pub const ASSETS: &str = "/api/v1/accounting/assets";
pub const CATEGORIES: &str = "/api/v1/accounting/asset-categories";

pub async fn books() -> Company {
    TestApp::company().with_uae_chart().await
}

/// The chart's fixed asset, accumulated depreciation and depreciation expense accounts.
pub fn accounts(company: &Company) -> Value {
    json!({
        "assetAccountId": company.account("150000"),
        "accumulatedDepreciationAccountId": company.account("151000"),
        "depreciationExpenseAccountId": company.account("605000"),
    })
}

/// `body` with the chart's three accounts added.
pub fn with_accounts(company: &Company, mut body: Value) -> Value {
    if let (Some(fields), Some(extra)) = (body.as_object_mut(), accounts(company).as_object()) {
        fields.extend(extra.clone());
    }
    body
}

pub async fn create(company: &Company, body: Value) -> Value {
    let reply = company.post(ASSETS, body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body
}

/// A delivery van bought on 16 January 2026 for 36,000.00, salvage 3,600.00, straight line
/// over 36 months, daily prorata.
pub async fn van(company: &Company) -> Value {
    create(
        company,
        with_accounts(
            company,
            json!({"name": "Delivery van", "code": "VAN-1", "acquisitionDate": "2026-01-16",
                   "cost": "36000", "salvageValue": "3600", "usefulLifeMonths": 36,
                   "method": "straight_line", "prorata": "daily"}),
        ),
    )
    .await
}

/// A press bought on 1 January 2026 for 1,200.00, no salvage, straight line over 12 months:
/// 100.00 a month.
pub async fn press(company: &Company) -> Value {
    create(
        company,
        with_accounts(
            company,
            json!({"name": "Press", "acquisitionDate": "2026-01-01", "cost": "1200",
                   "usefulLifeMonths": 12, "method": "straight_line"}),
        ),
    )
    .await
}

pub async fn depreciate(company: &Company, asset: &Value, date: &str) -> Value {
    let reply = company
        .post(
            &format!("{ASSETS}/{}/depreciate", id_of(asset)),
            json!({ "date": date }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

pub fn id_of(body: &Value) -> String {
    body["id"].as_str().expect("an id").to_owned()
}

pub fn amounts(asset: &Value) -> Vec<String> {
    asset["schedule"]
        .as_array()
        .expect("a schedule")
        .iter()
        .map(|line| line["amount"].as_str().expect("an amount").to_owned())
        .collect()
}

pub fn fields(reply: &Value) -> Vec<String> {
    let mut fields: Vec<String> = reply["errors"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|error| error["field"].as_str().unwrap_or_default().to_owned())
        .collect();
    fields.sort();
    fields
}
