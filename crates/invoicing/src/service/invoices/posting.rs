//! Posting a document as one journal entry, cancelling it with a credit note for the open
//! amount, and partial credit notes by lines or by amount.

use super::*;
use crate::errors;
use arkan_kernel::allocate;
use arkan_platform::state::{BillChange, InvoiceChange};

/// A saved document's totals computed again from its lines, with the taxes they name (the
/// totals' tax keys index into them).
pub(super) async fn document_totals(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    invoice: &Invoice,
) -> ApiResult<(Vec<ledger_store::Tax>, domain::DocumentTotals)> {
    let tax_ids: Vec<Uuid> = invoice
        .lines
        .iter()
        .flat_map(|line| line.tax_ids.clone())
        .collect();
    let taxes = ledger_store::taxes_by_ids(db, ctx.company, &tax_ids).await?;
    let inputs: Vec<LineInput> = invoice
        .lines
        .iter()
        .map(|line| LineInput {
            quantity_e4: line.quantity_e4,
            unit_price_e6: line.unit_price_e6,
            discount_ppm: line.discount_ppm,
            taxes: tax_rules(ctx, invoice, line, &taxes),
        })
        .collect();
    let currency = invoice_currency(ctx, invoice);
    let totals = domain::compute(&inputs, currency.exponent, rounding_of(db, ctx).await?)
        .ok_or_else(|| ApiError::invalid_field("lines", "the amounts are too large"))?;
    Ok((taxes, totals))
}

/// What a posted document booked on the partner's account, in company currency: its entry's
/// partner line (each line converted at the rate, then summed), computed again from the
/// document.
pub(super) async fn partner_value(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    invoice: &Invoice,
) -> ApiResult<i64> {
    let (entry, _, _) = journal_entry(db, ctx, invoice).await?;
    Ok(entry
        .lines
        .first()
        .map_or(0, |line| line.debit_minor + line.credit_minor))
}

