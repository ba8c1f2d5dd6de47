//! The VAT return: the tax details the ledger keeps for every posted entry (base, tax and
//! recoverable part per tax and partner), summed into the boxes their taxes name, box 1 split
//! by the client's emirate.

use std::collections::HashMap;

use arkan_crm::partners::{self, TaxIdentity};
use arkan_identity::companies;
use arkan_kernel::text::EMIRATES;
use arkan_kernel::{CompanyId, PartnerId, format_minor};
use arkan_ledger::books::{self, Tax, TaxLineFilter};
use arkan_platform::Ctx;
use arkan_platform::error::{ApiError, ApiResult};
use arkan_platform::fields::format_date;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::api::{TaxLineView, TaxLinesQuery, TaxReport, VatBox};
use crate::errors;
use crate::params::Column;
use crate::render::{Cell, Table};

/// The boxes of the form in order: (box, label, has an amount, has a VAT amount, has an
/// adjustment).
const BOXES: &[(&str, &str, bool, bool, bool)] = &[
    (
        "1a",
        "Standard rated supplies in Abu Dhabi",
        true,
        true,
        true,
    ),
    ("1b", "Standard rated supplies in Dubai", true, true, true),
    ("1c", "Standard rated supplies in Sharjah", true, true, true),
    ("1d", "Standard rated supplies in Ajman", true, true, true),
    (
        "1e",
        "Standard rated supplies in Umm Al Quwain",
        true,
        true,
        true,
    ),
    (
        "1f",
        "Standard rated supplies in Ras Al Khaimah",
        true,
        true,
        true,
    ),
    (
        "1g",
        "Standard rated supplies in Fujairah",
        true,
        true,
        true,
    ),
    (
        "2",
        "Tax refunds provided to tourists under the Tax Refunds for Tourists Scheme",
        true,
        true,
        false,
    ),
    (
        "3",
        "Supplies subject to the reverse charge provisions",
        true,
        true,
        false,
    ),
    ("4", "Zero rated supplies", true, false, false),
    ("5", "Exempt supplies", true, false, false),
    ("6", "Goods imported into the UAE", true, true, false),
    (
        "7",
        "Adjustments to goods imported into the UAE",
        true,
        true,
        false,
    ),
    ("8", "Totals", true, true, true),
    ("9", "Standard rated expenses", true, true, true),
    (
        "10",
        "Supplies subject to the reverse charge provisions",
        true,
        true,
        false,
    ),
    ("11", "Totals", true, true, true),
    (
        "12",
        "Total value of due tax for the period",
        false,
        true,
        false,
    ),
    (
        "13",
        "Total value of recoverable tax for the period",
        false,
        true,
        false,
    ),
    ("14", "Payable tax for the period", false, true, false),
];

/// The emirates' boxes, in the order of [`EMIRATES`].
const EMIRATE_BOXES: [&str; 7] = ["1a", "1b", "1c", "1d", "1e", "1f", "1g"];

/// The output boxes summed into box 8.
const OUTPUT_BOXES: [&str; 13] = [
    "1a", "1b", "1c", "1d", "1e", "1f", "1g", "2", "3", "4", "5", "6", "7",
];

/// The boxes `/tax/lines` lists.
pub const LISTED_BOXES: [&str; 15] = [
    "1a", "1b", "1c", "1d", "1e", "1f", "1g", "2", "3", "4", "5", "6", "7", "9", "10",
];

/// A tax's box as its `vatBox` names it, in lower case; None when it is on no box.
fn box_of(tax: &Tax) -> Option<String> {
    let named = tax.vat_box.as_deref()?.trim().to_ascii_lowercase();
    (named == "1" || LISTED_BOXES.contains(&named.as_str())).then_some(named)
}

/// The box of an emirate's standard-rated supplies.
fn emirate_box(emirate: &str) -> Option<&'static str> {
    EMIRATES
        .iter()
        .position(|known| *known == emirate)
        .and_then(|index| EMIRATE_BOXES.get(index).copied())
}

