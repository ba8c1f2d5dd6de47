//! Warehouses, locations, the inventory settings and the document number sequences.

use super::*;

#[derive(Clone, Debug)]
pub struct Warehouse {
    pub id: Uuid,
    pub name: String,
    pub code: String,
    pub address: Option<String>,
    pub reception_steps: ReceptionSteps,
    pub delivery_steps: DeliverySteps,
    pub view_location_id: Uuid,
    pub stock_location_id: Uuid,
    pub input_location_id: Uuid,
    pub quality_location_id: Uuid,
    pub pack_location_id: Uuid,
    pub output_location_id: Uuid,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct Location {
    pub id: Uuid,
    pub name: String,
    pub full_name: String,
    pub parent_id: Option<Uuid>,
    pub kind: LocationType,
    pub barcode: Option<String>,
    pub warehouse_id: Option<Uuid>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The company's inventory settings and its virtual locations.
#[derive(Clone, Debug)]
pub struct Settings {
    pub allow_negative_stock: bool,
    pub supplier_location_id: Uuid,
    pub customer_location_id: Uuid,
    pub inventory_location_id: Uuid,
    pub scrap_location_id: Uuid,
    pub transit_location_id: Uuid,
    pub production_location_id: Uuid,
    pub accounts: StockAccounts,
}

/// Where valuation posts: the stock journal and the accounts (none chosen: moves are valued,
/// their layers kept, but nothing is posted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StockAccounts {
    pub journal_id: Option<Uuid>,
    pub stock_valuation: Option<Uuid>,
    pub stock_input: Option<Uuid>,
    pub inventory_loss: Option<Uuid>,
    pub price_difference: Option<Uuid>,
    pub cost_of_goods_sold: Option<Uuid>,
}

/// The settings' account columns, in [`StockAccounts`]' order.
pub const ACCOUNT_COLUMNS: [&str; 6] = [
    "stock_journal_id",
    "stock_valuation_account_id",
    "stock_input_account_id",
    "inventory_loss_account_id",
    "price_difference_account_id",
    "cost_of_goods_sold_account_id",
];

impl StockAccounts {
    pub fn values(&self) -> [Option<Uuid>; 6] {
        [
            self.journal_id,
            self.stock_valuation,
            self.stock_input,
            self.inventory_loss,
            self.price_difference,
            self.cost_of_goods_sold,
        ]
    }
}

const WAREHOUSE_COLUMNS: [&str; 15] = [
    "id",
    "name",
    "code",
    "address",
    "reception_steps",
    "delivery_steps",
    "view_location_id",
    "stock_location_id",
    "input_location_id",
    "quality_location_id",
    "pack_location_id",
    "output_location_id",
    "active",
    "created_at",
    "updated_at",
];

const LOCATION_COLUMNS: [&str; 10] = [
    "id",
    "name",
    "full_name",
    "parent_id",
    "type",
    "barcode",
    "warehouse_id",
    "active",
    "created_at",
    "updated_at",
];

fn warehouse(row: &QueryResult) -> Result<Warehouse, DbErr> {
    Ok(Warehouse {
        id: get(row, "id")?,
        name: get(row, "name")?,
        code: get(row, "code")?,
        address: get(row, "address")?,
        reception_steps: get_code(row, "reception_steps", ReceptionSteps::parse)?,
        delivery_steps: get_code(row, "delivery_steps", DeliverySteps::parse)?,
        view_location_id: get(row, "view_location_id")?,
        stock_location_id: get(row, "stock_location_id")?,
        input_location_id: get(row, "input_location_id")?,
        quality_location_id: get(row, "quality_location_id")?,
        pack_location_id: get(row, "pack_location_id")?,
        output_location_id: get(row, "output_location_id")?,
        active: get(row, "active")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn location(row: &QueryResult) -> Result<Location, DbErr> {
    Ok(Location {
        id: get(row, "id")?,
        name: get(row, "name")?,
        full_name: get(row, "full_name")?,
        parent_id: get(row, "parent_id")?,
        kind: get_code(row, "type", LocationType::parse)?,
        barcode: get(row, "barcode")?,
        warehouse_id: get(row, "warehouse_id")?,
        active: get(row, "active")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn warehouses(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(WAREHOUSE_COLUMNS.map(|column| ("warehouses", column)))
        .from("warehouses")
        .and_where(Expr::col(("warehouses", "company_id")).eq(company.0))
        .to_owned()
}

fn locations(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(LOCATION_COLUMNS.map(|column| ("stock_locations", column)))
        .from("stock_locations")
        .and_where(Expr::col(("stock_locations", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn insert_warehouse(
    db: &impl ConnectionTrait,
    company: CompanyId,
    warehouse: &Warehouse,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "warehouses",
        &[
            ("company_id", company.0.into()),
            ("id", warehouse.id.into()),
            ("name", warehouse.name.clone().into()),
            ("code", warehouse.code.clone().into()),
            ("address", warehouse.address.clone().into()),
            ("reception_steps", warehouse.reception_steps.as_str().into()),
            ("delivery_steps", warehouse.delivery_steps.as_str().into()),
            ("view_location_id", warehouse.view_location_id.into()),
            ("stock_location_id", warehouse.stock_location_id.into()),
            ("input_location_id", warehouse.input_location_id.into()),
            ("quality_location_id", warehouse.quality_location_id.into()),
            ("pack_location_id", warehouse.pack_location_id.into()),
            ("output_location_id", warehouse.output_location_id.into()),
            ("active", warehouse.active.into()),
            ("created_at", warehouse.created_at.into()),
            ("updated_at", warehouse.updated_at.into()),
        ],
    )
    .await
}

pub async fn update_warehouse(
    db: &impl ConnectionTrait,
    company: CompanyId,
    warehouse: &Warehouse,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "warehouses",
        company,
        warehouse.id,
        &[
            ("name", warehouse.name.clone().into()),
            ("address", warehouse.address.clone().into()),
            ("reception_steps", warehouse.reception_steps.as_str().into()),
            ("delivery_steps", warehouse.delivery_steps.as_str().into()),
            ("active", warehouse.active.into()),
            ("updated_at", warehouse.updated_at.into()),
        ],
    )
    .await
    .map(|_| ())
}

pub async fn warehouse_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Warehouse>, DbErr> {
    let select = warehouses(company)
        .and_where(Expr::col(("warehouses", "id")).eq(id))
        .to_owned();
    db.query_one(&select)
        .await?
        .as_ref()
        .map(warehouse)
        .transpose()
}

/// The company's first active warehouse (the oldest), if it has one.
pub async fn first_active_warehouse(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Option<Warehouse>, DbErr> {
    let select = warehouses(company)
        .and_where(Expr::col(("warehouses", "active")).eq(true))
        .order_by(("warehouses", "created_at"), Order::Asc)
        .order_by(("warehouses", "id"), Order::Asc)
        .limit(1)
        .to_owned();
    db.query_one(&select)
        .await?
        .as_ref()
        .map(warehouse)
        .transpose()
}

pub async fn list_warehouses(
    db: &impl ConnectionTrait,
    company: CompanyId,
    page: &PageRequest,
) -> Result<(Vec<Warehouse>, i64), DbErr> {
    fetch_page(
        db,
        &warehouses(company),
        page,
        ("warehouses", "id"),
        warehouse,
    )
    .await
}

pub async fn insert_location(
    db: &impl ConnectionTrait,
    company: CompanyId,
    location: &Location,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "stock_locations",
        &[
            ("company_id", company.0.into()),
            ("id", location.id.into()),
            ("name", location.name.clone().into()),
            ("full_name", location.full_name.clone().into()),
            ("parent_id", location.parent_id.into()),
            ("type", location.kind.as_str().into()),
            ("barcode", location.barcode.clone().into()),
            ("warehouse_id", location.warehouse_id.into()),
            ("active", location.active.into()),
            ("created_at", location.created_at.into()),
            ("updated_at", location.updated_at.into()),
        ],
    )
    .await
}

pub async fn update_location(
    db: &impl ConnectionTrait,
    company: CompanyId,
    location: &Location,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "stock_locations",
        company,
        location.id,
        &[
            ("barcode", location.barcode.clone().into()),
            ("active", location.active.into()),
            ("updated_at", location.updated_at.into()),
        ],
    )
    .await
    .map(|_| ())
}

pub async fn location_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Location>, DbErr> {
    let select = locations(company)
        .and_where(Expr::col(("stock_locations", "id")).eq(id))
        .to_owned();
    db.query_one(&select)
        .await?
        .as_ref()
        .map(location)
        .transpose()
}

/// The company's locations among `ids` (unknown ones are left out).
pub async fn locations_by_ids(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Location>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let select = locations(company)
        .and_where(Expr::col(("stock_locations", "id")).is_in(ids.iter().copied()))
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| location(row).map(|location| (location.id, location)))
        .collect()
}

/// What the location list keeps.
#[derive(Clone, Debug, Default)]
pub struct LocationFilter {
    pub warehouse_id: Option<Uuid>,
    pub kind: Option<LocationType>,
    pub parent_id: Option<Uuid>,
    pub q: Option<String>,
}

pub async fn list_locations(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &LocationFilter,
    page: &PageRequest,
) -> Result<(Vec<Location>, i64), DbErr> {
    let mut select = locations(company);
    if let Some(warehouse) = filter.warehouse_id {
        select.and_where(Expr::col(("stock_locations", "warehouse_id")).eq(warehouse));
    }
    if let Some(kind) = filter.kind {
        select.and_where(Expr::col(("stock_locations", "type")).eq(kind.as_str()));
    }
    if let Some(parent) = filter.parent_id {
        select.and_where(Expr::col(("stock_locations", "parent_id")).eq(parent));
    }
    if let Some(text) = &filter.q {
        select.and_where(
            Expr::expr(Func::lower(Expr::col(("stock_locations", "full_name"))))
                .like(like_pattern(text))
                .or(
                    Expr::expr(Func::lower(Expr::col(("stock_locations", "barcode"))))
                        .like(like_pattern(text)),
                ),
        );
    }
    fetch_page(db, &select, page, ("stock_locations", "id"), location).await
}

/// The company's inventory settings.
pub async fn settings(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Option<Settings>, DbErr> {
    let select = Query::select()
        .columns([
            "allow_negative_stock",
            "supplier_location_id",
            "customer_location_id",
            "inventory_location_id",
            "scrap_location_id",
            "transit_location_id",
            "production_location_id",
        ])
        .columns(ACCOUNT_COLUMNS)
        .from("inventory_settings")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    let Some(row) = db.query_one(&select).await? else {
        return Ok(None);
    };
    Ok(Some(Settings {
        allow_negative_stock: get(&row, "allow_negative_stock")?,
        supplier_location_id: get(&row, "supplier_location_id")?,
        customer_location_id: get(&row, "customer_location_id")?,
        inventory_location_id: get(&row, "inventory_location_id")?,
        scrap_location_id: get(&row, "scrap_location_id")?,
        transit_location_id: get(&row, "transit_location_id")?,
        production_location_id: get(&row, "production_location_id")?,
        accounts: StockAccounts {
            journal_id: get(&row, "stock_journal_id")?,
            stock_valuation: get(&row, "stock_valuation_account_id")?,
            stock_input: get(&row, "stock_input_account_id")?,
            inventory_loss: get(&row, "inventory_loss_account_id")?,
            price_difference: get(&row, "price_difference_account_id")?,
            cost_of_goods_sold: get(&row, "cost_of_goods_sold_account_id")?,
        },
    }))
}

pub async fn set_stock_accounts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    accounts: StockAccounts,
    now: i64,
) -> Result<(), DbErr> {
    let mut update = Query::update()
        .table("inventory_settings")
        .value("updated_at", now)
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    for (column, value) in ACCOUNT_COLUMNS.iter().zip(accounts.values()) {
        update.value(*column, value);
    }
    db.execute(&update).await.map(|_| ())
}

pub async fn set_allow_negative_stock(
    db: &impl ConnectionTrait,
    company: CompanyId,
    allow: bool,
    now: i64,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("inventory_settings")
        .value("allow_negative_stock", allow)
        .value("updated_at", now)
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

/// Takes the next number of a document sequence (`WH/IN`); the row stays locked until the
/// transaction ends, so numbers are gapless.
pub async fn take_number(
    db: &impl ConnectionTrait,
    company: CompanyId,
    prefix: &str,
) -> Result<i64, DbErr> {
    sql::take_number(db, "stock_sequences", company, prefix).await
}

/// Deletes a location (a foreign-key violation when anything names it).
pub async fn delete_location(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("stock_locations")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}

/// Deletes a warehouse's locations, deepest first, then the warehouse (a foreign-key
/// violation when a move or level names one of them).
pub async fn delete_warehouse(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<(), DbErr> {
    let select = locations(company)
        .and_where(Expr::col(("stock_locations", "warehouse_id")).eq(id))
        .to_owned();
    let mut inside: Vec<Location> = db
        .query_all(&select)
        .await?
        .iter()
        .map(location)
        .collect::<Result<_, _>>()?;
    inside.sort_by_key(|location| std::cmp::Reverse(location.full_name.matches('/').count()));
    for location in inside {
        delete_location(db, company, location.id).await?;
    }
    let delete = Query::delete()
        .from_table("warehouses")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}

/// The company's location with this barcode, if any.
pub async fn location_by_barcode(
    db: &impl ConnectionTrait,
    company: CompanyId,
    barcode: &str,
) -> Result<Option<Location>, DbErr> {
    let select = locations(company)
        .and_where(Expr::col(("stock_locations", "barcode")).eq(barcode))
        .to_owned();
    db.query_one(&select)
        .await?
        .as_ref()
        .map(location)
        .transpose()
}

/// A warehouse's active internal locations, by full name.
pub async fn internal_locations_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    warehouse: Uuid,
) -> Result<Vec<Location>, DbErr> {
    let select = locations(company)
        .and_where(Expr::col(("stock_locations", "warehouse_id")).eq(warehouse))
        .and_where(Expr::col(("stock_locations", "type")).eq(LocationType::Internal.as_str()))
        .and_where(Expr::col(("stock_locations", "active")).eq(true))
        .order_by(("stock_locations", "full_name"), Order::Asc)
        .to_owned();
    db.query_all(&select).await?.iter().map(location).collect()
}
