//! Tenders (Order 13): sealed bids revised until evaluation, scores checked by hand, an
//! award line by line to two draft purchase orders; the deadline, the rules and bad input.

use std::time::Duration;

use arkan_testkit::{Company, error_fields};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::rfqs::{acted, code_of, three_vendors, vendor, year};
use super::{ORDERS, create, id_of, names_fields};

const TENDERS: &str = "/api/v1/inventory/purchase-agreements";

/// An instant `seconds` from now, RFC 3339.
fn in_seconds(seconds: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(seconds)).to_rfc3339()
}

/// A draft tender of 100 bolts and 50 nuts inviting `vendors`, its deadline in `seconds`.
async fn tender(
    company: &Company,
    bolts: &str,
    nuts: &str,
    vendors: &[String],
    seconds: i64,
) -> Value {
    create(
        company,
        TENDERS,
        json!({"title": "Fasteners 2026", "deadline": in_seconds(seconds),
               "description": "Yearly supply", "partnerIds": vendors,
               "lines": [{"productId": bolts, "quantity": "100"},
                         {"productId": nuts, "quantity": "50"}]}),
    )
    .await
}

fn line(tender: &Value, index: usize) -> String {
    tender["lines"][index]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn bid_of<'a>(tender: &'a Value, partner: &str) -> &'a Value {
    tender["bids"]
        .as_array()
        .and_then(|bids| bids.iter().find(|bid| bid["partnerId"] == partner))
        .unwrap_or(&Value::Null)
}

