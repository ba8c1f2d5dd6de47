//! Deliveries of sales orders: a draft of what no delivery covers, confirmed into an inventory
//! `delivery` transfer (numbered, reserved as the stock allows), done in full or in part (the
//! rest to a backorder delivery) through `arkan_inventory::customer_transfers`, which values
//! the goods and posts their cost of goods sold in the same transaction; available-to-promise.

use std::collections::HashMap;

use arkan_catalog::ProductType;
use arkan_catalog::quantities::format as format_quantity;
use arkan_inventory::customer_transfers::{
    self as transfers, CustomerDelivery, CustomerLine, LotQuantity, MoveFacts, ValidateLine,
    ValidateTransfer,
};
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{CompanyId, PartnerId, ProductId, SalesOrderId, TransferId, WarehouseId};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use serde_json::Value;
use uuid::Uuid;

use super::orders::{decimals_of, load};
use crate::api::deliveries::*;
use crate::domain::deliveries::{DeliveryStatus, available_to_promise, left_to_deliver};
use crate::domain::orders::OrderState;
use crate::store::deliveries::{Delivery, DeliveryFilter, DeliveryLine};
use crate::store::orders::{SalesLine, SalesOrder};
use crate::{errors, events, store};

static DELIVERY_LIST: ListSpec = ListSpec {
    name: "sales.deliveries",
    sorts: &[CREATED_AT],
};

const MAX_TEXT: usize = 2_000;

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The header of a delivery to draft.
#[derive(Default)]
struct DraftHeader {
    scheduled_date: Option<NaiveDate>,
    warehouse_id: Option<Uuid>,
    shipping_address: Option<String>,
    carrier: Option<String>,
    tracking_number: Option<String>,
    notes: Option<String>,
}

/// What deliveries that are not cancelled cover of each order line.
async fn covered(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: Uuid,
) -> ApiResult<HashMap<Uuid, i64>> {
    let deliveries = store::deliveries::deliveries_of_orders(db, company, &[order]).await?;
    let open: Vec<Uuid> = deliveries
        .iter()
        .filter(|delivery| delivery.state != DeliveryStatus::Cancelled)
        .map(|delivery| delivery.id)
        .collect();
    let mut covered: HashMap<Uuid, i64> = HashMap::new();
    for line in store::deliveries::lines_of(db, company, &open)
        .await?
        .into_values()
        .flatten()
    {
        *covered.entry(line.order_line_id).or_default() += line.quantity_e4;
    }
    Ok(covered)
}

/// The order's goods lines (a product that is not a service), with their product.
async fn goods_lines<'a>(
    db: &impl ConnectionTrait,
    company: CompanyId,
    lines: &'a [SalesLine],
) -> ApiResult<Vec<(&'a SalesLine, Uuid)>> {
    let ids: Vec<ProductId> = lines
        .iter()
        .filter_map(|line| line.product_id)
        .map(ProductId)
        .collect();
    let products = arkan_catalog::products::facts(db, company, &ids).await?;
    Ok(lines
        .iter()
        .filter_map(|line| {
            let product = line.product_id?;
            products
                .get(&ProductId(product))
                .filter(|facts| facts.kind != ProductType::Service)
                .map(|_| (line, product))
        })
        .collect())
}

