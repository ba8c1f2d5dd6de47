//! Deliveries to customers and their returns made by another module (sales) inside its own
//! write transaction, through the engine: a delivery is made confirmed (reserving what the
//! stock allows, numbered `WH/OUT/00001`), then done in full or in part (the rest to a
//! backorder transfer) or cancelled; done moves are valued and their cost of goods sold posted
//! with the caller's change. A return comes back done at once (`WH/RET/00001`), at the unit
//! cost the caller gives (what the goods went out at), into the warehouse or to scrap.

use arkan_kernel::{
    CompanyId, LocationId, PartnerId, ProductId, StockMoveId, TransferId, WarehouseId,
};
use arkan_platform::Ctx;
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::engine::{MovePlan, Stock};
use super::transfers::{Step, new_transfer_of_kind, settle, transition_in};
use crate::api::{LotQuantity, TransferView, ValidateTransfer};
use crate::domain::{LocationType, MoveState, TransferType};
use crate::events;
use crate::store::{self, Move};

/// One product to deliver, in `uom` (ten-thousandths).
#[derive(Clone, Debug)]
pub struct CustomerLine {
    pub product_id: ProductId,
    pub quantity_e4: i64,
    pub uom: String,
    pub description: Option<String>,
}

/// A delivery to make and confirm: from the warehouse's stock location to the customers'.
#[derive(Clone, Debug)]
pub struct CustomerDelivery {
    pub warehouse_id: WarehouseId,
    pub partner_id: PartnerId,
    pub date: NaiveDate,
    /// The document it comes from (`SO/2026/00001`).
    pub reference: Option<String>,
    pub notes: Option<String>,
    pub lines: Vec<CustomerLine>,
}

/// A move of a customer transfer as the caller follows it (quantities in the move's unit,
/// ten-thousandths; value in the company currency's minor units, once done and valued).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveFacts {
    pub id: StockMoveId,
    pub transfer_id: Option<TransferId>,
    pub product_id: ProductId,
    pub uom: String,
    pub quantity_e4: i64,
    pub reserved_e4: i64,
    pub done_e4: i64,
    /// `draft|confirmed|assigned|done|cancelled`.
    pub state: &'static str,
    /// The move made for what this one left undone.
    pub backorder_id: Option<StockMoveId>,
    /// What one unit of the move was valued at (millionths), once done.
    pub unit_cost_e6: Option<i64>,
    /// The valuation entry posted when it was done (none when the product is not valued).
    pub journal_entry_id: Option<Uuid>,
    /// The value of its valuation layers (out negative), none when it was not valued.
    pub value_minor: Option<i64>,
}

/// The made delivery: its transfer, number and moves in the lines' order.
#[derive(Clone, Debug)]
pub struct MadeDelivery {
    pub id: TransferId,
    pub number: String,
    pub moves: Vec<StockMoveId>,
}

/// Makes the delivery and confirms it (each move reserved when the stock allows), in the
/// caller's transaction.
pub async fn deliver_to_customer(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    input: CustomerDelivery,
) -> ApiResult<MadeDelivery> {
    let mut stock = Stock::load(transaction, ctx).await?;
    let warehouse = store::warehouse_by_id(stock.db, ctx.company, input.warehouse_id.0)
        .await?
        .ok_or_else(|| ApiError::invalid_field("warehouseId", "no such warehouse"))?;
    let home = stock.known_location(warehouse.stock_location_id).await?;
    let customers = stock
        .known_location(stock.settings.customer_location_id)
        .await?;
    let mut transfer = new_transfer_of_kind(
        &mut stock,
        TransferType::Delivery,
        &home,
        &customers,
        Some(input.partner_id.0),
        input.date,
        input.reference.clone(),
        input.notes.clone(),
    )
    .await?;
    let mut moves = Vec::with_capacity(input.lines.len());
    for line in input.lines {
        let mut mv = stock
            .create(MovePlan {
                product_id: line.product_id.0,
                quantity: line.quantity_e4,
                uom: line.uom,
                source: home.id,
                destination: customers.id,
                date: input.date,
                reference: Some(transfer.number.clone()),
                description: line.description,
                partner_id: Some(input.partner_id.0),
                unit_cost_e6: None,
                transfer_id: Some(transfer.id),
                lots: Vec::new(),
            })
            .await?;
        stock.confirm(&mut mv).await?;
        moves.push(mv);
    }
    settle(&mut stock, &mut transfer, &moves).await?;
    stock.into_changes().settle(transaction, ctx).await?;
    Ok(MadeDelivery {
        id: TransferId(transfer.id),
        number: transfer.number,
        moves: moves.iter().map(|mv| StockMoveId(mv.id)).collect(),
    })
}

