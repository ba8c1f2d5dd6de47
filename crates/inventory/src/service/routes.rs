//! Routes: the steps goods take through a warehouse for a receipt, a delivery or an internal
//! move, per product, per category or in general; and the resolution of one operation's steps,
//! falling back to the warehouse's steps settings.

use std::collections::HashMap;

use arkan_catalog::ProductType;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{CompanyId, ProductId, StockRouteId, WarehouseId};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::putaway::{
    best_rule, category_chain, check_one_target, check_rule_target, priority_of, putaway_location,
    warehouse_for,
};
use super::{filter_code, filter_id, name_of, settings_of};
use crate::api::*;
use crate::domain::{LocationType, OperationType, WarehousePlaces, default_steps, unchained_steps};
use crate::events;
use crate::store::{self, RouteFilter, RouteStep, StockRoute};

static ROUTE_LIST: ListSpec = ListSpec {
    name: "inventory.routes",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "priority",
            column: "priority",
            kind: SortKind::Integer,
        },
        SortField {
            name: "name",
            column: "name",
            kind: SortKind::Text,
        },
    ],
};

fn step_views(steps: Vec<RouteStep>) -> Vec<RouteStepView> {
    steps
        .into_iter()
        .map(|step| RouteStepView {
            name: step.name,
            source_location_id: step.source_location_id,
            destination_location_id: step.destination_location_id,
        })
        .collect()
}

fn route_view(route: StockRoute, steps: Vec<RouteStep>) -> RouteView {
    RouteView {
        id: route.id,
        name: route.name,
        warehouse_id: route.warehouse_id,
        operation_type: route.operation_type.as_str().to_owned(),
        product_id: route.product_id,
        category_id: route.category_id,
        steps: step_views(steps),
        priority: route.priority,
        active: route.active,
        created_at: rfc3339(route.created_at),
        updated_at: rfc3339(route.updated_at),
    }
}

fn parse_operation(validation: &mut Validation, text: &str) -> Option<OperationType> {
    validation.code(
        "operationType",
        text,
        OperationType::parse,
        OperationType::codes,
    )
}

