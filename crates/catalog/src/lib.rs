#![doc = include_str!("../README.md")]

mod api;
mod domain;
pub mod errors;
mod http;
mod migrations;
mod service;
mod store;
pub mod views;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use arkan_platform::Platform;
use arkan_platform::schema::SchemaMigration;
use arkan_platform::state::{NewCompany, StockLevels};
use sea_orm::{DatabaseTransaction, DbErr};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub use domain::{CostingMethod, InvoicePolicy, ProductType, Tracking};

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &[
    "uoms",
    "product_categories",
    "products",
    "product_taxes",
    "product_vendors",
    "product_totals",
];

/// The changes this module announces (room `inventory`).
pub mod events {
    use arkan_platform::events::EventKind;

    pub const UOM_CREATED: EventKind = EventKind::new("inventory", "uom.created");
    pub const PRODUCT_CATEGORY_CREATED: EventKind =
        EventKind::new("inventory", "product_category.created");
    pub const PRODUCT_CATEGORY_UPDATED: EventKind =
        EventKind::new("inventory", "product_category.updated");
    pub const PRODUCT_CATEGORY_DELETED: EventKind =
        EventKind::new("inventory", "product_category.deleted");
    pub const PRODUCT_CREATED: EventKind = EventKind::new("inventory", "product.created");
    pub const PRODUCT_UPDATED: EventKind = EventKind::new("inventory", "product.updated");
    pub const PRODUCT_DELETED: EventKind = EventKind::new("inventory", "product.deleted");

    pub const ALL: &[EventKind] = &[
        UOM_CREATED,
        PRODUCT_CATEGORY_CREATED,
        PRODUCT_CATEGORY_UPDATED,
        PRODUCT_CATEGORY_DELETED,
        PRODUCT_CREATED,
        PRODUCT_UPDATED,
        PRODUCT_DELETED,
    ];
}

/// Units of measure: read one, convert between two.
pub mod uoms {
    use arkan_kernel::CompanyId;
    use sea_orm::{ConnectionTrait, DbErr};

    pub use crate::domain::Uom;

    /// The company's unit with this code; None when it has none.
    pub async fn by_code(
        db: &impl ConnectionTrait,
        company: CompanyId,
        code: &str,
    ) -> Result<Option<Uom>, DbErr> {
        crate::store::uom_by_code(db, company, code).await
    }

    /// A quantity (ten-thousandths) of `from` in `to`, rounded half away from zero to `to`'s
    /// decimals; None when the units measure different things or the result overflows.
    pub fn convert(quantity_e4: i64, from: &Uom, to: &Uom) -> Option<i64> {
        crate::domain::convert(quantity_e4, from, to)
    }
}

/// Quantities as the API writes them: decimal strings, stored as ten-thousandths (`*_e4`).
pub mod quantities {
    /// A quantity of zero or more with at most `decimals` decimals, in ten-thousandths.
    pub fn parse(text: &str, decimals: u8) -> Result<i64, String> {
        crate::domain::parse_quantity(text, decimals)
    }

    /// As [`parse`], negative quantities allowed (an adjustment's difference).
    pub fn parse_signed(text: &str, decimals: u8) -> Result<i64, String> {
        crate::domain::parse_signed_quantity(text, decimals)
    }

    /// With exactly `decimals` decimals (`"2.500"`, `"3"`), rounded half away from zero.
    pub fn format(quantity_e4: i64, decimals: u8) -> String {
        crate::domain::format_quantity(quantity_e4, decimals)
    }

    /// [`format`]'s text, written where it is serialized (a report's many rows).
    pub fn written(quantity_e4: i64, decimals: u8) -> arkan_kernel::money::Written {
        crate::domain::written_quantity(quantity_e4, decimals)
    }
}

/// What other modules read of a product.
pub mod products {
    use std::collections::HashMap;

    use arkan_kernel::{CompanyId, ProductCategoryId, ProductId};
    use sea_orm::{ConnectionTrait, DbErr};
    use uuid::Uuid;

