//! Vendor bills made from purchase orders, and the three-way match of ordered, received and
//! billed quantities and prices.
//!
//! A bill is an invoicing document (`arkan_invoicing::documents::create_bill_from_order`): its
//! lines name the order lines they bill. Invoicing calls [`on_bill_change`] through the
//! platform's bill hook when such a bill is posted (the match is checked then, and refuses the
//! posting unless overridden) or cancelled; each time the order's billed quantities and billing
//! state are written again from the posted bills, in that transaction.

use std::collections::{HashMap, HashSet};

use arkan_catalog::ProductType;
use arkan_inventory::purchase_settings::{self, BillControl, PurchaseSettings};
use arkan_invoicing::documents::{self, CreateInvoice, InvoiceLineInput, InvoiceView};
use arkan_kernel::money::{format_trimmed, parse_minor};
use arkan_kernel::time::now_micros;
use arkan_kernel::{ProductId, PurchaseOrderId};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::extract::DecimalText;
use arkan_platform::fields;
use arkan_platform::role::Area;
use arkan_platform::state::BillChange;
use arkan_platform::{Ctx, Platform};
use chrono::Days;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::orders::{decimals_of, load};
use crate::api::*;
use crate::domain::{
    BillingState, LineProgress, MatchInput, OrderState, billing_state, match_line, net_unit_price,
};
use crate::store::{self, PurchaseLine, PurchaseOrder};
use crate::{errors, events};

/// What one bill line takes from its order line.
struct Billing<'a> {
    line: &'a PurchaseLine,
    quantity_e4: i64,
    unit_price_e6: i64,
}

pub async fn bill_purchase_order(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseOrderId,
    input: BillPurchaseOrder,
) -> ApiResult<BilledView> {
    ctx.require_write(Area::Purchasing)?;
    let mut validation = Validation::new();
    let invoice_date = fields::parse_date(&mut validation, "invoiceDate", &input.invoice_date);
    let due_date = input
        .due_date
        .as_deref()
        .and_then(|text| fields::parse_date(&mut validation, "dueDate", text));
    let reference = input.reference.trim().to_owned();
    if reference.is_empty() || reference.chars().count() > 200 {
        validation.add("reference", "must be 1 to 200 characters");
    }
    validation.finish()?;
    let Some(invoice_date) = invoice_date else {
        return Err(ApiError::invalid_field(
            "invoiceDate",
            "must be a date YYYY-MM-DD",
        ));
    };
    let mut transaction = platform.db.write().await?;
    // Locked: two bills of one order are made one after the other.
    let (order, lines) = load(&*transaction, ctx, id, true).await?;
    if order.state != OrderState::Confirmed {
        return Err(errors::purchase_order_not_confirmed(order.state));
    }
    let settings = purchase_settings::of(&*transaction, ctx.company).await?;
    let line_ids: Vec<Uuid> = lines.iter().map(|line| line.id).collect();
    let billed = documents::billed_quantities(&*transaction, ctx.company, &line_ids, None).await?;
    let goods = goods_lines(&*transaction, ctx, &lines).await?;
    let decimals = decimals_of(&*transaction, ctx, &lines).await?;
    let billings = match input.lines {
        None => still_to_bill(&lines, &billed, &goods, settings.bill_control),
        Some(inputs) => chosen_lines(&lines, &decimals, inputs)?,
    };
    if billings.is_empty() {
        return Err(errors::nothing_to_bill());
    }
    let due_date = due_date.or_else(|| {
        order
            .payment_terms_days
            .and_then(|days| u64::try_from(days).ok())
            .and_then(|days| invoice_date.checked_add_days(Days::new(days)))
    });
    let accounts = line_accounts(&*transaction, ctx, &billings).await?;
    let bill_lines = billings
        .iter()
        .zip(accounts)
        .map(|(billing, account_id)| {
            let places = decimals.get(&billing.line.uom).copied().unwrap_or(4);
            InvoiceLineInput {
                description: billing.line.description.clone(),
                product_id: billing.line.product_id,
                quantity: DecimalText(arkan_catalog::quantities::format(
                    billing.quantity_e4,
                    places,
                )),
                unit_price: DecimalText(format_trimmed(billing.unit_price_e6, 6)),
                discount_percent: Some(DecimalText(format_trimmed(billing.line.discount_ppm, 4))),
                tax_ids: Some(billing.line.tax_ids.clone()),
                account_id,
                project_id: None,
                purchase_order_line_id: Some(billing.line.id),
            }
        })
        .collect();
    let bill = documents::create_bill_from_order(
        &mut transaction,
        platform,
        ctx,
        order.id,
        CreateInvoice {
            kind: "vendor_bill".to_owned(),
            partner_id: order.partner_id,
            invoice_date: fields::format_date(invoice_date),
            due_date: due_date.map(fields::format_date),
            currency: Some(order.currency.clone()),
            reference: Some(reference),
            lines: bill_lines,
            payment_term_id: None,
            fiscal_position_id: None,
            cash_rounding_id: None,
        },
    )
    .await?;
    let now = now_micros();
    store::insert_order_invoice(&*transaction, ctx.company, order.id, bill.id, now).await?;
    let matching = match_of(&*transaction, ctx, &bill, &order, &lines, &settings).await?;
    transaction.emit(ctx.company, events::PURCHASE_ORDER_BILLED, order.id);
    transaction.commit().await?;
    Ok(BilledView { bill, matching })
}

