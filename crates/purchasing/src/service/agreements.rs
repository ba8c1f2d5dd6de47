//! Purchase agreements (tenders): a draft with lines and a deadline is opened for bidding
//! (numbered `TND/2026/00001`); vendors' bids (entered by staff, one per vendor, revisable
//! until the deadline) stay sealed while it is open; `evaluate` closes the bidding and
//! scores the bids (price, lead time, rating; formula in the crate README); `award` gives the
//! whole tender or each line to a vendor, one draft purchase order per vendor.

use std::collections::HashMap;

use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::{format_minor, format_trimmed};
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{Currency, PartnerId, PurchaseAgreementId};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::offers::{
    OfferInput, OfferLineInput, cancel_reason, check_vendor, check_vendors, comparison,
    currency_field, day_start, decimal, decimals_by_unit, instant, line_views, next_number,
    offer_line_views, offer_view, order_lines, parts_of, request_lines, save_vendor_offer,
    submission, vendor_ratings, year_of,
};
use super::orders::{NewOrder, NewOrderState, create_order};
use crate::api::*;
use crate::domain::{AGREEMENT_PREFIX, AgreementState, DEFAULT_WEIGHTS, Weights, scores};
use crate::store::{
    self, AGREEMENT_TABLES, Agreement, AgreementFilter, RequestLine, RequestParts, VendorOffer,
};
use crate::{errors, events};

static AGREEMENT_LIST: ListSpec = ListSpec {
    name: "inventory.purchase_agreements",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "number",
            column: "number",
            kind: SortKind::NullableText,
        },
        SortField {
            name: "deadline",
            column: "deadline",
            kind: SortKind::Integer,
        },
    ],
};

fn title_field(validation: &mut Validation, title: String) -> String {
    let title = fields::optional_text(validation, "title", Some(title), 200);
    if title.is_none() {
        validation.add("title", "is required");
    }
    title.unwrap_or_default()
}

pub async fn create_agreement(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateAgreement,
) -> ApiResult<AgreementView> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let mut validation = Validation::new();
    let title = title_field(&mut validation, input.title);
    let deadline = instant(&mut validation, "deadline", &input.deadline);
    let currency = currency_field(&mut validation, ctx, input.currency.as_deref());
    let description =
        fields::optional_text(&mut validation, "description", input.description, 2_000);
    let vendors = input.partner_ids.unwrap_or_default();
    check_vendors(db, ctx, &mut validation, "partnerIds", &vendors).await?;
    let lines = request_lines(db, ctx, &mut validation, input.lines).await?;
    validation.finish()?;
    let now = now_micros();
    let agreement = Agreement {
        id: Uuid::now_v7(),
        number: None,
        state: AgreementState::Draft,
        title,
        deadline: deadline.unwrap_or(now),
        currency: currency.code.to_owned(),
        description,
        weights: None,
        cancel_reason: None,
        opened_at: None,
        evaluated_at: None,
        awarded_at: None,
        created_at: now,
        updated_at: now,
    };
    let parts = RequestParts { vendors, lines };
    store::insert_agreement(db, ctx.company, &agreement).await?;
    store::replace_request_parts(db, ctx.company, &AGREEMENT_TABLES, agreement.id, &parts).await?;
    transaction.emit(
        ctx.company,
        events::PURCHASE_AGREEMENT_CREATED,
        agreement.id,
    );
    let view = agreement_view(&*transaction, ctx, agreement, parts, Vec::new()).await?;
    transaction.commit().await?;
    Ok(view)
}

/// The company's tender, locked, with its parts and bids; 404 when it has none.
async fn locked(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: PurchaseAgreementId,
) -> ApiResult<(Agreement, RequestParts, Vec<VendorOffer>)> {
    let agreement = store::agreement_by_id(db, ctx.company, id.0, true)
        .await?
        .ok_or_else(|| ApiError::not_found("purchase agreement"))?;
    let (parts, bids) = parts_of(db, ctx.company, &AGREEMENT_TABLES, agreement.id).await?;
    Ok((agreement, parts, bids))
}

fn require_draft(agreement: &Agreement) -> ApiResult<()> {
    if agreement.state == AgreementState::Draft {
        Ok(())
    } else {
        Err(errors::purchase_agreement_not_draft(agreement.state))
    }
}

