//! Company-level ledger settings.

use super::*;

/// The company's lock date and the month its fiscal year starts in.
pub async fn ledger_settings(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<(Option<NaiveDate>, u32), DbErr> {
    let select = Query::select()
        .columns(["lock_date", "fiscal_year_start_month"])
        .from("companies")
        .and_where(Expr::col("id").eq(company.0))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => {
            let month: i32 = get(&row, "fiscal_year_start_month")?;
            Ok((
                get(&row, "lock_date")?,
                u32::try_from(month).unwrap_or(1).clamp(1, 12),
            ))
        }
        None => Ok((None, 1)),
    }
}

/// The month the company's fiscal year starts in.
pub async fn fiscal_year_start_month(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<u32, DbErr> {
    Ok(ledger_settings(db, company).await?.1)
}

/// The company's tax rounding (`line` unless set).
pub async fn tax_rounding(db: &impl ConnectionTrait, company: CompanyId) -> Result<String, DbErr> {
    let select = Query::select()
        .column("tax_rounding")
        .from("accounting_settings")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => get(&row, "tax_rounding"),
        None => Ok("line".to_owned()),
    }
}

pub async fn set_tax_rounding(
    db: &impl ConnectionTrait,
    company: CompanyId,
    rounding: &str,
    now: i64,
) -> Result<(), DbErr> {
    let upsert = Query::insert()
        .into_table("accounting_settings")
        .columns(["company_id", "tax_rounding", "updated_at"])
        .values_panic([company.0.into(), rounding.into(), now.into()])
        .on_conflict(
            OnConflict::column("company_id")
                .update_columns(["tax_rounding", "updated_at"])
                .to_owned(),
        )
        .to_owned();
    db.execute(&upsert).await.map(|_| ())
}
