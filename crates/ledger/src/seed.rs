//! What a new company gets: one journal of each type, and with the `uae` template a UAE chart of
//! accounts and the VAT taxes of the UAE return (VAT 201).

use std::future::Future;
use std::pin::Pin;

use arkan_platform::state::{BookSettings, BookSettingsStore, NewCompany};
use sea_orm::{DatabaseTransaction, DbErr};
use uuid::Uuid;

use crate::store::{self, Account, Journal, Tax};

/// (code, name, type, reconcile)
const UAE_ACCOUNTS: &[(&str, &str, &str, bool)] = &[
    ("101000", "Bank", "asset_cash", false),
    ("101100", "Cash", "asset_cash", false),
    ("110000", "Accounts Receivable", "asset_receivable", true),
    ("110100", "Other Receivables", "asset_current", false),
    ("120000", "Inventory", "asset_current", false),
    ("130000", "Prepayments", "asset_prepayments", false),
    ("140000", "VAT Input (Recoverable)", "asset_current", false),
    (
        "150000",
        "Property, Plant and Equipment",
        "asset_fixed",
        false,
    ),
    ("151000", "Accumulated Depreciation", "asset_fixed", false),
    ("201000", "Accounts Payable", "liability_payable", true),
    ("202000", "VAT Output (Payable)", "liability_current", false),
    (
        "202100",
        "VAT on Reverse Charge (Payable)",
        "liability_current",
        false,
    ),
    ("203000", "Accrued Expenses", "liability_current", false),
    (
        "203100",
        "Goods Received Not Invoiced",
        "liability_current",
        false,
    ),
    ("204000", "Salaries Payable", "liability_current", false),
    (
        "205000",
        "End of Service Benefits Provision",
        "liability_non_current",
        false,
    ),
    ("301000", "Share Capital", "equity", false),
    ("302000", "Retained Earnings", "equity", false),
    (
        "309000",
        "Current Year Earnings",
        "equity_unaffected",
        false,
    ),
    ("401000", "Sales of Goods", "income", false),
    ("402000", "Sales of Services", "income", false),
    ("409000", "Other Income", "income_other", false),
    ("409100", "Foreign Exchange Gain", "income_other", false),
    ("501000", "Cost of Goods Sold", "expense_direct_cost", false),
    ("502000", "Inventory Losses", "expense_direct_cost", false),
    (
        "503000",
        "Purchase Price Differences",
        "expense_direct_cost",
        false,
    ),
    ("601000", "Salaries and Wages", "expense", false),
    ("602000", "Rent", "expense", false),
    ("603000", "Utilities", "expense", false),
    ("604000", "Bank Charges", "expense", false),
    ("605000", "Depreciation", "expense_depreciation", false),
    ("609100", "Foreign Exchange Loss", "expense", false),
];

/// The chart's account the year-end close moves profit and loss into, unless the company
/// chooses another.
const RETAINED_EARNINGS: &str = "302000";

/// (name, code, type, default account code)
const JOURNALS: &[(&str, &str, &str, &str)] = &[
    ("Customer Invoices", "INV", "sale", "401000"),
    ("Vendor Bills", "BILL", "purchase", "501000"),
    ("Bank", "BNK1", "bank", "101000"),
    ("Cash", "CSH1", "cash", "101100"),
    ("Miscellaneous Operations", "MISC", "general", ""),
    ("Customer Credit Notes", "RINV", "sale", "401000"),
    ("Vendor Credit Notes", "RBILL", "purchase", "501000"),
    STOCK_JOURNAL,
];

/// Where inventory posts its valuation entries.
pub(crate) const STOCK_JOURNAL: (&str, &str, &str, &str) =
    ("Inventory Valuation", "STJ", "general", "");

/// The chart's accounts stock valuation needs, added to the companies on the UAE chart that
/// existed before it (m0228): (code, name, type).
pub(crate) const STOCK_ACCOUNTS: &[(&str, &str, &str)] = &[
    ("203100", "Goods Received Not Invoiced", "liability_current"),
    ("502000", "Inventory Losses", "expense_direct_cost"),
    (
        "503000",
        "Purchase Price Differences",
        "expense_direct_cost",
    ),
];

