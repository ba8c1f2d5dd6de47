//! Quotes: priced as orders are with optional lines left out, validity from the settings,
//! drafts edited and deleted, sending (number, stored PDF), accepting with the optional lines
//! chosen, converting into an order (draft or confirmed), expiry, declining and cancelling,
//! the list, bad input, tenancy and roles.

use arkan_testkit::{Company, Reply};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{ORDERS, SETTINGS, create, id_of, names_fields, product};

const QUOTES: &str = "/api/v1/sales/quotes";
/// A validity no test outlives.
const LATER: &str = "2099-12-31";

async fn seller() -> Company {
    super::seller().await
}

fn path_of(quote: &Value) -> String {
    format!("{QUOTES}/{}", id_of(quote))
}

async fn action(company: &Company, quote: &Value, verb: &str, body: Value) -> Reply {
    company
        .post(&format!("{}/{verb}", path_of(quote)), body)
        .await
}

/// A 409 with `code`.
fn conflict(reply: &Reply, code: &str) {
    assert_eq!(reply.status, StatusCode::CONFLICT, "{:?}", reply.body);
    assert_eq!(reply.code(), code, "{:?}", reply.body);
}

fn contains(bytes: &[u8], text: &str) -> bool {
    bytes
        .windows(text.len())
        .any(|window| window == text.as_bytes())
}

/// A sent quote of 4 chairs (450, 5% off, VAT 5%) with two optional lines: installation (2 ×
/// 120.50, VAT 5%) and a warranty (99.99, no tax).
async fn sent_quote(company: &Company) -> Value {
    let client = company.partner("Al Noor Trading");
    let chairs = product(company, "Office Chair", "storable", "450", "300").await;
    let install = product(company, "Installation", "service", "120.5", "0").await;
    let quote = create(
        company,
        QUOTES,
        json!({"partnerId": client, "quoteDate": "2026-03-01", "validUntil": LATER,
        "lines": [
            {"productId": chairs, "quantity": "4", "discountPercent": "5"},
            {"productId": install, "quantity": "2", "isOptional": true},
            {"description": "Extended warranty", "quantity": "1", "unitPrice": "99.99",
             "taxIds": [], "isOptional": true}
        ]}),
    )
    .await;
    let sent = action(company, &quote, "send", json!({})).await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    sent.body
}

#[tokio::test]
async fn a_quote_is_priced_as_an_order_with_its_optional_lines_left_out() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let chairs = product(&company, "Office Chair", "storable", "450", "300").await;
    let install = product(&company, "Installation", "service", "120.5", "0").await;
    let quote = create(
        &company,
        QUOTES,
        json!({"partnerId": client, "quoteDate": "2026-03-01", "terms": "50% upfront",
        "incoterm": "DAP", "incotermPlace": "Dubai",
        "lines": [
            {"productId": chairs, "quantity": "4", "discountPercent": "5"},
            {"productId": install, "quantity": "2", "isOptional": true},
            {"description": "Delivery charge", "quantity": "1", "unitPrice": "35", "taxIds": []}
        ]}),
    )
    .await;
    assert_eq!(quote["state"], "draft");
    assert_eq!(quote["number"], Value::Null);
    assert_eq!(quote["quoteDate"], "2026-03-01");
    // The settings' 30 days of validity.
    assert_eq!(quote["validUntil"], "2026-03-31");
    assert_eq!(quote["currency"], "AED");
    assert_eq!(quote["terms"], "50% upfront");
    assert!(quote["salespersonId"].is_string(), "the caller by default");
    let lines = quote["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 3);
    // 4 × 450 × 0.95 = 1,710.00, VAT 85.50: the product's sale price and taxes.
    assert_eq!(lines[0]["description"], "Office Chair");
    assert_eq!(lines[0]["unitPrice"], "450");
    assert_eq!(lines[0]["subtotal"], "1710.00");
    assert_eq!(lines[0]["taxAmount"], "85.50");
    assert_eq!(lines[0]["isOptional"], false);
    // The optional line is priced (2 × 120.50, VAT 12.05) but not counted.
    assert_eq!(lines[1]["isOptional"], true);
    assert_eq!(lines[1]["isSelected"], false);
    assert_eq!(lines[1]["subtotal"], "241.00");
    assert_eq!(lines[1]["taxAmount"], "12.05");
    assert_eq!(lines[1]["total"], "253.05");
    assert_eq!(lines[2]["total"], "35.00");
    assert_eq!(quote["amountUntaxed"], "1745.00");
    assert_eq!(quote["amountTax"], "85.50");
    assert_eq!(quote["amountTotal"], "1830.50");

    // The same counted lines on an order give the same amounts.
    let order = create(
        &company,
        ORDERS,
        json!({"partnerId": client, "orderDate": "2026-03-01", "lines": [
            {"productId": chairs, "quantity": "4", "discountPercent": "5"},
            {"description": "Delivery charge", "quantity": "1", "unitPrice": "35", "taxIds": []}
        ]}),
    )
    .await;
    assert_eq!(order["amountTotal"], quote["amountTotal"]);

    // A shorter validity in the settings.
    let changed = company
        .patch(SETTINGS, json!({"quoteValidityDays": 15}))
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    let short = create(
        &company,
        QUOTES,
        json!({"partnerId": client, "quoteDate": "2026-03-01",
               "lines": [{"productId": chairs, "quantity": "1"}]}),
    )
    .await;
    assert_eq!(short["validUntil"], "2026-03-16");
    assert_eq!(short["amountTotal"], "472.50");
    let fetched = company.get(&path_of(&quote)).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.body["lines"][1]["isOptional"], true);
    assert_eq!(fetched.body["incotermPlace"], "Dubai");
}

