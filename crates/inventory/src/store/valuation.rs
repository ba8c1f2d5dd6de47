//! Valuation layers and each product's value on hand.

use super::*;
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{
    Alias, CommonTableExpression, InsertStatement, UpdateStatement, WithClause,
};

/// A product's quantity (ten-thousandths of its unit) and value (minor units) on hand: the
/// sums of its layers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Valuation {
    pub quantity: i64,
    pub value: i64,
}

/// One valuation layer (see m0625).
#[derive(Clone, Debug)]
pub struct Layer {
    pub id: Uuid,
    pub product_id: Uuid,
    pub move_id: Option<Uuid>,
    pub landed_cost_id: Option<Uuid>,
    pub warehouse_id: Option<Uuid>,
    pub kind: &'static str,
    pub date: NaiveDate,
    pub quantity: i64,
    pub unit_cost_e6: i64,
    pub value: i64,
    pub remaining_quantity: i64,
    pub remaining_value: i64,
    pub actual_unit_cost_e6: Option<i64>,
    pub account_id: Option<Uuid>,
    pub description: Option<String>,
    /// The entry that posted the layer, when it was entered before the layer was written;
    /// otherwise named after ([`set_entry`]).
    pub journal_entry_id: Option<Uuid>,
    pub created_at: i64,
}

/// The product's valuation, its row made if missing and locked until the transaction ends:
/// moves of one product are valued one after the other. One statement: an upsert whose
/// update changes nothing but takes the row, returning what it holds.
pub async fn lock_valuation(
    db: &impl ConnectionTrait,
    company: CompanyId,
    product: Uuid,
    now: i64,
) -> Result<Valuation, DbErr> {
    let upsert = Query::insert()
        .into_table("stock_valuations")
        .columns([
            "company_id",
            "product_id",
            "quantity_e4",
            "value_minor",
            "updated_at",
        ])
        .values_panic([
            company.0.into(),
            product.into(),
            0_i64.into(),
            0_i64.into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::columns(["company_id", "product_id"])
                .value(
                    "quantity_e4",
                    Expr::col(("stock_valuations", "quantity_e4")),
                )
                .to_owned(),
        )
        .returning(Query::returning().columns(["quantity_e4", "value_minor"]))
        .to_owned();
    let row = db
        .query_one(&upsert)
        .await?
        .ok_or_else(|| DbErr::Custom("a product's valuation row is missing".into()))?;
    Ok(Valuation {
        quantity: get(&row, "quantity_e4")?,
        value: get(&row, "value_minor")?,
    })
}

pub async fn set_valuation(
    db: &impl ConnectionTrait,
    company: CompanyId,
    product: Uuid,
    valuation: Valuation,
    now: i64,
) -> Result<(), DbErr> {
    db.execute(&valuation_update(company, product, valuation, now))
        .await
        .map(|_| ())
}

fn valuation_update(
    company: CompanyId,
    product: Uuid,
    valuation: Valuation,
    now: i64,
) -> UpdateStatement {
    Query::update()
        .table("stock_valuations")
        .value("quantity_e4", valuation.quantity)
        .value("value_minor", valuation.value)
        .value("updated_at", now)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("product_id").eq(product))
        .to_owned()
}

/// Inserts `layers` of `product` and sets its valuation to what they bring it to: the two
/// statements in one hand-over on SQLite ([`sql::batch`]).
pub async fn record_layers(
    db: &impl ConnectionTrait,
    company: CompanyId,
    first: Vec<Statement>,
    layers: &[Layer],
    product: Uuid,
    valuation: Valuation,
    now: i64,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut statements = first;
    if !layers.is_empty() {
        statements.push(backend.build(&layers_insert(company, layers)));
    }
    statements.push(backend.build(&valuation_update(company, product, valuation, now)));
    sql::batch(db, statements).await?;
    carry_into_month_ends(db, company, layers, chrono::Utc::now().date_naive()).await
}

