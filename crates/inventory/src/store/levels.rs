//! What is on hand and reserved, per product and location (and per lot), changed in the
//! transaction of every move; and the sums the product views and reports read.

use super::*;

/// Which rows a level change touches.
#[derive(Clone, Copy, Debug)]
pub struct Place {
    pub product: Uuid,
    pub location: Uuid,
}

/// Reserves `quantity` at a place if that much is on hand and not yet reserved; false (and
/// nothing changed) otherwise. One statement, so two reservations of the last unit cannot both
/// succeed: the second waits for the first's row and finds the quantity gone.
pub async fn reserve(
    db: &impl ConnectionTrait,
    company: CompanyId,
    place: Place,
    quantity: i64,
) -> Result<bool, DbErr> {
    let update = Query::update()
        .table("stock_levels")
        .value("reserved_e4", Expr::col("reserved_e4").add(quantity))
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("product_id").eq(place.product))
        .and_where(Expr::col("location_id").eq(place.location))
        .and_where(
            Expr::col("on_hand_e4")
                .sub(Expr::col("reserved_e4"))
                .gte(quantity),
        )
        .to_owned();
    Ok(db.execute(&update).await?.rows_affected() == 1)
}

/// Gives back a reservation.
pub async fn release(
    db: &impl ConnectionTrait,
    company: CompanyId,
    place: Place,
    quantity: i64,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("stock_levels")
        .value("reserved_e4", Expr::col("reserved_e4").sub(quantity))
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("product_id").eq(place.product))
        .and_where(Expr::col("location_id").eq(place.location))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

/// Takes `quantity` out of a place whose stock is checked, releasing `reserved` of it first:
/// only if what stays on hand covers what others reserved; false (and nothing changed)
/// otherwise.
pub async fn take_checked(
    db: &impl ConnectionTrait,
    company: CompanyId,
    place: Place,
    quantity: i64,
    reserved: i64,
) -> Result<bool, DbErr> {
    let update = Query::update()
        .table("stock_levels")
        .value("on_hand_e4", Expr::col("on_hand_e4").sub(quantity))
        .value("reserved_e4", Expr::col("reserved_e4").sub(reserved))
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("product_id").eq(place.product))
        .and_where(Expr::col("location_id").eq(place.location))
        .and_where(
            Expr::col("on_hand_e4")
                .sub(Expr::col("reserved_e4"))
                .add(reserved)
                .gte(quantity),
        )
        .to_owned();
    Ok(db.execute(&update).await?.rows_affected() == 1)
}

/// Adds `quantity` (negative to take) to a place, unchecked, and takes `reserved` off its
/// reservations: a virtual location, or an internal one when negative stock is allowed.
pub async fn add(
    db: &impl ConnectionTrait,
    company: CompanyId,
    place: Place,
    quantity: i64,
    reserved: i64,
) -> Result<(), DbErr> {
    let upsert = Query::insert()
        .into_table("stock_levels")
        .columns([
            "company_id",
            "product_id",
            "location_id",
            "on_hand_e4",
            "reserved_e4",
        ])
        .values_panic([
            company.0.into(),
            place.product.into(),
            place.location.into(),
            quantity.into(),
            (-reserved).into(),
        ])
        .on_conflict(
            OnConflict::columns(["company_id", "product_id", "location_id"])
                .value(
                    "on_hand_e4",
                    Expr::col(("stock_levels", "on_hand_e4")).add(quantity),
                )
                .value(
                    "reserved_e4",
                    Expr::col(("stock_levels", "reserved_e4")).sub(reserved),
                )
                .to_owned(),
        )
        .to_owned();
    db.execute(&upsert).await.map(|_| ())
}