/// Checks the steps: at least one; each between two active, non-view locations of the
/// company, not twice the same; each starting where the previous one ended. Unnamed steps are
/// named after their ends (`WH/Input -> WH/Stock`).
async fn check_steps(
    db: &impl ConnectionTrait,
    company: CompanyId,
    validation: &mut Validation,
    steps: &[RouteStepInput],
) -> ApiResult<Vec<RouteStep>> {
    if steps.is_empty() {
        validation.add("steps", "must have at least one step");
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = steps
        .iter()
        .flat_map(|step| [step.source_location_id, step.destination_location_id])
        .collect();
    let locations = store::locations_by_ids(db, company, &ids).await?;
    let mut checked = Vec::with_capacity(steps.len());
    for (index, step) in steps.iter().enumerate() {
        let prefix = format!("steps[{index}].");
        let mut ends = Vec::with_capacity(2);
        for (field, id) in [
            ("sourceLocationId", step.source_location_id),
            ("destinationLocationId", step.destination_location_id),
        ] {
            let field = format!("{prefix}{field}");
            match locations.get(&id) {
                None => validation.add(field, "must be a location of the company"),
                Some(location) if location.kind == LocationType::View => {
                    validation.add(field, "is a view location: stock cannot be kept there")
                }
                Some(location) if !location.active => validation.add(field, "is archived"),
                Some(location) => ends.push(location.full_name.as_str()),
            }
        }
        if step.source_location_id == step.destination_location_id {
            validation.add(
                format!("{prefix}destinationLocationId"),
                "must differ from the source",
            );
        }
        let name = match arkan_platform::fields::clean(step.name.clone()) {
            Some(name) => name_of(validation, &format!("{prefix}name"), &name),
            None => ends.join(" -> "),
        };
        checked.push(RouteStep {
            name,
            source_location_id: step.source_location_id,
            destination_location_id: step.destination_location_id,
        });
    }
    let pairs: Vec<(Uuid, Uuid)> = steps
        .iter()
        .map(|step| (step.source_location_id, step.destination_location_id))
        .collect();
    for index in unchained_steps(&pairs) {
        validation.add(
            format!("steps[{index}].sourceLocationId"),
            "must be where the previous step ends",
        );
    }
    Ok(checked)
}

pub async fn create_route(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateRoute,
) -> ApiResult<RouteView> {
    ctx.require_write(Area::Inventory)?;
    let mut validation = Validation::new();
    let name = name_of(&mut validation, "name", &input.name);
    let operation = parse_operation(&mut validation, &input.operation_type);
    let priority = priority_of(&mut validation, input.priority);
    let mut transaction = platform.db.write().await?;
    warehouse_for(
        &*transaction,
        ctx.company,
        &mut validation,
        "warehouseId",
        input.warehouse_id,
    )
    .await?;
    check_one_target(&mut validation, input.product_id, input.category_id);
    check_rule_target(
        &*transaction,
        ctx.company,
        &mut validation,
        input.product_id,
        input.category_id,
    )
    .await?;
    let steps = check_steps(&*transaction, ctx.company, &mut validation, &input.steps).await?;
    validation.finish()?;
    let operation = operation.ok_or_else(|| ApiError::internal("a checked type is missing"))?;
    let now = now_micros();
    let route = StockRoute {
        id: Uuid::now_v7(),
        name,
        warehouse_id: input.warehouse_id,
        operation_type: operation,
        product_id: input.product_id,
        category_id: input.category_id,
        priority,
        active: input.active.unwrap_or(true),
        created_at: now,
        updated_at: now,
    };
    store::insert_route(&*transaction, ctx.company, &route).await?;
    store::replace_route_steps(&*transaction, ctx.company, route.id, &steps).await?;
    transaction.emit(ctx.company, events::STOCK_ROUTE_CREATED, route.id);
    transaction.commit().await?;
    Ok(route_view(route, steps))
}

pub async fn list_routes(
    platform: &Platform,
    ctx: &Ctx,
    query: RouteListQuery,
) -> ApiResult<Page<RouteView>> {
    let filter = RouteFilter {
        warehouse_id: filter_id("warehouse_id", query.warehouse_id.as_deref())?,
        operation_type: filter_code(
            "operation_type",
            query.operation_type.as_deref(),
            OperationType::parse,
            OperationType::codes(),
        )?,
        product_id: filter_id("product_id", query.product_id.as_deref())?,
    };
    let key = format!(
        "{:?}|{:?}|{:?}",
        filter.warehouse_id, filter.operation_type, filter.product_id
    );
    let page = PageRequest::parse(&query.page, &ROUTE_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_routes(db, ctx.company, &filter, &page).await?;
    let ids: Vec<Uuid> = rows.iter().map(|route| route.id).collect();
    let mut steps = store::steps_of_routes(db, ctx.company, &ids).await?;
    Ok(page
        .page(rows, total, |route| match page.sort.name {
            "priority" => (SortValue::Integer(i64::from(route.priority)), route.id),
            "name" => (SortValue::Text(route.name.clone()), route.id),
            _ => (SortValue::Integer(route.created_at), route.id),
        })
        .map(|route| {
            let steps = steps.remove(&route.id).unwrap_or_default();
            route_view(route, steps)
        }))
}

async fn one_route(
    db: &impl ConnectionTrait,
    company: CompanyId,
    route: StockRoute,
) -> ApiResult<RouteView> {
    let steps = store::steps_of_routes(db, company, &[route.id])
        .await?
        .remove(&route.id)
        .unwrap_or_default();
    Ok(route_view(route, steps))
}

pub async fn get_route(platform: &Platform, ctx: &Ctx, id: StockRouteId) -> ApiResult<RouteView> {
    let db = platform.db.connection();
    let route = store::route_by_id(db, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("stock_route"))?;
    one_route(db, ctx.company, route).await
}

/// Changes any field; `steps` replaces the steps whole. What the route is for (product,
/// category) is checked again as a whole after the change.
pub async fn update_route(
    platform: &Platform,
    ctx: &Ctx,
    id: StockRouteId,
    patch: UpdateRoute,
) -> ApiResult<RouteView> {
    ctx.require_write(Area::Inventory)?;
    let mut validation = Validation::new();
    let name = patch
        .name
        .as_deref()
        .map(|name| name_of(&mut validation, "name", name));
    let operation = patch
        .operation_type
        .as_deref()
        .and_then(|text| parse_operation(&mut validation, text));
    let priority = patch
        .priority
        .map(|priority| priority_of(&mut validation, Some(priority)));
    let mut transaction = platform.db.write().await?;
    let mut route = store::route_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("stock_route"))?;
    if let Some(warehouse) = patch.warehouse_id {
        warehouse_for(
            &*transaction,
            ctx.company,
            &mut validation,
            "warehouseId",
            warehouse,
        )
        .await?;
        route.warehouse_id = warehouse;
    }
    let product = patch.product_id.unwrap_or(route.product_id);
    let category = patch.category_id.unwrap_or(route.category_id);
    check_one_target(&mut validation, product, category);
    // Only what the patch names is looked up again.
    check_rule_target(
        &*transaction,
        ctx.company,
        &mut validation,
        patch.product_id.flatten(),
        patch.category_id.flatten(),
    )
    .await?;
    let steps = match &patch.steps {
        Some(steps) => Some(check_steps(&*transaction, ctx.company, &mut validation, steps).await?),
        None => None,
    };
    validation.finish()?;
    route.product_id = product;
    route.category_id = category;
    if let Some(name) = name {
        route.name = name;
    }
    route.operation_type = operation.unwrap_or(route.operation_type);
    route.priority = priority.unwrap_or(route.priority);
    route.active = patch.active.unwrap_or(route.active);
    route.updated_at = now_micros();
    store::update_route(&*transaction, ctx.company, &route).await?;
    if let Some(steps) = &steps {
        store::replace_route_steps(&*transaction, ctx.company, route.id, steps).await?;
    }
    let view = one_route(&*transaction, ctx.company, route).await?;
    transaction.emit(ctx.company, events::STOCK_ROUTE_UPDATED, id.0);
    transaction.commit().await?;
    Ok(view)
}

pub async fn delete_route(platform: &Platform, ctx: &Ctx, id: StockRouteId) -> ApiResult<()> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    if store::delete_route(&*transaction, ctx.company, id.0).await? == 0 {
        return Err(ApiError::not_found("stock_route"));
    }
    transaction.emit(ctx.company, events::STOCK_ROUTE_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}

/// The steps of `operation` in the warehouse for the product (optional): the best active
/// route (the product's, then its nearest category's, then a general one; lowest priority
/// first), else the warehouse's steps settings with `routeId: null`. The path's warehouse is
/// a 404 when unknown (as every path id); `type` and `product_id` are 400s naming them.
pub async fn resolve_route(
    platform: &Platform,
    ctx: &Ctx,
    warehouse: WarehouseId,
    operation: &str,
    query: RouteResolveQuery,
) -> ApiResult<RouteResolution> {
    let operation = OperationType::parse(operation).ok_or_else(|| {
        ApiError::invalid_field(
            "type",
            format!("must be one of: {}", OperationType::codes()),
        )
    })?;
    let product = filter_id("product_id", query.product_id.as_deref())?;
    let db = platform.db.connection();
    let warehouse = store::warehouse_by_id(db, ctx.company, warehouse.0)
        .await?
        .ok_or_else(|| ApiError::not_found("warehouse"))?;
    let categories = match product {
        None => Vec::new(),
        Some(product) => {
            let facts = arkan_catalog::products::facts(db, ctx.company, &[ProductId(product)])
                .await?
                .remove(&ProductId(product))
                .ok_or_else(|| {
                    ApiError::invalid_field("product_id", "must be a product of the company")
                })?;
            if facts.kind == ProductType::Service {
                return Err(ApiError::invalid_field(
                    "product_id",
                    "is a service: it has no stock",
                ));
            }
            category_chain(db, ctx.company, facts.category_id).await?
        }
    };
    let candidates = store::route_candidates(
        db,
        ctx.company,
        warehouse.id,
        operation,
        product,
        &categories,
    )
    .await?;
    let best = best_rule(&candidates, product, &categories, |route| {
        (
            route.product_id,
            route.category_id,
            route.priority,
            route.created_at,
            route.id,
        )
    });
    if let Some(index) = best {
        let route = &candidates[index];
        let mut steps: HashMap<Uuid, Vec<RouteStep>> =
            store::steps_of_routes(db, ctx.company, &[route.id]).await?;
        return Ok(RouteResolution {
            warehouse_id: warehouse.id,
            operation_type: operation.as_str().to_owned(),
            route_id: Some(route.id),
            steps: step_views(steps.remove(&route.id).unwrap_or_default()),
        });
    }
    let settings = settings_of(db, ctx).await?;
    // An internal move has no steps setting: with a product, it ends where putaway stores the
    // product in this warehouse (a shelf under stock); otherwise, or without a rule, at the
    // stock location itself.
    let internal_destination = match product {
        Some(product) if operation == OperationType::Internal => {
            putaway_location(db, ctx.company, &warehouse, product, &categories)
                .await?
                .0
        }
        _ => warehouse.stock_location_id,
    };
    let places = WarehousePlaces {
        supplier: settings.supplier_location_id,
        customer: settings.customer_location_id,
        stock: warehouse.stock_location_id,
        input: warehouse.input_location_id,
        quality: warehouse.quality_location_id,
        pack: warehouse.pack_location_id,
        output: warehouse.output_location_id,
    };
    let steps = default_steps(
        operation,
        warehouse.reception_steps,
        warehouse.delivery_steps,
        places,
        internal_destination,
    );
    Ok(RouteResolution {
        warehouse_id: warehouse.id,
        operation_type: operation.as_str().to_owned(),
        route_id: None,
        steps: steps
            .into_iter()
            .map(|step| RouteStepView {
                name: step.name,
                source_location_id: step.source,
                destination_location_id: step.destination,
            })
            .collect(),
    })
}