#[tokio::test]
async fn sealed_bids_are_revised_evaluated_and_awarded_line_by_line() {
    let (company, bolts, nuts) = three_vendors().await;
    let (alpha, beta) = (vendor(&company, "Alpha"), vendor(&company, "Beta"));
    let draft = tender(
        &company,
        &bolts,
        &nuts,
        &[alpha.clone(), beta.clone()],
        3_600,
    )
    .await;
    assert_eq!(draft["state"], "draft");
    assert_eq!(draft["number"], Value::Null);
    let id = id_of(&draft);
    let path = format!("{TENDERS}/{id}");
    let opened = acted(&company, &format!("{path}/open"), json!({})).await;
    assert_eq!(opened["state"], "open");
    assert_eq!(opened["number"], format!("TND/{}/00001", year()));
    let (bolt_line, nut_line) = (line(&opened, 0), line(&opened, 1));

    let bids = format!("{path}/bids");
    let first = create(
        &company,
        &bids,
        json!({"partnerId": alpha, "leadTimeDays": 10,
               "lines": [{"lineId": bolt_line, "unitPrice": "2"},
                         {"lineId": nut_line, "unitPrice": "3"}]}),
    )
    .await;
    assert_eq!(first["amountUntaxed"], "350.00");
    assert_eq!(first["agreementId"], id.as_str());
    assert_eq!(first["score"], Value::Null);
    create(
        &company,
        &bids,
        json!({"partnerId": beta, "leadTimeDays": 4,
               "lines": [{"lineId": bolt_line, "unitPrice": "1.8"},
                         {"lineId": nut_line, "unitPrice": "3.5"}]}),
    )
    .await;
    // Alpha revises its bolts before the deadline (200, same bid).
    let revised = company
        .post(
            &bids,
            json!({"partnerId": alpha, "leadTimeDays": 10,
                   "lines": [{"lineId": bolt_line, "unitPrice": "1.6"},
                             {"lineId": nut_line, "unitPrice": "3"}]}),
        )
        .await;
    assert_eq!(revised.status, StatusCode::OK, "{:?}", revised.body);
    assert_eq!(revised.body["id"], first["id"]);
    assert_eq!(revised.body["amountUntaxed"], "310.00");

    // Sealed: another member sees how many bids there are, not what they say.
    let (_, colleague) = company.member("buyer@arkan.test", "purchasing").await;
    let seen = company.app.get(&path, &colleague, Some(company.id)).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.body["bidCount"], 2);
    assert_eq!(seen.body["bids"], json!([]));
    let listed = company.get(&format!("{TENDERS}?state=open")).await;
    assert_eq!(listed.body["data"][0]["bids"], json!([]));
    let sealed = company.get(&format!("{path}/compare")).await;
    assert_eq!(code_of(&sealed, StatusCode::CONFLICT), "bids_sealed");
    let early = company
        .post(&format!("{path}/award"), json!({"partnerId": alpha}))
        .await;
    assert_eq!(
        code_of(&early, StatusCode::CONFLICT),
        "tender_not_in_evaluation"
    );

    let bad_weights = company
        .post(
            &format!("{path}/evaluate"),
            json!({"weights": {"price": "0", "leadTime": "0"}}),
        )
        .await;
    assert_eq!(error_fields(&bad_weights.body), vec!["weights".to_owned()]);
    let evaluated = acted(
        &company,
        &format!("{path}/evaluate"),
        json!({"weights": {"price": "70", "leadTime": "30", "rating": "0"}}),
    )
    .await;
    assert_eq!(evaluated["state"], "evaluation");
    assert_eq!(evaluated["weights"]["price"], "70");
    // Alpha: price (1.6/1.6 + 3/3)/2 = 1, lead (1+4)/(1+10): 0.7 + 0.3 × 5/11 = 83.64.
    // Beta: price (1.6/1.8 + 3/3.5)/2 = 0.873016, lead 1: 0.7 × 0.873016 + 0.3 = 91.11.
    assert_eq!(bid_of(&evaluated, &alpha)["score"], "83.64");
    assert_eq!(bid_of(&evaluated, &beta)["score"], "91.11");
    assert_eq!(bid_of(&evaluated, &alpha)["lines"][0]["unitPrice"], "1.6");
    let late = company
        .post(
            &bids,
            json!({"partnerId": beta, "lines": [{"lineId": bolt_line, "unitPrice": "1"}]}),
        )
        .await;
    assert_eq!(code_of(&late, StatusCode::CONFLICT), "tender_not_open");

    let compare = company.get(&format!("{path}/compare")).await;
    assert_eq!(compare.status, StatusCode::OK, "{:?}", compare.body);
    let compare = compare.body;
    assert_eq!(compare["agreementId"], id.as_str());
    assert_eq!(compare["bestPricePartnerId"], alpha.as_str());
    assert_eq!(compare["fastestPartnerId"], beta.as_str());
    assert_eq!(compare["bestRatedPartnerId"], beta.as_str());
    assert_eq!(compare["lines"][0]["bestPricePartnerId"], alpha.as_str());
    assert_eq!(compare["lines"][1]["bestPricePartnerId"], alpha.as_str());
    assert!(compare["vendors"][0]["bidId"].is_string(), "{compare:?}");

    // The bolts to Alpha, the nuts to Beta: two draft orders at their bids' prices.
    let awarded = acted(
        &company,
        &format!("{path}/award"),
        json!({"lines": [{"lineId": bolt_line, "partnerId": alpha},
                         {"lineId": nut_line, "partnerId": beta}]}),
    )
    .await;
    assert_eq!(awarded["state"], "awarded");
    assert_eq!(awarded["lines"][0]["awardedPartnerId"], alpha.as_str());
    assert_eq!(awarded["lines"][1]["awardedPartnerId"], beta.as_str());
    let orders = awarded["purchaseOrderIds"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(orders.len(), 2);
    let mut fetched = Vec::new();
    for order in &orders {
        let id = order.as_str().unwrap_or_default();
        fetched.push(company.get(&format!("{ORDERS}/{id}")).await.body);
    }
    let to_alpha = &fetched[0];
    assert_eq!(to_alpha["state"], "draft");
    assert_eq!(to_alpha["agreementId"], id.as_str());
    assert_eq!(to_alpha["partnerId"], alpha.as_str());
    assert_eq!(to_alpha["lines"][0]["unitPrice"], "1.6");
    assert_eq!(to_alpha["amountUntaxed"], "160.00");
    let to_beta = &fetched[1];
    assert_eq!(to_beta["partnerId"], beta.as_str());
    assert_eq!(to_beta["lines"][0]["quantity"], "50");
    assert_eq!(to_beta["amountUntaxed"], "175.00");
    let again = company.post(&format!("{path}/cancel"), json!({})).await;
    assert_eq!(
        code_of(&again, StatusCode::CONFLICT),
        "purchase_agreement_closed"
    );
}

#[tokio::test]
async fn bids_after_the_deadline_are_refused() {
    let (company, bolts, nuts) = three_vendors().await;
    let alpha = vendor(&company, "Alpha");
    // No vendor list: any vendor may bid.
    let draft = tender(&company, &bolts, &nuts, &[], 2).await;
    let path = format!("{TENDERS}/{}", id_of(&draft));
    let opened = acted(&company, &format!("{path}/open"), json!({})).await;
    let body =
        json!({"partnerId": alpha, "lines": [{"lineId": line(&opened, 0), "unitPrice": "1"}]});
    create(&company, &format!("{path}/bids"), body.clone()).await;
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let late = company.post(&format!("{path}/bids"), body).await;
    assert_eq!(code_of(&late, StatusCode::CONFLICT), "tender_not_open");
    // Evaluated with the default weights: one bid, pricing one of two lines (price 0.5),
    // no lead time and no rating: 50.
    let evaluated = acted(&company, &format!("{path}/evaluate"), json!({})).await;
    assert_eq!(evaluated["bids"][0]["score"], "50");
    // The bid does not price the nuts: it cannot take the whole tender.
    let whole = company
        .post(&format!("{path}/award"), json!({"partnerId": alpha}))
        .await;
    assert_eq!(error_fields(&whole.body), vec!["partnerId".to_owned()]);
}

