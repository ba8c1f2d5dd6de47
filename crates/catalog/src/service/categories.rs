//! The product category tree.
use std::collections::HashMap;

use arkan_kernel::ProductCategoryId;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_ledger::books;
use arkan_platform::error::{ApiError, ApiResult, Validation, is_foreign_key_violation};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use super::{MAX_DEPTH, name_of, refused_as};
use crate::api::*;
use crate::domain::{CostingMethod, full_name};
use crate::errors;
use crate::events;
use crate::store::{self, Category};

static CATEGORY_LIST: ListSpec = ListSpec {
    name: "catalog.categories",
    sorts: &[CREATED_AT],
};

/// The company's categories by id, to walk the tree.
pub(super) async fn tree(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
) -> Result<HashMap<Uuid, Category>, DbErr> {
    Ok(store::all_categories(db, ctx.company)
        .await?
        .into_iter()
        .map(|category| (category.id, category))
        .collect())
}

/// The category and its ancestors, itself first (stops at a missing parent or a cycle).
pub fn chain(tree: &HashMap<Uuid, Category>, id: Uuid) -> Vec<Uuid> {
    let mut chain = Vec::new();
    let mut next = Some(id);
    while let Some(id) = next {
        if chain.contains(&id) || chain.len() >= MAX_DEPTH || !tree.contains_key(&id) {
            break;
        }
        chain.push(id);
        next = tree.get(&id).and_then(|category| category.parent_id);
    }
    chain
}

/// The category and every category under it.
pub(crate) fn with_descendants(tree: &HashMap<Uuid, Category>, id: Uuid) -> Vec<Uuid> {
    tree.keys()
        .filter(|candidate| chain(tree, **candidate).contains(&id))
        .copied()
        .collect()
}

fn category_view(tree: &HashMap<Uuid, Category>, category: Category) -> CategoryView {
    let mut names: Vec<&str> = chain(tree, category.parent_id.unwrap_or(category.id))
        .iter()
        .filter(|id| **id != category.id)
        .filter_map(|id| tree.get(id).map(|parent| parent.name.as_str()))
        .collect();
    names.reverse();
    names.push(&category.name);
    CategoryView {
        full_name: full_name(&names),
        id: category.id,
        name: category.name.clone(),
        parent_id: category.parent_id,
        costing_method: category.costing_method.as_str().to_owned(),
        income_account_id: category.income_account_id,
        expense_account_id: category.expense_account_id,
        stock_valuation_account_id: category.stock_valuation_account_id,
        created_at: rfc3339(category.created_at),
        updated_at: rfc3339(category.updated_at),
    }
}

/// 400 naming each account that is not one of the company's, and the parent when it is not a
/// category of the company or would make a cycle.
async fn check_category(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    tree: &HashMap<Uuid, Category>,
    category: &Category,
) -> ApiResult<()> {
    let accounts = [
        ("incomeAccountId", category.income_account_id),
        ("expenseAccountId", category.expense_account_id),
        (
            "stockValuationAccountId",
            category.stock_valuation_account_id,
        ),
    ];
    let ids: Vec<Uuid> = accounts.iter().filter_map(|(_, id)| *id).collect();
    let known: Vec<Uuid> = books::accounts_by_ids(db, ctx.company, &ids)
        .await?
        .into_iter()
        .map(|account| account.id)
        .collect();
    let mut validation = Validation::new();
    for (field, id) in accounts {
        if id.is_some_and(|id| !known.contains(&id)) {
            validation.add(field, "no such account in this company");
        }
    }
    if let Some(parent) = category.parent_id {
        if !tree.contains_key(&parent) {
            validation.add("parentId", "no such category in this company");
        } else if chain(tree, parent).contains(&category.id) {
            validation.add("parentId", "would put the category under itself");
        }
    }
    validation.finish()
}

fn parse_costing(validation: &mut Validation, text: &str) -> Option<CostingMethod> {
    validation.code(
        "costingMethod",
        text,
        CostingMethod::parse,
        CostingMethod::codes,
    )
}

