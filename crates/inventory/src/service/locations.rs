//! Settings, warehouses and locations.

use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::{format_minor, format_trimmed, parse_minor};
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{LocationId, UserId, WarehouseId};
use arkan_platform::error::{
    ApiError, ApiResult, Validation, is_foreign_key_violation, is_unique_violation,
};
use arkan_platform::fields;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use uuid::Uuid;

use super::{filter_code, filter_id, name_of};
use crate::api::*;
use crate::domain::{BillControl, DeliverySteps, LocationType, ReceptionSteps};
use crate::store::{self, Location, LocationFilter, PurchaseSettings, Settings, Warehouse};
use crate::{errors, events};

static WAREHOUSE_LIST: ListSpec = ListSpec {
    name: "inventory.warehouses",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "code",
            column: "code",
            kind: SortKind::Text,
        },
    ],
};

static LOCATION_LIST: ListSpec = ListSpec {
    name: "inventory.locations",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "fullName",
            column: "full_name",
            kind: SortKind::Text,
        },
    ],
};

fn settings_view(settings: Settings, purchasing: PurchaseSettings, ctx: &Ctx) -> SettingsView {
    let percent = |ppm: i64| format_trimmed(ppm, 4);
    SettingsView {
        purchase_approval_threshold: purchasing
            .approval_threshold
            .map(|minor| format_minor(minor, ctx.currency.exponent)),
        purchase_approval_limits: purchasing
            .approval_limits
            .into_iter()
            .map(|(user_id, limit)| ApprovalLimitView {
                user_id,
                limit: format_minor(limit, ctx.currency.exponent),
            })
            .collect(),
        over_receipt_tolerance_percent: percent(purchasing.over_receipt_tolerance_ppm),
        bill_control: purchasing.bill_control.as_str().to_owned(),
        bill_price_tolerance_percent: percent(purchasing.bill_price_tolerance_ppm),
        allow_negative_stock: settings.allow_negative_stock,
        supplier_location_id: settings.supplier_location_id,
        customer_location_id: settings.customer_location_id,
        inventory_location_id: settings.inventory_location_id,
        scrap_location_id: settings.scrap_location_id,
        transit_location_id: settings.transit_location_id,
        production_location_id: settings.production_location_id,
        stock_journal_id: settings.accounts.journal_id,
        stock_valuation_account_id: settings.accounts.stock_valuation,
        stock_input_account_id: settings.accounts.stock_input,
        inventory_loss_account_id: settings.accounts.inventory_loss,
        price_difference_account_id: settings.accounts.price_difference,
        cost_of_goods_sold_account_id: settings.accounts.cost_of_goods_sold,
    }
}

pub(crate) fn warehouse_view(warehouse: Warehouse) -> WarehouseView {
    WarehouseView {
        id: warehouse.id,
        name: warehouse.name,
        code: warehouse.code,
        address: warehouse.address,
        reception_steps: warehouse.reception_steps.as_str().to_owned(),
        delivery_steps: warehouse.delivery_steps.as_str().to_owned(),
        view_location_id: warehouse.view_location_id,
        stock_location_id: warehouse.stock_location_id,
        input_location_id: warehouse.input_location_id,
        quality_location_id: warehouse.quality_location_id,
        pack_location_id: warehouse.pack_location_id,
        output_location_id: warehouse.output_location_id,
        active: warehouse.active,
        created_at: rfc3339(warehouse.created_at),
        updated_at: rfc3339(warehouse.updated_at),
    }
}

pub(crate) fn location_view(location: Location) -> LocationView {
    LocationView {
        id: location.id,
        name: location.name,
        full_name: location.full_name,
        parent_id: location.parent_id,
        kind: location.kind.as_str().to_owned(),
        barcode: location.barcode,
        warehouse_id: location.warehouse_id,
        active: location.active,
        created_at: rfc3339(location.created_at),
        updated_at: rfc3339(location.updated_at),
    }
}

/// The company's settings (every company has them from its creation, or from m0622).
pub(crate) async fn settings_of(
    db: &impl sea_orm::ConnectionTrait,
    ctx: &Ctx,
) -> ApiResult<Settings> {
    store::settings(db, ctx.company)
        .await?
        .ok_or_else(|| ApiError::internal("the company has no inventory settings"))
}

pub async fn get_settings(platform: &Platform, ctx: &Ctx) -> ApiResult<SettingsView> {
    let db = platform.db.connection();
    let settings = settings_of(db, ctx).await?;
    let purchasing = store::purchase_settings(db, ctx.company).await?;
    Ok(settings_view(settings, purchasing, ctx))
}

