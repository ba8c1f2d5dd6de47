//! What confirming an order checks: warnings, the client's credit limit, the promo code; and
//! what cancelling it gives back (the promo code's use).

use arkan_kernel::Currency;
use arkan_platform::Ctx;
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::ApiResult;
use arkan_platform::role::Role;
use sea_orm::ConnectionTrait;

use super::warnings::{OrderAmount, order_warnings};
use crate::api::warnings::CheckedWarningView;
use crate::domain::warnings::{WarningLevel, WarningSource};
use crate::store::orders::{SalesLine, SalesOrder};
use crate::{errors, store};

/// Runs the confirmation checks inside the confirming transaction: an `Err` refuses the
/// confirmation; the warnings that do not block are returned to show. A manual `block`
/// warning on the client or a product -> 409 `sales_warning_block`; the credit limit passed
/// under the `block` policy -> 409 `credit_limit_exceeded`, unless `override_credit_limit` and
/// the caller is an owner or admin (then it is shown as a warning); the promo code's use is
/// counted (409 `promo_code_<reason>`).
pub(crate) async fn before_confirm(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    order: &SalesOrder,
    lines: &[SalesLine],
    override_credit_limit: bool,
) -> ApiResult<Vec<CheckedWarningView>> {
    let db = &**transaction;
    let settings = store::settings::settings(db, ctx.company).await?;
    let mut products: Vec<uuid::Uuid> = lines.iter().filter_map(|line| line.product_id).collect();
    products.sort();
    products.dedup();
    let mut warnings = order_warnings(
        db,
        ctx,
        Some(order.partner_id),
        &products,
        Some(OrderAmount {
            minor: order.amount_total,
            currency: Currency::from_code(&order.currency).unwrap_or(ctx.currency),
            rate_e10: order.rate_e10,
        }),
        settings.credit_limit_policy,
        order.order_date,
    )
    .await?;
    let block = WarningLevel::Block.as_str();
    if let Some(warning) = warnings
        .iter()
        .find(|warning| warning.source == WarningSource::Manual.as_str() && warning.level == block)
    {
        return Err(errors::pricing::sales_warning_block(&warning.message));
    }
    for warning in &mut warnings {
        if warning.source == WarningSource::CreditLimit.as_str() && warning.level == block {
            if override_credit_limit && matches!(ctx.role, Role::Owner | Role::Admin) {
                warning.level = WarningLevel::Warning.as_str().to_owned();
            } else {
                return Err(errors::pricing::credit_limit_exceeded(&warning.message));
            }
        }
    }
    super::discounts::take_promo(db, ctx, order, lines).await?;
    Ok(warnings)
}

/// Gives back what a confirmed order took when it is cancelled: its promo code's use.
pub(crate) async fn on_cancel(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    order: &SalesOrder,
) -> ApiResult<()> {
    store::discounts::give_back_uses(db, ctx.company, order.id).await?;
    Ok(())
}
