//! m0820: price lists (with the clients and tags they are for, and their rules), discount rules
//! (with the products, categories and clients they are for), the uses of promo codes, and the
//! manual warnings on clients and products.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, boolean, company_table, date_null, index,
    integer, reference, text, text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;

pub(super) fn migrations() -> Vec<SchemaMigration> {
    vec![SchemaMigration {
        name: "m0820_sales_pricing",
        build: pricing_tables,
    }]
}

fn pricing_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let lists = company_table(backend, "sales_price_lists")
        .col(text("name"))
        // The currency of its prices; documents in another currency do not use it.
        .col(text("currency"))
        .col(date_null("date_from"))
        .col(date_null("date_to"))
        // Higher first among lists of the same kind.
        .col(integer("priority"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .to_owned();
    let list_partners = company_table(backend, "sales_price_list_partners")
        .col(uuid(backend, "price_list_id"))
        .col(uuid(backend, "partner_id"))
        .foreign_key(&mut reference(
            "sales_price_list_partners",
            "price_list_id",
            "sales_price_lists",
        ))
        .foreign_key(&mut reference(
            "sales_price_list_partners",
            "partner_id",
            "partners",
        ))
        .to_owned();
    let list_tags = company_table(backend, "sales_price_list_tags")
        .col(uuid(backend, "price_list_id"))
        .col(text("tag"))
        .foreign_key(&mut reference(
            "sales_price_list_tags",
            "price_list_id",
            "sales_price_lists",
        ))
        .to_owned();
    let rules = company_table(backend, "sales_price_rules")
        .col(uuid(backend, "price_list_id"))
        .col(integer("position"))
        .col(uuid_null(backend, "product_id"))
        .col(uuid_null(backend, "category_id"))
        // Ten-thousandths of the product's unit.
        .col(bigint("min_quantity_e4"))
        .col(date_null("date_from"))
        .col(date_null("date_to"))
        // fixed | discount | formula
        .col(text("method"))
        // Millionths of the list's currency per unit of the product.
        .col(bigint_null("price_e6"))
        // Ten-thousandths of a percent (parts per million).
        .col(bigint_null("percent_ppm"))
        // sale_price | cost
        .col(text_null("base"))
        .col(bigint_null("surcharge_e6"))
        .foreign_key(&mut reference(
            "sales_price_rules",
            "price_list_id",
            "sales_price_lists",
        ))
        .foreign_key(&mut reference(
            "sales_price_rules",
            "product_id",
            "products",
        ))
        .foreign_key(&mut reference(
            "sales_price_rules",
            "category_id",
            "product_categories",
        ))
        .to_owned();
    let discounts = company_table(backend, "sales_discounts")
        .col(text("name"))
        // order_total | product | buy_x_get_y
        .col(text("kind"))
        .col(boolean("active"))
        .col(date_null("date_from"))
        .col(date_null("date_to"))
        // Minor units of the company currency.
        .col(bigint_null("min_amount_minor"))
        .col(bigint_null("percent_ppm"))
        .col(bigint_null("amount_minor"))
        // Ten-thousandths of the product's unit.
        .col(bigint_null("buy_quantity_e4"))
        .col(bigint_null("free_quantity_e4"))
        .col(text_null("promo_code"))
        // Lower-cased, unique per company.
        .col(text_null("promo_key"))
        .col(bigint_null("usage_limit"))
        .col(bigint_null("usage_limit_per_partner"))
        // Counted when an order with the code is confirmed, given back when it is cancelled.
        .col(bigint("usage_count"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .to_owned();
    let discount_targets = company_table(backend, "sales_discount_targets")
        .col(uuid(backend, "discount_id"))
        .col(uuid_null(backend, "product_id"))
        .col(uuid_null(backend, "category_id"))
        .col(uuid_null(backend, "partner_id"))
        .foreign_key(&mut reference(
            "sales_discount_targets",
            "discount_id",
            "sales_discounts",
        ))
        .foreign_key(&mut reference(
            "sales_discount_targets",
            "product_id",
            "products",
        ))
        .foreign_key(&mut reference(
            "sales_discount_targets",
            "category_id",
            "product_categories",
        ))
        .foreign_key(&mut reference(
            "sales_discount_targets",
            "partner_id",
            "partners",
        ))
        .to_owned();
    let uses = company_table(backend, "sales_promo_uses")
        .col(uuid(backend, "discount_id"))
        .col(uuid(backend, "partner_id"))
        .col(uuid(backend, "order_id"))
        .col(bigint("created_at"))
        .foreign_key(&mut reference(
            "sales_promo_uses",
            "discount_id",
            "sales_discounts",
        ))
        .foreign_key(&mut reference(
            "sales_promo_uses",
            "order_id",
            "sales_orders",
        ))
        .to_owned();
    let warnings = company_table(backend, "sales_warnings")
        // client | product
        .col(text("entity_type"))
        .col(uuid(backend, "entity_id"))
        // info | warning | block
        .col(text("level"))
        .col(text("message"))
        .col(uuid(backend, "created_by"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .to_owned();
    vec![
        SchemaChange::Table(lists),
        index(
            "sales_price_lists_by_created",
            "sales_price_lists",
            &["company_id", "created_at"],
        ),
        SchemaChange::Table(list_partners),
        index(
            "sales_price_list_partners_by_list",
            "sales_price_list_partners",
            &["company_id", "price_list_id"],
        ),
        SchemaChange::Table(list_tags),
        index(
            "sales_price_list_tags_by_list",
            "sales_price_list_tags",
            &["company_id", "price_list_id"],
        ),
        SchemaChange::Table(rules),
        index(
            "sales_price_rules_by_list",
            "sales_price_rules",
            &["company_id", "price_list_id"],
        ),
        SchemaChange::Table(discounts),
        index(
            "sales_discounts_by_created",
            "sales_discounts",
            &["company_id", "created_at"],
        ),
        unique(
            "sales_discounts_by_promo",
            "sales_discounts",
            &["company_id", "promo_key"],
        ),
        SchemaChange::Table(discount_targets),
        index(
            "sales_discount_targets_by_discount",
            "sales_discount_targets",
            &["company_id", "discount_id"],
        ),
        SchemaChange::Table(uses),
        index(
            "sales_promo_uses_by_discount",
            "sales_promo_uses",
            &["company_id", "discount_id", "partner_id"],
        ),
        index(
            "sales_promo_uses_by_order",
            "sales_promo_uses",
            &["company_id", "order_id"],
        ),
        SchemaChange::Table(warnings),
        index(
            "sales_warnings_by_entity",
            "sales_warnings",
            &["company_id", "entity_type", "entity_id"],
        ),
        index(
            "sales_warnings_by_created",
            "sales_warnings",
            &["company_id", "created_at"],
        ),
    ]
}
