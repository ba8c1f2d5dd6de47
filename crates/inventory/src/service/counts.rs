//! Cycle counts: a session over a warehouse (narrowed by locations, categories, products or
//! ABC class) whose lines are counted one by one; validation books the counted lines as one
//! adjustment.

use std::collections::{HashMap, HashSet};

use arkan_catalog::Tracking;
use arkan_catalog::products::ProductFacts;
use arkan_catalog::quantities::format as format_quantity;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::rfc3339;
use arkan_kernel::{CycleCountId, ProductCategoryId, ProductId, UserId};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::adjustments::{Counted, book, check_counted_lot, counted_quantity, settle_adjustment};
use super::engine::{ONE_UNIT, Stock};
use super::{filter_code, filter_id, name_of};
use crate::api::*;
use crate::domain::{AbcClass, CYCLE_COUNT_PREFIX, CycleCountState, LocationType, abc_classes};
use crate::store::{self, CountLine, CycleCount, CycleCountFilter, Holding, Location, Place};
use crate::{errors, events};

static CYCLE_COUNT_LIST: ListSpec = ListSpec {
    name: "inventory.cycle_counts",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "number",
            column: "number",
            kind: SortKind::Text,
        },
    ],
};

async fn count_views(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    counts: Vec<CycleCount>,
) -> ApiResult<Vec<CycleCountView>> {
    let ids: Vec<Uuid> = counts.iter().map(|count| count.id).collect();
    let mut lines = store::lines_of_counts(db, ctx.company, &ids).await?;
    let products: Vec<ProductId> = lines
        .values()
        .flatten()
        .map(|line| ProductId(line.product_id))
        .collect();
    let facts = arkan_catalog::products::facts(db, ctx.company, &products).await?;
    Ok(counts
        .into_iter()
        .map(|count| {
            let lines = lines
                .remove(&count.id)
                .unwrap_or_default()
                .into_iter()
                .map(|line| {
                    let product = facts.get(&ProductId(line.product_id));
                    let decimals = product.map_or(4, |product| product.uom.decimals);
                    CycleCountLineView {
                        id: line.id,
                        product_id: line.product_id,
                        location_id: line.location_id,
                        lot_number: line.lot_number,
                        uom: product.map_or_else(String::new, |product| product.uom.code.clone()),
                        expected_quantity: format_quantity(line.expected, decimals),
                        counted_quantity: line
                            .counted
                            .map(|counted| format_quantity(counted, decimals)),
                        difference: line
                            .counted
                            .map(|counted| format_quantity(counted - line.expected, decimals)),
                        counted: line.counted.is_some(),
                    }
                })
                .collect();
            CycleCountView {
                id: count.id,
                number: count.number,
                name: count.name,
                state: count.state.as_str().to_owned(),
                warehouse_id: count.warehouse_id,
                abc_class: count.abc_class.map(|class| class.as_str().to_owned()),
                assignee_id: count.assignee_id,
                lines,
                adjustment_id: count.adjustment_id,
                done_at: count.done_at.map(rfc3339),
                created_at: rfc3339(count.created_at),
                updated_at: rfc3339(count.updated_at),
            }
        })
        .collect())
}

async fn count_view(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    count: CycleCount,
) -> ApiResult<CycleCountView> {
    count_views(db, ctx, vec![count])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("a cycle count has no view"))
}

/// Records an error when the assignee is not a member of the company (membership is
/// identity's, read through the platform's `Directory` hook before the write).
async fn check_member(
    platform: &Platform,
    ctx: &Ctx,
    validation: &mut Validation,
    user: Option<Uuid>,
) -> ApiResult<()> {
    if let Some(user) = user
        && !platform.is_member(UserId(user), ctx.company).await?
    {
        validation.add("assigneeId", "must be a member of this company");
    }
    Ok(())
}

