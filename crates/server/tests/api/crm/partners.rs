use axum::http::StatusCode;
use serde_json::json;

use arkan_testkit::TestApp;

#[tokio::test]
async fn a_uae_client_is_recorded_with_everything_a_business_needs() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Gulf Trading LLC").await;
    let created = app
        .client(
            &admin,
            company,
            json!({
                "name": "Al \"Noor\" Trading — نور",
                "legalName": "Al Noor General Trading L.L.C.",
                "trn": "100123456700003",
                "email": "Accounts@AlNoor.ae",
                "phone": "+971 4 123 4567",
                "address": {"street": "Sheikh Zayed Rd", "city": "Dubai", "emirate": "Dubai", "country": "AE", "postalCode": "00000"},
                "paymentTermsDays": 30,
                "creditLimit": "50000.5",
                "tags": ["wholesale", "vip", "vip"]
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let body = &created.body;
    assert_eq!(body["name"], "Al \"Noor\" Trading — نور");
    assert_eq!(body["email"], "accounts@alnoor.ae");
    assert_eq!(body["currency"], "AED");
    assert_eq!(body["creditLimit"], "50000.50");
    assert_eq!(body["tags"], json!(["vip", "wholesale"]));
    assert_eq!(body["active"], true);
    assert_eq!(body["isClient"], true);
    assert_eq!(body["isVendor"], false);
    assert_eq!(body["address"]["emirate"], "Dubai");

    let fetched = app
        .get(
            &format!("/api/v1/crm/clients/{}", created.id()),
            &admin,
            Some(company),
        )
        .await;
    assert_eq!(fetched.body, created.body);
}

#[tokio::test]
async fn invalid_client_fields_are_all_listed_and_nothing_is_written() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Gulf Trading LLC").await;
    let reply = app
        .client(
            &admin,
            company,
            json!({
                "name": "  ",
                "trn": "12345",
                "email": "not-an-email",
                "phone": "call me",
                "address": {"emirate": "Doha", "country": "uae"},
                "currency": "XYZ",
                "paymentTermsDays": -1,
                "tags": [""]
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.code(), "validation_failed");
    let mut fields: Vec<&str> = reply.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "address.country",
            "address.emirate",
            "currency",
            "email",
            "name",
            "paymentTermsDays",
            "phone",
            "tags[0]",
            "trn"
        ]
    );
    // Amounts: more decimals than the currency has, negative, or not a number.
    for (limit, currency) in [
        ("10.005", "AED"),
        ("-5", "AED"),
        ("1e5", "AED"),
        ("1.2345", "KWD"),
    ] {
        let reply = app
            .client(
                &admin,
                company,
                json!({"name": "X", "creditLimit": limit, "currency": currency}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{limit}");
        assert_eq!(reply.body["errors"][0]["field"], "creditLimit");
    }
    assert_eq!(
        app.get("/api/v1/crm/clients", &admin, Some(company))
            .await
            .body["meta"]["total"],
        0
    );

    // A KWD client keeps three decimals; a JSON number is read exactly.
    let kwd = app
        .client(
            &admin,
            company,
            json!({"name": "Kuwait Co", "currency": "KWD", "creditLimit": 1250.125}),
        )
        .await;
    assert_eq!(kwd.status, StatusCode::CREATED, "{:?}", kwd.body);
    assert_eq!(kwd.body["creditLimit"], "1250.125");
}

#[tokio::test]
async fn clients_are_archived_filtered_and_searched() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Gulf Trading LLC").await;
    let noor = app
        .client(
            &admin,
            company,
            json!({"name": "Al Noor", "tags": ["vip", "retail"]}),
        )
        .await
        .id();
    app.client(
        &admin,
        company,
        json!({"name": "Emirates Steel 100%", "tags": ["vip"]}),
    )
    .await;
    app.client(
        &admin,
        company,
        json!({"name": "Sharjah Foods", "email": "buy@sharjahfoods.ae"}),
    )
    .await;

    let archived = app
        .patch(
            &format!("/api/v1/crm/clients/{noor}"),
            &admin,
            Some(company),
            json!({"active": false, "trn": null}),
        )
        .await;
    assert_eq!(archived.status, StatusCode::OK);
    assert_eq!(archived.body["active"], false);
    // Archived, not deleted: there is no DELETE.
    let delete = app
        .call(
            axum::http::Method::DELETE,
            &format!("/api/v1/crm/clients/{noor}"),
            Some(&admin),
            Some(company),
            None,
        )
        .await;
    assert_eq!(delete.status, StatusCode::METHOD_NOT_ALLOWED);

    let total = |path: String| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.get(&path, &admin, Some(company)).await.body["meta"]["total"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(total("/api/v1/crm/clients?active=true".into()).await, 2);
    assert_eq!(total("/api/v1/crm/clients?active=false".into()).await, 1);
    assert_eq!(total("/api/v1/crm/clients?tags=vip".into()).await, 2);
    assert_eq!(total("/api/v1/crm/clients?tags=vip,retail".into()).await, 1);
    assert_eq!(total("/api/v1/crm/clients?q=SHARJAHFOODS".into()).await, 1);
    // `%` in a search is a literal percent sign, not a wildcard.
    assert_eq!(total("/api/v1/crm/clients?q=100%25".into()).await, 1);
    assert_eq!(total("/api/v1/crm/clients?q=%25".into()).await, 1);
}

#[tokio::test]
async fn one_partner_may_be_both_client_and_vendor() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Gulf Trading LLC").await;
    let vendor = app
        .post(
            "/api/v1/crm/vendors",
            &admin,
            Some(company),
            json!({"name": "Steel Supplier"}),
        )
        .await;
    assert_eq!(vendor.status, StatusCode::CREATED);
    assert_eq!(vendor.body["isVendor"], true);
    let id = vendor.id();

    assert_eq!(
        app.get(&format!("/api/v1/crm/clients/{id}"), &admin, Some(company))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/crm/clients", &admin, Some(company))
            .await
            .body["meta"]["total"],
        0
    );

    let both = app
        .patch(
            &format!("/api/v1/crm/vendors/{id}"),
            &admin,
            Some(company),
            json!({"isClient": true}),
        )
        .await;
    assert_eq!(both.body["isClient"], true);
    assert_eq!(
        app.get(&format!("/api/v1/crm/clients/{id}"), &admin, Some(company))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/crm/clients", &admin, Some(company))
            .await
            .body["meta"]["total"],
        1
    );

    let neither = app
        .patch(
            &format!("/api/v1/crm/vendors/{id}"),
            &admin,
            Some(company),
            json!({"isClient": false, "isVendor": false}),
        )
        .await;
    assert_eq!(neither.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn contacts_belong_to_partners_of_the_same_company() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Gulf Trading LLC").await;
    let client = app
        .client(&admin, company, json!({"name": "Al Noor"}))
        .await
        .id();
    let contact = app
        .post(
            "/api/v1/crm/contacts",
            &admin,
            Some(company),
            json!({"name": "Fatima Al Mansoori", "email": "fatima@alnoor.ae", "jobTitle": "Buyer", "partnerId": client}),
        )
        .await;
    assert_eq!(contact.status, StatusCode::CREATED);
    assert_eq!(contact.body["partnerId"], client.to_string());
    app.post(
        "/api/v1/crm/contacts",
        &admin,
        Some(company),
        json!({"name": "Independent"}),
    )
    .await;

    let of_client = app
        .get(
            &format!("/api/v1/crm/contacts?partner_id={client}"),
            &admin,
            Some(company),
        )
        .await;
    assert_eq!(of_client.body["meta"]["total"], 1);
    assert_eq!(
        app.get("/api/v1/crm/contacts", &admin, Some(company))
            .await
            .body["meta"]["total"],
        2
    );
    let unknown_partner = app
        .post(
            "/api/v1/crm/contacts",
            &admin,
            Some(company),
            json!({"name": "Lost", "partnerId": uuid::Uuid::now_v7()}),
        )
        .await;
    assert_eq!(unknown_partner.status, StatusCode::BAD_REQUEST);

    let moved = app
        .patch(
            &format!("/api/v1/crm/contacts/{}", contact.id()),
            &admin,
            Some(company),
            json!({"partnerId": null, "phone": "+971501234567"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK);
    assert!(moved.body["partnerId"].is_null());
    assert_eq!(moved.body["phone"], "+971501234567");
}

#[tokio::test]
async fn kept_list_totals_always_equal_a_fresh_count() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Totals LLC").await;
    let a = app.client(&admin, company, json!({"name": "A"})).await.id();
    let b = app
        .client(&admin, company, json!({"name": "B", "active": false}))
        .await
        .id();
    let v = app
        .post(
            "/api/v1/crm/vendors",
            &admin,
            Some(company),
            json!({"name": "V"}),
        )
        .await
        .id();
    app.patch(
        &format!("/api/v1/crm/clients/{a}"),
        &admin,
        Some(company),
        json!({"active": false, "isVendor": true}),
    )
    .await;
    app.patch(
        &format!("/api/v1/crm/clients/{b}"),
        &admin,
        Some(company),
        json!({"active": true}),
    )
    .await;
    app.patch(
        &format!("/api/v1/crm/vendors/{v}"),
        &admin,
        Some(company),
        json!({"isClient": true}),
    )
    .await;
    // A refused change moves nothing.
    app.patch(
        &format!("/api/v1/crm/vendors/{v}"),
        &admin,
        Some(company),
        json!({"isClient": false, "isVendor": false}),
    )
    .await;

    let totals = || async {
        let mut all = Vec::new();
        for list in ["clients", "vendors"] {
            for filter in ["", "?active=true", "?active=false"] {
                let reply = app
                    .get(
                        &format!("/api/v1/crm/{list}{filter}"),
                        &admin,
                        Some(company),
                    )
                    .await;
                all.push(reply.body["meta"]["total"].as_i64().unwrap());
            }
        }
        all
    };
    let kept = totals().await;
    assert_eq!(kept, [3, 2, 1, 2, 1, 1]);
    arkan_crm::partners::recount_totals(
        app.platform.db.connection(),
        arkan_kernel::CompanyId(company),
    )
    .await
    .unwrap();
    assert_eq!(totals().await, kept);
}

#[tokio::test]
async fn an_amount_a_json_number_cannot_carry_exactly_is_refused() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Gulf Trading LLC").await;
    let body = r#"{"name": "Big Buyer", "creditLimit": 1234567890123.456}"#;
    let request = axum::http::Request::post("/api/v1/crm/clients")
        .header("authorization", format!("Bearer {admin}"))
        .header("x-company-id", company.to_string())
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap();
    let refused = app.send(request).await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert!(
        refused.body.to_string().contains("as a string"),
        "{:?}",
        refused.body
    );
    // The same amount as a string is exact.
    let taken = app
        .client(
            &admin,
            company,
            json!({"name": "Big Buyer", "creditLimit": "1234567890123.45"}),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CREATED, "{:?}", taken.body);
    assert_eq!(taken.body["creditLimit"], "1234567890123.45");
    let listed = app.get("/api/v1/crm/clients", &admin, Some(company)).await;
    assert_eq!(listed.body["meta"]["total"], 1);
}
