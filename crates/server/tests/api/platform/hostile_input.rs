//! Input a careless or hostile client sends: control characters in text, bodies that are not
//! objects, wrong types, and dates no business document has. Each is a 400 naming the field,
//! the same on SQLite and PostgreSQL, and nothing is stored.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};

use arkan_testkit::{Reply, TestApp};

/// The one error of a 400, as `(code, field, message)`.
fn refusal(reply: &Reply) -> (String, String, String) {
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    let error = &reply.body["errors"][0];
    (
        reply.code().to_owned(),
        error["field"].as_str().unwrap_or_default().to_owned(),
        error["message"].as_str().unwrap_or_default().to_owned(),
    )
}

fn assert_refused(reply: &Reply, field: &str) {
    let (code, named, message) = refusal(reply);
    assert_eq!(code, "validation_failed", "{:?}", reply.body);
    assert_eq!(named, field, "{:?}", reply.body);
    assert!(message.contains("control character"), "{message}");
}

#[tokio::test]
async fn control_characters_in_body_text_are_400s_naming_the_field() {
    let shop = TestApp::company().with_uae_chart().await;

    // Login: a NUL in the e-mail was a 500 on PostgreSQL.
    let login = shop.app.login("admin\u{0}@arkan.test", "whatever-1").await;
    assert_refused(&login, "email");
    let login = shop.app.login("admin@arkan.test\n", "whatever-1").await;
    assert_refused(&login, "email");

    // Names, nested fields, array items, and C1 controls too.
    let clients = "/api/v1/crm/clients";
    assert_refused(
        &shop
            .post(clients, json!({"name": "Gulf\u{0}Trading"}))
            .await,
        "name",
    );
    assert_refused(
        &shop.post(clients, json!({"name": "Gulf\nTrading"})).await,
        "name",
    );
    assert_refused(
        &shop
            .post(clients, json!({"name": "Gulf\u{85}Trading"}))
            .await,
        "name",
    );
    assert_refused(
        &shop
            .post(
                clients,
                json!({"name": "Gulf", "address": {"city": "Du\u{7}bai"}}),
            )
            .await,
        "address.city",
    );
    assert_refused(
        &shop
            .post(clients, json!({"name": "Gulf", "tags": ["ok", "b\u{0}d"]}))
            .await,
        "tags[1]",
    );
    // A control character in a field name is refused too (not echoed into a lookup).
    let key = shop.post(clients, json!({"na\u{0}me": "Gulf"})).await;
    assert_eq!(key.status, StatusCode::BAD_REQUEST, "{:?}", key.body);
    assert_eq!(
        shop.get(clients).await.body["meta"]["total"],
        0,
        "nothing was stored"
    );

    // Free text (a memo, a description, a street) may hold tabs and line breaks, nothing else.
    let entries = "/api/v1/accounting/journal-entries";
    let mut entry = shop.entry("2026-02-01", "101000", "301000", "10.00");
    entry["reference"] = json!("INV\u{0}1");
    assert_refused(&shop.post(entries, entry.clone()).await, "reference");
    entry["reference"] = json!("INV-1");
    entry["memo"] = json!("first\u{0}second");
    assert_refused(&shop.post(entries, entry.clone()).await, "memo");
    entry["memo"] = json!("first line\r\nsecond line\twith a tab");
    entry["lines"][1]["description"] = json!("bad\u{1b}[31m");
    assert_refused(
        &shop.post(entries, entry.clone()).await,
        "lines[1].description",
    );
    entry["lines"][1]["description"] = json!("two\nlines");
    let accepted = shop.post(entries, entry).await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{:?}", accepted.body);
    assert_eq!(
        accepted.body["memo"],
        "first line\r\nsecond line\twith a tab"
    );
    assert_eq!(accepted.body["lines"][1]["description"], "two\nlines");
}

#[tokio::test]
async fn control_characters_in_query_strings_are_400s_naming_the_parameter() {
    let shop = TestApp::company().client("Gulf Trading").await;
    for path in [
        "/api/v1/crm/clients?q=%00",
        "/api/v1/crm/clients?q=Gulf%0A",
        "/api/v1/crm/contacts?q=a%1Fb",
        "/api/v1/accounting/journal-entries?q=%00",
    ] {
        let reply = shop.get(path).await;
        let (code, field, message) = refusal(&reply);
        assert_eq!(code, "invalid_query", "{path}: {:?}", reply.body);
        assert_eq!(field, "q", "{path}");
        assert!(message.contains("control character"), "{path}: {message}");
    }
    // Outside a company as well.
    let users = shop.app.get("/api/v1/users?q=%00", &shop.token, None).await;
    assert_eq!(refusal(&users).1, "q");
    // A parameter name with a control character.
    let key = shop.get("/api/v1/crm/clients?%00=1").await;
    assert_eq!(key.status, StatusCode::BAD_REQUEST, "{:?}", key.body);

    let fine = shop.get("/api/v1/crm/clients?q=Gulf").await;
    assert_eq!(fine.status, StatusCode::OK);
    assert_eq!(fine.body["meta"]["total"], 1);
}

