//! Login backoff under parallel guesses, refresh tokens of two tabs, idempotent replays scoped to the user who
//! sent them, and who may create users and companies.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use serde_json::{Value, json};
use tower::ServiceExt;
use uuid::Uuid;

use arkan_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, Reply, TestApp, USER_PASSWORD};

/// `count` logins for `email` sent at once, each on its own task; their statuses.
#[expect(clippy::unwrap_used, reason = "a failed request fails the test loudly")]
async fn parallel_logins(
    app: &TestApp,
    email: &str,
    password: &str,
    count: usize,
) -> Vec<StatusCode> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..count {
        let router = app.router.clone();
        let body = json!({"email": email, "password": password}).to_string();
        tasks.spawn(async move {
            let request = Request::post("/api/v1/auth/login")
                .header("content-type", "application/json")
                .body(Body::from(body))
                .unwrap();
            router.oneshot(request).await.unwrap().status()
        });
    }
    tasks.join_all().await
}

/// The attempts counted for `email` since its last successful login (None: no row).
#[expect(clippy::unwrap_used, reason = "a failed query fails the test loudly")]
async fn counted_attempts(app: &TestApp, email: &str) -> Option<i64> {
    let select = Query::select()
        .column("failures")
        .from("login_throttle")
        .and_where(Expr::col("email").eq(email))
        .to_owned();
    app.platform
        .db
        .connection()
        .query_one(&select)
        .await
        .unwrap()
        .map(|row| i64::from(row.try_get::<i32>("", "failures").unwrap()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_parallel_wrong_passwords_get_five_checks_and_are_all_counted() {
    let app = TestApp::new().await;
    let statuses = parallel_logins(&app, ADMIN_EMAIL, "wrong-guess", 16).await;
    let checked = statuses
        .iter()
        .filter(|status| **status == StatusCode::UNAUTHORIZED)
        .count();
    let throttled = statuses
        .iter()
        .filter(|status| **status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(checked <= 5, "{checked} guesses were checked: {statuses:?}");
    assert_eq!(checked + throttled, 16, "{statuses:?}");
    assert_eq!(counted_attempts(&app, ADMIN_EMAIL).await, Some(16));
    // The right password waits too.
    let locked = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.code(), "login_throttled");
    assert_eq!(counted_attempts(&app, ADMIN_EMAIL).await, Some(17));

    // An unknown e-mail is counted the same way.
    let ghost = parallel_logins(&app, "ghost@arkan.test", "wrong-guess", 16).await;
    assert!(
        ghost
            .iter()
            .filter(|status| **status == StatusCode::UNAUTHORIZED)
            .count()
            <= 5,
        "{ghost:?}"
    );
    assert_eq!(counted_attempts(&app, "ghost@arkan.test").await, Some(16));
}

#[tokio::test]
async fn a_successful_login_resets_the_count() {
    let app = TestApp::new().await;
    for _ in 0..4 {
        let wrong = app.login(ADMIN_EMAIL, "wrong-guess").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(counted_attempts(&app, ADMIN_EMAIL).await, Some(4));
    assert_eq!(
        app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status,
        StatusCode::OK
    );
    assert_eq!(counted_attempts(&app, ADMIN_EMAIL).await, None);
    // Five free attempts again, then the wait.
    for _ in 0..5 {
        let wrong = app.login(ADMIN_EMAIL, "wrong-guess").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    let waits = app.login(ADMIN_EMAIL, "wrong-guess").await;
    assert_eq!(waits.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!waits.header("retry-after").is_empty());
}

/// `POST /crm/clients` with an `Idempotency-Key`.
#[expect(
    clippy::unwrap_used,
    reason = "a malformed request fails the test loudly"
)]
async fn keyed_client(app: &TestApp, token: &str, company: Uuid, key: &str, body: Value) -> Reply {
    app.send(
        Request::post("/api/v1/crm/clients")
            .header("authorization", format!("Bearer {token}"))
            .header("x-company-id", company.to_string())
            .header("idempotency-key", key)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn an_idempotency_key_belongs_to_the_user_who_sent_it() {
    let company = TestApp::company().await;
    let app = &company.app;
    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let (_, sales) = company.member("sales@arkan.test", "sales").await;
    let body = json!({"name": "Keyed Trading"});

    let first = keyed_client(app, &company.token, company.id, "K-1", body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let again = keyed_client(app, &company.token, company.id, "K-1", body.clone()).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.header("idempotent-replayed"), "true");
    assert_eq!(again.id(), first.id());

    // The viewer sending the admin's key and body is a viewer writing: refused, not replayed.
    let stolen = keyed_client(app, &viewer, company.id, "K-1", body.clone()).await;
    assert_eq!(stolen.status, StatusCode::FORBIDDEN, "{:?}", stolen.body);
    assert_eq!(stolen.code(), "role_not_allowed");
    assert!(stolen.body.get("id").is_none());

    // Another user's K-1 is their own: another body is no conflict, and it replays for them.
    let other = json!({"name": "Sales Own Client"});
    let own = keyed_client(app, &sales, company.id, "K-1", other.clone()).await;
    assert_eq!(own.status, StatusCode::CREATED, "{:?}", own.body);
    assert_ne!(own.id(), first.id());
    let replayed = keyed_client(app, &sales, company.id, "K-1", other).await;
    assert_eq!(replayed.header("idempotent-replayed"), "true");
    assert_eq!(replayed.id(), own.id());
    // ... while the admin's K-1 still answers the admin's first response.
    let admin_again = keyed_client(app, &company.token, company.id, "K-1", body).await;
    assert_eq!(admin_again.id(), first.id());

    let list = company.get("/api/v1/crm/clients").await;
    assert_eq!(list.body["meta"]["total"], 2);
}

fn company_body(name: &str) -> Value {
    json!({"name": name, "currency": "AED", "country": "AE"})
}

fn user_body(email: &str) -> Value {
    json!({"email": email, "password": USER_PASSWORD, "fullName": "New Person"})
}

#[tokio::test]
async fn only_a_platform_admin_creates_companies_unless_signup_is_open() {
    let app = TestApp::new().await;
    let admin = app.admin_token().await;
    let (_, plain) = app.user(&admin, "plain@arkan.test").await;
    let refused = app
        .post("/api/v1/companies", &plain, None, company_body("Own LLC"))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{:?}", refused.body);
    assert_eq!(refused.code(), "role_not_allowed");
    let mine = app.get("/api/v1/companies", &plain, None).await;
    assert_eq!(mine.body["meta"]["total"], 0);
    let by_admin = app
        .post("/api/v1/companies", &admin, None, company_body("Admin LLC"))
        .await;
    assert_eq!(by_admin.status, StatusCode::CREATED);

    let open = TestApp::with(|settings| settings.open_signup = true).await;
    let admin = open.admin_token().await;
    let (_, plain) = open.user(&admin, "plain@arkan.test").await;
    let created = open
        .post("/api/v1/companies", &plain, None, company_body("Own LLC"))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.body["role"], "owner");
    // Open sign-up still leaves the plan to a platform admin.
    let with_plan = open
        .post(
            "/api/v1/companies",
            &plain,
            None,
            json!({"name": "Big LLC", "currency": "AED", "country": "AE", "plan": "enterprise"}),
        )
        .await;
    assert_eq!(with_plan.status, StatusCode::FORBIDDEN);
    assert_eq!(with_plan.code(), "plan_change_forbidden");
}

#[tokio::test]
async fn users_are_created_by_a_platform_admin_or_a_company_owner_only() {
    let company = TestApp::company().await;
    let app = &company.app;
    let (_, plain) = app.user(&company.token, "plain@arkan.test").await;
    let refused = app
        .post("/api/v1/users", &plain, None, user_body("new@arkan.test"))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{:?}", refused.body);
    assert_eq!(refused.code(), "role_not_allowed");
    assert_eq!(
        app.login("new@arkan.test", USER_PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    // The plain user cannot make themselves an owner: creating a company is refused.
    let own = app
        .post(
            "/api/v1/companies",
            &plain,
            None,
            json!({"name": "Mine LLC", "currency": "AED", "country": "AE"}),
        )
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    let still = app
        .post("/api/v1/users", &plain, None, user_body("new@arkan.test"))
        .await;
    assert_eq!(still.status, StatusCode::FORBIDDEN);

    // An owner the platform admin appointed creates a user and adds them to the company.
    let (owner_id, owner) = app.user(&company.token, "owner@arkan.test").await;
    app.add_member(&company.token, company.id, owner_id, "owner")
        .await;
    let created = app
        .post(
            "/api/v1/users",
            &owner,
            None,
            user_body("colleague@arkan.test"),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let added = app
        .post(
            &format!("/api/v1/companies/{}/members", company.id),
            &owner,
            None,
            json!({"userId": created.id(), "role": "sales"}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
    let colleague = app.login("colleague@arkan.test", USER_PASSWORD).await;
    let colleague_token = colleague.body["accessToken"].as_str().expect("a token");
    assert_eq!(
        app.get("/api/v1/crm/clients", colleague_token, Some(company.id))
            .await
            .status,
        StatusCode::OK
    );
}

#[test]
fn boolean_settings_read_one_zero_true_false_yes_no() {
    use arkan_server::settings::parse_flag;
    for yes in ["1", "true", "TRUE", "yes", "Yes", "on"] {
        assert_eq!(parse_flag(yes), Ok(true), "{yes}");
    }
    for no in ["0", "false", "False", "no", "NO", "off", ""] {
        assert_eq!(parse_flag(no), Ok(false), "{no}");
    }
    assert!(parse_flag("maybe").is_err());
}

async fn refresh(app: &TestApp, token: &str) -> Reply {
    app.call(
        Method::POST,
        "/api/v1/auth/refresh",
        None,
        None,
        Some(json!({"refreshToken": token})),
    )
    .await
}

fn token(reply: &Reply, name: &str) -> String {
    reply.body[name].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn two_tabs_refreshing_at_once_get_the_same_new_pair() {
    let app = TestApp::new().await;
    let login = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let first = token(&login, "refreshToken");
    let (one, two) = tokio::join!(refresh(&app, &first), refresh(&app, &first));
    assert_eq!(one.status, StatusCode::OK, "{:?}", one.body);
    assert_eq!(two.status, StatusCode::OK, "{:?}", two.body);
    assert_eq!(token(&one, "refreshToken"), token(&two, "refreshToken"));
    assert_eq!(token(&one, "accessToken"), token(&two, "accessToken"));
    // A third try a moment later still gets that pair, and the family lives on.
    let three = refresh(&app, &first).await;
    assert_eq!(token(&three, "refreshToken"), token(&one, "refreshToken"));
    let next = refresh(&app, &token(&one, "refreshToken")).await;
    assert_eq!(next.status, StatusCode::OK, "{:?}", next.body);
    let me = app
        .get("/api/v1/auth/me", &token(&next, "accessToken"), None)
        .await;
    assert_eq!(me.status, StatusCode::OK);
}

#[tokio::test]
async fn a_reuse_after_the_grace_window_or_the_successors_use_revokes_the_family() {
    // Once the successor has been used, the old token is a reuse even within the window.
    let app = TestApp::new().await;
    let login = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let first = token(&login, "refreshToken");
    let second = token(&refresh(&app, &first).await, "refreshToken");
    let third = refresh(&app, &second).await;
    assert_eq!(third.status, StatusCode::OK);
    let replay = refresh(&app, &first).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED, "{:?}", replay.body);
    assert_eq!(replay.code(), "refresh_token_reused");
    assert_eq!(
        refresh(&app, &token(&third, "refreshToken")).await.status,
        StatusCode::UNAUTHORIZED,
        "the whole family is revoked"
    );

    // After the window, a second use is a reuse too.
    let app = TestApp::with(|settings| settings.refresh_grace_seconds = 1).await;
    let login = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let first = token(&login, "refreshToken");
    let second = refresh(&app, &first).await;
    assert_eq!(second.status, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
    let late = refresh(&app, &first).await;
    assert_eq!(late.code(), "refresh_token_reused");
    assert_eq!(
        refresh(&app, &token(&second, "refreshToken")).await.status,
        StatusCode::UNAUTHORIZED
    );
}
