//! The catalog's tables (m0600-m0619; inventory numbers from m0620). Accounts and taxes are
//! composite keys into the ledger's tables, vendors into crm's partners (all made earlier).

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, boolean, company_table, index, integer,
    reference, text, text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{
    Expr, ForeignKey, ForeignKeyAction, ForeignKeyCreateStatement, Index, Query, SimpleExpr, Table,
};

use crate::domain::SEEDED_UOMS;

pub fn migrations() -> Vec<SchemaMigration> {
    vec![
        SchemaMigration {
            name: "m0600_catalog",
            build: catalog_tables,
        },
        SchemaMigration {
            name: "m0601_uoms_of_existing_companies",
            build: uoms_of_existing_companies,
        },
        SchemaMigration {
            name: "m0602_product_totals",
            build: product_totals,
        },
    ]
}

/// `(company_id, column)` -> `uoms (company_id, code)`.
fn uom_reference(table: &str, column: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table.to_owned(), ("company_id", column.to_owned()))
        .to("uoms", ("company_id", "code"))
        .to_owned()
}

fn catalog_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    // A unit is known by its code within its company.
    let uoms = Table::create()
        .table("uoms")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "id"))
        .col(text("code"))
        .col(text("name"))
        .col(text("category"))
        .col(bigint("ratio_e6"))
        .col(integer("decimals"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .primary_key(Index::create().col("company_id").col("code"))
        .foreign_key(
            ForeignKey::create()
                .from("uoms", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    let categories = company_table(backend, "product_categories")
        .col(text("name"))
        .col(uuid_null(backend, "parent_id"))
        .col(text("costing_method"))
        .col(uuid_null(backend, "income_account_id"))
        .col(uuid_null(backend, "expense_account_id"))
        .col(uuid_null(backend, "stock_valuation_account_id"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(
            "product_categories",
            "parent_id",
            "product_categories",
        ))
        .foreign_key(&mut reference(
            "product_categories",
            "income_account_id",
            "accounts",
        ))
        .foreign_key(&mut reference(
            "product_categories",
            "expense_account_id",
            "accounts",
        ))
        .foreign_key(&mut reference(
            "product_categories",
            "stock_valuation_account_id",
            "accounts",
        ))
        .to_owned();
    let products = company_table(backend, "products")
        .col(text("name"))
        .col(text_null("sku"))
        .col(text_null("barcode"))
        .col(text("type"))
        .col(uuid_null(backend, "category_id"))
        .col(text("uom_code"))
        .col(text("purchase_uom_code"))
        .col(bigint("sale_price_e6"))
        .col(bigint("cost_e6"))
        .col(text("invoice_policy"))
        .col(text("tracking"))
        .col(bigint_null("reorder_min_e4"))
        .col(bigint_null("reorder_max_e4"))
        // Kilograms and cubic metres, in millionths.
        .col(bigint_null("weight_e6"))
        .col(bigint_null("volume_e6"))
        .col(text_null("hs_code"))
        .col(text_null("description"))
        .col(boolean("can_be_sold"))
        .col(boolean("can_be_purchased"))
        .col(boolean("active"))
        .col(text_null("notes"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(
            "products",
            "category_id",
            "product_categories",
        ))
        .foreign_key(&mut uom_reference("products", "uom_code"))
        .foreign_key(&mut uom_reference("products", "purchase_uom_code"))
        .to_owned();
    // A product's default taxes, `use` `sale` or `purchase`.
    let taxes = Table::create()
        .table("product_taxes")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "product_id"))
        .col(text("tax_use"))
        .col(uuid(backend, "tax_id"))
        .col(integer("sequence"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("product_id")
                .col("tax_use")
                .col("tax_id"),
        )
        .foreign_key(
            &mut reference("product_taxes", "product_id", "products")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut reference("product_taxes", "tax_id", "taxes"))
        .to_owned();
    let vendors = company_table(backend, "product_vendors")
        .col(uuid(backend, "product_id"))
        .col(integer("sequence"))
        .col(uuid(backend, "partner_id"))
        .col(text_null("vendor_sku"))
        .col(bigint_null("price_e6"))
        .col(text_null("currency"))
        .col(bigint("min_quantity_e4"))
        .col(integer("lead_time_days"))
        .foreign_key(
            &mut reference("product_vendors", "product_id", "products")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut reference("product_vendors", "partner_id", "partners"))
        .to_owned();
    vec![
        SchemaChange::Table(uoms),
        unique("uoms_by_id", "uoms", &["company_id", "id"]),
        SchemaChange::Table(categories),
        index(
            "product_categories_by_created",
            "product_categories",
            &["company_id", "created_at", "id"],
        ),
        index(
            "product_categories_by_parent",
            "product_categories",
            &["company_id", "parent_id"],
        ),
        SchemaChange::Table(products),
        index(
            "products_by_created",
            "products",
            &["company_id", "created_at", "id"],
        ),
        index(
            "products_by_name",
            "products",
            &["company_id", "name", "id"],
        ),
        index(
            "products_by_category",
            "products",
            &["company_id", "category_id"],
        ),
        unique("products_by_sku", "products", &["company_id", "sku"]),
        unique(
            "products_by_barcode",
            "products",
            &["company_id", "barcode"],
        ),
        SchemaChange::Table(taxes),
        index(
            "product_taxes_by_tax",
            "product_taxes",
            &["company_id", "tax_id"],
        ),
        SchemaChange::Table(vendors),
        index(
            "product_vendors_by_product",
            "product_vendors",
            &["company_id", "product_id", "sequence"],
        ),
        index(
            "product_vendors_by_partner",
            "product_vendors",
            &["company_id", "partner_id"],
        ),
    ]
}

/// The seeded units for the companies that existed before the catalog (new companies get them
/// from `setup_company`).
fn uoms_of_existing_companies(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let now = arkan_kernel::time::now_micros();
    let new_id: SimpleExpr = match backend {
        DatabaseBackend::Postgres => Expr::cust("gen_random_uuid()"),
        _ => Expr::cust("randomblob(16)"),
    };
    SEEDED_UOMS
        .iter()
        .map(|(code, name, category, ratio_e6, decimals)| {
            let values: [SimpleExpr; 8] = [
                new_id.clone(),
                Expr::val(*code),
                Expr::val(*name),
                Expr::val(*category),
                Expr::val(*ratio_e6),
                Expr::val(i32::from(*decimals)),
                Expr::val(now),
                Expr::val(now),
            ];
            let mut select = Query::select().column("id").from("companies").to_owned();
            for value in values {
                select.expr(value);
            }
            let insert = Query::insert()
                .into_table("uoms")
                .columns([
                    "company_id",
                    "id",
                    "code",
                    "name",
                    "category",
                    "ratio_e6",
                    "decimals",
                    "created_at",
                    "updated_at",
                ])
                .select_from(select)
                .map(|insert| insert.to_owned());
            match insert {
                Ok(insert) => SchemaChange::Insert(insert),
                Err(_) => SchemaChange::Insert(Query::insert().to_owned()),
            }
        })
        .collect()
}

/// The count of each company's products (all, active), kept in the transaction of every
/// product write so that an unfiltered list answers `meta.total` without counting them; filled
/// from the products already there.
fn product_totals(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let totals = Table::create()
        .table("product_totals")
        .col(uuid(backend, "company_id"))
        .col(bigint("total"))
        .col(bigint("active"))
        .primary_key(Index::create().col("company_id"))
        .foreign_key(
            ForeignKey::create()
                .from("product_totals", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    let counted = Query::select()
        .column("company_id")
        .expr(Expr::cust("COUNT(*)"))
        .expr(Expr::cust(
            "CAST(SUM(CASE WHEN active THEN 1 ELSE 0 END) AS BIGINT)",
        ))
        .from("products")
        .group_by_col("company_id")
        .to_owned();
    let fill = Query::insert()
        .into_table("product_totals")
        .columns(["company_id", "total", "active"])
        .select_from(counted)
        .map(|insert| insert.to_owned())
        .unwrap_or_else(|_| Query::insert().to_owned());
    vec![SchemaChange::Table(totals), SchemaChange::Insert(fill)]
}