/// Bids are taken while the tender is open and its deadline has not passed.
fn require_open_for_bids(agreement: &Agreement, now: i64) -> ApiResult<()> {
    if agreement.state != AgreementState::Open {
        return Err(errors::tender_not_open(&format!(
            "the tender is {}",
            agreement.state
        )));
    }
    if now > agreement.deadline {
        return Err(errors::tender_not_open(&format!(
            "its deadline passed at {}",
            rfc3339(agreement.deadline)
        )));
    }
    Ok(())
}

pub async fn update_agreement(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseAgreementId,
    patch: UpdateAgreement,
) -> ApiResult<AgreementView> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let (mut agreement, mut parts, bids) = locked(db, ctx, id).await?;
    require_draft(&agreement)?;
    let mut validation = Validation::new();
    if let Some(title) = patch.title {
        agreement.title = title_field(&mut validation, title);
    }
    if let Some(deadline) = patch.deadline.as_deref() {
        agreement.deadline =
            instant(&mut validation, "deadline", deadline).unwrap_or(agreement.deadline);
    }
    if let Some(code) = patch.currency {
        agreement.currency = currency_field(&mut validation, ctx, Some(code.as_str()))
            .code
            .to_owned();
    }
    if let Some(description) = patch.description {
        agreement.description =
            fields::optional_text(&mut validation, "description", description, 2_000);
    }
    if let Some(vendors) = patch.partner_ids {
        check_vendors(db, ctx, &mut validation, "partnerIds", &vendors).await?;
        parts.vendors = vendors;
    }
    if let Some(lines) = patch.lines {
        parts.lines = request_lines(db, ctx, &mut validation, lines).await?;
    }
    validation.finish()?;
    agreement.updated_at = now_micros().max(agreement.updated_at + 1);
    store::update_agreement(db, ctx.company, &agreement).await?;
    store::replace_request_parts(db, ctx.company, &AGREEMENT_TABLES, agreement.id, &parts).await?;
    transaction.emit(
        ctx.company,
        events::PURCHASE_AGREEMENT_UPDATED,
        agreement.id,
    );
    let view = agreement_view(&*transaction, ctx, agreement, parts, bids).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn delete_agreement(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseAgreementId,
) -> ApiResult<()> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let (agreement, _, _) = locked(&*transaction, ctx, id).await?;
    require_draft(&agreement)?;
    store::delete_document(&*transaction, ctx.company, &AGREEMENT_TABLES, agreement.id).await?;
    transaction.emit(
        ctx.company,
        events::PURCHASE_AGREEMENT_DELETED,
        agreement.id,
    );
    transaction.commit().await?;
    Ok(())
}

/// `draft -> open`, numbered `TND/2026/00001`: bids are taken until the deadline, which must
/// be ahead (400 `deadline` otherwise).
pub async fn open_agreement(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseAgreementId,
) -> ApiResult<AgreementView> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let (mut agreement, parts, bids) = locked(&*transaction, ctx, id).await?;
    require_draft(&agreement)?;
    let now = now_micros();
    if agreement.deadline <= now {
        return Err(ApiError::invalid_field(
            "deadline",
            "has passed: move it ahead before opening the tender",
        ));
    }
    agreement.number = Some(next_number(&*transaction, ctx, AGREEMENT_PREFIX, year_of(now)).await?);
    agreement.state = AgreementState::Open;
    agreement.opened_at = Some(now);
    agreement.updated_at = now.max(agreement.updated_at + 1);
    store::update_agreement(&*transaction, ctx.company, &agreement).await?;
    transaction.emit(ctx.company, events::PURCHASE_AGREEMENT_OPENED, agreement.id);
    let view = agreement_view(&*transaction, ctx, agreement, parts, bids).await?;
    transaction.commit().await?;
    Ok(view)
}