/// Box 1's taxes split by emirate: where each partner's supplies go.
struct Split {
    /// The company's `vatEmirate`, for clients without one and entries without a partner.
    fallback: Option<String>,
    emirates: HashMap<Uuid, Option<String>>,
}

impl Split {
    /// The emirate box of a partner's (or no partner's) supplies; None when neither the partner
    /// nor the company names an emirate.
    fn box_for(&self, partner: Option<Uuid>) -> Option<&'static str> {
        let own = partner.and_then(|id| self.emirates.get(&id).cloned().flatten());
        own.or_else(|| self.fallback.clone())
            .and_then(|emirate| emirate_box(&emirate))
    }
}

async fn split(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partner_ids: Vec<Uuid>,
) -> ApiResult<Split> {
    let ids: Vec<PartnerId> = partner_ids.iter().copied().map(PartnerId).collect();
    let identities: HashMap<PartnerId, TaxIdentity> =
        partners::tax_identities(db, company, &ids).await?;
    Ok(Split {
        fallback: books::vat_emirate(db, company).await?,
        emirates: partner_ids
            .into_iter()
            .map(|id| {
                let emirate = identities
                    .get(&PartnerId(id))
                    .and_then(|identity| identity.emirate.clone());
                (id, emirate)
            })
            .collect(),
    })
}

/// A box's figures in minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub amount: i64,
    pub vat: i64,
}

/// The return of a period in minor units.
pub struct Return {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub trn: Option<String>,
    pub boxes: HashMap<&'static str, Figures>,
}

impl Return {
    fn figures(&self, box_id: &str) -> Figures {
        self.boxes.get(box_id).copied().unwrap_or_default()
    }

    pub fn net_vat_due(&self) -> i64 {
        self.figures("14").vat
    }
}

fn static_box(named: &str) -> Option<&'static str> {
    LISTED_BOXES.iter().copied().find(|known| *known == named)
}

/// Sums the period's tax details into the boxes. 409 `vat_emirate_not_set` when a box-1 supply
/// has no emirate to go to.
pub async fn compute(
    db: &impl ConnectionTrait,
    company: CompanyId,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<Return> {
    let taxes = books::all_taxes(db, company).await?;
    let totals = books::tax_totals(db, company, from, to).await?;
    let box_by_tax: HashMap<Uuid, String> = taxes
        .iter()
        .filter_map(|tax| box_of(tax).map(|named| (tax.id, named)))
        .collect();
    let split_partners: Vec<Uuid> = totals
        .iter()
        .filter(|total| box_by_tax.get(&total.tax_id).map(String::as_str) == Some("1"))
        .filter_map(|total| total.partner_id)
        .collect();
    let split = split(db, company, split_partners).await?;
    let mut boxes: HashMap<&'static str, Figures> = HashMap::new();
    let mut add = |box_id: &'static str, amount: i64, vat: i64| {
        let figures = boxes.entry(box_id).or_default();
        figures.amount += amount;
        figures.vat += vat;
    };
    for total in &totals {
        let Some(named) = box_by_tax.get(&total.tax_id) else {
            continue;
        };
        let (base, tax, recoverable) = (total.base_minor, total.tax_minor, total.recoverable_minor);
        if named == "1" {
            match split.box_for(total.partner_id) {
                Some(box_id) => add(box_id, base, tax),
                None if base == 0 && tax == 0 => {}
                None => return Err(errors::vat_emirate_not_set()),
            }
            continue;
        }
        let Some(box_id) = static_box(named) else {
            continue;
        };
        match box_id {
            "3" | "6" | "7" => {
                add(box_id, base, tax);
                add("10", base, recoverable);
            }
            "4" | "5" => add(box_id, base, 0),
            "9" | "10" => add(box_id, base, recoverable),
            _ => add(box_id, base, tax),
        }
    }
    let sum = |boxes: &HashMap<&'static str, Figures>, ids: &[&str]| {
        ids.iter().fold(Figures::default(), |sum, id| {
            let figures = boxes.get(id).copied().unwrap_or_default();
            Figures {
                amount: sum.amount + figures.amount,
                vat: sum.vat + figures.vat,
            }
        })
    };
    let outputs = sum(&boxes, &OUTPUT_BOXES);
    let inputs = sum(&boxes, &["9", "10"]);
    boxes.insert("8", outputs);
    boxes.insert("11", inputs);
    boxes.insert(
        "12",
        Figures {
            amount: 0,
            vat: outputs.vat,
        },
    );
    boxes.insert(
        "13",
        Figures {
            amount: 0,
            vat: inputs.vat,
        },
    );
    boxes.insert(
        "14",
        Figures {
            amount: 0,
            vat: outputs.vat - inputs.vat,
        },
    );
    let trn = companies::profile(db, company)
        .await?
        .and_then(|profile| profile.trn);
    Ok(Return {
        from,
        to,
        trn,
        boxes,
    })
}