    use crate::domain::{CostingMethod, InvoicePolicy, ProductType, Tracking, Uom};
    use crate::store::{self, Product};

    /// A product as stock, purchasing and sales use it. `cost_e6` is in the company currency,
    /// in millionths; the reorder quantities are in `uom`, in ten-thousandths.
    #[derive(Clone, Debug)]
    pub struct ProductFacts {
        pub id: ProductId,
        pub name: String,
        pub sku: Option<String>,
        pub barcode: Option<String>,
        pub kind: ProductType,
        pub uom: Uom,
        pub purchase_uom: Uom,
        pub tracking: Tracking,
        pub category_id: Option<ProductCategoryId>,
        /// The category's; `standard` without a category.
        pub costing_method: CostingMethod,
        /// The category's cost of goods sold account, if it names one.
        pub expense_account_id: Option<Uuid>,
        /// The category's stock valuation account, if it names one.
        pub stock_valuation_account_id: Option<Uuid>,
        pub cost_e6: i64,
        /// The list price per `uom`, millionths of the company currency.
        pub sale_price_e6: i64,
        /// Whether its sales are invoiced as ordered or as delivered.
        pub invoice_policy: InvoicePolicy,
        pub can_be_sold: bool,
        /// Per unit of `uom`, millionths of a kilogram and of a cubic metre.
        pub weight_e6: Option<i64>,
        pub volume_e6: Option<i64>,
        pub reorder_min_e4: Option<i64>,
        pub reorder_max_e4: Option<i64>,
        pub active: bool,
    }

    /// The company's categories by id.
    async fn categories_by_id(
        db: &impl ConnectionTrait,
        company: CompanyId,
    ) -> Result<HashMap<Uuid, store::Category>, DbErr> {
        Ok(store::all_categories(db, company)
            .await?
            .into_iter()
            .map(|category| (category.id, category))
            .collect())
    }

    async fn facts_of(
        db: &impl ConnectionTrait,
        company: CompanyId,
        products: Vec<Product>,
    ) -> Result<Vec<ProductFacts>, DbErr> {
        if products.is_empty() {
            return Ok(Vec::new());
        }
        let uoms: HashMap<String, Uom> = store::all_uoms(db, company)
            .await?
            .into_iter()
            .map(|unit| (unit.code.clone(), unit))
            .collect();
        let categories = categories_by_id(db, company).await?;
        let unit = |code: &str| {
            uoms.get(code)
                .cloned()
                .ok_or_else(|| DbErr::Custom(format!("a product's unit {code:?} is missing")))
        };
        products
            .into_iter()
            .map(|product| {
                let category = product
                    .category_id
                    .and_then(|category| categories.get(&category));
                Ok(ProductFacts {
                    id: ProductId(product.id),
                    uom: unit(&product.uom)?,
                    purchase_uom: unit(&product.purchase_uom)?,
                    costing_method: category
                        .map_or(CostingMethod::Standard, |category| category.costing_method),
                    expense_account_id: category.and_then(|category| category.expense_account_id),
                    stock_valuation_account_id: category
                        .and_then(|category| category.stock_valuation_account_id),
                    name: product.name,
                    sku: product.sku,
                    barcode: product.barcode,
                    kind: product.kind,
                    tracking: product.tracking,
                    category_id: product.category_id.map(ProductCategoryId),
                    cost_e6: product.cost_e6,
                    sale_price_e6: product.sale_price_e6,
                    invoice_policy: product.invoice_policy,
                    can_be_sold: product.can_be_sold,
                    weight_e6: product.weight_e6,
                    volume_e6: product.volume_e6,
                    reorder_min_e4: product.reorder_min_e4,
                    reorder_max_e4: product.reorder_max_e4,
                    active: product.active,
                })
            })
            .collect()
    }

