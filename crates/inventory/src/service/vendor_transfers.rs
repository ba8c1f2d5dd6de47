//! Receipts from vendors and returns to them made by another module (purchasing) inside its
//! own write transaction: checked, numbered (`WH/IN/00001`, `WH/RET/00001`) and done at once
//! through the engine, so they are valued (a receipt at the unit cost given) and posted with
//! the caller's change. A receipt's goods go where the warehouse's receipt route (else its
//! reception steps) takes them: done to the first step's end, each later step a confirmed
//! internal transfer; the last step ends where putaway stores the product.

use arkan_kernel::{LocationId, PartnerId, ProductId, StockMoveId, TransferId, WarehouseId};
use arkan_platform::Ctx;
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use chrono::NaiveDate;
use uuid::Uuid;

use super::engine::{MovePlan, Stock};
use super::putaway::{best_rule, category_chain, putaway_location};
use super::transfers::{new_transfer_of_kind, settle};
use crate::api::LotQuantity;
use crate::domain::{LocationType, OperationType, TransferType, WarehousePlaces, default_steps};
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
    /// A multi-step reception's later steps: confirmed internal transfers, in step order.
    pub next: Vec<TransferId>,
}

/// A routed receipt line: its product, quantity (in `uom`), unit and steps (source,
/// destination).
type Routed = (Uuid, i64, String, Vec<(Uuid, Uuid)>);

/// The steps (source, destination) a receipt of `product` into `warehouse` takes when the
/// line names no place: the best receipt route's, else the warehouse's reception steps; the
/// last step ends where putaway stores the product when it ends at the stock location.
async fn receipt_chain(
    stock: &mut Stock<'_>,
    ctx: &Ctx,
    warehouse: &Warehouse,
    product: &arkan_catalog::products::ProductFacts,
) -> ApiResult<Vec<(Uuid, Uuid)>> {
    let db = stock.db;
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
    let mut chain: Vec<(Uuid, Uuid)> = match best {
        Some(index) => {
            let id = candidates[index].id;
            store::steps_of_routes(db, ctx.company, &[id])
                .await?
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .map(|step| (step.source_location_id, step.destination_location_id))
                .collect()
        }
        None => Vec::new(),
    };
    if chain.is_empty() {
        let places = WarehousePlaces {
            supplier: stock.settings.supplier_location_id,
            customer: stock.settings.customer_location_id,
            stock: warehouse.stock_location_id,
            input: warehouse.input_location_id,
            quality: warehouse.quality_location_id,
            pack: warehouse.pack_location_id,
            output: warehouse.output_location_id,
        };
        chain = default_steps(
            OperationType::Receipt,
            warehouse.reception_steps,
            warehouse.delivery_steps,
            places,
            warehouse.stock_location_id,
        )
        .into_iter()
        .map(|step| (step.source, step.destination))
        .collect();
    }
    if let Some(last) = chain.last_mut()
        && last.1 == warehouse.stock_location_id
    {
        last.1 = putaway_location(db, ctx.company, warehouse, product.id.0, &categories)
            .await?
            .0;
    }
    if chain.is_empty() {
        chain.push((
            stock.settings.supplier_location_id,
            warehouse.stock_location_id,
        ));
    }
    Ok(chain)
}

/// The later steps of a multi-step reception: for each step after the first, one confirmed
/// internal transfer per (source, destination) of the goods that take it, waiting for its
/// goods (reserved when they are there). Returns their ids.
async fn later_steps(
    stock: &mut Stock<'_>,
    input: &VendorTransfer,
    planned: &[Routed],
    reference: &str,
) -> ApiResult<Vec<TransferId>> {
    let longest = planned
        .iter()
        .map(|(_, _, _, chain)| chain.len())
        .max()
        .unwrap_or(0);
    let mut made = Vec::new();
    for step in 1..longest {
        let mut legs: Vec<(Uuid, Uuid)> = planned
            .iter()
            .filter_map(|(_, _, _, chain)| chain.get(step).copied())
            .collect();
        legs.sort();
        legs.dedup();
        for (from, to) in legs {
            let source = stock.known_location(from).await?;
            let destination = stock.known_location(to).await?;
            let mut transfer = new_transfer_of_kind(
                stock,
                TransferType::Internal,
                &source,
                &destination,
                Some(input.partner_id.0),
                input.date,
                Some(reference.to_owned()),
                None,
            )
            .await?;
            let mut moves = Vec::new();
            for (product, quantity, uom, chain) in planned {
                if chain.get(step) != Some(&(from, to)) {
                    continue;
                }
                let mut mv = stock
                    .create(MovePlan {
                        product_id: *product,
                        quantity: *quantity,
                        uom: uom.clone(),
                        source: from,
                        destination: to,
                        date: input.date,
                        reference: Some(transfer.number.clone()),
                        description: None,
                        partner_id: Some(input.partner_id.0),
                        unit_cost_e6: None,
                        transfer_id: Some(transfer.id),
                        lots: Vec::new(),
                    })
                    .await?;
                stock.confirm(&mut mv).await?;
                moves.push(mv);
            }
            settle(stock, &mut transfer, &moves).await?;
            made.push(TransferId(transfer.id));
        }
    }
    Ok(made)
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
    // Each routed receipt line's product, quantity, unit and steps.
    let mut chains: Vec<Routed> = Vec::new();
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
            None if receipt => {
                let chain = receipt_chain(&mut stock, ctx, &warehouse, &product).await?;
                let first = chain
                    .first()
                    .map_or(warehouse.stock_location_id, |step| step.1);
                chains.push((product.id.0, quantity, uom.code.clone(), chain));
                first
            }
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
        input.reference.clone(),
        input.notes.clone(),
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
    let next = later_steps(&mut stock, &input, &chains, &transfer.number).await?;
    stock.into_changes().settle(transaction, ctx).await?;
    Ok(DoneTransfer {
        id: TransferId(transfer.id),
        number: transfer.number,
        moves: moves.iter().map(|mv| StockMoveId(mv.id)).collect(),
        next,
    })
}
