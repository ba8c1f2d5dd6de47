//! SQL for users, companies, memberships, refresh tokens and login throttling.

use arkan_kernel::{CompanyId, UserId};
use sea_orm::sea_query::{
    Alias, Asterisk, Cond, Expr, ExprTrait, Func, OnConflict, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use arkan_platform::list::{PageRequest, count, fetch_page, like_pattern};
use arkan_platform::state::Membership;

pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub password_hash: String,
    pub full_name: String,
    pub is_platform_admin: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

const USER_COLUMNS: [&str; 7] = [
    "id",
    "email",
    "password_hash",
    "full_name",
    "is_platform_admin",
    "created_at",
    "updated_at",
];

fn user_row(row: &QueryResult) -> Result<UserRow, DbErr> {
    Ok(UserRow {
        id: row.try_get("", "id")?,
        email: row.try_get("", "email")?,
        password_hash: row.try_get("", "password_hash")?,
        full_name: row.try_get("", "full_name")?,
        is_platform_admin: row.try_get("", "is_platform_admin")?,
        created_at: row.try_get("", "created_at")?,
        updated_at: row.try_get("", "updated_at")?,
    })
}

pub async fn count_users(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let select = Query::select()
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("n"))
        .from("users")
        .to_owned();
    count(db, &select).await
}

pub async fn insert_user(db: &impl ConnectionTrait, user: &UserRow) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("users")
        .columns(USER_COLUMNS)
        .values_panic([
            user.id.into(),
            user.email.clone().into(),
            user.password_hash.clone().into(),
            user.full_name.clone().into(),
            user.is_platform_admin.into(),
            user.created_at.into(),
            user.updated_at.into(),
        ])
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

pub async fn user_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<UserRow>, DbErr> {
    let select = Query::select()
        .columns(USER_COLUMNS)
        .from("users")
        .and_where(Expr::col("email").eq(email))
        .to_owned();
    db.query_one(&select)
        .await?
        .as_ref()
        .map(user_row)
        .transpose()
}

pub async fn user_by_id(db: &impl ConnectionTrait, id: UserId) -> Result<Option<UserRow>, DbErr> {
    let select = Query::select()
        .columns(USER_COLUMNS)
        .from("users")
        .and_where(Expr::col("id").eq(id.0))
        .to_owned();
    db.query_one(&select)
        .await?
        .as_ref()
        .map(user_row)
        .transpose()
}

/// The users `viewer` may see: everyone for a platform admin, otherwise the members of the
/// companies `viewer` belongs to.
pub fn visible_users(viewer: UserId, everyone: bool, q: Option<&str>) -> SelectStatement {
    let mut select = Query::select()
        .columns(USER_COLUMNS.map(|column| ("users", column)))
        .from("users")
        .to_owned();
    if !everyone {
        let my_companies = Query::select()
            .column("company_id")
            .from("memberships")
            .and_where(Expr::col("user_id").eq(viewer.0))
            .to_owned();
        let colleagues = Query::select()
            .column("user_id")
            .from("memberships")
            .and_where(Expr::col("company_id").in_subquery(my_companies))
            .to_owned();
        select.and_where(
            Expr::col(("users", "id"))
                .in_subquery(colleagues)
                .or(Expr::col(("users", "id")).eq(viewer.0)),
        );
    }
    if let Some(q) = q {
        let pattern = like_pattern(q);
        select.and_where(
            Func::lower(Expr::col(("users", "email")))
                .like(pattern.clone())
                .or(Func::lower(Expr::col(("users", "full_name"))).like(pattern)),
        );
    }
    select
}

pub async fn visible_user(
    db: &impl ConnectionTrait,
    viewer: UserId,
    everyone: bool,
    id: UserId,
) -> Result<Option<UserRow>, DbErr> {
    let mut select = visible_users(viewer, everyone, None);
    select.and_where(Expr::col(("users", "id")).eq(id.0));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(user_row)
        .transpose()
}

pub async fn list_users(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<UserRow>, i64), DbErr> {
    fetch_page(db, filtered, page, ("users", "id"), user_row).await
}