#[tokio::test]
async fn a_body_must_be_a_json_object() {
    let shop = TestApp::company().client("Gulf Trading").await;
    let contact = shop
        .post("/api/v1/crm/contacts", json!({"name": "Aisha"}))
        .await;
    assert_eq!(contact.status, StatusCode::CREATED, "{:?}", contact.body);
    let path = format!("/api/v1/crm/contacts/{}", contact.id());

    // An array was read as the struct's fields in order: this renamed the contact.
    let renamed = shop.patch(&path, json!(["Renamed"])).await;
    let (code, field, message) = refusal(&renamed);
    assert_eq!(code, "validation_failed");
    assert_eq!(field, "");
    assert_eq!(message, "must be a JSON object");
    assert_eq!(
        renamed.body["message"],
        "The request body must be a JSON object"
    );
    assert_eq!(shop.get(&path).await.body["name"], "Aisha");

    for body in [
        json!([]),
        json!("Renamed"),
        json!(42),
        json!(true),
        Value::Null,
    ] {
        let reply = shop.post("/api/v1/crm/clients", body.clone()).await;
        assert_eq!(refusal(&reply).2, "must be a JSON object", "{body}");
    }
    let login = shop
        .app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            None,
            Some(json!(["admin@arkan.test", "admin-password-1"])),
        )
        .await;
    assert_eq!(refusal(&login).2, "must be a JSON object");
}