#[tokio::test]
async fn a_draft_is_edited_and_deleted() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let quote = create(
        &company,
        QUOTES,
        json!({"partnerId": client, "quoteDate": "2026-03-01", "notes": "first",
               "lines": [{"productId": desk, "quantity": "1"}]}),
    )
    .await;
    let path = path_of(&quote);
    let edited = company
        .patch(
            &path,
            json!({"notes": null, "lines": [
                {"productId": desk, "quantity": "3", "unitPrice": "750"},
                {"productId": desk, "quantity": "1", "isOptional": true}
            ]}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(edited.body["notes"], Value::Null);
    assert_eq!(edited.body["amountUntaxed"], "2250.00");
    assert_eq!(edited.body["amountTotal"], "2362.50");
    assert_eq!(edited.body["lines"][1]["isOptional"], true);
    // Kept lines keep their prices and flags when only the header changes; a new quote date
    // takes its default validity.
    let dated = company
        .patch(&path, json!({"quoteDate": "2026-05-01"}))
        .await;
    assert_eq!(dated.status, StatusCode::OK, "{:?}", dated.body);
    assert_eq!(dated.body["amountUntaxed"], "2250.00");
    assert_eq!(dated.body["validUntil"], "2026-05-31");
    assert_eq!(dated.body["lines"][1]["isOptional"], true);
    let valid = company
        .patch(&path, json!({"validUntil": "2026-06-15"}))
        .await;
    assert_eq!(valid.body["validUntil"], "2026-06-15");
    let deleted = company.delete(&path).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(company.get(&path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sending_numbers_the_quote_and_keeps_its_pdf() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let quote = create(
        &company,
        QUOTES,
        json!({"partnerId": client, "quoteDate": "2026-03-01", "validUntil": LATER,
               "notes": "Delivery within two weeks",
               "lines": [{"productId": desk, "quantity": "2"}]}),
    )
    .await;
    let pdf = format!("{}/pdf", path_of(&quote));
    conflict(&company.get(&pdf).await, "quote_pdf_missing");
    let bad = action(&company, &quote, "send", json!({"email": "not an address"})).await;
    names_fields(&bad, &["email"]);
    let sent = action(
        &company,
        &quote,
        "send",
        json!({"email": "buyer@alnoor.ae", "message": "Our offer, as discussed"}),
    )
    .await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    assert_eq!(sent.body["state"], "sent");
    assert_eq!(sent.body["number"], "QT/2026/00001");
    assert_eq!(sent.body["sentTo"], "buyer@alnoor.ae");
    assert!(sent.body["sentAt"].is_string());
    assert_eq!(sent.body["amountTotal"], "1680.00");

    let file = company.get(&pdf).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.header("content-type"), "application/pdf");
    assert!(
        file.header("content-disposition")
            .contains("QT-2026-00001.pdf")
    );
    assert!(file.raw.starts_with(b"%PDF-"));
    assert!(file.raw.ends_with(b"%%EOF"));
    assert!(contains(&file.raw, "QT/2026/00001"));
    assert!(contains(&file.raw, "1680.00"));
    assert!(contains(&file.raw, "Delivery within two weeks"));

    // Sent, it is no longer a draft.
    conflict(
        &action(&company, &quote, "send", json!({})).await,
        "quote_not_draft",
    );
    conflict(
        &company
            .patch(&path_of(&quote), json!({"notes": "late"}))
            .await,
        "quote_not_draft",
    );
    conflict(&company.delete(&path_of(&quote)).await, "quote_not_draft");
    // The next quote, sent without a body, takes the next number.
    let second = create(
        &company,
        QUOTES,
        json!({"partnerId": client, "quoteDate": "2026-04-01", "validUntil": LATER,
               "lines": [{"productId": desk, "quantity": "1"}]}),
    )
    .await;
    let sent = company
        .app
        .call(
            axum::http::Method::POST,
            &format!("{}/send", path_of(&second)),
            Some(&company.token),
            Some(company.id),
            None,
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    assert_eq!(sent.body["number"], "QT/2026/00002");
}

#[tokio::test]
async fn an_accepted_quote_converts_into_an_order_of_the_lines_chosen() {
    let company = seller().await;
    let quote = sent_quote(&company).await;
    assert_eq!(quote["amountTotal"], "1795.50");
    let lines = quote["lines"].as_array().expect("lines");
    let install = lines[1]["id"].clone();
    let required = lines[0]["id"].clone();
    let refused = action(
        &company,
        &quote,
        "accept",
        json!({"optionalLineIds": [required]}),
    )
    .await;
    names_fields(&refused, &["optionalLineIds"]);
    let accepted = action(
        &company,
        &quote,
        "accept",
        json!({"signedBy": "Omar Al Noor", "optionalLineIds": [install]}),
    )
    .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    assert_eq!(accepted.body["state"], "accepted");
    assert_eq!(accepted.body["signedBy"], "Omar Al Noor");
    assert!(accepted.body["acceptedAt"].is_string());
    assert!(accepted.body["acceptedBy"].is_string());
    assert_eq!(accepted.body["lines"][1]["isSelected"], true);
    assert_eq!(accepted.body["lines"][2]["isSelected"], false);
    // 1,710.00 + 241.00 untaxed, 85.50 + 12.05 VAT.
    assert_eq!(accepted.body["amountUntaxed"], "1951.00");
    assert_eq!(accepted.body["amountTax"], "97.55");
    assert_eq!(accepted.body["amountTotal"], "2048.55");
    conflict(
        &action(&company, &quote, "accept", json!({})).await,
        "quote_not_sent",
    );
    conflict(
        &action(&company, &quote, "decline", json!({})).await,
        "quote_not_sent",
    );

    let order = action(&company, &quote, "convert-to-order", json!({})).await;
    assert_eq!(order.status, StatusCode::CREATED, "{:?}", order.body);
    assert_eq!(order.body["state"], "draft");
    assert_eq!(order.body["quoteId"], quote["id"]);
    let order_lines = order.body["lines"].as_array().expect("lines");
    assert_eq!(order_lines.len(), 2, "the warranty was not chosen");
    assert_eq!(order_lines[0]["description"], "Office Chair");
    assert_eq!(order_lines[0]["discountPercent"], "5");
    assert_eq!(order_lines[0]["subtotal"], "1710.00");
    assert_eq!(order_lines[1]["description"], "Installation");
    assert_eq!(order_lines[1]["total"], "253.05");
    assert_eq!(order.body["amountUntaxed"], "1951.00");
    assert_eq!(order.body["amountTax"], "97.55");
    assert_eq!(order.body["amountTotal"], "2048.55");

    let converted = company.get(&path_of(&quote)).await;
    assert_eq!(converted.body["state"], "converted");
    assert_eq!(converted.body["orderId"], order.body["id"]);
    conflict(
        &action(&company, &quote, "convert-to-order", json!({})).await,
        "quote_not_convertible",
    );
    conflict(
        &action(&company, &quote, "cancel", json!({})).await,
        "quote_not_cancellable",
    );
    let of_quote = company
        .get(&format!("{ORDERS}?quote_id={}", id_of(&quote)))
        .await;
    assert_eq!(of_quote.body["meta"]["total"], 1);
}

#[tokio::test]
async fn converting_with_confirm_gives_a_confirmed_order() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    // A draft converts too; its optional line stays out of the order.
    let quote = create(
        &company,
        QUOTES,
        json!({"partnerId": client, "quoteDate": "2026-03-01",
               "lines": [{"productId": desk, "quantity": "2"},
                         {"productId": desk, "quantity": "5", "isOptional": true}]}),
    )
    .await;
    let order = action(
        &company,
        &quote,
        "convert-to-order",
        json!({"confirm": true}),
    )
    .await;
    assert_eq!(order.status, StatusCode::CREATED, "{:?}", order.body);
    assert_eq!(order.body["state"], "confirmed");
    assert!(
        order.body["number"]
            .as_str()
            .is_some_and(|number| number.starts_with("SO/")),
        "{:?}",
        order.body
    );
    assert!(order.body["confirmedAt"].is_string());
    assert_eq!(order.body["quoteId"], quote["id"]);
    assert_eq!(order.body["lines"].as_array().map(Vec::len), Some(1));
    assert_eq!(order.body["amountTotal"], "1680.00");
    let fetched = company
        .get(&format!("{ORDERS}/{}", id_of(&order.body)))
        .await;
    assert_eq!(fetched.body["state"], "confirmed");
    assert_eq!(
        company.get(&path_of(&quote)).await.body["state"],
        "converted"
    );
}

#[tokio::test]
async fn an_expired_quote_is_not_accepted_or_converted_but_may_be_declined() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let quote = create(
        &company,
        QUOTES,
        json!({"partnerId": client, "quoteDate": "2026-01-01", "validUntil": "2026-01-31",
               "lines": [{"productId": desk, "quantity": "1"}]}),
    )
    .await;
    let sent = action(&company, &quote, "send", json!({})).await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    assert_eq!(sent.body["state"], "expired");
    conflict(
        &action(&company, &quote, "accept", json!({})).await,
        "quote_expired",
    );
    conflict(
        &action(&company, &quote, "convert-to-order", json!({})).await,
        "quote_expired",
    );
    let expired = company.get(&format!("{QUOTES}?state=expired")).await;
    assert_eq!(expired.body["meta"]["total"], 1);
    let live = company.get(&format!("{QUOTES}?state=sent")).await;
    assert_eq!(live.body["meta"]["total"], 0);
    let declined = action(&company, &quote, "decline", json!({"reason": "too late"})).await;
    assert_eq!(declined.status, StatusCode::OK, "{:?}", declined.body);
    assert_eq!(declined.body["state"], "declined");
    assert_eq!(declined.body["declineReason"], "too late");
    conflict(
        &action(&company, &quote, "cancel", json!({})).await,
        "quote_not_cancellable",
    );
    conflict(
        &action(&company, &quote, "convert-to-order", json!({})).await,
        "quote_not_convertible",
    );
    // The PDF it was sent as stays.
    let file = company.get(&format!("{}/pdf", path_of(&quote))).await;
    assert_eq!(file.status, StatusCode::OK);
}

#[tokio::test]
async fn wrong_states_are_refused() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let quote = create(
        &company,
        QUOTES,
        json!({"partnerId": client, "validUntil": LATER,
               "lines": [{"productId": desk, "quantity": "1"}]}),
    )
    .await;
    conflict(
        &action(&company, &quote, "accept", json!({})).await,
        "quote_not_sent",
    );
    conflict(
        &action(&company, &quote, "decline", json!({})).await,
        "quote_not_sent",
    );
    let cancelled = action(&company, &quote, "cancel", json!({})).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!(cancelled.body["state"], "cancelled");
    conflict(
        &action(&company, &quote, "cancel", json!({})).await,
        "quote_not_cancellable",
    );
    conflict(
        &action(&company, &quote, "send", json!({})).await,
        "quote_not_draft",
    );
    conflict(
        &action(&company, &quote, "convert-to-order", json!({})).await,
        "quote_not_convertible",
    );
    // A sent quote is cancelled, then nothing more.
    let sent = sent_quote(&company).await;
    let cancelled = action(&company, &sent, "cancel", json!({})).await;
    assert_eq!(cancelled.body["state"], "cancelled");
    conflict(
        &action(&company, &sent, "accept", json!({})).await,
        "quote_not_sent",
    );
    let none = company
        .get(&format!("{ORDERS}?quote_id={}", id_of(&sent)))
        .await;
    assert_eq!(none.body["meta"]["total"], 0);
}