/// The journal entry of an invoice, in company currency. The partner's line takes whatever makes
/// the converted lines balance, so rounding at the rate never unbalances the entry.
async fn journal_entry(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    invoice: &Invoice,
) -> ApiResult<(NewEntry, domain::DocumentTotals, i64)> {
    let customer = invoice.kind.is_customer();
    let partner_account = partner_account(db, ctx, customer).await?;
    let (taxes, totals) = document_totals(db, ctx, invoice).await?;
    let currency = invoice_currency(ctx, invoice);
    let foreign = currency.code != ctx.currency.code;
    // +1: the partner's line is a debit (customer invoice, vendor credit note).
    let partner_debit = customer != invoice.kind.is_credit_note();
    let convert = |amount: i64| -> ApiResult<i64> {
        if foreign {
            money::convert(amount, currency, invoice.rate_e10, ctx.currency)
                .ok_or_else(|| ApiError::invalid_field("lines", "the amounts are too large"))
        } else {
            Ok(amount)
        }
    };
    // (account, signed document amount: positive on the partner's opposite side, tax id,
    // project id)
    let mut parts: Vec<(Uuid, i64, Option<Uuid>, Option<Uuid>)> = Vec::new();
    for (line, computed) in invoice.lines.iter().zip(&totals.lines) {
        parts.push((line.account_id, computed.subtotal, None, line.project_id));
    }
    for (key, amount) in &totals.per_tax {
        let Some(tax) = taxes.get(*key) else {
            continue;
        };
        if *amount == 0 {
            continue;
        }
        // Blocked input tax: the part the buyer may not recover is a cost of the lines that
        // bore the tax, shared between them in proportion to their amounts of it.
        let blocked = blocked_part(*amount, tax.recoverable_ppm);
        let recoverable = *amount - blocked;
        if blocked != 0 {
            let bearers: Vec<(&InvoiceLine, i64)> = invoice
                .lines
                .iter()
                .zip(&totals.lines)
                .filter_map(|(line, computed)| {
                    computed
                        .taxes
                        .iter()
                        .find(|(tax_key, _)| tax_key == key)
                        .map(|(_, part)| (line, *part))
                })
                .collect();
            let borne: Vec<i64> = bearers.iter().map(|(_, part)| *part).collect();
            let shares = blocked_shares(blocked, &borne, tax.recoverable_ppm);
            for ((line, _), share) in bearers.iter().zip(shares) {
                parts.push((line.account_id, share, Some(tax.id), line.project_id));
            }
        }
        if tax.reverse_charge {
            // Booked both ways by the buyer: recoverable on the expense side, payable opposite.
            let counterpart = tax.counterpart_account_id.unwrap_or(tax.account_id);
            parts.push((counterpart, recoverable, Some(tax.id), None));
            parts.push((tax.account_id, -*amount, Some(tax.id), None));
        } else {
            // A negative (withholding) tax lands on the other side of its account.
            parts.push((tax.account_id, recoverable, Some(tax.id), None));
        }
    }
    let tax_details = tax_details(invoice, &taxes, &totals, &convert)?;
    // Cash rounding: its own line, on the profit or the loss account.
    let rounding =
        super::super::cash_roundings::posting_line(db, ctx, invoice, currency, totals.total)
            .await?;
    if let Some((account, added)) = rounding {
        parts.push((account, added, None, None));
    }
    let mut lines = Vec::with_capacity(parts.len() + 1);
    let mut others_company: i64 = 0;
    let mut others_document: i64 = 0;
    for (account, amount, tax, project) in parts {
        let company_amount = convert(amount)?;
        others_company += company_amount;
        others_document += amount;
        // The partner's opposite side: credit for a customer invoice.
        let (debit, credit) = match (partner_debit, company_amount >= 0) {
            (true, true) | (false, false) => (0, company_amount.abs()),
            _ => (company_amount.abs(), 0),
        };
        if debit == 0 && credit == 0 {
            continue;
        }
        lines.push(Line {
            id: Uuid::now_v7(),
            account_id: account,
            partner_id: Some(invoice.partner_id),
            description: None,
            debit_minor: debit,
            credit_minor: credit,
            currency: foreign.then(|| currency.code.to_owned()),
            amount_currency_minor: foreign.then_some(if debit > 0 {
                amount.abs()
            } else {
                -amount.abs()
            }),
            project_id: project,
            tax_id: tax,
        });
    }
    let (debit, credit) = if partner_debit {
        (others_company, 0)
    } else {
        (0, others_company)
    };
    lines.insert(
        0,
        Line {
            id: Uuid::now_v7(),
            account_id: partner_account.id,
            partner_id: Some(invoice.partner_id),
            description: None,
            debit_minor: debit,
            credit_minor: credit,
            currency: foreign.then(|| currency.code.to_owned()),
            amount_currency_minor: foreign.then_some(if partner_debit {
                others_document
            } else {
                -others_document
            }),
            project_id: None,
            tax_id: None,
        },
    );
    let entry = NewEntry {
        journal_id: JournalId(invoice.journal_id),
        date: invoice.invoice_date,
        reference: invoice.reference.clone(),
        memo: Some(invoice.kind.words()),
        lines,
        taxes: tax_details,
    };
    Ok((entry, totals, rounding.map_or(0, |(_, added)| added)))
}

/// The document's taxes for the VAT return, in company currency: per tax, the subtotals of the
/// lines bearing it (its base), the tax, and the part the company may recover (the tax less its
/// blocked part; reverse charge: the self-assessed tax, less any blocked part). Signed as the
/// return shows them: an invoice or bill positive, a credit note negative. The tax is converted
/// the way its lines are, so the details add up to the tax accounts' movements.
fn tax_details(
    invoice: &Invoice,
    taxes: &[ledger_store::Tax],
    totals: &domain::DocumentTotals,
    convert: &impl Fn(i64) -> ApiResult<i64>,
) -> ApiResult<Vec<TaxDetail>> {
    let sign = if invoice.kind.is_credit_note() { -1 } else { 1 };
    let mut details = Vec::with_capacity(totals.per_tax.len());
    for (key, amount) in &totals.per_tax {
        let Some(tax) = taxes.get(*key) else {
            continue;
        };
        let mut base = 0;
        let mut borne = Vec::new();
        for computed in &totals.lines {
            if let Some((_, part)) = computed.taxes.iter().find(|(tax_key, _)| tax_key == key) {
                base += computed.subtotal;
                borne.push(*part);
            }
        }
        let blocked = blocked_part(*amount, tax.recoverable_ppm);
        let recoverable = convert(*amount - blocked)?;
        let tax_minor = if tax.reverse_charge || blocked == 0 {
            convert(*amount)?
        } else {
            // As booked: the recoverable part on the tax account, each line's blocked share on
            // its expense account.
            let mut booked = recoverable;
            for share in blocked_shares(blocked, &borne, tax.recoverable_ppm) {
                booked += convert(share)?;
            }
            booked
        };
        details.push(TaxDetail {
            tax_id: tax.id,
            partner_id: Some(invoice.partner_id),
            base_minor: sign * convert(base)?,
            tax_minor: sign * tax_minor,
            recoverable_minor: sign * recoverable,
        });
    }
    Ok(details)
}

