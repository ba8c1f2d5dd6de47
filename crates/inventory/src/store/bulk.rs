//! Done moves loaded in bulk with their stock levels, for load tests (`arkan-bench inventory`):
//! no events, no checks, no valuation, no lots.

use super::*;

/// A move loaded as done, in its product's own unit.
#[derive(Clone, Copy, Debug)]
pub struct DoneMove {
    pub product_id: Uuid,
    pub quantity_e4: i64,
    pub source_location_id: Uuid,
    pub destination_location_id: Uuid,
    pub date: NaiveDate,
}

/// Moves per insert statement (15 values each, under SQLite's 32,766 bound values).
const MOVE_ROWS: usize = 2_000;
/// Levels per upsert statement (5 values each).
const LEVEL_ROWS: usize = 5_000;

/// Inserts `moves` as done moves in unit `uom` (move `i` done at `now + i`), then adds what
/// they bring in and take out to the stock levels of their products and locations, one row per
/// place, as doing them one by one would have left them (the levels of every product still add
/// up to zero).
pub async fn load_done_moves(
    db: &impl ConnectionTrait,
    company: CompanyId,
    uom: &str,
    moves: &[DoneMove],
    now: i64,
) -> Result<(), DbErr> {
    for (batch, chunk) in moves.chunks(MOVE_ROWS).enumerate() {
        let mut insert = Query::insert()
            .into_table("stock_moves")
            .columns([
                "company_id",
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
                "state",
                "done_at",
                "created_at",
                "updated_at",
            ])
            .to_owned();
        for (offset, mv) in chunk.iter().enumerate() {
            let at = now + i64::try_from(batch * MOVE_ROWS + offset).unwrap_or(0);
            insert.values_panic([
                company.0.into(),
                Uuid::now_v7().into(),
                mv.product_id.into(),
                uom.into(),
                mv.quantity_e4.into(),
                mv.quantity_e4.into(),
                0_i64.into(),
                mv.quantity_e4.into(),
                mv.source_location_id.into(),
                mv.destination_location_id.into(),
                mv.date.into(),
                MoveState::Done.as_str().into(),
                at.into(),
                at.into(),
                at.into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    let mut changes: HashMap<(Uuid, Uuid), i64> = HashMap::new();
    for mv in moves {
        *changes
            .entry((mv.product_id, mv.source_location_id))
            .or_default() -= mv.quantity_e4;
        *changes
            .entry((mv.product_id, mv.destination_location_id))
            .or_default() += mv.quantity_e4;
    }
    let mut changes: Vec<_> = changes.into_iter().collect();
    changes.sort_unstable();
    for chunk in changes.chunks(LEVEL_ROWS) {
        let mut upsert = Query::insert()
            .into_table("stock_levels")
            .columns([
                "company_id",
                "product_id",
                "location_id",
                "on_hand_e4",
                "reserved_e4",
            ])
            .on_conflict(
                OnConflict::columns(["company_id", "product_id", "location_id"])
                    .value(
                        "on_hand_e4",
                        Expr::col(("stock_levels", "on_hand_e4"))
                            .add(Expr::col(("excluded", "on_hand_e4"))),
                    )
                    .to_owned(),
            )
            .to_owned();
        for &((product, location), quantity) in chunk {
            upsert.values_panic([
                company.0.into(),
                product.into(),
                location.into(),
                quantity.into(),
                0_i64.into(),
            ]);
        }
        db.execute(&upsert).await?;
    }
    Ok(())
}