/// `draft|open|evaluation -> cancelled`; an awarded or cancelled tender stays (409
/// `purchase_agreement_closed`).
pub async fn cancel_agreement(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseAgreementId,
    input: CancelDocument,
) -> ApiResult<AgreementView> {
    ctx.require_write(Area::Purchasing)?;
    let reason = cancel_reason(input.reason)?;
    let mut transaction = platform.db.write().await?;
    let (mut agreement, parts, bids) = locked(&*transaction, ctx, id).await?;
    if matches!(
        agreement.state,
        AgreementState::Awarded | AgreementState::Cancelled
    ) {
        return Err(errors::purchase_agreement_closed(agreement.state));
    }
    agreement.state = AgreementState::Cancelled;
    agreement.cancel_reason = reason;
    agreement.updated_at = now_micros().max(agreement.updated_at + 1);
    store::update_agreement(&*transaction, ctx.company, &agreement).await?;
    transaction.emit(
        ctx.company,
        events::PURCHASE_AGREEMENT_CANCELLED,
        agreement.id,
    );
    let view = agreement_view(&*transaction, ctx, agreement, parts, bids).await?;
    transaction.commit().await?;
    Ok(view)
}

/// A vendor's bid entered by staff: `(true, bid)` when it revised the vendor's former bid
/// (which keeps its first `submittedAt`), `(false, bid)` when new.
pub async fn submit_bid(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseAgreementId,
    input: SubmitBid,
) -> ApiResult<(bool, BidView)> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let (mut agreement, parts, bids) = locked(db, ctx, id).await?;
    let now = now_micros();
    require_open_for_bids(&agreement, now)?;
    let mut validation = Validation::new();
    if parts.vendors.is_empty() {
        check_vendor(
            db,
            ctx,
            &mut validation,
            "partnerId".to_owned(),
            input.partner_id,
        )
        .await?;
    } else if !parts.vendors.contains(&input.partner_id) {
        validation.add("partnerId", "must be one of the vendors the tender invited");
    }
    let currency = Currency::from_code(&agreement.currency).unwrap_or(ctx.currency);
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
                discount_percent: None,
                lead_time_days: None,
            })
            .collect(),
    };
    let (revised, bid) = save_vendor_offer(
        db,
        ctx,
        (&AGREEMENT_TABLES, agreement.id, &parts.lines),
        &bids,
        currency,
        (offer, validation),
    )
    .await?;
    agreement.updated_at = now.max(agreement.updated_at + 1);
    store::update_agreement(db, ctx.company, &agreement).await?;
    let kind = if revised {
        events::TENDER_BID_UPDATED
    } else {
        events::TENDER_BID_CREATED
    };
    transaction.emit(ctx.company, kind, bid.id);
    let view = offer_view(&*transaction, ctx.company, &parts.lines, &bid, bid_view).await?;
    transaction.commit().await?;
    Ok((revised, view))
}

/// The weights of an evaluation: each a decimal of 0 or more (4 decimals), not all 0; the
/// ones not given are 0; none at all are the defaults.
fn parse_weights(input: Option<WeightsInput>) -> ApiResult<Weights> {
    let Some(input) = input else {
        return Ok(DEFAULT_WEIGHTS);
    };
    let mut validation = Validation::new();
    let mut weight = |field: &str, text: Option<arkan_platform::extract::DecimalText>| {
        text.and_then(|text| decimal(&mut validation, field, &text.0, 4))
            .unwrap_or(0)
    };
    let weights = Weights {
        price: weight("weights.price", input.price),
        lead_time: weight("weights.leadTime", input.lead_time),
        rating: weight("weights.rating", input.rating),
    };
    if validation.is_empty() && weights.price + weights.lead_time + weights.rating <= 0 {
        validation.add("weights", "must not all be 0");
    }
    validation.finish()?;
    Ok(weights)
}

