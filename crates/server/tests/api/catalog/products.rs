//! Products: every field, the unique codes, the rules between fields, tenancy and roles.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{CATEGORIES, PRODUCTS, books, column, create, fields, id_of};

#[tokio::test]
async fn a_product_with_every_field_reads_back_as_given() {
    let company = books().await;
    let vendor = company.vendor("Gulf Supplies").await;
    let category = create(
        &company,
        CATEGORIES,
        json!({"name": "Coffee", "costingMethod": "fifo"}),
    )
    .await;
    let product = create(
        &company,
        PRODUCTS,
        json!({"name": "Arabica beans", "sku": "COF-1", "barcode": "4006381333931",
               "type": "storable", "categoryId": category["id"], "uom": "kg", "purchaseUom": "t",
               "salePrice": "45.50", "cost": "30.125", "saleTaxIds": [company.tax("VAT 5%")],
               "purchaseTaxIds": [company.tax("VAT 5% (purchases)")], "invoicePolicy": "delivered",
               "tracking": "lot", "reorderMin": "10.5", "reorderMax": "100", "weight": "1.02",
               "volume": "0.0015", "hsCode": "0901.21", "description": "Roasted beans",
               "canBeSold": true, "canBePurchased": true, "active": true, "notes": "Keep dry",
               "vendors": [{"partnerId": vendor, "vendorSku": "GS-77", "price": "28000",
                            "currency": "USD", "minQuantity": "0.5", "leadTimeDays": 14}]}),
    )
    .await;
    let read = company
        .get(&format!("{PRODUCTS}/{}", id_of(&product)))
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body, product);
    let expected = json!({
        "name": "Arabica beans", "sku": "COF-1", "barcode": "4006381333931", "type": "storable",
        "categoryId": category["id"], "uom": "kg", "purchaseUom": "t", "salePrice": "45.5",
        "cost": "30.125", "costingMethod": "fifo", "currency": "AED",
        "saleTaxIds": [company.tax("VAT 5%")], "purchaseTaxIds": [company.tax("VAT 5% (purchases)")],
        "invoicePolicy": "delivered", "tracking": "lot", "reorderMin": "10.500",
        "reorderMax": "100.000", "weight": "1.02", "volume": "0.0015", "hsCode": "0901.21",
        "description": "Roasted beans", "canBeSold": true, "canBePurchased": true,
        "vendors": [{"partnerId": vendor, "vendorSku": "GS-77", "price": "28000",
                     "currency": "USD", "minQuantity": "0.500", "leadTimeDays": 14}],
        "active": true, "notes": "Keep dry",
        "stock": {"onHand": "0.000", "reserved": "0.000", "available": "0.000",
                  "incoming": "0.000", "outgoing": "0.000"},
    });
    for (key, value) in expected.as_object().expect("an object") {
        assert_eq!(&product[key], value, "{key}");
    }

    let service = create(
        &company,
        PRODUCTS,
        json!({"name": "Installation", "type": "service", "uom": "hour"}),
    )
    .await;
    assert_eq!(service["stock"], Value::Null);
    assert_eq!(service["costingMethod"], "standard");
    assert_eq!(service["purchaseUom"], "hour");
    assert_eq!(service["salePrice"], "0");
    assert_eq!(service["tracking"], "none");
    assert_eq!(service["vendors"], json!([]));

    let patched = company
        .patch(
            &format!("{PRODUCTS}/{}", id_of(&product)),
            json!({"sku": null, "salePrice": "50", "saleTaxIds": [], "vendors": [],
                   "reorderMin": null, "active": false}),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{:?}", patched.body);
    assert_eq!(patched.body["sku"], Value::Null);
    assert_eq!(patched.body["salePrice"], "50");
    assert_eq!(patched.body["saleTaxIds"], json!([]));
    assert_eq!(
        patched.body["purchaseTaxIds"],
        json!([company.tax("VAT 5% (purchases)")])
    );
    assert_eq!(patched.body["vendors"], json!([]));
    assert_eq!(patched.body["reorderMin"], Value::Null);
    assert_eq!(patched.body["reorderMax"], "100.000");
    assert_eq!(patched.body["active"], false);
    assert_eq!(patched.body["barcode"], "4006381333931");
}