/// Takes `quantity` of a lot out of a location if it has that much (`checked`), else
/// unchecked; false when the check fails.
pub async fn take_lot(
    db: &impl ConnectionTrait,
    company: CompanyId,
    lot: Uuid,
    location: Uuid,
    quantity: i64,
    checked: bool,
) -> Result<bool, DbErr> {
    if !checked {
        add_lot(db, company, lot, location, -quantity).await?;
        return Ok(true);
    }
    let update = Query::update()
        .table("stock_lot_levels")
        .value("on_hand_e4", Expr::col("on_hand_e4").sub(quantity))
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("lot_id").eq(lot))
        .and_where(Expr::col("location_id").eq(location))
        .and_where(Expr::col("on_hand_e4").gte(quantity))
        .to_owned();
    Ok(db.execute(&update).await?.rows_affected() == 1)
}

pub async fn add_lot(
    db: &impl ConnectionTrait,
    company: CompanyId,
    lot: Uuid,
    location: Uuid,
    quantity: i64,
) -> Result<(), DbErr> {
    let upsert = Query::insert()
        .into_table("stock_lot_levels")
        .columns(["company_id", "lot_id", "location_id", "on_hand_e4"])
        .values_panic([
            company.0.into(),
            lot.into(),
            location.into(),
            quantity.into(),
        ])
        .on_conflict(
            OnConflict::columns(["company_id", "lot_id", "location_id"])
                .value(
                    "on_hand_e4",
                    Expr::col(("stock_lot_levels", "on_hand_e4")).add(quantity),
                )
                .to_owned(),
        )
        .to_owned();
    db.execute(&upsert).await.map(|_| ())
}

/// A lot's quantity on hand in the company's own locations (internal and transit).
pub async fn lot_owned_on_hand(
    db: &impl ConnectionTrait,
    company: CompanyId,
    lot: Uuid,
) -> Result<i64, DbErr> {
    let select = Query::select()
        .expr_as(
            Expr::cust("COALESCE(CAST(SUM(stock_lot_levels.on_hand_e4) AS BIGINT), 0)"),
            "on_hand",
        )
        .from("stock_lot_levels")
        .inner_join(
            "stock_locations",
            Expr::col(("stock_locations", "company_id"))
                .equals(("stock_lot_levels", "company_id"))
                .and(
                    Expr::col(("stock_locations", "id"))
                        .equals(("stock_lot_levels", "location_id")),
                ),
        )
        .and_where(Expr::col(("stock_lot_levels", "company_id")).eq(company.0))
        .and_where(Expr::col(("stock_lot_levels", "lot_id")).eq(lot))
        .and_where(Expr::col(("stock_locations", "type")).is_in(["internal", "transit"]))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => get(&row, "on_hand"),
        None => Ok(0),
    }
}

/// On hand and reserved of a product at one location.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocationLevel {
    pub location_id: Uuid,
    pub on_hand: i64,
    pub reserved: i64,
}

/// The product's levels at the company's own locations (internal and transit) that hold or
/// reserve something, optionally within one warehouse.
pub async fn levels_by_location(
    db: &impl ConnectionTrait,
    company: CompanyId,
    product: Uuid,
    warehouse: Option<Uuid>,
) -> Result<Vec<LocationLevel>, DbErr> {
    let mut select = Query::select()
        .columns([
            ("stock_levels", "location_id"),
            ("stock_levels", "on_hand_e4"),
            ("stock_levels", "reserved_e4"),
        ])
        .from("stock_levels")
        .inner_join(
            "stock_locations",
            Expr::col(("stock_locations", "company_id"))
                .equals(("stock_levels", "company_id"))
                .and(Expr::col(("stock_locations", "id")).equals(("stock_levels", "location_id"))),
        )
        .and_where(Expr::col(("stock_levels", "company_id")).eq(company.0))
        .and_where(Expr::col(("stock_levels", "product_id")).eq(product))
        .and_where(Expr::col(("stock_locations", "type")).is_in(["internal", "transit"]))
        .and_where(
            Expr::col(("stock_levels", "on_hand_e4"))
                .ne(0)
                .or(Expr::col(("stock_levels", "reserved_e4")).ne(0)),
        )
        .order_by(("stock_locations", "full_name"), Order::Asc)
        .to_owned();
    if let Some(warehouse) = warehouse {
        select.and_where(Expr::col(("stock_locations", "warehouse_id")).eq(warehouse));
    }
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok(LocationLevel {
                location_id: get(row, "location_id")?,
                on_hand: get(row, "on_hand_e4")?,
                reserved: get(row, "reserved_e4")?,
            })
        })
        .collect()
}

