//! SQL of the catalog. Every statement carries the caller's company.

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, count_column, fetch_page, like_pattern, page_and_total};
use arkan_platform::sql::{self, get, get_code};
use sea_orm::sea_query::{
    Expr, ExprTrait, Func, LockType, OnConflict, Order, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};
use uuid::Uuid;

use crate::domain::{CostingMethod, InvoicePolicy, ProductType, Tracking, Uom};

#[derive(Clone, Debug)]
pub struct Category {
    pub id: Uuid,
    pub name: String,
    pub parent_id: Option<Uuid>,
    pub costing_method: CostingMethod,
    pub income_account_id: Option<Uuid>,
    pub expense_account_id: Option<Uuid>,
    pub stock_valuation_account_id: Option<Uuid>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct Product {
    pub id: Uuid,
    pub name: String,
    pub sku: Option<String>,
    pub barcode: Option<String>,
    pub kind: ProductType,
    pub category_id: Option<Uuid>,
    pub uom: String,
    pub purchase_uom: String,
    pub sale_price_e6: i64,
    pub cost_e6: i64,
    pub invoice_policy: InvoicePolicy,
    pub tracking: Tracking,
    pub reorder_min_e4: Option<i64>,
    pub reorder_max_e4: Option<i64>,
    pub weight_e6: Option<i64>,
    pub volume_e6: Option<i64>,
    pub hs_code: Option<String>,
    pub description: Option<String>,
    pub can_be_sold: bool,
    pub can_be_purchased: bool,
    pub active: bool,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A vendor that sells the product, in the order given.
#[derive(Clone, Debug)]
pub struct Vendor {
    pub partner_id: Uuid,
    pub vendor_sku: Option<String>,
    pub price_e6: Option<i64>,
    pub currency: Option<String>,
    pub min_quantity_e4: i64,
    pub lead_time_days: i32,
}

/// A product's default taxes.
#[derive(Clone, Debug, Default)]
pub struct ProductTaxes {
    pub sale: Vec<Uuid>,
    pub purchase: Vec<Uuid>,
}

/// What the product list keeps; `ids` narrows it to these products when given.
#[derive(Clone, Debug, Default)]
pub struct ProductFilter {
    pub q: Option<String>,
    pub category_ids: Option<Vec<Uuid>>,
    pub kind: Option<ProductType>,
    pub active: Option<bool>,
    pub ids: Option<Vec<Uuid>>,
}

const SALE: &str = "sale";
const PURCHASE: &str = "purchase";

fn uom(row: &QueryResult) -> Result<Uom, DbErr> {
    let decimals: i32 = get(row, "decimals")?;
    Ok(Uom {
        id: get(row, "id")?,
        code: get(row, "code")?,
        name: get(row, "name")?,
        category: get(row, "category")?,
        ratio_e6: get(row, "ratio_e6")?,
        decimals: u8::try_from(decimals)
            .map_err(|_| DbErr::Custom(format!("unit decimals {decimals} out of range")))?,
    })
}

fn uoms_select(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(["id", "code", "name", "category", "ratio_e6", "decimals"])
        .from("uoms")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned()
}

/// Every unit of the company, by category, then size, then code.
pub async fn all_uoms(db: &impl ConnectionTrait, company: CompanyId) -> Result<Vec<Uom>, DbErr> {
    let mut select = uoms_select(company);
    select
        .order_by("category", Order::Asc)
        .order_by("ratio_e6", Order::Asc)
        .order_by("code", Order::Asc);
    db.query_all(&select).await?.iter().map(uom).collect()
}

pub async fn uom_by_code(
    db: &impl ConnectionTrait,
    company: CompanyId,
    code: &str,
) -> Result<Option<Uom>, DbErr> {
    let mut select = uoms_select(company);
    select.and_where(Expr::col("code").eq(code));
    db.query_one(&select).await?.as_ref().map(uom).transpose()
}

pub async fn insert_uom(
    db: &impl ConnectionTrait,
    company: CompanyId,
    unit: &Uom,
    now: i64,
) -> Result<(), DbErr> {
    sql::insert(
        db,
        "uoms",
        &[
            ("company_id", company.0.into()),
            ("id", unit.id.into()),
            ("code", unit.code.clone().into()),
            ("name", unit.name.clone().into()),
            ("category", unit.category.clone().into()),
            ("ratio_e6", unit.ratio_e6.into()),
            ("decimals", i32::from(unit.decimals).into()),
            ("created_at", now.into()),
            ("updated_at", now.into()),
        ],
    )
    .await
}

const CATEGORY_COLUMNS: [&str; 9] = [
    "id",
    "name",
    "parent_id",
    "costing_method",
    "income_account_id",
    "expense_account_id",
    "stock_valuation_account_id",
    "created_at",
    "updated_at",
];

fn categories(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(CATEGORY_COLUMNS.map(|column| ("product_categories", column)))
        .from("product_categories")
        .and_where(Expr::col(("product_categories", "company_id")).eq(company.0))
        .to_owned()
}

fn category(row: &QueryResult) -> Result<Category, DbErr> {
    Ok(Category {
        id: get(row, "id")?,
        name: get(row, "name")?,
        parent_id: get(row, "parent_id")?,
        costing_method: get_code(row, "costing_method", CostingMethod::parse)?,
        income_account_id: get(row, "income_account_id")?,
        expense_account_id: get(row, "expense_account_id")?,
        stock_valuation_account_id: get(row, "stock_valuation_account_id")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn category_values(category: &Category) -> Vec<(&'static str, Value)> {
    vec![
        ("name", category.name.clone().into()),
        ("parent_id", category.parent_id.into()),
        ("costing_method", category.costing_method.as_str().into()),
        ("income_account_id", category.income_account_id.into()),
        ("expense_account_id", category.expense_account_id.into()),
        (
            "stock_valuation_account_id",
            category.stock_valuation_account_id.into(),
        ),
        ("updated_at", category.updated_at.into()),
    ]
}

/// Every category of the company (a tree is small: names and parents are read whole).
pub async fn all_categories(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<Category>, DbErr> {
    db.query_all(&categories(company))
        .await?
        .iter()
        .map(category)
        .collect()
}

pub async fn category_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Category>, DbErr> {
    let mut select = categories(company);
    select.and_where(Expr::col(("product_categories", "id")).eq(id));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(category)
        .transpose()
}

pub async fn list_categories(
    db: &impl ConnectionTrait,
    company: CompanyId,
    page: &PageRequest,
) -> Result<(Vec<Category>, i64), DbErr> {
    fetch_page(
        db,
        &categories(company),
        page,
        ("product_categories", "id"),
        category,
    )
    .await
}

pub async fn insert_category(
    db: &impl ConnectionTrait,
    company: CompanyId,
    category: &Category,
) -> Result<(), DbErr> {
    let mut values = vec![
        ("company_id", company.0.into()),
        ("id", category.id.into()),
        ("created_at", category.created_at.into()),
    ];
    values.extend(category_values(category));
    sql::insert(db, "product_categories", &values).await
}

pub async fn update_category(
    db: &impl ConnectionTrait,
    company: CompanyId,
    category: &Category,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "product_categories",
        company,
        category.id,
        &category_values(category),
    )
    .await
    .map(|_| ())
}

/// Deletes a row of the company; false when there was none. A row naming it makes the
/// database refuse (a foreign key).
pub async fn delete_row(
    db: &impl ConnectionTrait,
    table: &'static str,
    company: CompanyId,
    id: Uuid,
) -> Result<bool, DbErr> {
    let delete = Query::delete()
        .from_table(table)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(db.execute(&delete).await?.rows_affected() == 1)
}

const PRODUCT_COLUMNS: [&str; 24] = [
    "id",
    "name",
    "sku",
    "barcode",
    "type",
    "category_id",
    "uom_code",
    "purchase_uom_code",
    "sale_price_e6",
    "cost_e6",
    "invoice_policy",
    "tracking",
    "reorder_min_e4",
    "reorder_max_e4",
    "weight_e6",
    "volume_e6",
    "hs_code",
    "description",
    "can_be_sold",
    "can_be_purchased",
    "active",
    "notes",
    "created_at",
    "updated_at",
];

fn products(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(PRODUCT_COLUMNS.map(|column| ("products", column)))
        .from("products")
        .and_where(Expr::col(("products", "company_id")).eq(company.0))
        .to_owned()
}

fn product(row: &QueryResult) -> Result<Product, DbErr> {
    Ok(Product {
        id: get(row, "id")?,
        name: get(row, "name")?,
        sku: get(row, "sku")?,
        barcode: get(row, "barcode")?,
        kind: get_code(row, "type", ProductType::parse)?,
        category_id: get(row, "category_id")?,
        uom: get(row, "uom_code")?,
        purchase_uom: get(row, "purchase_uom_code")?,
        sale_price_e6: get(row, "sale_price_e6")?,
        cost_e6: get(row, "cost_e6")?,
        invoice_policy: get_code(row, "invoice_policy", InvoicePolicy::parse)?,
        tracking: get_code(row, "tracking", Tracking::parse)?,
        reorder_min_e4: get(row, "reorder_min_e4")?,
        reorder_max_e4: get(row, "reorder_max_e4")?,
        weight_e6: get(row, "weight_e6")?,
        volume_e6: get(row, "volume_e6")?,
        hs_code: get(row, "hs_code")?,
        description: get(row, "description")?,
        can_be_sold: get(row, "can_be_sold")?,
        can_be_purchased: get(row, "can_be_purchased")?,
        active: get(row, "active")?,
        notes: get(row, "notes")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn product_values(product: &Product) -> Vec<(&'static str, Value)> {
    vec![
        ("name", product.name.clone().into()),
        ("sku", product.sku.clone().into()),
        ("barcode", product.barcode.clone().into()),
        ("type", product.kind.as_str().into()),
        ("category_id", product.category_id.into()),
        ("uom_code", product.uom.clone().into()),
        ("purchase_uom_code", product.purchase_uom.clone().into()),
        ("sale_price_e6", product.sale_price_e6.into()),
        ("cost_e6", product.cost_e6.into()),
        ("invoice_policy", product.invoice_policy.as_str().into()),
        ("tracking", product.tracking.as_str().into()),
        ("reorder_min_e4", product.reorder_min_e4.into()),
        ("reorder_max_e4", product.reorder_max_e4.into()),
        ("weight_e6", product.weight_e6.into()),
        ("volume_e6", product.volume_e6.into()),
        ("hs_code", product.hs_code.clone().into()),
        ("description", product.description.clone().into()),
        ("can_be_sold", product.can_be_sold.into()),
        ("can_be_purchased", product.can_be_purchased.into()),
        ("active", product.active.into()),
        ("notes", product.notes.clone().into()),
        ("updated_at", product.updated_at.into()),
    ]
}

pub async fn insert_product(
    db: &impl ConnectionTrait,
    company: CompanyId,
    product: &Product,
) -> Result<(), DbErr> {
    let mut values = vec![
        ("company_id", company.0.into()),
        ("id", product.id.into()),
        ("created_at", product.created_at.into()),
    ];
    values.extend(product_values(product));
    sql::insert(db, "products", &values).await
}

/// Rows of `products` per insert statement while loading in bulk (25 values each, under
/// SQLite's 32,766 bound values).
const BULK_ROWS: usize = 1_000;

/// Inserts storable products in the company's `unit`, `(name, sku)` each, in multi-row
/// statements; product `i` is created at `now + i`. Returns their ids in order.
pub async fn bulk_load_products(
    db: &impl ConnectionTrait,
    company: CompanyId,
    products: &[(String, String)],
    now: i64,
) -> Result<Vec<Uuid>, DbErr> {
    let mut ids = Vec::with_capacity(products.len());
    for (batch, chunk) in products.chunks(BULK_ROWS).enumerate() {
        let mut rows = Vec::with_capacity(chunk.len());
        for (offset, (name, sku)) in chunk.iter().enumerate() {
            let at = now + i64::try_from(batch * BULK_ROWS + offset).unwrap_or(0);
            let product = Product {
                id: Uuid::now_v7(),
                name: name.clone(),
                sku: Some(sku.clone()),
                barcode: None,
                kind: ProductType::Storable,
                category_id: None,
                uom: "unit".to_owned(),
                purchase_uom: "unit".to_owned(),
                sale_price_e6: 0,
                cost_e6: 0,
                invoice_policy: InvoicePolicy::Ordered,
                tracking: Tracking::None,
                reorder_min_e4: None,
                reorder_max_e4: None,
                weight_e6: None,
                volume_e6: None,
                hs_code: None,
                description: None,
                can_be_sold: true,
                can_be_purchased: true,
                active: true,
                notes: None,
                created_at: at,
                updated_at: at,
            };
            let mut row = vec![
                ("company_id", company.0.into()),
                ("id", product.id.into()),
                ("created_at", at.into()),
            ];
            row.extend(product_values(&product));
            ids.push(product.id);
            rows.push(row);
        }
        let Some(first) = rows.first() else {
            continue;
        };
        let mut insert = Query::insert()
            .into_table("products")
            .columns(first.iter().map(|(column, _)| *column))
            .to_owned();
        for row in rows {
            insert.values_panic(row.into_iter().map(|(_, value)| value.into()));
        }
        db.execute(&insert).await?;
    }
    let loaded = i64::try_from(ids.len()).unwrap_or(i64::MAX);
    add_to_product_totals(db, company, loaded, loaded).await?;
    Ok(ids)
}

/// Moves the company's kept product totals (all, active) by what a write changed, in the
/// write's transaction.
pub async fn add_to_product_totals(
    db: &impl ConnectionTrait,
    company: CompanyId,
    total: i64,
    active: i64,
) -> Result<(), DbErr> {
    if total == 0 && active == 0 {
        return Ok(());
    }
    let upsert = Query::insert()
        .into_table("product_totals")
        .columns(["company_id", "total", "active"])
        .values_panic([company.0.into(), total.into(), active.into()])
        .on_conflict(
            OnConflict::column("company_id")
                .values([
                    ("total", Expr::col(("product_totals", "total")).add(total)),
                    (
                        "active",
                        Expr::col(("product_totals", "active")).add(active),
                    ),
                ])
                .to_owned(),
        )
        .to_owned();
    db.execute(&upsert).await.map(|_| ())
}

/// The kept total of the company's products (all, active or archived) as a scalar subquery;
/// zero before the first product.
fn kept_product_total(company: CompanyId, active: Option<bool>) -> SimpleExpr {
    let value = match active {
        None => Expr::col("total"),
        Some(true) => Expr::col("active"),
        Some(false) => Expr::col("total").sub(Expr::col("active")),
    };
    let select = Query::select()
        .expr(value)
        .from("product_totals")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    Func::coalesce([Expr::SubQuery(None, Box::new(select.into())), Expr::val(0)]).into()
}

pub async fn update_product(
    db: &impl ConnectionTrait,
    company: CompanyId,
    product: &Product,
) -> Result<(), DbErr> {
    sql::update(
        db,
        "products",
        company,
        product.id,
        &product_values(product),
    )
    .await
    .map(|_| ())
}

pub async fn set_product_cost(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
    cost_e6: i64,
    now: i64,
) -> Result<(), DbErr> {
    db.execute(&product_cost_update(company, id, cost_e6, now))
        .await
        .map(|_| ())
}

pub fn product_cost_update(
    company: CompanyId,
    id: Uuid,
    cost_e6: i64,
    now: i64,
) -> sea_orm::sea_query::UpdateStatement {
    sql::update_statement(
        "products",
        company,
        id,
        &[("cost_e6", cost_e6.into()), ("updated_at", now.into())],
    )
}

pub async fn product_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Product>, DbErr> {
    let mut select = products(company);
    select.and_where(Expr::col(("products", "id")).eq(id));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(product)
        .transpose()
}

/// The product, its row locked until the transaction ends (PostgreSQL): a write that changes
/// it, or the kept totals by it, reads it so.
pub async fn product_for_update(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Product>, DbErr> {
    let mut select = products(company);
    select
        .and_where(Expr::col(("products", "id")).eq(id))
        .lock(LockType::Update);
    db.query_one(&select)
        .await?
        .as_ref()
        .map(product)
        .transpose()
}

pub async fn products_by_ids(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<Vec<Product>, DbErr> {
    let mut select = products(company);
    select.and_where(Expr::col(("products", "id")).is_in(ids.iter().copied()));
    db.query_all(&select).await?.iter().map(product).collect()
}

/// What a stock report shows of a product: id, name, SKU, category and unit code.
pub type StockRow = (Uuid, String, Option<String>, Option<Uuid>, String);

/// Every storable product of the company (archived ones too), only the columns a stock report
/// shows, read by position.
pub async fn storable_rows(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<StockRow>, DbErr> {
    let select = Query::select()
        .columns(["id", "name", "sku", "category_id", "uom_code"])
        .from("products")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("type").eq(ProductType::Storable.as_str()))
        .to_owned();
    arkan_platform::sql::all_rows(db, &select).await
}

/// Every storable product of the company (archived ones too).
pub async fn storable_products(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<Product>, DbErr> {
    let mut select = products(company);
    select.and_where(Expr::col(("products", "type")).eq(ProductType::Storable.as_str()));
    db.query_all(&select).await?.iter().map(product).collect()
}

/// The product with this `column` (`barcode` or `sku`) equal to `code`.
pub async fn product_by_column(
    db: &impl ConnectionTrait,
    company: CompanyId,
    column: &'static str,
    code: &str,
) -> Result<Option<Product>, DbErr> {
    let mut select = products(company);
    select.and_where(Expr::col(("products", column)).eq(code));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(product)
        .transpose()
}

/// Active products with a reorder minimum, with it.
pub async fn reorder_minimums(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<(Uuid, i64)>, DbErr> {
    let select = Query::select()
        .columns(["id", "reorder_min_e4"])
        .from("products")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("active").eq(true))
        .and_where(Expr::col("reorder_min_e4").is_not_null())
        .order_by("id", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| Ok((get(row, "id")?, get(row, "reorder_min_e4")?)))
        .collect()
}

pub async fn list_products(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &ProductFilter,
    page: &PageRequest,
) -> Result<(Vec<Product>, i64), DbErr> {
    let mut select = products(company);
    if let Some(text) = &filter.q {
        let like = |column: &'static str| {
            Expr::expr(Func::lower(Expr::col(("products", column)))).like(like_pattern(text))
        };
        select.and_where(like("name").or(like("sku")).or(like("barcode")));
    }
    if let Some(ids) = &filter.category_ids {
        select.and_where(Expr::col(("products", "category_id")).is_in(ids.iter().copied()));
    }
    if let Some(kind) = filter.kind {
        select.and_where(Expr::col(("products", "type")).eq(kind.as_str()));
    }
    if let Some(active) = filter.active {
        select.and_where(Expr::col(("products", "active")).eq(active));
    }
    if let Some(ids) = &filter.ids {
        select.and_where(Expr::col(("products", "id")).is_in(ids.iter().copied()));
    }
    // Filtered by nothing but the active flag, the total is kept, not counted.
    let total = if filter.q.is_none()
        && filter.category_ids.is_none()
        && filter.kind.is_none()
        && filter.ids.is_none()
    {
        kept_product_total(company, filter.active)
    } else {
        count_column(&select)
    };
    let mut paged = select.clone();
    page.apply(&mut paged, "products", "id");
    page_and_total(db, paged, total, page, product).await
}

/// The default taxes of these products, in the order given.
pub async fn taxes_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, ProductTaxes)>, DbErr> {
    let select = Query::select()
        .columns(["product_id", "tax_use", "tax_id"])
        .from("product_taxes")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("product_id").is_in(ids.iter().copied()))
        .order_by("product_id", Order::Asc)
        .order_by("sequence", Order::Asc)
        .to_owned();
    let mut found: Vec<(Uuid, ProductTaxes)> = Vec::new();
    for row in db.query_all(&select).await? {
        let product: Uuid = get(&row, "product_id")?;
        let tax_use: String = get(&row, "tax_use")?;
        let tax: Uuid = get(&row, "tax_id")?;
        if found.last().is_none_or(|(id, _)| *id != product) {
            found.push((product, ProductTaxes::default()));
        }
        if let Some((_, taxes)) = found.last_mut() {
            if tax_use == SALE {
                taxes.sale.push(tax);
            } else {
                taxes.purchase.push(tax);
            }
        }
    }
    Ok(found)
}

/// Replaces the product's default taxes.
pub async fn replace_taxes(
    db: &impl ConnectionTrait,
    company: CompanyId,
    product: Uuid,
    taxes: &ProductTaxes,
) -> Result<(), DbErr> {
    delete_children(db, "product_taxes", company, product).await?;
    for (tax_use, ids) in [(SALE, &taxes.sale), (PURCHASE, &taxes.purchase)] {
        for (sequence, tax) in (0_i32..).zip(ids.iter()) {
            sql::insert(
                db,
                "product_taxes",
                &[
                    ("company_id", company.0.into()),
                    ("product_id", product.into()),
                    ("tax_use", tax_use.into()),
                    ("tax_id", (*tax).into()),
                    ("sequence", sequence.into()),
                ],
            )
            .await?;
        }
    }
    Ok(())
}

async fn delete_children(
    db: &impl ConnectionTrait,
    table: &'static str,
    company: CompanyId,
    product: Uuid,
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table(table)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("product_id").eq(product))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}

/// The vendors of these products, in the order given.
pub async fn vendors_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, Vendor)>, DbErr> {
    let select = Query::select()
        .columns([
            "product_id",
            "partner_id",
            "vendor_sku",
            "price_e6",
            "currency",
            "min_quantity_e4",
            "lead_time_days",
        ])
        .from("product_vendors")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("product_id").is_in(ids.iter().copied()))
        .order_by("product_id", Order::Asc)
        .order_by("sequence", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok((
                get(row, "product_id")?,
                Vendor {
                    partner_id: get(row, "partner_id")?,
                    vendor_sku: get(row, "vendor_sku")?,
                    price_e6: get(row, "price_e6")?,
                    currency: get(row, "currency")?,
                    min_quantity_e4: get(row, "min_quantity_e4")?,
                    lead_time_days: get(row, "lead_time_days")?,
                },
            ))
        })
        .collect()
}

/// Replaces the product's vendors.
pub async fn replace_vendors(
    db: &impl ConnectionTrait,
    company: CompanyId,
    product: Uuid,
    vendors: &[Vendor],
) -> Result<(), DbErr> {
    delete_children(db, "product_vendors", company, product).await?;
    for (sequence, vendor) in (0_i32..).zip(vendors.iter()) {
        sql::insert(
            db,
            "product_vendors",
            &[
                ("company_id", company.0.into()),
                ("id", Uuid::now_v7().into()),
                ("product_id", product.into()),
                ("sequence", sequence.into()),
                ("partner_id", vendor.partner_id.into()),
                ("vendor_sku", vendor.vendor_sku.clone().into()),
                ("price_e6", vendor.price_e6.into()),
                ("currency", vendor.currency.clone().into()),
                ("min_quantity_e4", vendor.min_quantity_e4.into()),
                ("lead_time_days", vendor.lead_time_days.into()),
            ],
        )
        .await?;
    }
    Ok(())
}
