//! Landed costs: freight, customs duty and insurance, from a vendor bill or entered directly,
//! spread over the moves of done receipts (equally, or by quantity, weight, volume or value)
//! and posted onto their valuation (`Stock::apply_landed_cost`). `draft -> posted`; a draft may
//! be edited, deleted or cancelled.

use std::collections::{HashMap, HashSet};

use arkan_catalog::products::ProductFacts;
use arkan_catalog::quantities::format as format_quantity;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::allocate as allocate_money;
use arkan_kernel::time::rfc3339;
use arkan_kernel::{LandedCostId, ProductId, format_minor};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::Datelike;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::engine::Stock;
use super::moves::{date_or_today, format_cost};
use super::{filter_code, filter_id};
use crate::api::*;
use crate::domain::{
    LANDED_COST_PREFIX, LandedCostState, MoveState, SplitMethod, TransferType, document_number,
    unit_cost_of,
};
use crate::store::{
    self, Allocation, LandedCost, LandedCostFilter, LandedCostLine, LandedCostParts,
};
use crate::{errors, events};

static LANDED_COST_LIST: ListSpec = ListSpec {
    name: "inventory.landed_costs",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "number",
            column: "number",
            kind: SortKind::Text,
        },
        SortField {
            name: "date",
            column: "date",
            kind: SortKind::Date,
        },
        SortField {
            name: "amountTotal",
            column: "amount_total_minor",
            kind: SortKind::Integer,
        },
    ],
};

const MAX_TEXT: usize = 2_000;

/// Checks the receipts and costs of a draft (400 naming each bad field): the done receipts of
/// the company, each once, and costs of more than 0 on active accounts.
async fn check_parts(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    transfer_ids: &[Uuid],
    costs: &[LandedCostInput],
) -> ApiResult<LandedCostParts> {
    if transfer_ids.is_empty() {
        validation.add("transferIds", "must name at least one receipt");
    }
    let mut seen = HashSet::new();
    for (index, id) in transfer_ids.iter().enumerate() {
        let field = format!("transferIds[{index}]");
        if !seen.insert(*id) {
            validation.add(field, "is named twice");
            continue;
        }
        match store::transfer_by_id(db, ctx.company, *id, false).await? {
            None => validation.add(field, "no such transfer in this company"),
            Some(transfer) if transfer.kind != TransferType::Receipt => {
                validation.add(field, "must be a receipt (goods in from a vendor)")
            }
            Some(transfer) if transfer.state != MoveState::Done => {
                validation.add(field, "must be done: costs land on goods received")
            }
            Some(_) => {}
        }
    }
    if costs.is_empty() {
        validation.add("costs", "must have at least one cost");
    }
    let mut lines = Vec::new();
    for (index, cost) in costs.iter().enumerate() {
        let prefix = format!("costs[{index}].");
        let description = cost.description.trim();
        if description.is_empty() || description.chars().count() > 200 {
            validation.add(
                format!("{prefix}description"),
                "must be 1 to 200 characters",
            );
        }
        let amount = fields::amount(
            validation,
            &format!("{prefix}amount"),
            &cost.amount.0,
            ctx.currency,
        );
        if amount.is_some_and(|amount| amount <= 0) {
            validation.add(format!("{prefix}amount"), "must be more than 0");
        }
        let method = SplitMethod::parse(&cost.split_method);
        if method.is_none() {
            validation.add(
                format!("{prefix}splitMethod"),
                format!("must be one of {}", SplitMethod::codes()),
            );
        }
        if let Some(account) = cost.account_id {
            let found = arkan_ledger::books::accounts_by_ids(db, ctx.company, &[account]).await?;
            if !found.iter().any(|account| account.active) {
                validation.add(
                    format!("{prefix}accountId"),
                    "must be an active account of the company",
                );
            }
        }
        if let (Some(amount), Some(split_method)) = (amount, method) {
            lines.push(LandedCostLine {
                description: description.to_owned(),
                amount,
                split_method,
                account_id: cost.account_id,
            });
        }
    }
    Ok(LandedCostParts {
        transfers: transfer_ids.to_vec(),
        costs: lines,
        allocations: Vec::new(),
    })
}