/// Every line with more billable than its posted bills hold, for the difference, at the
/// order's price.
fn still_to_bill<'a>(
    lines: &'a [PurchaseLine],
    billed: &HashMap<Uuid, i64>,
    goods: &HashSet<Uuid>,
    control: BillControl,
) -> Vec<Billing<'a>> {
    lines
        .iter()
        .filter_map(|line| {
            let rest = progress(line, billed, goods).billable(control)
                - billed.get(&line.id).copied().unwrap_or(0);
            (rest > 0).then_some(Billing {
                line,
                quantity_e4: rest,
                unit_price_e6: line.unit_price_e6,
            })
        })
        .collect()
}

/// The lines the request names, checked: lines of the order, each once, quantities above zero
/// with at most 4 decimals, prices with at most 6.
fn chosen_lines<'a>(
    lines: &'a [PurchaseLine],
    decimals: &HashMap<String, u8>,
    inputs: Vec<BillLineInput>,
) -> ApiResult<Vec<Billing<'a>>> {
    let mut validation = Validation::new();
    if inputs.is_empty() || inputs.len() > 1_000 {
        validation.add("lines", "a bill has 1 to 1,000 lines");
    }
    let mut chosen = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.into_iter().enumerate() {
        let field = |name: &str| format!("lines[{index}].{name}");
        let Some(line) = lines.iter().find(|line| line.id == input.line_id) else {
            validation.add(field("lineId"), "no such line on this order");
            continue;
        };
        if chosen
            .iter()
            .any(|billing: &Billing<'_>| billing.line.id == line.id)
        {
            validation.add(field("lineId"), "is named twice");
        }
        let places = decimals.get(&line.uom).copied().unwrap_or(4);
        let quantity = match arkan_catalog::quantities::parse(&input.quantity.0, places) {
            Ok(quantity) if quantity > 0 && quantity <= 1_000_000_000_000 => quantity,
            Ok(_) => {
                validation.add(field("quantity"), "must be above zero and not too large");
                0
            }
            Err(error) => {
                validation.add(field("quantity"), error);
                0
            }
        };
        let unit_price = match input.unit_price {
            None => line.unit_price_e6,
            Some(text) => match parse_minor(&text.0, 6) {
                Ok(price) if (0..=1_000_000_000_000_000).contains(&price) => price,
                Ok(_) => {
                    validation.add(field("unitPrice"), "must not be negative or too large");
                    0
                }
                Err(error) => {
                    validation.add(field("unitPrice"), format!("{error} (6 decimals)"));
                    0
                }
            },
        };
        chosen.push(Billing {
            line,
            quantity_e4: quantity,
            unit_price_e6: unit_price,
        });
    }
    validation.finish()?;
    Ok(chosen)
}

