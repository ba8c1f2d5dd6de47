//! Requests for quotation: a draft listing the vendors asked and the lines, `send` (numbered
//! `RFQ/2026/00001`), the vendors' quotes entered by staff (one per vendor, a second replaces
//! the first), the comparison, and `award` (a quote, or some of its lines, to a draft
//! purchase order); the RFQ closes when every line is awarded. The pieces tenders share
//! (request lines, vendors, offers, the comparison) are here too.

use std::collections::{HashMap, HashSet};

use arkan_catalog::uoms::Uom;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::{format_minor, format_trimmed, parse_minor};
use arkan_kernel::time::{now_micros, rfc3339, to_micros};
use arkan_kernel::{CompanyId, Currency, PartnerId, ProductId, RfqId, WarehouseId};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::{DateTime, Datelike, NaiveDate};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::orders::{NewOrder, NewOrderLine, NewOrderState, create_order};
use crate::api::*;
use crate::domain::{
    DEFAULT_WEIGHTS, Offer, QuoteSource, RFQ_PREFIX, RfqState, Submission, Weights, compare,
    document_number, net_unit_price, scores, subtotal,
};
use crate::store::{
    self, OfferLine, OfferTables, RFQ_TABLES, RequestLine, RequestParts, Rfq, RfqFilter,
    VendorOffer,
};
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

const MAX_TEXT: usize = 2_000;
const MAX_LINES: usize = 1_000;
const MAX_VENDORS: usize = 100;

// Pieces RFQs and tenders share.

/// The notes of a document.
pub(crate) fn notes_field(validation: &mut Validation, notes: Option<String>) -> Option<String> {
    fields::optional_text(validation, "notes", notes, MAX_TEXT)
}

/// The reason of a `cancel` (500 characters at most).
pub(crate) fn cancel_reason(reason: Option<String>) -> ApiResult<Option<String>> {
    let mut validation = Validation::new();
    let reason = fields::optional_text(&mut validation, "reason", reason, 500);
    validation.finish()?;
    Ok(reason)
}

/// An instant as RFC 3339 (`2026-03-01T12:00:00Z`), in microseconds.
pub(crate) fn instant(validation: &mut Validation, field: &str, text: &str) -> Option<i64> {
    match DateTime::parse_from_rfc3339(text.trim()) {
        Ok(instant) if (1900..=2999).contains(&instant.year()) => Some(to_micros(instant.to_utc())),
        _ => {
            validation.add(field, "must be an instant (RFC 3339, 2026-03-01T12:00:00Z)");
            None
        }
    }
}

pub(crate) fn optional_date(
    validation: &mut Validation,
    field: &str,
    text: Option<&str>,
) -> Option<NaiveDate> {
    text.and_then(|text| fields::parse_date(validation, field, text))
}

/// A currency code, default the company's.
pub(crate) fn currency_field(
    validation: &mut Validation,
    ctx: &Ctx,
    code: Option<&str>,
) -> Currency {
    code.and_then(|code| fields::currency(validation, "currency", code.trim()))
        .unwrap_or(ctx.currency)
}

/// A decimal of zero or more with at most `decimals` decimals, scaled by 10^decimals.
pub(crate) fn decimal(
    validation: &mut Validation,
    field: &str,
    text: &str,
    decimals: u8,
) -> Option<i64> {
    match parse_minor(text, decimals) {
        Ok(value) if value < 0 => {
            validation.add(field, "must not be negative");
            None
        }
        Ok(value) if value > 1_000_000_000_000_000 => {
            validation.add(field, "is too large");
            None
        }
        Ok(value) => Some(value),
        Err(error) => {
            validation.add(field, format!("{error} (at most {decimals} decimals)"));
            None
        }
    }
}

/// A lead time in days, 0 to 3650.
pub(crate) fn lead_time(
    validation: &mut Validation,
    field: &str,
    days: Option<i32>,
) -> Option<i32> {
    if days.is_some_and(|days| !(0..=3_650).contains(&days)) {
        validation.add(field, "must be 0 to 3650 days");
    }
    days
}

/// Checks the vendors a document names (under `field`): vendors of the company, each once.
pub(crate) async fn check_vendors(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    field: &str,
    vendors: &[Uuid],
) -> ApiResult<()> {
    if vendors.len() > MAX_VENDORS {
        validation.add(field, "names at most 100 vendors");
        return Ok(());
    }
    let mut seen = HashSet::new();
    for (index, id) in vendors.iter().enumerate() {
        let path = format!("{field}[{index}]");
        if !seen.insert(*id) {
            validation.add(path, "is named twice");
            continue;
        }
        check_vendor(db, ctx, validation, path, *id).await?;
    }
    Ok(())
}