pub async fn create_category(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateCategory,
) -> ApiResult<CategoryView> {
    ctx.require_write(Area::Inventory)?;
    let mut validation = Validation::new();
    let name = name_of(&mut validation, "name", &input.name);
    let costing = match input.costing_method.as_deref() {
        Some(text) => parse_costing(&mut validation, text),
        None => Some(CostingMethod::Standard),
    };
    validation.finish()?;
    let now = now_micros();
    let category = Category {
        id: Uuid::now_v7(),
        name,
        parent_id: input.parent_id,
        costing_method: costing.unwrap_or(CostingMethod::Standard),
        income_account_id: input.income_account_id,
        expense_account_id: input.expense_account_id,
        stock_valuation_account_id: input.stock_valuation_account_id,
        created_at: now,
        updated_at: now,
    };
    let mut transaction = platform.db.write().await?;
    let mut tree = tree(&*transaction, ctx).await?;
    check_category(&*transaction, ctx, &tree, &category).await?;
    store::insert_category(&*transaction, ctx.company, &category).await?;
    transaction.emit(ctx.company, events::PRODUCT_CATEGORY_CREATED, category.id);
    transaction.commit().await?;
    tree.insert(category.id, category.clone());
    Ok(category_view(&tree, category))
}

pub async fn list_categories(
    platform: &Platform,
    ctx: &Ctx,
    query: CategoryListQuery,
) -> ApiResult<Page<CategoryView>> {
    let page = PageRequest::parse(&query.page, &CATEGORY_LIST, "")?;
    let db = platform.db.connection();
    let (rows, total) = store::list_categories(db, ctx.company, &page).await?;
    let tree = tree(db, ctx).await?;
    Ok(page
        .page(rows, total, |category| {
            (SortValue::Integer(category.created_at), category.id)
        })
        .map(|category| category_view(&tree, category)))
}

pub async fn get_category(
    platform: &Platform,
    ctx: &Ctx,
    id: ProductCategoryId,
) -> ApiResult<CategoryView> {
    let tree = tree(platform.db.connection(), ctx).await?;
    let category = tree
        .get(&id.0)
        .cloned()
        .ok_or_else(|| ApiError::not_found("product_category"))?;
    Ok(category_view(&tree, category))
}

pub async fn update_category(
    platform: &Platform,
    ctx: &Ctx,
    id: ProductCategoryId,
    patch: UpdateCategory,
) -> ApiResult<CategoryView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let mut tree = tree(&*transaction, ctx).await?;
    let mut category = tree
        .get(&id.0)
        .cloned()
        .ok_or_else(|| ApiError::not_found("product_category"))?;
    let mut validation = Validation::new();
    if let Some(text) = &patch.name {
        category.name = name_of(&mut validation, "name", text);
    }
    if let Some(costing) = patch
        .costing_method
        .as_deref()
        .and_then(|text| parse_costing(&mut validation, text))
    {
        category.costing_method = costing;
    }
    validation.finish()?;
    if let Some(parent) = patch.parent_id {
        category.parent_id = parent;
    }
    if let Some(account) = patch.income_account_id {
        category.income_account_id = account;
    }
    if let Some(account) = patch.expense_account_id {
        category.expense_account_id = account;
    }
    if let Some(account) = patch.stock_valuation_account_id {
        category.stock_valuation_account_id = account;
    }
    check_category(&*transaction, ctx, &tree, &category).await?;
    category.updated_at = now_micros().max(category.updated_at + 1);
    store::update_category(&*transaction, ctx.company, &category).await?;
    transaction.emit(ctx.company, events::PRODUCT_CATEGORY_UPDATED, category.id);
    transaction.commit().await?;
    tree.insert(category.id, category.clone());
    Ok(category_view(&tree, category))
}

/// Deletes a category no product and no sub-category names: the database refuses otherwise
/// (409 `product_category_in_use`), whatever was created meanwhile.
pub async fn delete_category(
    platform: &Platform,
    ctx: &Ctx,
    id: ProductCategoryId,
) -> ApiResult<()> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let deleted = store::delete_row(&*transaction, "product_categories", ctx.company, id.0)
        .await
        .map_err(refused_as(
            is_foreign_key_violation,
            errors::product_category_in_use,
        ))?;
    if !deleted {
        return Err(ApiError::not_found("product_category"));
    }
    transaction.emit(ctx.company, events::PRODUCT_CATEGORY_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}
