//! Prices of sales lines: price lists, resolving a price, and the price a line takes when it
//! names none (precedence in `domain::pricing`).

use std::collections::HashMap;

use arkan_catalog::products::ProductFacts;
use arkan_catalog::uoms::Uom;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::format_trimmed;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{Currency, PartnerId, ProductCategoryId, ProductId};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::orders::decimal;
use crate::api::pricing::*;
use crate::domain::orders::{price_in_document, price_per_unit};
use crate::domain::pricing::{
    Audience, PriceBase, PriceList, PriceMethod, PriceRule, ProductPrices, Resolved, candidates,
    resolve,
};
use crate::store::pricing::PriceListFilter;
use crate::{errors, events, store};

/// What a document's prices depend on.
#[derive(Clone, Debug)]
pub(crate) struct PriceContext {
    pub partner_id: PartnerId,
    pub date: NaiveDate,
    pub currency: Currency,
    /// Company units per document unit, times 10^10.
    pub rate_e10: i64,
    /// The price list the document names, if any.
    pub price_list_id: Option<Uuid>,
}

/// A checked line before its amounts: its product, unit and quantity, and the price and
/// discount given (None: to default).
#[derive(Clone, Debug)]
pub(crate) struct DraftLine {
    pub product: Option<ProductFacts>,
    pub unit: Uom,
    pub quantity_e4: i64,
    pub unit_price_e6: Option<i64>,
    pub discount_ppm: Option<i64>,
}

/// The categories of products (each category with those above it), cached per category.
#[derive(Default)]
pub(crate) struct Categories(HashMap<Uuid, Vec<Uuid>>);

impl Categories {
    pub(crate) async fn of(
        &mut self,
        db: &impl ConnectionTrait,
        ctx: &Ctx,
        category: Option<ProductCategoryId>,
    ) -> ApiResult<Vec<Uuid>> {
        let Some(category) = category else {
            return Ok(Vec::new());
        };
        if let Some(chain) = self.0.get(&category.0) {
            return Ok(chain.clone());
        }
        let chain: Vec<Uuid> = arkan_catalog::categories::ancestors(db, ctx.company, category)
            .await?
            .into_iter()
            .map(|id| id.0)
            .collect();
        self.0.insert(category.0, chain.clone());
        Ok(chain)
    }
}

/// A product's sale price and cost in the document's currency (booked at `rate_e10`), per unit
/// of the product.
async fn product_prices(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    categories: &mut Categories,
    product: &ProductFacts,
    currency: Currency,
    rate_e10: i64,
) -> ApiResult<ProductPrices> {
    let convert = |price: i64| {
        if currency.code == ctx.currency.code {
            price
        } else {
            price_in_document(price, rate_e10).unwrap_or(0)
        }
    };
    Ok(ProductPrices {
        product_id: product.id.0,
        categories: categories.of(db, ctx, product.category_id).await?,
        sale_price_e6: convert(product.sale_price_e6),
        cost_e6: convert(product.cost_e6),
    })
}

/// The client's tags (none for an unknown client).
async fn client_tags(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    partner: Option<PartnerId>,
) -> ApiResult<Vec<String>> {
    Ok(match partner {
        Some(partner) => arkan_crm::partners::sales_profile(db, ctx.company, partner)
            .await?
            .map(|profile| profile.tags)
            .unwrap_or_default(),
        None => Vec::new(),
    })
}