/// A percentage from 0 to 100 with at most 4 decimals, in parts per million.
fn percent_ppm(validation: &mut Validation, field: &str, text: &str) -> Option<i64> {
    match parse_minor(text, 4) {
        Ok(ppm) if (0..=1_000_000).contains(&ppm) => Some(ppm),
        _ => {
            validation.add(
                field,
                "must be a percent from 0 to 100 with at most 4 decimals",
            );
            None
        }
    }
}

/// An amount of the company currency, 0 or more.
fn limit_minor(validation: &mut Validation, ctx: &Ctx, field: &str, text: &str) -> Option<i64> {
    let amount = fields::amount(validation, field, text, ctx.currency);
    if amount.is_some_and(|amount| amount < 0) {
        validation.add(field, "must not be negative");
        return None;
    }
    amount
}

/// Applies the purchasing part of a settings patch (400 naming each bad field); the limits'
/// users must be members of the company (the platform's `Directory` hook, read before the
/// write transaction).
async fn patch_purchasing(
    platform: &Platform,
    ctx: &Ctx,
    validation: &mut Validation,
    patch: &UpdateSettings,
    settings: &mut PurchaseSettings,
) -> ApiResult<()> {
    if let Some(threshold) = &patch.purchase_approval_threshold {
        settings.approval_threshold = match threshold {
            None => None,
            Some(text) => limit_minor(validation, ctx, "purchaseApprovalThreshold", &text.0),
        };
    }
    if let Some(limits) = &patch.purchase_approval_limits {
        let mut chosen: Vec<(Uuid, i64)> = Vec::with_capacity(limits.len());
        for (index, limit) in limits.iter().enumerate() {
            let field = |name: &str| format!("purchaseApprovalLimits[{index}].{name}");
            if chosen.iter().any(|(user, _)| *user == limit.user_id) {
                validation.add(field("userId"), "is named twice");
            } else if !platform
                .is_member(UserId(limit.user_id), ctx.company)
                .await?
            {
                validation.add(field("userId"), "must be a member of the company");
            }
            if let Some(amount) = limit_minor(validation, ctx, &field("limit"), &limit.limit.0) {
                chosen.push((limit.user_id, amount));
            }
        }
        settings.approval_limits = chosen;
    }
    if let Some(text) = &patch.over_receipt_tolerance_percent
        && let Some(ppm) = percent_ppm(validation, "overReceiptTolerancePercent", &text.0)
    {
        settings.over_receipt_tolerance_ppm = ppm;
    }
    if let Some(text) = &patch.bill_price_tolerance_percent
        && let Some(ppm) = percent_ppm(validation, "billPriceTolerancePercent", &text.0)
    {
        settings.bill_price_tolerance_ppm = ppm;
    }
    if let Some(code) = &patch.bill_control {
        match BillControl::parse(code) {
            Some(control) => settings.bill_control = control,
            None => validation.add(
                "billControl",
                format!("must be one of: {}", BillControl::codes()),
            ),
        }
    }
    Ok(())
}

pub async fn update_settings(
    platform: &Platform,
    ctx: &Ctx,
    patch: UpdateSettings,
) -> ApiResult<SettingsView> {
    ctx.require_write(Area::Inventory)?;
    let mut validation = Validation::new();
    let mut purchasing = store::purchase_settings(platform.db.connection(), ctx.company).await?;
    patch_purchasing(platform, ctx, &mut validation, &patch, &mut purchasing).await?;
    let mut transaction = platform.db.write().await?;
    let mut accounts = settings_of(&*transaction, ctx).await?.accounts;
    if let Some(journal) = patch.stock_journal_id {
        if let Some(id) = journal
            && arkan_ledger::books::journal_by_id(&*transaction, ctx.company, id)
                .await?
                .is_none()
        {
            validation.add("stockJournalId", "must be a journal of the company");
        }
        accounts.journal_id = journal;
    }
    let chosen = [
        (
            "stockValuationAccountId",
            patch.stock_valuation_account_id,
            &mut accounts.stock_valuation,
        ),
        (
            "stockInputAccountId",
            patch.stock_input_account_id,
            &mut accounts.stock_input,
        ),
        (
            "inventoryLossAccountId",
            patch.inventory_loss_account_id,
            &mut accounts.inventory_loss,
        ),
        (
            "priceDifferenceAccountId",
            patch.price_difference_account_id,
            &mut accounts.price_difference,
        ),
        (
            "costOfGoodsSoldAccountId",
            patch.cost_of_goods_sold_account_id,
            &mut accounts.cost_of_goods_sold,
        ),
    ];
    for (field, patch, slot) in chosen {
        let Some(account) = patch else { continue };
        if let Some(id) = account {
            let found =
                arkan_ledger::books::accounts_by_ids(&*transaction, ctx.company, &[id]).await?;
            if !found.iter().any(|account| account.active) {
                validation.add(field, "must be an active account of the company");
            }
        }
        *slot = account;
    }
    validation.finish()?;
    let now = now_micros();
    if let Some(allow) = patch.allow_negative_stock {
        store::set_allow_negative_stock(&*transaction, ctx.company, allow, now).await?;
    }
    store::set_stock_accounts(&*transaction, ctx.company, accounts, now).await?;
    store::set_purchase_settings(&*transaction, ctx.company, &purchasing, now).await?;
    let settings = settings_of(&*transaction, ctx).await?;
    transaction.emit(
        ctx.company,
        events::INVENTORY_SETTINGS_UPDATED,
        ctx.company.0,
    );
    transaction.commit().await?;
    Ok(settings_view(settings, purchasing, ctx))
}

