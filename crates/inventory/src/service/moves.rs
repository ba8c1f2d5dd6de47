//! Stock moves: create (optionally done at once), confirm, assign, done (with a backorder for
//! the rest), cancel; list and read.

use std::collections::HashMap;

use arkan_catalog::uoms::Uom;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::Written;
use arkan_kernel::time::rfc3339;
use arkan_kernel::{CompanyId, Currency, PartnerId, StockMoveId, format_minor, parse_minor};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::engine::{MovePlan, Stock};
use super::valuation::Changes;
use super::{filter_code, filter_id};
use crate::api::*;
use crate::domain::MoveState;
use crate::store::{self, Move, MoveFilter, MoveLot};
use arkan_catalog::quantities::format as format_quantity;

static MOVE_LIST: ListSpec = ListSpec {
    name: "inventory.moves",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "date",
            column: "date",
            kind: SortKind::Date,
        },
    ],
};

/// Decimals of unit costs: millionths of the currency.
const COST_EXPONENT: u8 = 6;

/// A unit cost as the API writes it: trimmed (`"12.5"`).
pub(crate) fn format_cost(cost_e6: i64) -> String {
    written_cost(cost_e6).to_string()
}

/// [`format_cost`]'s text, written where it is serialized (a report's many rows).
pub(crate) fn written_cost(cost_e6: i64) -> Written {
    Written::trimmed(cost_e6, COST_EXPONENT)
}

/// Quantity (ten-thousandths) times unit cost (millionths), in minor units of the currency.
pub(crate) fn value_minor(quantity_e4: i64, cost_e6: i64, currency: Currency) -> i64 {
    crate::domain::value_of(quantity_e4, cost_e6, currency.exponent)
}

/// The units of these moves, by code, for their views.
pub(crate) async fn units_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    codes: Vec<String>,
) -> ApiResult<HashMap<String, Uom>> {
    let mut units = HashMap::new();
    for code in codes {
        if !units.contains_key(&code)
            && let Some(uom) = arkan_catalog::uoms::by_code(db, company, &code).await?
        {
            units.insert(code, uom);
        }
    }
    Ok(units)
}

pub(crate) fn lot_views(lots: &[MoveLot], decimals: u8) -> Vec<LotQuantityView> {
    lots.iter()
        .map(|lot| LotQuantityView {
            lot_number: lot.lot_number.clone(),
            quantity: format_quantity(lot.quantity, decimals),
        })
        .collect()
}

pub(crate) fn move_view(
    mv: Move,
    lots: &[MoveLot],
    units: &HashMap<String, Uom>,
    cost_e6: i64,
    currency: Currency,
) -> MoveView {
    let decimals = units.get(&mv.uom).map_or(4, |uom| uom.decimals);
    let cost = mv.unit_cost_e6.unwrap_or(cost_e6);
    let counted = if mv.state == MoveState::Done {
        mv.done
    } else {
        mv.quantity
    };
    MoveView {
        id: mv.id,
        product_id: mv.product_id,
        quantity: format_quantity(mv.quantity, decimals),
        uom: mv.uom,
        source_location_id: mv.source_location_id,
        destination_location_id: mv.destination_location_id,
        date: format_date(mv.date),
        reference: mv.reference,
        description: mv.description,
        partner_id: mv.partner_id,
        lots: lot_views(lots, decimals),
        state: mv.state.as_str().to_owned(),
        reserved_quantity: format_quantity(mv.reserved, decimals),
        quantity_done: format_quantity(mv.done, decimals),
        transfer_id: mv.transfer_id,
        backorder_id: mv.backorder_id,
        unit_cost: format_cost(cost),
        value: format_minor(value_minor(counted, cost, currency), currency.exponent),
        journal_entry_id: mv.journal_entry_id,
        done_at: mv.done_at.map(rfc3339),
        created_at: rfc3339(mv.created_at),
        updated_at: rfc3339(mv.updated_at),
    }
}

/// The views of moves read in one go (their lots, units and products' costs).
pub(crate) async fn move_views(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    moves: Vec<Move>,
) -> ApiResult<Vec<MoveView>> {
    let ids: Vec<Uuid> = moves.iter().map(|mv| mv.id).collect();
    let mut lots = store::lots_of_moves(db, ctx.company, &ids).await?;
    let units = units_of(
        db,
        ctx.company,
        moves.iter().map(|mv| mv.uom.clone()).collect(),
    )
    .await?;
    let products: Vec<arkan_kernel::ProductId> = moves
        .iter()
        .map(|mv| arkan_kernel::ProductId(mv.product_id))
        .collect();
    let facts = arkan_catalog::products::facts(db, ctx.company, &products).await?;
    Ok(moves
        .into_iter()
        .map(|mv| {
            let cost = facts
                .get(&arkan_kernel::ProductId(mv.product_id))
                .map_or(0, |product| product.cost_e6);
            let lots = lots.remove(&mv.id).unwrap_or_default();
            move_view(mv, &lots, &units, cost, ctx.currency)
        })
        .collect())
}

async fn one_view(db: &impl ConnectionTrait, ctx: &Ctx, mv: Move) -> ApiResult<MoveView> {
    move_views(db, ctx, vec![mv])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("a move has no view"))
}

