//! Invoicing sales orders: invoices of what is to invoice by each line's invoice policy, down
//! payments and their deduction on a later invoice, the order's billing summary. The invoices
//! are invoicing's (`arkan_invoicing::documents`); they remember their order and order lines.

use std::collections::{HashMap, HashSet};

use arkan_invoicing::documents::{
    self as invoicing, CreateInvoice, InvoiceLineInput, InvoiceView, SalesDocument,
    SalesInvoiceDraft,
};
use arkan_kernel::money::{format_minor, format_trimmed};
use arkan_kernel::{Currency, SalesOrderId};
use arkan_platform::error::{ApiResult, Validation};
use arkan_platform::extract::DecimalText;
use arkan_platform::fields::{self, format_date};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::{Days, NaiveDate};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::orders::{decimal, decimals_of, invoiceable_e4, load};
use crate::api::billing::*;
use crate::domain::orders::OrderState;
use crate::store::orders::{SalesLine, SalesOrder};
use crate::{errors, events};

pub(crate) const CUSTOMER_INVOICE: &str = "customer_invoice";
const CUSTOMER_CREDIT_NOTE: &str = "customer_credit_note";
pub(crate) const POSTED: &str = "posted";
const CANCELLED: &str = "cancelled";

/// An order's invoices and what they invoice of each line (credit notes negative).
#[derive(Clone, Debug, Default)]
pub(crate) struct OrderInvoicing {
    pub invoice_ids: Vec<Uuid>,
    /// By order line, ten-thousandths of the line's unit.
    pub invoiced_e4: HashMap<Uuid, i64>,
}

/// The documents made from one order, oldest first.
pub(crate) async fn documents_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    order: Uuid,
) -> ApiResult<Vec<SalesDocument>> {
    Ok(invoicing::of_sales_orders(db, ctx.company, &[order])
        .await?
        .remove(&order)
        .unwrap_or_default())
}

/// 409 when the order has invoices that are not cancelled.
pub(crate) async fn before_cancel(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    order: &SalesOrder,
) -> ApiResult<()> {
    let standing = documents_of(db, ctx, order.id)
        .await?
        .iter()
        .filter(|document| document.kind == CUSTOMER_INVOICE && document.state != CANCELLED)
        .count();
    if standing == 0 {
        Ok(())
    } else {
        Err(errors::billing::order_has_invoices(standing))
    }
}

/// The invoicing of these orders, by order.
pub(crate) async fn invoicing_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    orders: &[Uuid],
) -> ApiResult<HashMap<Uuid, OrderInvoicing>> {
    Ok(invoicing::of_sales_orders(db, ctx.company, orders)
        .await?
        .into_iter()
        .map(|(order, documents)| {
            let invoicing = OrderInvoicing {
                invoice_ids: documents.iter().map(|document| document.id).collect(),
                invoiced_e4: invoicing::invoiced_quantities(&documents),
            };
            (order, invoicing)
        })
        .collect())
}

/// What is left to invoice of a line: by its policy, less what is invoiced (never below zero).
fn left_e4(line: &SalesLine, invoiced: &HashMap<Uuid, i64>) -> i64 {
    (invoiceable_e4(line) - invoiced.get(&line.id).copied().unwrap_or(0)).max(0)
}