#[tokio::test]
async fn type_errors_speak_of_fields_not_of_rust_types() {
    let shop = TestApp::company()
        .with_uae_chart()
        .client("Gulf Trading")
        .await;
    let clients = "/api/v1/crm/clients";
    let expect = |reply: Reply, field: &str, message: &str| {
        let (code, named, said) = refusal(&reply);
        assert_eq!(code, "validation_failed", "{:?}", reply.body);
        assert_eq!((named.as_str(), said.as_str()), (field, message));
    };
    expect(
        shop.post(clients, json!({"name": 42})).await,
        "name",
        "must be a string",
    );
    expect(
        shop.post(clients, json!({"name": null})).await,
        "name",
        "must be a string",
    );
    expect(
        shop.post(clients, json!({"name": "X", "address": "Dubai"}))
            .await,
        "address",
        "must be an object",
    );
    expect(
        shop.post(clients, json!({"name": "X", "tags": "vip"}))
            .await,
        "tags",
        "must be an array",
    );
    expect(
        shop.post(clients, json!({"name": "X", "active": "yes"}))
            .await,
        "active",
        "must be true or false",
    );
    expect(
        shop.post(clients, json!({"name": "X", "paymentTermsDays": "30"}))
            .await,
        "paymentTermsDays",
        "must be a whole number from -2147483648 to 2147483647",
    );
    expect(
        shop.post(clients, json!({"name": "X", "paymentTermsDays": 1e10}))
            .await,
        "paymentTermsDays",
        "must be a whole number from -2147483648 to 2147483647",
    );
    expect(shop.post(clients, json!({})).await, "name", "is required");
    expect(
        shop.post(
            "/api/v1/crm/contacts",
            json!({"name": "X", "partnerId": "not-a-uuid"}),
        )
        .await,
        "partnerId",
        "must be a UUID",
    );
    let mut entry = shop.entry("2026-02-01", "101000", "301000", "10.00");
    entry["lines"][0]["accountId"] = json!(7);
    expect(
        shop.post("/api/v1/accounting/journal-entries", entry).await,
        "lines[0].accountId",
        "must be a UUID",
    );
    let patch = shop
        .patch(
            &format!("/api/v1/crm/clients/{}", shop.partner("Gulf Trading")),
            json!({"address": [1]}),
        )
        .await;
    expect(patch, "address", "must be an object");
    let role = shop
        .app
        .post(
            &format!("/api/v1/companies/{}/members", shop.id),
            &shop.token,
            None,
            json!({"userId": uuid::Uuid::nil(), "role": "emperor"}),
        )
        .await;
    let (_, field, message) = refusal(&role);
    assert_eq!(field, "role");
    assert!(
        message.starts_with("must be one of: owner, admin"),
        "{message}"
    );

    let unknown = shop
        .post(clients, json!({"name": "X", "nmae": "typo"}))
        .await;
    let (_, field, message) = refusal(&unknown);
    assert_eq!(field, "nmae");
    assert!(
        message.starts_with("nmae is not a field here; expected one of: "),
        "{message}"
    );
    assert!(!message.contains('`'), "{message}");

    // The body itself.
    let raw = Request::post(clients)
        .header("authorization", format!("Bearer {}", shop.token))
        .header("x-company-id", shop.id.to_string())
        .header("content-type", "application/json")
        .body(Body::from(r#"{"name": "A", "name": "B"}"#))
        .unwrap();
    let duplicate = shop.app.send(raw).await;
    expect(duplicate, "name", "is given more than once");
}

#[tokio::test]
async fn dates_outside_1900_to_2999_are_refused() {
    let shop = TestApp::company()
        .with_uae_chart()
        .client_with(json!({"name": "Gulf Trading", "paymentTermsDays": 30}))
        .await;
    let entries = "/api/v1/accounting/journal-entries";
    let range = "must be a date from 1900-01-01 to 2999-12-31";
    let expect = |reply: Reply, field: &str| {
        let (code, named, message) = refusal(&reply);
        assert_eq!(code, "validation_failed", "{:?}", reply.body);
        assert_eq!(named, field);
        assert_eq!(message, range);
    };

    // Year 0000 posted as MISC/0/00001.
    expect(
        shop.post(
            entries,
            shop.entry("0000-01-01", "101000", "301000", "10.00"),
        )
        .await,
        "date",
    );
    expect(
        shop.post(
            entries,
            shop.entry("1899-12-31", "101000", "301000", "10.00"),
        )
        .await,
        "date",
    );
    expect(
        shop.post(
            entries,
            shop.entry("3000-01-01", "101000", "301000", "10.00"),
        )
        .await,
        "date",
    );
    let invoice = |date: &str| {
        json!({
            "kind": "customer_invoice", "partnerId": shop.partner("Gulf Trading"),
            "invoiceDate": date,
            "lines": [{"description": "Steel", "quantity": "1", "unitPrice": "100"}]
        })
    };
    // 9999-12-31 gave a due date of +10000-01-30.
    expect(
        shop.post("/api/v1/accounting/invoices", invoice("9999-12-31"))
            .await,
        "invoiceDate",
    );
    let mut due = invoice("2026-01-10");
    due["dueDate"] = json!("9999-12-31");
    expect(
        shop.post("/api/v1/accounting/invoices", due).await,
        "dueDate",
    );
    expect(
        shop.update(json!({"lockDate": "0001-01-01"})).await,
        "lockDate",
    );
    expect(
        shop.post(
            "/api/v1/accounting/fiscal-years",
            json!({"dateFrom": "0000-01-01"}),
        )
        .await,
        "dateFrom",
    );

    // List filters and report dates.
    for (path, field) in [
        (format!("{entries}?date_from=0000-01-01"), "date_from"),
        (
            "/api/v1/accounting/invoices?date_to=9999-12-31".to_owned(),
            "date_to",
        ),
        (
            "/api/v1/accounting/reports/trial-balance?date_from=2026-01-01&date_to=3000-01-01"
                .to_owned(),
            "date_to",
        ),
    ] {
        let reply = shop.get(&path).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{path}: {:?}",
            reply.body
        );
        let error = &reply.body["errors"][0];
        assert_eq!(error["field"], field, "{path}");
        assert_eq!(error["message"], range, "{path}");
    }
    // Only the YYYY-MM-DD form.
    let loose = shop
        .post(entries, shop.entry("2026-2-1", "101000", "301000", "10.00"))
        .await;
    assert_eq!(refusal(&loose).2, "must be a date YYYY-MM-DD");
    assert_eq!(shop.get(entries).await.body["meta"]["total"], 0);

    // The bounds themselves are fine, and a due date derived past 2999 stays four-digit.
    for date in ["1900-01-01", "2999-12-31"] {
        let reply = shop
            .post(entries, shop.entry(date, "101000", "301000", "10.00"))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{date}: {:?}",
            reply.body
        );
    }
    let last = shop
        .post("/api/v1/accounting/invoices", invoice("2999-12-31"))
        .await;
    assert_eq!(last.status, StatusCode::CREATED, "{:?}", last.body);
    assert_eq!(last.body["dueDate"], "3000-01-30");
    let listed = shop
        .get(&format!(
            "{entries}?date_from=1900-01-01&date_to=2999-12-31"
        ))
        .await;
    assert_eq!(listed.body["meta"]["total"], 2, "{:?}", listed.body);
}

/// A cursor is not signed: one rewritten by the client must not carry a NUL or a non-date to
/// the database (both were a 500 on PostgreSQL).
#[tokio::test]
async fn a_forged_cursor_value_is_a_400() {
    use arkan_kernel::Cursor;
    use arkan_kernel::cursor::SortValue;

    let shop = TestApp::company()
        .with_uae_chart()
        .client("Alpha")
        .client("Beta")
        .await;
    for date in ["2026-01-05", "2026-01-06"] {
        shop.draft_entry(shop.entry(date, "101000", "301000", "1.00"))
            .await;
    }
    for (list, forged) in [
        (
            "/api/v1/crm/clients?limit=1&sort=name&order=asc",
            "Alpha\u{0}",
        ),
        (
            "/api/v1/accounting/journal-entries?limit=1&sort=date&order=asc",
            "not-a-date",
        ),
    ] {
        let first = shop.get(list).await;
        assert_eq!(first.status, StatusCode::OK, "{list}: {:?}", first.body);
        let mut cursor = Cursor::decode(first.body["meta"]["cursor"].as_str().unwrap()).unwrap();
        cursor.last_value = SortValue::Text(forged.to_owned());
        let next = shop
            .get(&format!("{list}&cursor={}", cursor.encode()))
            .await;
        assert_eq!(refusal(&next).1, "cursor", "{list}");
    }
}