/// The return as JSON shows it.
pub fn report(ctx: &Ctx, figures: &Return) -> TaxReport {
    let money = |minor: i64| format_minor(minor, ctx.currency.exponent);
    let boxes = BOXES
        .iter()
        .map(|(box_id, label, amount, vat, adjustment)| {
            let found = figures.figures(box_id);
            VatBox {
                box_id: (*box_id).to_owned(),
                label: (*label).to_owned(),
                amount: amount.then(|| money(found.amount)),
                vat_amount: vat.then(|| money(found.vat)),
                adjustment: adjustment.then(|| money(0)),
            }
        })
        .collect();
    TaxReport {
        date_from: format_date(figures.from),
        date_to: format_date(figures.to),
        currency: "AED".to_owned(),
        trn: figures.trn.clone(),
        boxes,
        net_vat_due: money(figures.net_vat_due()),
    }
}

/// The return as a table: a row per box, a last `Total` row with box 14 (net VAT due).
pub fn table(figures: &Return) -> Table {
    let rows = BOXES
        .iter()
        .map(|(box_id, label, amount, vat, adjustment)| {
            let found = figures.figures(box_id);
            let cell = |shown: bool, minor: i64| {
                if shown {
                    Cell::Money(minor)
                } else {
                    Cell::Empty
                }
            };
            vec![
                Cell::text(*box_id),
                Cell::text(*label),
                cell(*amount, found.amount),
                cell(*vat, found.vat),
                cell(*adjustment, 0),
            ]
        })
        .collect();
    Table {
        columns: ["box", "label", "amount", "vatAmount", "adjustment"]
            .map(str::to_owned)
            .to_vec(),
        rows,
        total: Some(vec![
            Cell::text("Total"),
            Cell::text("Net VAT due"),
            Cell::Empty,
            Cell::Money(figures.net_vat_due()),
            Cell::Empty,
        ]),
    }
}

/// The period of a VAT report: `date_to` defaults to today, `date_from` to the start of its
/// fiscal year.
pub async fn period(
    db: &impl ConnectionTrait,
    company: CompanyId,
    date_from: Option<&str>,
    date_to: Option<&str>,
) -> ApiResult<Column> {
    crate::params::period(db, company, date_from, date_to, Default::default())
        .await
        .map(|columns| columns.main)
}

/// `date`, the document date: the lines listing sorts by it too.
const DATE: SortField = SortField {
    name: "date",
    column: "entry_date",
    kind: SortKind::Date,
};

static LINES: ListSpec = ListSpec {
    name: "reporting.tax_lines",
    sorts: &[CREATED_AT, DATE],
};