/// The locations `chosen` (each an internal location of the warehouse, 400 naming it
/// otherwise) and every location inside them; all the warehouse's internal locations when none
/// is chosen.
fn scope_of(
    validation: &mut Validation,
    internal: &[Location],
    chosen: Option<&[Uuid]>,
) -> Vec<Location> {
    let Some(chosen) = chosen.filter(|chosen| !chosen.is_empty()) else {
        return internal.to_vec();
    };
    let mut roots = Vec::new();
    for (index, id) in chosen.iter().enumerate() {
        match internal.iter().find(|location| location.id == *id) {
            Some(location) => roots.push(location.full_name.clone()),
            None => validation.add(
                format!("locationIds[{index}]"),
                "must be an internal location of the warehouse",
            ),
        }
    }
    internal
        .iter()
        .filter(|location| {
            roots.iter().any(|root| {
                location.full_name == *root || location.full_name.starts_with(&format!("{root}/"))
            })
        })
        .cloned()
        .collect()
}

/// The products of a category filter: those whose category is one of `categories` or under
/// one of them.
async fn in_categories(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    products: &HashMap<ProductId, ProductFacts>,
    categories: &HashSet<ProductCategoryId>,
) -> ApiResult<HashSet<ProductId>> {
    let mut chains: HashMap<ProductCategoryId, Vec<ProductCategoryId>> = HashMap::new();
    let mut chosen = HashSet::new();
    for product in products.values() {
        let Some(category) = product.category_id else {
            continue;
        };
        let chain = match chains.entry(category) {
            std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(arkan_catalog::categories::ancestors(db, ctx.company, category).await?)
            }
        };
        if chain.iter().any(|id| categories.contains(id)) {
            chosen.insert(product.id);
        }
    }
    Ok(chosen)
}

