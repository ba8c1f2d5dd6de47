//! Invoices, bills and credit notes: drafts with exactly computed totals here; posting through
//! the ledger (one journal entry, numbered by the document's journal), cancellation with a
//! credit note for the open amount and partial credit notes in `posting`.

mod credit_notes;
mod posting;
mod schedule;

use arkan_ledger::posting as ledger_posting;

pub(crate) use posting::refund_credit_note;
pub use posting::{cancel_invoice, partial_credit_note, post_invoice};
pub(crate) use schedule::recoverable_taxes;

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{
    Currency, InvoiceId, JournalId, PartnerId, ProjectId, format_minor, parse_minor,
};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation, is_foreign_key_violation};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::Days;
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use uuid::Uuid;

use crate::api::*;
use crate::domain::{self, InvoiceKind, LineInput, PaymentStatus, Rounding, TaxAmount, TaxRule};
use crate::errors;
use crate::events;
use crate::service::fiscal_positions::map_lines;
use crate::store::invoices::{self as store, Invoice, InvoiceFilter, InvoiceLine};
use arkan_crm::partners::{self, PartnerTerms};
use arkan_identity::companies;
use arkan_kernel::money;
use arkan_ledger::books as ledger_store;
use arkan_ledger::books::{DocumentState, document_rate, partner_account};
use arkan_ledger::posting::{Line, NewEntry, TaxDetail};
use arkan_platform::fields;
use arkan_platform::fields::{optional_date, optional_uuid};

/// The sorts of the invoice list: `createdAt` (the default), `date` (the invoice date),
/// `number` (drafts, without one, first ascending) and `amountTotal` (in minor units of each
/// document's currency).
static INVOICE_LIST: ListSpec = ListSpec {
    name: "accounting.invoices",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "date",
            column: "invoice_date",
            kind: SortKind::Date,
        },
        SortField {
            name: "number",
            column: "number",
            kind: SortKind::NullableText,
        },
        SortField {
            name: "amountTotal",
            column: "amount_total_minor",
            kind: SortKind::Integer,
        },
    ],
};

/// The cursor value of an invoice in the list's sort.
fn sort_key(page: &PageRequest, invoice: &Invoice) -> (SortValue, Uuid) {
    let value = match page.sort.name {
        "date" => SortValue::Text(fields::format_date(invoice.invoice_date)),
        "number" => SortValue::Text(invoice.number.clone().unwrap_or_default()),
        "amountTotal" => SortValue::Integer(invoice.amount_total_minor),
        _ => SortValue::Integer(invoice.created_at),
    };
    (value, invoice.id)
}

/// The document's currency (the company's when the stored code is unknown).
pub(crate) fn invoice_currency(ctx: &Ctx, invoice: &Invoice) -> Currency {
    Currency::from_code(&invoice.currency).unwrap_or(ctx.currency)
}

pub(crate) fn amount_due(invoice: &Invoice) -> i64 {
    match (invoice.state, invoice.payment_state) {
        (DocumentState::Draft, _) => invoice.amount_total_minor,
        (DocumentState::Cancelled, _) | (_, PaymentStatus::Reversed) => 0,
        _ => invoice.amount_total_minor - invoice.amount_paid_minor,
    }
}

