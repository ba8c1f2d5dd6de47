//! Discounts: the rules and promo codes, the lines they add to an order, `evaluate` and
//! `validate-promo` (the rules themselves in `domain::discounts`).

use arkan_catalog::InvoicePolicy;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::{divide_rounded, format_minor, format_trimmed};
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{Currency, PartnerId, ProductId, SalesOrderId};
use arkan_platform::error::{ApiError, ApiResult, Validation, is_unique_violation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::orders::{decimal, price_lines};
use super::pricing::{
    Categories, PriceContext, check_category, check_dates, check_partners, check_products, percent,
};
use super::warnings::OrderAmount;
use crate::api::discounts::*;
use crate::domain::discounts::{
    BasketLine, Discount, DiscountType, PromoReason, amounts, promo_reason,
};
use crate::store::discounts::DiscountFilter;
use crate::store::orders::{SalesLine, SalesOrder};
use crate::{errors, events, store};

static DISCOUNT_LIST: ListSpec = ListSpec {
    name: "sales.discounts",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "name",
            column: "name",
            kind: SortKind::Text,
        },
    ],
};

/// A company-currency amount in the document's currency (booked at `rate_e10`).
fn to_document(ctx: &Ctx, currency: Currency, rate_e10: i64, minor: i64) -> i64 {
    if currency.code == ctx.currency.code {
        return minor;
    }
    let scale = |exponent: u8| 10_i128.pow(u32::from(exponent));
    divide_rounded(
        i128::from(minor) * 10_000_000_000 * scale(currency.exponent),
        i128::from(rate_e10) * scale(ctx.currency.exponent),
    )
    .unwrap_or(0)
}

/// What the rules take off a basket: each applied rule with its amounts per line, and the
/// promo code's check when one was given.
struct Outcome {
    applied: Vec<(Discount, Vec<(usize, i64)>)>,
    promo: Option<PromoCheckView>,
}

/// Runs the company's automatic rules and the promo code on priced lines.
async fn apply_rules(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    context: &PriceContext,
    partner: Option<Uuid>,
    promo_code: Option<&str>,
    lines: &[SalesLine],
) -> ApiResult<Outcome> {
    let ids: Vec<ProductId> = lines
        .iter()
        .filter_map(|line| line.product_id)
        .map(ProductId)
        .collect();
    let products = arkan_catalog::products::facts(db, ctx.company, &ids).await?;
    let mut categories = Categories::default();
    let mut basket = Vec::with_capacity(lines.len());
    for line in lines {
        let category = line
            .product_id
            .and_then(|id| products.get(&ProductId(id)))
            .and_then(|product| product.category_id);
        basket.push(BasketLine {
            product_id: line.product_id,
            categories: categories.of(db, ctx, category).await?,
            quantity_e4: line.quantity_e4,
            subtotal: line.subtotal,
        });
    }
    let convert = |minor: i64| to_document(ctx, context.currency, context.rate_e10, minor);
    let mut rules = store::discounts::automatic_discounts(db, ctx.company).await?;
    let mut promo = None;
    if let Some(code) = promo_code.map(str::trim).filter(|code| !code.is_empty()) {
        let untaxed: i64 = basket.iter().map(|line| line.subtotal.max(0)).sum();
        let amount = super::warnings::amount_in(
            ctx,
            OrderAmount {
                minor: untaxed,
                currency: context.currency,
                rate_e10: context.rate_e10,
            },
            ctx.currency,
        );
        let reason = match store::discounts::discount_by_code(db, ctx.company, code).await? {
            None => Some(PromoReason::Unknown),
            Some(discount) => {
                let uses = match partner {
                    Some(partner) => {
                        store::discounts::partner_uses(db, ctx.company, discount.id, partner)
                            .await?
                    }
                    None => 0,
                };
                let reason = promo_reason(&discount, context.date, partner, amount, uses);
                if reason.is_none() {
                    rules.push(discount);
                }
                reason
            }
        };
        promo = Some(PromoCheckView {
            code: code.to_owned(),
            valid: reason.is_none(),
            reason: reason.map(|reason| reason.as_str().to_owned()),
        });
    }
    let applied = rules
        .into_iter()
        .filter_map(|rule| {
            let off = amounts(&rule, &basket, partner, context.date, &convert);
            (!off.is_empty()).then_some((rule, off))
        })
        .collect();
    Ok(Outcome { applied, promo })
}

