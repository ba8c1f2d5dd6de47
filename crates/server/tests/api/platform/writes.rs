//! `Db::write`: write transactions run one at a time on SQLite, on a connection of their own
//! beside the readers' pool (on PostgreSQL, on the pool); what they write is seen by the pool
//! once committed, never before, and never lost when many write at once.

use std::time::Duration;

use arkan_testkit::TestApp;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// The counter row's `n`, read on the readers' pool.
#[expect(
    clippy::expect_used,
    reason = "a counter that cannot be read fails the test loudly"
)]
async fn counted(db: &DatabaseConnection) -> i64 {
    let select = Query::select()
        .column("n")
        .from("write_probe")
        .and_where(Expr::col("id").eq(1))
        .to_owned();
    match db.query_one(&select).await.expect("the counter reads") {
        Some(row) => row.try_get("", "n").expect("the counter is a number"),
        None => -1,
    }
}

#[tokio::test]
async fn a_write_holds_no_readers_connection_and_is_seen_once_committed() {
    let app = TestApp::new().await;
    let db = app.platform.db.clone();
    db.connection()
        .execute_unprepared("CREATE TABLE write_probe (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)")
        .await
        .unwrap();

    let open = db.write().await.unwrap();
    open.execute_unprepared("INSERT INTO write_probe (id, n) VALUES (1, 41)")
        .await
        .unwrap();
    // Not committed: the pool reads the file as it was, without waiting for the writer.
    assert_eq!(counted(db.connection()).await, -1);
    // Every reader's connection at once (SQLite's pool has 8; the write holds none of them):
    // each opens a snapshot while the write is still open.
    let mut snapshots = Vec::new();
    for _ in 0..8 {
        let snapshot = tokio::time::timeout(Duration::from_secs(5), db.snapshot())
            .await
            .expect("a reader's connection is free while a write is open")
            .unwrap();
        snapshots.push(snapshot);
    }
    for snapshot in snapshots {
        snapshot.commit().await.unwrap();
    }
    open.commit_now().await.unwrap();
    assert_eq!(counted(db.connection()).await, 41);

    // A write rolled back (dropped) leaves nothing behind, and the next write goes on.
    let dropped = db.write().await.unwrap();
    dropped
        .execute_unprepared("UPDATE write_probe SET n = 0 WHERE id = 1")
        .await
        .unwrap();
    drop(dropped);
    assert_eq!(counted(db.connection()).await, 41);

    // Many writers at once: none is lost.
    let mut writers = Vec::new();
    for _ in 0..24 {
        let db = db.clone();
        writers.push(tokio::spawn(async move {
            let transaction = db.write().await.unwrap();
            transaction
                .execute_unprepared("UPDATE write_probe SET n = n + 1 WHERE id = 1")
                .await
                .unwrap();
            transaction.commit_now().await.unwrap();
        }));
    }
    for writer in writers {
        writer.await.unwrap();
    }
    assert_eq!(counted(db.connection()).await, 41 + 24);
}
