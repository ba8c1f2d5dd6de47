//! Deliveries of sales orders.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_platform::Ctx;
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::ApiResult;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::store::orders::{SalesLine, SalesOrder};

/// What confirming an order does for its goods (with `deliveryOnConfirm`: the delivery).
pub(crate) async fn on_confirm(
    _transaction: &mut WriteTransaction,
    _ctx: &Ctx,
    _order: &SalesOrder,
    _lines: &[SalesLine],
) -> ApiResult<()> {
    Ok(())
}

/// What cancelling an order does to its deliveries (409 once goods left).
pub(crate) async fn before_cancel(
    _transaction: &mut WriteTransaction,
    _ctx: &Ctx,
    _order: &SalesOrder,
) -> ApiResult<()> {
    Ok(())
}

/// The deliveries of these orders, by order, oldest first.
pub(crate) async fn delivery_ids(
    _db: &impl ConnectionTrait,
    _company: CompanyId,
    _orders: &[Uuid],
) -> ApiResult<HashMap<Uuid, Vec<Uuid>>> {
    Ok(HashMap::new())
}

/// The goods delivered for an order line and what they cost, net of returns: quantity in
/// ten-thousandths of the line's unit, cost in the company currency's minor units (the value
/// of the stock moves, as the COGS entries posted it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DeliveredCost {
    pub quantity_e4: i64,
    pub cost_minor: i64,
}

/// What was delivered of these order lines and its cost, by order line (lines with nothing
/// delivered are absent). The invoice margin reads it.
pub(crate) async fn delivered_cost(
    _db: &impl ConnectionTrait,
    _company: CompanyId,
    _order_lines: &[Uuid],
) -> ApiResult<HashMap<Uuid, DeliveredCost>> {
    Ok(HashMap::new())
}
