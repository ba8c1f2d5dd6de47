//! Sales orders: lines defaulted from the catalog and priced as invoices are, confirmation and
//! numbering, cancelling, drafts edited and deleted, the list, the settings, bad input, tenancy
//! and roles.

use arkan_testkit::error_fields;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{ORDERS, SETTINGS, create, id_of, names_fields, product, seller};

#[tokio::test]
async fn a_draft_takes_its_lines_from_the_catalog_and_prices_them_as_invoices_do() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let chairs = product(&company, "Office Chair", "storable", "450", "300").await;
    let install = product(&company, "Installation", "service", "120.5", "0").await;
    let order = create(
        &company,
        ORDERS,
        json!({"partnerId": client, "orderDate": "2026-03-01", "clientReference": "PO-881",
        "incoterm": "DAP", "incotermPlace": "Dubai",
        "lines": [
            {"productId": chairs, "quantity": "4", "discountPercent": "5"},
            {"productId": install, "quantity": "2"},
            {"description": "Delivery charge", "quantity": "1", "unitPrice": "35", "taxIds": []}
        ]}),
    )
    .await;
    assert_eq!(order["state"], "draft");
    assert_eq!(order["number"], Value::Null);
    assert_eq!(order["currency"], "AED");
    assert_eq!(order["deliveryState"], "nothing");
    assert_eq!(order["invoiceState"], "nothing");
    assert_eq!(order["incoterm"], "DAP");
    assert!(order["salespersonId"].is_string(), "the caller by default");
    let lines = order["lines"].as_array().expect("lines");
    // 4 × 450 × 0.95 = 1,710.00, VAT 85.50.
    assert_eq!(lines[0]["description"], "Office Chair");
    assert_eq!(lines[0]["unitPrice"], "450");
    assert_eq!(lines[0]["subtotal"], "1710.00");
    assert_eq!(lines[0]["taxAmount"], "85.50");
    assert_eq!(lines[0]["invoicePolicy"], "ordered");
    assert_eq!(lines[0]["quantityDelivered"], "0");
    assert_eq!(lines[0]["quantityInvoiced"], "0");
    assert_eq!(lines[2]["total"], "35.00");
    assert_eq!(order["amountTotal"], order_total(&order));

    // The same lines on a customer invoice give the same amounts.
    let invoice = create(
        &company,
        "/api/v1/accounting/invoices",
        json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-03-01",
        "lines": lines.iter().map(|line| json!({
            "description": line["description"], "quantity": line["quantity"],
            "unitPrice": line["unitPrice"], "discountPercent": line["discountPercent"],
            "taxIds": line["taxIds"]})).collect::<Vec<_>>()}),
    )
    .await;
    assert_eq!(invoice["amountTotal"], order["amountTotal"]);
    assert_eq!(invoice["amountTax"], order["amountTax"]);

    let fetched = company.get(&format!("{ORDERS}/{}", id_of(&order))).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.body["clientReference"], "PO-881");
}

/// The sum of the lines' totals, as the order shows its total.
fn order_total(order: &Value) -> String {
    let cents: i64 = order["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|line| {
            line["total"]
                .as_str()
                .expect("a total")
                .replace('.', "")
                .parse::<i64>()
                .expect("cents")
        })
        .sum();
    format!("{}.{:02}", cents / 100, cents % 100)
}

#[tokio::test]
async fn confirming_numbers_the_order_and_freezes_it() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let first = create(
        &company,
        ORDERS,
        json!({"partnerId": client, "orderDate": "2026-04-02",
               "lines": [{"productId": desk, "quantity": "1"}]}),
    )
    .await;
    let second = create(
        &company,
        ORDERS,
        json!({"partnerId": client, "orderDate": "2026-04-03",
               "lines": [{"productId": desk, "quantity": "2"}]}),
    )
    .await;
    let path = format!("{ORDERS}/{}", id_of(&second));
    let confirmed = company.post(&format!("{path}/confirm"), json!({})).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);
    assert_eq!(confirmed.body["state"], "confirmed");
    assert_eq!(confirmed.body["number"], "SO/2026/00001");
    assert_eq!(confirmed.body["warnings"], json!([]));
    assert!(confirmed.body["confirmedAt"].is_string());
    let again = company.post(&format!("{path}/confirm"), json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "sales_order_not_draft");
    let edit = company.patch(&path, json!({"notes": "late"})).await;
    assert_eq!(edit.status, StatusCode::CONFLICT);
    let delete = company.delete(&path).await;
    assert_eq!(delete.status, StatusCode::CONFLICT);
    // Confirmed without a body, the next number follows.
    let first_path = format!("{ORDERS}/{}", id_of(&first));
    let confirmed = company
        .app
        .call(
            axum::http::Method::POST,
            &format!("{first_path}/confirm"),
            Some(&company.token),
            Some(company.id),
            None,
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);
    assert_eq!(confirmed.body["number"], "SO/2026/00002");
}

