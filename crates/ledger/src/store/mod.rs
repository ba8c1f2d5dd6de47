//! SQL of the ledger, one file per resource. Every statement carries the caller's company.

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use chrono::NaiveDate;
use sea_orm::sea_query::{
    Alias, CommonTableExpression, Cond, Expr, ExprTrait, Func, InsertStatement, OnConflict, Order,
    PostgresQueryBuilder, Query, SelectStatement, SubQueryStatement, UpdateStatement, WithClause,
};
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DbErr, QueryResult, Statement, StatementBuilder, Value,
};
use uuid::Uuid;

use arkan_platform::db::OutboxRiders;
use arkan_platform::sql::{batch, get, get_code, insert, read_together, update, update_statement};

use crate::domain::{DocumentState, FiscalYearState, Line};

/// Rows per multi-row statement of `columns` columns: inside SQLite's 32,766 bound values
/// (PostgreSQL allows 65,535).
const fn rows_per_statement(columns: usize) -> usize {
    let rows = 32_000 / columns;
    if rows == 0 { 1 } else { rows }
}

mod accounts;
mod entries;
mod fiscal_years;
mod journals;
mod movements;
mod posting;
mod rates;
mod revenue;
mod revenue_months;
mod settings;
mod tax_details;
mod taxes;

pub use accounts::*;
pub use entries::*;
pub use fiscal_years::*;
pub use journals::*;
pub use movements::*;
pub use posting::*;
pub use rates::*;
pub use revenue::*;
pub use revenue_months::*;
pub use settings::*;
pub use tax_details::*;
pub use taxes::*;

/// The first days of the first and last whole months inside `since..=until`, if it holds one.
fn whole_months(since: NaiveDate, until: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    use chrono::{Datelike, Months};
    let month_start = |date: NaiveDate| date.with_day(1).unwrap_or(date);
    let first = if since.day() == 1 {
        since
    } else {
        month_start(since).checked_add_months(Months::new(1))?
    };
    let last_end = if until.succ_opt()?.day() == 1 {
        until
    } else {
        month_start(until).pred_opt()?
    };
    (first <= last_end).then(|| (first, month_start(last_end)))
}