pub async fn create_cycle_count(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateCycleCount,
) -> ApiResult<CycleCountView> {
    ctx.require_write(Area::Inventory)?;
    let mut validation = Validation::new();
    check_member(platform, ctx, &mut validation, input.assignee_id).await?;
    let mut transaction = platform.db.write().await?;
    let mut stock = Stock::load(&transaction, ctx).await?;
    let db = stock.db;
    let warehouse = store::warehouse_by_id(db, ctx.company, input.warehouse_id).await?;
    if warehouse.is_none() {
        validation.add("warehouseId", "must be a warehouse of the company");
    }
    let abc = input
        .abc_class
        .as_deref()
        .and_then(|text| validation.code("abcClass", text, AbcClass::parse, AbcClass::codes));
    let name = input
        .name
        .as_deref()
        .map(|name| name_of(&mut validation, "name", name));
    let chosen_products: Vec<ProductId> = input
        .product_ids
        .iter()
        .flatten()
        .copied()
        .map(ProductId)
        .collect();
    let chosen_facts = arkan_catalog::products::facts(db, ctx.company, &chosen_products).await?;
    for (index, id) in chosen_products.iter().enumerate() {
        match chosen_facts.get(id) {
            None => validation.add(
                format!("productIds[{index}]"),
                "must be a product of the company",
            ),
            Some(product) if product.kind == arkan_catalog::ProductType::Service => validation.add(
                format!("productIds[{index}]"),
                "is a service: it has no stock",
            ),
            Some(_) => {}
        }
    }
    let mut categories = HashSet::new();
    for (index, id) in input.category_ids.iter().flatten().enumerate() {
        let chain =
            arkan_catalog::categories::ancestors(db, ctx.company, ProductCategoryId(*id)).await?;
        if chain.is_empty() {
            validation.add(
                format!("categoryIds[{index}]"),
                "must be a product category of the company",
            );
        }
        categories.insert(ProductCategoryId(*id));
    }
    let internal = match &warehouse {
        Some(warehouse) => store::internal_locations_of(db, ctx.company, warehouse.id).await?,
        None => Vec::new(),
    };
    let scope = scope_of(&mut validation, &internal, input.location_ids.as_deref());
    validation.finish()?;
    let warehouse = warehouse.ok_or_else(|| ApiError::internal("a checked warehouse is gone"))?;

    // What the books hold in the whole warehouse (for the ABC classes), then in the scope.
    let everywhere: Vec<Uuid> = internal.iter().map(|location| location.id).collect();
    let (by_product, by_lot) = store::holdings_at(db, ctx.company, &everywhere).await?;
    let held: Vec<ProductId> = by_product
        .iter()
        .map(|holding| ProductId(holding.product_id))
        .collect();
    let mut facts = arkan_catalog::products::facts(db, ctx.company, &held).await?;
    facts.extend(chosen_facts);
    let mut keep: Option<HashSet<ProductId>> = None;
    if !chosen_products.is_empty() {
        keep = Some(chosen_products.iter().copied().collect());
    }
    if !categories.is_empty() {
        let in_them = in_categories(db, ctx, &facts, &categories).await?;
        keep = Some(match keep {
            Some(kept) => kept.intersection(&in_them).copied().collect(),
            None => in_them,
        });
    }
    if let Some(class) = abc {
        let mut values: HashMap<ProductId, i128> = HashMap::new();
        for holding in &by_product {
            let cost = facts
                .get(&ProductId(holding.product_id))
                .map_or(0, |product| product.cost_e6);
            *values.entry(ProductId(holding.product_id)).or_default() +=
                i128::from(holding.on_hand) * i128::from(cost);
        }
        let of_class: HashSet<ProductId> = abc_classes(values.into_iter().collect())
            .into_iter()
            .filter(|(_, found)| *found == class)
            .map(|(product, _)| product)
            .collect();
        keep = Some(match keep {
            Some(kept) => kept.intersection(&of_class).copied().collect(),
            None => of_class,
        });
    }
    let in_scope: HashSet<Uuid> = scope.iter().map(|location| location.id).collect();
    let counted_here = |holding: &&Holding| {
        in_scope.contains(&holding.location_id)
            && keep
                .as_ref()
                .is_none_or(|kept| kept.contains(&ProductId(holding.product_id)))
    };
    let mut planned: Vec<(Uuid, Uuid, Option<String>, i64)> = Vec::new();
    for holding in by_product.iter().filter(counted_here) {
        let tracked = facts
            .get(&ProductId(holding.product_id))
            .is_some_and(|product| product.tracking != Tracking::None);
        if !tracked {
            planned.push((
                holding.product_id,
                holding.location_id,
                None,
                holding.on_hand,
            ));
        }
    }
    for holding in by_lot.iter().filter(counted_here) {
        planned.push((
            holding.product_id,
            holding.location_id,
            holding.lot_number.clone(),
            holding.on_hand,
        ));
    }
    // Products asked for by id that the scope does not hold are counted at its first place
    // (the stock location when it is in the scope): finding some is a variance too.
    let first_place = scope
        .iter()
        .find(|location| location.id == warehouse.stock_location_id)
        .or_else(|| scope.first())
        .map(|location| location.id);
    for id in &chosen_products {
        let untracked = facts
            .get(id)
            .is_some_and(|product| product.tracking == Tracking::None);
        if untracked
            && !planned.iter().any(|(product, ..)| *product == id.0)
            && let Some(place) = first_place
        {
            planned.push((id.0, place, None, 0));
        }
    }
    planned.sort_by(|left, right| (left.1, left.0, &left.2).cmp(&(right.1, right.0, &right.2)));

    let number = stock
        .next_number(Some(warehouse.id), CYCLE_COUNT_PREFIX)
        .await?;
    let count = CycleCount {
        id: Uuid::now_v7(),
        name: name.unwrap_or_else(|| number.clone()),
        number,
        state: CycleCountState::InProgress,
        warehouse_id: warehouse.id,
        abc_class: abc,
        assignee_id: input.assignee_id,
        adjustment_id: None,
        done_at: None,
        created_at: stock.now,
        updated_at: stock.now,
    };
    store::insert_cycle_count(db, ctx.company, &count).await?;
    for (position, (product_id, location_id, lot_number, expected)) in
        planned.into_iter().enumerate()
    {
        let line = CountLine {
            id: Uuid::now_v7(),
            count_id: count.id,
            position: i64::try_from(position).unwrap_or(i64::MAX),
            product_id,
            location_id,
            lot_number,
            expected,
            counted: None,
        };
        store::insert_count_line(db, ctx.company, &line).await?;
    }
    stock.events.push((events::CYCLE_COUNT_CREATED, count.id));
    stock.into_changes().settle(&mut transaction, ctx).await?;
    let view = count_view(&*transaction, ctx, count).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn list_cycle_counts(
    platform: &Platform,
    ctx: &Ctx,
    query: CycleCountListQuery,
) -> ApiResult<Page<CycleCountView>> {
    let filter = CycleCountFilter {
        state: filter_code(
            "state",
            query.state.as_deref(),
            CycleCountState::parse,
            CycleCountState::codes(),
        )?,
        warehouse_id: filter_id("warehouse_id", query.warehouse_id.as_deref())?,
        assignee_id: filter_id("assignee_id", query.assignee_id.as_deref())?,
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &CYCLE_COUNT_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_cycle_counts(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |count| match page.sort.name {
        "number" => (SortValue::Text(count.number.clone()), count.id),
        _ => (SortValue::Integer(count.created_at), count.id),
    });
    let views = count_views(db, ctx, page.data).await?;
    Ok(Page {
        data: views,
        meta: page.meta,
    })
}

pub async fn get_cycle_count(
    platform: &Platform,
    ctx: &Ctx,
    id: CycleCountId,
) -> ApiResult<CycleCountView> {
    let db = platform.db.connection();
    let count = store::cycle_count_by_id(db, ctx.company, id.0, false)
        .await?
        .ok_or_else(|| ApiError::not_found("cycle_count"))?;
    count_view(db, ctx, count).await
}

/// The session, locked, while it is in progress (409 otherwise).
async fn open_count(stock: &Stock<'_>, id: CycleCountId) -> ApiResult<CycleCount> {
    let count = store::cycle_count_by_id(stock.db, stock.company, id.0, true)
        .await?
        .ok_or_else(|| ApiError::not_found("cycle_count"))?;
    if count.state != CycleCountState::InProgress {
        return Err(errors::cycle_count_not_in_progress(count.state));
    }
    Ok(count)
}

/// A count to write: the line's id (none for a new line) and what to make it.
enum Tally {
    Line(Uuid, i64),
    New(CountLine),
}

pub async fn submit_counts(
    platform: &Platform,
    ctx: &Ctx,
    id: CycleCountId,
    input: SubmitCounts,
) -> ApiResult<CycleCountView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let mut stock = Stock::load(&transaction, ctx).await?;
    let mut count = open_count(&stock, id).await?;
    let db = stock.db;
    let lines = store::lines_of_counts(db, ctx.company, &[count.id])
        .await?
        .remove(&count.id)
        .unwrap_or_default();
    let internal = store::internal_locations_of(db, ctx.company, count.warehouse_id).await?;
    let mut validation = Validation::new();
    if input.counts.is_empty() {
        validation.add("counts", "must have at least one count");
    }
    let mut tallies: Vec<Tally> = Vec::new();
    let mut next_position = lines
        .iter()
        .map(|line| line.position + 1)
        .max()
        .unwrap_or(0);
    for (index, entry) in input.counts.iter().enumerate() {
        let prefix = format!("counts[{index}].");
        if let Some(line_id) = entry.line_id {
            let Some(line) = lines.iter().find(|line| line.id == line_id) else {
                validation.add(
                    format!("{prefix}lineId"),
                    "must be a line of the cycle count",
                );
                continue;
            };
            let Some((product, _)) = stock
                .check_product(&mut validation, &prefix, line.product_id, None)
                .await?
            else {
                continue;
            };
            let Some(counted) = counted_quantity(
                &mut validation,
                &format!("{prefix}countedQuantity"),
                &entry.counted_quantity.0,
                &product.uom,
                &product,
            ) else {
                continue;
            };
            if product.tracking == Tracking::Serial && counted != 0 && counted != ONE_UNIT {
                validation.add(
                    format!("{prefix}countedQuantity"),
                    "must be 0 or 1 unit (a serial number)",
                );
                continue;
            }
            tallies.push(Tally::Line(line.id, counted));
            continue;
        }
        let (Some(product_id), Some(location_id)) = (entry.product_id, entry.location_id) else {
            if entry.product_id.is_none() {
                validation.add(format!("{prefix}productId"), "is required without a lineId");
            }
            if entry.location_id.is_none() {
                validation.add(
                    format!("{prefix}locationId"),
                    "is required without a lineId",
                );
            }
            continue;
        };
        if !internal.iter().any(|location| location.id == location_id) {
            validation.add(
                format!("{prefix}locationId"),
                "must be an internal location of the warehouse",
            );
            continue;
        }
        let Some((product, _)) = stock
            .check_product(&mut validation, &prefix, product_id, None)
            .await?
        else {
            continue;
        };
        let Some(counted) = counted_quantity(
            &mut validation,
            &format!("{prefix}countedQuantity"),
            &entry.counted_quantity.0,
            &product.uom,
            &product,
        ) else {
            continue;
        };
        let Some(lot_number) = check_counted_lot(
            &mut validation,
            &prefix,
            &product,
            entry.lot_number.as_deref(),
            counted,
        ) else {
            continue;
        };
        let known = lines.iter().find(|line| {
            line.product_id == product_id
                && line.location_id == location_id
                && line.lot_number == lot_number
        });
        if let Some(line) = known {
            tallies.push(Tally::Line(line.id, counted));
            continue;
        }
        let place = Place {
            product: product_id,
            location: location_id,
        };
        let expected = match &lot_number {
            Some(lot) => store::lot_on_hand_at(db, ctx.company, place, lot).await?,
            None => store::on_hand_at(db, ctx.company, place).await?.on_hand,
        };
        let already = tallies.iter_mut().find_map(|tally| match tally {
            Tally::New(line)
                if line.product_id == product_id
                    && line.location_id == location_id
                    && line.lot_number == lot_number =>
            {
                Some(line)
            }
            _ => None,
        });
        match already {
            Some(line) => line.counted = Some(counted),
            None => {
                tallies.push(Tally::New(CountLine {
                    id: Uuid::now_v7(),
                    count_id: count.id,
                    position: next_position,
                    product_id,
                    location_id,
                    lot_number,
                    expected,
                    counted: Some(counted),
                }));
                next_position += 1;
            }
        }
    }
    validation.finish()?;
    for tally in tallies {
        match tally {
            Tally::Line(line, counted) => {
                store::set_line_counted(db, ctx.company, line, counted).await?;
            }
            Tally::New(line) => store::insert_count_line(db, ctx.company, &line).await?,
        }
    }
    count.updated_at = stock.now;
    store::update_cycle_count(db, ctx.company, &count).await?;
    stock.events.push((events::CYCLE_COUNT_UPDATED, count.id));
    stock.into_changes().settle(&mut transaction, ctx).await?;
    let view = count_view(&*transaction, ctx, count).await?;
    transaction.commit().await?;
    Ok(view)
}

/// `in_progress -> done`: the counted lines become one adjustment (each difference read from
/// the books now); lines not counted are left out.
pub async fn validate_cycle_count(
    platform: &Platform,
    ctx: &Ctx,
    id: CycleCountId,
) -> ApiResult<CycleCountView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let mut stock = Stock::load(&transaction, ctx).await?;
    let mut count = open_count(&stock, id).await?;
    let lines = store::lines_of_counts(stock.db, ctx.company, &[count.id])
        .await?
        .remove(&count.id)
        .unwrap_or_default();
    let warehouse = store::warehouse_by_id(stock.db, ctx.company, count.warehouse_id)
        .await?
        .ok_or_else(|| ApiError::internal("a cycle count's warehouse is gone"))?;
    let mut counted = Vec::new();
    for line in lines {
        let Some(quantity) = line.counted else {
            continue;
        };
        let product = stock
            .product(line.product_id)
            .await?
            .ok_or_else(|| ApiError::internal("a counted product is gone"))?;
        let location = stock
            .location(line.location_id)
            .await?
            .ok_or_else(|| ApiError::internal("a counted location is gone"))?;
        if location.kind != LocationType::Internal {
            return Err(ApiError::internal("a counted location is not internal"));
        }
        counted.push(Counted {
            product,
            location,
            lot_number: line.lot_number,
            counted: quantity,
        });
    }
    if counted.is_empty() {
        return Err(ApiError::invalid_field(
            "lines",
            "no line is counted: submit counts first, or cancel the session",
        ));
    }
    let header = stock
        .location(warehouse.view_location_id)
        .await?
        .ok_or_else(|| ApiError::internal("a warehouse's view location is gone"))?;
    let reason = Some(format!("Cycle count {}", count.number));
    let date = chrono::Utc::now().date_naive();
    let (mut adjustment, _) = book(&mut stock, &header, date, reason, counted).await?;
    count.state = CycleCountState::Done;
    count.adjustment_id = Some(adjustment.id);
    count.done_at = Some(stock.now);
    count.updated_at = stock.now;
    store::update_cycle_count(stock.db, ctx.company, &count).await?;
    stock.events.push((events::CYCLE_COUNT_VALIDATED, count.id));
    let changes = stock.into_changes();
    settle_adjustment(changes, &mut transaction, ctx, &mut adjustment).await?;
    let view = count_view(&*transaction, ctx, count).await?;
    transaction.commit().await?;
    Ok(view)
}

