//! Use cases of fixed assets: each checks the role, validates into domain values, opens at most
//! one write transaction and names what it changed before the commit.

use std::collections::HashMap;

use arkan_crm::partners;
use arkan_invoicing::documents;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{
    AssetCategoryId, AssetId, Currency, JournalId, PartnerId, ProjectId, format_minor, parse_minor,
};
use arkan_ledger::books;
use arkan_ledger::posting::{self, Line as EntryLine, NewEntry};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{
    ApiError, ApiResult, Validation, is_foreign_key_violation, is_unique_violation,
};
use arkan_platform::events::EventKind;
use arkan_platform::extract::DecimalText;
use arkan_platform::fields;
use arkan_platform::jobs::{self, NewJob};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::api::*;
use crate::domain::{
    AssetState, BASIS_POINTS, DisposalMethod, LineState, Method, Plan, Prorata, after_depreciated,
    line_date, month_end, schedule, share_to,
};
use crate::events;
use crate::store::{self, Accounts, Asset, AssetFilter, Category, Disposal, Line};

static CATEGORY_LIST: ListSpec = ListSpec {
    name: "assets.categories",
    sorts: &[CREATED_AT],
};

static ASSET_LIST: ListSpec = ListSpec {
    name: "assets.assets",
    sorts: &[CREATED_AT],
};

/// The longest life accepted: 100 years.
const MAX_LIFE_MONTHS: i64 = 1200;

fn money(minor: i64, currency: Currency) -> String {
    format_minor(minor, currency.exponent)
}

/// A rate in hundredths of a percent as the API writes it (`"40.00"`).
fn rate_text(rate_bp: i64, method: Method) -> Option<String> {
    (method == Method::DecliningBalance).then(|| format_minor(rate_bp, 2))
}

fn category_view(category: Category) -> CategoryView {
    CategoryView {
        id: category.id,
        name: category.name,
        method: category.method.as_str().to_owned(),
        useful_life_months: i64::from(category.life_months),
        declining_rate: rate_text(category.rate_bp, category.method),
        prorata: category.prorata.as_str().to_owned(),
        asset_account_id: category.accounts.asset,
        accumulated_depreciation_account_id: category.accounts.accumulated,
        depreciation_expense_account_id: category.accounts.expense,
        journal_id: category.journal_id,
        created_at: rfc3339(category.created_at),
        updated_at: rfc3339(category.updated_at),
    }
}

/// The view of an asset; `posted` is the depreciation it counts as accumulated (booked before
/// Arkan and posted), by `as_of` (None: now). A disposed asset's book value is 0 from its
/// disposal date on.
fn asset_view(
    asset: Asset,
    posted: i64,
    lines: Option<Vec<Line>>,
    currency: Currency,
    as_of: Option<NaiveDate>,
) -> AssetView {
    let cost = asset.cost;
    let gone = asset
        .disposal
        .as_ref()
        .is_some_and(|disposal| as_of.is_none_or(|day| day >= disposal.date));
    let book_value = if gone { 0 } else { cost - posted };
    let schedule = lines.map(|lines| {
        let mut accumulated = asset.already;
        lines
            .into_iter()
            .map(|line| {
                if line.state != LineState::Cancelled {
                    accumulated += line.amount;
                }
                ScheduleLineView {
                    sequence: i64::from(line.sequence),
                    date: fields::format_date(line.date),
                    amount: money(line.amount, currency),
                    accumulated: money(accumulated, currency),
                    book_value: money(cost - accumulated, currency),
                    state: line.state.as_str().to_owned(),
                    journal_entry_id: line.entry_id,
                }
            })
            .collect()
    });
    AssetView {
        id: asset.id,
        name: asset.name,
        code: asset.code,
        category_id: asset.category_id,
        acquisition_date: fields::format_date(asset.acquisition_date),
        currency: asset.currency,
        cost: money(cost, currency),
        salvage_value: money(asset.salvage, currency),
        useful_life_months: i64::from(asset.life_months),
        method: asset.method.as_str().to_owned(),
        declining_rate: rate_text(asset.rate_bp, asset.method),
        prorata: asset.prorata.as_str().to_owned(),
        first_depreciation_date: fields::format_date(asset.first_date),
        asset_account_id: asset.accounts.asset,
        accumulated_depreciation_account_id: asset.accounts.accumulated,
        depreciation_expense_account_id: asset.accounts.expense,
        journal_id: asset.journal_id,
        vendor_bill_line_id: asset.vendor_bill_line_id,
        partner_id: asset.partner_id,
        project_id: asset.project_id,
        already_depreciated: money(asset.already, currency),
        state: asset.state.as_str().to_owned(),
        disposal: asset.disposal.map(|disposal| DisposalView {
            date: fields::format_date(disposal.date),
            method: disposal.method.as_str().to_owned(),
            proceeds: money(disposal.proceeds, currency),
            book_value: money(disposal.book_value, currency),
            gain_loss: money(disposal.gain_loss, currency),
            journal_entry_id: disposal.entry_id,
        }),
        depreciable_amount: money(cost - asset.salvage, currency),
        accumulated_depreciation: money(posted, currency),
        book_value: money(book_value, currency),
        schedule,
        created_at: rfc3339(asset.created_at),
        updated_at: rfc3339(asset.updated_at),
    }
}

/// The asset's view now, with its schedule.
fn view_of(asset: Asset, lines: Vec<Line>, currency: Currency) -> AssetView {
    let accumulated = accumulated_of(&asset, &lines);
    asset_view(asset, accumulated, Some(lines), currency, None)
}

/// The depreciation accumulated on the asset: what was booked before Arkan and its posted lines.
fn accumulated_of(asset: &Asset, lines: &[Line]) -> i64 {
    asset.already
        + lines
            .iter()
            .filter(|line| line.state == LineState::Posted)
            .map(|line| line.amount)
            .sum::<i64>()
}

fn name_of(validation: &mut Validation, field: &str, text: &str) -> String {
    let name = text.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        validation.add(field, "must be 1 to 200 characters");
    }
    name
}

fn parse_method(validation: &mut Validation, text: &str) -> Option<Method> {
    let method = Method::parse(text);
    if method.is_none() {
        validation.add("method", format!("must be one of: {}", Method::codes()));
    }
    method
}

fn parse_prorata(validation: &mut Validation, text: Option<&str>) -> Option<Prorata> {
    let text = text?;
    let prorata = Prorata::parse(text);
    if prorata.is_none() {
        validation.add("prorata", format!("must be one of: {}", Prorata::codes()));
    }
    prorata
}