/// The account each bill line debits: goods received not invoiced for storable products when
/// receipts are valued (their receipt credited it), else the journal's default (None).
async fn line_accounts(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    billings: &[Billing<'_>],
) -> ApiResult<Vec<Option<Uuid>>> {
    let Some(stock_input) = purchase_settings::receipt_account(db, ctx.company).await? else {
        return Ok(vec![None; billings.len()]);
    };
    let ids: Vec<ProductId> = billings
        .iter()
        .filter_map(|billing| billing.line.product_id.map(ProductId))
        .collect();
    let storable: Vec<Uuid> = arkan_catalog::products::facts(db, ctx.company, &ids)
        .await?
        .into_values()
        .filter(|product| product.kind == ProductType::Storable)
        .map(|product| product.id.0)
        .collect();
    Ok(billings
        .iter()
        .map(|billing| {
            billing
                .line
                .product_id
                .filter(|product| storable.contains(product))
                .map(|_| stock_input)
        })
        .collect())
}

fn progress(
    line: &PurchaseLine,
    billed: &HashMap<Uuid, i64>,
    goods: &HashSet<Uuid>,
) -> LineProgress {
    LineProgress {
        ordered_e4: line.quantity_e4,
        received_e4: line.quantity_received_e4,
        returned_e4: line.quantity_returned_e4,
        billed_e4: billed.get(&line.id).copied().unwrap_or(0),
        goods: goods.contains(&line.id),
    }
}

/// The lines whose product is goods (storable or consumable: received before billed).
async fn goods_lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    lines: &[PurchaseLine],
) -> ApiResult<HashSet<Uuid>> {
    let ids: Vec<ProductId> = lines
        .iter()
        .filter_map(|line| line.product_id.map(ProductId))
        .collect();
    let products = arkan_catalog::products::facts(db, ctx.company, &ids).await?;
    Ok(lines
        .iter()
        .filter(|line| {
            line.product_id.is_some_and(|id| {
                products
                    .get(&ProductId(id))
                    .is_some_and(|product| product.kind != ProductType::Service)
            })
        })
        .map(|line| line.id)
        .collect())
}

/// A number the bill's view shows, back in its unit (quantities 4 decimals, prices 6, percents
/// 4); 0 when unreadable (it was written by invoicing from these units).
fn units(text: &str, decimals: u8) -> i64 {
    parse_minor(text, decimals).unwrap_or(0)
}

/// The match of `bill` against `order`: each bill line naming an order line, with what the
/// order line's other posted bills and this bill hold together.
async fn match_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    bill: &InvoiceView,
    order: &PurchaseOrder,
    lines: &[PurchaseLine],
    settings: &PurchaseSettings,
) -> ApiResult<MatchView> {
    let line_ids: Vec<Uuid> = lines.iter().map(|line| line.id).collect();
    let others = documents::billed_quantities(db, ctx.company, &line_ids, Some(bill.id)).await?;
    let mut this_bill: HashMap<Uuid, i64> = HashMap::new();
    for line in &bill.lines {
        if let Some(order_line) = line.purchase_order_line_id {
            *this_bill.entry(order_line).or_default() += units(&line.quantity, 4);
        }
    }
    let decimals = decimals_of(db, ctx, lines).await?;
    let goods = goods_lines(db, ctx, lines).await?;
    let mut views = Vec::new();
    // A line billing no order line is outside the match: the bill cannot match.
    let mut unlinked = false;
    for line in &bill.lines {
        let Some(order_line) = line.purchase_order_line_id else {
            unlinked = true;
            continue;
        };
        let bill_price = units(&line.unit_price, 6);
        let bill_discount = units(&line.discount_percent, 4);
        let net_bill = net_unit_price(bill_price, bill_discount);
        let Some(found) = lines.iter().find(|candidate| candidate.id == order_line) else {
            // A line of another order (or of none any more) never matches.
            views.push(MatchLineView {
                purchase_order_line_id: order_line,
                ordered: "0".to_owned(),
                received: "0".to_owned(),
                billed: line.quantity.clone(),
                po_unit_price: "0".to_owned(),
                unit_price: format_trimmed(net_bill, 6),
                quantity_ok: false,
                price_ok: false,
            });
            continue;
        };
        let billed = others.get(&order_line).copied().unwrap_or(0)
            + this_bill.get(&order_line).copied().unwrap_or(0);
        let billable = progress(found, &HashMap::new(), &goods).billable(BillControl::Received);
        let outcome = match_line(
            MatchInput {
                ordered_e4: found.quantity_e4,
                received_e4: billable,
                billed_e4: billed,
                order_price_e6: found.unit_price_e6,
                order_discount_ppm: found.discount_ppm,
                bill_price_e6: bill_price,
                bill_discount_ppm: bill_discount,
            },
            settings.bill_control,
            settings.bill_price_tolerance_ppm,
        );
        let places = decimals.get(&found.uom).copied().unwrap_or(4);
        let quantity = |e4: i64| arkan_catalog::quantities::format(e4, places);
        views.push(MatchLineView {
            purchase_order_line_id: order_line,
            ordered: quantity(found.quantity_e4),
            received: quantity(billable),
            billed: quantity(billed),
            po_unit_price: format_trimmed(
                net_unit_price(found.unit_price_e6, found.discount_ppm),
                6,
            ),
            unit_price: format_trimmed(net_bill, 6),
            quantity_ok: outcome.quantity_ok,
            price_ok: outcome.price_ok,
        });
    }
    let matched = !unlinked
        && !views.is_empty()
        && views.iter().all(|line| line.quantity_ok && line.price_ok)
        && bill.purchase_order_id == Some(order.id);
    Ok(MatchView {
        state: if matched { "matched" } else { "mismatch" }.to_owned(),
        lines: views,
    })
}

