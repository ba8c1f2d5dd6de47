//! m0625: stock valuation. Every done move of a storable product into or out of the company's
//! own locations leaves a valuation layer (its quantity, unit cost and value, and what of it
//! FIFO has not consumed yet); `stock_valuations` keeps each product's quantity and value on
//! hand (the sum of its layers), the row a move of the product locks. The settings name the
//! journal and accounts the entries use, seeded from the UAE chart.

use arkan_platform::schema::{
    SchemaChange, bigint, bigint_null, company_table, date, index, reference, text, text_null,
    uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{Expr, ExprTrait, Index, Query, Table, UpdateStatement};
use uuid::Uuid;

/// The settings' accounts (column, chart code) and journal, as the UAE chart seeds them.
const ACCOUNTS: &[(&str, &str)] = &[
    ("stock_valuation_account_id", "120000"),
    ("stock_input_account_id", "203100"),
    ("inventory_loss_account_id", "502000"),
    ("price_difference_account_id", "503000"),
    ("cost_of_goods_sold_account_id", "501000"),
];
const JOURNAL: &str = "STJ";

pub(super) fn valuation_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let layers = company_table(backend, "stock_valuation_layers")
        .col(uuid(backend, "product_id"))
        .col(uuid_null(backend, "move_id"))
        .col(uuid_null(backend, "landed_cost_id"))
        // The warehouse of the company's side of the move (none for a revaluation).
        .col(uuid_null(backend, "warehouse_id"))
        // in | out | revaluation | landed_cost | correction
        .col(text("kind"))
        .col(date("date"))
        // Ten-thousandths of the product's unit: positive in, negative out, 0 for a value only.
        .col(bigint("quantity_e4"))
        // Millionths of the company currency per unit.
        .col(bigint("unit_cost_e6"))
        // Minor units of the company currency, as posted to the valuation account.
        .col(bigint("value_minor"))
        // What FIFO has not consumed yet (an out layer short of stock: what is still owed).
        .col(bigint("remaining_quantity_e4"))
        .col(bigint("remaining_value_minor"))
        // A receipt valued at a standard cost: the price paid (millionths per unit).
        .col(bigint_null("actual_unit_cost_e6"))
        .col(uuid_null(backend, "account_id"))
        .col(uuid_null(backend, "journal_entry_id"))
        .col(text_null("description"))
        .col(bigint("created_at"))
        .foreign_key(&mut reference(
            "stock_valuation_layers",
            "product_id",
            "products",
        ))
        .foreign_key(&mut reference(
            "stock_valuation_layers",
            "move_id",
            "stock_moves",
        ))
        .foreign_key(&mut reference(
            "stock_valuation_layers",
            "journal_entry_id",
            "journal_entries",
        ))
        .to_owned();
    let totals = Table::create()
        .table("stock_valuations")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "product_id"))
        .col(bigint("quantity_e4"))
        .col(bigint("value_minor"))
        .col(bigint("updated_at"))
        .primary_key(Index::create().col("company_id").col("product_id"))
        .foreign_key(&mut reference("stock_valuations", "product_id", "products"))
        .to_owned();
    let add = |column: &str| {
        SchemaChange::Alter(
            Table::alter()
                .table("inventory_settings")
                .add_column(uuid_null(backend, column))
                .to_owned(),
        )
    };
    let mut changes = vec![
        SchemaChange::Table(layers),
        index(
            "stock_valuation_layers_by_product",
            "stock_valuation_layers",
            &["company_id", "product_id", "date", "id"],
        ),
        index(
            "stock_valuation_layers_by_date",
            "stock_valuation_layers",
            &["company_id", "date"],
        ),
        index(
            "stock_valuation_layers_by_warehouse",
            "stock_valuation_layers",
            &["company_id", "warehouse_id", "date"],
        ),
        index(
            "stock_valuation_layers_by_move",
            "stock_valuation_layers",
            &["company_id", "move_id"],
        ),
        SchemaChange::Table(totals),
        add("stock_journal_id"),
    ];
    changes.extend(ACCOUNTS.iter().map(|(column, _)| add(column)));
    changes.push(SchemaChange::Update(seeded_accounts(None)));
    changes
}

/// The settings name the chart's accounts and the stock journal (all companies, or one).
pub(crate) fn seeded_accounts(company: Option<Uuid>) -> UpdateStatement {
    let owner = ("inventory_settings", "company_id");
    let mut update = Query::update()
        .table("inventory_settings")
        .value(
            "stock_journal_id",
            arkan_ledger::books::journal_id_by_code(owner, JOURNAL),
        )
        .to_owned();
    for (column, code) in ACCOUNTS {
        update.value(
            *column,
            arkan_ledger::books::account_id_by_code(owner, code),
        );
    }
    if let Some(company) = company {
        update.and_where(Expr::col("company_id").eq(company));
    }
    update
}
