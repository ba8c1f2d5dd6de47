//! Purchase orders: drafts priced exactly as invoices are (`arkan_invoicing::lines`), lines
//! defaulted from the catalog, numbered `PO/2026/00001` when they leave draft.

use std::collections::HashMap;

use arkan_catalog::products::{ProductFacts, PurchaseDefaults};
use arkan_catalog::uoms::Uom;
use arkan_invoicing::lines::{DocumentLine, TaxUse};
use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::{format_minor, format_trimmed, parse_minor};
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{Currency, PartnerId, ProductId, PurchaseOrderId, WarehouseId};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::{Datelike, NaiveDate};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::api::*;
use crate::domain::{
    BillingState, ORDER_PREFIX, OrderState, ReceiptState, document_number, price_in_document,
    price_per_unit,
};
use crate::store::{self, OrderFilter, PurchaseLine, PurchaseOrder};
use crate::{errors, events};

static ORDER_LIST: ListSpec = ListSpec {
    name: "inventory.purchase_orders",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "number",
            column: "number",
            kind: SortKind::NullableText,
        },
        SortField {
            name: "orderDate",
            column: "order_date",
            kind: SortKind::Date,
        },
        SortField {
            name: "amountTotal",
            column: "amount_total_minor",
            kind: SortKind::Integer,
        },
    ],
};

const MAX_TEXT: usize = 2_000;
const MAX_LINES: usize = 1_000;

/// The state a new order starts in: a draft, or already `confirmed` (a blanket order's
/// call-off), numbered at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewOrderState {
    Draft,
    Confirmed,
}

/// An order to make, its texts and amounts already parsed: what `POST
/// /inventory/purchase-orders` makes of its body, and what RFQ awards, blanket call-offs and
/// tender awards build. Defaults: today, the company currency, the company's first warehouse.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub partner_id: PartnerId,
    pub order_date: Option<NaiveDate>,
    pub expected_date: Option<NaiveDate>,
    pub currency: Option<Currency>,
    pub vendor_reference: Option<String>,
    pub warehouse_id: Option<WarehouseId>,
    pub payment_terms_days: Option<i32>,
    pub incoterm: Option<String>,
    pub incoterm_place: Option<String>,
    pub notes: Option<String>,
    pub lines: Vec<NewOrderLine>,
    pub state: NewOrderState,
    pub rfq_id: Option<Uuid>,
    pub blanket_order_id: Option<Uuid>,
    pub agreement_id: Option<Uuid>,
}

/// A line to make. `None` takes the product's default: its name, its purchase unit, the
/// vendor's price else its cost, its purchase taxes. The quantity is in ten-thousandths of the
/// line's unit (and may have no more decimals than the unit), the unit price in millionths of
/// the order's currency, the discount in parts per million.
#[derive(Clone, Debug, Default)]
pub struct NewOrderLine {
    pub product_id: Option<ProductId>,
    pub description: Option<String>,
    pub quantity_e4: i64,
    pub uom: Option<String>,
    pub unit_price_e6: Option<i64>,
    pub discount_ppm: Option<i64>,
    pub tax_ids: Option<Vec<Uuid>>,
    pub expected_date: Option<NaiveDate>,
    /// A call-off's line: the blanket order line it draws on.
    pub blanket_line_id: Option<Uuid>,
}

/// The header fields of an order as given (new, or a draft's edited values).
struct Header {
    partner_id: PartnerId,
    order_date: NaiveDate,
    currency: Currency,
    warehouse_id: Option<WarehouseId>,
}

fn optional_date(
    validation: &mut Validation,
    field: &str,
    text: Option<&str>,
) -> Option<NaiveDate> {
    text.and_then(|text| fields::parse_date(validation, field, text))
}

/// A decimal text with at most `decimals` decimals, zero or more, scaled by 10^decimals;
/// records the error under `field`.
fn decimal(validation: &mut Validation, field: &str, text: &str, decimals: u8) -> Option<i64> {
    match parse_minor(text, decimals) {
        Ok(value) if value < 0 => {
            validation.add(field, "must not be negative");
            None
        }
        Ok(value) if value > 1_000_000_000_000_000_000 => {
            validation.add(field, "is too large");
            None
        }
        Ok(value) => Some(value),
        Err(error) => {
            validation.add(field, format!("{error} (at most {decimals} decimals)"));
            None
        }
    }
}