fn view(ctx: &Ctx, invoice: Invoice, credit_note_ids: Vec<Uuid>) -> InvoiceView {
    let currency = invoice_currency(ctx, &invoice);
    let money = |minor: i64| format_minor(minor, currency.exponent);
    let due = amount_due(&invoice);
    let installments = schedule::installment_views(ctx, &invoice);
    // The discount can be taken only while nothing is settled on an open document.
    let discount = invoice.discount.filter(|_| {
        invoice.amount_paid_minor == 0
            && invoice.payment_state != PaymentStatus::Reversed
            && invoice.state != DocumentState::Cancelled
    });
    InvoiceView {
        payment_term_id: invoice.payment_term_id,
        installments,
        discount_date: discount.map(|(date, _)| fields::format_date(date)),
        amount_due_discounted: discount
            .map(|(_, discount)| money(invoice.amount_total_minor - discount)),
        fiscal_position_id: invoice.fiscal_position_id,
        id: invoice.id,
        kind: invoice.kind.as_str().to_owned(),
        partner_id: invoice.partner_id,
        invoice_date: fields::format_date(invoice.invoice_date),
        due_date: fields::format_date(invoice.due_date),
        currency: invoice.currency,
        reference: invoice.reference,
        number: invoice.number,
        state: invoice.state.as_str().to_owned(),
        amount_untaxed: money(invoice.amount_untaxed_minor),
        amount_tax: money(invoice.amount_tax_minor),
        amount_total: money(invoice.amount_total_minor),
        amount_paid: money(invoice.amount_paid_minor),
        amount_due: money(due),
        payment_state: invoice.payment_state.as_str().to_owned(),
        journal_entry_id: invoice.journal_entry_id,
        credit_note_ids,
        allocations: Vec::new(),
        origin_invoice_id: invoice.origin_invoice_id,
        lines: invoice
            .lines
            .into_iter()
            .map(|line| InvoiceLineView {
                id: line.id,
                description: line.description,
                product_id: line.product_id,
                quantity: trim(&format_minor(line.quantity_e4, 4)),
                unit_price: trim(&format_minor(line.unit_price_e6, 6)),
                discount_percent: trim(&format_minor(line.discount_ppm, 4)),
                tax_ids: line.tax_ids,
                account_id: line.account_id,
                project_id: line.project_id,
                purchase_order_line_id: line.purchase_order_line_id,
                order_line_id: line.order_line_id,
                down_payment_line_id: line.down_payment_line_id,
                subtotal: money(line.subtotal_minor),
                tax_amount: money(line.tax_minor),
                total: money(line.total_minor),
            })
            .collect(),
        created_at: rfc3339(invoice.created_at),
        updated_at: rfc3339(invoice.updated_at),
        cash_rounding_id: invoice.cash_rounding_id,
        amount_rounding: money(invoice.amount_rounding_minor),
        purchase_order_id: invoice.purchase_order_id,
        order_id: invoice.order_id,
        is_down_payment: invoice.is_down_payment,
    }
}

fn trim(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text.to_owned()
    }
}

