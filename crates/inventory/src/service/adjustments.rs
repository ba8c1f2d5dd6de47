//! Inventory adjustments: what was counted against what the books hold, the difference moved
//! from or to the inventory loss location, done when made. Cycle counts validate into one.

use arkan_catalog::Tracking;
use arkan_catalog::products::ProductFacts;
use arkan_catalog::quantities::{self, format as format_quantity};
use arkan_catalog::uoms;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::rfc3339;
use arkan_kernel::{AdjustmentId, ProductId, format_minor};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::engine::{MovePlan, ONE_UNIT, Stock};
use super::filter_id;
use super::moves::{date_or_today, value_minor};
use super::valuation::Changes;
use crate::api::*;
use crate::domain::ADJUSTMENT_PREFIX;
use crate::events;
use crate::store::{self, Adjustment, AdjustmentFilter, AdjustmentLine, Location, MoveLot, Place};

static ADJUSTMENT_LIST: ListSpec = ListSpec {
    name: "inventory.adjustments",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "date",
            column: "date",
            kind: SortKind::Date,
        },
        SortField {
            name: "number",
            column: "number",
            kind: SortKind::Text,
        },
    ],
};

/// A counted quantity to book, checked: in the product's unit.
pub(crate) struct Counted {
    pub product: ProductFacts,
    pub location: Location,
    pub lot_number: Option<String>,
    pub counted: i64,
}

/// Checks the lot of a counted line: required for a tracked product, refused otherwise; a
/// serial counts 0 or 1.
pub(crate) fn check_counted_lot(
    validation: &mut Validation,
    prefix: &str,
    product: &ProductFacts,
    lot_number: Option<&str>,
    counted: i64,
) -> Option<Option<String>> {
    let lot = lot_number.map(str::trim).filter(|lot| !lot.is_empty());
    match (product.tracking, lot) {
        (Tracking::None, None) => Some(None),
        (Tracking::None, Some(_)) => {
            validation.add(
                format!("{prefix}lotNumber"),
                "the product is not tracked by lot or serial number",
            );
            None
        }
        (_, None) => {
            validation.add(
                format!("{prefix}lotNumber"),
                "is required: the product is tracked by lot or serial number",
            );
            None
        }
        (_, Some(lot)) if lot.chars().count() > 100 => {
            validation.add(format!("{prefix}lotNumber"), "must be 1 to 100 characters");
            None
        }
        (Tracking::Serial, Some(_)) if counted != 0 && counted != ONE_UNIT => {
            validation.add(
                format!("{prefix}countedQuantity"),
                "must be 0 or 1 unit (a serial number)",
            );
            None
        }
        (_, Some(lot)) => Some(Some(lot.to_owned())),
    }
}

/// A counted quantity (zero or more) in `uom`, converted to the product's unit.
pub(crate) fn counted_quantity(
    validation: &mut Validation,
    field: &str,
    text: &str,
    uom: &uoms::Uom,
    product: &ProductFacts,
) -> Option<i64> {
    match quantities::parse(text.trim(), uom.decimals) {
        Ok(quantity) => {
            let converted = uoms::convert(quantity, uom, &product.uom);
            if converted.is_none() {
                validation.add(field, "is too large");
            }
            converted
        }
        Err(message) => {
            validation.add(field, message);
            None
        }
    }
}

/// Books counted quantities: each line's difference from the books (read now, the level
/// locked) is moved between its location and inventory loss. Returns the adjustment and its
/// lines; [`settle_adjustment`] posts their values as one entry.
/// Posts what the stock write planned, the adjustment's moves as one entry named on it.
pub(crate) async fn settle_adjustment(
    changes: Changes,
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    adjustment: &mut Adjustment,
) -> ApiResult<()> {
    let changes = changes.combined(
        format!("Inventory adjustment {}", adjustment.number),
        Some(adjustment.number.clone()),
    );
    let settled = changes.settle(transaction, ctx).await?;
    if let Some(entry) = settled.entries.first() {
        adjustment.journal_entry_id = Some(*entry);
        store::set_adjustment_entry(&**transaction, ctx.company, adjustment.id, *entry).await?;
    }
    Ok(())
}

