//! Use cases of the identity resources: log in, refresh, log out, create users and companies,
//! manage members. Permission checks and transactions live here; SQL lives in the store.

use arkan_kernel::cursor::SortValue;
use arkan_kernel::text::{is_valid_country, is_valid_email, is_valid_trn};
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{CompanyId, Currency, UserId};
use uuid::Uuid;

use crate::api::*;
use crate::errors;
use crate::events;
use crate::store::{self, CompanyRow, MemberRow, UserRow};
use arkan_platform::auth::{REFRESH_TOKEN_SECONDS, random_token, sha256_hex};
use arkan_platform::ctx::AuthUser;
use arkan_platform::error::codes;
use arkan_platform::error::{ApiError, ApiResult, Validation, is_unique_violation};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::{Plan, Role};
use arkan_platform::state::{BookSettings, NewCompany, Platform};

/// Attempts for one e-mail (since its last successful login) that need not wait.
const FREE_LOGIN_ATTEMPTS: usize = 5;
/// The longest wait between attempts after repeated failures.
const MAX_LOGIN_WAIT_SECONDS: i64 = 15 * 60;

/// The waits, in microseconds, after each attempt until the longest wait: none after the first
/// four, 1 second after the fifth, then 2, 4, 8, ... seconds.
fn login_waits() -> Vec<i64> {
    let mut waits = vec![0; FREE_LOGIN_ATTEMPTS - 1];
    let mut seconds = 1;
    while seconds < MAX_LOGIN_WAIT_SECONDS {
        waits.push(seconds * 1_000_000);
        seconds *= 2;
    }
    waits
}

/// Logs in. The attempt is counted for the e-mail (known or not) before the password is
/// checked, in one statement, so that parallel guesses cannot all pass before the count
/// catches up: five attempts are free, the fifth makes the next wait 1 second, each later one
/// doubles the wait (at most 15 minutes), and an attempt during a wait is refused unchecked
/// (still counted). A successful login clears the count.
pub async fn login(platform: &Platform, request: LoginRequest) -> ApiResult<TokenPair> {
    let email = request.email.trim().to_lowercase();
    let now = now_micros();
    let transaction = platform.db.write().await?;
    let attempt = store::count_login_attempt(
        &*transaction,
        &email,
        now,
        &login_waits(),
        MAX_LOGIN_WAIT_SECONDS * 1_000_000,
    )
    .await?;
    transaction.commit().await?;
    if attempt.refused {
        let wait = arkan_kernel::time::seconds_ceil(attempt.locked_until - now).max(1);
        return Err(errors::login_throttled(u64::try_from(wait).unwrap_or(1)));
    }
    let db = platform.db.connection();
    let user = store::user_by_email(db, &email).await?;
    let stored = user.as_ref().map(|user| user.password_hash.clone());
    if !platform.passwords.verify(request.password, stored).await {
        return Err(errors::invalid_credentials());
    }
    let Some(user) = user else {
        return Err(errors::invalid_credentials());
    };
    store::clear_login_throttle(db, &email).await?;
    issue_tokens(
        platform,
        db,
        UserId(user.id),
        Uuid::now_v7(),
        None,
        now_micros(),
    )
    .await
}

/// The id of the access token issued with `refresh_token`, so that the pair can be given
/// again, token for token.
fn access_id(refresh_token: &str) -> Uuid {
    let digest = sha256_hex(format!("access:{refresh_token}").as_bytes());
    let mut bytes = [0_u8; 16];
    for (index, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(digest.get(index * 2..index * 2 + 2).unwrap_or("00"), 16)
            .unwrap_or(0);
    }
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// A new pair for `user` in `family`; the refresh token is random after a login, and the
/// successor of `previous` when one is exchanged.
async fn issue_tokens(
    platform: &Platform,
    db: &impl sea_orm::ConnectionTrait,
    user: UserId,
    family: Uuid,
    previous: Option<&str>,
    now: i64,
) -> ApiResult<TokenPair> {
    let refresh_token = match previous {
        Some(previous) => platform.tokens.successor(previous),
        None => random_token(),
    };
    let access_token =
        platform
            .tokens
            .issue_access_as(user, now / 1_000_000, access_id(&refresh_token))?;
    store::insert_refresh_token(
        db,
        &sha256_hex(refresh_token.as_bytes()),
        user,
        family,
        now + REFRESH_TOKEN_SECONDS * 1_000_000,
        now,
    )
    .await?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        expires_in: arkan_platform::auth::ACCESS_TOKEN_SECONDS,
    })
}