/// The `ON CONFLICT` assignments that add the new row's quantity and value to those of the row
/// already in `table` (a product's valuation, or its valuation kept at a month end).
pub(super) fn adding_quantity_and_value(table: &'static str) -> [(&'static str, Expr); 2] {
    ["quantity_e4", "value_minor"].map(|column| {
        (
            column,
            Expr::col((table, column)).add(Expr::col(("excluded", column))),
        )
    })
}

pub(super) const LAYER_COLUMNS: [&str; 18] = [
    "id",
    "product_id",
    "move_id",
    "landed_cost_id",
    "warehouse_id",
    "kind",
    "date",
    "quantity_e4",
    "unit_cost_e6",
    "value_minor",
    "remaining_quantity_e4",
    "remaining_value_minor",
    "actual_unit_cost_e6",
    "account_id",
    "description",
    "journal_entry_id",
    "created_at",
    "company_id",
];

pub async fn insert_layers(
    db: &impl ConnectionTrait,
    company: CompanyId,
    layers: &[Layer],
) -> Result<(), DbErr> {
    if layers.is_empty() {
        return Ok(());
    }
    db.execute(&layers_insert(company, layers)).await?;
    carry_into_month_ends(db, company, layers, chrono::Utc::now().date_naive()).await
}

fn layers_insert(company: CompanyId, layers: &[Layer]) -> InsertStatement {
    let mut insert = Query::insert()
        .into_table("stock_valuation_layers")
        .columns(LAYER_COLUMNS)
        .to_owned();
    for layer in layers {
        insert.values_panic([
            layer.id.into(),
            layer.product_id.into(),
            layer.move_id.into(),
            layer.landed_cost_id.into(),
            layer.warehouse_id.into(),
            layer.kind.into(),
            layer.date.into(),
            layer.quantity.into(),
            layer.unit_cost_e6.into(),
            layer.value.into(),
            layer.remaining_quantity.into(),
            layer.remaining_value.into(),
            layer.actual_unit_cost_e6.into(),
            layer.account_id.into(),
            layer.description.clone().into(),
            layer.journal_entry_id.into(),
            layer.created_at.into(),
            company.0.into(),
        ]);
    }
    insert
}

fn layer(row: &QueryResult) -> Result<Layer, DbErr> {
    let kind: String = get(row, "kind")?;
    Ok(Layer {
        id: get(row, "id")?,
        product_id: get(row, "product_id")?,
        move_id: get(row, "move_id")?,
        landed_cost_id: get(row, "landed_cost_id")?,
        warehouse_id: get(row, "warehouse_id")?,
        kind: crate::domain::LAYER_KINDS
            .iter()
            .find(|known| **known == kind)
            .copied()
            .ok_or_else(|| DbErr::Custom(format!("unknown layer kind {kind:?}")))?,
        date: get(row, "date")?,
        quantity: get(row, "quantity_e4")?,
        unit_cost_e6: get(row, "unit_cost_e6")?,
        value: get(row, "value_minor")?,
        remaining_quantity: get(row, "remaining_quantity_e4")?,
        remaining_value: get(row, "remaining_value_minor")?,
        actual_unit_cost_e6: get(row, "actual_unit_cost_e6")?,
        account_id: get(row, "account_id")?,
        description: get(row, "description")?,
        journal_entry_id: get(row, "journal_entry_id")?,
        created_at: get(row, "created_at")?,
    })
}

fn layers(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(LAYER_COLUMNS.map(|column| ("stock_valuation_layers", column)))
        .from("stock_valuation_layers")
        .and_where(Expr::col(("stock_valuation_layers", "company_id")).eq(company.0))
        .to_owned()
}

/// The product's layers FIFO has left something of (`owed`: the out layers still short of
/// stock instead), oldest first.
pub async fn open_layers(
    db: &impl ConnectionTrait,
    company: CompanyId,
    product: Uuid,
    owed: bool,
) -> Result<Vec<Layer>, DbErr> {
    let mut select = layers(company);
    select
        .and_where(Expr::col("product_id").eq(product))
        .order_by("date", Order::Asc)
        .order_by("id", Order::Asc);
    if owed {
        select.and_where(Expr::col("remaining_quantity_e4").lt(0));
    } else {
        select.and_where(Expr::col("remaining_quantity_e4").gt(0));
    }
    db.query_all(&select).await?.iter().map(layer).collect()
}

