//! Deals through the stages, activities, and the pipeline report checked by hand.

use std::collections::HashMap;

use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use arkan_server::app::{self, Migrator};
use arkan_testkit::{Company, TestApp, test_settings};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use sea_orm_migration::MigratorTrait;

/// The company's stages by name.
async fn stages(company: &Company) -> HashMap<String, Value> {
    let reply = company
        .get("/api/v1/crm/stages?sort=sequence&order=asc")
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|stage| {
            (
                stage["name"].as_str().unwrap_or_default().to_owned(),
                stage.clone(),
            )
        })
        .collect()
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_default().to_owned()
}

async fn deal(company: &Company, body: Value) -> Value {
    let reply = company.post("/api/v1/crm/deals", body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn a_new_company_has_the_default_pipeline() {
    let company = TestApp::company().await;
    let reply = company
        .get("/api/v1/crm/stages?sort=sequence&order=asc")
        .await;
    let rows: Vec<(String, String, String)> = reply.body["data"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|stage| {
            (
                stage["name"].as_str().unwrap_or_default().to_owned(),
                stage["probability"].as_str().unwrap_or_default().to_owned(),
                stage["type"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = [
        ("New", "10", "open"),
        ("Qualified", "25", "open"),
        ("Proposal", "50", "open"),
        ("Negotiation", "75", "open"),
        ("Won", "100", "won"),
        ("Lost", "0", "lost"),
    ]
    .iter()
    .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
    .collect();
    assert_eq!(rows, expected);
}

#[tokio::test]
async fn a_deal_moves_through_the_stages_to_won_and_is_reopened() {
    let company = TestApp::company().client("Gulf Builders").await;
    let stages = stages(&company).await;
    let created = deal(
        &company,
        json!({"name": "Tower B cladding", "partnerId": company.partner("Gulf Builders"), "expectedRevenue": 80000.05}),
    )
    .await;
    assert_eq!(created["stageId"], stages["New"]["id"]);
    assert_eq!(created["probability"], "10");
    assert_eq!(created["weightedRevenue"], "8000.01");
    assert_eq!(created["state"], "open");
    assert_eq!(created["closedAt"], Value::Null);
    let path = format!("/api/v1/crm/deals/{}", id(&created));

    let proposal = company
        .patch(&path, json!({"stageId": stages["Proposal"]["id"]}))
        .await;
    assert_eq!(proposal.status, StatusCode::OK, "{:?}", proposal.body);
    assert_eq!(proposal.body["probability"], "50");
    assert_eq!(proposal.body["weightedRevenue"], "40000.03");
    let tuned = company.patch(&path, json!({"probability": "62.5"})).await;
    assert_eq!(tuned.body["weightedRevenue"], "50000.03");

    let won = company
        .patch(&path, json!({"stageId": stages["Won"]["id"]}))
        .await;
    assert_eq!(won.body["state"], "won");
    assert_eq!(won.body["probability"], "100");
    assert_eq!(won.body["weightedRevenue"], "80000.05");
    assert!(won.body["closedAt"].is_string());

    let closed = company.patch(&path, json!({"name": "Tower B"})).await;
    assert_eq!(closed.status, StatusCode::CONFLICT);
    assert_eq!(closed.code(), "deal_closed");

    let reopened = company.post(&format!("{path}/reopen"), Value::Null).await;
    assert_eq!(reopened.status, StatusCode::OK, "{:?}", reopened.body);
    assert_eq!(reopened.body["state"], "open");
    assert_eq!(reopened.body["stageId"], stages["New"]["id"]);
    assert_eq!(reopened.body["closedAt"], Value::Null);
    let again = company.post(&format!("{path}/reopen"), json!({})).await;
    assert_eq!(again.code(), "deal_not_closed");
    let to_negotiation = company
        .post(
            &format!("/api/v1/crm/deals/{}/reopen", id(&won.body)),
            json!({"stageId": stages["Negotiation"]["id"]}),
        )
        .await;
    assert_eq!(to_negotiation.code(), "deal_not_closed");
}

#[tokio::test]
async fn a_deal_is_lost_only_with_a_reason() {
    let company = TestApp::company().await;
    let stages = stages(&company).await;
    let created = deal(
        &company,
        json!({"name": "Catering", "expectedRevenue": "900"}),
    )
    .await;
    let path = format!("/api/v1/crm/deals/{}", id(&created));
    let refused = company
        .patch(&path, json!({"stageId": stages["Lost"]["id"]}))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.body["errors"][0]["field"], "lostReason");
    let lost = company
        .patch(
            &path,
            json!({"stageId": stages["Lost"]["id"], "lostReason": "Budget cut"}),
        )
        .await;
    assert_eq!(lost.status, StatusCode::OK, "{:?}", lost.body);
    assert_eq!(lost.body["state"], "lost");
    assert_eq!(lost.body["lostReason"], "Budget cut");
    assert_eq!(lost.body["weightedRevenue"], "0.00");
    let created_lost = company
        .post(
            "/api/v1/crm/deals",
            json!({"name": "x", "stageId": stages["Lost"]["id"]}),
        )
        .await;
    assert_eq!(created_lost.body["errors"][0]["field"], "lostReason");
    let reopened = company.post(&format!("{path}/reopen"), json!({})).await;
    assert_eq!(reopened.body["lostReason"], Value::Null);
}

#[tokio::test]
async fn bad_deal_and_stage_fields_are_named() {
    let company = TestApp::company().await;
    let reply = company
        .post(
            "/api/v1/crm/deals",
            json!({
                "name": "",
                "stageId": Uuid::now_v7(),
                "expectedRevenue": "1.234",
                "expectedCloseDate": "2026-02-30",
                "source": "tv"
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
            "expectedCloseDate",
            "expectedRevenue",
            "name",
            "source",
            "stageId"
        ]
    );
    let unknown_client = company
        .post(
            "/api/v1/crm/deals",
            json!({"name": "x", "partnerId": Uuid::now_v7()}),
        )
        .await;
    assert_eq!(unknown_client.body["errors"][0]["field"], "partnerId");
    let stage = company
        .post(
            "/api/v1/crm/stages",
            json!({"name": "Demo", "sequence": 15, "probability": "101", "type": "maybe"}),
        )
        .await;
    assert_eq!(stage.status, StatusCode::BAD_REQUEST);
    assert_eq!(stage.body["errors"].as_array().map(Vec::len), Some(2));
    let currency = company
        .post("/api/v1/crm/deals", json!({"name": "x", "currency": "USD"}))
        .await;
    assert_eq!(currency.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_stage_holding_deals_keeps_its_type() {
    let company = TestApp::company().await;
    let demo = company
        .post(
            "/api/v1/crm/stages",
            json!({"name": "Demo", "sequence": 15, "probability": 30}),
        )
        .await;
    assert_eq!(demo.status, StatusCode::CREATED, "{:?}", demo.body);
    assert_eq!(demo.body["type"], "open");
    let path = format!("/api/v1/crm/stages/{}", id(&demo.body));
    deal(&company, json!({"name": "x", "stageId": demo.body["id"]})).await;
    let refused = company.patch(&path, json!({"type": "won"})).await;
    assert_eq!(refused.code(), "stage_in_use");
    let renamed = company
        .patch(&path, json!({"name": "Live demo", "probability": "35"}))
        .await;
    assert_eq!(renamed.body["name"], "Live demo");
    assert_eq!(renamed.body["probability"], "35");
}

#[tokio::test]
async fn activities_are_logged_and_done_sets_done_at() {
    let company = TestApp::company().await;
    let (seller, _) = company.member("seller@example.test", "sales").await;
    let created = deal(&company, json!({"name": "Villa automation"})).await;
    let list_path = format!("/api/v1/crm/deals/{}/activities", id(&created));
    let call = company
        .post(
            &list_path,
            json!({"type": "call", "summary": "Discovery call", "dueDate": "2026-03-01", "assigneeId": seller}),
        )
        .await;
    assert_eq!(call.status, StatusCode::CREATED, "{:?}", call.body);
    assert_eq!(call.body["done"], false);
    assert_eq!(call.body["doneAt"], Value::Null);
    assert_eq!(call.body["dealId"], created["id"]);
    assert_eq!(call.body["leadId"], Value::Null);
    let path = format!("/api/v1/crm/activities/{}", id(&call.body));
    let done = company.patch(&path, json!({"done": true})).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body["done"], true);
    let done_at = done.body["doneAt"].clone();
    assert!(done_at.is_string());
    let still = company
        .patch(&path, json!({"done": true, "summary": "Call"}))
        .await;
    assert_eq!(still.body["doneAt"], done_at);
    let undone = company.patch(&path, json!({"done": false})).await;
    assert_eq!(undone.body["doneAt"], Value::Null);
    // The seller's own: an activity nobody is assigned to is not theirs.
    let unassigned = company
        .post(
            &list_path,
            json!({"type": "task", "summary": "Send the quote"}),
        )
        .await;
    assert_eq!(unassigned.status, StatusCode::CREATED);
    let theirs = company
        .get(&format!("{list_path}?assignee_id={seller}"))
        .await;
    assert_eq!(theirs.status, StatusCode::OK, "{:?}", theirs.body);
    assert_eq!(theirs.body["meta"]["total"], 1);
    assert_eq!(theirs.body["data"][0]["summary"], "Call");
    let all = company.get(&list_path).await;
    assert_eq!(all.body["meta"]["total"], 2);

    let lead = company
        .post("/api/v1/crm/leads", json!({"name": "Lead"}))
        .await;
    let on_lead = company
        .post(
            &format!("/api/v1/crm/leads/{}/activities", id(&lead.body)),
            json!({"type": "email", "summary": "Brochure", "done": true}),
        )
        .await;
    assert_eq!(on_lead.status, StatusCode::CREATED);
    assert!(on_lead.body["doneAt"].is_string());
    let bad = company
        .post(&list_path, json!({"type": "fax", "summary": ""}))
        .await;
    let mut fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|error| error["field"].as_str())
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, ["summary", "type"]);

    let list = company.get(&list_path).await;
    assert_eq!(list.body["meta"]["total"], 2);
    assert_eq!(company.delete(&path).await.status, StatusCode::NO_CONTENT);
    assert_eq!(company.get(&path).await.status, StatusCode::NOT_FOUND);
    let missing = company
        .post(
            &format!("/api/v1/crm/deals/{}/activities", Uuid::now_v7()),
            json!({"type": "task", "summary": "x"}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_companys_deal_is_not_found_and_a_viewer_cannot_write() {
    let company = TestApp::company().await;
    let created = deal(&company, json!({"name": "Signage"})).await;
    let path = format!("/api/v1/crm/deals/{}", id(&created));
    let other = company.another_company("Other LLC").await;
    let token = company.token.clone();
    for reply in [
        company.app.get(&path, &token, Some(other)).await,
        company
            .app
            .patch(&path, &token, Some(other), json!({"name": "x"}))
            .await,
        company
            .app
            .post(
                &format!("{path}/activities"),
                &token,
                Some(other),
                json!({"type": "task", "summary": "x"}),
            )
            .await,
    ] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{:?}", reply.body);
    }
    let (_, viewer) = company.member("viewer@example.test", "viewer").await;
    let writes = [
        company
            .app
            .post(
                "/api/v1/crm/deals",
                &viewer,
                Some(company.id),
                json!({"name": "x"}),
            )
            .await,
        company
            .app
            .patch(&path, &viewer, Some(company.id), json!({"name": "x"}))
            .await,
        company
            .app
            .post(
                "/api/v1/crm/stages",
                &viewer,
                Some(company.id),
                json!({"name": "x", "sequence": 1, "probability": 1}),
            )
            .await,
    ];
    for reply in writes {
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
    let report = company
        .app
        .get("/api/v1/crm/reports/pipeline", &viewer, Some(company.id))
        .await;
    assert_eq!(report.status, StatusCode::OK);
}

#[tokio::test]
async fn the_pipeline_report_adds_up_by_stage_owner_and_source() {
    let company = TestApp::company().await;
    let stages = stages(&company).await;
    let (amal, _) = company.member("amal@example.test", "sales").await;
    let (bilal, _) = company.member("bilal@example.test", "sales").await;
    let stage = |name: &str| stages[name]["id"].clone();
    // (name, stage, owner, source, expected revenue, lost reason)
    let deals = [
        ("Open A", "New", amal, "website", "1000", None),
        ("Open B", "Proposal", bilal, "referral", "333.33", None),
        ("Won A", "Won", amal, "website", "2000", None),
        ("Lost A", "Lost", amal, "website", "500", Some("price")),
        ("Won B1", "Won", bilal, "referral", "1000", None),
        ("Won B2", "Won", bilal, "referral", "1000", None),
        ("Lost B", "Lost", bilal, "referral", "100", Some("timing")),
    ];
    for (name, stage_name, owner, source, revenue, reason) in deals {
        let created = deal(
            &company,
            json!({"name": name, "ownerId": owner, "source": source, "expectedRevenue": revenue}),
        )
        .await;
        if stage_name != "New" {
            let moved = company
                .patch(
                    &format!("/api/v1/crm/deals/{}", id(&created)),
                    json!({"stageId": stage(stage_name), "lostReason": reason}),
                )
                .await;
            assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
        }
    }
    let today = chrono::Utc::now().date_naive();
    let report = company
        .get(&format!(
            "/api/v1/crm/reports/pipeline?date_from={today}&date_to={today}"
        ))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    let body = &report.body;
    assert_eq!(body["dateFrom"], today.to_string());
    assert_eq!(body["currency"], "AED");
    let rows: Vec<(String, i64, String, String)> = body["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|row| {
            (
                row["name"].as_str().unwrap_or_default().to_owned(),
                row["count"].as_i64().unwrap_or(-1),
                row["expectedRevenue"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                row["weightedRevenue"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    let row = |name: &str, count: i64, expected: &str, weighted: &str| {
        (
            name.to_owned(),
            count,
            expected.to_owned(),
            weighted.to_owned(),
        )
    };
    // Proposal: 333.33 × 50% = 166.665, rounded half away from zero.
    assert_eq!(
        rows,
        vec![
            row("New", 1, "1000.00", "100.00"),
            row("Qualified", 0, "0.00", "0.00"),
            row("Proposal", 1, "333.33", "166.67"),
            row("Negotiation", 0, "0.00", "0.00"),
            row("Won", 3, "4000.00", "4000.00"),
            row("Lost", 2, "600.00", "0.00"),
        ]
    );
    assert_eq!(
        body["totals"],
        json!({"count": 7, "expectedRevenue": "5933.33", "weightedRevenue": "4266.67"})
    );
    let owner = |user: Uuid| {
        body["byOwner"]
            .as_array()
            .expect("owners")
            .iter()
            .find(|row| row["ownerId"] == json!(user))
            .cloned()
            .expect("an owner row")
    };
    assert_eq!(body["byOwner"].as_array().map(Vec::len), Some(2));
    let amal_row = owner(amal);
    assert_eq!(
        (
            amal_row["won"].clone(),
            amal_row["lost"].clone(),
            amal_row["wonRevenue"].clone(),
            amal_row["winRate"].clone()
        ),
        (json!(1), json!(1), json!("2000.00"), json!("50"))
    );
    assert_eq!(amal_row["averageCycleDays"], "0");
    let bilal_row = owner(bilal);
    assert_eq!(bilal_row["winRate"], "66.67");
    assert_eq!(bilal_row["wonRevenue"], "2000.00");
    let sources: Vec<(String, String)> = body["bySource"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|row| {
            (
                row["source"].as_str().unwrap_or_default().to_owned(),
                row["winRate"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        vec![
            ("referral".to_owned(), "66.67".to_owned()),
            ("website".to_owned(), "50".to_owned())
        ]
    );

    let only_amal = company
        .get(&format!(
            "/api/v1/crm/reports/pipeline?date_from={today}&date_to={today}&owner_id={amal}"
        ))
        .await;
    assert_eq!(only_amal.body["totals"]["count"], 3);
    assert_eq!(only_amal.body["byOwner"].as_array().map(Vec::len), Some(1));
    let last_year = company
        .get("/api/v1/crm/reports/pipeline?date_from=2020-01-01&date_to=2020-12-31")
        .await;
    assert_eq!(last_year.body["totals"]["count"], 0);
    assert_eq!(last_year.body["byOwner"], json!([]));
    let bad = company
        .get("/api/v1/crm/reports/pipeline?date_from=2026-13-01&owner_id=x")
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["errors"].as_array().map(Vec::len), Some(2));
}

/// A company made before the pipeline (m0103) gets the default stages from the migration.
#[tokio::test]
async fn a_company_made_before_the_pipeline_gets_the_default_stages() {
    let (mut settings, folder) = test_settings();
    if let Some(schema) = &settings.database_schema {
        let mut admin = settings.clone();
        admin.database_schema = None;
        let db = app::connect(&admin).await.expect("PostgreSQL answers");
        db.connection()
            .execute_unprepared(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
            .await
            .expect("a fresh schema");
    }
    let db = app::connect(&settings).await.expect("the database opens");
    let before = Migrator::migrations()
        .iter()
        .position(|migration| migration.name() == "m0103_crm_stages_of_existing_companies")
        .expect("m0103 is registered");
    Migrator::up(db.connection(), Some(before as u32))
        .await
        .expect("the older migrations run");
    let backend = db.connection().get_database_backend();
    let company = Uuid::now_v7();
    let id = match backend {
        DatabaseBackend::Postgres => format!("'{company}'"),
        _ => format!("X'{}'", company.simple()),
    };
    db.connection()
        .execute_unprepared(&format!(
            "INSERT INTO companies (id, name, legal_name, currency, country, plan, \
             chart_template, trn, fiscal_year_start_month, lock_date, created_at, updated_at) \
             VALUES ({id}, 'Old LLC', NULL, 'AED', 'AE', 'professional', 'none', NULL, 1, NULL, 1, 1)"
        ))
        .await
        .expect("an old company");
    settings.migrate = true;
    let server = TestApp::start(settings, folder).await;
    let rows = server
        .platform
        .db
        .connection()
        .query_all_raw(Statement::from_string(
            backend,
            format!(
                "SELECT name, probability, type FROM crm_stages WHERE company_id = {id} \
                 ORDER BY sequence"
            ),
        ))
        .await
        .expect("the stages");
    let stages: Vec<(String, i32, String)> = rows
        .iter()
        .map(|row| {
            (
                row.try_get("", "name").expect("a name"),
                row.try_get("", "probability").expect("a probability"),
                row.try_get("", "type").expect("a type"),
            )
        })
        .collect();
    let names: Vec<&str> = stages.iter().map(|(name, _, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["New", "Qualified", "Proposal", "Negotiation", "Won", "Lost"]
    );
    assert_eq!(stages[1].1, 2_500);
    assert_eq!(stages[4].2, "won");
}

#[tokio::test]
async fn stages_list_in_pipeline_order_by_default() {
    let company = TestApp::company().await;
    let listed = company.get("/api/v1/crm/stages").await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    let names: Vec<&str> = listed.body["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|stage| stage["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["New", "Qualified", "Proposal", "Negotiation", "Won", "Lost"]
    );
    // Any other order is still the caller's to ask for.
    let newest = company.get("/api/v1/crm/stages?sort=createdAt").await;
    assert_eq!(newest.status, StatusCode::OK, "{:?}", newest.body);
}

#[tokio::test]
async fn a_closed_deal_weighs_what_its_stage_says_whatever_probability_is_sent() {
    let company = TestApp::company().await;
    let stages = stages(&company).await;
    let won = deal(
        &company,
        json!({"name": "Signed", "stageId": stages["Won"]["id"], "expectedRevenue": "1000",
               "probability": "20"}),
    )
    .await;
    assert_eq!(won["state"], "won");
    assert_eq!(won["probability"], "100");
    assert_eq!(won["weightedRevenue"], "1000.00");
    let open = deal(
        &company,
        json!({"name": "Maybe", "expectedRevenue": "1000", "probability": "20"}),
    )
    .await;
    let lost = company
        .patch(
            &format!("/api/v1/crm/deals/{}", id(&open)),
            json!({"stageId": stages["Lost"]["id"], "lostReason": "Price", "probability": "20"}),
        )
        .await;
    assert_eq!(lost.status, StatusCode::OK, "{:?}", lost.body);
    assert_eq!(lost.body["probability"], "0");
    assert_eq!(lost.body["weightedRevenue"], "0.00");
}

#[tokio::test]
async fn a_deals_contact_works_for_its_client() {
    let company = TestApp::company()
        .client("Gulf Builders")
        .client("Marina Homes")
        .await;
    let builders = company.partner("Gulf Builders");
    let contact = company
        .post(
            "/api/v1/crm/contacts",
            json!({"name": "Omar Haddad", "partnerId": builders}),
        )
        .await;
    assert_eq!(contact.status, StatusCode::CREATED, "{:?}", contact.body);
    let wrong = company
        .post(
            "/api/v1/crm/deals",
            json!({"name": "Villa", "partnerId": company.partner("Marina Homes"),
                   "contactId": contact.body["id"]}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{:?}", wrong.body);
    assert_eq!(wrong.body["errors"][0]["field"], "contactId");
    let right = deal(
        &company,
        json!({"name": "Tower", "partnerId": builders, "contactId": contact.body["id"]}),
    )
    .await;
    let moved = company
        .patch(
            &format!("/api/v1/crm/deals/{}", id(&right)),
            json!({"partnerId": company.partner("Marina Homes")}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::BAD_REQUEST, "{:?}", moved.body);
    assert_eq!(moved.body["errors"][0]["field"], "contactId");
}
