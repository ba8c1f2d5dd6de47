//! Small helpers every module's store uses: read a column, read many rows by position, insert
//! or update a row from `(column, value)` pairs. The caller names its own tables; these add
//! nothing else.

use arkan_kernel::CompanyId;
use sea_orm::sea_query::{
    CommonTableExpression, Expr, ExprTrait, InsertStatement, OnConflict, Query, SelectStatement,
    UpdateStatement, WithClause,
};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryResult, Statement, TryGetableMany, Value};
use serde::de::DeserializeOwned;
use uuid::Uuid;

pub fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T, DbErr> {
    row.try_get("", column)
}

/// Every row of `select`, each read by position as `T`: a tuple with a field for each of the
/// select's columns, of uuids, strings, integers and options of them. For reads of many rows,
/// such as a report's; the rows come in no particular order.
///
/// PostgreSQL sends them row by row. SQLite packs them into one JSON array
/// (`json_group_array`), so the driver hands over one value instead of one row after another
/// from its worker thread, which costs more than SQLite's own work: 100,000 products read
/// about three times faster (`docs/benchmarks.md`, Order 12). The select stays as written (its
/// own aliases too); its columns are named by position outside it, in a `WITH`. A blob
/// arrives there as its hex text, which a uuid reads; a column holding a boolean (0 or 1 on
/// SQLite) does not read as one, so `T` has none. One JSON text must stay under SQLite's limit
/// of 1 GB.
pub async fn all_rows<T>(
    db: &impl ConnectionTrait,
    select: &SelectStatement,
) -> Result<Vec<T>, DbErr>
where
    T: TryGetableMany + DeserializeOwned,
{
    if db.get_database_backend() != DbBackend::Sqlite {
        return db
            .query_all(select)
            .await?
            .iter()
            .map(|row| T::try_get_many_by_index(row).map_err(DbErr::from))
            .collect();
    }
    let mut count = 0;
    select.clone().exprs_mut_for_each(|_| count += 1);
    let names: Vec<String> = (0..count).map(|index| format!("c{index}")).collect();
    let values: Vec<String> = names
        .iter()
        .map(|name| format!("CASE WHEN typeof({name}) = 'blob' THEN hex({name}) ELSE {name} END"))
        .collect();
    let packed = Query::select()
        .expr(Expr::cust(format!(
            "json_group_array(json_array({}))",
            values.join(", ")
        )))
        .from("selected")
        .to_owned();
    let selected = CommonTableExpression::new()
        .query(select.clone())
        .table_name("selected")
        .columns(names)
        .to_owned();
    let text: String = match db
        .query_one(&WithClause::new().cte(selected).to_owned().query(packed))
        .await?
    {
        Some(row) => row.try_get_by_index(0)?,
        None => return Ok(Vec::new()),
    };
    serde_json::from_str(&text).map_err(|error| DbErr::Custom(format!("a packed row: {error}")))
}

/// The most values a [`batch`] binds as one text on SQLite: what one statement may bind.
const SQLITE_BATCH_VALUES: usize = 32_766;

/// Runs `statements` one after the other and returns the rows they return, in order (a
/// statement without `RETURNING` returns none). On SQLite they travel as one text: its driver
/// prepares the statements of a text one after the other, binding the values in order (the
/// query builder's placeholders are all `?`), so the connection's worker thread is handed work
/// once instead of once per statement, and that hand-over costs more than SQLite's own work on
/// a small write. PostgreSQL cannot prepare several statements as one; there they go one per
/// round trip, and a caller that can folds them into one statement's `WITH` instead. A bulk
/// write (more values than one SQLite statement may bind) goes one statement at a time: its
/// texts stay few and cached, and the hand-overs are few beside its rows.
pub async fn batch(
    db: &impl ConnectionTrait,
    statements: Vec<Statement>,
) -> Result<Vec<QueryResult>, DbErr> {
    let bound: usize = statements
        .iter()
        .map(|statement| statement.values.as_ref().map_or(0, |values| values.0.len()))
        .sum();
    if statements.len() < 2
        || db.get_database_backend() != DbBackend::Sqlite
        || bound > SQLITE_BATCH_VALUES
    {
        let mut rows = Vec::new();
        for statement in statements {
            rows.extend(db.query_all_raw(statement).await?);
        }
        return Ok(rows);
    }
    let mut sql = String::new();
    let mut values = Vec::new();
    for statement in statements {
        if !sql.is_empty() {
            sql.push_str("; ");
        }
        sql.push_str(&statement.sql);
        values.extend(statement.values.map(|bound| bound.0).unwrap_or_default());
    }
    db.query_all_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        sql,
        values,
    ))
    .await
}

/// A row's columns read one after the other by position, in the order its select names them:
/// for rows read many at a time, where finding each column by its name costs more than the
/// value itself. (A NULL still costs sea-orm an error it formats and the reader drops, of the
/// index rather than of the name.)
pub struct InOrder<'a> {
    row: &'a QueryResult,
    at: usize,
}