async fn check_vendor_bill(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    bill: Option<Uuid>,
) -> ApiResult<()> {
    if let Some(bill) = bill
        && !arkan_invoicing::documents::is_vendor_bill(db, ctx.company, bill).await?
    {
        validation.add("vendorBillId", "must be a vendor bill of the company");
    }
    Ok(())
}

fn check_notes(validation: &mut Validation, notes: Option<String>) -> Option<String> {
    let notes = notes.filter(|notes| !notes.trim().is_empty());
    if notes
        .as_ref()
        .is_some_and(|notes| notes.chars().count() > MAX_TEXT)
    {
        validation.add("notes", "must be at most 2000 characters");
    }
    notes
}

/// What each valued move of the receipts takes of the costs (in the receipts' order), each
/// cost split by its method so the parts add up to it; 400 naming the cost when there is
/// nothing to split it by (no weights, say).
async fn allocate(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    parts: &LandedCostParts,
) -> ApiResult<Vec<Allocation>> {
    let mut moves = store::moves_of_transfers(db, ctx.company, &parts.transfers).await?;
    let ordered: Vec<_> = parts
        .transfers
        .iter()
        .flat_map(|transfer| moves.remove(transfer).unwrap_or_default())
        .filter(|mv| mv.state == MoveState::Done)
        .collect();
    let ids: Vec<Uuid> = ordered.iter().map(|mv| mv.id).collect();
    let mut receipts: HashMap<Uuid, store::Layer> = HashMap::new();
    for layer in store::receipt_layers_of_moves(db, ctx.company, &ids).await? {
        if let Some(mv) = layer.move_id {
            receipts.entry(mv).or_insert(layer);
        }
    }
    let received: Vec<_> = ordered
        .into_iter()
        .filter_map(|mv| receipts.remove(&mv.id).map(|layer| (mv, layer)))
        .collect();
    if received.is_empty() {
        return Err(ApiError::invalid_field(
            "transferIds",
            "the receipts brought in no valued goods (storable products)",
        ));
    }
    let product_ids: Vec<ProductId> = received
        .iter()
        .map(|(mv, _)| ProductId(mv.product_id))
        .collect();
    let products = arkan_catalog::products::facts(db, ctx.company, &product_ids).await?;
    let mut additional = vec![0_i64; received.len()];
    let mut validation = Validation::new();
    for (index, cost) in parts.costs.iter().enumerate() {
        let bases: Vec<i64> = received
            .iter()
            .map(|(mv, layer)| {
                let product = products.get(&ProductId(mv.product_id));
                // Kilograms or cubic metres, in ten-thousandths.
                let per_unit = |value: Option<i64>| {
                    let total = i128::from(layer.quantity) * i128::from(value.unwrap_or(0));
                    i64::try_from(total / 1_000_000).unwrap_or(i64::MAX)
                };
                match cost.split_method {
                    SplitMethod::Equal => 1,
                    SplitMethod::ByQuantity => layer.quantity,
                    SplitMethod::ByWeight => per_unit(product.and_then(|p| p.weight_e6)),
                    SplitMethod::ByVolume => per_unit(product.and_then(|p| p.volume_e6)),
                    SplitMethod::ByValue => layer.value.max(0),
                }
            })
            .collect();
        match allocate_money(cost.amount, &bases) {
            Some(shares) => {
                for (total, share) in additional.iter_mut().zip(shares) {
                    *total += share;
                }
            }
            None => validation.add(
                format!("costs[{index}].splitMethod"),
                format!(
                    "nothing to split by: the received goods have no {}",
                    match cost.split_method {
                        SplitMethod::ByWeight => "weight",
                        SplitMethod::ByVolume => "volume",
                        _ => "value",
                    }
                ),
            ),
        }
    }
    validation.finish()?;
    let exponent = ctx.currency.exponent;
    Ok(received
        .into_iter()
        .zip(additional)
        .map(|((mv, layer), cost)| Allocation {
            transfer_id: mv.transfer_id.unwrap_or_default(),
            move_id: mv.id,
            product_id: mv.product_id,
            quantity: layer.quantity,
            additional_cost: cost,
            former_unit_cost_e6: layer.unit_cost_e6,
            new_unit_cost_e6: layer.unit_cost_e6 + unit_cost_of(cost, layer.quantity, exponent),
        })
        .collect())
}