#[tokio::test]
async fn sku_and_barcode_are_unique_in_the_company_and_barcodes_are_checked() {
    let company = books().await;
    create(
        &company,
        PRODUCTS,
        json!({"name": "Pen", "type": "consumable", "sku": "PEN", "barcode": "96385074"}),
    )
    .await;
    let same_sku = company
        .post(
            PRODUCTS,
            json!({"name": "Pen 2", "type": "consumable", "sku": "PEN"}),
        )
        .await;
    assert_eq!(same_sku.status, StatusCode::CONFLICT);
    assert_eq!(same_sku.body["code"], "product_sku_taken");
    let same_barcode = company
        .post(
            PRODUCTS,
            json!({"name": "Pen 3", "type": "consumable", "barcode": "96385074"}),
        )
        .await;
    assert_eq!(same_barcode.status, StatusCode::CONFLICT);
    assert_eq!(same_barcode.body["code"], "product_barcode_taken");
    let other = create(
        &company,
        PRODUCTS,
        json!({"name": "Pencil", "type": "consumable", "sku": "PENCIL"}),
    )
    .await;
    let renamed = company
        .patch(
            &format!("{PRODUCTS}/{}", id_of(&other)),
            json!({"sku": "PEN"}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::CONFLICT);
    assert_eq!(renamed.body["code"], "product_sku_taken");

    let bad_check = company
        .post(
            PRODUCTS,
            json!({"name": "Box", "type": "storable", "barcode": "4006381333932"}),
        )
        .await;
    assert_eq!(bad_check.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&bad_check.body), vec!["barcode"]);
    let bad_upc = company
        .post(
            PRODUCTS,
            json!({"name": "Box", "type": "storable", "barcode": "036000291453"}),
        )
        .await;
    assert_eq!(bad_upc.status, StatusCode::BAD_REQUEST);
    let good_upc = company
        .post(
            PRODUCTS,
            json!({"name": "Box", "type": "storable", "barcode": "036000291452"}),
        )
        .await;
    assert_eq!(good_upc.status, StatusCode::CREATED);
    let free_text = company
        .post(
            PRODUCTS,
            json!({"name": "Crate", "type": "storable", "barcode": "CRATE-0001"}),
        )
        .await;
    assert_eq!(free_text.status, StatusCode::CREATED);
}

#[tokio::test]
async fn units_must_measure_the_same_and_services_are_not_tracked() {
    let company = books().await;
    let mismatch = company
        .post(
            PRODUCTS,
            json!({"name": "Flour", "type": "storable", "uom": "kg", "purchaseUom": "l"}),
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&mismatch.body), vec!["purchaseUom"]);
    let unknown = company
        .post(
            PRODUCTS,
            json!({"name": "Flour", "type": "storable", "uom": "furlong"}),
        )
        .await;
    assert_eq!(fields(&unknown.body), vec!["uom"]);
    let tracked_service = company
        .post(
            PRODUCTS,
            json!({"name": "Repair", "type": "service", "tracking": "serial"}),
        )
        .await;
    assert_eq!(tracked_service.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&tracked_service.body), vec!["tracking"]);
    let bad = company
        .post(
            PRODUCTS,
            json!({"name": "", "type": "gadget", "uom": "unit", "reorderMin": "1.5",
                   "reorderMax": "-2", "salePrice": "abc", "invoicePolicy": "never"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        fields(&bad.body),
        vec![
            "invoicePolicy",
            "name",
            "reorderMax",
            "reorderMin",
            "salePrice",
            "type"
        ]
    );
    let eggs = create(
        &company,
        PRODUCTS,
        json!({"name": "Eggs", "type": "storable", "uom": "unit", "purchaseUom": "dozen"}),
    )
    .await;
    let to_weight = company
        .patch(
            &format!("{PRODUCTS}/{}", id_of(&eggs)),
            json!({"uom": "kg"}),
        )
        .await;
    assert_eq!(to_weight.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&to_weight.body), vec!["purchaseUom"]);
}