/// Checks that `id` is a vendor of the company (under `path`).
pub(crate) async fn check_vendor(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    path: String,
    id: Uuid,
) -> ApiResult<()> {
    match arkan_crm::partners::terms(db, ctx.company, PartnerId(id)).await? {
        None => validation.add(path, "no such partner in this company"),
        Some(terms) if !terms.is_vendor => validation.add(path, "is not a vendor"),
        Some(_) => {}
    }
    Ok(())
}

/// Checks and builds the lines of an RFQ or tender (400 naming each bad field): a product
/// of the company or a description, a quantity of more than zero in the line's unit (default
/// the product's purchase unit, else `unit`).
pub(crate) async fn request_lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    inputs: Vec<RequestLineInput>,
) -> ApiResult<Vec<RequestLine>> {
    if inputs.is_empty() || inputs.len() > MAX_LINES {
        validation.add("lines", "must have 1 to 1,000 lines");
    }
    let ids: Vec<ProductId> = inputs
        .iter()
        .filter_map(|line| line.product_id.map(ProductId))
        .collect();
    let products = arkan_catalog::products::facts(db, ctx.company, &ids).await?;
    let mut units: HashMap<String, Option<Uom>> = HashMap::new();
    let mut lines = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.into_iter().enumerate() {
        let field = |name: &str| format!("lines[{index}].{name}");
        let product = match input.product_id {
            None => None,
            Some(id) => match products.get(&ProductId(id)) {
                Some(product) if product.active => Some(product),
                Some(_) => {
                    validation.add(field("productId"), "the product is archived");
                    continue;
                }
                None => {
                    validation.add(field("productId"), "no such product in this company");
                    continue;
                }
            },
        };
        let code = input
            .uom
            .map(|code| code.trim().to_owned())
            .unwrap_or_else(|| {
                product.map_or_else(
                    || "unit".to_owned(),
                    |product| product.purchase_uom.code.clone(),
                )
            });
        let unit = unit_of(db, ctx.company, &mut units, &code).await?;
        let Some(unit) = unit else {
            validation.add(field("uom"), "no such unit in this company");
            continue;
        };
        if let Some(product) = product
            && unit.category != product.uom.category
        {
            validation.add(
                field("uom"),
                format!(
                    "must measure {} as the product's unit does",
                    product.uom.category
                ),
            );
            continue;
        }
        let Some(quantity_e4) =
            quantity_of(validation, &field("quantity"), &input.quantity.0, &unit)
        else {
            continue;
        };
        let description = match fields::optional_text(
            validation,
            &field("description"),
            input.description,
            500,
        ) {
            Some(text) => text,
            None => match product {
                Some(product) => product.name.clone(),
                None => {
                    validation.add(
                        field("description"),
                        "is required on a line without product",
                    );
                    continue;
                }
            },
        };
        lines.push(RequestLine {
            id: Uuid::now_v7(),
            product_id: input.product_id,
            description,
            quantity_e4,
            uom: unit.code.clone(),
            awarded_partner_id: None,
            purchase_order_id: None,
        });
    }
    Ok(lines)
}

/// The company's unit with this code, read once per request.
pub(crate) async fn unit_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    units: &mut HashMap<String, Option<Uom>>,
    code: &str,
) -> ApiResult<Option<Uom>> {
    if !units.contains_key(code) {
        let unit = arkan_catalog::uoms::by_code(db, company, code).await?;
        units.insert(code.to_owned(), unit);
    }
    Ok(units.get(code).cloned().flatten())
}

/// A quantity of more than zero in `unit`, with at most its decimals, in ten-thousandths.
pub(crate) fn quantity_of(
    validation: &mut Validation,
    field: &str,
    text: &str,
    unit: &Uom,
) -> Option<i64> {
    match arkan_catalog::quantities::parse(text, unit.decimals) {
        Ok(quantity) if quantity > 0 => Some(quantity),
        Ok(_) => {
            validation.add(field, "must be more than zero");
            None
        }
        Err(error) => {
            validation.add(field, format!("{error} ({})", unit.code));
            None
        }
    }
}

/// The decimals of the units of these lines, by code (4 for a unit the company no longer has).
pub(crate) async fn decimals_by_unit(
    db: &impl ConnectionTrait,
    company: CompanyId,
    codes: impl Iterator<Item = &String>,
) -> ApiResult<HashMap<String, u8>> {
    let mut units = HashMap::new();
    let mut decimals = HashMap::new();
    for code in codes {
        if !decimals.contains_key(code) {
            let unit = unit_of(db, company, &mut units, code).await?;
            decimals.insert(code.clone(), unit.map_or(4, |unit| unit.decimals));
        }
    }
    Ok(decimals)
}

