//! Warnings on clients and products, and the warnings an order meets: the manual ones, the
//! client's credit limit against its open receivables plus the order, its overdue invoices.

use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::{divide_rounded, format_minor};
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{Currency, PartnerId, ProductId};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::api::warnings::*;
use crate::domain::orders::CreditLimitPolicy;
use crate::domain::warnings::{WarningEntity, WarningLevel, WarningSource};
use crate::store::warnings::{Warning, WarningFilter};
use crate::{events, store};

static WARNING_LIST: ListSpec = ListSpec {
    name: "sales.warnings",
    sorts: &[CREATED_AT],
};

/// Checks that the warning's entity is a client or a product of the company (400 on
/// `entityId`).
async fn check_entity(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    kind: WarningEntity,
    id: Uuid,
) -> ApiResult<()> {
    let known = match kind {
        WarningEntity::Client => arkan_crm::partners::terms(db, ctx.company, PartnerId(id))
            .await?
            .is_some_and(|terms| terms.is_client),
        WarningEntity::Product => arkan_catalog::products::facts(db, ctx.company, &[ProductId(id)])
            .await?
            .contains_key(&ProductId(id)),
    };
    if !known {
        validation.add("entityId", format!("no such {kind} in this company"));
    }
    Ok(())
}

pub async fn create_warning(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateWarning,
) -> ApiResult<WarningView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let kind = validation.code(
        "entityType",
        input.entity_type.trim(),
        WarningEntity::parse,
        WarningEntity::codes,
    );
    let level = validation.code(
        "level",
        input.level.trim(),
        WarningLevel::parse,
        WarningLevel::codes,
    );
    let message = input.message.trim().to_owned();
    if message.is_empty() || message.chars().count() > 2_000 {
        validation.add("message", "is required (at most 2,000 characters)");
    }
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    if let Some(kind) = kind {
        check_entity(db, ctx, &mut validation, kind, input.entity_id).await?;
    }
    validation.finish()?;
    let (Some(entity_type), Some(level)) = (kind, level) else {
        return Err(ApiError::invalid_field("entityType", "is required"));
    };
    let now = now_micros();
    let warning = Warning {
        id: Uuid::now_v7(),
        entity_type,
        entity_id: input.entity_id,
        level,
        message,
        created_by: ctx.user.0,
        created_at: now,
        updated_at: now,
    };
    store::warnings::insert_warning(db, ctx.company, &warning).await?;
    transaction.emit(ctx.company, events::SALES_WARNING_CREATED, warning.id);
    transaction.commit().await?;
    Ok(view(warning))
}

pub async fn delete_warning(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<()> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    if !store::warnings::delete_warning(&*transaction, ctx.company, id).await? {
        return Err(ApiError::not_found("sales_warning"));
    }
    transaction.emit(ctx.company, events::SALES_WARNING_DELETED, id);
    transaction.commit().await?;
    Ok(())
}

pub async fn list_warnings(
    platform: &Platform,
    ctx: &Ctx,
    query: WarningListQuery,
) -> ApiResult<Page<WarningView>> {
    let filter = WarningFilter {
        entity_type: fields::optional_code(
            "entity_type",
            query.entity_type.as_deref(),
            WarningEntity::parse,
            WarningEntity::codes(),
        )?,
        entity_id: fields::optional_uuid("entity_id", query.entity_id.as_deref())?,
        level: fields::optional_code(
            "level",
            query.level.as_deref(),
            WarningLevel::parse,
            WarningLevel::codes(),
        )?,
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &WARNING_LIST, &key)?;
    let (rows, total) =
        store::warnings::list_warnings(platform.db.connection(), ctx.company, &filter, &page)
            .await?;
    let page = page.page(rows, total, |warning| {
        (SortValue::Integer(warning.created_at), warning.id)
    });
    Ok(page.map(view))
}

/// An order's amount to weigh against the client's credit limit: minor units of `currency`,
/// booked at `rate_e10` (company units per unit, times 10^10).
#[derive(Clone, Copy, Debug)]
pub(crate) struct OrderAmount {
    pub minor: i64,
    pub currency: Currency,
    pub rate_e10: i64,
}

/// `amount` in `to` (the company currency or the amount's own); None for a third currency.
pub(crate) fn amount_in(ctx: &Ctx, amount: OrderAmount, to: Currency) -> Option<i64> {
    if amount.currency.code == to.code {
        return Some(amount.minor);
    }
    if to.code != ctx.currency.code {
        return None;
    }
    let scale = |exponent: u8| 10_i128.pow(u32::from(exponent));
    divide_rounded(
        i128::from(amount.minor) * i128::from(amount.rate_e10) * scale(to.exponent),
        10_000_000_000 * scale(amount.currency.exponent),
    )
}