/// The lines the company's discount rules (and the promo code, when it may be used) add to
/// these priced lines: per rule, one line per set of taxes of the lines it applies to, its
/// unit price the negative amount, `discount_id` set.
pub(crate) async fn discount_lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    context: &PriceContext,
    promo_code: Option<&str>,
    lines: &[SalesLine],
) -> ApiResult<Vec<SalesLine>> {
    let outcome = apply_rules(
        db,
        ctx,
        context,
        Some(context.partner_id.0),
        promo_code,
        lines,
    )
    .await?;
    let to_e6 = 10_i64.pow(u32::from(6_u8.saturating_sub(context.currency.exponent)));
    let mut added = Vec::new();
    for (discount, off) in outcome.applied {
        let mut groups: Vec<(Vec<Uuid>, i64)> = Vec::new();
        for (index, amount) in off {
            let taxes = lines[index].tax_ids.clone();
            match groups.iter_mut().find(|(group, _)| *group == taxes) {
                Some((_, total)) => *total += amount,
                None => groups.push((taxes, amount)),
            }
        }
        for (tax_ids, amount) in groups {
            added.push(SalesLine {
                id: Uuid::now_v7(),
                product_id: None,
                description: discount.name.clone(),
                quantity_e4: 10_000,
                uom: "unit".to_owned(),
                unit_price_e6: -amount.saturating_mul(to_e6),
                discount_ppm: 0,
                tax_ids,
                subtotal: 0,
                tax: 0,
                total: 0,
                invoice_policy: InvoicePolicy::Ordered,
                quantity_delivered_e4: 0,
                quantity_returned_e4: 0,
                discount_id: Some(discount.id),
            });
        }
    }
    Ok(added)
}

/// Counts the use of the order's promo code inside the confirming transaction: 409
/// `promo_code_<reason>` when it may not be used. The use is taken by one conditional UPDATE
/// (below the limit), so two confirmations racing for the last use cannot both have it; the
/// client's uses are counted after it, under its lock.
pub(crate) async fn take_promo(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    order: &SalesOrder,
    lines: &[SalesLine],
) -> ApiResult<()> {
    let Some(code) = order
        .promo_code
        .as_deref()
        .map(str::trim)
        .filter(|code| !code.is_empty())
    else {
        return Ok(());
    };
    let Some(discount) = store::discounts::discount_by_code(db, ctx.company, code).await? else {
        return Err(errors::pricing::promo_code_refused(PromoReason::Unknown));
    };
    let currency = Currency::from_code(&order.currency).unwrap_or(ctx.currency);
    let untaxed: i64 = lines
        .iter()
        .filter(|line| line.discount_id.is_none())
        .map(|line| line.subtotal)
        .sum();
    let amount = super::warnings::amount_in(
        ctx,
        OrderAmount {
            minor: untaxed,
            currency,
            rate_e10: order.rate_e10,
        },
        ctx.currency,
    );
    if let Some(reason) = promo_reason(
        &discount,
        order.order_date,
        Some(order.partner_id),
        amount,
        0,
    ) {
        return Err(errors::pricing::promo_code_refused(reason));
    }
    if !store::discounts::take_use(db, ctx.company, discount.id).await? {
        return Err(errors::pricing::promo_code_refused(
            PromoReason::UsageLimitReached,
        ));
    }
    let uses =
        store::discounts::partner_uses(db, ctx.company, discount.id, order.partner_id).await?;
    if discount
        .usage_limit_per_partner
        .is_some_and(|limit| uses >= limit)
    {
        return Err(errors::pricing::promo_code_refused(
            PromoReason::PartnerLimitReached,
        ));
    }
    store::discounts::record_use(
        db,
        ctx.company,
        discount.id,
        order.partner_id,
        order.id,
        now_micros(),
    )
    .await?;
    Ok(())
}

