//! Price lists: the list, the clients and tags it is for, its rules.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page, like_pattern};
use arkan_platform::sql::{self, get, get_code};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LockType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use crate::domain::pricing::{PriceBase, PriceList, PriceMethod, PriceRule};

#[derive(Debug, Default)]
pub struct PriceListFilter {
    pub partner_id: Option<Uuid>,
    pub currency: Option<String>,
    pub q: Option<String>,
}

const LIST_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "currency",
    "date_from",
    "date_to",
    "priority",
    "created_at",
    "updated_at",
];

fn list(row: &QueryResult) -> Result<PriceList, DbErr> {
    Ok(PriceList {
        id: get(row, "id")?,
        name: get(row, "name")?,
        currency: get(row, "currency")?,
        date_from: get(row, "date_from")?,
        date_to: get(row, "date_to")?,
        priority: get(row, "priority")?,
        partner_ids: Vec::new(),
        partner_tags: Vec::new(),
        rules: Vec::new(),
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn lists_of(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(LIST_COLUMNS.map(|column| ("sales_price_lists", column)))
        .from("sales_price_lists")
        .and_where(Expr::col(("sales_price_lists", "company_id")).eq(company.0))
        .to_owned()
}

fn rule(row: &QueryResult) -> Result<(Uuid, PriceRule), DbErr> {
    let base: Option<String> = get(row, "base")?;
    Ok((
        get(row, "price_list_id")?,
        PriceRule {
            id: get(row, "id")?,
            product_id: get(row, "product_id")?,
            category_id: get(row, "category_id")?,
            min_quantity_e4: get(row, "min_quantity_e4")?,
            date_from: get(row, "date_from")?,
            date_to: get(row, "date_to")?,
            method: get_code(row, "method", PriceMethod::parse)?,
            price_e6: get(row, "price_e6")?,
            percent_ppm: get(row, "percent_ppm")?,
            base: base.as_deref().and_then(PriceBase::parse),
            surcharge_e6: get(row, "surcharge_e6")?,
        },
    ))
}

/// Fills the clients, tags and rules of these lists.
async fn with_children(
    db: &impl ConnectionTrait,
    company: CompanyId,
    mut lists: Vec<PriceList>,
) -> Result<Vec<PriceList>, DbErr> {
    if lists.is_empty() {
        return Ok(lists);
    }
    let ids: Vec<Uuid> = lists.iter().map(|list| list.id).collect();
    let children = |table: &'static str, columns: &[&'static str]| {
        Query::select()
            .columns(columns.iter().copied())
            .from(table)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("price_list_id").is_in(ids.iter().copied()))
            .to_owned()
    };
    let mut partners: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    let select = children(
        "sales_price_list_partners",
        &["price_list_id", "partner_id"],
    );
    for row in db.query_all(&select).await? {
        partners
            .entry(get(&row, "price_list_id")?)
            .or_default()
            .push(get(&row, "partner_id")?);
    }
    let mut tags: HashMap<Uuid, Vec<String>> = HashMap::new();
    let select = children("sales_price_list_tags", &["price_list_id", "tag"]);
    for row in db.query_all(&select).await? {
        tags.entry(get(&row, "price_list_id")?)
            .or_default()
            .push(get(&row, "tag")?);
    }
    let mut rules: HashMap<Uuid, Vec<PriceRule>> = HashMap::new();
    let select = children(
        "sales_price_rules",
        &[
            "id",
            "price_list_id",
            "product_id",
            "category_id",
            "min_quantity_e4",
            "date_from",
            "date_to",
            "method",
            "price_e6",
            "percent_ppm",
            "base",
            "surcharge_e6",
        ],
    )
    .order_by("position", Order::Asc)
    .to_owned();
    for row in db.query_all(&select).await? {
        let (list, found) = rule(&row)?;
        rules.entry(list).or_default().push(found);
    }
    for list in &mut lists {
        list.partner_ids = partners.remove(&list.id).unwrap_or_default();
        list.partner_tags = tags.remove(&list.id).unwrap_or_default();
        list.partner_tags.sort();
        list.rules = rules.remove(&list.id).unwrap_or_default();
    }
    Ok(lists)
}

fn list_values(list: &PriceList) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("name", list.name.clone().into()),
        ("currency", list.currency.clone().into()),
        ("date_from", list.date_from.into()),
        ("date_to", list.date_to.into()),
        ("priority", list.priority.into()),
        ("created_at", list.created_at.into()),
        ("updated_at", list.updated_at.into()),
    ]
}

async fn delete_children(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<(), DbErr> {
    for table in [
        "sales_price_list_partners",
        "sales_price_list_tags",
        "sales_price_rules",
    ] {
        let delete = Query::delete()
            .from_table(table)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("price_list_id").eq(id))
            .to_owned();
        db.execute(&delete).await?;
    }
    Ok(())
}

