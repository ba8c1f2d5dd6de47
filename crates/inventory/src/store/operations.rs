//! Adjustments, cycle counts, scrap orders and the company's scrap reasons.

use super::*;
use crate::domain::{AbcClass, CycleCountState};

#[derive(Clone, Debug)]
pub struct Adjustment {
    pub id: Uuid,
    pub number: String,
    pub location_id: Uuid,
    pub date: NaiveDate,
    pub reason: Option<String>,
    pub journal_entry_id: Option<Uuid>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A counted line; quantities in the product's unit.
#[derive(Clone, Debug)]
pub struct AdjustmentLine {
    pub id: Uuid,
    pub adjustment_id: Uuid,
    pub position: i64,
    pub product_id: Uuid,
    pub location_id: Uuid,
    pub uom: String,
    pub lot_number: Option<String>,
    pub theoretical: i64,
    pub counted: i64,
    pub move_id: Option<Uuid>,
}

#[derive(Clone, Debug)]
pub struct CycleCount {
    pub id: Uuid,
    pub number: String,
    pub name: String,
    pub state: CycleCountState,
    pub warehouse_id: Uuid,
    pub abc_class: Option<AbcClass>,
    pub assignee_id: Option<Uuid>,
    pub adjustment_id: Option<Uuid>,
    pub done_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A line of a cycle count; quantities in the product's unit.
#[derive(Clone, Debug)]
pub struct CountLine {
    pub id: Uuid,
    pub count_id: Uuid,
    pub position: i64,
    pub product_id: Uuid,
    pub location_id: Uuid,
    pub lot_number: Option<String>,
    pub expected: i64,
    pub counted: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct Scrap {
    pub id: Uuid,
    pub number: String,
    pub product_id: Uuid,
    pub uom: String,
    pub quantity: i64,
    pub location_id: Uuid,
    pub scrap_location_id: Uuid,
    pub reason: String,
    pub lot_number: Option<String>,
    pub notes: Option<String>,
    pub date: NaiveDate,
    pub move_id: Uuid,
    pub created_at: i64,
    pub updated_at: i64,
}

const ADJUSTMENT_COLUMNS: [&str; 8] = [
    "id",
    "number",
    "location_id",
    "date",
    "reason",
    "journal_entry_id",
    "created_at",
    "updated_at",
];

fn adjustment(row: &QueryResult) -> Result<Adjustment, DbErr> {
    Ok(Adjustment {
        id: get(row, "id")?,
        number: get(row, "number")?,
        location_id: get(row, "location_id")?,
        date: get(row, "date")?,
        reason: get(row, "reason")?,
        journal_entry_id: get(row, "journal_entry_id")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn adjustments(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(ADJUSTMENT_COLUMNS.map(|column| ("stock_adjustments", column)))
        .from("stock_adjustments")
        .and_where(Expr::col(("stock_adjustments", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn insert_adjustment(
    db: &impl ConnectionTrait,
    company: CompanyId,
    adjustment: &Adjustment,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "stock_adjustments",
        &[
            ("company_id", company.0.into()),
            ("id", adjustment.id.into()),
            ("number", adjustment.number.clone().into()),
            ("state", "done".into()),
            ("location_id", adjustment.location_id.into()),
            ("date", adjustment.date.into()),
            ("reason", adjustment.reason.clone().into()),
            ("journal_entry_id", adjustment.journal_entry_id.into()),
            ("created_at", adjustment.created_at.into()),
            ("updated_at", adjustment.updated_at.into()),
        ],
    )
    .await
}

/// Names the entry that posted the adjustment's moves.
pub async fn set_adjustment_entry(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    entry: Uuid,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "stock_adjustments",
        company,
        id,
        &[("journal_entry_id", Some(entry).into())],
    )
    .await
    .map(|_| ())
}

pub async fn insert_adjustment_line(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: &AdjustmentLine,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "stock_adjustment_lines",
        &[
            ("company_id", company.0.into()),
            ("id", line.id.into()),
            ("adjustment_id", line.adjustment_id.into()),
            ("position", line.position.into()),
            ("product_id", line.product_id.into()),
            ("location_id", line.location_id.into()),
            ("uom", line.uom.clone().into()),
            ("lot_number", line.lot_number.clone().into()),
            ("theoretical_e4", line.theoretical.into()),
            ("counted_e4", line.counted.into()),
            ("move_id", line.move_id.into()),
        ],
    )
    .await
}

pub async fn adjustment_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Adjustment>, DbErr> {
    let select = adjustments(company)
        .and_where(Expr::col(("stock_adjustments", "id")).eq(id))
        .to_owned();
    db.query_one(&select)
        .await?
        .as_ref()
        .map(adjustment)
        .transpose()
}

/// The lines of these adjustments, in order, by adjustment.
pub async fn lines_of_adjustments(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<AdjustmentLine>>, DbErr> {
    let mut by_adjustment: HashMap<Uuid, Vec<AdjustmentLine>> = HashMap::new();
    if ids.is_empty() {
        return Ok(by_adjustment);
    }
    let select = Query::select()
        .columns([
            "id",
            "adjustment_id",
            "position",
            "product_id",
            "location_id",
            "uom",
            "lot_number",
            "theoretical_e4",
            "counted_e4",
            "move_id",
        ])
        .from("stock_adjustment_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("adjustment_id").is_in(ids.iter().copied()))
        .order_by("position", Order::Asc)
        .to_owned();
    for row in db.query_all(&select).await? {
        let line = AdjustmentLine {
            id: get(&row, "id")?,
            adjustment_id: get(&row, "adjustment_id")?,
            position: get(&row, "position")?,
            product_id: get(&row, "product_id")?,
            location_id: get(&row, "location_id")?,
            uom: get(&row, "uom")?,
            lot_number: get(&row, "lot_number")?,
            theoretical: get(&row, "theoretical_e4")?,
            counted: get(&row, "counted_e4")?,
            move_id: get(&row, "move_id")?,
        };
        by_adjustment
            .entry(line.adjustment_id)
            .or_default()
            .push(line);
    }
    Ok(by_adjustment)
}

/// What the adjustment list keeps.
#[derive(Clone, Debug, Default)]
pub struct AdjustmentFilter {
    pub location_id: Option<Uuid>,
    pub product_id: Option<Uuid>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    pub q: Option<String>,
}

pub async fn list_adjustments(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &AdjustmentFilter,
    page: &PageRequest,
) -> Result<(Vec<Adjustment>, i64), DbErr> {
    let mut select = adjustments(company);
    if let Some(location) = filter.location_id {
        select.and_where(Expr::col(("stock_adjustments", "location_id")).eq(location));
    }
    if let Some(product) = filter.product_id {
        select.and_where(Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from("stock_adjustment_lines")
                .and_where(
                    Expr::col(("stock_adjustment_lines", "company_id"))
                        .equals(("stock_adjustments", "company_id")),
                )
                .and_where(
                    Expr::col(("stock_adjustment_lines", "adjustment_id"))
                        .equals(("stock_adjustments", "id")),
                )
                .and_where(Expr::col(("stock_adjustment_lines", "product_id")).eq(product))
                .to_owned(),
        ));
    }
    if let Some(from) = filter.date_from {
        select.and_where(Expr::col(("stock_adjustments", "date")).gte(from));
    }
    if let Some(to) = filter.date_to {
        select.and_where(Expr::col(("stock_adjustments", "date")).lte(to));
    }
    if let Some(text) = &filter.q {
        select.and_where(
            Expr::expr(Func::lower(Expr::col(("stock_adjustments", "number"))))
                .like(like_pattern(text))
                .or(
                    Expr::expr(Func::lower(Expr::col(("stock_adjustments", "reason"))))
                        .like(like_pattern(text)),
                ),
        );
    }
    fetch_page(db, &select, page, ("stock_adjustments", "id"), adjustment).await
}

const COUNT_COLUMNS: [&str; 11] = [
    "id",
    "number",
    "name",
    "state",
    "warehouse_id",
    "abc_class",
    "assignee_id",
    "adjustment_id",
    "done_at",
    "created_at",
    "updated_at",
];

fn cycle_count(row: &QueryResult) -> Result<CycleCount, DbErr> {
    let abc: Option<String> = get(row, "abc_class")?;
    Ok(CycleCount {
        id: get(row, "id")?,
        number: get(row, "number")?,
        name: get(row, "name")?,
        state: get_code(row, "state", CycleCountState::parse)?,
        warehouse_id: get(row, "warehouse_id")?,
        abc_class: abc.as_deref().and_then(AbcClass::parse),
        assignee_id: get(row, "assignee_id")?,
        adjustment_id: get(row, "adjustment_id")?,
        done_at: get(row, "done_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn cycle_counts(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(COUNT_COLUMNS.map(|column| ("stock_cycle_counts", column)))
        .from("stock_cycle_counts")
        .and_where(Expr::col(("stock_cycle_counts", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn insert_cycle_count(
    db: &impl ConnectionTrait,
    company: CompanyId,
    count: &CycleCount,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "stock_cycle_counts",
        &[
            ("company_id", company.0.into()),
            ("id", count.id.into()),
            ("number", count.number.clone().into()),
            ("name", count.name.clone().into()),
            ("state", count.state.as_str().into()),
            ("warehouse_id", count.warehouse_id.into()),
            (
                "abc_class",
                count.abc_class.map(|class| class.as_str()).into(),
            ),
            ("assignee_id", count.assignee_id.into()),
            ("adjustment_id", count.adjustment_id.into()),
            ("done_at", count.done_at.into()),
            ("created_at", count.created_at.into()),
            ("updated_at", count.updated_at.into()),
        ],
    )
    .await
}

pub async fn update_cycle_count(
    db: &impl ConnectionTrait,
    company: CompanyId,
    count: &CycleCount,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "stock_cycle_counts",
        company,
        count.id,
        &[
            ("name", count.name.clone().into()),
            ("assignee_id", count.assignee_id.into()),
            ("state", count.state.as_str().into()),
            ("adjustment_id", count.adjustment_id.into()),
            ("done_at", count.done_at.into()),
            ("updated_at", count.updated_at.into()),
        ],
    )
    .await
    .map(|_| ())
}

pub async fn cycle_count_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<CycleCount>, DbErr> {
    let mut select = cycle_counts(company)
        .and_where(Expr::col(("stock_cycle_counts", "id")).eq(id))
        .to_owned();
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select)
        .await?
        .as_ref()
        .map(cycle_count)
        .transpose()
}

/// What the cycle count list keeps.
#[derive(Clone, Debug, Default)]
pub struct CycleCountFilter {
    pub state: Option<CycleCountState>,
    pub warehouse_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
}

pub async fn list_cycle_counts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &CycleCountFilter,
    page: &PageRequest,
) -> Result<(Vec<CycleCount>, i64), DbErr> {
    let mut select = cycle_counts(company);
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("stock_cycle_counts", "state")).eq(state.as_str()));
    }
    if let Some(warehouse) = filter.warehouse_id {
        select.and_where(Expr::col(("stock_cycle_counts", "warehouse_id")).eq(warehouse));
    }
    if let Some(assignee) = filter.assignee_id {
        select.and_where(Expr::col(("stock_cycle_counts", "assignee_id")).eq(assignee));
    }
    fetch_page(db, &select, page, ("stock_cycle_counts", "id"), cycle_count).await
}

/// Deletes a cycle count and its lines.
pub async fn delete_cycle_count(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<(), DbErr> {
    let lines = Query::delete()
        .from_table("stock_cycle_count_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("count_id").eq(id))
        .to_owned();
    db.execute(&lines).await?;
    let count = Query::delete()
        .from_table("stock_cycle_counts")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.execute(&count).await.map(|_| ())
}

pub async fn insert_count_line(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: &CountLine,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "stock_cycle_count_lines",
        &[
            ("company_id", company.0.into()),
            ("id", line.id.into()),
            ("count_id", line.count_id.into()),
            ("position", line.position.into()),
            ("product_id", line.product_id.into()),
            ("location_id", line.location_id.into()),
            ("lot_number", line.lot_number.clone().into()),
            ("expected_e4", line.expected.into()),
            ("counted_e4", line.counted.into()),
        ],
    )
    .await
}

pub async fn set_line_counted(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: Uuid,
    counted: i64,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("stock_cycle_count_lines")
        .value("counted_e4", counted)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(line))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

/// The lines of these counts, in order, by count.
pub async fn lines_of_counts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<CountLine>>, DbErr> {
    let mut by_count: HashMap<Uuid, Vec<CountLine>> = HashMap::new();
    if ids.is_empty() {
        return Ok(by_count);
    }
    let select = Query::select()
        .columns([
            "id",
            "count_id",
            "position",
            "product_id",
            "location_id",
            "lot_number",
            "expected_e4",
            "counted_e4",
        ])
        .from("stock_cycle_count_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("count_id").is_in(ids.iter().copied()))
        .order_by("position", Order::Asc)
        .to_owned();
    for row in db.query_all(&select).await? {
        let line = CountLine {
            id: get(&row, "id")?,
            count_id: get(&row, "count_id")?,
            position: get(&row, "position")?,
            product_id: get(&row, "product_id")?,
            location_id: get(&row, "location_id")?,
            lot_number: get(&row, "lot_number")?,
            expected: get(&row, "expected_e4")?,
            counted: get(&row, "counted_e4")?,
        };
        by_count.entry(line.count_id).or_default().push(line);
    }
    Ok(by_count)
}

const SCRAP_COLUMNS: [&str; 14] = [
    "id",
    "number",
    "product_id",
    "uom",
    "quantity_e4",
    "location_id",
    "scrap_location_id",
    "reason",
    "lot_number",
    "notes",
    "date",
    "move_id",
    "created_at",
    "updated_at",
];

fn scrap(row: &QueryResult) -> Result<Scrap, DbErr> {
    Ok(Scrap {
        id: get(row, "id")?,
        number: get(row, "number")?,
        product_id: get(row, "product_id")?,
        uom: get(row, "uom")?,
        quantity: get(row, "quantity_e4")?,
        location_id: get(row, "location_id")?,
        scrap_location_id: get(row, "scrap_location_id")?,
        reason: get(row, "reason")?,
        lot_number: get(row, "lot_number")?,
        notes: get(row, "notes")?,
        date: get(row, "date")?,
        move_id: get(row, "move_id")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn scraps(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(SCRAP_COLUMNS.map(|column| ("stock_scraps", column)))
        .from("stock_scraps")
        .and_where(Expr::col(("stock_scraps", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn insert_scrap(
    db: &impl ConnectionTrait,
    company: CompanyId,
    scrap: &Scrap,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "stock_scraps",
        &[
            ("company_id", company.0.into()),
            ("id", scrap.id.into()),
            ("number", scrap.number.clone().into()),
            ("state", "done".into()),
            ("product_id", scrap.product_id.into()),
            ("uom", scrap.uom.clone().into()),
            ("quantity_e4", scrap.quantity.into()),
            ("location_id", scrap.location_id.into()),
            ("scrap_location_id", scrap.scrap_location_id.into()),
            ("reason", scrap.reason.clone().into()),
            ("lot_number", scrap.lot_number.clone().into()),
            ("notes", scrap.notes.clone().into()),
            ("date", scrap.date.into()),
            ("move_id", scrap.move_id.into()),
            ("created_at", scrap.created_at.into()),
            ("updated_at", scrap.updated_at.into()),
        ],
    )
    .await
}

pub async fn scrap_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Scrap>, DbErr> {
    let select = scraps(company)
        .and_where(Expr::col(("stock_scraps", "id")).eq(id))
        .to_owned();
    db.query_one(&select).await?.as_ref().map(scrap).transpose()
}

/// What the scrap list keeps.
#[derive(Clone, Debug, Default)]
pub struct ScrapFilter {
    pub product_id: Option<Uuid>,
    pub location_id: Option<Uuid>,
    pub reason: Option<String>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
}

pub async fn list_scraps(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &ScrapFilter,
    page: &PageRequest,
) -> Result<(Vec<Scrap>, i64), DbErr> {
    let mut select = scraps(company);
    if let Some(product) = filter.product_id {
        select.and_where(Expr::col(("stock_scraps", "product_id")).eq(product));
    }
    if let Some(location) = filter.location_id {
        select.and_where(Expr::col(("stock_scraps", "location_id")).eq(location));
    }
    if let Some(reason) = &filter.reason {
        select.and_where(Expr::col(("stock_scraps", "reason")).eq(reason.as_str()));
    }
    if let Some(from) = filter.date_from {
        select.and_where(Expr::col(("stock_scraps", "date")).gte(from));
    }
    if let Some(to) = filter.date_to {
        select.and_where(Expr::col(("stock_scraps", "date")).lte(to));
    }
    fetch_page(db, &select, page, ("stock_scraps", "id"), scrap).await
}

/// The company's own scrap reasons (code, name), by code.
pub async fn scrap_reasons(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<(String, String)>, DbErr> {
    let select = Query::select()
        .columns(["code", "name"])
        .from("scrap_reasons")
        .and_where(Expr::col("company_id").eq(company.0))
        .order_by("code", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| Ok((get(row, "code")?, get(row, "name")?)))
        .collect()
}

/// Adds a scrap reason (a unique violation when the company has the code).
pub async fn insert_scrap_reason(
    db: &impl ConnectionTrait,
    company: CompanyId,
    code: &str,
    name: &str,
    now: i64,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "scrap_reasons",
        &[
            ("company_id", company.0.into()),
            ("code", code.into()),
            ("name", name.into()),
            ("created_at", now.into()),
        ],
    )
    .await
}
