//! Goods of a confirmed purchase order: `receive` makes one done receipt from the vendors'
//! location into the order's warehouse (inventory's routes, putaway and valuation, at the
//! lines' prices in the company currency), `return` one done return back to the vendor.
//! Quantities are in the lines' (purchase) units.

use std::collections::HashMap;

use arkan_catalog::ProductType;
use arkan_catalog::products::ProductFacts;
use arkan_catalog::quantities;
use arkan_inventory::purchase_settings;
use arkan_inventory::vendor_transfers::{
    self, DoneTransfer, LotQuantity, TransferView, VendorDirection, VendorLine, VendorTransfer,
};
use arkan_kernel::time::now_micros;
use arkan_kernel::{Currency, LocationId, PartnerId, ProductId, PurchaseOrderId, WarehouseId};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::extract::DecimalText;
use arkan_platform::fields;
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::orders::{decimals_of, load, view_of};
use crate::api::*;
use crate::domain::{OrderState, receipt_state, receivable_limit, unit_cost_in_company};
use crate::store::{self, PurchaseLine, PurchaseOrder};
use crate::{errors, events};

/// One line of a receipt or return, as asked.
struct Asked {
    line_id: Uuid,
    quantity: DecimalText,
    location_id: Option<Uuid>,
    lots: Option<Vec<LotInput>>,
}

/// The products of the order's lines that keep stock (services and lines without product are
/// neither received nor returned).
async fn goods_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    lines: &[PurchaseLine],
) -> ApiResult<HashMap<ProductId, ProductFacts>> {
    let ids: Vec<ProductId> = lines
        .iter()
        .filter_map(|line| line.product_id.map(ProductId))
        .collect();
    let mut products = arkan_catalog::products::facts(db, ctx.company, &ids).await?;
    products.retain(|_, product| product.kind != ProductType::Service);
    Ok(products)
}

fn net_received(line: &PurchaseLine) -> i64 {
    line.quantity_received_e4 - line.quantity_returned_e4
}

/// The order's receipt state from its goods lines.
fn settle_receipt_state(
    order: &mut PurchaseOrder,
    lines: &[PurchaseLine],
    goods: &HashMap<ProductId, ProductFacts>,
) {
    let progress: Vec<(i64, i64)> = lines
        .iter()
        .filter(|line| {
            line.product_id
                .is_some_and(|id| goods.contains_key(&ProductId(id)))
        })
        .map(|line| (line.quantity_e4, net_received(line)))
        .collect();
    order.receipt_state = receipt_state(&progress, order.receipts_closed_at.is_some());
}

fn require_confirmed(order: &PurchaseOrder) -> ApiResult<()> {
    if order.state == OrderState::Confirmed {
        Ok(())
    } else {
        Err(errors::purchase_order_not_confirmed(order.state))
    }
}

fn lots_of(lots: Option<Vec<LotInput>>) -> Option<Vec<LotQuantity>> {
    lots.map(|lots| {
        lots.into_iter()
            .map(|lot| LotQuantity {
                lot_number: lot.lot_number,
                quantity: lot.quantity,
            })
            .collect()
    })
}

/// Checks the asked lines against the order (400 naming `lines[i].lineId` and
/// `lines[i].quantity`): lines of the order with goods, quantities of their units; gives each
/// with its index in `lines` and its quantity.
fn check_asked(
    validation: &mut Validation,
    asked: &[Asked],
    lines: &[PurchaseLine],
    goods: &HashMap<ProductId, ProductFacts>,
    decimals: &HashMap<String, u8>,
) -> Vec<(usize, usize, i64)> {
    let mut checked = Vec::with_capacity(asked.len());
    for (index, line) in asked.iter().enumerate() {
        let field = |name: &str| format!("lines[{index}].{name}");
        let Some(position) = lines.iter().position(|known| known.id == line.line_id) else {
            validation.add(field("lineId"), "no such line on the order");
            continue;
        };
        let own = &lines[position];
        if !own
            .product_id
            .is_some_and(|id| goods.contains_key(&ProductId(id)))
        {
            validation.add(
                field("lineId"),
                "the line is no goods (a service or no product)",
            );
            continue;
        }
        if asked[..index]
            .iter()
            .any(|other| other.line_id == line.line_id)
        {
            validation.add(field("lineId"), "is named twice");
            continue;
        }
        let places = decimals.get(&own.uom).copied().unwrap_or(4);
        match quantities::parse(&line.quantity.0, places) {
            Ok(quantity) if quantity > 0 => checked.push((index, position, quantity)),
            Ok(_) => validation.add(field("quantity"), "must be more than zero"),
            Err(error) => validation.add(field("quantity"), error),
        }
    }
    checked
}