/// Trades a refresh token for a new pair. A token used twice revokes its whole family: whoever
/// holds a stolen copy and whoever holds the real one must both log in again.
pub async fn refresh(platform: &Platform, request: RefreshRequest) -> ApiResult<TokenPair> {
    let hash = sha256_hex(request.refresh_token.as_bytes());
    let now = now_micros();
    let transaction = platform.db.write().await?;
    let Some(mut token) = store::refresh_token(&*transaction, &hash).await? else {
        return Err(errors::refresh_token_invalid());
    };
    if token.used_at.is_none() && token.revoked_at.is_none() {
        if store::use_refresh_token(&*transaction, token.id, now).await? == 1 {
            if token.expires_at <= now {
                return Err(errors::refresh_token_expired());
            }
            // The next token of the family is written in the same transaction that used this
            // one, so a concurrent replay that revokes the family revokes it too.
            let pair = issue_tokens(
                platform,
                &*transaction,
                UserId(token.user_id),
                token.family_id,
                Some(&request.refresh_token),
                now,
            )
            .await?;
            transaction.commit().await?;
            return Ok(pair);
        }
        // Another request used it since it was read (its commit released this update): read
        // what that request left.
        token = store::refresh_token(&*transaction, &hash)
            .await?
            .ok_or_else(errors::refresh_token_invalid)?;
    }
    if let Some(pair) =
        grace_pair(platform, &*transaction, &token, &request.refresh_token, now).await?
    {
        return Ok(pair);
    }
    store::revoke_family(&*transaction, token.family_id, now).await?;
    transaction.commit().await?;
    Err(errors::refresh_token_reused())
}

/// Two tabs refreshing at once: within the grace window a token used a moment ago gets the very
/// pair it got then, as long as its family stands and that pair is unused. None otherwise.
async fn grace_pair(
    platform: &Platform,
    db: &impl sea_orm::ConnectionTrait,
    token: &store::RefreshRow,
    presented: &str,
    now: i64,
) -> ApiResult<Option<TokenPair>> {
    let grace = i64::from(platform.refresh_grace_seconds) * 1_000_000;
    let Some(used_at) = token.used_at else {
        return Ok(None);
    };
    // 0 turns the window off; `now` may be a moment before `used_at` when the two raced.
    if grace == 0 || token.revoked_at.is_some() || now - used_at > grace {
        return Ok(None);
    }
    let successor = platform.tokens.successor(presented);
    let next = store::refresh_token(db, &sha256_hex(successor.as_bytes())).await?;
    if !next.is_some_and(|next| next.used_at.is_none() && next.revoked_at.is_none()) {
        return Ok(None);
    }
    let access_token = platform.tokens.issue_access_as(
        UserId(token.user_id),
        used_at / 1_000_000,
        access_id(&successor),
    )?;
    Ok(Some(TokenPair {
        access_token,
        refresh_token: successor,
        expires_in: arkan_platform::auth::ACCESS_TOKEN_SECONDS,
    }))
}

/// Revokes the refresh token's family (every token issued from that login).
pub async fn logout(platform: &Platform, request: RefreshRequest) -> ApiResult<()> {
    let hash = sha256_hex(request.refresh_token.as_bytes());
    let db = platform.db.connection();
    let Some(token) = store::refresh_token(db, &hash).await? else {
        return Err(errors::refresh_token_invalid());
    };
    store::revoke_family(db, token.family_id, now_micros()).await?;
    Ok(())
}

