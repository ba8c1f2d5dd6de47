//! The one list mechanism: `limit`, `cursor`, `sort`, `order` parsed and checked the same way
//! for every list, keyset (seek) pagination on the sort field plus the id, and the
//! `{data, meta: {total, limit, cursor, hasMore}}` envelope.

use arkan_kernel::cursor::{Cursor, SortValue};
use sea_orm::sea_query::{
    Alias, Asterisk, Cond, Expr, ExprTrait, Func, LikeExpr, Order, Query, SelectStatement,
    SimpleExpr,
};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryResult, Statement, Value};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::sha256_hex;
use crate::error::{ApiError, Validation};

pub const DEFAULT_LIMIT: u64 = 25;
pub const MAX_LIMIT: u64 = 100;

/// The paging parameters every list accepts (flattened into each list's query type).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page, 1 to 100 (default 25; empty means the default).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
    /// `meta.cursor` of the previous page.
    pub cursor: Option<String>,
    /// A sort field of this list (default `createdAt`).
    pub sort: Option<String>,
    /// `asc` or `desc` (default `desc`).
    #[param(value_type = Option<String>, pattern = "^(asc|desc)?$")]
    pub order: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKind {
    Integer,
    Text,
    /// A `DATE` column; the cursor carries it as `YYYY-MM-DD`.
    Date,
    /// A text column that may be NULL (the number of a draft): sorted and sought as if NULL
    /// were the empty text, so NULLs come first ascending and last descending on every
    /// database, in id order, and a page boundary among them neither skips nor repeats a row.
    /// The cursor carries a NULL as `""`.
    NullableText,
}

/// A field a list may be sorted by: its API name and the column behind it.
#[derive(Debug)]
pub struct SortField {
    pub name: &'static str,
    pub column: &'static str,
    pub kind: SortKind,
}

/// What a list allows.
#[derive(Debug)]
pub struct ListSpec {
    /// Unique name of the list (`crm.clients`), so a cursor cannot cross lists.
    pub name: &'static str,
    pub sorts: &'static [SortField],
}

/// `createdAt`, the default sort of every list.
pub const CREATED_AT: SortField = SortField {
    name: "createdAt",
    column: "created_at",
    kind: SortKind::Integer,
};

/// A checked page request.
#[derive(Debug)]
pub struct PageRequest {
    pub limit: u64,
    pub sort: &'static SortField,
    pub descending: bool,
    after: Option<(SortValue, Uuid)>,
    list_key: String,
    request_key: String,
}

impl PageRequest {
    /// Checks the paging parameters. `filters` is a canonical text of the list's filters: a
    /// cursor issued under other filters, another sort or another list is refused.
    pub fn parse(
        params: &PageParams,
        spec: &'static ListSpec,
        filters: &str,
    ) -> Result<PageRequest, ApiError> {
        let mut validation = Validation::new();
        // An empty parameter (`limit=`) is the same as none.
        let given = |value: &Option<String>| value.clone().filter(|text| !text.is_empty());
        let (limit, sort, order) = (
            given(&params.limit),
            given(&params.sort),
            given(&params.order),
        );
        let limit = match limit.as_deref() {
            None => DEFAULT_LIMIT,
            Some(text) => match text.parse::<u64>() {
                Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => limit,
                _ => {
                    validation.add("limit", "must be a whole number from 1 to 100");
                    DEFAULT_LIMIT
                }
            },
        };
        let sort_name = sort.as_deref().unwrap_or(CREATED_AT.name);
        let sort = spec.sorts.iter().find(|field| field.name == sort_name);
        if sort.is_none() {
            let allowed: Vec<&str> = spec.sorts.iter().map(|field| field.name).collect();
            validation.add("sort", format!("must be one of: {}", allowed.join(", ")));
        }
        let descending = match order.as_deref() {
            None | Some("desc") => true,
            Some("asc") => false,
            Some(_) => {
                validation.add("order", "must be asc or desc");
                true
            }
        };
        validation.finish()?;
        let sort = sort.unwrap_or(&CREATED_AT);
        let list_key = format!(
            "{}|{}|{}|{}",
            spec.name,
            sort.name,
            if descending { "desc" } else { "asc" },
            &sha256_hex(filters.as_bytes())[..16]
        );
        let after = match params.cursor.as_deref() {
            None | Some("") => None,
            Some(text) => {
                let cursor = Cursor::decode(text).ok_or_else(|| {
                    ApiError::invalid_field("cursor", "is not a cursor issued by this API")
                })?;
                // A cursor is not signed: a forged value must not reach the database as a NUL
                // (PostgreSQL refuses it: a 500) or as a date column compared with non-date text.
                let kind_matches = match (&cursor.last_value, sort.kind) {
                    (SortValue::Integer(_), SortKind::Integer) => true,
                    (SortValue::Text(text), SortKind::Text | SortKind::NullableText) => {
                        !text.contains('\0')
                    }
                    (SortValue::Text(text), SortKind::Date) => {
                        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
                    }
                    _ => false,
                };
                if cursor.list_key != list_key || !kind_matches {
                    return Err(ApiError::invalid_field(
                        "cursor",
                        "belongs to another list, sort or filter",
                    ));
                }
                Some((cursor.last_value, cursor.last_id))
            }
        };
        let request_key = format!(
            "{list_key}|{limit}|{}|{filters}",
            params.cursor.as_deref().unwrap_or_default()
        );
        Ok(PageRequest {
            limit,
            sort,
            descending,
            after,
            list_key,
            request_key,
        })
    }

