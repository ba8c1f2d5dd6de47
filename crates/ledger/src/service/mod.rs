//! Use cases of the ledger: permission, validation, one transaction per change, store calls.

pub mod entries;

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{Currency, format_minor, parse_minor};
use arkan_platform::error::{
    ApiError, ApiResult, Validation, is_foreign_key_violation, is_unique_violation,
};
use arkan_platform::list::{
    CREATED_AT, ListSpec, Page, PageParams, PageRequest, SortField, SortKind,
};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::{Datelike, Months, NaiveDate};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use uuid::Uuid;

use crate::api::*;
use crate::domain::{self, ACCOUNT_TYPES, FiscalYearState, JOURNAL_TYPES};
use crate::errors;
use crate::store::{self, Account, FiscalYear, Journal, Tax};
pub(crate) use arkan_platform::fields::{clean, optional_bool, optional_date, optional_uuid};

const CODE: SortField = SortField {
    name: "code",
    column: "code",
    kind: SortKind::Text,
};
const NAME: SortField = SortField {
    name: "name",
    column: "name",
    kind: SortKind::Text,
};

static ACCOUNT_LIST: ListSpec = ListSpec {
    name: "accounting.accounts",
    sorts: &[CREATED_AT, CODE, NAME],
};
static JOURNAL_LIST: ListSpec = ListSpec {
    name: "accounting.journals",
    sorts: &[CREATED_AT, CODE, NAME],
};
static FISCAL_YEAR_LIST: ListSpec = ListSpec {
    name: "accounting.fiscal_years",
    sorts: &[CREATED_AT],
};
static TAX_LIST: ListSpec = ListSpec {
    name: "accounting.taxes",
    sorts: &[CREATED_AT, NAME],
};
static RATE_LIST: ListSpec = ListSpec {
    name: "accounting.currency_rates",
    sorts: &[CREATED_AT],
};

/// Sort value of a row for the cursor: the text field by name, else `created_at`.
fn sort_value(
    page: &PageRequest,
    text: impl Fn(&str) -> Option<String>,
    created_at: i64,
) -> SortValue {
    match text(page.sort.name) {
        Some(value) => SortValue::Text(value),
        None => SortValue::Integer(created_at),
    }
}

// ------------------------------------------------------------------ accounts

fn account_view(ctx: &Ctx, account: Account, balance: i64) -> AccountView {
    AccountView {
        id: account.id,
        code: account.code,
        name: account.name,
        account_type: account.account_type,
        parent_id: account.parent_id,
        reconcile: account.reconcile,
        currency: account.currency,
        active: account.active,
        balance: format_minor(balance, ctx.currency.exponent),
        created_at: rfc3339(account.created_at),
        updated_at: rfc3339(account.updated_at),
    }
}

fn check_account(validation: &mut Validation, account: &Account) {
    if account.code.is_empty() || account.code.chars().count() > 64 {
        validation.add("code", "must be 1 to 64 characters");
    }
    if account.name.is_empty() || account.name.chars().count() > 200 {
        validation.add("name", "must be 1 to 200 characters");
    }
    if !ACCOUNT_TYPES.contains(&account.account_type.as_str()) {
        validation.add(
            "type",
            format!("must be one of: {}", ACCOUNT_TYPES.join(", ")),
        );
    }
    if let Some(currency) = &account.currency {
        domain::currency(validation, "currency", currency);
    }
    if account.parent_id == Some(account.id) {
        validation.add("parentId", "an account cannot be its own parent");
    }
}

fn account_write_error(error: sea_orm::DbErr) -> ApiError {
    if is_unique_violation(&error) {
        ApiError::conflict(
            errors::ACCOUNT_CODE_TAKEN,
            "Another account of this company has this code",
        )
    } else if is_foreign_key_violation(&error) {
        ApiError::invalid_field("parentId", "no such account in this company")
    } else {
        error.into()
    }
}

async fn balance_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    ids: &[Uuid],
) -> ApiResult<Vec<(Uuid, i64)>> {
    Ok(store::balances(db, ctx.company, Some(ids), None, None)
        .await?
        .into_iter()
        .map(|(id, debit, credit)| (id, debit - credit))
        .collect())
}

fn balance_in(balances: &[(Uuid, i64)], id: Uuid) -> i64 {
    balances
        .iter()
        .find(|(account, _)| *account == id)
        .map_or(0, |(_, balance)| *balance)
}

