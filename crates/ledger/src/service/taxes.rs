//! Taxes: create, list, change.

use super::*;

static TAX_LIST: ListSpec = ListSpec {
    name: "accounting.taxes",
    sorts: &[CREATED_AT, NAME],
};

fn tax_view(ctx: &Ctx, tax: Tax) -> TaxView {
    let rate = if tax.amount_type == "percent" {
        trim_decimal(&format_minor(tax.rate, 4))
    } else {
        format_minor(tax.rate, ctx.currency.exponent)
    };
    TaxView {
        id: tax.id,
        name: tax.name,
        amount_type: tax.amount_type,
        rate,
        type_tax_use: tax.type_tax_use,
        price_include: tax.price_include,
        account_id: tax.account_id,
        vat_box: tax.vat_box,
        reverse_charge: tax.reverse_charge,
        counterpart_account_id: tax.counterpart_account_id,
        sequence: i64::from(tax.sequence),
        include_base_amount: tax.include_base_amount,
        recoverable_percent: trim_decimal(&format_minor(tax.recoverable_ppm, 4)),
        active: tax.active,
        created_at: rfc3339(tax.created_at),
        updated_at: rfc3339(tax.updated_at),
    }
}

fn tax_write_error(error: sea_orm::DbErr) -> ApiError {
    if is_foreign_key_violation(&error) {
        ApiError::invalid_field("accountId", "no such account in this company")
    } else {
        error.into()
    }
}

/// A tax's `sequence`: an integer from 0 to 2,147,483,647.
fn sequence(validation: &mut Validation, value: i64) -> i32 {
    match i32::try_from(value) {
        Ok(sequence) if sequence >= 0 => sequence,
        _ => {
            validation.add("sequence", "must be an integer from 0 to 2147483647");
            10
        }
    }
}

/// A tax's `recoverablePercent` in parts per million: 0 to 100 % of a purchase tax; anything but
/// 100 % on another tax is refused.
fn recoverable(validation: &mut Validation, value: &str, type_tax_use: &str) -> i64 {
    match parse_minor(value, 4) {
        Ok(ppm) if (0..=1_000_000).contains(&ppm) => {
            if ppm != 1_000_000 && type_tax_use != "purchase" {
                validation.add(
                    "recoverablePercent",
                    "only a purchase tax can be partly recoverable",
                );
            }
            ppm
        }
        Ok(_) => {
            validation.add("recoverablePercent", "must be a percent from 0 to 100");
            1_000_000
        }
        Err(error) => {
            validation.add("recoverablePercent", error.to_string());
            1_000_000
        }
    }
}

/// A reverse-charge tax is not invoiced: it cannot raise the base of the others.
fn check_include_base(
    validation: &mut Validation,
    include_base_amount: bool,
    reverse_charge: bool,
) {
    if include_base_amount && reverse_charge {
        validation.add(
            "includeBaseAmount",
            "a reverse-charge tax cannot join the base of other taxes",
        );
    }
}

