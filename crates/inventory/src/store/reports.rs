//! What the inventory reports read of the valuation layers (turnover, ABC, aging, dead stock,
//! forecast): sums by product and day, the tenant in every statement.

use super::*;

/// A product's layers of one kind on one day, summed: quantity in ten-thousandths of its unit,
/// value in minor units (both negative for out layers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayLayers {
    pub product_id: Uuid,
    pub date: NaiveDate,
    pub quantity: i64,
    pub value: i64,
}

/// Which out layers [`outgoing_days`] sums.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outgoing {
    /// Layers of moves whose destination is a customer location: what was sold.
    ToCustomers,
    /// Layers of every move that took stock out of the company's locations (to customers,
    /// vendors, scrap, inventory losses).
    AnyMove,
}

fn in_span(
    select: &mut SelectStatement,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
    warehouse: Option<Uuid>,
    product: Option<Uuid>,
) {
    if let Some(from) = from {
        select.and_where(Expr::col(("stock_valuation_layers", "date")).gte(from));
    }
    if let Some(to) = to {
        select.and_where(Expr::col(("stock_valuation_layers", "date")).lte(to));
    }
    if let Some(warehouse) = warehouse {
        select.and_where(Expr::col(("stock_valuation_layers", "warehouse_id")).eq(warehouse));
    }
    if let Some(product) = product {
        select.and_where(Expr::col(("stock_valuation_layers", "product_id")).eq(product));
    }
}

fn day_layers(rows: Vec<QueryResult>) -> Result<Vec<DayLayers>, DbErr> {
    rows.iter()
        .map(|row| {
            Ok(DayLayers {
                product_id: get(row, "product_id")?,
                date: get(row, "date")?,
                quantity: get(row, "quantity_e4")?,
                value: get(row, "value_minor")?,
            })
        })
        .collect()
}

fn summed(company: CompanyId) -> SelectStatement {
    Query::select()
        .column(("stock_valuation_layers", "product_id"))
        .column(("stock_valuation_layers", "date"))
        .expr_as(
            Expr::cust("CAST(SUM(stock_valuation_layers.quantity_e4) AS BIGINT)"),
            "quantity_e4",
        )
        .expr_as(
            Expr::cust("CAST(SUM(stock_valuation_layers.value_minor) AS BIGINT)"),
            "value_minor",
        )
        .from("stock_valuation_layers")
        .and_where(Expr::col(("stock_valuation_layers", "company_id")).eq(company.0))
        .group_by_col(("stock_valuation_layers", "product_id"))
        .group_by_col(("stock_valuation_layers", "date"))
        .order_by(("stock_valuation_layers", "date"), Order::Asc)
        .to_owned()
}

/// The out layers of moves dated within the span (of one warehouse's stock, of one product),
/// summed by product and day, oldest first.
pub async fn outgoing_days(
    db: &impl ConnectionTrait,
    company: CompanyId,
    which: Outgoing,
    span: (Option<NaiveDate>, Option<NaiveDate>),
    warehouse: Option<Uuid>,
    product: Option<Uuid>,
) -> Result<Vec<DayLayers>, DbErr> {
    let mut select = summed(company);
    select
        .and_where(Expr::col(("stock_valuation_layers", "kind")).eq("out"))
        .and_where(Expr::col(("stock_valuation_layers", "move_id")).is_not_null());
    if which == Outgoing::ToCustomers {
        select
            .inner_join(
                "stock_moves",
                Expr::col(("stock_moves", "company_id"))
                    .equals(("stock_valuation_layers", "company_id"))
                    .and(
                        Expr::col(("stock_moves", "id"))
                            .equals(("stock_valuation_layers", "move_id")),
                    ),
            )
            .inner_join(
                "stock_locations",
                Expr::col(("stock_locations", "company_id"))
                    .equals(("stock_moves", "company_id"))
                    .and(
                        Expr::col(("stock_locations", "id"))
                            .equals(("stock_moves", "destination_location_id")),
                    ),
            )
            .and_where(Expr::col(("stock_locations", "type")).eq("customer"));
    }
    in_span(&mut select, span, warehouse, product);
    day_layers(db.query_all(&select).await?)
}

/// The receipt layers (`in`, of any move or adjustment that brought stock into the company's
/// locations) dated up to `as_of`, summed by product and day, oldest first.
pub async fn receipt_days(
    db: &impl ConnectionTrait,
    company: CompanyId,
    as_of: NaiveDate,
    product: Option<Uuid>,
) -> Result<Vec<DayLayers>, DbErr> {
    let mut select = summed(company);
    select
        .and_where(Expr::col(("stock_valuation_layers", "kind")).eq("in"))
        .and_where(Expr::col(("stock_valuation_layers", "quantity_e4")).gt(0));
    in_span(&mut select, (None, Some(as_of)), None, product);
    day_layers(db.query_all(&select).await?)
}
