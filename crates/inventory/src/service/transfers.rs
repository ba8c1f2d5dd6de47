//! Transfers: moves of several products between two locations done together, numbered
//! `WH/IN/00001`, with a backorder for what is not done; between two warehouses they go
//! through transit and an arrival transfer waits at the destination.

use std::collections::HashMap;

use arkan_kernel::TransferId;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::rfc3339;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::engine::{MovePlan, Stock};
use super::moves::{check_partner, date_or_today, lot_views, units_of};
use super::{filter_code, filter_id};
use crate::api::*;
use crate::domain::{LocationType, MoveState, TransferType};
use crate::store::{self, Location, Move, MoveLot, Transfer, TransferFilter};
use crate::{errors, events};
use arkan_catalog::quantities::format as format_quantity;

static TRANSFER_LIST: ListSpec = ListSpec {
    name: "inventory.transfers",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "number",
            column: "number",
            kind: SortKind::Text,
        },
        SortField {
            name: "scheduledDate",
            column: "scheduled_date",
            kind: SortKind::Date,
        },
    ],
};

/// A transfer's state from its moves: done when none is open and one is done, cancelled when
/// all are, assigned when every open one is, else confirmed (or draft while all are).
fn state_of(moves: &[Move]) -> MoveState {
    let open: Vec<&Move> = moves.iter().filter(|mv| mv.state.is_open()).collect();
    if open.is_empty() {
        return if moves.iter().any(|mv| mv.state == MoveState::Done) {
            MoveState::Done
        } else {
            MoveState::Cancelled
        };
    }
    if open.iter().all(|mv| mv.state == MoveState::Draft) {
        MoveState::Draft
    } else if open.iter().all(|mv| mv.state == MoveState::Assigned) {
        MoveState::Assigned
    } else {
        MoveState::Confirmed
    }
}

async fn transfer_view(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    transfer: Transfer,
    moves: Vec<Move>,
) -> ApiResult<TransferView> {
    transfer_views(db, ctx, vec![(transfer, moves)])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("a transfer has no view"))
}

/// The views of transfers with their moves, reading the lots and units of all of them at once.
async fn transfer_views(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    transfers: Vec<(Transfer, Vec<Move>)>,
) -> ApiResult<Vec<TransferView>> {
    let ids: Vec<Uuid> = transfers
        .iter()
        .flat_map(|(_, moves)| moves.iter().map(|mv| mv.id))
        .collect();
    let mut lots = store::lots_of_moves(db, ctx.company, &ids).await?;
    let codes = transfers
        .iter()
        .flat_map(|(_, moves)| moves.iter().map(|mv| mv.uom.clone()))
        .collect();
    let units = units_of(db, ctx.company, codes).await?;
    Ok(transfers
        .into_iter()
        .map(|(transfer, moves)| {
            let lines = moves
                .into_iter()
                .map(|mv| {
                    let decimals = units.get(&mv.uom).map_or(4, |uom| uom.decimals);
                    let lots = lots.remove(&mv.id).unwrap_or_default();
                    TransferLineView {
                        id: mv.id,
                        product_id: mv.product_id,
                        description: mv.description,
                        quantity: format_quantity(mv.quantity, decimals),
                        quantity_reserved: format_quantity(mv.reserved, decimals),
                        quantity_done: format_quantity(mv.done, decimals),
                        lots: lot_views(&lots, decimals),
                        uom: mv.uom,
                        move_id: mv.id,
                    }
                })
                .collect();
            TransferView {
                id: transfer.id,
                kind: transfer.kind.as_str().to_owned(),
                number: transfer.number,
                state: transfer.state.as_str().to_owned(),
                source_location_id: transfer.source_location_id,
                destination_location_id: transfer.destination_location_id,
                partner_id: transfer.partner_id,
                scheduled_date: format_date(transfer.scheduled_date),
                reference: transfer.reference,
                notes: transfer.notes,
                done_at: transfer.done_at.map(rfc3339),
                lines,
                backorder_id: transfer.backorder_id,
                arrival_transfer_id: transfer.arrival_transfer_id,
                created_at: rfc3339(transfer.created_at),
                updated_at: rfc3339(transfer.updated_at),
            }
        })
        .collect())
}