fn parse_life(validation: &mut Validation, months: i64) -> Option<i32> {
    if !(1..=MAX_LIFE_MONTHS).contains(&months) {
        validation.add(
            "usefulLifeMonths",
            format!("must be 1 to {MAX_LIFE_MONTHS} months"),
        );
        return None;
    }
    i32::try_from(months).ok()
}

/// A declining rate: more than 0 and at most 100 percent a year, with two decimals at most.
fn parse_rate(validation: &mut Validation, rate: Option<&DecimalText>) -> Option<i64> {
    let rate = rate?;
    match parse_minor(&rate.0, 2) {
        Ok(bp) if bp > 0 && bp <= BASIS_POINTS => Some(bp),
        _ => {
            validation.add(
                "decliningRate",
                "must be a percentage a year above 0 and at most 100, two decimals at most",
            );
            None
        }
    }
}

/// The rate a method needs: declining balance needs one, straight line keeps none.
fn rate_for(validation: &mut Validation, method: Method, rate: Option<i64>) -> i64 {
    match (method, rate) {
        (Method::StraightLine, _) => 0,
        (Method::DecliningBalance, Some(rate)) => rate,
        (Method::DecliningBalance, None) => {
            validation.add("decliningRate", "is required for declining_balance");
            0
        }
    }
}

/// 400 naming each account field that is not an account of the company, and the journal when
/// it is not one of the company's.
async fn check_books(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    accounts: Accounts,
    journal: Option<Uuid>,
) -> ApiResult<()> {
    let ids = [accounts.asset, accounts.accumulated, accounts.expense];
    let known: Vec<Uuid> = books::accounts_by_ids(db, ctx.company, &ids)
        .await?
        .into_iter()
        .map(|account| account.id)
        .collect();
    let mut validation = Validation::new();
    for (field, id) in [
        ("assetAccountId", accounts.asset),
        ("accumulatedDepreciationAccountId", accounts.accumulated),
        ("depreciationExpenseAccountId", accounts.expense),
    ] {
        if !known.contains(&id) {
            validation.add(field, "no such account in this company");
        }
    }
    if let Some(journal) = journal
        && books::journal_by_id(db, ctx.company, journal)
            .await?
            .is_none()
    {
        validation.add("journalId", "no such journal in this company");
    }
    validation.finish()
}

pub async fn create_category(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateCategory,
) -> ApiResult<CategoryView> {
    ctx.require_write(Area::Accounting)?;
    let mut validation = Validation::new();
    let name = name_of(&mut validation, "name", &input.name);
    let method = parse_method(&mut validation, &input.method);
    let life = parse_life(&mut validation, input.useful_life_months);
    let rate = parse_rate(&mut validation, input.declining_rate.as_ref());
    let prorata = parse_prorata(&mut validation, input.prorata.as_deref());
    let rate = method.map_or(0, |method| rate_for(&mut validation, method, rate));
    validation.finish()?;
    let (Some(method), Some(life_months)) = (method, life) else {
        return Err(ApiError::internal("a checked category field is missing"));
    };
    let accounts = Accounts {
        asset: input.asset_account_id,
        accumulated: input.accumulated_depreciation_account_id,
        expense: input.depreciation_expense_account_id,
    };
    let mut transaction = platform.db.write().await?;
    check_books(&*transaction, ctx, accounts, input.journal_id).await?;
    let now = now_micros();
    let category = Category {
        id: Uuid::now_v7(),
        name,
        method,
        life_months,
        rate_bp: rate,
        prorata: prorata.unwrap_or(Prorata::None),
        accounts,
        journal_id: input.journal_id,
        created_at: now,
        updated_at: now,
    };
    store::insert_category(&*transaction, ctx.company, &category).await?;
    transaction.emit(ctx.company, events::ASSET_CATEGORY_CREATED, category.id);
    transaction.commit().await?;
    Ok(category_view(category))
}

pub async fn list_categories(
    platform: &Platform,
    ctx: &Ctx,
    query: CategoryListQuery,
) -> ApiResult<Page<CategoryView>> {
    let page = PageRequest::parse(&query.page, &CATEGORY_LIST, "")?;
    let (rows, total) =
        store::list_categories(platform.db.connection(), ctx.company, &page).await?;
    Ok(page
        .page(rows, total, |category| {
            (SortValue::Integer(category.created_at), category.id)
        })
        .map(category_view))
}

pub async fn get_category(
    platform: &Platform,
    ctx: &Ctx,
    id: AssetCategoryId,
) -> ApiResult<CategoryView> {
    store::category_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(category_view)
        .ok_or_else(|| ApiError::not_found("asset_category"))
}

/// Changes the category's terms: assets made from now on take them, those made before keep
/// their own.
pub async fn update_category(
    platform: &Platform,
    ctx: &Ctx,
    id: AssetCategoryId,
    patch: UpdateCategory,
) -> ApiResult<CategoryView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut category = store::category_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("asset_category"))?;
    let mut validation = Validation::new();
    if let Some(text) = &patch.name {
        category.name = name_of(&mut validation, "name", text);
    }
    if let Some(method) = patch
        .method
        .as_deref()
        .and_then(|text| parse_method(&mut validation, text))
    {
        category.method = method;
    }
    if let Some(months) = patch
        .useful_life_months
        .and_then(|months| parse_life(&mut validation, months))
    {
        category.life_months = months;
    }
    let rate = parse_rate(&mut validation, patch.declining_rate.as_ref()).or((category.method
        == Method::DecliningBalance
        && category.rate_bp > 0)
        .then_some(category.rate_bp));
    category.rate_bp = rate_for(&mut validation, category.method, rate);
    if let Some(prorata) = parse_prorata(&mut validation, patch.prorata.as_deref()) {
        category.prorata = prorata;
    }
    validation.finish()?;
    let accounts = &mut category.accounts;
    accounts.asset = patch.asset_account_id.unwrap_or(accounts.asset);
    accounts.accumulated = patch
        .accumulated_depreciation_account_id
        .unwrap_or(accounts.accumulated);
    accounts.expense = patch
        .depreciation_expense_account_id
        .unwrap_or(accounts.expense);
    if let Some(journal) = patch.journal_id {
        category.journal_id = journal;
    }
    check_books(&*transaction, ctx, category.accounts, category.journal_id).await?;
    category.updated_at = now_micros().max(category.updated_at + 1);
    store::update_category(&*transaction, ctx.company, &category).await?;
    transaction.emit(ctx.company, events::ASSET_CATEGORY_UPDATED, category.id);
    transaction.commit().await?;
    Ok(category_view(category))
}