/// `part` of `whole`, `quantity / of` of it, rounded half away from zero.
pub(crate) fn share(whole: i64, quantity: i64, of: i64) -> i64 {
    if of == 0 {
        return 0;
    }
    let numerator = i128::from(whole) * i128::from(quantity);
    let denominator = i128::from(of);
    let half = denominator.abs() / 2;
    let rounded = if (numerator < 0) == (denominator < 0) {
        (numerator.abs() + half) / denominator.abs()
    } else {
        -((numerator.abs() + half) / denominator.abs())
    };
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

/// The posted down-payment lines of an order that no standing invoice deducts yet.
fn undeducted_down_payments(documents: &[SalesDocument]) -> Vec<(&SalesDocument, Uuid)> {
    let deducted: HashSet<Uuid> = documents
        .iter()
        .filter(|document| document.kind == CUSTOMER_INVOICE && document.state != CANCELLED)
        .flat_map(|document| &document.lines)
        .filter_map(|line| line.down_payment_line_id)
        .collect();
    documents
        .iter()
        .filter(|document| {
            document.is_down_payment
                && document.kind == CUSTOMER_INVOICE
                && document.state == POSTED
        })
        .flat_map(|document| {
            document
                .lines
                .iter()
                .filter(|line| !deducted.contains(&line.id))
                .map(move |line| (document, line.id))
        })
        .collect()
}

fn invoice_date(validation: &mut Validation, text: Option<&str>) -> NaiveDate {
    text.and_then(|text| fields::parse_date(validation, "invoiceDate", text))
        .unwrap_or_else(|| chrono::Utc::now().date_naive())
}

fn require_confirmed(order: &SalesOrder) -> ApiResult<()> {
    if order.state == OrderState::Confirmed {
        Ok(())
    } else {
        Err(errors::orders::sales_order_not_confirmed(order.state))
    }
}

/// The header of an invoice of `order` dated `date`: its currency, the order's payment terms,
/// its number as reference.
fn invoice_header(
    order: &SalesOrder,
    date: NaiveDate,
    lines: Vec<InvoiceLineInput>,
) -> CreateInvoice {
    let due_date = order.payment_terms_days.map(|days| {
        format_date(
            date.checked_add_days(Days::new(u64::try_from(days).unwrap_or(0)))
                .unwrap_or(date),
        )
    });
    CreateInvoice {
        kind: CUSTOMER_INVOICE.to_owned(),
        partner_id: order.partner_id,
        invoice_date: format_date(date),
        due_date,
        currency: Some(order.currency.clone()),
        reference: order.number.clone(),
        lines,
        payment_term_id: None,
        fiscal_position_id: None,
        cash_rounding_id: None,
    }
}

/// `POST /sales/billing/invoice/:orderId`: a draft customer invoice of what is left to invoice
/// (or of the lines asked), deducting the posted down payments not yet deducted.
pub async fn invoice_order(
    platform: &Platform,
    ctx: &Ctx,
    id: SalesOrderId,
    input: InvoiceSalesOrder,
) -> ApiResult<InvoiceView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let date = invoice_date(&mut validation, input.invoice_date.as_deref());
    let asked: Option<Vec<(Uuid, i64)>> = input.lines.map(|lines| {
        lines
            .into_iter()
            .enumerate()
            .map(|(index, line)| {
                let field = format!("lines[{index}].quantity");
                let quantity = decimal(&mut validation, &field, &line.quantity.0, 4, false);
                if quantity == Some(0) {
                    validation.add(field, "must be more than zero");
                }
                (line.line_id, quantity.unwrap_or(0))
            })
            .collect()
    });
    if asked.as_ref().is_some_and(Vec::is_empty) {
        validation.add(
            "lines",
            "give at least one line, or none to invoice everything",
        );
    }
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    // Locked: two invoices of one order are made one after the other.
    let (order, lines) = load(&*transaction, ctx, id, true).await?;
    require_confirmed(&order)?;
    let documents = documents_of(&*transaction, ctx, order.id).await?;
    let invoiced = invoicing::invoiced_quantities(&documents);
    let chosen: Vec<(&SalesLine, i64)> = match asked {
        None => lines
            .iter()
            .map(|line| (line, left_e4(line, &invoiced)))
            .filter(|(_, quantity)| *quantity > 0)
            .collect(),
        Some(asked) => {
            let mut validation = Validation::new();
            let mut chosen = Vec::with_capacity(asked.len());
            for (index, (line_id, quantity)) in asked.into_iter().enumerate() {
                match lines.iter().find(|line| line.id == line_id) {
                    None => validation.add(
                        format!("lines[{index}].lineId"),
                        "no such line on this order",
                    ),
                    Some(_)
                        if chosen
                            .iter()
                            .any(|(line, _): &(&SalesLine, i64)| line.id == line_id) =>
                    {
                        validation.add(format!("lines[{index}].lineId"), "is given twice");
                    }
                    Some(line) => {
                        let left = left_e4(line, &invoiced);
                        if quantity > left {
                            validation.add(
                                format!("lines[{index}].quantity"),
                                format!(
                                    "must be at most {}, what is left to invoice",
                                    format_trimmed(left, 4)
                                ),
                            );
                        }
                        chosen.push((line, quantity));
                    }
                }
            }
            validation.finish()?;
            chosen
        }
    };
    if chosen.is_empty() {
        return Err(errors::billing::nothing_to_invoice());
    }
    let mut invoice_lines = Vec::with_capacity(chosen.len());
    let mut links = Vec::with_capacity(chosen.len());
    let mut goods = 0_i64;
    for (line, quantity) in &chosen {
        goods += share(line.subtotal, *quantity, line.quantity_e4);
        invoice_lines.push(InvoiceLineInput {
            description: line.description.clone(),
            product_id: line.product_id,
            quantity: DecimalText(format_trimmed(*quantity, 4)),
            unit_price: DecimalText(format_trimmed(line.unit_price_e6, 6)),
            discount_percent: Some(DecimalText(format_trimmed(line.discount_ppm, 4))),
            tax_ids: Some(line.tax_ids.clone()),
            account_id: None,
            project_id: None,
            purchase_order_line_id: None,
        });
        links.push((Some(line.id), None));
    }
    if input.deduct_down_payments.unwrap_or(true) {
        // As far as the invoice's lines cover them: the total never goes below zero.
        let mut deducted = 0_i64;
        for (document, line_id) in undeducted_down_payments(&documents) {
            let Some(line) = document.lines.iter().find(|line| line.id == line_id) else {
                continue;
            };
            if deducted + line.subtotal > goods {
                continue;
            }
            deducted += line.subtotal;
            invoice_lines.push(InvoiceLineInput {
                description: format!(
                    "Down payment {} deducted",
                    document.number.as_deref().unwrap_or_default()
                ),
                product_id: None,
                quantity: DecimalText(format_trimmed(-line.quantity_e4, 4)),
                unit_price: DecimalText(format_trimmed(line.unit_price_e6, 6)),
                discount_percent: Some(DecimalText(format_trimmed(line.discount_ppm, 4))),
                tax_ids: Some(line.tax_ids.clone()),
                account_id: Some(line.account_id),
                project_id: None,
                purchase_order_line_id: None,
            });
            links.push((None, Some(line.id)));
        }
    }
    let draft = SalesInvoiceDraft {
        order_id: order.id,
        salesperson_id: order.salesperson_id,
        is_down_payment: false,
        input: invoice_header(&order, date, invoice_lines),
        links,
    };
    let view = invoicing::create_invoice_from_order(&mut transaction, platform, ctx, draft).await?;
    transaction.emit(ctx.company, events::SALES_ORDER_INVOICED, order.id);
    transaction.commit().await?;
    Ok(view)
}