pub async fn create_landed_cost(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateLandedCost,
) -> ApiResult<LandedCostView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let mut validation = Validation::new();
    let date = date_or_today(&mut validation, "date", input.date.as_deref());
    let mut parts =
        check_parts(db, ctx, &mut validation, &input.transfer_ids, &input.costs).await?;
    check_vendor_bill(db, ctx, &mut validation, input.vendor_bill_id).await?;
    let notes = check_notes(&mut validation, input.notes);
    validation.finish()?;
    parts.allocations = allocate(db, ctx, &parts).await?;
    let now = arkan_kernel::time::now_micros();
    let landed = LandedCost {
        id: Uuid::now_v7(),
        number: None,
        state: LandedCostState::Draft,
        date,
        vendor_bill_id: input.vendor_bill_id,
        currency: ctx.currency.code.to_string(),
        amount_total: parts.costs.iter().map(|cost| cost.amount).sum(),
        journal_entry_id: None,
        notes,
        cancel_reason: None,
        posted_at: None,
        created_at: now,
        updated_at: now,
    };
    store::insert_landed_cost(db, ctx.company, &landed).await?;
    store::replace_landed_cost_parts(db, ctx.company, landed.id, &parts).await?;
    transaction.emit(ctx.company, events::LANDED_COST_CREATED, landed.id);
    let view = landed_cost_view(&*transaction, ctx, landed, parts).await?;
    transaction.commit().await?;
    Ok(view)
}

/// The company's landed cost, locked, and its parts; 404 when it has none.
async fn locked(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: LandedCostId,
) -> ApiResult<(LandedCost, LandedCostParts)> {
    let landed = store::landed_cost_by_id(db, ctx.company, id.0, true)
        .await?
        .ok_or_else(|| ApiError::not_found("landed cost"))?;
    let parts = store::landed_cost_parts(db, ctx.company, &[id.0])
        .await?
        .remove(&id.0)
        .unwrap_or_default();
    Ok((landed, parts))
}

fn require_draft(landed: &LandedCost) -> ApiResult<()> {
    if landed.state == LandedCostState::Draft {
        Ok(())
    } else {
        Err(errors::landed_cost_not_draft(landed.state))
    }
}

pub async fn update_landed_cost(
    platform: &Platform,
    ctx: &Ctx,
    id: LandedCostId,
    patch: UpdateLandedCost,
) -> ApiResult<LandedCostView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let (mut landed, parts) = locked(db, ctx, id).await?;
    require_draft(&landed)?;
    let mut validation = Validation::new();
    if let Some(date) = patch.date.as_deref() {
        landed.date = date_or_today(&mut validation, "date", Some(date));
    }
    let transfers = patch.transfer_ids.unwrap_or(parts.transfers);
    let costs: Vec<LandedCostInput> = match patch.costs {
        Some(costs) => costs,
        None => parts
            .costs
            .iter()
            .map(|cost| LandedCostInput {
                description: cost.description.clone(),
                amount: arkan_platform::extract::DecimalText(format_minor(
                    cost.amount,
                    ctx.currency.exponent,
                )),
                split_method: cost.split_method.as_str().to_owned(),
                account_id: cost.account_id,
            })
            .collect(),
    };
    let mut parts = check_parts(db, ctx, &mut validation, &transfers, &costs).await?;
    if let Some(bill) = patch.vendor_bill_id {
        check_vendor_bill(db, ctx, &mut validation, bill).await?;
        landed.vendor_bill_id = bill;
    }
    if let Some(notes) = patch.notes {
        landed.notes = check_notes(&mut validation, notes);
    }
    validation.finish()?;
    parts.allocations = allocate(db, ctx, &parts).await?;
    landed.amount_total = parts.costs.iter().map(|cost| cost.amount).sum();
    landed.updated_at = arkan_kernel::time::now_micros().max(landed.updated_at + 1);
    store::update_landed_cost(db, ctx.company, &landed).await?;
    store::replace_landed_cost_parts(db, ctx.company, landed.id, &parts).await?;
    transaction.emit(ctx.company, events::LANDED_COST_UPDATED, landed.id);
    let view = landed_cost_view(&*transaction, ctx, landed, parts).await?;
    transaction.commit().await?;
    Ok(view)
}