#[tokio::test]
async fn an_order_is_cancelled_once() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let order = create(
        &company,
        ORDERS,
        json!({"partnerId": client, "lines": [{"productId": desk, "quantity": "1"}]}),
    )
    .await;
    let path = format!("{ORDERS}/{}", id_of(&order));
    let cancelled = company
        .post(
            &format!("{path}/cancel"),
            json!({"reason": "client changed mind"}),
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!(cancelled.body["state"], "cancelled");
    assert_eq!(cancelled.body["cancelReason"], "client changed mind");
    let again = company.post(&format!("{path}/cancel"), json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "sales_order_not_cancellable");
    let confirm = company.post(&format!("{path}/confirm"), json!({})).await;
    assert_eq!(confirm.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_draft_is_edited_and_deleted() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let order = create(
        &company,
        ORDERS,
        json!({"partnerId": client, "notes": "first",
               "lines": [{"productId": desk, "quantity": "1"}]}),
    )
    .await;
    let path = format!("{ORDERS}/{}", id_of(&order));
    let edited = company
        .patch(
            &path,
            json!({"notes": null, "lines": [{"productId": desk, "quantity": "3", "unitPrice": "750"}]}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(edited.body["notes"], Value::Null);
    assert_eq!(edited.body["amountUntaxed"], "2250.00");
    assert_eq!(edited.body["amountTotal"], "2362.50");
    // Kept lines keep their prices when only the header changes.
    let dated = company
        .patch(&path, json!({"orderDate": "2026-05-01"}))
        .await;
    assert_eq!(dated.body["amountUntaxed"], "2250.00");
    assert_eq!(dated.body["orderDate"], "2026-05-01");
    let deleted = company.delete(&path).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(company.get(&path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_list_filters_and_sorts() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let other = company.client("Baraka Stores").await;
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    for (partner, quantity, date) in [
        (client.to_string(), "1", "2026-01-10"),
        (other.to_string(), "3", "2026-02-10"),
        (client.to_string(), "2", "2026-03-10"),
    ] {
        create(
            &company,
            ORDERS,
            json!({"partnerId": partner, "orderDate": date,
                   "lines": [{"productId": desk, "quantity": quantity}]}),
        )
        .await;
    }
    let mine = company
        .get(&format!(
            "{ORDERS}?partner_id={client}&sort=amountTotal&order=asc"
        ))
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{:?}", mine.body);
    assert_eq!(mine.body["meta"]["total"], 2);
    assert_eq!(mine.body["data"][0]["amountUntaxed"], "800.00");
    let february = company
        .get(&format!("{ORDERS}?date_from=2026-02-01&date_to=2026-02-28"))
        .await;
    assert_eq!(february.body["meta"]["total"], 1);
    assert_eq!(february.body["data"][0]["partnerId"], json!(other));
    let drafts = company.get(&format!("{ORDERS}?state=draft")).await;
    assert_eq!(drafts.body["meta"]["total"], 3);
    let bad = company.get(&format!("{ORDERS}?state=shipped")).await;
    names_fields(&bad, &["state"]);
}

#[tokio::test]
async fn bad_orders_are_refused_field_by_field() {
    let company = seller().await;
    let vendor_only = company.vendor("Gulf Supplies").await;
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let reply = company
        .post(
            ORDERS,
            json!({"partnerId": vendor_only, "orderDate": "2026-13-01", "currency": "XXX",
            "paymentTermsDays": -1,
            "lines": [
                {"productId": desk, "quantity": "0"},
                {"productId": desk, "quantity": "1.5"},
                {"quantity": "1"},
                {"productId": desk, "quantity": "1", "uom": "kg"},
                {"productId": desk, "quantity": "1", "discountPercent": "120"}
            ]}),
        )
        .await;
    names_fields(
        &reply,
        &["orderDate", "currency", "lines[4].discountPercent"],
    );
    let reply = company
        .post(
            ORDERS,
            json!({"partnerId": vendor_only, "paymentTermsDays": -1,
            "lines": [
                {"productId": desk, "quantity": "0"},
                {"productId": desk, "quantity": "1.5"},
                {"quantity": "1"},
                {"productId": desk, "quantity": "1", "uom": "kg"}
            ]}),
        )
        .await;
    names_fields(
        &reply,
        &[
            "partnerId",
            "paymentTermsDays",
            "lines[0].quantity",
            "lines[1].quantity",
            "lines[2].description",
            "lines[2].unitPrice",
            "lines[3].uom",
        ],
    );
    let empty = company
        .post(
            ORDERS,
            json!({"partnerId": company.partner("Al Noor Trading"), "lines": []}),
        )
        .await;
    names_fields(&empty, &["lines"]);
    let unknown = company
        .post(
            ORDERS,
            json!({"partnerId": company.partner("Al Noor Trading"), "lines": [], "colour": "red"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn another_companys_ids_are_refused_and_its_orders_unseen() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let order = create(
        &company,
        ORDERS,
        json!({"partnerId": client, "lines": [{"productId": desk, "quantity": "1"}]}),
    )
    .await;
    let other = company.another_company("Other LLC").await;
    let path = format!("{ORDERS}/{}", id_of(&order));
    let seen = company.app.get(&path, &company.token, Some(other)).await;
    assert_eq!(seen.status, StatusCode::NOT_FOUND);
    let confirm = company
        .app
        .post(
            &format!("{path}/confirm"),
            &company.token,
            Some(other),
            json!({}),
        )
        .await;
    assert_eq!(confirm.status, StatusCode::NOT_FOUND);
    let list = company.app.get(ORDERS, &company.token, Some(other)).await;
    assert_eq!(list.body["meta"]["total"], 0);
    let reply = company
        .app
        .post(
            ORDERS,
            &company.token,
            Some(other),
            json!({"partnerId": client, "lines": [{"productId": desk, "quantity": "1"}]}),
        )
        .await;
    let fields = error_fields(&reply.body);
    assert!(fields.contains(&"partnerId".to_owned()), "{fields:?}");
    assert!(
        fields.contains(&"lines[0].productId".to_owned()),
        "{fields:?}"
    );
    let (_, viewer) = company.member("viewer@example.com", "viewer").await;
    let refused = company
        .app
        .post(
            ORDERS,
            &viewer,
            Some(company.id),
            json!({"partnerId": client, "lines": [{"productId": desk, "quantity": "1"}]}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let (_, seller) = company.member("seller@example.com", "sales").await;
    let allowed = company
        .app
        .post(
            ORDERS,
            &seller,
            Some(company.id),
            json!({"partnerId": client, "lines": [{"productId": desk, "quantity": "1"}]}),
        )
        .await;
    assert_eq!(allowed.status, StatusCode::CREATED, "{:?}", allowed.body);
}

#[tokio::test]
async fn settings_have_defaults_and_change_field_by_field() {
    let company = seller().await;
    let settings = company.get(SETTINGS).await;
    assert_eq!(settings.status, StatusCode::OK, "{:?}", settings.body);
    assert_eq!(settings.body["creditLimitPolicy"], "none");
    assert_eq!(settings.body["defaultInvoicePolicy"], "ordered");
    assert_eq!(settings.body["quoteValidityDays"], 30);
    assert_eq!(settings.body["deliveryOnConfirm"], true);
    assert_eq!(
        settings.body["downPaymentAccountId"],
        json!(company.account("401000"))
    );
    let changed = company
        .patch(
            SETTINGS,
            json!({"creditLimitPolicy": "block", "quoteValidityDays": 15,
                   "deliveryOnConfirm": false, "downPaymentAccountId": company.account("409000")}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["creditLimitPolicy"], "block");
    assert_eq!(changed.body["quoteValidityDays"], 15);
    assert_eq!(changed.body["deliveryOnConfirm"], false);
    assert_eq!(changed.body["defaultInvoicePolicy"], "ordered");
    assert_eq!(
        changed.body["downPaymentAccountId"],
        json!(company.account("409000"))
    );
    let bad = company
        .patch(
            SETTINGS,
            json!({"creditLimitPolicy": "sometimes", "quoteValidityDays": 0,
                   "downPaymentAccountId": uuid::Uuid::now_v7()}),
        )
        .await;
    names_fields(
        &bad,
        &[
            "creditLimitPolicy",
            "quoteValidityDays",
            "downPaymentAccountId",
        ],
    );
    assert_eq!(
        company.get(SETTINGS).await.body["creditLimitPolicy"],
        "block"
    );
    let (_, viewer) = company.member("viewer@example.com", "viewer").await;
    let refused = company
        .app
        .patch(
            SETTINGS,
            &viewer,
            Some(company.id),
            json!({"quoteValidityDays": 10}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
