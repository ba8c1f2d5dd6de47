//! The company's accounting settings (tax rounding).

use super::*;

pub async fn get_settings(platform: &Platform, ctx: &Ctx) -> ApiResult<AccountingSettings> {
    Ok(AccountingSettings {
        tax_rounding: store::tax_rounding(platform.db.connection(), ctx.company).await?,
    })
}

pub async fn update_settings(
    platform: &Platform,
    ctx: &Ctx,
    input: UpdateAccountingSettings,
) -> ApiResult<AccountingSettings> {
    ctx.require_write(Area::Accounting)?;
    if let Some(rounding) = &input.tax_rounding {
        if !matches!(rounding.as_str(), "line" | "document") {
            return Err(ApiError::invalid_field(
                "taxRounding",
                "must be line or document",
            ));
        }
        let mut transaction = platform.db.write().await?;
        store::set_tax_rounding(&*transaction, ctx.company, rounding, now_micros()).await?;
        transaction.emit(
            ctx.company,
            events::ACCOUNTING_SETTINGS_UPDATED,
            ctx.company.0,
        );
        transaction.commit().await?;
    }
    get_settings(platform, ctx).await
}