fn checked(
    warning_id: Option<Uuid>,
    source: WarningSource,
    entity_type: WarningEntity,
    entity_id: Uuid,
    level: WarningLevel,
    message: String,
) -> CheckedWarningView {
    CheckedWarningView {
        warning_id,
        source: source.as_str().to_owned(),
        entity_type: entity_type.as_str().to_owned(),
        entity_id,
        level: level.as_str().to_owned(),
        message,
    }
}

/// The warnings an order of `client` for `products` meets: the manual warnings on them (the
/// client's first), the credit limit when `amount` is given and the policy is not `none`
/// (`block` level under the `block` policy), and the client's overdue invoices.
pub(crate) async fn order_warnings(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    client: Option<Uuid>,
    products: &[Uuid],
    amount: Option<OrderAmount>,
    policy: CreditLimitPolicy,
    date: chrono::NaiveDate,
) -> ApiResult<Vec<CheckedWarningView>> {
    let clients: Vec<Uuid> = client.into_iter().collect();
    let mut found: Vec<CheckedWarningView> =
        store::warnings::warnings_on(db, ctx.company, &clients, products)
            .await?
            .into_iter()
            .map(|warning| {
                checked(
                    Some(warning.id),
                    WarningSource::Manual,
                    warning.entity_type,
                    warning.entity_id,
                    warning.level,
                    warning.message,
                )
            })
            .collect();
    found.sort_by_key(|warning| warning.entity_type != WarningEntity::Client.as_str());
    let Some(client) = client else {
        return Ok(found);
    };
    let Some(profile) =
        arkan_crm::partners::sales_profile(db, ctx.company, PartnerId(client)).await?
    else {
        return Ok(found);
    };
    let currency = profile
        .currency
        .as_deref()
        .and_then(Currency::from_code)
        .unwrap_or(ctx.currency);
    let receivables =
        arkan_invoicing::documents::open_receivables(db, ctx.company, client, currency.code, date)
            .await?;
    let money = |minor: i64| {
        format!(
            "{} {}",
            format_minor(minor, currency.exponent),
            currency.code
        )
    };
    if let (Some(limit), Some(amount)) = (profile.credit_limit_minor, amount)
        && policy != CreditLimitPolicy::None
        && let Some(order) = amount_in(ctx, amount, currency)
        && receivables.open + order > limit
    {
        let level = if policy == CreditLimitPolicy::Block {
            WarningLevel::Block
        } else {
            WarningLevel::Warning
        };
        found.push(checked(
            None,
            WarningSource::CreditLimit,
            WarningEntity::Client,
            client,
            level,
            format!(
                "Open receivables of {} plus this order of {} pass the credit limit of {}",
                money(receivables.open),
                money(order),
                money(limit)
            ),
        ));
    }
    if receivables.overdue_count > 0 {
        found.push(checked(
            None,
            WarningSource::OverdueInvoices,
            WarningEntity::Client,
            client,
            WarningLevel::Warning,
            format!(
                "{} overdue invoice(s), {} past due",
                receivables.overdue_count,
                money(receivables.overdue)
            ),
        ));
    }
    Ok(found)
}

/// What confirming an order of the client for these products (and this total, in the company
/// currency) would meet.
pub async fn check_order(
    platform: &Platform,
    ctx: &Ctx,
    query: CheckOrderQuery,
) -> ApiResult<CheckOrderView> {
    let client = fields::optional_uuid("client_id", query.client_id.as_deref())?;
    let mut products = Vec::new();
    for text in query
        .product_ids
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|text| !text.is_empty())
    {
        products.push(Uuid::parse_str(text).map_err(|_| {
            ApiError::invalid_field("product_ids", "must be UUIDs separated by commas")
        })?);
    }
    let mut validation = Validation::new();
    let amount = query
        .amount
        .as_deref()
        .filter(|text| !text.is_empty())
        .and_then(|text| fields::amount(&mut validation, "amount", text, ctx.currency));
    validation.finish()?;
    let db = platform.db.connection();
    let settings = store::settings::settings(db, ctx.company).await?;
    let warnings = order_warnings(
        db,
        ctx,
        client,
        &products,
        amount.map(|minor| OrderAmount {
            minor,
            currency: ctx.currency,
            rate_e10: arkan_ledger::books::RATE_ONE,
        }),
        settings.credit_limit_policy,
        chrono::Utc::now().date_naive(),
    )
    .await?;
    Ok(CheckOrderView {
        blocked: warnings
            .iter()
            .any(|warning| warning.level == WarningLevel::Block.as_str()),
        warnings,
    })
}

fn view(warning: Warning) -> WarningView {
    WarningView {
        id: warning.id,
        entity_type: warning.entity_type.as_str().to_owned(),
        entity_id: warning.entity_id,
        level: warning.level.as_str().to_owned(),
        message: warning.message,
        created_by: warning.created_by,
        created_at: rfc3339(warning.created_at),
        updated_at: rfc3339(warning.updated_at),
    }
}
