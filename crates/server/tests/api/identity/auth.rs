use arkan_kernel::UserId;
use axum::http::{Method, StatusCode};
use serde_json::json;

use arkan_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp};

#[tokio::test]
async fn a_user_logs_in_refreshes_and_logs_out() {
    let app = TestApp::new().await;
    let login = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK);
    assert_eq!(login.body["expiresIn"], 3600);
    let access = login.body["accessToken"].as_str().unwrap().to_owned();
    let refresh = login.body["refreshToken"].as_str().unwrap().to_owned();

    let me = app.get("/api/v1/auth/me", &access, None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], ADMIN_EMAIL);
    assert_eq!(me.body["isPlatformAdmin"], true);

    let renewed = app
        .call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            None,
            Some(json!({"refreshToken": refresh})),
        )
        .await;
    assert_eq!(renewed.status, StatusCode::OK);
    let next_refresh = renewed.body["refreshToken"].as_str().unwrap().to_owned();
    assert_ne!(next_refresh, refresh);
    let new_access = renewed.body["accessToken"].as_str().unwrap();
    assert_eq!(
        app.get("/api/v1/auth/me", new_access, None).await.status,
        StatusCode::OK
    );

    let logout = app
        .call(
            Method::POST,
            "/api/v1/auth/logout",
            None,
            None,
            Some(json!({"refreshToken": next_refresh})),
        )
        .await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    let after = app
        .call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            None,
            Some(json!({"refreshToken": next_refresh})),
        )
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_refresh_token_used_twice_revokes_its_whole_family() {
    // Without the grace window for two tabs (identity::hardening covers it).
    let app = TestApp::with(|settings| settings.refresh_grace_seconds = 0).await;
    let login = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let first = login.body["refreshToken"].as_str().unwrap().to_owned();
    let refresh = |token: String| {
        let app = &app;
        async move {
            app.call(
                Method::POST,
                "/api/v1/auth/refresh",
                None,
                None,
                Some(json!({"refreshToken": token})),
            )
            .await
        }
    };
    let second = refresh(first.clone()).await;
    assert_eq!(second.status, StatusCode::OK);
    let second = second.body["refreshToken"].as_str().unwrap().to_owned();

    let replay = refresh(first).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert_eq!(replay.code(), "refresh_token_reused");
    // The legitimate holder's newer token died with the family.
    let newer = refresh(second).await;
    assert_eq!(newer.status, StatusCode::UNAUTHORIZED);

    // Another login is a new family and works.
    let again = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let token = again.body["refreshToken"].as_str().unwrap().to_owned();
    assert_eq!(refresh(token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn tokens_of_the_wrong_kind_or_tampered_are_refused() {
    let app = TestApp::new().await;
    let login = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let access = login.body["accessToken"].as_str().unwrap().to_owned();
    let refresh = login.body["refreshToken"].as_str().unwrap().to_owned();

    let access_as_refresh = app
        .call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            None,
            Some(json!({"refreshToken": access})),
        )
        .await;
    assert_eq!(access_as_refresh.status, StatusCode::UNAUTHORIZED);
    let refresh_as_access = app.get("/api/v1/auth/me", &refresh, None).await;
    assert_eq!(refresh_as_access.status, StatusCode::UNAUTHORIZED);

    let mut tampered = access.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let reply = app.get("/api/v1/auth/me", &tampered, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.code(), "token_invalid");

    let missing = app
        .call(Method::GET, "/api/v1/auth/me", None, None, None)
        .await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(missing.code(), "token_missing");
    assert_eq!(missing.body["statusCode"], 401);

    let me = app.get("/api/v1/auth/me", &access, None).await;
    let user = UserId(uuid::Uuid::parse_str(me.body["id"].as_str().unwrap()).unwrap());
    let two_hours_ago = chrono::Utc::now().timestamp() - 7200;
    let expired = app
        .platform
        .tokens
        .issue_access(user, two_hours_ago)
        .unwrap();
    let reply = app.get("/api/v1/auth/me", &expired, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.code(), "token_expired");
}

#[tokio::test]
async fn wrong_password_and_unknown_email_answer_alike() {
    let app = TestApp::new().await;
    let wrong = app.login(ADMIN_EMAIL, "not-the-password").await;
    let unknown = app.login("nobody@arkan.test", "not-the-password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.body, unknown.body);
}

#[tokio::test]
async fn repeated_failures_slow_down_that_email_only() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    app.user(&admin, "other@arkan.test").await;
    for _ in 0..5 {
        assert_eq!(
            app.login(ADMIN_EMAIL, "guess-guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // Even the right password waits now.
    let locked = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.code(), "login_throttled");
    assert!(!locked.header("retry-after").is_empty());
    // Another user is not affected.
    assert_eq!(
        app.login("other@arkan.test", "password-123").await.status,
        StatusCode::OK
    );
    // An unknown e-mail is throttled the same way (no account enumeration).
    for _ in 0..5 {
        app.login("ghost@arkan.test", "guess-guess").await;
    }
    assert_eq!(
        app.login("ghost@arkan.test", "guess-guess").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn users_need_valid_unique_emails_and_the_right_to_create() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let invalid = app
        .post(
            "/api/v1/users",
            &admin,
            None,
            json!({"email": "not-an-email", "password": "short", "fullName": ""}),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = invalid.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "password", "fullName"]);

    let (_, plain) = app.user(&admin, "plain@arkan.test").await;
    let duplicate = app
        .post(
            "/api/v1/users",
            &admin,
            None,
            json!({"email": "PLAIN@arkan.test", "password": "password-123", "fullName": "Again"}),
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
    assert_eq!(duplicate.code(), "email_taken");

    // A user who is no company's owner or admin may not create users.
    let refused = app
        .post(
            "/api/v1/users",
            &plain,
            None,
            json!({"email": "x@arkan.test", "password": "password-123", "fullName": "X"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Once a platform admin makes them a company's owner, they may (the guide's rule).
    let company = app.create_company(&admin, "Plain Trading").await;
    let plain_id = app.get("/api/v1/auth/me", &plain, None).await.body["id"]
        .as_str()
        .map(|id| uuid::Uuid::parse_str(id).expect("a uuid"))
        .expect("an id");
    app.add_member(&admin, company, plain_id, "owner").await;
    let allowed = app
        .post(
            "/api/v1/users",
            &plain,
            None,
            json!({"email": "x@arkan.test", "password": "password-123", "fullName": "X"}),
        )
        .await;
    assert_eq!(allowed.status, StatusCode::CREATED);
    assert_eq!(allowed.body["isPlatformAdmin"], false);
    assert!(allowed.body.get("password").is_none() && allowed.body.get("passwordHash").is_none());
}

#[tokio::test]
async fn two_concurrent_refreshes_with_one_token_cannot_both_win() {
    let app = TestApp::with(|settings| settings.refresh_grace_seconds = 0).await;
    let login = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let token = login.body["refreshToken"].as_str().unwrap().to_owned();
    let body = json!({"refreshToken": token});
    let (first, second) = tokio::join!(
        app.call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            None,
            Some(body.clone())
        ),
        app.call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            None,
            Some(body.clone())
        ),
    );
    let winners = [first.status, second.status]
        .iter()
        .filter(|status| **status == StatusCode::OK)
        .count();
    assert!(winners <= 1, "{:?} {:?}", first.status, second.status);
    assert!([first.status, second.status].contains(&StatusCode::UNAUTHORIZED));
}
