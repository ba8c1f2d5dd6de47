//! Where an asset comes from: a posted vendor bill's line, or the books of another system with
//! depreciation already booked; its vendor and project; a sale on credit to a buyer.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{ASSETS, books, create, depreciate, fields, id_of, with_accounts};

/// A posted bill from `vendor` dated 2026-03-10 with a forklift (12,000.00 on the fixed asset
/// account, charged to `project`) and VAT 5%; the bill's view.
async fn forklift_bill(company: &arkan_testkit::Company, vendor: &str, project: Value) -> Value {
    let vendor = company.vendor(vendor).await;
    let bill = company
        .draft_invoice(json!({"kind": "vendor_bill", "partnerId": vendor,
            "invoiceDate": "2026-03-10", "reference": "FL-77",
            "lines": [{"description": "Forklift 2.5 t", "quantity": "1", "unitPrice": "12000",
                       "accountId": company.account("150000"), "projectId": project,
                       "taxIds": [company.tax("VAT 5% (purchases)")]}]}))
        .await;
    let posted = company.post_invoice(bill.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    posted.body
}

#[tokio::test]
async fn an_asset_bought_on_a_vendor_bill_line_takes_its_name_date_cost_vendor_and_project() {
    // A TRN: the company also issues a client invoice.
    let company = arkan_testkit::TestApp::company()
        .trn("100123456700003")
        .with_uae_chart()
        .await;
    let project = company.project("WH2").await;
    let bill = forklift_bill(&company, "Gulf Lifts", json!(project)).await;
    let line = bill["lines"][0]["id"].clone();
    let body = json!({"vendorBillLineId": line, "usefulLifeMonths": 60, "method": "straight_line",
        "accumulatedDepreciationAccountId": company.account("151000"),
        "depreciationExpenseAccountId": company.account("605000")});

    let asset = create(&company, body.clone()).await;
    assert_eq!(asset["name"], "Forklift 2.5 t");
    assert_eq!(asset["acquisitionDate"], "2026-03-10");
    // Before tax: the VAT went to the recoverable tax account, not into the cost.
    assert_eq!(asset["cost"], "12000.00");
    assert_eq!(
        asset["assetAccountId"],
        company.account("150000").to_string()
    );
    assert_eq!(asset["partnerId"], bill["partnerId"]);
    assert_eq!(asset["projectId"], project.to_string());
    assert_eq!(asset["vendorBillLineId"], line);
    assert_eq!(asset["alreadyDepreciated"], "0.00");
    assert_eq!(asset["schedule"].as_array().map(Vec::len), Some(60));
    // The bill put the cost on the asset account; depreciation goes to the project.
    assert_eq!(company.balance("150000").await, "12000.00");
    let asset = depreciate(&company, &asset, "2026-03-31").await;
    let entry = asset["schedule"][0]["journalEntryId"]
        .as_str()
        .expect("a posted line");
    let entry = company
        .get(&format!("/api/v1/accounting/journal-entries/{entry}"))
        .await;
    assert_eq!(entry.body["lines"][0]["debit"], "200.00");
    assert_eq!(entry.body["lines"][0]["projectId"], project.to_string());

    // One asset per line.
    let again = company.post(ASSETS, body.clone()).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{:?}", again.body);
    assert_eq!(again.body["code"], "bill_line_has_asset");

    // Given fields win over the line's; a draft bill's line, a client invoice's line and a
    // line of another company's bill are no posted vendor bill lines of this company.
    let draft = company
        .draft_invoice(
            json!({"kind": "vendor_bill", "partnerId": bill["partnerId"],
            "invoiceDate": "2026-03-12",
            "lines": [{"description": "Racking", "quantity": "1", "unitPrice": "800"}]}),
        )
        .await;
    let client = company.client("Buyer").await;
    let invoice = company.posted_invoice(client, "500").await;
    let invoice = company.invoice(invoice).await.body;
    let other = books().await;
    let others_bill = forklift_bill(&other, "Other Lifts", Value::Null).await;
    for line in [
        draft.body["lines"][0]["id"].clone(),
        invoice["lines"][0]["id"].clone(),
        others_bill["lines"][0]["id"].clone(),
    ] {
        let mut body = body.clone();
        body["vendorBillLineId"] = line;
        let refused = company.post(ASSETS, body).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{:?}",
            refused.body
        );
        assert_eq!(fields(&refused.body), vec!["vendorBillLineId"]);
    }
    let other_line = json!({"vendorBillLineId": others_bill["lines"][0]["id"], "name": "Mine",
        "usefulLifeMonths": 60, "method": "straight_line"});
    let theirs = other.post(ASSETS, with_accounts(&other, other_line)).await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{:?}", theirs.body);
    assert_eq!(theirs.body["name"], "Mine");
    assert_eq!(theirs.body["cost"], "12000.00");

    // Without a line, the name, date and cost are required.
    let bare = company
        .post(
            ASSETS,
            with_accounts(
                &company,
                json!({"usefulLifeMonths": 12, "method": "straight_line"}),
            ),
        )
        .await;
    assert_eq!(bare.status, StatusCode::BAD_REQUEST, "{:?}", bare.body);
    assert_eq!(fields(&bare.body), vec!["acquisitionDate", "cost", "name"]);
}