    /// The names of these products of the company (ids it does not have are left out): a
    /// report's labels, without the rest of the facts.
    pub async fn names(
        db: &impl ConnectionTrait,
        company: CompanyId,
        ids: &[ProductId],
    ) -> Result<HashMap<ProductId, String>, DbErr> {
        let ids: Vec<Uuid> = ids.iter().map(|id| id.0).collect();
        Ok(store::products_by_ids(db, company, &ids)
            .await?
            .into_iter()
            .map(|product| (ProductId(product.id), product.name))
            .collect())
    }

    /// These products of the company (ids it does not have are left out).
    pub async fn facts(
        db: &impl ConnectionTrait,
        company: CompanyId,
        ids: &[ProductId],
    ) -> Result<HashMap<ProductId, ProductFacts>, DbErr> {
        let ids: Vec<Uuid> = ids.iter().map(|id| id.0).collect();
        let products = store::products_by_ids(db, company, &ids).await?;
        Ok(facts_of(db, company, products)
            .await?
            .into_iter()
            .map(|facts| (facts.id, facts))
            .collect())
    }

    /// What a purchase line takes from a product bought from `vendor`: its purchase taxes (in
    /// order) and, when the product lists that vendor, the vendor's price (millionths per
    /// purchase unit, in `currency`, the company's when None) and lead time.
    #[derive(Clone, Debug, Default)]
    pub struct PurchaseDefaults {
        pub purchase_tax_ids: Vec<Uuid>,
        pub vendor_price_e6: Option<i64>,
        pub vendor_currency: Option<String>,
        pub lead_time_days: Option<i32>,
        pub vendor_sku: Option<String>,
    }

    /// The purchase defaults of these products of the company for `vendor`, by product.
    pub async fn purchase_defaults(
        db: &impl ConnectionTrait,
        company: CompanyId,
        ids: &[ProductId],
        vendor: arkan_kernel::PartnerId,
    ) -> Result<HashMap<ProductId, PurchaseDefaults>, DbErr> {
        let ids: Vec<Uuid> = ids.iter().map(|id| id.0).collect();
        let mut found: HashMap<ProductId, PurchaseDefaults> = HashMap::new();
        for (product, taxes) in store::taxes_of(db, company, &ids).await? {
            found
                .entry(ProductId(product))
                .or_default()
                .purchase_tax_ids = taxes.purchase;
        }
        for (product, listed) in store::vendors_of(db, company, &ids).await? {
            let defaults = found.entry(ProductId(product)).or_default();
            if listed.partner_id == vendor.0 && defaults.vendor_price_e6.is_none() {
                defaults.vendor_price_e6 = listed.price_e6;
                defaults.vendor_currency = listed.currency;
                defaults.lead_time_days = Some(listed.lead_time_days);
                defaults.vendor_sku = listed.vendor_sku;
            }
        }
        Ok(found)
    }

    /// The sale taxes of these products of the company (in order), by product; a product
    /// without any is left out.
    pub async fn sale_taxes(
        db: &impl ConnectionTrait,
        company: CompanyId,
        ids: &[ProductId],
    ) -> Result<HashMap<ProductId, Vec<Uuid>>, DbErr> {
        let ids: Vec<Uuid> = ids.iter().map(|id| id.0).collect();
        Ok(store::taxes_of(db, company, &ids)
            .await?
            .into_iter()
            .filter(|(_, taxes)| !taxes.sale.is_empty())
            .map(|(product, taxes)| (ProductId(product), taxes.sale))
            .collect())
    }

    /// Every storable product of the company, archived ones too (stock reports read them all).
    pub async fn storable(
        db: &impl ConnectionTrait,
        company: CompanyId,
    ) -> Result<Vec<ProductFacts>, DbErr> {
        let products = store::storable_products(db, company).await?;
        facts_of(db, company, products).await
    }