/// `draft -> posted`: numbered `LC/2026/00001` (gapless, by the landed cost's year), the
/// allocations computed once more and fixed, the layers and the entry written.
pub async fn post_landed_cost(
    platform: &Platform,
    ctx: &Ctx,
    id: LandedCostId,
) -> ApiResult<LandedCostView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let (mut landed, mut parts) = locked(&*transaction, ctx, id).await?;
    require_draft(&landed)?;
    parts.allocations = allocate(&*transaction, ctx, &parts).await?;
    let changes = {
        let mut stock = Stock::load(&transaction, ctx).await?;
        let year = landed.date.year().to_string();
        let sequence = store::take_number(
            &*transaction,
            ctx.company,
            &format!("{LANDED_COST_PREFIX}/{year}"),
        )
        .await?;
        let number = document_number(LANDED_COST_PREFIX, &year, sequence);
        stock
            .apply_landed_cost(&landed, &number, &parts.costs, &parts.allocations)
            .await?;
        landed.number = Some(number);
        stock.into_changes()
    };
    let settled = changes.settle(&mut transaction, ctx).await?;
    let now = arkan_kernel::time::now_micros();
    landed.state = LandedCostState::Posted;
    landed.journal_entry_id = settled.entries.first().copied();
    landed.posted_at = Some(now);
    landed.updated_at = now.max(landed.updated_at + 1);
    store::update_landed_cost(&*transaction, ctx.company, &landed).await?;
    store::replace_landed_cost_parts(&*transaction, ctx.company, landed.id, &parts).await?;
    transaction.emit(ctx.company, events::LANDED_COST_POSTED, landed.id);
    let view = landed_cost_view(&*transaction, ctx, landed, parts).await?;
    transaction.commit().await?;
    Ok(view)
}

/// `draft -> cancelled`, with the reason; a posted landed cost stays (409).
pub async fn cancel_landed_cost(
    platform: &Platform,
    ctx: &Ctx,
    id: LandedCostId,
    input: CancelLandedCost,
) -> ApiResult<LandedCostView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let (mut landed, parts) = locked(&*transaction, ctx, id).await?;
    require_draft(&landed)?;
    let mut validation = Validation::new();
    let reason = input.reason.filter(|reason| !reason.trim().is_empty());
    if reason
        .as_ref()
        .is_some_and(|reason| reason.chars().count() > 500)
    {
        validation.add("reason", "must be at most 500 characters");
    }
    validation.finish()?;
    landed.state = LandedCostState::Cancelled;
    landed.cancel_reason = reason;
    landed.updated_at = arkan_kernel::time::now_micros().max(landed.updated_at + 1);
    store::update_landed_cost(&*transaction, ctx.company, &landed).await?;
    transaction.emit(ctx.company, events::LANDED_COST_CANCELLED, landed.id);
    let view = landed_cost_view(&*transaction, ctx, landed, parts).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn delete_landed_cost(platform: &Platform, ctx: &Ctx, id: LandedCostId) -> ApiResult<()> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let (landed, _) = locked(&*transaction, ctx, id).await?;
    require_draft(&landed)?;
    store::delete_landed_cost(&*transaction, ctx.company, landed.id).await?;
    transaction.emit(ctx.company, events::LANDED_COST_DELETED, landed.id);
    transaction.commit().await?;
    Ok(())
}

