//! `sql::all_rows`: many rows read by position, packed into one JSON value on SQLite and row
//! by row on PostgreSQL, read back alike.

use arkan_platform::sql;
use arkan_testkit::TestApp;
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