/// Parses a line of a request body (400 naming each bad field by its JSON path).
fn parse_line(validation: &mut Validation, index: usize, input: PurchaseLineInput) -> NewOrderLine {
    let field = |name: &str| format!("lines[{index}].{name}");
    let quantity_e4 = decimal(validation, &field("quantity"), &input.quantity.0, 4).unwrap_or(0);
    let unit_price_e6 = input
        .unit_price
        .and_then(|price| decimal(validation, &field("unitPrice"), &price.0, 6));
    let discount_ppm = input.discount_percent.and_then(|discount| {
        match decimal(validation, &field("discountPercent"), &discount.0, 4) {
            Some(ppm) if ppm > 1_000_000 => {
                validation.add(field("discountPercent"), "must be 0 to 100");
                None
            }
            ppm => ppm,
        }
    });
    NewOrderLine {
        product_id: input.product_id.map(ProductId),
        description: input.description,
        quantity_e4,
        uom: input.uom.map(|code| code.trim().to_owned()),
        unit_price_e6,
        discount_ppm,
        tax_ids: input.tax_ids,
        expected_date: optional_date(
            validation,
            &field("expectedDate"),
            input.expected_date.as_deref(),
        ),
        blanket_line_id: None,
    }
}

/// Parses a create body into a draft to make.
fn parse_new(input: CreatePurchaseOrder) -> ApiResult<NewOrder> {
    let mut validation = Validation::new();
    let order_date = optional_date(&mut validation, "orderDate", input.order_date.as_deref());
    let expected_date = optional_date(
        &mut validation,
        "expectedDate",
        input.expected_date.as_deref(),
    );
    let currency = input
        .currency
        .as_deref()
        .and_then(|code| fields::currency(&mut validation, "currency", code.trim()));
    let lines = input
        .lines
        .into_iter()
        .enumerate()
        .map(|(index, line)| parse_line(&mut validation, index, line))
        .collect();
    validation.finish()?;
    Ok(NewOrder {
        partner_id: PartnerId(input.partner_id),
        order_date,
        expected_date,
        currency,
        vendor_reference: input.vendor_reference,
        warehouse_id: input.warehouse_id.map(WarehouseId),
        payment_terms_days: input.payment_terms_days,
        incoterm: input.incoterm,
        incoterm_place: input.incoterm_place,
        notes: input.notes,
        lines,
        state: NewOrderState::Draft,
        rfq_id: None,
        blanket_order_id: None,
        agreement_id: None,
    })
}

/// Checks the vendor and warehouse of an order (400 naming the field); gives the warehouse
/// (the default when none is named) and the rate of the order's currency at its date.
async fn check_header(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    header: &Header,
) -> ApiResult<(Uuid, i64)> {
    match arkan_crm::partners::terms(db, ctx.company, header.partner_id).await? {
        None => validation.add("partnerId", "no such partner in this company"),
        Some(terms) if !terms.is_vendor => validation.add("partnerId", "is not a vendor"),
        Some(_) => {}
    }
    let warehouse = match header.warehouse_id {
        Some(id) => {
            if !arkan_inventory::warehouses::is_active(db, ctx.company, id).await? {
                validation.add("warehouseId", "no such active warehouse in this company");
            }
            Some(id)
        }
        None => arkan_inventory::warehouses::default_warehouse(db, ctx.company).await?,
    };
    let warehouse = match warehouse {
        Some(warehouse) => warehouse.0,
        None => {
            validation.add(
                "warehouseId",
                "is required: the company has no active warehouse",
            );
            Uuid::nil()
        }
    };
    let rate_e10 =
        match arkan_ledger::books::document_rate(db, ctx, header.currency, header.order_date).await
        {
            Ok(rate) => rate,
            Err(error) if error.status.as_u16() == 400 => {
                validation.add(
                    "currency",
                    format!(
                        "no {} rate on or before {}",
                        header.currency.code,
                        format_date(header.order_date)
                    ),
                );
                arkan_ledger::books::RATE_ONE
            }
            Err(error) => return Err(error),
        };
    Ok((warehouse, rate_e10))
}

