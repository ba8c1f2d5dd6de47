//! `TestApp::company()`: a fresh server with one company set up through the API, and the
//! [`Company`] handle every module's tests drive it with.

use std::collections::HashMap;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Mutex;

use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::app::{Reply, TestApp};

/// A company to set up: built with the methods below, then awaited (or [`NewCompany::open`]ed).
#[must_use = "a company is only created when awaited"]
pub struct NewCompany {
    body: Value,
    chart: bool,
    partners: Vec<(&'static str, Value)>,
}

impl TestApp {
    /// A fresh server (its own database) and a company owned by the platform admin: by default
    /// "Test LLC", AED, in the UAE, on the server's default plan, as
    /// [`TestApp::create_company`] makes it.
    pub fn company() -> NewCompany {
        NewCompany {
            body: json!({"name": "Test LLC", "currency": "AED", "country": "AE"}),
            chart: false,
            partners: Vec::new(),
        }
    }
}

impl NewCompany {
    pub fn named(mut self, name: &str) -> Self {
        self.body["name"] = json!(name);
        self
    }

    /// The company's currency (ISO 4217), e.g. `KWD` for three decimals.
    pub fn currency(mut self, code: &str) -> Self {
        self.body["currency"] = json!(code);
        self
    }

    /// `free`, `professional` or `enterprise` (the admin may set any).
    pub fn plan(mut self, plan: &str) -> Self {
        self.body["plan"] = json!(plan);
        self
    }

    /// The company's tax registration number (a UAE tax invoice needs one).
    pub fn trn(mut self, trn: &str) -> Self {
        self.body["trn"] = json!(trn);
        self
    }

    /// The UAE chart of accounts, journals and VAT taxes, looked up once set up so that
    /// [`Company::account`], [`Company::journal`] and [`Company::tax`] answer without a request.
    pub fn with_uae_chart(mut self) -> Self {
        self.body["country"] = json!("AE");
        self.body["chartTemplate"] = json!("uae");
        self.chart = true;
        self
    }

    /// A client named `name`, created once the company is; its id is [`Company::partner`].
    pub fn client(self, name: &str) -> Self {
        self.client_with(json!({ "name": name }))
    }

    /// A client from a full `POST /crm/clients` body (with at least a `name`).
    pub fn client_with(mut self, body: Value) -> Self {
        self.partners.push((CLIENTS, body));
        self
    }

    /// A vendor named `name`, created once the company is; its id is [`Company::partner`].
    pub fn vendor(self, name: &str) -> Self {
        self.vendor_with(json!({ "name": name }))
    }

    /// A vendor from a full `POST /crm/vendors` body (with at least a `name`).
    pub fn vendor_with(mut self, body: Value) -> Self {
        self.partners.push((VENDORS, body));
        self
    }

    /// Starts the server and sets the company up, in the order the builder was called.
    pub async fn open(self) -> Company {
        let app = TestApp::new().await;
        let token = app.admin_token().await;
        let id = app.create_company_with(&token, self.body).await;
        let mut company = Company {
            app,
            token,
            id,
            accounts: HashMap::new(),
            journals: HashMap::new(),
            taxes: HashMap::new(),
            partners: Mutex::new(HashMap::new()),
        };
        if self.chart {
            company.accounts = company
                .lookup(
                    "/api/v1/accounting/accounts?limit=100&sort=code&order=asc",
                    "code",
                )
                .await;
            company.journals = company
                .lookup("/api/v1/accounting/journals?limit=100", "code")
                .await;
            company.taxes = company
                .lookup("/api/v1/accounting/taxes?limit=100", "name")
                .await;
        }
        for (path, body) in self.partners {
            company.partner_with(path, body).await;
        }
        company
    }
}

impl IntoFuture for NewCompany {
    type Output = Company;
    type IntoFuture = Pin<Box<dyn Future<Output = Company> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.open())
    }
}

const CLIENTS: &str = "/api/v1/crm/clients";
const VENDORS: &str = "/api/v1/crm/vendors";

