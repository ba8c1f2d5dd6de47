//! The company's accounting settings (tax rounding, write-off limit, the accounts discounts and
//! the year-end close are booked to).

use super::*;
use crate::store::AccountSetting;

pub async fn get_settings(platform: &Platform, ctx: &Ctx) -> ApiResult<AccountingSettings> {
    let db = platform.db.connection();
    let (discount_allowed_account_id, discount_received_account_id) =
        store::discount_accounts(db, ctx.company).await?;
    Ok(AccountingSettings {
        discount_allowed_account_id,
        discount_received_account_id,
        retained_earnings_account_id: store::retained_earnings_account(db, ctx.company).await?,
        vat_emirate: store::vat_emirate(db, ctx.company).await?,
        tax_rounding: store::tax_rounding(db, ctx.company).await?,
        write_off_limit: format_minor(
            store::write_off_limit(db, ctx.company).await?,
            ctx.currency.exponent,
        ),
    })
}

pub async fn update_settings(
    platform: &Platform,
    ctx: &Ctx,
    input: UpdateAccountingSettings,
) -> ApiResult<AccountingSettings> {
    ctx.require_write(Area::Accounting)?;
    let mut validation = Validation::new();
    if let Some(rounding) = &input.tax_rounding
        && !matches!(rounding.as_str(), "line" | "document")
    {
        validation.add("taxRounding", "must be line or document");
    }
    let limit = input.write_off_limit.as_ref().and_then(|text| {
        arkan_platform::fields::amount(&mut validation, "writeOffLimit", &text.0, ctx.currency)
    });
    if limit.is_some_and(|limit| limit < 0) {
        validation.add("writeOffLimit", "must be zero or more");
    }
    let account_settings = [
        (
            AccountSetting::DiscountAllowed,
            "discountAllowedAccountId",
            input.discount_allowed_account_id,
        ),
        (
            AccountSetting::DiscountReceived,
            "discountReceivedAccountId",
            input.discount_received_account_id,
        ),
        (
            AccountSetting::RetainedEarnings,
            "retainedEarningsAccountId",
            input.retained_earnings_account_id,
        ),
    ];
    let named: Vec<Uuid> = account_settings
        .iter()
        .filter_map(|(_, _, account)| account.flatten())
        .collect();
    let accounts = store::accounts_by_ids(platform.db.connection(), ctx.company, &named).await?;
    for (setting, field, account) in &account_settings {
        let Some(Some(account)) = account else {
            continue;
        };
        match accounts
            .iter()
            .find(|known| known.id == *account && known.active)
        {
            None => validation.add(*field, "no such active account in this company"),
            Some(known)
                if *setting == AccountSetting::RetainedEarnings
                    && known.account_type != RETAINED_EARNINGS_TYPE =>
            {
                validation.add(*field, "must be an equity account");
            }
            Some(_) => {}
        }
    }
    if let Some(Some(emirate)) = &input.vat_emirate
        && !arkan_kernel::text::EMIRATES.contains(&emirate.as_str())
    {
        validation.add(
            "vatEmirate",
            format!(
                "must be one of: {}",
                arkan_kernel::text::EMIRATES.join(", ")
            ),
        );
    }
    validation.finish()?;
    let accounts_changed = account_settings
        .iter()
        .any(|(_, _, account)| account.is_some());
    if input.tax_rounding.is_some()
        || limit.is_some()
        || accounts_changed
        || input.vat_emirate.is_some()
    {
        let mut transaction = platform.db.write().await?;
        let now = now_micros();
        for (setting, _, account) in account_settings {
            if let Some(account) = account {
                store::set_account_setting(&*transaction, ctx.company, setting, account, now)
                    .await?;
            }
        }
        if let Some(rounding) = &input.tax_rounding {
            store::set_tax_rounding(&*transaction, ctx.company, rounding, now).await?;
        }
        if let Some(emirate) = &input.vat_emirate {
            store::set_vat_emirate(&*transaction, ctx.company, emirate.as_deref(), now).await?;
        }
        if let Some(limit) = limit {
            store::set_write_off_limit(&*transaction, ctx.company, limit, now).await?;
        }
        transaction.emit(
            ctx.company,
            events::ACCOUNTING_SETTINGS_UPDATED,
            ctx.company.0,
        );
        transaction.commit().await?;
    }
    get_settings(platform, ctx).await
}

/// The type of account profit and loss may close into.
pub(crate) const RETAINED_EARNINGS_TYPE: &str = "equity";