/// Deletes a category no asset names: the database refuses otherwise (409
/// `asset_category_in_use`), whatever was created meanwhile.
pub async fn delete_category(platform: &Platform, ctx: &Ctx, id: AssetCategoryId) -> ApiResult<()> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let deleted = store::delete_category(&*transaction, ctx.company, id.0)
        .await
        .map_err(|error| {
            if is_foreign_key_violation(&error) {
                crate::errors::asset_category_in_use()
            } else {
                error.into()
            }
        })?;
    if !deleted {
        return Err(ApiError::not_found("asset_category"));
    }
    transaction.emit(ctx.company, events::ASSET_CATEGORY_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}

/// The asset's own fields, or the category's, or a 400 naming what neither gives.
struct Terms {
    method: Method,
    life_months: i32,
    rate_bp: i64,
    prorata: Prorata,
    accounts: Accounts,
    journal_id: Option<Uuid>,
}

fn terms(
    validation: &mut Validation,
    input: &CreateAsset,
    category: Option<&Category>,
) -> Option<Terms> {
    let method = match (&input.method, category) {
        (Some(text), _) => parse_method(validation, text),
        (None, Some(category)) => Some(category.method),
        (None, None) => {
            validation.add("method", "is required without a category");
            None
        }
    };
    let life = match (input.useful_life_months, category) {
        (Some(months), _) => parse_life(validation, months),
        (None, Some(category)) => Some(category.life_months),
        (None, None) => {
            validation.add("usefulLifeMonths", "is required without a category");
            None
        }
    };
    let rate = parse_rate(validation, input.declining_rate.as_ref()).or_else(|| {
        category
            .filter(|category| category.method == Method::DecliningBalance)
            .map(|category| category.rate_bp)
    });
    let rate = method.map_or(0, |method| rate_for(validation, method, rate));
    let prorata = parse_prorata(validation, input.prorata.as_deref())
        .or(category.map(|category| category.prorata))
        .unwrap_or(Prorata::None);
    let mut account = |field: &str, given: Option<Uuid>, of_category: fn(&Accounts) -> Uuid| {
        let id = given.or(category.map(|category| of_category(&category.accounts)));
        if id.is_none() {
            validation.add(field, "is required without a category");
        }
        id
    };
    let asset = account("assetAccountId", input.asset_account_id, |a| a.asset);
    let accumulated = account(
        "accumulatedDepreciationAccountId",
        input.accumulated_depreciation_account_id,
        |a| a.accumulated,
    );
    let expense = account(
        "depreciationExpenseAccountId",
        input.depreciation_expense_account_id,
        |a| a.expense,
    );
    Some(Terms {
        method: method?,
        life_months: life?,
        rate_bp: rate,
        prorata,
        accounts: Accounts {
            asset: asset?,
            accumulated: accumulated?,
            expense: expense?,
        },
        journal_id: input
            .journal_id
            .or(category.and_then(|category| category.journal_id)),
    })
}

/// The journal an asset posts to: its own, else the company's `MISC`.
async fn journal_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    journal: Option<Uuid>,
) -> ApiResult<Uuid> {
    if let Some(journal) = journal {
        return Ok(journal);
    }
    books::journal_by_code(db, ctx.company, "MISC")
        .await?
        .map(|journal| journal.id)
        .ok_or_else(|| {
            ApiError::invalid_field("journalId", "is required: the company has no MISC journal")
        })
}

fn planned_lines(asset: &Asset) -> Vec<Line> {
    let plan = Plan {
        depreciable: asset.cost - asset.salvage,
        life_months: u32::try_from(asset.life_months).unwrap_or(0),
        method: asset.method,
        rate_bp: asset.rate_bp,
        prorata: asset.prorata,
        acquisition: asset.acquisition_date,
        first_date: asset.first_date,
    };
    after_depreciated(schedule(&plan), asset.already)
        .into_iter()
        .enumerate()
        .map(|(index, line)| Line {
            id: Uuid::now_v7(),
            sequence: i32::try_from(index + 1).unwrap_or(i32::MAX),
            date: line.date,
            amount: line.amount,
            state: LineState::Planned,
            entry_id: None,
        })
        .collect()
}

/// What an asset takes from the vendor bill line that bought it, unless the request says.
async fn bill_line_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: Option<Uuid>,
) -> ApiResult<Option<documents::BillLine>> {
    let Some(id) = id else {
        return Ok(None);
    };
    documents::posted_bill_line(db, ctx.company, ctx.currency, id)
        .await?
        .map(Some)
        .ok_or_else(|| {
            ApiError::invalid_field(
                "vendorBillLineId",
                "no such line of a posted vendor bill in this company",
            )
        })
}

/// A required text field, or the bill line's value.
fn given_or(
    validation: &mut Validation,
    field: &str,
    given: Option<String>,
    from_bill: Option<String>,
) -> Option<String> {
    let value = given.or(from_bill);
    if value.is_none() {
        validation.add(field, "is required without vendorBillLineId");
    }
    value
}

/// 400 when the partner or the project is not the company's.
async fn check_links(
    platform: &Platform,
    transaction: &WriteTransaction,
    ctx: &Ctx,
    partner: Option<Uuid>,
    project: Option<Uuid>,
) -> ApiResult<()> {
    if let Some(partner) = partner
        && partners::terms(&**transaction, ctx.company, PartnerId(partner))
            .await?
            .is_none()
    {
        return Err(ApiError::invalid_field(
            "partnerId",
            "no such partner in this company",
        ));
    }
    let named: Vec<(String, ProjectId)> = project
        .map(|project| ("projectId".to_owned(), ProjectId(project)))
        .into_iter()
        .collect();
    platform
        .require_projects(transaction, ctx.company, &named)
        .await
}

