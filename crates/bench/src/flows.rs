//! What the document-flow benchmarks (`purchasing`, `sales`) share: a client doing whole flows
//! over one keep-alive connection, every request timed into its step, and the closing figures.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::Value;
use tokio::net::TcpStream;

use crate::http::{Outcome, exchange};

fn text(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// Latencies in microseconds, one list per step of the flow.
pub type StepTimes = Arc<Mutex<Vec<Vec<u64>>>>;

/// One list per step.
pub fn step_times(steps: &[&str]) -> StepTimes {
    Arc::new(Mutex::new(vec![Vec::new(); steps.len()]))
}

/// A connection of the benchmark's owner to the company, timing each request into its step.
pub struct FlowClient {
    stream: TcpStream,
    token: String,
    company: arkan_kernel::CompanyId,
    buffer: Vec<u8>,
    times: StepTimes,
}

impl FlowClient {
    pub async fn connect(bench: &crate::Bench, times: StepTimes) -> Result<Self, String> {
        let stream = TcpStream::connect(bench.address).await.map_err(text)?;
        stream.set_nodelay(true).map_err(text)?;
        Ok(Self {
            stream,
            token: bench.token.clone(),
            company: bench.company,
            buffer: Vec::new(),
            times,
        })
    }

    /// One POST, timed into `step`; its answer when the status was `expected`.
    pub async fn step(
        &mut self,
        step: usize,
        path: &str,
        body: &str,
        expected: u16,
    ) -> Result<Option<Value>, String> {
        let sent = Instant::now();
        let (status, reply) = exchange(
            &mut self.stream,
            &mut self.buffer,
            "POST",
            path,
            (&self.token, self.company),
            body,
        )
        .await?;
        let micros = u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX);
        if let Ok(mut times) = self.times.lock()
            && let Some(latencies) = times.get_mut(step)
        {
            latencies.push(micros);
        }
        Ok((status == expected).then_some(reply))
    }

    /// One request, untimed, that must answer `expected`: for set-up and the checked flow.
    pub async fn call(
        &mut self,
        method: &str,
        path: &str,
        body: &Value,
        expected: u16,
    ) -> Result<Value, String> {
        let (status, reply) = exchange(
            &mut self.stream,
            &mut self.buffer,
            method,
            path,
            (&self.token, self.company),
            &body.to_string(),
        )
        .await?;
        if status == expected {
            Ok(reply)
        } else {
            Err(format!("{method} {path} answered {status}: {reply}"))
        }
    }
}

/// The `id` of an answer.
pub fn id(reply: &Value) -> Option<String> {
    reply["id"].as_str().map(str::to_owned)
}

/// The flows' rate and latency, then p50 and p99 of each step.
pub fn print(label: &str, documents: f64, outcome: &Outcome, steps: &[&str], times: &StepTimes) {
    println!(
        "{label} flows: {:.1} flows/s ({:.0} documents/s), p50 {:.1} ms, p99 {:.1} ms a flow, {} flows, {} failed",
        outcome.per_second(),
        documents * outcome.per_second(),
        outcome.percentile(50.0),
        outcome.percentile(99.0),
        outcome.latencies_micros.len(),
        outcome.failures
    );
    let Ok(times) = times.lock() else {
        return;
    };
    for (step, latencies) in steps.iter().zip(times.iter()) {
        let mut sorted = latencies.clone();
        sorted.sort_unstable();
        let at = |percent: f64| {
            let rank = ((percent / 100.0) * sorted.len().saturating_sub(1) as f64).round();
            sorted.get(rank as usize).copied().unwrap_or(0) as f64 / 1000.0
        };
        println!("  {step}: p50 {:.2} ms, p99 {:.2} ms", at(50.0), at(99.0));
    }
}