/// Gives each line with a product and no price the price the price lists give (else the
/// product's sale price), in the line's unit and the document's currency; a `discount` rule
/// also gives the line its discount when none was given. A named list the company does not
/// have is an error on `priceListId` in `validation`.
pub(crate) async fn default_prices(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    context: &PriceContext,
    lines: &mut [DraftLine],
) -> ApiResult<()> {
    if let Some(id) = context.price_list_id
        && store::pricing::list_by_id(db, ctx.company, id, false)
            .await?
            .is_none()
    {
        validation.add("priceListId", "no such price list in this company");
        return Ok(());
    }
    if lines
        .iter()
        .all(|line| line.product.is_none() || line.unit_price_e6.is_some())
    {
        return Ok(());
    }
    let lists = store::pricing::lists_in(db, ctx.company, context.currency.code).await?;
    let tags = client_tags(db, ctx, Some(context.partner_id)).await?;
    let audience = Audience {
        named: context.price_list_id,
        partner: Some(context.partner_id.0),
        tags: &tags,
        currency: context.currency.code,
        date: context.date,
    };
    let tried = candidates(&lists, &audience);
    let mut categories = Categories::default();
    for line in lines.iter_mut() {
        let Some(product) = &line.product else {
            continue;
        };
        if line.unit_price_e6.is_some() {
            continue;
        }
        let prices = product_prices(
            db,
            ctx,
            &mut categories,
            product,
            context.currency,
            context.rate_e10,
        )
        .await?;
        let quantity = arkan_catalog::uoms::convert(line.quantity_e4, &line.unit, &product.uom)
            .unwrap_or(line.quantity_e4);
        let resolved = resolve(&tried, &prices, quantity, context.date);
        line.unit_price_e6 = price_per_unit(
            resolved.unit_price_e6,
            product.uom.ratio_e6,
            line.unit.ratio_e6,
        );
        if line.discount_ppm.is_none() && resolved.discount_ppm != 0 {
            line.discount_ppm = Some(resolved.discount_ppm.clamp(0, 1_000_000));
        }
    }
    Ok(())
}

static PRICE_LIST_LIST: ListSpec = ListSpec {
    name: "sales.price_lists",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "name",
            column: "name",
            kind: SortKind::Text,
        },
        SortField {
            name: "priority",
            column: "priority",
            kind: SortKind::Integer,
        },
    ],
};

const MAX_RULES: usize = 1_000;

fn optional_date(
    validation: &mut Validation,
    field: &str,
    text: Option<&str>,
) -> Option<NaiveDate> {
    text.and_then(|text| fields::parse_date(validation, field, text))
}

/// 400 on `to` when the dates are the wrong way round.
pub(crate) fn check_dates(
    validation: &mut Validation,
    field: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) {
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        validation.add(field, "must not be before the start date");
    }
}

/// A percent with at most 4 decimals as parts per million, within `range` percent.
pub(crate) fn percent(
    validation: &mut Validation,
    field: &str,
    text: &str,
    signed: bool,
) -> Option<i64> {
    let ppm = decimal(validation, field, text, 4, signed)?;
    if ppm > 1_000_000 && !signed || ppm < -1_000_000 {
        validation.add(field, "must be 0 to 100");
        return None;
    }
    Some(ppm)
}

/// Checks the partners given (each a partner of the company), naming `field[i]`.
pub(crate) async fn check_partners(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    field: &str,
    ids: &[Uuid],
) -> ApiResult<Vec<Uuid>> {
    let mut kept = Vec::with_capacity(ids.len());
    for (index, id) in ids.iter().enumerate() {
        if arkan_crm::partners::terms(db, ctx.company, PartnerId(*id))
            .await?
            .is_none()
        {
            validation.add(
                format!("{field}[{index}]"),
                "no such partner in this company",
            );
        } else if !kept.contains(id) {
            kept.push(*id);
        }
    }
    Ok(kept)
}

/// Checks the categories given, naming `field`.
pub(crate) async fn check_category(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    field: &str,
    id: Uuid,
) -> ApiResult<()> {
    if arkan_catalog::categories::ancestors(db, ctx.company, ProductCategoryId(id))
        .await?
        .is_empty()
    {
        validation.add(field, "no such product category in this company");
    }
    Ok(())
}

/// Checks the products given, naming `field`.
pub(crate) async fn check_products(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    fields: &[(String, Uuid)],
) -> ApiResult<()> {
    let ids: Vec<ProductId> = fields.iter().map(|(_, id)| ProductId(*id)).collect();
    let found = arkan_catalog::products::facts(db, ctx.company, &ids).await?;
    for (field, id) in fields {
        if !found.contains_key(&ProductId(*id)) {
            validation.add(field.clone(), "no such product in this company");
        }
    }
    Ok(())
}

