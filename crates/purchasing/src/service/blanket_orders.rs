//! Blanket orders: quantities and prices agreed with a vendor for a period. A draft is
//! confirmed (`active`, numbered `BPO/2026/00001`); each call-off makes a confirmed purchase
//! order at the agreed prices and consumes the lines' remaining quantities, refused (409)
//! outside the period or beyond what remains; the order closes once everything is called
//! off. Past its last day an active order reads `expired`.

use std::collections::{HashMap, HashSet};

use arkan_invoicing::lines::DocumentLine;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::{format_minor, format_trimmed};
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{BlanketOrderId, Currency, PartnerId, ProductId, WarehouseId};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::offers::{
    cancel_reason, check_vendor, currency_field, decimal, decimals_by_unit, discount_field,
    next_number, notes_field, optional_date, product_and_unit, quantity_of, unit_of, year_of,
};
use super::orders::{NewOrder, NewOrderLine, NewOrderState, PricedLine, create_order, price_lines};
use crate::api::*;
use crate::domain::{BLANKET_PREFIX, BlanketState, call_off_refusal, remaining, state_on};
use crate::store::{self, BlanketFilter, BlanketLine, BlanketOrder};
use crate::{errors, events};

static BLANKET_LIST: ListSpec = ListSpec {
    name: "inventory.blanket_orders",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "number",
            column: "number",
            kind: SortKind::NullableText,
        },
        SortField {
            name: "dateFrom",
            column: "date_from",
            kind: SortKind::Date,
        },
        SortField {
            name: "amountTotal",
            column: "amount_total_minor",
            kind: SortKind::Integer,
        },
    ],
};

const MAX_LINES: usize = 1_000;

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The header of a blanket order as given (new, or a draft's edited values).
struct Header {
    partner_id: Uuid,
    date_from: Option<NaiveDate>,
    date_to: Option<NaiveDate>,
    currency: Currency,
}

/// Checks the vendor and the period (400 naming the field) and gives the rate of the
/// currency today.
async fn check_header(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    header: &Header,
) -> ApiResult<i64> {
    check_vendor(
        db,
        ctx,
        validation,
        "partnerId".to_owned(),
        header.partner_id,
    )
    .await?;
    if let (Some(from), Some(to)) = (header.date_from, header.date_to)
        && to < from
    {
        validation.add("dateTo", "must be on or after dateFrom");
    }
    match arkan_ledger::books::document_rate(db, ctx, header.currency, today()).await {
        Ok(rate) => Ok(rate),
        Err(error) if error.status.as_u16() == 400 => {
            validation.add(
                "currency",
                format!("no {} rate on or before today", header.currency.code),
            );
            Ok(arkan_ledger::books::RATE_ONE)
        }
        Err(error) => Err(error),
    }
}

/// Checks and prices the agreed lines (400 naming each bad field): a product of the
/// company, its purchase unit or another of the same kind, a quantity and a price, the
/// product's purchase taxes unless `taxIds` is given; computed as invoice lines are.
async fn build_lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    (vendor, currency, rate_e10): (Uuid, Currency, i64),
    inputs: Vec<BlanketLineInput>,
) -> ApiResult<Option<(Vec<BlanketLine>, [i64; 3])>> {
    if inputs.is_empty() || inputs.len() > MAX_LINES {
        validation.add("lines", "must have 1 to 1,000 lines");
    }
    let ids: Vec<ProductId> = inputs
        .iter()
        .map(|line| ProductId(line.product_id))
        .collect();
    let products = arkan_catalog::products::facts(db, ctx.company, &ids).await?;
    let defaults =
        arkan_catalog::products::purchase_defaults(db, ctx.company, &ids, PartnerId(vendor))
            .await?;
    let mut units = HashMap::new();
    let mut lines = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.into_iter().enumerate() {
        let field = |name: &str| format!("lines[{index}].{name}");
        let Some((Some(product), unit)) = product_and_unit(
            db,
            ctx.company,
            (validation, index),
            (&products, &mut units),
            Some(input.product_id),
            input.uom,
        )
        .await?
        else {
            continue;
        };
        let quantity = quantity_of(validation, &field("quantity"), &input.quantity.0, &unit);
        let unit_price = decimal(validation, &field("unitPrice"), &input.unit_price.0, 6);
        let discount = discount_field(
            validation,
            &field("discountPercent"),
            input.discount_percent.as_ref().map(|text| text.0.as_str()),
        );
        let description =
            fields::optional_text(validation, &field("description"), input.description, 500)
                .unwrap_or_else(|| product.name.clone());
        let (Some(quantity), Some(unit_price), Some(discount)) = (quantity, unit_price, discount)
        else {
            continue;
        };
        let tax_ids = input.tax_ids.unwrap_or_else(|| {
            defaults
                .get(&product.id)
                .map_or_else(Vec::new, |defaults| defaults.purchase_tax_ids.clone())
        });
        lines.push(BlanketLine {
            id: Uuid::now_v7(),
            product_id: input.product_id,
            description,
            quantity_e4: quantity,
            quantity_called_off_e4: 0,
            uom: unit.code.clone(),
            unit_price_e6: unit_price,
            discount_ppm: discount,
            tax_ids,
            subtotal: 0,
            tax: 0,
            total: 0,
        });
    }
    if !validation.is_empty() {
        return Ok(None);
    }
    let Some(amounts) = price_lines(db, ctx, (currency, rate_e10), &mut lines, validation).await?
    else {
        return Ok(None);
    };
    Ok(Some((lines, amounts)))
}