    /// What a stock report shows of a storable product.
    #[derive(Clone, Debug)]
    pub struct StockProduct {
        pub id: ProductId,
        pub name: String,
        pub sku: Option<String>,
        pub category_id: Option<ProductCategoryId>,
        /// The category's; `standard` without a category.
        pub costing_method: CostingMethod,
        /// The category's stock valuation account, if it names one.
        pub stock_valuation_account_id: Option<Uuid>,
        pub uom_code: String,
        /// The decimals of its unit's quantities.
        pub decimals: u8,
    }

    /// Every storable product of the company (archived ones too) as a stock report shows it:
    /// five columns a product instead of every one (the valuation report reads 100,000).
    pub async fn stock_products(
        db: &impl ConnectionTrait,
        company: CompanyId,
    ) -> Result<Vec<StockProduct>, DbErr> {
        let rows = store::storable_rows(db, company).await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let decimals: HashMap<String, u8> = store::all_uoms(db, company)
            .await?
            .into_iter()
            .map(|unit| (unit.code, unit.decimals))
            .collect();
        let categories = categories_by_id(db, company).await?;
        rows.into_iter()
            .map(|(id, name, sku, category_id, uom_code)| {
                let category = category_id.and_then(|category| categories.get(&category));
                let places = decimals.get(&uom_code).copied().ok_or_else(|| {
                    DbErr::Custom(format!("a product's unit {uom_code:?} is missing"))
                })?;
                Ok(StockProduct {
                    id: ProductId(id),
                    name,
                    sku,
                    category_id: category_id.map(ProductCategoryId),
                    costing_method: category
                        .map_or(CostingMethod::Standard, |category| category.costing_method),
                    stock_valuation_account_id: category
                        .and_then(|category| category.stock_valuation_account_id),
                    uom_code,
                    decimals: places,
                })
            })
            .collect()
    }

    /// The product with this barcode, else the one with this SKU; None when neither.
    pub async fn by_code(
        db: &impl ConnectionTrait,
        company: CompanyId,
        code: &str,
    ) -> Result<Option<ProductFacts>, DbErr> {
        let code = code.trim();
        let found = match store::product_by_column(db, company, "barcode", code).await? {
            Some(product) => Some(product),
            None => store::product_by_column(db, company, "sku", code).await?,
        };
        Ok(facts_of(db, company, found.into_iter().collect())
            .await?
            .pop())
    }

    /// Loads storable products in the company's `unit` in bulk, `(name, sku)` each, product `i`
    /// created at `now + i`, without events or checks (for load tests; the SKUs must be new).
    /// Returns their ids in order.
    pub async fn bulk_load(
        db: &impl ConnectionTrait,
        company: CompanyId,
        products: &[(String, String)],
        now: i64,
    ) -> Result<Vec<ProductId>, DbErr> {
        Ok(store::bulk_load_products(db, company, products, now)
            .await?
            .into_iter()
            .map(ProductId)
            .collect())
    }

    /// Sets the product's cost (millionths of the company currency per unit), as valuation
    /// computes it: the average after a receipt, the cost of the oldest FIFO layer left. No
    /// event: the stock move that changed it announces the change.
    pub async fn set_cost(
        db: &impl ConnectionTrait,
        company: CompanyId,
        id: ProductId,
        cost_e6: i64,
        now: i64,
    ) -> Result<(), DbErr> {
        store::set_product_cost(db, company, id.0, cost_e6, now).await
    }

    /// The statement [`set_cost`] runs, for a caller that sends it with its own writes in
    /// one batch (`arkan_platform::sql::batch`: one hand-over on SQLite).
    pub fn cost_update(
        company: CompanyId,
        id: ProductId,
        cost_e6: i64,
        now: i64,
    ) -> sea_orm::sea_query::UpdateStatement {
        store::product_cost_update(company, id.0, cost_e6, now)
    }

    /// Active products that have a reorder minimum, with it (ten-thousandths of their unit).
    pub async fn reorder_minimums(
        db: &impl ConnectionTrait,
        company: CompanyId,
    ) -> Result<Vec<(ProductId, i64)>, DbErr> {
        Ok(store::reorder_minimums(db, company)
            .await?
            .into_iter()
            .map(|(id, minimum)| (ProductId(id), minimum))
            .collect())
    }
}