fn parse_reception(validation: &mut Validation, text: Option<&str>) -> Option<ReceptionSteps> {
    let text = text?;
    let steps = ReceptionSteps::parse(text);
    if steps.is_none() {
        validation.add(
            "receptionSteps",
            format!("must be one of: {}", ReceptionSteps::codes()),
        );
    }
    steps
}

fn parse_delivery(validation: &mut Validation, text: Option<&str>) -> Option<DeliverySteps> {
    let text = text?;
    let steps = DeliverySteps::parse(text);
    if steps.is_none() {
        validation.add(
            "deliverySteps",
            format!("must be one of: {}", DeliverySteps::codes()),
        );
    }
    steps
}

/// A warehouse code: 1 to 10 capital letters or digits.
fn parse_code(validation: &mut Validation, text: &str) -> String {
    let code = text.trim().to_owned();
    let shaped = (1..=10).contains(&code.len())
        && code
            .bytes()
            .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit());
    if !shaped {
        validation.add("code", "must be 1 to 10 capital letters or digits");
    }
    code
}

fn taken(error: sea_orm::DbErr, conflict: fn() -> ApiError) -> ApiError {
    if is_unique_violation(&error) {
        conflict()
    } else {
        error.into()
    }
}

/// A new warehouse with its locations: `CODE` (view) holding Stock, Input, Quality Control,
/// Packing Zone and Output, each with the barcode `CODE-STOCK`, `CODE-INPUT`...
pub async fn create_warehouse(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateWarehouse,
) -> ApiResult<WarehouseView> {
    ctx.require_write(Area::Inventory)?;
    let mut validation = Validation::new();
    let name = name_of(&mut validation, "name", &input.name);
    let code = parse_code(&mut validation, &input.code);
    let reception = parse_reception(&mut validation, input.reception_steps.as_deref());
    let delivery = parse_delivery(&mut validation, input.delivery_steps.as_deref());
    validation.finish()?;
    let now = now_micros();
    let id = Uuid::now_v7();
    let view = Uuid::now_v7();
    let children: Vec<(&str, &str, Uuid)> = [
        ("Stock", "STOCK"),
        ("Input", "INPUT"),
        ("Quality Control", "QUALITY"),
        ("Packing Zone", "PACKING"),
        ("Output", "OUTPUT"),
    ]
    .into_iter()
    .map(|(name, suffix)| (name, suffix, Uuid::now_v7()))
    .collect();
    let warehouse = Warehouse {
        id,
        name,
        code: code.clone(),
        address: arkan_platform::fields::clean(input.address),
        reception_steps: reception.unwrap_or(ReceptionSteps::OneStep),
        delivery_steps: delivery.unwrap_or(DeliverySteps::ShipOnly),
        view_location_id: view,
        stock_location_id: children[0].2,
        input_location_id: children[1].2,
        quality_location_id: children[2].2,
        pack_location_id: children[3].2,
        output_location_id: children[4].2,
        active: true,
        created_at: now,
        updated_at: now,
    };
    let mut transaction = platform.db.write().await?;
    store::insert_warehouse(&*transaction, ctx.company, &warehouse)
        .await
        .map_err(|error| taken(error, errors::warehouse_code_taken))?;
    let mut locations = vec![Location {
        id: view,
        name: code.clone(),
        full_name: code.clone(),
        parent_id: None,
        kind: LocationType::View,
        barcode: None,
        warehouse_id: Some(id),
        active: true,
        created_at: now,
        updated_at: now,
    }];
    for (name, suffix, location) in &children {
        locations.push(Location {
            id: *location,
            name: (*name).to_owned(),
            full_name: format!("{code}/{name}"),
            parent_id: Some(view),
            kind: LocationType::Internal,
            barcode: Some(format!("{code}-{suffix}")),
            warehouse_id: Some(id),
            active: true,
            created_at: now,
            updated_at: now,
        });
    }
    for location in &locations {
        store::insert_location(&*transaction, ctx.company, location)
            .await
            .map_err(|error| taken(error, errors::location_barcode_taken))?;
        transaction.emit(ctx.company, events::LOCATION_CREATED, location.id);
    }
    transaction.emit(ctx.company, events::WAREHOUSE_CREATED, id);
    transaction.commit().await?;
    Ok(warehouse_view(warehouse))
}