pub async fn create_asset(
    platform: &Platform,
    ctx: &Ctx,
    mut input: CreateAsset,
) -> ApiResult<AssetView> {
    ctx.require_write(Area::Accounting)?;
    let currency = ctx.currency;
    let db = platform.db.connection();
    let category = match input.category_id {
        Some(id) => Some(
            store::category_by_id(db, ctx.company, id)
                .await?
                .ok_or_else(|| {
                    ApiError::invalid_field("categoryId", "no such asset category in this company")
                })?,
        ),
        None => None,
    };
    let bill = bill_line_of(db, ctx, input.vendor_bill_line_id).await?;
    // The line's account holds the cost the bill booked: the asset account unless named.
    input.asset_account_id = input
        .asset_account_id
        .or(bill.as_ref().map(|line| line.account_id));
    let mut validation = Validation::new();
    let name = given_or(
        &mut validation,
        "name",
        input.name.clone(),
        bill.as_ref().map(|line| line.description.clone()),
    )
    .map(|text| name_of(&mut validation, "name", &text));
    let code = fields::clean(input.code.clone());
    if code.as_ref().is_some_and(|code| code.chars().count() > 64) {
        validation.add("code", "must be at most 64 characters");
    }
    let acquisition = match (&input.acquisition_date, &bill) {
        (Some(text), _) => fields::parse_date(&mut validation, "acquisitionDate", text),
        (None, Some(line)) => Some(line.date),
        (None, None) => {
            validation.add("acquisitionDate", "is required without vendorBillLineId");
            None
        }
    };
    let cost = match (&input.cost, &bill) {
        (Some(text), _) => fields::amount(&mut validation, "cost", &text.0, currency),
        (None, Some(line)) => Some(line.amount),
        (None, None) => {
            validation.add("cost", "is required without vendorBillLineId");
            None
        }
    };
    let salvage = match &input.salvage_value {
        Some(text) => fields::amount(&mut validation, "salvageValue", &text.0, currency),
        None => Some(0),
    };
    let already = match &input.already_depreciated {
        Some(text) => fields::amount(&mut validation, "alreadyDepreciated", &text.0, currency),
        None => Some(0),
    };
    if cost.is_some_and(|cost| cost <= 0) {
        validation.add("cost", "must be more than 0");
    }
    if let (Some(cost), Some(salvage)) = (cost, salvage)
        && cost > 0
        && (salvage < 0 || salvage > cost)
    {
        validation.add("salvageValue", "must be from 0 to the cost");
    }
    if let (Some(cost), Some(salvage), Some(already)) = (cost, salvage, already)
        && (already < 0 || (cost > 0 && salvage <= cost && already > cost - salvage))
    {
        validation.add(
            "alreadyDepreciated",
            "must be from 0 to the cost minus the salvage value",
        );
    }
    let first = input
        .first_depreciation_date
        .as_deref()
        .and_then(|text| fields::parse_date(&mut validation, "firstDepreciationDate", text));
    if let (Some(first), Some(acquisition)) = (first, acquisition)
        && first < acquisition
    {
        validation.add(
            "firstDepreciationDate",
            "must not be before the acquisition date",
        );
    }
    let terms = terms(&mut validation, &input, category.as_ref());
    validation.finish()?;
    let (Some(name), Some(acquisition), Some(cost), Some(salvage), Some(already), Some(terms)) =
        (name, acquisition, cost, salvage, already, terms)
    else {
        return Err(ApiError::internal("a checked asset field is missing"));
    };
    let partner_id = input
        .partner_id
        .or(bill.as_ref().map(|line| line.partner_id));
    let project_id = input
        .project_id
        .or(bill.as_ref().and_then(|line| line.project_id));
    let mut transaction = platform.db.write().await?;
    check_books(&*transaction, ctx, terms.accounts, terms.journal_id).await?;
    check_links(platform, &transaction, ctx, partner_id, project_id).await?;
    let journal_id = journal_of(&*transaction, ctx, terms.journal_id).await?;
    let now = now_micros();
    let asset = Asset {
        id: Uuid::now_v7(),
        name,
        code,
        category_id: category.map(|category| category.id),
        acquisition_date: acquisition,
        currency: currency.code.to_owned(),
        cost,
        salvage,
        life_months: terms.life_months,
        method: terms.method,
        rate_bp: terms.rate_bp,
        prorata: terms.prorata,
        first_date: first.unwrap_or_else(|| month_end(acquisition)),
        accounts: terms.accounts,
        journal_id,
        state: if already == cost - salvage {
            AssetState::FullyDepreciated
        } else {
            AssetState::Running
        },
        disposal: None,
        vendor_bill_line_id: bill.map(|line| line.id),
        partner_id,
        project_id,
        already,
        created_at: now,
        updated_at: now,
    };
    let lines = planned_lines(&asset);
    store::insert_asset(&*transaction, ctx.company, &asset)
        .await
        .map_err(|error| {
            if asset.vendor_bill_line_id.is_some() && is_unique_violation(&error) {
                crate::errors::bill_line_has_asset()
            } else {
                error.into()
            }
        })?;
    store::insert_lines(&*transaction, ctx.company, asset.id, &lines).await?;
    transaction.emit(ctx.company, events::ASSET_CREATED, asset.id);
    transaction.commit().await?;
    Ok(asset_view(asset, already, Some(lines), currency, None))
}

fn parse_filter(query: &AssetListQuery) -> ApiResult<AssetFilter> {
    let state = match query.state.as_deref() {
        None | Some("") => None,
        Some(text) => Some(AssetState::parse(text).ok_or_else(|| {
            ApiError::invalid_field("state", format!("must be one of: {}", AssetState::codes()))
        })?),
    };
    Ok(AssetFilter {
        state,
        category_id: fields::optional_uuid("category_id", query.category_id.as_deref())?,
        q: query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_lowercase),
    })
}

pub async fn list_assets(
    platform: &Platform,
    ctx: &Ctx,
    query: AssetListQuery,
) -> ApiResult<Page<AssetView>> {
    let filter = parse_filter(&query)?;
    let as_of = fields::optional_date("as_of", query.as_of.as_deref())?;
    let key = format!("{:?}|{:?}|{:?}", filter.state, filter.category_id, filter.q);
    let page = PageRequest::parse(&query.page, &ASSET_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_assets(db, ctx.company, &filter, &page).await?;
    let ids: Vec<Uuid> = rows.iter().map(|asset| asset.id).collect();
    let posted: HashMap<Uuid, i64> = store::posted_totals(db, ctx.company, &ids, as_of)
        .await?
        .into_iter()
        .collect();
    Ok(page
        .page(rows, total, |asset| {
            (SortValue::Integer(asset.created_at), asset.id)
        })
        .map(|asset| {
            let posted = asset.already + posted.get(&asset.id).copied().unwrap_or(0);
            asset_view(asset, posted, None, ctx.currency, as_of)
        }))
}

async fn asset_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: AssetId,
    lock: bool,
) -> ApiResult<Asset> {
    store::asset_by_id(db, ctx.company, id.0, lock)
        .await?
        .ok_or_else(|| ApiError::not_found("asset"))
}

async fn full_view(db: &impl ConnectionTrait, ctx: &Ctx, asset: Asset) -> ApiResult<AssetView> {
    let lines = store::lines_of(db, ctx.company, asset.id).await?;
    Ok(view_of(asset, lines, ctx.currency))
}

pub async fn get_asset(platform: &Platform, ctx: &Ctx, id: AssetId) -> ApiResult<AssetView> {
    let db = platform.db.connection();
    let asset = asset_of(db, ctx, id, false).await?;
    full_view(db, ctx, asset).await
}