/// Tries again to reserve what a confirmed delivery waits for.
pub async fn reserve(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    id: TransferId,
) -> ApiResult<TransferView> {
    transition_in(transaction, ctx, id, Step::Confirm).await
}

/// Does the delivery's lines (each `lineId` a move id; all when no lines are given) on `date`,
/// the rest to a backorder transfer (`backorderId` of the answer) unless `backorder` is false.
/// 400 naming `lines[i].lots` when a tracked product's numbers are missing, 409
/// `insufficient_stock` when the goods are not there. Their cost of goods sold is posted as one
/// entry.
pub async fn deliver(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    id: TransferId,
    input: ValidateTransfer,
    date: Option<NaiveDate>,
) -> ApiResult<TransferView> {
    transition_in(transaction, ctx, id, Step::Validate(input, date, true)).await
}

/// Cancels the open moves of a delivery, giving back their reservations.
pub async fn cancel(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    id: TransferId,
) -> ApiResult<TransferView> {
    transition_in(transaction, ctx, id, Step::Cancel).await
}

/// The moves of these transfers, each transfer's oldest first.
pub async fn moves_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    transfers: &[TransferId],
) -> ApiResult<Vec<MoveFacts>> {
    let ids: Vec<Uuid> = transfers.iter().map(|id| id.0).collect();
    let mut by_transfer = store::moves_of_transfers(db, company, &ids).await?;
    let moves: Vec<Move> = ids
        .iter()
        .flat_map(|id| by_transfer.remove(id).unwrap_or_default())
        .collect();
    let move_ids: Vec<Uuid> = moves.iter().map(|mv| mv.id).collect();
    let values = store::move_values(db, company, &move_ids).await?;
    Ok(moves
        .into_iter()
        .map(|mv| MoveFacts {
            id: StockMoveId(mv.id),
            transfer_id: mv.transfer_id.map(TransferId),
            product_id: ProductId(mv.product_id),
            quantity_e4: mv.quantity,
            reserved_e4: mv.reserved,
            done_e4: mv.done,
            state: mv.state.as_str(),
            backorder_id: mv.backorder_id.map(StockMoveId),
            unit_cost_e6: mv.unit_cost_e6.filter(|_| mv.state == MoveState::Done),
            journal_entry_id: mv.journal_entry_id,
            value_minor: values.get(&mv.id).copied(),
            uom: mv.uom,
        })
        .collect())
}

/// One product coming back from a customer.
#[derive(Clone, Debug)]
pub struct ReturnLine {
    pub product_id: ProductId,
    /// In `uom`, with at most its decimals (`"2.500"`).
    pub quantity: String,
    pub uom: String,
    /// Scrapped: to the scrap location, not into stock.
    pub scrap: bool,
    /// Where it goes when restocked: an internal location of the warehouse (default its stock
    /// location).
    pub location_id: Option<LocationId>,
    pub lots: Option<Vec<LotQuantity>>,
    /// What a unit of `uom` went out at (millionths of the company currency): the goods come
    /// back at that value.
    pub unit_cost_e6: Option<i64>,
}

/// A customer's return to receive.
#[derive(Clone, Debug)]
pub struct CustomerReturn {
    pub warehouse_id: WarehouseId,
    pub partner_id: PartnerId,
    pub date: NaiveDate,
    pub reference: Option<String>,
    /// Errors name line `i`'s fields `{field}[i].quantity`, `{field}[i].locationId`...
    pub field: &'static str,
    pub lines: Vec<ReturnLine>,
}