/// The unit price a line of `product` takes when none is given: the vendor's price in the
/// order's currency (or in the company's, converted), else the product's cost, converted into
/// the line's unit and the order's currency.
fn default_price(
    ctx: &Ctx,
    currency: Currency,
    rate_e10: i64,
    product: &ProductFacts,
    defaults: Option<&PurchaseDefaults>,
    unit: &Uom,
) -> Option<i64> {
    let in_company = |price: i64| {
        if currency.code == ctx.currency.code {
            Some(price)
        } else {
            price_in_document(price, rate_e10)
        }
    };
    if let Some(defaults) = defaults
        && let Some(price) = defaults.vendor_price_e6
    {
        let vendor_currency = defaults
            .vendor_currency
            .clone()
            .unwrap_or_else(|| ctx.currency.code.to_owned());
        let converted = if vendor_currency == currency.code {
            Some(price)
        } else if vendor_currency == ctx.currency.code {
            in_company(price)
        } else {
            None
        };
        if let Some(price) = converted {
            return price_per_unit(price, product.purchase_uom.ratio_e6, unit.ratio_e6);
        }
    }
    in_company(product.cost_e6)
        .and_then(|cost| price_per_unit(cost, product.uom.ratio_e6, unit.ratio_e6))
}

/// Checks and prices the lines of an order (400 naming each bad field), defaulting them from
/// their products; gives them with their amounts and the order's untaxed, tax and total.
async fn build_lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    vendor: PartnerId,
    currency: Currency,
    rate_e10: i64,
    inputs: Vec<NewOrderLine>,
) -> ApiResult<Option<(Vec<PurchaseLine>, i64, i64, i64)>> {
    if inputs.is_empty() || inputs.len() > MAX_LINES {
        validation.add("lines", "an order has 1 to 1,000 lines");
    }
    let ids: Vec<ProductId> = inputs.iter().filter_map(|line| line.product_id).collect();
    let products = arkan_catalog::products::facts(db, ctx.company, &ids).await?;
    let defaults =
        arkan_catalog::products::purchase_defaults(db, ctx.company, &ids, vendor).await?;
    let mut units: HashMap<String, Option<Uom>> = HashMap::new();
    let mut lines = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.into_iter().enumerate() {
        let field = |name: &str| format!("lines[{index}].{name}");
        let product = match input.product_id {
            None => None,
            Some(id) => match products.get(&id) {
                Some(product) if product.active => Some(product),
                Some(_) => {
                    validation.add(field("productId"), "the product is archived");
                    None
                }
                None => {
                    validation.add(field("productId"), "no such product in this company");
                    None
                }
            },
        };
        if input.product_id.is_some() && product.is_none() {
            continue;
        }
        let code = input.uom.clone().unwrap_or_else(|| {
            product.map_or_else(
                || "unit".to_owned(),
                |product| product.purchase_uom.code.clone(),
            )
        });
        if !units.contains_key(&code) {
            let unit = arkan_catalog::uoms::by_code(db, ctx.company, &code).await?;
            units.insert(code.clone(), unit);
        }
        let Some(unit) = units.get(&code).cloned().flatten() else {
            validation.add(field("uom"), "no such unit in this company");
            continue;
        };
        if let Some(product) = product
            && unit.category != product.uom.category
        {
            validation.add(
                field("uom"),
                format!(
                    "must measure {} as the product's unit does",
                    product.uom.category
                ),
            );
            continue;
        }
        let step = 10_i64.pow(u32::from(4_u8.saturating_sub(unit.decimals)));
        if input.quantity_e4 <= 0 {
            validation.add(field("quantity"), "must be more than zero");
        } else if input.quantity_e4 % step != 0 {
            validation.add(
                field("quantity"),
                format!("has more than {} decimals ({})", unit.decimals, unit.code),
            );
        }
        let description = match input.description.map(|text| text.trim().to_owned()) {
            Some(text) if !text.is_empty() => text,
            _ => match product {
                Some(product) => product.name.clone(),
                None => {
                    validation.add(
                        field("description"),
                        "is required on a line without product",
                    );
                    String::new()
                }
            },
        };
        if description.chars().count() > 500 {
            validation.add(field("description"), "must be at most 500 characters");
        }
        let product_defaults = input.product_id.and_then(|id| defaults.get(&id));
        let unit_price_e6 = match (input.unit_price_e6, product) {
            (Some(price), _) => price,
            (None, Some(product)) => {
                default_price(ctx, currency, rate_e10, product, product_defaults, &unit)
                    .unwrap_or(0)
            }
            (None, None) => {
                validation.add(field("unitPrice"), "is required on a line without product");
                0
            }
        };
        let tax_ids = input.tax_ids.unwrap_or_else(|| {
            product_defaults.map_or_else(Vec::new, |defaults| defaults.purchase_tax_ids.clone())
        });
        lines.push(PurchaseLine {
            id: Uuid::now_v7(),
            product_id: input.product_id.map(|id| id.0),
            description,
            quantity_e4: input.quantity_e4,
            uom: unit.code.clone(),
            unit_price_e6,
            discount_ppm: input.discount_ppm.unwrap_or(0),
            tax_ids,
            expected_date: input.expected_date,
            subtotal: 0,
            tax: 0,
            total: 0,
            quantity_received_e4: 0,
            quantity_billed_e4: 0,
            quantity_returned_e4: 0,
            blanket_line_id: input.blanket_line_id,
        });
    }
    if !validation.is_empty() {
        return Ok(None);
    }
    let Some([untaxed, tax, total]) =
        price_lines(db, ctx, (currency, rate_e10), &mut lines, validation).await?
    else {
        return Ok(None);
    };
    Ok(Some((lines, untaxed, tax, total)))
}