/// A product's lots on hand at a location.
pub async fn lots_at(
    db: &impl ConnectionTrait,
    company: CompanyId,
    product: Uuid,
    warehouse: Option<Uuid>,
) -> Result<Vec<(Uuid, String, i64)>, DbErr> {
    let mut select = Query::select()
        .columns([
            ("stock_lot_levels", "location_id"),
            ("stock_lot_levels", "on_hand_e4"),
        ])
        .column(("stock_lots", "lot_number"))
        .from("stock_lot_levels")
        .inner_join(
            "stock_lots",
            Expr::col(("stock_lots", "company_id"))
                .equals(("stock_lot_levels", "company_id"))
                .and(Expr::col(("stock_lots", "id")).equals(("stock_lot_levels", "lot_id"))),
        )
        .inner_join(
            "stock_locations",
            Expr::col(("stock_locations", "company_id"))
                .equals(("stock_lot_levels", "company_id"))
                .and(
                    Expr::col(("stock_locations", "id"))
                        .equals(("stock_lot_levels", "location_id")),
                ),
        )
        .and_where(Expr::col(("stock_lot_levels", "company_id")).eq(company.0))
        .and_where(Expr::col(("stock_lots", "product_id")).eq(product))
        .and_where(Expr::col(("stock_lot_levels", "on_hand_e4")).ne(0))
        .order_by(("stock_lots", "lot_number"), Order::Asc)
        .to_owned();
    if let Some(warehouse) = warehouse {
        select.and_where(Expr::col(("stock_locations", "warehouse_id")).eq(warehouse));
    }
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok((
                get(row, "location_id")?,
                get(row, "lot_number")?,
                get(row, "on_hand_e4")?,
            ))
        })
        .collect()
}

/// On hand, reserved, incoming and outgoing of a product, in its unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub on_hand: i64,
    pub reserved: i64,
    pub incoming: i64,
    pub outgoing: i64,
}

/// The totals of these products at the company's internal locations (optionally one
/// warehouse's): on hand and reserved from the levels, incoming and outgoing from the open
/// (confirmed or assigned) moves that cross the warehouse's edge.
pub async fn totals(
    db: &impl ConnectionTrait,
    company: CompanyId,
    products: &[Uuid],
    warehouse: Option<Uuid>,
) -> Result<HashMap<Uuid, Totals>, DbErr> {
    let mut totals: HashMap<Uuid, Totals> = HashMap::new();
    if products.is_empty() {
        return Ok(totals);
    }
    let inside = |table: &'static str| {
        let mut condition = Expr::col((table, "type")).eq("internal");
        if let Some(warehouse) = warehouse {
            condition = condition.and(Expr::col((table, "warehouse_id")).eq(warehouse));
        }
        condition
    };
    let levels = Query::select()
        .column(("stock_levels", "product_id"))
        .expr_as(
            Expr::cust("CAST(SUM(stock_levels.on_hand_e4) AS BIGINT)"),
            "on_hand",
        )
        .expr_as(
            Expr::cust("CAST(SUM(stock_levels.reserved_e4) AS BIGINT)"),
            "reserved",
        )
        .from("stock_levels")
        .inner_join(
            "stock_locations",
            Expr::col(("stock_locations", "company_id"))
                .equals(("stock_levels", "company_id"))
                .and(Expr::col(("stock_locations", "id")).equals(("stock_levels", "location_id"))),
        )
        .and_where(Expr::col(("stock_levels", "company_id")).eq(company.0))
        .and_where(Expr::col(("stock_levels", "product_id")).is_in(products.iter().copied()))
        .and_where(inside("stock_locations"))
        .group_by_col(("stock_levels", "product_id"))
        .to_owned();
    for row in db.query_all(&levels).await? {
        let entry = totals.entry(get(&row, "product_id")?).or_default();
        entry.on_hand = get::<Option<i64>>(&row, "on_hand")?.unwrap_or(0);
        entry.reserved = get::<Option<i64>>(&row, "reserved")?.unwrap_or(0);
    }
    // Open moves with one end inside and the other outside.
    let open = open_moves(company, products, warehouse);
    for row in db.query_all(&open).await? {
        let from_inside: bool = get(&row, "from_inside")?;
        let to_inside: bool = get(&row, "to_inside")?;
        let quantity: i64 = get(&row, "product_quantity_e4")?;
        let entry = totals.entry(get(&row, "product_id")?).or_default();
        match (from_inside, to_inside) {
            (false, true) => entry.incoming += quantity,
            (true, false) => entry.outgoing += quantity,
            _ => {}
        }
    }
    Ok(totals)
}