/// Checks the lines and computes them: amounts parsed exactly, taxes of this company and of the
/// right use, accounts of this company (the journal's default when absent).
async fn build_lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    kind: InvoiceKind,
    currency: Currency,
    rate_e10: i64,
    default_account: Option<Uuid>,
    inputs: Vec<InvoiceLineInput>,
) -> ApiResult<(Vec<InvoiceLine>, i64, i64)> {
    let mut validation = Validation::new();
    if inputs.is_empty() || inputs.len() > 1_000 {
        validation.add("lines", "an invoice has 1 to 1,000 lines");
    }
    let tax_ids: Vec<Uuid> = inputs
        .iter()
        .flat_map(|line| line.tax_ids.clone().unwrap_or_default())
        .collect();
    let taxes = ledger_store::taxes_by_ids(db, ctx.company, &tax_ids).await?;
    let account_ids: Vec<Uuid> = inputs.iter().filter_map(|line| line.account_id).collect();
    let accounts = ledger_store::accounts_by_ids(db, ctx.company, &account_ids).await?;
    let tax_use = if kind.is_customer() {
        "sale"
    } else {
        "purchase"
    };
    let mut lines = Vec::with_capacity(inputs.len());
    let mut math = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.into_iter().enumerate() {
        let field = |name: &str| format!("lines[{index}].{name}");
        let description = input.description.trim().to_owned();
        if description.is_empty() || description.chars().count() > 500 {
            validation.add(field("description"), "must be 1 to 500 characters");
        }
        let quantity = match parse_minor(&input.quantity.0, 4) {
            // A negative quantity is a return line; the document's total stays checked.
            Ok(quantity) if quantity != 0 && quantity.unsigned_abs() <= 1_000_000_000_000 => {
                quantity
            }
            Ok(0) => {
                validation.add(field("quantity"), "must not be zero");
                0
            }
            Ok(_) => {
                validation.add(field("quantity"), "is too large");
                0
            }
            Err(error) => {
                validation.add(field("quantity"), format!("{error} (4 decimals)"));
                0
            }
        };
        let unit_price = match parse_minor(&input.unit_price.0, 6) {
            // A negative price is a discount line.
            Ok(price) if price.unsigned_abs() <= 1_000_000_000_000_000_000 => price,
            Ok(_) => {
                validation.add(field("unitPrice"), "is too large");
                0
            }
            Err(error) => {
                validation.add(field("unitPrice"), format!("{error} (6 decimals)"));
                0
            }
        };
        let discount = match input
            .discount_percent
            .as_ref()
            .map(|text| parse_minor(&text.0, 4))
        {
            None => 0,
            Some(Ok(discount)) if (0..=1_000_000).contains(&discount) => discount,
            Some(_) => {
                validation.add(
                    field("discountPercent"),
                    "must be a percent from 0 to 100 with at most 4 decimals",
                );
                0
            }
        };
        let mut rules = Vec::new();
        let line_taxes = input.tax_ids.unwrap_or_default();
        for (position, tax_id) in line_taxes.iter().enumerate() {
            match taxes.iter().find(|tax| tax.id == *tax_id) {
                None => validation.add(
                    format!("lines[{index}].taxIds[{position}]"),
                    "no such tax in this company",
                ),
                Some(tax) if !tax.active || tax.type_tax_use != tax_use => validation.add(
                    format!("lines[{index}].taxIds[{position}]"),
                    format!("{} is not an active {tax_use} tax", tax.name),
                ),
                Some(tax) => rules.push(TaxRule {
                    // Keyed by the tax itself, so per-document rounding adds one tax up
                    // across lines.
                    key: taxes
                        .iter()
                        .position(|known| known.id == tax.id)
                        .unwrap_or(usize::MAX),
                    amount: tax_amount(tax, ctx, currency, rate_e10),
                    price_include: tax.price_include,
                    reverse_charge: tax.reverse_charge,
                    sequence: tax.sequence,
                    include_base_amount: tax.include_base_amount,
                }),
            }
        }
        let account_id = match input.account_id {
            Some(account) => {
                if !accounts
                    .iter()
                    .any(|known| known.id == account && known.active)
                {
                    validation.add(field("accountId"), "no such active account in this company");
                }
                account
            }
            None => match default_account {
                Some(account) => account,
                None => {
                    validation.add(
                        field("accountId"),
                        "is required: the journal has no default account",
                    );
                    Uuid::nil()
                }
            },
        };
        math.push(LineInput {
            quantity_e4: quantity,
            unit_price_e6: unit_price,
            discount_ppm: discount,
            taxes: rules,
        });
        lines.push(InvoiceLine {
            id: Uuid::now_v7(),
            description,
            product_id: input.product_id,
            quantity_e4: quantity,
            unit_price_e6: unit_price,
            discount_ppm: discount,
            account_id,
            project_id: input.project_id,
            purchase_order_line_id: input.purchase_order_line_id,
            order_line_id: None,
            down_payment_line_id: None,
            tax_ids: line_taxes,
            subtotal_minor: 0,
            tax_minor: 0,
            total_minor: 0,
        });
    }
    validation.finish()?;
    let totals = domain::compute(&math, currency.exponent, rounding_of(db, ctx).await?)
        .filter(|totals| totals.total.abs() <= money::MAX_AMOUNT_MINOR)
        .ok_or_else(|| ApiError::invalid_field("lines", "the amounts are too large"))?;
    if totals.total < 0 {
        return Err(errors::invoice_total_negative(&format_minor(
            totals.total,
            currency.exponent,
        )));
    }
    for (line, computed) in lines.iter_mut().zip(&totals.lines) {
        line.subtotal_minor = computed.subtotal;
        line.total_minor = computed.total;
        line.tax_minor = computed.total - computed.subtotal;
    }
    Ok((lines, totals.untaxed, totals.tax))
}