fn user_view(row: UserRow) -> UserView {
    UserView {
        id: row.id,
        email: row.email,
        full_name: row.full_name,
        is_platform_admin: row.is_platform_admin,
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    }
}

pub async fn me(platform: &Platform, actor: AuthUser) -> ApiResult<MeView> {
    let db = platform.db.connection();
    let user = store::user_by_id(db, actor.id)
        .await?
        .ok_or_else(|| ApiError::unauthorized(codes::TOKEN_INVALID, "The user no longer exists"))?;
    let companies = store::companies_of(db, actor.id)
        .await?
        .into_iter()
        .filter_map(|(id, name, currency, role)| {
            Role::parse(&role).map(|role| MyCompany {
                id,
                name,
                currency,
                role,
            })
        })
        .collect();
    Ok(MeView {
        user: user_view(user),
        companies,
    })
}

/// Creates a user. `actor` None is the command line or the start-up bootstrap. Through the API
/// only a platform admin creates users: owners and admins of a company bring existing users
/// into it as members, so owning a company (open sign-up) gives no power over accounts.
pub async fn create_user(
    platform: &Platform,
    actor: Option<AuthUser>,
    request: CreateUser,
    platform_admin: bool,
) -> ApiResult<UserView> {
    // A platform admin, or the owner or admin of a company (who then adds the user to it as a
    // member). Ordinary users cannot make themselves owners: creating a company is the
    // platform admin's unless ARKAN_OPEN_SIGNUP is on.
    if let Some(actor) = actor
        && !actor.is_platform_admin
        && !store::is_admin_anywhere(platform.db.connection(), actor.id).await?
    {
        return Err(ApiError::forbidden(
            codes::ROLE_NOT_ALLOWED,
            "Only a platform admin or a company owner or admin may create users",
        ));
    }
    let mut validation = Validation::new();
    let email = request.email.trim().to_lowercase();
    if !is_valid_email(&email) {
        validation.add("email", "must be a valid email address");
    }
    if request.password.chars().count() < 8 {
        validation.add("password", "must be at least 8 characters");
    } else if request.password.len() > 1024 {
        validation.add("password", "must be at most 1024 bytes");
    }
    let full_name = request.full_name.trim().to_owned();
    check_name(&mut validation, "fullName", &full_name);
    validation.finish()?;

    let password_hash = platform.passwords.hash(request.password).await?;
    let now = now_micros();
    let row = UserRow {
        id: Uuid::now_v7(),
        email,
        password_hash,
        full_name,
        is_platform_admin: platform_admin,
        created_at: now,
        updated_at: now,
    };
    store::insert_user(platform.db.connection(), &row)
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                errors::email_taken()
            } else {
                error.into()
            }
        })?;
    Ok(user_view(row))
}

/// Creates the first platform admin on a database with no users.
pub async fn bootstrap_admin(platform: &Platform, email: &str, password: &str) -> ApiResult<bool> {
    if store::count_users(platform.db.connection()).await? > 0 {
        return Ok(false);
    }
    let request = CreateUser {
        email: email.to_owned(),
        password: password.to_owned(),
        full_name: "Platform administrator".to_owned(),
    };
    create_user(platform, None, request, true).await?;
    Ok(true)
}

static USER_LIST: ListSpec = ListSpec {
    name: "users",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "email",
            column: "email",
            kind: SortKind::Text,
        },
    ],
};

pub async fn list_users(
    platform: &Platform,
    actor: AuthUser,
    query: UserListQuery,
) -> ApiResult<Page<UserView>> {
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let page = PageRequest::parse(&query.page, &USER_LIST, &format!("q={q:?}"))?;
    let filtered = store::visible_users(actor.id, actor.is_platform_admin, q);
    let (rows, total) = store::list_users(platform.db.connection(), &filtered, &page).await?;
    let sort = page.sort.name;
    Ok(page
        .page(rows, total, |row| {
            let value = if sort == "email" {
                SortValue::Text(row.email.clone())
            } else {
                SortValue::Integer(row.created_at)
            };
            (value, row.id)
        })
        .map(user_view))
}

