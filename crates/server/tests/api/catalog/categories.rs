//! The product category tree.

use axum::http::StatusCode;
use serde_json::json;

use super::{CATEGORIES, PRODUCTS, books, create, fields, id_of};

#[tokio::test]
async fn categories_form_a_tree_named_from_the_root_without_cycles() {
    let company = books().await;
    let all = create(&company, CATEGORIES, json!({"name": "All"})).await;
    assert_eq!(all["fullName"], "All");
    assert_eq!(all["costingMethod"], "standard");
    let saleable = create(
        &company,
        CATEGORIES,
        json!({"name": "Saleable", "parentId": all["id"], "costingMethod": "average",
               "incomeAccountId": company.account("401000"),
               "expenseAccountId": company.account("501000"),
               "stockValuationAccountId": company.account("120000")}),
    )
    .await;
    assert_eq!(saleable["fullName"], "All / Saleable");
    assert_eq!(saleable["costingMethod"], "average");
    let office = create(
        &company,
        CATEGORIES,
        json!({"name": "Office", "parentId": saleable["id"]}),
    )
    .await;
    assert_eq!(office["fullName"], "All / Saleable / Office");

    let cycle = company
        .patch(
            &format!("{CATEGORIES}/{}", id_of(&all)),
            json!({"parentId": office["id"]}),
        )
        .await;
    assert_eq!(cycle.status, StatusCode::BAD_REQUEST, "{:?}", cycle.body);
    assert_eq!(fields(&cycle.body), vec!["parentId"]);
    let itself = company
        .patch(
            &format!("{CATEGORIES}/{}", id_of(&all)),
            json!({"parentId": all["id"]}),
        )
        .await;
    assert_eq!(itself.status, StatusCode::BAD_REQUEST);

    let renamed = company
        .patch(
            &format!("{CATEGORIES}/{}", id_of(&all)),
            json!({"name": "Everything"}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);
    let read = company
        .get(&format!("{CATEGORIES}/{}", id_of(&office)))
        .await;
    assert_eq!(read.body["fullName"], "Everything / Saleable / Office");
    let moved = company
        .patch(
            &format!("{CATEGORIES}/{}", id_of(&office)),
            json!({"parentId": null}),
        )
        .await;
    assert_eq!(moved.body["fullName"], "Office");
    let list = company.get(CATEGORIES).await;
    assert_eq!(list.body["meta"]["total"], 3);

    let bad = company
        .post(
            CATEGORIES,
            json!({"name": " ", "costingMethod": "lifo", "incomeAccountId": uuid::Uuid::now_v7()}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&bad.body), vec!["costingMethod", "name"]);
    let unknown_account = company
        .post(
            CATEGORIES,
            json!({"name": "X", "incomeAccountId": uuid::Uuid::now_v7()}),
        )
        .await;
    assert_eq!(unknown_account.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&unknown_account.body), vec!["incomeAccountId"]);
}

#[tokio::test]
async fn a_category_in_use_is_not_deleted() {
    let company = books().await;
    let parent = create(&company, CATEGORIES, json!({"name": "All"})).await;
    let child = create(
        &company,
        CATEGORIES,
        json!({"name": "Tools", "parentId": parent["id"]}),
    )
    .await;
    let parent_path = format!("{CATEGORIES}/{}", id_of(&parent));
    let with_child = company.delete(&parent_path).await;
    assert_eq!(with_child.status, StatusCode::CONFLICT);
    assert_eq!(with_child.body["code"], "product_category_in_use");
    let product = create(
        &company,
        PRODUCTS,
        json!({"name": "Hammer", "type": "storable", "categoryId": child["id"]}),
    )
    .await;
    let child_path = format!("{CATEGORIES}/{}", id_of(&child));
    let with_product = company.delete(&child_path).await;
    assert_eq!(with_product.status, StatusCode::CONFLICT);
    assert_eq!(with_product.body["code"], "product_category_in_use");
    let gone = company
        .delete(&format!("{PRODUCTS}/{}", id_of(&product)))
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(
        company.delete(&child_path).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        company.delete(&parent_path).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        company.get(&parent_path).await.body["code"],
        "product_category_not_found"
    );
}