pub async fn create_account(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateAccount,
) -> ApiResult<AccountView> {
    ctx.require_write(Area::Accounting)?;
    let now = now_micros();
    let account = Account {
        id: Uuid::now_v7(),
        code: input.code.trim().to_owned(),
        name: input.name.trim().to_owned(),
        account_type: input.account_type,
        parent_id: input.parent_id,
        reconcile: input.reconcile.unwrap_or(false),
        currency: clean(input.currency),
        active: input.active.unwrap_or(true),
        created_at: now,
        updated_at: now,
    };
    let mut validation = Validation::new();
    check_account(&mut validation, &account);
    validation.finish()?;
    let transaction = platform.db.write().await?;
    store::insert_account(&*transaction, ctx.company, &account)
        .await
        .map_err(account_write_error)?;
    transaction.commit().await?;
    Ok(account_view(ctx, account, 0))
}

pub async fn list_accounts(
    platform: &Platform,
    ctx: &Ctx,
    query: AccountListQuery,
) -> ApiResult<Page<AccountView>> {
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let active = optional_bool("active", query.active.as_deref())?;
    let account_type = query
        .account_type
        .as_deref()
        .filter(|text| !text.is_empty());
    let page = PageRequest::parse(
        &query.page,
        &ACCOUNT_LIST,
        &format!("{q:?}|{active:?}|{account_type:?}"),
    )?;
    let db = platform.db.connection();
    let filtered = store::accounts(ctx.company, q, account_type, active);
    let (rows, total) = store::list_accounts(db, &filtered, &page).await?;
    let ids: Vec<Uuid> = rows.iter().map(|account| account.id).collect();
    let balances = balance_of(db, ctx, &ids).await?;
    let page = page.page(rows, total, |account| {
        let value = sort_value(
            &page,
            |name| match name {
                "code" => Some(account.code.clone()),
                "name" => Some(account.name.clone()),
                _ => None,
            },
            account.created_at,
        );
        (value, account.id)
    });
    Ok(page.map(|account| {
        let balance = balance_in(&balances, account.id);
        account_view(ctx, account, balance)
    }))
}

pub async fn get_account(platform: &Platform, ctx: &Ctx, id: Uuid) -> ApiResult<AccountView> {
    let db = platform.db.connection();
    let account = store::account_by_id(db, ctx.company, id)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    let balances = balance_of(db, ctx, &[id]).await?;
    Ok(account_view(ctx, account, balance_in(&balances, id)))
}

pub async fn update_account(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
    patch: UpdateAccount,
) -> ApiResult<AccountView> {
    ctx.require_write(Area::Accounting)?;
    let transaction = platform.db.write().await?;
    let mut account = store::account_by_id(&*transaction, ctx.company, id)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    let changes_identity = patch
        .code
        .as_deref()
        .is_some_and(|code| code.trim() != account.code)
        || patch
            .account_type
            .as_deref()
            .is_some_and(|kind| kind != account.account_type);
    if changes_identity && store::account_has_postings(&*transaction, ctx.company, id).await? {
        return Err(ApiError::conflict(
            errors::ACCOUNT_HAS_POSTINGS,
            "The code and type of an account with posted lines cannot change; archive it and open another",
        ));
    }
    if let Some(code) = patch.code {
        account.code = code.trim().to_owned();
    }
    if let Some(name) = patch.name {
        account.name = name.trim().to_owned();
    }
    if let Some(account_type) = patch.account_type {
        account.account_type = account_type;
    }
    if let Some(parent_id) = patch.parent_id {
        account.parent_id = parent_id;
    }
    if let Some(reconcile) = patch.reconcile {
        account.reconcile = reconcile;
    }
    if let Some(currency) = patch.currency {
        account.currency = clean(currency);
    }
    if let Some(active) = patch.active {
        account.active = active;
    }
    account.updated_at = now_micros();
    let mut validation = Validation::new();
    check_account(&mut validation, &account);
    validation.finish()?;
    store::update_account(&*transaction, ctx.company, &account)
        .await
        .map_err(account_write_error)?;
    let balances = balance_of(&*transaction, ctx, &[id]).await?;
    transaction.commit().await?;
    Ok(account_view(ctx, account, balance_in(&balances, id)))
}

// ------------------------------------------------------------------ journals

fn journal_view(journal: Journal) -> JournalView {
    JournalView {
        id: journal.id,
        name: journal.name,
        code: journal.code,
        journal_type: journal.journal_type,
        default_account_id: journal.default_account_id,
        bank_iban: journal.bank_iban,
        created_at: rfc3339(journal.created_at),
        updated_at: rfc3339(journal.updated_at),
    }
}