impl PricedLine for BlanketLine {
    fn document_line(&self) -> DocumentLine {
        DocumentLine {
            quantity_e4: self.quantity_e4,
            unit_price_e6: self.unit_price_e6,
            discount_ppm: self.discount_ppm,
            tax_ids: self.tax_ids.clone(),
        }
    }

    fn set_amounts(&mut self, subtotal: i64, tax: i64, total: i64) {
        (self.subtotal, self.tax, self.total) = (subtotal, tax, total);
    }
}

pub async fn create_blanket_order(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateBlanketOrder,
) -> ApiResult<BlanketOrderView> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let mut validation = Validation::new();
    let header = Header {
        partner_id: input.partner_id,
        date_from: fields::parse_date(&mut validation, "dateFrom", &input.date_from),
        date_to: fields::parse_date(&mut validation, "dateTo", &input.date_to),
        currency: currency_field(&mut validation, ctx, input.currency.as_deref()),
    };
    let rate_e10 = check_header(db, ctx, &mut validation, &header).await?;
    let vendor_reference = fields::optional_text(
        &mut validation,
        "vendorReference",
        input.vendor_reference,
        200,
    );
    let notes = notes_field(&mut validation, input.notes);
    let built = build_lines(
        db,
        ctx,
        &mut validation,
        (header.partner_id, header.currency, rate_e10),
        input.lines,
    )
    .await?;
    validation.finish()?;
    let (Some((lines, [untaxed, tax, total])), Some(date_from), Some(date_to)) =
        (built, header.date_from, header.date_to)
    else {
        return Err(ApiError::invalid_field(
            "lines",
            "the lines could not be priced",
        ));
    };
    let now = now_micros();
    let order = BlanketOrder {
        id: Uuid::now_v7(),
        number: None,
        state: BlanketState::Draft,
        partner_id: header.partner_id,
        date_from,
        date_to,
        currency: header.currency.code.to_owned(),
        rate_e10,
        vendor_reference,
        notes,
        amount_untaxed: untaxed,
        amount_tax: tax,
        amount_total: total,
        cancel_reason: None,
        confirmed_at: None,
        created_at: now,
        updated_at: now,
    };
    store::insert_blanket_order(db, ctx.company, &order).await?;
    store::replace_blanket_lines(db, ctx.company, order.id, &lines).await?;
    transaction.emit(ctx.company, events::BLANKET_ORDER_CREATED, order.id);
    let view = blanket_view(&*transaction, ctx, order, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

/// The company's blanket order, locked, with its lines; 404 when it has none.
async fn locked(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: BlanketOrderId,
) -> ApiResult<(BlanketOrder, Vec<BlanketLine>)> {
    let order = store::blanket_order_by_id(db, ctx.company, id.0, true)
        .await?
        .ok_or_else(|| ApiError::not_found("blanket order"))?;
    let lines = store::blanket_lines(db, ctx.company, &[order.id])
        .await?
        .remove(&order.id)
        .unwrap_or_default();
    Ok((order, lines))
}

fn require_draft(order: &BlanketOrder) -> ApiResult<()> {
    if order.state == BlanketState::Draft {
        Ok(())
    } else {
        Err(errors::blanket_order_not_draft(state_on(
            order.state,
            order.date_to,
            today(),
        )))
    }
}

fn line_input(line: &BlanketLine, exponent_e4: impl Fn(&str) -> u8) -> BlanketLineInput {
    use arkan_platform::extract::DecimalText;
    BlanketLineInput {
        product_id: line.product_id,
        description: Some(line.description.clone()),
        quantity: DecimalText(arkan_catalog::quantities::format(
            line.quantity_e4,
            exponent_e4(&line.uom),
        )),
        uom: Some(line.uom.clone()),
        unit_price: DecimalText(format_trimmed(line.unit_price_e6, 6)),
        discount_percent: Some(DecimalText(format_trimmed(line.discount_ppm, 4))),
        tax_ids: Some(line.tax_ids.clone()),
    }
}

pub async fn update_blanket_order(
    platform: &Platform,
    ctx: &Ctx,
    id: BlanketOrderId,
    patch: UpdateBlanketOrder,
) -> ApiResult<BlanketOrderView> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let (mut order, lines) = locked(db, ctx, id).await?;
    require_draft(&order)?;
    let mut validation = Validation::new();
    let header = Header {
        partner_id: patch.partner_id.unwrap_or(order.partner_id),
        date_from: match patch.date_from.as_deref() {
            Some(text) => fields::parse_date(&mut validation, "dateFrom", text),
            None => Some(order.date_from),
        },
        date_to: match patch.date_to.as_deref() {
            Some(text) => fields::parse_date(&mut validation, "dateTo", text),
            None => Some(order.date_to),
        },
        currency: match patch.currency.as_deref() {
            Some(code) => currency_field(&mut validation, ctx, Some(code)),
            None => Currency::from_code(&order.currency).unwrap_or(ctx.currency),
        },
    };
    let rate_e10 = check_header(db, ctx, &mut validation, &header).await?;
    if let Some(reference) = patch.vendor_reference {
        order.vendor_reference =
            fields::optional_text(&mut validation, "vendorReference", reference, 200);
    }
    if let Some(notes) = patch.notes {
        order.notes = notes_field(&mut validation, notes);
    }
    let inputs = match patch.lines {
        Some(inputs) => inputs,
        None => {
            let decimals =
                decimals_by_unit(db, ctx.company, lines.iter().map(|line| &line.uom)).await?;
            lines
                .iter()
                .map(|line| line_input(line, |code| decimals.get(code).copied().unwrap_or(4)))
                .collect()
        }
    };
    let built = build_lines(
        db,
        ctx,
        &mut validation,
        (header.partner_id, header.currency, rate_e10),
        inputs,
    )
    .await?;
    validation.finish()?;
    let (Some((lines, [untaxed, tax, total])), Some(date_from), Some(date_to)) =
        (built, header.date_from, header.date_to)
    else {
        return Err(ApiError::invalid_field(
            "lines",
            "the lines could not be priced",
        ));
    };
    order.partner_id = header.partner_id;
    order.date_from = date_from;
    order.date_to = date_to;
    order.currency = header.currency.code.to_owned();
    order.rate_e10 = rate_e10;
    order.amount_untaxed = untaxed;
    order.amount_tax = tax;
    order.amount_total = total;
    order.updated_at = now_micros().max(order.updated_at + 1);
    store::update_blanket_order(db, ctx.company, &order).await?;
    store::replace_blanket_lines(db, ctx.company, order.id, &lines).await?;
    transaction.emit(ctx.company, events::BLANKET_ORDER_UPDATED, order.id);
    let view = blanket_view(&*transaction, ctx, order, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn delete_blanket_order(
    platform: &Platform,
    ctx: &Ctx,
    id: BlanketOrderId,
) -> ApiResult<()> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let (order, _) = locked(&*transaction, ctx, id).await?;
    require_draft(&order)?;
    store::delete_blanket_order(&*transaction, ctx.company, order.id).await?;
    transaction.emit(ctx.company, events::BLANKET_ORDER_DELETED, order.id);
    transaction.commit().await?;
    Ok(())
}

/// `draft -> active`, numbered `BPO/2026/00001`: call-offs may start on `dateFrom`.
pub async fn confirm_blanket_order(
    platform: &Platform,
    ctx: &Ctx,
    id: BlanketOrderId,
) -> ApiResult<BlanketOrderView> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let (mut order, lines) = locked(&*transaction, ctx, id).await?;
    require_draft(&order)?;
    let now = now_micros();
    order.number = Some(next_number(&*transaction, ctx, BLANKET_PREFIX, year_of(now)).await?);
    order.state = BlanketState::Active;
    order.confirmed_at = Some(now);
    order.updated_at = now.max(order.updated_at + 1);
    store::update_blanket_order(&*transaction, ctx.company, &order).await?;
    transaction.emit(ctx.company, events::BLANKET_ORDER_CONFIRMED, order.id);
    let view = blanket_view(&*transaction, ctx, order, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

/// `draft|active -> cancelled` (what remains is no longer called off); closed or cancelled
/// orders stay (409 `blanket_order_closed`).
pub async fn cancel_blanket_order(
    platform: &Platform,
    ctx: &Ctx,
    id: BlanketOrderId,
    input: CancelDocument,
) -> ApiResult<BlanketOrderView> {
    ctx.require_write(Area::Purchasing)?;
    let reason = cancel_reason(input.reason)?;
    let mut transaction = platform.db.write().await?;
    let (mut order, lines) = locked(&*transaction, ctx, id).await?;
    if !matches!(order.state, BlanketState::Draft | BlanketState::Active) {
        return Err(errors::blanket_order_closed(order.state));
    }
    order.state = BlanketState::Cancelled;
    order.cancel_reason = reason;
    order.updated_at = now_micros().max(order.updated_at + 1);
    store::update_blanket_order(&*transaction, ctx.company, &order).await?;
    transaction.emit(ctx.company, events::BLANKET_ORDER_CANCELLED, order.id);
    let view = blanket_view(&*transaction, ctx, order, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

/// A call-off: a confirmed purchase order with `blanketOrderId` for these quantities at the
/// agreed prices. The blanket order is locked for the whole write, so two call-offs at once
/// consume the remainder one after the other: the second sees what the first took.
pub async fn call_off(
    platform: &Platform,
    ctx: &Ctx,
    id: BlanketOrderId,
    input: CallOff,
) -> ApiResult<PurchaseOrderView> {
    ctx.require_write(Area::Purchasing)?;
    let mut validation = Validation::new();
    let expected_date = optional_date(
        &mut validation,
        "expectedDate",
        input.expected_date.as_deref(),
    );
    if input.lines.is_empty() {
        validation.add("lines", "must call off at least one line");
    }
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let (mut order, mut lines) = locked(&*transaction, ctx, id).await?;
    let today = today();
    if let Some(reason) = call_off_refusal(order.state, (order.date_from, order.date_to), today) {
        return Err(errors::blanket_order_not_active(&reason));
    }
    let mut validation = Validation::new();
    let mut units = HashMap::new();
    let mut taken: Vec<(usize, i64)> = Vec::new();
    let mut seen = HashSet::new();
    for (index, wanted) in input.lines.iter().enumerate() {
        let field = |name: &str| format!("lines[{index}].{name}");
        let Some(position) = lines.iter().position(|line| line.id == wanted.line_id) else {
            validation.add(field("lineId"), "no such line in this blanket order");
            continue;
        };
        if !seen.insert(wanted.line_id) {
            validation.add(field("lineId"), "is named twice");
            continue;
        }
        let Some(unit) =
            unit_of(&*transaction, ctx.company, &mut units, &lines[position].uom).await?
        else {
            validation.add(field("lineId"), "the line's unit no longer exists");
            continue;
        };
        if let Some(quantity) = quantity_of(
            &mut validation,
            &field("quantity"),
            &wanted.quantity.0,
            &unit,
        ) {
            taken.push((position, quantity));
        }
    }
    validation.finish()?;
    let decimals = decimals_by_unit(
        &*transaction,
        ctx.company,
        lines.iter().map(|line| &line.uom),
    )
    .await?;
    for (position, quantity) in &taken {
        let line = &lines[*position];
        let left = remaining(line.quantity_e4, line.quantity_called_off_e4);
        if *quantity > left {
            let places = decimals.get(&line.uom).copied().unwrap_or(4);
            return Err(errors::blanket_quantity_exceeded(
                &line.description,
                &arkan_catalog::quantities::format(left, places),
            ));
        }
    }
    let new_order = NewOrder {
        partner_id: PartnerId(order.partner_id),
        order_date: None,
        expected_date,
        currency: Currency::from_code(&order.currency),
        vendor_reference: order.vendor_reference.clone(),
        warehouse_id: input.warehouse_id.map(WarehouseId),
        payment_terms_days: None,
        incoterm: None,
        incoterm_place: None,
        notes: order
            .number
            .as_ref()
            .map(|number| format!("Call-off of {number}")),
        lines: taken
            .iter()
            .map(|(position, quantity)| {
                let line = &lines[*position];
                NewOrderLine {
                    product_id: Some(ProductId(line.product_id)),
                    description: Some(line.description.clone()),
                    quantity_e4: *quantity,
                    uom: Some(line.uom.clone()),
                    unit_price_e6: Some(line.unit_price_e6),
                    discount_ppm: Some(line.discount_ppm),
                    tax_ids: Some(line.tax_ids.clone()),
                    expected_date: None,
                    blanket_line_id: Some(line.id),
                }
            })
            .collect(),
        state: NewOrderState::Confirmed,
        rfq_id: None,
        blanket_order_id: Some(order.id),
        agreement_id: None,
    };
    let view = create_order(&mut transaction, ctx, new_order).await?;
    for (position, quantity) in &taken {
        store::add_called_off(&*transaction, ctx.company, lines[*position].id, *quantity).await?;
        lines[*position].quantity_called_off_e4 += quantity;
    }
    transaction.emit(ctx.company, events::BLANKET_ORDER_CALLED_OFF, order.id);
    if lines
        .iter()
        .all(|line| remaining(line.quantity_e4, line.quantity_called_off_e4) == 0)
    {
        order.state = BlanketState::Closed;
        transaction.emit(ctx.company, events::BLANKET_ORDER_CLOSED, order.id);
    }
    order.updated_at = now_micros().max(order.updated_at + 1);
    store::update_blanket_order(&*transaction, ctx.company, &order).await?;
    transaction.commit().await?;
    Ok(view)
}

/// A cancelled call-off gives back what its lines took (`[(blanket line, quantity)]`), in the
/// cancelling transaction (the blanket order locked): the blanket order reopens if it had
/// closed.
pub(crate) async fn give_back(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    id: BlanketOrderId,
    taken: &[(Uuid, i64)],
) -> ApiResult<()> {
    let (mut order, lines) = locked(&**transaction, ctx, id).await?;
    for (line, quantity) in taken {
        if lines.iter().any(|own| own.id == *line) {
            store::add_called_off(&**transaction, ctx.company, *line, -quantity).await?;
        }
    }
    if order.state == BlanketState::Closed {
        order.state = BlanketState::Active;
    }
    order.updated_at = now_micros().max(order.updated_at + 1);
    store::update_blanket_order(&**transaction, ctx.company, &order).await?;
    transaction.emit(ctx.company, events::BLANKET_ORDER_UPDATED, order.id);
    Ok(())
}

pub async fn get_blanket_order(
    platform: &Platform,
    ctx: &Ctx,
    id: BlanketOrderId,
) -> ApiResult<BlanketOrderView> {
    let db = platform.db.connection();
    let order = store::blanket_order_by_id(db, ctx.company, id.0, false)
        .await?
        .ok_or_else(|| ApiError::not_found("blanket order"))?;
    let lines = store::blanket_lines(db, ctx.company, &[order.id])
        .await?
        .remove(&order.id)
        .unwrap_or_default();
    blanket_view(db, ctx, order, lines).await
}

pub async fn list_blanket_orders(
    platform: &Platform,
    ctx: &Ctx,
    query: BlanketOrderListQuery,
) -> ApiResult<Page<BlanketOrderView>> {
    let filter = BlanketFilter {
        state: fields::optional_code(
            "state",
            query.state.as_deref(),
            BlanketState::parse,
            BlanketState::codes(),
        )?,
        today: Some(today()),
        partner_id: fields::optional_uuid("partner_id", query.partner_id.as_deref())?,
        product_id: fields::optional_uuid("product_id", query.product_id.as_deref())?,
        ends_from: fields::optional_date("date_from", query.date_from.as_deref())?,
        starts_until: fields::optional_date("date_to", query.date_to.as_deref())?,
        q: fields::clean(query.q),
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &BLANKET_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_blanket_orders(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |order| match page.sort.name {
        "number" => (
            SortValue::Text(order.number.clone().unwrap_or_default()),
            order.id,
        ),
        "dateFrom" => (SortValue::Text(format_date(order.date_from)), order.id),
        "amountTotal" => (SortValue::Integer(order.amount_total), order.id),
        _ => (SortValue::Integer(order.created_at), order.id),
    });
    let ids: Vec<Uuid> = page.data.iter().map(|order| order.id).collect();
    let mut lines = store::blanket_lines(db, ctx.company, &ids).await?;
    let mut views = Vec::with_capacity(page.data.len());
    for order in page.data {
        let own = lines.remove(&order.id).unwrap_or_default();
        views.push(blanket_view(db, ctx, order, own).await?);
    }
    Ok(Page {
        data: views,
        meta: page.meta,
    })
}

async fn blanket_view(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    order: BlanketOrder,
    lines: Vec<BlanketLine>,
) -> ApiResult<BlanketOrderView> {
    let exponent =
        Currency::from_code(&order.currency).map_or(ctx.currency.exponent, |c| c.exponent);
    let money = |minor: i64| format_minor(minor, exponent);
    let decimals = decimals_by_unit(db, ctx.company, lines.iter().map(|line| &line.uom)).await?;
    let purchase_order_ids =
        store::orders_from(db, ctx.company, "blanket_order_id", order.id).await?;
    Ok(BlanketOrderView {
        id: order.id,
        number: order.number,
        state: state_on(order.state, order.date_to, today())
            .as_str()
            .to_owned(),
        partner_id: order.partner_id,
        date_from: format_date(order.date_from),
        date_to: format_date(order.date_to),
        currency: order.currency.clone(),
        vendor_reference: order.vendor_reference,
        notes: order.notes,
        lines: lines
            .into_iter()
            .map(|line| {
                let places = decimals.get(&line.uom).copied().unwrap_or(4);
                let quantity = |e4: i64| arkan_catalog::quantities::format(e4, places);
                BlanketLineView {
                    id: line.id,
                    product_id: line.product_id,
                    description: line.description,
                    quantity: quantity(line.quantity_e4),
                    quantity_called_off: quantity(line.quantity_called_off_e4),
                    quantity_remaining: quantity(remaining(
                        line.quantity_e4,
                        line.quantity_called_off_e4,
                    )),
                    uom: line.uom,
                    unit_price: format_trimmed(line.unit_price_e6, 6),
                    discount_percent: format_trimmed(line.discount_ppm, 4),
                    tax_ids: line.tax_ids,
                    subtotal: money(line.subtotal),
                    tax_amount: money(line.tax),
                    total: money(line.total),
                }
            })
            .collect(),
        amount_untaxed: money(order.amount_untaxed),
        amount_tax: money(order.amount_tax),
        amount_total: money(order.amount_total),
        purchase_order_ids,
        confirmed_at: order.confirmed_at.map(rfc3339),
        cancel_reason: order.cancel_reason,
        created_at: rfc3339(order.created_at),
        updated_at: rfc3339(order.updated_at),
    })
}