/// Whether the user is the owner or an admin of at least one company.
pub async fn is_admin_anywhere(db: &impl ConnectionTrait, user: UserId) -> Result<bool, DbErr> {
    let select = Query::select()
        .column("company_id")
        .from("memberships")
        .and_where(Expr::col("user_id").eq(user.0))
        .and_where(Expr::col("role").is_in(["owner", "admin"]))
        .limit(1)
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}

/// The ids of the company's members holding one of `roles`, oldest membership first.
pub async fn members_with_roles(
    db: &impl ConnectionTrait,
    company: CompanyId,
    roles: &[&str],
) -> Result<Vec<UserId>, DbErr> {
    let select = Query::select()
        .column("user_id")
        .from("memberships")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("role").is_in(roles.iter().copied()))
        .order_by("created_at", sea_orm::sea_query::Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| row.try_get("", "user_id").map(UserId))
        .collect()
}

/// The full names of those of `users` who are members of `company`.
/// The companies `user` is a member of (at most `limit`).
pub async fn company_ids_of(
    db: &impl ConnectionTrait,
    user: UserId,
    limit: u64,
) -> Result<Vec<CompanyId>, DbErr> {
    let select = Query::select()
        .column("company_id")
        .from("memberships")
        .and_where(Expr::col("user_id").eq(user.0))
        .limit(limit)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| Ok(CompanyId(row.try_get("", "company_id")?)))
        .collect()
}

pub async fn member_names(
    db: &impl ConnectionTrait,
    company: CompanyId,
    users: &[UserId],
) -> Result<std::collections::HashMap<UserId, String>, DbErr> {
    if users.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let select = Query::select()
        .column(("users", "id"))
        .column(("users", "full_name"))
        .from("users")
        .inner_join(
            "memberships",
            Expr::col(("memberships", "user_id")).equals(("users", "id")),
        )
        .and_where(Expr::col(("memberships", "company_id")).eq(company.0))
        .and_where(Expr::col(("users", "id")).is_in(users.iter().map(|user| user.0)))
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok((
                UserId(row.try_get("", "id")?),
                row.try_get("", "full_name")?,
            ))
        })
        .collect()
}

pub struct CompanyRow {
    pub id: Uuid,
    pub name: String,
    pub legal_name: Option<String>,
    pub currency: String,
    pub country: String,
    pub plan: String,
    pub chart_template: String,
    pub trn: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The viewer's role (filled by the queries that join memberships).
    pub role: Option<String>,
}

const COMPANY_COLUMNS: [&str; 10] = [
    "id",
    "name",
    "legal_name",
    "currency",
    "country",
    "plan",
    "chart_template",
    "trn",
    "created_at",
    "updated_at",
];

fn company_row(row: &QueryResult) -> Result<CompanyRow, DbErr> {
    Ok(CompanyRow {
        id: row.try_get("", "id")?,
        name: row.try_get("", "name")?,
        legal_name: row.try_get("", "legal_name")?,
        currency: row.try_get("", "currency")?,
        country: row.try_get("", "country")?,
        plan: row.try_get("", "plan")?,
        chart_template: row.try_get("", "chart_template")?,
        trn: row.try_get("", "trn")?,
        created_at: row.try_get("", "created_at")?,
        updated_at: row.try_get("", "updated_at")?,
        role: row.try_get("", "role")?,
    })
}

pub async fn insert_company(db: &impl ConnectionTrait, company: &CompanyRow) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("companies")
        .columns(COMPANY_COLUMNS)
        .values_panic([
            company.id.into(),
            company.name.clone().into(),
            company.legal_name.clone().into(),
            company.currency.clone().into(),
            company.country.clone().into(),
            company.plan.clone().into(),
            company.chart_template.clone().into(),
            company.trn.clone().into(),
            company.created_at.into(),
            company.updated_at.into(),
        ])
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