async fn insert_children(
    db: &impl ConnectionTrait,
    company: CompanyId,
    list: &PriceList,
) -> Result<(), DbErr> {
    for partner in &list.partner_ids {
        sql::insert(
            db,
            "sales_price_list_partners",
            &[
                ("company_id", company.0.into()),
                ("id", Uuid::now_v7().into()),
                ("price_list_id", list.id.into()),
                ("partner_id", (*partner).into()),
            ],
        )
        .await?;
    }
    for tag in &list.partner_tags {
        sql::insert(
            db,
            "sales_price_list_tags",
            &[
                ("company_id", company.0.into()),
                ("id", Uuid::now_v7().into()),
                ("price_list_id", list.id.into()),
                ("tag", tag.clone().into()),
            ],
        )
        .await?;
    }
    for (position, rule) in (0_i32..).zip(&list.rules) {
        sql::insert(
            db,
            "sales_price_rules",
            &[
                ("company_id", company.0.into()),
                ("id", rule.id.into()),
                ("price_list_id", list.id.into()),
                ("position", position.into()),
                ("product_id", rule.product_id.into()),
                ("category_id", rule.category_id.into()),
                ("min_quantity_e4", rule.min_quantity_e4.into()),
                ("date_from", rule.date_from.into()),
                ("date_to", rule.date_to.into()),
                ("method", rule.method.as_str().into()),
                ("price_e6", rule.price_e6.into()),
                ("percent_ppm", rule.percent_ppm.into()),
                (
                    "base",
                    rule.base.map(|base| base.as_str().to_owned()).into(),
                ),
                ("surcharge_e6", rule.surcharge_e6.into()),
            ],
        )
        .await?;
    }
    Ok(())
}

pub async fn insert_list(
    db: &impl ConnectionTrait,
    company: CompanyId,
    list: &PriceList,
) -> Result<(), DbErr> {
    let mut pairs = vec![("company_id", company.0.into()), ("id", list.id.into())];
    pairs.extend(list_values(list));
    sql::insert(db, "sales_price_lists", &pairs).await?;
    insert_children(db, company, list).await
}

/// Writes the list and its clients, tags and rules in place of what it had.
pub async fn update_list(
    db: &impl ConnectionTrait,
    company: CompanyId,
    list: &PriceList,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "sales_price_lists",
        company,
        list.id,
        &list_values(list),
    )
    .await?;
    delete_children(db, company, list.id).await?;
    insert_children(db, company, list).await
}

pub async fn delete_list(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<(), DbErr> {
    delete_children(db, company, id).await?;
    let delete = Query::delete()
        .from_table("sales_price_lists")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}

/// The company's price list `id` with its clients, tags and rules; locked when `lock`.
pub async fn list_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    lock: bool,
) -> Result<Option<PriceList>, DbErr> {
    let mut select = lists_of(company);
    select.and_where(Expr::col(("sales_price_lists", "id")).eq(id));
    if lock {
        select.lock(LockType::Update);
    }
    let Some(row) = db.query_one(&select).await? else {
        return Ok(None);
    };
    Ok(with_children(db, company, vec![list(&row)?]).await?.pop())
}

/// Every list of the company in `currency`, with its clients, tags and rules.
pub async fn lists_in(
    db: &impl ConnectionTrait,
    company: CompanyId,
    currency: &str,
) -> Result<Vec<PriceList>, DbErr> {
    let mut select = lists_of(company);
    select.and_where(Expr::col(("sales_price_lists", "currency")).eq(currency));
    let mut found = Vec::new();
    for row in db.query_all(&select).await? {
        found.push(list(&row)?);
    }
    with_children(db, company, found).await
}

pub async fn list_lists(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &PriceListFilter,
    page: &PageRequest,
) -> Result<(Vec<PriceList>, i64), DbErr> {
    let mut select = lists_of(company);
    let column = |name: &'static str| Expr::col(("sales_price_lists", name));
    if let Some(partner) = filter.partner_id {
        select.and_where(
            column("id").in_subquery(
                Query::select()
                    .column("price_list_id")
                    .from("sales_price_list_partners")
                    .and_where(Expr::col("company_id").eq(company.0))
                    .and_where(Expr::col("partner_id").eq(partner))
                    .to_owned(),
            ),
        );
    }
    if let Some(currency) = &filter.currency {
        select.and_where(column("currency").eq(currency.clone()));
    }
    if let Some(text) = &filter.q {
        select.and_where(Expr::expr(Func::lower(column("name"))).like(like_pattern(text)));
    }
    let (rows, total) = fetch_page(db, &select, page, ("sales_price_lists", "id"), list).await?;
    Ok((with_children(db, company, rows).await?, total))
}

/// Whether a sales order of the company names the list.
pub async fn named_by_an_order(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    let select = Query::select()
        .column("id")
        .from("sales_orders")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("price_list_id").eq(id))
        .limit(1)
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}
