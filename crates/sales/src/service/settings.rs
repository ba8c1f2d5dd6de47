//! The sales settings (`GET/PATCH /sales/settings`).

use arkan_catalog::InvoicePolicy;
use arkan_kernel::time::now_micros;
use arkan_platform::error::{ApiResult, Validation};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;

use crate::api::settings::{SalesSettingsView, UpdateSalesSettings};
use crate::domain::orders::CreditLimitPolicy;
use crate::store;
use crate::store::settings::SalesSettings;

/// The chart account down payments go to when the settings name none.
const DOWN_PAYMENT_ACCOUNT: &str = "401000";

/// The company's sales settings, the down payment account defaulted from the chart.
pub async fn of(db: &impl ConnectionTrait, ctx: &Ctx) -> ApiResult<SalesSettings> {
    let mut settings = store::settings::settings(db, ctx.company).await?;
    if settings.down_payment_account_id.is_none() {
        settings.down_payment_account_id =
            arkan_ledger::books::account_by_code(db, ctx.company, DOWN_PAYMENT_ACCOUNT)
                .await?
                .map(|account| account.id);
    }
    Ok(settings)
}

fn view(settings: SalesSettings) -> SalesSettingsView {
    SalesSettingsView {
        credit_limit_policy: settings.credit_limit_policy.as_str().to_owned(),
        default_invoice_policy: settings.default_invoice_policy.as_str().to_owned(),
        quote_validity_days: settings.quote_validity_days,
        delivery_on_confirm: settings.delivery_on_confirm,
        down_payment_account_id: settings.down_payment_account_id,
    }
}

pub async fn get_settings(platform: &Platform, ctx: &Ctx) -> ApiResult<SalesSettingsView> {
    Ok(view(of(platform.db.connection(), ctx).await?))
}

pub async fn update_settings(
    platform: &Platform,
    ctx: &Ctx,
    patch: UpdateSalesSettings,
) -> ApiResult<SalesSettingsView> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let mut settings = store::settings::settings(&*transaction, ctx.company).await?;
    let mut validation = Validation::new();
    if let Some(code) = patch.credit_limit_policy {
        match CreditLimitPolicy::parse(code.trim()) {
            Some(policy) => settings.credit_limit_policy = policy,
            None => validation.add(
                "creditLimitPolicy",
                format!("must be one of: {}", CreditLimitPolicy::codes()),
            ),
        }
    }
    if let Some(code) = patch.default_invoice_policy {
        match InvoicePolicy::parse(code.trim()) {
            Some(policy) => settings.default_invoice_policy = policy,
            None => validation.add(
                "defaultInvoicePolicy",
                format!("must be one of: {}", InvoicePolicy::codes()),
            ),
        }
    }
    if let Some(days) = patch.quote_validity_days {
        if (1..=3_650).contains(&days) {
            settings.quote_validity_days = days;
        } else {
            validation.add("quoteValidityDays", "must be 1 to 3650");
        }
    }
    if let Some(on) = patch.delivery_on_confirm {
        settings.delivery_on_confirm = on;
    }
    if let Some(account) = patch.down_payment_account_id {
        let found =
            arkan_ledger::books::accounts_by_ids(&*transaction, ctx.company, &[account]).await?;
        if found.iter().any(|account| account.active) {
            settings.down_payment_account_id = Some(account);
        } else {
            validation.add(
                "downPaymentAccountId",
                "no such active account in this company",
            );
        }
    }
    validation.finish()?;
    store::settings::save_settings(&*transaction, ctx.company, &settings, now_micros()).await?;
    transaction.emit(
        ctx.company,
        crate::events::SALES_SETTINGS_UPDATED,
        ctx.company.0,
    );
    transaction.commit().await?;
    get_settings(platform, ctx).await
}
