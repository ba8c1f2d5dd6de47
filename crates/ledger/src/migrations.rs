//! The ledger's tables. Every table is keyed `(company_id, ...)` and refers to other tenant rows
//! through composite keys: a journal line of company A cannot point at an account of company B.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, boolean, clear_dangling_reference,
    company_table, date, date_null, index, integer, reference, text, text_null, unique, uuid,
    uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{
    ColumnDef, Expr, ExprTrait, ForeignKey, ForeignKeyAction, Index, Query, Table,
};

pub fn migrations() -> Vec<SchemaMigration> {
    vec![
        SchemaMigration {
            name: "m0903_journal_lines_project_reference",
            build: journal_lines_project_reference,
        },
        SchemaMigration {
            name: "m0201_accounting_ledger",
            build: ledger_tables,
        },
        SchemaMigration {
            name: "m0202_currencies",
            build: currency_table,
        },
        SchemaMigration {
            name: "m0206_accounting_settings",
            build: settings_table,
        },
        SchemaMigration {
            name: "m0208_ledger_settings_from_companies",
            build: book_settings,
        },
        SchemaMigration {
            name: "m0211_journal_entry_date_index",
            build: entry_sort_indexes,
        },
        SchemaMigration {
            name: "m0212_tax_sequence_and_recovery",
            build: tax_sequence_and_recovery,
        },
        SchemaMigration {
            name: "m0213_write_off_limit",
            build: write_off_limit,
        },
        SchemaMigration {
            name: "m0220_discount_accounts",
            build: discount_accounts,
        },
        SchemaMigration {
            name: "m0221_closing_entries",
            build: closing_entries,
        },
        SchemaMigration {
            name: "m0222_year_end_close",
            build: year_end_close,
        },
        SchemaMigration {
            name: "m0223_tax_details_and_vat_emirate",
            build: tax_details_and_vat_emirate,
        },
        SchemaMigration {
            name: "m0224_journal_lines_for_reports",
            build: journal_lines_for_reports,
        },
        SchemaMigration {
            name: "m0225_revenue_months",
            build: revenue_months,
        },
        SchemaMigration {
            name: "m0226_tax_details_for_returns",
            build: tax_details_for_returns,
        },
        SchemaMigration {
            name: "m0227_tax_months",
            build: tax_months,
        },
        SchemaMigration {
            name: "m0228_stock_accounts",
            build: stock_accounts,
        },
    ]
}

/// Stock valuation's accounts and journal for the companies that existed before it: the
/// accounts on the UAE chart (the companies that have its `120000 Inventory`), the journal for
/// every company, each only where the code is still free.
fn stock_accounts(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let new_id = match backend {
        DatabaseBackend::Postgres => Expr::cust("gen_random_uuid()"),
        _ => Expr::cust("randomblob(16)"),
    };
    let now = arkan_kernel::time::now_micros();
    let has_code = |table: &'static str, code: &str| {
        Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from_as(table, "known")
                .and_where(Expr::col(("known", "company_id")).equals(("companies", "id")))
                .and_where(Expr::col(("known", "code")).eq(code))
                .to_owned(),
        )
    };
    let mut changes: Vec<SchemaChange> = crate::seed::STOCK_ACCOUNTS
        .iter()
        .map(|(code, name, account_type)| {
            let select = Query::select()
                .expr(new_id.clone())
                .column(("companies", "id"))
                .expr(Expr::val(*code))
                .expr(Expr::val(*name))
                .expr(Expr::val(*account_type))
                .expr(Expr::val(false))
                .expr(Expr::val(true))
                .expr(Expr::val(now))
                .expr(Expr::val(now))
                .from("companies")
                .and_where(has_code("accounts", "120000"))
                .and_where(has_code("accounts", code).not())
                .to_owned();
            SchemaChange::Insert(
                Query::insert()
                    .into_table("accounts")
                    .columns([
                        "id",
                        "company_id",
                        "code",
                        "name",
                        "account_type",
                        "reconcile",
                        "active",
                        "created_at",
                        "updated_at",
                    ])
                    .select_from(select)
                    .map(|insert| insert.to_owned())
                    .unwrap_or_else(|_| Query::insert().to_owned()),
            )
        })
        .collect();
    let (name, code, journal_type, _) = crate::seed::STOCK_JOURNAL;
    let select = Query::select()
        .expr(new_id)
        .column(("companies", "id"))
        .expr(Expr::val(name))
        .expr(Expr::val(code))
        .expr(Expr::val(journal_type))
        .expr(Expr::val(now))
        .expr(Expr::val(now))
        .from("companies")
        .and_where(has_code("journals", code).not())
        .to_owned();
    changes.push(SchemaChange::Insert(
        Query::insert()
            .into_table("journals")
            .columns([
                "id",
                "company_id",
                "name",
                "code",
                "journal_type",
                "created_at",
                "updated_at",
            ])
            .select_from(select)
            .map(|insert| insert.to_owned())
            .unwrap_or_else(|_| Query::insert().to_owned()),
    ));
    changes
}

