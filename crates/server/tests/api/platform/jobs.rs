//! Background jobs: durable, deduplicated by key, retried with backoff, run again after a
//! worker dies, claimed once when workers race, and kept across a restart.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use arkan_platform::jobs::{self, Job, Jobs, LEASE_MICROS, NewJob};
use arkan_platform::state::{BoxFuture, Platform};
use arkan_testkit::TestApp;
use serde_json::json;

/// Runs per payload `tag`, across the tests of this file (each test uses its own tags).
static RUNS: LazyLock<Mutex<HashMap<String, i32>>> = LazyLock::new(Mutex::default);

fn runs(tag: &str) -> i32 {
    RUNS.lock()
        .map(|runs| runs.get(tag).copied().unwrap_or(0))
        .unwrap_or(0)
}

/// Counts a run of the job's tag; fails while the attempt is below the payload's `failUntil`.
fn counting<'a>(_platform: &'a Platform, job: &'a Job) -> BoxFuture<'a, Result<(), String>> {
    Box::pin(async move {
        let tag = job.payload["tag"].as_str().unwrap_or_default().to_owned();
        if let Ok(mut runs) = RUNS.lock() {
            *runs.entry(tag).or_default() += 1;
        }
        let fail_until = job.payload["failUntil"].as_i64().unwrap_or(0);
        if i64::from(job.attempt) < fail_until {
            return Err(format!("attempt {} failed on purpose", job.attempt));
        }
        Ok(())
    })
}

fn handlers() -> Jobs {
    Jobs::default().handle("test.count", counting)
}

fn job(tag: &str, fail_until: i64, key: Option<&str>) -> NewJob {
    NewJob {
        kind: "test.count",
        payload: json!({"tag": tag, "failUntil": fail_until}),
        unique_key: key.map(str::to_owned),
        run_at: arkan_kernel::time::now_micros(),
    }
}

fn later(seconds: i64) -> i64 {
    arkan_kernel::time::now_micros() + seconds * 1_000_000
}

#[tokio::test]
async fn a_job_runs_once_and_a_unique_key_makes_one_job() {
    let app = TestApp::new().await;
    let db = app.platform.db.connection();
    let tag = "once";
    assert!(
        jobs::enqueue(db, job(tag, 0, Some("send-invoice-1")))
            .await
            .unwrap_or(false)
    );
    assert!(
        !jobs::enqueue(db, job(tag, 0, Some("send-invoice-1")))
            .await
            .unwrap_or(true)
    );
    let ran = handlers().run_due(&app.platform, "w1", later(0), 10).await;
    assert_eq!(ran.ok(), Some(1));
    assert_eq!(
        handlers()
            .run_due(&app.platform, "w1", later(60), 10)
            .await
            .ok(),
        Some(0)
    );
    assert_eq!(runs(tag), 1);
    assert_eq!(jobs::backlog(&app.platform).await.ok(), Some(0));
}

#[tokio::test]
async fn a_failing_job_is_retried_with_backoff_until_it_succeeds() {
    let app = TestApp::new().await;
    let tag = "flaky";
    jobs::enqueue(app.platform.db.connection(), job(tag, 3, None))
        .await
        .unwrap_or(false);
    let work = handlers();
    let start = later(0);
    assert_eq!(
        work.run_due(&app.platform, "w1", start, 10).await.ok(),
        Some(1)
    );
    // Not due again until its backoff (2 s after the first failure) has passed.
    assert_eq!(
        work.run_due(&app.platform, "w1", start + 1_000_000, 10)
            .await
            .ok(),
        Some(0)
    );
    assert_eq!(
        work.run_due(&app.platform, "w1", start + 3_000_000, 10)
            .await
            .ok(),
        Some(1)
    );
    // Then 4 s after the second.
    assert_eq!(
        work.run_due(&app.platform, "w1", start + 8_000_000, 10)
            .await
            .ok(),
        Some(1)
    );
    assert_eq!(runs(tag), 3);
    assert_eq!(
        work.run_due(&app.platform, "w1", start + 60_000_000, 10)
            .await
            .ok(),
        Some(0)
    );
    assert_eq!(jobs::backlog(&app.platform).await.ok(), Some(0));
}

