//! Each product's valuation kept at month ends, so that a report as of a past date reads the
//! layers between that date and the nearest kept month end, not every layer since (see m0629).
//!
//! A month end is kept once a report asks for a date near it and it is at least two days past
//! ([`crate::domain::month_end_for`]). From then on every layer dated on or before it is carried
//! into it as it is written ([`carry_into_month_ends`]), so it always equals the sums of the
//! layers dated up to it. On PostgreSQL, keeping a month end and carrying a layer dated before
//! today serialize on one advisory lock of the company (exclusive to keep, shared to carry), so
//! a layer is either in the sums that make a month end or carried into it afterwards, never
//! neither; on SQLite, write transactions come one at a time anyway. That relies on write
//! transactions being READ COMMITTED on PostgreSQL (its default, which `Db::write` keeps): the
//! sums that keep a month end, and the carry's look at the kept ones, each see what committed
//! before they ran, after the lock.
//!
//! At most one month end a calendar month is kept, so a company has at most as many as the
//! months its reports have asked about, each with a row per product that had stock then. A
//! layer dated before today costs one statement per layer (a back-dated move, a landed cost on
//! an old receipt), whether or not any month end is kept.

use super::*;
use sea_orm::{DatabaseBackend, Statement};

use super::valuation::{Layer, adding_quantity_and_value, layer_sums};

/// The month ends kept for the company, oldest first.
pub async fn month_ends(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<NaiveDate>, DbErr> {
    let select = Query::select()
        .column("month_end")
        .from("stock_month_ends")
        .and_where(Expr::col("company_id").eq(company.0))
        .order_by("month_end", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| row.try_get_by_index(0))
        .collect()
}

/// Keeps each product's quantity and value at the end of `month_end` (the sums of its layers
/// dated on or before it). False when it was kept already.
pub async fn keep_month_end(
    db: &impl ConnectionTrait,
    company: CompanyId,
    month_end: NaiveDate,
    now: i64,
) -> Result<bool, DbErr> {
    hold_month_ends(db, company, false).await?;
    let insert = Query::insert()
        .into_table("stock_month_ends")
        .columns(["company_id", "month_end", "created_at"])
        .values_panic([company.0.into(), month_end.into(), now.into()])
        .on_conflict(
            OnConflict::columns(["company_id", "month_end"])
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    if db.execute(&insert).await?.rows_affected() == 0 {
        return Ok(false);
    }
    let mut sums = layer_sums(company, None, month_end);
    sums.expr(Expr::val(company.0)).expr(Expr::val(month_end));
    let keep = Query::insert()
        .into_table("stock_month_end_valuations")
        .columns(MONTH_END_COLUMNS)
        .select_from(sums)
        .map_err(|error| DbErr::Custom(error.to_string()))?
        .to_owned();
    db.execute(&keep).await?;
    Ok(true)
}

/// The columns of `stock_month_end_valuations` in the order the statements that fill it select.
const MONTH_END_COLUMNS: [&str; 5] = [
    "product_id",
    "quantity_e4",
    "value_minor",
    "company_id",
    "month_end",
];

/// Adds the layers dated before `today` to every kept month end on or after their date.
/// Layers dated today or later leave them alone: a month end is kept two days after it at
/// the earliest.
pub async fn carry_into_month_ends(
    db: &impl ConnectionTrait,
    company: CompanyId,
    layers: &[Layer],
    today: NaiveDate,
) -> Result<(), DbErr> {
    let past: Vec<&Layer> = layers
        .iter()
        .filter(|layer| layer.date < today && (layer.quantity != 0 || layer.value != 0))
        .collect();
    if past.is_empty() {
        return Ok(());
    }
    hold_month_ends(db, company, true).await?;
    for layer in past {
        let kept = Query::select()
            .expr(Expr::val(layer.product_id))
            .expr(Expr::val(layer.quantity))
            .expr(Expr::val(layer.value))
            .column("company_id")
            .column("month_end")
            .from("stock_month_ends")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("month_end").gte(layer.date))
            .to_owned();
        let carry = Query::insert()
            .into_table("stock_month_end_valuations")
            .columns(MONTH_END_COLUMNS)
            .select_from(kept)
            .map_err(|error| DbErr::Custom(error.to_string()))?
            .on_conflict(
                OnConflict::columns(["company_id", "month_end", "product_id"])
                    .values(adding_quantity_and_value("stock_month_end_valuations"))
                    .to_owned(),
            )
            .to_owned();
        db.execute(&carry).await?;
    }
    Ok(())
}

/// On PostgreSQL, the company's month-end lock until the transaction ends: shared to carry
/// layers into kept month ends, exclusive to keep a new one.
async fn hold_month_ends(
    db: &impl ConnectionTrait,
    company: CompanyId,
    shared: bool,
) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let function = if shared {
        "pg_advisory_xact_lock_shared"
    } else {
        "pg_advisory_xact_lock"
    };
    let key = company.0.as_u64_pair().0.cast_signed() ^ MONTH_END_LOCK;
    db.query_one_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        format!("SELECT {function}($1)"),
        [key.into()],
    ))
    .await?;
    Ok(())
}

/// Mixed into a company's month-end lock key, apart from other advisory locks of the company.
const MONTH_END_LOCK: i64 = 0x4D6F_6E74_6845_6E64;

/// `(product_id, quantity_e4, value_minor)` of each product kept at the month end.
pub(super) fn kept_at(company: CompanyId, month_end: NaiveDate) -> SelectStatement {
    Query::select()
        .columns(["product_id", "quantity_e4", "value_minor"])
        .from("stock_month_end_valuations")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("month_end").eq(month_end))
        .to_owned()
}

/// Whether every kept month end equals, product by product, the sums of the layers dated up
/// to it (products at nothing and nil left out): the check behind tests and audits.
pub async fn month_ends_match_layers(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<bool, DbErr> {
    for end in month_ends(db, company).await? {
        let kept = kept_at(company, end);
        let sums = layer_sums(company, None, end);
        if by_product(db, &kept).await? != by_product(db, &sums).await? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `(product_id, quantity, value)` rows by product, those at nothing and nil left out.
async fn by_product(
    db: &impl ConnectionTrait,
    select: &SelectStatement,
) -> Result<HashMap<Uuid, (i64, i64)>, DbErr> {
    let rows: Vec<(Uuid, i64, i64)> = sql::all_rows(db, select).await?;
    Ok(rows
        .into_iter()
        .filter(|(_, quantity, value)| (*quantity, *value) != (0, 0))
        .map(|(product, quantity, value)| (product, (quantity, value)))
        .collect())
}