pub async fn set_remaining(
    db: &impl ConnectionTrait,
    company: CompanyId,
    layer: &Layer,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "stock_valuation_layers",
        company,
        layer.id,
        &[
            ("remaining_quantity_e4", layer.remaining_quantity.into()),
            ("remaining_value_minor", layer.remaining_value.into()),
        ],
    )
    .await
    .map(|_| ())
}

/// Names `entry` as the one that posted `layers` and `moves`: one statement on PostgreSQL
/// (the layers' update in the `WITH` of the moves'), two elsewhere.
pub async fn set_entry(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: Uuid,
    layers: &[Uuid],
    moves: &[Uuid],
) -> Result<(), DbErr> {
    let update = |table: &str, ids: &[Uuid]| {
        Query::update()
            .table(table.to_owned())
            .value("journal_entry_id", entry)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("id").is_in(ids.iter().copied()))
            .to_owned()
    };
    let layers = (!layers.is_empty()).then(|| update("stock_valuation_layers", layers));
    let moves = (!moves.is_empty()).then(|| update("stock_moves", moves));
    match (layers, moves) {
        (Some(layers), Some(moves)) if db.get_database_backend() == DatabaseBackend::Postgres => {
            let with = WithClause::new()
                .cte(
                    CommonTableExpression::new()
                        .query(layers)
                        .table_name(Alias::new("layers"))
                        .to_owned(),
                )
                .to_owned()
                .query(moves);
            db.execute(&with).await?;
        }
        (layers, moves) => {
            for update in layers.into_iter().chain(moves) {
                db.execute(&update).await?;
            }
        }
    }
    Ok(())
}

/// Each product's quantity and value on hand at the end of `as_of` (all products, or one),
/// read from the nearest of what is kept (each product's valuation now, and the kept month
/// ends) and the layers between that and `as_of`.
pub async fn valuations_at(
    db: &impl ConnectionTrait,
    company: CompanyId,
    as_of: NaiveDate,
    product: Option<Uuid>,
) -> Result<HashMap<Uuid, Valuation>, DbErr> {
    let today = chrono::Utc::now().date_naive();
    let from_today = Ord::max((today - as_of).num_days(), 0);
    let month_end = month_ends(db, company)
        .await?
        .into_iter()
        .map(|end| ((end - as_of).num_days().abs(), end))
        .filter(|(distance, _)| *distance < from_today)
        .min()
        .map(|(_, end)| end);
    let mut kept = match month_end {
        None => Query::select()
            .columns(["product_id", "quantity_e4", "value_minor"])
            .from("stock_valuations")
            .and_where(Expr::col("company_id").eq(company.0))
            .to_owned(),
        Some(end) => kept_at(company, end),
    };
    // The layers between what is kept and the report's day: added when the kept month end is
    // before it, taken away when what is kept comes after.
    // Bounded on both sides even from today's valuations (a layer's date is a four-digit
    // year's), so that SQLite, given statistics, reads them by date too.
    let last_day = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    let (after, up_to, sign) = match month_end {
        None => (as_of, last_day, -1),
        Some(end) if end < as_of => (end, as_of, 1),
        Some(end) => (as_of, end, -1),
    };
    let mut between = layer_sums(company, Some(after), up_to);
    if let Some(product) = product {
        kept.and_where(Expr::col("product_id").eq(product));
        between.and_where(Expr::col("product_id").eq(product));
    }
    // Both selects are (product_id, quantity_e4, value_minor), read by position: a report
    // reads a row per product.
    let kept: Vec<(Uuid, i64, i64)> = sql::all_rows(db, &kept).await?;
    let mut valuations: HashMap<Uuid, Valuation> = kept
        .into_iter()
        .map(|(product, quantity, value)| (product, Valuation { quantity, value }))
        .collect();
    if after >= up_to {
        return Ok(valuations);
    }
    let between: Vec<(Uuid, i64, i64)> = sql::all_rows(db, &between).await?;
    for (product, quantity, value) in between {
        let valuation = valuations.entry(product).or_default();
        valuation.quantity += sign * quantity;
        valuation.value += sign * value;
    }
    Ok(valuations)
}