pub(crate) async fn book(
    stock: &mut Stock<'_>,
    location: &Location,
    date: NaiveDate,
    reason: Option<String>,
    lines: Vec<Counted>,
) -> ApiResult<(Adjustment, Vec<AdjustmentLine>)> {
    let number = stock
        .next_number(location.warehouse_id, ADJUSTMENT_PREFIX)
        .await?;
    let adjustment = Adjustment {
        id: Uuid::now_v7(),
        number,
        location_id: location.id,
        date,
        reason,
        journal_entry_id: None,
        created_at: stock.now,
        updated_at: stock.now,
    };
    store::insert_adjustment(stock.db, stock.company, &adjustment).await?;
    // The levels are locked in one order (product, location, lot) whatever the order of the
    // lines, so two counts at once cannot deadlock; then decreases are booked before increases,
    // so a serial counted out of one place and into another leaves before it arrives.
    let place_of = |line: &Counted| Place {
        product: line.product.id.0,
        location: line.location.id,
    };
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by_key(|&index| {
        let line = &lines[index];
        (line.product.id.0, line.location.id, line.lot_number.clone())
    });
    let mut theoretical = vec![0_i64; lines.len()];
    let mut levels = Vec::with_capacity(lines.len());
    for &index in &order {
        let line = &lines[index];
        let level = store::on_hand_at(stock.db, stock.company, place_of(line)).await?;
        theoretical[index] = match &line.lot_number {
            Some(lot) => {
                store::lot_on_hand_at(stock.db, stock.company, place_of(line), lot).await?
            }
            None => level.on_hand,
        };
        levels.push((index, level));
    }
    // What was not found cannot stay reserved: moves that reserved more than the count leaves
    // give their reservations back (newest first) and wait for stock again.
    let mut touched = Vec::new();
    for (index, level) in levels {
        let line = &lines[index];
        let taken = theoretical[index] - line.counted;
        if taken > 0 && !stock.settings.allow_negative_stock {
            for transfer in stock.free_up(place_of(line), &level, taken).await? {
                if !touched.contains(&transfer) {
                    touched.push(transfer);
                }
            }
        }
    }
    for transfer in touched {
        super::transfers::resettle(stock, transfer).await?;
    }
    order.sort_by_key(|&index| lines[index].counted > theoretical[index]);
    let loss = stock.settings.inventory_location_id;
    let mut move_ids: Vec<Option<Uuid>> = vec![None; lines.len()];
    for &index in &order {
        let line = &lines[index];
        let difference = line.counted - theoretical[index];
        if difference == 0 {
            continue;
        }
        let place = place_of(line);
        let (source, destination) = if difference > 0 {
            (loss, place.location)
        } else {
            (place.location, loss)
        };
        let quantity = difference.abs();
        let lots = match &line.lot_number {
            Some(number) => vec![MoveLot {
                lot_id: store::lot_by_number(stock.db, stock.company, place.product, number)
                    .await?
                    .unwrap_or(Uuid::nil()),
                lot_number: number.clone(),
                quantity,
            }],
            None => Vec::new(),
        };
        let mv = stock
            .move_now(MovePlan {
                product_id: place.product,
                quantity,
                uom: line.product.uom.code.clone(),
                source,
                destination,
                date,
                reference: Some(adjustment.number.clone()),
                description: Some(line.product.name.clone()),
                partner_id: None,
                unit_cost_e6: None,
                transfer_id: None,
                lots,
            })
            .await?;
        move_ids[index] = Some(mv.id);
    }
    let mut booked = Vec::new();
    for (position, (line, (theoretical, move_id))) in lines
        .into_iter()
        .zip(theoretical.into_iter().zip(move_ids))
        .enumerate()
    {
        let booked_line = AdjustmentLine {
            id: Uuid::now_v7(),
            adjustment_id: adjustment.id,
            position: i64::try_from(position).unwrap_or(i64::MAX),
            product_id: line.product.id.0,
            location_id: line.location.id,
            uom: line.product.uom.code.clone(),
            lot_number: line.lot_number,
            theoretical,
            counted: line.counted,
            move_id,
        };
        store::insert_adjustment_line(stock.db, stock.company, &booked_line).await?;
        booked.push(booked_line);
    }
    stock
        .events
        .push((events::STOCK_ADJUSTMENT_CREATED, adjustment.id));
    Ok((adjustment, booked))
}

/// The views of adjustments, their lines read at once.
async fn adjustment_views(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    adjustments: Vec<Adjustment>,
) -> ApiResult<Vec<AdjustmentView>> {
    let ids: Vec<Uuid> = adjustments.iter().map(|adjustment| adjustment.id).collect();
    let mut lines = store::lines_of_adjustments(db, ctx.company, &ids).await?;
    let products: Vec<ProductId> = lines
        .values()
        .flatten()
        .map(|line| ProductId(line.product_id))
        .collect();
    let facts = arkan_catalog::products::facts(db, ctx.company, &products).await?;
    let exponent = ctx.currency.exponent;
    Ok(adjustments
        .into_iter()
        .map(|adjustment| {
            let lines = lines.remove(&adjustment.id).unwrap_or_default();
            let mut total = 0_i64;
            let lines = lines
                .into_iter()
                .map(|line| {
                    let product = facts.get(&ProductId(line.product_id));
                    let decimals = product.map_or(4, |product| product.uom.decimals);
                    let cost = product.map_or(0, |product| product.cost_e6);
                    let difference = line.counted - line.theoretical;
                    let value = value_minor(difference, cost, ctx.currency);
                    total = total.saturating_add(value);
                    AdjustmentLineView {
                        id: line.id,
                        product_id: line.product_id,
                        location_id: line.location_id,
                        lot_number: line.lot_number,
                        uom: line.uom,
                        theoretical_quantity: format_quantity(line.theoretical, decimals),
                        counted_quantity: format_quantity(line.counted, decimals),
                        difference: format_quantity(difference, decimals),
                        move_id: line.move_id,
                        value: format_minor(value, exponent),
                    }
                })
                .collect();
            AdjustmentView {
                id: adjustment.id,
                number: adjustment.number,
                state: "done".to_owned(),
                location_id: adjustment.location_id,
                date: format_date(adjustment.date),
                reason: adjustment.reason,
                lines,
                value: format_minor(total, exponent),
                currency: ctx.currency.code.to_string(),
                journal_entry_id: adjustment.journal_entry_id,
                created_at: rfc3339(adjustment.created_at),
                updated_at: rfc3339(adjustment.updated_at),
            }
        })
        .collect())
}

