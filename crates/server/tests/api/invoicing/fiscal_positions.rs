//! Fiscal positions (shapes-invoicing §5) through the API on both databases: an export client
//! whose invoices carry zero-rated VAT and post to export sales, a position that removes a tax,
//! and the master data's rules.

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const TRN: &str = "100123456700003";

async fn shop() -> Company {
    TestApp::company()
        .trn(TRN)
        .with_uae_chart()
        .vendor("Gulf Supplies")
        .await
}

async fn export_sales(shop: &Company) -> Uuid {
    let account = shop
        .post(
            "/api/v1/accounting/accounts",
            json!({"code": "403000", "name": "Export Sales", "type": "income"}),
        )
        .await;
    assert_eq!(account.status, StatusCode::CREATED, "{:?}", account.body);
    account.id()
}

async fn export_position(shop: &Company, export_sales: Uuid) -> Uuid {
    let position = shop
        .post(
            "/api/v1/accounting/fiscal-positions",
            json!({"name": "Export outside the GCC",
                   "taxMap": [{"fromTaxId": shop.tax("VAT 5%"), "toTaxId": shop.tax("Zero-rated 0%")}],
                   "accountMap": [{"fromAccountId": shop.account("401000"), "toAccountId": export_sales}],
                   "notes": "VAT Art. 45: exports are zero-rated"}),
        )
        .await;
    assert_eq!(position.status, StatusCode::CREATED, "{:?}", position.body);
    assert_eq!(position.body["active"], true);
    position.id()
}

