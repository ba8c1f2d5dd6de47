//! Scrap orders (stock taken out of an internal location into scrap, with a reason, done when
//! made), the scrap reasons, and the scanned quick move.

use arkan_catalog::quantities::format as format_quantity;
use arkan_catalog::{ProductType, Tracking};
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::rfc3339;
use arkan_kernel::{ProductId, ScrapId, format_minor};
use arkan_platform::error::{ApiError, ApiResult, Validation, is_unique_violation};
use arkan_platform::extract::DecimalText;
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::engine::{MovePlan, ONE_UNIT, Stock};
use super::filter_id;
use super::moves::{date_or_today, value_minor};
use crate::api::*;
use crate::domain::{LocationType, SCRAP_PREFIX, STANDARD_SCRAP_REASONS};
use crate::store::{self, MoveLot, Scrap, ScrapFilter};
use crate::{errors, events};

static SCRAP_LIST: ListSpec = ListSpec {
    name: "inventory.scrap",
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
    ],
};

async fn scrap_views(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    scraps: Vec<Scrap>,
) -> ApiResult<Vec<ScrapView>> {
    let products: Vec<ProductId> = scraps
        .iter()
        .map(|scrap| ProductId(scrap.product_id))
        .collect();
    let facts = arkan_catalog::products::facts(db, ctx.company, &products).await?;
    let units = super::moves::units_of(
        db,
        ctx.company,
        scraps.iter().map(|scrap| scrap.uom.clone()).collect(),
    )
    .await?;
    Ok(scraps
        .into_iter()
        .map(|scrap| {
            let product = facts.get(&ProductId(scrap.product_id));
            let decimals = units.get(&scrap.uom).map_or(4, |uom| uom.decimals);
            // The value is the product's cost of the quantity in the product's unit.
            let in_product_unit = match (units.get(&scrap.uom), product) {
                (Some(uom), Some(product)) => {
                    arkan_catalog::uoms::convert(scrap.quantity, uom, &product.uom).unwrap_or(0)
                }
                _ => 0,
            };
            let cost = product.map_or(0, |product| product.cost_e6);
            ScrapView {
                id: scrap.id,
                number: scrap.number,
                state: "done".to_owned(),
                product_id: scrap.product_id,
                quantity: format_quantity(scrap.quantity, decimals),
                uom: scrap.uom,
                location_id: scrap.location_id,
                scrap_location_id: scrap.scrap_location_id,
                reason: scrap.reason,
                lot_number: scrap.lot_number,
                notes: scrap.notes,
                date: format_date(scrap.date),
                move_id: scrap.move_id,
                value: format_minor(
                    value_minor(in_product_unit, cost, ctx.currency),
                    ctx.currency.exponent,
                ),
                created_at: rfc3339(scrap.created_at),
                updated_at: rfc3339(scrap.updated_at),
            }
        })
        .collect())
}

async fn scrap_view(db: &impl ConnectionTrait, ctx: &Ctx, scrap: Scrap) -> ApiResult<ScrapView> {
    scrap_views(db, ctx, vec![scrap])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("a scrap order has no view"))
}

/// The standard reasons, then the company's own.
async fn reasons_of(db: &impl ConnectionTrait, ctx: &Ctx) -> ApiResult<Vec<ScrapReasonView>> {
    let mut reasons: Vec<ScrapReasonView> = STANDARD_SCRAP_REASONS
        .iter()
        .map(|(code, name)| ScrapReasonView {
            code: (*code).to_owned(),
            name: (*name).to_owned(),
            standard: true,
        })
        .collect();
    for (code, name) in store::scrap_reasons(db, ctx.company).await? {
        reasons.push(ScrapReasonView {
            code,
            name,
            standard: false,
        });
    }
    Ok(reasons)
}