/// Changes what describes the asset: name, code, vendor, project (charged with the depreciation
/// posted from now on).
pub async fn update_asset(
    platform: &Platform,
    ctx: &Ctx,
    id: AssetId,
    patch: UpdateAsset,
) -> ApiResult<AssetView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut asset = asset_of(&*transaction, ctx, id, true).await?;
    let mut validation = Validation::new();
    if let Some(text) = &patch.name {
        asset.name = name_of(&mut validation, "name", text);
    }
    if let Some(code) = &patch.code {
        asset.code = fields::clean(code.clone());
        if asset
            .code
            .as_ref()
            .is_some_and(|code| code.chars().count() > 64)
        {
            validation.add("code", "must be at most 64 characters");
        }
    }
    validation.finish()?;
    if let Some(partner) = patch.partner_id {
        asset.partner_id = partner;
    }
    if let Some(project) = patch.project_id {
        asset.project_id = project;
    }
    check_links(
        platform,
        &transaction,
        ctx,
        patch.partner_id.flatten(),
        patch.project_id.flatten(),
    )
    .await?;
    asset.updated_at = now_micros().max(asset.updated_at + 1);
    store::update_details(&*transaction, ctx.company, &asset).await?;
    let lines = store::lines_of(&*transaction, ctx.company, asset.id).await?;
    transaction.emit(ctx.company, events::ASSET_UPDATED, asset.id);
    transaction.commit().await?;
    Ok(view_of(asset, lines, ctx.currency))
}

/// Deletes an asset that has nothing in the books, with its schedule: no line posted, not
/// disposed of (409 `asset_has_postings`). Its row is held first, so a depreciation run
/// meanwhile either posted before the check or finds it gone.
pub async fn delete_asset(platform: &Platform, ctx: &Ctx, id: AssetId) -> ApiResult<()> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let asset = asset_of(&*transaction, ctx, id, true).await?;
    let lines = store::lines_of(&*transaction, ctx.company, asset.id).await?;
    if asset.disposal.is_some() || lines.iter().any(|line| line.state == LineState::Posted) {
        return Err(crate::errors::asset_has_postings());
    }
    store::delete_asset(&*transaction, ctx.company, asset.id).await?;
    transaction.emit(ctx.company, events::ASSET_DELETED, asset.id);
    transaction.commit().await?;
    Ok(())
}

/// Posts every planned line of the asset dated up to `date`, one entry each (debit the
/// expense, credit the accumulated depreciation), in one transaction that holds the asset's
/// row: a second run, concurrent or not, finds nothing left to post.
pub async fn depreciate(
    platform: &Platform,
    ctx: &Ctx,
    id: AssetId,
    input: Depreciate,
) -> ApiResult<AssetView> {
    ctx.require_write(Area::Accounting)?;
    let date = date_or_today(input.date.as_deref())?;
    depreciate_to(platform, ctx, id, date)
        .await
        .map(|(view, _)| view)
}

/// Posts the asset's planned lines up to `date` in one transaction holding its row; the view
/// and how many entries it posted (a line of zero is marked posted without one).
async fn depreciate_to(
    platform: &Platform,
    ctx: &Ctx,
    id: AssetId,
    date: NaiveDate,
) -> ApiResult<(AssetView, usize)> {
    let mut transaction = platform.db.write().await?;
    let mut asset = asset_of(&*transaction, ctx, id, true).await?;
    asset.state.require_depreciable()?;
    let mut lines = store::lines_of(&*transaction, ctx.company, asset.id).await?;
    let entries_before = lines.iter().filter(|line| line.entry_id.is_some()).count();
    let posted = post_due(&mut transaction, ctx, &asset, &mut lines, date).await?;
    if posted > 0 {
        if lines.iter().all(|line| line.state != LineState::Planned) {
            asset.state = AssetState::FullyDepreciated;
        }
        let entries = lines.iter().filter(|line| line.entry_id.is_some()).count() - entries_before;
        let view = save_state(transaction, ctx, asset, lines, events::ASSET_DEPRECIATED).await?;
        return Ok((view, entries));
    }
    let view = view_of(asset, lines, ctx.currency);
    Ok((view, 0))
}

/// Writes the asset's new state, names the change, commits and answers the asset.
async fn save_state(
    mut transaction: WriteTransaction,
    ctx: &Ctx,
    mut asset: Asset,
    lines: Vec<Line>,
    event: EventKind,
) -> ApiResult<AssetView> {
    asset.updated_at = now_micros().max(asset.updated_at + 1);
    store::set_state(
        &*transaction,
        ctx.company,
        asset.id,
        asset.state,
        asset.updated_at,
    )
    .await?;
    transaction.emit(ctx.company, event, asset.id);
    transaction.commit().await?;
    Ok(view_of(asset, lines, ctx.currency))
}

/// The `date` field, default today.
fn date_or_today(text: Option<&str>) -> ApiResult<NaiveDate> {
    match text {
        Some(text) => {
            fields::date(text).map_err(|message| ApiError::invalid_field("date", message))
        }
        None => Ok(chrono::Utc::now().date_naive()),
    }
}

/// Pauses a running asset at `date` (default today), after posting the lines due by then.
pub async fn pause(
    platform: &Platform,
    ctx: &Ctx,
    id: AssetId,
    input: Pause,
) -> ApiResult<AssetView> {
    ctx.require_write(Area::Accounting)?;
    let date = date_or_today(input.date.as_deref())?;
    let mut transaction = platform.db.write().await?;
    let mut asset = asset_of(&*transaction, ctx, id, true).await?;
    let state = asset.state.pause()?;
    let mut lines = store::lines_of(&*transaction, ctx.company, asset.id).await?;
    post_due(&mut transaction, ctx, &asset, &mut lines, date).await?;
    asset.state = state;
    save_state(transaction, ctx, asset, lines, events::ASSET_PAUSED).await
}

/// Resumes a paused asset at `date` (default today): the months of the pause are not
/// depreciated, so when the first planned line falls before the end of the resume month, the
/// planned lines keep their amounts and move to the end of that month and the months after.
pub async fn resume(
    platform: &Platform,
    ctx: &Ctx,
    id: AssetId,
    input: Resume,
) -> ApiResult<AssetView> {
    ctx.require_write(Area::Accounting)?;
    let date = date_or_today(input.date.as_deref())?;
    let transaction = platform.db.write().await?;
    let mut asset = asset_of(&*transaction, ctx, id, true).await?;
    asset.state = asset.state.resume()?;
    let mut lines = store::lines_of(&*transaction, ctx.company, asset.id).await?;
    let first = month_end(date);
    let planned: Vec<usize> = (0..lines.len())
        .filter(|index| lines[*index].state == LineState::Planned)
        .collect();
    if planned
        .first()
        .is_some_and(|index| lines[*index].date < first)
    {
        for (order, index) in planned.into_iter().enumerate() {
            lines[index].date = line_date(first, order);
            store::update_line(&*transaction, ctx.company, &lines[index]).await?;
        }
    }
    save_state(transaction, ctx, asset, lines, events::ASSET_RESUMED).await
}

