//! Pricing (shapes-modules §8): price lists and their precedence on an order's lines, resolve,
//! discount rules and promo codes (evaluate, validate, counted at confirmation and given back
//! on cancel, one winner of two racing confirmations), warnings and check-order, the credit
//! limit, Incoterms; bad input, tenancy and roles.

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{ORDERS, SETTINGS, create, id_of, names_fields, product, seller};

const LISTS: &str = "/api/v1/sales/pricing/lists";
const RESOLVE: &str = "/api/v1/sales/pricing/resolve";
const DISCOUNTS: &str = "/api/v1/sales/discounts";
const WARNINGS: &str = "/api/v1/sales/warnings";

/// A client from a `POST /crm/clients` body.
async fn client_with(company: &Company, body: Value) -> String {
    id_of(&create(company, "/api/v1/crm/clients", body).await)
}

async fn order(company: &Company, body: Value) -> Value {
    create(company, ORDERS, body).await
}

/// The `field` of each line of an order.
fn lines_of(order: &Value, field: &str) -> Vec<Value> {
    order["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|line| line[field].clone())
        .collect()
}

#[tokio::test]
async fn price_lists_price_lines_by_precedence() {
    let company = seller().await;
    let vip = client_with(&company, json!({"name": "Vip LLC", "tags": ["vip"]})).await;
    let plain = company.partner("Al Noor Trading");
    let furniture = id_of(
        &create(
            &company,
            "/api/v1/inventory/categories",
            json!({"name": "Furniture"}),
        )
        .await,
    );
    let chair = product(&company, "Chair", "consumable", "100", "60").await;
    let desk = id_of(
        &create(
            &company,
            super::PRODUCTS,
            json!({"name": "Desk", "type": "consumable", "uom": "unit", "salePrice": "500",
                   "cost": "300", "categoryId": furniture}),
        )
        .await,
    );
    // General: 10% off everything.
    create(
        &company,
        LISTS,
        json!({"name": "Everyone", "priority": 9,
               "rules": [{"method": "discount", "percent": "10"}]}),
    )
    .await;
    // For the vip tag: the chair at 70, furniture at 400.
    create(
        &company,
        LISTS,
        json!({"name": "VIP", "partnerTags": ["vip"], "rules": [
            {"categoryId": furniture, "method": "fixed", "price": "400"},
            {"productId": chair, "method": "fixed", "price": "70"}]}),
    )
    .await;
    // For the client: 60 from ten chairs, and an old price that has ended.
    let own = create(
        &company,
        LISTS,
        json!({"name": "Vip LLC", "partnerIds": [vip], "rules": [
            {"productId": chair, "minQuantity": "10", "method": "fixed", "price": "60"},
            {"productId": chair, "method": "fixed", "price": "1",
             "dateFrom": "2020-01-01", "dateTo": "2020-12-31"}]}),
    )
    .await;
    assert_eq!(own["partnerIds"], json!([vip]));
    assert_eq!(own["rules"][0]["minQuantity"], "10");
    // A list in dollars never prices a dirham order.
    create(
        &company,
        LISTS,
        json!({"name": "Dollars", "currency": "USD", "partnerIds": [vip],
               "rules": [{"method": "fixed", "price": "2"}]}),
    )
    .await;
    let vip_order = order(
        &company,
        json!({"partnerId": vip, "orderDate": "2026-03-01", "lines": [
            {"productId": chair, "quantity": "10"},
            {"productId": chair, "quantity": "2"},
            {"productId": desk, "quantity": "1"},
            {"productId": chair, "quantity": "1", "unitPrice": "99"}]}),
    )
    .await;
    assert_eq!(
        lines_of(&vip_order, "unitPrice"),
        vec![json!("60"), json!("70"), json!("400"), json!("99")]
    );
    // 600 + 140 + 400 + 99 = 1,239.00; VAT 5% on the chairs only (the desk has no tax).
    assert_eq!(vip_order["amountUntaxed"], "1239.00");
    let plain_order = order(
        &company,
        json!({"partnerId": plain, "orderDate": "2026-03-01", "lines": [
            {"productId": chair, "quantity": "3"},
            {"productId": desk, "quantity": "1", "discountPercent": "0"}]}),
    )
    .await;
    assert_eq!(
        lines_of(&plain_order, "unitPrice"),
        vec![json!("100"), json!("500")]
    );
    assert_eq!(
        lines_of(&plain_order, "discountPercent"),
        vec![json!("10"), json!("0")]
    );
    // 270.00 + 500.00
    assert_eq!(plain_order["amountUntaxed"], "770.00");
}

#[tokio::test]
async fn a_named_list_comes_first_and_a_formula_prices_from_the_cost() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let chair = product(&company, "Chair", "consumable", "100", "60").await;
    create(
        &company,
        LISTS,
        json!({"name": "General", "priority": 50,
               "rules": [{"method": "fixed", "price": "90"}]}),
    )
    .await;
    let trade = create(
        &company,
        LISTS,
        json!({"name": "Trade", "partnerIds": [company.partner("Al Noor Trading")],
               "dateFrom": "2026-01-01", "dateTo": "2026-06-30", "rules": [
            {"method": "formula", "base": "cost", "percent": "25", "surcharge": "5.5"}]}),
    )
    .await;
    let named = create(
        &company,
        LISTS,
        json!({"name": "Named", "rules": [{"productId": chair, "method": "fixed", "price": "42.125"}]}),
    )
    .await;
    let formula = order(
        &company,
        json!({"partnerId": client, "orderDate": "2026-03-01",
               "lines": [{"productId": chair, "quantity": "2"}]}),
    )
    .await;
    // 60 × 1.25 + 5.5 = 80.5
    assert_eq!(lines_of(&formula, "unitPrice"), vec![json!("80.5")]);
    assert_eq!(formula["amountUntaxed"], "161.00");
    // Past the client list's dates, the general list prices.
    let later = order(
        &company,
        json!({"partnerId": client, "orderDate": "2026-07-01",
               "lines": [{"productId": chair, "quantity": "2"}]}),
    )
    .await;
    assert_eq!(lines_of(&later, "unitPrice"), vec![json!("90")]);
    let chosen = order(
        &company,
        json!({"partnerId": client, "orderDate": "2026-03-01", "priceListId": id_of(&named),
               "lines": [{"productId": chair, "quantity": "4"}]}),
    )
    .await;
    assert_eq!(lines_of(&chosen, "unitPrice"), vec![json!("42.125")]);
    assert_eq!(chosen["amountUntaxed"], "168.50");

    // Resolve answers the same.
    let resolved = company
        .get(&format!(
            "{RESOLVE}?product_id={chair}&partner_id={client}&quantity=2&date=2026-03-01"
        ))
        .await;
    assert_eq!(resolved.status, StatusCode::OK, "{:?}", resolved.body);
    assert_eq!(resolved.body["priceListId"], trade["id"]);
    assert_eq!(resolved.body["ruleId"], trade["rules"][0]["id"]);
    assert_eq!(resolved.body["method"], "formula");
    assert_eq!(resolved.body["basePrice"], "60");
    assert_eq!(resolved.body["unitPrice"], "80.5");
    assert_eq!(resolved.body["discountPercent"], "0");
    assert_eq!(resolved.body["currency"], "AED");
    assert_eq!(resolved.body["quantity"], "2");
    let named_first = company
        .get(&format!(
            "{RESOLVE}?product_id={chair}&partner_id={client}&date=2026-03-01&price_list_id={}",
            id_of(&named)
        ))
        .await;
    assert_eq!(named_first.body["unitPrice"], "42.125");
    // No list in dollars: the sale price, no list, no rule.
    company.currency_rate("USD", "2026-01-01", "3.6725").await;
    let dollars = company
        .get(&format!(
            "{RESOLVE}?product_id={chair}&date=2026-03-01&currency=USD"
        ))
        .await;
    assert_eq!(dollars.status, StatusCode::OK, "{:?}", dollars.body);
    assert_eq!(dollars.body["ruleId"], Value::Null);
    assert_eq!(dollars.body["priceListId"], Value::Null);
    // 100 AED / 3.6725 = 27.2294077... USD
    assert_eq!(dollars.body["unitPrice"], "27.229408");
    let bad = company
        .get(&format!("{RESOLVE}?quantity=abc&currency=XX"))
        .await;
    names_fields(&bad, &["product_id", "quantity", "currency"]);

    // The named list may not be deleted while an order names it; another may.
    let in_use = company.delete(&format!("{LISTS}/{}", id_of(&named))).await;
    assert_eq!(in_use.status, StatusCode::CONFLICT);
    assert_eq!(in_use.body["code"], "price_list_in_use");
    let gone = company.delete(&format!("{LISTS}/{}", id_of(&trade))).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(
        company
            .get(&format!("{LISTS}/{}", id_of(&trade)))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn price_lists_are_edited_listed_checked_and_kept_per_company() {
    let company = seller().await;
    let chair = product(&company, "Chair", "consumable", "100", "60").await;
    let list = create(
        &company,
        LISTS,
        json!({"name": "Spring", "rules": [{"productId": chair, "method": "fixed", "price": "80"}]}),
    )
    .await;
    let path = format!("{LISTS}/{}", id_of(&list));
    let edited = company
        .patch(
            &path,
            json!({"name": "Spring sale", "priority": 3, "partnerTags": ["retail", " retail "],
                   "rules": [{"method": "discount", "percent": "12.5"}]}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(edited.body["name"], "Spring sale");
    assert_eq!(edited.body["partnerTags"], json!(["retail"]));
    assert_eq!(edited.body["rules"][0]["percent"], "12.5");
    let listed = company.get(&format!("{LISTS}?q=spring")).await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(listed.body["meta"]["total"], 1);
    let bad = company
        .post(
            LISTS,
            json!({"name": "", "currency": "XXX", "partnerIds": [uuid::Uuid::now_v7()],
                   "dateFrom": "2026-05-01", "dateTo": "2026-04-01", "rules": [
                {"method": "cheap"},
                {"method": "fixed"},
                {"method": "discount", "percent": "120"},
                {"productId": uuid::Uuid::now_v7(), "method": "fixed", "price": "-1"}]}),
        )
        .await;
    names_fields(
        &bad,
        &[
            "name",
            "currency",
            "partnerIds[0]",
            "dateTo",
            "rules[0].method",
            "rules[1].price",
            "rules[2].percent",
            "rules[3].price",
            "rules[3].productId",
        ],
    );
    let other = company.another_company("Other LLC").await;
    let seen = company.app.get(&path, &company.token, Some(other)).await;
    assert_eq!(seen.status, StatusCode::NOT_FOUND);
    let deleted = company.app.delete(&path, &company.token, Some(other)).await;
    assert_eq!(deleted.status, StatusCode::NOT_FOUND);
    let (_, viewer) = company.member("viewer@example.com", "viewer").await;
    let refused = company
        .app
        .post(
            LISTS,
            &viewer,
            Some(company.id),
            json!({"name": "Mine", "rules": []}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let read = company.app.get(&path, &viewer, Some(company.id)).await;
    assert_eq!(read.status, StatusCode::OK);
}

#[tokio::test]
async fn discounts_add_lines_and_evaluate_each_type() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let chair = product(&company, "Chair", "consumable", "100", "60").await;
    let lamp = product(&company, "Lamp", "consumable", "30", "10").await;
    let total = create(
        &company,
        DISCOUNTS,
        json!({"name": "5% over 1000", "type": "order_total", "minAmount": "1000", "percent": "5"}),
    )
    .await;
    assert_eq!(total["usageCount"], 0);
    assert_eq!(total["minAmount"], "1000.00");
    let per_unit = create(
        &company,
        DISCOUNTS,
        json!({"name": "2 off chairs", "type": "product", "productIds": [chair], "amount": "2"}),
    )
    .await;
    let three_for_two = create(
        &company,
        DISCOUNTS,
        json!({"name": "Lamps 3 for 2", "type": "buy_x_get_y", "productIds": [lamp],
               "buyQuantity": "2", "freeQuantity": "1"}),
    )
    .await;
    // Chairs 12 × 100 = 1,200; lamps 7 × 30 = 210: before 1,410.00.
    let basket = json!({"partnerId": client, "date": "2026-03-01", "lines": [
        {"productId": chair, "quantity": "12", "unitPrice": "100"},
        {"productId": lamp, "quantity": "7", "unitPrice": "30"}]});
    let evaluated = company.post(&format!("{DISCOUNTS}/evaluate"), basket).await;
    assert_eq!(evaluated.status, StatusCode::OK, "{:?}", evaluated.body);
    assert_eq!(evaluated.body["currency"], "AED");
    assert_eq!(evaluated.body["amountBefore"], "1410.00");
    let applied = evaluated.body["applied"].as_array().expect("applied");
    let amount_of = |id: &Value| {
        applied
            .iter()
            .find(|found| found["discountId"] == *id)
            .map(|found| found["amount"].clone())
    };
    // 5% of 1,410.00 = 70.50; 12 × 2 = 24.00; 2 lamps free = 60.00.
    assert_eq!(amount_of(&total["id"]), Some(json!("70.50")));
    assert_eq!(amount_of(&per_unit["id"]), Some(json!("24.00")));
    assert_eq!(amount_of(&three_for_two["id"]), Some(json!("60.00")));
    assert_eq!(evaluated.body["amountDiscount"], "154.50");
    assert_eq!(evaluated.body["amountAfter"], "1255.50");
    assert_eq!(evaluated.body["promoCode"], Value::Null);

    // The order gets the same three as negative lines, taxed as the lines they come off.
    let placed = order(
        &company,
        json!({"partnerId": client, "orderDate": "2026-03-01", "lines": [
            {"productId": chair, "quantity": "12"},
            {"productId": lamp, "quantity": "7"}]}),
    )
    .await;
    let discount_ids = lines_of(&placed, "discountId");
    assert_eq!(discount_ids.len(), 5, "{placed:?}");
    assert_eq!(placed["amountUntaxed"], "1255.50");
    // VAT line by line, as invoices round it: 60.00 + 10.50 on the goods, less 3.00 and 0.53
    // (the 5% spread 60.00/10.50), 1.20 and 3.00 on the discount lines = 62.77.
    assert_eq!(placed["amountTax"], "62.77");
    assert_eq!(placed["amountTotal"], "1318.27");
    let by_order = company
        .post(
            &format!("{DISCOUNTS}/evaluate"),
            json!({"orderId": id_of(&placed)}),
        )
        .await;
    assert_eq!(by_order.status, StatusCode::OK, "{:?}", by_order.body);
    assert_eq!(by_order.body["amountDiscount"], "154.50");

    // Below the threshold only the product rules apply.
    let small = company
        .post(
            &format!("{DISCOUNTS}/evaluate"),
            json!({"lines": [{"productId": lamp, "quantity": "3", "unitPrice": "30"}]}),
        )
        .await;
    assert_eq!(small.body["amountDiscount"], "30.00");
    assert_eq!(small.body["applied"][0]["lineIndexes"], json!([0]));
    let bad = company
        .post(
            &format!("{DISCOUNTS}/evaluate"),
            json!({"lines": [{"productId": uuid::Uuid::now_v7(), "quantity": "x", "unitPrice": "1"}]}),
        )
        .await;
    names_fields(&bad, &["lines[0].productId", "lines[0].quantity"]);
    let bad = company
        .post(
            DISCOUNTS,
            json!({"name": "", "type": "product", "percent": "150", "usageLimit": 0}),
        )
        .await;
    names_fields(&bad, &["name", "percent", "usageLimit"]);
    let bad = company
        .post(DISCOUNTS, json!({"name": "x", "type": "buy_x_get_y"}))
        .await;
    names_fields(&bad, &["buyQuantity", "freeQuantity"]);
}

/// A promo code of 10% off an order, usable `limit` times.
async fn promo(company: &Company, code: &str, limit: i64) -> Value {
    create(
        company,
        DISCOUNTS,
        json!({"name": format!("Promo {code}"), "type": "order_total", "percent": "10",
               "promoCode": code, "usageLimit": limit, "minAmount": "50"}),
    )
    .await
}

#[tokio::test]
async fn a_promo_code_is_counted_at_confirmation_and_given_back_on_cancel() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let chair = product(&company, "Chair", "consumable", "100", "60").await;
    let discount = promo(&company, "SPRING10", 1).await;
    let valid = company
        .get(&format!(
            "{DISCOUNTS}/validate-promo?code=spring10&partner_id={client}&amount=100"
        ))
        .await;
    assert_eq!(valid.status, StatusCode::OK, "{:?}", valid.body);
    assert_eq!(valid.body["valid"], true);
    assert_eq!(valid.body["discountId"], discount["id"]);
    let small = company
        .get(&format!(
            "{DISCOUNTS}/validate-promo?code=SPRING10&amount=10"
        ))
        .await;
    assert_eq!(small.body["reason"], "min_amount_not_met");
    let unknown = company
        .get(&format!("{DISCOUNTS}/validate-promo?code=NOPE"))
        .await;
    assert_eq!(unknown.body["valid"], false);
    assert_eq!(unknown.body["reason"], "unknown");
    let missing = company.get(&format!("{DISCOUNTS}/validate-promo")).await;
    names_fields(&missing, &["code"]);
    let taken = company
        .post(
            DISCOUNTS,
            json!({"name": "Twin", "type": "order_total", "percent": "1", "promoCode": "spring10"}),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert_eq!(taken.body["code"], "promo_code_taken");

    let body = json!({"partnerId": client, "orderDate": "2026-03-01", "promoCode": "SPRING10",
                      "lines": [{"productId": chair, "quantity": "2"}]});
    let first = order(&company, body.clone()).await;
    let second = order(&company, body.clone()).await;
    // 200 less 10% = 180.00, VAT 9.00.
    assert_eq!(first["amountUntaxed"], "180.00");
    assert_eq!(first["amountTotal"], "189.00");
    let confirm = |id: String| {
        let company = &company;
        async move {
            company
                .post(&format!("{ORDERS}/{id}/confirm"), json!({}))
                .await
        }
    };
    let confirmed = confirm(id_of(&first)).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);
    let used = company
        .get(&format!("{DISCOUNTS}/{}", id_of(&discount)))
        .await;
    assert_eq!(used.body["usageCount"], 1);
    let refused = confirm(id_of(&second)).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.body["code"], "promo_code_usage_limit_reached");
    let state = company.get(&format!("{ORDERS}/{}", id_of(&second))).await;
    assert_eq!(state.body["state"], "draft");

    let cancelled = company
        .post(&format!("{ORDERS}/{}/cancel", id_of(&first)), json!({}))
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    let given_back = company
        .get(&format!("{DISCOUNTS}/{}", id_of(&discount)))
        .await;
    assert_eq!(given_back.body["usageCount"], 0);
    let now_confirmed = confirm(id_of(&second)).await;
    assert_eq!(
        now_confirmed.status,
        StatusCode::OK,
        "{:?}",
        now_confirmed.body
    );

    // Expired, and limited per client.
    let expired = create(
        &company,
        DISCOUNTS,
        json!({"name": "Old", "type": "order_total", "amount": "5", "promoCode": "OLD",
               "dateTo": "2026-01-31"}),
    )
    .await;
    assert_eq!(expired["amount"], "5.00");
    let late = order(
        &company,
        json!({"partnerId": client, "orderDate": "2026-03-01", "promoCode": "OLD",
               "lines": [{"productId": chair, "quantity": "1"}]}),
    )
    .await;
    assert_eq!(late["amountUntaxed"], "100.00");
    let refused = confirm(id_of(&late)).await;
    assert_eq!(refused.body["code"], "promo_code_expired");
    create(
        &company,
        DISCOUNTS,
        json!({"name": "Once each", "type": "order_total", "amount": "5", "promoCode": "ONCE",
               "usageLimitPerPartner": 1}),
    )
    .await;
    let once = json!({"partnerId": client, "orderDate": "2026-03-01", "promoCode": "ONCE",
                      "lines": [{"productId": chair, "quantity": "1"}]});
    let first = order(&company, once.clone()).await;
    let again = order(&company, once).await;
    assert_eq!(confirm(id_of(&first)).await.status, StatusCode::OK);
    let refused = confirm(id_of(&again)).await;
    assert_eq!(refused.body["code"], "promo_code_partner_limit_reached");
    let per_client = company
        .get(&format!(
            "{DISCOUNTS}/validate-promo?code=ONCE&partner_id={client}"
        ))
        .await;
    assert_eq!(per_client.body["reason"], "partner_limit_reached");
}

#[tokio::test]
async fn two_racing_confirmations_share_the_last_use_of_a_promo_code() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let chair = product(&company, "Chair", "consumable", "100", "60").await;
    let discount = promo(&company, "LAST", 1).await;
    let body = json!({"partnerId": client, "orderDate": "2026-03-01", "promoCode": "LAST",
                      "lines": [{"productId": chair, "quantity": "1"}]});
    let first = id_of(&order(&company, body.clone()).await);
    let second = id_of(&order(&company, body).await);
    let (first_path, second_path) = (
        format!("{ORDERS}/{first}/confirm"),
        format!("{ORDERS}/{second}/confirm"),
    );
    let (a, b) = tokio::join!(
        company.post(&first_path, json!({})),
        company.post(&second_path, json!({})),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{:?} {:?}",
        a.body,
        b.body
    );
    let loser = if a.status == StatusCode::CONFLICT {
        a
    } else {
        b
    };
    assert_eq!(loser.body["code"], "promo_code_usage_limit_reached");
    let used = company
        .get(&format!("{DISCOUNTS}/{}", id_of(&discount)))
        .await;
    assert_eq!(used.body["usageCount"], 1);
}

#[tokio::test]
async fn the_credit_limit_blocks_warns_or_is_overridden_by_an_owner() {
    // A TRN, to post the tax invoice that is still open.
    let company = TestApp::company()
        .plan("enterprise")
        .with_uae_chart()
        .trn("100123456700003")
        .await;
    let client = client_with(
        &company,
        json!({"name": "Limited LLC", "creditLimit": "1000"}),
    )
    .await;
    let chair = product(&company, "Chair", "consumable", "100", "60").await;
    // 800 + VAT 40 = 840.00 open and overdue (dated 2026-09-01).
    company
        .posted_invoice(client.parse().expect("a uuid"), "800")
        .await;
    company
        .patch(SETTINGS, json!({"creditLimitPolicy": "block"}))
        .await;
    let body = json!({"partnerId": client, "orderDate": "2026-10-01",
                      "lines": [{"productId": chair, "quantity": "2"}]});
    // 840.00 + 210.00 > 1,000.00
    let placed = order(&company, body.clone()).await;
    let path = format!("{ORDERS}/{}", id_of(&placed));
    let blocked = company.post(&format!("{path}/confirm"), json!({})).await;
    assert_eq!(blocked.status, StatusCode::CONFLICT, "{:?}", blocked.body);
    assert_eq!(blocked.body["code"], "credit_limit_exceeded");
    let checked = company
        .get(&format!(
            "{WARNINGS}/check-order?client_id={client}&product_ids={chair}&amount=210"
        ))
        .await;
    assert_eq!(checked.status, StatusCode::OK, "{:?}", checked.body);
    assert_eq!(checked.body["blocked"], true);
    // A sales member may not override; the owner may, and sees the warning.
    let (_, seller_token) = company.member("seller@example.com", "sales").await;
    let not_allowed = company
        .app
        .post(
            &format!("{path}/confirm"),
            &seller_token,
            Some(company.id),
            json!({"overrideCreditLimit": true}),
        )
        .await;
    assert_eq!(not_allowed.status, StatusCode::CONFLICT);
    assert_eq!(not_allowed.body["code"], "credit_limit_exceeded");
    let overridden = company
        .post(
            &format!("{path}/confirm"),
            json!({"overrideCreditLimit": true}),
        )
        .await;
    assert_eq!(overridden.status, StatusCode::OK, "{:?}", overridden.body);
    let sources: Vec<Value> = overridden.body["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|warning| warning["source"].clone())
        .collect();
    assert_eq!(
        sources,
        vec![json!("credit_limit"), json!("overdue_invoices")]
    );
    assert_eq!(overridden.body["warnings"][0]["level"], "warning");
    // Under `warn` it is a warning, and an order within the limit has none.
    company
        .patch(SETTINGS, json!({"creditLimitPolicy": "warn"}))
        .await;
    let warned = order(&company, body).await;
    let confirmed = company
        .post(&format!("{ORDERS}/{}/confirm", id_of(&warned)), json!({}))
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);
    assert_eq!(confirmed.body["warnings"][0]["source"], "credit_limit");
    assert_eq!(confirmed.body["warnings"][0]["level"], "warning");
    assert_eq!(
        confirmed.body["warnings"][0]["message"],
        "Open receivables of 840.00 AED plus this order of 210.00 AED pass the credit limit of 1000.00 AED"
    );
}

#[tokio::test]
async fn warnings_block_or_accompany_a_confirmation() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let chair = product(&company, "Chair", "consumable", "100", "60").await;
    let lamp = product(&company, "Lamp", "consumable", "30", "10").await;
    let note = create(
        &company,
        WARNINGS,
        json!({"entityType": "client", "entityId": client, "level": "info",
               "message": "Deliver to the back door"}),
    )
    .await;
    let block = create(
        &company,
        WARNINGS,
        json!({"entityType": "product", "entityId": lamp, "level": "block",
               "message": "Recalled"}),
    )
    .await;
    let listed = company
        .get(&format!("{WARNINGS}?entity_type=product&entity_id={lamp}"))
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(listed.body["meta"]["total"], 1);
    assert_eq!(listed.body["data"][0]["message"], "Recalled");
    let checked = company
        .get(&format!(
            "{WARNINGS}/check-order?client_id={client}&product_ids={chair},{lamp}"
        ))
        .await;
    assert_eq!(checked.body["blocked"], true);
    assert_eq!(checked.body["warnings"][0]["warningId"], note["id"]);
    assert_eq!(checked.body["warnings"][1]["level"], "block");
    let lamps = order(
        &company,
        json!({"partnerId": client, "lines": [{"productId": lamp, "quantity": "1"}]}),
    )
    .await;
    let refused = company
        .post(&format!("{ORDERS}/{}/confirm", id_of(&lamps)), json!({}))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.body["code"], "sales_warning_block");
    let chairs = order(
        &company,
        json!({"partnerId": client, "lines": [{"productId": chair, "quantity": "1"}]}),
    )
    .await;
    let confirmed = company
        .post(&format!("{ORDERS}/{}/confirm", id_of(&chairs)), json!({}))
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);
    assert_eq!(
        confirmed.body["warnings"],
        json!([{"warningId": note["id"], "source": "manual", "entityType": "client",
                "entityId": client, "level": "info", "message": "Deliver to the back door"}])
    );
    let clear = company
        .get(&format!("{WARNINGS}/check-order?product_ids={chair}"))
        .await;
    assert_eq!(clear.body, json!({"blocked": false, "warnings": []}));

    let other = company.another_company("Other LLC").await;
    let block_path = format!("{WARNINGS}/{}", id_of(&block));
    let foreign = company
        .app
        .delete(&block_path, &company.token, Some(other))
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let (_, viewer) = company.member("viewer@example.com", "viewer").await;
    let refused = company
        .app
        .delete(&block_path, &viewer, Some(company.id))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let (_, buyer) = company.member("buyer@example.com", "purchasing").await;
    let refused = company
        .app
        .post(
            WARNINGS,
            &buyer,
            Some(company.id),
            json!({"entityType": "client", "entityId": client, "level": "info", "message": "x"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let removed = company.delete(&block_path).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let confirmed = company
        .post(&format!("{ORDERS}/{}/confirm", id_of(&lamps)), json!({}))
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);
    let bad = company
        .post(
            WARNINGS,
            json!({"entityType": "vendor", "entityId": client, "level": "loud", "message": " "}),
        )
        .await;
    names_fields(&bad, &["entityType", "level", "message"]);
    let unknown = company
        .post(
            WARNINGS,
            json!({"entityType": "product", "entityId": client, "level": "info", "message": "x"}),
        )
        .await;
    names_fields(&unknown, &["entityId"]);
    let bad_query = company
        .get(&format!("{WARNINGS}/check-order?product_ids=nope"))
        .await;
    names_fields(&bad_query, &["product_ids"]);
}

#[tokio::test]
async fn the_eleven_incoterms_and_orders_use_them() {
    let company = seller().await;
    let listed = company.get("/api/v1/sales/incoterms").await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    let codes: Vec<&str> = listed.body["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|rule| rule["code"].as_str().expect("a code"))
        .collect();
    assert_eq!(
        codes,
        [
            "EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"
        ]
    );
    assert_eq!(listed.body["meta"]["total"], 11);
    assert_eq!(
        listed.body["data"][8],
        json!({"code": "FOB", "name": "Free on Board", "namedPlace": "port_of_loading",
               "seaInlandOnly": true, "version": "2020"})
    );
    let chair = product(&company, "Chair", "consumable", "100", "60").await;
    let bad = company
        .post(
            ORDERS,
            json!({"partnerId": company.partner("Al Noor Trading"), "incoterm": "XYZ",
                   "lines": [{"productId": chair, "quantity": "1"}]}),
        )
        .await;
    names_fields(&bad, &["incoterm"]);
    let unknown_list = company
        .post(
            ORDERS,
            json!({"partnerId": company.partner("Al Noor Trading"),
                   "priceListId": uuid::Uuid::now_v7(),
                   "lines": [{"productId": chair, "quantity": "1"}]}),
        )
        .await;
    names_fields(&unknown_list, &["priceListId"]);
}