/// `(product_id, quantity_e4, value_minor)`: the sums of each product's layers dated after
/// `after` (from the first, when none) up to `up_to`.
pub(super) fn layer_sums(
    company: CompanyId,
    after: Option<NaiveDate>,
    up_to: NaiveDate,
) -> SelectStatement {
    let mut select = Query::select()
        .column("product_id")
        .expr(Expr::cust("CAST(SUM(quantity_e4) AS BIGINT)"))
        .expr(Expr::cust("CAST(SUM(value_minor) AS BIGINT)"))
        .from("stock_valuation_layers")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("date").lte(up_to))
        .group_by_col("product_id")
        .to_owned();
    if let Some(after) = after {
        select.and_where(Expr::col("date").gt(after));
    }
    select
}

/// Each product's quantity in `warehouse` at the end of `as_of` (all products, or one): the
/// quantities of the layers of moves into and out of it.
pub async fn warehouse_quantities_at(
    db: &impl ConnectionTrait,
    company: CompanyId,
    warehouse: Uuid,
    as_of: NaiveDate,
    product: Option<Uuid>,
) -> Result<HashMap<Uuid, i64>, DbErr> {
    let mut select = Query::select()
        .column("product_id")
        .expr_as(
            Expr::cust("CAST(SUM(quantity_e4) AS BIGINT)"),
            "quantity_e4",
        )
        .from("stock_valuation_layers")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("warehouse_id").eq(warehouse))
        .and_where(Expr::col("date").lte(as_of))
        .group_by_col("product_id")
        .to_owned();
    if let Some(product) = product {
        select.and_where(Expr::col("product_id").eq(product));
    }
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| Ok((get(row, "product_id")?, get(row, "quantity_e4")?)))
        .collect()
}

/// The receipts valued at a standard cost (those that name the price paid) dated within the
/// span, oldest first.
pub async fn standard_receipts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
    product: Option<Uuid>,
) -> Result<Vec<Layer>, DbErr> {
    let mut select = layers(company);
    select
        .and_where(Expr::col("actual_unit_cost_e6").is_not_null())
        .order_by("date", Order::Asc)
        .order_by("id", Order::Asc);
    if let Some(from) = from {
        select.and_where(Expr::col("date").gte(from));
    }
    if let Some(to) = to {
        select.and_where(Expr::col("date").lte(to));
    }
    if let Some(product) = product {
        select.and_where(Expr::col("product_id").eq(product));
    }
    db.query_all(&select).await?.iter().map(layer).collect()
}

/// The receipt layers (`in`) of these moves, oldest first.
pub async fn receipt_layers_of_moves(
    db: &impl ConnectionTrait,
    company: CompanyId,
    moves: &[Uuid],
) -> Result<Vec<Layer>, DbErr> {
    if moves.is_empty() {
        return Ok(Vec::new());
    }
    let mut select = layers(company);
    select
        .and_where(Expr::col("kind").eq(crate::domain::LAYER_IN))
        .and_where(Expr::col("move_id").is_in(moves.iter().copied()))
        .order_by("id", Order::Asc);
    db.query_all(&select).await?.iter().map(layer).collect()
}

/// The value of these moves' valuation layers (out negative), by move (moves that were not
/// valued are absent).
pub async fn move_values(
    db: &impl ConnectionTrait,
    company: CompanyId,
    moves: &[Uuid],
) -> Result<HashMap<Uuid, i64>, DbErr> {
    if moves.is_empty() {
        return Ok(HashMap::new());
    }
    let select = Query::select()
        .column("move_id")
        .expr_as(Expr::cust("CAST(SUM(value_minor) AS BIGINT)"), "value")
        .from("stock_valuation_layers")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("move_id").is_in(moves.iter().copied()))
        .group_by_col("move_id")
        .to_owned();
    let mut values = HashMap::new();
    for row in db.query_all(&select).await? {
        values.insert(
            get(&row, "move_id")?,
            get::<Option<i64>>(&row, "value")?.unwrap_or(0),
        );
    }
    Ok(values)
}
