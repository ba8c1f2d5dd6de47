//! The API read against the spec (issue 9, "Spec conformance fixes"): the sorts of the document
//! lists, credit notes in the invoice list, the exportable list as a cursor list, 204 for taking
//! an allocation back, the WPS role check, and action POSTs whose fields are all optional taking
//! no body at all.

use arkan_testkit::{Company, NewCompany, Reply, TestApp};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

const TRN: &str = "100123456700003";
const CLIENT: &str = "Al Noor";
const VENDOR: &str = "Overseas Software Ltd";

fn new_shop() -> NewCompany {
    TestApp::company()
        .named("Shop LLC")
        .plan("enterprise")
        .trn(TRN)
        .with_uae_chart()
        .client(CLIENT)
        .vendor(VENDOR)
}

/// A POST as the owner with exactly this body (`None`: no body and no `Content-Type`).
#[expect(
    clippy::expect_used,
    reason = "a request that cannot be built fails the test"
)]
async fn post_raw(shop: &Company, path: &str, content_type: Option<&str>, body: &str) -> Reply {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header("authorization", format!("Bearer {}", shop.token))
        .header("x-company-id", shop.id.to_string());
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    shop.app
        .send(
            request
                .body(Body::from(body.to_owned()))
                .expect("a request"),
        )
        .await
}

/// Walks a list `limit=2` page by page in one sort and order and returns the `reference` of
/// every row, checking on each page that `meta` tells the truth and that no row comes twice.
#[expect(
    clippy::expect_used,
    reason = "a page without its rows or cursor fails the test"
)]
async fn walk(shop: &Company, list: &str, sort: &str, order: &str, total: usize) -> Vec<String> {
    let separator = if list.contains('?') { '&' } else { '?' };
    let mut seen: Vec<String> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("{list}{separator}limit=2&sort={sort}&order={order}");
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let page = shop.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {:?}", page.body);
        let rows = page.body["data"].as_array().expect("a page of rows");
        let meta = &page.body["meta"];
        assert_eq!(meta["total"], total, "{path}");
        assert_eq!(meta["limit"], 2, "{path}");
        let left = total - seen.len();
        assert_eq!(rows.len(), left.min(2), "{path}");
        for row in rows {
            let id = row["id"].as_str().expect("an id").to_owned();
            assert!(!ids.contains(&id), "{path} repeats {id}");
            ids.push(id);
            seen.push(row["reference"].as_str().expect("a reference").to_owned());
        }
        if left > 2 {
            assert_eq!(meta["hasMore"], true, "{path}");
            cursor = Some(meta["cursor"].as_str().expect("a cursor").to_owned());
        } else {
            assert_eq!(meta["hasMore"], false, "{path}");
            assert!(meta["cursor"].is_null(), "{path}");
            return seen;
        }
    }
}

/// Checks a list in every (sort, ascending order) given, both ways.
async fn check_sorts(shop: &Company, list: &str, expected: &[(&str, &str)]) {
    for (sort, ascending) in expected {
        let ascending: Vec<String> = ascending.chars().map(String::from).collect();
        let mut descending = ascending.clone();
        descending.reverse();
        let total = ascending.len();
        assert_eq!(
            walk(shop, list, sort, "asc", total).await,
            ascending,
            "{list} by {sort} asc"
        );
        assert_eq!(
            walk(shop, list, sort, "desc", total).await,
            descending,
            "{list} by {sort} desc"
        );
    }
}

