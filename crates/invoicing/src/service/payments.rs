//! Payments: received from clients and made to vendors, posted to the ledger, and allocated to
//! posted invoices of the same partner (partly or fully, later or never: what is not allocated
//! stays as the client's credit or the vendor's advance).

use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{Currency, InvoiceId, JournalId, PartnerId, PaymentId, format_minor};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::api::*;
use crate::domain::{InvoiceKind, PaymentDirection, PaymentStatus};
use crate::errors;
use crate::events;
use crate::store::invoices as invoice_store;
use crate::store::payments::{self as store, Payment};
use arkan_crm::partners::{self, PartnerTerms};
use arkan_identity::companies;
use arkan_kernel::money;
use arkan_ledger::books as ledger_store;
use arkan_ledger::books::{DocumentState, document_rate, partner_account};
use arkan_ledger::posting::{self, Line, NewEntry};
use arkan_notifications::{self as notifications, NewNotification, NotificationType};
use arkan_platform::fields;
use arkan_platform::fields::optional_uuid;
use arkan_platform::role::Role;

/// The sorts of payment lists: `createdAt` (the default), `date`, `number` (drafts, without
/// one, first ascending) and `amount` (in minor units of each payment's currency).
pub const SORTS: &[SortField] = &[
    CREATED_AT,
    SortField {
        name: "date",
        column: "payment_date",
        kind: SortKind::Date,
    },
    SortField {
        name: "number",
        column: "number",
        kind: SortKind::NullableText,
    },
    SortField {
        name: "amount",
        column: "amount_minor",
        kind: SortKind::Integer,
    },
];

static PAYMENT_LIST: ListSpec = ListSpec {
    name: "accounting.payments",
    sorts: SORTS,
};

/// The cursor value of a payment in a list sorted by one of [`SORTS`].
pub fn sort_key(page: &PageRequest, payment: &Payment) -> (SortValue, Uuid) {
    let value = match page.sort.name {
        "date" => SortValue::Text(fields::format_date(payment.date)),
        "number" => SortValue::Text(payment.number.clone().unwrap_or_default()),
        "amount" => SortValue::Integer(payment.amount_minor),
        _ => SortValue::Integer(payment.created_at),
    };
    (value, payment.id)
}

const METHODS: [&str; 4] = ["bank_transfer", "cash", "cheque", "card"];

fn currency_of(ctx: &Ctx, payment: &Payment) -> Currency {
    Currency::from_code(&payment.currency).unwrap_or(ctx.currency)
}

fn view(ctx: &Ctx, payment: Payment) -> PaymentView {
    let currency = currency_of(ctx, &payment);
    let money = |minor: i64| format_minor(minor, currency.exponent);
    PaymentView {
        id: payment.id,
        payment_type: payment.payment_type.as_str().to_owned(),
        partner_id: payment.partner_id,
        amount: money(payment.amount_minor),
        currency: payment.currency,
        date: fields::format_date(payment.date),
        journal_id: payment.journal_id,
        method: payment.method,
        reference: payment.reference,
        cheque_number: payment.cheque_number,
        value_date: payment.value_date.map(fields::format_date),
        number: payment.number,
        state: payment.state.as_str().to_owned(),
        journal_entry_id: payment.journal_entry_id,
        amount_allocated: money(payment.amount_allocated_minor),
        amount_unallocated: money(payment.amount_minor - payment.amount_allocated_minor),
        allocations: payment
            .allocations
            .into_iter()
            .map(|(invoice_id, amount)| AllocationView {
                invoice_id,
                amount: money(amount),
            })
            .collect(),
        exported_at: payment.exported_at.map(rfc3339),
        created_at: rfc3339(payment.created_at),
        updated_at: rfc3339(payment.updated_at),
    }
}