/// What the rules would take off a basket or an order's lines (those no rule added).
pub async fn evaluate(
    platform: &Platform,
    ctx: &Ctx,
    input: EvaluateDiscounts,
) -> ApiResult<EvaluationView> {
    let mut validation = Validation::new();
    let date = input
        .date
        .as_deref()
        .and_then(|text| fields::parse_date(&mut validation, "date", text));
    let currency = input
        .currency
        .as_deref()
        .and_then(|code| fields::currency(&mut validation, "currency", code.trim()));
    let db = platform.db.connection();
    if let Some(partner) = input.partner_id
        && arkan_crm::partners::terms(db, ctx.company, PartnerId(partner))
            .await?
            .is_none()
    {
        validation.add("partnerId", "no such partner in this company");
    }
    let (context, partner, promo_code, mut lines) = match (input.order_id, input.lines) {
        (Some(order), None) => {
            validation.finish()?;
            let (order, lines) = super::orders::load(db, ctx, SalesOrderId(order), false).await?;
            let currency = Currency::from_code(&order.currency).unwrap_or(ctx.currency);
            let context = PriceContext {
                partner_id: PartnerId(order.partner_id),
                date: date.unwrap_or(order.order_date),
                currency,
                rate_e10: order.rate_e10,
                price_list_id: order.price_list_id,
            };
            let kept: Vec<SalesLine> = lines
                .into_iter()
                .filter(|line| line.discount_id.is_none())
                .collect();
            (
                context,
                Some(input.partner_id.unwrap_or(order.partner_id)),
                input.promo_code.or(order.promo_code),
                kept,
            )
        }
        (None, Some(basket)) => {
            if basket.is_empty() || basket.len() > 1_000 {
                validation.add("lines", "a basket has 1 to 1,000 lines");
            }
            let ids: Vec<(String, Uuid)> = basket
                .iter()
                .enumerate()
                .map(|(index, line)| (format!("lines[{index}].productId"), line.product_id))
                .collect();
            check_products(db, ctx, &mut validation, &ids).await?;
            let lines: Vec<SalesLine> = basket
                .into_iter()
                .enumerate()
                .map(|(index, line)| {
                    let field = |name: &str| format!("lines[{index}].{name}");
                    basket_line(
                        line.product_id,
                        decimal(
                            &mut validation,
                            &field("quantity"),
                            &line.quantity.0,
                            4,
                            false,
                        )
                        .unwrap_or(0),
                        decimal(
                            &mut validation,
                            &field("unitPrice"),
                            &line.unit_price.0,
                            6,
                            false,
                        )
                        .unwrap_or(0),
                    )
                })
                .collect();
            validation.finish()?;
            let date = date.unwrap_or_else(|| chrono::Utc::now().date_naive());
            let currency = currency.unwrap_or(ctx.currency);
            let rate_e10 = arkan_ledger::books::document_rate(db, ctx, currency, date).await?;
            let context = PriceContext {
                partner_id: PartnerId(input.partner_id.unwrap_or_default()),
                date,
                currency,
                rate_e10,
                price_list_id: None,
            };
            (context, input.partner_id, input.promo_code, lines)
        }
        _ => {
            return Err(ApiError::invalid_field(
                "orderId",
                "give either an orderId or lines",
            ));
        }
    };
    let mut validation = Validation::new();
    let Some([before, _, _]) = price_lines(db, ctx, &context, &mut lines, &mut validation).await?
    else {
        validation.finish()?;
        return Err(ApiError::invalid_field(
            "lines",
            "the lines could not be priced",
        ));
    };
    let outcome = apply_rules(db, ctx, &context, partner, promo_code.as_deref(), &lines).await?;
    let money = |minor: i64| format_minor(minor, context.currency.exponent);
    let mut discount = 0;
    let applied = outcome
        .applied
        .into_iter()
        .map(|(rule, off)| {
            let amount: i64 = off.iter().map(|(_, amount)| amount).sum();
            discount += amount;
            AppliedDiscountView {
                discount_id: rule.id,
                name: rule.name,
                kind: rule.kind.as_str().to_owned(),
                amount: money(amount),
                line_indexes: off.into_iter().map(|(index, _)| index).collect(),
            }
        })
        .collect();
    Ok(EvaluationView {
        currency: context.currency.code.to_owned(),
        amount_before: money(before),
        amount_discount: money(discount),
        amount_after: money(before - discount),
        applied,
        promo_code: outcome.promo,
    })
}

