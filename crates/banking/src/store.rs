//! Partners' bank details.

use arkan_kernel::CompanyId;
use arkan_platform::sql::get;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

pub struct BankDetails {
    pub partner_id: Uuid,
    pub iban: String,
    pub bank_name: String,
    pub bic: Option<String>,
    pub routing_code: Option<String>,
    pub account_holder_name: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Creates or replaces a partner's bank details.
pub async fn put_bank_details(
    db: &impl ConnectionTrait,
    company: CompanyId,
    details: &BankDetails,
) -> Result<(), DbErr> {
    let statement = Query::insert()
        .into_table("partner_bank_details")
        .columns([
            "company_id",
            "partner_id",
            "iban",
            "bank_name",
            "bic",
            "routing_code",
            "account_holder_name",
            "created_at",
            "updated_at",
        ])
        .values_panic([
            company.0.into(),
            details.partner_id.into(),
            details.iban.clone().into(),
            details.bank_name.clone().into(),
            details.bic.clone().into(),
            details.routing_code.clone().into(),
            details.account_holder_name.clone().into(),
            details.created_at.into(),
            details.updated_at.into(),
        ])
        .on_conflict(
            OnConflict::columns(["company_id", "partner_id"])
                .update_columns([
                    "iban",
                    "bank_name",
                    "bic",
                    "routing_code",
                    "account_holder_name",
                    "updated_at",
                ])
                .to_owned(),
        )
        .to_owned();
    db.execute(&statement).await.map(|_| ())
}

pub async fn bank_details(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partner: Uuid,
) -> Result<Option<BankDetails>, DbErr> {
    let select = Query::select()
        .columns([
            "partner_id",
            "iban",
            "bank_name",
            "bic",
            "routing_code",
            "account_holder_name",
            "created_at",
            "updated_at",
        ])
        .from("partner_bank_details")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("partner_id").eq(partner))
        .to_owned();
    let Some(row) = db.query_one(&select).await? else {
        return Ok(None);
    };
    Ok(Some(BankDetails {
        partner_id: get(&row, "partner_id")?,
        iban: get(&row, "iban")?,
        bank_name: get(&row, "bank_name")?,
        bic: get(&row, "bic")?,
        routing_code: get(&row, "routing_code")?,
        account_holder_name: get(&row, "account_holder_name")?,
        created_at: get(&row, "created_at")?,
        updated_at: get(&row, "updated_at")?,
    }))
}