fn check_journal(validation: &mut Validation, journal: &Journal) {
    if journal.name.is_empty() || journal.name.chars().count() > 200 {
        validation.add("name", "must be 1 to 200 characters");
    }
    let code_ok = (1..=10).contains(&journal.code.len())
        && journal
            .code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
    if !code_ok {
        validation.add(
            "code",
            "must be 1 to 10 upper-case letters, digits or dashes",
        );
    }
    if !JOURNAL_TYPES.contains(&journal.journal_type.as_str()) {
        validation.add(
            "type",
            format!("must be one of: {}", JOURNAL_TYPES.join(", ")),
        );
    }
}

/// A journal's own bank account, normalised, or the problem with it.
fn check_bank_iban(validation: &mut Validation, iban: Option<String>) -> Option<String> {
    let iban = iban
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())?;
    validation
        .check("bankIban", arkan_kernel::iban::Iban::parse(&iban))
        .map(|iban| iban.as_str().to_owned())
}

fn journal_write_error(error: sea_orm::DbErr) -> ApiError {
    if is_unique_violation(&error) {
        ApiError::conflict(
            errors::JOURNAL_CODE_TAKEN,
            "Another journal of this company has this code",
        )
    } else if is_foreign_key_violation(&error) {
        ApiError::invalid_field("defaultAccountId", "no such account in this company")
    } else {
        error.into()
    }
}

pub async fn create_journal(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateJournal,
) -> ApiResult<JournalView> {
    ctx.require_write(Area::Accounting)?;
    let now = now_micros();
    let journal = Journal {
        id: Uuid::now_v7(),
        name: input.name.trim().to_owned(),
        code: input.code.trim().to_owned(),
        journal_type: input.journal_type,
        default_account_id: input.default_account_id,
        bank_iban: input.bank_iban,
        created_at: now,
        updated_at: now,
    };
    let mut journal = journal;
    let mut validation = Validation::new();
    journal.bank_iban = check_bank_iban(&mut validation, journal.bank_iban.take());
    check_journal(&mut validation, &journal);
    validation.finish()?;
    let transaction = platform.db.write().await?;
    store::insert_journal(&*transaction, ctx.company, &journal)
        .await
        .map_err(journal_write_error)?;
    transaction.commit().await?;
    Ok(journal_view(journal))
}

pub async fn list_journals(
    platform: &Platform,
    ctx: &Ctx,
    params: PageParams,
) -> ApiResult<Page<JournalView>> {
    let page = PageRequest::parse(&params, &JOURNAL_LIST, "")?;
    let (rows, total) = store::list_journals(platform.db.connection(), ctx.company, &page).await?;
    Ok(page
        .page(rows, total, |journal| {
            let value = sort_value(
                &page,
                |name| match name {
                    "code" => Some(journal.code.clone()),
                    "name" => Some(journal.name.clone()),
                    _ => None,
                },
                journal.created_at,
            );
            (value, journal.id)
        })
        .map(journal_view))
}

pub async fn update_journal(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
    patch: UpdateJournal,
) -> ApiResult<JournalView> {
    ctx.require_write(Area::Accounting)?;
    let transaction = platform.db.write().await?;
    let mut journal = store::journal_by_id(&*transaction, ctx.company, id)
        .await?
        .ok_or_else(|| ApiError::not_found("journal"))?;
    if let Some(name) = patch.name {
        journal.name = name.trim().to_owned();
    }
    if let Some(code) = patch.code {
        let code = code.trim().to_owned();
        if code != journal.code
            && store::journal_has_entries(&*transaction, ctx.company, id).await?
        {
            return Err(ApiError::conflict(
                errors::JOURNAL_HAS_POSTINGS,
                "The code of a journal with posted entries is part of their numbers and cannot change",
            ));
        }
        journal.code = code;
    }
    if let Some(account) = patch.default_account_id {
        journal.default_account_id = account;
    }
    let mut validation = Validation::new();
    if let Some(iban) = patch.bank_iban {
        journal.bank_iban = check_bank_iban(&mut validation, iban);
    }
    journal.updated_at = now_micros();
    check_journal(&mut validation, &journal);
    validation.finish()?;
    store::update_journal(&*transaction, ctx.company, &journal)
        .await
        .map_err(journal_write_error)?;
    transaction.commit().await?;
    Ok(journal_view(journal))
}