/// 400 naming each line that names a purchase order line on a document not made from a
/// purchase order (only purchasing's bills carry them).
fn require_no_order_lines(lines: &[InvoiceLineInput]) -> ApiResult<()> {
    let mut validation = Validation::new();
    for (index, line) in lines.iter().enumerate() {
        if line.purchase_order_line_id.is_some() {
            validation.add(
                format!("lines[{index}].purchaseOrderLineId"),
                "only a bill made from a purchase order names its lines",
            );
        }
    }
    validation.finish()
}

/// 400 unless every line of a bill made from a purchase order bills an order line, a positive
/// quantity of it (the three-way match sees only such lines).
fn require_order_lines(lines: &[InvoiceLine]) -> ApiResult<()> {
    let mut validation = Validation::new();
    for (index, line) in lines.iter().enumerate() {
        if line.purchase_order_line_id.is_none() {
            validation.add(
                format!("lines[{index}].purchaseOrderLineId"),
                "a bill made from a purchase order names the order line of every line",
            );
        }
        if line.quantity_e4 <= 0 {
            validation.add(
                format!("lines[{index}].quantity"),
                "must be above zero on a bill made from a purchase order",
            );
        }
    }
    validation.finish()
}

/// A new draft; `purchase_order` when purchasing makes a vendor bill from that order.
async fn draft(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    input: CreateInvoice,
    purchase_order: Option<Uuid>,
) -> ApiResult<Invoice> {
    let mut validation = Validation::new();
    let kind = InvoiceKind::parse(&input.kind);
    if kind.is_none() {
        validation.add("kind", format!("must be one of: {}", InvoiceKind::codes()));
    }
    let invoice_date = fields::parse_date(&mut validation, "invoiceDate", &input.invoice_date);
    let due_date = input
        .due_date
        .as_deref()
        .and_then(|text| fields::parse_date(&mut validation, "dueDate", text));
    let currency = match input.currency.as_deref() {
        None => Some(ctx.currency),
        Some(code) => fields::currency(&mut validation, "currency", code),
    };
    let reference = input
        .reference
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    validation.finish()?;
    let (Some(kind), Some(invoice_date), Some(currency)) = (kind, invoice_date, currency) else {
        return Err(ApiError::invalid_field(
            "invoiceDate",
            "must be a date YYYY-MM-DD",
        ));
    };
    let customer = kind.is_customer();
    let PartnerTerms {
        payment_terms_days: terms,
        payment_term_id: partner_term,
        fiscal_position_id: partner_position,
        is_client,
        is_vendor,
    } = partners::terms(db, ctx.company, PartnerId(input.partner_id))
        .await?
        .ok_or_else(|| ApiError::invalid_field("partnerId", "no such partner in this company"))?;
    if (customer && !is_client) || (!customer && !is_vendor) {
        return Err(ApiError::invalid_field(
            "partnerId",
            if customer {
                "is not a client"
            } else {
                "is not a vendor"
            },
        ));
    }
    let due_date = match due_date {
        Some(date) => date,
        None => invoice_date
            .checked_add_days(Days::new(u64::try_from(terms.unwrap_or(0)).unwrap_or(0)))
            .unwrap_or(invoice_date),
    };
    if due_date < invoice_date {
        return Err(ApiError::invalid_field(
            "dueDate",
            "must be on or after the invoice date",
        ));
    }
    let term = schedule::term_of_draft(
        db,
        ctx,
        input.payment_term_id,
        partner_term,
        input.due_date.is_some() || kind.is_credit_note(),
    )
    .await?;
    let position =
        schedule::position_of_draft(db, ctx, input.fiscal_position_id, partner_position).await?;
    let rate_e10 = document_rate(db, ctx, currency, invoice_date).await?;
    let journal = ledger_store::journal_by_code(db, ctx.company, kind.journal_code())
        .await?
        .ok_or_else(|| errors::journal_missing(kind.journal_code()))?;
    let (lines, untaxed, tax) = build_lines(
        db,
        ctx,
        kind,
        currency,
        rate_e10,
        journal.default_account_id,
        map_lines(position.as_ref(), journal.default_account_id, input.lines),
    )
    .await?;
    // Whether it may be used is checked in the write transaction (`create_invoice`).
    let rounding =
        super::cash_roundings::added(db, ctx, input.cash_rounding_id, currency, untaxed + tax)
            .await?;
    let now = now_micros();
    let mut invoice = Invoice {
        id: Uuid::now_v7(),
        kind,
        partner_id: input.partner_id,
        journal_id: journal.id,
        invoice_date,
        due_date,
        currency: currency.code.to_owned(),
        rate_e10,
        reference,
        state: DocumentState::Draft,
        number: None,
        journal_entry_id: None,
        origin_invoice_id: None,
        amount_untaxed_minor: untaxed,
        amount_tax_minor: tax,
        amount_total_minor: untaxed + tax + rounding,
        amount_paid_minor: 0,
        payment_state: PaymentStatus::NotPaid,
        created_at: now,
        updated_at: now,
        lines,
        payment_term_id: None,
        installments: Vec::new(),
        discount: None,
        fiscal_position_id: position.as_ref().map(|position| position.id),
        cash_rounding_id: input.cash_rounding_id,
        amount_rounding_minor: rounding,
        purchase_order_id: purchase_order,
        order_id: None,
        salesperson_id: None,
        is_down_payment: false,
    };
    schedule::schedule(ctx, &mut invoice, term.as_ref())?;
    Ok(invoice)
}