#[tokio::test]
async fn another_companys_records_are_unknown_and_a_viewer_writes_nothing() {
    let company = books().await;
    let other = company
        .app
        .create_company_with(
            &company.token,
            json!({"name": "Other LLC", "currency": "AED", "country": "AE", "chartTemplate": "uae"}),
        )
        .await;
    let their_taxes = company
        .app
        .get(
            "/api/v1/accounting/taxes?limit=100",
            &company.token,
            Some(other),
        )
        .await;
    let their_tax = their_taxes.body["data"][0]["id"].clone();
    let their_vendor = company
        .app
        .post(
            "/api/v1/crm/vendors",
            &company.token,
            Some(other),
            json!({"name": "Their vendor"}),
        )
        .await;
    assert_eq!(
        their_vendor.status,
        StatusCode::CREATED,
        "{:?}",
        their_vendor.body
    );
    let their_category = company
        .app
        .post(
            CATEGORIES,
            &company.token,
            Some(other),
            json!({"name": "Theirs"}),
        )
        .await;
    let their_product = company
        .app
        .post(
            PRODUCTS,
            &company.token,
            Some(other),
            json!({"name": "Theirs", "type": "storable"}),
        )
        .await;
    assert_eq!(their_product.status, StatusCode::CREATED);

    let read = company
        .get(&format!("{PRODUCTS}/{}", id_of(&their_product.body)))
        .await;
    assert_eq!(read.status, StatusCode::NOT_FOUND);
    assert_eq!(read.body["code"], "product_not_found");
    let category = company
        .get(&format!("{CATEGORIES}/{}", id_of(&their_category.body)))
        .await;
    assert_eq!(category.status, StatusCode::NOT_FOUND);
    let delete = company
        .delete(&format!("{PRODUCTS}/{}", id_of(&their_product.body)))
        .await;
    assert_eq!(delete.status, StatusCode::NOT_FOUND);
    let links = company
        .post(
            PRODUCTS,
            json!({"name": "Mine", "type": "storable", "categoryId": their_category.body["id"],
                   "saleTaxIds": [their_tax], "purchaseTaxIds": [company.tax("VAT 5%")],
                   "vendors": [{"partnerId": their_vendor.body["id"]}]}),
        )
        .await;
    assert_eq!(links.status, StatusCode::BAD_REQUEST, "{:?}", links.body);
    assert_eq!(
        fields(&links.body),
        vec![
            "categoryId",
            "purchaseTaxIds[0]",
            "saleTaxIds[0]",
            "vendors[0].partnerId"
        ]
    );
    let sub = company
        .post(
            CATEGORIES,
            json!({"name": "Mine", "parentId": their_category.body["id"]}),
        )
        .await;
    assert_eq!(fields(&sub.body), vec!["parentId"]);

    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let as_viewer = company
        .app
        .post(
            PRODUCTS,
            &viewer,
            Some(company.id),
            json!({"name": "Nope", "type": "storable"}),
        )
        .await;
    assert_eq!(as_viewer.status, StatusCode::FORBIDDEN);
    let category_as_viewer = company
        .app
        .post(
            CATEGORIES,
            &viewer,
            Some(company.id),
            json!({"name": "Nope"}),
        )
        .await;
    assert_eq!(category_as_viewer.status, StatusCode::FORBIDDEN);
    let read_as_viewer = company.app.get(PRODUCTS, &viewer, Some(company.id)).await;
    assert_eq!(read_as_viewer.status, StatusCode::OK);
}