/// The open (confirmed or assigned) moves of these products, with whether each starts and ends
/// at the company's internal locations (optionally one warehouse's): `product_id`,
/// `product_quantity_e4`, `date`, `from_inside`, `to_inside`.
fn open_moves(company: CompanyId, products: &[Uuid], warehouse: Option<Uuid>) -> SelectStatement {
    let inside = |table: &'static str| {
        let mut condition = Expr::col((table, "type")).eq("internal");
        if let Some(warehouse) = warehouse {
            condition = condition.and(Expr::col((table, "warehouse_id")).eq(warehouse));
        }
        condition
    };
    Query::select()
        .columns([
            ("stock_moves", "product_id"),
            ("stock_moves", "product_quantity_e4"),
            ("stock_moves", "date"),
        ])
        .expr_as(inside("source"), "from_inside")
        .expr_as(inside("destination"), "to_inside")
        .from("stock_moves")
        .join_as(
            sea_orm::sea_query::JoinType::InnerJoin,
            "stock_locations",
            "source",
            Expr::col(("source", "company_id"))
                .equals(("stock_moves", "company_id"))
                .and(Expr::col(("source", "id")).equals(("stock_moves", "source_location_id"))),
        )
        .join_as(
            sea_orm::sea_query::JoinType::InnerJoin,
            "stock_locations",
            "destination",
            Expr::col(("destination", "company_id"))
                .equals(("stock_moves", "company_id"))
                .and(
                    Expr::col(("destination", "id"))
                        .equals(("stock_moves", "destination_location_id")),
                ),
        )
        .and_where(Expr::col(("stock_moves", "company_id")).eq(company.0))
        .and_where(Expr::col(("stock_moves", "product_id")).is_in(products.iter().copied()))
        .and_where(Expr::col(("stock_moves", "state")).is_in(["confirmed", "assigned"]))
        .to_owned()
}

/// A product's open moves into and out of the company's internal locations (optionally one
/// warehouse's), summed by date, oldest first: (date, incoming, outgoing) in its unit.
pub async fn open_flows(
    db: &impl ConnectionTrait,
    company: CompanyId,
    product: Uuid,
    warehouse: Option<Uuid>,
) -> Result<Vec<(NaiveDate, i64, i64)>, DbErr> {
    let mut by_date: std::collections::BTreeMap<NaiveDate, (i64, i64)> = Default::default();
    for row in db
        .query_all(&open_moves(company, &[product], warehouse))
        .await?
    {
        let from_inside: bool = get(&row, "from_inside")?;
        let to_inside: bool = get(&row, "to_inside")?;
        let quantity: i64 = get(&row, "product_quantity_e4")?;
        let flow = by_date.entry(get(&row, "date")?).or_default();
        match (from_inside, to_inside) {
            (false, true) => flow.0 += quantity,
            (true, false) => flow.1 += quantity,
            _ => {}
        }
    }
    Ok(by_date
        .into_iter()
        .map(|(date, (incoming, outgoing))| (date, incoming, outgoing))
        .collect())
}

