//! Landed costs: the document, the receipts it is spread over, its costs and their
//! allocations to the received moves.

use super::*;
use crate::domain::{LandedCostState, SplitMethod};

#[derive(Clone, Debug)]
pub struct LandedCost {
    pub id: Uuid,
    pub number: Option<String>,
    pub state: LandedCostState,
    pub date: NaiveDate,
    pub vendor_bill_id: Option<Uuid>,
    pub currency: String,
    pub amount_total: i64,
    pub journal_entry_id: Option<Uuid>,
    pub notes: Option<String>,
    pub cancel_reason: Option<String>,
    pub posted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One cost of a landed cost (minor units of the company currency).
#[derive(Clone, Debug)]
pub struct LandedCostLine {
    pub description: String,
    pub amount: i64,
    pub split_method: SplitMethod,
    pub account_id: Option<Uuid>,
}

/// What one received move takes of the costs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
    pub transfer_id: Uuid,
    pub move_id: Uuid,
    pub product_id: Uuid,
    /// In the move's unit.
    pub quantity: i64,
    pub additional_cost: i64,
    /// Per unit of the move, millionths.
    pub former_unit_cost_e6: i64,
    pub new_unit_cost_e6: i64,
}

/// A landed cost's receipts, costs and allocations, each in order.
#[derive(Clone, Debug, Default)]
pub struct LandedCostParts {
    pub transfers: Vec<Uuid>,
    pub costs: Vec<LandedCostLine>,
    pub allocations: Vec<Allocation>,
}

#[derive(Debug, Default)]
pub struct LandedCostFilter {
    pub state: Option<LandedCostState>,
    pub vendor_bill_id: Option<Uuid>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
}

const LANDED_COST_COLUMNS: [&str; 13] = [
    "id",
    "number",
    "state",
    "date",
    "vendor_bill_id",
    "currency",
    "amount_total_minor",
    "journal_entry_id",
    "notes",
    "cancel_reason",
    "posted_at",
    "created_at",
    "updated_at",
];

fn landed_cost(row: &QueryResult) -> Result<LandedCost, DbErr> {
    Ok(LandedCost {
        id: get(row, "id")?,
        number: get(row, "number")?,
        state: get_code(row, "state", LandedCostState::parse)?,
        date: get(row, "date")?,
        vendor_bill_id: get(row, "vendor_bill_id")?,
        currency: get(row, "currency")?,
        amount_total: get(row, "amount_total_minor")?,
        journal_entry_id: get(row, "journal_entry_id")?,
        notes: get(row, "notes")?,
        cancel_reason: get(row, "cancel_reason")?,
        posted_at: get(row, "posted_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn landed_costs(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(LANDED_COST_COLUMNS.map(|column| ("landed_costs", column)))
        .from("landed_costs")
        .and_where(Expr::col(("landed_costs", "company_id")).eq(company.0))
        .to_owned()
}

fn landed_cost_values(landed: &LandedCost) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("number", landed.number.clone().into()),
        ("state", landed.state.as_str().into()),
        ("date", landed.date.into()),
        ("vendor_bill_id", landed.vendor_bill_id.into()),
        ("currency", landed.currency.clone().into()),
        ("amount_total_minor", landed.amount_total.into()),
        ("journal_entry_id", landed.journal_entry_id.into()),
        ("notes", landed.notes.clone().into()),
        ("cancel_reason", landed.cancel_reason.clone().into()),
        ("posted_at", landed.posted_at.into()),
        ("created_at", landed.created_at.into()),
        ("updated_at", landed.updated_at.into()),
    ]
}

pub async fn insert_landed_cost(
    db: &impl ConnectionTrait,
    company: CompanyId,
    landed: &LandedCost,
) -> Result<(), DbErr> {
    let mut pairs = vec![("company_id", company.0.into()), ("id", landed.id.into())];
    pairs.extend(landed_cost_values(landed));
    sql::insert(db, "landed_costs", &pairs).await
}

pub async fn update_landed_cost(
    db: &impl ConnectionTrait,
    company: CompanyId,
    landed: &LandedCost,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "landed_costs",
        company,
        landed.id,
        &landed_cost_values(landed),
    )
    .await
    .map(|_| ())
}

/// The company's landed cost `id`, locked until the transaction ends when `lock`.
pub async fn landed_cost_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<LandedCost>, DbErr> {
    let mut select = landed_costs(company);
    select.and_where(Expr::col(("landed_costs", "id")).eq(id));
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select)
        .await?
        .as_ref()
        .map(landed_cost)
        .transpose()
}

pub async fn list_landed_costs(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &LandedCostFilter,
    page: &PageRequest,
) -> Result<(Vec<LandedCost>, i64), DbErr> {
    let mut select = landed_costs(company);
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("landed_costs", "state")).eq(state.as_str()));
    }
    if let Some(bill) = filter.vendor_bill_id {
        select.and_where(Expr::col(("landed_costs", "vendor_bill_id")).eq(bill));
    }
    if let Some(from) = filter.date_from {
        select.and_where(Expr::col(("landed_costs", "date")).gte(from));
    }
    if let Some(to) = filter.date_to {
        select.and_where(Expr::col(("landed_costs", "date")).lte(to));
    }
    fetch_page(db, &select, page, ("landed_costs", "id"), landed_cost).await
}

const PART_TABLES: [&str; 3] = [
    "landed_cost_transfers",
    "landed_cost_lines",
    "landed_cost_allocations",
];

