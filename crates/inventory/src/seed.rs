//! What every company starts with: the warehouse `WH` (its view, stock, input, quality, packing
//! and output locations) and one virtual location of each kind, named by the company's
//! inventory settings. One set of statements does it for a new company (the set-up hook) and
//! for the companies that existed before inventory (migration m0622): each inserts from
//! `companies`, for the companies that have no inventory settings yet (the settings row is
//! written last).

use std::future::Future;
use std::pin::Pin;

use arkan_platform::schema::SchemaChange;
use arkan_platform::state::NewCompany;
use sea_orm::sea_query::{
    Expr, ExprTrait, InsertStatement, Query, SelectStatement, SimpleExpr,
    UpdateStatement,
};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseTransaction, DbErr};
use uuid::Uuid;

/// A seeded location: name, full name, type, parent's full name, barcode, in the warehouse.
type Seeded = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    bool,
);

/// Parents before children.
const LOCATIONS: &[Seeded] = &[
    ("Partners", "Partners", "view", None, None, false),
    ("Vendors", "Partners/Vendors", "supplier", Some("Partners"), None, false),
    ("Customers", "Partners/Customers", "customer", Some("Partners"), None, false),
    ("Virtual Locations", "Virtual Locations", "view", None, None, false),
    (
        "Inventory adjustment",
        "Virtual Locations/Inventory adjustment",
        "inventory",
        Some("Virtual Locations"),
        None,
        false,
    ),
    ("Scrap", "Virtual Locations/Scrap", "scrap", Some("Virtual Locations"), None, false),
    ("Transit", "Virtual Locations/Transit", "transit", Some("Virtual Locations"), None, false),
    (
        "Production",
        "Virtual Locations/Production",
        "production",
        Some("Virtual Locations"),
        None,
        false,
    ),
    ("WH", "WH", "view", None, None, true),
    ("Stock", "WH/Stock", "internal", Some("WH"), Some("WH-STOCK"), true),
    ("Input", "WH/Input", "internal", Some("WH"), Some("WH-INPUT"), true),
    ("Quality Control", "WH/Quality Control", "internal", Some("WH"), Some("WH-QUALITY"), true),
    ("Packing Zone", "WH/Packing Zone", "internal", Some("WH"), Some("WH-PACKING"), true),
    ("Output", "WH/Output", "internal", Some("WH"), Some("WH-OUTPUT"), true),
];

/// The set-up hook: the statements for the new company only.
pub fn setup_company<'a>(
    transaction: &'a DatabaseTransaction,
    company: &'a NewCompany,
) -> Pin<Box<dyn Future<Output = Result<(), DbErr>> + Send + 'a>> {
    Box::pin(async move {
        for change in statements(
            transaction.get_database_backend(),
            company.now,
            Some(company.id.0),
        ) {
            match change {
                SchemaChange::Insert(insert) => transaction.execute(&insert).await?,
                SchemaChange::Update(update) => transaction.execute(&update).await?,
                _ => return Err(DbErr::Custom("unexpected set-up statement".into())),
            };
        }
        Ok(())
    })
}

/// Migration m0622: every company that existed before.
pub fn existing_companies(backend: DatabaseBackend) -> Vec<SchemaChange> {
    statements(backend, arkan_kernel::time::now_micros(), None)
}

fn statements(backend: DatabaseBackend, now: i64, company: Option<Uuid>) -> Vec<SchemaChange> {
    let new_id: SimpleExpr = match backend {
        DatabaseBackend::Postgres => Expr::cust("gen_random_uuid()"),
        _ => Expr::cust("randomblob(16)"),
    };
    let mut changes: Vec<SchemaChange> = LOCATIONS
        .iter()
        .map(|seeded| SchemaChange::Insert(location(seeded, &new_id, now, company)))
        .collect();
    changes.push(SchemaChange::Insert(warehouse(&new_id, now, company)));
    changes.push(SchemaChange::Update(warehouse_of_locations(company)));
    changes.push(SchemaChange::Insert(settings(now, company)));
    changes
}

/// The companies still without inventory (one, for the hook).
fn companies(company: Option<Uuid>) -> SelectStatement {
    let mut select = Query::select()
        .from("companies")
        .and_where(
            Expr::exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from("inventory_settings")
                    .and_where(
                        Expr::col(("inventory_settings", "company_id"))
                            .equals(("companies", "id")),
                    )
                    .to_owned(),
            )
            .not(),
        )
        .to_owned();
    if let Some(company) = company {
        select.and_where(Expr::col(("companies", "id")).eq(company));
    }
    select
}