pub(crate) fn line_views(
    lines: &[RequestLine],
    decimals: &HashMap<String, u8>,
) -> Vec<RequestLineView> {
    lines
        .iter()
        .map(|line| RequestLineView {
            id: line.id,
            product_id: line.product_id,
            description: line.description.clone(),
            quantity: arkan_catalog::quantities::format(
                line.quantity_e4,
                decimals.get(&line.uom).copied().unwrap_or(4),
            ),
            uom: line.uom.clone(),
            purchase_order_id: line.purchase_order_id,
        })
        .collect()
}

/// Takes the next number of a purchasing document of `year` (`RFQ/2026/00001`), gapless.
pub(crate) async fn next_number(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    prefix: &str,
    year: i32,
) -> ApiResult<String> {
    let sequence = store::take_number(db, ctx.company, &format!("{prefix}/{year}")).await?;
    Ok(document_number(prefix, year, sequence))
}

/// The year of an instant (microseconds), for a document number.
pub(crate) fn year_of(micros: i64) -> i32 {
    arkan_kernel::time::from_micros(micros).year()
}

/// The vendors' ratings (0-100, hundredths), by partner, for "best rated" and the rating
/// part of a score: each vendor's score over the last twelve calendar months (vendor rating);
/// a vendor with nothing rated is left out.
pub(crate) async fn vendor_ratings(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partners: &[Uuid],
) -> ApiResult<HashMap<Uuid, i64>> {
    super::rating::current_scores(db, company, partners).await
}

/// Parses the lines of an offer (a quote or bid) against the document's lines: each names a
/// line once, a unit price, a quantity (default the line's) in the line's unit, a discount
/// and lead time where the offer has them. Gives the lines with their subtotals in `currency`.
pub(crate) struct OfferLineInput {
    pub line_id: Uuid,
    pub unit_price: String,
    pub quantity: Option<String>,
    pub discount_percent: Option<String>,
    pub lead_time_days: Option<i32>,
}

pub(crate) async fn offer_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    validation: &mut Validation,
    document: &[RequestLine],
    inputs: Vec<OfferLineInput>,
    currency: Currency,
) -> ApiResult<Vec<OfferLine>> {
    if inputs.is_empty() {
        validation.add("lines", "must price at least one line");
    }
    let mut units = HashMap::new();
    let mut seen = HashSet::new();
    let mut lines = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.into_iter().enumerate() {
        let field = |name: &str| format!("lines[{index}].{name}");
        let Some(line) = document.iter().find(|line| line.id == input.line_id) else {
            validation.add(field("lineId"), "no such line in this document");
            continue;
        };
        if !seen.insert(line.id) {
            validation.add(field("lineId"), "is priced twice");
            continue;
        }
        let Some(unit) = unit_of(db, company, &mut units, &line.uom).await? else {
            validation.add(field("lineId"), "the line's unit no longer exists");
            continue;
        };
        let unit_price = decimal(validation, &field("unitPrice"), &input.unit_price, 6);
        let quantity = match input.quantity.as_deref() {
            None => Some(line.quantity_e4),
            Some(text) => quantity_of(validation, &field("quantity"), text, &unit),
        };
        let discount = match input.discount_percent.as_deref() {
            None => Some(0),
            Some(text) => match decimal(validation, &field("discountPercent"), text, 4) {
                Some(ppm) if ppm > 1_000_000 => {
                    validation.add(field("discountPercent"), "must be 0 to 100");
                    None
                }
                ppm => ppm,
            },
        };
        let lead = lead_time(validation, &field("leadTimeDays"), input.lead_time_days);
        let (Some(unit_price), Some(quantity), Some(discount)) = (unit_price, quantity, discount)
        else {
            continue;
        };
        let Some(amount) = subtotal(quantity, unit_price, discount, currency.exponent) else {
            validation.add(field("unitPrice"), "the amount is too large");
            continue;
        };
        lines.push(OfferLine {
            line_id: line.id,
            unit_price_e6: unit_price,
            quantity_e4: quantity,
            discount_ppm: discount,
            lead_time_days: lead,
            subtotal: amount,
        });
    }
    Ok(lines)
}