async fn parse_rules(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    inputs: Vec<PriceRuleInput>,
) -> ApiResult<Vec<PriceRule>> {
    if inputs.len() > MAX_RULES {
        validation.add("rules", "a price list has at most 1,000 rules");
    }
    let mut products = Vec::new();
    let mut rules = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.into_iter().enumerate() {
        let field = |name: &str| format!("rules[{index}].{name}");
        if let Some(product) = input.product_id {
            products.push((field("productId"), product));
            if input.category_id.is_some() {
                validation.add(
                    field("categoryId"),
                    "give a product or a category, not both",
                );
            }
        }
        if let Some(category) = input.category_id {
            check_category(db, ctx, validation, &field("categoryId"), category).await?;
        }
        let min_quantity_e4 = input
            .min_quantity
            .and_then(|text| decimal(validation, &field("minQuantity"), &text.0, 4, false))
            .unwrap_or(0);
        let date_from = optional_date(validation, &field("dateFrom"), input.date_from.as_deref());
        let date_to = optional_date(validation, &field("dateTo"), input.date_to.as_deref());
        check_dates(validation, &field("dateTo"), date_from, date_to);
        let method = validation.code(
            &field("method"),
            input.method.trim(),
            PriceMethod::parse,
            PriceMethod::codes,
        );
        let mut rule = PriceRule {
            id: Uuid::now_v7(),
            product_id: input.product_id,
            category_id: input.category_id,
            min_quantity_e4,
            date_from,
            date_to,
            method: method.unwrap_or(PriceMethod::Fixed),
            price_e6: None,
            percent_ppm: None,
            base: None,
            surcharge_e6: None,
        };
        match method {
            Some(PriceMethod::Fixed) => match input.price {
                Some(price) => {
                    rule.price_e6 = decimal(validation, &field("price"), &price.0, 6, false);
                }
                None => validation.add(field("price"), "is required with method fixed"),
            },
            Some(PriceMethod::Discount) => match input.percent {
                Some(given) => {
                    rule.percent_ppm = percent(validation, &field("percent"), &given.0, false);
                }
                None => validation.add(field("percent"), "is required with method discount"),
            },
            Some(PriceMethod::Formula) => {
                rule.percent_ppm = input
                    .percent
                    .and_then(|given| percent(validation, &field("percent"), &given.0, true));
                rule.base = match input.base.as_deref() {
                    None => Some(PriceBase::SalePrice),
                    Some(text) => validation.code(
                        &field("base"),
                        text.trim(),
                        PriceBase::parse,
                        PriceBase::codes,
                    ),
                };
                rule.surcharge_e6 = input
                    .surcharge
                    .and_then(|text| decimal(validation, &field("surcharge"), &text.0, 6, true));
            }
            None => {}
        }
        rules.push(rule);
    }
    check_products(db, ctx, validation, &products).await?;
    Ok(rules)
}

/// Trims, drops blanks and repeats; 400 on a tag longer than 100 characters.
fn clean_tags(validation: &mut Validation, tags: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for (index, tag) in tags.into_iter().enumerate() {
        let tag = tag.trim().to_owned();
        if tag.chars().count() > 100 {
            validation.add(
                format!("partnerTags[{index}]"),
                "must be at most 100 characters",
            );
        } else if !tag.is_empty() && !kept.contains(&tag) {
            kept.push(tag);
        }
    }
    kept.sort();
    kept
}

fn name_field(validation: &mut Validation, name: &str) -> String {
    let name = name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        validation.add("name", "is required (at most 200 characters)");
    }
    name
}

pub async fn create_price_list(
    platform: &Platform,
    ctx: &Ctx,
    input: CreatePriceList,
) -> ApiResult<PriceListView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let name = name_field(&mut validation, &input.name);
    let currency = match input.currency.as_deref() {
        Some(code) => fields::currency(&mut validation, "currency", code.trim()),
        None => Some(ctx.currency),
    };
    let date_from = optional_date(&mut validation, "dateFrom", input.date_from.as_deref());
    let date_to = optional_date(&mut validation, "dateTo", input.date_to.as_deref());
    check_dates(&mut validation, "dateTo", date_from, date_to);
    let partner_tags = clean_tags(&mut validation, input.partner_tags.unwrap_or_default());
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let partner_ids = check_partners(
        db,
        ctx,
        &mut validation,
        "partnerIds",
        &input.partner_ids.unwrap_or_default(),
    )
    .await?;
    let rules = parse_rules(db, ctx, &mut validation, input.rules).await?;
    validation.finish()?;
    let now = now_micros();
    let list = PriceList {
        id: Uuid::now_v7(),
        name,
        currency: currency.unwrap_or(ctx.currency).code.to_owned(),
        date_from,
        date_to,
        priority: input.priority.unwrap_or(0),
        partner_ids,
        partner_tags,
        rules,
        created_at: now,
        updated_at: now,
    };
    store::pricing::insert_list(db, ctx.company, &list).await?;
    transaction.emit(ctx.company, events::PRICE_LIST_CREATED, list.id);
    transaction.commit().await?;
    Ok(list_view(list))
}

