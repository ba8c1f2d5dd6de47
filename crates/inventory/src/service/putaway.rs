//! Putaway rules: where goods go inside a warehouse, by product, by category or in general,
//! and the resolution of one product's location.

use arkan_catalog::ProductType;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{CompanyId, ProductCategoryId, ProductId, PutawayRuleId};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::filter_id;
use crate::api::*;
use crate::domain::{LocationType, specificity};
use crate::events;
use crate::store::{self, PutawayFilter, PutawayRule, Warehouse};

static PUTAWAY_LIST: ListSpec = ListSpec {
    name: "inventory.putaway_rules",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "priority",
            column: "priority",
            kind: SortKind::Integer,
        },
    ],
};

/// The priority of a rule or route when none is given; lower comes first.
const DEFAULT_PRIORITY: i32 = 10;

/// A rule's priority: the given one (not negative) or the default.
pub(super) fn priority_of(validation: &mut Validation, priority: Option<i32>) -> i32 {
    match priority {
        Some(priority) if priority < 0 => {
            validation.add("priority", "must not be negative");
            DEFAULT_PRIORITY
        }
        Some(priority) => priority,
        None => DEFAULT_PRIORITY,
    }
}

/// A rule is for a product or a category, not both (neither makes it general).
pub(super) fn check_one_target(
    validation: &mut Validation,
    product: Option<Uuid>,
    category: Option<Uuid>,
) {
    if product.is_some() && category.is_some() {
        validation.add(
            "categoryId",
            "must not be given with productId: a rule is for a product or a category",
        );
    }
}

/// Checks what a rule names: a product of the company that is kept in stock, a category of
/// the company.
pub(super) async fn check_rule_target(
    db: &impl ConnectionTrait,
    company: CompanyId,
    validation: &mut Validation,
    product: Option<Uuid>,
    category: Option<Uuid>,
) -> ApiResult<()> {
    if let Some(product) = product {
        let facts = arkan_catalog::products::facts(db, company, &[ProductId(product)]).await?;
        match facts.get(&ProductId(product)) {
            None => validation.add("productId", "must be a product of the company"),
            Some(facts) if facts.kind == ProductType::Service => {
                validation.add("productId", "is a service: it has no stock")
            }
            Some(_) => {}
        }
    }
    if let Some(category) = category {
        let chain =
            arkan_catalog::categories::ancestors(db, company, ProductCategoryId(category)).await?;
        if chain.is_empty() {
            validation.add("categoryId", "must be a category of the company");
        }
    }
    Ok(())
}

/// The company's warehouse `id`, or an error under `field` (None then).
pub(super) async fn warehouse_for(
    db: &impl ConnectionTrait,
    company: CompanyId,
    validation: &mut Validation,
    field: &str,
    id: Uuid,
) -> ApiResult<Option<Warehouse>> {
    let warehouse = store::warehouse_by_id(db, company, id).await?;
    if warehouse.is_none() {
        validation.add(field, "must be a warehouse of the company");
    }
    Ok(warehouse)
}

/// A putaway location: an active internal location of the rule's warehouse.
async fn check_rule_location(
    db: &impl ConnectionTrait,
    company: CompanyId,
    validation: &mut Validation,
    warehouse: Option<&Warehouse>,
    location: Uuid,
) -> ApiResult<()> {
    let field = "locationId";
    match store::location_by_id(db, company, location).await? {
        None => validation.add(field, "must be a location of the company"),
        Some(found) if found.kind != LocationType::Internal => validation.add(
            field,
            format!(
                "is a {} location: goods are stored in internal locations",
                found.kind.as_str()
            ),
        ),
        Some(found) if !found.active => validation.add(field, "is archived"),
        Some(found) => {
            if let Some(warehouse) = warehouse
                && found.warehouse_id != Some(warehouse.id)
            {
                validation.add(field, "must be a location of the warehouse");
            }
        }
    }
    Ok(())
}

fn rule_view(rule: PutawayRule) -> PutawayRuleView {
    PutawayRuleView {
        id: rule.id,
        warehouse_id: rule.warehouse_id,
        product_id: rule.product_id,
        category_id: rule.category_id,
        location_id: rule.location_id,
        priority: rule.priority,
        created_at: rfc3339(rule.created_at),
        updated_at: rfc3339(rule.updated_at),
    }
}

