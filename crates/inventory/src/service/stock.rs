//! What is in stock: a product by location (`/inventory/products/:id/stock`), and the levels
//! the catalog's product views show (through the platform's stock-levels hook), and the lots.

use std::collections::HashMap;

use arkan_catalog::{ProductType, Tracking};
use arkan_kernel::ProductId;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::rfc3339;
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::fields::format_date;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest};
use arkan_platform::{Ctx, Platform};
use uuid::Uuid;

use super::filter_id;
use crate::api::*;
use crate::store;
use arkan_catalog::quantities::format as format_quantity;

pub async fn product_stock(
    platform: &Platform,
    ctx: &Ctx,
    product: ProductId,
    query: StockQuery,
) -> ApiResult<ProductStockView> {
    let warehouse = filter_id("warehouse_id", query.warehouse_id.as_deref())?;
    let db = platform.db.connection();
    let facts = arkan_catalog::products::facts(db, ctx.company, &[product])
        .await?
        .remove(&product)
        .ok_or_else(|| ApiError::not_found("product"))?;
    if facts.kind == ProductType::Service {
        return Err(ApiError::invalid_field(
            "id",
            "is a service: it has no stock",
        ));
    }
    let decimals = facts.uom.decimals;
    let levels = store::levels_by_location(db, ctx.company, product.0, warehouse).await?;
    let ids: Vec<Uuid> = levels.iter().map(|level| level.location_id).collect();
    let locations = store::locations_by_ids(db, ctx.company, &ids).await?;
    let mut lots: HashMap<Uuid, Vec<LotOnHand>> = HashMap::new();
    if facts.tracking != Tracking::None {
        for (location, number, on_hand) in
            store::lots_at(db, ctx.company, product.0, warehouse).await?
        {
            lots.entry(location).or_default().push(LotOnHand {
                lot_number: number,
                on_hand: format_quantity(on_hand, decimals),
            });
        }
    }
    let rows = levels
        .into_iter()
        .map(|level| {
            let location = locations.get(&level.location_id);
            LocationStock {
                location_id: level.location_id,
                location_name: location
                    .map_or_else(String::new, |location| location.full_name.clone()),
                warehouse_id: location.and_then(|location| location.warehouse_id),
                on_hand: format_quantity(level.on_hand, decimals),
                reserved: format_quantity(level.reserved, decimals),
                available: format_quantity(level.on_hand - level.reserved, decimals),
                lots: if facts.tracking == Tracking::None {
                    None
                } else {
                    Some(lots.remove(&level.location_id).unwrap_or_default())
                },
            }
        })
        .collect();
    let totals = store::totals(db, ctx.company, &[product.0], warehouse)
        .await?
        .remove(&product.0)
        .unwrap_or_default();
    Ok(ProductStockView {
        product_id: product.0,
        uom: facts.uom.code.clone(),
        locations: rows,
        totals: StockTotals {
            on_hand: format_quantity(totals.on_hand, decimals),
            reserved: format_quantity(totals.reserved, decimals),
            available: format_quantity(totals.on_hand - totals.reserved, decimals),
            incoming: format_quantity(totals.incoming, decimals),
            outgoing: format_quantity(totals.outgoing, decimals),
        },
    })
}

static LOT_LIST: ListSpec = ListSpec {
    name: "inventory.lots",
    sorts: &[CREATED_AT],
};

/// The lots and serial numbers of the company's products (made when stock first comes in).
pub async fn list_lots(
    platform: &Platform,
    ctx: &Ctx,
    query: LotListQuery,
) -> ApiResult<Page<LotView>> {
    let filter = store::LotFilter {
        product_id: filter_id("product_id", query.product_id.as_deref())?,
        q: query.q.filter(|text| !text.trim().is_empty()),
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &LOT_LIST, &key)?;
    let (rows, total) =
        store::list_lots(platform.db.connection(), ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |lot| {
        (SortValue::Integer(lot.created_at), lot.id)
    });
    Ok(Page {
        data: page
            .data
            .into_iter()
            .map(|lot| LotView {
                id: lot.id,
                product_id: lot.product_id,
                lot_number: lot.lot_number,
                expiry_date: lot.expiry_date.map(format_date),
                created_at: rfc3339(lot.created_at),
            })
            .collect(),
        meta: page.meta,
    })
}