pub async fn get_landed_cost(
    platform: &Platform,
    ctx: &Ctx,
    id: LandedCostId,
) -> ApiResult<LandedCostView> {
    let db = platform.db.connection();
    let landed = store::landed_cost_by_id(db, ctx.company, id.0, false)
        .await?
        .ok_or_else(|| ApiError::not_found("landed cost"))?;
    let parts = store::landed_cost_parts(db, ctx.company, &[id.0])
        .await?
        .remove(&id.0)
        .unwrap_or_default();
    landed_cost_view(db, ctx, landed, parts).await
}

pub async fn list_landed_costs(
    platform: &Platform,
    ctx: &Ctx,
    query: LandedCostListQuery,
) -> ApiResult<Page<LandedCostView>> {
    let filter = LandedCostFilter {
        state: filter_code(
            "state",
            query.state.as_deref(),
            LandedCostState::parse,
            LandedCostState::codes(),
        )?,
        vendor_bill_id: filter_id("vendor_bill_id", query.vendor_bill_id.as_deref())?,
        date_from: fields::optional_date("date_from", query.date_from.as_deref())?,
        date_to: fields::optional_date("date_to", query.date_to.as_deref())?,
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &LANDED_COST_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_landed_costs(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |landed| match page.sort.name {
        "date" => (SortValue::Text(format_date(landed.date)), landed.id),
        "number" => (
            SortValue::Text(landed.number.clone().unwrap_or_default()),
            landed.id,
        ),
        "amountTotal" => (SortValue::Integer(landed.amount_total), landed.id),
        _ => (SortValue::Integer(landed.created_at), landed.id),
    });
    let ids: Vec<Uuid> = page.data.iter().map(|landed| landed.id).collect();
    let mut parts = store::landed_cost_parts(db, ctx.company, &ids).await?;
    let mut views = Vec::with_capacity(page.data.len());
    for landed in page.data {
        let own = parts.remove(&landed.id).unwrap_or_default();
        views.push(landed_cost_view(db, ctx, landed, own).await?);
    }
    Ok(Page {
        data: views,
        meta: page.meta,
    })
}

async fn landed_cost_view(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    landed: LandedCost,
    parts: LandedCostParts,
) -> ApiResult<LandedCostView> {
    let exponent = ctx.currency.exponent;
    let ids: Vec<ProductId> = parts
        .allocations
        .iter()
        .map(|allocation| ProductId(allocation.product_id))
        .collect();
    let products: HashMap<ProductId, ProductFacts> =
        arkan_catalog::products::facts(db, ctx.company, &ids).await?;
    let decimals = |product: Uuid| {
        products
            .get(&ProductId(product))
            .map_or(4, |product| product.uom.decimals)
    };
    Ok(LandedCostView {
        id: landed.id,
        number: landed.number,
        state: landed.state.as_str().to_owned(),
        date: format_date(landed.date),
        transfer_ids: parts.transfers,
        vendor_bill_id: landed.vendor_bill_id,
        amount_total: format_minor(landed.amount_total, exponent),
        currency: landed.currency,
        costs: parts
            .costs
            .into_iter()
            .map(|cost| LandedCostLineView {
                description: cost.description,
                amount: format_minor(cost.amount, exponent),
                split_method: cost.split_method.as_str().to_owned(),
                account_id: cost.account_id,
            })
            .collect(),
        allocations: parts
            .allocations
            .into_iter()
            .map(|allocation| AllocationView {
                transfer_id: allocation.transfer_id,
                move_id: allocation.move_id,
                product_id: allocation.product_id,
                quantity: format_quantity(allocation.quantity, decimals(allocation.product_id)),
                additional_cost: format_minor(allocation.additional_cost, exponent),
                former_unit_cost: format_cost(allocation.former_unit_cost_e6),
                new_unit_cost: format_cost(allocation.new_unit_cost_e6),
            })
            .collect(),
        journal_entry_id: landed.journal_entry_id,
        notes: landed.notes,
        cancel_reason: landed.cancel_reason,
        posted_at: landed.posted_at.map(rfc3339),
        created_at: rfc3339(landed.created_at),
        updated_at: rfc3339(landed.updated_at),
    })
}
