//! Requests for quotation: a draft listing the vendors asked and the lines, `send` (numbered
//! `RFQ/2026/00001`), the vendors' quotes entered by staff (one per vendor, a second replaces
//! the first), the comparison, and `award` (a quote, or some of its lines, to a draft
//! purchase order); the RFQ closes when every line is awarded. What tenders share with RFQs
//! is in `offers`.

use std::collections::HashMap;

use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::format_minor;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{Currency, PartnerId, RfqId, WarehouseId};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::offers::*;
use super::orders::{NewOrder, NewOrderState, create_order};
use crate::api::*;
use crate::domain::{RFQ_PREFIX, RfqState};
use crate::store::{self, RFQ_TABLES, RequestLine, RequestParts, Rfq, RfqFilter, VendorOffer};
use crate::{errors, events};

static RFQ_LIST: ListSpec = ListSpec {
    name: "inventory.rfqs",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "number",
            column: "number",
            kind: SortKind::NullableText,
        },
    ],
};

/// The company's RFQ, locked, with its parts and quotes; 404 when it has none.
async fn locked(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: RfqId,
) -> ApiResult<(Rfq, RequestParts, Vec<VendorOffer>)> {
    let rfq = store::rfq_by_id(db, ctx.company, id.0, true)
        .await?
        .ok_or_else(|| ApiError::not_found("rfq"))?;
    let (parts, quotes) = parts_of(db, ctx.company, &RFQ_TABLES, rfq.id).await?;
    Ok((rfq, parts, quotes))
}

fn require_draft(rfq: &Rfq) -> ApiResult<()> {
    if rfq.state == RfqState::Draft {
        Ok(())
    } else {
        Err(errors::rfq_not_draft(rfq.state))
    }
}

/// Quotes and awards need an RFQ that was sent and is not closed or cancelled.
fn require_sent(rfq: &Rfq) -> ApiResult<()> {
    match rfq.state {
        RfqState::Sent => Ok(()),
        RfqState::Draft => Err(errors::rfq_not_sent()),
        state => Err(errors::rfq_closed(state)),
    }
}

async fn check_warehouse(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    warehouse: Option<Uuid>,
) -> ApiResult<()> {
    if let Some(id) = warehouse
        && !arkan_inventory::warehouses::is_active(db, ctx.company, WarehouseId(id)).await?
    {
        validation.add("warehouseId", "no such active warehouse in this company");
    }
    Ok(())
}

