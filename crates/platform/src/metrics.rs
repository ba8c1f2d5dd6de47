//! Figures for operators, in the Prometheus text format (`GET /metrics`): requests by route
//! template, method and status with a latency histogram, the wait for SQLite's writer turn,
//! postings, and the database pool. One registry per process, as Prometheus scrapes each
//! instance on its own.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex, PoisonError};

/// Upper bounds (seconds) of the latency buckets.
const BOUNDS: [f64; 11] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Clone, Debug, Default)]
struct Histogram {
    /// Observations at or under each bound (not cumulative; summed when rendered).
    buckets: [u64; BOUNDS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        if let Some(bucket) = BOUNDS.iter().position(|bound| seconds <= *bound) {
            self.buckets[bucket] += 1;
        }
        self.count += 1;
        self.sum += seconds;
    }

    fn render(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        let separator = if labels.is_empty() { "" } else { "," };
        for (bound, count) in BOUNDS.iter().zip(self.buckets) {
            cumulative += count;
            let _ = writeln!(
                out,
                "{name}_bucket{{{labels}{separator}le=\"{bound}\"}} {cumulative}"
            );
        }
        let _ = writeln!(
            out,
            "{name}_bucket{{{labels}{separator}le=\"+Inf\"}} {}",
            self.count
        );
        let braces = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{labels}}}")
        };
        let _ = writeln!(out, "{name}_sum{braces} {}", self.sum);
        let _ = writeln!(out, "{name}_count{braces} {}", self.count);
    }
}

/// Counters a module raises: name, help text.
pub const POSTINGS: (&str, &str) = (
    "arkan_postings_total",
    "Journal entries written as posted, by hand, by documents or in batches (a transaction that then rolled back included)",
);

pub const JOBS_DONE: (&str, &str) = ("arkan_jobs_done_total", "Background jobs run to success");
pub const JOBS_FAILED: (&str, &str) = (
    "arkan_jobs_failed_total",
    "Background job runs that failed (retried later, or given up after the last attempt)",
);

#[derive(Default)]
pub struct Metrics {
    /// (method, route template, status) -> latency.
    requests: Mutex<BTreeMap<(String, String, u16), Histogram>>,
    write_wait: Mutex<Histogram>,
    counters: Mutex<BTreeMap<&'static str, (&'static str, u64)>>,
    /// SQL statements sent to the database (not counting `BEGIN` and `COMMIT`; statements
    /// sent as one text on SQLite, `sql::batch`, count once): counted on every statement, so
    /// an atomic rather than the counters' lock.
    statements: AtomicU64,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::default);

/// The process's registry.
pub fn global() -> &'static Metrics {
    &METRICS
}

