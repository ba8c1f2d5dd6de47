//! Returns of delivered goods: asked against a done delivery (`RMA/2026/00001`), received
//! through `arkan_inventory::customer_transfers` at the cost the goods went out at (restocked,
//! crediting cost of goods sold) or to the scrap location; the order lines' returned
//! quantities grow. A received return is refunded with a credit note at the invoiced prices
//! and, when asked, a payment.

use std::collections::HashMap;

use arkan_catalog::quantities::format as format_quantity;
use arkan_inventory::customer_transfers::{
    self as transfers, CustomerReturn, LotQuantity, ReturnLine as InReturn,
};
use arkan_invoicing::documents::{self as invoicing, SalesDocument};
use arkan_invoicing::payments;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::format_minor;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{InvoiceId, JournalId, LocationId, PartnerId, ProductId, WarehouseId};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::billing::{CUSTOMER_INVOICE, POSTED, documents_of};
use super::deliveries::{delivered_lines, delivery_with_lines};
use super::orders::{decimals_of, invoiceable_e4, next_number};
use crate::api::returns::*;
use crate::domain::returns::{Disposition, RETURN_PREFIX, ReturnState, returnable};
use crate::store::returns::{Return, ReturnFilter, ReturnLine};
use crate::{errors, events, store};

static RETURN_LIST: ListSpec = ListSpec {
    name: "sales.returns",
    sorts: &[CREATED_AT],
};

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// A quantity of a line (400 under `field` unless more than zero and at most `most`).
fn quantity_of(
    validation: &mut Validation,
    field: String,
    text: &str,
    places: u8,
    most: i64,
) -> Option<i64> {
    match arkan_catalog::quantities::parse(text.trim(), places) {
        Ok(quantity) if quantity <= 0 => {
            validation.add(field, "must be more than zero");
            None
        }
        Ok(quantity) if quantity > most => {
            validation.add(
                field,
                format!("must not exceed {}", format_quantity(most, places)),
            );
            None
        }
        Ok(quantity) => Some(quantity),
        Err(message) => {
            validation.add(field, message);
            None
        }
    }
}

/// A return of goods of a done delivery (409 `delivery_not_done`; 400 naming `lines[i]` past
/// what is left to return).
pub async fn create_return(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateReturn,
) -> ApiResult<ReturnView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let reason = fields::optional_text(&mut validation, "reason", input.reason, 2_000);
    let date = input
        .date
        .as_deref()
        .and_then(|text| fields::parse_date(&mut validation, "date", text));
    if input.lines.is_empty() {
        validation.add("lines", "must name at least one line");
    }
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let (delivery, lines) = delivery_with_lines(&*transaction, ctx, input.delivery_id).await?;
    let delivered = delivered_lines(&*transaction, ctx, &delivery, lines).await?;
    let ids: Vec<Uuid> = delivered.iter().map(|(line, _)| line.id).collect();
    let asked = store::returns::asked_of_delivery_lines(&*transaction, ctx.company, &ids).await?;
    let decimals = decimals_of(
        &*transaction,
        ctx,
        delivered.iter().map(|(line, _)| line.uom.clone()).collect(),
    )
    .await?;
    let id = Uuid::now_v7();
    let mut validation = Validation::new();
    let mut made: Vec<ReturnLine> = Vec::new();
    for (index, input) in input.lines.into_iter().enumerate() {
        let field = |name: &str| format!("lines[{index}].{name}");
        let Some((line, mv)) = delivered
            .iter()
            .find(|(line, _)| line.id == input.delivery_line_id)
        else {
            validation.add(
                field("deliveryLineId"),
                "must be a delivered line of the delivery",
            );
            continue;
        };
        if made.iter().any(|seen| seen.delivery_line_id == line.id) {
            validation.add(field("deliveryLineId"), "is given twice");
            continue;
        }
        let most = returnable(mv.done_e4, asked.get(&line.id).copied().unwrap_or(0));
        let places = decimals.get(&line.uom).copied().unwrap_or(4);
        if let Some(quantity) = quantity_of(
            &mut validation,
            field("quantity"),
            &input.quantity.0,
            places,
            most,
        ) {
            made.push(ReturnLine {
                id: Uuid::now_v7(),
                return_id: id,
                delivery_line_id: line.id,
                order_line_id: line.order_line_id,
                product_id: line.product_id,
                uom: line.uom.clone(),
                quantity_e4: quantity,
                quantity_received_e4: 0,
                value_minor: 0,
            });
        }
    }
    validation.finish()?;
    let date = date.unwrap_or_else(today);
    let now = now_micros();
    let found = Return {
        id,
        number: next_number(&*transaction, ctx, RETURN_PREFIX, date).await?,
        delivery_id: delivery.id,
        order_id: delivery.order_id,
        partner_id: delivery.partner_id,
        state: ReturnState::Open.as_str().to_owned(),
        reason,
        return_date: date,
        transfer_id: None,
        credit_note_id: None,
        payment_id: None,
        received_at: None,
        created_at: now,
        updated_at: now,
    };
    store::returns::insert_return(&*transaction, ctx.company, &found, &made).await?;
    transaction.emit(ctx.company, events::SALES_RETURN_CREATED, id);
    let view = view_of(&*transaction, ctx, found, made).await?;
    transaction.commit().await?;
    Ok(view)
}