async fn delete_parts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<(), DbErr> {
    for table in PART_TABLES {
        let delete = Query::delete()
            .from_table(table)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("landed_cost_id").eq(id))
            .to_owned();
        db.execute(&delete).await?;
    }
    Ok(())
}

/// Writes the landed cost's receipts, costs and allocations in place of those it had.
pub async fn replace_landed_cost_parts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    parts: &LandedCostParts,
) -> Result<(), DbErr> {
    delete_parts(db, company, id).await?;
    let position = |index: usize| i32::try_from(index).unwrap_or(i32::MAX);
    if !parts.transfers.is_empty() {
        let mut insert = Query::insert()
            .into_table("landed_cost_transfers")
            .columns([
                "company_id",
                "id",
                "landed_cost_id",
                "transfer_id",
                "position",
            ])
            .to_owned();
        for (index, transfer) in parts.transfers.iter().enumerate() {
            insert.values_panic([
                company.0.into(),
                Uuid::now_v7().into(),
                id.into(),
                (*transfer).into(),
                position(index).into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    if !parts.costs.is_empty() {
        let mut insert = Query::insert()
            .into_table("landed_cost_lines")
            .columns([
                "company_id",
                "id",
                "landed_cost_id",
                "position",
                "description",
                "amount_minor",
                "split_method",
                "account_id",
            ])
            .to_owned();
        for (index, cost) in parts.costs.iter().enumerate() {
            insert.values_panic([
                company.0.into(),
                Uuid::now_v7().into(),
                id.into(),
                position(index).into(),
                cost.description.clone().into(),
                cost.amount.into(),
                cost.split_method.as_str().into(),
                cost.account_id.into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    // Many moves: a few hundred rows a statement (10 values each).
    for (chunk_index, chunk) in parts.allocations.chunks(500).enumerate() {
        let mut insert = Query::insert()
            .into_table("landed_cost_allocations")
            .columns([
                "company_id",
                "id",
                "landed_cost_id",
                "position",
                "transfer_id",
                "move_id",
                "product_id",
                "quantity_e4",
                "additional_cost_minor",
                "former_unit_cost_e6",
                "new_unit_cost_e6",
            ])
            .to_owned();
        for (index, allocation) in chunk.iter().enumerate() {
            insert.values_panic([
                company.0.into(),
                Uuid::now_v7().into(),
                id.into(),
                position(chunk_index * 500 + index).into(),
                allocation.transfer_id.into(),
                allocation.move_id.into(),
                allocation.product_id.into(),
                allocation.quantity.into(),
                allocation.additional_cost.into(),
                allocation.former_unit_cost_e6.into(),
                allocation.new_unit_cost_e6.into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    Ok(())
}

/// The receipts, costs and allocations of these landed costs (one query each for a page).
pub async fn landed_cost_parts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, LandedCostParts>, DbErr> {
    let mut parts: HashMap<Uuid, LandedCostParts> = ids
        .iter()
        .map(|id| (*id, LandedCostParts::default()))
        .collect();
    if ids.is_empty() {
        return Ok(parts);
    }
    let rows = |table: &'static str, columns: &[&'static str]| {
        let mut select = Query::select();
        select
            .column("landed_cost_id")
            .columns(columns.iter().copied())
            .from(table)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("landed_cost_id").is_in(ids.iter().copied()))
            .order_by("landed_cost_id", Order::Asc)
            .order_by("position", Order::Asc);
        select
    };
    let select = rows("landed_cost_transfers", &["transfer_id"]);
    for row in db.query_all(&select).await? {
        if let Some(found) = parts.get_mut(&get::<Uuid>(&row, "landed_cost_id")?) {
            found.transfers.push(get(&row, "transfer_id")?);
        }
    }
    let select = rows(
        "landed_cost_lines",
        &["description", "amount_minor", "split_method", "account_id"],
    );
    for row in db.query_all(&select).await? {
        if let Some(found) = parts.get_mut(&get::<Uuid>(&row, "landed_cost_id")?) {
            found.costs.push(LandedCostLine {
                description: get(&row, "description")?,
                amount: get(&row, "amount_minor")?,
                split_method: get_code(&row, "split_method", SplitMethod::parse)?,
                account_id: get(&row, "account_id")?,
            });
        }
    }
    let select = rows(
        "landed_cost_allocations",
        &[
            "transfer_id",
            "move_id",
            "product_id",
            "quantity_e4",
            "additional_cost_minor",
            "former_unit_cost_e6",
            "new_unit_cost_e6",
        ],
    );
    for row in db.query_all(&select).await? {
        if let Some(found) = parts.get_mut(&get::<Uuid>(&row, "landed_cost_id")?) {
            found.allocations.push(Allocation {
                transfer_id: get(&row, "transfer_id")?,
                move_id: get(&row, "move_id")?,
                product_id: get(&row, "product_id")?,
                quantity: get(&row, "quantity_e4")?,
                additional_cost: get(&row, "additional_cost_minor")?,
                former_unit_cost_e6: get(&row, "former_unit_cost_e6")?,
                new_unit_cost_e6: get(&row, "new_unit_cost_e6")?,
            });
        }
    }
    Ok(parts)
}

/// Deletes a landed cost and its parts; the number deleted (0 when the company has none).
pub async fn delete_landed_cost(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<u64, DbErr> {
    delete_parts(db, company, id).await?;
    let delete = Query::delete()
        .from_table("landed_costs")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(db.execute(&delete).await?.rows_affected())
}