/// Posts the planned lines dated up to `date`, marking each posted; how many there were.
async fn post_due(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    asset: &Asset,
    lines: &mut [Line],
    date: NaiveDate,
) -> ApiResult<usize> {
    let mut posted = 0;
    for line in lines
        .iter_mut()
        .filter(|line| line.state == LineState::Planned && line.date <= date)
    {
        if line.amount > 0 {
            let entry = post_line(transaction, ctx, asset, line.date, line.amount).await?;
            line.entry_id = Some(entry);
        }
        if !store::mark_posted(&**transaction, ctx.company, line.id, line.entry_id).await? {
            return Err(ApiError::internal(
                "a planned line was posted by another run",
            ));
        }
        line.state = LineState::Posted;
        posted += 1;
    }
    Ok(posted)
}

/// One depreciation entry: debit the expense, credit the accumulated depreciation.
async fn post_line(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    asset: &Asset,
    date: NaiveDate,
    amount: i64,
) -> ApiResult<Uuid> {
    let memo = format!("Depreciation of {}", asset.name);
    let expense = EntryLine {
        project_id: asset.project_id,
        ..EntryLine::company(asset.accounts.expense, true, amount, &memo)
    };
    let lines = vec![
        expense,
        EntryLine::company(asset.accounts.accumulated, false, amount, &memo),
    ];
    post_entry(transaction, ctx, asset, date, &memo, lines).await
}

/// Posts one entry of the asset in its journal, referenced by its code.
async fn post_entry(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    asset: &Asset,
    date: NaiveDate,
    memo: &str,
    lines: Vec<EntryLine>,
) -> ApiResult<Uuid> {
    let posted = posting::post(
        transaction,
        ctx,
        NewEntry {
            journal_id: JournalId(asset.journal_id),
            date,
            reference: asset.code.clone(),
            memo: Some(memo.to_owned()),
            lines,
            taxes: Vec::new(),
        },
    )
    .await?;
    Ok(posted.id.0)
}

/// The dispose request, checked: the accounts each amount needs are named.
struct DisposeInput {
    date: NaiveDate,
    method: DisposalMethod,
    proceeds: i64,
    proceeds_account: Option<Uuid>,
    buyer: Option<Uuid>,
    gain_account: Option<Uuid>,
    loss_account: Option<Uuid>,
}

fn parse_dispose(input: Dispose, currency: Currency) -> ApiResult<DisposeInput> {
    let mut validation = Validation::new();
    let date = fields::parse_date(&mut validation, "date", &input.date);
    let method = DisposalMethod::parse(&input.method);
    if method.is_none() {
        validation.add(
            "method",
            format!("must be one of: {}", DisposalMethod::codes()),
        );
    }
    let proceeds = match &input.proceeds {
        Some(text) => fields::amount(&mut validation, "proceeds", &text.0, currency),
        None => Some(0),
    };
    if proceeds.is_some_and(|proceeds| proceeds < 0) {
        validation.add("proceeds", "must not be negative");
    }
    if method == Some(DisposalMethod::Scrap) && proceeds.is_some_and(|proceeds| proceeds != 0) {
        validation.add(
            "proceeds",
            "a scrap has no proceeds: sell the asset instead",
        );
    }
    if proceeds.is_some_and(|proceeds| proceeds > 0) && input.proceeds_account_id.is_none() {
        validation.add("proceedsAccountId", "is required with proceeds");
    }
    validation.finish()?;
    let (Some(date), Some(method), Some(proceeds)) = (date, method, proceeds) else {
        return Err(ApiError::internal("a checked disposal field is missing"));
    };
    Ok(DisposeInput {
        date,
        method,
        proceeds,
        proceeds_account: input.proceeds_account_id,
        buyer: input.partner_id,
        gain_account: input.gain_account_id,
        loss_account: input.loss_account_id,
    })
}

/// The line running on `date` (the first planned one after it) cut to its share up to that
/// day; the line before it (or the acquisition) starts its period.
fn shorten_running_line(asset: &Asset, lines: &mut [Line], date: NaiveDate) -> Option<usize> {
    let index = lines
        .iter()
        .position(|line| line.state == LineState::Planned && line.date > date)?;
    let start = match index {
        0 => asset.acquisition_date.pred_opt()?,
        _ => lines[index - 1].date,
    };
    let line = &mut lines[index];
    line.amount = share_to(line.amount, start, line.date, date);
    line.date = date;
    Some(index)
}

/// Disposes of the asset at `date`: depreciation up to that day posted (the running line cut
/// by the day), then one entry removing cost and accumulated depreciation, the proceeds
/// debited and the gain or loss posted. Lines still planned are cancelled. One transaction.
pub async fn dispose(
    platform: &Platform,
    ctx: &Ctx,
    id: AssetId,
    input: Dispose,
) -> ApiResult<AssetView> {
    ctx.require_write(Area::Accounting)?;
    let input = parse_dispose(input, ctx.currency)?;
    let mut transaction = platform.db.write().await?;
    let mut asset = asset_of(&*transaction, ctx, id, true).await?;
    let state = asset.state.dispose()?;
    if input.date < asset.acquisition_date {
        return Err(ApiError::invalid_field(
            "date",
            "must not be before the acquisition date",
        ));
    }
    check_buyer(&transaction, ctx, &input).await?;
    let mut lines = store::lines_of(&*transaction, ctx.company, asset.id).await?;
    if lines
        .iter()
        .any(|line| line.state == LineState::Posted && line.date > input.date)
    {
        return Err(ApiError::invalid_field(
            "date",
            "must not be before depreciation already posted",
        ));
    }
    // A paused asset depreciated nothing while paused: only a running one catches up.
    if asset.state == AssetState::Running {
        if let Some(index) = shorten_running_line(&asset, &mut lines, input.date) {
            store::update_line(&*transaction, ctx.company, &lines[index]).await?;
        }
        post_due(&mut transaction, ctx, &asset, &mut lines, input.date).await?;
    }
    store::cancel_planned(&*transaction, ctx.company, asset.id).await?;
    for line in lines
        .iter_mut()
        .filter(|line| line.state == LineState::Planned)
    {
        line.state = LineState::Cancelled;
    }
    let accumulated = accumulated_of(&asset, &lines);
    let book_value = asset.cost - accumulated;
    let gain_loss = input.proceeds - book_value;
    let entry = post_disposal(
        &mut transaction,
        ctx,
        &asset,
        &input,
        accumulated,
        gain_loss,
    )
    .await?;
    let disposal = Disposal {
        date: input.date,
        method: input.method,
        proceeds: input.proceeds,
        book_value,
        gain_loss,
        entry_id: entry,
    };
    asset.updated_at = now_micros().max(asset.updated_at + 1);
    store::record_disposal(
        &*transaction,
        ctx.company,
        asset.id,
        &disposal,
        asset.updated_at,
    )
    .await?;
    asset.state = state;
    asset.disposal = Some(disposal);
    transaction.emit(ctx.company, events::ASSET_DISPOSED, asset.id);
    transaction.commit().await?;
    Ok(asset_view(
        asset,
        accumulated,
        Some(lines),
        ctx.currency,
        None,
    ))
}