impl Metrics {
    pub fn observe_request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default()
            .observe(seconds);
    }

    /// How long a writer waited for SQLite's writer turn.
    pub fn observe_write_wait(&self, seconds: f64) {
        self.write_wait
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .observe(seconds);
    }

    pub fn count(&self, (name, help): (&'static str, &'static str), by: u64) {
        self.counters
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(name)
            .or_insert((help, 0))
            .1 += by;
    }

    /// One more SQL statement sent (the pool's hook, [`crate::db::Db::connect`]).
    pub fn count_statement(&self) {
        self.statements.fetch_add(1, Ordering::Relaxed);
    }

    /// SQL statements sent by this process so far (the benchmarks divide a run's by its
    /// requests).
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// The whole registry, with `gauges` read at scrape time (name, help, value).
    pub fn render(&self, gauges: &[(&str, &str, f64)]) -> String {
        let mut out = String::new();
        let requests = self
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let _ = writeln!(
            out,
            "# HELP arkan_http_request_duration_seconds Requests by method, route template and status"
        );
        let _ = writeln!(out, "# TYPE arkan_http_request_duration_seconds histogram");
        for ((method, route, status), histogram) in &requests {
            let labels = format!(
                "method=\"{method}\",route=\"{}\",status=\"{status}\"",
                escape(route)
            );
            histogram.render(&mut out, "arkan_http_request_duration_seconds", &labels);
        }
        let write_wait = self
            .write_wait
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let _ = writeln!(
            out,
            "# HELP arkan_sqlite_write_turn_wait_seconds Time writers waited for SQLite's one writer turn"
        );
        let _ = writeln!(out, "# TYPE arkan_sqlite_write_turn_wait_seconds histogram");
        write_wait.render(&mut out, "arkan_sqlite_write_turn_wait_seconds", "");
        for (name, (help, value)) in self
            .counters
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
        {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}"
            );
        }
        let _ = writeln!(
            out,
            "# HELP arkan_db_statements_total SQL statements sent to the database (BEGIN and COMMIT not counted; statements sent as one text on SQLite count once)\n# TYPE arkan_db_statements_total counter\narkan_db_statements_total {}",
            self.statements()
        );
        for (name, help, value) in gauges {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
            );
        }
        out
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Who may read `/metrics` (`ARKAN_METRICS`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetricsAccess {
    /// Not served (404).
    Off,
    /// Served to `Authorization: Bearer <token>`.
    Token(String),
    /// Served to loopback peers and to the addresses in `ARKAN_TRUSTED_PROXIES`.
    Trusted,
}

impl MetricsAccess {
    /// `off`, `trusted` or `token:<at least 16 characters>`.
    pub fn parse(text: &str) -> Result<MetricsAccess, String> {
        match text {
            "" | "off" => Ok(MetricsAccess::Off),
            "trusted" => Ok(MetricsAccess::Trusted),
            _ => match text.strip_prefix("token:") {
                Some(token) if token.len() >= 16 => Ok(MetricsAccess::Token(token.to_owned())),
                Some(_) => Err("a metrics token has at least 16 characters".into()),
                None => Err("must be off, trusted or token:<secret>".into()),
            },
        }
    }

    /// Whether a caller at `peer` (None in process) presenting `bearer` may read the figures.
    pub fn allows(
        &self,
        peer: Option<IpAddr>,
        bearer: Option<&str>,
        trusted: &crate::proxies::TrustedProxies,
    ) -> bool {
        match self {
            MetricsAccess::Off => false,
            MetricsAccess::Token(token) => bearer.is_some_and(|given| {
                // Compared in full whatever the first difference, so timing does not tell.
                given.len() == token.len()
                    && given
                        .bytes()
                        .zip(token.bytes())
                        .fold(0, |diff, (a, b)| diff | (a ^ b))
                        == 0
            }),
            MetricsAccess::Trusted => {
                peer.is_some_and(|peer| peer.is_loopback() || trusted.trusts(peer))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_renders_cumulative_buckets() {
        let metrics = Metrics::default();
        metrics.observe_request("GET", "/a", 200, 0.003);
        metrics.observe_request("GET", "/a", 200, 0.2);
        metrics.count(POSTINGS, 3);
        let text = metrics.render(&[("arkan_pool", "pool", 2.0)]);
        assert!(text.contains(
            "arkan_http_request_duration_seconds_bucket{method=\"GET\",route=\"/a\",status=\"200\",le=\"0.005\"} 1"
        ));
        assert!(text.contains(
            "arkan_http_request_duration_seconds_bucket{method=\"GET\",route=\"/a\",status=\"200\",le=\"0.25\"} 2"
        ));
        assert!(text.contains(
            "arkan_http_request_duration_seconds_count{method=\"GET\",route=\"/a\",status=\"200\"} 2"
        ));
        assert!(text.contains("arkan_postings_total 3"));
        assert!(text.contains("arkan_pool 2"));
    }

    #[test]
    fn access_is_parsed_and_checked() {
        let none = crate::proxies::TrustedProxies::parse("").unwrap();
        assert_eq!(MetricsAccess::parse("off"), Ok(MetricsAccess::Off));
        assert!(MetricsAccess::parse("token:short").is_err());
        assert!(MetricsAccess::parse("sometimes").is_err());
        let token = MetricsAccess::parse("token:0123456789abcdef").unwrap();
        assert!(token.allows(None, Some("0123456789abcdef"), &none));
        assert!(!token.allows(None, Some("0123456789abcdeX"), &none));
        assert!(!token.allows(None, None, &none));
        let trusted = MetricsAccess::Trusted;
        assert!(trusted.allows(Some("127.0.0.1".parse().unwrap()), None, &none));
        assert!(!trusted.allows(Some("203.0.113.9".parse().unwrap()), None, &none));
        assert!(!trusted.allows(None, None, &none));
        assert!(!MetricsAccess::Off.allows(Some("127.0.0.1".parse().unwrap()), None, &none));
    }
}
