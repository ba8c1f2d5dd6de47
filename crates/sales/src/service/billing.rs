//! Invoicing sales orders.

use std::collections::HashMap;

use arkan_platform::Ctx;
use arkan_platform::error::ApiResult;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::store::orders::SalesOrder;

/// An order's invoices and what they invoice of each line (credit notes negative).
#[derive(Clone, Debug, Default)]
pub(crate) struct OrderInvoicing {
    pub invoice_ids: Vec<Uuid>,
    /// By order line, ten-thousandths of the line's unit.
    pub invoiced_e4: HashMap<Uuid, i64>,
}

/// 409 when the order has invoices that are not cancelled.
pub(crate) async fn before_cancel(
    _db: &impl ConnectionTrait,
    _ctx: &Ctx,
    _order: &SalesOrder,
) -> ApiResult<()> {
    Ok(())
}

/// The invoicing of these orders, by order.
pub(crate) async fn invoicing_of(
    _db: &impl ConnectionTrait,
    _ctx: &Ctx,
    _orders: &[Uuid],
) -> ApiResult<HashMap<Uuid, OrderInvoicing>> {
    Ok(HashMap::new())
}
