use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;

use arkan_testkit::TestApp;

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_the_error_format() {
    let app = TestApp::new().await;
    let missing = app
        .call(Method::GET, "/api/v1/nothing-here", None, None, None)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.body["statusCode"], 404);
    assert_eq!(missing.code(), "route_not_found");

    let wrong_method = app
        .call(Method::PUT, "/api/v1/auth/login", None, None, None)
        .await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.body["statusCode"], 405);
}

#[tokio::test]
async fn malformed_bodies_are_400s_naming_the_problem() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Errors LLC").await;
    let raw = |body: &'static str| {
        Request::post("/api/v1/crm/clients")
            .header("authorization", format!("Bearer {admin}"))
            .header("x-company-id", company.to_string())
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap()
    };
    let broken = app.send(raw("{\"name\": ")).await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert_eq!(broken.code(), "malformed_json");

    let wrong_type = app.send(raw("{\"name\": 42}")).await;
    assert_eq!(wrong_type.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong_type.body["errors"][0]["field"], "name");

    let nested = app
        .send(raw("{\"name\": \"X\", \"address\": {\"city\": []}}"))
        .await;
    assert_eq!(nested.body["errors"][0]["field"], "address.city");

    let unknown = app.send(raw("{\"name\": \"X\", \"nmae\": \"typo\"}")).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nmae")
    );

    let empty = app.send(raw("")).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);

    let bad_id = app
        .get("/api/v1/crm/clients/not-a-uuid", &admin, Some(company))
        .await;
    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.get("/api/v1/crm/clients", &admin, Some(company))
            .await
            .body["meta"]["total"],
        0
    );
}

#[tokio::test]
async fn a_twenty_megabyte_body_is_refused_with_413() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let company = app.create_company(&admin, "Big LLC").await;
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(20 * 1024 * 1024));
    let reply = app
        .send(
            Request::post("/api/v1/crm/clients")
                .header("authorization", format!("Bearer {admin}"))
                .header("x-company-id", company.to_string())
                .header("content-type", "application/json")
                .body(Body::from(huge))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.body["statusCode"], 413);
    assert_eq!(
        app.get("/api/v1/crm/clients", &admin, Some(company))
            .await
            .body["meta"]["total"],
        0
    );
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::new().await;
    let generated = app.call(Method::GET, "/healthz", None, None, None).await;
    assert_eq!(generated.status, StatusCode::OK);
    assert_eq!(generated.header("x-request-id").len(), 36);
    let echoed = app
        .send(
            Request::get("/api/v1/nowhere")
                .header("x-request-id", "client-chosen-42")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(echoed.header("x-request-id"), "client-chosen-42");
    let login = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            None,
            Some(json!({"email": 1})),
        )
        .await;
    assert_eq!(login.status, StatusCode::BAD_REQUEST);
    assert!(!login.header("x-request-id").is_empty());
}