pub async fn create_rfq(platform: &Platform, ctx: &Ctx, input: CreateRfq) -> ApiResult<RfqView> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let mut validation = Validation::new();
    if input.partner_ids.is_empty() {
        validation.add("partnerIds", "must name at least one vendor");
    }
    check_vendors(db, ctx, &mut validation, "partnerIds", &input.partner_ids).await?;
    let deadline = input
        .deadline
        .as_deref()
        .and_then(|text| instant(&mut validation, "deadline", text));
    let expected_date = optional_date(
        &mut validation,
        "expectedDate",
        input.expected_date.as_deref(),
    );
    let currency = currency_field(&mut validation, ctx, input.currency.as_deref());
    check_warehouse(db, ctx, &mut validation, input.warehouse_id).await?;
    let notes = notes_field(&mut validation, input.notes);
    let lines = request_lines(db, ctx, &mut validation, input.lines).await?;
    validation.finish()?;
    let now = now_micros();
    let rfq = Rfq {
        id: Uuid::now_v7(),
        number: None,
        state: RfqState::Draft,
        deadline,
        expected_date,
        currency: currency.code.to_owned(),
        warehouse_id: input.warehouse_id,
        notes,
        cancel_reason: None,
        sent_at: None,
        created_at: now,
        updated_at: now,
    };
    let parts = RequestParts {
        vendors: input.partner_ids,
        lines,
    };
    store::insert_rfq(db, ctx.company, &rfq).await?;
    store::replace_request_parts(db, ctx.company, &RFQ_TABLES, rfq.id, &parts).await?;
    transaction.emit(ctx.company, events::RFQ_CREATED, rfq.id);
    let view = rfq_view(&*transaction, ctx, rfq, parts, Vec::new()).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn update_rfq(
    platform: &Platform,
    ctx: &Ctx,
    id: RfqId,
    patch: UpdateRfq,
) -> ApiResult<RfqView> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let (mut rfq, mut parts, quotes) = locked(db, ctx, id).await?;
    require_draft(&rfq)?;
    let mut validation = Validation::new();
    if let Some(vendors) = patch.partner_ids {
        if vendors.is_empty() {
            validation.add("partnerIds", "must name at least one vendor");
        }
        check_vendors(db, ctx, &mut validation, "partnerIds", &vendors).await?;
        parts.vendors = vendors;
    }
    if let Some(deadline) = patch.deadline {
        rfq.deadline = deadline
            .as_deref()
            .and_then(|text| instant(&mut validation, "deadline", text));
    }
    if let Some(date) = patch.expected_date {
        rfq.expected_date = optional_date(&mut validation, "expectedDate", date.as_deref());
    }
    if let Some(code) = patch.currency {
        rfq.currency = currency_field(&mut validation, ctx, Some(code.as_str()))
            .code
            .to_owned();
    }
    if let Some(warehouse) = patch.warehouse_id {
        check_warehouse(db, ctx, &mut validation, warehouse).await?;
        rfq.warehouse_id = warehouse;
    }
    if let Some(notes) = patch.notes {
        rfq.notes = notes_field(&mut validation, notes);
    }
    if let Some(lines) = patch.lines {
        parts.lines = request_lines(db, ctx, &mut validation, lines).await?;
    }
    validation.finish()?;
    rfq.updated_at = now_micros().max(rfq.updated_at + 1);
    store::update_rfq(db, ctx.company, &rfq).await?;
    store::replace_request_parts(db, ctx.company, &RFQ_TABLES, rfq.id, &parts).await?;
    transaction.emit(ctx.company, events::RFQ_UPDATED, rfq.id);
    let view = rfq_view(&*transaction, ctx, rfq, parts, quotes).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn delete_rfq(platform: &Platform, ctx: &Ctx, id: RfqId) -> ApiResult<()> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let (rfq, _, _) = locked(&*transaction, ctx, id).await?;
    require_draft(&rfq)?;
    store::delete_document(&*transaction, ctx.company, &RFQ_TABLES, rfq.id).await?;
    transaction.emit(ctx.company, events::RFQ_DELETED, rfq.id);
    transaction.commit().await?;
    Ok(())
}

/// `draft -> sent`, numbered `RFQ/2026/00001`: the vendors may now quote.
pub async fn send_rfq(platform: &Platform, ctx: &Ctx, id: RfqId) -> ApiResult<RfqView> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let (mut rfq, parts, quotes) = locked(&*transaction, ctx, id).await?;
    require_draft(&rfq)?;
    let now = now_micros();
    rfq.number = Some(next_number(&*transaction, ctx, RFQ_PREFIX, year_of(now)).await?);
    rfq.state = RfqState::Sent;
    rfq.sent_at = Some(now);
    rfq.updated_at = now.max(rfq.updated_at + 1);
    store::update_rfq(&*transaction, ctx.company, &rfq).await?;
    transaction.emit(ctx.company, events::RFQ_SENT, rfq.id);
    let view = rfq_view(&*transaction, ctx, rfq, parts, quotes).await?;
    transaction.commit().await?;
    Ok(view)
}