/// The part of a tax `amount` that is not recoverable at `recoverable_ppm` (parts per million),
/// rounded half away from zero; the rest stays on the tax's account.
pub(crate) fn blocked_part(amount: i64, recoverable_ppm: i64) -> i64 {
    let blocked_ppm = 1_000_000 - recoverable_ppm.clamp(0, 1_000_000);
    let exact = i128::from(amount) * i128::from(blocked_ppm);
    let rounded = (exact.abs() + 500_000) / 1_000_000 * exact.signum();
    i64::try_from(rounded).unwrap_or(amount)
}

/// `blocked` shared between the lines that bore the tax, whose `parts` of it are signed: in
/// proportion to their amounts. With discount or return lines among them (parts of both signs),
/// each line takes its own blocked part, so a negative line books its share on the other side,
/// and the largest line takes what rounding leaves.
fn blocked_shares(blocked: i64, parts: &[i64], recoverable_ppm: i64) -> Vec<i64> {
    let mixed = parts.iter().any(|part| *part > 0) && parts.iter().any(|part| *part < 0);
    if !mixed {
        let weights: Vec<i64> = parts.iter().map(|part| part.abs()).collect();
        return allocate(blocked, &weights).unwrap_or_else(|| {
            let mut shares = vec![0; parts.len()];
            if let Some(first) = shares.first_mut() {
                *first = blocked;
            }
            shares
        });
    }
    let mut shares: Vec<i64> = parts
        .iter()
        .map(|part| blocked_part(*part, recoverable_ppm))
        .collect();
    let left = blocked - shares.iter().sum::<i64>();
    if let Some(largest) = (0..parts.len()).max_by_key(|index| parts[*index].unsigned_abs()) {
        shares[largest] += left;
    }
    shares
}