/// The warehouse a transfer is numbered in: the warehouse of its own end (the destination of
/// what comes in, else the source).
fn numbering_warehouse(
    kind: TransferType,
    source: &Location,
    destination: &Location,
) -> Option<Uuid> {
    match kind {
        TransferType::Receipt | TransferType::Return => {
            destination.warehouse_id.or(source.warehouse_id)
        }
        _ => source.warehouse_id.or(destination.warehouse_id),
    }
}

async fn new_transfer(
    stock: &mut Stock<'_>,
    source: &Location,
    destination: &Location,
    partner_id: Option<Uuid>,
    scheduled_date: chrono::NaiveDate,
    reference: Option<String>,
    notes: Option<String>,
) -> ApiResult<Transfer> {
    let kind = TransferType::between(source.kind, destination.kind);
    new_transfer_of_kind(
        stock,
        kind,
        source,
        destination,
        partner_id,
        scheduled_date,
        reference,
        notes,
    )
    .await
}

/// A new transfer of `kind` (a return to a vendor is a `return`, not a delivery), numbered.
#[expect(
    clippy::too_many_arguments,
    reason = "a transfer's header, field by field"
)]
pub(super) async fn new_transfer_of_kind(
    stock: &mut Stock<'_>,
    kind: TransferType,
    source: &Location,
    destination: &Location,
    partner_id: Option<Uuid>,
    scheduled_date: chrono::NaiveDate,
    reference: Option<String>,
    notes: Option<String>,
) -> ApiResult<Transfer> {
    let number = stock
        .next_number(
            numbering_warehouse(kind, source, destination),
            kind.prefix(),
        )
        .await?;
    let transfer = Transfer {
        id: Uuid::now_v7(),
        kind,
        number,
        state: MoveState::Draft,
        source_location_id: source.id,
        destination_location_id: destination.id,
        partner_id,
        scheduled_date,
        reference,
        notes,
        backorder_id: None,
        arrival_transfer_id: None,
        done_at: None,
        created_at: stock.now,
        updated_at: stock.now,
    };
    store::insert_transfer(stock.db, stock.company, &transfer).await?;
    stock
        .events
        .push((events::STOCK_TRANSFER_CREATED, transfer.id));
    Ok(transfer)
}

/// Writes a transfer's state again from its moves (after one of them changed on its own).
pub(crate) async fn resettle(stock: &mut Stock<'_>, id: Uuid) -> ApiResult<()> {
    let Some(mut transfer) = store::transfer_by_id(stock.db, stock.company, id, true).await? else {
        return Ok(());
    };
    let moves = store::moves_of_transfer(stock.db, stock.company, id, false).await?;
    settle(stock, &mut transfer, &moves).await
}

/// Writes the transfer's state from its moves.
pub(super) async fn settle(
    stock: &mut Stock<'_>,
    transfer: &mut Transfer,
    moves: &[Move],
) -> ApiResult<()> {
    transfer.state = state_of(moves);
    if transfer.state == MoveState::Done && transfer.done_at.is_none() {
        transfer.done_at = Some(stock.now);
    }
    transfer.updated_at = stock.now;
    store::update_transfer(stock.db, stock.company, transfer).await?;
    Ok(())
}