async fn load(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: Uuid,
    lock: bool,
) -> ApiResult<(Return, Vec<ReturnLine>)> {
    let found = store::returns::return_by_id(db, ctx.company, id, lock)
        .await?
        .ok_or_else(|| ApiError::not_found("return"))?;
    let lines = store::returns::lines_of(db, ctx.company, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    Ok((found, lines))
}

/// A line received: its index in the return, quantity, disposition, place and lots.
struct Received {
    index: usize,
    quantity_e4: i64,
    scrap: bool,
    location_id: Option<Uuid>,
    lots: Option<Vec<LotQuantity>>,
}

fn received_of(
    lines: &[ReturnLine],
    decimals: &HashMap<String, u8>,
    given: Option<Vec<ReceiveLine>>,
) -> ApiResult<Vec<Received>> {
    let Some(given) = given else {
        return Ok((0..lines.len())
            .map(|index| Received {
                index,
                quantity_e4: lines[index].quantity_e4,
                scrap: false,
                location_id: None,
                lots: None,
            })
            .collect());
    };
    let mut validation = Validation::new();
    if given.is_empty() {
        validation.add("lines", "must name at least one line");
    }
    let mut received: Vec<Received> = Vec::new();
    for (position, input) in given.into_iter().enumerate() {
        let field = |name: &str| format!("lines[{position}].{name}");
        let Some(index) = lines.iter().position(|line| line.id == input.line_id) else {
            validation.add(field("lineId"), "must be a line of the return");
            continue;
        };
        if received.iter().any(|seen| seen.index == index) {
            validation.add(field("lineId"), "is given twice");
            continue;
        }
        let scrap = match input.disposition.as_deref().map(Disposition::parse) {
            None | Some(Some(Disposition::Restock)) => false,
            Some(Some(Disposition::Scrap)) => true,
            Some(None) => {
                validation.add(
                    field("disposition"),
                    format!("must be one of: {}", Disposition::codes()),
                );
                continue;
            }
        };
        let line = &lines[index];
        let places = decimals.get(&line.uom).copied().unwrap_or(4);
        if let Some(quantity_e4) = quantity_of(
            &mut validation,
            field("quantity"),
            &input.quantity.0,
            places,
            line.quantity_e4,
        ) {
            received.push(Received {
                index,
                quantity_e4,
                scrap,
                location_id: input.location_id,
                lots: input.lots.map(|lots| {
                    lots.into_iter()
                        .map(|lot| LotQuantity {
                            lot_number: lot.lot_number,
                            quantity: lot.quantity,
                        })
                        .collect()
                }),
            });
        }
    }
    validation.finish()?;
    Ok(received)
}

/// `open -> received`: the goods come back at the cost they went out at (restocked) or go to
/// scrap; the order lines' returned quantities grow (409 `return_not_open`).
pub async fn receive_return(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
    input: ReceiveReturn,
) -> ApiResult<ReturnView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let date = input
        .date
        .as_deref()
        .and_then(|text| fields::parse_date(&mut validation, "date", text));
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let (mut found, mut lines) = load(&*transaction, ctx, id, true).await?;
    if found.state != ReturnState::Open.as_str() {
        return Err(errors::deliveries::return_not_open(&found.state));
    }
    let decimals = decimals_of(
        &*transaction,
        ctx,
        lines.iter().map(|line| line.uom.clone()).collect(),
    )
    .await?;
    let received = received_of(&lines, &decimals, input.lines)?;
    let (delivery, delivery_lines) =
        delivery_with_lines(&*transaction, ctx, found.delivery_id).await?;
    let delivered = delivered_lines(&*transaction, ctx, &delivery, delivery_lines).await?;
    let mut coming = Vec::with_capacity(received.len());
    for item in &received {
        let line = &lines[item.index];
        let cost = delivered
            .iter()
            .find(|(delivered, _)| delivered.id == line.delivery_line_id)
            .and_then(|(_, mv)| mv.unit_cost_e6);
        let places = decimals.get(&line.uom).copied().unwrap_or(4);
        coming.push(InReturn {
            product_id: ProductId(line.product_id),
            quantity: format_quantity(item.quantity_e4, places),
            uom: line.uom.clone(),
            scrap: item.scrap,
            location_id: item.location_id.map(LocationId),
            lots: item.lots.clone(),
            unit_cost_e6: cost,
        });
    }
    let made = transfers::receive_return(
        &mut transaction,
        ctx,
        CustomerReturn {
            warehouse_id: WarehouseId(delivery.warehouse_id),
            partner_id: PartnerId(found.partner_id),
            date: date.unwrap_or_else(today),
            reference: Some(found.number.clone()),
            field: "lines",
            lines: coming,
        },
    )
    .await?;
    let moves = transfers::moves_of(&*transaction, ctx.company, &[made.id]).await?;
    for (item, mv_id) in received.iter().zip(&made.moves) {
        let line = &mut lines[item.index];
        line.quantity_received_e4 = item.quantity_e4;
        line.value_minor = moves
            .iter()
            .find(|mv| mv.id == *mv_id)
            .and_then(|mv| mv.value_minor)
            .unwrap_or(0);
        store::returns::update_line(&*transaction, ctx.company, line).await?;
        store::orders::add_returned(
            &*transaction,
            ctx.company,
            line.order_line_id,
            item.quantity_e4,
        )
        .await?;
    }
    let now = now_micros();
    found.state = ReturnState::Received.as_str().to_owned();
    found.transfer_id = Some(made.id.0);
    found.received_at = Some(now);
    found.updated_at = now;
    store::returns::update_return(&*transaction, ctx.company, &found).await?;
    transaction.emit(ctx.company, events::SALES_RETURN_RECEIVED, found.id);
    let view = view_of(&*transaction, ctx, found, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

/// The invoice a refund credits: `asked` when given (400 unless a posted invoice of the
/// order, not a down payment), else the latest such invoice with a line for a returned order
/// line (409 `nothing_to_refund` when there is none).
fn invoice_to_credit<'a>(
    documents: &'a [SalesDocument],
    asked: Option<Uuid>,
    returned: &[Uuid],
) -> ApiResult<&'a SalesDocument> {
    let creditable = |document: &&SalesDocument| {
        document.kind == CUSTOMER_INVOICE && document.state == POSTED && !document.is_down_payment
    };
    if let Some(asked) = asked {
        return documents
            .iter()
            .filter(creditable)
            .find(|document| document.id == asked)
            .ok_or_else(|| {
                ApiError::invalid_field(
                    "invoiceId",
                    "must be a posted invoice of the return's order (not a down payment)",
                )
            });
    }
    documents
        .iter()
        .rev()
        .filter(creditable)
        .find(|document| {
            document
                .lines
                .iter()
                .any(|line| line.order_line_id.is_some_and(|id| returned.contains(&id)))
        })
        .ok_or_else(|| {
            errors::deliveries::nothing_to_refund(
                "No posted invoice of the order invoices the returned goods",
            )
        })
}