/// A basket line as a line to price (no taxes: the amounts are untaxed).
fn basket_line(product: Uuid, quantity_e4: i64, unit_price_e6: i64) -> SalesLine {
    SalesLine {
        id: Uuid::now_v7(),
        product_id: Some(product),
        description: String::new(),
        quantity_e4,
        uom: String::new(),
        unit_price_e6,
        discount_ppm: 0,
        tax_ids: Vec::new(),
        subtotal: 0,
        tax: 0,
        total: 0,
        invoice_policy: InvoicePolicy::Ordered,
        quantity_delivered_e4: 0,
        quantity_returned_e4: 0,
        discount_id: None,
    }
}

/// Whether a promo code may be used by the client on an order of `amount` (company
/// currency), today.
pub async fn validate_promo(
    platform: &Platform,
    ctx: &Ctx,
    query: ValidatePromoQuery,
) -> ApiResult<PromoValidationView> {
    let mut validation = Validation::new();
    let code = query.code.unwrap_or_default().trim().to_owned();
    if code.is_empty() {
        validation.add("code", "is required");
    }
    let partner = fields::optional_uuid("partner_id", query.partner_id.as_deref())?;
    let amount = query
        .amount
        .as_deref()
        .filter(|text| !text.is_empty())
        .and_then(|text| fields::amount(&mut validation, "amount", text, ctx.currency));
    validation.finish()?;
    let db = platform.db.connection();
    let today = chrono::Utc::now().date_naive();
    let (discount_id, reason) = match store::discounts::discount_by_code(db, ctx.company, &code)
        .await?
    {
        None => (None, Some(PromoReason::Unknown)),
        Some(discount) => {
            let uses = match partner {
                Some(partner) => {
                    store::discounts::partner_uses(db, ctx.company, discount.id, partner).await?
                }
                None => 0,
            };
            (
                Some(discount.id),
                promo_reason(&discount, today, partner, amount, uses),
            )
        }
    };
    Ok(PromoValidationView {
        code,
        valid: reason.is_none(),
        discount_id,
        reason: reason.map(|reason| reason.as_str().to_owned()),
    })
}

fn money_field(validation: &mut Validation, ctx: &Ctx, field: &str, text: &str) -> Option<i64> {
    let minor = fields::amount(validation, field, text, ctx.currency)?;
    if minor < 0 {
        validation.add(field, "must not be negative");
        return None;
    }
    Some(minor)
}

fn optional_date(
    validation: &mut Validation,
    field: &str,
    text: Option<&str>,
) -> Option<NaiveDate> {
    text.and_then(|text| fields::parse_date(validation, field, text))
}

/// Checks a rule as a whole (400 naming the field): what its type needs, its dates, its
/// limits, its targets.
async fn check_rule(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    discount: &mut Discount,
) -> ApiResult<()> {
    let name = discount.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        validation.add("name", "is required (at most 200 characters)");
    }
    discount.name = name;
    check_dates(validation, "dateTo", discount.date_from, discount.date_to);
    match discount.kind {
        DiscountType::OrderTotal | DiscountType::Product => {
            if discount.percent_ppm.is_some() == discount.amount_minor.is_some() {
                validation.add("percent", "give a percent or an amount (one of them)");
            }
        }
        DiscountType::BuyXGetY => {
            if discount
                .buy_quantity_e4
                .is_none_or(|quantity| quantity <= 0)
            {
                validation.add(
                    "buyQuantity",
                    "is required with type buy_x_get_y (more than 0)",
                );
            }
            if discount
                .free_quantity_e4
                .is_none_or(|quantity| quantity <= 0)
            {
                validation.add(
                    "freeQuantity",
                    "is required with type buy_x_get_y (more than 0)",
                );
            }
        }
    }
    discount.promo_code = fields::clean(discount.promo_code.take());
    if discount
        .promo_code
        .as_ref()
        .is_some_and(|code| code.chars().count() > 50)
    {
        validation.add("promoCode", "must be at most 50 characters");
    }
    for (field, limit) in [
        ("usageLimit", discount.usage_limit),
        ("usageLimitPerPartner", discount.usage_limit_per_partner),
    ] {
        if limit.is_some_and(|limit| limit < 1) {
            validation.add(field, "must be 1 or more");
        } else if limit.is_some() && discount.promo_code.is_none() {
            validation.add(field, "counts the uses of a promo code: give a promoCode");
        }
    }
    if let Some(code) = &discount.promo_code
        && let Some(other) = store::discounts::discount_by_code(db, ctx.company, code).await?
        && other.id != discount.id
    {
        return Err(errors::pricing::promo_code_taken());
    }
    let products: Vec<(String, Uuid)> = discount
        .product_ids
        .iter()
        .enumerate()
        .map(|(index, id)| (format!("productIds[{index}]"), *id))
        .collect();
    check_products(db, ctx, validation, &products).await?;
    for (index, category) in discount.category_ids.iter().enumerate() {
        check_category(
            db,
            ctx,
            validation,
            &format!("categoryIds[{index}]"),
            *category,
        )
        .await?;
    }
    discount.partner_ids =
        check_partners(db, ctx, validation, "partnerIds", &discount.partner_ids).await?;
    discount.product_ids.dedup();
    discount.category_ids.dedup();
    Ok(())
}

