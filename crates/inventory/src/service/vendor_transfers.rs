//! Receipts from vendors and returns to them made by another module (purchasing) inside its
//! own write transaction: checked, numbered (`WH/IN/00001`, `WH/RET/00001`) and done at once
//! through the engine, so they are valued (a receipt at the unit cost given) and posted with
//! the caller's change. A receipt's goods go where the warehouse's receipt route takes them
//! (its first step; one-step reception: where putaway stores the product, else stock).

use arkan_kernel::{LocationId, PartnerId, ProductId, StockMoveId, TransferId, WarehouseId};
use arkan_platform::Ctx;
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::engine::{MovePlan, Stock};
use super::putaway::{best_rule, category_chain, putaway_location};
use super::transfers::{new_transfer_of_kind, settle};
use crate::api::LotQuantity;
use crate::domain::{LocationType, OperationType, ReceptionSteps, TransferType};
use crate::events;
use crate::store::{self, Location, Warehouse};

/// Which way the goods go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VendorDirection {
    /// From the vendors' location into the warehouse (`receipt`).
    Receipt,
    /// From the warehouse back to the vendors' location (`return`).
    Return,
}

/// One product received or returned.
#[derive(Clone, Debug)]
pub struct VendorLine {
    pub product_id: ProductId,
    /// In `uom`, with at most its decimals (`"2.500"`).
    pub quantity: String,
    pub uom: String,
    /// A receipt: an internal location of the warehouse it goes to (default: the route's first
    /// step, putaway on one-step reception). A return: where it leaves from (default the
    /// warehouse's stock location).
    pub location_id: Option<LocationId>,
    pub lots: Option<Vec<LotQuantity>>,
    /// A receipt's value per unit of `uom`, millionths of the company currency.
    pub unit_cost_e6: Option<i64>,
    pub description: Option<String>,
}

/// A receipt or return to make and do.
#[derive(Clone, Debug)]
pub struct VendorTransfer {
    pub direction: VendorDirection,
    pub warehouse_id: WarehouseId,
    pub partner_id: PartnerId,
    pub date: NaiveDate,
    /// The document it comes from (`PO/2026/00001`).
    pub reference: Option<String>,
    pub notes: Option<String>,
    /// Errors name line `i`'s fields `{field}[i].quantity`, `{field}[i].locationId`...
    pub field: &'static str,
    pub lines: Vec<VendorLine>,
}

/// The done transfer and its moves, in the lines' order.
#[derive(Clone, Debug)]
pub struct DoneTransfer {
    pub id: TransferId,
    pub number: String,
    pub moves: Vec<StockMoveId>,
}

/// Where a receipt of `product` into `warehouse` goes when the line names no place.
async fn receipt_destination(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    warehouse: &Warehouse,
    product: &arkan_catalog::products::ProductFacts,
) -> ApiResult<Uuid> {
    let categories = category_chain(db, ctx.company, product.category_id).await?;
    let candidates = store::route_candidates(
        db,
        ctx.company,
        warehouse.id,
        OperationType::Receipt,
        Some(product.id.0),
        &categories,
    )
    .await?;
    let best = best_rule(&candidates, Some(product.id.0), &categories, |route| {
        (
            route.product_id,
            route.category_id,
            route.priority,
            route.created_at,
            route.id,
        )
    });
    let first = match best {
        Some(index) => {
            let id = candidates[index].id;
            store::steps_of_routes(db, ctx.company, &[id])
                .await?
                .remove(&id)
                .and_then(|steps| steps.into_iter().next())
                .map(|step| step.destination_location_id)
        }
        None if warehouse.reception_steps != ReceptionSteps::OneStep => {
            Some(warehouse.input_location_id)
        }
        None => None,
    };
    match first {
        Some(place) if place != warehouse.stock_location_id => Ok(place),
        _ => Ok(
            putaway_location(db, ctx.company, warehouse, product.id.0, &categories)
                .await?
                .0,
        ),
    }
}

