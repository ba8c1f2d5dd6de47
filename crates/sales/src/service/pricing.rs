//! Prices of sales lines: the price a line takes when it names none.

use arkan_catalog::products::ProductFacts;
use arkan_catalog::uoms::Uom;
use arkan_kernel::{Currency, PartnerId};
use arkan_platform::Ctx;
use arkan_platform::error::{ApiResult, Validation};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::domain::orders::{price_in_document, price_per_unit};

/// What a document's prices depend on.
#[derive(Clone, Debug)]
#[expect(dead_code, reason = "the price lists read the partner, date and list")]
pub(crate) struct PriceContext {
    pub partner_id: PartnerId,
    pub date: NaiveDate,
    pub currency: Currency,
    /// Company units per document unit, times 10^10.
    pub rate_e10: i64,
    /// The price list the document names, if any.
    pub price_list_id: Option<Uuid>,
}

/// A checked line before its amounts: its product, unit and quantity, and the price and
/// discount given (None: to default).
#[derive(Clone, Debug)]
pub(crate) struct DraftLine {
    pub product: Option<ProductFacts>,
    pub unit: Uom,
    #[expect(
        dead_code,
        reason = "the price lists' minimum quantities read the quantity"
    )]
    pub quantity_e4: i64,
    pub unit_price_e6: Option<i64>,
    pub discount_ppm: Option<i64>,
}

/// Gives each line with a product and no price the product's sale price, in the line's unit
/// and the document's currency (no discount); errors go in `validation`.
pub(crate) async fn default_prices(
    _db: &impl ConnectionTrait,
    ctx: &Ctx,
    _validation: &mut Validation,
    context: &PriceContext,
    lines: &mut [DraftLine],
) -> ApiResult<()> {
    for line in lines.iter_mut() {
        let Some(product) = &line.product else {
            continue;
        };
        if line.unit_price_e6.is_none() {
            let in_document = if context.currency.code == ctx.currency.code {
                Some(product.sale_price_e6)
            } else {
                price_in_document(product.sale_price_e6, context.rate_e10)
            };
            line.unit_price_e6 = in_document
                .and_then(|price| price_per_unit(price, product.uom.ratio_e6, line.unit.ratio_e6));
        }
    }
    Ok(())
}