pub async fn create_putaway_rule(
    platform: &Platform,
    ctx: &Ctx,
    input: CreatePutawayRule,
) -> ApiResult<PutawayRuleView> {
    ctx.require_write(Area::Inventory)?;
    let mut validation = Validation::new();
    let priority = priority_of(&mut validation, input.priority);
    let mut transaction = platform.db.write().await?;
    let warehouse = warehouse_for(
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
    check_rule_location(
        &*transaction,
        ctx.company,
        &mut validation,
        warehouse.as_ref(),
        input.location_id,
    )
    .await?;
    validation.finish()?;
    let now = now_micros();
    let rule = PutawayRule {
        id: Uuid::now_v7(),
        warehouse_id: input.warehouse_id,
        product_id: input.product_id,
        category_id: input.category_id,
        location_id: input.location_id,
        priority,
        created_at: now,
        updated_at: now,
    };
    store::insert_putaway_rule(&*transaction, ctx.company, &rule).await?;
    transaction.emit(ctx.company, events::PUTAWAY_RULE_CREATED, rule.id);
    transaction.commit().await?;
    Ok(rule_view(rule))
}

pub async fn list_putaway_rules(
    platform: &Platform,
    ctx: &Ctx,
    query: PutawayRuleListQuery,
) -> ApiResult<Page<PutawayRuleView>> {
    let filter = PutawayFilter {
        warehouse_id: filter_id("warehouse_id", query.warehouse_id.as_deref())?,
        product_id: filter_id("product_id", query.product_id.as_deref())?,
        category_id: filter_id("category_id", query.category_id.as_deref())?,
    };
    let key = format!(
        "{:?}|{:?}|{:?}",
        filter.warehouse_id, filter.product_id, filter.category_id
    );
    let page = PageRequest::parse(&query.page, &PUTAWAY_LIST, &key)?;
    let (rows, total) =
        store::list_putaway_rules(platform.db.connection(), ctx.company, &filter, &page).await?;
    Ok(page
        .page(rows, total, |rule| match page.sort.name {
            "priority" => (SortValue::Integer(i64::from(rule.priority)), rule.id),
            _ => (SortValue::Integer(rule.created_at), rule.id),
        })
        .map(rule_view))
}

pub async fn get_putaway_rule(
    platform: &Platform,
    ctx: &Ctx,
    id: PutawayRuleId,
) -> ApiResult<PutawayRuleView> {
    store::putaway_rule_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(rule_view)
        .ok_or_else(|| ApiError::not_found("putaway_rule"))
}

/// Changes a rule's location or priority (what it is for and its warehouse stay: make
/// another rule for another product or warehouse).
pub async fn update_putaway_rule(
    platform: &Platform,
    ctx: &Ctx,
    id: PutawayRuleId,
    patch: UpdatePutawayRule,
) -> ApiResult<PutawayRuleView> {
    ctx.require_write(Area::Inventory)?;
    let mut validation = Validation::new();
    let priority = patch
        .priority
        .map(|priority| priority_of(&mut validation, Some(priority)));
    let mut transaction = platform.db.write().await?;
    let mut rule = store::putaway_rule_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("putaway_rule"))?;
    if let Some(location) = patch.location_id {
        let warehouse = store::warehouse_by_id(&*transaction, ctx.company, rule.warehouse_id)
            .await?
            .ok_or_else(|| ApiError::internal("a putaway rule's warehouse is missing"))?;
        check_rule_location(
            &*transaction,
            ctx.company,
            &mut validation,
            Some(&warehouse),
            location,
        )
        .await?;
        rule.location_id = location;
    }
    validation.finish()?;
    rule.priority = priority.unwrap_or(rule.priority);
    rule.updated_at = now_micros();
    store::update_putaway_rule(&*transaction, ctx.company, &rule).await?;
    transaction.emit(ctx.company, events::PUTAWAY_RULE_UPDATED, id.0);
    transaction.commit().await?;
    Ok(rule_view(rule))
}

pub async fn delete_putaway_rule(
    platform: &Platform,
    ctx: &Ctx,
    id: PutawayRuleId,
) -> ApiResult<()> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    if store::delete_putaway_rule(&*transaction, ctx.company, id.0).await? == 0 {
        return Err(ApiError::not_found("putaway_rule"));
    }
    transaction.emit(ctx.company, events::PUTAWAY_RULE_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}

