//! Leads: capture, lose, convert (with a new client, or an existing one after a duplicate
//! warning).

use axum::http::StatusCode;
use serde_json::{Value, json};

use arkan_testkit::{Company, TestApp};

async fn lead(company: &Company, body: Value) -> Value {
    let reply = company.post("/api/v1/crm/leads", body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn a_website_lead_becomes_a_deal_with_a_new_client_and_contact() {
    let company = TestApp::company().await;
    let (seller, _) = company.member("seller@example.test", "sales").await;
    let created = lead(
        &company,
        json!({
            "name": "Fit-out of the Marina office",
            "contactName": "Fatima Al Zahra",
            "companyName": "Marina Interiors L.L.C.",
            "email": "Fatima@MarinaInteriors.ae",
            "phone": "+971 50 123 4567",
            "source": "website",
            "ownerId": seller,
            "expectedRevenue": "125000.5",
            "probability": "20",
            "tags": ["fit-out"]
        }),
    )
    .await;
    assert_eq!(created["state"], "new");
    assert_eq!(created["currency"], "AED");
    assert_eq!(created["expectedRevenue"], "125000.50");
    assert_eq!(created["probability"], "20");
    assert_eq!(created["email"], "fatima@marinainteriors.ae");
    assert_eq!(created["dealId"], Value::Null);
    let id = created["id"].as_str().expect("an id").to_owned();

    let converted = company
        .post(&format!("/api/v1/crm/leads/{id}/convert"), json!({}))
        .await;
    assert_eq!(
        converted.status,
        StatusCode::CREATED,
        "{:?}",
        converted.body
    );
    let body = &converted.body;
    assert_eq!(body["clientCreated"], true);
    assert_eq!(body["contactCreated"], true);
    assert_eq!(body["lead"]["state"], "converted");
    assert!(body["lead"]["convertedAt"].is_string());
    let deal = &body["deal"];
    assert_eq!(body["lead"]["dealId"], deal["id"]);
    assert_eq!(deal["name"], "Fit-out of the Marina office");
    assert_eq!(deal["state"], "open");
    assert_eq!(deal["ownerId"], json!(seller));
    assert_eq!(deal["expectedRevenue"], "125000.50");
    assert_eq!(deal["probability"], "20");
    assert_eq!(deal["weightedRevenue"], "25000.10");
    assert_eq!(deal["source"], "website");
    assert_eq!(deal["leadId"], json!(id));
    assert_eq!(deal["quoteIds"], json!([]));
    assert_eq!(body["lead"]["partnerId"], deal["partnerId"]);

    let client = company
        .get(&format!(
            "/api/v1/crm/clients/{}",
            deal["partnerId"].as_str().expect("a client")
        ))
        .await;
    assert_eq!(client.status, StatusCode::OK);
    assert_eq!(client.body["name"], "Marina Interiors L.L.C.");
    assert_eq!(client.body["email"], "fatima@marinainteriors.ae");
    let contact = company
        .get(&format!(
            "/api/v1/crm/contacts/{}",
            deal["contactId"].as_str().expect("a contact")
        ))
        .await;
    assert_eq!(contact.body["name"], "Fatima Al Zahra");
    assert_eq!(contact.body["partnerId"], deal["partnerId"]);

    let again = company
        .post(&format!("/api/v1/crm/leads/{id}/convert"), json!({}))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "lead_converted");
    let patched = company
        .patch(&format!("/api/v1/crm/leads/{id}"), json!({"name": "x"}))
        .await;
    assert_eq!(patched.code(), "lead_converted");
}

#[tokio::test]
async fn a_lead_of_a_known_client_is_flagged_then_linked() {
    let company = TestApp::company()
        .client_with(json!({"name": "Al Noor Trading LLC", "email": "info@alnoor.ae"}))
        .client_with(json!({"name": "Desert Rose Events", "phone": "+971 4 555 0101"}))
        .await;
    let al_noor = company.partner("Al Noor Trading LLC");
    let desert_rose = company.partner("Desert Rose Events");

    // Same name once normalised: a name-only match is never linked on its own.
    let by_name = lead(
        &company,
        json!({"name": "Warehouse racking", "companyName": "AL-NOOR trading, L.L.C."}),
    )
    .await;
    let path = format!(
        "/api/v1/crm/leads/{}/convert",
        by_name["id"].as_str().expect("an id")
    );
    let refused = company.post(&path, Value::Null).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    assert_eq!(refused.code(), "lead_possible_duplicates");
    assert_eq!(
        refused.body["candidates"],
        json!([{"partnerId": al_noor, "name": "Al Noor Trading LLC", "matchedOn": "name"}])
    );
    assert_eq!(refused.body["statusCode"], 409);

    let linked = company
        .post(&path, json!({"clientAction": "link", "partnerId": al_noor}))
        .await;
    assert_eq!(linked.status, StatusCode::CREATED, "{:?}", linked.body);
    assert_eq!(linked.body["clientCreated"], false);
    assert_eq!(linked.body["contactCreated"], false);
    assert_eq!(linked.body["deal"]["partnerId"], json!(al_noor));

    // One strong match (the phone, written differently) links by itself.
    let by_phone = lead(
        &company,
        json!({"name": "Gala dinner", "phone": "+971-4-5550101"}),
    )
    .await;
    let auto = company
        .post(
            &format!(
                "/api/v1/crm/leads/{}/convert",
                by_phone["id"].as_str().expect("an id")
            ),
            json!({"clientAction": "auto"}),
        )
        .await;
    assert_eq!(auto.status, StatusCode::CREATED, "{:?}", auto.body);
    assert_eq!(auto.body["deal"]["partnerId"], json!(desert_rose));
    assert_eq!(auto.body["clientCreated"], false);

    // Two strong matches: the client chooses.
    let both = lead(
        &company,
        json!({"name": "Two", "email": "INFO@alnoor.ae", "phone": "+97145550101"}),
    )
    .await;
    let refused = company
        .post(
            &format!(
                "/api/v1/crm/leads/{}/convert",
                both["id"].as_str().expect("an id")
            ),
            json!({}),
        )
        .await;
    assert_eq!(refused.code(), "lead_possible_duplicates");
    let candidates = refused.body["candidates"].as_array().expect("candidates");
    assert_eq!(candidates.len(), 2);
    let created = company
        .post(
            &format!(
                "/api/v1/crm/leads/{}/convert",
                both["id"].as_str().expect("an id")
            ),
            json!({"clientAction": "none"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.body["deal"]["partnerId"], Value::Null);
}

#[tokio::test]
async fn a_lead_is_lost_only_with_a_reason() {
    let company = TestApp::company().await;
    let created = lead(&company, json!({"name": "Office chairs"})).await;
    let path = format!(
        "/api/v1/crm/leads/{}",
        created["id"].as_str().expect("an id")
    );
    let refused = company.patch(&path, json!({"state": "lost"})).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.body["errors"][0]["field"], "lostReason");
    let converted = company.patch(&path, json!({"state": "converted"})).await;
    assert_eq!(converted.body["errors"][0]["field"], "state");
    let lost = company
        .patch(
            &path,
            json!({"state": "lost", "lostReason": "Went with a competitor"}),
        )
        .await;
    assert_eq!(lost.status, StatusCode::OK, "{:?}", lost.body);
    assert_eq!(lost.body["state"], "lost");
    assert_eq!(lost.body["lostReason"], "Went with a competitor");
    let back = company.patch(&path, json!({"state": "qualified"})).await;
    assert_eq!(back.body["state"], "qualified");
    assert_eq!(back.body["lostReason"], Value::Null);
}

#[tokio::test]
async fn bad_lead_fields_are_all_named() {
    let company = TestApp::company().await;
    let (outsider, _) = company
        .app
        .user(&company.token, "outsider@example.test")
        .await;
    let reply = company
        .post(
            "/api/v1/crm/leads",
            json!({
                "name": " ",
                "email": "not-an-email",
                "trn": "123",
                "source": "billboard",
                "ownerId": outsider,
                "expectedRevenue": "-5",
                "probability": "120",
                "address": {"emirate": "Paris"}
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let mut fields: Vec<&str> = reply.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|error| error["field"].as_str())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "address.emirate",
            "email",
            "expectedRevenue",
            "name",
            "ownerId",
            "probability",
            "source",
            "trn"
        ]
    );
    let list = company.get("/api/v1/crm/leads").await;
    assert_eq!(list.body["meta"]["total"], 0);
    let bad_filter = company.get("/api/v1/crm/leads?state=won").await;
    assert_eq!(bad_filter.body["errors"][0]["field"], "state");
}

#[tokio::test]
async fn another_companys_lead_is_not_found_and_a_viewer_cannot_write() {
    let company = TestApp::company().await;
    let created = lead(&company, json!({"name": "Signage"})).await;
    let id = created["id"].as_str().expect("an id").to_owned();
    let other = company.another_company("Other LLC").await;
    let token = company.token.clone();
    let elsewhere = company
        .app
        .get(&format!("/api/v1/crm/leads/{id}"), &token, Some(other))
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    assert_eq!(elsewhere.code(), "lead_not_found");
    let convert = company
        .app
        .post(
            &format!("/api/v1/crm/leads/{id}/convert"),
            &token,
            Some(other),
            json!({}),
        )
        .await;
    assert_eq!(convert.status, StatusCode::NOT_FOUND);

    let (_, viewer) = company.member("viewer@example.test", "viewer").await;
    let write = company
        .app
        .post(
            "/api/v1/crm/leads",
            &viewer,
            Some(company.id),
            json!({"name": "x"}),
        )
        .await;
    assert_eq!(write.status, StatusCode::FORBIDDEN);
    let read = company
        .app
        .get("/api/v1/crm/leads", &viewer, Some(company.id))
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["meta"]["total"], 1);
    let (_, accountant) = company.member("books@example.test", "accountant").await;
    let write = company
        .app
        .patch(
            &format!("/api/v1/crm/leads/{id}"),
            &accountant,
            Some(company.id),
            json!({"name": "y"}),
        )
        .await;
    assert_eq!(write.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn two_conversions_at_once_make_one_deal() {
    let company = TestApp::company().await;
    let created = lead(
        &company,
        json!({"name": "Roof repair", "companyName": "Skyline Roofing LLC"}),
    )
    .await;
    let path = format!(
        "/api/v1/crm/leads/{}/convert",
        created["id"].as_str().unwrap_or_default()
    );
    let (first, second) = tokio::join!(
        company.post(&path, json!({})),
        company.post(&path, json!({}))
    );
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::CONFLICT],
        "{:?} / {:?}",
        first.body,
        second.body
    );
    let deals = company.get("/api/v1/crm/deals").await;
    assert_eq!(deals.body["meta"]["total"], 1, "{:?}", deals.body);
    let clients = company.get("/api/v1/crm/clients").await;
    assert_eq!(clients.body["meta"]["total"], 1, "{:?}", clients.body);
}

#[tokio::test]
async fn a_client_with_the_leads_trn_is_found_among_many_sharing_a_name_word() {
    let company = TestApp::company().await;
    // More clients sharing the name's longest word than the name search looks at.
    let namesakes: Vec<(String, Option<String>)> = (0..520)
        .map(|number| (format!("Trading House {number}"), None))
        .collect();
    arkan_crm::partners::bulk_load_clients(
        company.app.platform.db.connection(),
        arkan_kernel::CompanyId(company.id),
        &namesakes,
        arkan_kernel::time::now_micros(),
    )
    .await
    .expect("the namesakes load");
    // The newest client, whose id sorts last, holds the lead's TRN.
    let known = company
        .post(
            "/api/v1/crm/clients",
            json!({"name": "Desert Star Trading", "trn": "100234567800003"}),
        )
        .await;
    assert_eq!(known.status, StatusCode::CREATED, "{:?}", known.body);
    let created = lead(
        &company,
        json!({"name": "Spare parts", "companyName": "Gulf Star Trading",
               "trn": "100234567800003"}),
    )
    .await;
    let converted = company
        .post(
            &format!(
                "/api/v1/crm/leads/{}/convert",
                created["id"].as_str().unwrap_or_default()
            ),
            json!({}),
        )
        .await;
    assert_eq!(
        converted.status,
        StatusCode::CREATED,
        "{:?}",
        converted.body
    );
    assert_eq!(converted.body["clientCreated"], false);
    assert_eq!(converted.body["deal"]["partnerId"], known.body["id"]);
}

#[tokio::test]
async fn leads_and_deals_list_by_the_day_they_were_created() {
    let company = TestApp::company().await;
    lead(&company, json!({"name": "Today's lead"})).await;
    let deal = company
        .post("/api/v1/crm/deals", json!({"name": "Today's deal"}))
        .await;
    assert_eq!(deal.status, StatusCode::CREATED, "{:?}", deal.body);
    let today = chrono::Utc::now().date_naive();
    let yesterday = today.pred_opt().unwrap_or(today);
    for list in ["leads", "deals"] {
        let within = company
            .get(&format!(
                "/api/v1/crm/{list}?date_from={today}&date_to={today}"
            ))
            .await;
        assert_eq!(within.status, StatusCode::OK, "{:?}", within.body);
        assert_eq!(within.body["meta"]["total"], 1, "{list}: {:?}", within.body);
        let before = company
            .get(&format!("/api/v1/crm/{list}?date_to={yesterday}"))
            .await;
        assert_eq!(before.body["meta"]["total"], 0, "{list}: {:?}", before.body);
        let backwards = company
            .get(&format!(
                "/api/v1/crm/{list}?date_from={today}&date_to={yesterday}"
            ))
            .await;
        assert_eq!(backwards.status, StatusCode::BAD_REQUEST);
        assert_eq!(backwards.body["errors"][0]["field"], "date_to");
    }
}
