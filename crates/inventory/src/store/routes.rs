//! Routes: the steps goods take through a warehouse for an operation, per product, category
//! or in general.

use super::putaway::applicable_to;
use super::*;
use crate::domain::OperationType;

#[derive(Clone, Debug)]
pub struct StockRoute {
    pub id: Uuid,
    pub name: String,
    pub warehouse_id: Uuid,
    pub operation_type: OperationType,
    pub product_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    pub priority: i32,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A step of a route, in its order.
#[derive(Clone, Debug)]
pub struct RouteStep {
    pub name: String,
    pub source_location_id: Uuid,
    pub destination_location_id: Uuid,
}

const ROUTE_COLUMNS: [&str; 10] = [
    "id",
    "name",
    "warehouse_id",
    "operation_type",
    "product_id",
    "category_id",
    "priority",
    "active",
    "created_at",
    "updated_at",
];

fn stock_route(row: &QueryResult) -> Result<StockRoute, DbErr> {
    Ok(StockRoute {
        id: get(row, "id")?,
        name: get(row, "name")?,
        warehouse_id: get(row, "warehouse_id")?,
        operation_type: get_code(row, "operation_type", OperationType::parse)?,
        product_id: get(row, "product_id")?,
        category_id: get(row, "category_id")?,
        priority: get(row, "priority")?,
        active: get(row, "active")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn stock_routes(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(ROUTE_COLUMNS.map(|column| ("stock_routes", column)))
        .from("stock_routes")
        .and_where(Expr::col(("stock_routes", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn insert_route(
    db: &impl ConnectionTrait,
    company: CompanyId,
    route: &StockRoute,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "stock_routes",
        &[
            ("company_id", company.0.into()),
            ("id", route.id.into()),
            ("name", route.name.clone().into()),
            ("warehouse_id", route.warehouse_id.into()),
            ("operation_type", route.operation_type.as_str().into()),
            ("product_id", route.product_id.into()),
            ("category_id", route.category_id.into()),
            ("priority", route.priority.into()),
            ("active", route.active.into()),
            ("created_at", route.created_at.into()),
            ("updated_at", route.updated_at.into()),
        ],
    )
    .await
}

pub async fn update_route(
    db: &impl ConnectionTrait,
    company: CompanyId,
    route: &StockRoute,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "stock_routes",
        company,
        route.id,
        &[
            ("name", route.name.clone().into()),
            ("warehouse_id", route.warehouse_id.into()),
            ("operation_type", route.operation_type.as_str().into()),
            ("product_id", route.product_id.into()),
            ("category_id", route.category_id.into()),
            ("priority", route.priority.into()),
            ("active", route.active.into()),
            ("updated_at", route.updated_at.into()),
        ],
    )
    .await
    .map(|_| ())
}

pub async fn route_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<StockRoute>, DbErr> {
    let select = stock_routes(company)
        .and_where(Expr::col(("stock_routes", "id")).eq(id))
        .to_owned();
    db.query_one(&select)
        .await?
        .as_ref()
        .map(stock_route)
        .transpose()
}

async fn delete_route_steps(
    db: &impl ConnectionTrait,
    company: CompanyId,
    route: Uuid,
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("stock_route_steps")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("route_id").eq(route))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}

/// Replaces a route's steps by `steps`, in their order.
pub async fn replace_route_steps(
    db: &impl ConnectionTrait,
    company: CompanyId,
    route: Uuid,
    steps: &[RouteStep],
) -> Result<(), DbErr> {
    delete_route_steps(db, company, route).await?;
    if steps.is_empty() {
        return Ok(());
    }
    let mut insert = Query::insert()
        .into_table("stock_route_steps")
        .columns([
            "company_id",
            "route_id",
            "sequence",
            "name",
            "source_location_id",
            "destination_location_id",
        ])
        .to_owned();
    for (sequence, step) in (1_i32..).zip(steps) {
        insert.values_panic([
            company.0.into(),
            route.into(),
            sequence.into(),
            step.name.clone().into(),
            step.source_location_id.into(),
            step.destination_location_id.into(),
        ]);
    }
    db.execute(&insert).await.map(|_| ())
}

/// Deletes a route and its steps; the number of routes deleted (0 when the company has no
/// such route).
pub async fn delete_route(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<u64, DbErr> {
    delete_route_steps(db, company, id).await?;
    let delete = Query::delete()
        .from_table("stock_routes")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(db.execute(&delete).await?.rows_affected())
}

/// The steps of these routes, each route's in order (one query for a whole page).
pub async fn steps_of_routes(
    db: &impl ConnectionTrait,
    company: CompanyId,
    routes: &[Uuid],
) -> Result<HashMap<Uuid, Vec<RouteStep>>, DbErr> {
    let mut steps: HashMap<Uuid, Vec<RouteStep>> = HashMap::new();
    if routes.is_empty() {
        return Ok(steps);
    }
    let select = Query::select()
        .columns([
            "route_id",
            "name",
            "source_location_id",
            "destination_location_id",
        ])
        .from("stock_route_steps")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("route_id").is_in(routes.iter().copied()))
        .order_by("route_id", Order::Asc)
        .order_by("sequence", Order::Asc)
        .to_owned();
    for row in db.query_all(&select).await? {
        let route: Uuid = get(&row, "route_id")?;
        steps.entry(route).or_default().push(RouteStep {
            name: get(&row, "name")?,
            source_location_id: get(&row, "source_location_id")?,
            destination_location_id: get(&row, "destination_location_id")?,
        });
    }
    Ok(steps)
}

/// What the route list keeps.
#[derive(Clone, Debug, Default)]
pub struct RouteFilter {
    pub warehouse_id: Option<Uuid>,
    pub operation_type: Option<OperationType>,
    pub product_id: Option<Uuid>,
}

pub async fn list_routes(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &RouteFilter,
    page: &PageRequest,
) -> Result<(Vec<StockRoute>, i64), DbErr> {
    let mut select = stock_routes(company);
    if let Some(warehouse) = filter.warehouse_id {
        select.and_where(Expr::col(("stock_routes", "warehouse_id")).eq(warehouse));
    }
    if let Some(operation) = filter.operation_type {
        select.and_where(Expr::col(("stock_routes", "operation_type")).eq(operation.as_str()));
    }
    if let Some(product) = filter.product_id {
        select.and_where(Expr::col(("stock_routes", "product_id")).eq(product));
    }
    fetch_page(db, &select, page, ("stock_routes", "id"), stock_route).await
}

/// The warehouse's active routes of `operation` that may apply to the product (its own, its
/// categories', nearest first in `categories`, and the general ones); without a product, the
/// general ones only. The caller picks the most specific.
pub async fn route_candidates(
    db: &impl ConnectionTrait,
    company: CompanyId,
    warehouse: Uuid,
    operation: OperationType,
    product: Option<Uuid>,
    categories: &[Uuid],
) -> Result<Vec<StockRoute>, DbErr> {
    let select = stock_routes(company)
        .and_where(Expr::col(("stock_routes", "warehouse_id")).eq(warehouse))
        .and_where(Expr::col(("stock_routes", "operation_type")).eq(operation.as_str()))
        .and_where(Expr::col(("stock_routes", "active")).eq(true))
        .cond_where(applicable_to("stock_routes", product, categories))
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(stock_route)
        .collect()
}