/// The statements that add rows to a table of kept sums (`keys` then `sums` columns, each row
/// its values in that order): a row that exists gets the sums added. Rows are written in the
/// order given, which callers keep sorted so concurrent postings lock them in one order, many
/// per statement.
fn kept_additions(
    table: &'static str,
    keys: &[&'static str],
    sums: &[&'static str],
    rows: Vec<Vec<Value>>,
) -> Vec<InsertStatement> {
    let excluded = Alias::new("excluded");
    rows.chunks(rows_per_statement(keys.len() + sums.len()))
        .map(|chunk| {
            let mut upsert = Query::insert()
                .into_table(table)
                .columns(keys.iter().chain(sums).copied())
                .on_conflict(
                    OnConflict::columns(keys.iter().copied())
                        .values(sums.iter().map(|column| {
                            (
                                *column,
                                Expr::col((table, *column))
                                    .add(Expr::col((excluded.clone(), *column))),
                            )
                        }))
                        .to_owned(),
                )
                .to_owned();
            for row in chunk {
                upsert.values_panic(row.iter().cloned().map(Expr::from));
            }
            upsert
        })
        .collect()
}

/// Bound values PostgreSQL takes in one statement, with room to spare (its limit is 65,535).
const VALUES_PER_FOLD: usize = 60_000;

/// Runs `parts`, then `last`, and returns `last`'s rows. On PostgreSQL the parts travel as
/// data-modifying parts of `last`'s `WITH` clause, one round trip for all (they run to
/// completion whether or not `last` reads them, and foreign keys are checked at the end of the
/// whole statement), unless together they bind more values than a statement may; elsewhere
/// they run one after the other, in one hand-over on SQLite ([`batch`]). For what a posting
/// writes while it holds the company's chain row: every round trip there is time the
/// company's other postings wait. `riders` are the outbox's rows, which ride along: on
/// PostgreSQL more parts of the `WITH` (a caller takes them only where it found that the
/// parts fold, [`riders_fit`], so they are not counted again), on SQLite statements after
/// `last` in its batch. The parts and the riders return no rows (none has `RETURNING`):
/// where the parts do not fold, every statement's rows come back, `last`'s after the parts'.
async fn fold<L>(
    db: &impl ConnectionTrait,
    parts: Vec<SubQueryStatement>,
    riders: OutboxRiders,
    last: L,
) -> Result<Vec<QueryResult>, DbErr>
where
    L: StatementBuilder + Into<SubQueryStatement>,
{
    if !riders.parts.is_empty() || folds(db, &parts) {
        let mut with = WithClause::new();
        for (index, part) in parts.into_iter().enumerate() {
            with.cte(named(&format!("part{index}"), part));
        }
        for rider in riders.parts {
            with.cte(rider);
        }
        return db.query_all(&with.query(last)).await;
    }
    let backend = db.get_database_backend();
    let mut statements: Vec<Statement> = parts.iter().map(|part| built(backend, part)).collect();
    statements.push(backend.build(&last));
    statements.extend(riders.after);
    batch(db, statements).await
}

/// Whether `parts` travel in one statement's `WITH` ([`fold`]): on PostgreSQL, when there are
/// some and together they bind no more values than a statement may (with room for a few
/// thousand more: the riders').
pub fn folds(db: &impl ConnectionTrait, parts: &[SubQueryStatement]) -> bool {
    !parts.is_empty() && fits_one_statement(db, parts)
}

/// Whether the outbox's rows may ride along with `parts` ([`fold`]): on SQLite always (they
/// follow in the same batch), on PostgreSQL where the parts fold.
pub fn riders_fit(db: &impl ConnectionTrait, parts: &[SubQueryStatement]) -> bool {
    db.get_database_backend() == DatabaseBackend::Sqlite || folds(db, parts)
}

/// Whether `parts` may travel in one PostgreSQL statement: on PostgreSQL, when together they
/// bind no more values than a statement may (with room for a few more).
fn fits_one_statement(db: &impl ConnectionTrait, parts: &[SubQueryStatement]) -> bool {
    let values = |statement: &SubQueryStatement| match statement {
        SubQueryStatement::InsertStatement(insert) => insert.build(PostgresQueryBuilder).1.0.len(),
        SubQueryStatement::UpdateStatement(update) => update.build(PostgresQueryBuilder).1.0.len(),
        _ => VALUES_PER_FOLD,
    };
    db.get_database_backend() == DatabaseBackend::Postgres
        && parts.iter().map(values).sum::<usize>() <= VALUES_PER_FOLD
}

/// `query` as the part `name` of a statement's `WITH`.
fn named(name: &str, query: impl Into<SubQueryStatement>) -> CommonTableExpression {
    CommonTableExpression::new()
        .query(query)
        .table_name(Alias::new(name))
        .to_owned()
}

/// `part` as `backend` takes it.
fn built(backend: DatabaseBackend, part: &SubQueryStatement) -> Statement {
    match part {
        SubQueryStatement::InsertStatement(insert) => backend.build(insert),
        SubQueryStatement::UpdateStatement(update) => backend.build(update),
        SubQueryStatement::DeleteStatement(delete) => backend.build(delete),
        SubQueryStatement::SelectStatement(select) => backend.build(select),
        SubQueryStatement::WithStatement(with) => backend.build(with),
    }
}

/// Runs the statements one after the other, in one hand-over on SQLite ([`batch`]).
async fn run_all(db: &impl ConnectionTrait, statements: Vec<InsertStatement>) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let statements = statements
        .iter()
        .map(|statement| backend.build(statement))
        .collect();
    batch(db, statements).await.map(|_| ())
}

/// A span split for sums kept per month: the whole months inside it (the first days of the
/// first and last), read from the kept months, and the days around them (the whole span when
/// it holds no whole month), read from the rows themselves.
struct MonthSplit {
    months: Option<(NaiveDate, NaiveDate)>,
    days: Vec<(NaiveDate, NaiveDate)>,
}

fn split_by_months(since: NaiveDate, until: NaiveDate) -> MonthSplit {
    let Some((first, last)) = whole_months(since, until) else {
        return MonthSplit {
            months: None,
            days: vec![(since, until)],
        };
    };
    let mut days = Vec::new();
    if let Some(before) = first.pred_opt()
        && since <= before
    {
        days.push((since, before));
    }
    if let Some(after) = last
        .checked_add_months(chrono::Months::new(1))
        .filter(|after| *after <= until)
    {
        days.push((after, until));
    }
    MonthSplit {
        months: Some((first, last)),
        days,
    }
}

/// The first day of the month of a date column, as each database writes it.
fn month_of(backend: sea_orm::DatabaseBackend, column: &str) -> String {
    match backend {
        sea_orm::DatabaseBackend::Sqlite => format!("substr({column}, 1, 7) || '-01'"),
        _ => format!("CAST(date_trunc('month', {column}) AS DATE)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        arkan_platform::fields::date(text).unwrap_or_default()
    }

    #[test]
    fn whole_months_are_the_months_a_span_covers_from_first_to_last_day() {
        let span = |from, to| whole_months(day(from), day(to));
        assert_eq!(
            span("2026-01-01", "2026-12-31"),
            Some((day("2026-01-01"), day("2026-12-01")))
        );
        assert_eq!(
            span("2026-01-15", "2026-03-20"),
            Some((day("2026-02-01"), day("2026-02-01")))
        );
        assert_eq!(
            span("2024-02-01", "2024-02-29"),
            Some((day("2024-02-01"), day("2024-02-01")))
        );
        assert_eq!(span("2026-01-02", "2026-01-31"), None);
        assert_eq!(span("2026-01-15", "2026-02-27"), None);
        let split = split_by_months(day("2026-01-15"), day("2026-03-20"));
        assert_eq!(split.months, Some((day("2026-02-01"), day("2026-02-01"))));
        assert_eq!(
            split.days,
            [
                (day("2026-01-15"), day("2026-01-31")),
                (day("2026-03-01"), day("2026-03-20"))
            ]
        );
        let inside = split_by_months(day("2026-01-02"), day("2026-01-30"));
        assert_eq!(inside.months, None);
        assert_eq!(inside.days, [(day("2026-01-02"), day("2026-01-30"))]);
    }
}