/// A company set up on its own server, seen by its owner (the platform admin). Every request
/// carries the owner's token and the company's `X-Company-Id`.
pub struct Company {
    pub app: TestApp,
    /// The owner's (the platform admin's) access token.
    pub token: String,
    pub id: Uuid,
    /// Account ids by code (set up [`NewCompany::with_uae_chart`]).
    pub accounts: HashMap<String, Uuid>,
    /// Journal ids by code (set up [`NewCompany::with_uae_chart`]).
    pub journals: HashMap<String, Uuid>,
    /// Tax ids by name (set up [`NewCompany::with_uae_chart`]).
    pub taxes: HashMap<String, Uuid>,
    partners: Mutex<HashMap<String, Uuid>>,
}

/// Requests as the owner, in the company.
impl Company {
    pub async fn get(&self, path: &str) -> Reply {
        self.app.get(path, &self.token, Some(self.id)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.app.post(path, &self.token, Some(self.id), body).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.app.patch(path, &self.token, Some(self.id), body).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.app.put(path, &self.token, Some(self.id), body).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.app.delete(path, &self.token, Some(self.id)).await
    }

    /// `PATCH /companies/:id` (its name, TRN, lock date, ...).
    pub async fn update(&self, body: Value) -> Reply {
        self.app
            .patch(
                &format!("/api/v1/companies/{}", self.id),
                &self.token,
                None,
                body,
            )
            .await
    }

    /// Another company of the same owner on the same server (AED, UAE, default chart).
    pub async fn another_company(&self, name: &str) -> Uuid {
        self.app.create_company(&self.token, name).await
    }

    /// A new user who is a member of the company with `role`: their id and access token.
    pub async fn member(&self, email: &str, role: &str) -> (Uuid, String) {
        let (user, token) = self.app.user(&self.token, email).await;
        self.app.add_member(&self.token, self.id, user, role).await;
        (user, token)
    }

    /// Ids by `key` of every row of a list (one page).
    async fn lookup(&self, path: &str, key: &str) -> HashMap<String, Uuid> {
        let reply = self.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
        reply.body["data"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|row| {
                (
                    row[key].as_str().expect("a key").to_owned(),
                    Uuid::parse_str(row["id"].as_str().expect("an id")).expect("a uuid"),
                )
            })
            .collect()
    }
}

/// Look-ups of what the chart and the builder set up.
impl Company {
    pub fn account(&self, code: &str) -> Uuid {
        *self
            .accounts
            .get(code)
            .unwrap_or_else(|| panic!("no account {code}: is the company built .with_uae_chart()?"))
    }

    pub fn journal(&self, code: &str) -> Uuid {
        *self
            .journals
            .get(code)
            .unwrap_or_else(|| panic!("no journal {code}: is the company built .with_uae_chart()?"))
    }

    pub fn tax(&self, name: &str) -> Uuid {
        *self
            .taxes
            .get(name)
            .unwrap_or_else(|| panic!("no tax {name}: is the company built .with_uae_chart()?"))
    }

    /// The id of a client or vendor made by the builder or by [`Company::client`] and
    /// [`Company::vendor`], by name.
    pub fn partner(&self, name: &str) -> Uuid {
        *self
            .partners
            .lock()
            .expect("the partners")
            .get(name)
            .unwrap_or_else(|| panic!("no partner {name} was made"))
    }
}

/// Partners (crm).
impl Company {
    /// A new client named `name`; panics unless created.
    pub async fn client(&self, name: &str) -> Uuid {
        self.partner_with(CLIENTS, json!({ "name": name })).await
    }

    /// A new vendor named `name`; panics unless created.
    pub async fn vendor(&self, name: &str) -> Uuid {
        self.partner_with(VENDORS, json!({ "name": name })).await
    }

    async fn partner_with(&self, path: &str, body: Value) -> Uuid {
        let name = body["name"].as_str().unwrap_or_default().to_owned();
        let reply = self.post(path, body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        let id = reply.id();
        self.partners.lock().expect("the partners").insert(name, id);
        id
    }
}