/// Receives a customer's return done at once (valued at the costs given), in the caller's
/// transaction. Returns the transfer and its moves in the lines' order.
pub async fn receive_return(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    input: CustomerReturn,
) -> ApiResult<MadeDelivery> {
    let mut stock = Stock::load(transaction, ctx).await?;
    let warehouse = store::warehouse_by_id(stock.db, ctx.company, input.warehouse_id.0)
        .await?
        .ok_or_else(|| ApiError::invalid_field("warehouseId", "no such warehouse"))?;
    let customers = stock
        .known_location(stock.settings.customer_location_id)
        .await?;
    let home = stock.known_location(warehouse.stock_location_id).await?;
    let scrap = stock.settings.scrap_location_id;
    let mut validation = Validation::new();
    let mut planned = Vec::new();
    for (index, line) in input.lines.iter().enumerate() {
        let prefix = format!("{}[{index}].", input.field);
        let Some((product, uom, quantity)) = stock
            .check_line(
                &mut validation,
                &prefix,
                line.product_id.0,
                &line.quantity,
                Some(&line.uom),
            )
            .await?
        else {
            continue;
        };
        let destination = match (line.scrap, line.location_id) {
            (true, _) => scrap,
            (false, None) => home.id,
            (false, Some(id)) => {
                let field = format!("{prefix}locationId");
                match stock.location_for(&mut validation, &field, id.0).await? {
                    Some(place)
                        if place.kind == LocationType::Internal
                            && place.warehouse_id == Some(warehouse.id) =>
                    {
                        place.id
                    }
                    Some(_) => {
                        validation.add(field, "must be an internal location of the warehouse");
                        continue;
                    }
                    None => continue,
                }
            }
        };
        let lots = stock
            .check_lots(
                &mut validation,
                &prefix,
                &product,
                &uom,
                Some(&customers),
                line.lots.as_deref(),
            )
            .await?;
        planned.push((product, uom, quantity, destination, lots, line.unit_cost_e6));
    }
    validation.finish()?;
    let mut transfer = new_transfer_of_kind(
        &mut stock,
        TransferType::Return,
        &customers,
        &home,
        Some(input.partner_id.0),
        input.date,
        input.reference.clone(),
        None,
    )
    .await?;
    let mut moves = Vec::with_capacity(planned.len());
    for (product, uom, quantity, destination, lots, unit_cost_e6) in planned {
        let mut mv = stock
            .create(MovePlan {
                product_id: product.id.0,
                quantity,
                uom: uom.code,
                source: customers.id,
                destination,
                date: input.date,
                reference: Some(transfer.number.clone()),
                description: Some(product.name),
                partner_id: Some(input.partner_id.0),
                unit_cost_e6,
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
    Ok(MadeDelivery {
        id: TransferId(transfer.id),
        number: transfer.number,
        moves: moves.iter().map(|mv| StockMoveId(mv.id)).collect(),
    })
}

/// What a warehouse has and expects of a product (in the product's unit, ten-thousandths):
/// on hand and reserved now, and the open moves in and out of the warehouse by date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Availability {
    pub on_hand_e4: i64,
    pub reserved_e4: i64,
    /// By date, oldest first: (date, incoming, outgoing).
    pub flows: Vec<(NaiveDate, i64, i64)>,
}

/// The availability of `product` in `warehouse` (all the company's warehouses when none).
pub async fn availability(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    product: ProductId,
    warehouse: Option<WarehouseId>,
) -> ApiResult<Availability> {
    let warehouse = warehouse.map(|id| id.0);
    let totals = store::totals(db, ctx.company, &[product.0], warehouse)
        .await?
        .remove(&product.0)
        .unwrap_or_default();
    let flows = store::open_flows(db, ctx.company, product.0, warehouse).await?;
    Ok(Availability {
        on_hand_e4: totals.on_hand,
        reserved_e4: totals.reserved,
        flows,
    })
}
