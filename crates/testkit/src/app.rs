//! One fresh database per test (a temporary SQLite file, or a new PostgreSQL schema when
//! `ARKAN_TEST_DATABASE_URL` is set), the real router, and small request helpers.

use std::path::PathBuf;

use arkan_platform::Platform;
use arkan_platform::role::Plan;
use arkan_server::app;
use arkan_server::settings::{LogFormat, Settings};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use uuid::Uuid;

pub const ADMIN_EMAIL: &str = "admin@arkan.test";
pub const ADMIN_PASSWORD: &str = "admin-password-1";
/// The password of every user made by [`TestApp::user`].
pub const USER_PASSWORD: &str = "password-123";

/// The server under test: its router, its platform (database, caches) and the settings it
/// started with.
pub struct TestApp {
    pub router: Router,
    pub platform: Platform,
    pub settings: Settings,
    /// The temporary folder of the SQLite database; removed when the app is dropped.
    pub _folder: Option<tempfile::TempDir>,
}

/// An answer: status, headers and the body as JSON (a non-JSON body is a JSON string, no body
/// is `null`).
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    /// The body as sent (a file a report was asked for as CSV or XLSX).
    pub raw: Vec<u8>,
}

impl Reply {
    /// The error code of an error answer (`""` if none).
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    /// The `id` of the body; panics without one.
    pub fn id(&self) -> Uuid {
        self.body["id"]
            .as_str()
            .and_then(|id| Uuid::parse_str(id).ok())
            .unwrap_or_else(|| panic!("an id in the body: {} {:?}", self.status, self.body))
    }
}

