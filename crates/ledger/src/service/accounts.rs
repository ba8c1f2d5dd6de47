//! Accounts of the chart: create, list with balances, read, change; and the partner account
//! documents post to.

use super::*;

static ACCOUNT_LIST: ListSpec = ListSpec {
    name: "accounting.accounts",
    sorts: &[CREATED_AT, CODE, NAME],
};

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
        errors::account_code_taken()
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
    let mut transaction = platform.db.write().await?;
    store::insert_account(&*transaction, ctx.company, &account)
        .await
        .map_err(account_write_error)?;
    transaction.emit(ctx.company, events::ACCOUNT_CREATED, account.id);
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

pub async fn get_account(platform: &Platform, ctx: &Ctx, id: AccountId) -> ApiResult<AccountView> {
    let db = platform.db.connection();
    let account = store::account_by_id(db, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    let balances = balance_of(db, ctx, &[id.0]).await?;
    Ok(account_view(ctx, account, balance_in(&balances, id.0)))
}

pub async fn update_account(
    platform: &Platform,
    ctx: &Ctx,
    id: AccountId,
    patch: UpdateAccount,
) -> ApiResult<AccountView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut account = store::account_by_id(&*transaction, ctx.company, id.0)
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
    if changes_identity && store::account_has_postings(&*transaction, ctx.company, id.0).await? {
        return Err(errors::account_has_postings());
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
    let balances = balance_of(&*transaction, ctx, &[id.0]).await?;
    transaction.emit(ctx.company, events::ACCOUNT_UPDATED, account.id);
    transaction.commit().await?;
    Ok(account_view(ctx, account, balance_in(&balances, id.0)))
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
        .ok_or_else(|| errors::account_missing(account_type))
}