/// A document line the invoice arithmetic prices: what it reads, and where its amounts go.
pub(crate) trait PricedLine {
    fn document_line(&self) -> DocumentLine;
    fn set_amounts(&mut self, subtotal: i64, tax: i64, total: i64);
}

impl PricedLine for PurchaseLine {
    fn document_line(&self) -> DocumentLine {
        DocumentLine {
            quantity_e4: self.quantity_e4,
            unit_price_e6: self.unit_price_e6,
            discount_ppm: self.discount_ppm,
            tax_ids: self.tax_ids.clone(),
        }
    }

    fn set_amounts(&mut self, subtotal: i64, tax: i64, total: i64) {
        (self.subtotal, self.tax, self.total) = (subtotal, tax, total);
    }
}

/// Prices checked purchase lines as invoice lines are (`arkan_invoicing::lines::compute`, the
/// company's purchase taxes): writes each line's amounts and gives the document's untaxed, tax
/// and total; None when a tax was refused (named in `validation`).
pub(crate) async fn price_lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    (currency, rate_e10): (Currency, i64),
    lines: &mut [impl PricedLine],
    validation: &mut Validation,
) -> ApiResult<Option<[i64; 3]>> {
    let math: Vec<DocumentLine> = lines.iter().map(PricedLine::document_line).collect();
    let Some(amounts) = arkan_invoicing::lines::compute(
        db,
        ctx,
        TaxUse::Purchase,
        currency,
        rate_e10,
        &math,
        validation,
    )
    .await?
    else {
        return Ok(None);
    };
    for (line, computed) in lines.iter_mut().zip(&amounts.lines) {
        line.set_amounts(computed.subtotal, computed.tax, computed.total);
    }
    Ok(Some([amounts.untaxed, amounts.tax, amounts.total]))
}

/// An order's checked header and priced lines.
struct Priced {
    warehouse_id: Uuid,
    rate_e10: i64,
    lines: Vec<PurchaseLine>,
    untaxed: i64,
    tax: i64,
    total: i64,
}

/// Checks the header and lines of an order, after the other fields' checks in `validation`
/// (400 naming every bad field at once), and prices the lines.
async fn price(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    mut validation: Validation,
    header: &Header,
    inputs: Vec<NewOrderLine>,
) -> ApiResult<Priced> {
    let (warehouse_id, rate_e10) = check_header(db, ctx, &mut validation, header).await?;
    let built = build_lines(
        db,
        ctx,
        &mut validation,
        header.partner_id,
        header.currency,
        rate_e10,
        inputs,
    )
    .await?;
    validation.finish()?;
    let Some((lines, untaxed, tax, total)) = built else {
        return Err(ApiError::invalid_field(
            "lines",
            "the lines could not be priced",
        ));
    };
    Ok(Priced {
        warehouse_id,
        rate_e10,
        lines,
        untaxed,
        tax,
        total,
    })
}