/// The taxes a down payment takes by default: those of the order's lines when they all share
/// them, else those of the line with the largest amount.
fn default_taxes(lines: &[SalesLine]) -> Vec<Uuid> {
    let Some(first) = lines.first() else {
        return Vec::new();
    };
    if lines.iter().all(|line| line.tax_ids == first.tax_ids) {
        return first.tax_ids.clone();
    }
    lines
        .iter()
        .max_by_key(|line| line.subtotal)
        .map(|line| line.tax_ids.clone())
        .unwrap_or_default()
}

/// `POST /sales/billing/down-payment/:orderId`: a draft down-payment invoice of one line on
/// the settings' down-payment account.
pub async fn down_payment(
    platform: &Platform,
    ctx: &Ctx,
    id: SalesOrderId,
    input: DownPaymentRequest,
) -> ApiResult<InvoiceView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let date = invoice_date(&mut validation, input.invoice_date.as_deref());
    let percent_ppm = match (&input.percent, &input.amount) {
        (Some(_), Some(_)) => {
            validation.add("percent", "give either percent or amount, not both");
            validation.add("amount", "give either percent or amount, not both");
            None
        }
        (None, None) => {
            validation.add("percent", "give percent (or amount)");
            None
        }
        (Some(percent), None) => match decimal(&mut validation, "percent", &percent.0, 4, false) {
            Some(ppm) if ppm == 0 || ppm > 1_000_000 => {
                validation.add("percent", "must be more than 0 and at most 100");
                None
            }
            ppm => ppm,
        },
        (None, Some(_)) => None,
    };
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let (order, lines) = load(&*transaction, ctx, id, true).await?;
    let currency = Currency::from_code(&order.currency).unwrap_or(ctx.currency);
    let mut validation = Validation::new();
    let untaxed = match (percent_ppm, &input.amount) {
        (Some(ppm), _) => share(order.amount_untaxed, ppm, 1_000_000),
        (None, Some(amount)) => {
            match fields::amount(&mut validation, "amount", &amount.0, currency) {
                Some(minor) if minor <= 0 => {
                    validation.add("amount", "must be more than zero");
                    0
                }
                minor => minor.unwrap_or(0),
            }
        }
        (None, None) => 0,
    };
    let tax_ids = match input.tax_ids {
        Some(ids) => {
            let known = arkan_ledger::books::taxes_by_ids(&*transaction, ctx.company, &ids).await?;
            for (index, id) in ids.iter().enumerate() {
                let usable = known
                    .iter()
                    .any(|tax| tax.id == *id && tax.active && tax.type_tax_use == "sale");
                if !usable {
                    validation.add(
                        format!("taxIds[{index}]"),
                        "no such active sale tax in this company",
                    );
                }
            }
            ids
        }
        None => default_taxes(&lines),
    };
    validation.finish()?;
    require_confirmed(&order)?;
    let documents = documents_of(&*transaction, ctx, order.id).await?;
    let earlier: i64 = documents
        .iter()
        .filter(|document| {
            document.is_down_payment
                && document.kind == CUSTOMER_INVOICE
                && document.state != CANCELLED
        })
        .map(|document| document.amount_untaxed)
        .sum();
    if untaxed == 0 || earlier + untaxed > order.amount_untaxed {
        let field = if percent_ppm.is_some() {
            "percent"
        } else {
            "amount"
        };
        return Err(arkan_platform::error::ApiError::invalid_field(
            field,
            format!(
                "the down payments ({} with this one) must be more than zero and at most the \
                 order's untaxed amount {}",
                format_minor(earlier + untaxed, currency.exponent),
                format_minor(order.amount_untaxed, currency.exponent)
            ),
        ));
    }
    let settings = super::settings::of(&*transaction, ctx).await?;
    // The account named, or the chart's default, must still be active.
    let account = settings
        .down_payment_account_id
        .ok_or_else(errors::billing::down_payment_account_missing)?;
    let active = arkan_ledger::books::accounts_by_ids(&*transaction, ctx.company, &[account])
        .await?
        .iter()
        .any(|found| found.active);
    if !active {
        return Err(errors::billing::down_payment_account_missing());
    }
    let number = order.number.clone().unwrap_or_default();
    let description = match percent_ppm {
        Some(ppm) => format!("Down payment of {}% on {number}", format_trimmed(ppm, 4)),
        None => format!("Down payment on {number}"),
    };
    let price_e6 = untaxed * 10_i64.pow(6 - u32::from(currency.exponent.min(6)));
    let line = InvoiceLineInput {
        description,
        product_id: None,
        quantity: DecimalText("1".to_owned()),
        unit_price: DecimalText(format_trimmed(price_e6, 6)),
        discount_percent: None,
        tax_ids: Some(tax_ids),
        account_id: Some(account),
        project_id: None,
        purchase_order_line_id: None,
    };
    let draft = SalesInvoiceDraft {
        order_id: order.id,
        salesperson_id: order.salesperson_id,
        is_down_payment: true,
        input: invoice_header(&order, date, vec![line]),
        links: vec![(None, None)],
    };
    let view = invoicing::create_invoice_from_order(&mut transaction, platform, ctx, draft).await?;
    transaction.emit(ctx.company, events::SALES_ORDER_INVOICED, order.id);
    transaction.commit().await?;
    Ok(view)
}