#[tokio::test]
async fn an_export_client_is_invoiced_zero_rated_through_its_fiscal_position() {
    let shop = shop().await;
    let export_sales = export_sales(&shop).await;
    let position = export_position(&shop, export_sales).await;
    let client = shop
        .post(
            "/api/v1/crm/clients",
            json!({"name": "Oman Traders", "fiscalPositionId": position}),
        )
        .await;
    assert_eq!(client.status, StatusCode::CREATED, "{:?}", client.body);
    assert_eq!(client.body["fiscalPositionId"], json!(position));
    // The clerk picks the usual VAT 5% and no account: the position does the rest.
    let draft = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client.id(),
            "invoiceDate": "2026-09-01",
            "lines": [{"description": "Tiles", "quantity": "4", "unitPrice": "250",
                       "taxIds": [shop.tax("VAT 5%")]}]}))
        .await;
    assert_eq!(draft.body["fiscalPositionId"], json!(position));
    assert_eq!(
        draft.body["lines"][0]["taxIds"],
        json!([shop.tax("Zero-rated 0%")])
    );
    assert_eq!(draft.body["lines"][0]["accountId"], json!(export_sales));
    assert_eq!(draft.body["amountTax"], "0.00");
    assert_eq!(draft.body["amountTotal"], "1000.00");
    let posted = shop.post_invoice(draft.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(shop.account_balance(export_sales).await, "-1000.00");
    assert_eq!(shop.balance("401000").await, "0.00");
    assert_eq!(shop.balance("202000").await, "0.00");

    // Without the position (null), the same line keeps VAT 5% and the sales account.
    let plain = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client.id(),
            "invoiceDate": "2026-09-01", "fiscalPositionId": null,
            "lines": [{"description": "Tiles", "quantity": "4", "unitPrice": "250",
                       "taxIds": [shop.tax("VAT 5%")]}]}))
        .await;
    assert_eq!(plain.body["fiscalPositionId"], Value::Null);
    assert_eq!(plain.body["amountTax"], "50.00");
    assert_eq!(
        plain.body["lines"][0]["accountId"],
        json!(shop.account("401000"))
    );
    // Given the position later, the lines sent with it are mapped; without them the draft
    // could only map its already mapped lines, so they are required.
    let bare = shop
        .patch(
            &format!("/api/v1/accounting/invoices/{}", plain.id()),
            json!({"fiscalPositionId": position}),
        )
        .await;
    assert_eq!(bare.status, StatusCode::BAD_REQUEST, "{:?}", bare.body);
    assert_eq!(bare.body["errors"][0]["field"], "lines");
    let mapped = shop
        .patch(
            &format!("/api/v1/accounting/invoices/{}", plain.id()),
            json!({"fiscalPositionId": position,
                   "lines": [{"description": "Tiles", "quantity": "4", "unitPrice": "250",
                              "taxIds": [shop.tax("VAT 5%")]}]}),
        )
        .await;
    assert_eq!(mapped.status, StatusCode::OK, "{:?}", mapped.body);
    assert_eq!(mapped.body["amountTax"], "0.00");
    assert_eq!(mapped.body["lines"][0]["accountId"], json!(export_sales));

    // In use by the client and invoices: it cannot be deleted, only archived.
    let in_use = shop
        .delete(&format!("/api/v1/accounting/fiscal-positions/{position}"))
        .await;
    assert_eq!(in_use.status, StatusCode::CONFLICT);
    assert_eq!(in_use.body["code"], "fiscal_position_in_use");
    let archived = shop
        .patch(
            &format!("/api/v1/accounting/fiscal-positions/{position}"),
            json!({"active": false}),
        )
        .await;
    assert_eq!(archived.status, StatusCode::OK);
    assert_eq!(archived.body["active"], false);
    assert_eq!(archived.body["taxMap"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_position_removes_a_tax_and_keeps_each_tax_once() {
    let shop = shop().await;
    let vendor = shop.partner("Gulf Supplies");
    let purchase_vat = shop.tax("VAT 5% (purchases)");
    let zero = shop
        .post(
            "/api/v1/accounting/taxes",
            json!({"name": "Designated zone 0%", "amountType": "percent", "rate": "0",
                   "typeTaxUse": "purchase", "accountId": shop.account("140000")}),
        )
        .await;
    assert_eq!(zero.status, StatusCode::CREATED, "{:?}", zero.body);
    let excise = shop
        .post(
            "/api/v1/accounting/taxes",
            json!({"name": "Excise 50%", "amountType": "percent", "rate": "50",
                   "typeTaxUse": "purchase", "accountId": shop.account("140000")}),
        )
        .await;
    assert_eq!(excise.status, StatusCode::CREATED, "{:?}", excise.body);
    let position = shop
        .post(
            "/api/v1/accounting/fiscal-positions",
            json!({"name": "Designated zone",
                   "taxMap": [{"fromTaxId": purchase_vat, "toTaxId": zero.id()},
                              {"fromTaxId": excise.id(), "toTaxId": null}]}),
        )
        .await;
    assert_eq!(position.status, StatusCode::CREATED, "{:?}", position.body);
    assert_eq!(position.body["taxMap"][1]["toTaxId"], Value::Null);
    let bill = shop
        .draft_invoice(json!({"kind": "vendor_bill", "partnerId": vendor,
            "invoiceDate": "2026-09-01", "fiscalPositionId": position.id(),
            "lines": [{"description": "Drinks", "quantity": "1", "unitPrice": "100",
                       "taxIds": [purchase_vat, excise.id(), zero.id()]}]}))
        .await;
    assert_eq!(bill.body["lines"][0]["taxIds"], json!([zero.id()]));
    assert_eq!(bill.body["amountTotal"], "100.00");
}

#[tokio::test]
async fn fiscal_positions_are_checked_and_kept_to_their_company_and_roles() {
    let shop = shop().await;
    let other = shop.another_company("Other Trading").await;
    let foreign_tax = {
        let taxes = shop
            .app
            .get("/api/v1/accounting/taxes", &shop.token, Some(other))
            .await;
        taxes.body["data"][0]["id"].clone()
    };
    let refusals = [
        (
            json!({"name": "x", "taxMap": [{"fromTaxId": Uuid::now_v7(), "toTaxId": null}]}),
            "taxMap[0].fromTaxId",
        ),
        (
            json!({"name": "x", "taxMap": [{"fromTaxId": shop.tax("VAT 5%"), "toTaxId": foreign_tax}]}),
            "taxMap[0].toTaxId",
        ),
        (
            json!({"name": "x", "taxMap": [{"fromTaxId": shop.tax("VAT 5%"),
                                             "toTaxId": shop.tax("VAT 5% (purchases)")}]}),
            "taxMap[0].toTaxId",
        ),
        (
            json!({"name": "x", "accountMap": [{"fromAccountId": shop.account("401000"),
                                                 "toAccountId": Uuid::now_v7()}]}),
            "accountMap[0].toAccountId",
        ),
        (json!({"name": ""}), "name"),
    ];
    for (body, field) in refusals {
        let refused = shop.post("/api/v1/accounting/fiscal-positions", body).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{field}: {:?}",
            refused.body
        );
        assert_eq!(
            refused.body["errors"][0]["field"], field,
            "{:?}",
            refused.body
        );
    }
    let position = shop
        .post(
            "/api/v1/accounting/fiscal-positions",
            json!({"name": "GCC"}),
        )
        .await;
    assert_eq!(position.status, StatusCode::CREATED);
    let id = position.id();
    assert_eq!(position.body["taxMap"], json!([]));
    let (_, viewer) = shop.member("viewer@shop.test", "viewer").await;
    let forbidden = shop
        .app
        .patch(
            &format!("/api/v1/accounting/fiscal-positions/{id}"),
            &viewer,
            Some(shop.id),
            json!({"name": "Mine"}),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let hidden = shop
        .app
        .delete(
            &format!("/api/v1/accounting/fiscal-positions/{id}"),
            &shop.token,
            Some(other),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let vendor_elsewhere = shop
        .app
        .post(
            "/api/v1/crm/vendors",
            &shop.token,
            Some(other),
            json!({"name": "Borrower", "fiscalPositionId": id}),
        )
        .await;
    assert_eq!(vendor_elsewhere.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        vendor_elsewhere.body["errors"][0]["field"],
        "fiscalPositionId"
    );
    let listed = shop
        .get("/api/v1/accounting/fiscal-positions?sort=name")
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(listed.body["data"][0]["name"], "GCC");
    let deleted = shop
        .delete(&format!("/api/v1/accounting/fiscal-positions/{id}"))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
}