pub async fn get_user(platform: &Platform, actor: AuthUser, id: UserId) -> ApiResult<UserView> {
    store::visible_user(
        platform.db.connection(),
        actor.id,
        actor.is_platform_admin,
        id,
    )
    .await?
    .map(user_view)
    .ok_or_else(|| ApiError::not_found("user"))
}

fn check_name(validation: &mut Validation, field: &str, name: &str) {
    if name.is_empty() {
        validation.add(field, "must not be empty");
    } else if name.chars().count() > 200 {
        validation.add(field, "must be at most 200 characters");
    }
}

fn check_currency(validation: &mut Validation, field: &str, code: &str) {
    if Currency::from_code(code).is_none() {
        validation.add(
            field,
            "must be an ISO 4217 currency code this system knows (e.g. AED)",
        );
    }
}

fn check_trn(validation: &mut Validation, field: &str, trn: Option<&str>) {
    if let Some(trn) = trn
        && !is_valid_trn(trn)
    {
        validation.add(field, "must be a UAE TRN of exactly 15 digits");
    }
}

fn check_month(validation: &mut Validation, month: Option<i32>) {
    if let Some(month) = month
        && !(1..=12).contains(&month)
    {
        validation.add("fiscalYearStartMonth", "must be a month from 1 to 12");
    }
}

fn company_view(row: CompanyRow, books: BookSettings) -> ApiResult<CompanyView> {
    Ok(CompanyView {
        id: row.id,
        name: row.name,
        legal_name: row.legal_name,
        currency: row.currency,
        country: row.country,
        plan: Plan::parse(&row.plan).ok_or_else(|| ApiError::internal("unknown stored plan"))?,
        chart_template: row.chart_template,
        trn: row.trn,
        fiscal_year_start_month: books.fiscal_year_start_month,
        lock_date: books.lock_date.map(arkan_platform::fields::format_date),
        role: row.role.as_deref().and_then(Role::parse),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    })
}

/// The company's book settings (kept by the ledger), the defaults when it has none.
async fn books_of(platform: &Platform, company: CompanyId) -> ApiResult<BookSettings> {
    Ok(platform
        .book_settings
        .one(platform.db.connection(), company)
        .await?)
}