/// `GET /sales/billing/summary/:orderId`.
pub async fn summary(
    platform: &Platform,
    ctx: &Ctx,
    id: SalesOrderId,
) -> ApiResult<BillingSummaryView> {
    let db = platform.db.connection();
    let (order, lines) = load(db, ctx, id, false).await?;
    let documents = documents_of(db, ctx, order.id).await?;
    let invoiced = invoicing::invoiced_quantities(&documents);
    let currency = Currency::from_code(&order.currency).unwrap_or(ctx.currency);
    let money = |minor: i64| format_minor(minor, currency.exponent);
    let mut amount_invoiced = 0;
    let mut amount_down_payments = 0;
    let mut amount_credited = 0;
    let mut amount_due = 0;
    for document in &documents {
        if document.kind == CUSTOMER_INVOICE && document.state != "draft" {
            amount_invoiced += document.amount_total;
            if document.state == POSTED {
                amount_due += document.amount_due;
                if document.is_down_payment {
                    amount_down_payments += document.amount_total;
                }
            }
        } else if document.kind == CUSTOMER_CREDIT_NOTE && document.state == POSTED {
            amount_credited += document.amount_total;
        }
    }
    let undeducted: i64 = undeducted_down_payments(&documents)
        .into_iter()
        .filter_map(|(document, line_id)| {
            let line = document.lines.iter().find(|line| line.id == line_id)?;
            Some(share(
                document.amount_total,
                line.subtotal,
                document.amount_untaxed,
            ))
        })
        .sum();
    let to_invoice: i64 = if order.state == OrderState::Confirmed {
        lines
            .iter()
            .map(|line| share(line.total, left_e4(line, &invoiced), line.quantity_e4))
            .sum()
    } else {
        0
    };
    let decimals =
        decimals_of(db, ctx, lines.iter().map(|line| line.uom.clone()).collect()).await?;
    let line_views = lines
        .iter()
        .map(|line| {
            let places = decimals.get(&line.uom).copied().unwrap_or(4);
            let quantity = |e4: i64| arkan_catalog::quantities::format(e4, places);
            let left = if order.state == OrderState::Confirmed {
                left_e4(line, &invoiced)
            } else {
                0
            };
            BillingLineView {
                line_id: line.id,
                product_id: line.product_id,
                description: line.description.clone(),
                quantity_ordered: quantity(line.quantity_e4),
                quantity_delivered: quantity(line.quantity_delivered_e4),
                quantity_invoiced: quantity(invoiced.get(&line.id).copied().unwrap_or(0)),
                quantity_to_invoice: quantity(left),
            }
        })
        .collect();
    let invoices = documents
        .iter()
        .map(|document| BillingInvoiceView {
            invoice_id: document.id,
            number: document.number.clone(),
            kind: document.kind.to_owned(),
            state: document.state.to_owned(),
            amount_total: money(document.amount_total),
            amount_due: money(document.amount_due),
            payment_state: document.payment_state.to_owned(),
            is_down_payment: document.is_down_payment,
        })
        .collect();
    Ok(BillingSummaryView {
        order_id: order.id,
        number: order.number,
        currency: order.currency.clone(),
        amount_total: money(order.amount_total),
        amount_invoiced: money(amount_invoiced),
        amount_down_payments: money(amount_down_payments),
        amount_credited: money(amount_credited),
        amount_paid: money(amount_invoiced - amount_credited - amount_due),
        amount_due: money(amount_due),
        amount_to_invoice: money((to_invoice - undeducted).max(0)),
        lines: line_views,
        invoices,
    })
}
