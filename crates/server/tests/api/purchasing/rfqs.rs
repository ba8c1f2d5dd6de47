//! RFQs (Order 13): three vendors asked, their quotes entered (one replaced), the comparison
//! checked by hand, the quotes awarded line by line to draft purchase orders; the rules and
//! bad input.

use arkan_testkit::{Company, TestApp, error_fields};
use axum::http::StatusCode;
use chrono::Datelike;
use serde_json::{Value, json};

use super::{ORDERS, PRODUCTS, create, id_of, names_fields};

pub(super) const RFQS: &str = "/api/v1/inventory/rfqs";

/// A company with three vendors (Alpha, Beta, Gamma) and a client, and two products:
/// `(company, bolts, nuts)`.
pub(super) async fn three_vendors() -> (Company, String, String) {
    let company = TestApp::company()
        .plan("enterprise")
        .vendor("Alpha")
        .vendor("Beta")
        .vendor("Gamma")
        .client("Walk-in")
        .await;
    let bolts = item(&company, "Bolts", "BLT-1").await;
    let nuts = item(&company, "Nuts", "NUT-1").await;
    (company, bolts, nuts)
}

/// A storable product in units, without taxes.
async fn item(company: &Company, name: &str, sku: &str) -> String {
    let body = json!({"name": name, "sku": sku, "type": "storable", "uom": "unit", "cost": "1"});
    id_of(&create(company, PRODUCTS, body).await)
}

/// An action that answers 200 with the object.
pub(super) async fn acted(company: &Company, path: &str, body: Value) -> Value {
    let reply = company.post(path, body).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    reply.body
}

pub(super) fn vendor(company: &Company, name: &str) -> String {
    company.partner(name).to_string()
}

/// The code of an error answer, with its status checked.
pub(super) fn code_of(reply: &arkan_testkit::Reply, status: StatusCode) -> String {
    assert_eq!(reply.status, status, "{:?}", reply.body);
    reply.body["code"].as_str().unwrap_or_default().to_owned()
}

pub(super) fn year() -> i32 {
    chrono::Utc::now().year()
}

fn vendor_row<'a>(compare: &'a Value, partner: &str) -> &'a Value {
    compare["vendors"]
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row["partnerId"] == partner))
        .unwrap_or(&Value::Null)
}