pub async fn create_transfer(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateTransfer,
) -> ApiResult<TransferView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let mut stock = Stock::load(&transaction, ctx).await?;
    let mut validation = Validation::new();
    let source = stock
        .location_for(
            &mut validation,
            "sourceLocationId",
            input.source_location_id,
        )
        .await?;
    let destination = stock
        .location_for(
            &mut validation,
            "destinationLocationId",
            input.destination_location_id,
        )
        .await?;
    if input.source_location_id == input.destination_location_id {
        validation.add("destinationLocationId", "must differ from the source");
    }
    let date = date_or_today(&mut validation, "date", input.date.as_deref());
    check_partner(&*transaction, ctx, &mut validation, input.partner_id).await?;
    if input.lines.is_empty() {
        validation.add("lines", "must have at least one line");
    }
    let mut lines = Vec::new();
    for (index, line) in input.lines.iter().enumerate() {
        let prefix = format!("lines[{index}].");
        let checked = stock
            .check_line(
                &mut validation,
                &prefix,
                line.product_id,
                &line.quantity.0,
                line.uom.as_deref(),
            )
            .await?;
        if let Some((product, uom, quantity)) = checked {
            let lots = stock
                .check_lots(
                    &mut validation,
                    &prefix,
                    &product,
                    &uom,
                    source.as_ref(),
                    line.lots.as_deref(),
                )
                .await?;
            lines.push((product, uom, quantity, lots));
        }
    }
    validation.finish()?;
    let (Some(source), Some(destination)) = (source, destination) else {
        return Err(ApiError::internal("checked locations are missing"));
    };
    // Between two warehouses the goods travel through transit first.
    let across = source.kind == LocationType::Internal
        && destination.kind == LocationType::Internal
        && source.warehouse_id.is_some()
        && destination.warehouse_id.is_some()
        && source.warehouse_id != destination.warehouse_id;
    let leg_end = if across {
        let transit = stock.settings.transit_location_id;
        stock.known_location(transit).await?
    } else {
        destination.clone()
    };
    let reference = fields::clean(input.reference);
    let notes = fields::clean(input.notes);
    let mut transfer = new_transfer(
        &mut stock,
        &source,
        &destination,
        input.partner_id,
        date,
        reference.clone(),
        notes.clone(),
    )
    .await?;
    let mut moves = Vec::new();
    for (product, uom, quantity, lots) in lines {
        let mut mv = stock
            .create(MovePlan {
                product_id: product.id.0,
                quantity,
                uom: uom.code,
                source: source.id,
                destination: leg_end.id,
                date,
                reference: Some(transfer.number.clone()),
                description: Some(product.name),
                partner_id: input.partner_id,
                unit_cost_e6: None,
                transfer_id: Some(transfer.id),
                lots,
            })
            .await?;
        stock.confirm(&mut mv).await?;
        moves.push(mv);
    }
    if input.validate.unwrap_or(true) {
        for mv in &mut moves {
            stock.complete(mv, None, None).await?;
        }
        if across {
            let arrival = arrival(&mut stock, &transfer, &moves).await?;
            transfer.arrival_transfer_id = Some(arrival);
        }
        stock
            .events
            .push((events::STOCK_TRANSFER_VALIDATED, transfer.id));
    }
    settle(&mut stock, &mut transfer, &moves).await?;
    stock.into_changes().settle(&mut transaction, ctx).await?;
    let view = transfer_view(&*transaction, ctx, transfer, moves).await?;
    transaction.commit().await?;
    Ok(view)
}

/// The arrival of goods sent between warehouses (moves done into transit): from transit to the
/// transfer's destination, confirmed, with the lots that left.
async fn arrival(stock: &mut Stock<'_>, leg: &Transfer, moves: &[Move]) -> ApiResult<Uuid> {
    let transit = stock
        .known_location(stock.settings.transit_location_id)
        .await?;
    let destination = stock.known_location(leg.destination_location_id).await?;
    let mut transfer = new_transfer(
        stock,
        &transit,
        &destination,
        leg.partner_id,
        leg.scheduled_date,
        Some(leg.number.clone()),
        leg.notes.clone(),
    )
    .await?;
    let ids: Vec<Uuid> = moves.iter().map(|mv| mv.id).collect();
    let mut lots = store::lots_of_moves(stock.db, stock.company, &ids).await?;
    let mut arriving = Vec::new();
    for mv in moves {
        if mv.state != MoveState::Done || mv.destination_location_id != transit.id {
            continue;
        }
        let mut next = stock
            .create(MovePlan {
                product_id: mv.product_id,
                quantity: mv.done,
                uom: mv.uom.clone(),
                source: transit.id,
                destination: destination.id,
                date: mv.date,
                reference: Some(transfer.number.clone()),
                description: mv.description.clone(),
                partner_id: mv.partner_id,
                unit_cost_e6: mv.unit_cost_e6,
                transfer_id: Some(transfer.id),
                lots: lots.remove(&mv.id).unwrap_or_default(),
            })
            .await?;
        next.state = MoveState::Confirmed;
        next.updated_at = stock.now;
        store::update_move(stock.db, stock.company, &next).await?;
        arriving.push(next);
    }
    settle(stock, &mut transfer, &arriving).await?;
    Ok(transfer.id)
}