/// Saves a company, only if it is still the version that was read (`updated_at ==
/// read_version`): two admins editing at once cannot silently undo each other (a lock date,
/// say). Returns whether it saved.
pub async fn update_company(
    db: &impl ConnectionTrait,
    company: &CompanyRow,
    read_version: i64,
) -> Result<bool, DbErr> {
    let update = Query::update()
        .table("companies")
        .values([
            ("name", company.name.clone().into()),
            ("legal_name", company.legal_name.clone().into()),
            ("currency", company.currency.clone().into()),
            ("country", company.country.clone().into()),
            ("plan", company.plan.clone().into()),
            ("trn", company.trn.clone().into()),
            ("updated_at", company.updated_at.into()),
        ])
        .and_where(Expr::col("id").eq(company.id))
        .and_where(Expr::col("updated_at").eq(read_version))
        .to_owned();
    Ok(db.execute(&update).await?.rows_affected() == 1)
}

/// Companies with the viewer's role: all companies for a platform admin, otherwise only those
/// the viewer is a member of.
pub fn visible_companies(viewer: UserId, everyone: bool, q: Option<&str>) -> SelectStatement {
    let mut select = Query::select()
        .columns(COMPANY_COLUMNS.map(|column| ("companies", column)))
        .expr_as(Expr::col(("memberships", "role")), Alias::new("role"))
        .from("companies")
        .to_owned();
    let joined = Expr::col(("memberships", "company_id"))
        .equals(("companies", "id"))
        .and(Expr::col(("memberships", "user_id")).eq(viewer.0));
    if everyone {
        select.left_join("memberships", joined);
    } else {
        select.inner_join("memberships", joined);
    }
    if let Some(q) = q {
        select.and_where(Func::lower(Expr::col(("companies", "name"))).like(like_pattern(q)));
    }
    select
}

pub async fn list_companies(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<CompanyRow>, i64), DbErr> {
    fetch_page(db, filtered, page, ("companies", "id"), company_row).await
}

pub async fn company_for(
    db: &impl ConnectionTrait,
    viewer: UserId,
    everyone: bool,
    company: CompanyId,
) -> Result<Option<CompanyRow>, DbErr> {
    let mut select = visible_companies(viewer, everyone, None);
    select.and_where(Expr::col(("companies", "id")).eq(company.0));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(company_row)
        .transpose()
}

pub struct MemberRow {
    pub user_id: Uuid,
    pub email: String,
    pub full_name: String,
    pub role: String,
    pub created_at: i64,
    pub updated_at: i64,
}

fn member_row(row: &QueryResult) -> Result<MemberRow, DbErr> {
    Ok(MemberRow {
        user_id: row.try_get("", "user_id")?,
        email: row.try_get("", "email")?,
        full_name: row.try_get("", "full_name")?,
        role: row.try_get("", "role")?,
        created_at: row.try_get("", "created_at")?,
        updated_at: row.try_get("", "updated_at")?,
    })
}