fn quantity_field(validation: &mut Validation, field: &str, text: &str) -> Option<i64> {
    decimal(validation, field, text, 4, false)
}

pub async fn create_discount(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateDiscount,
) -> ApiResult<DiscountView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let kind = validation.code(
        "type",
        input.kind.trim(),
        DiscountType::parse,
        DiscountType::codes,
    );
    let now = now_micros();
    let mut discount = Discount {
        id: Uuid::now_v7(),
        name: input.name,
        kind: kind.unwrap_or(DiscountType::OrderTotal),
        active: input.active.unwrap_or(true),
        date_from: optional_date(&mut validation, "dateFrom", input.date_from.as_deref()),
        date_to: optional_date(&mut validation, "dateTo", input.date_to.as_deref()),
        min_amount_minor: input
            .min_amount
            .and_then(|text| money_field(&mut validation, ctx, "minAmount", &text.0)),
        percent_ppm: input
            .percent
            .and_then(|text| percent(&mut validation, "percent", &text.0, false)),
        amount_minor: input
            .amount
            .and_then(|text| money_field(&mut validation, ctx, "amount", &text.0)),
        buy_quantity_e4: input
            .buy_quantity
            .and_then(|text| quantity_field(&mut validation, "buyQuantity", &text.0)),
        free_quantity_e4: input
            .free_quantity
            .and_then(|text| quantity_field(&mut validation, "freeQuantity", &text.0)),
        promo_code: input.promo_code,
        usage_limit: input.usage_limit,
        usage_limit_per_partner: input.usage_limit_per_partner,
        usage_count: 0,
        product_ids: input.product_ids.unwrap_or_default(),
        category_ids: input.category_ids.unwrap_or_default(),
        partner_ids: input.partner_ids.unwrap_or_default(),
        created_at: now,
        updated_at: now,
    };
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    if kind.is_some() {
        check_rule(db, ctx, &mut validation, &mut discount).await?;
    }
    validation.finish()?;
    store::discounts::insert_discount(db, ctx.company, &discount)
        .await
        .map_err(taken)?;
    transaction.emit(ctx.company, events::DISCOUNT_CREATED, discount.id);
    transaction.commit().await?;
    Ok(view(ctx, discount))
}

/// 409 `promo_code_taken` for the unique index on the promo code.
fn taken(error: sea_orm::DbErr) -> ApiError {
    if is_unique_violation(&error) {
        errors::pricing::promo_code_taken()
    } else {
        error.into()
    }
}