pub async fn create_payment(
    platform: &Platform,
    ctx: &Ctx,
    input: CreatePayment,
) -> ApiResult<PaymentView> {
    ctx.require_write(Area::Accounting)?;
    let db = platform.db.connection();
    let mut validation = Validation::new();
    let direction = PaymentDirection::parse(&input.payment_type).unwrap_or_else(|| {
        validation.add("type", "must be inbound or outbound");
        PaymentDirection::Inbound
    });
    let inbound = direction == PaymentDirection::Inbound;
    let currency = match input.currency.as_deref() {
        None => Some(ctx.currency),
        Some(code) => fields::currency(&mut validation, "currency", code),
    };
    let amount = currency
        .and_then(|currency| fields::amount(&mut validation, "amount", &input.amount.0, currency));
    if amount.is_some_and(|amount| amount <= 0) {
        validation.add("amount", "must be greater than zero");
    }
    let date = fields::parse_date(&mut validation, "date", &input.date);
    let value_date = input
        .value_date
        .as_deref()
        .and_then(|text| fields::parse_date(&mut validation, "valueDate", text));
    if !METHODS.contains(&input.method.as_str()) {
        validation.add("method", format!("must be one of: {}", METHODS.join(", ")));
    }
    let cheque_number = input
        .cheque_number
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    if cheque_number.is_some() && input.method != "cheque" {
        validation.add("chequeNumber", "is only for a cheque");
    }
    validation.finish()?;
    let (Some(currency), Some(amount), Some(date)) = (currency, amount, date) else {
        return Err(ApiError::invalid_field("amount", "is required"));
    };
    let PartnerTerms {
        is_client,
        is_vendor,
        ..
    } = partners::terms(db, ctx.company, PartnerId(input.partner_id))
        .await?
        .ok_or_else(|| ApiError::invalid_field("partnerId", "no such partner in this company"))?;
    if (inbound && !is_client) || (!inbound && !is_vendor) {
        return Err(ApiError::invalid_field(
            "partnerId",
            if inbound {
                "is not a client"
            } else {
                "is not a vendor"
            },
        ));
    }
    let journal = ledger_store::journal_by_id(db, ctx.company, input.journal_id)
        .await?
        .filter(|journal| matches!(journal.journal_type.as_str(), "bank" | "cash"))
        .ok_or_else(|| {
            ApiError::invalid_field(
                "journalId",
                "no bank or cash journal with this id in this company",
            )
        })?;
    if journal.default_account_id.is_none() {
        return Err(ApiError::invalid_field(
            "journalId",
            "the journal has no default (bank or cash) account",
        ));
    }
    let rate_e10 = document_rate(db, ctx, currency, date).await?;
    let now = now_micros();
    let payment = Payment {
        id: Uuid::now_v7(),
        payment_type: direction,
        partner_id: input.partner_id,
        amount_minor: amount,
        currency: currency.code.to_owned(),
        rate_e10,
        date,
        journal_id: journal.id,
        method: input.method,
        reference: input
            .reference
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty()),
        cheque_number,
        value_date,
        state: DocumentState::Draft,
        number: None,
        journal_entry_id: None,
        amount_allocated_minor: 0,
        exported_at: None,
        created_at: now,
        updated_at: now,
        allocations: Vec::new(),
    };
    let mut transaction = platform.db.write().await?;
    store::insert_payment(&*transaction, ctx.company, &payment).await?;
    transaction.emit(ctx.company, events::PAYMENT_CREATED, payment.id);
    transaction.commit().await?;
    Ok(view(ctx, payment))
}

async fn load(db: &impl ConnectionTrait, ctx: &Ctx, id: PaymentId) -> ApiResult<Payment> {
    store::payment_by_id(db, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("payment"))
}

pub async fn get_payment(platform: &Platform, ctx: &Ctx, id: PaymentId) -> ApiResult<PaymentView> {
    Ok(view(ctx, load(platform.db.connection(), ctx, id).await?))
}

pub async fn list_payments(
    platform: &Platform,
    ctx: &Ctx,
    query: PaymentListQuery,
) -> ApiResult<Page<PaymentView>> {
    let payment_type = match query
        .payment_type
        .as_deref()
        .filter(|text| !text.is_empty())
    {
        None => None,
        Some(text) => Some(
            PaymentDirection::parse(text)
                .ok_or_else(|| ApiError::invalid_field("type", "must be inbound or outbound"))?,
        ),
    };
    let state = DocumentState::filter(query.state.as_deref())?;
    let partner = optional_uuid("partner_id", query.partner_id.as_deref())?;
    let page = PageRequest::parse(
        &query.page,
        &PAYMENT_LIST,
        &format!(
            "{:?}|{:?}|{partner:?}",
            payment_type.map(PaymentDirection::as_str),
            state.map(DocumentState::as_str)
        ),
    )?;
    let filtered = store::payments(ctx.company, payment_type, state, partner);
    let (rows, total) =
        store::list_payments(platform.db.connection(), ctx.company, &filtered, &page).await?;
    Ok(page
        .page(rows, total, |payment| sort_key(&page, payment))
        .map(|payment| view(ctx, payment)))
}