/// 400 unless the buyer is a partner of the company, and named when the proceeds go to an
/// account that needs one (a receivable).
async fn check_buyer(
    transaction: &WriteTransaction,
    ctx: &Ctx,
    input: &DisposeInput,
) -> ApiResult<()> {
    if let Some(buyer) = input.buyer {
        if partners::terms(&**transaction, ctx.company, PartnerId(buyer))
            .await?
            .is_none()
        {
            return Err(ApiError::invalid_field(
                "partnerId",
                "no such partner in this company",
            ));
        }
        return Ok(());
    }
    let Some(account) = input.proceeds_account.filter(|_| input.proceeds > 0) else {
        return Ok(());
    };
    let found = books::accounts_by_ids(&**transaction, ctx.company, &[account]).await?;
    match found.first() {
        None => Err(ApiError::invalid_field(
            "proceedsAccountId",
            "no such account in this company",
        )),
        Some(account) if books::needs_partner(&account.account_type) => {
            Err(ApiError::invalid_field(
                "partnerId",
                format!(
                    "is required: the proceeds account {} is a {} account",
                    account.code, account.account_type
                ),
            ))
        }
        Some(_) => Ok(()),
    }
}

/// The disposal entry: credit the asset account with the cost, debit accumulated depreciation
/// with what was posted, debit the proceeds, and the difference to the gain (credit) or loss
/// (debit) account, which must be named when there is one.
async fn post_disposal(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    asset: &Asset,
    input: &DisposeInput,
    accumulated: i64,
    gain_loss: i64,
) -> ApiResult<Uuid> {
    let memo = format!("Disposal of {} ({})", asset.name, input.method);
    let mut lines = vec![EntryLine::company(
        asset.accounts.asset,
        false,
        asset.cost,
        &memo,
    )];
    // Below zero after a revaluation above the book value: credited back.
    if accumulated != 0 {
        lines.push(EntryLine::company(
            asset.accounts.accumulated,
            accumulated > 0,
            accumulated.abs(),
            &memo,
        ));
    }
    if let (Some(account), true) = (input.proceeds_account, input.proceeds > 0) {
        lines.push(EntryLine {
            partner_id: input.buyer,
            ..EntryLine::company(account, true, input.proceeds, &memo)
        });
    }
    if gain_loss > 0 {
        let account = input.gain_account.ok_or_else(|| {
            ApiError::invalid_field("gainAccountId", "is required: the disposal makes a gain")
        })?;
        lines.push(EntryLine::company(account, false, gain_loss, &memo));
    } else if gain_loss < 0 {
        let account = input.loss_account.ok_or_else(|| {
            ApiError::invalid_field("lossAccountId", "is required: the disposal makes a loss")
        })?;
        lines.push(EntryLine::company(account, true, -gain_loss, &memo));
    }
    post_entry(transaction, ctx, asset, input.date, &memo, lines).await
}

/// The kind of the company-wide depreciation job.
pub const DEPRECIATE_ALL_JOB: &str = "assets.depreciate_all";

/// Runs the company-wide depreciation up to `date` (default today) as a background job run
/// here and now ([`jobs::run_now`]): the answer counts what it did, and should the run stop
/// half-way (the process dies, the database fails), a worker of any instance finishes the job.
/// Each asset is depreciated in a transaction of its own holding its row, so a second run, at
/// once or later, on this instance or another, posts nothing twice.
pub async fn depreciate_all(
    platform: &Platform,
    ctx: &Ctx,
    input: Depreciate,
) -> ApiResult<DepreciateAllView> {
    ctx.require_write(Area::Accounting)?;
    let date = date_or_today(input.date.as_deref())?;
    let job = NewJob {
        kind: DEPRECIATE_ALL_JOB,
        payload: serde_json::json!({
            "companyId": ctx.company.0,
            "userId": ctx.user.0,
            "role": ctx.role,
            "plan": ctx.plan,
            "currency": ctx.currency.code,
            "date": fields::format_date(date),
        }),
        unique_key: None,
        run_at: now_micros(),
    };
    let worker = format!("request-{}", Uuid::now_v7());
    let totals = jobs::run_now(platform, &worker, job, async |job| {
        run_depreciate_all(platform, &job.payload).await
    })
    .await?
    .map_err(|error| {
        ApiError::internal(format!(
            "the depreciation run stopped and is queued to finish: {error}"
        ))
    })?;
    Ok(DepreciateAllView {
        date: fields::format_date(date),
        assets_processed: totals.assets,
        entries_posted: totals.entries,
        assets_refused: totals.refused,
    })
}

/// What a run did: the assets it depreciated (with a due line or not), the entries it posted,
/// and the assets the books refused.
#[derive(Debug, Default)]
pub struct RunTotals {
    pub assets: usize,
    pub entries: usize,
    pub refused: Vec<RefusedAsset>,
}

