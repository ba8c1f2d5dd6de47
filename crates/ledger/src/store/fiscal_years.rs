//! Fiscal years.

use super::*;

#[derive(Clone, Debug)]
pub struct FiscalYear {
    pub id: Uuid,
    pub name: String,
    pub date_from: NaiveDate,
    pub date_to: NaiveDate,
    pub state: FiscalYearState,
    /// The entry that closed the year (none while open, or when there was nothing to close).
    pub closing_entry_id: Option<Uuid>,
    pub created_at: i64,
    pub updated_at: i64,
}

const FISCAL_YEAR_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "date_from",
    "date_to",
    "state",
    "closing_entry_id",
    "created_at",
    "updated_at",
];

pub(super) fn fiscal_year(row: &QueryResult) -> Result<FiscalYear, DbErr> {
    Ok(FiscalYear {
        id: get(row, "id")?,
        name: get(row, "name")?,
        date_from: get(row, "date_from")?,
        date_to: get(row, "date_to")?,
        state: get_code(row, "state", FiscalYearState::parse)?,
        closing_entry_id: get(row, "closing_entry_id")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub async fn insert_fiscal_year(
    db: &impl ConnectionTrait,
    company: CompanyId,
    year: &FiscalYear,
) -> Result<(), DbErr> {
    insert(
        db,
        "fiscal_years",
        &[
            ("company_id", company.0.into()),
            ("id", year.id.into()),
            ("name", year.name.clone().into()),
            ("date_from", year.date_from.into()),
            ("date_to", year.date_to.into()),
            ("state", year.state.as_str().into()),
            ("created_at", year.created_at.into()),
            ("updated_at", year.updated_at.into()),
        ],
    )
    .await
}

/// Inserts a fiscal year unless one starting the same day exists (a concurrent posting may have
/// opened it a moment ago).
pub async fn insert_fiscal_year_if_absent(
    db: &impl ConnectionTrait,
    company: CompanyId,
    year: &FiscalYear,
) -> Result<(), DbErr> {
    let statement = Query::insert()
        .into_table("fiscal_years")
        .columns([
            "company_id",
            "id",
            "name",
            "date_from",
            "date_to",
            "state",
            "created_at",
            "updated_at",
        ])
        .values_panic([
            company.0.into(),
            year.id.into(),
            year.name.clone().into(),
            year.date_from.into(),
            year.date_to.into(),
            year.state.as_str().into(),
            year.created_at.into(),
            year.updated_at.into(),
        ])
        .on_conflict(OnConflict::new().do_nothing().to_owned())
        .to_owned();
    db.execute(&statement).await.map(|_| ())
}

pub fn fiscal_years(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(FISCAL_YEAR_COLUMNS.map(|column| ("fiscal_years", column)))
        .from("fiscal_years")
        .and_where(Expr::col(("fiscal_years", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn list_fiscal_years(
    db: &impl ConnectionTrait,
    company: CompanyId,
    page: &PageRequest,
) -> Result<(Vec<FiscalYear>, i64), DbErr> {
    let filtered = fiscal_years(company);
    fetch_page(db, &filtered, page, ("fiscal_years", "id"), fiscal_year).await
}

/// The latest fiscal year starting on or before `date` (it holds `date`, or ended before it).
pub async fn fiscal_year_started_by(
    db: &impl ConnectionTrait,
    company: CompanyId,
    date: NaiveDate,
) -> Result<Option<FiscalYear>, DbErr> {
    let mut select = fiscal_years(company);
    select
        .and_where(Expr::col(("fiscal_years", "date_from")).lte(date))
        .order_by(("fiscal_years", "date_from"), Order::Desc)
        .limit(1);
    db.query_one(&select)
        .await?
        .as_ref()
        .map(fiscal_year)
        .transpose()
}

/// Fiscal years overlapping `[from, to]`.
pub async fn fiscal_years_between(
    db: &impl ConnectionTrait,
    company: CompanyId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<FiscalYear>, DbErr> {
    let mut select = fiscal_years(company);
    select
        .and_where(Expr::col(("fiscal_years", "date_from")).lte(to))
        .and_where(Expr::col(("fiscal_years", "date_to")).gte(from))
        .order_by(("fiscal_years", "date_from"), Order::Asc);
    db.query_all(&select)
        .await?
        .iter()
        .map(fiscal_year)
        .collect()
}

/// The company's fiscal year `id`, if any.
pub async fn fiscal_year_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<FiscalYear>, DbErr> {
    let mut select = fiscal_years(company);
    select.and_where(Expr::col(("fiscal_years", "id")).eq(id));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(fiscal_year)
        .transpose()
}

/// Whether a stored fiscal year of the company ending before `date` (`before`) or starting
/// after it (`!before`) is in `state`.
pub async fn fiscal_year_beside_in(
    db: &impl ConnectionTrait,
    company: CompanyId,
    date: NaiveDate,
    before: bool,
    state: FiscalYearState,
) -> Result<bool, DbErr> {
    let mut select = Query::select()
        .column("id")
        .from("fiscal_years")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("state").eq(state.as_str()))
        .limit(1)
        .to_owned();
    if before {
        select.and_where(Expr::col("date_to").lt(date));
    } else {
        select.and_where(Expr::col("date_from").gt(date));
    }
    Ok(db.query_one(&select).await?.is_some())
}

/// Moves a year from `from` to `year.state` with its closing entry, only if it is still in
/// `from` (two closes at once: one of them changes the row). Returns whether it did.
pub async fn set_fiscal_year_state(
    db: &impl ConnectionTrait,
    company: CompanyId,
    year: &FiscalYear,
    from: FiscalYearState,
) -> Result<bool, DbErr> {
    let statement = Query::update()
        .table("fiscal_years")
        .values([
            ("state", year.state.as_str().into()),
            ("closing_entry_id", year.closing_entry_id.into()),
            ("updated_at", year.updated_at.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(year.id))
        .and_where(Expr::col("state").eq(from.as_str()))
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected() == 1)
}