pub async fn update_price_list(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
    patch: UpdatePriceList,
) -> ApiResult<PriceListView> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let mut list = store::pricing::list_by_id(db, ctx.company, id, true)
        .await?
        .ok_or_else(|| ApiError::not_found("price_list"))?;
    let mut validation = Validation::new();
    if let Some(name) = patch.name {
        list.name = name_field(&mut validation, &name);
    }
    if let Some(code) = patch.currency
        && let Some(currency) = fields::currency(&mut validation, "currency", code.trim())
    {
        list.currency = currency.code.to_owned();
    }
    if let Some(date) = patch.date_from {
        list.date_from = optional_date(&mut validation, "dateFrom", date.as_deref());
    }
    if let Some(date) = patch.date_to {
        list.date_to = optional_date(&mut validation, "dateTo", date.as_deref());
    }
    check_dates(&mut validation, "dateTo", list.date_from, list.date_to);
    if let Some(priority) = patch.priority {
        list.priority = priority;
    }
    if let Some(tags) = patch.partner_tags {
        list.partner_tags = clean_tags(&mut validation, tags);
    }
    if let Some(partners) = patch.partner_ids {
        list.partner_ids =
            check_partners(db, ctx, &mut validation, "partnerIds", &partners).await?;
    }
    if let Some(rules) = patch.rules {
        list.rules = parse_rules(db, ctx, &mut validation, rules).await?;
    }
    validation.finish()?;
    list.updated_at = now_micros();
    store::pricing::update_list(db, ctx.company, &list).await?;
    transaction.emit(ctx.company, events::PRICE_LIST_UPDATED, list.id);
    transaction.commit().await?;
    Ok(list_view(list))
}

/// Deletes a price list no sales order names (409 `price_list_in_use`).
pub async fn delete_price_list(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<()> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    store::pricing::list_by_id(db, ctx.company, id, true)
        .await?
        .ok_or_else(|| ApiError::not_found("price_list"))?;
    if store::pricing::named_by_an_order(db, ctx.company, id).await? {
        return Err(errors::pricing::price_list_in_use());
    }
    store::pricing::delete_list(db, ctx.company, id).await?;
    transaction.emit(ctx.company, events::PRICE_LIST_DELETED, id);
    transaction.commit().await?;
    Ok(())
}