#[tokio::test]
async fn tender_rules_and_bad_input() {
    let (company, bolts, nuts) = three_vendors().await;
    let (alpha, gamma) = (vendor(&company, "Alpha"), vendor(&company, "Gamma"));
    let bad = company
        .post(
            TENDERS,
            json!({"title": " ", "deadline": "tomorrow", "partnerIds": [bolts],
                   "lines": [{"productId": nuts, "quantity": "x"}]}),
        )
        .await;
    names_fields(
        &bad,
        &["title", "deadline", "partnerIds[0]", "lines[0].quantity"],
    );
    let draft = tender(&company, &bolts, &nuts, std::slice::from_ref(&alpha), 3_600).await;
    let path = format!("{TENDERS}/{}", id_of(&draft));
    let on_draft = company
        .post(
            &format!("{path}/bids"),
            json!({"partnerId": alpha, "lines": [{"lineId": line(&draft, 0), "unitPrice": "1"}]}),
        )
        .await;
    assert_eq!(code_of(&on_draft, StatusCode::CONFLICT), "tender_not_open");
    let past = company
        .patch(
            &path,
            json!({"deadline": in_seconds(-60), "title": "Fasteners"}),
        )
        .await;
    assert_eq!(past.status, StatusCode::OK, "{:?}", past.body);
    assert_eq!(past.body["title"], "Fasteners");
    let closed = company.post(&format!("{path}/open"), json!({})).await;
    assert_eq!(error_fields(&closed.body), vec!["deadline".to_owned()]);
    company
        .patch(&path, json!({"deadline": in_seconds(3_600)}))
        .await;

    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let as_viewer = company
        .app
        .post(
            &format!("{path}/open"),
            &viewer,
            Some(company.id),
            json!({}),
        )
        .await;
    assert_eq!(as_viewer.status, StatusCode::FORBIDDEN);
    let other = company.another_company("Other LLC").await;
    let theirs = company.app.get(&path, &company.token, Some(other)).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);

    let opened = acted(&company, &format!("{path}/open"), json!({})).await;
    let late_edit = company.patch(&path, json!({"title": "x"})).await;
    assert_eq!(
        code_of(&late_edit, StatusCode::CONFLICT),
        "purchase_agreement_not_draft"
    );
    let late_delete = company.delete(&path).await;
    assert_eq!(
        code_of(&late_delete, StatusCode::CONFLICT),
        "purchase_agreement_not_draft"
    );
    let uninvited = company
        .post(
            &format!("{path}/bids"),
            json!({"partnerId": gamma,
                   "lines": [{"lineId": line(&opened, 0), "unitPrice": "1"},
                             {"lineId": line(&opened, 0), "unitPrice": "2"}]}),
        )
        .await;
    assert_eq!(
        error_fields(&uninvited.body),
        vec!["lines[1].lineId".to_owned(), "partnerId".to_owned()]
    );
    create(
        &company,
        &format!("{path}/bids"),
        json!({"partnerId": alpha, "lines": [{"lineId": line(&opened, 0), "unitPrice": "1"}]}),
    )
    .await;
    acted(&company, &format!("{path}/evaluate"), json!({})).await;
    let twice = company.post(&format!("{path}/evaluate"), json!({})).await;
    assert_eq!(code_of(&twice, StatusCode::CONFLICT), "tender_not_open");
    let neither = company.post(&format!("{path}/award"), json!({})).await;
    assert_eq!(error_fields(&neither.body), vec!["partnerId".to_owned()]);
    let not_priced = company
        .post(
            &format!("{path}/award"),
            json!({"lines": [{"lineId": line(&opened, 1), "partnerId": alpha}]}),
        )
        .await;
    assert_eq!(
        error_fields(&not_priced.body),
        vec!["lines[0].partnerId".to_owned()]
    );
    let cancelled = acted(&company, &format!("{path}/cancel"), json!({})).await;
    assert_eq!(cancelled["state"], "cancelled");

    let scrap = tender(&company, &bolts, &nuts, &[], 3_600).await;
    let scrap_path = format!("{TENDERS}/{}", id_of(&scrap));
    assert_eq!(
        company.delete(&scrap_path).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(company.get(&scrap_path).await.status, StatusCode::NOT_FOUND);
}