/// `open -> evaluation`: the bidding closes, each bid is scored with the weights (see the
/// crate README) and the bids are shown.
pub async fn evaluate_agreement(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseAgreementId,
    input: EvaluateAgreement,
) -> ApiResult<AgreementView> {
    ctx.require_write(Area::Purchasing)?;
    let weights = parse_weights(input.weights)?;
    let mut transaction = platform.db.write().await?;
    let (mut agreement, parts, mut bids) = locked(&*transaction, ctx, id).await?;
    if agreement.state != AgreementState::Open {
        return Err(errors::tender_not_open(&format!(
            "the tender is {}",
            agreement.state
        )));
    }
    let line_ids: Vec<Uuid> = parts.lines.iter().map(|line| line.id).collect();
    let submissions: Vec<_> = bids.iter().map(submission).collect();
    let partners: Vec<Uuid> = bids.iter().map(|bid| bid.partner_id).collect();
    let ratings = vendor_ratings(&*transaction, ctx.company, &partners).await?;
    let scored = scores(&line_ids, &submissions, &ratings, weights);
    for (bid, score) in bids.iter_mut().zip(&scored) {
        bid.score_e2 = *score;
    }
    let pairs: Vec<(Uuid, Option<i64>)> = bids.iter().map(|bid| (bid.id, bid.score_e2)).collect();
    store::set_offer_scores(&*transaction, ctx.company, &AGREEMENT_TABLES, &pairs).await?;
    let now = now_micros();
    agreement.state = AgreementState::Evaluation;
    agreement.weights = Some(weights);
    agreement.evaluated_at = Some(now);
    agreement.updated_at = now.max(agreement.updated_at + 1);
    store::update_agreement(&*transaction, ctx.company, &agreement).await?;
    transaction.emit(
        ctx.company,
        events::PURCHASE_AGREEMENT_EVALUATED,
        agreement.id,
    );
    let view = agreement_view(&*transaction, ctx, agreement, parts, bids).await?;
    transaction.commit().await?;
    Ok(view)
}

/// Which vendor each awarded line goes to, from `{partnerId}` (every line; its bid must price
/// them all) or `{lines: [{lineId, partnerId}]}`; 400 naming each bad field.
fn awarded_lines<'a>(
    input: &AwardAgreement,
    lines: &'a [RequestLine],
    bids: &[VendorOffer],
) -> ApiResult<Vec<(Uuid, Vec<&'a RequestLine>)>> {
    let mut validation = Validation::new();
    let bid_of = |partner: Uuid| bids.iter().find(|bid| bid.partner_id == partner);
    let prices = |partner: Uuid, line: Uuid| {
        bid_of(partner).is_some_and(|bid| bid.lines.iter().any(|priced| priced.line_id == line))
    };
    let mut groups: Vec<(Uuid, Vec<&RequestLine>)> = Vec::new();
    let mut add = |partner: Uuid, line: &'a RequestLine| match groups
        .iter_mut()
        .find(|(vendor, _)| *vendor == partner)
    {
        Some((_, group)) => group.push(line),
        None => groups.push((partner, vec![line])),
    };
    match (&input.partner_id, &input.lines) {
        (Some(partner), None) => {
            if bid_of(*partner).is_none() {
                validation.add("partnerId", "the vendor has no bid on this tender");
            } else if let Some(line) = lines.iter().find(|line| !prices(*partner, line.id)) {
                validation.add(
                    "partnerId",
                    format!(
                        "the vendor's bid does not price {}: award line by line",
                        line.description
                    ),
                );
            } else {
                for line in lines {
                    add(*partner, line);
                }
            }
        }
        (None, Some(chosen)) => {
            if chosen.is_empty() {
                validation.add("lines", "must award at least one line");
            }
            let mut seen = std::collections::HashSet::new();
            for (index, award) in chosen.iter().enumerate() {
                let field = |name: &str| format!("lines[{index}].{name}");
                match lines.iter().find(|line| line.id == award.line_id) {
                    None => validation.add(field("lineId"), "no such line in this tender"),
                    Some(_) if !seen.insert(award.line_id) => {
                        validation.add(field("lineId"), "is awarded twice")
                    }
                    Some(_) if bid_of(award.partner_id).is_none() => {
                        validation.add(field("partnerId"), "the vendor has no bid on this tender")
                    }
                    Some(line) if !prices(award.partner_id, line.id) => validation.add(
                        field("partnerId"),
                        "the vendor's bid does not price this line",
                    ),
                    Some(line) => add(award.partner_id, line),
                }
            }
        }
        _ => validation.add("partnerId", "give either partnerId or lines"),
    }
    validation.finish()?;
    Ok(groups)
}

