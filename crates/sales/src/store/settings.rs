//! The company's sales settings: one row once changed, the defaults until then.

use arkan_kernel::CompanyId;
use arkan_platform::sql::{get, get_code};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use arkan_catalog::InvoicePolicy;

use crate::domain::orders::CreditLimitPolicy;

/// The settings as kept; `down_payment_account_id` None means the chart's default.
#[derive(Clone, Debug)]
pub struct SalesSettings {
    pub credit_limit_policy: CreditLimitPolicy,
    pub default_invoice_policy: InvoicePolicy,
    pub quote_validity_days: i32,
    pub delivery_on_confirm: bool,
    pub down_payment_account_id: Option<Uuid>,
}

impl Default for SalesSettings {
    fn default() -> Self {
        Self {
            credit_limit_policy: CreditLimitPolicy::None,
            default_invoice_policy: InvoicePolicy::Ordered,
            quote_validity_days: 30,
            delivery_on_confirm: true,
            down_payment_account_id: None,
        }
    }
}

pub async fn settings(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<SalesSettings, DbErr> {
    let select = Query::select()
        .columns([
            "credit_limit_policy",
            "default_invoice_policy",
            "quote_validity_days",
            "delivery_on_confirm",
            "down_payment_account_id",
        ])
        .from("sales_settings")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    let Some(row) = db.query_one(&select).await? else {
        return Ok(SalesSettings::default());
    };
    Ok(SalesSettings {
        credit_limit_policy: get_code(&row, "credit_limit_policy", CreditLimitPolicy::parse)?,
        default_invoice_policy: get_code(&row, "default_invoice_policy", InvoicePolicy::parse)?,
        quote_validity_days: get(&row, "quote_validity_days")?,
        delivery_on_confirm: get(&row, "delivery_on_confirm")?,
        down_payment_account_id: get(&row, "down_payment_account_id")?,
    })
}

pub async fn save_settings(
    db: &impl ConnectionTrait,
    company: CompanyId,
    settings: &SalesSettings,
    now: i64,
) -> Result<(), DbErr> {
    let columns = [
        "credit_limit_policy",
        "default_invoice_policy",
        "quote_validity_days",
        "delivery_on_confirm",
        "down_payment_account_id",
        "updated_at",
    ];
    let upsert = Query::insert()
        .into_table("sales_settings")
        .columns(std::iter::once("company_id").chain(columns))
        .values_panic([
            company.0.into(),
            settings.credit_limit_policy.as_str().into(),
            settings.default_invoice_policy.as_str().into(),
            settings.quote_validity_days.into(),
            settings.delivery_on_confirm.into(),
            settings.down_payment_account_id.into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::column("company_id")
                .update_columns(columns)
                .to_owned(),
        )
        .to_owned();
    db.execute(&upsert).await.map(|_| ())
}