fn members_of(company: CompanyId) -> SelectStatement {
    Query::select()
        .column(("memberships", "user_id"))
        .column(("users", "email"))
        .column(("users", "full_name"))
        .column(("memberships", "role"))
        .column(("memberships", "created_at"))
        .column(("memberships", "updated_at"))
        .from("memberships")
        .inner_join(
            "users",
            Expr::col(("users", "id")).equals(("memberships", "user_id")),
        )
        .and_where(Expr::col(("memberships", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn list_members(
    db: &impl ConnectionTrait,
    company: CompanyId,
    page: &PageRequest,
) -> Result<(Vec<MemberRow>, i64), DbErr> {
    let filtered = members_of(company);
    fetch_page(db, &filtered, page, ("memberships", "user_id"), member_row).await
}

pub async fn member(
    db: &impl ConnectionTrait,
    company: CompanyId,
    user: UserId,
) -> Result<Option<MemberRow>, DbErr> {
    let mut select = members_of(company);
    select.and_where(Expr::col(("memberships", "user_id")).eq(user.0));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(member_row)
        .transpose()
}

pub async fn insert_member(
    db: &impl ConnectionTrait,
    company: CompanyId,
    user: UserId,
    role: &str,
    now: i64,
) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("memberships")
        .columns(["company_id", "user_id", "role", "created_at", "updated_at"])
        .values_panic([
            company.0.into(),
            user.0.into(),
            role.into(),
            now.into(),
            now.into(),
        ])
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

pub async fn update_member(
    db: &impl ConnectionTrait,
    company: CompanyId,
    user: UserId,
    role: &str,
    now: i64,
) -> Result<u64, DbErr> {
    let update = Query::update()
        .table("memberships")
        .values([("role", role.into()), ("updated_at", now.into())])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("user_id").eq(user.0))
        .to_owned();
    Ok(db.execute(&update).await?.rows_affected())
}

pub async fn delete_member(
    db: &impl ConnectionTrait,
    company: CompanyId,
    user: UserId,
) -> Result<u64, DbErr> {
    let delete = Query::delete()
        .from_table("memberships")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("user_id").eq(user.0))
        .to_owned();
    Ok(db.execute(&delete).await?.rows_affected())
}

/// The owners of a company, locked until the transaction ends (PostgreSQL; SQLite's writer is
/// already alone), so two owners cannot demote each other at once and leave none.
pub async fn count_owners(db: &impl ConnectionTrait, company: CompanyId) -> Result<i64, DbErr> {
    let select = Query::select()
        .column("user_id")
        .from("memberships")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("role").eq("owner"))
        .lock(sea_orm::sea_query::LockType::Update)
        .to_owned();
    Ok(i64::try_from(db.query_all(&select).await?.len()).unwrap_or(i64::MAX))
}

pub async fn companies_of(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Vec<(Uuid, String, String, String)>, DbErr> {
    let select = Query::select()
        .column(("companies", "id"))
        .column(("companies", "name"))
        .column(("companies", "currency"))
        .column(("memberships", "role"))
        .from("memberships")
        .inner_join(
            "companies",
            Expr::col(("companies", "id")).equals(("memberships", "company_id")),
        )
        .and_where(Expr::col(("memberships", "user_id")).eq(user.0))
        .order_by(("companies", "name"), sea_orm::sea_query::Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok((
                row.try_get("", "id")?,
                row.try_get("", "name")?,
                row.try_get("", "currency")?,
                row.try_get("", "role")?,
            ))
        })
        .collect()
}

pub struct RefreshRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub family_id: Uuid,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

pub async fn insert_refresh_token(
    db: &impl ConnectionTrait,
    token_hash: &str,
    user: UserId,
    family: Uuid,
    expires_at: i64,
    now: i64,
) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("refresh_tokens")
        .columns([
            "id",
            "token_hash",
            "user_id",
            "family_id",
            "expires_at",
            "created_at",
        ])
        .values_panic([
            Uuid::now_v7().into(),
            token_hash.into(),
            user.0.into(),
            family.into(),
            expires_at.into(),
            now.into(),
        ])
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

pub async fn refresh_token(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<RefreshRow>, DbErr> {
    let select = Query::select()
        .columns([
            "id",
            "user_id",
            "family_id",
            "expires_at",
            "used_at",
            "revoked_at",
        ])
        .from("refresh_tokens")
        .and_where(Expr::col("token_hash").eq(token_hash))
        .to_owned();
    let Some(row) = db.query_one(&select).await? else {
        return Ok(None);
    };
    Ok(Some(RefreshRow {
        id: row.try_get("", "id")?,
        user_id: row.try_get("", "user_id")?,
        family_id: row.try_get("", "family_id")?,
        expires_at: row.try_get("", "expires_at")?,
        used_at: row.try_get("", "used_at")?,
        revoked_at: row.try_get("", "revoked_at")?,
    }))
}

/// Marks a refresh token used; 0 rows when another request used it first.
pub async fn use_refresh_token(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: i64,
) -> Result<u64, DbErr> {
    let update = Query::update()
        .table("refresh_tokens")
        .value("used_at", now)
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("used_at").is_null())
        .and_where(Expr::col("revoked_at").is_null())
        .to_owned();
    Ok(db.execute(&update).await?.rows_affected())
}

pub async fn revoke_family(db: &impl ConnectionTrait, family: Uuid, now: i64) -> Result<(), DbErr> {
    let update = Query::update()
        .table("refresh_tokens")
        .value("revoked_at", now)
        .and_where(Expr::col("family_id").eq(family))
        .and_where(Expr::col("revoked_at").is_null())
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

/// A login attempt as counted: until when the e-mail must wait, and whether this attempt came
/// while it had to (then the password is not checked).
pub struct LoginAttempt {
    pub locked_until: i64,
    pub refused: bool,
}

/// Counts an attempt to log in as `email` in one statement, before its password is checked,
/// so that parallel guesses each get their own number. The count goes up by one. An attempt
/// that comes while the address must wait is marked refused and leaves the wait as it is;
/// otherwise the address must wait, from `now`, `waits[n - 1]` microseconds after the n-th
/// attempt (0: no wait) and `later` after any attempt past the list.
pub async fn count_login_attempt(
    db: &impl ConnectionTrait,
    email: &str,
    now: i64,
    waits: &[i64],
    later: i64,
) -> Result<LoginAttempt, DbErr> {
    let stored = |column: &str| Expr::col(("login_throttle", column.to_owned()));
    let counted = stored("failures").add(1);
    let until = |wait: i64| if wait == 0 { 0 } else { now + wait };
    let mut wait = Expr::case(stored("locked_until").gt(now), stored("locked_until"));
    for (attempt, after) in (1_i32..).zip(waits) {
        wait = wait.case(counted.clone().eq(attempt), until(*after));
    }
    let upsert = Query::insert()
        .into_table("login_throttle")
        .columns(["email", "failures", "locked_until", "refused", "updated_at"])
        .values_panic([
            email.into(),
            1.into(),
            until(waits.first().copied().unwrap_or(later)).into(),
            false.into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::column("email")
                .value("failures", counted)
                .value("locked_until", wait.finally(until(later)))
                .value("refused", stored("locked_until").gt(now))
                .value("updated_at", now)
                .to_owned(),
        )
        .returning(Query::returning().columns(["locked_until", "refused"]))
        .to_owned();
    let row = db
        .query_one(&upsert)
        .await?
        .ok_or_else(|| DbErr::Custom("counting a login attempt returned no row".into()))?;
    Ok(LoginAttempt {
        locked_until: row.try_get("", "locked_until")?,
        refused: row.try_get("", "refused")?,
    })
}

pub async fn clear_login_throttle(db: &impl ConnectionTrait, email: &str) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("login_throttle")
        .and_where(Expr::col("email").eq(email))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}

/// What the tenant gate needs of `user` in `company`, in one round trip; None when the user
/// does not exist.
pub async fn membership(
    db: &impl ConnectionTrait,
    user: UserId,
    company: CompanyId,
) -> Result<Option<Membership>, DbErr> {
    // The user, the company and the membership: three index probes, one row.
    let select = Query::select()
        .column(("users", "is_platform_admin"))
        .column(("companies", "plan"))
        .column(("companies", "currency"))
        .column(("memberships", "role"))
        .from("users")
        .left_join("companies", Expr::col(("companies", "id")).eq(company.0))
        .left_join(
            "memberships",
            Cond::all()
                .add(Expr::col(("memberships", "company_id")).eq(company.0))
                .add(Expr::col(("memberships", "user_id")).equals(("users", "id"))),
        )
        .and_where(Expr::col(("users", "id")).eq(user.0))
        .to_owned();
    let Some(row) = db.query_one(&select).await? else {
        return Ok(None);
    };
    Ok(Some(Membership {
        is_admin: row.try_get("", "is_platform_admin")?,
        plan: row.try_get("", "plan")?,
        currency: row.try_get("", "currency")?,
        role: row.try_get("", "role")?,
    }))
}

/// Whether `user` is a platform admin; None when there is no such user.
pub async fn user_admin(db: &impl ConnectionTrait, user: UserId) -> Result<Option<bool>, DbErr> {
    let select = Query::select()
        .column("is_platform_admin")
        .from("users")
        .and_where(Expr::col("id").eq(user.0))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => Ok(Some(row.try_get("", "is_platform_admin")?)),
        None => Ok(None),
    }
}

/// A company's names and tax number.
pub async fn company_profile(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Option<(String, Option<String>, Option<String>)>, DbErr> {
    let select = Query::select()
        .columns(["name", "legal_name", "trn"])
        .from("companies")
        .and_where(Expr::col("id").eq(company.0))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => Ok(Some((
            row.try_get("", "name")?,
            row.try_get("", "legal_name")?,
            row.try_get("", "trn")?,
        ))),
        None => Ok(None),
    }
}
