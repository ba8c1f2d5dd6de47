//! A purchase order's way out of draft: `confirm` (straight to `confirmed`, or to
//! `to_approve` above the company's threshold or the caller's own limit, the approvers
//! notified), `approve` (by an owner, an admin or a member whose limit covers the total) and
//! `cancel` (before any receipt or bill).

use arkan_inventory::purchase_settings::{self, PurchaseSettings};
use arkan_kernel::money::{convert, format_minor};
use arkan_kernel::time::now_micros;
use arkan_kernel::{BlanketOrderId, Currency, PurchaseOrderId, UserId};
use arkan_notifications::{NewNotification, NotificationType};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields;
use arkan_platform::role::{Area, Role};
use arkan_platform::{Ctx, Platform};

use super::orders::{load, next_number, view_of};
use crate::api::*;
use crate::domain::{BillingState, OrderState};
use crate::store::{self, PurchaseOrder};
use crate::{errors, events};
use uuid::Uuid;

/// The order's total in the company currency, at the order's rate.
fn total_in_company(ctx: &Ctx, order: &PurchaseOrder) -> ApiResult<i64> {
    let currency = Currency::from_code(&order.currency).unwrap_or(ctx.currency);
    convert(order.amount_total, currency, order.rate_e10, ctx.currency)
        .ok_or_else(|| ApiError::internal("the order's total does not convert"))
}

fn own_limit(settings: &PurchaseSettings, user: UserId) -> Option<i64> {
    settings
        .approval_limits
        .iter()
        .find(|(member, _)| *member == user.0)
        .map(|(_, limit)| *limit)
}

/// Tells the approvers (owners, admins and members whose limit covers the total; not the
/// caller) that the order waits for them.
async fn notify_approvers(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    order: &PurchaseOrder,
    settings: &PurchaseSettings,
    total: i64,
) -> ApiResult<()> {
    let mut approvers = arkan_identity::companies::members_with_roles(
        &**transaction,
        ctx.company,
        &[Role::Owner, Role::Admin],
    )
    .await?;
    for (user, limit) in &settings.approval_limits {
        if *limit >= total && !approvers.contains(&UserId(*user)) {
            approvers.push(UserId(*user));
        }
    }
    approvers.retain(|user| *user != ctx.user);
    let number = order.number.as_deref().unwrap_or("(draft)");
    let notification = NewNotification {
        kind: NotificationType::ApprovalRequired,
        title: format!("Purchase order {number} waits for your approval"),
        body: Some(format!(
            "{} {} ordered",
            order.currency,
            format_minor(
                order.amount_total,
                Currency::from_code(&order.currency)
                    .unwrap_or(ctx.currency)
                    .exponent
            )
        )),
        module_key: Some("inventory"),
        resource_type: Some("purchase_order"),
        resource_id: Some(order.id),
    };
    arkan_notifications::raise(transaction, ctx.company, &approvers, &notification).await?;
    Ok(())
}