    /// Everything that decides which page this is (list, sort, order, limit, cursor and the
    /// whole filter text): the key of the page in the read cache.
    pub fn request_key(&self) -> &str {
        &self.request_key
    }

    /// Adds the seek condition, the order (sort field, then id) and `limit + 1` to a select
    /// of `table` whose unique id column is `id_column`.
    pub fn apply(
        &self,
        select: &mut SelectStatement,
        table: &'static str,
        id_column: &'static str,
    ) {
        let column = if self.sort.kind == SortKind::NullableText {
            Expr::from(Func::coalesce([
                Expr::col((table, self.sort.column)),
                Expr::val(""),
            ]))
        } else {
            Expr::col((table, self.sort.column))
        };
        let id = Expr::col((table, id_column));
        if let Some((value, last_id)) = &self.after {
            let value: sea_orm::Value = match value {
                SortValue::Integer(number) => (*number).into(),
                SortValue::Text(text) if self.sort.kind == SortKind::Date => {
                    match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                        Ok(date) => date.into(),
                        Err(_) => text.clone().into(),
                    }
                }
                SortValue::Text(text) => text.clone().into(),
            };
            let condition = if self.descending {
                Cond::any().add(column.clone().lt(value.clone())).add(
                    Cond::all()
                        .add(column.clone().eq(value))
                        .add(id.clone().lt(*last_id)),
                )
            } else {
                Cond::any().add(column.clone().gt(value.clone())).add(
                    Cond::all()
                        .add(column.clone().eq(value))
                        .add(id.clone().gt(*last_id)),
                )
            };
            select.cond_where(condition);
        }
        let order = if self.descending {
            Order::Desc
        } else {
            Order::Asc
        };
        select
            .order_by_expr(column, order.clone())
            .order_by((table, id_column), order)
            .limit(self.limit + 1);
    }

    /// Builds the page from up to `limit + 1` rows. `key` gives a row's sort value and id.
    pub fn page<T>(
        &self,
        mut rows: Vec<T>,
        total: i64,
        key: impl Fn(&T) -> (SortValue, Uuid),
    ) -> Page<T> {
        let has_more = rows.len() as u64 > self.limit;
        rows.truncate(usize::try_from(self.limit).unwrap_or(usize::MAX));
        let cursor = if has_more {
            rows.last().map(|last| {
                let (last_value, last_id) = key(last);
                Cursor {
                    list_key: self.list_key.clone(),
                    last_value,
                    last_id,
                }
                .encode()
            })
        } else {
            None
        };
        Page {
            data: rows,
            meta: PageMeta {
                total,
                limit: self.limit,
                cursor,
                has_more,
            },
        }
    }
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub meta: PageMeta,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PageMeta {
    /// Rows in the whole filtered set.
    pub total: i64,
    pub limit: u64,
    /// Pass as `cursor` for the next page; null on the last page.
    pub cursor: Option<String>,
    pub has_more: bool,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            data: self.data.into_iter().map(f).collect(),
            meta: self.meta,
        }
    }
}

/// The single number a `SELECT COUNT(*)` returns.
pub async fn count(db: &impl ConnectionTrait, select: &SelectStatement) -> Result<i64, DbErr> {
    let row = db.query_one(select).await?;
    Ok(match row {
        Some(row) => row.try_get_by_index::<i64>(0)?,
        None => 0,
    })
}

/// `SELECT COUNT(*)` over the rows a list select would return (its filters, no paging).
pub async fn count_of(db: &impl ConnectionTrait, filtered: &SelectStatement) -> Result<i64, DbErr> {
    count(db, &counting(filtered)).await
}

fn counting(filtered: &SelectStatement) -> SelectStatement {
    let mut select = filtered.clone();
    select
        .clear_selects()
        .clear_order_by()
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("n"));
    select
}