/// Creates a company and makes the caller its owner, in one transaction. Only a platform admin
/// may, unless the deployment opens sign-up (`ARKAN_OPEN_SIGNUP`) to every logged-in user.
pub async fn create_company(
    platform: &Platform,
    actor: AuthUser,
    request: CreateCompany,
) -> ApiResult<CompanyView> {
    if !actor.is_platform_admin && !platform.open_signup {
        return Err(ApiError::forbidden(
            codes::ROLE_NOT_ALLOWED,
            "Only a platform admin may create companies on this server",
        ));
    }
    if request.plan.is_some() && !actor.is_platform_admin {
        return Err(errors::plan_change_forbidden());
    }
    let mut validation = Validation::new();
    let name = request.name.trim().to_owned();
    check_name(&mut validation, "name", &name);
    check_currency(&mut validation, "currency", &request.currency);
    if !is_valid_country(&request.country) {
        validation.add(
            "country",
            "must be an ISO 3166 alpha-2 code in upper case (e.g. AE)",
        );
    }
    let chart_template = match request.chart_template.as_deref() {
        None if request.country == "AE" => "uae",
        None => "none",
        Some(template @ ("uae" | "none")) => template,
        Some(_) => {
            validation.add("chartTemplate", "must be uae or none");
            "none"
        }
    };
    check_trn(&mut validation, "trn", request.trn.as_deref());
    check_month(&mut validation, request.fiscal_year_start_month);
    validation.finish()?;

    let now = now_micros();
    let row = CompanyRow {
        id: Uuid::now_v7(),
        name,
        legal_name: request
            .legal_name
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty()),
        currency: request.currency,
        country: request.country,
        plan: request
            .plan
            .unwrap_or(platform.default_plan)
            .as_str()
            .to_owned(),
        chart_template: chart_template.to_owned(),
        trn: request.trn,
        created_at: now,
        updated_at: now,
        role: Some(Role::Owner.as_str().to_owned()),
    };
    let mut transaction = platform.db.write().await?;
    store::insert_company(&*transaction, &row).await?;
    store::insert_member(
        &*transaction,
        CompanyId(row.id),
        actor.id,
        Role::Owner.as_str(),
        now,
    )
    .await?;
    let new_company = NewCompany {
        id: CompanyId(row.id),
        currency: Currency::from_code(&row.currency)
            .ok_or_else(|| ApiError::internal("validated currency vanished"))?,
        country: row.country.clone(),
        chart_template: row.chart_template.clone(),
        fiscal_year_start_month: request.fiscal_year_start_month.unwrap_or(1),
        now,
    };
    for setup in &platform.company_setup {
        setup(&transaction, &new_company).await?;
    }
    transaction.emit(new_company.id, events::COMPANY_CREATED, new_company.id.0);
    transaction.commit().await?;
    let books = books_of(platform, new_company.id).await?;
    company_view(row, books)
}

static COMPANY_LIST: ListSpec = ListSpec {
    name: "companies",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "name",
            column: "name",
            kind: SortKind::Text,
        },
    ],
};