/// Posting a payment: only a draft (409 `payment_not_draft`).
fn require_draft(payment: &Payment) -> ApiResult<()> {
    if payment.state == DocumentState::Draft {
        return Ok(());
    }
    Err(errors::payment_not_draft(payment.state))
}

/// Allocating a payment (or undoing an allocation): only a posted one (409 `payment_not_posted`).
fn require_posted(payment: &Payment) -> ApiResult<()> {
    if payment.state == DocumentState::Posted {
        return Ok(());
    }
    Err(errors::payment_not_posted())
}

/// Posts a payment: bank or cash against the partner's receivable (inbound) or payable
/// (outbound), converted at the payment's rate, numbered by its journal.
pub async fn post_payment(platform: &Platform, ctx: &Ctx, id: PaymentId) -> ApiResult<PaymentView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut payment = load(&*transaction, ctx, id).await?;
    require_draft(&payment)?;
    let inbound = payment.payment_type == PaymentDirection::Inbound;
    let journal = ledger_store::journal_by_id(&*transaction, ctx.company, payment.journal_id)
        .await?
        .ok_or_else(|| ApiError::not_found("journal"))?;
    let bank_account = journal.default_account_id.ok_or_else(|| {
        ApiError::invalid_field("journalId", "the journal has no default account")
    })?;
    let partner_account = partner_account(&*transaction, ctx, inbound).await?;
    let currency = currency_of(ctx, &payment);
    let foreign = currency.code != ctx.currency.code;
    let company_amount = if foreign {
        money::convert(
            payment.amount_minor,
            currency,
            payment.rate_e10,
            ctx.currency,
        )
        .ok_or_else(|| ApiError::invalid_field("amount", "is too large"))?
    } else {
        payment.amount_minor
    };
    let line = |account: Uuid, debit: bool| Line {
        id: Uuid::now_v7(),
        account_id: account,
        partner_id: Some(payment.partner_id),
        description: None,
        debit_minor: if debit { company_amount } else { 0 },
        credit_minor: if debit { 0 } else { company_amount },
        currency: foreign.then(|| currency.code.to_owned()),
        amount_currency_minor: foreign.then_some(if debit {
            payment.amount_minor
        } else {
            -payment.amount_minor
        }),
        project_id: None,
        tax_id: None,
    };
    let lines = if inbound {
        vec![line(bank_account, true), line(partner_account.id, false)]
    } else {
        vec![line(partner_account.id, true), line(bank_account, false)]
    };
    let now = now_micros();
    let entry = posting::post(
        &mut transaction,
        ctx,
        NewEntry {
            journal_id: JournalId(payment.journal_id),
            date: payment.date,
            reference: payment.reference.clone(),
            memo: Some(format!("{} payment", payment.payment_type)),
            lines,
        },
    )
    .await?;
    let read_version = payment.updated_at;
    payment.state = DocumentState::Posted;
    payment.number = Some(entry.number);
    payment.journal_entry_id = Some(entry.id.0);
    payment.updated_at = now.max(read_version + 1);
    if !store::mark_posted(&*transaction, ctx.company, &payment, read_version).await? {
        return Err(errors::payment_changed());
    }
    transaction.emit(ctx.company, events::PAYMENT_POSTED, payment.id);
    transaction.commit().await?;
    Ok(view(ctx, payment))
}

