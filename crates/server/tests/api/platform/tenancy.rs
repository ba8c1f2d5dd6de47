use axum::http::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use arkan_testkit::TestApp;

#[tokio::test]
async fn the_company_header_is_required_well_formed_and_a_membership() {
    let app = TestApp::with(|settings| settings.open_signup = true).await;
    let admin = app.admin_token().await;
    let (_, outsider) = app.user(&admin, "outsider@arkan.test").await;
    let (_, owner) = app.user(&admin, "owner@arkan.test").await;
    let company = app.create_company(&owner, "Gulf Trading LLC").await;

    let missing = app.get("/api/v1/crm/clients", &owner, None).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.code(), "company_header_missing");

    let malformed = app
        .send(
            axum::http::Request::get("/api/v1/crm/clients")
                .header("authorization", format!("Bearer {owner}"))
                .header("x-company-id", "not-a-uuid")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.code(), "company_header_invalid");

    let foreign = app
        .get("/api/v1/crm/clients", &outsider, Some(company))
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert_eq!(foreign.code(), "not_a_member");

    let unknown = app
        .get("/api/v1/crm/clients", &owner, Some(Uuid::now_v7()))
        .await;
    assert_eq!(unknown.status, StatusCode::FORBIDDEN);

    let anonymous = app
        .call(
            Method::GET,
            "/api/v1/crm/clients",
            None,
            Some(company),
            None,
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    assert_eq!(
        app.get("/api/v1/crm/clients", &owner, Some(company))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn two_companies_and_two_users_never_see_each_others_partners() {
    let app = TestApp::with(|settings| settings.open_signup = true).await;
    let admin = app.admin_token().await;
    let (_, alice) = app.user(&admin, "alice@arkan.test").await;
    let (_, bob) = app.user(&admin, "bob@arkan.test").await;
    let alpha = app.create_company(&alice, "Alpha Trading").await;
    let beta = app.create_company(&bob, "Beta Contracting").await;

    let alpha_client = app
        .client(&alice, alpha, json!({"name": "Alpha's client"}))
        .await
        .id();
    let beta_client = app
        .client(&bob, beta, json!({"name": "Beta's client"}))
        .await
        .id();

    let alpha_list = app.get("/api/v1/crm/clients", &alice, Some(alpha)).await;
    assert_eq!(alpha_list.body["meta"]["total"], 1);
    assert_eq!(alpha_list.body["data"][0]["name"], "Alpha's client");

    // Another company's id answers 404, through reads and writes, never revealing it exists.
    let read = app
        .get(
            &format!("/api/v1/crm/clients/{beta_client}"),
            &alice,
            Some(alpha),
        )
        .await;
    assert_eq!(read.status, StatusCode::NOT_FOUND);
    let write = app
        .patch(
            &format!("/api/v1/crm/clients/{beta_client}"),
            &alice,
            Some(alpha),
            json!({"name": "Stolen"}),
        )
        .await;
    assert_eq!(write.status, StatusCode::NOT_FOUND);
    let untouched = app
        .get(
            &format!("/api/v1/crm/clients/{beta_client}"),
            &bob,
            Some(beta),
        )
        .await;
    assert_eq!(untouched.body["name"], "Beta's client");

    // A contact cannot point at another company's partner: the composite key refuses it.
    let contact = app
        .post(
            "/api/v1/crm/contacts",
            &alice,
            Some(alpha),
            json!({"name": "Spy", "partnerId": beta_client}),
        )
        .await;
    assert_eq!(contact.status, StatusCode::BAD_REQUEST);
    assert_eq!(contact.body["errors"][0]["field"], "partnerId");
    let own = app
        .post(
            "/api/v1/crm/contacts",
            &alice,
            Some(alpha),
            json!({"name": "Buyer", "partnerId": alpha_client}),
        )
        .await;
    assert_eq!(own.status, StatusCode::CREATED);

    // Bob cannot read Alpha's company record either.
    assert_eq!(
        app.get(&format!("/api/v1/companies/{alpha}"), &bob, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let bobs_companies = app.get("/api/v1/companies", &bob, None).await;
    assert_eq!(bobs_companies.body["meta"]["total"], 1);
    assert_eq!(bobs_companies.body["data"][0]["role"], "owner");
}

#[tokio::test]
async fn a_viewer_reads_everything_and_writes_nothing() {
    let app = TestApp::with(|settings| settings.open_signup = true).await;
    let admin = app.admin_token().await;
    let (_, owner) = app.user(&admin, "owner@arkan.test").await;
    let (viewer_id, viewer) = app.user(&admin, "viewer@arkan.test").await;
    let (hr_id, hr) = app.user(&admin, "hr@arkan.test").await;
    let company = app.create_company(&owner, "Roles LLC").await;
    for (user, role) in [(viewer_id, "viewer"), (hr_id, "hr")] {
        let added = app
            .post(
                &format!("/api/v1/companies/{company}/members"),
                &owner,
                None,
                json!({"userId": user, "role": role}),
            )
            .await;
        assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
        assert_eq!(added.body["role"], role);
    }
    let client = app
        .client(&owner, company, json!({"name": "Visible"}))
        .await
        .id();

    assert_eq!(
        app.get("/api/v1/crm/clients", &viewer, Some(company))
            .await
            .body["meta"]["total"],
        1
    );
    assert_eq!(
        app.get(
            &format!("/api/v1/crm/clients/{client}"),
            &viewer,
            Some(company)
        )
        .await
        .status,
        StatusCode::OK
    );
    for token in [&viewer, &hr] {
        let create = app
            .client(token, company, json!({"name": "Not allowed"}))
            .await;
        assert_eq!(create.status, StatusCode::FORBIDDEN);
        assert_eq!(create.code(), "role_not_allowed");
        let update = app
            .patch(
                &format!("/api/v1/crm/clients/{client}"),
                token,
                Some(company),
                json!({"name": "Changed"}),
            )
            .await;
        assert_eq!(update.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        app.get("/api/v1/crm/clients", &owner, Some(company))
            .await
            .body["meta"]["total"],
        1
    );
    // A viewer may not manage members or company settings.
    let patch = app
        .patch(
            &format!("/api/v1/companies/{company}"),
            &viewer,
            None,
            json!({"name": "Mine"}),
        )
        .await;
    assert_eq!(patch.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn members_are_managed_by_owners_and_a_company_keeps_an_owner() {
    let app = TestApp::with(|settings| settings.open_signup = true).await;
    let admin = app.admin_token().await;
    let (owner_id, owner) = app.user(&admin, "owner@arkan.test").await;
    let (admin_user_id, company_admin) = app.user(&admin, "boss@arkan.test").await;
    let company = app.create_company(&owner, "Members LLC").await;
    let members = format!("/api/v1/companies/{company}/members");

    app.post(
        &members,
        &owner,
        None,
        json!({"userId": admin_user_id, "role": "admin"}),
    )
    .await;
    let again = app
        .post(
            &members,
            &owner,
            None,
            json!({"userId": admin_user_id, "role": "sales"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let unknown_role = app
        .post(
            &members,
            &owner,
            None,
            json!({"userId": admin_user_id, "role": "king"}),
        )
        .await;
    assert_eq!(unknown_role.status, StatusCode::BAD_REQUEST);
    let ghost = app
        .post(
            &members,
            &owner,
            None,
            json!({"userId": Uuid::now_v7(), "role": "sales"}),
        )
        .await;
    assert_eq!(ghost.status, StatusCode::BAD_REQUEST);

    // An admin may not hand out ownership or remove the owner.
    let promote = app
        .patch(
            &format!("{members}/{admin_user_id}"),
            &company_admin,
            None,
            json!({"role": "owner"}),
        )
        .await;
    assert_eq!(promote.status, StatusCode::FORBIDDEN);
    let remove_owner = app
        .call(
            Method::DELETE,
            &format!("{members}/{owner_id}"),
            Some(&company_admin),
            None,
            None,
        )
        .await;
    assert_eq!(remove_owner.status, StatusCode::FORBIDDEN);

    // The only owner can neither leave nor step down.
    let step_down = app
        .patch(
            &format!("{members}/{owner_id}"),
            &owner,
            None,
            json!({"role": "admin"}),
        )
        .await;
    assert_eq!(step_down.status, StatusCode::CONFLICT);
    assert_eq!(step_down.code(), "last_owner");
    let leave = app
        .call(
            Method::DELETE,
            &format!("{members}/{owner_id}"),
            Some(&owner),
            None,
            None,
        )
        .await;
    assert_eq!(leave.status, StatusCode::CONFLICT);

    let list = app.get(&members, &company_admin, None).await;
    assert_eq!(list.body["meta"]["total"], 2);
    let removed = app
        .call(
            Method::DELETE,
            &format!("{members}/{admin_user_id}"),
            Some(&owner),
            None,
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/crm/clients", &company_admin, Some(company))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}
