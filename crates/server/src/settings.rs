//! Settings: every one is a flag of `arkan` and an environment variable.

use std::path::PathBuf;

use arkan_platform::metrics::MetricsAccess;
use arkan_platform::role::Plan;
use clap::{Args, ValueEnum};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Debug, Args)]
pub struct Settings {
    /// Listen address.
    #[arg(
        long,
        env = "ARKAN_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,
    /// Where the embedded database lives.
    #[arg(long, env = "ARKAN_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// `postgres://...` for PostgreSQL; default: the SQLite file `<data dir>/arkan.db`.
    #[arg(long, env = "ARKAN_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// On a database with no users, create this platform admin at start.
    #[arg(long, env = "ARKAN_ADMIN_EMAIL", global = true)]
    pub admin_email: Option<String>,
    #[arg(
        long,
        env = "ARKAN_ADMIN_PASSWORD",
        global = true,
        hide_env_values = true
    )]
    pub admin_password: Option<String>,
    /// HS256 secret for access tokens; generated once and stored in the database when absent.
    #[arg(long, env = "ARKAN_JWT_SECRET", global = true, hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Redis for rate limits and read-cache stamps shared by every instance.
    #[arg(long, env = "ARKAN_REDIS_URL", global = true)]
    pub redis_url: Option<String>,
    /// Memory for list pages kept between writes, in MiB; 0 turns the read cache off. With
    /// `ARKAN_REDIS_URL` its version stamps are shared by every instance.
    #[arg(long, env = "ARKAN_READ_CACHE_MB", default_value_t = 64, global = true)]
    pub read_cache_mb: usize,
    /// Load balancers whose `X-Forwarded-For` names the client, for per-address rate limits
    /// before login: comma-separated addresses or CIDR networks (e.g. `10.0.0.0/8`).
    #[arg(long, env = "ARKAN_TRUSTED_PROXIES", default_value = "", global = true)]
    pub trusted_proxies: String,
    /// Plan of a company created without one.
    #[arg(long, env = "ARKAN_DEFAULT_PLAN", default_value = "professional", value_parser = parse_plan, global = true)]
    pub default_plan: Plan,
    /// Apply pending migrations at start on PostgreSQL too (SQLite always migrates itself).
    #[arg(long, env = "ARKAN_MIGRATE", value_parser = parse_flag, global = true)]
    pub migrate: bool,
    /// Let any logged-in user create a company (and own it); otherwise only platform admins
    /// create companies.
    #[arg(long, env = "ARKAN_OPEN_SIGNUP", value_parser = parse_flag, global = true)]
    pub open_signup: bool,
    /// Let webhooks target loopback, private and link-local addresses (after DNS resolution);
    /// off, so that a webhook cannot probe the internal network.
    #[arg(long, env = "ARKAN_WEBHOOK_ALLOW_PRIVATE", value_parser = parse_flag, global = true)]
    pub webhook_allow_private: bool,
    /// Seconds after a refresh during which the same refresh token returns the same new pair
    /// (two tabs refreshing at once) instead of counting as a reuse; 0 turns it off.
    #[arg(
        long,
        env = "ARKAN_REFRESH_GRACE_SECONDS",
        default_value_t = 10,
        global = true
    )]
    pub refresh_grace_seconds: u32,
    /// Who may read `GET /metrics`: `off`, `trusted` (loopback and ARKAN_TRUSTED_PROXIES) or
    /// `token:<secret>` (sent as `Authorization: Bearer <secret>`).
    #[arg(long, env = "ARKAN_METRICS", default_value = "off", value_parser = MetricsAccess::parse, global = true, hide_env_values = true)]
    pub metrics: MetricsAccess,
    /// Log format.
    #[arg(
        long,
        env = "ARKAN_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub log_format: LogFormat,
    /// PostgreSQL schema to use (search_path); tests give each test its own.
    #[arg(long, env = "ARKAN_DATABASE_SCHEMA", global = true)]
    pub database_schema: Option<String>,
    /// Multiplies every plan's rate limit: for load tests only.
    #[arg(
        long,
        env = "ARKAN_RATE_LIMIT_MULTIPLIER",
        default_value_t = 1,
        hide = true,
        global = true
    )]
    pub rate_limit_multiplier: u32,
    /// Cheap password hashing, for tests and benchmarks only. Never in production.
    #[arg(long, value_parser = parse_flag, hide = true, global = true)]
    pub insecure_fast_passwords: bool,
}

fn parse_plan(text: &str) -> Result<Plan, String> {
    Plan::parse(text).ok_or_else(|| {
        "must be one of free, starter, professional, business, enterprise".to_owned()
    })
}

/// A boolean setting: `1`, `true`, `yes`, `on` or `0`, `false`, `no`, `off` (any case; empty
/// is off). Every on/off setting reads through this, as a flag and from the environment.
pub fn parse_flag(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        _ => Err("must be one of 1, 0, true, false, yes, no, on, off".to_owned()),
    }
}

impl Settings {
    /// The database URL in force.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}/arkan.db", self.data_dir.display()),
        }
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url().starts_with("sqlite:")
    }
}