fn write_error(error: sea_orm::DbErr) -> ApiError {
    if is_foreign_key_violation(&error) {
        ApiError::invalid_field("lines", "a tax or account does not exist in this company")
    } else {
        error.into()
    }
}

pub async fn create_invoice(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateInvoice,
) -> ApiResult<InvoiceView> {
    ctx.require_write(Area::Accounting)?;
    require_no_order_lines(&input.lines)?;
    let invoice = draft(platform.db.connection(), ctx, input, None).await?;
    let mut transaction = platform.db.write().await?;
    let view = insert_draft(platform, &mut transaction, ctx, invoice).await?;
    transaction.commit().await?;
    Ok(view)
}

/// A draft vendor bill made from a purchase order, in the caller's transaction (purchasing
/// checks its own permission and the order lines the input's lines name).
pub(crate) async fn create_bill_from_order(
    transaction: &mut WriteTransaction,
    platform: &Platform,
    ctx: &Ctx,
    purchase_order: Uuid,
    input: CreateInvoice,
) -> ApiResult<InvoiceView> {
    if input.kind != InvoiceKind::VendorBill.as_str() {
        return Err(ApiError::invalid_field("kind", "must be vendor_bill"));
    }
    let invoice = draft(&**transaction, ctx, input, Some(purchase_order)).await?;
    insert_draft(platform, transaction, ctx, invoice).await
}

/// A draft customer invoice made from a sales order, in the caller's transaction (sales checks
/// its own permission, the order and its lines).
pub(crate) async fn create_invoice_from_order(
    transaction: &mut WriteTransaction,
    platform: &Platform,
    ctx: &Ctx,
    made: crate::documents::SalesInvoiceDraft,
) -> ApiResult<InvoiceView> {
    if made.input.kind != InvoiceKind::CustomerInvoice.as_str() {
        return Err(ApiError::invalid_field("kind", "must be customer_invoice"));
    }
    require_no_order_lines(&made.input.lines)?;
    let mut invoice = draft(&**transaction, ctx, made.input, None).await?;
    invoice.order_id = Some(made.order_id);
    invoice.salesperson_id = made.salesperson_id;
    invoice.is_down_payment = made.is_down_payment;
    for (line, (order_line, down_payment_line)) in invoice.lines.iter_mut().zip(made.links) {
        line.order_line_id = order_line;
        line.down_payment_line_id = down_payment_line;
    }
    insert_draft(platform, transaction, ctx, invoice).await
}

/// Writes a checked draft and names it `invoice.created`.
async fn insert_draft(
    platform: &Platform,
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    invoice: Invoice,
) -> ApiResult<InvoiceView> {
    check_projects(platform, transaction, ctx, &invoice.lines).await?;
    if let Some(id) = invoice.cash_rounding_id {
        // Held until commit, against a concurrent delete.
        super::cash_roundings::usable(&**transaction, ctx, id).await?;
    }
    schedule::hold_references(&**transaction, ctx, &invoice).await?;
    store::insert_invoice(&**transaction, ctx.company, &invoice)
        .await
        .map_err(write_error)?;
    transaction.emit(ctx.company, events::INVOICE_CREATED, invoice.id);
    Ok(view(ctx, invoice, Vec::new()))
}