/// The lines of a credit note of `open` (in the invoice currency) against `invoice`: its own
/// lines for the whole invoice; otherwise the lines with their prices scaled to that share, and an
/// untaxed rounding line for the few fils that scaling and tax rounding leave, so the credit note
/// is exactly the amount.
async fn lines_for_amount(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    invoice: &Invoice,
    open: i64,
    rate_e10: i64,
) -> ApiResult<(Vec<InvoiceLine>, i64, i64)> {
    let mut lines: Vec<InvoiceLine> = invoice
        .lines
        .iter()
        .map(|line| InvoiceLine {
            id: Uuid::now_v7(),
            ..line.clone()
        })
        .collect();
    // A cash rounding is given back by the difference line below, on the account it was
    // booked on.
    if open == invoice.amount_total_minor
        && rate_e10 == invoice.rate_e10
        && invoice.amount_rounding_minor == 0
    {
        return Ok((
            lines,
            invoice.amount_untaxed_minor,
            invoice.amount_tax_minor,
        ));
    }
    let currency = invoice_currency(ctx, invoice);
    let tax_ids: Vec<Uuid> = lines.iter().flat_map(|line| line.tax_ids.clone()).collect();
    let taxes = ledger_store::taxes_by_ids(db, ctx.company, &tax_ids).await?;
    let total = i128::from(invoice.amount_total_minor.max(1));
    let rounding = rounding_of(db, ctx).await?;
    let rounding_account = super::super::cash_roundings::booked_account(db, ctx, invoice).await?;
    // Fixed taxes convert at the credit note's rate.
    let invoice = &Invoice {
        rate_e10,
        ..invoice.clone()
    };
    for line in &mut lines {
        // A share of a line credits no quantity of the sales order line behind it.
        line.order_line_id = None;
        line.down_payment_line_id = None;
        let scaled = i128::from(line.unit_price_e6) * i128::from(open);
        line.unit_price_e6 =
            i64::try_from((scaled + total / 2) / total).unwrap_or(line.unit_price_e6);
    }
    let compute = |lines: &[InvoiceLine]| {
        let inputs: Vec<LineInput> = lines
            .iter()
            .map(|line| LineInput {
                quantity_e4: line.quantity_e4,
                unit_price_e6: line.unit_price_e6,
                discount_ppm: line.discount_ppm,
                taxes: tax_rules(ctx, invoice, line, &taxes),
            })
            .collect();
        domain::compute(&inputs, currency.exponent, rounding)
            .ok_or_else(|| ApiError::invalid_field("lines", "the amounts are too large"))
    };
    let difference = open - compute(&lines)?.total;
    if difference != 0 {
        let minor_to_price = 10_i64.pow(6 - u32::from(currency.exponent.min(6)));
        lines.push(InvoiceLine {
            id: Uuid::now_v7(),
            description: "Rounding".to_owned(),
            product_id: None,
            quantity_e4: 10_000,
            unit_price_e6: difference * minor_to_price,
            discount_ppm: 0,
            account_id: rounding_account
                .or_else(|| lines.first().map(|line| line.account_id))
                .unwrap_or(Uuid::nil()),
            project_id: None,
            purchase_order_line_id: None,
            order_line_id: None,
            down_payment_line_id: None,
            tax_ids: Vec::new(),
            subtotal_minor: 0,
            tax_minor: 0,
            total_minor: 0,
        });
    }
    let totals = compute(&lines)?;
    for (line, computed) in lines.iter_mut().zip(&totals.lines) {
        line.subtotal_minor = computed.subtotal;
        line.total_minor = computed.total;
        line.tax_minor = computed.total - computed.subtotal;
    }
    Ok((lines, totals.untaxed, totals.tax))
}

/// Posts a draft invoice in `writer`: UAE tax-invoice rule, the journal entry, the number; names
/// it `invoice.posted` (after the ledger's `journal_entry.posted`).
async fn post_in(writer: &mut WriteTransaction, ctx: &Ctx, invoice: &mut Invoice) -> ApiResult<()> {
    require_draft(invoice, "posted")?;
    let transaction: &DatabaseTransaction = writer;
    if invoice.kind == InvoiceKind::CustomerInvoice
        && invoice.amount_tax_minor != 0
        && companies::profile(transaction, ctx.company)
            .await?
            .and_then(|profile| profile.trn)
            .is_none()
    {
        return Err(errors::company_trn_required());
    }
    let read_version = invoice.updated_at;
    let (entry, totals, rounding) = journal_entry(transaction, ctx, invoice).await?;
    let entry = ledger_posting::post(writer, ctx, entry).await?;
    let transaction: &DatabaseTransaction = writer;
    // The posted document carries the totals it was posted with (the rounding setting may
    // have changed since the draft was written).
    invoice.amount_untaxed_minor = totals.untaxed;
    invoice.amount_tax_minor = totals.tax;
    invoice.amount_total_minor = totals.total + rounding;
    invoice.amount_rounding_minor = rounding;
    // The installments and the discount follow the total it is posted with.
    let term = schedule::current_term(transaction, ctx, invoice).await?;
    schedule::schedule(ctx, invoice, term.as_ref())?;
    invoice.state = DocumentState::Posted;
    invoice.number = Some(entry.number);
    invoice.journal_entry_id = Some(entry.id.0);
    invoice.updated_at = now_micros().max(read_version + 1);
    if !store::update_if(
        transaction,
        ctx.company,
        invoice,
        read_version,
        DocumentState::Draft,
    )
    .await?
    {
        return Err(errors::invoice_changed());
    }
    crate::store::payment_terms::replace_installments(
        transaction,
        ctx.company,
        invoice.id,
        &invoice.installments,
    )
    .await?;
    writer.emit(ctx.company, events::INVOICE_POSTED, invoice.id);
    Ok(())
}