pub async fn list_transfers(
    platform: &Platform,
    ctx: &Ctx,
    query: TransferListQuery,
) -> ApiResult<Page<TransferView>> {
    let filter = TransferFilter {
        state: filter_code(
            "state",
            query.state.as_deref(),
            MoveState::parse,
            MoveState::codes(),
        )?,
        kind: filter_code(
            "type",
            query.kind.as_deref(),
            TransferType::parse,
            TransferType::codes(),
        )?,
        partner_id: filter_id("partner_id", query.partner_id.as_deref())?,
        q: fields::clean(query.q).map(|text| text.to_lowercase()),
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &TRANSFER_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_transfers(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |transfer| match page.sort.name {
        "number" => (SortValue::Text(transfer.number.clone()), transfer.id),
        "scheduledDate" => (
            SortValue::Text(format_date(transfer.scheduled_date)),
            transfer.id,
        ),
        _ => (SortValue::Integer(transfer.created_at), transfer.id),
    });
    let ids: Vec<Uuid> = page.data.iter().map(|transfer| transfer.id).collect();
    let mut moves = store::moves_of_transfers(db, ctx.company, &ids).await?;
    let with_moves = page
        .data
        .into_iter()
        .map(|transfer| {
            let lines = moves.remove(&transfer.id).unwrap_or_default();
            (transfer, lines)
        })
        .collect();
    let views = transfer_views(db, ctx, with_moves).await?;
    Ok(Page {
        data: views,
        meta: page.meta,
    })
}

pub async fn get_transfer(
    platform: &Platform,
    ctx: &Ctx,
    id: TransferId,
) -> ApiResult<TransferView> {
    transfer_of(platform.db.connection(), ctx, id).await
}

/// The company's transfer as `GET /inventory/transfers/:id` answers it (404 when it has none).
pub async fn transfer_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: TransferId,
) -> ApiResult<TransferView> {
    let transfer = store::transfer_by_id(db, ctx.company, id.0, false)
        .await?
        .ok_or_else(|| ApiError::not_found("stock_transfer"))?;
    let moves = store::moves_of_transfer(db, ctx.company, id.0, false).await?;
    transfer_view(db, ctx, transfer, moves).await
}

/// What a transition of a transfer does.
pub(crate) enum Step {
    Confirm,
    /// Done on `date` when given (the moves' date, their entries'), else on their own date;
    /// their valuation posted as one entry when `one_entry`.
    Validate(ValidateTransfer, Option<chrono::NaiveDate>, bool),
    Cancel,
}

async fn transition(
    platform: &Platform,
    ctx: &Ctx,
    id: TransferId,
    step: Step,
) -> ApiResult<TransferView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let view = transition_in(&mut transaction, ctx, id, step).await?;
    transaction.commit().await?;
    Ok(view)
}

