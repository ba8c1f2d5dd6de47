//! Discount rules with the products, categories and clients they are for; the uses of promo
//! codes.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use arkan_platform::sql::{self, get, get_code};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LockType, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use crate::domain::discounts::{Discount, DiscountType, promo_key};

#[derive(Debug, Default)]
pub struct DiscountFilter {
    pub kind: Option<DiscountType>,
    pub active: Option<bool>,
    pub q: Option<String>,
}

const COLUMNS: [&str; 18] = [
    "id",
    "name",
    "kind",
    "active",
    "date_from",
    "date_to",
    "min_amount_minor",
    "percent_ppm",
    "amount_minor",
    "buy_quantity_e4",
    "free_quantity_e4",
    "promo_code",
    "usage_limit",
    "usage_limit_per_partner",
    "usage_count",
    "created_at",
    "updated_at",
    "promo_key",
];

fn discount(row: &QueryResult) -> Result<Discount, DbErr> {
    Ok(Discount {
        id: get(row, "id")?,
        name: get(row, "name")?,
        kind: get_code(row, "kind", DiscountType::parse)?,
        active: get(row, "active")?,
        date_from: get(row, "date_from")?,
        date_to: get(row, "date_to")?,
        min_amount_minor: get(row, "min_amount_minor")?,
        percent_ppm: get(row, "percent_ppm")?,
        amount_minor: get(row, "amount_minor")?,
        buy_quantity_e4: get(row, "buy_quantity_e4")?,
        free_quantity_e4: get(row, "free_quantity_e4")?,
        promo_code: get(row, "promo_code")?,
        usage_limit: get(row, "usage_limit")?,
        usage_limit_per_partner: get(row, "usage_limit_per_partner")?,
        usage_count: get(row, "usage_count")?,
        product_ids: Vec::new(),
        category_ids: Vec::new(),
        partner_ids: Vec::new(),
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn discounts_of(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(COLUMNS.map(|column| ("sales_discounts", column)))
        .from("sales_discounts")
        .and_where(Expr::col(("sales_discounts", "company_id")).eq(company.0))
        .to_owned()
}

async fn with_targets(
    db: &impl ConnectionTrait,
    company: CompanyId,
    mut found: Vec<Discount>,
) -> Result<Vec<Discount>, DbErr> {
    if found.is_empty() {
        return Ok(found);
    }
    let select = Query::select()
        .columns(["discount_id", "product_id", "category_id", "partner_id"])
        .from("sales_discount_targets")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("discount_id").is_in(found.iter().map(|discount| discount.id)))
        .to_owned();
    let mut targets: HashMap<Uuid, [Vec<Uuid>; 3]> = HashMap::new();
    for row in db.query_all(&select).await? {
        let entry = targets.entry(get(&row, "discount_id")?).or_default();
        for (slot, column) in ["product_id", "category_id", "partner_id"]
            .iter()
            .enumerate()
        {
            if let Some(id) = get::<Option<Uuid>>(&row, column)? {
                entry[slot].push(id);
            }
        }
    }
    for discount in &mut found {
        let [products, categories, partners] = targets.remove(&discount.id).unwrap_or_default();
        (
            discount.product_ids,
            discount.category_ids,
            discount.partner_ids,
        ) = (products, categories, partners);
    }
    Ok(found)
}

fn values(discount: &Discount) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("name", discount.name.clone().into()),
        ("kind", discount.kind.as_str().into()),
        ("active", discount.active.into()),
        ("date_from", discount.date_from.into()),
        ("date_to", discount.date_to.into()),
        ("min_amount_minor", discount.min_amount_minor.into()),
        ("percent_ppm", discount.percent_ppm.into()),
        ("amount_minor", discount.amount_minor.into()),
        ("buy_quantity_e4", discount.buy_quantity_e4.into()),
        ("free_quantity_e4", discount.free_quantity_e4.into()),
        ("promo_code", discount.promo_code.clone().into()),
        (
            "promo_key",
            discount.promo_code.as_deref().map(promo_key).into(),
        ),
        ("usage_limit", discount.usage_limit.into()),
        (
            "usage_limit_per_partner",
            discount.usage_limit_per_partner.into(),
        ),
        ("created_at", discount.created_at.into()),
        ("updated_at", discount.updated_at.into()),
    ]
}

async fn replace_targets(
    db: &impl ConnectionTrait,
    company: CompanyId,
    discount: &Discount,
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("sales_discount_targets")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("discount_id").eq(discount.id))
        .to_owned();
    db.execute(&delete).await?;
    for (column, ids) in [
        ("product_id", &discount.product_ids),
        ("category_id", &discount.category_ids),
        ("partner_id", &discount.partner_ids),
    ] {
        for id in ids {
            sql::insert(
                db,
                "sales_discount_targets",
                &[
                    ("company_id", company.0.into()),
                    ("id", Uuid::now_v7().into()),
                    ("discount_id", discount.id.into()),
                    (column, (*id).into()),
                ],
            )
            .await?;
        }
    }
    Ok(())
}

pub async fn insert_discount(
    db: &impl ConnectionTrait,
    company: CompanyId,
    discount: &Discount,
) -> Result<(), DbErr> {
    let mut pairs = vec![
        ("company_id", company.0.into()),
        ("id", discount.id.into()),
        ("usage_count", 0_i64.into()),
    ];
    pairs.extend(values(discount));
    sql::insert(db, "sales_discounts", &pairs).await?;
    replace_targets(db, company, discount).await
}

/// Writes the rule and its targets (not its usage count).
pub async fn update_discount(
    db: &impl ConnectionTrait,
    company: CompanyId,
    discount: &Discount,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "sales_discounts",
        company,
        discount.id,
        &values(discount),
    )
    .await?;
    replace_targets(db, company, discount).await
}