pub(crate) async fn adjustment_view(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    adjustment: Adjustment,
) -> ApiResult<AdjustmentView> {
    adjustment_views(db, ctx, vec![adjustment])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("an adjustment has no view"))
}

/// A free-text reason: trimmed, at most 500 characters.
pub(crate) fn reason_of(validation: &mut Validation, text: Option<String>) -> Option<String> {
    let reason = fields::clean(text);
    if reason
        .as_ref()
        .is_some_and(|reason| reason.chars().count() > 500)
    {
        validation.add("reason", "must be at most 500 characters");
    }
    reason
}

pub async fn create_adjustment(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateAdjustment,
) -> ApiResult<AdjustmentView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let mut stock = Stock::load(&transaction, ctx).await?;
    let mut validation = Validation::new();
    let location = stock
        .internal_location_for(&mut validation, "locationId", input.location_id)
        .await?;
    let date = date_or_today(&mut validation, "date", input.date.as_deref());
    let reason = reason_of(&mut validation, input.reason);
    if input.lines.is_empty() {
        validation.add("lines", "must have at least one line");
    }
    let mut lines: Vec<Counted> = Vec::new();
    for (index, line) in input.lines.iter().enumerate() {
        let prefix = format!("lines[{index}].");
        let Some((product, uom)) = stock
            .check_product(
                &mut validation,
                &prefix,
                line.product_id,
                line.uom.as_deref(),
            )
            .await?
        else {
            continue;
        };
        let Some(counted) = counted_quantity(
            &mut validation,
            &format!("{prefix}countedQuantity"),
            &line.counted_quantity.0,
            &uom,
            &product,
        ) else {
            continue;
        };
        let Some(lot_number) = check_counted_lot(
            &mut validation,
            &prefix,
            &product,
            line.lot_number.as_deref(),
            counted,
        ) else {
            continue;
        };
        if lines
            .iter()
            .any(|seen| seen.product.id == product.id && seen.lot_number == lot_number)
        {
            validation.add(format!("{prefix}productId"), "is counted twice");
            continue;
        }
        if let Some(location) = &location {
            lines.push(Counted {
                product,
                location: location.clone(),
                lot_number,
                counted,
            });
        }
    }
    validation.finish()?;
    let location = location.ok_or_else(|| ApiError::internal("a checked location is missing"))?;
    let (mut adjustment, _) = book(&mut stock, &location, date, reason, lines).await?;
    let changes = stock.into_changes();
    settle_adjustment(changes, &mut transaction, ctx, &mut adjustment).await?;
    let view = adjustment_view(&*transaction, ctx, adjustment).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn list_adjustments(
    platform: &Platform,
    ctx: &Ctx,
    query: AdjustmentListQuery,
) -> ApiResult<Page<AdjustmentView>> {
    let filter = AdjustmentFilter {
        location_id: filter_id("location_id", query.location_id.as_deref())?,
        product_id: filter_id("product_id", query.product_id.as_deref())?,
        date_from: fields::optional_date("date_from", query.date_from.as_deref())?,
        date_to: fields::optional_date("date_to", query.date_to.as_deref())?,
        q: query.q.filter(|text| !text.trim().is_empty()),
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &ADJUSTMENT_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_adjustments(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |adjustment| match page.sort.name {
        "date" => (SortValue::Text(format_date(adjustment.date)), adjustment.id),
        "number" => (SortValue::Text(adjustment.number.clone()), adjustment.id),
        _ => (SortValue::Integer(adjustment.created_at), adjustment.id),
    });
    let views = adjustment_views(db, ctx, page.data).await?;
    Ok(Page {
        data: views,
        meta: page.meta,
    })
}

pub async fn get_adjustment(
    platform: &Platform,
    ctx: &Ctx,
    id: AdjustmentId,
) -> ApiResult<AdjustmentView> {
    let db = platform.db.connection();
    let adjustment = store::adjustment_by_id(db, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("stock_adjustment"))?;
    adjustment_view(db, ctx, adjustment).await
}

/// An adjustment is booked when made: editing or deleting it is a 409 (404 when unknown).
pub async fn change_adjustment(platform: &Platform, ctx: &Ctx, id: AdjustmentId) -> ApiResult<()> {
    ctx.require_write(Area::Inventory)?;
    store::adjustment_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("stock_adjustment"))?;
    Err(crate::errors::stock_adjustment_not_draft())
}