/// `evaluation -> awarded`: a draft purchase order (with `agreementId`) per vendor awarded,
/// for its lines at its bid's prices.
pub async fn award_agreement(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseAgreementId,
    input: AwardAgreement,
) -> ApiResult<AgreementView> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let (mut agreement, parts, bids) = locked(&*transaction, ctx, id).await?;
    if agreement.state != AgreementState::Evaluation {
        return Err(errors::tender_not_in_evaluation(agreement.state));
    }
    let groups = awarded_lines(&input, &parts.lines, &bids)?;
    let mut awarded: Vec<(Vec<Uuid>, Uuid, Uuid)> = Vec::new();
    for (partner, lines) in &groups {
        let Some(bid) = bids.iter().find(|bid| bid.partner_id == *partner) else {
            continue;
        };
        let order = NewOrder {
            partner_id: PartnerId(*partner),
            order_date: None,
            expected_date: None,
            currency: Currency::from_code(&bid.currency),
            vendor_reference: None,
            warehouse_id: None,
            payment_terms_days: None,
            incoterm: None,
            incoterm_place: None,
            notes: agreement
                .number
                .as_ref()
                .map(|number| format!("Awarded from {number}")),
            lines: order_lines(lines, bid),
            state: NewOrderState::Draft,
            rfq_id: None,
            blanket_order_id: None,
            agreement_id: Some(agreement.id),
        };
        let view = create_order(&mut transaction, ctx, order).await?;
        awarded.push((
            lines.iter().map(|line| line.id).collect(),
            *partner,
            view.id,
        ));
    }
    for (lines, partner, order) in &awarded {
        store::award_lines(
            &*transaction,
            ctx.company,
            &AGREEMENT_TABLES,
            lines,
            *partner,
            *order,
        )
        .await?;
    }
    let now = now_micros();
    agreement.state = AgreementState::Awarded;
    agreement.awarded_at = Some(now);
    agreement.updated_at = now.max(agreement.updated_at + 1);
    store::update_agreement(&*transaction, ctx.company, &agreement).await?;
    transaction.emit(
        ctx.company,
        events::PURCHASE_AGREEMENT_AWARDED,
        agreement.id,
    );
    let (parts, bids) =
        parts_of(&*transaction, ctx.company, &AGREEMENT_TABLES, agreement.id).await?;
    let view = agreement_view(&*transaction, ctx, agreement, parts, bids).await?;
    transaction.commit().await?;
    Ok(view)
}

/// The bids side by side, as an RFQ's quotes (`bidId`); 409 `bids_sealed` while the tender
/// is open. The scores are those the evaluation fixed.
pub async fn compare_agreement(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseAgreementId,
) -> ApiResult<ComparisonView> {
    let db = platform.db.connection();
    let agreement = store::agreement_by_id(db, ctx.company, id.0, false)
        .await?
        .ok_or_else(|| ApiError::not_found("purchase agreement"))?;
    if agreement.state == AgreementState::Open {
        return Err(errors::bids_sealed());
    }
    let (parts, bids) = parts_of(db, ctx.company, &AGREEMENT_TABLES, agreement.id).await?;
    let (vendors, lines, [best_price, fastest, best_rated]) = comparison(
        db,
        ctx,
        (&parts.lines, &bids),
        &agreement.currency,
        None,
        true,
    )
    .await?;
    Ok(ComparisonView {
        rfq_id: None,
        agreement_id: Some(agreement.id),
        currency: agreement.currency,
        vendors,
        lines,
        best_price_partner_id: best_price,
        fastest_partner_id: fastest,
        best_rated_partner_id: best_rated,
    })
}

pub async fn get_agreement(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseAgreementId,
) -> ApiResult<AgreementView> {
    let db = platform.db.connection();
    let agreement = store::agreement_by_id(db, ctx.company, id.0, false)
        .await?
        .ok_or_else(|| ApiError::not_found("purchase agreement"))?;
    let (parts, bids) = parts_of(db, ctx.company, &AGREEMENT_TABLES, agreement.id).await?;
    agreement_view(db, ctx, agreement, parts, bids).await
}

