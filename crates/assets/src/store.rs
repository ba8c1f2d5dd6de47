//! SQL of fixed assets. Every statement carries the caller's company.

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use arkan_platform::sql::{self, get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LockType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};
use uuid::Uuid;

use crate::domain::{AssetState, DisposalMethod, LineState, Method, Prorata};

/// The three accounts an asset posts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accounts {
    pub asset: Uuid,
    pub accumulated: Uuid,
    pub expense: Uuid,
}

#[derive(Clone, Debug)]
pub struct Category {
    pub id: Uuid,
    pub name: String,
    pub method: Method,
    pub life_months: i32,
    pub rate_bp: i64,
    pub prorata: Prorata,
    pub accounts: Accounts,
    pub journal_id: Option<Uuid>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct Asset {
    pub id: Uuid,
    pub name: String,
    pub code: Option<String>,
    pub category_id: Option<Uuid>,
    pub acquisition_date: NaiveDate,
    pub currency: String,
    pub cost: i64,
    pub salvage: i64,
    pub life_months: i32,
    pub method: Method,
    pub rate_bp: i64,
    pub prorata: Prorata,
    pub first_date: NaiveDate,
    pub accounts: Accounts,
    pub journal_id: Uuid,
    pub state: AssetState,
    pub disposal: Option<Disposal>,
    /// The vendor bill line that bought it.
    pub vendor_bill_line_id: Option<Uuid>,
    /// The vendor.
    pub partner_id: Option<Uuid>,
    /// The project its depreciation is charged to.
    pub project_id: Option<Uuid>,
    /// Depreciation booked before the asset came into Arkan: counted as accumulated from the
    /// start, the schedule holds only the rest.
    pub already: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// How and when an asset left the books.
#[derive(Clone, Debug)]
pub struct Disposal {
    pub date: NaiveDate,
    pub method: DisposalMethod,
    pub proceeds: i64,
    pub book_value: i64,
    /// Proceeds minus book value.
    pub gain_loss: i64,
    pub entry_id: Uuid,
}

#[derive(Clone, Debug)]
pub struct Line {
    pub id: Uuid,
    pub sequence: i32,
    pub date: NaiveDate,
    pub amount: i64,
    pub state: LineState,
    pub entry_id: Option<Uuid>,
}

/// What the asset list keeps.
#[derive(Clone, Debug, Default)]
pub struct AssetFilter {
    pub state: Option<AssetState>,
    pub category_id: Option<Uuid>,
    pub q: Option<String>,
}

const CATEGORY_COLUMNS: [&str; 12] = [
    "id",
    "name",
    "method",
    "useful_life_months",
    "declining_rate_bp",
    "prorata",
    "asset_account_id",
    "accumulated_account_id",
    "expense_account_id",
    "journal_id",
    "created_at",
    "updated_at",
];

fn categories(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(CATEGORY_COLUMNS.map(|column| ("asset_categories", column)))
        .from("asset_categories")
        .and_where(Expr::col(("asset_categories", "company_id")).eq(company.0))
        .to_owned()
}

fn accounts(row: &QueryResult) -> Result<Accounts, DbErr> {
    Ok(Accounts {
        asset: get(row, "asset_account_id")?,
        accumulated: get(row, "accumulated_account_id")?,
        expense: get(row, "expense_account_id")?,
    })
}

fn category(row: &QueryResult) -> Result<Category, DbErr> {
    Ok(Category {
        id: get(row, "id")?,
        name: get(row, "name")?,
        method: get_code(row, "method", Method::parse)?,
        life_months: get(row, "useful_life_months")?,
        rate_bp: get(row, "declining_rate_bp")?,
        prorata: get_code(row, "prorata", Prorata::parse)?,
        accounts: accounts(row)?,
        journal_id: get(row, "journal_id")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn account_values(accounts: Accounts) -> [(&'static str, Value); 3] {
    [
        ("asset_account_id", accounts.asset.into()),
        ("accumulated_account_id", accounts.accumulated.into()),
        ("expense_account_id", accounts.expense.into()),
    ]
}

pub async fn insert_category(
    db: &impl ConnectionTrait,
    company: CompanyId,
    category: &Category,
) -> Result<(), DbErr> {
    let mut values = vec![
        ("company_id", company.0.into()),
        ("id", category.id.into()),
        ("name", category.name.clone().into()),
        ("method", category.method.as_str().into()),
        ("useful_life_months", category.life_months.into()),
        ("declining_rate_bp", category.rate_bp.into()),
        ("prorata", category.prorata.as_str().into()),
        ("journal_id", category.journal_id.into()),
        ("created_at", category.created_at.into()),
        ("updated_at", category.updated_at.into()),
    ];
    values.extend(account_values(category.accounts));
    sql::insert(db, "asset_categories", &values).await
}

/// Writes the category's terms and `updated_at`.
pub async fn update_category(
    db: &impl ConnectionTrait,
    company: CompanyId,
    category: &Category,
) -> Result<(), DbErr> {
    let mut values = vec![
        ("name", category.name.clone().into()),
        ("method", category.method.as_str().into()),
        ("useful_life_months", category.life_months.into()),
        ("declining_rate_bp", category.rate_bp.into()),
        ("prorata", category.prorata.as_str().into()),
        ("journal_id", category.journal_id.into()),
        ("updated_at", category.updated_at.into()),
    ];
    values.extend(account_values(category.accounts));
    sql::update(db, "asset_categories", company, category.id, &values)
        .await
        .map(|_| ())
}

/// Deletes the category; false when there was none. An asset naming it makes the database
/// refuse (a foreign key).
pub async fn delete_category(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    delete_row(db, "asset_categories", company, id).await
}

/// Deletes the asset with its schedule (the lines cascade); false when there was none.
pub async fn delete_asset(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    delete_row(db, "fixed_assets", company, id).await
}

async fn delete_row(
    db: &impl ConnectionTrait,
    table: &'static str,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    let delete = Query::delete()
        .from_table(table)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(db.execute(&delete).await?.rows_affected() == 1)
}

pub async fn category_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Category>, DbErr> {
    let mut select = categories(company);
    select.and_where(Expr::col(("asset_categories", "id")).eq(id));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(category)
        .transpose()
}

pub async fn list_categories(
    db: &impl ConnectionTrait,
    company: CompanyId,
    page: &PageRequest,
) -> Result<(Vec<Category>, i64), DbErr> {
    fetch_page(
        db,
        &categories(company),
        page,
        ("asset_categories", "id"),
        category,
    )
    .await
}

const ASSET_COLUMNS: [&str; 30] = [
    "vendor_bill_line_id",
    "partner_id",
    "project_id",
    "already_depreciated_minor",
    "id",
    "name",
    "code",
    "category_id",
    "acquisition_date",
    "currency",
    "cost_minor",
    "salvage_minor",
    "useful_life_months",
    "method",
    "declining_rate_bp",
    "prorata",
    "first_depreciation_date",
    "asset_account_id",
    "accumulated_account_id",
    "expense_account_id",
    "journal_id",
    "state",
    "disposal_date",
    "disposal_method",
    "proceeds_minor",
    "disposal_book_value_minor",
    "gain_loss_minor",
    "disposal_entry_id",
    "created_at",
    "updated_at",
];

fn assets(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(ASSET_COLUMNS.map(|column| ("fixed_assets", column)))
        .from("fixed_assets")
        .and_where(Expr::col(("fixed_assets", "company_id")).eq(company.0))
        .to_owned()
}

fn asset(row: &QueryResult) -> Result<Asset, DbErr> {
    Ok(Asset {
        id: get(row, "id")?,
        name: get(row, "name")?,
        code: get(row, "code")?,
        category_id: get(row, "category_id")?,
        acquisition_date: get(row, "acquisition_date")?,
        currency: get(row, "currency")?,
        cost: get(row, "cost_minor")?,
        salvage: get(row, "salvage_minor")?,
        life_months: get(row, "useful_life_months")?,
        method: get_code(row, "method", Method::parse)?,
        rate_bp: get(row, "declining_rate_bp")?,
        prorata: get_code(row, "prorata", Prorata::parse)?,
        first_date: get(row, "first_depreciation_date")?,
        accounts: accounts(row)?,
        journal_id: get(row, "journal_id")?,
        state: get_code(row, "state", AssetState::parse)?,
        disposal: disposal(row)?,
        vendor_bill_line_id: get(row, "vendor_bill_line_id")?,
        partner_id: get(row, "partner_id")?,
        project_id: get(row, "project_id")?,
        already: get(row, "already_depreciated_minor")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn disposal(row: &QueryResult) -> Result<Option<Disposal>, DbErr> {
    let Some(date) = get::<Option<NaiveDate>>(row, "disposal_date")? else {
        return Ok(None);
    };
    let method: Option<String> = get(row, "disposal_method")?;
    let method = method
        .as_deref()
        .and_then(DisposalMethod::parse)
        .ok_or_else(|| DbErr::Custom("a disposal without a known method".to_owned()))?;
    let entry: Option<Uuid> = get(row, "disposal_entry_id")?;
    Ok(Some(Disposal {
        date,
        method,
        proceeds: get::<Option<i64>>(row, "proceeds_minor")?.unwrap_or(0),
        book_value: get::<Option<i64>>(row, "disposal_book_value_minor")?.unwrap_or(0),
        gain_loss: get::<Option<i64>>(row, "gain_loss_minor")?.unwrap_or(0),
        entry_id: entry.ok_or_else(|| DbErr::Custom("a disposal without its entry".to_owned()))?,
    }))
}

pub async fn insert_asset(
    db: &impl ConnectionTrait,
    company: CompanyId,
    asset: &Asset,
) -> Result<(), DbErr> {
    let mut values = vec![
        ("company_id", company.0.into()),
        ("id", asset.id.into()),
        ("name", asset.name.clone().into()),
        ("code", asset.code.clone().into()),
        ("category_id", asset.category_id.into()),
        ("acquisition_date", asset.acquisition_date.into()),
        ("currency", asset.currency.clone().into()),
        ("cost_minor", asset.cost.into()),
        ("salvage_minor", asset.salvage.into()),
        ("useful_life_months", asset.life_months.into()),
        ("method", asset.method.as_str().into()),
        ("declining_rate_bp", asset.rate_bp.into()),
        ("prorata", asset.prorata.as_str().into()),
        ("first_depreciation_date", asset.first_date.into()),
        ("journal_id", asset.journal_id.into()),
        ("state", asset.state.as_str().into()),
        ("vendor_bill_line_id", asset.vendor_bill_line_id.into()),
        ("partner_id", asset.partner_id.into()),
        ("project_id", asset.project_id.into()),
        ("already_depreciated_minor", asset.already.into()),
        ("created_at", asset.created_at.into()),
        ("updated_at", asset.updated_at.into()),
    ];
    values.extend(account_values(asset.accounts));
    sql::insert(db, "fixed_assets", &values).await
}

/// The company's asset `id`, if any; `lock` reads it `FOR UPDATE` (the first read of every
/// write to it, so two depreciation runs of one asset queue on PostgreSQL as on SQLite).
pub async fn asset_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<Asset>, DbErr> {
    let mut select = assets(company);
    select.and_where(Expr::col(("fixed_assets", "id")).eq(id));
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select).await?.as_ref().map(asset).transpose()
}

pub async fn list_assets(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &AssetFilter,
    page: &PageRequest,
) -> Result<(Vec<Asset>, i64), DbErr> {
    let mut select = assets(company);
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("fixed_assets", "state")).eq(state.as_str()));
    }
    if let Some(category) = filter.category_id {
        select.and_where(Expr::col(("fixed_assets", "category_id")).eq(category));
    }
    if let Some(text) = &filter.q {
        select.and_where(
            Expr::expr(Func::lower(Expr::col(("fixed_assets", "name"))))
                .like(like_pattern(text))
                .or(Expr::expr(Func::lower(Expr::col(("fixed_assets", "code"))))
                    .like(like_pattern(text))),
        );
    }
    fetch_page(db, &select, page, ("fixed_assets", "id"), asset).await
}

/// Writes what describes the asset (name, code, vendor, project) and `updated_at`.
pub async fn update_details(
    db: &impl ConnectionTrait,
    company: CompanyId,
    asset: &Asset,
) -> Result<(), DbErr> {
    let values = [
        ("name", asset.name.clone().into()),
        ("code", asset.code.clone().into()),
        ("partner_id", asset.partner_id.into()),
        ("project_id", asset.project_id.into()),
        ("updated_at", asset.updated_at.into()),
    ];
    sql::update(db, "fixed_assets", company, asset.id, &values)
        .await
        .map(|_| ())
}

pub async fn set_state(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    state: AssetState,
    updated_at: i64,
) -> Result<(), DbErr> {
    let mut pairs = Vec::new();
    update_asset(db, company, id, state, updated_at, &mut pairs).await
}

/// Sets the asset's state and `updated_at`, and the other columns of `pairs`.
async fn update_asset(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    state: AssetState,
    updated_at: i64,
    pairs: &mut Vec<(&'static str, Value)>,
) -> Result<(), DbErr> {
    pairs.extend([
        ("state", state.as_str().into()),
        ("updated_at", updated_at.into()),
    ]);
    sql::update(db, "fixed_assets", company, id, pairs)
        .await
        .map(|_| ())
}

/// Rows of one multi-row insert of lines (7 values each: far inside SQLite's bound-value limit).
const LINES_PER_STATEMENT: usize = 500;

pub async fn insert_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    asset: Uuid,
    lines: &[Line],
) -> Result<(), DbErr> {
    for chunk in lines.chunks(LINES_PER_STATEMENT) {
        let mut insert = Query::insert()
            .into_table("asset_depreciation_lines")
            .columns([
                "company_id",
                "id",
                "asset_id",
                "sequence",
                "date",
                "amount_minor",
                "state",
                "entry_id",
            ])
            .to_owned();
        for line in chunk {
            insert.values_panic([
                company.0.into(),
                line.id.into(),
                asset.into(),
                line.sequence.into(),
                line.date.into(),
                line.amount.into(),
                line.state.as_str().into(),
                line.entry_id.into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    Ok(())
}

fn line(row: &QueryResult) -> Result<Line, DbErr> {
    Ok(Line {
        id: get(row, "id")?,
        sequence: get(row, "sequence")?,
        date: get(row, "date")?,
        amount: get(row, "amount_minor")?,
        state: get_code(row, "state", LineState::parse)?,
        entry_id: get(row, "entry_id")?,
    })
}

/// The schedule of an asset, in order.
pub async fn lines_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    asset: Uuid,
) -> Result<Vec<Line>, DbErr> {
    let select = Query::select()
        .columns([
            "id",
            "sequence",
            "date",
            "amount_minor",
            "state",
            "entry_id",
        ])
        .from("asset_depreciation_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("asset_id").eq(asset))
        .order_by("sequence", Order::Asc)
        .to_owned();
    db.query_all(&select).await?.iter().map(line).collect()
}

/// The depreciation posted per asset (lines dated up to `as_of` when given).
pub async fn posted_totals(
    db: &impl ConnectionTrait,
    company: CompanyId,
    assets: &[Uuid],
    as_of: Option<NaiveDate>,
) -> Result<Vec<(Uuid, i64)>, DbErr> {
    if assets.is_empty() {
        return Ok(Vec::new());
    }
    let mut select = Query::select()
        .column("asset_id")
        .expr_as(
            // PostgreSQL sums BIGINTs as NUMERIC.
            Expr::cust("CAST(SUM(amount_minor) AS BIGINT)"),
            "posted",
        )
        .from("asset_depreciation_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("asset_id").is_in(assets.iter().copied()))
        .and_where(Expr::col("state").eq(LineState::Posted.as_str()))
        .group_by_col("asset_id")
        .to_owned();
    if let Some(day) = as_of {
        select.and_where(Expr::col("date").lte(day));
    }
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| Ok((get(row, "asset_id")?, get(row, "posted")?)))
        .collect()
}

/// Marks a planned line posted with its entry (none for a line of 0); false when it was not planned any more (a
/// concurrent run posted it first).
pub async fn mark_posted(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: Uuid,
    entry: Option<Uuid>,
) -> Result<bool, DbErr> {
    let update = Query::update()
        .table("asset_depreciation_lines")
        .values([
            ("state", LineState::Posted.as_str().into()),
            ("entry_id", entry.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(line))
        .and_where(Expr::col("state").eq(LineState::Planned.as_str()))
        .to_owned();
    Ok(db.execute(&update).await?.rows_affected() == 1)
}

/// Records the disposal; the asset becomes `disposed`.
pub async fn record_disposal(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    disposal: &Disposal,
    updated_at: i64,
) -> Result<(), DbErr> {
    let mut pairs = vec![
        ("disposal_date", disposal.date.into()),
        ("disposal_method", disposal.method.as_str().into()),
        ("proceeds_minor", disposal.proceeds.into()),
        ("disposal_book_value_minor", disposal.book_value.into()),
        ("gain_loss_minor", disposal.gain_loss.into()),
        ("disposal_entry_id", disposal.entry_id.into()),
    ];
    update_asset(
        db,
        company,
        id,
        AssetState::Disposed,
        updated_at,
        &mut pairs,
    )
    .await
}

/// A planned line's new date and amount (cut short by a disposal, moved by a resume).
pub async fn update_line(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: &Line,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "asset_depreciation_lines",
        company,
        line.id,
        &[
            ("date", line.date.into()),
            ("amount_minor", line.amount.into()),
        ],
    )
    .await
    .map(|_| ())
}

/// Sets the asset's state and life (a revaluation re-plans both).
pub async fn set_life(
    db: &impl ConnectionTrait,
    company: CompanyId,
    asset: &Asset,
) -> Result<(), DbErr> {
    let mut pairs = vec![("useful_life_months", asset.life_months.into())];
    update_asset(
        db,
        company,
        asset.id,
        asset.state,
        asset.updated_at,
        &mut pairs,
    )
    .await
}

/// Cancels every line of the asset still planned.
pub async fn cancel_planned(
    db: &impl ConnectionTrait,
    company: CompanyId,
    asset: Uuid,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("asset_depreciation_lines")
        .value("state", LineState::Cancelled.as_str())
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("asset_id").eq(asset))
        .and_where(Expr::col("state").eq(LineState::Planned.as_str()))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

/// The company's running assets with a planned line dated up to `date`.
pub async fn due_assets(
    db: &impl ConnectionTrait,
    company: CompanyId,
    date: NaiveDate,
) -> Result<Vec<Uuid>, DbErr> {
    let due = Query::select()
        .column(("asset_depreciation_lines", "asset_id"))
        .from("asset_depreciation_lines")
        .and_where(Expr::col(("asset_depreciation_lines", "company_id")).eq(company.0))
        .and_where(Expr::col(("asset_depreciation_lines", "state")).eq(LineState::Planned.as_str()))
        .and_where(Expr::col(("asset_depreciation_lines", "date")).lte(date))
        .to_owned();
    let select = Query::select()
        .column("id")
        .from("fixed_assets")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("state").eq(AssetState::Running.as_str()))
        .and_where(Expr::col("id").in_subquery(due))
        .order_by("id", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| get(row, "id"))
        .collect()
}