/// The id of the company's seeded location `full_name` (a subquery on `companies.id`).
fn seeded_location(full_name: &str) -> SimpleExpr {
    SimpleExpr::SubQuery(
        None,
        Box::new(
            Query::select()
                .column(("seeded", "id"))
                .from_as("stock_locations", "seeded")
                .and_where(Expr::col(("seeded", "company_id")).equals(("companies", "id")))
                .and_where(Expr::col(("seeded", "full_name")).eq(full_name))
                .limit(1)
                .to_owned()
                .into_sub_query_statement(),
        ),
    )
}

fn location(seeded: &Seeded, new_id: &SimpleExpr, now: i64, company: Option<Uuid>) -> InsertStatement {
    let (name, full_name, kind, parent, barcode, _) = *seeded;
    let mut select = companies(company);
    select
        .column(("companies", "id"))
        .expr(new_id.clone())
        .expr(Expr::val(name))
        .expr(Expr::val(full_name))
        .expr(match parent {
            Some(parent) => seeded_location(parent),
            None => Expr::val(Option::<Uuid>::None).into(),
        })
        .expr(Expr::val(kind))
        .expr(Expr::val(barcode))
        .expr(Expr::val(true))
        .expr(Expr::val(now))
        .expr(Expr::val(now));
    Query::insert()
        .into_table("stock_locations")
        .columns([
            "company_id",
            "id",
            "name",
            "full_name",
            "parent_id",
            "type",
            "barcode",
            "active",
            "created_at",
            "updated_at",
        ])
        .select_from(select)
        .map(|insert| insert.to_owned())
        .unwrap_or_else(|_| Query::insert().to_owned())
}

fn warehouse(new_id: &SimpleExpr, now: i64, company: Option<Uuid>) -> InsertStatement {
    let mut select = companies(company);
    select
        .column(("companies", "id"))
        .expr(new_id.clone())
        .expr(Expr::val("Warehouse"))
        .expr(Expr::val("WH"))
        .expr(Expr::val("one_step"))
        .expr(Expr::val("ship_only"))
        .expr(seeded_location("WH"))
        .expr(seeded_location("WH/Stock"))
        .expr(seeded_location("WH/Input"))
        .expr(seeded_location("WH/Quality Control"))
        .expr(seeded_location("WH/Packing Zone"))
        .expr(seeded_location("WH/Output"))
        .expr(Expr::val(true))
        .expr(Expr::val(now))
        .expr(Expr::val(now));
    Query::insert()
        .into_table("warehouses")
        .columns([
            "company_id",
            "id",
            "name",
            "code",
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
        ])
        .select_from(select)
        .map(|insert| insert.to_owned())
        .unwrap_or_else(|_| Query::insert().to_owned())
}

/// The seeded warehouse's locations name it (they were made before it).
fn warehouse_of_locations(company: Option<Uuid>) -> UpdateStatement {
    let in_warehouse: Vec<&str> = LOCATIONS
        .iter()
        .filter(|seeded| seeded.5)
        .map(|seeded| seeded.1)
        .collect();
    let mut update = Query::update()
        .table("stock_locations")
        .value(
            "warehouse_id",
            SimpleExpr::SubQuery(
                None,
                Box::new(
                    Query::select()
                        .column(("warehouses", "id"))
                        .from("warehouses")
                        .and_where(
                            Expr::col(("warehouses", "company_id"))
                                .equals(("stock_locations", "company_id")),
                        )
                        .and_where(Expr::col(("warehouses", "code")).eq("WH"))
                        .to_owned()
                        .into_sub_query_statement(),
                ),
            ),
        )
        .and_where(Expr::col(("stock_locations", "full_name")).is_in(in_warehouse))
        .and_where(Expr::col(("stock_locations", "warehouse_id")).is_null())
        .to_owned();
    if let Some(company) = company {
        update.and_where(Expr::col(("stock_locations", "company_id")).eq(company));
    }
    update
}

fn settings(now: i64, company: Option<Uuid>) -> InsertStatement {
    let mut select = companies(company);
    select
        .column(("companies", "id"))
        .expr(Expr::val(false))
        .expr(seeded_location("Partners/Vendors"))
        .expr(seeded_location("Partners/Customers"))
        .expr(seeded_location("Virtual Locations/Inventory adjustment"))
        .expr(seeded_location("Virtual Locations/Scrap"))
        .expr(seeded_location("Virtual Locations/Transit"))
        .expr(seeded_location("Virtual Locations/Production"))
        .expr(Expr::val(now));
    Query::insert()
        .into_table("inventory_settings")
        .columns([
            "company_id",
            "allow_negative_stock",
            "supplier_location_id",
            "customer_location_id",
            "inventory_location_id",
            "scrap_location_id",
            "transit_location_id",
            "production_location_id",
            "updated_at",
        ])
        .select_from(select)
        .map(|insert| insert.to_owned())
        .unwrap_or_else(|_| Query::insert().to_owned())
}
