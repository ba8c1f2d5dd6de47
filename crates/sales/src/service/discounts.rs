//! Discounts: the lines discount rules add to an order.

use arkan_platform::Ctx;
use arkan_platform::error::ApiResult;
use sea_orm::ConnectionTrait;

use super::pricing::PriceContext;
use crate::store::orders::SalesLine;

/// The lines the company's discount rules (and the promo code) add to these priced lines:
/// negative unit prices, `discount_id` set. None yet: the company has no discount rules.
pub(crate) async fn discount_lines(
    _db: &impl ConnectionTrait,
    _ctx: &Ctx,
    _context: &PriceContext,
    _promo_code: Option<&str>,
    _lines: &[SalesLine],
) -> ApiResult<Vec<SalesLine>> {
    Ok(Vec::new())
}