/// Depreciates, in a transaction each holding its row, every asset of the job's company due by
/// the job's date: a second run (the same job again, or on another instance) posts nothing
/// twice. An asset the books refuse (a lock date, a closed year) is named and left for later.
pub async fn run_depreciate_all(
    platform: &Platform,
    payload: &serde_json::Value,
) -> Result<RunTotals, String> {
    let ctx = job_ctx(payload)
        .ok_or_else(|| format!("a depreciation job without its context: {payload}"))?;
    let date = payload["date"]
        .as_str()
        .and_then(|text| fields::date(text).ok())
        .ok_or_else(|| format!("a depreciation job without its date: {payload}"))?;
    let due = store::due_assets(platform.db.connection(), ctx.company, date)
        .await
        .map_err(|error| error.to_string())?;
    let mut totals = RunTotals::default();
    for id in due {
        match depreciate_to(platform, &ctx, AssetId(id), date).await {
            Ok((_, posted)) => {
                totals.assets += 1;
                totals.entries += posted;
            }
            Err(error) if error.status.is_server_error() => {
                return Err(format!("asset {id}: {}", error.message));
            }
            Err(error) => {
                tracing::warn!(asset = %id, code = %error.code, "depreciation refused: {}", error.message);
                totals.refused.push(RefusedAsset {
                    asset_id: id,
                    code: error.code.to_string(),
                    message: error.message.into_owned(),
                });
            }
        }
    }
    Ok(totals)
}

/// The context the run acts in: the requester's, as it was when the run was asked for.
fn job_ctx(payload: &serde_json::Value) -> Option<Ctx> {
    let uuid = |key: &str| {
        payload[key]
            .as_str()
            .and_then(|text| Uuid::parse_str(text).ok())
    };
    Some(Ctx {
        user: arkan_kernel::UserId(uuid("userId")?),
        company: arkan_kernel::CompanyId(uuid("companyId")?),
        role: serde_json::from_value(payload["role"].clone()).ok()?,
        plan: serde_json::from_value(payload["plan"].clone()).ok()?,
        currency: Currency::from_code(payload["currency"].as_str()?)?,
        versions: None,
    })
}

/// Revalues (or impairs) the asset at `date` to `bookValue`: the lines due by then are posted
/// (a running asset), the difference from the book value is posted against the accumulated
/// depreciation (an impairment credits it, a revaluation debits it) and `accountId`, recorded
/// as a posted line of the schedule, and what remains (the new book value minus salvage) is
/// re-planned from the next month end over `usefulLifeMonths` (default the planned lines
/// left), straight line or declining balance as before, without prorata.
pub async fn revalue(
    platform: &Platform,
    ctx: &Ctx,
    id: AssetId,
    input: Revalue,
) -> ApiResult<AssetView> {
    ctx.require_write(Area::Accounting)?;
    let mut validation = Validation::new();
    let date = fields::parse_date(&mut validation, "date", &input.date);
    let book_value = fields::amount(
        &mut validation,
        "bookValue",
        &input.book_value.0,
        ctx.currency,
    );
    let life = input
        .useful_life_months
        .and_then(|months| parse_life(&mut validation, months));
    validation.finish()?;
    let (Some(date), Some(book_value)) = (date, book_value) else {
        return Err(ApiError::internal("a checked revaluation field is missing"));
    };
    let mut transaction = platform.db.write().await?;
    let mut asset = asset_of(&*transaction, ctx, id, true).await?;
    if asset.state == AssetState::Disposed {
        return Err(crate::errors::asset_already_disposed());
    }
    if book_value < asset.salvage {
        return Err(ApiError::invalid_field(
            "bookValue",
            "must be at least the salvage value",
        ));
    }
    if books::accounts_by_ids(&*transaction, ctx.company, &[input.account_id])
        .await?
        .is_empty()
    {
        return Err(ApiError::invalid_field(
            "accountId",
            "no such account in this company",
        ));
    }
    let mut lines = store::lines_of(&*transaction, ctx.company, asset.id).await?;
    if date < asset.acquisition_date
        || lines
            .iter()
            .any(|line| line.state == LineState::Posted && line.date > date)
    {
        return Err(ApiError::invalid_field(
            "date",
            "must not be before the acquisition or depreciation already posted",
        ));
    }
    if asset.state == AssetState::Running {
        post_due(&mut transaction, ctx, &asset, &mut lines, date).await?;
    }
    let planned_left = lines
        .iter()
        .filter(|line| line.state == LineState::Planned)
        .count();
    let months = life.unwrap_or_else(|| i32::try_from(planned_left).unwrap_or(0));
    if months == 0 && book_value > asset.salvage {
        return Err(ApiError::invalid_field(
            "usefulLifeMonths",
            "is required: no planned line is left to spread the new book value over",
        ));
    }
    store::cancel_planned(&*transaction, ctx.company, asset.id).await?;
    for line in lines
        .iter_mut()
        .filter(|line| line.state == LineState::Planned)
    {
        line.state = LineState::Cancelled;
    }
    // Positive: an impairment (more depreciation); negative: a revaluation upwards.
    let difference = asset.cost - accumulated_of(&asset, &lines) - book_value;
    let mut next = lines.iter().map(|line| line.sequence).max().unwrap_or(0) + 1;
    let mut added = Vec::new();
    if difference != 0 {
        let memo = format!("Revaluation of {}", asset.name);
        let (amount, impairment) = (difference.abs(), difference > 0);
        let lines = vec![
            EntryLine::company(input.account_id, impairment, amount, &memo),
            EntryLine::company(asset.accounts.accumulated, !impairment, amount, &memo),
        ];
        let entry = post_entry(&mut transaction, ctx, &asset, date, &memo, lines).await?;
        added.push(Line {
            id: Uuid::now_v7(),
            sequence: next,
            date,
            amount: difference,
            state: LineState::Posted,
            entry_id: Some(entry),
        });
        next += 1;
    }
    let first = if month_end(date) > date {
        month_end(date)
    } else {
        month_end(date.succ_opt().unwrap_or(date))
    };
    let plan = Plan {
        depreciable: book_value - asset.salvage,
        life_months: u32::try_from(months).unwrap_or(0),
        method: asset.method,
        rate_bp: asset.rate_bp,
        prorata: Prorata::None,
        acquisition: first,
        first_date: first,
    };
    for (index, line) in schedule(&plan).into_iter().enumerate() {
        added.push(Line {
            id: Uuid::now_v7(),
            sequence: next + i32::try_from(index).unwrap_or(i32::MAX),
            date: line.date,
            amount: line.amount,
            state: LineState::Planned,
            entry_id: None,
        });
    }
    store::insert_lines(&*transaction, ctx.company, asset.id, &added).await?;
    lines.extend(added);
    if asset.state == AssetState::FullyDepreciated && book_value > asset.salvage {
        asset.state = AssetState::Running;
    }
    if months > 0 {
        asset.life_months = months;
    }
    asset.updated_at = now_micros().max(asset.updated_at + 1);
    store::set_life(&*transaction, ctx.company, &asset).await?;
    transaction.emit(ctx.company, events::ASSET_REVALUED, asset.id);
    transaction.commit().await?;
    Ok(view_of(asset, lines, ctx.currency))
}
