//! The FTA VAT Audit File (FAF) of a period: one CSV file of sections (company, tax codes,
//! purchases, supplies, general ledger), each introduced by a line naming it, each a header line
//! and rows, the listings and the ledger closed by a totals header and line. The layout is
//! `docs/fta-audit-file.md`.

use std::collections::HashMap;

use arkan_crm::partners;
use arkan_identity::companies;
use arkan_kernel::{CompanyId, PartnerId, format_minor};
use arkan_ledger::books::{self, MovementFilter, TaxLine, TaxLineFilter};
use arkan_platform::Ctx;
use arkan_platform::error::ApiResult;
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::render::{Cell, Table, csv};

/// The version of the layout, as the FAF names it.
pub const FAF_VERSION: &str = "FAFv1.0.0";

fn day(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn section(out: &mut String, name: &str, table: &Table, exponent: u8) {
    out.push_str(&csv(
        &Table {
            columns: vec![format!("--- {name} ---")],
            rows: Vec::new(),
            total: None,
        },
        exponent,
    ));
    out.push_str(&csv(table, exponent));
}

fn columns(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

/// A listing's totals block: its own header and one line.
fn totals(names: [&str; 3], value: i64, vat: i64, count: usize) -> Table {
    Table {
        columns: columns(&names),
        rows: vec![vec![
            Cell::Money(value),
            Cell::Money(vat),
            Cell::Count(i64::try_from(count).unwrap_or(i64::MAX)),
        ]],
        total: None,
    }
}

/// The audit file of `from..=to` as CSV text.
pub async fn audit_file(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<String> {
    let company: CompanyId = ctx.company;
    let exponent = ctx.currency.exponent;
    let profile = companies::profile(db, company).await?;
    let taxes = books::all_taxes(db, company).await?;
    let details = books::all_tax_lines(
        db,
        company,
        &TaxLineFilter {
            from: Some(from),
            to: Some(to),
            taxes: taxes.iter().map(|tax| tax.id).collect(),
            ..TaxLineFilter::default()
        },
    )
    .await?;
    let lines = books::posted_lines(db, company, from, to).await?;
    let mut entry_ids: Vec<Uuid> = details.iter().map(|detail| detail.entry_id).collect();
    entry_ids.extend(lines.iter().map(|line| line.entry_id));
    entry_ids.sort();
    entry_ids.dedup();
    let documents = arkan_invoicing::documents::by_entries(db, company, &entry_ids).await?;
    let mut partner_ids: Vec<PartnerId> = details
        .iter()
        .filter_map(|detail| detail.partner_id)
        .chain(lines.iter().filter_map(|line| line.partner_id))
        .map(PartnerId)
        .collect();
    partner_ids.sort_by_key(|partner| partner.0);
    partner_ids.dedup();
    let identities = partners::tax_identities(db, company, &partner_ids).await?;
    let identity = |partner: Option<Uuid>| partner.and_then(|id| identities.get(&PartnerId(id)));

    let mut out = String::new();
    // The registered (legal) name, else the trading name.
    let (name, trn) = match &profile {
        Some(profile) => (
            profile
                .legal_name
                .clone()
                .unwrap_or_else(|| profile.name.clone()),
            profile.trn.clone().unwrap_or_default(),
        ),
        None => (String::new(), String::new()),
    };
    section(
        &mut out,
        "Company Information",
        &Table {
            columns: columns(&[
                "TaxablePersonNameEN",
                "TaxablePersonNameAR",
                "TRN",
                "TaxAgencyName",
                "TAN",
                "TaxAgentName",
                "TAAN",
                "PeriodStart",
                "PeriodEnd",
                "FAFCreationDate",
                "ProductVersion",
                "FAFVersion",
            ]),
            rows: vec![vec![
                Cell::Text(name),
                Cell::Empty,
                Cell::Text(trn),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Text(day(from)),
                Cell::Text(day(to)),
                Cell::Text(day(chrono::Utc::now().date_naive())),
                Cell::Text(format!("Arkan ERP {}", env!("CARGO_PKG_VERSION"))),
                Cell::text(FAF_VERSION),
            ]],
            total: None,
        },
        exponent,
    );

    let tax_by_id: HashMap<Uuid, &books::Tax> = taxes.iter().map(|tax| (tax.id, tax)).collect();
    section(
        &mut out,
        "Tax Codes",
        &Table {
            columns: columns(&["TaxCode", "TaxID", "Type", "Rate", "VATBox"]),
            rows: taxes
                .iter()
                .map(|tax| {
                    vec![
                        Cell::Text(tax.name.clone()),
                        Cell::Text(tax.id.to_string()),
                        Cell::Text(tax.type_tax_use.clone()),
                        Cell::Text(if tax.amount_type == "percent" {
                            format!(
                                "{}%",
                                format_minor(tax.rate, 4)
                                    .trim_end_matches('0')
                                    .trim_end_matches('.')
                            )
                        } else {
                            format_minor(tax.rate, exponent)
                        }),
                        Cell::optional(tax.vat_box.clone()),
                    ]
                })
                .collect(),
            total: None,
        },
        exponent,
    );

    // Details of purchase taxes are purchases; every other tax's are supplies.
    let (purchases, supplies): (Vec<&TaxLine>, Vec<&TaxLine>) =
        details.iter().partition(|detail| {
            tax_by_id
                .get(&detail.tax_id)
                .is_some_and(|tax| tax.type_tax_use == "purchase")
        });
    let listing_row = |detail: &TaxLine, index: usize, purchase: bool| {
        let document = documents.get(&detail.entry_id);
        let who = identity(detail.partner_id);
        let tax = tax_by_id.get(&detail.tax_id);
        let mut row = vec![
            Cell::optional(who.map(|who| who.name.clone())),
            Cell::optional(who.and_then(|who| who.trn.clone())),
            Cell::Text(day(detail.date)),
            Cell::optional(
                document
                    .and_then(|document| document.number.clone())
                    .or_else(|| detail.number.clone()),
            ),
            Cell::Empty,
            Cell::optional(detail.number.clone()),
            Cell::Count(i64::try_from(index + 1).unwrap_or(i64::MAX)),
            Cell::optional(document.map(|document| document.descriptions.join("; "))),
            Cell::Money(detail.base_minor),
            Cell::Money(detail.tax_minor),
            Cell::optional(tax.map(|tax| tax.name.clone())),
        ];
        if purchase {
            row.push(Cell::Money(detail.recoverable_minor));
        } else {
            row.push(Cell::optional(who.and_then(|who| {
                who.emirate.clone().or_else(|| who.country.clone())
            })));
        }
        row.push(Cell::optional(
            document.map(|document| document.currency.clone()),
        ));
        row
    };
    // Line numbers count a document's taxes.
    let numbered = |listing: &[&TaxLine], purchase: bool| {
        let mut rows = Vec::with_capacity(listing.len());
        let mut previous: Option<Uuid> = None;
        let mut index = 0;
        for detail in listing {
            if previous == Some(detail.entry_id) {
                index += 1;
            } else {
                index = 0;
            }
            previous = Some(detail.entry_id);
            rows.push(listing_row(detail, index, purchase));
        }
        rows
    };
    section(
        &mut out,
        "Purchase Listing",
        &Table {
            columns: columns(&[
                "SupplierName",
                "SupplierTRN",
                "InvoiceDate",
                "InvoiceNo",
                "PermitNo",
                "TransactionID",
                "LineNo",
                "ProductDescription",
                "PurchaseValueAED",
                "VATValueAED",
                "TaxCode",
                "RecoverableVATAED",
                "FCYCode",
            ]),
            rows: numbered(&purchases, true),
            total: None,
        },
        exponent,
    );
    out.push_str(&csv(
        &totals(
            ["PurchaseTotalAED", "VATTotalAED", "TransactionCountTotal"],
            purchases.iter().map(|detail| detail.base_minor).sum(),
            purchases.iter().map(|detail| detail.tax_minor).sum(),
            purchases.len(),
        ),
        exponent,
    ));
    section(
        &mut out,
        "Supply Listing",
        &Table {
            columns: columns(&[
                "CustomerName",
                "CustomerTRN",
                "InvoiceDate",
                "InvoiceNo",
                "PermitNo",
                "TransactionID",
                "LineNo",
                "ProductDescription",
                "SupplyValueAED",
                "VATValueAED",
                "TaxCode",
                "Country",
                "FCYCode",
            ]),
            rows: numbered(&supplies, false),
            total: None,
        },
        exponent,
    );
    out.push_str(&csv(
        &totals(
            ["SupplyTotalAED", "VATTotalAED", "TransactionCountTotal"],
            supplies.iter().map(|detail| detail.base_minor).sum(),
            supplies.iter().map(|detail| detail.tax_minor).sum(),
            supplies.len(),
        ),
        exponent,
    ));

    // The general ledger: by account code, each account's lines from its balance before the
    // period, with a running balance.
    let accounts = books::list_all_accounts(db, company).await?;
    let account_of: HashMap<Uuid, &books::Account> = accounts
        .iter()
        .map(|account| (account.id, account))
        .collect();
    let opening: HashMap<Uuid, i64> = match from.pred_opt() {
        Some(until) => books::movements(
            db,
            company,
            MovementFilter {
                until: Some(until),
                ..MovementFilter::default()
            },
        )
        .await?
        .into_iter()
        .map(|movement| (movement.account_id, movement.net()))
        .collect(),
        None => HashMap::new(),
    };
    let mut ordered: Vec<&books::PostedLine> = lines.iter().collect();
    ordered.sort_by(|a, b| {
        let code = |line: &books::PostedLine| {
            account_of
                .get(&line.account_id)
                .map(|account| account.code.clone())
                .unwrap_or_default()
        };
        code(a).cmp(&code(b))
    });
    let mut running: HashMap<Uuid, i64> = HashMap::new();
    let mut rows = Vec::with_capacity(ordered.len());
    for line in &ordered {
        let balance = running
            .entry(line.account_id)
            .or_insert_with(|| opening.get(&line.account_id).copied().unwrap_or(0));
        *balance += line.debit - line.credit;
        let account = account_of.get(&line.account_id);
        let document = documents.get(&line.entry_id);
        rows.push(vec![
            Cell::Text(day(line.date)),
            Cell::optional(account.map(|account| account.code.clone())),
            Cell::optional(account.map(|account| account.name.clone())),
            Cell::optional(line.description.clone().or_else(|| line.memo.clone())),
            Cell::optional(identity(line.partner_id).map(|who| who.name.clone())),
            Cell::optional(line.number.clone()),
            Cell::optional(
                document
                    .and_then(|document| document.number.clone())
                    .or_else(|| line.reference.clone()),
            ),
            Cell::text(
                document
                    .map(|document| document.kind.replace('_', " "))
                    .unwrap_or_else(|| "journal entry".to_owned()),
            ),
            Cell::Money(line.debit),
            Cell::Money(line.credit),
            Cell::Money(*balance),
        ]);
    }
    section(
        &mut out,
        "General Ledger",
        &Table {
            columns: columns(&[
                "TransactionDate",
                "AccountID",
                "AccountName",
                "TransactionDescription",
                "Name",
                "TransactionID",
                "SourceDocumentID",
                "SourceType",
                "Debit",
                "Credit",
                "Balance",
            ]),
            rows,
            total: None,
        },
        exponent,
    );
    out.push_str(&csv(
        &Table {
            columns: columns(&[
                "TotalDebit",
                "TotalCredit",
                "TransactionCountTotal",
                "GLTCurrency",
            ]),
            rows: vec![vec![
                Cell::Money(lines.iter().map(|line| line.debit).sum()),
                Cell::Money(lines.iter().map(|line| line.credit).sum()),
                Cell::Count(i64::try_from(lines.len()).unwrap_or(i64::MAX)),
                Cell::text(ctx.currency.code),
            ]],
            total: None,
        },
        exponent,
    ));
    Ok(out)
}
