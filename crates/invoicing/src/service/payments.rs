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
            .map(|(invoice_id, amount, write_off)| AllocationView {
                invoice_id,
                amount: money(amount),
                write_off_amount: money(write_off),
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
    let mut transaction = platform.db.write().await?;
    let payment = create_in(&mut transaction, ctx, input).await?;
    transaction.commit().await?;
    Ok(view(ctx, payment))
}

/// Creates a draft payment inside `transaction` (the caller commits).
pub(crate) async fn create_in(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    input: CreatePayment,
) -> ApiResult<Payment> {
    ctx.require_write(Area::Accounting)?;
    let db = &**transaction;
    let mut validation = Validation::new();
    let direction = PaymentDirection::parse(&input.payment_type).unwrap_or_else(|| {
        validation.add("type", "must be inbound or outbound");
        PaymentDirection::Inbound
    });
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
    // Money in is usually from a client and money out to a vendor; the other way round is a
    // refund (of a vendor credit note, to a client's credit note), booked on the document's side
    // when allocated.
    if !is_client && !is_vendor {
        return Err(ApiError::invalid_field(
            "partnerId",
            "is neither a client nor a vendor",
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
    store::insert_payment(&**transaction, ctx.company, &payment).await?;
    transaction.emit(ctx.company, events::PAYMENT_CREATED, payment.id);
    Ok(payment)
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
    let payment = post_in(&mut transaction, ctx, id).await?;
    transaction.commit().await?;
    Ok(view(ctx, payment))
}

/// Posts a draft payment inside `transaction` (the caller commits).
pub(crate) async fn post_in(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    id: PaymentId,
) -> ApiResult<Payment> {
    ctx.require_write(Area::Accounting)?;
    let mut payment = load(&**transaction, ctx, id).await?;
    require_draft(&payment)?;
    let inbound = payment.payment_type == PaymentDirection::Inbound;
    let journal = ledger_store::journal_by_id(&**transaction, ctx.company, payment.journal_id)
        .await?
        .ok_or_else(|| ApiError::not_found("journal"))?;
    let bank_account = journal.default_account_id.ok_or_else(|| {
        ApiError::invalid_field("journalId", "the journal has no default account")
    })?;
    let partner_account = partner_account(&**transaction, ctx, inbound).await?;
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
        transaction,
        ctx,
        NewEntry {
            journal_id: JournalId(payment.journal_id),
            date: payment.date,
            reference: payment.reference.clone(),
            memo: Some(format!("{} payment", payment.payment_type)),
            lines,
            taxes: Vec::new(),
        },
    )
    .await?;
    let read_version = payment.updated_at;
    payment.state = DocumentState::Posted;
    payment.number = Some(entry.number);
    payment.journal_entry_id = Some(entry.id.0);
    payment.updated_at = now.max(read_version + 1);
    if !store::mark_posted(&**transaction, ctx.company, &payment, read_version).await? {
        return Err(errors::payment_changed());
    }
    transaction.emit(ctx.company, events::PAYMENT_POSTED, payment.id);
    Ok(payment)
}

/// One allocation checked and ready to write.
struct Planned {
    invoice: Uuid,
    /// In the payment's currency.
    amount: i64,
    /// What `amount` settles of the document, in its currency (converted at the payment
    /// date's rates when the currencies differ).
    settled: i64,
    invoice_currency: Currency,
    invoice_rate: i64,
    /// The document sits on the receivable (customer documents), not the payable.
    receivable: bool,
    /// The difference written off in the payment's currency and in the document's, its value
    /// in company currency, and the account and description it is booked with.
    write_off: Option<(i64, i64, i64, Uuid, Option<String>)>,
    /// The write-off is the document's early-payment discount: its taxes get their share.
    early_discount: bool,
}

/// `amount` of `from` (worth `from_rate` company units each) in `to` (worth `to_rate`),
/// rounded half away from zero once.
fn cross_convert(
    amount: i64,
    from: Currency,
    from_rate: i64,
    to: Currency,
    to_rate: i64,
) -> Option<i64> {
    let numerator = i128::from(amount)
        .checked_mul(i128::from(from_rate))?
        .checked_mul(10_i128.checked_pow(u32::from(to.exponent))?)?;
    let denominator =
        i128::from(to_rate).checked_mul(10_i128.checked_pow(u32::from(from.exponent))?)?;
    if denominator <= 0 {
        return None;
    }
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    let rounded = if remainder.abs() * 2 >= denominator {
        quotient + numerator.signum()
    } else {
        quotient
    };
    i64::try_from(rounded).ok()
}

/// Allocates a posted payment to posted documents of its partner, in one transaction: every
/// allocation or none. Inbound payments settle customer invoices and vendor credit notes,
/// outbound ones vendor bills and customer credit notes. An allocation with a write-off account
/// closes its document: the rest of its amount due (or what is paid over it) is booked to that
/// account, within the settings' write-off limit.
pub async fn allocate_payment(
    platform: &Platform,
    ctx: &Ctx,
    id: PaymentId,
    input: AllocatePayment,
) -> ApiResult<PaymentView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let payment = allocate_in(&mut transaction, ctx, id, input).await?;
    transaction.commit().await?;
    Ok(view(ctx, payment))
}

/// Allocates a posted payment inside `transaction` (the caller commits).
pub(crate) async fn allocate_in(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    id: PaymentId,
    input: AllocatePayment,
) -> ApiResult<Payment> {
    ctx.require_write(Area::Accounting)?;
    let payment = load(&**transaction, ctx, id).await?;
    require_posted(&payment)?;
    if input.allocations.is_empty() || input.allocations.len() > 100 {
        return Err(ApiError::invalid_field(
            "allocations",
            "1 to 100 allocations",
        ));
    }
    let currency = currency_of(ctx, &payment);
    let mut validation = Validation::new();
    let mut planned: Vec<Planned> = Vec::with_capacity(input.allocations.len());
    let mut write_off_limit = None;
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
        let invoice =
            match invoice_store::invoice_by_id(&**transaction, ctx.company, allocation.invoice_id)
                .await?
            {
                None => {
                    validation.add(field, "no such invoice in this company");
                    continue;
                }
                Some(invoice) if invoice.state != DocumentState::Posted => {
                    validation.add(field, "the invoice is not posted");
                    continue;
                }
                Some(invoice) if invoice.partner_id != payment.partner_id => {
                    validation.add(field, "the invoice is another partner's");
                    continue;
                }
                Some(invoice) if !payment.payment_type.settles(invoice.kind) => {
                    return Err(errors::allocation_wrong_direction(
                        field,
                        format!(
                            "an {} payment does not settle a {}",
                            payment.payment_type,
                            invoice.kind.words()
                        ),
                    ));
                }
                Some(invoice) => invoice,
            };
        // A document in another currency is settled at the payment date's rates.
        let invoice_currency = Currency::from_code(&invoice.currency).unwrap_or(ctx.currency);
        let rate_at_payment = if invoice.currency == payment.currency {
            payment.rate_e10
        } else {
            match document_rate(&**transaction, ctx, invoice_currency, payment.date).await {
                Ok(rate) => rate,
                Err(_) => {
                    validation.add(
                        field,
                        format!(
                            "no {} rate on or before the payment's date",
                            invoice.currency
                        ),
                    );
                    continue;
                }
            }
        };
        let in_invoice_currency = |minor: i64| {
            if invoice.currency == payment.currency {
                Some(minor)
            } else {
                cross_convert(
                    minor,
                    currency,
                    payment.rate_e10,
                    invoice_currency,
                    rate_at_payment,
                )
            }
        };
        let settled = match amount.filter(|amount| *amount > 0) {
            None => None,
            Some(amount) => match in_invoice_currency(amount) {
                Some(settled) if settled > 0 => Some(settled),
                _ => {
                    validation.add(
                        format!("allocations[{index}].amount"),
                        format!("settles nothing of a document in {}", invoice.currency),
                    );
                    None
                }
            },
        };
        let mut write_off = None;
        let mut early_discount = false;
        // Exactly the discounted amount, by the discount date, on a document nothing was paid
        // of yet: the discount closes it.
        if allocation.write_off_account_id.is_none()
            && let Some((last_day, discount)) = invoice.discount
            && discount > 0
            && invoice.amount_paid_minor == 0
            && payment.date <= last_day
            && settled == Some(invoice.amount_total_minor - discount)
            && let Some(amount) = amount
        {
            let (allowed, received) =
                ledger_store::discount_accounts(&**transaction, ctx.company).await?;
            let customer = invoice.kind.is_customer();
            let account = if customer { allowed } else { received }.ok_or_else(|| {
                errors::discount_account_missing(if customer {
                    "discountAllowedAccountId"
                } else {
                    "discountReceivedAccountId"
                })
            })?;
            let at_rate = |minor: i64| {
                money::convert(minor, invoice_currency, invoice.rate_e10, ctx.currency)
            };
            let due_in_payment_currency = if invoice.currency == payment.currency {
                Some(invoice.amount_total_minor)
            } else {
                cross_convert(
                    invoice.amount_total_minor,
                    invoice_currency,
                    rate_at_payment,
                    currency,
                    payment.rate_e10,
                )
            };
            let (Some(due_in_payment_currency), Some(due_value), Some(settled_value)) = (
                due_in_payment_currency,
                at_rate(invoice.amount_total_minor),
                at_rate(invoice.amount_total_minor - discount),
            ) else {
                return Err(ApiError::invalid_field(&field, "is too large"));
            };
            write_off = Some((
                due_in_payment_currency - amount,
                discount,
                due_value - settled_value,
                account,
                Some("Early-payment discount".to_owned()),
            ));
            early_discount = true;
        }
        if let Some(account_id) = allocation.write_off_account_id {
            let account_field = format!("allocations[{index}].writeOffAccountId");
            let account = ledger_store::accounts_by_ids(&**transaction, ctx.company, &[account_id])
                .await?
                .into_iter()
                .next()
                .filter(|account| account.active);
            let due = invoice.amount_total_minor - invoice.amount_paid_minor;
            let twice = input
                .allocations
                .iter()
                .filter(|other| other.invoice_id == allocation.invoice_id)
                .count()
                > 1;
            let written_before = payment.allocations.iter().any(|(invoice, _, write_off)| {
                *invoice == allocation.invoice_id && *write_off != 0
            });
            if account.is_none() {
                validation.add(account_field, "no such active account in this company");
            } else if due <= 0 {
                validation.add(field, "nothing of the document is due");
            } else if twice {
                validation.add(
                    field,
                    "a document written off is allocated once per request",
                );
            } else if written_before {
                validation.add(
                    field,
                    "this payment already wrote the document off; take that allocation back first",
                );
            } else if let (Some(amount), Some(settled)) = (amount, settled) {
                // What is left of the document, in its currency, in the payment's and (at the
                // document's own rate, as it was booked) in company currency.
                let left = due - settled;
                let due_in_payment_currency = if invoice.currency == payment.currency {
                    Some(due)
                } else {
                    cross_convert(
                        due,
                        invoice_currency,
                        rate_at_payment,
                        currency,
                        payment.rate_e10,
                    )
                };
                let at_rate = |minor: i64| {
                    money::convert(minor, invoice_currency, invoice.rate_e10, ctx.currency)
                };
                let (Some(due_in_payment_currency), Some(due_value), Some(settled_value)) =
                    (due_in_payment_currency, at_rate(due), at_rate(settled))
                else {
                    return Err(ApiError::invalid_field(&field, "is too large"));
                };
                let difference = due_in_payment_currency - amount;
                let signed_value = due_value - settled_value;
                let company_value = signed_value.abs();
                let limit = match write_off_limit {
                    Some(limit) => limit,
                    None => *write_off_limit
                        .insert(ledger_store::write_off_limit(&**transaction, ctx.company).await?),
                };
                if company_value > limit {
                    return Err(errors::write_off_above_limit(
                        format!("allocations[{index}].amount"),
                        &format_minor(company_value, ctx.currency.exponent),
                        &format_minor(limit, ctx.currency.exponent),
                    ));
                }
                let description = allocation
                    .write_off_description
                    .as_deref()
                    .map(str::trim)
                    .filter(|text| !text.is_empty())
                    .map(str::to_owned);
                write_off = Some((difference, left, signed_value, account_id, description));
            }
        } else if allocation.write_off_description.is_some() {
            validation.add(
                format!("allocations[{index}].writeOffDescription"),
                "goes with a writeOffAccountId",
            );
        }
        if let (Some(amount), Some(settled)) = (amount, settled) {
            planned.push(Planned {
                invoice: allocation.invoice_id,
                amount,
                settled,
                invoice_currency,
                invoice_rate: invoice.rate_e10,
                receivable: invoice.kind.is_customer(),
                write_off,
                early_discount,
            });
        }
    }
    validation.finish()?;
    let now = now_micros();
    // Differences of each sign and side post apart, each on its own accounts, so that taking
    // one allocation back reverses it on the accounts it landed on.
    // Index: receivable side (0) or payable (1), positive (0) or negative (1).
    let mut differences = [[0_i64; 2]; 2];
    let mut settled: Vec<Uuid> = Vec::with_capacity(planned.len());
    for item in &planned {
        if !settled.contains(&item.invoice) {
            settled.push(item.invoice);
        }
    }
    for item in planned {
        let invoice_amount =
            item.settled + item.write_off.as_ref().map_or(0, |write_off| write_off.1);
        if !store::move_allocated(&**transaction, ctx.company, payment.id, item.amount, now).await?
            || !store::move_paid(
                &**transaction,
                ctx.company,
                item.invoice,
                invoice_amount,
                now,
            )
            .await?
        {
            return Err(errors::payment_over_allocated());
        }
        // What the payment settled in company currency (at its rate) less what the document
        // booked for the part settled (at its own): 0 in one currency at one rate.
        let mut difference = 0;
        let at_payment = money::convert(item.amount, currency, payment.rate_e10, ctx.currency);
        let at_invoice = money::convert(
            item.settled,
            item.invoice_currency,
            item.invoice_rate,
            ctx.currency,
        );
        if let (Some(at_payment), Some(at_invoice)) = (at_payment, at_invoice) {
            difference = at_payment - at_invoice;
        }
        differences[usize::from(!item.receivable)][usize::from(difference < 0)] += difference;
        store::add_allocation(
            &**transaction,
            ctx.company,
            payment.id,
            item.invoice,
            item.amount,
            invoice_amount,
            difference,
            item.write_off
                .as_ref()
                .map(|(minor, _, value, account, _)| (*minor, *value, *account)),
            item.early_discount,
            now,
        )
        .await?;
        let tax_shares = match &item.write_off {
            Some((_, _, value, ..)) if item.early_discount => {
                let shares = discount_tax_shares(transaction, ctx, item.invoice, *value).await?;
                store::add_discount_taxes(
                    &**transaction,
                    ctx.company,
                    payment.id,
                    item.invoice,
                    &shares,
                )
                .await?;
                shares
            }
            _ => Vec::new(),
        };
        let settlement = Settlement {
            receivable: item.receivable,
            transfer: transfer_value(ctx, &payment, item.receivable, item.amount)?,
            write_off: item
                .write_off
                .map(|(_, _, company_value, account, description)| {
                    (company_value, account, description)
                }),
            tax_shares,
        };
        post_settlement(transaction, ctx, &payment, settlement, false).await?;
    }
    for (side, signs) in differences.into_iter().enumerate() {
        for difference in signs {
            if difference != 0 {
                post_exchange_difference(transaction, ctx, &payment, side == 0, difference, false)
                    .await?;
            }
        }
    }
    // The payment and every invoice it now pays, then whom a paid invoice tells.
    transaction.emit(ctx.company, events::PAYMENT_ALLOCATED, payment.id);
    for invoice in &settled {
        transaction.emit(ctx.company, events::INVOICE_UPDATED, *invoice);
    }
    notify_paid(transaction, ctx, &settled).await?;
    load(&**transaction, ctx, id).await
}

/// What an allocation books besides its exchange difference.
struct Settlement {
    /// The document is on the receivable (else the payable).
    receivable: bool,
    /// The company-currency value moved between the payment's side and the document's (a
    /// refund: the payment was booked on the other side), 0 when they are the same.
    transfer: i64,
    /// The write-off in company currency (positive short, negative over), its account and
    /// description.
    write_off: Option<(i64, Uuid, Option<String>)>,
    /// The parts of the write-off that go back to tax accounts instead (an early-payment
    /// discount reduces the tax of the document): the write-off's sign, or the other for a
    /// withholding tax.
    tax_shares: Vec<(Uuid, i64)>,
}

/// How much of an early-payment discount worth `value` (company currency) goes back to each
/// tax account of the document: each tax's share of its total.
async fn discount_tax_shares(
    transaction: &sea_orm::DatabaseTransaction,
    ctx: &Ctx,
    invoice: Uuid,
    value: i64,
) -> ApiResult<Vec<(Uuid, i64)>> {
    let invoice = invoice_store::invoice_by_id(transaction, ctx.company, invoice)
        .await?
        .ok_or_else(|| ApiError::not_found("invoice"))?;
    let taxes = super::invoices::recoverable_taxes(transaction, ctx, &invoice).await?;
    Ok(crate::domain::discount_split(value, invoice.amount_total_minor, &taxes).0)
}

/// The company-currency value of `amount` of a payment allocated to a document on the other
/// side (an inbound payment, on the receivable, settling a vendor credit note on the payable;
/// an outbound one, on the payable, settling a customer credit note): 0 on the same side.
fn transfer_value(ctx: &Ctx, payment: &Payment, receivable: bool, amount: i64) -> ApiResult<i64> {
    let inbound = payment.payment_type == PaymentDirection::Inbound;
    if receivable == inbound {
        return Ok(0);
    }
    let currency = currency_of(ctx, payment);
    if currency.code == ctx.currency.code {
        return Ok(amount);
    }
    money::convert(amount, currency, payment.rate_e10, ctx.currency)
        .ok_or_else(|| ApiError::invalid_field("amount", "is too large"))
}

/// Posts what an allocation settles besides its exchange difference, as one entry in the MISC
/// journal on the payment's date: a refund's move of the payment from its side to the
/// document's (always a debit of the receivable and a credit of the payable: an inbound
/// payment credited the receivable and settles a vendor credit note's debit on the payable, an
/// outbound one debited the payable and settles a customer credit note's credit on the
/// receivable), and the write-off that clears what is left on the document's side. `reversing`
/// posts the opposite, when the allocation is taken back. Nothing to book posts nothing.
async fn post_settlement(
    writer: &mut WriteTransaction,
    ctx: &Ctx,
    payment: &Payment,
    settlement: Settlement,
    reversing: bool,
) -> ApiResult<()> {
    if settlement.transfer == 0
        && settlement
            .write_off
            .as_ref()
            .is_none_or(|(value, ..)| *value == 0)
    {
        return Ok(());
    }
    let transaction: &sea_orm::DatabaseTransaction = writer;
    let inbound = payment.payment_type == PaymentDirection::Inbound;
    let line = |account: Uuid, debit: bool, amount: i64, partner: bool, description: &str| {
        let debit = debit != reversing;
        Line {
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
        }
    };
    let receivable = partner_account(transaction, ctx, true).await?;
    let payable = partner_account(transaction, ctx, false).await?;
    let mut lines = Vec::new();
    if settlement.transfer != 0 {
        let description = "Refund settled on the other side";
        lines.push(line(
            receivable.id,
            true,
            settlement.transfer,
            true,
            description,
        ));
        lines.push(line(
            payable.id,
            false,
            settlement.transfer,
            true,
            description,
        ));
    }
    let mut memo = "Allocation".to_owned();
    if let Some((value, account, description)) = settlement.write_off
        && value != 0
    {
        let description = description.unwrap_or_else(|| "Write-off".to_owned());
        let document_side = if settlement.receivable {
            receivable.id
        } else {
            payable.id
        };
        // A short payment leaves the document's side open the way the document booked it: an
        // inbound payment's document (invoice on the receivable, vendor credit note on the
        // payable) is a debit there, cleared by a credit; an outbound one's is a credit.
        let partner_debit = (value > 0) != inbound;
        lines.push(line(
            document_side,
            partner_debit,
            value.abs(),
            true,
            &description,
        ));
        // The account takes what the taxes do not; a tax's share sits on the same side.
        let mut rest = value;
        for (tax_account, share) in &settlement.tax_shares {
            rest -= share;
            // A withholding tax's share is negative: it lands on the partner's side.
            lines.push(line(
                *tax_account,
                partner_debit != ((*share > 0) == (value > 0)),
                share.abs(),
                false,
                &description,
            ));
        }
        if rest != 0 {
            lines.push(line(
                account,
                partner_debit != ((rest > 0) == (value > 0)),
                rest.abs(),
                false,
                &description,
            ));
        }
        memo = description;
    }
    if reversing {
        memo = format!("{memo}, reversed with its allocation");
    }
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
            memo: Some(memo),
            lines,
            taxes: Vec::new(),
        },
    )
    .await
    .map(|_| ())
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
/// receivable (`receivable`: the documents' side) or payable and lands on the foreign-exchange gain (409100) or loss (609100) account.
/// `reversing` posts the opposite entry on the same accounts, when the allocation is taken back.
async fn post_exchange_difference(
    writer: &mut WriteTransaction,
    ctx: &Ctx,
    payment: &Payment,
    receivable: bool,
    difference: i64,
    reversing: bool,
) -> ApiResult<()> {
    let inbound = payment.payment_type == PaymentDirection::Inbound;
    super::exchange::book(
        writer,
        ctx,
        super::exchange::Difference {
            partner: payment.partner_id,
            receivable,
            // Inbound: a positive difference means the client paid more in company currency
            // (a gain). Outbound: a positive difference means the company paid more (a loss).
            gain: (difference > 0) == inbound,
            amount: difference,
            reversing,
            date: payment.date,
            reference: payment.number.clone(),
            description: if reversing {
                "Realised exchange difference, reversed with its allocation"
            } else {
                "Realised exchange difference"
            },
        },
    )
    .await
}