#[tokio::test]
async fn the_list_filters_on_text_type_category_and_active() {
    let company = books().await;
    let all = create(&company, CATEGORIES, json!({"name": "All"})).await;
    let drinks = create(
        &company,
        CATEGORIES,
        json!({"name": "Drinks", "parentId": all["id"]}),
    )
    .await;
    let food = create(
        &company,
        CATEGORIES,
        json!({"name": "Food", "parentId": all["id"]}),
    )
    .await;
    for body in [
        json!({"name": "Orange juice", "type": "storable", "sku": "OJ-1", "categoryId": drinks["id"]}),
        json!({"name": "Water", "type": "consumable", "barcode": "JUICEBOX-9", "categoryId": drinks["id"]}),
        json!({"name": "Bread", "type": "storable", "categoryId": food["id"], "active": false}),
        json!({"name": "Delivery", "type": "service"}),
    ] {
        create(&company, PRODUCTS, body).await;
    }
    let names = |path: String| {
        let company = &company;
        async move {
            let reply = company.get(&path).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
            let mut names = column(&reply.body, "name");
            names.sort();
            names
        }
    };
    assert_eq!(
        names(format!("{PRODUCTS}?q=juice")).await,
        vec!["Orange juice", "Water"]
    );
    assert_eq!(
        names(format!("{PRODUCTS}?q=oj-")).await,
        vec!["Orange juice"]
    );
    assert_eq!(
        names(format!("{PRODUCTS}?type=storable")).await,
        vec!["Bread", "Orange juice"]
    );
    assert_eq!(
        names(format!("{PRODUCTS}?category_id={}", id_of(&drinks))).await,
        vec!["Orange juice", "Water"]
    );
    assert_eq!(
        names(format!("{PRODUCTS}?category_id={}", id_of(&all))).await,
        vec!["Bread", "Orange juice", "Water"]
    );
    assert_eq!(
        names(format!("{PRODUCTS}?active=false")).await,
        vec!["Bread"]
    );
    assert_eq!(
        names(format!("{PRODUCTS}?below_min=true")).await,
        Vec::<String>::new()
    );
    let sorted = company
        .get(&format!("{PRODUCTS}?sort=name&order=asc&limit=2"))
        .await;
    assert_eq!(column(&sorted.body, "name"), vec!["Bread", "Delivery"]);
    assert_eq!(sorted.body["meta"]["total"], 4);
    let next = company
        .get(&format!(
            "{PRODUCTS}?sort=name&order=asc&limit=2&cursor={}",
            sorted.body["meta"]["cursor"].as_str().expect("a cursor")
        ))
        .await;
    assert_eq!(column(&next.body, "name"), vec!["Orange juice", "Water"]);
    let bad = company.get(&format!("{PRODUCTS}?type=gadget")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // The totals of the unfiltered list are kept through every write, not counted.
    let total = |path: &'static str| {
        let company = &company;
        async move { company.get(path).await.body["meta"]["total"].clone() }
    };
    let active_filter = "/api/v1/inventory/products?active=true";
    let archived_filter = "/api/v1/inventory/products?active=false";
    assert_eq!(total(active_filter).await, 3);
    assert_eq!(total(archived_filter).await, 1);
    let water = column(
        &company.get(&format!("{PRODUCTS}?q=water")).await.body,
        "id",
    );
    let archive = company
        .patch(
            &format!("{PRODUCTS}/{}", water[0]),
            json!({"active": false}),
        )
        .await;
    assert_eq!(archive.status, StatusCode::OK, "{:?}", archive.body);
    assert_eq!(total(active_filter).await, 2);
    assert_eq!(total(archived_filter).await, 2);
    let deleted = company.delete(&format!("{PRODUCTS}/{}", water[0])).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    assert_eq!(total("/api/v1/inventory/products").await, 3);
    assert_eq!(total(archived_filter).await, 1);
    let gone = company.delete(&format!("{PRODUCTS}/{}", water[0])).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(total("/api/v1/inventory/products").await, 3);

    // Two clerks archiving, then deleting, the same product at once move the totals once.
    let juice = column(
        &company.get(&format!("{PRODUCTS}?q=orange")).await.body,
        "id",
    );
    let path = format!("{PRODUCTS}/{}", juice[0]);
    let (first, second) = tokio::join!(
        company.patch(&path, json!({"active": false})),
        company.patch(&path, json!({"active": false}))
    );
    assert_eq!(
        (first.status, second.status),
        (StatusCode::OK, StatusCode::OK)
    );
    assert_eq!(total(active_filter).await, 1);
    assert_eq!(total(archived_filter).await, 2);
    let (first, second) = tokio::join!(company.delete(&path), company.delete(&path));
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::NO_CONTENT, StatusCode::NOT_FOUND]);
    assert_eq!(total("/api/v1/inventory/products").await, 2);
    assert_eq!(total(archived_filter).await, 1);
}