/// The view of a move the stock engine has just written, from what the engine read for it (its
/// product, with the cost valuation gave it, and its unit): only its lots are read, and only
/// for a tracked product. The engine holds the move's stock rows until the commit, so every
/// read here is time other moves of the product wait.
async fn engine_view(stock: &mut Stock<'_>, ctx: &Ctx, mv: Move) -> ApiResult<MoveView> {
    let product = stock.product(mv.product_id).await?;
    let lots = match &product {
        Some(product) if product.tracking != arkan_catalog::Tracking::None => {
            store::lots_of_moves(stock.db, ctx.company, &[mv.id])
                .await?
                .remove(&mv.id)
                .unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let units: HashMap<String, Uom> = stock
        .uom(&mv.uom)
        .await?
        .map(|unit| (mv.uom.clone(), unit))
        .into_iter()
        .collect();
    let cost = product.map_or(0, |product| product.cost_e6);
    Ok(move_view(mv, &lots, &units, cost, ctx.currency))
}

/// Posts what the stock engine planned and commits, answering with the move's view (made
/// before: from the posting's first shared row to the commit every other posting of the
/// company waits on the ledger's chain row, so nothing that can come earlier runs there).
async fn settled_view(
    mut transaction: WriteTransaction,
    ctx: &Ctx,
    changes: Changes,
    mut view: MoveView,
) -> ApiResult<MoveView> {
    let settled = changes.settle(&mut transaction, ctx).await?;
    if let Some(entry) = settled.by_move.get(&view.id) {
        view.journal_entry_id = Some(*entry);
    }
    transaction.commit().await?;
    Ok(view)
}

/// A unit cost: a decimal of at most six places, not negative.
pub(crate) fn parse_cost(validation: &mut Validation, field: &str, text: &str) -> Option<i64> {
    match parse_minor(text, COST_EXPONENT) {
        Ok(cost) if cost >= 0 => Some(cost),
        Ok(_) => {
            validation.add(field, "must not be negative");
            None
        }
        Err(error) => {
            validation.add(field, error.to_string());
            None
        }
    }
}

/// The partner a move or transfer names, checked as a partner of the company.
pub(crate) async fn check_partner(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    partner: Option<Uuid>,
) -> ApiResult<()> {
    if let Some(partner) = partner {
        let known = arkan_crm::partners::names(db, ctx.company, &[PartnerId(partner)]).await?;
        if known.is_empty() {
            validation.add("partnerId", "must be a partner of the company");
        }
    }
    Ok(())
}

/// The date of a document: the given one, or today.
pub(crate) fn date_or_today(
    validation: &mut Validation,
    field: &str,
    text: Option<&str>,
) -> chrono::NaiveDate {
    match text {
        Some(text) => fields::parse_date(validation, field, text)
            .unwrap_or_else(|| chrono::Utc::now().date_naive()),
        None => chrono::Utc::now().date_naive(),
    }
}

pub async fn create_move(platform: &Platform, ctx: &Ctx, input: CreateMove) -> ApiResult<MoveView> {
    ctx.require_write(Area::Inventory)?;
    let transaction = platform.db.write().await?;
    let mut stock = Stock::load(&transaction, ctx).await?;
    let mut validation = Validation::new();
    let line = stock
        .check_line(
            &mut validation,
            "",
            input.product_id,
            &input.quantity.0,
            input.uom.as_deref(),
        )
        .await?;
    let source = stock
        .location_for(
            &mut validation,
            "sourceLocationId",
            input.source_location_id,
        )
        .await?;
    stock
        .location_for(
            &mut validation,
            "destinationLocationId",
            input.destination_location_id,
        )
        .await?;
    if input.source_location_id == input.destination_location_id {
        validation.add("destinationLocationId", "must differ from the source");
    }
    let date = date_or_today(&mut validation, "date", input.date.as_deref());
    let unit_cost = input
        .unit_cost
        .as_ref()
        .and_then(|cost| parse_cost(&mut validation, "unitCost", &cost.0));
    check_partner(&*transaction, ctx, &mut validation, input.partner_id).await?;
    let lots = match &line {
        Some((product, uom, _)) => {
            stock
                .check_lots(
                    &mut validation,
                    "",
                    product,
                    uom,
                    source.as_ref(),
                    input.lots.as_deref(),
                )
                .await?
        }
        None => Vec::new(),
    };
    validation.finish()?;
    let (_, uom, quantity) = line.ok_or_else(|| ApiError::internal("a checked line is missing"))?;
    let plan = MovePlan {
        product_id: input.product_id,
        quantity,
        uom: uom.code,
        source: input.source_location_id,
        destination: input.destination_location_id,
        date,
        reference: fields::clean(input.reference),
        description: fields::clean(input.description),
        partner_id: input.partner_id,
        unit_cost_e6: unit_cost,
        transfer_id: None,
        lots,
    };
    stock.entry_per_move = true;
    let mv = if input.validate.unwrap_or(false) {
        stock.move_now(plan).await?
    } else {
        stock.create(plan).await?
    };
    let view = engine_view(&mut stock, ctx, mv).await?;
    let changes = stock.into_changes();
    settled_view(transaction, ctx, changes, view).await
}

pub async fn list_moves(
    platform: &Platform,
    ctx: &Ctx,
    query: MoveListQuery,
) -> ApiResult<Page<MoveView>> {
    let filter = MoveFilter {
        state: filter_code(
            "state",
            query.state.as_deref(),
            MoveState::parse,
            MoveState::codes(),
        )?,
        product_id: filter_id("product_id", query.product_id.as_deref())?,
        location_id: filter_id("location_id", query.location_id.as_deref())?,
        transfer_id: filter_id("transfer_id", query.transfer_id.as_deref())?,
        partner_id: filter_id("partner_id", query.partner_id.as_deref())?,
        date_from: fields::optional_date("date_from", query.date_from.as_deref())?,
        date_to: fields::optional_date("date_to", query.date_to.as_deref())?,
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &MOVE_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_moves(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |mv| match page.sort.name {
        "date" => (SortValue::Text(fields::format_date(mv.date)), mv.id),
        _ => (SortValue::Integer(mv.created_at), mv.id),
    });
    let views = move_views(db, ctx, page.data).await?;
    Ok(Page {
        data: views,
        meta: page.meta,
    })
}

pub async fn get_move(platform: &Platform, ctx: &Ctx, id: StockMoveId) -> ApiResult<MoveView> {
    let db = platform.db.connection();
    let mv = store::move_by_id(db, ctx.company, id.0, false)
        .await?
        .ok_or_else(|| ApiError::not_found("stock_move"))?;
    one_view(db, ctx, mv).await
}

/// What a transition of one move does, inside its transaction.
enum Step {
    Confirm,
    Assign,
    Done(DoneMove),
    Cancel,
}

async fn transition(
    platform: &Platform,
    ctx: &Ctx,
    id: StockMoveId,
    step: Step,
) -> ApiResult<MoveView> {
    ctx.require_write(Area::Inventory)?;
    let transaction = platform.db.write().await?;
    let mut mv = store::move_by_id(&*transaction, ctx.company, id.0, true)
        .await?
        .ok_or_else(|| ApiError::not_found("stock_move"))?;
    let mut stock = Stock::load(&transaction, ctx).await?;
    match step {
        Step::Confirm => stock.confirm(&mut mv).await?,
        Step::Assign => {
            if !mv.state.is_open() {
                return Err(crate::errors::stock_move_not_open(mv.state));
            }
            if mv.state == MoveState::Draft {
                stock.confirm(&mut mv).await?;
            } else {
                stock.reserve(&mut mv).await?;
            }
        }
        Step::Done(input) => {
            if !mv.state.is_open() {
                return Err(crate::errors::stock_move_not_open(mv.state));
            }
            let mut validation = Validation::new();
            let product = stock.product(mv.product_id).await?;
            let unit = stock.uom(&mv.uom).await?;
            let (Some(product), Some(unit)) = (product, unit) else {
                return Err(ApiError::internal("a move's product or unit is gone"));
            };
            let done = input.quantity.as_ref().and_then(|quantity| {
                super::positive_quantity(&mut validation, "quantity", &quantity.0, unit.decimals)
            });
            let source = stock.location(mv.source_location_id).await?;
            let lots = stock
                .check_lots(
                    &mut validation,
                    "",
                    &product,
                    &unit,
                    source.as_ref(),
                    input.lots.as_deref(),
                )
                .await?;
            validation.finish()?;
            if mv.state == MoveState::Draft {
                stock.confirm(&mut mv).await?;
            }
            let lots = if lots.is_empty() { None } else { Some(lots) };
            let rest = stock.complete(&mut mv, done, lots).await?;
            if rest > 0 {
                let transfer = mv.transfer_id;
                stock.backorder(&mut mv, rest, transfer).await?;
            }
        }
        Step::Cancel => stock.cancel(&mut mv).await?,
    }
    let view = engine_view(&mut stock, ctx, mv).await?;
    let changes = stock.into_changes();
    settled_view(transaction, ctx, changes, view).await
}

/// `draft -> confirmed`, and `-> assigned` when the source has the quantity free.
pub async fn confirm_move(platform: &Platform, ctx: &Ctx, id: StockMoveId) -> ApiResult<MoveView> {
    transition(platform, ctx, id, Step::Confirm).await
}

/// Tries the reservation again (a draft is confirmed first).
pub async fn assign_move(platform: &Platform, ctx: &Ctx, id: StockMoveId) -> ApiResult<MoveView> {
    transition(platform, ctx, id, Step::Assign).await
}

/// Does the move (or part of it: the rest becomes a backorder move).
pub async fn done_move(
    platform: &Platform,
    ctx: &Ctx,
    id: StockMoveId,
    input: DoneMove,
) -> ApiResult<MoveView> {
    transition(platform, ctx, id, Step::Done(input)).await
}

pub async fn cancel_move(platform: &Platform, ctx: &Ctx, id: StockMoveId) -> ApiResult<MoveView> {
    transition(platform, ctx, id, Step::Cancel).await
}