/// A press bought on 1 July 2025 for 1,200.00 over 12 months (100.00 a month), brought over
/// from another system with 650.00 depreciated.
fn migrated_press(company: &arkan_testkit::Company) -> Value {
    with_accounts(
        company,
        json!({"name": "Press", "acquisitionDate": "2025-07-01", "cost": "1200",
               "usefulLifeMonths": 12, "method": "straight_line", "alreadyDepreciated": "650"}),
    )
}

#[tokio::test]
async fn a_migrated_asset_depreciates_only_what_was_not_booked_before_and_is_sold_on_credit() {
    let company = books().await;
    company
        .posted_entry("2025-07-01", "150000", "101000", "1200")
        .await;
    company
        .posted_entry("2025-12-31", "605000", "151000", "650")
        .await;

    // 6.5 months were booked: the schedule keeps half of January 2026 and February to June.
    let asset = create(&company, migrated_press(&company)).await;
    assert_eq!(asset["alreadyDepreciated"], "650.00");
    assert_eq!(asset["accumulatedDepreciation"], "650.00");
    assert_eq!(asset["bookValue"], "550.00");
    assert_eq!(
        super::amounts(&asset),
        vec!["50.00", "100.00", "100.00", "100.00", "100.00", "100.00"]
    );
    assert_eq!(asset["schedule"][0]["date"], "2026-01-31");
    assert_eq!(asset["schedule"][0]["accumulated"], "700.00");
    assert_eq!(asset["schedule"][5]["accumulated"], "1200.00");
    assert_eq!(asset["schedule"][5]["bookValue"], "0.00");

    // More than the depreciable amount is refused.
    let mut too_much = migrated_press(&company);
    too_much["alreadyDepreciated"] = json!("1200.01");
    let refused = company.post(ASSETS, too_much).await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(fields(&refused.body), vec!["alreadyDepreciated"]);

    // To March: 50.00 + 100.00 + 100.00.
    let asset = depreciate(&company, &asset, "2026-03-31").await;
    assert_eq!(asset["accumulatedDepreciation"], "900.00");
    assert_eq!(company.balance("151000").await, "-900.00");
    let listed = company.get(&format!("{ASSETS}?as_of=2026-02-28")).await;
    assert_eq!(listed.body["data"][0]["bookValue"], "400.00");

    // Sold on credit on 31 March for 400.00: book value 300.00, a gain of 100.00.
    let path = format!("{ASSETS}/{}/dispose", id_of(&asset));
    let sale = json!({"date": "2026-03-31", "method": "sale", "proceeds": "400",
        "proceedsAccountId": company.account("110000"),
        "gainAccountId": company.account("409000")});
    // A receivable needs the buyer, a partner of this company.
    let other = books().await;
    let stranger = other.client("Not ours").await;
    for buyer in [Value::Null, json!(stranger)] {
        let mut body = sale.clone();
        body["partnerId"] = buyer;
        let refused = company.post(&path, body).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{:?}",
            refused.body
        );
        assert_eq!(fields(&refused.body), vec!["partnerId"]);
    }

    let buyer = company.client("Press buyer").await;
    let mut with_buyer = sale;
    with_buyer["partnerId"] = json!(buyer);
    let sold = company.post(&path, with_buyer).await;
    assert_eq!(sold.status, StatusCode::OK, "{:?}", sold.body);
    assert_eq!(sold.body["disposal"]["bookValue"], "300.00");
    assert_eq!(sold.body["disposal"]["gainLoss"], "100.00");
    assert_eq!(company.balance("150000").await, "0.00");
    assert_eq!(company.balance("151000").await, "0.00");
    assert_eq!(company.balance("110000").await, "400.00");
    assert_eq!(company.balance("409000").await, "-100.00");
}

#[tokio::test]
async fn a_vendor_or_project_of_another_company_is_refused() {
    let company = books().await;
    let other = books().await;
    let vendor = other.vendor("Their vendor").await;
    let project = other.project("THEIRS").await;
    for (field, value) in [("partnerId", vendor), ("projectId", project)] {
        let mut body = migrated_press(&company);
        body[field] = json!(value);
        let refused = company.post(ASSETS, body).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{:?}",
            refused.body
        );
        assert_eq!(fields(&refused.body), vec![field]);
    }
    let listed = company.get(ASSETS).await;
    assert_eq!(listed.body["meta"]["total"], 0);
}