fn date_of(validation: &mut Validation, text: Option<&str>) -> NaiveDate {
    text.and_then(|text| fields::parse_date(validation, "date", text))
        .unwrap_or_else(|| chrono::Utc::now().date_naive())
}

/// A confirmed order locked for a receipt or return, with what its lines need.
struct Opened {
    order: PurchaseOrder,
    lines: Vec<PurchaseLine>,
    goods: HashMap<ProductId, ProductFacts>,
    decimals: HashMap<String, u8>,
}

/// The company's order, locked; 409 `purchase_order_not_confirmed` unless confirmed.
async fn open(transaction: &WriteTransaction, ctx: &Ctx, id: PurchaseOrderId) -> ApiResult<Opened> {
    let db = &**transaction;
    let (order, lines) = load(db, ctx, id, true).await?;
    require_confirmed(&order)?;
    let goods = goods_of(db, ctx, &lines).await?;
    let decimals = decimals_of(db, ctx, &lines).await?;
    Ok(Opened {
        order,
        lines,
        goods,
        decimals,
    })
}

/// A line of the receipt or return, from the order's line and what was asked of it.
fn vendor_line(line: &PurchaseLine, ask: Asked, unit_cost_e6: Option<i64>) -> VendorLine {
    VendorLine {
        product_id: ProductId(line.product_id.unwrap_or_default()),
        quantity: ask.quantity.0,
        uom: line.uom.clone(),
        location_id: ask.location_id.map(LocationId),
        lots: lots_of(ask.lots),
        unit_cost_e6,
        description: Some(line.description.clone()),
    }
}

/// A receipt or return to do for an order.
struct Booking {
    direction: VendorDirection,
    date: NaiveDate,
    notes: Option<String>,
    /// The order's lines whose progress it changes.
    touched: Vec<usize>,
    moves: Vec<VendorLine>,
}

/// Does the transfer through inventory in the order's transaction and records it on the
/// order: the lines' progress, the link, the receipt state.
async fn book(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    order: &mut PurchaseOrder,
    lines: &[PurchaseLine],
    goods: &HashMap<ProductId, ProductFacts>,
    booking: Booking,
) -> ApiResult<DoneTransfer> {
    let done = vendor_transfers::vendor_transfer(
        transaction,
        ctx,
        VendorTransfer {
            direction: booking.direction,
            warehouse_id: WarehouseId(order.warehouse_id),
            partner_id: PartnerId(order.partner_id),
            date: booking.date,
            reference: order.number.clone(),
            notes: booking.notes,
            field: "lines",
            lines: booking.moves,
        },
    )
    .await?;
    let now = now_micros();
    for position in booking.touched {
        store::set_line_progress(&**transaction, ctx.company, &lines[position]).await?;
    }
    let kind = match booking.direction {
        VendorDirection::Receipt => "receipt",
        VendorDirection::Return => "return",
    };
    store::link_transfer(
        &**transaction,
        ctx.company,
        order.id,
        done.id.0,
        (kind, booking.date),
        now,
    )
    .await?;
    settle_receipt_state(order, lines, goods);
    order.updated_at = now;
    store::update_order(&**transaction, ctx.company, order).await?;
    // What may be billed follows what arrived (and went back).
    let control = purchase_settings::of(&**transaction, ctx.company)
        .await?
        .bill_control;
    order.billing_state = super::refresh_billing(transaction, ctx, order, lines, control).await?;
    Ok(done)
}

