//! Payment files for the bank: the UAEFTS batch file v1 (header, details, trailer; the format
//! is defined in docs/uaefts.md) and a plain CSV of the same details. Every problem of every
//! payment is listed before anything is written; exported payments are marked in the same
//! transaction so they are not exported twice by accident.

use arkan_kernel::iban::{Iban, routing_code_matches};
use arkan_kernel::time::now_micros;
use arkan_kernel::{Currency, PartnerId, PaymentId, format_minor};
use arkan_platform::error::{ApiError, ApiResult, FieldError};
use arkan_platform::list::{ListSpec, Page, PageRequest};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::{FixedOffset, NaiveDate, Utc};
use sea_orm::ConnectionTrait;

use crate::api::{ExportPayments, ExportablePayment, ExportableQuery};
use arkan_crm::partners;
use arkan_identity::companies;
use arkan_invoicing::payments::{self, Payment, PaymentDirection};
use arkan_ledger::books::{self, DocumentState};
use arkan_platform::fields::{format_date, optional_date};

use crate::store::{self, BankDetails};

/// A finished file.
pub struct PaymentFile {
    pub file_name: String,
    pub content: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Uaefts,
    Csv,
}

/// Letters, digits, space and `.-/` only, as banks and the SWIFT X set accept.
fn clean(text: &str, max: usize) -> String {
    let kept: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-/".contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    let squeezed = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    squeezed.chars().take(max).collect()
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

struct Candidate {
    payment: Payment,
    partner_name: String,
    partner_email: Option<String>,
    bank: Option<BankDetails>,
    debit_iban: Option<String>,
}

async fn candidates(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    payments: Vec<Payment>,
) -> ApiResult<Vec<Candidate>> {
    let mut list = Vec::with_capacity(payments.len());
    for payment in payments {
        let (partner_name, partner_email) =
            partners::contact(db, ctx.company, PartnerId(payment.partner_id))
                .await?
                .unwrap_or_default();
        let bank = store::bank_details(db, ctx.company, payment.partner_id).await?;
        let debit_iban = books::journal_by_id(db, ctx.company, payment.journal_id)
            .await?
            .and_then(|journal| journal.bank_iban);
        list.push(Candidate {
            payment,
            partner_name,
            partner_email,
            bank,
            debit_iban,
        });
    }
    Ok(list)
}

fn problems(candidate: &Candidate, format: Format, reexport: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let payment = &candidate.payment;
    if payment.state != DocumentState::Posted || payment.payment_type != PaymentDirection::Outbound
    {
        problems.push("only posted outbound payments go to the bank".to_owned());
    }
    if payment.exported_at.is_some() && !reexport {
        problems.push("already exported (set reexport to export it again)".to_owned());
    }
    match &candidate.bank {
        None => problems.push("the vendor has no bank details".to_owned()),
        Some(bank) => match Iban::parse(&bank.iban) {
            Err(error) => problems.push(format!("the vendor's IBAN is not valid: {error}")),
            Ok(iban) => {
                if payment.currency == "AED" && iban.country() != "AE" {
                    problems.push("an AED transfer needs a UAE (AE) IBAN".to_owned());
                }
                if let Some(code) = &bank.routing_code
                    && !routing_code_matches(code, &iban)
                {
                    problems.push("the routing code is not of the IBAN's bank".to_owned());
                }
            }
        },
    }
    if format == Format::Uaefts && candidate.debit_iban.is_none() {
        problems.push("the payment's bank journal has no bankIban to debit".to_owned());
    }
    problems
}

async fn select_payments(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    request: &ExportPayments,
) -> ApiResult<Vec<Payment>> {
    let date_from = optional_date("dateFrom", request.date_from.as_deref())?;
    let date_to = optional_date("dateTo", request.date_to.as_deref())?;
    match &request.payment_ids {
        Some(ids) => {
            if ids.is_empty() || ids.len() > 1_000 {
                return Err(ApiError::invalid_field("paymentIds", "1 to 1,000 payments"));
            }
            let mut payments = Vec::with_capacity(ids.len());
            let mut missing = Vec::new();
            for (index, id) in ids.iter().enumerate() {
                match payments::by_id(db, ctx.company, PaymentId(*id)).await? {
                    Some(payment) => payments.push(payment),
                    None => missing.push(FieldError {
                        field: format!("paymentIds[{index}]"),
                        message: "no such payment in this company".to_owned(),
                    }),
                }
            }
            if !missing.is_empty() {
                return Err(ApiError::validation(missing));
            }
            Ok(payments)
        }
        None => {
            let reexport = request.reexport.unwrap_or(false);
            let mut payments = Vec::new();
            for (id, date, exported) in payments::posted_outbound(db, ctx.company).await? {
                if date_from.is_some_and(|from| date < from)
                    || date_to.is_some_and(|to| date > to)
                    || (exported.is_some() && !reexport)
                {
                    continue;
                }
                if let Some(payment) = payments::by_id(db, ctx.company, id).await? {
                    payments.push(payment);
                }
            }
            Ok(payments)
        }
    }
}

static EXPORTABLE_LIST: ListSpec = ListSpec {
    name: "banking.exportable",
    sorts: payments::SORTS,
};

/// A page of the payments that could go into a file (posted outbound payments not yet
/// exported), each with what stops it.
pub async fn exportable(
    platform: &Platform,
    ctx: &Ctx,
    query: ExportableQuery,
) -> ApiResult<Page<ExportablePayment>> {
    let db = platform.db.connection();
    let date_from = optional_date("date_from", query.date_from.as_deref())?;
    let date_to = optional_date("date_to", query.date_to.as_deref())?;
    let page = PageRequest::parse(
        &query.page,
        &EXPORTABLE_LIST,
        &format!("{date_from:?}|{date_to:?}"),
    )?;
    let (rows, total) = payments::exportable(db, ctx.company, date_from, date_to, &page).await?;
    let Page { data, meta } = page.page(rows, total, |payment| payments::sort_key(&page, payment));
    let list = candidates(db, ctx, data).await?;
    Ok(Page {
        meta,
        data: list
            .iter()
            .map(|candidate| {
                let currency =
                    Currency::from_code(&candidate.payment.currency).unwrap_or(ctx.currency);
                ExportablePayment {
                    payment_id: candidate.payment.id,
                    number: candidate.payment.number.clone(),
                    partner_id: candidate.payment.partner_id,
                    amount: format_minor(candidate.payment.amount_minor, currency.exponent),
                    currency: candidate.payment.currency.clone(),
                    date: format_date(candidate.payment.date),
                    problems: problems(candidate, Format::Uaefts, false),
                }
            })
            .collect(),
    })
}

/// Builds the file and marks its payments exported, in one transaction.
pub async fn export(
    platform: &Platform,
    ctx: &Ctx,
    request: ExportPayments,
    format: Format,
) -> ApiResult<PaymentFile> {
    ctx.require_write(Area::Accounting)?;
    let value_date = optional_date("valueDate", request.value_date.as_deref())?
        .unwrap_or_else(|| Utc::now().date_naive());
    let purpose = request
        .purpose_code
        .clone()
        .unwrap_or_else(|| "GDS".to_owned());
    if purpose.len() != 3 || !purpose.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ApiError::invalid_field(
            "purposeCode",
            "must be a 3-letter CBUAE purpose code",
        ));
    }
    if purpose == "SAL" {
        return Err(ApiError::invalid_field(
            "purposeCode",
            "salaries are paid with a WPS salary file, not UAEFTS",
        ));
    }
    let reexport = request.reexport.unwrap_or(false);
    let mut transaction = platform.db.write().await?;
    let payments = select_payments(&*transaction, ctx, &request).await?;
    if payments.is_empty() {
        return Err(errors::nothing_to_export());
    }
    let list = candidates(&*transaction, ctx, payments).await?;
    let mut errors = Vec::new();
    for (index, candidate) in list.iter().enumerate() {
        for problem in problems(candidate, format, reexport) {
            errors.push(FieldError {
                field: format!("payments[{index}]"),
                message: format!(
                    "{}: {problem}",
                    candidate.payment.number.as_deref().unwrap_or("draft")
                ),
            });
        }
    }
    if format == Format::Uaefts {
        let first = &list[0];
        if list
            .iter()
            .any(|candidate| candidate.debit_iban != first.debit_iban)
        {
            errors.push(FieldError {
                field: "payments".into(),
                message:
                    "one file debits one account: the payments come from different bank journals"
                        .into(),
            });
        }
        if list
            .iter()
            .any(|candidate| candidate.payment.currency != first.payment.currency)
        {
            errors.push(FieldError {
                field: "payments".into(),
                message: "one file has one currency".into(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors::payments_not_exportable(errors));
    }
    let now = Utc::now();
    let dubai = FixedOffset::east_opt(4 * 3600).unwrap_or(Utc.fix());
    let local = now.with_timezone(&dubai);
    let company = companies::profile(&*transaction, ctx.company)
        .await?
        .map(|profile| profile.legal_name.unwrap_or(profile.name))
        .unwrap_or_default();
    let file = render(
        &list,
        format,
        &company,
        &purpose,
        value_date,
        local,
        ctx.currency,
    );
    let exported: Vec<PaymentId> = list
        .iter()
        .map(|candidate| PaymentId(candidate.payment.id))
        .collect();
    payments::mark_exported(&mut transaction, ctx.company, &exported, now_micros()).await?;
    transaction.emit(ctx.company, crate::events::PAYMENT_EXPORT_CREATED, None);
    transaction.commit().await?;
    Ok(file)
}

use crate::errors;
use chrono::Offset;

fn render(
    list: &[Candidate],
    format: Format,
    company: &str,
    purpose: &str,
    value_date: NaiveDate,
    created: chrono::DateTime<FixedOffset>,
    company_currency: Currency,
) -> PaymentFile {
    let currency =
        |payment: &Payment| Currency::from_code(&payment.currency).unwrap_or(company_currency);
    let detail = |index: usize, candidate: &Candidate| -> Vec<String> {
        let payment = &candidate.payment;
        let bank = candidate.bank.as_ref();
        vec![
            format!("{:06}", index + 1),
            clean(payment.number.as_deref().unwrap_or_default(), 16),
            clean(
                bank.map_or(candidate.partner_name.as_str(), |bank| {
                    bank.account_holder_name.as_str()
                }),
                35,
            ),
            bank.map(|bank| bank.iban.clone()).unwrap_or_default(),
            bank.and_then(|bank| bank.routing_code.clone())
                .unwrap_or_default(),
            bank.and_then(|bank| bank.bic.clone()).unwrap_or_default(),
            format_minor(payment.amount_minor, currency(payment).exponent),
            payment.currency.clone(),
            purpose.to_owned(),
            clean(payment.reference.as_deref().unwrap_or_default(), 140),
            String::new(),
            "SHA".to_owned(),
            candidate
                .partner_email
                .clone()
                .map(|email| clean(&email.replace('@', " at "), 100))
                .unwrap_or_default(),
            // The payment id without dashes: 32 characters, within the field's 35.
            payment.id.simple().to_string(),
        ]
    };
    let total: i64 = list
        .iter()
        .map(|candidate| candidate.payment.amount_minor)
        .sum();
    let count = list.len();
    let date = created.format("%Y%m%d").to_string();
    let time = created.format("%H%M%S").to_string();
    let company_code: String = company
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect::<String>()
        .to_uppercase();
    match format {
        Format::Uaefts => {
            let first = &list[0];
            let mut lines = vec![
                [
                    "H".to_owned(),
                    "UAEFTS1".to_owned(),
                    format!("B{date}{time}"),
                    created.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                    format_date(value_date),
                    first.debit_iban.clone().unwrap_or_default(),
                    first.payment.currency.clone(),
                    clean(company, 35),
                    "N".to_owned(),
                    count.to_string(),
                    total.to_string(),
                ]
                .join(","),
            ];
            for (index, candidate) in list.iter().enumerate() {
                let mut fields = vec!["D".to_owned()];
                fields.extend(detail(index, candidate));
                lines.push(fields.join(","));
            }
            lines.push(format!("T,{count},{total}"));
            PaymentFile {
                file_name: format!("UAEFTS_{company_code}_{date}_{time}_1.csv"),
                content: lines.join("\r\n") + "\r\n",
            }
        }
        Format::Csv => {
            let mut lines = vec![
                "Sequence,Payment reference,Beneficiary name,Beneficiary IBAN,Routing code,BIC,Amount,Currency,Purpose code,Remittance information,Beneficiary address,Charges,Beneficiary e-mail,Source document"
                    .to_owned(),
            ];
            for (index, candidate) in list.iter().enumerate() {
                lines.push(
                    detail(index, candidate)
                        .iter()
                        .map(|field| csv_field(field))
                        .collect::<Vec<_>>()
                        .join(","),
                );
            }
            PaymentFile {
                file_name: format!("payments_{company_code}_{date}_{time}.csv"),
                content: lines.join("\r\n") + "\r\n",
            }
        }
    }
}

/// A salary (WPS/SIF) file. Who may send salaries to the bank is checked first: a role that
/// may write accounting or HR (403 otherwise). The file comes from a payroll run, and payroll
/// runs do not exist yet: 400 `no_payroll_run`.
pub fn export_wps(ctx: &Ctx) -> ApiResult<PaymentFile> {
    ctx.require_write(Area::Accounting)
        .or_else(|refused| ctx.require_write(Area::Hr).map_err(|_| refused))?;
    Err(errors::no_payroll_run())
}