/// The product's category followed by its ancestors, nearest first (empty without one).
pub(super) async fn category_chain(
    db: &impl ConnectionTrait,
    company: CompanyId,
    category: Option<ProductCategoryId>,
) -> ApiResult<Vec<Uuid>> {
    Ok(match category {
        None => Vec::new(),
        Some(category) => arkan_catalog::categories::ancestors(db, company, category)
            .await?
            .into_iter()
            .map(|id| id.0)
            .collect(),
    })
}

/// The most specific of the candidates (`product`, then `categories` nearest first, then
/// general), then the lowest priority, then the oldest: its index.
pub(super) fn best_rule<T>(
    candidates: &[T],
    product: Option<Uuid>,
    categories: &[Uuid],
    key: impl Fn(&T) -> (Option<Uuid>, Option<Uuid>, i32, i64, Uuid),
) -> Option<usize> {
    candidates
        .iter()
        .enumerate()
        .filter_map(|(index, candidate)| {
            let (rule_product, rule_category, priority, created_at, id) = key(candidate);
            specificity(product, categories, rule_product, rule_category)
                .map(|rank| ((rank, priority, created_at, id), index))
        })
        .min()
        .map(|(_, index)| index)
}

/// The location putaway gives the product in the warehouse: the best rule's, else the
/// warehouse's stock location (and no rule).
pub(super) async fn putaway_location(
    db: &impl ConnectionTrait,
    company: CompanyId,
    warehouse: &Warehouse,
    product: Uuid,
    categories: &[Uuid],
) -> ApiResult<(Uuid, Option<Uuid>)> {
    let candidates =
        store::putaway_candidates(db, company, warehouse.id, product, categories).await?;
    Ok(
        match best_rule(&candidates, Some(product), categories, |rule| {
            (
                rule.product_id,
                rule.category_id,
                rule.priority,
                rule.created_at,
                rule.id,
            )
        }) {
            Some(index) => (candidates[index].location_id, Some(candidates[index].id)),
            None => (warehouse.stock_location_id, None),
        },
    )
}

/// `?warehouse_id&product_id`, both required: a missing, malformed or unknown one is a 400
/// naming the parameter (they are query parameters, like a body's fields).
pub async fn resolve_putaway(
    platform: &Platform,
    ctx: &Ctx,
    query: PutawayResolveQuery,
) -> ApiResult<PutawayResolution> {
    let db = platform.db.connection();
    let mut validation = Validation::new();
    let warehouse_id = required_id(&mut validation, "warehouse_id", query.warehouse_id);
    let product_id = required_id(&mut validation, "product_id", query.product_id);
    let warehouse = match warehouse_id {
        Some(id) => warehouse_for(db, ctx.company, &mut validation, "warehouse_id", id).await?,
        None => None,
    };
    let product = match product_id {
        Some(id) => {
            let product = arkan_catalog::products::facts(db, ctx.company, &[ProductId(id)])
                .await?
                .remove(&ProductId(id));
            match &product {
                None => validation.add("product_id", "must be a product of the company"),
                Some(facts) if facts.kind == ProductType::Service => {
                    validation.add("product_id", "is a service: it has no stock")
                }
                Some(_) => {}
            }
            product
        }
        None => None,
    };
    validation.finish()?;
    let (Some(warehouse), Some(product)) = (warehouse, product) else {
        return Err(ApiError::internal("checked parameters are missing"));
    };
    let categories = category_chain(db, ctx.company, product.category_id).await?;
    let (location, rule) =
        putaway_location(db, ctx.company, &warehouse, product.id.0, &categories).await?;
    Ok(PutawayResolution {
        warehouse_id: warehouse.id,
        product_id: product.id.0,
        location_id: location,
        rule_id: rule,
    })
}

/// A required id given as a query parameter: an error under `field` when it is missing or
/// not a UUID.
pub(super) fn required_id(
    validation: &mut Validation,
    field: &str,
    text: Option<String>,
) -> Option<Uuid> {
    match text.as_deref().map(str::trim) {
        None | Some("") => {
            validation.add(field, "is required");
            None
        }
        Some(text) => match Uuid::parse_str(text) {
            Ok(id) => Some(id),
            Err(_) => {
                validation.add(field, "must be a UUID");
                None
            }
        },
    }
}