pub async fn post_invoice(
    platform: &Platform,
    ctx: &Ctx,
    id: InvoiceId,
    request: PostInvoice,
) -> ApiResult<InvoiceView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut invoice = load(&*transaction, ctx, id).await?;
    post_in(&mut transaction, ctx, &mut invoice).await?;
    if is_from_order(&invoice) {
        let change = BillChange::Posted {
            override_match: request.override_match.unwrap_or(false),
        };
        (platform.bill_hook)(&mut transaction, ctx, invoice.id, change).await?;
    }
    if is_from_sales_order(&invoice) {
        (platform.invoice_hook)(&mut transaction, ctx, invoice.id, InvoiceChange::Posted).await?;
    }
    transaction.commit().await?;
    Ok(view(ctx, invoice, Vec::new()))
}

/// A vendor bill purchasing made from a purchase order (its credit notes carry the order too).
fn is_from_order(invoice: &Invoice) -> bool {
    invoice.kind == InvoiceKind::VendorBill && invoice.purchase_order_id.is_some()
}

/// A customer invoice sales made from a sales order.
fn is_from_sales_order(invoice: &Invoice) -> bool {
    invoice.kind == InvoiceKind::CustomerInvoice && invoice.order_id.is_some()
}

/// Cancels a posted invoice or bill: a credit note for the open amount is created, posted and
/// set against it. An invoice with payments needs a partial credit note instead.
pub async fn cancel_invoice(
    platform: &Platform,
    ctx: &Ctx,
    id: InvoiceId,
    request: CancelInvoice,
) -> ApiResult<InvoiceView> {
    ctx.require_write(Area::Accounting)?;
    let reason = credit_notes::reason(request.reason)?;
    let mut transaction = platform.db.write().await?;
    let mut invoice = load(&*transaction, ctx, id).await?;
    require_posted_original(&invoice, errors::invoice_not_cancellable)?;
    if invoice.amount_paid_minor >= invoice.amount_total_minor {
        return Err(errors::invoice_paid_on_cancel());
    }
    let dated = credit_notes::dated(&*transaction, ctx, &invoice, request.date.as_deref()).await?;
    let open = invoice.amount_total_minor - invoice.amount_paid_minor;
    let lines = lines_for_amount(&*transaction, ctx, &invoice, open, dated.1).await?;
    let settled = lines.1 + lines.2;
    let journal = credit_note_journal(&*transaction, ctx, &invoice).await?;
    let reference = reason.or_else(|| invoice.number.clone());
    let credit_note = post_credit_note(
        &mut transaction,
        ctx,
        &invoice,
        &journal,
        lines,
        reference,
        dated,
        settled,
    )
    .await?;
    credit_notes::settle_across_rates(&mut transaction, ctx, &credit_note, &invoice, open).await?;
    let now = credit_note.created_at;
    let read_version = invoice.updated_at;
    invoice.state = DocumentState::Cancelled;
    invoice.payment_state = PaymentStatus::Reversed;
    invoice.updated_at = now.max(read_version + 1);
    if !store::update_if(
        &*transaction,
        ctx.company,
        &invoice,
        read_version,
        DocumentState::Posted,
    )
    .await?
    {
        return Err(errors::invoice_changed());
    }
    if is_from_order(&invoice) {
        (platform.bill_hook)(&mut transaction, ctx, invoice.id, BillChange::Cancelled).await?;
    }
    if is_from_sales_order(&invoice) {
        (platform.invoice_hook)(&mut transaction, ctx, invoice.id, InvoiceChange::Cancelled)
            .await?;
    }
    // Every credit note of the invoice, partial ones issued before this one included.
    let credit_notes = store::credit_note_ids(&*transaction, ctx.company, invoice.id).await?;
    transaction.emit(ctx.company, events::INVOICE_CANCELLED, invoice.id);
    transaction.commit().await?;
    Ok(view(ctx, invoice, credit_notes))
}