pub async fn create_tax(platform: &Platform, ctx: &Ctx, input: CreateTax) -> ApiResult<TaxView> {
    ctx.require_write(Area::Accounting)?;
    let mut validation = Validation::new();
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        validation.add("name", "must be 1 to 200 characters");
    }
    // Percent rates are kept in parts per million: 4 decimals of a percent.
    let rate = match input.amount_type.as_str() {
        "percent" => match parse_minor(&input.rate.0, 4) {
            Ok(rate) if rate < 0 && input.price_include == Some(true) => {
                validation.add(
                    "rate",
                    "a negative (withholding) tax cannot be included in the price",
                );
                Some(rate)
            }
            Ok(rate) if (-1_000_000..=1_000_000).contains(&rate) => Some(rate),
            Ok(_) => {
                validation.add("rate", "must be a percent from -100 to 100");
                None
            }
            Err(error) => {
                validation.add("rate", error.to_string());
                None
            }
        },
        "fixed" => domain::amount(&mut validation, "rate", &input.rate.0, ctx.currency),
        _ => {
            validation.add("amountType", "must be percent or fixed");
            None
        }
    };
    if !matches!(input.type_tax_use.as_str(), "sale" | "purchase" | "none") {
        validation.add("typeTaxUse", "must be sale, purchase or none");
    }
    let reverse_charge = input.reverse_charge.unwrap_or(false);
    if reverse_charge
        && (input.counterpart_account_id.is_none()
            || input.type_tax_use != "purchase"
            || input.amount_type != "percent")
    {
        validation.add(
            "reverseCharge",
            "a reverse-charge tax is a purchase percent tax with a counterpartAccountId",
        );
    }
    let sequence = sequence(&mut validation, input.sequence.unwrap_or(10));
    let include_base_amount = input.include_base_amount.unwrap_or(false);
    check_include_base(&mut validation, include_base_amount, reverse_charge);
    let recoverable_ppm = input
        .recoverable_percent
        .as_ref()
        .map_or(1_000_000, |value| {
            recoverable(&mut validation, &value.0, &input.type_tax_use)
        });
    validation.finish()?;
    let now = now_micros();
    let tax = Tax {
        id: Uuid::now_v7(),
        name,
        amount_type: input.amount_type,
        rate: rate.unwrap_or(0),
        type_tax_use: input.type_tax_use,
        price_include: input.price_include.unwrap_or(false),
        account_id: input.account_id,
        vat_box: clean(input.vat_box),
        reverse_charge,
        counterpart_account_id: input.counterpart_account_id,
        sequence,
        include_base_amount,
        recoverable_ppm,
        active: input.active.unwrap_or(true),
        created_at: now,
        updated_at: now,
    };
    let mut transaction = platform.db.write().await?;
    store::insert_tax(&*transaction, ctx.company, &tax)
        .await
        .map_err(tax_write_error)?;
    transaction.emit(ctx.company, events::TAX_CREATED, tax.id);
    transaction.commit().await?;
    Ok(tax_view(ctx, tax))
}

pub async fn list_taxes(
    platform: &Platform,
    ctx: &Ctx,
    params: PageParams,
) -> ApiResult<Page<TaxView>> {
    let page = PageRequest::parse(&params, &TAX_LIST, "")?;
    let (rows, total) = store::list_taxes(platform.db.connection(), ctx.company, &page).await?;
    Ok(page
        .page(rows, total, |tax| {
            let value = sort_value(
                &page,
                |name| (name == "name").then(|| tax.name.clone()),
                tax.created_at,
            );
            (value, tax.id)
        })
        .map(|tax| tax_view(ctx, tax)))
}

/// One tax as the list, create and update answers show it (there is no `GET` of one).
pub async fn get_tax(platform: &Platform, ctx: &Ctx, id: TaxId) -> ApiResult<TaxView> {
    store::tax_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(|tax| tax_view(ctx, tax))
        .ok_or_else(|| ApiError::not_found("tax"))
}

pub async fn update_tax(
    platform: &Platform,
    ctx: &Ctx,
    id: TaxId,
    patch: UpdateTax,
) -> ApiResult<TaxView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut tax = store::tax_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("tax"))?;
    if let Some(name) = patch.name {
        tax.name = name.trim().to_owned();
        if tax.name.is_empty() {
            return Err(ApiError::invalid_field("name", "must not be empty"));
        }
    }
    if let Some(account) = patch.account_id {
        tax.account_id = account;
    }
    if let Some(vat_box) = patch.vat_box {
        tax.vat_box = clean(vat_box);
    }
    if let Some(active) = patch.active {
        tax.active = active;
    }
    let mut validation = Validation::new();
    if let Some(value) = patch.sequence {
        tax.sequence = sequence(&mut validation, value);
    }
    if let Some(include) = patch.include_base_amount {
        tax.include_base_amount = include;
        check_include_base(&mut validation, include, tax.reverse_charge);
    }
    if let Some(value) = &patch.recoverable_percent {
        tax.recoverable_ppm = recoverable(&mut validation, &value.0, &tax.type_tax_use);
    }
    validation.finish()?;
    tax.updated_at = now_micros();
    store::update_tax(&*transaction, ctx.company, &tax)
        .await
        .map_err(tax_write_error)?;
    transaction.emit(ctx.company, events::TAX_UPDATED, tax.id);
    transaction.commit().await?;
    Ok(tax_view(ctx, tax))
}