// ------------------------------------------------------------------ fiscal years

fn fiscal_year_view(year: FiscalYear) -> FiscalYearView {
    FiscalYearView {
        id: year.id,
        name: year.name,
        date_from: domain::format_date(year.date_from),
        date_to: domain::format_date(year.date_to),
        state: year.state.as_str().to_owned(),
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
        return Err(ApiError::conflict(
            errors::FISCAL_YEAR_OVERLAP,
            "The dates overlap another fiscal year of this company",
        ));
    }
    let now = now_micros();
    let year = FiscalYear {
        id: Uuid::now_v7(),
        name: name.unwrap_or_else(|| year_label(from, to)),
        date_from: from,
        date_to: to,
        state: FiscalYearState::Open,
        created_at: now,
        updated_at: now,
    };
    store::insert_fiscal_year(transaction, ctx.company, &year)
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                ApiError::conflict(
                    errors::FISCAL_YEAR_NAME_TAKEN,
                    "Another fiscal year of this company has this name",
                )
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
    let transaction = platform.db.write().await?;
    let year = insert_fiscal_year(&transaction, ctx, clean(input.name), from, to).await?;
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

// ------------------------------------------------------------------ taxes

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
        active: tax.active,
        created_at: rfc3339(tax.created_at),
        updated_at: rfc3339(tax.updated_at),
    }
}

/// "5.0000" -> "5", "2.5000" -> "2.5".
fn trim_decimal(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text.to_owned()
    }
}

fn tax_write_error(error: sea_orm::DbErr) -> ApiError {
    if is_foreign_key_violation(&error) {
        ApiError::invalid_field("accountId", "no such account in this company")
    } else {
        error.into()
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
            Ok(rate) if (0..=1_000_000).contains(&rate) => Some(rate),
            Ok(_) => {
                validation.add("rate", "must be a percent from 0 to 100");
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
        active: input.active.unwrap_or(true),
        created_at: now,
        updated_at: now,
    };
    let transaction = platform.db.write().await?;
    store::insert_tax(&*transaction, ctx.company, &tax)
        .await
        .map_err(tax_write_error)?;
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

pub async fn update_tax(
    platform: &Platform,
    ctx: &Ctx,
    id: Uuid,
    patch: UpdateTax,
) -> ApiResult<TaxView> {
    ctx.require_write(Area::Accounting)?;
    let transaction = platform.db.write().await?;
    let mut tax = store::tax_by_id(&*transaction, ctx.company, id)
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
    tax.updated_at = now_micros();
    store::update_tax(&*transaction, ctx.company, &tax)
        .await
        .map_err(tax_write_error)?;
    transaction.commit().await?;
    Ok(tax_view(ctx, tax))
}

// ------------------------------------------------------------------ currency rates

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
    let transaction = platform.db.write().await?;
    store::insert_rate(&*transaction, ctx.company, &rate)
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                ApiError::conflict(
                    errors::CURRENCY_RATE_EXISTS,
                    "This currency already has a rate on this date",
                )
            } else {
                error.into()
            }
        })?;
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

pub async fn get_settings(platform: &Platform, ctx: &Ctx) -> ApiResult<AccountingSettings> {
    Ok(AccountingSettings {
        tax_rounding: store::tax_rounding(platform.db.connection(), ctx.company).await?,
    })
}

pub async fn update_settings(
    platform: &Platform,
    ctx: &Ctx,
    input: UpdateAccountingSettings,
) -> ApiResult<AccountingSettings> {
    ctx.require_write(Area::Accounting)?;
    if let Some(rounding) = &input.tax_rounding {
        if !matches!(rounding.as_str(), "line" | "document") {
            return Err(ApiError::invalid_field(
                "taxRounding",
                "must be line or document",
            ));
        }
        let transaction = platform.db.write().await?;
        store::set_tax_rounding(&*transaction, ctx.company, rounding, now_micros()).await?;
        transaction.commit().await?;
    }
    get_settings(platform, ctx).await
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

/// The account a partner's documents post to: the company's first active receivable account
/// for clients, payable account for vendors.
pub async fn partner_account(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    client: bool,
) -> ApiResult<Account> {
    let account_type = if client {
        "asset_receivable"
    } else {
        "liability_payable"
    };
    store::first_account_of_type(db, ctx.company, account_type)
        .await?
        .ok_or_else(|| {
            ApiError::conflict(
                errors::ACCOUNT_MISSING,
                format!("The company has no active {account_type} account"),
            )
        })
}