/// The category tree.
pub mod categories {
    use std::collections::HashMap;

    use arkan_kernel::{CompanyId, ProductCategoryId};
    use sea_orm::{ConnectionTrait, DbErr};
    use uuid::Uuid;

    /// The company's categories by id, with their full names (`All / Saleable`).
    pub async fn full_names(
        db: &impl ConnectionTrait,
        company: CompanyId,
    ) -> Result<HashMap<ProductCategoryId, String>, DbErr> {
        let tree: HashMap<Uuid, crate::store::Category> = crate::store::all_categories(db, company)
            .await?
            .into_iter()
            .map(|category| (category.id, category))
            .collect();
        Ok(tree
            .keys()
            .map(|id| {
                let mut names: Vec<&str> = crate::service::chain(&tree, *id)
                    .iter()
                    .filter_map(|id| tree.get(id).map(|category| category.name.as_str()))
                    .collect();
                names.reverse();
                (ProductCategoryId(*id), crate::domain::full_name(&names))
            })
            .collect())
    }

    /// The category and every category under it; empty when the company has no such category.
    pub async fn with_descendants(
        db: &impl ConnectionTrait,
        company: CompanyId,
        id: ProductCategoryId,
    ) -> Result<Vec<ProductCategoryId>, DbErr> {
        let tree: HashMap<Uuid, crate::store::Category> = crate::store::all_categories(db, company)
            .await?
            .into_iter()
            .map(|category| (category.id, category))
            .collect();
        Ok(crate::service::with_descendants(&tree, id.0)
            .into_iter()
            .map(ProductCategoryId)
            .collect())
    }

    /// The category, then its parent, grandparent... up to the root; empty when the company has
    /// no such category.
    pub async fn ancestors(
        db: &impl ConnectionTrait,
        company: CompanyId,
        id: ProductCategoryId,
    ) -> Result<Vec<ProductCategoryId>, DbErr> {
        let tree = crate::store::all_categories(db, company)
            .await?
            .into_iter()
            .map(|category| (category.id, category))
            .collect();
        Ok(crate::service::chain(&tree, id.0)
            .into_iter()
            .map(ProductCategoryId)
            .collect())
    }
}

/// The module's migrations (m0600-m0619).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

/// Every new company gets the seeded units of measure.
pub fn setup_company<'a>(
    transaction: &'a DatabaseTransaction,
    company: &'a NewCompany,
) -> Pin<Box<dyn Future<Output = Result<(), DbErr>> + Send + 'a>> {
    Box::pin(async move {
        for (code, name, category, ratio_e6, decimals) in domain::SEEDED_UOMS {
            let unit = domain::Uom {
                id: Uuid::now_v7(),
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                category: (*category).to_owned(),
                ratio_e6: *ratio_e6,
                decimals: *decimals,
            };
            store::insert_uom(transaction, company.id, &unit, company.now).await?;
        }
        Ok(())
    })
}

/// The stock hook until a stock module fills it: every product has no stock, none is below its
/// minimum.
pub fn no_stock() -> StockLevels {
    StockLevels {
        levels: |_, _, _, _| Box::pin(async { Ok(HashMap::new()) }),
        below_min: |_, _, _| Box::pin(async { Ok(Vec::new()) }),
        revalue: |_, _, _, _| Box::pin(async { Ok(()) }),
    }
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::list_uoms, http::create_uom))
        .routes(routes!(http::get_uom))
        .routes(routes!(http::list_categories, http::create_category))
        .routes(routes!(
            http::get_category,
            http::update_category,
            http::delete_category
        ))
        .routes(routes!(http::list_products, http::create_product))
        .routes(routes!(
            http::get_product,
            http::update_product,
            http::delete_product
        ))
}