/// A draft delivery of what is left to deliver of the order's goods lines (all, or the
/// quantities asked by line id, checked: 400 naming `lines[i]`); 409 `nothing_to_deliver`.
async fn draft_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    order: &SalesOrder,
    lines: &[SalesLine],
    asked: Option<Vec<DeliveryLineInput>>,
    header: DraftHeader,
) -> ApiResult<(Delivery, Vec<DeliveryLine>)> {
    let covered = covered(db, ctx.company, order.id).await?;
    let goods = goods_lines(db, ctx.company, lines).await?;
    let left = |line: &SalesLine| {
        left_to_deliver(
            line.quantity_e4,
            covered.get(&line.id).copied().unwrap_or(0),
        )
    };
    let id = Uuid::now_v7();
    let new_line = |line: &SalesLine, product: Uuid, quantity_e4: i64| DeliveryLine {
        id: Uuid::now_v7(),
        delivery_id: id,
        order_line_id: line.id,
        product_id: product,
        description: line.description.clone(),
        uom: line.uom.clone(),
        quantity_e4,
        move_id: None,
    };
    let mut made = Vec::new();
    match asked {
        None => {
            for (line, product) in &goods {
                let quantity = left(line);
                if quantity > 0 {
                    made.push(new_line(line, *product, quantity));
                }
            }
        }
        Some(asked) => {
            let decimals =
                decimals_of(db, ctx, lines.iter().map(|line| line.uom.clone()).collect()).await?;
            let mut validation = Validation::new();
            if asked.is_empty() {
                validation.add("lines", "must name at least one line");
            }
            for (index, input) in asked.into_iter().enumerate() {
                let field = |name: &str| format!("lines[{index}].{name}");
                let Some((line, product)) = goods.iter().find(|(line, _)| line.id == input.line_id)
                else {
                    validation.add(field("lineId"), "must be a goods line of the order");
                    continue;
                };
                if made
                    .iter()
                    .any(|made: &DeliveryLine| made.order_line_id == line.id)
                {
                    validation.add(field("lineId"), "is given twice");
                    continue;
                }
                let places = decimals.get(&line.uom).copied().unwrap_or(4);
                match arkan_catalog::quantities::parse(input.quantity.0.trim(), places) {
                    Ok(quantity) if quantity <= 0 => {
                        validation.add(field("quantity"), "must be more than zero");
                    }
                    Ok(quantity) if quantity > left(line) => validation.add(
                        field("quantity"),
                        format!(
                            "must not exceed what is left to deliver ({})",
                            format_quantity(left(line), places)
                        ),
                    ),
                    Ok(quantity) => made.push(new_line(line, *product, quantity)),
                    Err(message) => validation.add(field("quantity"), message),
                }
            }
            validation.finish()?;
        }
    }
    if made.is_empty() {
        return Err(errors::deliveries::nothing_to_deliver());
    }
    let now = now_micros();
    let delivery = Delivery {
        id,
        order_id: order.id,
        partner_id: order.partner_id,
        warehouse_id: header.warehouse_id.unwrap_or(order.warehouse_id),
        number: None,
        state: DeliveryStatus::Draft,
        scheduled_date: header
            .scheduled_date
            .or(order.commitment_date)
            .unwrap_or_else(today),
        shipping_address: header
            .shipping_address
            .or_else(|| order.shipping_address.clone()),
        carrier: header.carrier,
        tracking_number: header.tracking_number,
        notes: header.notes,
        transfer_id: None,
        backorder_id: None,
        done_at: None,
        created_at: now,
        updated_at: now,
    };
    Ok((delivery, made))
}

/// Writes a new draft delivery (emits `sales_delivery.created`).
async fn insert(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    delivery: &Delivery,
    lines: &[DeliveryLine],
) -> ApiResult<()> {
    store::deliveries::insert_delivery(&**transaction, ctx.company, delivery, lines).await?;
    transaction.emit(ctx.company, events::SALES_DELIVERY_CREATED, delivery.id);
    Ok(())
}