pub async fn list_companies(
    platform: &Platform,
    actor: AuthUser,
    query: CompanyListQuery,
) -> ApiResult<Page<CompanyView>> {
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let page = PageRequest::parse(&query.page, &COMPANY_LIST, &format!("q={q:?}"))?;
    let filtered = store::visible_companies(actor.id, actor.is_platform_admin, q);
    let (rows, total) = store::list_companies(platform.db.connection(), &filtered, &page).await?;
    let by_name = page.sort.name == "name";
    let page = page.page(rows, total, |row| {
        let value = if by_name {
            SortValue::Text(row.name.clone())
        } else {
            SortValue::Integer(row.created_at)
        };
        (value, row.id)
    });
    let ids: Vec<CompanyId> = page.data.iter().map(|row| CompanyId(row.id)).collect();
    let mut books = (platform.book_settings.read)(platform.db.connection(), &ids).await?;
    let data = page
        .data
        .into_iter()
        .map(|row| {
            let settings = books.remove(&CompanyId(row.id)).unwrap_or_default();
            company_view(row, settings)
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Page {
        data,
        meta: page.meta,
    })
}

/// The company as `actor` sees it: 404 when it does not exist or `actor` is not a member.
async fn visible_company(
    platform: &Platform,
    actor: AuthUser,
    id: CompanyId,
) -> ApiResult<CompanyRow> {
    store::company_for(
        platform.db.connection(),
        actor.id,
        actor.is_platform_admin,
        id,
    )
    .await?
    .ok_or_else(|| ApiError::not_found("company"))
}

/// The actor's effective role in a company it can see (platform admins act as admin).
fn effective_role(actor: AuthUser, company: &CompanyRow) -> Role {
    company
        .role
        .as_deref()
        .and_then(Role::parse)
        .unwrap_or(if actor.is_platform_admin {
            Role::Admin
        } else {
            Role::Viewer
        })
}

fn require_company_admin(actor: AuthUser, company: &CompanyRow) -> ApiResult<Role> {
    let role = effective_role(actor, company);
    if matches!(role, Role::Owner | Role::Admin) || actor.is_platform_admin {
        Ok(role)
    } else {
        Err(ApiError::forbidden(
            codes::ROLE_NOT_ALLOWED,
            "Only the company's owner or an admin may do this",
        ))
    }
}

pub async fn get_company(
    platform: &Platform,
    actor: AuthUser,
    id: CompanyId,
) -> ApiResult<CompanyView> {
    let row = visible_company(platform, actor, id).await?;
    company_view(row, books_of(platform, id).await?)
}

/// A company as its owner sees it (`GET /companies/{id}` with `role: owner`); None when there is
/// no such company. For showing the company outside a request (webhook payloads).
pub async fn company_as_owner(
    platform: &Platform,
    id: CompanyId,
) -> ApiResult<Option<CompanyView>> {
    // Every company, seen by nobody in particular: the owner's role is set below.
    let Some(mut row) =
        store::company_for(platform.db.connection(), UserId(Uuid::nil()), true, id).await?
    else {
        return Ok(None);
    };
    row.role = Some(Role::Owner.as_str().to_owned());
    company_view(row, books_of(platform, id).await?).map(Some)
}

pub async fn update_company(
    platform: &Platform,
    actor: AuthUser,
    id: CompanyId,
    request: UpdateCompany,
) -> ApiResult<CompanyView> {
    let mut row = visible_company(platform, actor, id).await?;
    let read_version = row.updated_at;
    let books_before = books_of(platform, id).await?;
    let mut books = books_before;
    require_company_admin(actor, &row)?;
    let mut validation = Validation::new();
    if let Some(name) = request.name {
        row.name = name.trim().to_owned();
        check_name(&mut validation, "name", &row.name);
    }
    if let Some(legal_name) = request.legal_name {
        row.legal_name = legal_name
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty());
    }
    if let Some(currency) = request.currency
        && currency != row.currency
    {
        // Every amount of the company is stored in minor units of its currency: changing it
        // would silently rescale the books.
        return Err(errors::company_currency_fixed());
    }
    if let Some(country) = request.country {
        if !is_valid_country(&country) {
            validation.add(
                "country",
                "must be an ISO 3166 alpha-2 code in upper case (e.g. AE)",
            );
        }
        row.country = country;
    }
    if let Some(plan) = request.plan
        && plan.as_str() != row.plan
    {
        if !actor.is_platform_admin {
            return Err(errors::plan_change_forbidden());
        }
        row.plan = plan.as_str().to_owned();
    }
    if let Some(trn) = request.trn {
        check_trn(&mut validation, "trn", trn.as_deref());
        row.trn = trn;
    }
    if let Some(month) = request.fiscal_year_start_month {
        check_month(&mut validation, Some(month));
        books.fiscal_year_start_month = month;
    }
    if let Some(lock_date) = request.lock_date {
        books.lock_date = match lock_date {
            None => None,
            Some(text) => arkan_platform::fields::parse_date(&mut validation, "lockDate", &text),
        };
    }
    validation.finish()?;
    row.updated_at = now_micros().max(read_version + 1);
    let mut transaction = platform.db.write().await?;
    if !store::update_company(&*transaction, &row, read_version).await? {
        return Err(errors::company_changed());
    }
    if books != books_before {
        (platform.book_settings.write)(&transaction, id, books, row.updated_at).await?;
    }
    transaction.emit(id, events::COMPANY_UPDATED, id.0);
    transaction.commit().await?;
    company_view(row, books)
}

static MEMBER_LIST: ListSpec = ListSpec {
    name: "members",
    sorts: &[CREATED_AT],
};

fn member_view(row: MemberRow) -> ApiResult<MemberView> {
    Ok(MemberView {
        user_id: row.user_id,
        email: row.email,
        full_name: row.full_name,
        role: Role::parse(&row.role).ok_or_else(|| ApiError::internal("unknown stored role"))?,
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    })
}