/// `draft|sent -> cancelled`; a closed or cancelled RFQ stays (409 `rfq_closed`).
pub async fn cancel_rfq(
    platform: &Platform,
    ctx: &Ctx,
    id: RfqId,
    input: CancelDocument,
) -> ApiResult<RfqView> {
    ctx.require_write(Area::Purchasing)?;
    let reason = cancel_reason(input.reason)?;
    let mut transaction = platform.db.write().await?;
    let (mut rfq, parts, quotes) = locked(&*transaction, ctx, id).await?;
    if !matches!(rfq.state, RfqState::Draft | RfqState::Sent) {
        return Err(errors::rfq_closed(rfq.state));
    }
    rfq.state = RfqState::Cancelled;
    rfq.cancel_reason = reason;
    rfq.updated_at = now_micros().max(rfq.updated_at + 1);
    store::update_rfq(&*transaction, ctx.company, &rfq).await?;
    transaction.emit(ctx.company, events::RFQ_CANCELLED, rfq.id);
    let view = rfq_view(&*transaction, ctx, rfq, parts, quotes).await?;
    transaction.commit().await?;
    Ok(view)
}

/// A vendor's quote entered by staff: `(true, quote)` when it replaced the vendor's former
/// quote (which keeps its first `submittedAt`), `(false, quote)` when new.
pub async fn submit_quote(
    platform: &Platform,
    ctx: &Ctx,
    id: RfqId,
    input: SubmitQuote,
) -> ApiResult<(bool, QuoteView)> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let (mut rfq, parts, quotes) = locked(db, ctx, id).await?;
    require_sent(&rfq)?;
    let mut validation = Validation::new();
    if !parts.vendors.contains(&input.partner_id) {
        validation.add("partnerId", "must be one of the vendors the RFQ asked");
    }
    let currency = currency_field(
        &mut validation,
        ctx,
        input.currency.as_deref().or(Some(rfq.currency.as_str())),
    );
    if currency.code != rfq.currency {
        validation.add(
            "currency",
            format!("must be the RFQ's currency, {}", rfq.currency),
        );
    }
    let offer = OfferInput {
        partner_id: input.partner_id,
        valid_until: input.valid_until,
        lead_time_days: input.lead_time_days,
        notes: input.notes,
        lines: input
            .lines
            .into_iter()
            .map(|line| OfferLineInput {
                line_id: line.line_id,
                unit_price: line.unit_price.0,
                quantity: line.quantity.map(|quantity| quantity.0),
                discount_percent: line.discount_percent.map(|discount| discount.0),
                lead_time_days: line.lead_time_days,
            })
            .collect(),
    };
    let (replaced, quote) = save_vendor_offer(
        db,
        ctx,
        (&RFQ_TABLES, rfq.id, &parts.lines),
        &quotes,
        currency,
        (offer, validation),
    )
    .await?;
    rfq.updated_at = quote.updated_at.max(rfq.updated_at + 1);
    store::update_rfq(db, ctx.company, &rfq).await?;
    let kind = if replaced {
        events::VENDOR_QUOTE_UPDATED
    } else {
        events::VENDOR_QUOTE_CREATED
    };
    transaction.emit(ctx.company, kind, quote.id);
    let view = offer_view(&*transaction, ctx.company, &parts.lines, &quote, quote_view).await?;
    transaction.commit().await?;
    Ok((replaced, view))
}

/// The quotes side by side (see [`comparison`]).
pub async fn compare_rfq(platform: &Platform, ctx: &Ctx, id: RfqId) -> ApiResult<ComparisonView> {
    let db = platform.db.connection();
    let rfq = store::rfq_by_id(db, ctx.company, id.0, false)
        .await?
        .ok_or_else(|| ApiError::not_found("rfq"))?;
    let (parts, quotes) = parts_of(db, ctx.company, &RFQ_TABLES, rfq.id).await?;
    let (vendors, lines, [best_price, fastest, best_rated]) =
        comparison(db, ctx, (&parts.lines, &quotes), &rfq.currency, None, false).await?;
    Ok(ComparisonView {
        rfq_id: Some(rfq.id),
        agreement_id: None,
        currency: rfq.currency,
        vendors,
        lines,
        best_price_partner_id: best_price,
        fastest_partner_id: fastest,
        best_rated_partner_id: best_rated,
    })
}

