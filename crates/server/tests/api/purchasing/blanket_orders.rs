//! Blanket orders (Order 13): call-offs at the agreed prices until nothing remains, calls
//! outside the period, two call-offs at once, and bad input.

use arkan_testkit::{Company, error_fields};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::rfqs::{acted, code_of, three_vendors, vendor, year};
use super::{create, id_of, names_fields};

const BLANKETS: &str = "/api/v1/inventory/blanket-orders";

/// A day `days` from today (before it when negative), `YYYY-MM-DD`.
fn day(days: i64) -> String {
    let today = chrono::Utc::now().date_naive();
    let shift = chrono::Days::new(days.unsigned_abs());
    let date = if days >= 0 {
        today + shift
    } else {
        today - shift
    };
    date.format("%Y-%m-%d").to_string()
}

/// A confirmed blanket order with Alpha of `lines` (`[(product, quantity, price)]`) from
/// `from` to `to` days from today: its view.
async fn active(company: &Company, lines: &[(&str, &str, &str)], (from, to): (i64, i64)) -> Value {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(product, quantity, price)| {
            json!({"productId": product, "quantity": quantity, "unitPrice": price, "taxIds": []})
        })
        .collect();
    let draft = create(
        company,
        BLANKETS,
        json!({"partnerId": vendor(company, "Alpha"), "dateFrom": day(from), "dateTo": day(to),
               "vendorReference": "FW-2026", "lines": lines}),
    )
    .await;
    assert_eq!(draft["state"], "draft");
    acted(
        company,
        &format!("{BLANKETS}/{}/confirm", id_of(&draft)),
        json!({}),
    )
    .await
}