#[tokio::test]
async fn invoices_sort_by_date_number_amount_and_creation_page_by_page() {
    let shop = new_shop().await;
    let client = shop.partner(CLIENT);
    // Created in this order (so their ids are in this order too): two share a date, two an
    // amount; B and D stay drafts without a number.
    let documents = [
        ("A", "2026-03-05", "300"),
        ("B", "2026-01-20", "100"),
        ("C", "2026-03-05", "500"),
        ("D", "2026-02-10", "300"),
        ("E", "2026-04-01", "200"),
    ];
    let mut ids = std::collections::HashMap::new();
    for (name, date, amount) in documents {
        let draft = shop
            .draft_invoice(json!({"kind": "customer_invoice", "partnerId": client, "invoiceDate": date, "reference": name,
                "lines": [{"description": "Goods", "quantity": "1", "unitPrice": amount}]}))
            .await;
        ids.insert(name, draft.id());
    }
    // Posted in the order C, A, E: INV/2026/00001, 00002, 00003.
    for name in ["C", "A", "E"] {
        let posted = shop.post_invoice(ids[name]).await;
        assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    }
    assert_eq!(
        shop.invoice(ids["E"]).await.body["number"],
        "INV/2026/00003"
    );
    check_sorts(
        &shop,
        "/api/v1/accounting/invoices",
        &[
            ("createdAt", "ABCDE"),
            ("date", "BDACE"),
            // Drafts (no number) first, in id order, then by number.
            ("number", "BDCAE"),
            ("amountTotal", "BEADC"),
        ],
    )
    .await;
    // The default is createdAt, newest first; a sort of another list is refused.
    let default = shop.get("/api/v1/accounting/invoices").await;
    assert_eq!(default.body["data"][0]["reference"], "E");
    let refused = shop.get("/api/v1/accounting/invoices?sort=amount").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    // A cursor of one sort is refused in another.
    let first = shop
        .get("/api/v1/accounting/invoices?limit=2&sort=number&order=asc")
        .await;
    let cursor = first.body["meta"]["cursor"].as_str().unwrap();
    let crossed = shop
        .get(&format!(
            "/api/v1/accounting/invoices?limit=2&sort=date&order=asc&cursor={cursor}"
        ))
        .await;
    assert_eq!(crossed.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn payments_sort_by_date_number_amount_and_creation_page_by_page() {
    let shop = new_shop().await;
    let client = shop.partner(CLIENT);
    let documents = [
        ("A", "2026-03-05", "300"),
        ("B", "2026-01-20", "100"),
        ("C", "2026-03-05", "500"),
        ("D", "2026-02-10", "300"),
        ("E", "2026-04-01", "200"),
    ];
    let mut ids = std::collections::HashMap::new();
    for (name, date, amount) in documents {
        let created = shop
            .post(
                "/api/v1/accounting/payments",
                json!({"type": "inbound", "partnerId": client, "amount": amount, "date": date,
                    "journalId": shop.journal("BNK1"), "method": "bank_transfer", "reference": name}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        ids.insert(name, created.id());
    }
    for name in ["C", "A", "E"] {
        let posted = shop
            .post(
                &format!("/api/v1/accounting/payments/{}/post", ids[name]),
                json!({}),
            )
            .await;
        assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    }
    check_sorts(
        &shop,
        "/api/v1/accounting/payments",
        &[
            ("createdAt", "ABCDE"),
            ("date", "BDACE"),
            ("number", "BDCAE"),
            ("amount", "BEADC"),
        ],
    )
    .await;
    let refused = shop
        .get("/api/v1/accounting/payments?sort=amountTotal")
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn journal_entries_sort_by_date_number_and_creation_page_by_page() {
    let shop = new_shop().await;
    let documents = [
        ("A", "2026-03-05"),
        ("B", "2026-01-20"),
        ("C", "2026-03-05"),
        ("D", "2026-02-10"),
        ("E", "2026-04-01"),
    ];
    let mut ids = std::collections::HashMap::new();
    for (name, date) in documents {
        let mut body = shop.entry(date, "101000", "401000", "100");
        body["reference"] = json!(name);
        ids.insert(name, shop.draft_entry(body).await);
    }
    for name in ["C", "A", "E"] {
        let posted = shop.post_entry(ids[name]).await;
        assert_eq!(posted.status, StatusCode::OK, "{:?}", posted.body);
    }
    let list = format!(
        "/api/v1/accounting/journal-entries?journal_id={}",
        shop.journal("MISC")
    );
    check_sorts(
        &shop,
        &list,
        &[
            ("createdAt", "ABCDE"),
            ("date", "BDACE"),
            ("number", "BDCAE"),
        ],
    )
    .await;
    let refused = shop
        .get("/api/v1/accounting/journal-entries?sort=amount")
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_invoice_list_shows_each_invoices_credit_notes_as_the_single_read_does() {
    let shop = new_shop().await;
    let client = shop.partner(CLIENT);
    let credited = shop.posted_invoice(client, "1000").await;
    let plain = shop.posted_invoice(client, "500").await;
    let path = format!("/api/v1/sales/billing/credit-note/{credited}");
    let mut notes = Vec::new();
    for amount in ["105", "210"] {
        let note = shop.post(&path, json!({ "amount": amount })).await;
        assert_eq!(note.status, StatusCode::CREATED, "{:?}", note.body);
        notes.push(json!(note.id()));
    }
    let single = shop.invoice(credited).await;
    assert_eq!(single.body["creditNoteIds"], json!(notes));

    let list = shop.get("/api/v1/accounting/invoices?limit=100").await;
    assert_eq!(list.status, StatusCode::OK);
    let rows = list.body["data"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let row = |id: Uuid| {
        rows.iter()
            .find(|row| row["id"] == json!(id))
            .unwrap_or_else(|| panic!("{id} in the list"))
    };
    assert_eq!(row(credited)["creditNoteIds"], json!(notes));
    assert_eq!(row(plain)["creditNoteIds"], json!([]));
    for note in &notes {
        let note: Uuid = serde_json::from_value(note.clone()).unwrap();
        assert_eq!(row(note)["creditNoteIds"], json!([]));
    }
    // Filtered to the one invoice, still there.
    let filtered = shop
        .get(
            "/api/v1/accounting/invoices?kind=customer_invoice&sort=amountTotal&order=desc&limit=1",
        )
        .await;
    assert_eq!(filtered.body["data"][0]["id"], json!(credited));
    assert_eq!(filtered.body["data"][0]["creditNoteIds"], json!(notes));

    // Cancelling shows every credit note of the invoice, the earlier ones too.
    let cancelled = shop.cancel_invoice(credited).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    let all = cancelled.body["creditNoteIds"].as_array().unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[..2], notes[..]);
    assert_eq!(
        shop.invoice(credited).await.body["creditNoteIds"],
        cancelled.body["creditNoteIds"]
    );
}

#[tokio::test]
async fn exportable_payments_are_a_cursor_list_with_meta() {
    let shop = new_shop().await;
    let vendor = shop.partner(VENDOR);
    let mut payments = Vec::new();
    for (amount, date) in [
        ("100", "2026-09-10"),
        ("200", "2026-09-11"),
        ("300", "2026-09-12"),
    ] {
        payments.push(
            shop.posted_payment_with(
                json!({"type": "outbound", "partnerId": vendor, "amount": amount,
                "date": date, "journalId": shop.journal("BNK1"), "method": "bank_transfer"}),
            )
            .await,
        );
    }
    let first = shop
        .get("/api/v1/accounting/batch-payment/exportable?limit=2")
        .await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let meta = &first.body["meta"];
    assert_eq!(meta["total"], 3);
    assert_eq!(meta["limit"], 2);
    assert_eq!(meta["hasMore"], true);
    let rows = first.body["data"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    // Newest first, as every list.
    assert_eq!(rows[0]["paymentId"], json!(payments[2]));
    assert_eq!(rows[1]["paymentId"], json!(payments[1]));
    assert_eq!(rows[0]["problems"][0], "the vendor has no bank details");
    let cursor = meta["cursor"].as_str().unwrap();
    let second = shop
        .get(&format!(
            "/api/v1/accounting/batch-payment/exportable?limit=2&cursor={cursor}"
        ))
        .await;
    assert_eq!(second.status, StatusCode::OK, "{:?}", second.body);
    assert_eq!(second.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(second.body["data"][0]["paymentId"], json!(payments[0]));
    assert_eq!(second.body["meta"]["hasMore"], false);
    assert!(second.body["meta"]["cursor"].is_null());
    assert_eq!(second.body["meta"]["total"], 3);

    // Filters and the other sorts as in the payment list; a cursor does not cross filters.
    let dated = shop
        .get("/api/v1/accounting/batch-payment/exportable?date_from=2026-09-11&sort=amount&order=asc")
        .await;
    assert_eq!(dated.status, StatusCode::OK, "{:?}", dated.body);
    assert_eq!(dated.body["meta"]["total"], 2);
    assert_eq!(dated.body["data"][0]["amount"], "200.00");
    let crossed = shop
        .get(&format!(
            "/api/v1/accounting/batch-payment/exportable?limit=2&date_from=2026-09-11&cursor={cursor}"
        ))
        .await;
    assert_eq!(crossed.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        shop.get("/api/v1/accounting/batch-payment/exportable?limit=0")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );

    let openapi = shop.get("/api/v1/openapi.json").await;
    let operation = &openapi.body["paths"]["/api/v1/accounting/batch-payment/exportable"]["get"];
    let names: Vec<&str> = operation["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|parameter| parameter["name"].as_str().unwrap())
        .collect();
    for name in ["limit", "cursor", "sort", "order", "date_from", "date_to"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    let schema = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let properties = &openapi.body["components"]["schemas"][&schema]["properties"];
    assert!(properties["meta"].is_object(), "{schema}: {properties:?}");
}

#[tokio::test]
async fn taking_an_allocation_back_answers_204() {
    let shop = new_shop().await;
    let client = shop.partner(CLIENT);
    let invoice = shop.posted_invoice(client, "1000").await;
    let payment = shop.posted_payment("inbound", client, "500").await;
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": invoice, "amount": "500"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    let undone = shop.unallocate(payment, invoice).await;
    assert_eq!(undone.status, StatusCode::NO_CONTENT, "{:?}", undone.body);
    assert_eq!(undone.body, Value::Null);
    let after = shop.payment(payment).await;
    assert_eq!(after.body["amountUnallocated"], "500.00");
    assert_eq!(after.body["allocations"], json!([]));
    assert_eq!(
        shop.unallocate(payment, invoice).await.status,
        StatusCode::NOT_FOUND
    );

    let openapi = shop.get("/api/v1/openapi.json").await;
    let responses = &openapi.body["paths"]["/api/v1/accounting/payments/{id}/allocations/{invoice_id}"]
        ["delete"]["responses"];
    assert!(responses["204"].is_object(), "{responses:?}");
    assert!(responses["200"].is_null(), "{responses:?}");
}

#[tokio::test]
async fn a_wps_export_checks_the_role_first() {
    let shop = new_shop().await;
    let path = "/api/v1/accounting/batch-payment/export/wps";
    let (_, viewer) = shop.member("viewer@shop.test", "viewer").await;
    let (_, sales) = shop.member("sales@shop.test", "sales").await;
    let (_, accountant) = shop.member("accountant@shop.test", "accountant").await;
    let (_, hr) = shop.member("hr@shop.test", "hr").await;
    for token in [&viewer, &sales] {
        let refused = shop.app.post(path, token, Some(shop.id), json!({})).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{:?}", refused.body);
        assert_eq!(refused.code(), "role_not_allowed");
    }
    for token in [&accountant, &hr, &shop.token] {
        let no_run = shop.app.post(path, token, Some(shop.id), json!({})).await;
        assert_eq!(no_run.status, StatusCode::BAD_REQUEST, "{:?}", no_run.body);
        assert_eq!(no_run.code(), "no_payroll_run");
    }
    let openapi = shop.get("/api/v1/openapi.json").await;
    let responses = &openapi.body["paths"][path]["post"]["responses"];
    assert!(responses["403"].is_object(), "{responses:?}");
}

/// `requestBody.required` of an operation in the OpenAPI document (absent is false).
fn body_required(openapi: &Value, path: &str) -> bool {
    openapi["paths"][path]["post"]["requestBody"]["required"] == true
}

#[tokio::test]
async fn actions_whose_fields_are_all_optional_take_no_body() {
    let shop = new_shop().await;
    let openapi = shop.get("/api/v1/openapi.json").await.body;

    // Reversing an entry: no body, an empty JSON body, `null` (the document's schema allows it)
    // and `{}` all reverse on the entry's date.
    for (content_type, body) in [
        (None, ""),
        (Some("application/json"), ""),
        (Some("application/json"), " null "),
        (Some("application/json"), "{}"),
    ] {
        let entry = shop
            .posted_entry("2026-03-01", "101000", "401000", "100")
            .await;
        let reply = post_raw(
            &shop,
            &format!("/api/v1/accounting/journal-entries/{entry}/reverse"),
            content_type,
            body,
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{content_type:?} {body:?}: {:?}",
            reply.body
        );
        assert_eq!(reply.body["date"], "2026-03-01");
    }
    assert!(!body_required(
        &openapi,
        "/api/v1/accounting/journal-entries/{id}/reverse"
    ));
    // A body that is there is still checked.
    let entry = shop
        .posted_entry("2026-03-02", "101000", "401000", "100")
        .await;
    let path = format!("/api/v1/accounting/journal-entries/{entry}/reverse");
    let typo = post_raw(
        &shop,
        &path,
        Some("application/json"),
        r#"{"dat": "2026-03-03"}"#,
    )
    .await;
    assert_eq!(typo.status, StatusCode::BAD_REQUEST);
    let broken = post_raw(&shop, &path, Some("application/json"), "{").await;
    assert_eq!(broken.code(), "malformed_json");
    let array = post_raw(&shop, &path, None, "[]").await;
    assert_eq!(array.status, StatusCode::BAD_REQUEST);

    // Payment files: no body exports every exportable payment.
    let vendor = shop.partner(VENDOR);
    let saved = shop
        .bank_details(
            vendor,
            json!({"iban": "AE400240043520123456701", "bankName": "Dubai Islamic Bank",
        "routingCode": "802420101", "accountHolderName": "Overseas Software Ltd"}),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    shop.posted_payment("outbound", vendor, "99.99").await;
    let csv = post_raw(
        &shop,
        "/api/v1/accounting/batch-payment/export/csv",
        None,
        "",
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK, "{:?}", csv.body);
    assert!(csv.body.as_str().unwrap().contains(",99.99,AED,GDS,"));
    // Everything is exported now: the UAEFTS file without a body reaches the same check.
    let uaefts = post_raw(
        &shop,
        "/api/v1/accounting/batch-payment/export/uaefts",
        None,
        "",
    )
    .await;
    assert_eq!(uaefts.status, StatusCode::BAD_REQUEST, "{:?}", uaefts.body);
    assert_eq!(uaefts.code(), "nothing_to_export");
    for path in [
        "/api/v1/accounting/batch-payment/export/csv",
        "/api/v1/accounting/batch-payment/export/uaefts",
    ] {
        assert!(!body_required(&openapi, path), "{path}");
    }

    // A partial credit note without lines or amount credits what is open.
    let client = shop.partner(CLIENT);
    let invoice = shop.posted_invoice(client, "1000").await;
    let payment = shop.posted_payment("inbound", client, "300").await;
    let allocated = shop
        .allocate(payment, json!([{"invoiceId": invoice, "amount": "300"}]))
        .await;
    assert_eq!(allocated.status, StatusCode::OK, "{:?}", allocated.body);
    let path = format!("/api/v1/sales/billing/credit-note/{invoice}");
    let note = post_raw(&shop, &path, None, "").await;
    assert_eq!(note.status, StatusCode::CREATED, "{:?}", note.body);
    assert_eq!(note.body["amountTotal"], "750.00");
    assert_eq!(note.body["amountTax"], "35.71");
    let after = shop.invoice(invoice).await;
    assert_eq!(after.body["amountDue"], "0.00");
    assert_eq!(after.body["paymentState"], "paid");
    assert_eq!(shop.balance("110000").await, "0.00");
    // Nothing is open any more.
    let again = shop.post(&path, json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{:?}", again.body);
    assert_eq!(again.code(), "invoice_paid");
    // With only a reference, the whole invoice.
    let other = shop.posted_invoice(client, "200").await;
    let whole = shop
        .post(
            &format!("/api/v1/sales/billing/credit-note/{other}"),
            json!({"reference": "RMA-7"}),
        )
        .await;
    assert_eq!(whole.status, StatusCode::CREATED, "{:?}", whole.body);
    assert_eq!(whole.body["amountTotal"], "210.00");
    assert_eq!(whole.body["reference"], "RMA-7");
    assert!(!body_required(
        &openapi,
        "/api/v1/sales/billing/credit-note/{invoice_id}"
    ));
}