/// A credit note for part of a posted invoice or bill, by lines or by amount (the invoice's lines
/// scaled to it), or with neither for everything still open, posted and set against the invoice.
pub async fn partial_credit_note(
    platform: &Platform,
    ctx: &Ctx,
    invoice_id: InvoiceId,
    request: CreditNoteRequest,
) -> ApiResult<InvoiceView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let credit_note = credit_in(&mut transaction, platform, ctx, invoice_id, request, None).await?;
    transaction.commit().await?;
    Ok(view(ctx, credit_note, Vec::new()))
}

/// A refund's credit note of a posted customer invoice, inside the caller's transaction: by
/// lines, each naming the sales order line it gives back (`order_lines`, one per line), and
/// allowed past the invoice's open amount: it settles what is still open of the invoice and is
/// left open for the rest, to be paid out. Needs accounting rights; the caller commits.
pub(crate) async fn refund_credit_note(
    transaction: &mut WriteTransaction,
    platform: &Platform,
    ctx: &Ctx,
    invoice_id: InvoiceId,
    request: CreditNoteRequest,
    order_lines: Vec<Option<Uuid>>,
) -> ApiResult<Invoice> {
    ctx.require_write(Area::Accounting)?;
    if request.lines.as_ref().map(Vec::len) != Some(order_lines.len()) {
        return Err(ApiError::invalid_field(
            "lines",
            "a refund names its lines and the order line of each",
        ));
    }
    credit_in(
        transaction,
        platform,
        ctx,
        invoice_id,
        request,
        Some(order_lines),
    )
    .await
}

/// A credit note of a posted invoice or bill, posted and set against it. Without `refund`, it
/// may not exceed the invoice's open amount; with it (the order line of each requested line),
/// it settles at most that open amount and the rest stays due on the credit note.
async fn credit_in(
    transaction: &mut WriteTransaction,
    platform: &Platform,
    ctx: &Ctx,
    invoice_id: InvoiceId,
    request: CreditNoteRequest,
    refund: Option<Vec<Option<Uuid>>>,
) -> ApiResult<Invoice> {
    let invoice = load(&**transaction, ctx, invoice_id).await?;
    require_posted_original(&invoice, errors::invoice_not_creditable)?;
    let dated = credit_notes::dated(&**transaction, ctx, &invoice, request.date.as_deref()).await?;
    let open = invoice.amount_total_minor - invoice.amount_paid_minor;
    let journal = credit_note_journal(&**transaction, ctx, &invoice).await?;
    let currency = invoice_currency(ctx, &invoice);
    let (mut lines, untaxed, tax) = match (request.lines, request.amount) {
        (Some(lines), None) => {
            // Credited lines are taxed as the invoice was: through its fiscal position.
            let position = match invoice.fiscal_position_id {
                Some(id) => Some(
                    crate::service::fiscal_positions::position_for_document(
                        &**transaction,
                        ctx,
                        id,
                    )
                    .await?,
                ),
                None => None,
            };
            let built = build_lines(
                &**transaction,
                ctx,
                invoice.kind,
                currency,
                dated.1,
                journal.default_account_id,
                map_lines(position.as_ref(), journal.default_account_id, lines),
            )
            .await?;
            super::check_projects(platform, transaction, ctx, &built.0).await?;
            built
        }
        (None, Some(amount)) => {
            let mut validation = Validation::new();
            let amount = fields::amount(&mut validation, "amount", &amount.0, currency);
            validation.finish()?;
            let amount = amount.unwrap_or(0);
            if amount <= 0 {
                return Err(ApiError::invalid_field(
                    "amount",
                    "must be greater than zero",
                ));
            }
            if amount > open {
                return Err(ApiError::invalid_field(
                    "amount",
                    format!(
                        "must be at most the open amount {}",
                        format_minor(open, currency.exponent)
                    ),
                ));
            }
            lines_for_amount(&**transaction, ctx, &invoice, amount, dated.1).await?
        }
        (None, None) => {
            if open <= 0 {
                return Err(errors::invoice_paid_on_credit());
            }
            lines_for_amount(&**transaction, ctx, &invoice, open, dated.1).await?
        }
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid_field(
                "lines",
                "give either lines or amount, not both",
            ));
        }
    };
    let total = untaxed + tax;
    let settled = match refund {
        Some(order_lines) => {
            for (line, order_line) in lines.iter_mut().zip(order_lines) {
                line.order_line_id = order_line;
            }
            total.min(open.max(0))
        }
        None if total > open => {
            return Err(ApiError::invalid_field(
                "lines",
                format!(
                    "the credit note ({}) exceeds the open amount {}",
                    format_minor(total, currency.exponent),
                    format_minor(open, currency.exponent)
                ),
            ));
        }
        None => total,
    };
    let reference = request.reference.or_else(|| invoice.number.clone());
    let credit_note = post_credit_note(
        transaction,
        ctx,
        &invoice,
        &journal,
        (lines, untaxed, tax),
        reference,
        dated,
        settled,
    )
    .await?;
    let now = credit_note.created_at;
    // The credit settles that much of the invoice, as a payment would.
    if settled > 0 {
        if !crate::store::payments::move_paid(&**transaction, ctx.company, invoice.id, settled, now)
            .await?
        {
            return Err(errors::invoice_changed());
        }
        credit_notes::settle_across_rates(transaction, ctx, &credit_note, &invoice, settled)
            .await?;
        // Its paid amount moved.
        transaction.emit(ctx.company, events::INVOICE_UPDATED, invoice.id);
    }
    Ok(credit_note)
}