pub async fn list_members(
    platform: &Platform,
    actor: AuthUser,
    company: CompanyId,
    query: MemberListQuery,
) -> ApiResult<Page<MemberView>> {
    visible_company(platform, actor, company).await?;
    let page = PageRequest::parse(&query.page, &MEMBER_LIST, "")?;
    let (rows, total) = store::list_members(platform.db.connection(), company, &page).await?;
    let page = page.page(rows, total, |row| {
        (SortValue::Integer(row.created_at), row.user_id)
    });
    let data = page
        .data
        .into_iter()
        .map(member_view)
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Page {
        data,
        meta: page.meta,
    })
}

/// Only an owner (or a platform admin) may hand out or take away ownership.
fn require_owner_for(actor: AuthUser, actor_role: Role, roles: &[Role]) -> ApiResult<()> {
    if roles.contains(&Role::Owner) && actor_role != Role::Owner && !actor.is_platform_admin {
        return Err(ApiError::forbidden(
            codes::ROLE_NOT_ALLOWED,
            "Only an owner may grant or remove the owner role",
        ));
    }
    Ok(())
}

pub async fn add_member(
    platform: &Platform,
    actor: AuthUser,
    company: CompanyId,
    request: AddMember,
) -> ApiResult<MemberView> {
    let row = visible_company(platform, actor, company).await?;
    let actor_role = require_company_admin(actor, &row)?;
    require_owner_for(actor, actor_role, &[request.role])?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let user = UserId(request.user_id);
    if store::user_by_id(db, user).await?.is_none() {
        return Err(ApiError::invalid_field("userId", "no such user"));
    }
    store::insert_member(db, company, user, request.role.as_str(), now_micros())
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                errors::member_exists()
            } else {
                error.into()
            }
        })?;
    let member = store::member(db, company, user)
        .await?
        .ok_or_else(|| ApiError::not_found("member"))?;
    // (It changes access: a platform admin who was not a member may have a kept context.)
    transaction.emit(company, events::MEMBER_CREATED, user.0);
    transaction.commit().await?;
    member_view(member)
}

pub async fn update_member(
    platform: &Platform,
    actor: AuthUser,
    company: CompanyId,
    user: UserId,
    request: UpdateMember,
) -> ApiResult<MemberView> {
    let row = visible_company(platform, actor, company).await?;
    let actor_role = require_company_admin(actor, &row)?;
    let mut transaction = platform.db.write().await?;
    let current = store::member(&*transaction, company, user)
        .await?
        .ok_or_else(|| ApiError::not_found("member"))?;
    let current_role = Role::parse(&current.role).unwrap_or(Role::Viewer);
    require_owner_for(actor, actor_role, &[current_role, request.role])?;
    if current_role == Role::Owner
        && request.role != Role::Owner
        && store::count_owners(&*transaction, company).await? <= 1
    {
        return Err(errors::last_owner());
    }
    store::update_member(
        &*transaction,
        company,
        user,
        request.role.as_str(),
        now_micros(),
    )
    .await?;
    let member = store::member(&*transaction, company, user)
        .await?
        .ok_or_else(|| ApiError::not_found("member"))?;
    transaction.emit(company, events::MEMBER_UPDATED, user.0);
    transaction.commit().await?;
    member_view(member)
}

pub async fn remove_member(
    platform: &Platform,
    actor: AuthUser,
    company: CompanyId,
    user: UserId,
) -> ApiResult<()> {
    let row = visible_company(platform, actor, company).await?;
    let actor_role = require_company_admin(actor, &row)?;
    let mut transaction = platform.db.write().await?;
    let current = store::member(&*transaction, company, user)
        .await?
        .ok_or_else(|| ApiError::not_found("member"))?;
    let current_role = Role::parse(&current.role).unwrap_or(Role::Viewer);
    require_owner_for(actor, actor_role, &[current_role])?;
    if current_role == Role::Owner && store::count_owners(&*transaction, company).await? <= 1 {
        return Err(errors::last_owner());
    }
    store::delete_member(&*transaction, company, user).await?;
    transaction.emit(company, events::MEMBER_DELETED, user.0);
    transaction.commit().await?;
    Ok(())
}
