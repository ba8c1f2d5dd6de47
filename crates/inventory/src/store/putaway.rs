//! Putaway rules: where goods arriving in a warehouse are stored.

use sea_orm::sea_query::Cond;

use super::*;

#[derive(Clone, Debug)]
pub struct PutawayRule {
    pub id: Uuid,
    pub warehouse_id: Uuid,
    pub product_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    pub location_id: Uuid,
    pub priority: i32,
    pub created_at: i64,
    pub updated_at: i64,
}

const PUTAWAY_COLUMNS: [&str; 8] = [
    "id",
    "warehouse_id",
    "product_id",
    "category_id",
    "location_id",
    "priority",
    "created_at",
    "updated_at",
];

fn putaway_rule(row: &QueryResult) -> Result<PutawayRule, DbErr> {
    Ok(PutawayRule {
        id: get(row, "id")?,
        warehouse_id: get(row, "warehouse_id")?,
        product_id: get(row, "product_id")?,
        category_id: get(row, "category_id")?,
        location_id: get(row, "location_id")?,
        priority: get(row, "priority")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn putaway_rules(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(PUTAWAY_COLUMNS.map(|column| ("putaway_rules", column)))
        .from("putaway_rules")
        .and_where(Expr::col(("putaway_rules", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn insert_putaway_rule(
    db: &impl ConnectionTrait,
    company: CompanyId,
    rule: &PutawayRule,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "putaway_rules",
        &[
            ("company_id", company.0.into()),
            ("id", rule.id.into()),
            ("warehouse_id", rule.warehouse_id.into()),
            ("product_id", rule.product_id.into()),
            ("category_id", rule.category_id.into()),
            ("location_id", rule.location_id.into()),
            ("priority", rule.priority.into()),
            ("created_at", rule.created_at.into()),
            ("updated_at", rule.updated_at.into()),
        ],
    )
    .await
}

/// Writes what a rule's update may change: its location and priority.
pub async fn update_putaway_rule(
    db: &impl ConnectionTrait,
    company: CompanyId,
    rule: &PutawayRule,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "putaway_rules",
        company,
        rule.id,
        &[
            ("location_id", rule.location_id.into()),
            ("priority", rule.priority.into()),
            ("updated_at", rule.updated_at.into()),
        ],
    )
    .await
    .map(|_| ())
}

pub async fn putaway_rule_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<PutawayRule>, DbErr> {
    let select = putaway_rules(company)
        .and_where(Expr::col(("putaway_rules", "id")).eq(id))
        .to_owned();
    db.query_one(&select)
        .await?
        .as_ref()
        .map(putaway_rule)
        .transpose()
}

/// Deletes a rule; the number of rows deleted (0 when the company has no such rule).
pub async fn delete_putaway_rule(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<u64, DbErr> {
    let delete = Query::delete()
        .from_table("putaway_rules")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(db.execute(&delete).await?.rows_affected())
}

/// What the putaway rule list keeps.
#[derive(Clone, Debug, Default)]
pub struct PutawayFilter {
    pub warehouse_id: Option<Uuid>,
    pub product_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
}

pub async fn list_putaway_rules(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &PutawayFilter,
    page: &PageRequest,
) -> Result<(Vec<PutawayRule>, i64), DbErr> {
    let mut select = putaway_rules(company);
    if let Some(warehouse) = filter.warehouse_id {
        select.and_where(Expr::col(("putaway_rules", "warehouse_id")).eq(warehouse));
    }
    if let Some(product) = filter.product_id {
        select.and_where(Expr::col(("putaway_rules", "product_id")).eq(product));
    }
    if let Some(category) = filter.category_id {
        select.and_where(Expr::col(("putaway_rules", "category_id")).eq(category));
    }
    fetch_page(db, &select, page, ("putaway_rules", "id"), putaway_rule).await
}

/// The rule condition shared by putaway and routes: the product's own rules, the rules of
/// its categories, and the general ones (neither product nor category).
pub(super) fn applicable_to(
    table: &'static str,
    product: Option<Uuid>,
    categories: &[Uuid],
) -> Cond {
    let mut applicable = Cond::any().add(
        Cond::all()
            .add(Expr::col((table, "product_id")).is_null())
            .add(Expr::col((table, "category_id")).is_null()),
    );
    if let Some(product) = product {
        applicable = applicable.add(Expr::col((table, "product_id")).eq(product));
    }
    if !categories.is_empty() {
        applicable =
            applicable.add(Expr::col((table, "category_id")).is_in(categories.iter().copied()));
    }
    applicable
}

/// The warehouse's rules that may apply to the product (in `categories`, nearest first);
/// the caller picks the most specific. A rule whose location is archived is left out: a
/// location a rule names cannot be deleted, archiving it is how it is retired.
pub async fn putaway_candidates(
    db: &impl ConnectionTrait,
    company: CompanyId,
    warehouse: Uuid,
    product: Uuid,
    categories: &[Uuid],
) -> Result<Vec<PutawayRule>, DbErr> {
    let select = putaway_rules(company)
        .inner_join(
            "stock_locations",
            Expr::col(("stock_locations", "company_id"))
                .equals(("putaway_rules", "company_id"))
                .and(Expr::col(("stock_locations", "id")).equals(("putaway_rules", "location_id"))),
        )
        .and_where(Expr::col(("stock_locations", "active")).eq(true))
        .and_where(Expr::col(("putaway_rules", "warehouse_id")).eq(warehouse))
        .cond_where(applicable_to("putaway_rules", Some(product), categories))
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(putaway_rule)
        .collect()
}