pub async fn receive_purchase_order(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseOrderId,
    input: ReceivePurchaseOrder,
) -> ApiResult<PurchaseOrderView> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let Opened {
        mut order,
        mut lines,
        goods,
        decimals,
    } = open(&transaction, ctx, id).await?;
    let db = &*transaction;
    let settings = purchase_settings::of(db, ctx.company).await?;
    let mut validation = Validation::new();
    let date = date_of(&mut validation, input.date.as_deref());
    let asked: Vec<Asked> = match input.lines {
        Some(given) => {
            if given.is_empty() {
                validation.add("lines", "must have at least one line (or be left out)");
            }
            given
                .into_iter()
                .map(|line| Asked {
                    line_id: line.line_id,
                    quantity: line.quantity,
                    location_id: line.location_id,
                    lots: line.lots,
                })
                .collect()
        }
        None => {
            if order.receipts_closed_at.is_some() {
                Vec::new()
            } else {
                lines
                    .iter()
                    .filter(|line| {
                        line.product_id
                            .is_some_and(|id| goods.contains_key(&ProductId(id)))
                            && net_received(line) < line.quantity_e4
                    })
                    .map(|line| Asked {
                        line_id: line.id,
                        quantity: DecimalText(quantities::format(
                            line.quantity_e4 - net_received(line),
                            decimals.get(&line.uom).copied().unwrap_or(4),
                        )),
                        location_id: None,
                        lots: None,
                    })
                    .collect()
            }
        }
    };
    let checked = check_asked(&mut validation, &asked, &lines, &goods, &decimals);
    validation.finish()?;
    if checked.is_empty() {
        return Err(ApiError::invalid_field(
            "lines",
            "nothing is left to receive",
        ));
    }
    let currency = Currency::from_code(&order.currency).unwrap_or(ctx.currency);
    let mut asked: Vec<Option<Asked>> = asked.into_iter().map(Some).collect();
    let mut receipt_lines = Vec::with_capacity(checked.len());
    for (index, position, quantity) in &checked {
        let line = &mut lines[*position];
        let limit = receivable_limit(line.quantity_e4, settings.over_receipt_tolerance_ppm);
        let places = decimals.get(&line.uom).copied().unwrap_or(4);
        if net_received(line) + quantity > limit {
            return Err(errors::over_receipt(
                &format!("lines[{index}].quantity"),
                &quantities::format(limit, places),
            ));
        }
        line.quantity_received_e4 += quantity;
        let Some(ask) = asked.get_mut(*index).and_then(Option::take) else {
            return Err(ApiError::internal("a checked line is gone"));
        };
        let cost = unit_cost_in_company(
            line.subtotal,
            line.quantity_e4,
            currency.exponent,
            order.rate_e10,
        );
        receipt_lines.push(vendor_line(line, ask, cost));
    }
    if !input.backorder.unwrap_or(true) {
        order.receipts_closed_at = Some(now_micros());
    }
    let booking = Booking {
        direction: VendorDirection::Receipt,
        date,
        notes: None,
        touched: checked.iter().map(|(_, position, _)| *position).collect(),
        moves: receipt_lines,
    };
    book(&mut transaction, ctx, &mut order, &lines, &goods, booking).await?;
    transaction.emit(ctx.company, events::PURCHASE_ORDER_RECEIVED, order.id);
    transaction.emit(ctx.company, events::PURCHASE_ORDER_UPDATED, order.id);
    let view = view_of(&*transaction, ctx, order, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn return_purchase_order(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseOrderId,
    input: ReturnPurchaseOrder,
) -> ApiResult<TransferView> {
    ctx.require_write(Area::Purchasing)?;
    let mut validation = Validation::new();
    let reason = fields::optional_text(&mut validation, "reason", input.reason, 2_000);
    let date = date_of(&mut validation, input.date.as_deref());
    if input.lines.is_empty() {
        validation.add("lines", "must have at least one line");
    }
    let mut transaction = platform.db.write().await?;
    let Opened {
        mut order,
        mut lines,
        goods,
        decimals,
    } = open(&transaction, ctx, id).await?;
    let asked: Vec<Asked> = input
        .lines
        .into_iter()
        .map(|line| Asked {
            line_id: line.line_id,
            quantity: line.quantity,
            location_id: line.location_id,
            lots: line.lots,
        })
        .collect();
    let checked = check_asked(&mut validation, &asked, &lines, &goods, &decimals);
    for (index, position, quantity) in &checked {
        if *quantity > net_received(&lines[*position]) {
            validation.add(
                format!("lines[{index}].quantity"),
                "is more than was received and not yet returned",
            );
        }
    }
    validation.finish()?;
    let mut asked: Vec<Option<Asked>> = asked.into_iter().map(Some).collect();
    let mut return_lines = Vec::with_capacity(checked.len());
    for (index, position, quantity) in &checked {
        let line = &mut lines[*position];
        line.quantity_returned_e4 += quantity;
        let Some(ask) = asked.get_mut(*index).and_then(Option::take) else {
            return Err(ApiError::internal("a checked line is gone"));
        };
        return_lines.push(vendor_line(line, ask, None));
    }
    let booking = Booking {
        direction: VendorDirection::Return,
        date,
        notes: reason,
        touched: checked.iter().map(|(_, position, _)| *position).collect(),
        moves: return_lines,
    };
    let done = book(&mut transaction, ctx, &mut order, &lines, &goods, booking).await?;
    transaction.emit(ctx.company, events::PURCHASE_ORDER_RETURNED, order.id);
    transaction.emit(ctx.company, events::PURCHASE_ORDER_UPDATED, order.id);
    let view = vendor_transfers::view(&*transaction, ctx, done.id).await?;
    transaction.commit().await?;
    Ok(view)
}
