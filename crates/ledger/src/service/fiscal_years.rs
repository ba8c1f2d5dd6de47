//! Fiscal years: create, list, and the year around a date.

use super::*;

static FISCAL_YEAR_LIST: ListSpec = ListSpec {
    name: "accounting.fiscal_years",
    sorts: &[CREATED_AT],
};

pub(super) fn fiscal_year_view(year: FiscalYear) -> FiscalYearView {
    FiscalYearView {
        id: year.id,
        name: year.name,
        date_from: domain::format_date(year.date_from),
        date_to: domain::format_date(year.date_to),
        state: year.state.as_str().to_owned(),
        closing_entry_id: year.closing_entry_id,
        created_at: rfc3339(year.created_at),
        updated_at: rfc3339(year.updated_at),
    }
}

pub(crate) fn year_label(from: NaiveDate, to: NaiveDate) -> String {
    if from.year() == to.year() {
        from.year().to_string()
    } else {
        format!("{}-{:02}", from.year(), to.year() % 100)
    }
}

async fn insert_fiscal_year(
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    name: Option<String>,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<FiscalYear> {
    if !store::fiscal_years_between(transaction, ctx.company, from, to)
        .await?
        .is_empty()
    {
        return Err(errors::fiscal_year_overlap());
    }
    let now = now_micros();
    let year = FiscalYear {
        id: Uuid::now_v7(),
        name: name.unwrap_or_else(|| year_label(from, to)),
        date_from: from,
        date_to: to,
        state: FiscalYearState::Open,
        closing_entry_id: None,
        created_at: now,
        updated_at: now,
    };
    store::insert_fiscal_year(transaction, ctx.company, &year)
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                errors::fiscal_year_name_taken()
            } else {
                error.into()
            }
        })?;
    Ok(year)
}

pub async fn create_fiscal_year(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateFiscalYear,
) -> ApiResult<FiscalYearView> {
    ctx.require_write(Area::Accounting)?;
    let mut validation = Validation::new();
    let from = domain::parse_date(&mut validation, "dateFrom", &input.date_from);
    let to = match &input.date_to {
        Some(text) => domain::parse_date(&mut validation, "dateTo", text),
        None => from
            .and_then(|from| from.checked_add_months(Months::new(12)))
            .and_then(|next| next.pred_opt()),
    };
    if let (Some(from), Some(to)) = (from, to)
        && (to < from || to > from.checked_add_months(Months::new(24)).unwrap_or(to))
    {
        validation.add("dateTo", "must be on or after dateFrom, within 24 months");
    }
    validation.finish()?;
    let (Some(from), Some(to)) = (from, to) else {
        return Err(ApiError::invalid_field(
            "dateFrom",
            "must be a date YYYY-MM-DD",
        ));
    };
    let mut transaction = platform.db.write().await?;
    let year = insert_fiscal_year(&transaction, ctx, clean(input.name), from, to).await?;
    transaction.emit(ctx.company, events::FISCAL_YEAR_CREATED, year.id);
    transaction.commit().await?;
    Ok(fiscal_year_view(year))
}

pub async fn list_fiscal_years(
    platform: &Platform,
    ctx: &Ctx,
    params: PageParams,
) -> ApiResult<Page<FiscalYearView>> {
    let page = PageRequest::parse(&params, &FISCAL_YEAR_LIST, "")?;
    let (rows, total) =
        store::list_fiscal_years(platform.db.connection(), ctx.company, &page).await?;
    Ok(page
        .page(rows, total, |year| {
            (SortValue::Integer(year.created_at), year.id)
        })
        .map(fiscal_year_view))
}

/// The twelve months starting on the first of `start_month` that hold `date`.
/// The first day of the fiscal year that holds `date`, for the reports: the stored year's start
/// (years set up by hand may be irregular: an 18-month first year), else the start month's
/// rule, but never inside an earlier stored year that has already ended.
pub async fn fiscal_year_start(
    db: &impl ConnectionTrait,
    company: arkan_kernel::CompanyId,
    date: NaiveDate,
    start_month: u32,
) -> Result<NaiveDate, sea_orm::DbErr> {
    let by_rule = fiscal_year_around(date, start_month).0;
    Ok(
        match store::fiscal_year_started_by(db, company, date).await? {
            Some(year) if date <= year.date_to => year.date_from,
            Some(year) => by_rule.max(year.date_to.succ_opt().unwrap_or(by_rule)),
            None => by_rule,
        },
    )
}

pub fn fiscal_year_around(date: NaiveDate, start_month: u32) -> (NaiveDate, NaiveDate) {
    let year = if date.month() >= start_month {
        date.year()
    } else {
        date.year() - 1
    };
    let from = NaiveDate::from_ymd_opt(year, start_month, 1).unwrap_or(date);
    let to = from
        .checked_add_months(Months::new(12))
        .and_then(|next| next.pred_opt())
        .unwrap_or(date);
    (from, to)
}