pub async fn delete_discount(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<(), DbErr> {
    for (table, column) in [
        ("sales_discount_targets", "discount_id"),
        ("sales_promo_uses", "discount_id"),
        ("sales_discounts", "id"),
    ] {
        let delete = Query::delete()
            .from_table(table)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col(column).eq(id))
            .to_owned();
        db.execute(&delete).await?;
    }
    Ok(())
}

pub async fn discount_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<Discount>, DbErr> {
    let mut select = discounts_of(company);
    select.and_where(Expr::col(("sales_discounts", "id")).eq(id));
    if lock {
        select.lock(LockType::Update);
    }
    let Some(row) = db.query_one(&select).await? else {
        return Ok(None);
    };
    Ok(with_targets(db, company, vec![discount(&row)?])
        .await?
        .pop())
}

/// The discount with this promo code (compared without case).
pub async fn discount_by_code(
    db: &impl ConnectionTrait,
    company: CompanyId,
    code: &str,
) -> Result<Option<Discount>, DbErr> {
    let mut select = discounts_of(company);
    select.and_where(Expr::col(("sales_discounts", "promo_key")).eq(promo_key(code)));
    let Some(row) = db.query_one(&select).await? else {
        return Ok(None);
    };
    Ok(with_targets(db, company, vec![discount(&row)?])
        .await?
        .pop())
}

/// The company's active rules without a promo code.
pub async fn automatic_discounts(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<Discount>, DbErr> {
    let mut select = discounts_of(company);
    select
        .and_where(Expr::col(("sales_discounts", "active")).eq(true))
        .and_where(Expr::col(("sales_discounts", "promo_key")).is_null())
        .order_by(
            ("sales_discounts", "created_at"),
            sea_orm::sea_query::Order::Asc,
        )
        .order_by(("sales_discounts", "id"), sea_orm::sea_query::Order::Asc);
    let mut found = Vec::new();
    for row in db.query_all(&select).await? {
        found.push(discount(&row)?);
    }
    with_targets(db, company, found).await
}

pub async fn list_discounts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &DiscountFilter,
    page: &PageRequest,
) -> Result<(Vec<Discount>, i64), DbErr> {
    let mut select = discounts_of(company);
    let column = |name: &'static str| Expr::col(("sales_discounts", name));
    if let Some(kind) = filter.kind {
        select.and_where(column("kind").eq(kind.as_str()));
    }
    if let Some(active) = filter.active {
        select.and_where(column("active").eq(active));
    }
    if let Some(text) = &filter.q {
        select.and_where(
            Expr::expr(Func::lower(column("name")))
                .like(like_pattern(text))
                .or(column("promo_key").like(like_pattern(text))),
        );
    }
    let (rows, total) = fetch_page(db, &select, page, ("sales_discounts", "id"), discount).await?;
    Ok((with_targets(db, company, rows).await?, total))
}

/// Takes one use of the discount's promo code if it has uses left: one conditional UPDATE, so
/// of two confirmations racing for the last use exactly one gets it (the row stays locked
/// until the transaction ends). False when none is left.
pub async fn take_use(
    db: &impl ConnectionTrait,
    company: CompanyId,
    discount: Uuid,
) -> Result<bool, DbErr> {
    let update = Query::update()
        .table("sales_discounts")
        .value("usage_count", Expr::col("usage_count").add(1))
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(discount))
        .and_where(
            Expr::col("usage_limit")
                .is_null()
                .or(Expr::col("usage_count").lt(Expr::col("usage_limit"))),
        )
        .to_owned();
    Ok(db.execute(&update).await?.rows_affected() == 1)
}

/// How many times the client used the discount's promo code.
pub async fn partner_uses(
    db: &impl ConnectionTrait,
    company: CompanyId,
    discount: Uuid,
    partner: Uuid,
) -> Result<i64, DbErr> {
    let select = Query::select()
        .expr(Func::count(Expr::col("id")))
        .from("sales_promo_uses")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("discount_id").eq(discount))
        .and_where(Expr::col("partner_id").eq(partner))
        .to_owned();
    arkan_platform::list::count(db, &select).await
}

pub async fn record_use(
    db: &impl ConnectionTrait,
    company: CompanyId,
    discount: Uuid,
    partner: Uuid,
    order: Uuid,
    now: i64,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "sales_promo_uses",
        &[
            ("company_id", company.0.into()),
            ("id", Uuid::now_v7().into()),
            ("discount_id", discount.into()),
            ("partner_id", partner.into()),
            ("order_id", order.into()),
            ("created_at", now.into()),
        ],
    )
    .await
}

/// Gives back the promo code uses of an order: deletes them and lowers each discount's count.
pub async fn give_back_uses(
    db: &impl ConnectionTrait,
    company: CompanyId,
    order: Uuid,
) -> Result<(), DbErr> {
    let select = Query::select()
        .column("discount_id")
        .from("sales_promo_uses")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("order_id").eq(order))
        .to_owned();
    let used: Vec<Uuid> = db
        .query_all(&select)
        .await?
        .iter()
        .map(|row| get(row, "discount_id"))
        .collect::<Result<_, _>>()?;
    for discount in used {
        let update = Query::update()
            .table("sales_discounts")
            .value("usage_count", Expr::col("usage_count").sub(1))
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("id").eq(discount))
            .and_where(Expr::col("usage_count").gt(0))
            .to_owned();
        db.execute(&update).await?;
    }
    let delete = Query::delete()
        .from_table("sales_promo_uses")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("order_id").eq(order))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}