/// A quote (every line it prices that is still open, or `lineIds`) to a draft purchase order
/// with `rfqId`; the RFQ closes once every line is awarded.
pub async fn award_rfq(
    platform: &Platform,
    ctx: &Ctx,
    id: RfqId,
    input: AwardQuote,
) -> ApiResult<PurchaseOrderView> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let (mut rfq, parts, quotes) = locked(&*transaction, ctx, id).await?;
    require_sent(&rfq)?;
    let Some(quote) = quotes.iter().find(|quote| quote.id == input.quote_id) else {
        return Err(ApiError::invalid_field(
            "quoteId",
            "no such quote of this RFQ",
        ));
    };
    let open = open_lines(&*transaction, ctx.company, &parts.lines).await?;
    let priced = |line: &RequestLine| quote.lines.iter().any(|priced| priced.line_id == line.id);
    let chosen: Vec<&RequestLine> = match &input.line_ids {
        None => parts
            .lines
            .iter()
            .filter(|line| priced(line) && open.contains(&line.id))
            .collect(),
        Some(ids) => {
            let mut validation = Validation::new();
            let mut chosen = Vec::new();
            if ids.is_empty() {
                validation.add("lineIds", "must name at least one line");
            }
            for (index, line_id) in ids.iter().enumerate() {
                let field = format!("lineIds[{index}]");
                match parts.lines.iter().find(|line| line.id == *line_id) {
                    None => validation.add(field, "no such line in this RFQ"),
                    Some(line) if !priced(line) => {
                        validation.add(field, "the quote does not price it")
                    }
                    Some(line)
                        if chosen
                            .iter()
                            .any(|other: &&RequestLine| other.id == line.id) =>
                    {
                        validation.add(field, "is named twice")
                    }
                    Some(line) => chosen.push(line),
                }
            }
            validation.finish()?;
            if let Some(line) = chosen.iter().find(|line| !open.contains(&line.id)) {
                return Err(errors::rfq_line_awarded(&line.description));
            }
            chosen
        }
    };
    if chosen.is_empty() {
        return Err(errors::rfq_line_awarded("every line the quote prices"));
    }
    let order = NewOrder {
        partner_id: PartnerId(quote.partner_id),
        order_date: None,
        expected_date: rfq.expected_date,
        currency: Currency::from_code(&quote.currency),
        vendor_reference: None,
        warehouse_id: rfq.warehouse_id.map(WarehouseId),
        payment_terms_days: None,
        incoterm: None,
        incoterm_place: None,
        notes: rfq.number.as_ref().map(|number| format!("From {number}")),
        lines: order_lines(&chosen, quote),
        state: NewOrderState::Draft,
        rfq_id: Some(rfq.id),
        blanket_order_id: None,
        agreement_id: None,
    };
    let chosen_ids: Vec<Uuid> = chosen.iter().map(|line| line.id).collect();
    let partner = quote.partner_id;
    let view = create_order(&mut transaction, ctx, order).await?;
    store::award_lines(
        &*transaction,
        ctx.company,
        &RFQ_TABLES,
        &chosen_ids,
        partner,
        view.id,
    )
    .await?;
    let now = now_micros();
    rfq.updated_at = now.max(rfq.updated_at + 1);
    transaction.emit(ctx.company, events::RFQ_AWARDED, rfq.id);
    if open.iter().all(|line| chosen_ids.contains(line)) {
        rfq.state = RfqState::Closed;
        transaction.emit(ctx.company, events::RFQ_CLOSED, rfq.id);
    }
    store::update_rfq(&*transaction, ctx.company, &rfq).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn get_rfq(platform: &Platform, ctx: &Ctx, id: RfqId) -> ApiResult<RfqView> {
    let db = platform.db.connection();
    let rfq = store::rfq_by_id(db, ctx.company, id.0, false)
        .await?
        .ok_or_else(|| ApiError::not_found("rfq"))?;
    let (parts, quotes) = parts_of(db, ctx.company, &RFQ_TABLES, rfq.id).await?;
    rfq_view(db, ctx, rfq, parts, quotes).await
}