pub async fn create_scrap(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateScrap,
) -> ApiResult<ScrapView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
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
    let location = stock
        .internal_location_for(&mut validation, "locationId", input.location_id)
        .await?;
    let reason = input.reason.trim().to_owned();
    let reasons = reasons_of(&*transaction, ctx).await?;
    if !reasons.iter().any(|known| known.code == reason) {
        validation.add(
            "reason",
            "must be a scrap reason's code (GET /inventory/scrap/reasons)",
        );
    }
    let date = date_or_today(&mut validation, "date", input.date.as_deref());
    let notes = fields::clean(input.notes);
    let lot_number = input
        .lot_number
        .as_deref()
        .map(str::trim)
        .filter(|lot| !lot.is_empty())
        .map(str::to_owned);
    let lots = match (&line, &lot_number) {
        (Some((product, uom, quantity)), lot) => {
            if product.tracking == Tracking::None && lot.is_some() {
                validation.add(
                    "lotNumber",
                    "the product is not tracked by lot or serial number",
                );
                Vec::new()
            } else if product.tracking != Tracking::None && lot.is_none() {
                validation.add(
                    "lotNumber",
                    "is required: the product is tracked by lot or serial number",
                );
                Vec::new()
            } else if let Some(lot) = lot {
                let known = store::lot_by_number(stock.db, ctx.company, product.id.0, lot).await?;
                if lot.chars().count() > 100 {
                    validation.add("lotNumber", "must be 1 to 100 characters");
                    Vec::new()
                } else if product.tracking == Tracking::Serial
                    && arkan_catalog::uoms::convert(*quantity, uom, &product.uom) != Some(ONE_UNIT)
                {
                    validation.add("quantity", "must be one unit (a serial number)");
                    Vec::new()
                } else if let Some(lot_id) = known {
                    vec![MoveLot {
                        lot_id,
                        lot_number: lot.clone(),
                        quantity: *quantity,
                    }]
                } else {
                    validation.add("lotNumber", "is not a lot of the product");
                    Vec::new()
                }
            } else {
                Vec::new()
            }
        }
        (None, _) => Vec::new(),
    };
    validation.finish()?;
    let (Some((product, uom, quantity)), Some(location)) = (line, location) else {
        return Err(ApiError::internal("a checked scrap is missing its parts"));
    };
    let number = stock
        .next_number(location.warehouse_id, SCRAP_PREFIX)
        .await?;
    let scrap_location = stock.settings.scrap_location_id;
    stock.entry_per_move = true;
    let mv = stock
        .move_now(MovePlan {
            product_id: product.id.0,
            quantity,
            uom: uom.code.clone(),
            source: location.id,
            destination: scrap_location,
            date,
            reference: Some(number.clone()),
            description: Some(product.name.clone()),
            partner_id: None,
            unit_cost_e6: None,
            transfer_id: None,
            lots,
        })
        .await?;
    let scrap = Scrap {
        id: Uuid::now_v7(),
        number,
        product_id: product.id.0,
        uom: uom.code,
        quantity,
        location_id: location.id,
        scrap_location_id: scrap_location,
        reason,
        lot_number,
        notes,
        date,
        move_id: mv.id,
        created_at: stock.now,
        updated_at: stock.now,
    };
    store::insert_scrap(stock.db, ctx.company, &scrap).await?;
    stock.events.push((events::SCRAP_CREATED, scrap.id));
    stock.into_changes().settle(&mut transaction, ctx).await?;
    let view = scrap_view(&*transaction, ctx, scrap).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn list_scraps(
    platform: &Platform,
    ctx: &Ctx,
    query: ScrapListQuery,
) -> ApiResult<Page<ScrapView>> {
    let filter = ScrapFilter {
        product_id: filter_id("product_id", query.product_id.as_deref())?,
        location_id: filter_id("location_id", query.location_id.as_deref())?,
        reason: query.reason.filter(|reason| !reason.trim().is_empty()),
        date_from: fields::optional_date("date_from", query.date_from.as_deref())?,
        date_to: fields::optional_date("date_to", query.date_to.as_deref())?,
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &SCRAP_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_scraps(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |scrap| match page.sort.name {
        "date" => (SortValue::Text(format_date(scrap.date)), scrap.id),
        "number" => (SortValue::Text(scrap.number.clone()), scrap.id),
        _ => (SortValue::Integer(scrap.created_at), scrap.id),
    });
    let views = scrap_views(db, ctx, page.data).await?;
    Ok(Page {
        data: views,
        meta: page.meta,
    })
}

pub async fn get_scrap(platform: &Platform, ctx: &Ctx, id: ScrapId) -> ApiResult<ScrapView> {
    let db = platform.db.connection();
    let scrap = store::scrap_by_id(db, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("scrap"))?;
    scrap_view(db, ctx, scrap).await
}

/// A scrap order is done when made: editing or deleting it is a 409 (404 when unknown).
pub async fn change_scrap(platform: &Platform, ctx: &Ctx, id: ScrapId) -> ApiResult<()> {
    ctx.require_write(Area::Inventory)?;
    store::scrap_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("scrap"))?;
    Err(errors::scrap_not_draft())
}

pub async fn list_scrap_reasons(platform: &Platform, ctx: &Ctx) -> ApiResult<ScrapReasonList> {
    Ok(ScrapReasonList {
        data: reasons_of(platform.db.connection(), ctx).await?,
    })
}

