//! Company-level ledger settings.

use std::collections::HashMap;

use arkan_platform::state::BookSettings;

use super::*;

/// The company's lock date and the month its fiscal year starts in.
pub async fn ledger_settings(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<(Option<NaiveDate>, u32), DbErr> {
    let settings = book_settings(db, &[company])
        .await?
        .remove(&company)
        .unwrap_or_default();
    Ok((
        settings.lock_date,
        u32::try_from(settings.fiscal_year_start_month)
            .unwrap_or(1)
            .clamp(1, 12),
    ))
}

/// The month the company's fiscal year starts in.
pub async fn fiscal_year_start_month(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<u32, DbErr> {
    Ok(ledger_settings(db, company).await?.1)
}

/// The lock date and fiscal year start of each company that has settings stored.
pub async fn book_settings(
    db: &impl ConnectionTrait,
    companies: &[CompanyId],
) -> Result<HashMap<CompanyId, BookSettings>, DbErr> {
    if companies.is_empty() {
        return Ok(HashMap::new());
    }
    let select = Query::select()
        .columns(["company_id", "lock_date", "fiscal_year_start_month"])
        .from("accounting_settings")
        .and_where(Expr::col("company_id").is_in(companies.iter().map(|company| company.0)))
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok((
                CompanyId(get(row, "company_id")?),
                BookSettings {
                    fiscal_year_start_month: get(row, "fiscal_year_start_month")?,
                    lock_date: get(row, "lock_date")?,
                },
            ))
        })
        .collect()
}

/// Saves the company's lock date and fiscal year start (other settings keep their values),
/// holding the company's chain row until the caller commits ([`hold_chain`]): postings in
/// flight finish first, later ones see the new lock date.
pub async fn set_book_settings(
    db: &impl ConnectionTrait,
    company: CompanyId,
    settings: BookSettings,
    now: i64,
) -> Result<(), DbErr> {
    let upsert = Query::insert()
        .into_table("accounting_settings")
        .columns([
            "company_id",
            "tax_rounding",
            "fiscal_year_start_month",
            "lock_date",
            "updated_at",
        ])
        .values_panic([
            company.0.into(),
            DEFAULT_TAX_ROUNDING.into(),
            settings.fiscal_year_start_month.into(),
            settings.lock_date.into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::column("company_id")
                .update_columns(["fiscal_year_start_month", "lock_date", "updated_at"])
                .to_owned(),
        )
        .to_owned();
    hold_chain(db, company).await?;
    db.execute(&upsert).await.map(|_| ())
}

/// How tax is rounded until a company chooses otherwise.
pub const DEFAULT_TAX_ROUNDING: &str = "line";

/// The company's tax rounding (`line` unless set).
pub async fn tax_rounding(db: &impl ConnectionTrait, company: CompanyId) -> Result<String, DbErr> {
    let select = Query::select()
        .column("tax_rounding")
        .from("accounting_settings")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => get(&row, "tax_rounding"),
        None => Ok(DEFAULT_TAX_ROUNDING.to_owned()),
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

/// The largest write-off an allocation may book, in minor units of the company currency (0, no
/// write-offs, unless set).
pub async fn write_off_limit(db: &impl ConnectionTrait, company: CompanyId) -> Result<i64, DbErr> {
    let select = Query::select()
        .column("write_off_limit_minor")
        .from("accounting_settings")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => get(&row, "write_off_limit_minor"),
        None => Ok(0),
    }
}

pub async fn set_write_off_limit(
    db: &impl ConnectionTrait,
    company: CompanyId,
    limit: i64,
    now: i64,
) -> Result<(), DbErr> {
    let upsert = Query::insert()
        .into_table("accounting_settings")
        .columns([
            "company_id",
            "tax_rounding",
            "write_off_limit_minor",
            "updated_at",
        ])
        .values_panic([
            company.0.into(),
            DEFAULT_TAX_ROUNDING.into(),
            limit.into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::column("company_id")
                .update_columns(["write_off_limit_minor", "updated_at"])
                .to_owned(),
        )
        .to_owned();
    db.execute(&upsert).await.map(|_| ())
}

/// The accounts early-payment discounts are booked to: (allowed to clients, received from
/// vendors).
pub async fn discount_accounts(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<(Option<Uuid>, Option<Uuid>), DbErr> {
    let select = Query::select()
        .columns([
            "discount_allowed_account_id",
            "discount_received_account_id",
        ])
        .from("accounting_settings")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => Ok((
            get(&row, "discount_allowed_account_id")?,
            get(&row, "discount_received_account_id")?,
        )),
        None => Ok((None, None)),
    }
}

/// The equity account the year-end close moves profit and loss into, if set.
pub async fn retained_earnings_account(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Option<Uuid>, DbErr> {
    let select = Query::select()
        .column("retained_earnings_account_id")
        .from("accounting_settings")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => get(&row, "retained_earnings_account_id"),
        None => Ok(None),
    }
}

/// The settings that name an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountSetting {
    /// Early-payment discounts taken by clients.
    DiscountAllowed,
    /// Early-payment discounts taken from vendors.
    DiscountReceived,
    /// Where the year-end close moves profit and loss.
    RetainedEarnings,
}

impl AccountSetting {
    fn column(self) -> &'static str {
        match self {
            AccountSetting::DiscountAllowed => "discount_allowed_account_id",
            AccountSetting::DiscountReceived => "discount_received_account_id",
            AccountSetting::RetainedEarnings => "retained_earnings_account_id",
        }
    }
}

/// Sets one of the accounts the settings name, or clears it.
pub async fn set_account_setting(
    db: &impl ConnectionTrait,
    company: CompanyId,
    setting: AccountSetting,
    account: Option<Uuid>,
    now: i64,
) -> Result<(), DbErr> {
    let column = setting.column();
    let upsert = Query::insert()
        .into_table("accounting_settings")
        .columns(["company_id", "tax_rounding", column, "updated_at"])
        .values_panic([
            company.0.into(),
            DEFAULT_TAX_ROUNDING.into(),
            account.into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::column("company_id")
                .update_columns([column, "updated_at"])
                .to_owned(),
        )
        .to_owned();
    db.execute(&upsert).await.map(|_| ())
}

/// The emirate of the company's supplies to clients without one (VAT return, box 1).
pub async fn vat_emirate(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Option<String>, DbErr> {
    let select = Query::select()
        .column("vat_emirate")
        .from("accounting_settings")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => get(&row, "vat_emirate"),
        None => Ok(None),
    }
}

/// Sets the company's VAT emirate, or clears it.
pub async fn set_vat_emirate(
    db: &impl ConnectionTrait,
    company: CompanyId,
    emirate: Option<&str>,
    now: i64,
) -> Result<(), DbErr> {
    let upsert = Query::insert()
        .into_table("accounting_settings")
        .columns(["company_id", "tax_rounding", "vat_emirate", "updated_at"])
        .values_panic([
            company.0.into(),
            DEFAULT_TAX_ROUNDING.into(),
            emirate.map(str::to_owned).into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::column("company_id")
                .update_columns(["vat_emirate", "updated_at"])
                .to_owned(),
        )
        .to_owned();
    db.execute(&upsert).await.map(|_| ())
}