/// Takes the next order number of the year (`PO/2026/00001`), gapless.
pub(crate) async fn next_number(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    date: NaiveDate,
) -> ApiResult<String> {
    let year = date.year();
    let sequence = store::take_number(db, ctx.company, &format!("{ORDER_PREFIX}/{year}")).await?;
    Ok(document_number(ORDER_PREFIX, year, sequence))
}

/// Makes an order inside the caller's write transaction: checks the vendor, warehouse,
/// currency and lines (400 naming each bad field), prices the lines as invoices are priced,
/// and, for `NewOrderState::Confirmed`, numbers it and confirms it at once. Emits
/// `purchase_order.created` (and `purchase_order.confirmed`). The links (`rfq_id`,
/// `blanket_order_id`, `agreement_id`) are the caller's to check.
pub async fn create_order(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    order: NewOrder,
) -> ApiResult<PurchaseOrderView> {
    ctx.require_write(Area::Purchasing)?;
    let db = &**transaction;
    let mut validation = Validation::new();
    let header = Header {
        partner_id: order.partner_id,
        order_date: order
            .order_date
            .unwrap_or_else(|| chrono::Utc::now().date_naive()),
        currency: order.currency.unwrap_or(ctx.currency),
        warehouse_id: order.warehouse_id,
    };
    let vendor_reference = fields::optional_text(
        &mut validation,
        "vendorReference",
        order.vendor_reference,
        200,
    );
    let incoterm = fields::optional_text(&mut validation, "incoterm", order.incoterm, 20);
    let incoterm_place =
        fields::optional_text(&mut validation, "incotermPlace", order.incoterm_place, 200);
    let notes = fields::optional_text(&mut validation, "notes", order.notes, MAX_TEXT);
    if order
        .payment_terms_days
        .is_some_and(|days| !(0..=3_650).contains(&days))
    {
        validation.add("paymentTermsDays", "must be 0 to 3650");
    }
    let Priced {
        warehouse_id,
        rate_e10,
        lines,
        untaxed,
        tax,
        total,
    } = price(db, ctx, validation, &header, order.lines).await?;
    let now = now_micros();
    let confirmed = order.state == NewOrderState::Confirmed;
    let number = if confirmed {
        Some(next_number(db, ctx, header.order_date).await?)
    } else {
        None
    };
    let record = PurchaseOrder {
        id: Uuid::now_v7(),
        number,
        state: if confirmed {
            OrderState::Confirmed
        } else {
            OrderState::Draft
        },
        partner_id: header.partner_id.0,
        order_date: header.order_date,
        expected_date: order.expected_date,
        currency: header.currency.code.to_owned(),
        rate_e10,
        vendor_reference,
        warehouse_id,
        payment_terms_days: order.payment_terms_days,
        incoterm,
        incoterm_place,
        notes,
        amount_untaxed: untaxed,
        amount_tax: tax,
        amount_total: total,
        receipt_state: ReceiptState::Nothing,
        billing_state: BillingState::Nothing,
        rfq_id: order.rfq_id,
        blanket_order_id: order.blanket_order_id,
        agreement_id: order.agreement_id,
        created_by: ctx.user.0,
        approved_by: None,
        approved_at: None,
        approval_note: None,
        confirmed_at: confirmed.then_some(now),
        acknowledged_at: None,
        vendor_expected_date: None,
        shipping: None,
        cancel_reason: None,
        receipts_closed_at: None,
        created_at: now,
        updated_at: now,
    };
    store::insert_order(db, ctx.company, &record).await?;
    store::replace_lines(db, ctx.company, record.id, &lines).await?;
    transaction.emit(ctx.company, events::PURCHASE_ORDER_CREATED, record.id);
    if confirmed {
        transaction.emit(ctx.company, events::PURCHASE_ORDER_CONFIRMED, record.id);
    }
    order_view(&**transaction, ctx, record, lines, (Vec::new(), Vec::new())).await
}