pub async fn list_rfqs(
    platform: &Platform,
    ctx: &Ctx,
    query: RfqListQuery,
) -> ApiResult<Page<RfqView>> {
    let filter = RfqFilter {
        state: fields::optional_code(
            "state",
            query.state.as_deref(),
            RfqState::parse,
            RfqState::codes(),
        )?,
        partner_id: fields::optional_uuid("partner_id", query.partner_id.as_deref())?,
        warehouse_id: fields::optional_uuid("warehouse_id", query.warehouse_id.as_deref())?,
        created_from: day_start("date_from", query.date_from.as_deref(), 0)?,
        created_before: day_start("date_to", query.date_to.as_deref(), 1)?,
        q: fields::clean(query.q),
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &RFQ_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_rfqs(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |rfq| match page.sort.name {
        "number" => (
            SortValue::Text(rfq.number.clone().unwrap_or_default()),
            rfq.id,
        ),
        _ => (SortValue::Integer(rfq.created_at), rfq.id),
    });
    let ids: Vec<Uuid> = page.data.iter().map(|rfq| rfq.id).collect();
    let mut parts = store::request_parts(db, ctx.company, &RFQ_TABLES, &ids).await?;
    let mut quotes = store::offers_of(db, ctx.company, &RFQ_TABLES, &ids).await?;
    let mut views = Vec::with_capacity(page.data.len());
    for rfq in page.data {
        let own = parts.remove(&rfq.id).unwrap_or_default();
        let offers = quotes.remove(&rfq.id).unwrap_or_default();
        views.push(rfq_view(db, ctx, rfq, own, offers).await?);
    }
    Ok(Page {
        data: views,
        meta: page.meta,
    })
}

fn quote_view(
    quote: &VendorOffer,
    exponent: u8,
    lines: &[RequestLine],
    decimals: &HashMap<String, u8>,
) -> QuoteView {
    let places = |line_id: Uuid| {
        lines
            .iter()
            .find(|line| line.id == line_id)
            .and_then(|line| decimals.get(&line.uom).copied())
            .unwrap_or(4)
    };
    QuoteView {
        id: quote.id,
        rfq_id: quote.document_id,
        partner_id: quote.partner_id,
        currency: quote.currency.clone(),
        amount_untaxed: format_minor(quote.amount_untaxed, exponent),
        valid_until: quote.valid_until.map(format_date),
        lead_time_days: quote.lead_time_days,
        submitted_at: rfc3339(quote.submitted_at),
        source: quote.source.as_str().to_owned(),
        notes: quote.notes.clone(),
        lines: offer_line_views(quote, exponent, places),
        created_at: rfc3339(quote.created_at),
        updated_at: rfc3339(quote.updated_at),
    }
}

async fn rfq_view(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    rfq: Rfq,
    parts: RequestParts,
    quotes: Vec<VendorOffer>,
) -> ApiResult<RfqView> {
    let exponent = Currency::from_code(&rfq.currency).map_or(ctx.currency.exponent, |c| c.exponent);
    let decimals =
        decimals_by_unit(db, ctx.company, parts.lines.iter().map(|line| &line.uom)).await?;
    let purchase_order_ids = store::orders_from(db, ctx.company, "rfq_id", rfq.id).await?;
    Ok(RfqView {
        id: rfq.id,
        number: rfq.number,
        state: rfq.state.as_str().to_owned(),
        partner_ids: parts.vendors,
        deadline: rfq.deadline.map(rfc3339),
        expected_date: rfq.expected_date.map(format_date),
        currency: rfq.currency,
        warehouse_id: rfq.warehouse_id,
        notes: rfq.notes,
        quotes: quotes
            .iter()
            .map(|quote| quote_view(quote, exponent, &parts.lines, &decimals))
            .collect(),
        lines: line_views(&parts.lines, &decimals),
        purchase_order_ids,
        sent_at: rfq.sent_at.map(rfc3339),
        cancel_reason: rfq.cancel_reason,
        created_at: rfc3339(rfq.created_at),
        updated_at: rfc3339(rfq.updated_at),
    })
}