/// Allocates a posted payment to posted invoices of its partner, in one transaction: every
/// allocation or none.
pub async fn allocate_payment(
    platform: &Platform,
    ctx: &Ctx,
    id: PaymentId,
    input: AllocatePayment,
) -> ApiResult<PaymentView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let payment = load(&*transaction, ctx, id).await?;
    require_posted(&payment)?;
    if input.allocations.is_empty() || input.allocations.len() > 100 {
        return Err(ApiError::invalid_field(
            "allocations",
            "1 to 100 allocations",
        ));
    }
    let currency = currency_of(ctx, &payment);
    let invoice_kind = payment.payment_type.settles();
    let mut validation = Validation::new();
    let mut planned = Vec::with_capacity(input.allocations.len());
    for (index, allocation) in input.allocations.iter().enumerate() {
        let amount = fields::amount(
            &mut validation,
            &format!("allocations[{index}].amount"),
            &allocation.amount.0,
            currency,
        );
        if amount.is_some_and(|amount| amount <= 0) {
            validation.add(
                format!("allocations[{index}].amount"),
                "must be greater than zero",
            );
        }
        let field = format!("allocations[{index}].invoiceId");
        match invoice_store::invoice_by_id(&*transaction, ctx.company, allocation.invoice_id)
            .await?
        {
            None => validation.add(field, "no such invoice in this company"),
            Some(invoice) if invoice.state != DocumentState::Posted => {
                validation.add(field, "the invoice is not posted")
            }
            Some(invoice) if invoice.partner_id != payment.partner_id => {
                validation.add(field, "the invoice is another partner's")
            }
            Some(invoice) if invoice.kind != invoice_kind => validation.add(
                field,
                format!("a {} payment pays a {invoice_kind}", payment.payment_type),
            ),
            Some(invoice) if invoice.currency != payment.currency => validation.add(
                field,
                format!(
                    "the invoice is in {}, the payment in {}",
                    invoice.currency, payment.currency
                ),
            ),
            Some(invoice) => {
                if let Some(amount) = amount {
                    planned.push((allocation.invoice_id, amount, invoice.rate_e10));
                }
            }
        }
    }
    validation.finish()?;
    let now = now_micros();
    // Differences of each sign post apart, each on its own account, so that taking one
    // allocation back reverses it on the account it landed on.
    let (mut positive, mut negative): (i64, i64) = (0, 0);
    let mut settled: Vec<Uuid> = Vec::with_capacity(planned.len());
    for (invoice, _, _) in &planned {
        if !settled.contains(invoice) {
            settled.push(*invoice);
        }
    }
    for (invoice, amount, invoice_rate) in planned {
        if !store::move_allocated(&*transaction, ctx.company, payment.id, amount, now).await?
            || !store::move_paid(&*transaction, ctx.company, invoice, amount, now).await?
        {
            return Err(errors::payment_over_allocated());
        }
        let mut difference = 0;
        if currency.code != ctx.currency.code && invoice_rate != payment.rate_e10 {
            let at_payment = money::convert(amount, currency, payment.rate_e10, ctx.currency);
            let at_invoice = money::convert(amount, currency, invoice_rate, ctx.currency);
            if let (Some(at_payment), Some(at_invoice)) = (at_payment, at_invoice) {
                difference = at_payment - at_invoice;
            }
        }
        if difference > 0 {
            positive += difference;
        } else {
            negative += difference;
        }
        store::add_allocation(
            &*transaction,
            ctx.company,
            payment.id,
            invoice,
            amount,
            difference,
            now,
        )
        .await?;
    }
    for difference in [positive, negative] {
        if difference != 0 {
            post_exchange_difference(&mut transaction, ctx, &payment, difference, false).await?;
        }
    }
    // The payment and every invoice it now pays, then whom a paid invoice tells.
    transaction.emit(ctx.company, events::PAYMENT_ALLOCATED, payment.id);
    for invoice in &settled {
        transaction.emit(ctx.company, events::INVOICE_UPDATED, *invoice);
    }
    notify_paid(&mut transaction, ctx, &settled).await?;
    let payment = load(&*transaction, ctx, id).await?;
    transaction.commit().await?;
    Ok(view(ctx, payment))
}

/// Tells the company's owners, admins and accountants of each customer invoice these
/// allocations paid in full (in the allocation's transaction: no notification if it rolls back).
async fn notify_paid(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    invoices: &[Uuid],
) -> ApiResult<()> {
    let mut recipients = None;
    for invoice in invoices {
        let Some(invoice) =
            invoice_store::invoice_by_id(&**transaction, ctx.company, *invoice).await?
        else {
            continue;
        };
        if invoice.kind != InvoiceKind::CustomerInvoice
            || invoice.payment_state != PaymentStatus::Paid
        {
            continue;
        }
        if recipients.is_none() {
            recipients = Some(
                companies::members_with_roles(
                    &**transaction,
                    ctx.company,
                    &[Role::Owner, Role::Admin, Role::Accountant],
                )
                .await?,
            );
        }
        let currency = super::invoices::invoice_currency(ctx, &invoice);
        let notification = NewNotification {
            kind: NotificationType::PaymentReceived,
            title: format!(
                "Invoice {} is paid",
                invoice.number.as_deref().unwrap_or("(draft)")
            ),
            body: Some(format!(
                "{} {} received in full",
                invoice.currency,
                format_minor(invoice.amount_total_minor, currency.exponent)
            )),
            module_key: Some("accounting"),
            resource_type: Some("invoice"),
            resource_id: Some(invoice.id),
        };
        notifications::raise(
            transaction,
            ctx.company,
            recipients.as_deref().unwrap_or_default(),
            &notification,
        )
        .await?;
    }
    Ok(())
}