/// `draft -> confirmed`: the inventory delivery transfer is made and reserved as the stock
/// allows; the delivery takes its number (emits `sales_delivery.confirmed`).
async fn confirm_in(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    reference: Option<String>,
    delivery: &mut Delivery,
    lines: &mut [DeliveryLine],
) -> ApiResult<()> {
    let made = transfers::deliver_to_customer(
        transaction,
        ctx,
        CustomerDelivery {
            warehouse_id: WarehouseId(delivery.warehouse_id),
            partner_id: PartnerId(delivery.partner_id),
            date: delivery.scheduled_date,
            reference,
            notes: delivery.notes.clone(),
            lines: lines
                .iter()
                .map(|line| CustomerLine {
                    product_id: ProductId(line.product_id),
                    quantity_e4: line.quantity_e4,
                    uom: line.uom.clone(),
                    description: Some(line.description.clone()),
                })
                .collect(),
        },
    )
    .await?;
    for (line, mv) in lines.iter_mut().zip(&made.moves) {
        line.move_id = Some(mv.0);
        store::deliveries::update_line(&**transaction, ctx.company, line).await?;
    }
    delivery.number = Some(made.number);
    delivery.transfer_id = Some(made.id.0);
    delivery.state = DeliveryStatus::Confirmed;
    delivery.updated_at = now_micros();
    store::deliveries::update_delivery(&**transaction, ctx.company, delivery).await?;
    transaction.emit(ctx.company, events::SALES_DELIVERY_CONFIRMED, delivery.id);
    Ok(())
}

/// What confirming an order does for its goods (with `deliveryOnConfirm`: the delivery).
pub(crate) async fn on_confirm(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    order: &SalesOrder,
    lines: &[SalesLine],
) -> ApiResult<()> {
    let settings = store::settings::settings(&**transaction, ctx.company).await?;
    if !settings.delivery_on_confirm
        || goods_lines(&**transaction, ctx.company, lines)
            .await?
            .is_empty()
    {
        return Ok(());
    }
    let (mut delivery, mut made) = draft_of(
        &**transaction,
        ctx,
        order,
        lines,
        None,
        DraftHeader::default(),
    )
    .await?;
    insert(transaction, ctx, &delivery, &made).await?;
    confirm_in(
        transaction,
        ctx,
        order.number.clone(),
        &mut delivery,
        &mut made,
    )
    .await
}

/// Cancels an open delivery (its transfer's reservations given back).
async fn cancel_in(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    delivery: &mut Delivery,
) -> ApiResult<()> {
    if let Some(transfer) = delivery.transfer_id {
        transfers::cancel(transaction, ctx, TransferId(transfer)).await?;
    }
    delivery.state = DeliveryStatus::Cancelled;
    delivery.updated_at = now_micros();
    store::deliveries::update_delivery(&**transaction, ctx.company, delivery).await?;
    transaction.emit(ctx.company, events::SALES_DELIVERY_CANCELLED, delivery.id);
    Ok(())
}

/// What cancelling an order does to its deliveries (409 once goods left).
pub(crate) async fn before_cancel(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    order: &SalesOrder,
) -> ApiResult<()> {
    let deliveries =
        store::deliveries::deliveries_of_orders(&**transaction, ctx.company, &[order.id]).await?;
    if deliveries
        .iter()
        .any(|delivery| delivery.state == DeliveryStatus::Done)
    {
        return Err(errors::deliveries::order_has_deliveries());
    }
    for mut delivery in deliveries {
        if delivery.state.is_open() {
            cancel_in(transaction, ctx, &mut delivery).await?;
        }
    }
    Ok(())
}

/// The deliveries of these orders, by order, oldest first.
pub(crate) async fn delivery_ids(
    db: &impl ConnectionTrait,
    company: CompanyId,
    orders: &[Uuid],
) -> ApiResult<HashMap<Uuid, Vec<Uuid>>> {
    let mut ids: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for delivery in store::deliveries::deliveries_of_orders(db, company, orders).await? {
        ids.entry(delivery.order_id).or_default().push(delivery.id);
    }
    Ok(ids)
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
    db: &impl ConnectionTrait,
    company: CompanyId,
    order_lines: &[Uuid],
) -> ApiResult<HashMap<Uuid, DeliveredCost>> {
    let lines = store::deliveries::lines_of_order_lines(db, company, order_lines).await?;
    let mut transfer_ids = Vec::new();
    for delivery in lines.iter().map(|line| line.delivery_id) {
        if let Some(found) = store::deliveries::delivery_by_id(db, company, delivery, false)
            .await?
            .filter(|found| found.state == DeliveryStatus::Done)
            .and_then(|found| found.transfer_id)
            && !transfer_ids.contains(&TransferId(found))
        {
            transfer_ids.push(TransferId(found));
        }
    }
    let moves = transfers::moves_of(db, company, &transfer_ids).await?;
    let mut costs: HashMap<Uuid, DeliveredCost> = HashMap::new();
    for line in &lines {
        let Some(mv) = moves
            .iter()
            .find(|mv| Some(mv.id.0) == line.move_id && mv.state == "done")
        else {
            continue;
        };
        let cost = costs.entry(line.order_line_id).or_default();
        cost.quantity_e4 += mv.done_e4;
        cost.cost_minor -= mv.value_minor.unwrap_or(0);
    }
    for (order_line, quantity_e4, value) in
        store::returns::received_of_order_lines(db, company, order_lines).await?
    {
        let cost = costs.entry(order_line).or_default();
        cost.quantity_e4 -= quantity_e4;
        cost.cost_minor -= value;
    }
    Ok(costs)
}