pub async fn update_discount(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
    patch: UpdateDiscount,
) -> ApiResult<DiscountView> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let mut discount = store::discounts::discount_by_id(db, ctx.company, id, true)
        .await?
        .ok_or_else(|| ApiError::not_found("discount"))?;
    let mut validation = Validation::new();
    let v = &mut validation;
    if let Some(name) = patch.name {
        discount.name = name;
    }
    if let Some(active) = patch.active {
        discount.active = active;
    }
    if let Some(date) = patch.date_from {
        discount.date_from = optional_date(v, "dateFrom", date.as_deref());
    }
    if let Some(date) = patch.date_to {
        discount.date_to = optional_date(v, "dateTo", date.as_deref());
    }
    if let Some(amount) = patch.min_amount {
        discount.min_amount_minor =
            amount.and_then(|text| money_field(v, ctx, "minAmount", &text.0));
    }
    if let Some(given) = patch.percent {
        discount.percent_ppm = given.and_then(|text| percent(v, "percent", &text.0, false));
    }
    if let Some(amount) = patch.amount {
        discount.amount_minor = amount.and_then(|text| money_field(v, ctx, "amount", &text.0));
    }
    if let Some(quantity) = patch.buy_quantity {
        discount.buy_quantity_e4 =
            quantity.and_then(|text| quantity_field(v, "buyQuantity", &text.0));
    }
    if let Some(quantity) = patch.free_quantity {
        discount.free_quantity_e4 =
            quantity.and_then(|text| quantity_field(v, "freeQuantity", &text.0));
    }
    if let Some(code) = patch.promo_code {
        discount.promo_code = code;
    }
    if let Some(limit) = patch.usage_limit {
        discount.usage_limit = limit;
    }
    if let Some(limit) = patch.usage_limit_per_partner {
        discount.usage_limit_per_partner = limit;
    }
    if let Some(ids) = patch.product_ids {
        discount.product_ids = ids;
    }
    if let Some(ids) = patch.category_ids {
        discount.category_ids = ids;
    }
    if let Some(ids) = patch.partner_ids {
        discount.partner_ids = ids;
    }
    check_rule(db, ctx, &mut validation, &mut discount).await?;
    validation.finish()?;
    discount.updated_at = now_micros();
    store::discounts::update_discount(db, ctx.company, &discount)
        .await
        .map_err(taken)?;
    transaction.emit(ctx.company, events::DISCOUNT_UPDATED, discount.id);
    transaction.commit().await?;
    Ok(view(ctx, discount))
}

/// Deletes a rule; the orders that used it keep their lines.
pub async fn delete_discount(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<()> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    store::discounts::discount_by_id(db, ctx.company, id, true)
        .await?
        .ok_or_else(|| ApiError::not_found("discount"))?;
    store::discounts::delete_discount(db, ctx.company, id).await?;
    transaction.emit(ctx.company, events::DISCOUNT_DELETED, id);
    transaction.commit().await?;
    Ok(())
}

pub async fn get_discount(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<DiscountView> {
    store::discounts::discount_by_id(platform.db.connection(), ctx.company, id, false)
        .await?
        .map(|discount| view(ctx, discount))
        .ok_or_else(|| ApiError::not_found("discount"))
}

pub async fn list_discounts(
    platform: &Platform,
    ctx: &Ctx,
    query: DiscountListQuery,
) -> ApiResult<Page<DiscountView>> {
    let filter = DiscountFilter {
        kind: fields::optional_code(
            "type",
            query.kind.as_deref(),
            DiscountType::parse,
            DiscountType::codes(),
        )?,
        active: fields::optional_bool("active", query.active.as_deref())?,
        q: fields::clean(query.q),
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &DISCOUNT_LIST, &key)?;
    let (rows, total) =
        store::discounts::list_discounts(platform.db.connection(), ctx.company, &filter, &page)
            .await?;
    let page = page.page(rows, total, |discount| match page.sort.name {
        "name" => (SortValue::Text(discount.name.clone()), discount.id),
        _ => (SortValue::Integer(discount.created_at), discount.id),
    });
    Ok(page.map(|discount| view(ctx, discount)))
}

fn view(ctx: &Ctx, discount: Discount) -> DiscountView {
    let money = |minor: i64| format_minor(minor, ctx.currency.exponent);
    DiscountView {
        id: discount.id,
        name: discount.name,
        kind: discount.kind.as_str().to_owned(),
        active: discount.active,
        date_from: discount.date_from.map(format_date),
        date_to: discount.date_to.map(format_date),
        min_amount: discount.min_amount_minor.map(money),
        product_ids: discount.product_ids,
        category_ids: discount.category_ids,
        partner_ids: discount.partner_ids,
        percent: discount.percent_ppm.map(|ppm| format_trimmed(ppm, 4)),
        amount: discount.amount_minor.map(money),
        buy_quantity: discount.buy_quantity_e4.map(|e4| format_trimmed(e4, 4)),
        free_quantity: discount.free_quantity_e4.map(|e4| format_trimmed(e4, 4)),
        promo_code: discount.promo_code,
        usage_limit: discount.usage_limit,
        usage_limit_per_partner: discount.usage_limit_per_partner,
        usage_count: discount.usage_count,
        created_at: rfc3339(discount.created_at),
        updated_at: rfc3339(discount.updated_at),
    }
}