/// `in_progress -> cancelled`: nothing is booked.
pub async fn cancel_cycle_count(
    platform: &Platform,
    ctx: &Ctx,
    id: CycleCountId,
) -> ApiResult<CycleCountView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let stock = Stock::load(&transaction, ctx).await?;
    let mut count = open_count(&stock, id).await?;
    count.state = CycleCountState::Cancelled;
    count.updated_at = stock.now;
    store::update_cycle_count(stock.db, ctx.company, &count).await?;
    drop(stock);
    transaction.emit(ctx.company, events::CYCLE_COUNT_CANCELLED, count.id);
    let view = count_view(&*transaction, ctx, count).await?;
    transaction.commit().await?;
    Ok(view)
}

/// Renames a session in progress or changes its assignee.
pub async fn update_cycle_count(
    platform: &Platform,
    ctx: &Ctx,
    id: CycleCountId,
    patch: UpdateCycleCount,
) -> ApiResult<CycleCountView> {
    ctx.require_write(Area::Inventory)?;
    let mut validation = Validation::new();
    let name = patch
        .name
        .as_deref()
        .map(|name| name_of(&mut validation, "name", name));
    check_member(platform, ctx, &mut validation, patch.assignee_id.flatten()).await?;
    let mut transaction = platform.db.write().await?;
    let stock = Stock::load(&transaction, ctx).await?;
    let mut count = open_count(&stock, id).await?;
    validation.finish()?;
    if let Some(name) = name {
        count.name = name;
    }
    if let Some(assignee) = patch.assignee_id {
        count.assignee_id = assignee;
    }
    count.updated_at = stock.now;
    store::update_cycle_count(stock.db, ctx.company, &count).await?;
    drop(stock);
    transaction.emit(ctx.company, events::CYCLE_COUNT_UPDATED, count.id);
    let view = count_view(&*transaction, ctx, count).await?;
    transaction.commit().await?;
    Ok(view)
}

/// Deletes a session in progress (nothing was booked); a done or cancelled one stays.
pub async fn delete_cycle_count(platform: &Platform, ctx: &Ctx, id: CycleCountId) -> ApiResult<()> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let stock = Stock::load(&transaction, ctx).await?;
    let count = open_count(&stock, id).await?;
    store::delete_cycle_count(stock.db, ctx.company, count.id).await?;
    drop(stock);
    transaction.emit(ctx.company, events::CYCLE_COUNT_DELETED, count.id);
    transaction.commit().await?;
    Ok(())
}