fn parse_header(input: &mut DeliveryFromOrder) -> ApiResult<DraftHeader> {
    let mut validation = Validation::new();
    let scheduled_date = input
        .scheduled_date
        .as_deref()
        .and_then(|text| fields::parse_date(&mut validation, "scheduledDate", text));
    let mut text = |field: &str, value: Option<String>| {
        fields::optional_text(&mut validation, field, value, MAX_TEXT)
    };
    let header = DraftHeader {
        scheduled_date,
        warehouse_id: input.warehouse_id,
        shipping_address: text("shippingAddress", input.shipping_address.take()),
        carrier: text("carrier", input.carrier.take()),
        tracking_number: text("trackingNumber", input.tracking_number.take()),
        notes: text("notes", input.notes.take()),
    };
    validation.finish()?;
    Ok(header)
}

/// A draft delivery of what no delivery covers of a confirmed order.
pub async fn delivery_from_order(
    platform: &Platform,
    ctx: &Ctx,
    order_id: SalesOrderId,
    mut input: DeliveryFromOrder,
) -> ApiResult<DeliveryView> {
    ctx.require_write(Area::Sales)?;
    let header = parse_header(&mut input)?;
    let mut transaction = platform.db.write().await?;
    let (order, lines) = load(&*transaction, ctx, order_id, true).await?;
    if order.state != OrderState::Confirmed {
        return Err(errors::orders::sales_order_not_confirmed(order.state));
    }
    if let Some(warehouse) = header.warehouse_id
        && !arkan_inventory::warehouses::is_active(
            &*transaction,
            ctx.company,
            WarehouseId(warehouse),
        )
        .await?
    {
        return Err(ApiError::invalid_field(
            "warehouseId",
            "no such active warehouse in this company",
        ));
    }
    let (delivery, made) =
        draft_of(&*transaction, ctx, &order, &lines, input.lines, header).await?;
    insert(&mut transaction, ctx, &delivery, &made).await?;
    let view = view_of(&*transaction, ctx, delivery, made).await?;
    transaction.commit().await?;
    Ok(view)
}