pub async fn create_purchase_order(
    platform: &Platform,
    ctx: &Ctx,
    input: CreatePurchaseOrder,
) -> ApiResult<PurchaseOrderView> {
    ctx.require_write(Area::Purchasing)?;
    let order = parse_new(input)?;
    let mut transaction = platform.db.write().await?;
    let view = create_order(&mut transaction, ctx, order).await?;
    transaction.commit().await?;
    Ok(view)
}

/// A kept line as a line to price again (its explicit values, nothing defaulted).
fn as_new_line(line: &PurchaseLine) -> NewOrderLine {
    NewOrderLine {
        product_id: line.product_id.map(ProductId),
        description: Some(line.description.clone()),
        quantity_e4: line.quantity_e4,
        uom: Some(line.uom.clone()),
        unit_price_e6: Some(line.unit_price_e6),
        discount_ppm: Some(line.discount_ppm),
        tax_ids: Some(line.tax_ids.clone()),
        expected_date: line.expected_date,
        blanket_line_id: line.blanket_line_id,
    }
}

pub async fn update_purchase_order(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseOrderId,
    patch: UpdatePurchaseOrder,
) -> ApiResult<PurchaseOrderView> {
    ctx.require_write(Area::Purchasing)?;
    let mut validation = Validation::new();
    let order_date = optional_date(&mut validation, "orderDate", patch.order_date.as_deref());
    let expected_date = patch
        .expected_date
        .map(|date| optional_date(&mut validation, "expectedDate", date.as_deref()));
    let currency = patch
        .currency
        .as_deref()
        .and_then(|code| fields::currency(&mut validation, "currency", code.trim()));
    let new_lines: Option<Vec<NewOrderLine>> = patch.lines.map(|lines| {
        lines
            .into_iter()
            .enumerate()
            .map(|(index, line)| parse_line(&mut validation, index, line))
            .collect()
    });
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let (mut order, lines) = load(db, ctx, id, true).await?;
    require_draft(&order)?;
    let mut validation = Validation::new();
    let header = Header {
        partner_id: PartnerId(patch.partner_id.unwrap_or(order.partner_id)),
        order_date: order_date.unwrap_or(order.order_date),
        currency: currency
            .or_else(|| Currency::from_code(&order.currency))
            .unwrap_or(ctx.currency),
        warehouse_id: Some(WarehouseId(
            patch.warehouse_id.unwrap_or(order.warehouse_id),
        )),
    };
    if let Some(text) = patch.vendor_reference {
        order.vendor_reference =
            fields::optional_text(&mut validation, "vendorReference", text, 200);
    }
    if let Some(text) = patch.incoterm {
        order.incoterm = fields::optional_text(&mut validation, "incoterm", text, 20);
    }
    if let Some(text) = patch.incoterm_place {
        order.incoterm_place = fields::optional_text(&mut validation, "incotermPlace", text, 200);
    }
    if let Some(text) = patch.notes {
        order.notes = fields::optional_text(&mut validation, "notes", text, MAX_TEXT);
    }
    if let Some(days) = patch.payment_terms_days {
        if days.is_some_and(|days| !(0..=3_650).contains(&days)) {
            validation.add("paymentTermsDays", "must be 0 to 3650");
        }
        order.payment_terms_days = days;
    }
    if let Some(date) = expected_date {
        order.expected_date = date;
    }
    let inputs = new_lines.unwrap_or_else(|| lines.iter().map(as_new_line).collect());
    let Priced {
        warehouse_id,
        rate_e10,
        lines,
        untaxed,
        tax,
        total,
    } = price(db, ctx, validation, &header, inputs).await?;
    order.partner_id = header.partner_id.0;
    order.order_date = header.order_date;
    order.currency = header.currency.code.to_owned();
    order.rate_e10 = rate_e10;
    order.warehouse_id = warehouse_id;
    order.amount_untaxed = untaxed;
    order.amount_tax = tax;
    order.amount_total = total;
    order.updated_at = now_micros();
    store::update_order(db, ctx.company, &order).await?;
    store::replace_lines(db, ctx.company, order.id, &lines).await?;
    transaction.emit(ctx.company, events::PURCHASE_ORDER_UPDATED, order.id);
    let view = view_of(&*transaction, ctx, order, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn delete_purchase_order(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseOrderId,
) -> ApiResult<()> {
    ctx.require_write(Area::Purchasing)?;
    let mut transaction = platform.db.write().await?;
    let (order, _) = load(&*transaction, ctx, id, true).await?;
    require_draft(&order)?;
    store::delete_order(&*transaction, ctx.company, order.id).await?;
    transaction.emit(ctx.company, events::PURCHASE_ORDER_DELETED, order.id);
    transaction.commit().await?;
    Ok(())
}

/// The company's order with its lines; 404 when it has none. Locked when `lock`.
pub(crate) async fn load(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: PurchaseOrderId,
    lock: bool,
) -> ApiResult<(PurchaseOrder, Vec<PurchaseLine>)> {
    let order = store::order_by_id(db, ctx.company, id.0, lock)
        .await?
        .ok_or_else(|| ApiError::not_found("purchase order"))?;
    let lines = store::lines_of(db, ctx.company, &[order.id])
        .await?
        .remove(&order.id)
        .unwrap_or_default();
    Ok((order, lines))
}

/// The view of an order as `GET /inventory/purchase-orders/:id` answers it.
pub(crate) async fn view_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    order: PurchaseOrder,
    lines: Vec<PurchaseLine>,
) -> ApiResult<PurchaseOrderView> {
    let links = store::links_of(db, ctx.company, &[order.id])
        .await?
        .remove(&order.id)
        .unwrap_or_default();
    order_view(db, ctx, order, lines, links).await
}

pub async fn get_purchase_order(
    platform: &Platform,
    ctx: &Ctx,
    id: PurchaseOrderId,
) -> ApiResult<PurchaseOrderView> {
    let db = platform.db.connection();
    let (order, lines) = load(db, ctx, id, false).await?;
    view_of(db, ctx, order, lines).await
}

pub async fn list_purchase_orders(
    platform: &Platform,
    ctx: &Ctx,
    query: PurchaseOrderListQuery,
) -> ApiResult<Page<PurchaseOrderView>> {
    let filter = OrderFilter {
        state: fields::optional_code(
            "state",
            query.state.as_deref(),
            OrderState::parse,
            OrderState::codes(),
        )?,
        partner_id: fields::optional_uuid("partner_id", query.partner_id.as_deref())?,
        warehouse_id: fields::optional_uuid("warehouse_id", query.warehouse_id.as_deref())?,
        product_id: fields::optional_uuid("product_id", query.product_id.as_deref())?,
        rfq_id: fields::optional_uuid("rfq_id", query.rfq_id.as_deref())?,
        blanket_order_id: fields::optional_uuid(
            "blanket_order_id",
            query.blanket_order_id.as_deref(),
        )?,
        agreement_id: fields::optional_uuid("agreement_id", query.agreement_id.as_deref())?,
        receipt_state: fields::optional_code(
            "receipt_state",
            query.receipt_state.as_deref(),
            ReceiptState::parse,
            ReceiptState::codes(),
        )?,
        billing_state: fields::optional_code(
            "billing_state",
            query.billing_state.as_deref(),
            BillingState::parse,
            BillingState::codes(),
        )?,
        date_from: fields::optional_date("date_from", query.date_from.as_deref())?,
        date_to: fields::optional_date("date_to", query.date_to.as_deref())?,
        q: query
            .q
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty()),
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &ORDER_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::list_orders(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |order| match page.sort.name {
        "number" => (
            SortValue::Text(order.number.clone().unwrap_or_default()),
            order.id,
        ),
        "orderDate" => (SortValue::Text(format_date(order.order_date)), order.id),
        "amountTotal" => (SortValue::Integer(order.amount_total), order.id),
        _ => (SortValue::Integer(order.created_at), order.id),
    });
    let ids: Vec<Uuid> = page.data.iter().map(|order| order.id).collect();
    let mut lines = store::lines_of(db, ctx.company, &ids).await?;
    let mut links = store::links_of(db, ctx.company, &ids).await?;
    let mut views = Vec::with_capacity(page.data.len());
    for order in page.data {
        let own = lines.remove(&order.id).unwrap_or_default();
        let linked = links.remove(&order.id).unwrap_or_default();
        views.push(order_view(db, ctx, order, own, linked).await?);
    }
    Ok(Page {
        data: views,
        meta: page.meta,
    })
}

/// The decimals of these units, by code (4 for a unit the company no longer has).
pub(crate) async fn decimals_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    lines: &[PurchaseLine],
) -> ApiResult<HashMap<String, u8>> {
    let mut decimals = HashMap::new();
    for line in lines {
        if !decimals.contains_key(&line.uom) {
            let unit = arkan_catalog::uoms::by_code(db, ctx.company, &line.uom).await?;
            decimals.insert(line.uom.clone(), unit.map_or(4, |unit| unit.decimals));
        }
    }
    Ok(decimals)
}