impl<'a> InOrder<'a> {
    pub fn new(row: &'a QueryResult) -> Self {
        InOrder { row, at: 0 }
    }

    /// The next column's value.
    pub fn read<T: sea_orm::TryGetable>(&mut self) -> Result<T, DbErr> {
        let value = self.row.try_get_by_index(self.at);
        self.at += 1;
        value
    }
}

/// The column [`read_together`] adds to each select on SQLite, naming the select a row is of.
const PART: &str = "batch_part";

/// The rows of each of `selects`, read together: one [`batch`] on SQLite (each select also
/// returns its place in a column of its own, which the rows' readers do not look at), one
/// statement after another on PostgreSQL. For the small reads a write needs before it can
/// write, such as the rows a posting checks its lines against.
pub async fn read_together(
    db: &impl ConnectionTrait,
    selects: Vec<SelectStatement>,
) -> Result<Vec<Vec<QueryResult>>, DbErr> {
    let backend = db.get_database_backend();
    if backend != DbBackend::Sqlite || selects.len() < 2 {
        let mut parts = Vec::with_capacity(selects.len());
        for select in &selects {
            parts.push(db.query_all(select).await?);
        }
        return Ok(parts);
    }
    let mut parts: Vec<Vec<QueryResult>> = selects.iter().map(|_| Vec::new()).collect();
    let statements = selects
        .into_iter()
        .enumerate()
        .map(|(index, mut select)| {
            backend.build(select.expr_as(Expr::cust(index.to_string()), PART))
        })
        .collect();
    for row in batch(db, statements).await? {
        let index: i64 = get(&row, PART)?;
        parts
            .get_mut(usize::try_from(index).unwrap_or(usize::MAX))
            .ok_or_else(|| DbErr::Custom(format!("a row of no select ({index})")))?
            .push(row);
    }
    Ok(parts)
}

/// A column holding one of a closed set of codes (a state, a kind), parsed at the store's edge;
/// a code the program does not know is an error, never a silent default.
pub fn get_code<T>(
    row: &QueryResult,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, DbErr> {
    let text: String = get(row, column)?;
    parse(&text).ok_or_else(|| DbErr::Custom(format!("unknown {column} {text:?} in the database")))
}

pub fn values(
    pairs: &[(&'static str, Value)],
) -> (Vec<&'static str>, Vec<sea_orm::sea_query::SimpleExpr>) {
    (
        pairs.iter().map(|(column, _)| *column).collect(),
        pairs
            .iter()
            .map(|(_, value)| value.clone().into())
            .collect(),
    )
}

pub async fn insert(
    db: &impl ConnectionTrait,
    table: &'static str,
    pairs: &[(&'static str, Value)],
) -> Result<(), DbErr> {
    db.execute(&insert_statement(table, pairs))
        .await
        .map(|_| ())
}

/// The statement [`insert`] sends, for a caller that sends it with others.
pub fn insert_statement(table: &'static str, pairs: &[(&'static str, Value)]) -> InsertStatement {
    let (columns, row) = values(pairs);
    Query::insert()
        .into_table(table)
        .columns(columns)
        .values_panic(row)
        .to_owned()
}

pub async fn update(
    db: &impl ConnectionTrait,
    table: &'static str,
    company: CompanyId,
    id: Uuid,
    pairs: &[(&'static str, Value)],
) -> Result<u64, DbErr> {
    let statement = update_statement(table, company, id, pairs);
    Ok(db.execute(&statement).await?.rows_affected())
}

/// The statement [`update`] sends, for a caller that sends it with others.
pub fn update_statement(
    table: &'static str,
    company: CompanyId,
    id: Uuid,
    pairs: &[(&'static str, Value)],
) -> UpdateStatement {
    Query::update()
        .table(table)
        .values(
            pairs
                .iter()
                .map(|(column, value)| (*column, value.clone().into())),
        )
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned()
}

/// Takes the next number of a document sequence kept in `table` (`company_id`, `prefix`,
/// `next_number`, keyed by the first two): 1 the first time. The row stays locked until the
/// transaction ends, so the numbers are gapless.
pub async fn take_number(
    db: &impl ConnectionTrait,
    table: &'static str,
    company: CompanyId,
    prefix: &str,
) -> Result<i64, DbErr> {
    let upsert = Query::insert()
        .into_table(table)
        .columns(["company_id", "prefix", "next_number"])
        .values_panic([company.0.into(), prefix.into(), 2_i64.into()])
        .on_conflict(
            OnConflict::columns(["company_id", "prefix"])
                .value("next_number", Expr::col((table, "next_number")).add(1))
                .to_owned(),
        )
        .returning(Query::returning().column("next_number"))
        .to_owned();
    let row = db
        .query_one(&upsert)
        .await?
        .ok_or_else(|| DbErr::Custom("the sequence returned no row".into()))?;
    let next: i64 = get(&row, "next_number")?;
    Ok(next - 1)
}