#[tokio::test]
async fn a_job_whose_worker_died_runs_again_after_its_lease_and_survives_a_restart() {
    let app = TestApp::new().await;
    let tag = "orphan";
    jobs::enqueue(app.platform.db.connection(), job(tag, 0, None))
        .await
        .unwrap_or(false);
    // A worker claims it and dies before running it.
    let claimed = Jobs::claim_due(&app.platform, "dead-worker", later(0), 10).await;
    assert_eq!(claimed.map(|jobs| jobs.len()).ok(), Some(1));
    // Within the lease nobody else takes it; a restarted instance does once the lease is over.
    let restarted = app.another_instance().await;
    let work = handlers();
    assert_eq!(
        work.run_due(&restarted.platform, "w2", later(1), 10)
            .await
            .ok(),
        Some(0)
    );
    let after_lease = later(0) + LEASE_MICROS + 1_000_000;
    assert_eq!(
        work.run_due(&restarted.platform, "w2", after_lease, 10)
            .await
            .ok(),
        Some(1)
    );
    assert_eq!(runs(tag), 1);
}

#[tokio::test]
async fn racing_workers_claim_each_job_once() {
    let app = TestApp::new().await;
    let second = app.another_instance().await;
    for n in 0..12 {
        jobs::enqueue(
            app.platform.db.connection(),
            job(&format!("race-{n}"), 0, None),
        )
        .await
        .unwrap_or(false);
    }
    let (one, two) = (handlers(), handlers());
    let now = later(0);
    let (a, b) = tokio::join!(
        async {
            let mut total = 0;
            for _ in 0..6 {
                total += one.run_due(&app.platform, "a", now, 2).await.unwrap_or(0);
            }
            total
        },
        async {
            let mut total = 0;
            for _ in 0..6 {
                total += two
                    .run_due(&second.platform, "b", now, 2)
                    .await
                    .unwrap_or(0);
            }
            total
        }
    );
    assert_eq!(a + b, 12, "{a} + {b}");
    for n in 0..12 {
        assert_eq!(runs(&format!("race-{n}")), 1, "race-{n}");
    }
}

#[tokio::test]
async fn a_job_run_now_answers_at_once_and_a_worker_finishes_it_when_it_stops() {
    let app = TestApp::new().await;
    // Run here and now: the answer comes back, the job is done, no worker runs it again.
    let answered = jobs::run_now(
        &app.platform,
        "request-1",
        job("now", 0, None),
        async |job| Ok::<_, String>(job.attempt * 10),
    )
    .await;
    assert_eq!(answered.ok(), Some(Ok(10)));
    assert_eq!(jobs::backlog(&app.platform).await.ok(), Some(0));
    assert_eq!(
        handlers()
            .run_due(&app.platform, "w1", later(LEASE_MICROS / 1_000_000 + 1), 10)
            .await
            .ok(),
        Some(0)
    );

    // While it runs no worker takes it; stopped half-way, the kind's handler finishes it after
    // the backoff.
    let stopped = jobs::run_now(
        &app.platform,
        "request-2",
        job("now", 0, None),
        async |_| {
            let taken = handlers().run_due(&app.platform, "w2", later(0), 10).await;
            Err::<(), _>(format!("stopped; workers took {taken:?}"))
        },
    )
    .await;
    assert_eq!(
        stopped.ok(),
        Some(Err("stopped; workers took Ok(0)".to_owned()))
    );
    assert_eq!(jobs::backlog(&app.platform).await.ok(), Some(1));
    assert_eq!(runs("now"), 0);
    let ran = handlers().run_due(&app.platform, "w1", later(3), 10).await;
    assert_eq!(ran.ok(), Some(1));
    assert_eq!(runs("now"), 1);
    assert_eq!(jobs::backlog(&app.platform).await.ok(), Some(0));
}