/// A transition of the company's transfer `id` inside the caller's write transaction (404 when
/// it has none, 409 `stock_transfer_not_open` once it is done or cancelled).
pub(crate) async fn transition_in(
    transaction: &mut arkan_platform::db::WriteTransaction,
    ctx: &Ctx,
    id: TransferId,
    step: Step,
) -> ApiResult<TransferView> {
    let mut transfer = store::transfer_by_id(&**transaction, ctx.company, id.0, true)
        .await?
        .ok_or_else(|| ApiError::not_found("stock_transfer"))?;
    if !transfer.state.is_open() {
        return Err(errors::stock_transfer_not_open(transfer.state));
    }
    let mut moves = store::moves_of_transfer(&**transaction, ctx.company, id.0, true).await?;
    let mut stock = Stock::load(transaction, ctx).await?;
    let mut one_entry = false;
    match step {
        Step::Confirm => {
            for mv in moves.iter_mut() {
                if !mv.state.is_open() {
                    continue;
                }
                if mv.state == MoveState::Draft {
                    stock.confirm(mv).await?;
                } else {
                    stock.reserve(mv).await?;
                }
            }
        }
        Step::Cancel => {
            for mv in moves.iter_mut() {
                if !mv.state.is_open() {
                    continue;
                }
                stock.cancel(mv).await?;
            }
            stock
                .events
                .push((events::STOCK_TRANSFER_CANCELLED, transfer.id));
        }
        Step::Validate(input, date, one) => {
            one_entry = one;
            stock.entry_per_move = !one;
            let done = done_quantities(&mut stock, &moves, &input).await?;
            if let Some(date) = date {
                for mv in moves.iter_mut().filter(|mv| mv.state.is_open()) {
                    mv.date = date;
                }
            }
            // Each open move's undone rest: all of it when nothing was done of it.
            let mut rests: Vec<(Uuid, i64)> = Vec::new();
            for mv in moves.iter_mut() {
                if !mv.state.is_open() {
                    continue;
                }
                if mv.state == MoveState::Draft {
                    stock.confirm(mv).await?;
                }
                let (quantity, lots) = done.get(&mv.id).cloned().unwrap_or((0, None));
                if quantity == 0 {
                    rests.push((mv.id, mv.quantity));
                    continue;
                }
                let rest = stock.complete(mv, Some(quantity), lots).await?;
                if rest > 0 {
                    rests.push((mv.id, rest));
                }
            }
            let keep = input.backorder.unwrap_or(true);
            let finished: Vec<Move> = moves
                .iter()
                .filter(|mv| mv.state == MoveState::Done && mv.done_at == Some(stock.now))
                .cloned()
                .collect();
            if finished
                .iter()
                .any(|mv| mv.destination_location_id != transfer.destination_location_id)
            {
                transfer.arrival_transfer_id =
                    Some(arrival(&mut stock, &transfer, &finished).await?);
            }
            backorder(&mut stock, &mut transfer, &mut moves, &rests, keep).await?;
            stock
                .events
                .push((events::STOCK_TRANSFER_VALIDATED, transfer.id));
        }
    }
    settle(&mut stock, &mut transfer, &moves).await?;
    let mut changes = stock.into_changes();
    if one_entry {
        changes = changes.combined(
            format!("Stock out: {}", transfer.number),
            Some(transfer.number.clone()),
        );
    }
    changes.settle(transaction, ctx).await?;
    transfer_view(&**transaction, ctx, transfer, moves).await
}

