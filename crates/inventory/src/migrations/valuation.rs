//! m0625: stock valuation. Every done move of a storable product into or out of the company's
//! own locations leaves a valuation layer (its quantity, unit cost and value, and what of it
//! FIFO has not consumed yet); `stock_valuations` keeps each product's quantity and value on
//! hand (the sum of its layers), the row a move of the product locks. The settings name the
//! journal and accounts the entries use, seeded from the UAE chart.

use arkan_platform::schema::{
    SchemaChange, bigint, bigint_null, company_table, date, index, integer, reference, text,
    text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{
    Expr, ExprTrait, ForeignKey, ForeignKeyAction, Index, Query, Table, UpdateStatement,
};
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

/// m0626: landed costs (freight, duty, insurance) spread over the moves of done receipts. The
/// costs and their receipts are the document; the allocations are computed while it is a draft
/// and fixed when it is posted, each posting a `landed_cost` layer on its move.
pub(super) fn landed_cost_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let documents = company_table(backend, "landed_costs")
        // Null until posted: `LC/2026/00001`.
        .col(text_null("number"))
        // draft | posted | cancelled
        .col(text("state"))
        .col(date("date"))
        .col(uuid_null(backend, "vendor_bill_id"))
        .col(text("currency"))
        .col(bigint("amount_total_minor"))
        .col(uuid_null(backend, "journal_entry_id"))
        .col(text_null("notes"))
        .col(text_null("cancel_reason"))
        .col(bigint_null("posted_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(
            "landed_costs",
            "journal_entry_id",
            "journal_entries",
        ))
        .to_owned();
    let transfers = company_table(backend, "landed_cost_transfers")
        .col(uuid(backend, "landed_cost_id"))
        .col(uuid(backend, "transfer_id"))
        .col(integer("position"))
        .foreign_key(&mut reference(
            "landed_cost_transfers",
            "landed_cost_id",
            "landed_costs",
        ))
        .foreign_key(&mut reference(
            "landed_cost_transfers",
            "transfer_id",
            "stock_transfers",
        ))
        .to_owned();
    let costs = company_table(backend, "landed_cost_lines")
        .col(uuid(backend, "landed_cost_id"))
        .col(integer("position"))
        .col(text("description"))
        .col(bigint("amount_minor"))
        // equal | by_quantity | by_weight | by_volume | by_value
        .col(text("split_method"))
        // The account credited (default: the settings' stock input account).
        .col(uuid_null(backend, "account_id"))
        .foreign_key(&mut reference(
            "landed_cost_lines",
            "landed_cost_id",
            "landed_costs",
        ))
        .to_owned();
    let allocations = company_table(backend, "landed_cost_allocations")
        .col(uuid(backend, "landed_cost_id"))
        .col(integer("position"))
        .col(uuid(backend, "transfer_id"))
        .col(uuid(backend, "move_id"))
        .col(uuid(backend, "product_id"))
        // In the move's unit, as the move was received.
        .col(bigint("quantity_e4"))
        .col(bigint("additional_cost_minor"))
        // Millionths of the company currency per unit of the move.
        .col(bigint("former_unit_cost_e6"))
        .col(bigint("new_unit_cost_e6"))
        .foreign_key(&mut reference(
            "landed_cost_allocations",
            "landed_cost_id",
            "landed_costs",
        ))
        .foreign_key(&mut reference(
            "landed_cost_allocations",
            "move_id",
            "stock_moves",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(documents),
        unique(
            "landed_costs_by_number",
            "landed_costs",
            &["company_id", "number"],
        ),
        index(
            "landed_costs_by_date",
            "landed_costs",
            &["company_id", "date"],
        ),
        SchemaChange::Table(transfers),
        index(
            "landed_cost_transfers_by_document",
            "landed_cost_transfers",
            &["company_id", "landed_cost_id"],
        ),
        SchemaChange::Table(costs),
        index(
            "landed_cost_lines_by_document",
            "landed_cost_lines",
            &["company_id", "landed_cost_id"],
        ),
        SchemaChange::Table(allocations),
        index(
            "landed_cost_allocations_by_document",
            "landed_cost_allocations",
            &["company_id", "landed_cost_id"],
        ),
    ]
}

/// The layers by product, now carrying their quantity and value: the valuation report sums the
/// layers after its date per product from this index alone, in product order, without sorting
/// the rows or reading the table (FIFO still reads a product's layers in date order through it).
pub(super) fn layers_by_product_covering(_: DatabaseBackend) -> Vec<SchemaChange> {
    vec![
        SchemaChange::Sql("DROP INDEX IF EXISTS stock_valuation_layers_by_product".to_owned()),
        index(
            "stock_valuation_layers_by_product_value",
            "stock_valuation_layers",
            &[
                "company_id",
                "product_id",
                "date",
                "id",
                "quantity_e4",
                "value_minor",
            ],
        ),
    ]
}

/// m0629: each product's valuation kept at the month ends reports have asked for
/// (`stock_month_ends`), carried forward by every layer dated on or before them
/// (`stock_month_end_valuations`), so that a report as of a past date reads the layers
/// between it and the nearest kept month end rather than every layer since.
pub(super) fn month_end_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let month_ends = Table::create()
        .table("stock_month_ends")
        .col(uuid(backend, "company_id"))
        .col(date("month_end"))
        .col(bigint("created_at"))
        .primary_key(Index::create().col("company_id").col("month_end"))
        .foreign_key(&mut super::company_key("stock_month_ends"))
        .to_owned();
    let valuations = Table::create()
        .table("stock_month_end_valuations")
        .col(uuid(backend, "company_id"))
        .col(date("month_end"))
        .col(uuid(backend, "product_id"))
        .col(bigint("quantity_e4"))
        .col(bigint("value_minor"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("month_end")
                .col("product_id"),
        )
        .foreign_key(
            &mut ForeignKey::create()
                .from("stock_month_end_valuations", ("company_id", "month_end"))
                .to("stock_month_ends", ("company_id", "month_end"))
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut reference(
            "stock_month_end_valuations",
            "product_id",
            "products",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(month_ends),
        SchemaChange::Table(valuations),
    ]
}