pub async fn create_scrap_reason(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateScrapReason,
) -> ApiResult<ScrapReasonView> {
    ctx.require_write(Area::Inventory)?;
    let mut validation = Validation::new();
    let code = input.code.trim().to_owned();
    if code.is_empty()
        || code.len() > 32
        || !code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        validation.add("code", "must be 1 to 32 lowercase letters, digits or _");
    }
    let name = super::name_of(&mut validation, "name", &input.name);
    validation.finish()?;
    if STANDARD_SCRAP_REASONS
        .iter()
        .any(|(standard, _)| *standard == code)
    {
        return Err(errors::scrap_reason_code_taken());
    }
    let transaction = platform.db.write().await?;
    store::insert_scrap_reason(
        &*transaction,
        ctx.company,
        &code,
        &name,
        arkan_kernel::time::now_micros(),
    )
    .await
    .map_err(|error| {
        if is_unique_violation(&error) {
            errors::scrap_reason_code_taken()
        } else {
            error.into()
        }
    })?;
    transaction.commit().await?;
    Ok(ScrapReasonView {
        code,
        name,
        standard: false,
    })
}

/// A move by scanned codes, done at once: the product by barcode, then by SKU; the locations
/// by barcode; an unknown code is a 400 naming its field.
pub async fn quick_move(platform: &Platform, ctx: &Ctx, input: QuickMove) -> ApiResult<MoveView> {
    ctx.require_write(Area::Inventory)?;
    let db = platform.db.connection();
    let mut validation = Validation::new();
    let product = arkan_catalog::products::by_code(db, ctx.company, &input.product_barcode).await?;
    if product.is_none() {
        validation.add(
            "productBarcode",
            format!(
                "no product of the company has the barcode or SKU {:?}",
                input.product_barcode.trim()
            ),
        );
    }
    let mut ends = Vec::new();
    for (field, code) in [
        ("sourceLocationBarcode", &input.source_location_barcode),
        (
            "destinationLocationBarcode",
            &input.destination_location_barcode,
        ),
    ] {
        match store::location_by_barcode(db, ctx.company, code.trim()).await? {
            Some(location) if location.kind == LocationType::View => {
                validation.add(field, "is a view location: stock cannot be kept there")
            }
            Some(location) if !location.active => validation.add(field, "is archived"),
            Some(location) => ends.push(location),
            None => validation.add(
                field,
                format!(
                    "no location of the company has the barcode {:?}",
                    code.trim()
                ),
            ),
        }
    }
    if let [source, destination] = ends.as_slice()
        && source.id == destination.id
    {
        validation.add("destinationLocationBarcode", "must differ from the source");
    }
    let lot_number = input
        .lot_number
        .as_deref()
        .map(str::trim)
        .filter(|lot| !lot.is_empty());
    if let Some(product) = &product {
        match (product.kind, product.tracking, lot_number) {
            (ProductType::Service, ..) => {
                validation.add("productBarcode", "is a service: it has no stock")
            }
            (_, Tracking::None, Some(_)) => validation.add(
                "lotNumber",
                "the product is not tracked by lot or serial number",
            ),
            (_, Tracking::Lot | Tracking::Serial, None) => validation.add(
                "lotNumber",
                "is required: the product is tracked by lot or serial number",
            ),
            (_, Tracking::Lot | Tracking::Serial, Some(lot)) => {
                let from_stock = ends.first().is_some_and(|source| source.kind.is_owned());
                if from_stock
                    && store::lot_by_number(db, ctx.company, product.id.0, lot)
                        .await?
                        .is_none()
                {
                    validation.add("lotNumber", "is not a lot of the product");
                }
            }
            _ => {}
        }
    }
    validation.finish()?;
    let (Some(product), [source, destination]) = (product, ends.as_slice()) else {
        return Err(ApiError::internal("scanned codes are missing"));
    };
    let (source, destination) = (source.id, destination.id);
    let quantity = input
        .quantity
        .map_or_else(|| "1".to_owned(), |quantity| quantity.0);
    let lots = lot_number.map(|lot| {
        vec![LotQuantity {
            lot_number: lot.to_owned(),
            quantity: DecimalText(quantity.clone()),
        }]
    });
    let create = CreateMove {
        product_id: product.id.0,
        quantity: DecimalText(quantity),
        uom: None,
        source_location_id: source,
        destination_location_id: destination,
        date: None,
        reference: None,
        description: None,
        partner_id: None,
        unit_cost: None,
        lots,
        validate: Some(true),
    };
    super::moves::create_move(platform, ctx, create).await
}