pub async fn confirm_purchase_order(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseOrderId,
) -> ApiResult<PurchaseOrderView> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let (mut order, lines) = load(&*transaction, ctx, id, true).await?;
    let now = now_micros();
    match order.state {
        OrderState::Draft => {
            let total = total_in_company(ctx, &order)?;
            let settings = purchase_settings::of(&*transaction, ctx.company).await?;
            let needs_approval = settings
                .approval_threshold
                .is_some_and(|threshold| total > threshold)
                || own_limit(&settings, ctx.user).is_some_and(|limit| total > limit);
            order.number = Some(next_number(&*transaction, ctx, order.order_date).await?);
            order.updated_at = now;
            if needs_approval {
                order.state = OrderState::ToApprove;
                store::update_order(&*transaction, ctx.company, &order).await?;
                notify_approvers(&mut transaction, ctx, &order, &settings, total).await?;
                transaction.emit(ctx.company, events::PURCHASE_ORDER_SUBMITTED, order.id);
            } else {
                order.state = OrderState::Confirmed;
                order.confirmed_at = Some(now);
                store::update_order(&*transaction, ctx.company, &order).await?;
                transaction.emit(ctx.company, events::PURCHASE_ORDER_CONFIRMED, order.id);
            }
        }
        OrderState::Approved => {
            order.state = OrderState::Confirmed;
            order.confirmed_at = Some(now);
            order.updated_at = now;
            store::update_order(&*transaction, ctx.company, &order).await?;
            transaction.emit(ctx.company, events::PURCHASE_ORDER_CONFIRMED, order.id);
        }
        state => return Err(errors::purchase_order_not_confirmable(state)),
    }
    if order.state == OrderState::Confirmed {
        // Services, and everything under `billControl: ordered`, may be billed from now on.
        let control = purchase_settings::of(&*transaction, ctx.company)
            .await?
            .bill_control;
        order.billing_state =
            super::refresh_billing(&mut transaction, ctx, &order, &lines, control).await?;
    }
    let view = view_of(&*transaction, ctx, order, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn approve_purchase_order(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseOrderId,
    input: ApprovePurchaseOrder,
) -> ApiResult<PurchaseOrderView> {
    ctx.require_write(Area::Purchasing)?;
    let mut validation = Validation::new();
    let note = fields::optional_text(&mut validation, "note", input.note, 2_000);
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let (mut order, lines) = load(&*transaction, ctx, id, true).await?;
    if order.state != OrderState::ToApprove {
        return Err(errors::purchase_order_not_to_approve(order.state));
    }
    if !matches!(ctx.role, Role::Owner | Role::Admin) {
        // Another member approves: whoever made the order does not approve it too.
        if order.created_by == ctx.user.0 {
            return Err(errors::own_order_approval());
        }
        let total = total_in_company(ctx, &order)?;
        let settings = purchase_settings::of(&*transaction, ctx.company).await?;
        if own_limit(&settings, ctx.user).is_none_or(|limit| limit < total) {
            return Err(errors::approval_limit_exceeded());
        }
    }
    let now = now_micros();
    order.state = OrderState::Approved;
    order.approved_by = Some(ctx.user.0);
    order.approved_at = Some(now);
    order.approval_note = note;
    order.updated_at = now;
    store::update_order(&*transaction, ctx.company, &order).await?;
    if order.created_by != ctx.user.0 {
        let notification = NewNotification {
            kind: NotificationType::ApprovalDecided,
            title: format!(
                "Purchase order {} is approved",
                order.number.as_deref().unwrap_or("(draft)")
            ),
            body: order.approval_note.clone(),
            module_key: Some("inventory"),
            resource_type: Some("purchase_order"),
            resource_id: Some(order.id),
        };
        arkan_notifications::raise(
            &mut transaction,
            ctx.company,
            &[UserId(order.created_by)],
            &notification,
        )
        .await?;
    }
    transaction.emit(ctx.company, events::PURCHASE_ORDER_APPROVED, order.id);
    let view = view_of(&*transaction, ctx, order, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn cancel_purchase_order(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseOrderId,
    input: CancelPurchaseOrder,
) -> ApiResult<PurchaseOrderView> {
    ctx.require_write(Area::Purchasing)?;
    let mut validation = Validation::new();
    let reason = fields::optional_text(&mut validation, "reason", input.reason, 2_000);
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let (mut order, lines) = load(&*transaction, ctx, id, true).await?;
    if order.state == OrderState::Cancelled {
        return Err(errors::purchase_order_not_cancellable(
            "it is cancelled already",
        ));
    }
    if lines.iter().any(|line| line.quantity_received_e4 > 0) {
        return Err(errors::purchase_order_not_cancellable(
            "goods were received",
        ));
    }
    let (_, bills) = store::links_of(&*transaction, ctx.company, &[order.id])
        .await?
        .remove(&order.id)
        .unwrap_or_default();
    if order.billing_state != BillingState::Nothing
        || !bills.is_empty()
        || lines.iter().any(|line| line.quantity_billed_e4 > 0)
    {
        return Err(errors::purchase_order_not_cancellable("it was billed"));
    }
    order.state = OrderState::Cancelled;
    order.cancel_reason = reason;
    order.updated_at = now_micros();
    store::update_order(&*transaction, ctx.company, &order).await?;
    if let Some(blanket) = order.blanket_order_id {
        // A call-off cancelled: its quantities go back to the blanket order.
        let taken: Vec<(Uuid, i64)> = lines
            .iter()
            .filter_map(|line| line.blanket_line_id.map(|id| (id, line.quantity_e4)))
            .collect();
        super::give_back(&mut transaction, ctx, BlanketOrderId(blanket), &taken).await?;
    }
    transaction.emit(ctx.company, events::PURCHASE_ORDER_CANCELLED, order.id);
    let view = view_of(&*transaction, ctx, order, lines).await?;
    transaction.commit().await?;
    Ok(view)
}
