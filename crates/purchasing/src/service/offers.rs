//! What RFQs and tenders share: their request lines and vendors, the vendors' offers (quotes,
//! bids) and their lines, the comparison table and the score's vendor ratings, document
//! numbers and the small field checks of their bodies.

use std::collections::{HashMap, HashSet};

use arkan_catalog::products::ProductFacts;
use arkan_catalog::uoms::Uom;
use arkan_kernel::money::{format_minor, format_trimmed, parse_minor};
use arkan_kernel::time::{now_micros, to_micros};
use arkan_kernel::{CompanyId, Currency, PartnerId, ProductId};
use arkan_platform::Ctx;
use arkan_platform::error::{ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use chrono::{DateTime, Datelike, NaiveDate};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::orders::NewOrderLine;
use crate::api::*;
use crate::domain::{
    DEFAULT_WEIGHTS, Offer, QuoteSource, Submission, Weights, compare, document_number,
    net_unit_price, scores, subtotal,
};
use crate::store::{self, OfferLine, OfferTables, RequestLine, RequestParts, VendorOffer};

const MAX_TEXT: usize = 2_000;
const MAX_LINES: usize = 1_000;
const MAX_VENDORS: usize = 100;

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

/// A discount percent from 0 to 100 with at most 4 decimals, in parts per million; 0 when
/// none is given.
pub(crate) fn discount_field(
    validation: &mut Validation,
    field: &str,
    text: Option<&str>,
) -> Option<i64> {
    match text {
        None => Some(0),
        Some(text) => match decimal(validation, field, text, 4) {
            Some(ppm) if ppm > 1_000_000 => {
                validation.add(field, "must be 0 to 100");
                None
            }
            ppm => ppm,
        },
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

/// The product (an active one of the company, when the line names one) and the unit
/// (default the product's purchase unit, else `unit`; measuring what the product's unit
/// measures) of input line `index`; None, with the error recorded under
/// `lines[index].productId` or `.uom`, when either is wrong.
pub(crate) async fn product_and_unit<'a>(
    db: &impl ConnectionTrait,
    company: CompanyId,
    (validation, index): (&mut Validation, usize),
    (products, units): (
        &'a HashMap<ProductId, ProductFacts>,
        &mut HashMap<String, Option<Uom>>,
    ),
    product_id: Option<Uuid>,
    uom: Option<String>,
) -> ApiResult<Option<(Option<&'a ProductFacts>, Uom)>> {
    let field = |name: &str| format!("lines[{index}].{name}");
    let product = match product_id {
        None => None,
        Some(id) => match products.get(&ProductId(id)) {
            Some(product) if product.active => Some(product),
            Some(_) => {
                validation.add(field("productId"), "the product is archived");
                return Ok(None);
            }
            None => {
                validation.add(field("productId"), "no such product in this company");
                return Ok(None);
            }
        },
    };
    let code = uom.map(|code| code.trim().to_owned()).unwrap_or_else(|| {
        product.map_or_else(
            || "unit".to_owned(),
            |product| product.purchase_uom.code.clone(),
        )
    });
    let Some(unit) = unit_of(db, company, units, &code).await? else {
        validation.add(field("uom"), "no such unit in this company");
        return Ok(None);
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
        return Ok(None);
    }
    Ok(Some((product, unit)))
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
        let Some((product, unit)) = product_and_unit(
            db,
            ctx.company,
            (validation, index),
            (&products, &mut units),
            input.product_id,
            input.uom,
        )
        .await?
        else {
            continue;
        };
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
        let discount = discount_field(
            validation,
            &field("discountPercent"),
            input.discount_percent.as_deref(),
        );
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
                blanket_line_id: None,
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

/// The first instant of a day filter (`days` after it: 1 for the end of `date_to`).
pub(crate) fn day_start(field: &str, text: Option<&str>, days: u64) -> ApiResult<Option<i64>> {
    Ok(fields::optional_date(field, text)?.and_then(|date| {
        date.checked_add_days(chrono::Days::new(days))
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map(|start| to_micros(start.and_utc()))
    }))
}

/// A vendor's answer to a document as the body gave it: its header fields and lines.
pub(crate) struct OfferInput {
    pub partner_id: Uuid,
    pub valid_until: Option<String>,
    pub lead_time_days: Option<i32>,
    pub notes: Option<String>,
    pub lines: Vec<OfferLineInput>,
}

/// Checks a vendor's offer (400 naming each bad field, with those `validation` holds
/// already) and writes it, in place of the vendor's former offer when it has one (same id,
/// its first `submittedAt` kept): `(replaced, offer)`.
pub(crate) async fn save_vendor_offer(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    (tables, document, lines): (&OfferTables, Uuid, &[RequestLine]),
    offers: &[VendorOffer],
    currency: Currency,
    (input, mut validation): (OfferInput, Validation),
) -> ApiResult<(bool, VendorOffer)> {
    let valid_until = optional_date(&mut validation, "validUntil", input.valid_until.as_deref());
    let lead_time_days = lead_time(&mut validation, "leadTimeDays", input.lead_time_days);
    let notes = notes_field(&mut validation, input.notes);
    let priced = offer_lines(
        db,
        ctx.company,
        &mut validation,
        lines,
        input.lines,
        currency,
    )
    .await?;
    validation.finish()?;
    let now = now_micros();
    let former = offers
        .iter()
        .find(|offer| offer.partner_id == input.partner_id);
    let offer = VendorOffer {
        id: former.map_or_else(Uuid::now_v7, |former| former.id),
        document_id: document,
        partner_id: input.partner_id,
        currency: currency.code.to_owned(),
        amount_untaxed: priced.iter().map(|line| line.subtotal).sum(),
        valid_until,
        lead_time_days,
        notes,
        source: QuoteSource::Staff,
        score_e2: None,
        submitted_at: former.map_or(now, |former| former.submitted_at),
        created_at: former.map_or(now, |former| former.created_at),
        updated_at: former.map_or(now, |former| now.max(former.updated_at + 1)),
        lines: priced,
    };
    store::save_offer(db, ctx.company, tables, &offer, former.is_some()).await?;
    Ok((former.is_some(), offer))
}

/// An offer's view: its lines' quantities with their units' decimals.
pub(crate) async fn offer_view<T>(
    db: &impl ConnectionTrait,
    company: CompanyId,
    lines: &[RequestLine],
    offer: &VendorOffer,
    view: impl Fn(&VendorOffer, u8, &[RequestLine], &HashMap<String, u8>) -> T,
) -> ApiResult<T> {
    let decimals = decimals_by_unit(db, company, lines.iter().map(|line| &line.uom)).await?;
    let exponent = Currency::from_code(&offer.currency).map_or(2, |currency| currency.exponent);
    Ok(view(offer, exponent, lines, &decimals))
}
