//! The three figures that disagreed with the peers' (Odoo's and Tryton's test suites), through
//! the API on both databases: a fixed tax included in the price, a reverse-charge tax marked
//! price-included, and per-document rounding of tax-included prices.

use arkan_testkit::{Company, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const TRN: &str = "100123456700003";

async fn shop() -> Company {
    TestApp::company()
        .trn(TRN)
        .with_uae_chart()
        .client("Al Noor")
        .vendor("Overseas Software Ltd")
        .await
}

async fn tax(shop: &Company, body: Value) -> Uuid {
    let reply = shop.post("/api/v1/accounting/taxes", body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

/// A sales VAT of 5 % included in the price.
async fn vat_included(shop: &Company) -> Uuid {
    tax(
        shop,
        json!({"name": "VAT 5% included", "amountType": "percent", "rate": "5",
               "typeTaxUse": "sale", "priceInclude": true, "accountId": shop.account("202000"),
               "vatBox": "1a"}),
    )
    .await
}

fn amounts(invoice: &Value) -> (&str, &str, &str) {
    (
        invoice["amountUntaxed"].as_str().unwrap_or_default(),
        invoice["amountTax"].as_str().unwrap_or_default(),
        invoice["amountTotal"].as_str().unwrap_or_default(),
    )
}

#[tokio::test]
async fn a_fixed_tax_in_the_price_comes_out_of_it_before_vat() {
    let shop = shop().await;
    let fixed = tax(
        &shop,
        json!({"name": "Fixed levy 10 included", "amountType": "fixed", "rate": "10",
               "typeTaxUse": "sale", "priceInclude": true, "accountId": shop.account("202000")}),
    )
    .await;
    let vat_included = vat_included(&shop).await;
    let client = shop.partner("Al Noor");
    // 2 x 100 with the fixed 10 included: the peers' 180 / 20 / 200.
    let alone = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-03-10",
            "lines": [{"description": "Cans", "quantity": "2", "unitPrice": "100", "taxIds": [fixed]}]}))
        .await;
    assert_eq!(amounts(&alone.body), ("180.00", "20.00", "200.00"));
    // 1 x 115 with the fixed 10 and VAT 5 % included: 100 / 15 / 115, VAT keeping all its 5.
    let both = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": "2026-03-10",
            "lines": [{"description": "Cans", "quantity": "1", "unitPrice": "115", "taxIds": [fixed, vat_included]}]}))
        .await;
    assert_eq!(amounts(&both.body), ("100.00", "15.00", "115.00"));
    let posted = shop.post_invoice(both.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    let tb = shop.trial_balance("2026-01-01", "2026-12-31").await;
    assert_eq!(tb.body["totals"]["debit"], tb.body["totals"]["credit"]);
}

#[tokio::test]
async fn a_reverse_charge_tax_marked_included_never_shrinks_the_bill() {
    let shop = shop().await;
    let reverse = tax(
        &shop,
        json!({"name": "Reverse charge 5% (included?)", "amountType": "percent", "rate": "5",
               "typeTaxUse": "purchase", "priceInclude": true, "reverseCharge": true,
               "accountId": shop.account("202100"), "counterpartAccountId": shop.account("140000")}),
    )
    .await;
    let bill = shop
        .draft_invoice(json!({"kind": "vendor_bill", "partnerId": shop.partner("Overseas Software Ltd"),
            "invoiceDate": "2026-05-02",
            "lines": [{"description": "Licence", "quantity": "1", "unitPrice": "100", "taxIds": [reverse],
                       "accountId": shop.account("603000")}]}))
        .await;
    // The vendor is owed the price: 100, not 95.24 (nor the 82.64 of an earlier bug report).
    assert_eq!(amounts(&bill.body), ("100.00", "0.00", "100.00"));
    let posted = shop.post_invoice(bill.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(shop.balance("201000").await, "-100.00");
    assert_eq!(shop.balance("140000").await, "5.00");
    assert_eq!(shop.balance("202100").await, "-5.00");
}

#[tokio::test]
async fn per_document_rounding_keeps_the_sum_of_tax_included_prices() {
    let shop = shop().await;
    let set = shop
        .patch(
            "/api/v1/accounting/settings",
            json!({"taxRounding": "document"}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    let vat_included = vat_included(&shop).await;
    let invoice = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": shop.partner("Al Noor"),
            "invoiceDate": "2026-03-10",
            "lines": [
                {"description": "Tea", "quantity": "1", "unitPrice": "1.03", "taxIds": [vat_included]},
                {"description": "Coffee", "quantity": "1", "unitPrice": "1.16", "taxIds": [vat_included]}
            ]}))
        .await;
    // The prices sum to 2.19: so does the invoice, the fils going into the base.
    assert_eq!(amounts(&invoice.body), ("2.09", "0.10", "2.19"));
    let lines = invoice.body["lines"].as_array().expect("lines");
    let totals: Vec<&str> = lines
        .iter()
        .map(|line| line["total"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(totals, ["1.03", "1.16"]);
    let posted = shop.post_invoice(invoice.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(shop.balance("110000").await, "2.19");
}

#[tokio::test]
async fn a_fixed_tax_kept_in_dirhams_is_converted_on_a_dollar_invoice() {
    let shop = shop().await;
    let levy = tax(
        &shop,
        json!({"name": "Levy 10 AED", "amountType": "fixed", "rate": "10",
               "typeTaxUse": "sale", "accountId": shop.account("202000")}),
    )
    .await;
    shop.currency_rate("USD", "2026-05-31", "3.6725").await;
    let invoice = shop
        .draft_invoice(json!({"kind": "customer_invoice", "partnerId": shop.partner("Al Noor"),
            "invoiceDate": "2026-06-01", "currency": "USD",
            "lines": [{"description": "Drums", "quantity": "3", "unitPrice": "100", "taxIds": [levy]}]}))
        .await;
    // 3 x 10 AED = 30 AED = 8.17 USD at 3.6725, not 30.00 USD.
    assert_eq!(amounts(&invoice.body), ("300.00", "8.17", "308.17"));
    let posted = shop.post_invoice(invoice.id()).await;
    assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    assert_eq!(amounts(&posted.body), ("300.00", "8.17", "308.17"));
    // Booked in dirhams: 8.17 USD x 3.6725 = 30.00 AED of levy.
    assert_eq!(shop.balance("202000").await, "-30.00");
}
