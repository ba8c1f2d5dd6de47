//! `sql::all_rows`: many rows read by position, packed into one JSON value on SQLite and row
//! by row on PostgreSQL, read back alike; `sql::batch`: statements run in order, as one text
//! on SQLite; `sql::read_together`: the rows of several selects, each select's its own.

use arkan_platform::sql;
use arkan_testkit::TestApp;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

type Row = (Uuid, String, Option<String>, Option<Uuid>, i64, i64);

#[tokio::test]
async fn all_rows_reads_every_kind_of_value_back_as_it_was() {
    let app = TestApp::new().await;
    let db = app.platform.db.connection();
    let id = Uuid::now_v7();
    // Text JSON must escape: quotes, a backslash, a newline, a tab, a control character,
    // Arabic and an emoji.
    let text = "Ṣafā \"quoted\" back\\slash\nnew\tline \u{1} شركة ☕";
    let select = Query::select()
        .expr(Expr::val(id))
        .expr(Expr::val(text))
        .expr(Expr::val(Option::<String>::None))
        .expr(Expr::val(Option::<Uuid>::None))
        .expr(Expr::val(i64::MAX))
        .expr(Expr::val(i64::MIN))
        .to_owned();
    let rows: Vec<Row> = sql::all_rows(db, &select).await.unwrap();
    assert_eq!(
        rows,
        vec![(id, text.to_owned(), None, None, i64::MAX, i64::MIN)]
    );

    // A select's own aliases stay: ordered by one of them, it reads the same on both.
    let aliased = Query::select()
        .expr_as(Expr::val(7_i64), "seven")
        .expr_as(Expr::val("label"), "name")
        .order_by("seven", Order::Asc)
        .to_owned();
    let rows: Vec<(i64, String)> = sql::all_rows(db, &aliased).await.unwrap();
    assert_eq!(rows, vec![(7, "label".to_owned())]);

    // No row: an empty list, not an error.
    let none = select.clone().and_where(Expr::val(1).eq(2)).to_owned();
    let rows: Vec<Row> = sql::all_rows(db, &none).await.unwrap();
    assert!(rows.is_empty());

    // A value that does not read as the asked type is an error, never a default.
    let wrong: Result<Vec<(i64,)>, _> = sql::all_rows(
        db,
        &Query::select().expr(Expr::val("not a number")).to_owned(),
    )
    .await;
    assert!(wrong.is_err());
}

#[tokio::test]
async fn batch_runs_its_statements_in_order_each_with_its_own_values() {
    let app = TestApp::new().await;
    let transaction = app.platform.db.write().await.unwrap();
    let db: &sea_orm::DatabaseTransaction = &transaction;
    db.execute_unprepared(
        "CREATE TEMPORARY TABLE batch_probe (k TEXT PRIMARY KEY, n BIGINT NOT NULL)",
    )
    .await
    .unwrap();
    let backend = db.get_database_backend();
    let insert = |rows: &[(&str, i64)]| {
        let mut insert = Query::insert()
            .into_table("batch_probe")
            .columns(["k", "n"])
            .to_owned();
        for (key, number) in rows {
            insert.values_panic([(*key).into(), (*number).into()]);
        }
        backend.build(&insert)
    };
    let add = |key: &str, amount: i64| {
        backend.build(
            &Query::update()
                .table("batch_probe")
                .value("n", Expr::col("n").add(amount))
                .and_where(Expr::col("k").eq(key))
                .to_owned(),
        )
    };
    let select = backend.build(
        &Query::select()
            .columns(["k", "n"])
            .from("batch_probe")
            .order_by("k", Order::Asc)
            .to_owned(),
    );
    let read = |rows: Vec<sea_orm::QueryResult>| -> Vec<(String, i64)> {
        rows.iter()
            .map(|row| (sql::get(row, "k").unwrap(), sql::get(row, "n").unwrap()))
            .collect()
    };

    // Each statement binds its own values, in order; only the select returns rows, and it
    // sees what the statements before it wrote.
    let statements = vec![
        insert(&[("a", 1), ("b", 2)]),
        add("b", 10),
        add("a", 100),
        select.clone(),
    ];
    let rows = sql::batch(db, statements).await.unwrap();
    assert_eq!(read(rows), vec![("a".into(), 101), ("b".into(), 12)]);

    // Rows of several statements come back one statement after the other.
    let rows = sql::batch(db, vec![select.clone(), add("a", 1), select.clone()])
        .await
        .unwrap();
    assert_eq!(
        read(rows),
        vec![
            ("a".into(), 101),
            ("b".into(), 12),
            ("a".into(), 102),
            ("b".into(), 12),
        ]
    );

    // A statement that fails ends the batch with its error: what came after it did not run
    // (the caller's transaction is to roll back).
    let failed = sql::batch(db, vec![add("b", 1), insert(&[("a", 7)]), add("b", 1000)]).await;
    let error = failed.unwrap_err().to_string();
    assert!(
        error.to_lowercase().contains("unique") || error.contains("duplicate"),
        "{error}"
    );
    if backend == sea_orm::DatabaseBackend::Sqlite {
        // SQLite's transaction goes on: the statement before the failure ran, the one after
        // did not.
        let rows = sql::batch(db, vec![select]).await.unwrap();
        assert_eq!(read(rows), vec![("a".into(), 102), ("b".into(), 13)]);
    }
}

#[tokio::test]
async fn read_together_gives_each_select_its_own_rows() {
    let app = TestApp::new().await;
    let transaction = app.platform.db.write().await.unwrap();
    let db: &sea_orm::DatabaseTransaction = &transaction;
    db.execute_unprepared(
        "CREATE TEMPORARY TABLE read_probe (k TEXT PRIMARY KEY, n BIGINT NOT NULL)",
    )
    .await
    .unwrap();
    db.execute_unprepared("INSERT INTO read_probe (k, n) VALUES ('a', 1), ('b', 2), ('c', 3)")
        .await
        .unwrap();
    let select = |at_least: i64| {
        Query::select()
            .columns(["k", "n"])
            .from("read_probe")
            .and_where(Expr::col("n").gte(at_least))
            .order_by("k", Order::Asc)
            .to_owned()
    };
    let other_shape = Query::select()
        .expr_as(Expr::col("n").mul(10), "tens")
        .from("read_probe")
        .and_where(Expr::col("k").eq("b"))
        .to_owned();
    let read = |rows: &[sea_orm::QueryResult]| -> Vec<(String, i64)> {
        rows.iter()
            .map(|row| (sql::get(row, "k").unwrap(), sql::get(row, "n").unwrap()))
            .collect()
    };

    // Each select binds its own values and gets its own rows, an empty one included, in the
    // order of the selects.
    let parts = sql::read_together(db, vec![select(2), select(9), other_shape, select(1)])
        .await
        .unwrap();
    assert_eq!(parts.len(), 4);
    assert_eq!(read(&parts[0]), vec![("b".into(), 2), ("c".into(), 3)]);
    assert!(parts[1].is_empty());
    let tens: Vec<i64> = parts[2]
        .iter()
        .map(|row| sql::get(row, "tens").unwrap())
        .collect();
    assert_eq!(tens, vec![20]);
    assert_eq!(
        read(&parts[3]),
        vec![("a".into(), 1), ("b".into(), 2), ("c".into(), 3)]
    );

    // No selects: no parts.
    assert!(sql::read_together(db, Vec::new()).await.unwrap().is_empty());
}