/// What purchasing does when invoicing posts or cancels a bill made from one of its orders:
/// on posting, the match must hold (409 `three_way_match_failed`, naming the lines that fail)
/// unless overridden; then the order's billed quantities and billing state are written again
/// from its posted bills.
pub async fn on_bill_change(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    invoice: Uuid,
    change: BillChange,
) -> ApiResult<()> {
    let bill = documents::view(&**transaction, ctx, invoice).await?;
    let Some(order_id) = bill.purchase_order_id else {
        return Ok(());
    };
    let (order, lines) = load(&**transaction, ctx, PurchaseOrderId(order_id), true).await?;
    let settings = purchase_settings::of(&**transaction, ctx.company).await?;
    if let BillChange::Posted { override_match } = change {
        let matching = match_of(&**transaction, ctx, &bill, &order, &lines, &settings).await?;
        // Another order's line would bill that order behind its back: never overridden.
        let foreign = bill.lines.iter().any(|line| {
            line.purchase_order_line_id
                .is_some_and(|id| !lines.iter().any(|own| own.id == id))
        });
        if foreign || (matching.state != "matched" && !override_match) {
            let failing: Vec<serde_json::Value> = matching
                .lines
                .iter()
                .filter(|line| !(line.quantity_ok && line.price_ok))
                .map(|line| {
                    serde_json::json!({
                        "purchaseOrderLineId": line.purchase_order_line_id,
                        "quantityOk": line.quantity_ok,
                        "priceOk": line.price_ok,
                    })
                })
                .collect();
            return Err(errors::three_way_match_failed(failing));
        }
    }
    refresh_billing(transaction, ctx, &order, &lines, settings.bill_control)
        .await
        .map(|_| ())
}

/// Writes the order's billed quantities (from its posted bills) and billing state, names the
/// change, and gives the state.
pub(crate) async fn refresh_billing(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    order: &PurchaseOrder,
    lines: &[PurchaseLine],
    control: BillControl,
) -> ApiResult<BillingState> {
    let line_ids: Vec<Uuid> = lines.iter().map(|line| line.id).collect();
    let billed = documents::billed_quantities(&**transaction, ctx.company, &line_ids, None).await?;
    let goods = goods_lines(&**transaction, ctx, lines).await?;
    let progress: Vec<LineProgress> = lines
        .iter()
        .map(|line| progress(line, &billed, &goods))
        .collect();
    let state = billing_state(&progress, control, order.receipts_closed_at.is_some());
    let quantities: Vec<(Uuid, i64)> = lines
        .iter()
        .zip(&progress)
        .filter(|(line, progress)| line.quantity_billed_e4 != progress.billed_e4)
        .map(|(line, progress)| (line.id, progress.billed_e4))
        .collect();
    if quantities.is_empty() && state == order.billing_state {
        return Ok(state);
    }
    store::set_billed(
        &**transaction,
        ctx.company,
        order.id,
        &quantities,
        state,
        now_micros().max(order.updated_at + 1),
    )
    .await?;
    transaction.emit(ctx.company, events::PURCHASE_ORDER_UPDATED, order.id);
    Ok(state)
}