/// 400 naming each line whose `projectId` is not a project of the company, asked in the write
/// transaction through the platform's hook (ADR 0013: invoicing must not depend on projects).
pub(super) async fn check_projects(
    platform: &Platform,
    transaction: &DatabaseTransaction,
    ctx: &Ctx,
    lines: &[InvoiceLine],
) -> ApiResult<()> {
    let named: Vec<(String, ProjectId)> = lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| {
            line.project_id
                .map(|project| (format!("lines[{index}].projectId"), ProjectId(project)))
        })
        .collect();
    platform
        .require_projects(transaction, ctx.company, &named)
        .await
}

async fn load(db: &impl ConnectionTrait, ctx: &Ctx, id: InvoiceId) -> ApiResult<Invoice> {
    store::invoice_by_id(db, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("invoice"))
}

pub async fn get_invoice(platform: &Platform, ctx: &Ctx, id: InvoiceId) -> ApiResult<InvoiceView> {
    invoice_view(platform.db.connection(), ctx, id).await
}

/// A document as GET shows it, read on `db` (a write transaction's, to answer what it wrote).
pub(crate) async fn invoice_view(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: InvoiceId,
) -> ApiResult<InvoiceView> {
    let invoice = load(db, ctx, id).await?;
    let credit_notes = store::credit_note_ids(db, ctx.company, id.0).await?;
    let mut nettings = super::netting::allocations_of(db, ctx, &[id.0]).await?;
    let found = view(ctx, invoice, credit_notes);
    Ok(super::netting::with_allocations(found, &mut nettings))
}

pub async fn list_invoices(
    platform: &Platform,
    ctx: &Ctx,
    query: InvoiceListQuery,
) -> ApiResult<Page<InvoiceView>> {
    let kind = match query.kind.as_deref().filter(|text| !text.is_empty()) {
        None => None,
        Some(text) => Some(InvoiceKind::parse(text).ok_or_else(|| {
            ApiError::invalid_field("kind", format!("must be one of: {}", InvoiceKind::codes()))
        })?),
    };
    let state = DocumentState::filter(query.state.as_deref())?;
    let filter = InvoiceFilter {
        kind,
        state,
        partner_id: optional_uuid("partner_id", query.partner_id.as_deref())?,
        date_from: optional_date("date_from", query.date_from.as_deref())?,
        date_to: optional_date("date_to", query.date_to.as_deref())?,
    };
    let fingerprint = format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}",
        filter.kind.map(InvoiceKind::as_str),
        filter.state.map(DocumentState::as_str),
        filter.partner_id,
        filter.date_from,
        filter.date_to
    );
    let page = PageRequest::parse(&query.page, &INVOICE_LIST, &fingerprint)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_invoices(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |invoice| sort_key(&page, invoice));
    let ids: Vec<Uuid> = page.data.iter().map(|invoice| invoice.id).collect();
    let mut credit_notes = store::credit_note_ids_of(db, ctx.company, &ids).await?;
    let mut nettings = super::netting::allocations_of(db, ctx, &ids).await?;
    Ok(page.map(|invoice| {
        let notes = credit_notes.remove(&invoice.id).unwrap_or_default();
        super::netting::with_allocations(view(ctx, invoice, notes), &mut nettings)
    }))
}

/// Changing, deleting or posting a document: only a draft (409 `invoice_not_draft`).
fn require_draft(invoice: &Invoice, action: &str) -> ApiResult<()> {
    if invoice.state == DocumentState::Draft {
        return Ok(());
    }
    Err(errors::invoice_not_draft(action, invoice.state))
}

/// Cancelling or crediting: only a posted invoice or bill, never a credit note (409 `refused()`:
/// `errors::invoice_not_cancellable` or `errors::invoice_not_creditable`).
fn require_posted_original(invoice: &Invoice, refused: fn() -> ApiError) -> ApiResult<()> {
    if invoice.state == DocumentState::Posted && !invoice.kind.is_credit_note() {
        return Ok(());
    }
    Err(refused())
}