/// Each open move's quantity done (default all when no lines are given; a line left out is
/// not done) and lots, checked.
async fn done_quantities(
    stock: &mut Stock<'_>,
    moves: &[Move],
    input: &ValidateTransfer,
) -> ApiResult<HashMap<Uuid, (i64, Option<Vec<MoveLot>>)>> {
    let mut done = HashMap::new();
    let Some(lines) = &input.lines else {
        for mv in moves.iter().filter(|mv| mv.state.is_open()) {
            done.insert(mv.id, (mv.quantity, None));
        }
        return Ok(done);
    };
    let mut validation = Validation::new();
    for (index, line) in lines.iter().enumerate() {
        let prefix = format!("lines[{index}].");
        let Some(mv) = moves
            .iter()
            .find(|mv| mv.id == line.line_id && mv.state.is_open())
        else {
            validation.add(
                format!("{prefix}lineId"),
                "must be an open line of the transfer",
            );
            continue;
        };
        if done.contains_key(&mv.id) {
            validation.add(format!("{prefix}lineId"), "is given twice");
            continue;
        }
        let (Some(product), Some(unit)) = (
            stock.product(mv.product_id).await?,
            stock.uom(&mv.uom).await?,
        ) else {
            return Err(ApiError::internal("a move's product or unit is gone"));
        };
        let quantity =
            match arkan_catalog::quantities::parse(line.quantity_done.0.trim(), unit.decimals) {
                Ok(quantity) if quantity > mv.quantity => {
                    validation.add(
                        format!("{prefix}quantityDone"),
                        "must not exceed the line's quantity",
                    );
                    continue;
                }
                Ok(quantity) => quantity,
                Err(message) => {
                    validation.add(format!("{prefix}quantityDone"), message);
                    continue;
                }
            };
        let source = stock.location(mv.source_location_id).await?;
        let lots = stock
            .check_lots(
                &mut validation,
                &prefix,
                &product,
                &unit,
                source.as_ref(),
                line.lots.as_deref(),
            )
            .await?;
        done.insert(
            mv.id,
            (quantity, if lots.is_empty() { None } else { Some(lots) }),
        );
    }
    if !done.values().any(|(quantity, _)| *quantity > 0) {
        validation.add("lines", "must do some quantity of at least one line");
    }
    validation.finish()?;
    Ok(done)
}

/// What was not done goes to a new transfer, the backorder (a line not done at all moves
/// there whole, with its reservation; a line done in part leaves a backorder move there), or is
/// cancelled.
async fn backorder(
    stock: &mut Stock<'_>,
    transfer: &mut Transfer,
    moves: &mut Vec<Move>,
    rests: &[(Uuid, i64)],
    keep: bool,
) -> ApiResult<()> {
    if rests.is_empty() {
        return Ok(());
    }
    if !keep {
        for mv in moves.iter_mut() {
            if !mv.state.is_open() {
                continue;
            }
            stock.cancel(mv).await?;
        }
        return Ok(());
    }
    let source = stock.known_location(transfer.source_location_id).await?;
    let destination = stock
        .known_location(transfer.destination_location_id)
        .await?;
    let mut next = new_transfer(
        stock,
        &source,
        &destination,
        transfer.partner_id,
        transfer.scheduled_date,
        transfer.reference.clone(),
        transfer.notes.clone(),
    )
    .await?;
    let mut next_moves = Vec::new();
    let mut staying = Vec::new();
    for mut mv in std::mem::take(moves) {
        match rests.iter().find(|(id, _)| *id == mv.id) {
            Some(_) if mv.state.is_open() => {
                mv.transfer_id = Some(next.id);
                mv.updated_at = stock.now;
                store::set_move_transfer(stock.db, stock.company, mv.id, next.id).await?;
                next_moves.push(mv);
            }
            Some((_, rest)) => {
                next_moves.push(stock.backorder(&mut mv, *rest, Some(next.id)).await?);
                staying.push(mv);
            }
            None => staying.push(mv),
        }
    }
    *moves = staying;
    settle(stock, &mut next, &next_moves).await?;
    transfer.backorder_id = Some(next.id);
    Ok(())
}

/// `draft -> confirmed`, reserving what the stock allows; on a confirmed transfer, tries the
/// reservation again.
pub async fn confirm_transfer(
    platform: &Platform,
    ctx: &Ctx,
    id: TransferId,
) -> ApiResult<TransferView> {
    transition(platform, ctx, id, Step::Confirm).await
}

/// Does the transfer's lines (all, or as given), the rest to a backorder or cancelled.
pub async fn validate_transfer(
    platform: &Platform,
    ctx: &Ctx,
    id: TransferId,
    input: ValidateTransfer,
) -> ApiResult<TransferView> {
    transition(platform, ctx, id, Step::Validate(input, None, false)).await
}

pub async fn cancel_transfer(
    platform: &Platform,
    ctx: &Ctx,
    id: TransferId,
) -> ApiResult<TransferView> {
    transition(platform, ctx, id, Step::Cancel).await
}