pub async fn list_agreements(
    platform: &Platform,
    ctx: &Ctx,
    query: AgreementListQuery,
) -> ApiResult<Page<AgreementView>> {
    let filter = AgreementFilter {
        state: fields::optional_code(
            "state",
            query.state.as_deref(),
            AgreementState::parse,
            AgreementState::codes(),
        )?,
        partner_id: fields::optional_uuid("partner_id", query.partner_id.as_deref())?,
        created_from: day_start("date_from", query.date_from.as_deref(), 0)?,
        created_before: day_start("date_to", query.date_to.as_deref(), 1)?,
        q: fields::clean(query.q),
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &AGREEMENT_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_agreements(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |agreement| match page.sort.name {
        "number" => (
            SortValue::Text(agreement.number.clone().unwrap_or_default()),
            agreement.id,
        ),
        "deadline" => (SortValue::Integer(agreement.deadline), agreement.id),
        _ => (SortValue::Integer(agreement.created_at), agreement.id),
    });
    let ids: Vec<Uuid> = page.data.iter().map(|agreement| agreement.id).collect();
    let mut parts = store::request_parts(db, ctx.company, &AGREEMENT_TABLES, &ids).await?;
    let mut bids = store::offers_of(db, ctx.company, &AGREEMENT_TABLES, &ids).await?;
    let mut views = Vec::with_capacity(page.data.len());
    for agreement in page.data {
        let own = parts.remove(&agreement.id).unwrap_or_default();
        let offers = bids.remove(&agreement.id).unwrap_or_default();
        views.push(agreement_view(db, ctx, agreement, own, offers).await?);
    }
    Ok(Page {
        data: views,
        meta: page.meta,
    })
}

fn bid_view(
    bid: &VendorOffer,
    exponent: u8,
    lines: &[RequestLine],
    decimals: &HashMap<String, u8>,
) -> BidView {
    let places = |line_id: Uuid| {
        lines
            .iter()
            .find(|line| line.id == line_id)
            .and_then(|line| decimals.get(&line.uom).copied())
            .unwrap_or(4)
    };
    BidView {
        id: bid.id,
        agreement_id: bid.document_id,
        partner_id: bid.partner_id,
        currency: bid.currency.clone(),
        amount_untaxed: format_minor(bid.amount_untaxed, exponent),
        valid_until: bid.valid_until.map(format_date),
        lead_time_days: bid.lead_time_days,
        submitted_at: rfc3339(bid.submitted_at),
        score: bid.score_e2.map(|score| format_trimmed(score, 2)),
        notes: bid.notes.clone(),
        lines: offer_line_views(bid, exponent, places)
            .into_iter()
            .map(|line| BidLineView {
                line_id: line.line_id,
                unit_price: line.unit_price,
                quantity: line.quantity,
                subtotal: line.subtotal,
            })
            .collect(),
        created_at: rfc3339(bid.created_at),
        updated_at: rfc3339(bid.updated_at),
    }
}

async fn agreement_view(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    agreement: Agreement,
    parts: RequestParts,
    bids: Vec<VendorOffer>,
) -> ApiResult<AgreementView> {
    let exponent =
        Currency::from_code(&agreement.currency).map_or(ctx.currency.exponent, |c| c.exponent);
    let decimals =
        decimals_by_unit(db, ctx.company, parts.lines.iter().map(|line| &line.uom)).await?;
    let purchase_order_ids =
        store::orders_from(db, ctx.company, "agreement_id", agreement.id).await?;
    let sealed = agreement.state == AgreementState::Open;
    let weight = |value: i64| format_trimmed(value, 4);
    Ok(AgreementView {
        id: agreement.id,
        number: agreement.number,
        state: agreement.state.as_str().to_owned(),
        title: agreement.title,
        deadline: rfc3339(agreement.deadline),
        currency: agreement.currency,
        description: agreement.description,
        partner_ids: parts.vendors,
        bid_count: i64::try_from(bids.len()).unwrap_or(i64::MAX),
        bids: if sealed {
            Vec::new()
        } else {
            bids.iter()
                .map(|bid| bid_view(bid, exponent, &parts.lines, &decimals))
                .collect()
        },
        lines: line_views(&parts.lines, &decimals)
            .into_iter()
            .zip(&parts.lines)
            .map(|(view, line)| AgreementLineView {
                id: view.id,
                product_id: view.product_id,
                description: view.description,
                quantity: view.quantity,
                uom: view.uom,
                awarded_partner_id: line.awarded_partner_id,
                purchase_order_id: line.purchase_order_id,
            })
            .collect(),
        weights: agreement.weights.map(|weights| WeightsView {
            price: weight(weights.price),
            lead_time: weight(weights.lead_time),
            rating: weight(weights.rating),
        }),
        purchase_order_ids,
        opened_at: agreement.opened_at.map(rfc3339),
        evaluated_at: agreement.evaluated_at.map(rfc3339),
        awarded_at: agreement.awarded_at.map(rfc3339),
        cancel_reason: agreement.cancel_reason,
        created_at: rfc3339(agreement.created_at),
        updated_at: rfc3339(agreement.updated_at),
    })
}
