//! Purchase orders: lines defaulted from the catalog and priced as invoices are, the list's
//! filters and sorts, drafts edited and deleted, bad input, tenancy and roles.

use arkan_testkit::error_fields;
use axum::http::StatusCode;
use serde_json::json;

use super::{ORDERS, buyer, create, id_of, names_fields, product};

#[tokio::test]
async fn a_draft_takes_its_lines_from_the_catalog_and_prices_them_as_invoices_do() {
    let company = buyer().await;
    let vendor = company.partner("Gulf Supplies");
    let bolts = product(&company, "Bolts", "2.5", Some("2.2")).await;
    let nuts = product(&company, "Nuts", "0.333", None).await;
    let order = create(
        &company,
        ORDERS,
        json!({"partnerId": vendor, "orderDate": "2026-03-01", "vendorReference": "Q-77",
        "lines": [
            {"productId": bolts, "quantity": "100"},
            {"productId": nuts, "quantity": "7", "discountPercent": "10"},
            {"description": "Freight", "quantity": "1", "unitPrice": "15.75", "taxIds": []}
        ]}),
    )
    .await;
    assert_eq!(order["state"], "draft");
    assert_eq!(order["number"], serde_json::Value::Null);
    assert_eq!(order["currency"], "AED");
    assert_eq!(order["receiptState"], "nothing");
    assert_eq!(order["billingState"], "nothing");
    assert_eq!(order["receiptIds"], json!([]));
    assert_eq!(order["invoiceIds"], json!([]));
    let lines = order["lines"].as_array().expect("lines");
    // The vendor's price, the purchase VAT, the product's name and purchase unit.
    assert_eq!(lines[0]["description"], "Bolts");
    assert_eq!(lines[0]["uom"], "unit");
    assert_eq!(lines[0]["quantity"], "100");
    assert_eq!(lines[0]["unitPrice"], "2.2");
    assert_eq!(lines[0]["subtotal"], "220.00");
    assert_eq!(lines[0]["taxAmount"], "11.00");
    assert_eq!(lines[0]["total"], "231.00");
    assert_eq!(lines[0]["quantityReceived"], "0");
    // No vendor price: the cost. 7 × 0.333 × 0.9 = 2.0979 -> 2.10, VAT 0.10.
    assert_eq!(lines[1]["unitPrice"], "0.333");
    assert_eq!(lines[1]["discountPercent"], "10");
    assert_eq!(lines[1]["subtotal"], "2.10");
    assert_eq!(lines[1]["taxAmount"], "0.10");
    assert_eq!(lines[2]["taxIds"], json!([]));
    assert_eq!(lines[2]["total"], "15.75");
    assert_eq!(order["amountUntaxed"], "237.85");
    assert_eq!(order["amountTax"], "11.10");
    assert_eq!(order["amountTotal"], "248.95");

    // The same lines on a vendor bill give the same amounts.
    let bill = create(
        &company,
        "/api/v1/accounting/invoices",
        json!({"kind": "vendor_bill", "partnerId": vendor, "invoiceDate": "2026-03-01",
        "lines": [
            {"description": "Bolts", "quantity": "100", "unitPrice": "2.2",
             "taxIds": [company.tax("VAT 5% (purchases)")]},
            {"description": "Nuts", "quantity": "7", "unitPrice": "0.333", "discountPercent": "10",
             "taxIds": [company.tax("VAT 5% (purchases)")]},
            {"description": "Freight", "quantity": "1", "unitPrice": "15.75", "taxIds": []}
        ]}),
    )
    .await;
    assert_eq!(bill["amountTotal"], order["amountTotal"]);
    assert_eq!(bill["amountTax"], order["amountTax"]);

    let id = id_of(&order);
    let fetched = company.get(&format!("{ORDERS}/{id}")).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.body["amountTotal"], "248.95");
    assert_eq!(fetched.body["vendorReference"], "Q-77");
}