/// An offer as the comparison and the scores read it: its lead time is its own, else the
/// longest of its lines'.
pub(crate) fn submission(offer: &VendorOffer) -> Submission {
    Submission {
        partner_id: offer.partner_id,
        amount_untaxed: offer.amount_untaxed,
        lead_time_days: offer.lead_time_days.or_else(|| {
            offer
                .lines
                .iter()
                .filter_map(|line| line.lead_time_days)
                .max()
        }),
        submitted_at: offer.submitted_at,
        offers: offer
            .lines
            .iter()
            .map(|line| Offer {
                line_id: line.line_id,
                net_unit_price_e6: net_unit_price(line.unit_price_e6, line.discount_ppm),
                subtotal: line.subtotal,
                lead_time_days: line.lead_time_days.or(offer.lead_time_days),
            })
            .collect(),
    }
}

/// The comparison table of a document's offers: each vendor with its amount, lead time,
/// validity and score (`weights`, or the default ones), each line with every offer and the
/// cheapest, and overall the cheapest complete offer, the fastest and the best scored.
pub(crate) async fn comparison(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    (lines, offers): (&[RequestLine], &[VendorOffer]),
    currency: &str,
    weights: Option<Weights>,
    bids: bool,
) -> ApiResult<(Vec<ComparedVendor>, Vec<ComparedLine>, [Option<Uuid>; 3])> {
    let exponent = Currency::from_code(currency).map_or(ctx.currency.exponent, |c| c.exponent);
    let money = |minor: i64| format_minor(minor, exponent);
    let line_ids: Vec<Uuid> = lines.iter().map(|line| line.id).collect();
    let submissions: Vec<Submission> = offers.iter().map(submission).collect();
    let partners: Vec<Uuid> = offers.iter().map(|offer| offer.partner_id).collect();
    let ratings = vendor_ratings(db, ctx.company, &partners).await?;
    let scored: Vec<Option<i64>> = match weights {
        // An evaluated tender shows the scores it fixed.
        None if bids => offers.iter().map(|offer| offer.score_e2).collect(),
        _ => scores(
            &line_ids,
            &submissions,
            &ratings,
            weights.unwrap_or(DEFAULT_WEIGHTS),
        ),
    };
    let picks = compare(&line_ids, &submissions, &scored);
    let ids: Vec<PartnerId> = partners.iter().copied().map(PartnerId).collect();
    let names = arkan_crm::partners::names(db, ctx.company, &ids).await?;
    let partner_of = |index: Option<usize>| index.and_then(|index| partners.get(index).copied());
    let vendors = offers
        .iter()
        .zip(&submissions)
        .zip(&scored)
        .map(|((offer, submission), score)| ComparedVendor {
            partner_id: offer.partner_id,
            partner_name: names
                .get(&PartnerId(offer.partner_id))
                .cloned()
                .unwrap_or_default(),
            quote_id: (!bids).then_some(offer.id),
            bid_id: bids.then_some(offer.id),
            amount_untaxed: money(offer.amount_untaxed),
            lead_time_days: submission.lead_time_days,
            valid_until: offer.valid_until.map(format_date),
            score: score.map(|score| format_trimmed(score, 2)),
        })
        .collect();
    let decimals = decimals_by_unit(db, ctx.company, lines.iter().map(|line| &line.uom)).await?;
    let compared = lines
        .iter()
        .zip(&picks.best_price_by_line)
        .map(|(line, best)| ComparedLine {
            line_id: line.id,
            product_id: line.product_id,
            description: line.description.clone(),
            quantity: arkan_catalog::quantities::format(
                line.quantity_e4,
                decimals.get(&line.uom).copied().unwrap_or(4),
            ),
            offers: offers
                .iter()
                .filter_map(|offer| {
                    let priced = offer
                        .lines
                        .iter()
                        .find(|priced| priced.line_id == line.id)?;
                    Some(ComparedOffer {
                        partner_id: offer.partner_id,
                        unit_price: format_trimmed(
                            net_unit_price(priced.unit_price_e6, priced.discount_ppm),
                            6,
                        ),
                        subtotal: money(priced.subtotal),
                        lead_time_days: priced.lead_time_days.or(offer.lead_time_days),
                    })
                })
                .collect(),
            best_price_partner_id: partner_of(*best),
        })
        .collect();
    Ok((
        vendors,
        compared,
        [
            partner_of(picks.best_price),
            partner_of(picks.fastest),
            partner_of(picks.best_rated),
        ],
    ))
}

/// The lines of a document still to award: not given to a purchase order that still exists
/// and is not cancelled.
pub(crate) async fn open_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    lines: &[RequestLine],
) -> ApiResult<HashSet<Uuid>> {
    let orders: Vec<Uuid> = lines
        .iter()
        .filter_map(|line| line.purchase_order_id)
        .collect();
    let live = store::live_orders(db, company, &orders).await?;
    Ok(lines
        .iter()
        .filter(|line| {
            line.purchase_order_id
                .is_none_or(|order| !live.contains(&order))
        })
        .map(|line| line.id)
        .collect())
}

