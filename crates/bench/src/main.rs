//! `arkan-bench ...`: re-runnable load measurements against the real router on a loopback
//! port, each on a fresh database (a temporary SQLite file, or a new PostgreSQL schema). The
//! benchmarks drive the server over HTTP and write to the books through the ledger's public
//! posting API ([`arkan_ledger::posting`]) only.

mod flows;
mod http;
mod inventory;
mod ledger;
mod list;
mod margin;
mod pipeline;
mod purchasing;
mod realtime;
mod reconciliation;
mod reports;
mod sales;
mod valuation;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use arkan_identity::api::{CreateCompany, CreateUser, LoginRequest};
use arkan_kernel::{CompanyId, UserId};
use arkan_platform::Platform;
use arkan_platform::ctx::AuthUser;
use arkan_platform::role::Plan;
use arkan_server::app;
use arkan_server::settings::Settings;
use clap::{Parser, Subcommand};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

#[derive(Parser, Debug)]
#[command(
    name = "arkan-bench",
    version,
    about = "Arkan ERP load tests: HTTP plus the ledger's public posting API"
)]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    /// On PostgreSQL: every this many seconds, vacuum and analyze the benchmark's tables that
    /// autovacuum's default thresholds would (dead rows over 50 + 20 % of the table; rows
    /// changed since the last analysis over 50 + 10 %), standing in for autovacuum where the
    /// server runs without it; 0 leaves the tables alone.
    #[arg(long, global = true, default_value_t = 1.0)]
    autovacuum_every: f64,
    #[command(subcommand)]
    scenario: Scenario,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.settings, cli.autovacuum_every, cli.scenario)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("arkan-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Subcommand, Debug)]
enum Scenario {
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
    /// posts the same entries through the ledger's posting API without HTTP.
    Posting {
        /// Concurrent clients.
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Entries each side posts.
        #[arg(long, default_value_t = 2_000)]
        entries: usize,
    },
    /// Invoices with 5 lines and VAT created and posted through the API, beside the posting
    /// API baseline.
    Invoicing {
        #[arg(long, default_value_t = 8)]
        clients: usize,
        #[arg(long, default_value_t = 1_000)]
        invoices: usize,
    },
    /// WebSocket clients in one room while the API commits client writes at a steady rate:
    /// commit-to-delivery latency and server memory per connection.
    Realtime {
        #[arg(long, default_value_t = 5_000)]
        clients: usize,
        #[arg(long, default_value_t = 100)]
        writes_per_second: u32,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// The client process's niceness (0: the same priority as the server).
        #[arg(long, default_value_t = 10)]
        client_nice: i32,
    },
    /// The client side of `realtime`, run by it as a child process.
    #[command(hide = true)]
    WsClients {
        #[arg(long)]
        url: String,
        #[arg(long)]
        count: usize,
    },
    /// Aged receivables over many open invoices.
    Aging {
        #[arg(long, default_value_t = 100_000)]
        invoices: usize,
        #[arg(long, default_value_t = 20)]
        requests: usize,
    },
    /// The CRM pipeline report over many deals loaded through the crm facade.
    Pipeline {
        #[arg(long, default_value_t = 100_000)]
        deals: usize,
        #[arg(long, default_value_t = 50)]
        requests: usize,
    },
    /// The financial reports over three years of posted lines (sales with VAT to 1,000
    /// clients, purchases, receipts and payments).
    Reports {
        /// Posted lines seeded (in 4-line entries over 2024-2026).
        #[arg(long, default_value_t = 1_000_000)]
        lines: usize,
        /// Requests per report.
        #[arg(long, default_value_t = 30)]
        requests: usize,
    },
    /// Bank reconciliation: a CSV statement imported, then its suggestions, against open
    /// customer invoices seeded through the API.
    Reconciliation {
        /// Statement lines (nine in ten pay a seeded invoice).
        #[arg(long, default_value_t = 10_000)]
        lines: usize,
        /// Open invoices seeded (over 1,000 clients, as in `aging`).
        #[arg(long, default_value_t = 10_000)]
        items: usize,
    },
    /// Stock moves done through the API by N clients on a few products (hot quants), beside
    /// the same moves through the inventory's moves facade; then the product list with stock
    /// levels over many products and done moves.
    Inventory {
        /// Concurrent clients doing moves.
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Moves each side does (0: no moves run).
        #[arg(long, default_value_t = 4_000)]
        moves: usize,
        /// Products loaded for the list (0: no list run).
        #[arg(long, default_value_t = 100_000)]
        products: usize,
        /// Done moves loaded over them, with their stock levels.
        #[arg(long, default_value_t = 1_000_000)]
        stock_moves: usize,
        /// Concurrent keep-alive connections on the list.
        #[arg(long, default_value_t = 8)]
        connections: usize,
        /// Seconds each list request is driven.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// The valuation report as of a date over many products and valuation layers; then
    /// receipts and deliveries valued and posted through the API, beside as many moves of
    /// consumable products (not valued).
    Valuation {
        /// Concurrent clients doing moves.
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Moves each side does (0: no moves run).
        #[arg(long, default_value_t = 4_000)]
        moves: usize,
        /// Products loaded for the report (0: no report run).
        #[arg(long, default_value_t = 100_000)]
        products: usize,
        /// Valuation layers loaded over them, with their valuations.
        #[arg(long, default_value_t = 1_000_000)]
        layers: usize,
        /// Seconds each report request is driven.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
    /// The procure-to-pay flow through the API by concurrent clients: a purchase order of three
    /// lines created, confirmed, received (valued and posted), billed from the order and the
    /// bill posted.
    Purchasing {
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Whole flows done (five requests each).
        #[arg(long, default_value_t = 1_000)]
        flows: usize,
    },
    /// The order-to-invoice flow through the API by concurrent clients: a sales order of three
    /// lines created, confirmed (its delivery made), delivered (valued, its cost of goods sold
    /// posted), invoiced from the order and the invoice posted.
    Sales {
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Whole flows done (five requests each).
        #[arg(long, default_value_t = 1_000)]
        flows: usize,
    },
    /// The invoice margin report over many invoices' margin rows loaded through the sales
    /// facade, grouped by product, partner and salesperson.
    Margin {
        /// Invoices loaded (dated over 2026).
        #[arg(long, default_value_t = 100_000)]
        invoices: usize,
        /// Margin rows (invoice lines) per invoice.
        #[arg(long, default_value_t = 2)]
        lines: usize,
        /// Products the lines sell.
        #[arg(long, default_value_t = 2_000)]
        products: usize,
        /// Seconds each grouping is driven.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
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

async fn run(settings: Settings, autovacuum_every: f64, scenario: Scenario) -> Result<(), String> {
    if let Scenario::WsClients { url, count } = &scenario {
        return realtime::clients(url, *count).await;
    }
    let bench = Bench::start(settings, autovacuum_every).await?;
    let outcome = match scenario {
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
        Scenario::Pipeline { deals, requests } => pipeline::run(&bench, deals, requests).await,
        Scenario::Reports { lines, requests } => reports::run(&bench, lines, requests).await,
        Scenario::Reconciliation { lines, items } => {
            reconciliation::run(&bench, lines, items).await
        }
        Scenario::Inventory {
            clients,
            moves,
            products,
            stock_moves,
            connections,
            seconds,
        } => {
            let options = inventory::Options {
                clients,
                moves,
                products,
                stock_moves,
                connections,
                seconds,
            };
            inventory::run(&bench, options).await
        }
        Scenario::Valuation {
            clients,
            moves,
            products,
            layers,
            seconds,
        } => {
            let options = valuation::Options {
                clients,
                moves,
                products,
                layers,
                seconds,
            };
            valuation::run(&bench, options).await
        }
        Scenario::Purchasing { clients, flows } => {
            purchasing::run(&bench, purchasing::Options { clients, flows }).await
        }
        Scenario::Sales { clients, flows } => {
            sales::run(&bench, sales::Options { clients, flows }).await
        }
        Scenario::Margin {
            invoices,
            lines,
            products,
            seconds,
        } => {
            let options = margin::Options {
                invoices,
                lines,
                products,
                seconds,
            };
            margin::run(&bench, options).await
        }
        Scenario::Realtime {
            clients,
            writes_per_second,
            seconds,
            client_nice,
        } => realtime::run(&bench, clients, writes_per_second, seconds, client_nice).await,
        Scenario::WsClients { .. } => Ok(()),
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
    /// What the stand-in for autovacuum did (PostgreSQL), printed at the end.
    kept: Option<Arc<Maintenance>>,
}

impl Bench {
    async fn start(mut settings: Settings, autovacuum_every: f64) -> Result<Bench, String> {
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
        let user = arkan_identity::service::create_user(
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
        let company = arkan_identity::service::create_company(
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
        let token = arkan_identity::service::login(
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
        tokio::spawn(app::serve(listener, router, std::future::pending()));
        let kept = if settings.is_sqlite() || autovacuum_every <= 0.0 {
            None
        } else {
            let maintenance = Arc::new(Maintenance::default());
            let db = app::connect(&settings).await?;
            tokio::spawn(keep_tables(
                db,
                std::time::Duration::from_secs_f64(autovacuum_every),
                maintenance.clone(),
            ));
            Some(maintenance)
        };
        Ok(Bench {
            platform,
            address,
            backend,
            token,
            company: CompanyId(company.id),
            user: UserId(user.id),
            temporary,
            kept,
        })
    }

    fn finish(self) {
        if let Some(kept) = &self.kept {
            println!(
                "stand-in for autovacuum: {} vacuums, {} analyses of the benchmark's tables",
                kept.vacuums.load(Ordering::Relaxed),
                kept.analyses.load(Ordering::Relaxed)
            );
        }
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

/// What [`keep_tables`] did.
#[derive(Default)]
struct Maintenance {
    vacuums: AtomicUsize,
    analyses: AtomicUsize,
}

/// Autovacuum's default rules for the tables of the benchmark's schema, checked every `every`
/// instead of every minute (a run lasts seconds). The machine this project is measured on runs
/// PostgreSQL with autovacuum off (a CI setting), so without this no table is ever analyzed:
/// the plans the server's connections prepare while the tables are nearly empty (a scan of all
/// of a company's rows for a lookup by key, say) stay with them for the whole run, and every
/// figure falls as the history grows. A deployment runs autovacuum, whose analyses replace
/// such plans.
async fn keep_tables(
    db: arkan_platform::db::Db,
    every: std::time::Duration,
    done: Arc<Maintenance>,
) {
    const DUE: &str = "SELECT relname, due_vacuum FROM (SELECT s.relname, \
         s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0) AS due_vacuum, \
         s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0) AS due_analyze \
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid \
         WHERE s.schemaname = current_schema()) AS tables WHERE due_vacuum OR due_analyze";
    let connection = db.connection();
    loop {
        tokio::time::sleep(every).await;
        let rows = match connection
            .query_all_raw(sea_orm::Statement::from_string(
                sea_orm::DatabaseBackend::Postgres,
                DUE,
            ))
            .await
        {
            Ok(rows) => rows,
            Err(error) => {
                eprintln!("stand-in for autovacuum stopped: {error}");
                return;
            }
        };
        for row in rows {
            let (Ok(table), Ok(vacuum)) = (
                row.try_get::<String>("", "relname"),
                row.try_get::<bool>("", "due_vacuum"),
            ) else {
                continue;
            };
            let (command, counter) = if vacuum {
                ("VACUUM (ANALYZE)", &done.vacuums)
            } else {
                ("ANALYZE", &done.analyses)
            };
            if connection
                .execute_unprepared(&format!("{command} \"{table}\""))
                .await
                .is_ok()
            {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}