async fn order_view(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    order: PurchaseOrder,
    lines: Vec<PurchaseLine>,
    (receipt_ids, invoice_ids): (Vec<Uuid>, Vec<Uuid>),
) -> ApiResult<PurchaseOrderView> {
    let currency = Currency::from_code(&order.currency).unwrap_or(ctx.currency);
    let money = |minor: i64| format_minor(minor, currency.exponent);
    let decimals = decimals_of(db, ctx, &lines).await?;
    let lines = lines
        .into_iter()
        .map(|line| {
            let places = decimals.get(&line.uom).copied().unwrap_or(4);
            let quantity = |e4: i64| arkan_catalog::quantities::format(e4, places);
            PurchaseLineView {
                id: line.id,
                product_id: line.product_id,
                description: line.description,
                quantity: quantity(line.quantity_e4),
                uom: line.uom,
                unit_price: format_trimmed(line.unit_price_e6, 6),
                discount_percent: format_trimmed(line.discount_ppm, 4),
                tax_ids: line.tax_ids,
                expected_date: line.expected_date.map(format_date),
                subtotal: money(line.subtotal),
                tax_amount: money(line.tax),
                total: money(line.total),
                quantity_received: quantity(line.quantity_received_e4),
                quantity_billed: quantity(line.quantity_billed_e4),
                quantity_returned: quantity(line.quantity_returned_e4),
            }
        })
        .collect();
    Ok(PurchaseOrderView {
        id: order.id,
        number: order.number,
        state: order.state.as_str().to_owned(),
        partner_id: order.partner_id,
        order_date: format_date(order.order_date),
        expected_date: order.expected_date.map(format_date),
        currency: order.currency.clone(),
        vendor_reference: order.vendor_reference,
        warehouse_id: order.warehouse_id,
        payment_terms_days: order.payment_terms_days,
        incoterm: order.incoterm,
        incoterm_place: order.incoterm_place,
        notes: order.notes,
        lines,
        amount_untaxed: money(order.amount_untaxed),
        amount_tax: money(order.amount_tax),
        amount_total: money(order.amount_total),
        approved_by: order.approved_by,
        approved_at: order.approved_at.map(rfc3339),
        receipt_state: order.receipt_state.as_str().to_owned(),
        billing_state: order.billing_state.as_str().to_owned(),
        receipt_ids,
        invoice_ids,
        rfq_id: order.rfq_id,
        blanket_order_id: order.blanket_order_id,
        agreement_id: order.agreement_id,
        acknowledged_at: order.acknowledged_at.map(rfc3339),
        vendor_expected_date: order.vendor_expected_date.map(format_date),
        shipping: order.shipping,
        created_by: order.created_by,
        confirmed_at: order.confirmed_at.map(rfc3339),
        cancel_reason: order.cancel_reason,
        created_at: rfc3339(order.created_at),
        updated_at: rfc3339(order.updated_at),
    })
}

/// 409 `purchase_order_not_draft` unless the order is a draft.
pub(crate) fn require_draft(order: &PurchaseOrder) -> ApiResult<()> {
    if order.state == OrderState::Draft {
        Ok(())
    } else {
        Err(errors::purchase_order_not_draft(order.state))
    }
}