/// Settings for a test server: a fresh PostgreSQL schema when `ARKAN_TEST_DATABASE_URL` names
/// PostgreSQL, else SQLite in a new temporary folder (returned, so it lives as long as needed).
pub fn test_settings() -> (Settings, Option<tempfile::TempDir>) {
    let mut settings = Settings {
        bind: "127.0.0.1:0".into(),
        data_dir: PathBuf::from("."),
        database_url: None,
        admin_email: Some(ADMIN_EMAIL.into()),
        admin_password: Some(ADMIN_PASSWORD.into()),
        jwt_secret: None,
        redis_url: None,
        default_plan: Plan::Professional,
        migrate: false,
        open_signup: false,
        webhook_allow_private: false,
        refresh_grace_seconds: 10,
        metrics: arkan_platform::metrics::MetricsAccess::Off,
        log_format: LogFormat::Text,
        database_schema: None,
        rate_limit_multiplier: 1,
        read_cache_mb: 8,
        trusted_proxies: String::new(),
        insecure_fast_passwords: true,
    };
    match std::env::var("ARKAN_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            settings.database_url = Some(url);
            settings.database_schema = Some(format!("test_{}", Uuid::now_v7().simple()));
            settings.migrate = true;
            (settings, None)
        }
        _ => {
            let folder = tempfile::tempdir().expect("a temporary folder");
            settings.data_dir = folder.path().to_path_buf();
            (settings, Some(folder))
        }
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with(|_| {}).await
    }

    pub async fn with(change: impl FnOnce(&mut Settings)) -> TestApp {
        let (mut settings, folder) = test_settings();
        change(&mut settings);
        if let Some(schema) = &settings.database_schema {
            let mut admin = settings.clone();
            admin.database_schema = None;
            let db = app::connect(&admin).await.expect("PostgreSQL answers");
            sea_orm::ConnectionTrait::execute_unprepared(
                db.connection(),
                &format!("CREATE SCHEMA IF NOT EXISTS {schema}"),
            )
            .await
            .expect("a fresh schema");
        }
        Self::start(settings, folder).await
    }

    pub async fn start(settings: Settings, folder: Option<tempfile::TempDir>) -> TestApp {
        let platform = app::platform(&settings).await.expect("the platform starts");
        TestApp {
            router: app::router(platform.clone()),
            platform,
            settings,
            _folder: folder,
        }
    }

    /// A second server instance on the same database (and the same Redis, if any).
    pub async fn another_instance(&self) -> TestApp {
        let platform = app::platform(&self.settings)
            .await
            .expect("the second instance starts");
        TestApp {
            router: app::router(platform.clone()),
            platform,
            settings: self.settings.clone(),
            _folder: None,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("a response");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Reply {
            status,
            headers,
            body,
            raw: bytes.to_vec(),
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        company: Option<Uuid>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        if let Some(company) = company {
            request = request.header("x-company-id", company.to_string());
        }
        let body = match body {
            Some(body) => {
                request = request.header("content-type", "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).expect("a request")).await
    }

    pub async fn get(&self, path: &str, token: &str, company: Option<Uuid>) -> Reply {
        self.call(Method::GET, path, Some(token), company, None)
            .await
    }

    pub async fn post(&self, path: &str, token: &str, company: Option<Uuid>, body: Value) -> Reply {
        self.call(Method::POST, path, Some(token), company, Some(body))
            .await
    }

    pub async fn patch(
        &self,
        path: &str,
        token: &str,
        company: Option<Uuid>,
        body: Value,
    ) -> Reply {
        self.call(Method::PATCH, path, Some(token), company, Some(body))
            .await
    }

    pub async fn put(&self, path: &str, token: &str, company: Option<Uuid>, body: Value) -> Reply {
        self.call(Method::PUT, path, Some(token), company, Some(body))
            .await
    }

    pub async fn delete(&self, path: &str, token: &str, company: Option<Uuid>) -> Reply {
        self.call(Method::DELETE, path, Some(token), company, None)
            .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            None,
            Some(json!({"email": email, "password": password})),
        )
        .await
    }

    pub async fn admin_token(&self) -> String {
        let reply = self.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply.body["accessToken"]
            .as_str()
            .expect("a token")
            .to_owned()
    }

    /// Creates a user (password [`USER_PASSWORD`]) with the admin's token and logs in as them.
    pub async fn user(&self, admin: &str, email: &str) -> (Uuid, String) {
        let created = self
            .post(
                "/api/v1/users",
                admin,
                None,
                json!({"email": email, "password": USER_PASSWORD, "fullName": "Test User"}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        let reply = self.login(email, USER_PASSWORD).await;
        assert_eq!(reply.status, StatusCode::OK);
        (
            created.id(),
            reply.body["accessToken"]
                .as_str()
                .expect("a token")
                .to_owned(),
        )
    }

    /// Creates a company in AED in the UAE (the server's default plan and chart) and returns its
    /// id. [`TestApp::company`] is the builder for a company with more set up.
    pub async fn create_company(&self, token: &str, name: &str) -> Uuid {
        self.create_company_with(
            token,
            json!({"name": name, "currency": "AED", "country": "AE"}),
        )
        .await
    }

    /// Creates a company from a full request body; panics unless it is created.
    pub async fn create_company_with(&self, token: &str, body: Value) -> Uuid {
        let reply = self.post("/api/v1/companies", token, None, body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply.id()
    }

    /// Adds `user` to `company` with `role`; panics unless added.
    pub async fn add_member(&self, admin: &str, company: Uuid, user: Uuid, role: &str) {
        let reply = self
            .post(
                &format!("/api/v1/companies/{company}/members"),
                admin,
                None,
                json!({"userId": user, "role": role}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    }

    /// Removes `user` from `company`; panics unless removed.
    pub async fn remove_member(&self, admin: &str, company: Uuid, user: Uuid) {
        let reply = self
            .delete(
                &format!("/api/v1/companies/{company}/members/{user}"),
                admin,
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{:?}", reply.body);
    }

    /// `POST /crm/clients` as is (the answer is not checked).
    pub async fn client(&self, token: &str, company: Uuid, body: Value) -> Reply {
        self.post("/api/v1/crm/clients", token, Some(company), body)
            .await
    }
}

/// The `field` of each error of a 400 `validation_failed` body, sorted.
pub fn error_fields(body: &Value) -> Vec<String> {
    let mut fields: Vec<String> = body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|error| error["field"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    fields.sort();
    fields
}
