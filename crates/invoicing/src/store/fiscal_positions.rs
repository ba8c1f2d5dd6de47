//! SQL of fiscal positions and their tax and account maps. Every statement carries the
//! caller's company.

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct FiscalPosition {
    pub id: Uuid,
    pub name: String,
    pub notes: Option<String>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// (from, to): None removes the tax.
    pub tax_map: Vec<(Uuid, Option<Uuid>)>,
    pub account_map: Vec<(Uuid, Uuid)>,
}

fn positions(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(
            ["id", "name", "notes", "active", "created_at", "updated_at"]
                .map(|column| ("fiscal_positions", column)),
        )
        .from("fiscal_positions")
        .and_where(Expr::col(("fiscal_positions", "company_id")).eq(company.0))
        .to_owned()
}

fn position(row: &QueryResult) -> Result<FiscalPosition, DbErr> {
    Ok(FiscalPosition {
        id: row.try_get("", "id")?,
        name: row.try_get("", "name")?,
        notes: row.try_get("", "notes")?,
        active: row.try_get("", "active")?,
        created_at: row.try_get("", "created_at")?,
        updated_at: row.try_get("", "updated_at")?,
        tax_map: Vec::new(),
        account_map: Vec::new(),
    })
}

/// Fills in the maps of these positions, in their order.
async fn attach_maps(
    db: &impl ConnectionTrait,
    company: CompanyId,
    positions: &mut [FiscalPosition],
) -> Result<(), DbErr> {
    if positions.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = positions.iter().map(|position| position.id).collect();
    let taxes = Query::select()
        .columns(["fiscal_position_id", "from_tax_id", "to_tax_id"])
        .from("fiscal_position_taxes")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("fiscal_position_id").is_in(ids.iter().copied()))
        .order_by("fiscal_position_id", Order::Asc)
        .order_by("position", Order::Asc)
        .to_owned();
    for row in db.query_all(&taxes).await? {
        let owner: Uuid = row.try_get("", "fiscal_position_id")?;
        if let Some(position) = positions.iter_mut().find(|position| position.id == owner) {
            position.tax_map.push((
                row.try_get("", "from_tax_id")?,
                row.try_get("", "to_tax_id")?,
            ));
        }
    }
    let accounts = Query::select()
        .columns(["fiscal_position_id", "from_account_id", "to_account_id"])
        .from("fiscal_position_accounts")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("fiscal_position_id").is_in(ids))
        .order_by("fiscal_position_id", Order::Asc)
        .order_by("position", Order::Asc)
        .to_owned();
    for row in db.query_all(&accounts).await? {
        let owner: Uuid = row.try_get("", "fiscal_position_id")?;
        if let Some(position) = positions.iter_mut().find(|position| position.id == owner) {
            position.account_map.push((
                row.try_get("", "from_account_id")?,
                row.try_get("", "to_account_id")?,
            ));
        }
    }
    Ok(())
}

pub async fn list_positions(
    db: &impl ConnectionTrait,
    company: CompanyId,
    page: &PageRequest,
) -> Result<(Vec<FiscalPosition>, i64), DbErr> {
    let (mut rows, total) = fetch_page(
        db,
        &positions(company),
        page,
        ("fiscal_positions", "id"),
        position,
    )
    .await?;
    attach_maps(db, company, &mut rows).await?;
    Ok((rows, total))
}

pub async fn position_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<FiscalPosition>, DbErr> {
    let mut select = positions(company);
    select.and_where(Expr::col(("fiscal_positions", "id")).eq(id));
    let Some(found) = db
        .query_one(&select)
        .await?
        .as_ref()
        .map(position)
        .transpose()?
    else {
        return Ok(None);
    };
    let mut found = [found];
    attach_maps(db, company, &mut found).await?;
    let [found] = found;
    Ok(Some(found))
}

async fn insert_maps(
    db: &impl ConnectionTrait,
    company: CompanyId,
    position: &FiscalPosition,
) -> Result<(), DbErr> {
    if !position.tax_map.is_empty() {
        let mut insert = Query::insert()
            .into_table("fiscal_position_taxes")
            .columns([
                "company_id",
                "fiscal_position_id",
                "position",
                "from_tax_id",
                "to_tax_id",
            ])
            .to_owned();
        for (index, (from, to)) in position.tax_map.iter().enumerate() {
            insert.values_panic([
                company.0.into(),
                position.id.into(),
                i32::try_from(index).unwrap_or(i32::MAX).into(),
                (*from).into(),
                (*to).into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    if !position.account_map.is_empty() {
        let mut insert = Query::insert()
            .into_table("fiscal_position_accounts")
            .columns([
                "company_id",
                "fiscal_position_id",
                "position",
                "from_account_id",
                "to_account_id",
            ])
            .to_owned();
        for (index, (from, to)) in position.account_map.iter().enumerate() {
            insert.values_panic([
                company.0.into(),
                position.id.into(),
                i32::try_from(index).unwrap_or(i32::MAX).into(),
                (*from).into(),
                (*to).into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    Ok(())
}

pub async fn insert_position(
    db: &impl ConnectionTrait,
    company: CompanyId,
    position: &FiscalPosition,
) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("fiscal_positions")
        .columns([
            "company_id",
            "id",
            "name",
            "notes",
            "active",
            "created_at",
            "updated_at",
        ])
        .values_panic([
            company.0.into(),
            position.id.into(),
            position.name.clone().into(),
            position.notes.clone().into(),
            position.active.into(),
            position.created_at.into(),
            position.updated_at.into(),
        ])
        .to_owned();
    db.execute(&insert).await?;
    insert_maps(db, company, position).await
}

/// Saves a changed position and replaces its maps.
pub async fn update_position(
    db: &impl ConnectionTrait,
    company: CompanyId,
    position: &FiscalPosition,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("fiscal_positions")
        .values([
            ("name", position.name.clone().into()),
            ("notes", position.notes.clone().into()),
            ("active", position.active.into()),
            ("updated_at", position.updated_at.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(position.id))
        .to_owned();
    db.execute(&update).await?;
    for table in ["fiscal_position_taxes", "fiscal_position_accounts"] {
        let delete = Query::delete()
            .from_table(table)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("fiscal_position_id").eq(position.id))
            .to_owned();
        db.execute(&delete).await?;
    }
    insert_maps(db, company, position).await
}