/// `received -> refunded`: a posted credit note of what came back, at the prices of the
/// invoice that sold it, which settles what is still open of that invoice; with `payment`,
/// what the credit note leaves due is paid out to the client and allocated to it (409
/// `return_not_received`, `nothing_to_refund`). Needs sales and accounting rights.
pub async fn refund_return(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
    input: RefundReturn,
) -> ApiResult<ReturnView> {
    ctx.require_write(Area::Sales)?;
    ctx.require_write(Area::Accounting)?;
    let mut validation = Validation::new();
    let date = input
        .date
        .as_deref()
        .and_then(|text| fields::parse_date(&mut validation, "date", text));
    let payment_date = input
        .payment
        .as_ref()
        .and_then(|payment| payment.date.as_deref())
        .and_then(|text| fields::parse_date(&mut validation, "payment.date", text));
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let (mut found, lines) = load(&*transaction, ctx, id, true).await?;
    if found.state != ReturnState::Received.as_str() {
        return Err(errors::deliveries::return_not_received(&found.state));
    }
    // The order is locked: two refunds of its returns credit one after the other.
    store::orders::order_by_id(&*transaction, ctx.company, found.order_id, true).await?;
    let order_lines = store::orders::lines_of(&*transaction, ctx.company, &[found.order_id])
        .await?
        .remove(&found.order_id)
        .unwrap_or_default();
    let documents = documents_of(&*transaction, ctx, found.order_id).await?;
    let invoiced = invoicing::invoiced_quantities(&documents);
    // What is invoiced past what the client keeps, by order line: at most that is credited.
    let mut over: HashMap<Uuid, i64> = order_lines
        .iter()
        .map(|line| {
            let invoiced = invoiced.get(&line.id).copied().unwrap_or(0);
            (line.id, (invoiced - invoiceable_e4(line)).max(0))
        })
        .collect();
    let returned: Vec<Uuid> = lines
        .iter()
        .filter(|line| line.quantity_received_e4 > 0)
        .map(|line| line.order_line_id)
        .collect();
    let invoice = invoice_to_credit(&documents, input.invoice_id, &returned)?;
    // Each invoice line given back for what came back of its order line, as far as it was
    // invoiced and is no longer kept.
    let mut credited: Vec<(Uuid, i64)> = Vec::new();
    for line in lines.iter().filter(|line| line.quantity_received_e4 > 0) {
        let Some(sold) = invoice
            .lines
            .iter()
            .find(|sold| sold.order_line_id == Some(line.order_line_id) && sold.quantity_e4 > 0)
        else {
            continue;
        };
        let left = over.entry(line.order_line_id).or_default();
        let already = credited
            .iter()
            .find(|(id, _)| *id == sold.id)
            .map_or(0, |(_, quantity)| *quantity);
        let quantity = line
            .quantity_received_e4
            .min(*left)
            .min(sold.quantity_e4 - already);
        if quantity <= 0 {
            continue;
        }
        *left -= quantity;
        match credited.iter_mut().find(|(id, _)| *id == sold.id) {
            Some((_, total)) => *total += quantity,
            None => credited.push((sold.id, quantity)),
        }
    }
    if credited.is_empty() {
        return Err(errors::deliveries::nothing_to_refund(
            "Nothing that came back is invoiced: the invoices already leave it out",
        ));
    }
    let date = date.unwrap_or_else(today).max(invoice.invoice_date);
    let credit_note = invoicing::refund_credit_note(
        &mut transaction,
        platform,
        ctx,
        invoice.id,
        &credited,
        Some(date.to_string()),
        Some(found.number.clone()),
    )
    .await?;
    let mut payment_id = None;
    // Nothing is paid out when the credit note went wholly against the open invoice.
    if let Some(payment) = input.payment
        && credit_note.amount_due > 0
    {
        let paid = payments::settle_document(
            &mut transaction,
            ctx,
            InvoiceId(credit_note.id),
            JournalId(payment.journal_id),
            payment_date.unwrap_or(date),
            credit_note.amount_due,
            &payment.method,
            Some(found.number.clone()),
        )
        .await?;
        payment_id = Some(paid.id);
    }
    let now = now_micros();
    found.state = ReturnState::Refunded.as_str().to_owned();
    found.credit_note_id = Some(credit_note.id);
    found.payment_id = payment_id;
    found.updated_at = now;
    store::returns::update_return(&*transaction, ctx.company, &found).await?;
    transaction.emit(ctx.company, events::SALES_RETURN_REFUNDED, found.id);
    let view = view_of(&*transaction, ctx, found, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn get_return(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<ReturnView> {
    let db = platform.db.connection();
    let (found, lines) = load(db, ctx, id, false).await?;
    view_of(db, ctx, found, lines).await
}

pub async fn list_returns(
    platform: &Platform,
    ctx: &Ctx,
    query: ReturnListQuery,
) -> ApiResult<Page<ReturnView>> {
    let filter = ReturnFilter {
        state: fields::optional_code(
            "state",
            query.state.as_deref(),
            ReturnState::parse,
            ReturnState::codes(),
        )?
        .map(|state| state.as_str().to_owned()),
        delivery_id: fields::optional_uuid("delivery_id", query.delivery_id.as_deref())?,
        order_id: fields::optional_uuid("order_id", query.order_id.as_deref())?,
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &RETURN_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::returns::list_returns(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |found| {
        (SortValue::Integer(found.created_at), found.id)
    });
    let ids: Vec<Uuid> = page.data.iter().map(|found| found.id).collect();
    let mut lines = store::returns::lines_of(db, ctx.company, &ids).await?;
    let rows: Vec<(Return, Vec<ReturnLine>)> = page
        .data
        .into_iter()
        .map(|found| {
            let own = lines.remove(&found.id).unwrap_or_default();
            (found, own)
        })
        .collect();
    // The units of the whole page at once.
    let units = rows
        .iter()
        .flat_map(|(_, lines)| lines.iter().map(|line| line.uom.clone()))
        .collect();
    let decimals = decimals_of(db, ctx, units).await?;
    Ok(Page {
        data: rows
            .into_iter()
            .map(|(found, own)| view(ctx, &decimals, found, own))
            .collect(),
        meta: page.meta,
    })
}

async fn view_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    found: Return,
    lines: Vec<ReturnLine>,
) -> ApiResult<ReturnView> {
    let decimals =
        decimals_of(db, ctx, lines.iter().map(|line| line.uom.clone()).collect()).await?;
    Ok(view(ctx, &decimals, found, lines))
}

fn view(
    ctx: &Ctx,
    decimals: &HashMap<String, u8>,
    found: Return,
    lines: Vec<ReturnLine>,
) -> ReturnView {
    ReturnView {
        id: found.id,
        number: found.number,
        delivery_id: found.delivery_id,
        order_id: found.order_id,
        partner_id: found.partner_id,
        state: found.state,
        reason: found.reason,
        date: format_date(found.return_date),
        transfer_id: found.transfer_id,
        credit_note_id: found.credit_note_id,
        payment_id: found.payment_id,
        lines: lines
            .into_iter()
            .map(|line| {
                let places = decimals.get(&line.uom).copied().unwrap_or(4);
                ReturnLineView {
                    id: line.id,
                    delivery_line_id: line.delivery_line_id,
                    order_line_id: line.order_line_id,
                    product_id: line.product_id,
                    quantity: format_quantity(line.quantity_e4, places),
                    quantity_received: format_quantity(line.quantity_received_e4, places),
                    value: format_minor(line.value_minor, ctx.currency.exponent),
                    uom: line.uom,
                }
            })
            .collect(),
        received_at: found.received_at.map(rfc3339),
        created_at: rfc3339(found.created_at),
        updated_at: rfc3339(found.updated_at),
    }
}
