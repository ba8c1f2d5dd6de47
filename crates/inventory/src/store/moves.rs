//! Stock moves, their lots, and transfers.

use super::*;

#[derive(Clone, Debug)]
pub struct Move {
    pub id: Uuid,
    pub product_id: Uuid,
    pub uom: String,
    /// In the move's unit.
    pub quantity: i64,
    /// The same in the product's unit.
    pub product_quantity: i64,
    /// Reserved at the source, in the move's unit.
    pub reserved: i64,
    pub done: i64,
    pub source_location_id: Uuid,
    pub destination_location_id: Uuid,
    pub date: NaiveDate,
    pub reference: Option<String>,
    pub description: Option<String>,
    pub partner_id: Option<Uuid>,
    pub unit_cost_e6: Option<i64>,
    pub state: MoveState,
    pub transfer_id: Option<Uuid>,
    pub backorder_id: Option<Uuid>,
    pub journal_entry_id: Option<Uuid>,
    pub done_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A lot and its quantity on a move (in the move's unit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveLot {
    pub lot_id: Uuid,
    pub lot_number: String,
    pub quantity: i64,
}

#[derive(Clone, Debug)]
pub struct Transfer {
    pub id: Uuid,
    pub kind: TransferType,
    pub number: String,
    pub state: MoveState,
    pub source_location_id: Uuid,
    pub destination_location_id: Uuid,
    pub partner_id: Option<Uuid>,
    pub scheduled_date: NaiveDate,
    pub reference: Option<String>,
    pub notes: Option<String>,
    pub backorder_id: Option<Uuid>,
    pub arrival_transfer_id: Option<Uuid>,
    pub done_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const MOVE_COLUMNS: [&str; 21] = [
    "id",
    "product_id",
    "uom",
    "quantity_e4",
    "product_quantity_e4",
    "reserved_e4",
    "done_e4",
    "source_location_id",
    "destination_location_id",
    "date",
    "reference",
    "description",
    "partner_id",
    "unit_cost_e6",
    "state",
    "transfer_id",
    "backorder_id",
    "journal_entry_id",
    "done_at",
    "created_at",
    "updated_at",
];

fn stock_move(row: &QueryResult) -> Result<Move, DbErr> {
    Ok(Move {
        id: get(row, "id")?,
        product_id: get(row, "product_id")?,
        uom: get(row, "uom")?,
        quantity: get(row, "quantity_e4")?,
        product_quantity: get(row, "product_quantity_e4")?,
        reserved: get(row, "reserved_e4")?,
        done: get(row, "done_e4")?,
        source_location_id: get(row, "source_location_id")?,
        destination_location_id: get(row, "destination_location_id")?,
        date: get(row, "date")?,
        reference: get(row, "reference")?,
        description: get(row, "description")?,
        partner_id: get(row, "partner_id")?,
        unit_cost_e6: get(row, "unit_cost_e6")?,
        state: get_code(row, "state", MoveState::parse)?,
        transfer_id: get(row, "transfer_id")?,
        backorder_id: get(row, "backorder_id")?,
        journal_entry_id: get(row, "journal_entry_id")?,
        done_at: get(row, "done_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn moves(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(MOVE_COLUMNS.map(|column| ("stock_moves", column)))
        .from("stock_moves")
        .and_where(Expr::col(("stock_moves", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn insert_move(
    db: &impl ConnectionTrait,
    company: CompanyId,
    mv: &Move,
) -> Result<(), DbErr> {
    db.execute(&insert_move_statement(company, mv))
        .await
        .map(|_| ())
}

/// The statement [`insert_move`] sends, for a caller that sends it with others.
pub fn insert_move_statement(company: CompanyId, mv: &Move) -> InsertStatement {
    sql::insert_statement(
        "stock_moves",
        &[
            ("company_id", company.0.into()),
            ("id", mv.id.into()),
            ("product_id", mv.product_id.into()),
            ("uom", mv.uom.clone().into()),
            ("quantity_e4", mv.quantity.into()),
            ("product_quantity_e4", mv.product_quantity.into()),
            ("reserved_e4", mv.reserved.into()),
            ("done_e4", mv.done.into()),
            ("source_location_id", mv.source_location_id.into()),
            ("destination_location_id", mv.destination_location_id.into()),
            ("date", mv.date.into()),
            ("reference", mv.reference.clone().into()),
            ("description", mv.description.clone().into()),
            ("partner_id", mv.partner_id.into()),
            ("unit_cost_e6", mv.unit_cost_e6.into()),
            ("state", mv.state.as_str().into()),
            ("transfer_id", mv.transfer_id.into()),
            ("backorder_id", mv.backorder_id.into()),
            ("journal_entry_id", mv.journal_entry_id.into()),
            ("done_at", mv.done_at.into()),
            ("created_at", mv.created_at.into()),
            ("updated_at", mv.updated_at.into()),
        ],
    )
}

/// Writes what a transition changes: quantities, state, backorder, done time, and the entry
/// that valued it when it was entered before the move was written.
pub async fn update_move(
    db: &impl ConnectionTrait,
    company: CompanyId,
    mv: &Move,
) -> Result<(), DbErr> {
    db.execute(&update_move_statement(company, mv))
        .await
        .map(|_| ())
}

/// The statement [`update_move`] sends, for a caller that sends it with others.
pub fn update_move_statement(company: CompanyId, mv: &Move) -> UpdateStatement {
    sql::update_statement(
        "stock_moves",
        company,
        mv.id,
        &[
            ("quantity_e4", mv.quantity.into()),
            ("product_quantity_e4", mv.product_quantity.into()),
            ("reserved_e4", mv.reserved.into()),
            ("done_e4", mv.done.into()),
            ("state", mv.state.as_str().into()),
            // Set when the move is done: its date and the unit cost it was valued at.
            ("date", mv.date.into()),
            ("unit_cost_e6", mv.unit_cost_e6.into()),
            ("backorder_id", mv.backorder_id.into()),
            ("journal_entry_id", mv.journal_entry_id.into()),
            ("done_at", mv.done_at.into()),
            ("updated_at", mv.updated_at.into()),
        ],
    )
}

/// The company's move `id`; `lock` reads it `FOR UPDATE` (the first read of every transition).
pub async fn move_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<Move>, DbErr> {
    let mut select = moves(company)
        .and_where(Expr::col(("stock_moves", "id")).eq(id))
        .to_owned();
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select)
        .await?
        .as_ref()
        .map(stock_move)
        .transpose()
}

/// The moves of a transfer, in the order they were made; `lock` reads them `FOR UPDATE`.
/// The open moves that reserved stock of a product at a location, newest first, locked.
pub async fn reserving_moves(
    db: &impl ConnectionTrait,
    company: CompanyId,
    place: Place,
) -> Result<Vec<Move>, DbErr> {
    let select = moves(company)
        .and_where(Expr::col(("stock_moves", "product_id")).eq(place.product))
        .and_where(Expr::col(("stock_moves", "source_location_id")).eq(place.location))
        .and_where(Expr::col(("stock_moves", "state")).eq(MoveState::Assigned.as_str()))
        .and_where(Expr::col(("stock_moves", "reserved_e4")).gt(0))
        .order_by(("stock_moves", "created_at"), Order::Desc)
        .order_by(("stock_moves", "id"), Order::Desc)
        .lock(LockType::Update)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(stock_move)
        .collect()
}

pub async fn moves_of_transfer(
    db: &impl ConnectionTrait,
    company: CompanyId,
    transfer: Uuid,
    lock: bool,
) -> Result<Vec<Move>, DbErr> {
    let mut select = moves(company)
        .and_where(Expr::col(("stock_moves", "transfer_id")).eq(transfer))
        .order_by(("stock_moves", "created_at"), Order::Asc)
        .order_by(("stock_moves", "id"), Order::Asc)
        .to_owned();
    if lock {
        select.lock(LockType::Update);
    }
    db.query_all(&select)
        .await?
        .iter()
        .map(stock_move)
        .collect()
}

/// The moves of these transfers, by transfer, each in the order they were made.
pub async fn moves_of_transfers(
    db: &impl ConnectionTrait,
    company: CompanyId,
    transfers: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Move>>, DbErr> {
    let mut by_transfer: HashMap<Uuid, Vec<Move>> = HashMap::new();
    if transfers.is_empty() {
        return Ok(by_transfer);
    }
    let select = moves(company)
        .and_where(Expr::col(("stock_moves", "transfer_id")).is_in(transfers.iter().copied()))
        .order_by(("stock_moves", "created_at"), Order::Asc)
        .order_by(("stock_moves", "id"), Order::Asc)
        .to_owned();
    for row in db.query_all(&select).await? {
        let mv = stock_move(&row)?;
        if let Some(transfer) = mv.transfer_id {
            by_transfer.entry(transfer).or_default().push(mv);
        }
    }
    Ok(by_transfer)
}

/// What the move list keeps.
#[derive(Clone, Debug, Default)]
pub struct MoveFilter {
    pub state: Option<MoveState>,
    pub product_id: Option<Uuid>,
    pub location_id: Option<Uuid>,
    pub transfer_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
}

pub async fn list_moves(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &MoveFilter,
    page: &PageRequest,
) -> Result<(Vec<Move>, i64), DbErr> {
    let mut select = moves(company);
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("stock_moves", "state")).eq(state.as_str()));
    }
    if let Some(product) = filter.product_id {
        select.and_where(Expr::col(("stock_moves", "product_id")).eq(product));
    }
    if let Some(location) = filter.location_id {
        select.and_where(
            Expr::col(("stock_moves", "source_location_id"))
                .eq(location)
                .or(Expr::col(("stock_moves", "destination_location_id")).eq(location)),
        );
    }
    if let Some(transfer) = filter.transfer_id {
        select.and_where(Expr::col(("stock_moves", "transfer_id")).eq(transfer));
    }
    if let Some(partner) = filter.partner_id {
        select.and_where(Expr::col(("stock_moves", "partner_id")).eq(partner));
    }
    if let Some(from) = filter.date_from {
        select.and_where(Expr::col(("stock_moves", "date")).gte(from));
    }
    if let Some(to) = filter.date_to {
        select.and_where(Expr::col(("stock_moves", "date")).lte(to));
    }
    fetch_page(db, &select, page, ("stock_moves", "id"), stock_move).await
}

/// The company's lot `number` of a product, if any.
pub async fn lot_by_number(
    db: &impl ConnectionTrait,
    company: CompanyId,
    product: Uuid,
    number: &str,
) -> Result<Option<Uuid>, DbErr> {
    let select = Query::select()
        .column("id")
        .from("stock_lots")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("product_id").eq(product))
        .and_where(Expr::col("lot_number").eq(number))
        .to_owned();
    db.query_one(&select)
        .await?
        .map(|row| get(&row, "id"))
        .transpose()
}

/// Makes a lot unless the product has one of that number already.
pub async fn insert_lot(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    product: Uuid,
    number: &str,
    now: i64,
) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("stock_lots")
        .columns(["company_id", "id", "product_id", "lot_number", "created_at"])
        .values_panic([
            company.0.into(),
            id.into(),
            product.into(),
            number.into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::columns(["company_id", "product_id", "lot_number"])
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

/// Locks a lot's row until the transaction ends (PostgreSQL).
pub async fn lock_lot(
    db: &impl ConnectionTrait,
    company: CompanyId,
    lot: Uuid,
) -> Result<(), DbErr> {
    let select = Query::select()
        .column("id")
        .from("stock_lots")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(lot))
        .lock(LockType::Update)
        .to_owned();
    db.query_one(&select).await.map(|_| ())
}

/// Replaces the lots of a move.
pub async fn set_move_lots(
    db: &impl ConnectionTrait,
    company: CompanyId,
    mv: Uuid,
    lots: &[MoveLot],
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("stock_move_lots")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("move_id").eq(mv))
        .to_owned();
    db.execute(&delete).await?;
    for lot in lots {
        sql::insert(
            db,
            "stock_move_lots",
            &[
                ("company_id", company.0.into()),
                ("move_id", mv.into()),
                ("lot_id", lot.lot_id.into()),
                ("quantity_e4", lot.quantity.into()),
            ],
        )
        .await?;
    }
    Ok(())
}

/// The lots of these moves, by move.
pub async fn lots_of_moves(
    db: &impl ConnectionTrait,
    company: CompanyId,
    moves: &[Uuid],
) -> Result<HashMap<Uuid, Vec<MoveLot>>, DbErr> {
    if moves.is_empty() {
        return Ok(HashMap::new());
    }
    let select = Query::select()
        .columns([
            ("stock_move_lots", "move_id"),
            ("stock_move_lots", "lot_id"),
            ("stock_move_lots", "quantity_e4"),
        ])
        .column(("stock_lots", "lot_number"))
        .from("stock_move_lots")
        .inner_join(
            "stock_lots",
            Expr::col(("stock_lots", "company_id"))
                .equals(("stock_move_lots", "company_id"))
                .and(Expr::col(("stock_lots", "id")).equals(("stock_move_lots", "lot_id"))),
        )
        .and_where(Expr::col(("stock_move_lots", "company_id")).eq(company.0))
        .and_where(Expr::col(("stock_move_lots", "move_id")).is_in(moves.iter().copied()))
        .order_by(("stock_lots", "lot_number"), Order::Asc)
        .to_owned();
    let mut by_move: HashMap<Uuid, Vec<MoveLot>> = HashMap::new();
    for row in db.query_all(&select).await? {
        by_move
            .entry(get(&row, "move_id")?)
            .or_default()
            .push(MoveLot {
                lot_id: get(&row, "lot_id")?,
                lot_number: get(&row, "lot_number")?,
                quantity: get(&row, "quantity_e4")?,
            });
    }
    Ok(by_move)
}

const TRANSFER_COLUMNS: [&str; 15] = [
    "id",
    "type",
    "number",
    "state",
    "source_location_id",
    "destination_location_id",
    "partner_id",
    "scheduled_date",
    "reference",
    "notes",
    "backorder_id",
    "arrival_transfer_id",
    "done_at",
    "created_at",
    "updated_at",
];

fn transfer(row: &QueryResult) -> Result<Transfer, DbErr> {
    Ok(Transfer {
        id: get(row, "id")?,
        kind: get_code(row, "type", TransferType::parse)?,
        number: get(row, "number")?,
        state: get_code(row, "state", MoveState::parse)?,
        source_location_id: get(row, "source_location_id")?,
        destination_location_id: get(row, "destination_location_id")?,
        partner_id: get(row, "partner_id")?,
        scheduled_date: get(row, "scheduled_date")?,
        reference: get(row, "reference")?,
        notes: get(row, "notes")?,
        backorder_id: get(row, "backorder_id")?,
        arrival_transfer_id: get(row, "arrival_transfer_id")?,
        done_at: get(row, "done_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn transfers(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(TRANSFER_COLUMNS.map(|column| ("stock_transfers", column)))
        .from("stock_transfers")
        .and_where(Expr::col(("stock_transfers", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn insert_transfer(
    db: &impl ConnectionTrait,
    company: CompanyId,
    transfer: &Transfer,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "stock_transfers",
        &[
            ("company_id", company.0.into()),
            ("id", transfer.id.into()),
            ("type", transfer.kind.as_str().into()),
            ("number", transfer.number.clone().into()),
            ("state", transfer.state.as_str().into()),
            ("source_location_id", transfer.source_location_id.into()),
            (
                "destination_location_id",
                transfer.destination_location_id.into(),
            ),
            ("partner_id", transfer.partner_id.into()),
            ("scheduled_date", transfer.scheduled_date.into()),
            ("reference", transfer.reference.clone().into()),
            ("notes", transfer.notes.clone().into()),
            ("backorder_id", transfer.backorder_id.into()),
            ("arrival_transfer_id", transfer.arrival_transfer_id.into()),
            ("done_at", transfer.done_at.into()),
            ("created_at", transfer.created_at.into()),
            ("updated_at", transfer.updated_at.into()),
        ],
    )
    .await
}

pub async fn update_transfer(
    db: &impl ConnectionTrait,
    company: CompanyId,
    transfer: &Transfer,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "stock_transfers",
        company,
        transfer.id,
        &[
            ("state", transfer.state.as_str().into()),
            ("backorder_id", transfer.backorder_id.into()),
            ("arrival_transfer_id", transfer.arrival_transfer_id.into()),
            ("done_at", transfer.done_at.into()),
            ("updated_at", transfer.updated_at.into()),
        ],
    )
    .await
    .map(|_| ())
}

pub async fn transfer_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<Transfer>, DbErr> {
    let mut select = transfers(company)
        .and_where(Expr::col(("stock_transfers", "id")).eq(id))
        .to_owned();
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select)
        .await?
        .as_ref()
        .map(transfer)
        .transpose()
}

/// What the transfer list keeps.
#[derive(Clone, Debug, Default)]
pub struct TransferFilter {
    pub state: Option<MoveState>,
    pub kind: Option<TransferType>,
    pub partner_id: Option<Uuid>,
    pub q: Option<String>,
}

pub async fn list_transfers(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &TransferFilter,
    page: &PageRequest,
) -> Result<(Vec<Transfer>, i64), DbErr> {
    let mut select = transfers(company);
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("stock_transfers", "state")).eq(state.as_str()));
    }
    if let Some(kind) = filter.kind {
        select.and_where(Expr::col(("stock_transfers", "type")).eq(kind.as_str()));
    }
    if let Some(partner) = filter.partner_id {
        select.and_where(Expr::col(("stock_transfers", "partner_id")).eq(partner));
    }
    if let Some(text) = &filter.q {
        select.and_where(
            Expr::expr(Func::lower(Expr::col(("stock_transfers", "number"))))
                .like(like_pattern(text))
                .or(
                    Expr::expr(Func::lower(Expr::col(("stock_transfers", "reference"))))
                        .like(like_pattern(text)),
                ),
        );
    }
    fetch_page(db, &select, page, ("stock_transfers", "id"), transfer).await
}

/// Moves a move to another transfer (a backorder).
pub async fn set_move_transfer(
    db: &impl ConnectionTrait,
    company: CompanyId,
    mv: Uuid,
    transfer: Uuid,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("stock_moves")
        .value("transfer_id", transfer)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(mv))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

/// A lot (or serial number) of a product.
#[derive(Clone, Debug)]
pub struct Lot {
    pub id: Uuid,
    pub product_id: Uuid,
    pub lot_number: String,
    pub expiry_date: Option<NaiveDate>,
    pub created_at: i64,
}

/// What the lot list keeps.
#[derive(Clone, Debug, Default)]
pub struct LotFilter {
    pub product_id: Option<Uuid>,
    pub q: Option<String>,
}

pub async fn list_lots(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &LotFilter,
    page: &PageRequest,
) -> Result<(Vec<Lot>, i64), DbErr> {
    let mut select = Query::select()
        .columns(
            [
                "id",
                "product_id",
                "lot_number",
                "expiry_date",
                "created_at",
            ]
            .map(|column| ("stock_lots", column)),
        )
        .from("stock_lots")
        .and_where(Expr::col(("stock_lots", "company_id")).eq(company.0))
        .to_owned();
    if let Some(product) = filter.product_id {
        select.and_where(Expr::col(("stock_lots", "product_id")).eq(product));
    }
    if let Some(text) = &filter.q {
        select.and_where(
            Expr::expr(Func::lower(Expr::col(("stock_lots", "lot_number"))))
                .like(like_pattern(text)),
        );
    }
    fetch_page(db, &select, page, ("stock_lots", "id"), |row| {
        Ok(Lot {
            id: get(row, "id")?,
            product_id: get(row, "product_id")?,
            lot_number: get(row, "lot_number")?,
            expiry_date: get(row, "expiry_date")?,
            created_at: get(row, "created_at")?,
        })
    })
    .await
}