/// Checks a line's own place: an internal location of the warehouse.
fn check_place(
    validation: &mut Validation,
    field: &str,
    warehouse: &Warehouse,
    place: Option<&Location>,
) -> bool {
    match place {
        Some(place)
            if place.kind == LocationType::Internal && place.warehouse_id == Some(warehouse.id) =>
        {
            true
        }
        Some(_) => {
            validation.add(
                field,
                "must be an internal location of the order's warehouse",
            );
            false
        }
        None => false,
    }
}

/// Makes the transfer and does it, in the caller's transaction (400 naming each bad line
/// field, 409 `insufficient_stock` when a return takes more than is there).
pub async fn vendor_transfer(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    input: VendorTransfer,
) -> ApiResult<DoneTransfer> {
    let mut stock = Stock::load(transaction, ctx).await?;
    let warehouse = store::warehouse_by_id(stock.db, ctx.company, input.warehouse_id.0)
        .await?
        .ok_or_else(|| ApiError::invalid_field("warehouseId", "no such warehouse"))?;
    let vendors = stock
        .known_location(stock.settings.supplier_location_id)
        .await?;
    let home = stock.known_location(warehouse.stock_location_id).await?;
    let receipt = input.direction == VendorDirection::Receipt;
    let mut validation = Validation::new();
    let mut lines = Vec::new();
    for (index, line) in input.lines.iter().enumerate() {
        let prefix = format!("{}[{index}].", input.field);
        let checked = stock
            .check_line(
                &mut validation,
                &prefix,
                line.product_id.0,
                &line.quantity,
                Some(&line.uom),
            )
            .await?;
        let Some((product, uom, quantity)) = checked else {
            continue;
        };
        let place = match line.location_id {
            Some(id) => {
                let field = format!("{prefix}locationId");
                let place = stock.location_for(&mut validation, &field, id.0).await?;
                if !check_place(&mut validation, &field, &warehouse, place.as_ref()) {
                    continue;
                }
                id.0
            }
            None if receipt => receipt_destination(stock.db, ctx, &warehouse, &product).await?,
            None => warehouse.stock_location_id,
        };
        let source = if receipt {
            vendors.clone()
        } else {
            stock.known_location(place).await?
        };
        let lots = stock
            .check_lots(
                &mut validation,
                &prefix,
                &product,
                &uom,
                Some(&source),
                line.lots.as_deref(),
            )
            .await?;
        lines.push((product, uom, quantity, place, lots, line));
    }
    validation.finish()?;
    let (source, destination, kind) = if receipt {
        (&vendors, &home, TransferType::Receipt)
    } else {
        (&home, &vendors, TransferType::Return)
    };
    let mut transfer = new_transfer_of_kind(
        &mut stock,
        kind,
        source,
        destination,
        Some(input.partner_id.0),
        input.date,
        input.reference,
        input.notes,
    )
    .await?;
    let mut moves = Vec::with_capacity(lines.len());
    for (product, uom, quantity, place, lots, line) in lines {
        let (from, to) = if receipt {
            (vendors.id, place)
        } else {
            (place, vendors.id)
        };
        let mut mv = stock
            .create(MovePlan {
                product_id: product.id.0,
                quantity,
                uom: uom.code,
                source: from,
                destination: to,
                date: input.date,
                reference: Some(transfer.number.clone()),
                description: line.description.clone().or(Some(product.name)),
                partner_id: Some(input.partner_id.0),
                unit_cost_e6: if receipt { line.unit_cost_e6 } else { None },
                transfer_id: Some(transfer.id),
                lots,
            })
            .await?;
        stock.confirm(&mut mv).await?;
        stock.complete(&mut mv, None, None).await?;
        moves.push(mv);
    }
    stock
        .events
        .push((events::STOCK_TRANSFER_VALIDATED, transfer.id));
    settle(&mut stock, &mut transfer, &moves).await?;
    stock.into_changes().settle(transaction, ctx).await?;
    Ok(DoneTransfer {
        id: TransferId(transfer.id),
        number: transfer.number,
        moves: moves.iter().map(|mv| StockMoveId(mv.id)).collect(),
    })
}