pub async fn update_invoice(
    platform: &Platform,
    ctx: &Ctx,
    id: InvoiceId,
    patch: UpdateInvoice,
) -> ApiResult<InvoiceView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut invoice = load(&*transaction, ctx, id).await?;
    require_draft(&invoice, "changed")?;
    let read_version = invoice.updated_at;
    let mut validation = Validation::new();
    if let Some(date) = patch.invoice_date
        && let Some(date) = fields::parse_date(&mut validation, "invoiceDate", &date)
    {
        invoice.invoice_date = date;
    }
    let due_date_given = patch.due_date.is_some();
    if let Some(due) = patch.due_date {
        invoice.due_date = match due {
            Some(text) => {
                fields::parse_date(&mut validation, "dueDate", &text).unwrap_or(invoice.due_date)
            }
            None => invoice.invoice_date,
        };
    }
    if let Some(reference) = patch.reference {
        invoice.reference = reference
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty());
    }
    validation.finish()?;
    // The term after the change: a new one, none, or the one it has (read again, so a draft
    // follows its term's current lines).
    let term = match patch.payment_term_id {
        Some(Some(term)) => Some(
            crate::service::payment_terms::term_for_document(
                &*transaction,
                ctx,
                term,
                "paymentTermId",
            )
            .await?,
        ),
        Some(None) => None,
        None => schedule::current_term(&*transaction, ctx, &invoice).await?,
    };
    if due_date_given && term.is_some() {
        return Err(ApiError::invalid_field(
            "dueDate",
            "comes from the payment term: set paymentTermId to null to give a due date",
        ));
    }
    if term.is_none() && invoice.due_date < invoice.invoice_date {
        return Err(ApiError::invalid_field(
            "dueDate",
            "must be on or after the invoice date",
        ));
    }
    let currency = invoice_currency(ctx, &invoice);
    if currency.code != ctx.currency.code {
        invoice.rate_e10 = ledger_store::rate_on(
            &*transaction,
            ctx.company,
            currency.code,
            invoice.invoice_date,
        )
        .await?
        .ok_or_else(|| {
            ApiError::invalid_field(
                "invoiceDate",
                format!("no {} rate on or before that date", currency.code),
            )
        })?;
    }
    if let Some(rounding) = patch.cash_rounding_id {
        if let Some(id) = rounding {
            super::cash_roundings::usable(&*transaction, ctx, id).await?;
        }
        invoice.cash_rounding_id = rounding;
    }
    // A new fiscal position maps the lines sent with it.
    let position_changed = patch.fiscal_position_id.is_some();
    let position = match patch.fiscal_position_id {
        Some(given) => schedule::position_of_draft(&*transaction, ctx, Some(given), None).await?,
        None => match invoice.fiscal_position_id {
            Some(id) => Some(
                crate::service::fiscal_positions::position_for_document(&*transaction, ctx, id)
                    .await?,
            ),
            None => None,
        },
    };
    invoice.fiscal_position_id = position.as_ref().map(|position| position.id);
    // The draft keeps only its mapped taxes and accounts: mapped again through another position
    // they would stay the old position's. A new position comes with the lines it maps.
    if position_changed && patch.lines.is_none() {
        return Err(ApiError::invalid_field(
            "lines",
            "are required with a new fiscalPositionId: send the lines to map through it",
        ));
    }
    let lines = patch.lines;
    if invoice.order_id.is_some() && lines.is_some() {
        return Err(ApiError::invalid_field(
            "lines",
            "an invoice made from a sales order keeps its lines: delete it and invoice the order again",
        ));
    }
    if invoice.purchase_order_id.is_none()
        && let Some(lines) = &lines
    {
        require_no_order_lines(lines)?;
    }
    let replace_lines = lines.is_some();
    if let Some(lines) = lines {
        let journal = ledger_store::journal_by_id(&*transaction, ctx.company, invoice.journal_id)
            .await?
            .ok_or_else(|| ApiError::not_found("journal"))?;
        let (lines, untaxed, tax) = build_lines(
            &*transaction,
            ctx,
            invoice.kind,
            currency,
            invoice.rate_e10,
            journal.default_account_id,
            map_lines(position.as_ref(), journal.default_account_id, lines),
        )
        .await?;
        if invoice.purchase_order_id.is_some() {
            require_order_lines(&lines)?;
        }
        invoice.lines = lines;
        invoice.amount_untaxed_minor = untaxed;
        invoice.amount_tax_minor = tax;
        invoice.amount_total_minor = untaxed + tax;
    }
    let taxed = invoice.amount_untaxed_minor + invoice.amount_tax_minor;
    invoice.amount_rounding_minor = super::cash_roundings::added(
        &*transaction,
        ctx,
        invoice.cash_rounding_id,
        currency,
        taxed,
    )
    .await?;
    invoice.amount_total_minor = taxed + invoice.amount_rounding_minor;
    // The installments follow the total, the date and the term as they now are.
    schedule::schedule(ctx, &mut invoice, term.as_ref())?;
    schedule::hold_references(&*transaction, ctx, &invoice).await?;
    invoice.updated_at = now_micros().max(read_version + 1);
    if replace_lines {
        check_projects(platform, &transaction, ctx, &invoice.lines).await?;
    }
    if !store::update_draft(
        &*transaction,
        ctx.company,
        &invoice,
        read_version,
        replace_lines,
    )
    .await
    .map_err(write_error)?
    {
        return Err(errors::invoice_changed());
    }
    transaction.emit(ctx.company, events::INVOICE_UPDATED, invoice.id);
    transaction.commit().await?;
    Ok(view(ctx, invoice, Vec::new()))
}

