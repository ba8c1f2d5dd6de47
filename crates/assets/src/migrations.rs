//! The fixed assets' tables (m05xx).

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, company_table, date, date_null, index,
    integer, reference, text, text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Table};

pub fn migrations() -> Vec<SchemaMigration> {
    vec![
        SchemaMigration {
            name: "m0501_fixed_assets",
            build: asset_tables,
        },
        SchemaMigration {
            name: "m0502_asset_origin",
            build: asset_origin,
        },
    ]
}

/// Where an asset came from and what it is booked against: the vendor bill line that bought it
/// (one asset per line), the vendor, the project its depreciation is charged to, and the
/// depreciation booked before it came into Arkan (a migrated asset). The ids have no foreign
/// keys (SQLite cannot add a composite one to an existing table): the service checks them.
fn asset_origin(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let alter = |column: ColumnDef| {
        SchemaChange::Alter(
            Table::alter()
                .table("fixed_assets")
                .add_column(column)
                .to_owned(),
        )
    };
    vec![
        alter(uuid_null(backend, "vendor_bill_line_id")),
        alter(uuid_null(backend, "partner_id")),
        alter(uuid_null(backend, "project_id")),
        alter(bigint("already_depreciated_minor").default(0).to_owned()),
        unique(
            "fixed_assets_by_bill_line",
            "fixed_assets",
            &["company_id", "vendor_bill_line_id"],
        ),
        index(
            "fixed_assets_by_project",
            "fixed_assets",
            &["company_id", "project_id"],
        ),
    ]
}

/// Categories, assets and their schedule lines. Accounts, journals and journal entries are
/// composite keys into the ledger's tables (made by m02xx, earlier).
fn asset_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let categories = company_table(backend, "asset_categories")
        .col(text("name"))
        .col(text("method"))
        .col(integer("useful_life_months"))
        // Hundredths of a percent a year (declining balance).
        .col(bigint("declining_rate_bp"))
        .col(text("prorata"))
        .col(uuid(backend, "asset_account_id"))
        .col(uuid(backend, "accumulated_account_id"))
        .col(uuid(backend, "expense_account_id"))
        .col(uuid_null(backend, "journal_id"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(
            "asset_categories",
            "asset_account_id",
            "accounts",
        ))
        .foreign_key(&mut reference(
            "asset_categories",
            "accumulated_account_id",
            "accounts",
        ))
        .foreign_key(&mut reference(
            "asset_categories",
            "expense_account_id",
            "accounts",
        ))
        .foreign_key(&mut reference("asset_categories", "journal_id", "journals"))
        .to_owned();
    let assets = company_table(backend, "fixed_assets")
        .col(text("name"))
        .col(text_null("code"))
        .col(uuid_null(backend, "category_id"))
        .col(date("acquisition_date"))
        .col(text("currency"))
        .col(bigint("cost_minor"))
        .col(bigint("salvage_minor"))
        .col(integer("useful_life_months"))
        .col(text("method"))
        .col(bigint("declining_rate_bp"))
        .col(text("prorata"))
        .col(date("first_depreciation_date"))
        .col(uuid(backend, "asset_account_id"))
        .col(uuid(backend, "accumulated_account_id"))
        .col(uuid(backend, "expense_account_id"))
        .col(uuid(backend, "journal_id"))
        .col(text("state"))
        // The disposal, once disposed of.
        .col(date_null("disposal_date"))
        .col(text_null("disposal_method"))
        .col(bigint_null("proceeds_minor"))
        .col(bigint_null("disposal_book_value_minor"))
        .col(bigint_null("gain_loss_minor"))
        .col(uuid_null(backend, "disposal_entry_id"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference(
            "fixed_assets",
            "category_id",
            "asset_categories",
        ))
        .foreign_key(&mut reference(
            "fixed_assets",
            "asset_account_id",
            "accounts",
        ))
        .foreign_key(&mut reference(
            "fixed_assets",
            "accumulated_account_id",
            "accounts",
        ))
        .foreign_key(&mut reference(
            "fixed_assets",
            "expense_account_id",
            "accounts",
        ))
        .foreign_key(&mut reference("fixed_assets", "journal_id", "journals"))
        .foreign_key(&mut reference(
            "fixed_assets",
            "disposal_entry_id",
            "journal_entries",
        ))
        .to_owned();
    let lines = company_table(backend, "asset_depreciation_lines")
        .col(uuid(backend, "asset_id"))
        .col(integer("sequence"))
        .col(date("date"))
        .col(bigint("amount_minor"))
        .col(text("state"))
        .col(uuid_null(backend, "entry_id"))
        .foreign_key(
            &mut reference("asset_depreciation_lines", "asset_id", "fixed_assets")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut reference(
            "asset_depreciation_lines",
            "entry_id",
            "journal_entries",
        ))
        .to_owned();
    vec![
        SchemaChange::Table(categories),
        index(
            "asset_categories_by_created",
            "asset_categories",
            &["company_id", "created_at", "id"],
        ),
        SchemaChange::Table(assets),
        index(
            "fixed_assets_by_created",
            "fixed_assets",
            &["company_id", "created_at", "id"],
        ),
        index(
            "fixed_assets_by_category",
            "fixed_assets",
            &["company_id", "category_id"],
        ),
        SchemaChange::Table(lines),
        unique(
            "asset_depreciation_lines_by_asset",
            "asset_depreciation_lines",
            &["company_id", "asset_id", "sequence"],
        ),
        index(
            "asset_depreciation_lines_due",
            "asset_depreciation_lines",
            &["company_id", "state", "date"],
        ),
    ]
}
