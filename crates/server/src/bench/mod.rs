//! `arkan bench ...`: re-runnable load measurements against the real router on a loopback
//! port, each on a fresh database (a temporary SQLite file, or a new PostgreSQL schema).

mod http;
mod ledger;
mod list;

use arkan_kernel::{CompanyId, UserId};
use arkan_platform::Platform;
use arkan_platform::identity;
use arkan_platform::identity::api::{CreateCompany, CreateUser, LoginRequest};
use arkan_platform::role::Plan;
use arkan_platform::tenancy::AuthUser;
use clap::{Args, Subcommand};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::app;
use crate::settings::Settings;

#[derive(Args, Debug)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub scenario: Scenario,
}

#[derive(Subcommand, Debug)]
pub enum Scenario {
    /// The client list against the health endpoint.
    List {
        /// Clients seeded in the benchmark company.
        #[arg(long, default_value_t = 100_000)]
        clients: usize,
        /// Concurrent keep-alive connections.
        #[arg(long, default_value_t = 32)]
        connections: usize,
        /// Seconds each endpoint is driven.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Clients created per second through the API during a last run of the list (0: no
        /// such run).
        #[arg(long, default_value_t = 10)]
        writes_per_second: u32,
    },
    /// Balanced 4-line entries created and posted through the API, beside a baseline that
    /// writes the same rows with the same guarantees straight through the store.
    Posting {
        /// Concurrent clients.
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Entries each side posts.
        #[arg(long, default_value_t = 2_000)]
        entries: usize,
    },
    /// Invoices with 5 lines and VAT created and posted through the API, beside the store
    /// posting baseline.
    Invoicing {
        #[arg(long, default_value_t = 8)]
        clients: usize,
        #[arg(long, default_value_t = 1_000)]
        invoices: usize,
    },
    /// Aged receivables over many open invoices.
    Aging {
        #[arg(long, default_value_t = 100_000)]
        invoices: usize,
        #[arg(long, default_value_t = 20)]
        requests: usize,
    },
    /// Trial balance over a year of posted lines.
    TrialBalance {
        /// Posted lines seeded (in 4-line entries over one year).
        #[arg(long, default_value_t = 1_000_000)]
        lines: usize,
        /// Trial balances requested.
        #[arg(long, default_value_t = 50)]
        requests: usize,
    },
}

pub async fn run(settings: Settings, args: BenchArgs) -> Result<(), String> {
    let bench = Bench::start(settings).await?;
    let outcome = match args.scenario {
        Scenario::List {
            clients,
            connections,
            seconds,
            writes_per_second,
        } => list::run(&bench, clients, connections, seconds, writes_per_second).await,
        Scenario::Posting { clients, entries } => ledger::posting(&bench, clients, entries).await,
        Scenario::TrialBalance { lines, requests } => {
            ledger::trial_balance(&bench, lines, requests).await
        }
        Scenario::Invoicing { clients, invoices } => {
            ledger::invoicing(&bench, clients, invoices).await
        }
        Scenario::Aging { invoices, requests } => ledger::aging(&bench, invoices, requests).await,
    };
    bench.finish();
    outcome
}

/// A running server on a fresh database, with a user who owns one enterprise company.
pub struct Bench {
    pub platform: Platform,
    pub address: std::net::SocketAddr,
    pub backend: &'static str,
    pub token: String,
    pub company: CompanyId,
    pub user: UserId,
    temporary: Option<std::path::PathBuf>,
}

impl Bench {
    async fn start(mut settings: Settings) -> Result<Bench, String> {
        let temporary = if settings.database_url.is_none() {
            let folder = std::env::temp_dir().join(format!("arkan-bench-{}", Uuid::now_v7()));
            settings.data_dir = folder.clone();
            Some(folder)
        } else {
            let schema = format!("bench_{}", Uuid::now_v7().simple());
            let db = app::connect(&settings).await?;
            db.connection()
                .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
                .await
                .map_err(|error| error.to_string())?;
            settings.database_schema = Some(schema);
            settings.migrate = true;
            None
        };
        settings.insecure_fast_passwords = true;
        // Exercise the limiter without letting it refuse the load.
        settings.rate_limit_multiplier = 100_000;
        let platform = app::platform(&settings).await?;
        let backend = if settings.is_sqlite() {
            "SQLite"
        } else {
            "PostgreSQL"
        };
        let error = |error: arkan_platform::ApiError| error.to_string();
        let user = identity::service::create_user(
            &platform,
            None,
            CreateUser {
                email: "bench@arkan.test".into(),
                password: "bench-password".into(),
                full_name: "Bench".into(),
            },
            true,
        )
        .await
        .map_err(error)?;
        let actor = AuthUser {
            id: UserId(user.id),
            is_platform_admin: true,
        };
        let company = identity::service::create_company(
            &platform,
            actor,
            CreateCompany {
                name: "Bench Trading LLC".into(),
                legal_name: None,
                currency: "AED".into(),
                country: "AE".into(),
                plan: Some(Plan::Enterprise),
                chart_template: None,
                trn: Some("100123456700003".into()),
                fiscal_year_start_month: None,
            },
        )
        .await
        .map_err(error)?;
        let token = identity::service::login(
            &platform,
            LoginRequest {
                email: "bench@arkan.test".into(),
                password: "bench-password".into(),
            },
        )
        .await
        .map_err(error)?
        .access_token;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|error| error.to_string())?;
        let address = listener.local_addr().map_err(|error| error.to_string())?;
        let router = app::router(platform.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Ok(Bench {
            platform,
            address,
            backend,
            token,
            company: CompanyId(company.id),
            user: UserId(user.id),
            temporary,
        })
    }

    fn finish(self) {
        if let Some(folder) = self.temporary {
            let _ = std::fs::remove_dir_all(folder);
        }
    }

    /// The request context of the benchmark user in the benchmark company.
    pub fn ctx(&self) -> arkan_platform::Ctx {
        arkan_platform::Ctx {
            user: self.user,
            company: self.company,
            role: arkan_platform::role::Role::Owner,
            plan: Plan::Enterprise,
            currency: arkan_kernel::Currency::from_code("AED")
                .unwrap_or(arkan_kernel::currency::CURRENCIES[0]),
            versions: None,
        }
    }
}