pub async fn get_price_list(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<PriceListView> {
    store::pricing::list_by_id(platform.db.connection(), ctx.company, id, false)
        .await?
        .map(list_view)
        .ok_or_else(|| ApiError::not_found("price_list"))
}

pub async fn list_price_lists(
    platform: &Platform,
    ctx: &Ctx,
    query: PriceListQuery,
) -> ApiResult<Page<PriceListView>> {
    let mut validation = Validation::new();
    let currency = query
        .currency
        .as_deref()
        .filter(|code| !code.is_empty())
        .and_then(|code| fields::currency(&mut validation, "currency", code))
        .map(|currency| currency.code.to_owned());
    validation.finish()?;
    let filter = PriceListFilter {
        partner_id: fields::optional_uuid("partner_id", query.partner_id.as_deref())?,
        currency,
        q: fields::clean(query.q),
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &PRICE_LIST_LIST, &key)?;
    let (rows, total) =
        store::pricing::list_lists(platform.db.connection(), ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |list| match page.sort.name {
        "name" => (SortValue::Text(list.name.clone()), list.id),
        "priority" => (SortValue::Integer(i64::from(list.priority)), list.id),
        _ => (SortValue::Integer(list.created_at), list.id),
    });
    Ok(page.map(list_view))
}

/// The price of a product for a client, as a line of a document would take it.
pub async fn resolve_price(
    platform: &Platform,
    ctx: &Ctx,
    query: ResolveQuery,
) -> ApiResult<ResolvedPriceView> {
    let mut validation = Validation::new();
    let product_id = fields::optional_uuid("product_id", query.product_id.as_deref())?;
    let partner_id = fields::optional_uuid("partner_id", query.partner_id.as_deref())?;
    let price_list_id = fields::optional_uuid("price_list_id", query.price_list_id.as_deref())?;
    let date = fields::optional_date("date", query.date.as_deref())?
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let currency = match query.currency.as_deref().filter(|code| !code.is_empty()) {
        Some(code) => fields::currency(&mut validation, "currency", code),
        None => Some(ctx.currency),
    };
    let quantity_e4 = match query.quantity.as_deref().filter(|text| !text.is_empty()) {
        Some(text) => decimal(&mut validation, "quantity", text, 4, false),
        None => Some(10_000),
    };
    if quantity_e4 == Some(0) {
        validation.add("quantity", "must be more than zero");
    }
    if product_id.is_none() {
        validation.add("product_id", "is required");
    }
    let db = platform.db.connection();
    let product = match product_id {
        Some(id) => {
            let found = arkan_catalog::products::facts(db, ctx.company, &[ProductId(id)]).await?;
            let product = found.get(&ProductId(id)).cloned();
            if product.is_none() {
                validation.add("product_id", "no such product in this company");
            }
            product
        }
        None => None,
    };
    if let Some(partner) = partner_id
        && arkan_crm::partners::terms(db, ctx.company, PartnerId(partner))
            .await?
            .is_none()
    {
        validation.add("partner_id", "no such partner in this company");
    }
    if let Some(list) = price_list_id
        && store::pricing::list_by_id(db, ctx.company, list, false)
            .await?
            .is_none()
    {
        validation.add("price_list_id", "no such price list in this company");
    }
    validation.finish()?;
    let (Some(product), Some(currency), Some(quantity_e4)) = (product, currency, quantity_e4)
    else {
        return Err(ApiError::invalid_field("product_id", "is required"));
    };
    let rate_e10 = arkan_ledger::books::document_rate(db, ctx, currency, date).await?;
    let lists = store::pricing::lists_in(db, ctx.company, currency.code).await?;
    let tags = client_tags(db, ctx, partner_id.map(PartnerId)).await?;
    let audience = Audience {
        named: price_list_id,
        partner: partner_id,
        tags: &tags,
        currency: currency.code,
        date,
    };
    let tried = candidates(&lists, &audience);
    let prices = product_prices(
        db,
        ctx,
        &mut Categories::default(),
        &product,
        currency,
        rate_e10,
    )
    .await?;
    let Resolved {
        price_list_id,
        rule_id,
        method,
        base_e6,
        unit_price_e6,
        discount_ppm,
    } = resolve(&tried, &prices, quantity_e4, date);
    Ok(ResolvedPriceView {
        product_id: product.id.0,
        partner_id,
        quantity: format_trimmed(quantity_e4, 4),
        date: format_date(date),
        currency: currency.code.to_owned(),
        price_list_id,
        rule_id,
        method: method.map(|method| method.as_str().to_owned()),
        base_price: format_trimmed(base_e6, 6),
        unit_price: format_trimmed(unit_price_e6, 6),
        discount_percent: format_trimmed(discount_ppm, 4),
    })
}

fn list_view(list: PriceList) -> PriceListView {
    PriceListView {
        id: list.id,
        name: list.name,
        currency: list.currency,
        partner_ids: list.partner_ids,
        partner_tags: list.partner_tags,
        date_from: list.date_from.map(format_date),
        date_to: list.date_to.map(format_date),
        priority: list.priority,
        rules: list
            .rules
            .into_iter()
            .map(|rule| PriceRuleView {
                id: rule.id,
                product_id: rule.product_id,
                category_id: rule.category_id,
                min_quantity: format_trimmed(rule.min_quantity_e4, 4),
                date_from: rule.date_from.map(format_date),
                date_to: rule.date_to.map(format_date),
                method: rule.method.as_str().to_owned(),
                price: rule.price_e6.map(|price| format_trimmed(price, 6)),
                percent: rule.percent_ppm.map(|ppm| format_trimmed(ppm, 4)),
                base: rule.base.map(|base| base.as_str().to_owned()),
                surcharge: rule.surcharge_e6.map(|price| format_trimmed(price, 6)),
            })
            .collect(),
        created_at: rfc3339(list.created_at),
        updated_at: rfc3339(list.updated_at),
    }
}