/// The credit-note journal of a posted invoice's kind.
async fn credit_note_journal(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    invoice: &Invoice,
) -> ApiResult<ledger_store::Journal> {
    let code = invoice.kind.credit_note().journal_code();
    ledger_store::journal_by_code(db, ctx.company, code)
        .await?
        .ok_or_else(|| errors::journal_missing(code))
}

/// Creates and posts a credit note of `invoice` with these lines and totals (untaxed, tax),
/// dated `date` at `rate_e10`, of which `settled` is set against the invoice (all of it but for
/// a refund past the invoice's open amount, whose rest stays due on the credit note).
#[expect(
    clippy::too_many_arguments,
    reason = "the parts of one credit note, each computed by the caller"
)]
async fn post_credit_note(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    invoice: &Invoice,
    journal: &ledger_store::Journal,
    (lines, untaxed, tax): (Vec<InvoiceLine>, i64, i64),
    reference: Option<String>,
    (date, rate_e10): (chrono::NaiveDate, i64),
    settled: i64,
) -> ApiResult<Invoice> {
    let now = now_micros();
    let total = untaxed + tax;
    let payment_state = if settled == total {
        PaymentStatus::Reversed
    } else if settled == 0 {
        PaymentStatus::NotPaid
    } else {
        PaymentStatus::Partial
    };
    let mut credit_note = Invoice {
        id: Uuid::now_v7(),
        invoice_date: date,
        due_date: invoice.due_date.max(date),
        rate_e10,
        kind: invoice.kind.credit_note(),
        journal_id: journal.id,
        state: DocumentState::Draft,
        number: None,
        journal_entry_id: None,
        origin_invoice_id: Some(invoice.id),
        reference,
        amount_untaxed_minor: untaxed,
        amount_tax_minor: tax,
        amount_total_minor: total,
        // What the invoice took of it counts as paid; a refund's rest is paid out.
        amount_paid_minor: if settled == total { 0 } else { settled },
        payment_state,
        created_at: now,
        updated_at: now,
        lines,
        // A credit note is settled against its invoice at once: no installments, no discount.
        payment_term_id: None,
        installments: Vec::new(),
        discount: None,
        // A credit note credits an exact amount; the invoice's rounding comes back as a line.
        cash_rounding_id: None,
        amount_rounding_minor: 0,
        ..invoice.clone()
    };
    store::insert_invoice(&**transaction, ctx.company, &credit_note)
        .await
        .map_err(write_error)?;
    post_in(transaction, ctx, &mut credit_note).await?;
    Ok(credit_note)
}