fn line_id(order: &Value, index: usize) -> String {
    order["lines"][index]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn call_offs_consume_a_blanket_order_until_it_closes() {
    let (company, bolts, nuts) = three_vendors().await;
    let draft = create(
        &company,
        BLANKETS,
        json!({"partnerId": vendor(&company, "Alpha"), "dateFrom": day(-10), "dateTo": day(30),
               "lines": [{"productId": bolts, "quantity": "100", "unitPrice": "2.5", "taxIds": []},
                         {"productId": nuts, "quantity": "40", "unitPrice": "1.25",
                          "discountPercent": "20", "taxIds": []}]}),
    )
    .await;
    // 100 × 2.50 + 40 × 1.25 × 0.8
    assert_eq!(draft["amountUntaxed"], "290.00");
    assert_eq!(draft["amountTotal"], "290.00");
    assert_eq!(draft["lines"][1]["subtotal"], "40.00");
    assert_eq!(draft["lines"][0]["quantityRemaining"], "100");
    assert_eq!(draft["number"], Value::Null);
    let id = id_of(&draft);
    let path = format!("{BLANKETS}/{id}");
    let early = company
        .post(
            &format!("{path}/call-off"),
            json!({"lines": [{"lineId": line_id(&draft, 0), "quantity": "1"}]}),
        )
        .await;
    assert_eq!(
        code_of(&early, StatusCode::CONFLICT),
        "blanket_order_not_active"
    );
    let confirmed = acted(&company, &format!("{path}/confirm"), json!({})).await;
    assert_eq!(confirmed["state"], "active");
    assert_eq!(confirmed["number"], format!("BPO/{}/00001", year()));
    let (bolt_line, nut_line) = (line_id(&confirmed, 0), line_id(&confirmed, 1));

    let call_off = format!("{path}/call-off");
    let first = create(
        &company,
        &call_off,
        json!({"lines": [{"lineId": bolt_line, "quantity": "60"}], "expectedDate": day(5)}),
    )
    .await;
    assert_eq!(first["state"], "confirmed");
    assert_eq!(first["blanketOrderId"], id.as_str());
    assert!(
        first["number"]
            .as_str()
            .is_some_and(|number| number.starts_with("PO/")),
        "{first:?}"
    );
    assert_eq!(first["lines"][0]["unitPrice"], "2.5");
    assert_eq!(first["lines"][0]["quantity"], "60");
    assert_eq!(first["amountTotal"], "150.00");
    assert_eq!(first["expectedDate"], day(5));
    let after = company.get(&path).await.body;
    assert_eq!(after["lines"][0]["quantityCalledOff"], "60");
    assert_eq!(after["lines"][0]["quantityRemaining"], "40");
    assert_eq!(after["purchaseOrderIds"], json!([first["id"]]));

    let too_much = company
        .post(
            &call_off,
            json!({"lines": [{"lineId": bolt_line, "quantity": "41"}]}),
        )
        .await;
    assert_eq!(
        code_of(&too_much, StatusCode::CONFLICT),
        "blanket_quantity_exceeded"
    );
    let rest = create(
        &company,
        &call_off,
        json!({"lines": [{"lineId": bolt_line, "quantity": "40"},
                         {"lineId": nut_line, "quantity": "40"}]}),
    )
    .await;
    // 40 × 2.50 + 40 × 1.25 × 0.8
    assert_eq!(rest["amountTotal"], "140.00");
    assert_eq!(rest["lines"][1]["discountPercent"], "20");
    let closed = company.get(&path).await.body;
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["lines"][0]["quantityRemaining"], "0");
    assert_eq!(closed["lines"][1]["quantityCalledOff"], "40");
    assert_eq!(closed["purchaseOrderIds"], json!([first["id"], rest["id"]]));
    let exhausted = company
        .post(
            &call_off,
            json!({"lines": [{"lineId": nut_line, "quantity": "1"}]}),
        )
        .await;
    assert_eq!(
        code_of(&exhausted, StatusCode::CONFLICT),
        "blanket_order_not_active"
    );
    let cancel = company.post(&format!("{path}/cancel"), json!({})).await;
    assert_eq!(
        code_of(&cancel, StatusCode::CONFLICT),
        "blanket_order_closed"
    );

    // The last call-off cancelled before its goods came: its quantities go back and the
    // blanket order is active again.
    let cancelled = company
        .post(
            &format!("/api/v1/inventory/purchase-orders/{}/cancel", id_of(&rest)),
            json!({"reason": "Project postponed"}),
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    let reopened = company.get(&path).await.body;
    assert_eq!(reopened["state"], "active");
    assert_eq!(reopened["lines"][0]["quantityRemaining"], "40");
    assert_eq!(reopened["lines"][1]["quantityCalledOff"], "0");
    let again = create(
        &company,
        &call_off,
        json!({"lines": [{"lineId": nut_line, "quantity": "40"}]}),
    )
    .await;
    assert_eq!(again["state"], "confirmed");
}

#[tokio::test]
async fn call_offs_outside_the_period_are_refused() {
    let (company, bolts, _) = three_vendors().await;
    let ended = active(&company, &[(&bolts, "10", "3")], (-30, -1)).await;
    assert_eq!(ended["state"], "expired");
    let refused = company
        .post(
            &format!("{BLANKETS}/{}/call-off", id_of(&ended)),
            json!({"lines": [{"lineId": line_id(&ended, 0), "quantity": "1"}]}),
        )
        .await;
    assert_eq!(
        code_of(&refused, StatusCode::CONFLICT),
        "blanket_order_not_active"
    );
    let future = active(&company, &[(&bolts, "10", "3")], (1, 30)).await;
    assert_eq!(future["state"], "active");
    let early = company
        .post(
            &format!("{BLANKETS}/{}/call-off", id_of(&future)),
            json!({"lines": [{"lineId": line_id(&future, 0), "quantity": "1"}]}),
        )
        .await;
    assert_eq!(
        code_of(&early, StatusCode::CONFLICT),
        "blanket_order_not_active"
    );
    let expired = company.get(&format!("{BLANKETS}?state=expired")).await;
    assert_eq!(expired.body["meta"]["total"], 1, "{:?}", expired.body);
    assert_eq!(expired.body["data"][0]["id"], ended["id"]);
    let running = company.get(&format!("{BLANKETS}?state=active")).await;
    assert_eq!(running.body["data"][0]["id"], future["id"]);
    // An expired order may still be cancelled.
    let cancelled = acted(
        &company,
        &format!("{BLANKETS}/{}/cancel", id_of(&ended)),
        json!({"reason": "Lapsed"}),
    )
    .await;
    assert_eq!(cancelled["state"], "cancelled");
}

#[tokio::test]
async fn two_call_offs_at_once_never_take_more_than_remains() {
    let (company, bolts, _) = three_vendors().await;
    let order = active(&company, &[(&bolts, "10", "3")], (-1, 10)).await;
    let call_off = format!("{BLANKETS}/{}/call-off", id_of(&order));
    let body = json!({"lines": [{"lineId": line_id(&order, 0), "quantity": "6"}]});
    let (first, second) = tokio::join!(
        company.post(&call_off, body.clone()),
        company.post(&call_off, body.clone())
    );
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::CONFLICT],
        "{:?} {:?}",
        first.body,
        second.body
    );
    let refused = if first.status == StatusCode::CONFLICT {
        first
    } else {
        second
    };
    assert_eq!(refused.body["code"], "blanket_quantity_exceeded");
    let after = company
        .get(&format!("{BLANKETS}/{}", id_of(&order)))
        .await
        .body;
    assert_eq!(after["lines"][0]["quantityCalledOff"], "6");
    assert_eq!(after["lines"][0]["quantityRemaining"], "4");
    assert_eq!(after["purchaseOrderIds"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn blanket_order_rules_and_bad_input() {
    let (company, bolts, _) = three_vendors().await;
    let client = company.partner("Walk-in").to_string();
    let bad = company
        .post(
            BLANKETS,
            json!({"partnerId": client, "dateFrom": day(10), "dateTo": day(1),
                   "lines": [{"productId": client, "quantity": "1", "unitPrice": "1"},
                             {"productId": bolts, "quantity": "0", "unitPrice": "-2",
                              "discountPercent": "120"}]}),
        )
        .await;
    names_fields(
        &bad,
        &[
            "partnerId",
            "dateTo",
            "lines[0].productId",
            "lines[1].quantity",
            "lines[1].unitPrice",
            "lines[1].discountPercent",
        ],
    );
    let draft = create(
        &company,
        BLANKETS,
        json!({"partnerId": vendor(&company, "Alpha"), "dateFrom": day(0), "dateTo": day(30),
               "lines": [{"productId": bolts, "quantity": "10", "unitPrice": "3", "taxIds": []}]}),
    )
    .await;
    let path = format!("{BLANKETS}/{}", id_of(&draft));
    let edited = company
        .patch(
            &path,
            json!({"notes": "Frame agreement", "dateTo": day(60)}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(edited.body["dateTo"], day(60));
    assert_eq!(edited.body["lines"][0]["quantity"], "10");
    assert_eq!(edited.body["amountTotal"], "30.00");

    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let as_viewer = company
        .app
        .post(
            &format!("{path}/confirm"),
            &viewer,
            Some(company.id),
            json!({}),
        )
        .await;
    assert_eq!(as_viewer.status, StatusCode::FORBIDDEN);
    let other = company.another_company("Other LLC").await;
    let theirs = company.app.get(&path, &company.token, Some(other)).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);

    acted(&company, &format!("{path}/confirm"), json!({})).await;
    let late = company.patch(&path, json!({"notes": "x"})).await;
    assert_eq!(
        code_of(&late, StatusCode::CONFLICT),
        "blanket_order_not_draft"
    );
    let deleted = company.delete(&path).await;
    assert_eq!(
        code_of(&deleted, StatusCode::CONFLICT),
        "blanket_order_not_draft"
    );
    let wrong = company
        .post(
            &format!("{path}/call-off"),
            json!({"lines": [{"lineId": bolts, "quantity": "1"},
                             {"lineId": line_id(&edited.body, 0), "quantity": "0.5"}]}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{:?}", wrong.body);
    assert_eq!(
        error_fields(&wrong.body),
        vec!["lines[0].lineId".to_owned(), "lines[1].quantity".to_owned()]
    );
    let listed = company
        .get(&format!("{BLANKETS}?product_id={bolts}&state=active"))
        .await;
    assert_eq!(listed.body["meta"]["total"], 1, "{:?}", listed.body);

    let scrap = create(
        &company,
        BLANKETS,
        json!({"partnerId": vendor(&company, "Beta"), "dateFrom": day(0), "dateTo": day(1),
               "lines": [{"productId": bolts, "quantity": "1", "unitPrice": "1"}]}),
    )
    .await;
    let scrap_path = format!("{BLANKETS}/{}", id_of(&scrap));
    assert_eq!(
        company.delete(&scrap_path).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(company.get(&scrap_path).await.status, StatusCode::NOT_FOUND);
}