#[tokio::test]
async fn the_list_filters_and_sorts() {
    let company = buyer().await;
    let vendor = company.partner("Gulf Supplies");
    let other = company.vendor("Emirates Steel").await;
    let bolts = product(&company, "Bolts", "2", None).await;
    for (partner, quantity, date) in [
        (vendor.to_string(), "10", "2026-01-10"),
        (other.to_string(), "30", "2026-02-10"),
        (vendor.to_string(), "20", "2026-03-10"),
    ] {
        create(
            &company,
            ORDERS,
            json!({"partnerId": partner, "orderDate": date,
                   "lines": [{"productId": bolts, "quantity": quantity}]}),
        )
        .await;
    }
    let list = company
        .get(&format!(
            "{ORDERS}?partner_id={vendor}&sort=amountTotal&order=desc"
        ))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    assert_eq!(list.body["meta"]["total"], 2);
    assert_eq!(list.body["data"][0]["amountTotal"], "42.00");
    assert_eq!(list.body["data"][1]["amountTotal"], "21.00");
    let dated = company
        .get(&format!("{ORDERS}?date_from=2026-02-01&date_to=2026-02-28"))
        .await;
    assert_eq!(dated.body["meta"]["total"], 1);
    let by_product = company
        .get(&format!(
            "{ORDERS}?product_id={bolts}&state=draft&sort=orderDate&order=asc&limit=2"
        ))
        .await;
    assert_eq!(by_product.body["data"][0]["orderDate"], "2026-01-10");
    assert_eq!(by_product.body["meta"]["total"], 3);
    let bad = company.get(&format!("{ORDERS}?state=open")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn bad_input_names_each_field() {
    let company = buyer().await;
    let vendor = company.partner("Gulf Supplies");
    let client = company.client("Al Noor").await;
    let bolts = product(&company, "Bolts", "2", None).await;
    let reply = company
        .post(
            ORDERS,
            json!({"partnerId": vendor, "orderDate": "2026-13-01", "currency": "XXX",
                   "lines": [{"productId": bolts, "quantity": "-1"},
                             {"productId": bolts, "quantity": "1", "unitPrice": "abc"}]}),
        )
        .await;
    names_fields(
        &reply,
        &[
            "orderDate",
            "currency",
            "lines[0].quantity",
            "lines[1].unitPrice",
        ],
    );
    let reply = company
        .post(
            ORDERS,
            json!({"partnerId": client,
                   "lines": [{"productId": uuid::Uuid::now_v7(), "quantity": "1"},
                             {"quantity": "1"},
                             {"productId": bolts, "quantity": "1.5"},
                             {"productId": bolts, "quantity": "1", "uom": "kg"},
                             {"productId": bolts, "quantity": "1", "taxIds": [company.tax("VAT 5%")]}]}),
        )
        .await;
    names_fields(
        &reply,
        &[
            "partnerId",
            "lines[0].productId",
            "lines[1].description",
            "lines[1].unitPrice",
            "lines[2].quantity",
            "lines[3].uom",
        ],
    );
    let reply = company
        .post(
            ORDERS,
            json!({"partnerId": vendor,
                   "lines": [{"productId": bolts, "quantity": "1", "taxIds": [company.tax("VAT 5%")]}]}),
        )
        .await;
    assert_eq!(
        error_fields(&reply.body),
        vec!["lines[0].taxIds[0]".to_owned()]
    );
    let reply = company
        .post(ORDERS, json!({"partnerId": vendor, "lines": []}))
        .await;
    assert_eq!(error_fields(&reply.body), vec!["lines".to_owned()]);
    let reply = company
        .post(
            ORDERS,
            json!({"partnerId": vendor, "lines": [], "colour": "red"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn another_companys_ids_are_refused_and_its_orders_unseen() {
    let company = buyer().await;
    let vendor = company.partner("Gulf Supplies");
    let bolts = product(&company, "Bolts", "2", None).await;
    let order = create(
        &company,
        ORDERS,
        json!({"partnerId": vendor, "lines": [{"productId": bolts, "quantity": "1"}]}),
    )
    .await;
    let other = company.another_company("Other LLC").await;
    let path = format!("{ORDERS}/{}", id_of(&order));
    let seen = company.app.get(&path, &company.token, Some(other)).await;
    assert_eq!(seen.status, StatusCode::NOT_FOUND);
    let list = company.app.get(ORDERS, &company.token, Some(other)).await;
    assert_eq!(list.body["meta"]["total"], 0);
    let reply = company
        .app
        .post(
            ORDERS,
            &company.token,
            Some(other),
            json!({"partnerId": vendor, "lines": [{"productId": bolts, "quantity": "1"}]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
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
            json!({"partnerId": vendor, "lines": [{"productId": bolts, "quantity": "1"}]}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_draft_is_edited_and_deleted() {
    let company = buyer().await;
    let vendor = company.partner("Gulf Supplies");
    let bolts = product(&company, "Bolts", "2", None).await;
    let order = create(
        &company,
        ORDERS,
        json!({"partnerId": vendor, "lines": [{"productId": bolts, "quantity": "1"}]}),
    )
    .await;
    let path = format!("{ORDERS}/{}", id_of(&order));
    let edited = company
        .patch(
            &path,
            json!({"notes": "Deliver to gate 2", "lines": [{"productId": bolts, "quantity": "5", "unitPrice": "3"}]}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(edited.body["amountUntaxed"], "15.00");
    assert_eq!(edited.body["amountTotal"], "15.75");
    assert_eq!(edited.body["notes"], "Deliver to gate 2");
    let cleared = company.patch(&path, json!({"notes": null})).await;
    assert_eq!(cleared.body["notes"], serde_json::Value::Null);
    assert_eq!(cleared.body["amountTotal"], "15.75");
    let deleted = company.delete(&path).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(company.get(&path).await.status, StatusCode::NOT_FOUND);
}