/// (name, rate in ppm, use, account code, VAT 201 box)
const UAE_TAXES: &[(&str, i64, &str, &str, Option<&str>)] = &[
    ("VAT 5%", 50_000, "sale", "202000", Some("1")),
    (
        "VAT 5% (purchases)",
        50_000,
        "purchase",
        "140000",
        Some("9"),
    ),
    ("Zero-rated 0%", 0, "sale", "202000", Some("4")),
    ("Exempt", 0, "sale", "202000", Some("5")),
    ("Out of scope", 0, "none", "202000", None),
    ("Reverse charge 5%", 50_000, "purchase", "202100", Some("3")),
];

/// Where `/companies` reads and saves the company's lock date and fiscal year start: the
/// ledger's own settings table.
pub fn book_settings() -> BookSettingsStore {
    BookSettingsStore {
        read: |db, companies| Box::pin(store::book_settings(db, companies)),
        write: |transaction, company, settings, now| {
            Box::pin(store::set_book_settings(
                transaction,
                company,
                settings,
                now,
            ))
        },
    }
}

pub fn setup_company<'a>(
    transaction: &'a DatabaseTransaction,
    company: &'a NewCompany,
) -> Pin<Box<dyn Future<Output = Result<(), DbErr>> + Send + 'a>> {
    Box::pin(seed(transaction, company))
}

async fn seed(transaction: &DatabaseTransaction, company: &NewCompany) -> Result<(), DbErr> {
    let now = company.now;
    let with_chart = company.chart_template == "uae";
    let mut accounts: Vec<(&str, Uuid)> = Vec::new();
    if with_chart {
        for (code, name, account_type, reconcile) in UAE_ACCOUNTS {
            let account = Account {
                id: Uuid::now_v7(),
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                account_type: (*account_type).to_owned(),
                parent_id: None,
                reconcile: *reconcile,
                currency: None,
                active: true,
                created_at: now,
                updated_at: now,
            };
            store::insert_account(transaction, company.id, &account).await?;
            accounts.push((code, account.id));
        }
    }
    let account = |code: &str| {
        accounts
            .iter()
            .find(|(known, _)| *known == code)
            .map(|(_, id)| *id)
    };
    for (name, code, journal_type, default_account) in JOURNALS {
        let journal = Journal {
            id: Uuid::now_v7(),
            name: (*name).to_owned(),
            code: (*code).to_owned(),
            journal_type: (*journal_type).to_owned(),
            default_account_id: account(default_account),
            bank_iban: None,
            created_at: now,
            updated_at: now,
        };
        store::insert_journal(transaction, company.id, &journal).await?;
    }
    store::start_chain(transaction, company.id).await?;
    store::set_book_settings(
        transaction,
        company.id,
        BookSettings {
            fiscal_year_start_month: company.fiscal_year_start_month,
            lock_date: None,
        },
        now,
    )
    .await?;
    if let Some(retained_earnings) = account(RETAINED_EARNINGS) {
        store::set_account_setting(
            transaction,
            company.id,
            store::AccountSetting::RetainedEarnings,
            Some(retained_earnings),
            now,
        )
        .await?;
    }
    if with_chart {
        for (name, rate, type_tax_use, account_code, vat_box) in UAE_TAXES {
            let Some(account_id) = account(account_code) else {
                continue;
            };
            let tax = Tax {
                id: Uuid::now_v7(),
                name: (*name).to_owned(),
                amount_type: "percent".to_owned(),
                rate: *rate,
                type_tax_use: (*type_tax_use).to_owned(),
                price_include: false,
                account_id,
                vat_box: vat_box.map(str::to_owned),
                reverse_charge: *name == "Reverse charge 5%",
                counterpart_account_id: if *name == "Reverse charge 5%" {
                    account("140000")
                } else {
                    None
                },
                sequence: 10,
                include_base_amount: false,
                recoverable_ppm: 1_000_000,
                active: true,
                created_at: now,
                updated_at: now,
            };
            store::insert_tax(transaction, company.id, &tax).await?;
        }
    }
    Ok(())
}