/// The company's delivery with its lines (404 when it has none), locked when `lock`.
async fn load_delivery(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: Uuid,
    lock: bool,
) -> ApiResult<(Delivery, Vec<DeliveryLine>)> {
    let delivery = store::deliveries::delivery_by_id(db, ctx.company, id, lock)
        .await?
        .ok_or_else(|| ApiError::not_found("delivery"))?;
    let lines = store::deliveries::lines_of(db, ctx.company, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    Ok((delivery, lines))
}

/// `draft -> confirmed|assigned`: numbered and reserved (409 `delivery_not_open` otherwise).
pub async fn confirm_delivery(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<DeliveryView> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let (mut delivery, mut lines) = load_delivery(&*transaction, ctx, id, true).await?;
    if delivery.state != DeliveryStatus::Draft {
        return Err(errors::deliveries::delivery_not_open(delivery.state));
    }
    let order = store::orders::order_by_id(&*transaction, ctx.company, delivery.order_id, true)
        .await?
        .ok_or_else(|| ApiError::internal("a delivery's order is gone"))?;
    if order.state != OrderState::Confirmed {
        return Err(errors::orders::sales_order_not_confirmed(order.state));
    }
    confirm_in(
        &mut transaction,
        ctx,
        order.number,
        &mut delivery,
        &mut lines,
    )
    .await?;
    let view = view_of(&*transaction, ctx, delivery, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

/// The quantities delivered of the lines given, as the inventory transfer takes them (its
/// lines are the moves); 400 naming `lines[i]`.
async fn done_lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    lines: &[DeliveryLine],
    given: Vec<DeliverLine>,
) -> ApiResult<Vec<ValidateLine>> {
    let decimals =
        decimals_of(db, ctx, lines.iter().map(|line| line.uom.clone()).collect()).await?;
    let mut validation = Validation::new();
    let mut done: Vec<ValidateLine> = Vec::new();
    for (index, input) in given.into_iter().enumerate() {
        let field = |name: &str| format!("lines[{index}].{name}");
        let Some((line, move_id)) = lines
            .iter()
            .find(|line| line.id == input.line_id)
            .and_then(|line| line.move_id.map(|mv| (line, mv)))
        else {
            validation.add(field("lineId"), "must be a line of the delivery");
            continue;
        };
        if done.iter().any(|seen| seen.line_id == move_id) {
            validation.add(field("lineId"), "is given twice");
            continue;
        }
        let places = decimals.get(&line.uom).copied().unwrap_or(4);
        match arkan_catalog::quantities::parse(input.quantity.0.trim(), places) {
            Ok(quantity) if quantity < 0 => {
                validation.add(field("quantity"), "must not be negative")
            }
            Ok(quantity) if quantity > line.quantity_e4 => validation.add(
                field("quantity"),
                format!(
                    "must not exceed the line's quantity ({})",
                    format_quantity(line.quantity_e4, places)
                ),
            ),
            Ok(_) => done.push(ValidateLine {
                line_id: move_id,
                quantity_done: input.quantity,
                lots: input.lots.map(|lots| {
                    lots.into_iter()
                        .map(|lot| LotQuantity {
                            lot_number: lot.lot_number,
                            quantity: lot.quantity,
                        })
                        .collect()
                }),
            }),
            Err(message) => validation.add(field("quantity"), message),
        }
    }
    validation.finish()?;
    Ok(done)
}

/// `confirmed -> done`: the goods leave (valued, their cost of goods sold posted), the order
/// lines' delivered quantities grow; what is not delivered goes to a backorder delivery
/// (default) or is dropped.
pub async fn deliver_delivery(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
    input: DeliverDelivery,
) -> ApiResult<DeliveryView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let date = input
        .date
        .as_deref()
        .and_then(|text| fields::parse_date(&mut validation, "date", text));
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let (mut delivery, mut lines) = load_delivery(&*transaction, ctx, id, true).await?;
    let transfer = match delivery.transfer_id {
        Some(transfer) if delivery.state == DeliveryStatus::Confirmed => TransferId(transfer),
        _ => return Err(errors::deliveries::delivery_not_open(delivery.state)),
    };
    let done = match input.lines {
        Some(given) => Some(done_lines(&*transaction, ctx, &lines, given).await?),
        None => None,
    };
    let keep = input.backorder.unwrap_or(true);
    let validated = transfers::deliver(
        &mut transaction,
        ctx,
        transfer,
        ValidateTransfer {
            lines: done,
            backorder: Some(keep),
        },
        Some(date.unwrap_or_else(today)),
    )
    .await?;
    let mut read = vec![transfer];
    read.extend(validated.backorder_id.map(TransferId));
    let moves = transfers::moves_of(&*transaction, ctx.company, &read).await?;
    let mut rest_lines = Vec::new();
    let rest_id = Uuid::now_v7();
    for line in &mut lines {
        let Some(mv) = moves.iter().find(|mv| Some(mv.id.0) == line.move_id) else {
            continue;
        };
        let done_e4 = if mv.state == "done" { mv.done_e4 } else { 0 };
        let rest = if mv.transfer_id == Some(transfer) {
            mv.backorder_id
                .and_then(|rest| moves.iter().find(|other| other.id == rest))
        } else {
            Some(mv)
        };
        if let Some(rest) =
            rest.filter(|rest| validated.backorder_id == rest.transfer_id.map(|id| id.0))
        {
            rest_lines.push(DeliveryLine {
                id: Uuid::now_v7(),
                delivery_id: rest_id,
                quantity_e4: rest.quantity_e4,
                move_id: Some(rest.id.0),
                ..line.clone()
            });
        }
        line.quantity_e4 = done_e4;
        store::deliveries::update_line(&*transaction, ctx.company, line).await?;
        store::orders::add_delivered(&*transaction, ctx.company, line.order_line_id, done_e4)
            .await?;
    }
    let now = now_micros();
    if let Some(next) = validated.backorder_id {
        let number = transfers::view(&*transaction, ctx, TransferId(next))
            .await?
            .number;
        let backorder = Delivery {
            id: rest_id,
            number: Some(number),
            state: DeliveryStatus::Confirmed,
            transfer_id: Some(next),
            backorder_id: None,
            done_at: None,
            created_at: now,
            updated_at: now,
            ..delivery.clone()
        };
        insert(&mut transaction, ctx, &backorder, &rest_lines).await?;
        transaction.emit(ctx.company, events::SALES_DELIVERY_CONFIRMED, rest_id);
        delivery.backorder_id = Some(rest_id);
    }
    delivery.state = DeliveryStatus::Done;
    delivery.done_at = Some(now);
    delivery.updated_at = now;
    store::deliveries::update_delivery(&*transaction, ctx.company, &delivery).await?;
    transaction.emit(ctx.company, events::SALES_DELIVERY_DELIVERED, delivery.id);
    let view = view_of(&*transaction, ctx, delivery, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

/// `draft|confirmed -> cancelled`, reservations given back (409 `delivery_not_open` once done).
pub async fn cancel_delivery(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<DeliveryView> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let (mut delivery, lines) = load_delivery(&*transaction, ctx, id, true).await?;
    if !delivery.state.is_open() {
        return Err(errors::deliveries::delivery_not_open(delivery.state));
    }
    cancel_in(&mut transaction, ctx, &mut delivery).await?;
    let view = view_of(&*transaction, ctx, delivery, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn get_delivery(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<DeliveryView> {
    let db = platform.db.connection();
    let (delivery, lines) = load_delivery(db, ctx, id, false).await?;
    view_of(db, ctx, delivery, lines).await
}

pub async fn list_deliveries(
    platform: &Platform,
    ctx: &Ctx,
    query: DeliveryListQuery,
) -> ApiResult<Page<DeliveryView>> {
    let filter = DeliveryFilter {
        order_id: fields::optional_uuid("order_id", query.order_id.as_deref())?,
        state: fields::optional_code(
            "state",
            query.state.as_deref(),
            DeliveryStatus::parse,
            DeliveryStatus::codes(),
        )?,
        partner_id: fields::optional_uuid("partner_id", query.partner_id.as_deref())?,
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &DELIVERY_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::deliveries::list_deliveries(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |delivery| {
        (SortValue::Integer(delivery.created_at), delivery.id)
    });
    let ids: Vec<Uuid> = page.data.iter().map(|delivery| delivery.id).collect();
    let mut lines = store::deliveries::lines_of(db, ctx.company, &ids).await?;
    let rows = page
        .data
        .into_iter()
        .map(|delivery| {
            let own = lines.remove(&delivery.id).unwrap_or_default();
            (delivery, own)
        })
        .collect();
    Ok(Page {
        data: views_of(db, ctx, rows).await?,
        meta: page.meta,
    })
}

/// The done moves of a done delivery (409 `delivery_not_done` before).
async fn done_moves(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    delivery: &Delivery,
) -> ApiResult<Vec<MoveFacts>> {
    match delivery.transfer_id {
        Some(transfer) if delivery.state == DeliveryStatus::Done => {
            Ok(
                transfers::moves_of(db, ctx.company, &[TransferId(transfer)])
                    .await?
                    .into_iter()
                    .filter(|mv| mv.state == "done")
                    .collect(),
            )
        }
        _ => Err(errors::deliveries::delivery_not_done(delivery.state)),
    }
}

/// The journal entry of a done delivery's cost of goods sold, as the ledger shows it (409
/// `delivery_not_done` before it is done, `delivery_not_valued` when nothing was posted).
pub async fn delivery_cogs(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<Value> {
    ctx.require_write(Area::Sales)?;
    let db = platform.db.connection();
    let (delivery, _) = load_delivery(db, ctx, id, false).await?;
    let entry = done_moves(db, ctx, &delivery)
        .await?
        .into_iter()
        .find_map(|mv| mv.journal_entry_id)
        .ok_or_else(errors::deliveries::delivery_not_valued)?;
    arkan_ledger::views::journal_entry(platform, ctx, entry)
        .await?
        .ok_or_else(|| ApiError::internal("a posted entry is gone"))
}

/// Available-to-promise of a product in a warehouse up to a date.
pub async fn available(
    platform: &Platform,
    ctx: &Ctx,
    product: ProductId,
    query: AtpQuery,
) -> ApiResult<AtpView> {
    let warehouse = fields::optional_uuid("warehouse_id", query.warehouse_id.as_deref())?;
    let date = fields::optional_date("date", query.date.as_deref())?.unwrap_or_else(today);
    let db = platform.db.connection();
    let facts = arkan_catalog::products::facts(db, ctx.company, &[product])
        .await?
        .remove(&product)
        .ok_or_else(|| ApiError::not_found("product"))?;
    let warehouse = match warehouse {
        Some(id) => {
            if !arkan_inventory::warehouses::is_active(db, ctx.company, WarehouseId(id)).await? {
                return Err(ApiError::invalid_field(
                    "warehouse_id",
                    "no such active warehouse in this company",
                ));
            }
            WarehouseId(id)
        }
        None => arkan_inventory::warehouses::default_warehouse(db, ctx.company)
            .await?
            .ok_or_else(|| {
                ApiError::invalid_field("warehouse_id", "the company has no active warehouse")
            })?,
    };
    let stock = transfers::availability(db, ctx, product, Some(warehouse)).await?;
    let (timeline, (incoming, outgoing, atp)) =
        available_to_promise(stock.on_hand_e4, &stock.flows, date);
    let quantity = |e4: i64| format_quantity(e4, facts.uom.decimals);
    Ok(AtpView {
        product_id: product.0,
        warehouse_id: warehouse.0,
        date: format_date(date),
        uom: facts.uom.code.clone(),
        on_hand: quantity(stock.on_hand_e4),
        reserved: quantity(stock.reserved_e4),
        incoming: quantity(incoming),
        outgoing: quantity(outgoing),
        atp: quantity(atp),
        timeline: timeline
            .into_iter()
            .map(|point| AtpPointView {
                date: format_date(point.date),
                incoming: quantity(point.incoming),
                outgoing: quantity(point.outgoing),
                atp: quantity(point.atp),
            })
            .collect(),
    })
}

/// A delivery's view, its quantities read from its moves.
pub(crate) async fn view_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    delivery: Delivery,
    lines: Vec<DeliveryLine>,
) -> ApiResult<DeliveryView> {
    views_of(db, ctx, vec![(delivery, lines)])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("a delivery's view is missing"))
}

/// The views of deliveries with their lines: their transfers' moves and their units read once
/// for them all (a list page is three queries, not three per row).
async fn views_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    rows: Vec<(Delivery, Vec<DeliveryLine>)>,
) -> ApiResult<Vec<DeliveryView>> {
    let transfer_ids: Vec<TransferId> = rows
        .iter()
        .filter_map(|(delivery, _)| delivery.transfer_id.map(TransferId))
        .collect();
    let moves = if transfer_ids.is_empty() {
        Vec::new()
    } else {
        transfers::moves_of(db, ctx.company, &transfer_ids).await?
    };
    let units = rows
        .iter()
        .flat_map(|(_, lines)| lines.iter().map(|line| line.uom.clone()))
        .collect();
    let decimals = decimals_of(db, ctx, units).await?;
    Ok(rows
        .into_iter()
        .map(|(delivery, lines)| {
            let own: Vec<&MoveFacts> = moves
                .iter()
                .filter(|mv| {
                    delivery
                        .transfer_id
                        .is_some_and(|id| mv.transfer_id == Some(TransferId(id)))
                })
                .collect();
            view(&own, &decimals, delivery, &lines)
        })
        .collect())
}

fn view(
    moves: &[&MoveFacts],
    decimals: &HashMap<String, u8>,
    delivery: Delivery,
    lines: &[DeliveryLine],
) -> DeliveryView {
    let move_of = |line: &DeliveryLine| {
        moves
            .iter()
            .copied()
            .find(|mv| Some(mv.id.0) == line.move_id)
    };
    let state = if delivery.state == DeliveryStatus::Confirmed
        && !moves.is_empty()
        && moves
            .iter()
            .filter(|mv| mv.state != "done" && mv.state != "cancelled")
            .all(|mv| mv.state == "assigned")
    {
        DeliveryStatus::Assigned
    } else {
        delivery.state
    };
    let line_views = lines
        .iter()
        .map(|line| {
            let places = decimals.get(&line.uom).copied().unwrap_or(4);
            let quantity = |e4: i64| format_quantity(e4, places);
            let mv = move_of(line);
            DeliveryLineView {
                id: line.id,
                order_line_id: line.order_line_id,
                product_id: line.product_id,
                description: line.description.clone(),
                uom: line.uom.clone(),
                quantity: quantity(line.quantity_e4),
                quantity_reserved: quantity(mv.map_or(0, |mv| mv.reserved_e4)),
                quantity_delivered: quantity(
                    mv.filter(|mv| mv.state == "done")
                        .map_or(0, |mv| mv.done_e4),
                ),
                move_id: line.move_id,
            }
        })
        .collect();
    DeliveryView {
        id: delivery.id,
        order_id: delivery.order_id,
        partner_id: delivery.partner_id,
        warehouse_id: delivery.warehouse_id,
        number: delivery.number,
        state: state.as_str().to_owned(),
        scheduled_date: format_date(delivery.scheduled_date),
        shipping_address: delivery.shipping_address,
        carrier: delivery.carrier,
        tracking_number: delivery.tracking_number,
        notes: delivery.notes,
        lines: line_views,
        done_at: delivery.done_at.map(rfc3339),
        backorder_id: delivery.backorder_id,
        transfer_id: delivery.transfer_id,
        move_ids: lines.iter().filter_map(|line| line.move_id).collect(),
        cogs_entry_id: moves
            .iter()
            .filter(|mv| mv.state == "done")
            .find_map(|mv| mv.journal_entry_id),
        created_at: rfc3339(delivery.created_at),
        updated_at: rfc3339(delivery.updated_at),
    }
}

/// The lines of a done delivery with the move that delivered each (409 `delivery_not_done`
/// before), for returns.
pub(crate) async fn delivered_lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    delivery: &Delivery,
    lines: Vec<DeliveryLine>,
) -> ApiResult<Vec<(DeliveryLine, MoveFacts)>> {
    let moves = done_moves(db, ctx, delivery).await?;
    Ok(lines
        .into_iter()
        .filter_map(|line| {
            let mv = moves
                .iter()
                .find(|mv| Some(mv.id.0) == line.move_id)?
                .clone();
            Some((line, mv))
        })
        .collect())
}

/// A delivery of the company with its lines (404), for returns.
pub(crate) async fn delivery_with_lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: Uuid,
) -> ApiResult<(Delivery, Vec<DeliveryLine>)> {
    load_delivery(db, ctx, id, false).await
}