/// Posts the realised exchange difference of an allocation: what the payment settled in company
/// currency minus what the invoices booked for the same foreign amount. It clears the partner's
/// receivable or payable and lands on the foreign-exchange gain (409100) or loss (609100) account.
/// `reversing` posts the opposite entry on the same accounts, when the allocation is taken back.
async fn post_exchange_difference(
    writer: &mut WriteTransaction,
    ctx: &Ctx,
    payment: &Payment,
    difference: i64,
    reversing: bool,
) -> ApiResult<()> {
    let transaction: &sea_orm::DatabaseTransaction = writer;
    let inbound = payment.payment_type == PaymentDirection::Inbound;
    let partner_account = partner_account(transaction, ctx, inbound).await?;
    // Inbound: a positive difference means the client paid more in company currency (a gain).
    // Outbound: a positive difference means the company paid more (a loss).
    let gain = (difference > 0) == inbound;
    let code = if gain { "409100" } else { "609100" };
    let exchange_account = ledger_store::account_by_code(transaction, ctx.company, code)
        .await?
        .ok_or_else(|| errors::exchange_accounts_missing(code))?;
    let amount = difference.abs();
    // The partner's line moves the way that clears the difference left on it (or, reversing,
    // the way that puts it back).
    let partner_debit = ((difference > 0) == inbound) != reversing;
    let description = if reversing {
        "Realised exchange difference, reversed with its allocation"
    } else {
        "Realised exchange difference"
    };
    let line = |account: Uuid, debit: bool, partner: bool| Line {
        id: Uuid::now_v7(),
        account_id: account,
        partner_id: partner.then_some(payment.partner_id),
        description: Some(description.to_owned()),
        debit_minor: if debit { amount } else { 0 },
        credit_minor: if debit { 0 } else { amount },
        currency: None,
        amount_currency_minor: None,
        project_id: None,
        tax_id: None,
    };
    let journal = ledger_store::journal_by_code(transaction, ctx.company, "MISC")
        .await?
        .ok_or_else(|| errors::journal_missing("MISC"))?;
    posting::post(
        writer,
        ctx,
        NewEntry {
            journal_id: JournalId(journal.id),
            date: payment.date,
            reference: payment.number.clone(),
            memo: Some(description.to_owned()),
            lines: vec![
                line(partner_account.id, partner_debit, true),
                line(exchange_account.id, !partner_debit, false),
            ],
        },
    )
    .await
    .map(|_| ())
}

/// Takes an allocation back: the invoice is open again for that amount and the payment has it
/// unallocated. An exchange difference the allocation realised is reversed on the same
/// accounts, in the same transaction.
pub async fn unallocate_payment(
    platform: &Platform,
    ctx: &Ctx,
    id: PaymentId,
    invoice: InvoiceId,
) -> ApiResult<()> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let payment = load(&*transaction, ctx, id).await?;
    let removed = store::remove_allocation(&*transaction, ctx.company, id.0, invoice.0)
        .await?
        .ok_or_else(|| ApiError::not_found("allocation"))?;
    let amount = removed.amount;
    match removed.exchange_difference {
        Some(0) => {}
        Some(difference) => {
            post_exchange_difference(&mut transaction, ctx, &payment, difference, true).await?;
        }
        // Allocated before differences were kept: only safe when no rates were crossed.
        None => {
            let crossed = invoice_store::invoice_by_id(&*transaction, ctx.company, invoice.0)
                .await?
                .is_some_and(|found| found.rate_e10 != payment.rate_e10);
            if crossed {
                return Err(errors::allocation_has_exchange_difference());
            }
        }
    }
    let now = now_micros();
    if !store::move_allocated(&*transaction, ctx.company, id.0, -amount, now).await?
        || !store::move_paid(&*transaction, ctx.company, invoice.0, -amount, now).await?
    {
        return Err(errors::allocation_changed());
    }
    transaction.emit(ctx.company, events::PAYMENT_UNALLOCATED, payment.id);
    transaction.emit(ctx.company, events::INVOICE_UPDATED, invoice.0);
    transaction.commit().await?;
    Ok(())
}
