//! A minimal HTTP/1.1 keep-alive client for the benchmarks (no client library: the requests
//! are fixed and the responses carry Content-Length).

use std::time::{Duration, Instant};

use arkan_kernel::CompanyId;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Outcome {
    pub latencies_micros: Vec<u64>,
    pub failures: usize,
    pub elapsed: Duration,
    /// SQL statements the process sent meanwhile (0 when not counted).
    pub statements: u64,
}

impl Outcome {
    pub fn per_second(&self) -> f64 {
        self.latencies_micros.len() as f64 / self.elapsed.as_secs_f64()
    }

    pub fn percentile(&self, percent: f64) -> f64 {
        if self.latencies_micros.is_empty() {
            return 0.0;
        }
        let rank = ((percent / 100.0) * (self.latencies_micros.len() - 1) as f64).round() as usize;
        self.latencies_micros[rank.min(self.latencies_micros.len() - 1)] as f64 / 1000.0
    }

    pub fn print(&self, label: &str) {
        let statements = if self.statements > 0 {
            format!(
                ", {:.1} SQL statements each",
                self.statements as f64 / self.latencies_micros.len().max(1) as f64
            )
        } else {
            String::new()
        };
        println!(
            "{label}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {} requests, {} non-200{statements}",
            self.per_second(),
            self.percentile(50.0),
            self.percentile(99.0),
            self.percentile(100.0),
            self.latencies_micros.len(),
            self.failures
        );
    }
}

pub async fn drive(
    address: std::net::SocketAddr,
    path: &str,
    auth: Option<(&str, CompanyId)>,
    connections: usize,
    duration: Duration,
) -> Result<Outcome, String> {
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\n");
    if let Some((token, company)) = auth {
        request.push_str(&format!(
            "Authorization: Bearer {token}\r\nX-Company-Id: {company}\r\n"
        ));
    }
    request.push_str("\r\n");
    let statements = arkan_platform::metrics::global().statements();
    let started = Instant::now();
    let deadline = started + duration;
    let mut workers = Vec::new();
    for _ in 0..connections {
        let request = request.clone();
        workers.push(tokio::spawn(async move {
            worker(address, request, deadline).await
        }));
    }
    let mut outcome = Outcome {
        latencies_micros: Vec::new(),
        failures: 0,
        elapsed: Duration::ZERO,
        statements: 0,
    };
    for worker in workers {
        let (latencies, failures) = worker.await.map_err(|error| error.to_string())??;
        outcome.latencies_micros.extend(latencies);
        outcome.failures += failures;
    }
    outcome.elapsed = started.elapsed();
    outcome.statements = arkan_platform::metrics::global().statements() - statements;
    outcome.latencies_micros.sort_unstable();
    Ok(outcome)
}

/// One keep-alive connection sending the same request until the deadline.
async fn worker(
    address: std::net::SocketAddr,
    request: String,
    deadline: Instant,
) -> Result<(Vec<u64>, usize), String> {
    let mut stream = TcpStream::connect(address)
        .await
        .map_err(|error| error.to_string())?;
    stream
        .set_nodelay(true)
        .map_err(|error| error.to_string())?;
    let mut latencies = Vec::new();
    let mut failures = 0;
    let mut buffer = Vec::with_capacity(64 * 1024);
    while Instant::now() < deadline {
        let sent = Instant::now();
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|error| error.to_string())?;
        let (status, _) = read_response(&mut stream, &mut buffer).await?;
        latencies.push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
        if status != 200 {
            failures += 1;
        }
    }
    Ok((latencies, failures))
}

/// Reads one HTTP/1.1 response with a Content-Length body; returns its status.
pub async fn read_response(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
) -> Result<(u16, usize), String> {
    buffer.clear();
    let mut chunk = [0_u8; 16 * 1024];
    let header_end = loop {
        if let Some(position) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break position + 4;
        }
        read_more(stream, buffer, &mut chunk).await?;
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).to_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    while buffer.len() < header_end + length {
        read_more(stream, buffer, &mut chunk).await?;
    }
    Ok((status, header_end))
}

async fn read_more(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    chunk: &mut [u8],
) -> Result<(), String> {
    let read = stream
        .read(chunk)
        .await
        .map_err(|error| error.to_string())?;
    if read == 0 {
        return Err("connection closed".into());
    }
    buffer.extend_from_slice(&chunk[..read]);
    Ok(())
}

/// Sends one request on a keep-alive connection and returns the status and the JSON body.
pub async fn exchange(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    method: &str,
    path: &str,
    auth: (&str, CompanyId),
    body: &str,
) -> Result<(u16, serde_json::Value), String> {
    let (token, company) = auth;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\nX-Company-Id: {company}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|error| error.to_string())?;
    let (status, header_end) = read_response(stream, buffer).await?;
    let json = serde_json::from_slice(&buffer[header_end..]).unwrap_or(serde_json::Value::Null);
    Ok((status, json))
}