/// Takes an allocation back: the invoice is open again for that amount (and what was written
/// off) and the payment has it unallocated. An exchange difference, a write-off or a refund's
/// move between receivable and payable the allocation booked is reversed on the same accounts,
/// in the same transaction.
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
    let document = invoice_store::invoice_by_id(&*transaction, ctx.company, invoice.0)
        .await?
        .ok_or_else(|| ApiError::not_found("invoice"))?;
    let receivable = document.kind.is_customer();
    let amount = removed.amount;
    match removed.exchange_difference {
        Some(0) => {}
        Some(difference) => {
            post_exchange_difference(
                &mut transaction,
                ctx,
                &payment,
                receivable,
                difference,
                true,
            )
            .await?;
        }
        // Allocated before differences were kept: only safe when no rates were crossed.
        None => {
            if document.rate_e10 != payment.rate_e10 {
                return Err(errors::allocation_has_exchange_difference());
            }
        }
    }
    let write_off = match removed.write_off {
        Some((minor, Some(value), account)) if minor != 0 || value != 0 => {
            Some((minor, value, account))
        }
        _ => None,
    };
    // Exactly what the discount gave back to the taxes when it was taken.
    let tax_shares = if removed.early_discount {
        store::take_discount_taxes(&*transaction, ctx.company, id.0, invoice.0).await?
    } else {
        Vec::new()
    };
    let settlement = Settlement {
        receivable,
        transfer: transfer_value(ctx, &payment, receivable, amount)?,
        write_off: write_off.map(|(_, value, account)| (value, account, None)),
        tax_shares,
    };
    post_settlement(&mut transaction, ctx, &payment, settlement, true).await?;
    let invoice_amount = removed.invoice_amount.unwrap_or(amount);
    let now = now_micros();
    if !store::move_allocated(&*transaction, ctx.company, id.0, -amount, now).await?
        || !store::move_paid(&*transaction, ctx.company, invoice.0, -invoice_amount, now).await?
    {
        return Err(errors::allocation_changed());
    }
    transaction.emit(ctx.company, events::PAYMENT_UNALLOCATED, payment.id);
    transaction.emit(ctx.company, events::INVOICE_UPDATED, invoice.0);
    transaction.commit().await?;
    Ok(())
}
