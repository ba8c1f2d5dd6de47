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

/// A valuation layer loaded in bulk: a receipt (`in`, positive quantity and value) or an issue
/// (`out`, negative quantity and value).
#[derive(Clone, Copy, Debug)]
pub struct LoadedLayer {
    pub product_id: Uuid,
    /// `in` or `out`.
    pub incoming: bool,
    pub date: NaiveDate,
    /// Ten-thousandths of the product's unit: positive in, negative out.
    pub quantity_e4: i64,
    /// Millionths of the company currency per unit.
    pub unit_cost_e6: i64,
    /// Minor units of the company currency: positive in, negative out.
    pub value_minor: i64,
}

/// Layers per insert statement (17 values each, under SQLite's 32,766 bound values).
const LAYER_ROWS: usize = 1_900;
/// Valuations per upsert statement (5 values each).
const VALUATION_ROWS: usize = 5_000;

/// Inserts `layers` as valuation layers of no move in `warehouse` (layer `i` created at
/// `now + i`; an `in` layer with all of it remaining, an `out` layer with nothing owed), then
/// adds their quantities and values to the `stock_valuations` row of each product, one row per
/// product, so that each row equals the sums of its product's layers. It bypasses the
/// valuation engine: no moves, no stock levels, no journal entries (the valuation accounts'
/// balance does not follow), no product costs, no FIFO consumption.
pub async fn load_valuation_layers(
    db: &impl ConnectionTrait,
    company: CompanyId,
    warehouse: Option<Uuid>,
    layers: &[LoadedLayer],
    now: i64,
) -> Result<(), DbErr> {
    for (batch, chunk) in layers.chunks(LAYER_ROWS).enumerate() {
        let mut insert = Query::insert()
            .into_table("stock_valuation_layers")
            .columns(LAYER_COLUMNS)
            .to_owned();
        for (offset, layer) in chunk.iter().enumerate() {
            let at = now + i64::try_from(batch * LAYER_ROWS + offset).unwrap_or(0);
            let (kind, remaining_quantity, remaining_value) = if layer.incoming {
                ("in", layer.quantity_e4, layer.value_minor)
            } else {
                ("out", 0, 0)
            };
            insert.values_panic([
                Uuid::now_v7().into(),
                layer.product_id.into(),
                Option::<Uuid>::None.into(),
                Option::<Uuid>::None.into(),
                warehouse.into(),
                kind.into(),
                layer.date.into(),
                layer.quantity_e4.into(),
                layer.unit_cost_e6.into(),
                layer.value_minor.into(),
                remaining_quantity.into(),
                remaining_value.into(),
                Option::<i64>::None.into(),
                Option::<Uuid>::None.into(),
                Option::<String>::None.into(),
                Option::<Uuid>::None.into(),
                at.into(),
                company.0.into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    let mut sums: HashMap<Uuid, (i64, i64)> = HashMap::new();
    for layer in layers {
        let sum = sums.entry(layer.product_id).or_default();
        sum.0 += layer.quantity_e4;
        sum.1 += layer.value_minor;
    }
    let mut sums: Vec<_> = sums.into_iter().collect();
    sums.sort_unstable();
    for chunk in sums.chunks(VALUATION_ROWS) {
        let mut upsert = Query::insert()
            .into_table("stock_valuations")
            .columns([
                "company_id",
                "product_id",
                "quantity_e4",
                "value_minor",
                "updated_at",
            ])
            .on_conflict(
                OnConflict::columns(["company_id", "product_id"])
                    .values(
                        adding_quantity_and_value("stock_valuations")
                            .into_iter()
                            .chain([("updated_at", Expr::col(("excluded", "updated_at")))]),
                    )
                    .to_owned(),
            )
            .to_owned();
        for &(product, (quantity, value)) in chunk {
            upsert.values_panic([
                company.0.into(),
                product.into(),
                quantity.into(),
                value.into(),
                now.into(),
            ]);
        }
        db.execute(&upsert).await?;
    }
    Ok(())
}