#[tokio::test]
async fn bad_quotes_are_refused_field_by_field() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let vendor_only = company.vendor("Gulf Supplies").await;
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let reply = company
        .post(
            QUOTES,
            json!({"partnerId": client, "quoteDate": "2026-13-01", "validUntil": "soon",
            "currency": "XXX",
            "lines": [{"productId": desk, "quantity": "1", "discountPercent": "120"}]}),
        )
        .await;
    names_fields(
        &reply,
        &[
            "quoteDate",
            "validUntil",
            "currency",
            "lines[0].discountPercent",
        ],
    );
    let reply = company
        .post(
            QUOTES,
            json!({"partnerId": vendor_only, "paymentTermsDays": -1, "quoteDate": "2026-03-01",
            "validUntil": "2026-02-01", "dealId": uuid::Uuid::now_v7(),
            "lines": [
                {"productId": desk, "quantity": "0"},
                {"quantity": "1", "isOptional": true}
            ]}),
        )
        .await;
    names_fields(
        &reply,
        &[
            "partnerId",
            "paymentTermsDays",
            "validUntil",
            "dealId",
            "lines[0].quantity",
            "lines[1].description",
            "lines[1].unitPrice",
        ],
    );
    let only_optional = company
        .post(
            QUOTES,
            json!({"partnerId": client,
                   "lines": [{"productId": desk, "quantity": "1", "isOptional": true}]}),
        )
        .await;
    names_fields(&only_optional, &["lines"]);
    let empty = company
        .post(QUOTES, json!({"partnerId": client, "lines": []}))
        .await;
    names_fields(&empty, &["lines"]);
    let unknown = company
        .post(
            QUOTES,
            json!({"partnerId": client, "lines": [], "colour": "red"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let bad_state = company.get(&format!("{QUOTES}?state=shipped")).await;
    names_fields(&bad_state, &["state"]);
}

#[tokio::test]
async fn another_companys_ids_are_refused_and_roles_are_checked() {
    let company = seller().await;
    let client = company.partner("Al Noor Trading");
    let desk = product(&company, "Desk", "consumable", "800", "500").await;
    let deal = create(
        &company,
        "/api/v1/crm/deals",
        json!({"name": "Office fit-out", "partnerId": client}),
    )
    .await;
    let quote = create(
        &company,
        QUOTES,
        json!({"partnerId": client, "dealId": id_of(&deal), "validUntil": LATER,
               "lines": [{"productId": desk, "quantity": "1"}]}),
    )
    .await;
    assert_eq!(quote["dealId"], deal["id"]);
    let by_deal = company
        .get(&format!("{QUOTES}?deal_id={}", id_of(&deal)))
        .await;
    assert_eq!(by_deal.body["meta"]["total"], 1);

    let other = company.another_company("Other LLC").await;
    let path = path_of(&quote);
    let seen = company.app.get(&path, &company.token, Some(other)).await;
    assert_eq!(seen.status, StatusCode::NOT_FOUND);
    for verb in ["send", "accept", "convert-to-order", "cancel"] {
        let reply = company
            .app
            .post(
                &format!("{path}/{verb}"),
                &company.token,
                Some(other),
                json!({}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{verb}");
    }
    let pdf = company
        .app
        .get(&format!("{path}/pdf"), &company.token, Some(other))
        .await;
    assert_eq!(pdf.status, StatusCode::NOT_FOUND);
    let list = company.app.get(QUOTES, &company.token, Some(other)).await;
    assert_eq!(list.body["meta"]["total"], 0);
    let reply = company
        .app
        .post(
            QUOTES,
            &company.token,
            Some(other),
            json!({"partnerId": client, "dealId": id_of(&deal),
                   "lines": [{"productId": desk, "quantity": "1"}]}),
        )
        .await;
    names_fields(&reply, &["partnerId", "dealId", "lines[0].productId"]);

    let (_, viewer) = company.member("viewer@example.com", "viewer").await;
    let body = json!({"partnerId": client, "lines": [{"productId": desk, "quantity": "1"}]});
    let refused = company
        .app
        .post(QUOTES, &viewer, Some(company.id), body.clone())
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    for verb in ["send", "convert-to-order", "cancel"] {
        let reply = company
            .app
            .post(
                &format!("{path}/{verb}"),
                &viewer,
                Some(company.id),
                json!({}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{verb}");
    }
    let edit = company
        .app
        .patch(&path, &viewer, Some(company.id), json!({"notes": "x"}))
        .await;
    assert_eq!(edit.status, StatusCode::FORBIDDEN);
    let read = company.app.get(&path, &viewer, Some(company.id)).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["state"], "draft");
    let (_, seller) = company.member("seller@example.com", "sales").await;
    let allowed = company
        .app
        .post(QUOTES, &seller, Some(company.id), body)
        .await;
    assert_eq!(allowed.status, StatusCode::CREATED, "{:?}", allowed.body);
}

#[tokio::test]
async fn the_list_filters_sorts_and_pages() {
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
            QUOTES,
            json!({"partnerId": partner, "quoteDate": date, "validUntil": LATER,
                   "lines": [{"productId": desk, "quantity": quantity}]}),
        )
        .await;
    }
    let mine = company
        .get(&format!(
            "{QUOTES}?partner_id={client}&sort=amountTotal&order=asc"
        ))
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{:?}", mine.body);
    assert_eq!(mine.body["meta"]["total"], 2);
    assert_eq!(mine.body["data"][0]["amountUntaxed"], "800.00");
    assert_eq!(mine.body["data"][1]["amountUntaxed"], "1600.00");
    let february = company
        .get(&format!("{QUOTES}?date_from=2026-02-01&date_to=2026-02-28"))
        .await;
    assert_eq!(february.body["meta"]["total"], 1);
    assert_eq!(february.body["data"][0]["partnerId"], json!(other));
    let first = company
        .get(&format!("{QUOTES}?sort=quoteDate&order=asc&limit=2"))
        .await;
    assert_eq!(first.body["meta"]["total"], 3);
    assert_eq!(first.body["meta"]["hasMore"], true);
    assert_eq!(first.body["data"][0]["quoteDate"], "2026-01-10");
    assert_eq!(first.body["data"][1]["quoteDate"], "2026-02-10");
    let cursor = first.body["meta"]["cursor"].as_str().expect("a cursor");
    let second = company
        .get(&format!(
            "{QUOTES}?sort=quoteDate&order=asc&limit=2&cursor={cursor}"
        ))
        .await;
    assert_eq!(second.status, StatusCode::OK, "{:?}", second.body);
    assert_eq!(second.body["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(second.body["data"][0]["quoteDate"], "2026-03-10");
    assert_eq!(second.body["meta"]["hasMore"], false);
    let sent = company
        .post(
            &format!("{}/send", path_of(&first.body["data"][0])),
            json!({}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    let drafts = company.get(&format!("{QUOTES}?state=draft")).await;
    assert_eq!(drafts.body["meta"]["total"], 2);
    let numbered = company.get(&format!("{QUOTES}?q=qt/2026")).await;
    assert_eq!(numbered.body["meta"]["total"], 1);
    assert_eq!(numbered.body["data"][0]["state"], "sent");
}