pub async fn delete_invoice(platform: &Platform, ctx: &Ctx, id: InvoiceId) -> ApiResult<()> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let invoice = load(&*transaction, ctx, id).await?;
    require_draft(&invoice, "deleted")?;
    if !store::delete_draft(&*transaction, ctx.company, id.0, invoice.updated_at).await? {
        return Err(errors::invoice_changed());
    }
    transaction.emit(ctx.company, events::INVOICE_DELETED, invoice.id);
    transaction.commit().await?;
    Ok(())
}

/// A tax's amount rule on a document in `currency` at `rate_e10`: a percent, or a fixed amount
/// per unit converted from the company's currency (an amount that does not convert counts as
/// none; the totals' range check then catches nothing larger).
pub(crate) fn tax_amount(
    tax: &ledger_store::Tax,
    ctx: &Ctx,
    currency: Currency,
    rate_e10: i64,
) -> TaxAmount {
    if tax.amount_type == "percent" {
        return TaxAmount::Percent(tax.rate);
    }
    let rate = (currency.code != ctx.currency.code).then_some(rate_e10);
    TaxAmount::Fixed(
        domain::fixed_in_document(tax.rate, ctx.currency.exponent, currency.exponent, rate)
            .unwrap_or(0),
    )
}

/// The tax rules of a line of `invoice`, keyed by the tax's index in `taxes`.
fn tax_rules(
    ctx: &Ctx,
    invoice: &Invoice,
    line: &InvoiceLine,
    taxes: &[ledger_store::Tax],
) -> Vec<TaxRule> {
    let currency = invoice_currency(ctx, invoice);
    line.tax_ids
        .iter()
        .filter_map(|id| taxes.iter().position(|tax| tax.id == *id))
        .map(|index| {
            let tax = &taxes[index];
            TaxRule {
                key: index,
                amount: tax_amount(tax, ctx, currency, invoice.rate_e10),
                price_include: tax.price_include,
                reverse_charge: tax.reverse_charge,
                sequence: tax.sequence,
                include_base_amount: tax.include_base_amount,
            }
        })
        .collect()
}

pub(crate) async fn rounding_of(db: &impl ConnectionTrait, ctx: &Ctx) -> ApiResult<Rounding> {
    Ok(
        match ledger_store::tax_rounding(db, ctx.company).await?.as_str() {
            "document" => Rounding::PerDocument,
            _ => Rounding::PerLine,
        },
    )
}