pub async fn list_warehouses(
    platform: &Platform,
    ctx: &Ctx,
    query: WarehouseListQuery,
) -> ApiResult<Page<WarehouseView>> {
    let page = PageRequest::parse(&query.page, &WAREHOUSE_LIST, "")?;
    let (rows, total) =
        store::list_warehouses(platform.db.connection(), ctx.company, &page).await?;
    Ok(page
        .page(rows, total, |warehouse| match page.sort.name {
            "code" => (SortValue::Text(warehouse.code.clone()), warehouse.id),
            _ => (SortValue::Integer(warehouse.created_at), warehouse.id),
        })
        .map(warehouse_view))
}

pub async fn get_warehouse(
    platform: &Platform,
    ctx: &Ctx,
    id: WarehouseId,
) -> ApiResult<WarehouseView> {
    store::warehouse_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(warehouse_view)
        .ok_or_else(|| ApiError::not_found("warehouse"))
}

pub async fn update_warehouse(
    platform: &Platform,
    ctx: &Ctx,
    id: WarehouseId,
    patch: UpdateWarehouse,
) -> ApiResult<WarehouseView> {
    ctx.require_write(Area::Inventory)?;
    let mut validation = Validation::new();
    let name = patch
        .name
        .as_deref()
        .map(|name| name_of(&mut validation, "name", name));
    let reception = parse_reception(&mut validation, patch.reception_steps.as_deref());
    let delivery = parse_delivery(&mut validation, patch.delivery_steps.as_deref());
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let mut warehouse = store::warehouse_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("warehouse"))?;
    if let Some(name) = name {
        warehouse.name = name;
    }
    if let Some(address) = patch.address {
        warehouse.address = arkan_platform::fields::clean(address);
    }
    warehouse.reception_steps = reception.unwrap_or(warehouse.reception_steps);
    warehouse.delivery_steps = delivery.unwrap_or(warehouse.delivery_steps);
    warehouse.active = patch.active.unwrap_or(warehouse.active);
    warehouse.updated_at = now_micros();
    store::update_warehouse(&*transaction, ctx.company, &warehouse).await?;
    transaction.emit(ctx.company, events::WAREHOUSE_UPDATED, id.0);
    transaction.commit().await?;
    Ok(warehouse_view(warehouse))
}

/// Deletes a warehouse and its locations while nothing has moved through them (409
/// `warehouse_in_use` otherwise).
pub async fn delete_warehouse(platform: &Platform, ctx: &Ctx, id: WarehouseId) -> ApiResult<()> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    if store::warehouse_by_id(&*transaction, ctx.company, id.0)
        .await?
        .is_none()
    {
        return Err(ApiError::not_found("warehouse"));
    }
    store::delete_warehouse(&*transaction, ctx.company, id.0)
        .await
        .map_err(|error| {
            if is_foreign_key_violation(&error) {
                errors::warehouse_in_use()
            } else {
                error.into()
            }
        })?;
    transaction.emit(ctx.company, events::WAREHOUSE_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}

