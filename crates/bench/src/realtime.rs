//! `arkan-bench realtime`: many WebSocket clients in one room while the API commits writes at a
//! steady rate. The clients run in a child process (`arkan-bench ws-clients`), so the server's
//! memory per connection is read off this process alone; commit-to-delivery latency is each
//! arrival's time less its event's commit time from the outbox (`occurred_at`, taken inside the
//! committing transaction), on the same machine's clock.

use std::collections::HashMap;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use arkan_kernel::time::now_micros;
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;

use crate::Bench;
use crate::http::exchange;

fn text(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// CPU seconds this process has used (user + system; Linux, at 100 ticks a second).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            // Fields after the command name (which ends with ')'): utime is the 12th, stime
            // the 13th.
            let after = stat.rsplit_once(')')?.1;
            let fields: Vec<&str> = after.split_whitespace().collect();
            let user: f64 = fields.get(11)?.parse().ok()?;
            let system: f64 = fields.get(12)?.parse().ok()?;
            Some((user + system) / 100.0)
        })
        .unwrap_or(0.0)
}

/// This process's resident memory in KiB (Linux).
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmRSS:")
                    .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            })
        })
        .unwrap_or(0)
}

pub async fn run(
    bench: &Bench,
    clients: usize,
    writes_per_second: u32,
    seconds: u64,
    client_nice: i32,
) -> Result<(), String> {
    println!(
        "arkan-bench realtime: {}, {clients} WebSocket clients in the crm room, \
         {writes_per_second} client writes/s for {seconds} s",
        bench.backend
    );
    let before = resident_kib();
    let url = format!(
        "ws://{}/ws?token={}&company_id={}",
        bench.address, bench.token, bench.company
    );
    // The clients stand for browsers on other machines: at a lower priority (`nice`), they
    // take the cores the server leaves rather than share them equally.
    let mut child = tokio::process::Command::new("nice")
        .arg("-n")
        .arg(client_nice.to_string())
        .arg(std::env::current_exe().map_err(text)?)
        .arg("ws-clients")
        .arg("--url")
        .arg(&url)
        .arg("--count")
        .arg(clients.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start the client process: {error}"))?;
    let mut to_child = child.stdin.take().ok_or("no stdin")?;
    let mut from_child = BufReader::new(child.stdout.take().ok_or("no stdout")?).lines();
    let connected_in = Instant::now();
    loop {
        match from_child.next_line().await.map_err(text)? {
            Some(line) if line == "ready" => break,
            Some(line) => println!("  clients: {line}"),
            None => return Err("the client process ended early".into()),
        }
    }
    // Let the server settle (allocator, presence) before reading its memory.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let connected = resident_kib();
    println!(
        "  {clients} connected and joined in {:.1} s; server memory {} KiB -> {} KiB: \
         {:.1} KiB per connection (target < 20)",
        connected_in.elapsed().as_secs_f64(),
        before,
        connected,
        (connected.saturating_sub(before)) as f64 / clients.max(1) as f64
    );

    // Writes at a steady rate, each on a keep-alive connection of its own pool.
    arkan_realtime::delivery::DELIVERY.reset();
    let started = now_micros();
    let cpu_before = cpu_seconds();
    let wall = Instant::now();
    let writes = (u64::from(writes_per_second) * seconds) as usize;
    let interval = Duration::from_secs_f64(1.0 / f64::from(Ord::max(writes_per_second, 1)));
    let pool: Arc<Mutex<Vec<TcpStream>>> = Arc::new(Mutex::new(Vec::new()));
    let mut tick = tokio::time::interval(interval);
    let mut tasks = Vec::with_capacity(writes);
    for n in 0..writes {
        tick.tick().await;
        let pool = pool.clone();
        let token = bench.token.clone();
        let company = bench.company;
        let address = bench.address;
        tasks.push(tokio::spawn(async move {
            let stream = pool.lock().await.pop();
            let mut stream = match stream {
                Some(stream) => stream,
                None => TcpStream::connect(address).await.map_err(text)?,
            };
            let body = format!("{{\"name\":\"Realtime client {n}\"}}");
            let mut buffer = Vec::new();
            let (status, _) = exchange(
                &mut stream,
                &mut buffer,
                "POST",
                "/api/v1/crm/clients",
                (&token, company),
                &body,
            )
            .await?;
            pool.lock().await.push(stream);
            if status == 201 {
                Ok(())
            } else {
                Err(format!("a write answered {status}"))
            }
        }));
    }
    let mut failed = 0;
    for task in tasks {
        if !matches!(task.await, Ok(Ok(()))) {
            failed += 1;
        }
    }
    // Let the last deliveries arrive.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let cpu = cpu_seconds() - cpu_before;
    println!(
        "  server process CPU from the first write to 3 s after the last: {cpu:.1} s in {:.1} s",
        wall.elapsed().as_secs_f64(),
    );
    let delivery = &arkan_realtime::delivery::DELIVERY;
    println!(
        "  server side, commit to frame written to the socket: {} deliveries, p50 {:.0} ms, \
         p99 {:.0} ms (1 ms buckets)",
        delivery.count(),
        delivery.percentile(50.0) * 1_000.0,
        delivery.percentile(99.0) * 1_000.0
    );
    let after = resident_kib();
    println!(
        "  {writes} writes ({failed} failed); server memory after the run {after} KiB \
         ({:.1} KiB per connection)",
        (after.saturating_sub(before)) as f64 / clients.max(1) as f64
    );

    // The commit time of each event, for the clients to measure against.
    let rows = arkan_platform::events::commit_times(
        bench.platform.db.connection(),
        bench.company,
        "client.created",
        started,
    )
    .await
    .map_err(text)?;
    let mut commits = String::from("stop\n");
    for (seq, at) in rows {
        commits.push_str(&format!("{seq} {at}\n"));
    }
    to_child.write_all(commits.as_bytes()).await.map_err(text)?;
    drop(to_child);
    while let Some(line) = from_child.next_line().await.map_err(text)? {
        println!("  {line}");
    }
    let _ = child.wait().await;
    Ok(())
}

/// One socket's arrivals: (event id, microseconds since the epoch).
type Arrivals = Arc<std::sync::Mutex<Vec<(i64, i64)>>>;

/// The client side (run as a child process): `count` sockets join the crm room and note when
/// each event arrives; on `stop` they are given the commit times and print the percentiles.
pub async fn clients(url: &str, count: usize) -> Result<(), String> {
    // Each socket notes its own arrivals (no lock shared between sockets).
    let mut logs: Vec<Arrivals> = Vec::with_capacity(count);
    let recording = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let joined = Arc::new(tokio::sync::Semaphore::new(0));
    let dropped = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let opening = Arc::new(tokio::sync::Semaphore::new(100));
    for _ in 0..count {
        let url = url.to_owned();
        let log = Arc::new(std::sync::Mutex::new(Vec::new()));
        logs.push(log.clone());
        let recording = recording.clone();
        let joined = joined.clone();
        let opening = opening.clone();
        let dropped = dropped.clone();
        tokio::spawn(async move {
            let mut permit = opening.acquire_owned().await.ok();
            // Small buffers, as a browser's would be, so 5,000 clients fit beside the server.
            let config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
                .read_buffer_size(4 * 1024)
                .write_buffer_size(0);
            let connected =
                tokio_tungstenite::connect_async_with_config(&url, Some(config), true).await;
            let Ok((mut socket, _)) = connected else {
                eprintln!("a client could not connect");
                return;
            };
            let join = r#"{"event":"join_module","data":{"moduleKey":"crm"}}"#;
            if socket.send(Message::Text(join.into())).await.is_err() {
                return;
            }
            while let Some(Ok(message)) = socket.next().await {
                let Message::Text(text) = message else {
                    if matches!(message, Message::Close(_))
                        && recording.load(std::sync::atomic::Ordering::Relaxed)
                    {
                        dropped.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    continue;
                };
                let at = now_micros();
                if text.contains("\"module_joined\"") {
                    drop(permit.take());
                    joined.add_permits(1);
                    continue;
                }
                if !recording.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                if let Some(seq) = event_id(&text)
                    && let Ok(mut log) = log.lock()
                {
                    log.push((seq, at));
                }
            }
        });
    }
    let all_joined = u32::try_from(count).map_err(text)?;
    let _ = joined.acquire_many(all_joined).await.map_err(text)?;
    println!("ready");

    let mut input = BufReader::new(tokio::io::stdin()).lines();
    let mut commits: HashMap<i64, i64> = HashMap::new();
    while let Some(line) = input.next_line().await.map_err(text)? {
        if line == "stop" {
            recording.store(false, std::sync::atomic::Ordering::Relaxed);
            continue;
        }
        if let Some((seq, at)) = line.split_once(' ')
            && let (Ok(seq), Ok(at)) = (seq.parse(), at.parse())
        {
            commits.insert(seq, at);
        }
    }
    let mut latencies: Vec<i64> = Vec::new();
    for log in &logs {
        if let Ok(log) = log.lock() {
            latencies.extend(
                log.iter()
                    .filter_map(|(seq, at)| commits.get(seq).map(|committed| at - committed)),
            );
        }
    }
    latencies.sort_unstable();
    let expected = commits.len() * count;
    let percentile = |percent: f64| -> f64 {
        if latencies.is_empty() {
            return 0.0;
        }
        let index = ((latencies.len() - 1) as f64 * percent / 100.0).round() as usize;
        latencies[index] as f64 / 1000.0
    };
    println!(
        "delivered {} of {expected} ({} events x {count} clients; {} sockets closed by the \
         server during the run); commit to delivery p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms \
         (target p99 < 100 ms)",
        latencies.len(),
        commits.len(),
        dropped.load(std::sync::atomic::Ordering::Relaxed),
        percentile(50.0),
        percentile(99.0),
        percentile(100.0)
    );
    Ok(())
}

/// The `id` of a `module.invalidate` envelope, without parsing the rest.
fn event_id(text: &str) -> Option<i64> {
    if !text.contains("module.invalidate") {
        return None;
    }
    // The envelope ends with `"id":"<n>"}` (serde_json keeps keys sorted).
    let (_, rest) = text.rsplit_once("\"id\":\"")?;
    rest.split('"').next()?.parse().ok()
}
