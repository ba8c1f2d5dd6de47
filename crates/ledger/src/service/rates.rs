//! Currency rates and currencies, and the rate a document is booked at.

use super::*;

static RATE_LIST: ListSpec = ListSpec {
    name: "accounting.currency_rates",
    sorts: &[CREATED_AT],
};

fn rate_view(rate: store::CurrencyRate) -> CurrencyRateView {
    CurrencyRateView {
        id: rate.id,
        currency: rate.currency,
        date: domain::format_date(rate.date),
        rate: trim_decimal(&format_minor(rate.rate_e10, domain::RATE_SCALE_DIGITS)),
        created_at: rfc3339(rate.created_at),
        updated_at: rfc3339(rate.updated_at),
    }
}

pub async fn create_rate(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateCurrencyRate,
) -> ApiResult<CurrencyRateView> {
    ctx.require_write(Area::Accounting)?;
    let mut validation = Validation::new();
    if domain::currency(&mut validation, "currency", &input.currency).is_some()
        && input.currency == ctx.currency.code
    {
        validation.add("currency", "the company currency has no rate");
    }
    let date = domain::parse_date(&mut validation, "date", &input.date);
    let rate = match parse_minor(&input.rate.0, domain::RATE_SCALE_DIGITS) {
        Ok(rate) if rate > 0 => Some(rate),
        Ok(_) => {
            validation.add("rate", "must be greater than zero");
            None
        }
        Err(error) => {
            validation.add("rate", error.to_string());
            None
        }
    };
    validation.finish()?;
    let now = now_micros();
    let rate = store::CurrencyRate {
        id: Uuid::now_v7(),
        currency: input.currency,
        date: date.unwrap_or_default(),
        rate_e10: rate.unwrap_or(1),
        created_at: now,
        updated_at: now,
    };
    let mut transaction = platform.db.write().await?;
    store::insert_rate(&*transaction, ctx.company, &rate)
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                errors::currency_rate_exists()
            } else {
                error.into()
            }
        })?;
    transaction.emit(ctx.company, events::CURRENCY_RATE_CREATED, rate.id);
    transaction.commit().await?;
    Ok(rate_view(rate))
}

pub async fn list_rates(
    platform: &Platform,
    ctx: &Ctx,
    query: RateListQuery,
) -> ApiResult<Page<CurrencyRateView>> {
    let currency = query.currency.as_deref().filter(|text| !text.is_empty());
    let page = PageRequest::parse(&query.page, &RATE_LIST, &format!("{currency:?}"))?;
    let filtered = store::rates(ctx.company, currency);
    let (rows, total) = store::list_rates(platform.db.connection(), &filtered, &page).await?;
    Ok(page
        .page(rows, total, |rate| {
            (SortValue::Integer(rate.created_at), rate.id)
        })
        .map(rate_view))
}

/// Every currency with its exponent (a short reference list, not paginated).
pub async fn list_currencies(platform: &Platform) -> ApiResult<CurrencyList> {
    let data = store::currencies(platform.db.connection())
        .await?
        .into_iter()
        .map(|(code, exponent, name)| CurrencyView {
            code,
            exponent,
            name,
        })
        .collect();
    Ok(CurrencyList { data })
}

/// The rate a document in `currency` dated `date` is booked at: one for the company currency,
/// otherwise the latest rate on or before the date (none is a 400 on `currency`).
pub async fn document_rate(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    currency: Currency,
    date: NaiveDate,
) -> ApiResult<i64> {
    if currency.code == ctx.currency.code {
        return Ok(domain::RATE_ONE);
    }
    store::rate_on(db, ctx.company, currency.code, date)
        .await?
        .ok_or_else(|| {
            ApiError::invalid_field(
                "currency",
                format!(
                    "no {} rate on or before {}",
                    currency.code,
                    domain::format_date(date)
                ),
            )
        })
}
