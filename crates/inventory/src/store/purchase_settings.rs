//! The purchasing settings kept with the inventory settings, and the members' approval limits.

use super::*;
use crate::domain::BillControl;

/// What purchasing reads of the settings: amounts in minor units of the company currency,
/// percentages in parts per million.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PurchaseSettings {
    /// Orders above it need approval; None: no company threshold.
    pub approval_threshold: Option<i64>,
    /// Each member's own limit: above it, the member's order needs approval; a member whose
    /// limit covers an order may approve it.
    pub approval_limits: Vec<(Uuid, i64)>,
    pub over_receipt_tolerance_ppm: i64,
    pub bill_control: BillControl,
    pub bill_price_tolerance_ppm: i64,
}

pub async fn purchase_settings(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<PurchaseSettings, DbErr> {
    let select = Query::select()
        .columns([
            "purchase_approval_threshold_minor",
            "over_receipt_tolerance_ppm",
            "bill_control",
            "bill_price_tolerance_ppm",
        ])
        .from("inventory_settings")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    let mut settings = PurchaseSettings::default();
    if let Some(row) = db.query_one(&select).await? {
        settings.approval_threshold = get(&row, "purchase_approval_threshold_minor")?;
        settings.over_receipt_tolerance_ppm =
            get::<Option<i64>>(&row, "over_receipt_tolerance_ppm")?.unwrap_or(0);
        settings.bill_price_tolerance_ppm =
            get::<Option<i64>>(&row, "bill_price_tolerance_ppm")?.unwrap_or(0);
        let control: Option<String> = get(&row, "bill_control")?;
        if let Some(control) = control {
            settings.bill_control = BillControl::parse(&control).ok_or_else(|| {
                DbErr::Custom(format!("unknown bill_control {control:?} in the database"))
            })?;
        }
    }
    let limits = Query::select()
        .columns(["user_id", "limit_minor"])
        .from("purchase_approval_limits")
        .and_where(Expr::col("company_id").eq(company.0))
        .order_by("user_id", Order::Asc)
        .to_owned();
    for row in db.query_all(&limits).await? {
        settings
            .approval_limits
            .push((get(&row, "user_id")?, get(&row, "limit_minor")?));
    }
    Ok(settings)
}

/// Writes the purchasing settings and replaces the approval limits.
pub async fn set_purchase_settings(
    db: &impl ConnectionTrait,
    company: CompanyId,
    settings: &PurchaseSettings,
    now: i64,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("inventory_settings")
        .value(
            "purchase_approval_threshold_minor",
            settings.approval_threshold,
        )
        .value(
            "over_receipt_tolerance_ppm",
            settings.over_receipt_tolerance_ppm,
        )
        .value("bill_control", settings.bill_control.as_str())
        .value(
            "bill_price_tolerance_ppm",
            settings.bill_price_tolerance_ppm,
        )
        .value("updated_at", now)
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    db.execute(&update).await?;
    let delete = Query::delete()
        .from_table("purchase_approval_limits")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    db.execute(&delete).await?;
    for (user, limit) in &settings.approval_limits {
        sql::insert(
            db,
            "purchase_approval_limits",
            &[
                ("company_id", company.0.into()),
                ("user_id", (*user).into()),
                ("limit_minor", (*limit).into()),
                ("updated_at", now.into()),
            ],
        )
        .await?;
    }
    Ok(())
}