/// The number of rows of `filtered`, as a scalar subquery to put beside a page's columns.
pub fn count_column(filtered: &SelectStatement) -> SimpleExpr {
    Expr::SubQuery(None, Box::new(counting(filtered).into()))
}

/// A `LIKE` pattern matching `text` anywhere, case-insensitively (compare with `LOWER(col)`),
/// with `%` and `_` in the text taken literally.
pub fn like_pattern(text: &str) -> LikeExpr {
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// Runs a list: the page of `filtered` (seek, order, `limit + 1` rows) read by `row`, and the
/// total of the filtered set.
pub async fn fetch_page<T>(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
    (table, id_column): (&'static str, &'static str),
    row: impl Fn(&QueryResult) -> Result<T, DbErr>,
) -> Result<(Vec<T>, i64), DbErr> {
    let mut select = filtered.clone();
    page.apply(&mut select, table, id_column);
    page_and_total(db, select, count_column(filtered), page, row).await
}

/// `statement` with its closing `LIMIT` written into the text instead of bound, when it ends
/// with one (as a page's select built by [`PageRequest::apply`] does). A page's size is one of
/// a few numbers. PostgreSQL plans a prepared statement whose limit is a parameter again on
/// every run: its generic plan, which cannot know the limit, looks too costly to keep, and
/// planning a page costs about as much as reading it. With the limit in the text the plan made
/// once is kept (`docs/benchmarks.md`, Order 15, scope 3).
fn with_written_limit(mut statement: Statement) -> Statement {
    let Some(values) = statement.values.as_mut() else {
        return statement;
    };
    let placeholder = match statement.db_backend {
        DbBackend::Postgres => format!(" LIMIT ${}", values.0.len()),
        _ => " LIMIT ?".to_owned(),
    };
    if let Some(Value::BigUnsigned(Some(limit))) = values.0.last()
        && statement.sql.ends_with(&placeholder)
    {
        let limit = *limit;
        values.0.pop();
        let kept = statement.sql.len() - placeholder.len();
        statement.sql.truncate(kept);
        statement.sql.push_str(&format!(" LIMIT {limit}"));
    }
    statement
}

/// Runs a paged select with `total` (a scalar subquery giving the size of the whole filtered
/// set) as one more column, so the rows and the total come from one statement, one instant:
/// a page never shows rows that its total does not count. A first page without rows means an
/// empty set at that instant (total 0); only a later page without rows asks for the total on
/// its own.
pub async fn page_and_total<T>(
    db: &impl ConnectionTrait,
    mut select: SelectStatement,
    total: SimpleExpr,
    page: &PageRequest,
    row: impl Fn(&QueryResult) -> Result<T, DbErr>,
) -> Result<(Vec<T>, i64), DbErr> {
    select.expr_as(total.clone(), Alias::new("list_total"));
    let statement = with_written_limit(db.get_database_backend().build(&select));
    let rows = db.query_all_raw(statement).await?;
    let total = match rows.first() {
        Some(first) => first.try_get::<Option<i64>>("", "list_total")?,
        None if page.after.is_none() => Some(0),
        None => {
            let alone = Query::select()
                .expr_as(total, Alias::new("list_total"))
                .to_owned();
            match db.query_one(&alone).await? {
                Some(found) => found.try_get::<Option<i64>>("", "list_total")?,
                None => None,
            }
        }
    };
    let rows = rows.iter().map(row).collect::<Result<Vec<_>, _>>()?;
    Ok((rows, total.unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_limit_is_written_into_the_text_and_no_longer_bound() {
        let select = Query::select()
            .column("id")
            .from("pages_probe")
            .and_where(Expr::col("company_id").eq(7))
            .order_by("id", Order::Desc)
            .limit(26)
            .to_owned();
        for (backend, text) in [
            (
                DbBackend::Postgres,
                r#"SELECT "id" FROM "pages_probe" WHERE "company_id" = $1 ORDER BY "id" DESC LIMIT 26"#,
            ),
            (
                DbBackend::Sqlite,
                r#"SELECT "id" FROM "pages_probe" WHERE "company_id" = ? ORDER BY "id" DESC LIMIT 26"#,
            ),
        ] {
            let statement = with_written_limit(backend.build(&select));
            assert_eq!(statement.sql, text);
            assert_eq!(
                statement.values.map(|values| values.0),
                Some(vec![Value::Int(Some(7))])
            );
        }
        // A statement that does not end with its limit stays as built.
        let unlimited = select.clone().reset_limit().to_owned();
        let built = DbBackend::Postgres.build(&unlimited);
        assert_eq!(with_written_limit(built.clone()).sql, built.sql);
    }
}