/// A sent RFQ of 100 bolts and 50 nuts to Alpha, Beta and Gamma: `(id, bolts line, nuts line)`.
async fn sent_rfq(company: &Company, bolts: &str, nuts: &str) -> (String, String, String) {
    let vendors: Vec<String> = ["Alpha", "Beta", "Gamma"]
        .iter()
        .map(|name| vendor(company, name))
        .collect();
    let draft = create(
        company,
        RFQS,
        json!({"partnerIds": vendors, "deadline": "2030-01-31T12:00:00Z",
               "expectedDate": "2030-02-15", "notes": "Quarterly fasteners",
               "lines": [{"productId": bolts, "quantity": "100"},
                         {"productId": nuts, "quantity": "50"}]}),
    )
    .await;
    assert_eq!(draft["state"], "draft");
    assert_eq!(draft["number"], Value::Null);
    assert_eq!(draft["lines"][0]["description"], "Bolts");
    assert_eq!(draft["lines"][0]["uom"], "unit");
    let id = id_of(&draft);
    let sent = acted(company, &format!("{RFQS}/{id}/send"), json!({})).await;
    assert_eq!(sent["state"], "sent");
    assert_eq!(sent["number"], format!("RFQ/{}/00001", year()));
    let line = |index: usize| {
        sent["lines"][index]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    (id, line(0), line(1))
}

#[tokio::test]
async fn an_rfq_to_three_vendors_is_compared_and_awarded_line_by_line() {
    let (company, bolts, nuts) = three_vendors().await;
    let (rfq, bolt_line, nut_line) = sent_rfq(&company, &bolts, &nuts).await;
    let quotes = format!("{RFQS}/{rfq}/quotes");
    let (alpha, beta, gamma) = (
        vendor(&company, "Alpha"),
        vendor(&company, "Beta"),
        vendor(&company, "Gamma"),
    );

    let quote = create(
        &company,
        &quotes,
        json!({"partnerId": alpha, "leadTimeDays": 10, "validUntil": "2030-03-31",
               "lines": [{"lineId": bolt_line, "unitPrice": "2"},
                         {"lineId": nut_line, "unitPrice": "3"}]}),
    )
    .await;
    assert_eq!(quote["amountUntaxed"], "350.00");
    assert_eq!(quote["source"], "staff");
    assert_eq!(quote["currency"], "AED");
    assert_eq!(quote["rfqId"], rfq.as_str());
    let first = create(
        &company,
        &quotes,
        json!({"partnerId": beta, "leadTimeDays": 5,
               "lines": [{"lineId": bolt_line, "unitPrice": "1.8"},
                         {"lineId": nut_line, "unitPrice": "3.5"}]}),
    )
    .await;
    assert_eq!(first["amountUntaxed"], "355.00");
    // Gamma quotes the bolts only.
    create(
        &company,
        &quotes,
        json!({"partnerId": gamma, "leadTimeDays": 7,
               "lines": [{"lineId": bolt_line, "unitPrice": "1.5"}]}),
    )
    .await;
    // Beta's second quote replaces its first (200), keeping when it first answered.
    let replaced = company
        .post(
            &quotes,
            json!({"partnerId": beta, "leadTimeDays": 5,
                   "lines": [{"lineId": bolt_line, "unitPrice": "1.9"},
                             {"lineId": nut_line, "unitPrice": "3.2", "discountPercent": "10"}]}),
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK, "{:?}", replaced.body);
    // 100 × 1.90 + 50 × 3.20 × 0.9
    assert_eq!(replaced.body["amountUntaxed"], "334.00");
    assert_eq!(replaced.body["id"], first["id"]);
    assert_eq!(replaced.body["submittedAt"], first["submittedAt"]);
    let shown = company.get(&format!("{RFQS}/{rfq}")).await;
    assert_eq!(shown.body["quotes"].as_array().map(Vec::len), Some(3));

    let compare = company.get(&format!("{RFQS}/{rfq}/compare")).await;
    assert_eq!(compare.status, StatusCode::OK, "{:?}", compare.body);
    let compare = compare.body;
    assert_eq!(compare["rfqId"], rfq.as_str());
    assert_eq!(compare["currency"], "AED");
    let bolts_row = compare["lines"][0].clone();
    assert_eq!(bolts_row["lineId"], bolt_line.as_str());
    assert_eq!(bolts_row["quantity"], "100");
    assert_eq!(bolts_row["offers"].as_array().map(Vec::len), Some(3));
    assert_eq!(bolts_row["bestPricePartnerId"], gamma.as_str());
    let nuts_row = compare["lines"][1].clone();
    assert_eq!(nuts_row["offers"].as_array().map(Vec::len), Some(2));
    // Beta's nuts: 3.20 less 10 %.
    assert_eq!(
        nuts_row["offers"]
            .as_array()
            .and_then(|offers| offers.iter().find(|offer| offer["partnerId"] == beta))
            .map(|offer| (offer["unitPrice"].clone(), offer["subtotal"].clone())),
        Some((json!("2.88"), json!("144.00")))
    );
    assert_eq!(nuts_row["bestPricePartnerId"], beta.as_str());
    // Gamma is cheapest but prices one line: the cheapest complete quote is Beta's.
    assert_eq!(compare["bestPricePartnerId"], beta.as_str());
    assert_eq!(compare["fastestPartnerId"], beta.as_str());
    // Scores: price 60, lead time 20, rating 20. The quotes themselves rate the vendors
    // (vendor rating: each answered, so response 100 (weight 10); price against the lines'
    // averages, bolts 1.80 and nuts 2.94 (weight 15)): Alpha (180 + 147) / 350 = 93.43 ->
    // rated 96.06; Beta (180 + 144) / 334 = 97.01 -> 98.21; Gamma 100 -> 100.
    // Alpha: price (1.5/2 + 2.88/3)/2 = 0.855, lead (1+5)/(1+10):
    //   0.6 x 85.5 + 0.2 x 54.55 + 0.2 x 96.06 = 81.42.
    // Beta: price (1.5/1.9 + 1)/2, lead 1: 0.6 x 89.47 + 20 + 0.2 x 98.21 = 93.33.
    // Gamma: price (1 + 0)/2, lead 6/8: 30 + 15 + 20 = 65.
    assert_eq!(vendor_row(&compare, &alpha)["score"], "81.42");
    assert_eq!(vendor_row(&compare, &beta)["score"], "93.33");
    assert_eq!(vendor_row(&compare, &gamma)["score"], "65");
    assert_eq!(vendor_row(&compare, &alpha)["partnerName"], "Alpha");
    assert_eq!(vendor_row(&compare, &alpha)["validUntil"], "2030-03-31");
    assert_eq!(vendor_row(&compare, &beta)["amountUntaxed"], "334.00");
    assert_eq!(compare["bestRatedPartnerId"], beta.as_str());

    // The nuts go to Beta: a draft order at its quote's price and discount.
    let award = format!("{RFQS}/{rfq}/award");
    let order = create(
        &company,
        &award,
        json!({"quoteId": first["id"], "lineIds": [nut_line]}),
    )
    .await;
    assert_eq!(order["state"], "draft");
    assert_eq!(order["rfqId"], rfq.as_str());
    assert_eq!(order["partnerId"], beta.as_str());
    assert_eq!(order["expectedDate"], "2030-02-15");
    assert_eq!(order["lines"].as_array().map(Vec::len), Some(1));
    assert_eq!(order["lines"][0]["productId"], nuts.as_str());
    assert_eq!(order["lines"][0]["quantity"], "50");
    assert_eq!(order["lines"][0]["unitPrice"], "3.2");
    assert_eq!(order["lines"][0]["discountPercent"], "10");
    assert_eq!(order["amountUntaxed"], "144.00");
    let still = company.get(&format!("{RFQS}/{rfq}")).await.body;
    assert_eq!(still["state"], "sent");
    assert_eq!(still["lines"][1]["purchaseOrderId"], order["id"]);
    // The nuts are taken; Gamma's quote gives the bolts, and everything is awarded.
    let again = company
        .post(
            &award,
            json!({"quoteId": quote["id"], "lineIds": [nut_line]}),
        )
        .await;
    assert_eq!(code_of(&again, StatusCode::CONFLICT), "rfq_line_awarded");
    let gamma_quote = vendor_row(&compare, &gamma)["quoteId"].clone();
    let second = create(&company, &award, json!({"quoteId": gamma_quote})).await;
    assert_eq!(second["partnerId"], gamma.as_str());
    assert_eq!(second["lines"][0]["quantity"], "100");
    assert_eq!(second["amountUntaxed"], "150.00");
    let closed = company.get(&format!("{RFQS}/{rfq}")).await.body;
    assert_eq!(closed["state"], "closed");
    assert_eq!(
        closed["purchaseOrderIds"],
        json!([order["id"], second["id"]])
    );
    let late = company
        .post(
            &quotes,
            json!({"partnerId": alpha, "lines": [{"lineId": bolt_line, "unitPrice": "1"}]}),
        )
        .await;
    assert_eq!(code_of(&late, StatusCode::CONFLICT), "rfq_closed");
    let orders = company.get(&format!("{ORDERS}?rfq_id={rfq}")).await;
    assert_eq!(orders.body["meta"]["total"], 2, "{:?}", orders.body);
}

#[tokio::test]
async fn rfq_rules_and_bad_input() {
    let (company, bolts, _) = three_vendors().await;
    let alpha = vendor(&company, "Alpha");
    let client = company.partner("Walk-in").to_string();
    let bad = company
        .post(
            RFQS,
            json!({"partnerIds": [client, alpha, alpha], "deadline": "next week",
                   "currency": "XXX",
                   "lines": [{"productId": bolts, "quantity": "-1"},
                             {"quantity": "2"},
                             {"productId": bolts, "quantity": "1", "uom": "kg"},
                             {"description": "Paint", "quantity": "1.5"}]}),
        )
        .await;
    names_fields(
        &bad,
        &[
            "partnerIds[0]",
            "partnerIds[2]",
            "deadline",
            "currency",
            "lines[0].quantity",
            "lines[1].description",
            "lines[2].uom",
            "lines[3].quantity",
        ],
    );
    let empty = company
        .post(RFQS, json!({"partnerIds": [], "lines": []}))
        .await;
    assert_eq!(
        error_fields(&empty.body),
        vec!["lines".to_owned(), "partnerIds".to_owned()]
    );

    let draft = create(
        &company,
        RFQS,
        json!({"partnerIds": [alpha], "lines": [{"productId": bolts, "quantity": "5"}]}),
    )
    .await;
    let id = id_of(&draft);
    let path = format!("{RFQS}/{id}");
    let line = draft["lines"][0]["id"].clone();
    // A draft takes no quote, and is edited or deleted only while a draft.
    let early = company
        .post(
            &format!("{path}/quotes"),
            json!({"partnerId": alpha, "lines": [{"lineId": line, "unitPrice": "1"}]}),
        )
        .await;
    assert_eq!(code_of(&early, StatusCode::CONFLICT), "rfq_not_sent");
    let edited = company
        .patch(
            &path,
            json!({"notes": "Urgent", "lines": [{"productId": bolts, "quantity": "7"}]}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(edited.body["lines"][0]["quantity"], "7");
    let line = edited.body["lines"][0]["id"].clone();

    // Roles and tenancy.
    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let as_viewer = company
        .app
        .post(
            &format!("{path}/send"),
            &viewer,
            Some(company.id),
            json!({}),
        )
        .await;
    assert_eq!(as_viewer.status, StatusCode::FORBIDDEN);
    let seen = company.app.get(&path, &viewer, Some(company.id)).await;
    assert_eq!(seen.status, StatusCode::OK);
    let (_, buyer) = company.member("buyer@arkan.test", "purchasing").await;
    let sent = company
        .app
        .post(&format!("{path}/send"), &buyer, Some(company.id), json!({}))
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    let other = company.another_company("Other LLC").await;
    let theirs = company.app.get(&path, &company.token, Some(other)).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    // Another company's vendor and product are no vendor or product of this one.
    let elsewhere = company
        .app
        .post(
            "/api/v1/crm/vendors",
            &company.token,
            Some(other),
            json!({"name": "Elsewhere Trading"}),
        )
        .await;
    let their_item = company
        .app
        .post(
            PRODUCTS,
            &company.token,
            Some(other),
            json!({"name": "Washers", "sku": "WSH-9", "type": "storable", "uom": "unit"}),
        )
        .await;
    let foreign = company
        .post(
            RFQS,
            json!({"partnerIds": [elsewhere.body["id"]],
                   "lines": [{"productId": their_item.body["id"], "quantity": "1"}]}),
        )
        .await;
    names_fields(&foreign, &["partnerIds[0]", "lines[0].productId"]);

    let late_edit = company.patch(&path, json!({"notes": "x"})).await;
    assert_eq!(code_of(&late_edit, StatusCode::CONFLICT), "rfq_not_draft");
    let late_delete = company.delete(&path).await;
    assert_eq!(code_of(&late_delete, StatusCode::CONFLICT), "rfq_not_draft");
    let beta = vendor(&company, "Beta");
    let stranger = company
        .post(
            &format!("{path}/quotes"),
            json!({"partnerId": beta, "currency": "USD",
                   "lines": [{"lineId": line, "unitPrice": "abc"},
                             {"lineId": alpha, "unitPrice": "1"}]}),
        )
        .await;
    assert_eq!(stranger.status, StatusCode::BAD_REQUEST);
    names_fields(
        &stranger,
        &[
            "partnerId",
            "currency",
            "lines[0].unitPrice",
            "lines[1].lineId",
        ],
    );
    let no_quote = company
        .post(&format!("{path}/award"), json!({"quoteId": alpha}))
        .await;
    assert_eq!(error_fields(&no_quote.body), vec!["quoteId".to_owned()]);

    let listed = company
        .get(&format!("{RFQS}?state=sent&partner_id={alpha}"))
        .await;
    assert_eq!(listed.body["meta"]["total"], 1, "{:?}", listed.body);
    let none = company.get(&format!("{RFQS}?partner_id={beta}")).await;
    assert_eq!(none.body["meta"]["total"], 0);
    let wrong = company.get(&format!("{RFQS}?state=open")).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);

    let cancelled = acted(
        &company,
        &format!("{path}/cancel"),
        json!({"reason": "Budget cut"}),
    )
    .await;
    assert_eq!(cancelled["state"], "cancelled");
    assert_eq!(cancelled["cancelReason"], "Budget cut");
    let twice = company.post(&format!("{path}/cancel"), json!({})).await;
    assert_eq!(code_of(&twice, StatusCode::CONFLICT), "rfq_closed");

    let scrap = create(
        &company,
        RFQS,
        json!({"partnerIds": [alpha], "lines": [{"description": "Paint", "quantity": "2"}]}),
    )
    .await;
    let scrap_path = format!("{RFQS}/{}", id_of(&scrap));
    assert_eq!(
        company.delete(&scrap_path).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(company.get(&scrap_path).await.status, StatusCode::NOT_FOUND);
}