/// Each product's on hand (in its unit) at the company's internal locations (optionally one
/// warehouse's), for the products listed.
pub async fn on_hand_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    products: &[Uuid],
    warehouse: Option<Uuid>,
) -> Result<HashMap<Uuid, i64>, DbErr> {
    Ok(totals(db, company, products, warehouse)
        .await?
        .into_iter()
        .map(|(product, totals)| (product, totals.on_hand))
        .collect())
}

/// Checks the kept levels against the done moves: for every product and location, on hand
/// equals what done moves brought in minus what they took out, and every product's levels add
/// up to zero. Returns the places that disagree (none when the books are right).
pub async fn mismatches(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<String>, DbErr> {
    let done = |end: &'static str, sign: i64| {
        Query::select()
            .column(("stock_moves", "product_id"))
            .expr_as(Expr::col(("stock_moves", end)), "location_id")
            .expr_as(
                Expr::col(("stock_moves", "product_quantity_e4")).mul(sign),
                "quantity",
            )
            .from("stock_moves")
            .and_where(Expr::col(("stock_moves", "company_id")).eq(company.0))
            .and_where(Expr::col(("stock_moves", "state")).eq("done"))
            .to_owned()
    };
    let mut computed: HashMap<(Uuid, Uuid), i64> = HashMap::new();
    for (end, sign) in [("destination_location_id", 1), ("source_location_id", -1)] {
        for row in db.query_all(&done(end, sign)).await? {
            *computed
                .entry((get(&row, "product_id")?, get(&row, "location_id")?))
                .or_default() += get::<i64>(&row, "quantity")?;
        }
    }
    let kept = Query::select()
        .columns(["product_id", "location_id", "on_hand_e4"])
        .from("stock_levels")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    let mut problems = Vec::new();
    let mut sums: HashMap<Uuid, i64> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for row in db.query_all(&kept).await? {
        let key: (Uuid, Uuid) = (get(&row, "product_id")?, get(&row, "location_id")?);
        let on_hand: i64 = get(&row, "on_hand_e4")?;
        *sums.entry(key.0).or_default() += on_hand;
        let expected = computed.get(&key).copied().unwrap_or(0);
        if expected != on_hand {
            problems.push(format!(
                "product {} at {}: kept {on_hand}, moves {expected}",
                key.0, key.1
            ));
        }
        seen.insert(key);
    }
    for (key, quantity) in &computed {
        if *quantity != 0 && !seen.contains(key) {
            problems.push(format!(
                "product {} at {}: no level, moves {quantity}",
                key.0, key.1
            ));
        }
    }
    for (product, sum) in sums {
        if sum != 0 {
            problems.push(format!("product {product}: levels add up to {sum}"));
        }
    }
    Ok(problems)
}

/// What the books hold of a product at one location, its level row made if missing and locked
/// until the transaction ends, so that a count is booked against the quantity it saw: a second
/// count of the same place waits and reads what the first booked.
pub async fn on_hand_at(
    db: &impl ConnectionTrait,
    company: CompanyId,
    place: Place,
) -> Result<LocationLevel, DbErr> {
    add(db, company, place, 0, 0).await?;
    let select = Query::select()
        .columns(["on_hand_e4", "reserved_e4"])
        .from("stock_levels")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("product_id").eq(place.product))
        .and_where(Expr::col("location_id").eq(place.location))
        .lock(LockType::Update)
        .to_owned();
    Ok(match db.query_one(&select).await? {
        Some(row) => LocationLevel {
            location_id: place.location,
            on_hand: get(&row, "on_hand_e4")?,
            reserved: get(&row, "reserved_e4")?,
        },
        None => LocationLevel {
            location_id: place.location,
            ..LocationLevel::default()
        },
    })
}