/// The VAT return's sums kept per month, tax and partner (`store::tax_details`): written with
/// the details, filled here from the details written before.
fn tax_months(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let table = Table::create()
        .table("tax_months")
        .col(uuid(backend, "company_id"))
        .col(date("month"))
        .col(uuid(backend, "tax_id"))
        .col(uuid(backend, "partner_key"))
        .col(bigint("base_minor"))
        .col(bigint("tax_minor"))
        .col(bigint("recoverable_minor"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("month")
                .col("tax_id")
                .col("partner_key"),
        )
        .foreign_key(&mut reference("tax_months", "tax_id", "taxes"))
        .to_owned();
    vec![
        SchemaChange::Table(table),
        SchemaChange::Insert(crate::store::tax_months_backfill(backend)),
    ]
}

/// The VAT return sums a period's tax details per tax and partner: an index holding every
/// column it reads answers it from the index alone. It starts with the columns of
/// `journal_entry_taxes_by_date`, which it replaces.
fn tax_details_for_returns(_backend: DatabaseBackend) -> Vec<SchemaChange> {
    vec![
        index(
            "journal_entry_taxes_for_returns",
            "journal_entry_taxes",
            &[
                "company_id",
                "entry_date",
                "tax_id",
                "partner_id",
                "base_minor",
                "tax_minor",
                "recoverable_minor",
            ],
        ),
        SchemaChange::Sql("DROP INDEX IF EXISTS journal_entry_taxes_by_date".to_owned()),
    ]
}

/// Revenue kept per month, partner and project (`store::revenue_months`): written by the
/// posting, filled here from the lines posted before.
fn revenue_months(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let table = Table::create()
        .table("revenue_months")
        .col(uuid(backend, "company_id"))
        .col(text("dimension"))
        .col(uuid(backend, "key_id"))
        .col(date("month"))
        .col(bigint("income_debit_minor"))
        .col(bigint("income_credit_minor"))
        .col(bigint("income_entries"))
        .col(bigint("expense_debit_minor"))
        .col(bigint("expense_credit_minor"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("dimension")
                .col("month")
                .col("key_id"),
        )
        .foreign_key(
            ForeignKey::create()
                .from("revenue_months", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    let mut changes = vec![SchemaChange::Table(table)];
    changes.extend(
        crate::store::revenue_months_backfill(backend, None)
            .into_iter()
            .map(SchemaChange::Insert),
    );
    changes
}

/// The revenue reports and budgets sum a period's lines of a few accounts per partner, project
/// or day: an index holding every column they read answers them from the index alone (an
/// index-only scan on PostgreSQL, a covering index on SQLite), without a row lookup per line.
/// It starts with the columns of `journal_lines_by_account`, which it replaces (the general
/// ledger's and the balances' reads by account and date use its prefix), so a posting still
/// updates one index per line for both.
fn journal_lines_for_reports(_backend: DatabaseBackend) -> Vec<SchemaChange> {
    vec![
        index(
            "journal_lines_for_reports",
            "journal_lines",
            &[
                "company_id",
                "account_id",
                "entry_date",
                "posted",
                "partner_id",
                "project_id",
                "entry_id",
                "debit_minor",
                "credit_minor",
            ],
        ),
        SchemaChange::Sql("DROP INDEX IF EXISTS journal_lines_by_account".to_owned()),
    ]
}

/// The VAT return's figures: per posted entry, tax and partner, the base, the tax and its
/// recoverable part in company currency, signed as the return shows them (written by the
/// posting, which knows the bases the lines do not carry). Entries posted before get theirs
/// from their lines carrying a tax, as a manual entry does (one row per line, keyed by the
/// line's id: the tax only, base 0). And the emirate of the company's own supplies, for
/// clients without one (box 1).
#[expect(
    clippy::expect_used,
    reason = "the copy selects as many expressions as it names columns, so it cannot fail"
)]
fn tax_details_and_vat_emirate(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let details = company_table(backend, "journal_entry_taxes")
        .col(uuid(backend, "entry_id"))
        .col(date("entry_date"))
        .col(uuid(backend, "tax_id"))
        .col(uuid_null(backend, "partner_id"))
        .col(bigint("base_minor"))
        .col(bigint("tax_minor"))
        .col(bigint("recoverable_minor"))
        .col(bigint("created_at"))
        .foreign_key(
            &mut reference("journal_entry_taxes", "entry_id", "journal_entries")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut reference("journal_entry_taxes", "tax_id", "taxes"))
        .foreign_key(&mut reference(
            "journal_entry_taxes",
            "partner_id",
            "partners",
        ))
        .to_owned();
    // As the posting derives them (`tax_line_parts`): a tax's own account holds the recoverable
    // part, other accounts the blocked part; a reverse charge is owed on its own account and
    // recovered on its counterpart.
    const SIGNED: &str = "(CASE WHEN taxes.type_tax_use = 'purchase' \
         THEN journal_lines.debit_minor - journal_lines.credit_minor \
         ELSE journal_lines.credit_minor - journal_lines.debit_minor END)";
    const COUNTERPART: &str = "COALESCE(taxes.counterpart_account_id, taxes.account_id)";
    let tax_part = Expr::cust(format!(
        "CASE WHEN taxes.reverse_charge THEN \
           (CASE WHEN journal_lines.account_id = taxes.account_id \
                  AND {COUNTERPART} <> taxes.account_id THEN -{SIGNED} ELSE 0 END) \
         ELSE {SIGNED} END"
    ));
    let recoverable_part = Expr::cust(format!(
        "CASE WHEN taxes.reverse_charge THEN \
           (CASE WHEN journal_lines.account_id = {COUNTERPART} THEN {SIGNED} ELSE 0 END) \
         WHEN journal_lines.account_id = taxes.account_id THEN {SIGNED} ELSE 0 END"
    ));
    let earlier_entries = Query::insert()
        .into_table("journal_entry_taxes")
        .columns([
            "company_id",
            "id",
            "entry_id",
            "entry_date",
            "tax_id",
            "partner_id",
            "base_minor",
            "tax_minor",
            "recoverable_minor",
            "created_at",
        ])
        .select_from(
            Query::select()
                .column(("journal_lines", "company_id"))
                .column(("journal_lines", "id"))
                .column(("journal_lines", "entry_id"))
                .column(("journal_lines", "entry_date"))
                .column(("journal_lines", "tax_id"))
                .column(("journal_lines", "partner_id"))
                .expr(Expr::val(0_i64))
                .expr(tax_part)
                .expr(recoverable_part)
                .column(("journal_entries", "updated_at"))
                .from("journal_lines")
                .inner_join(
                    "journal_entries",
                    Expr::col(("journal_entries", "company_id"))
                        .equals(("journal_lines", "company_id"))
                        .and(
                            Expr::col(("journal_entries", "id"))
                                .equals(("journal_lines", "entry_id")),
                        ),
                )
                .inner_join(
                    "taxes",
                    Expr::col(("taxes", "company_id"))
                        .equals(("journal_lines", "company_id"))
                        .and(Expr::col(("taxes", "id")).equals(("journal_lines", "tax_id"))),
                )
                .and_where(Expr::col(("journal_lines", "posted")).eq(true))
                .to_owned(),
        )
        .expect("ten columns from ten expressions")
        .to_owned();
    let emirate = Table::alter()
        .table("accounting_settings")
        .add_column(text_null("vat_emirate"))
        .to_owned();
    vec![
        SchemaChange::Table(details),
        index(
            "journal_entry_taxes_by_date",
            "journal_entry_taxes",
            &["company_id", "entry_date", "tax_id"],
        ),
        index(
            "journal_entry_taxes_by_entry",
            "journal_entry_taxes",
            &["company_id", "entry_id"],
        ),
        SchemaChange::Insert(earlier_entries),
        SchemaChange::Alter(emirate),
    ]
}

/// Year-end close: the account profit and loss closes into (checked by the settings, as the
/// discount accounts are: a column added later cannot take a foreign key on SQLite), and the
/// entry that closed each closed year.
fn year_end_close(backend: DatabaseBackend) -> Vec<SchemaChange> {
    [
        ("accounting_settings", "retained_earnings_account_id"),
        ("fiscal_years", "closing_entry_id"),
    ]
    .map(|(table, column)| {
        SchemaChange::Alter(
            Table::alter()
                .table(table)
                .add_column(uuid_null(backend, column))
                .to_owned(),
        )
    })
    .into()
}

/// Year-end closing entries (and the reversals that reopen a year) are marked, so profit and loss
/// and cash flow can leave them out; an index finds the few of them in a period.
fn closing_entries(_backend: DatabaseBackend) -> Vec<SchemaChange> {
    let alter = Table::alter()
        .table("journal_entries")
        .add_column(boolean("closing").default(false).to_owned())
        .to_owned();
    vec![
        SchemaChange::Alter(alter),
        index(
            "journal_entries_closing",
            "journal_entries",
            &["company_id", "closing", "entry_date"],
        ),
    ]
}

/// The largest write-off an allocation may book, in minor units of the company currency (0 until
/// the company sets one: no write-offs).
fn write_off_limit(_backend: DatabaseBackend) -> Vec<SchemaChange> {
    let alter = Table::alter()
        .table("accounting_settings")
        .add_column(
            ColumnDef::new("write_off_limit_minor")
                .big_integer()
                .not_null()
                .default(0),
        )
        .to_owned();
    vec![SchemaChange::Alter(alter)]
}

/// Where early-payment discounts are booked: allowed to clients, received from vendors. (A
/// column added later cannot take a foreign key on SQLite; the settings check the account.)
fn discount_accounts(backend: DatabaseBackend) -> Vec<SchemaChange> {
    [
        "discount_allowed_account_id",
        "discount_received_account_id",
    ]
    .map(|column| {
        SchemaChange::Alter(
            Table::alter()
                .table("accounting_settings")
                .add_column(arkan_platform::schema::uuid_null(backend, column))
                .to_owned(),
        )
    })
    .into()
}

/// The entry list sorts by date too: a keyset page by date reads the index, not every entry.
/// (By number, drafts without one sort as the empty text, so the unique number index serves
/// only the filter, not that order.)
fn entry_sort_indexes(_backend: DatabaseBackend) -> Vec<SchemaChange> {
    vec![index(
        "journal_entries_by_date",
        "journal_entries",
        &["company_id", "entry_date", "id"],
    )]
}

/// Taxes on taxes and blocked input tax: the order a line's taxes apply in, whether a tax's
/// amount joins the base of the later ones, and the recoverable part of a purchase tax (parts
/// per million). Existing taxes: sequence 10, not in the base, fully recoverable.
fn tax_sequence_and_recovery(_backend: DatabaseBackend) -> Vec<SchemaChange> {
    let add = |column: ColumnDef| {
        SchemaChange::Alter(Table::alter().table("taxes").add_column(column).to_owned())
    };
    vec![
        add(integer("sequence").default(10).to_owned()),
        add(boolean("include_base_amount").default(false).to_owned()),
        add(bigint("recoverable_ppm").default(1_000_000).to_owned()),
    ]
}

fn ledger_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let rates = company_table(backend, "currency_rates")
        .col(text("currency"))
        .col(date("rate_date"))
        // Units of company currency per unit of `currency`, times 10^10.
        .col(bigint("rate_e10"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .to_owned();

    let accounts = company_table(backend, "accounts")
        .col(text("code"))
        .col(text("name"))
        .col(text("account_type"))
        .col(uuid_null(backend, "parent_id"))
        .col(boolean("reconcile"))
        .col(text_null("currency"))
        .col(boolean("active"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("accounts", "parent_id", "accounts"))
        .to_owned();

    let journals = company_table(backend, "journals")
        .col(text("name"))
        .col(text("code"))
        .col(text("journal_type"))
        .col(uuid_null(backend, "default_account_id"))
        // The company's own account behind a bank journal: the debit account of payment files.
        .col(text_null("bank_iban"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("journals", "default_account_id", "accounts"))
        .to_owned();

    let fiscal_years = company_table(backend, "fiscal_years")
        .col(text("name"))
        .col(date("date_from"))
        .col(date("date_to"))
        .col(text("state"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .to_owned();

    let taxes = company_table(backend, "taxes")
        .col(text("name"))
        .col(text("amount_type"))
        // Percent taxes: parts per million of the base (5 % = 50,000). Fixed: minor units.
        .col(bigint("rate"))
        .col(text("type_tax_use"))
        .col(boolean("price_include"))
        .col(uuid(backend, "account_id"))
        .col(text_null("vat_box"))
        // Reverse charge: the buyer books the tax both ways, on `account_id` (payable) and on
        // `counterpart_account_id` (recoverable).
        .col(boolean("reverse_charge"))
        .col(uuid_null(backend, "counterpart_account_id"))
        .col(boolean("active"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("taxes", "account_id", "accounts"))
        .foreign_key(&mut reference(
            "taxes",
            "counterpart_account_id",
            "accounts",
        ))
        .to_owned();

    let entries = company_table(backend, "journal_entries")
        .col(uuid(backend, "journal_id"))
        .col(date("entry_date"))
        .col(text_null("reference"))
        .col(text_null("memo"))
        .col(text_null("number"))
        .col(text("state"))
        .col(bigint("total_debit_minor"))
        .col(bigint("total_credit_minor"))
        .col(uuid_null(backend, "reversed_entry_id"))
        .col(uuid_null(backend, "reversal_of_id"))
        .col(bigint_null("posted_at"))
        .col(text_null("hash"))
        .col(bigint_null("chain_position"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("journal_entries", "journal_id", "journals"))
        .to_owned();

    let lines = company_table(backend, "journal_lines")
        .col(uuid(backend, "entry_id"))
        .col(integer("line_no"))
        .col(uuid(backend, "account_id"))
        .col(uuid_null(backend, "partner_id"))
        .col(text_null("description"))
        .col(bigint("debit_minor"))
        .col(bigint("credit_minor"))
        .col(text_null("currency"))
        .col(bigint_null("amount_currency_minor"))
        .col(uuid_null(backend, "project_id"))
        .col(uuid_null(backend, "tax_id"))
        .col(date("entry_date"))
        .col(boolean("posted"))
        .foreign_key(
            &mut reference("journal_lines", "entry_id", "journal_entries")
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
        )
        .foreign_key(&mut reference("journal_lines", "account_id", "accounts"))
        .foreign_key(&mut reference("journal_lines", "partner_id", "partners"))
        .foreign_key(&mut reference("journal_lines", "tax_id", "taxes"))
        .to_owned();

    // The next gapless number of a journal in a fiscal year.
    let sequences = Table::create()
        .table("entry_sequences")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "journal_id"))
        .col(uuid(backend, "fiscal_year_id"))
        .col(bigint("next_number"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("journal_id")
                .col("fiscal_year_id"),
        )
        .foreign_key(&mut reference("entry_sequences", "journal_id", "journals"))
        .foreign_key(&mut reference(
            "entry_sequences",
            "fiscal_year_id",
            "fiscal_years",
        ))
        .to_owned();

    // Posted debits and credits per account and day, kept in the posting transaction, so
    // balances and the trial balance never sum every line.
    let balances = Table::create()
        .table("account_balances")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "account_id"))
        .col(date("balance_date"))
        .col(bigint("debit_minor"))
        .col(bigint("credit_minor"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("account_id")
                .col("balance_date"),
        )
        .foreign_key(&mut reference("account_balances", "account_id", "accounts"))
        .to_owned();

    // The head of each company's chain of posted-entry hashes.
    let chain = Table::create()
        .table("ledger_chain")
        .col(uuid(backend, "company_id").primary_key())
        .col(text("last_hash"))
        .col(bigint("entries"))
        .foreign_key(
            ForeignKey::create()
                .from("ledger_chain", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();

    vec![
        SchemaChange::Table(rates),
        unique(
            "currency_rates_by_day",
            "currency_rates",
            &["company_id", "currency", "rate_date"],
        ),
        SchemaChange::Table(accounts),
        unique("accounts_by_code", "accounts", &["company_id", "code"]),
        SchemaChange::Table(journals),
        unique("journals_by_code", "journals", &["company_id", "code"]),
        SchemaChange::Table(fiscal_years),
        // Concurrent first postings of a year open it once, not twice.
        unique(
            "fiscal_years_by_start",
            "fiscal_years",
            &["company_id", "date_from"],
        ),
        SchemaChange::Table(taxes),
        SchemaChange::Table(entries),
        index(
            "journal_entries_by_created",
            "journal_entries",
            &["company_id", "created_at", "id"],
        ),
        unique(
            "journal_entries_by_number",
            "journal_entries",
            &["company_id", "number"],
        ),
        unique(
            "journal_entries_by_chain",
            "journal_entries",
            &["company_id", "chain_position"],
        ),
        SchemaChange::Table(lines),
        index(
            "journal_lines_by_entry",
            "journal_lines",
            &["company_id", "entry_id"],
        ),
        index(
            "journal_lines_by_account",
            "journal_lines",
            &["company_id", "account_id", "entry_date"],
        ),
        SchemaChange::Table(sequences),
        SchemaChange::Table(balances),
        SchemaChange::Table(chain),
    ]
}

/// ISO 4217 currencies with their minor-unit exponent: shared reference data (no company),
/// seeded from the kernel's list.
fn currency_table(_backend: DatabaseBackend) -> Vec<SchemaChange> {
    let table = Table::create()
        .table("currencies")
        .col(text("code").primary_key())
        .col(integer("exponent"))
        .col(text("name"))
        .to_owned();
    let mut seed = sea_orm::sea_query::Query::insert()
        .into_table("currencies")
        .columns(["code", "exponent", "name"])
        .to_owned();
    for currency in arkan_kernel::currency::CURRENCIES {
        seed.values_panic([
            currency.code.into(),
            i32::from(currency.exponent).into(),
            currency.name.into(),
        ]);
    }
    vec![SchemaChange::Table(table), SchemaChange::Insert(seed)]
}

/// Per-company accounting settings (created with a row per company since m0208; a company
/// without one has the defaults).
fn settings_table(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let table = Table::create()
        .table("accounting_settings")
        .col(uuid(backend, "company_id").primary_key())
        // `line` (round each line's tax) or `document` (round each tax once per document).
        .col(text("tax_rounding"))
        .col(bigint("updated_at"))
        .foreign_key(
            ForeignKey::create()
                .from("accounting_settings", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    vec![SchemaChange::Table(table)]
}

/// The lock date and the month the fiscal year starts in move into the ledger's own settings
/// (they were columns of identity's `companies`, which m0209 drops): every company gets a row
/// carrying its values.
#[expect(
    clippy::expect_used,
    reason = "the copy selects as many expressions as it names columns, so it cannot fail"
)]
fn book_settings(_backend: DatabaseBackend) -> Vec<SchemaChange> {
    let month = Table::alter()
        .table("accounting_settings")
        .add_column(
            ColumnDef::new("fiscal_year_start_month")
                .integer()
                .not_null()
                .default(1),
        )
        .to_owned();
    let lock_date = Table::alter()
        .table("accounting_settings")
        .add_column(date_null("lock_date"))
        .to_owned();
    let existing = Query::select()
        .column("company_id")
        .from("accounting_settings")
        .to_owned();
    let missing_rows = Query::insert()
        .into_table("accounting_settings")
        .columns(["company_id", "tax_rounding", "updated_at"])
        .select_from(
            Query::select()
                .column("id")
                .expr(Expr::val("line"))
                .column("updated_at")
                .from("companies")
                .and_where(Expr::col("id").not_in_subquery(existing))
                .to_owned(),
        )
        .expect("three columns from three expressions")
        .to_owned();
    let from_company = |column: &str| {
        Expr::cust(format!(
            "(SELECT companies.{column} FROM companies \
             WHERE companies.id = accounting_settings.company_id)"
        ))
    };
    let copy = Query::update()
        .table("accounting_settings")
        .value(
            "fiscal_year_start_month",
            from_company("fiscal_year_start_month"),
        )
        .value("lock_date", from_company("lock_date"))
        .to_owned();
    vec![
        SchemaChange::Alter(month),
        SchemaChange::Alter(lock_date),
        SchemaChange::Insert(missing_rows),
        SchemaChange::Update(copy),
    ]
}

/// `journal_lines.project_id` becomes a composite reference to `projects` now that projects exist
/// (m0901, hence the number outside this module's block). On PostgreSQL a real foreign key,
/// `NOT VALID` so that rows written before it are not re-checked (new and changed rows are);
/// SQLite cannot add one to an existing table, and there the write paths ask the
/// `Platform::projects` hook in their write transaction instead (ADR 0013).
///
/// First, on both databases, a line whose project id names no project of its company (written
/// before there were projects to check it against) loses it; and `(company_id, project_id)`
/// is indexed, for the profitability's sums, the project delete's check and the foreign key.
fn journal_lines_project_reference(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let mut changes = vec![
        clear_dangling_reference("journal_lines", "project_id", "projects"),
        index(
            "journal_lines_by_project",
            "journal_lines",
            &["company_id", "project_id"],
        ),
    ];
    if backend == DatabaseBackend::Postgres {
        changes.push(SchemaChange::Sql(
            "ALTER TABLE journal_lines ADD CONSTRAINT fk_journal_lines_project \
             FOREIGN KEY (company_id, project_id) REFERENCES projects (company_id, id) NOT VALID"
                .to_owned(),
        ));
    }
    changes
}