/// What a box lists: the filter of its details, and whether its `tax` column is the recoverable
/// part (inputs) rather than the tax.
async fn box_filter(
    db: &impl ConnectionTrait,
    company: CompanyId,
    box_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<(TaxLineFilter, bool)> {
    let taxes = books::all_taxes(db, company).await?;
    let in_boxes = |boxes: &[&str]| -> Vec<Uuid> {
        taxes
            .iter()
            .filter(|tax| box_of(tax).is_some_and(|named| boxes.contains(&named.as_str())))
            .map(|tax| tax.id)
            .collect()
    };
    let mut filter = TaxLineFilter {
        from: Some(from),
        to: Some(to),
        ..TaxLineFilter::default()
    };
    let recoverable = matches!(box_id, "9" | "10");
    filter.taxes = if box_id == "10" {
        in_boxes(&["3", "6", "7", "10"])
    } else {
        in_boxes(&[box_id])
    };
    if EMIRATE_BOXES.contains(&box_id) {
        // The return first: it refuses a box-1 supply without an emirate.
        compute(db, company, from, to).await?;
        filter.partner_taxes = in_boxes(&["1"]);
        let totals = books::tax_totals(db, company, from, to).await?;
        let partner_ids: Vec<Uuid> = totals
            .iter()
            .filter(|total| filter.partner_taxes.contains(&total.tax_id))
            .filter_map(|total| total.partner_id)
            .collect();
        let split = split(db, company, partner_ids.clone()).await?;
        filter.partners = partner_ids
            .into_iter()
            .filter(|id| split.box_for(Some(*id)) == Some(box_id))
            .collect();
        filter.partners.sort();
        filter.partners.dedup();
        filter.without_partner = split.box_for(None) == Some(box_id);
    }
    Ok((filter, recoverable))
}

/// The box's lines: one per posted entry, tax and partner.
pub async fn lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    query: TaxLinesQuery,
) -> ApiResult<Page<TaxLineView>> {
    let box_id = match query.box_id.as_deref().map(str::trim) {
        Some(named) if LISTED_BOXES.contains(&named) => named.to_owned(),
        Some(_) => {
            return Err(ApiError::invalid_field(
                "box",
                format!("must be one of: {}", LISTED_BOXES.join(", ")),
            ));
        }
        None => return Err(ApiError::invalid_field("box", "is required")),
    };
    // The period is checked before the paging (a bad date is named as such).
    let period = period(
        db,
        ctx.company,
        query.date_from.as_deref(),
        query.date_to.as_deref(),
    )
    .await?;
    let filters = format!("box={box_id}|{}|{}", period.from, period.to);
    let page = PageRequest::parse(&query.page, &LINES, &filters)?;
    let (filter, recoverable) =
        box_filter(db, ctx.company, &box_id, period.from, period.to).await?;
    let (rows, total) = books::list_tax_lines(db, ctx.company, &filter, &page).await?;
    let entries: Vec<Uuid> = rows.iter().map(|row| row.entry_id).collect();
    let documents = arkan_invoicing::documents::by_entries(db, ctx.company, &entries).await?;
    let sort_key = |row: &books::TaxLine| {
        let value = if page.sort.name == DATE.name {
            arkan_kernel::cursor::SortValue::Text(format_date(row.date))
        } else {
            arkan_kernel::cursor::SortValue::Integer(row.created_at)
        };
        (value, row.id)
    };
    let money = |minor: i64| format_minor(minor, ctx.currency.exponent);
    Ok(page.page(rows, total, sort_key).map(|row| TaxLineView {
        journal_entry_id: row.entry_id,
        invoice_id: documents.get(&row.entry_id).map(|document| document.id),
        number: row.number.clone(),
        date: format_date(row.date),
        partner_id: row.partner_id,
        tax_id: row.tax_id,
        base: money(row.base_minor),
        tax: money(if recoverable {
            row.recoverable_minor
        } else {
            row.tax_minor
        }),
    }))
}