/// A draft purchase order to `offer`'s vendor for these document lines at the offer's
/// prices.
pub(crate) fn order_lines(lines: &[&RequestLine], offer: &VendorOffer) -> Vec<NewOrderLine> {
    lines
        .iter()
        .filter_map(|line| {
            let priced = offer
                .lines
                .iter()
                .find(|priced| priced.line_id == line.id)?;
            Some(NewOrderLine {
                product_id: line.product_id.map(ProductId),
                description: Some(line.description.clone()),
                quantity_e4: priced.quantity_e4,
                uom: Some(line.uom.clone()),
                unit_price_e6: Some(priced.unit_price_e6),
                discount_ppm: Some(priced.discount_ppm),
                tax_ids: None,
                expected_date: None,
            })
        })
        .collect()
}

/// The parts of a document, or none.
pub(crate) async fn parts_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    tables: &OfferTables,
    id: Uuid,
) -> ApiResult<(RequestParts, Vec<VendorOffer>)> {
    let parts = store::request_parts(db, company, tables, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let offers = store::offers_of(db, company, tables, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    Ok((parts, offers))
}

pub(crate) fn offer_line_views(
    offer: &VendorOffer,
    exponent: u8,
    decimals: impl Fn(Uuid) -> u8,
) -> Vec<QuoteLineView> {
    offer
        .lines
        .iter()
        .map(|line| QuoteLineView {
            line_id: line.line_id,
            unit_price: format_trimmed(line.unit_price_e6, 6),
            quantity: arkan_catalog::quantities::format(line.quantity_e4, decimals(line.line_id)),
            discount_percent: format_trimmed(line.discount_ppm, 4),
            lead_time_days: line.lead_time_days,
            subtotal: format_minor(line.subtotal, exponent),
        })
        .collect()
}

// RFQs.

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
    let valid_until = optional_date(&mut validation, "validUntil", input.valid_until.as_deref());
    let lead_time_days = lead_time(&mut validation, "leadTimeDays", input.lead_time_days);
    let notes = notes_field(&mut validation, input.notes);
    let inputs = input
        .lines
        .into_iter()
        .map(|line| OfferLineInput {
            line_id: line.line_id,
            unit_price: line.unit_price.0,
            quantity: line.quantity.map(|quantity| quantity.0),
            discount_percent: line.discount_percent.map(|discount| discount.0),
            lead_time_days: line.lead_time_days,
        })
        .collect();
    let lines = offer_lines(
        db,
        ctx.company,
        &mut validation,
        &parts.lines,
        inputs,
        currency,
    )
    .await?;
    validation.finish()?;
    let now = now_micros();
    let former = quotes
        .iter()
        .find(|quote| quote.partner_id == input.partner_id);
    let quote = VendorOffer {
        id: former.map_or_else(Uuid::now_v7, |former| former.id),
        document_id: rfq.id,
        partner_id: input.partner_id,
        currency: currency.code.to_owned(),
        amount_untaxed: lines.iter().map(|line| line.subtotal).sum(),
        valid_until,
        lead_time_days,
        notes,
        source: QuoteSource::Staff,
        score_e2: None,
        submitted_at: former.map_or(now, |former| former.submitted_at),
        created_at: former.map_or(now, |former| former.created_at),
        updated_at: former.map_or(now, |former| now.max(former.updated_at + 1)),
        lines,
    };
    store::save_offer(db, ctx.company, &RFQ_TABLES, &quote, former.is_some()).await?;
    rfq.updated_at = now.max(rfq.updated_at + 1);
    store::update_rfq(db, ctx.company, &rfq).await?;
    let kind = if former.is_some() {
        events::VENDOR_QUOTE_UPDATED
    } else {
        events::VENDOR_QUOTE_CREATED
    };
    transaction.emit(ctx.company, kind, quote.id);
    let decimals = decimals_by_unit(
        &*transaction,
        ctx.company,
        parts.lines.iter().map(|line| &line.uom),
    )
    .await?;
    let view = quote_view(&quote, currency.exponent, &parts.lines, &decimals);
    transaction.commit().await?;
    Ok((former.is_some(), view))
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

/// The first instant of a day filter (`days` after it: 1 for the end of `date_to`).
pub(crate) fn day_start(field: &str, text: Option<&str>, days: u64) -> ApiResult<Option<i64>> {
    Ok(fields::optional_date(field, text)?.and_then(|date| {
        date.checked_add_days(chrono::Days::new(days))
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map(|start| to_micros(start.and_utc()))
    }))
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