/// What the books hold of a product's lot `number` at one location.
pub async fn lot_on_hand_at(
    db: &impl ConnectionTrait,
    company: CompanyId,
    place: Place,
    number: &str,
) -> Result<i64, DbErr> {
    let select = Query::select()
        .column(("stock_lot_levels", "on_hand_e4"))
        .from("stock_lot_levels")
        .inner_join(
            "stock_lots",
            Expr::col(("stock_lots", "company_id"))
                .equals(("stock_lot_levels", "company_id"))
                .and(Expr::col(("stock_lots", "id")).equals(("stock_lot_levels", "lot_id"))),
        )
        .and_where(Expr::col(("stock_lot_levels", "company_id")).eq(company.0))
        .and_where(Expr::col(("stock_lots", "product_id")).eq(place.product))
        .and_where(Expr::col(("stock_lots", "lot_number")).eq(number))
        .and_where(Expr::col(("stock_lot_levels", "location_id")).eq(place.location))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => get(&row, "on_hand_e4"),
        None => Ok(0),
    }
}

/// A product's quantity on hand at a location, and the lot it is of (for tracked products).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holding {
    pub product_id: Uuid,
    pub location_id: Uuid,
    pub lot_number: Option<String>,
    pub on_hand: i64,
}

/// Everything on hand (not zero) at these locations: per product, and per lot for the lots
/// there; ordered by location and product.
pub async fn holdings_at(
    db: &impl ConnectionTrait,
    company: CompanyId,
    locations: &[Uuid],
) -> Result<(Vec<Holding>, Vec<Holding>), DbErr> {
    if locations.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let levels = Query::select()
        .columns(["product_id", "location_id", "on_hand_e4"])
        .from("stock_levels")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("location_id").is_in(locations.iter().copied()))
        .and_where(Expr::col("on_hand_e4").ne(0))
        .order_by("location_id", Order::Asc)
        .order_by("product_id", Order::Asc)
        .to_owned();
    let by_product = db
        .query_all(&levels)
        .await?
        .iter()
        .map(|row| {
            Ok(Holding {
                product_id: get(row, "product_id")?,
                location_id: get(row, "location_id")?,
                lot_number: None,
                on_hand: get(row, "on_hand_e4")?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let lots = Query::select()
        .columns([
            ("stock_lot_levels", "location_id"),
            ("stock_lot_levels", "on_hand_e4"),
        ])
        .columns([("stock_lots", "product_id"), ("stock_lots", "lot_number")])
        .from("stock_lot_levels")
        .inner_join(
            "stock_lots",
            Expr::col(("stock_lots", "company_id"))
                .equals(("stock_lot_levels", "company_id"))
                .and(Expr::col(("stock_lots", "id")).equals(("stock_lot_levels", "lot_id"))),
        )
        .and_where(Expr::col(("stock_lot_levels", "company_id")).eq(company.0))
        .and_where(Expr::col(("stock_lot_levels", "location_id")).is_in(locations.iter().copied()))
        .and_where(Expr::col(("stock_lot_levels", "on_hand_e4")).ne(0))
        .order_by(("stock_lot_levels", "location_id"), Order::Asc)
        .order_by(("stock_lots", "lot_number"), Order::Asc)
        .to_owned();
    let by_lot = db
        .query_all(&lots)
        .await?
        .iter()
        .map(|row| {
            Ok(Holding {
                product_id: get(row, "product_id")?,
                location_id: get(row, "location_id")?,
                lot_number: Some(get(row, "lot_number")?),
                on_hand: get(row, "on_hand_e4")?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok((by_product, by_lot))
}