pub async fn create_location(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateLocation,
) -> ApiResult<LocationView> {
    ctx.require_write(Area::Inventory)?;
    let mut validation = Validation::new();
    let name = name_of(&mut validation, "name", &input.name);
    if name.contains('/') {
        validation.add("name", "must not contain '/'");
    }
    let kind = LocationType::parse(&input.kind);
    if kind.is_none() {
        validation.add("type", format!("must be one of: {}", LocationType::codes()));
    }
    let barcode = arkan_platform::fields::clean(input.barcode);
    validation.finish()?;
    let kind = kind.ok_or_else(|| ApiError::internal("a checked type is missing"))?;
    let mut transaction = platform.db.write().await?;
    let parent = match input.parent_id {
        None => None,
        Some(parent) => Some(
            store::location_by_id(&*transaction, ctx.company, parent)
                .await?
                .ok_or_else(|| {
                    ApiError::invalid_field("parentId", "must be a location of the company")
                })?,
        ),
    };
    let now = now_micros();
    let location = Location {
        id: Uuid::now_v7(),
        full_name: match &parent {
            Some(parent) => format!("{}/{name}", parent.full_name),
            None => name.clone(),
        },
        name,
        parent_id: parent.as_ref().map(|parent| parent.id),
        kind,
        barcode,
        warehouse_id: parent.and_then(|parent| parent.warehouse_id),
        active: true,
        created_at: now,
        updated_at: now,
    };
    store::insert_location(&*transaction, ctx.company, &location)
        .await
        .map_err(|error| taken(error, errors::location_barcode_taken))?;
    transaction.emit(ctx.company, events::LOCATION_CREATED, location.id);
    transaction.commit().await?;
    Ok(location_view(location))
}

pub async fn list_locations(
    platform: &Platform,
    ctx: &Ctx,
    query: LocationListQuery,
) -> ApiResult<Page<LocationView>> {
    let filter = LocationFilter {
        warehouse_id: filter_id("warehouse_id", query.warehouse_id.as_deref())?,
        kind: filter_code(
            "type",
            query.kind.as_deref(),
            LocationType::parse,
            LocationType::codes(),
        )?,
        parent_id: filter_id("parent_id", query.parent_id.as_deref())?,
        q: arkan_platform::fields::clean(query.q).map(|text| text.to_lowercase()),
    };
    let key = format!(
        "{:?}|{:?}|{:?}|{:?}",
        filter.warehouse_id, filter.kind, filter.parent_id, filter.q
    );
    let page = PageRequest::parse(&query.page, &LOCATION_LIST, &key)?;
    let (rows, total) =
        store::list_locations(platform.db.connection(), ctx.company, &filter, &page).await?;
    Ok(page
        .page(rows, total, |location| match page.sort.name {
            "fullName" => (SortValue::Text(location.full_name.clone()), location.id),
            _ => (SortValue::Integer(location.created_at), location.id),
        })
        .map(location_view))
}

pub async fn get_location(
    platform: &Platform,
    ctx: &Ctx,
    id: LocationId,
) -> ApiResult<LocationView> {
    store::location_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(location_view)
        .ok_or_else(|| ApiError::not_found("location"))
}

pub async fn update_location(
    platform: &Platform,
    ctx: &Ctx,
    id: LocationId,
    patch: UpdateLocation,
) -> ApiResult<LocationView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let mut location = store::location_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("location"))?;
    if let Some(barcode) = patch.barcode {
        location.barcode = arkan_platform::fields::clean(barcode);
    }
    location.active = patch.active.unwrap_or(location.active);
    location.updated_at = now_micros();
    store::update_location(&*transaction, ctx.company, &location)
        .await
        .map_err(|error| taken(error, errors::location_barcode_taken))?;
    transaction.emit(ctx.company, events::LOCATION_UPDATED, id.0);
    transaction.commit().await?;
    Ok(location_view(location))
}

/// Deletes a location nothing names: no sub-location, warehouse, setting, level or move (409
/// `location_in_use` otherwise).
pub async fn delete_location(platform: &Platform, ctx: &Ctx, id: LocationId) -> ApiResult<()> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let settings = settings_of(&*transaction, ctx).await?;
    let named_by_settings = [
        settings.supplier_location_id,
        settings.customer_location_id,
        settings.inventory_location_id,
        settings.scrap_location_id,
        settings.transit_location_id,
        settings.production_location_id,
    ]
    .contains(&id.0);
    let location = store::location_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("location"))?;
    if named_by_settings || location.warehouse_id.is_some() && location.parent_id.is_none() {
        return Err(errors::location_in_use());
    }
    if let Some(warehouse) = location.warehouse_id {
        let warehouse = store::warehouse_by_id(&*transaction, ctx.company, warehouse).await?;
        if warehouse.is_some_and(|warehouse| {
            [
                warehouse.stock_location_id,
                warehouse.input_location_id,
                warehouse.quality_location_id,
                warehouse.pack_location_id,
                warehouse.output_location_id,
            ]
            .contains(&id.0)
        }) {
            return Err(errors::location_in_use());
        }
    }
    store::delete_location(&*transaction, ctx.company, id.0)
        .await
        .map_err(|error| {
            if is_foreign_key_violation(&error) {
                errors::location_in_use()
            } else {
                error.into()
            }
        })?;
    transaction.emit(ctx.company, events::LOCATION_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}
