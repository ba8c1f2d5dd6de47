//! Currencies and currency rates.

use super::*;

#[derive(Clone, Debug)]
pub struct CurrencyRate {
    pub id: Uuid,
    pub currency: String,
    pub date: NaiveDate,
    pub rate_e10: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

fn currency_rate(row: &QueryResult) -> Result<CurrencyRate, DbErr> {
    Ok(CurrencyRate {
        id: get(row, "id")?,
        currency: get(row, "currency")?,
        date: get(row, "rate_date")?,
        rate_e10: get(row, "rate_e10")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

const RATE_COLUMNS: [&str; 6] = [
    "id",
    "currency",
    "rate_date",
    "rate_e10",
    "created_at",
    "updated_at",
];

pub async fn insert_rate(
    db: &impl ConnectionTrait,
    company: CompanyId,
    rate: &CurrencyRate,
) -> Result<(), DbErr> {
    insert(
        db,
        "currency_rates",
        &[
            ("company_id", company.0.into()),
            ("id", rate.id.into()),
            ("currency", rate.currency.clone().into()),
            ("rate_date", rate.date.into()),
            ("rate_e10", rate.rate_e10.into()),
            ("created_at", rate.created_at.into()),
            ("updated_at", rate.updated_at.into()),
        ],
    )
    .await
}

pub fn rates(company: CompanyId, currency: Option<&str>) -> SelectStatement {
    let mut select = Query::select()
        .columns(RATE_COLUMNS.map(|column| ("currency_rates", column)))
        .from("currency_rates")
        .and_where(Expr::col(("currency_rates", "company_id")).eq(company.0))
        .to_owned();
    if let Some(currency) = currency {
        select.and_where(Expr::col(("currency_rates", "currency")).eq(currency));
    }
    select
}

pub async fn list_rates(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<CurrencyRate>, i64), DbErr> {
    fetch_page(db, filtered, page, ("currency_rates", "id"), currency_rate).await
}

/// The latest rate of `currency` on or before `date`.
pub async fn rate_on(
    db: &impl ConnectionTrait,
    company: CompanyId,
    currency: &str,
    date: NaiveDate,
) -> Result<Option<i64>, DbErr> {
    let mut select = rates(company, Some(currency));
    select
        .and_where(Expr::col(("currency_rates", "rate_date")).lte(date))
        .order_by(("currency_rates", "rate_date"), Order::Desc)
        .limit(1);
    Ok(db
        .query_one(&select)
        .await?
        .as_ref()
        .map(currency_rate)
        .transpose()?
        .map(|rate| rate.rate_e10))
}

/// The ISO 4217 currencies the system knows, by code.
pub async fn currencies(db: &impl ConnectionTrait) -> Result<Vec<(String, i32, String)>, DbErr> {
    let select = Query::select()
        .columns(["code", "exponent", "name"])
        .from("currencies")
        .order_by("code", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| Ok((get(row, "code")?, get(row, "exponent")?, get(row, "name")?)))
        .collect()
}
