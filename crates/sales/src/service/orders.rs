//! Sales orders: drafts priced exactly as invoices are (`arkan_invoicing::lines`), lines
//! defaulted from the catalog and the price lists, numbered `SO/2026/00001` when confirmed.

use std::collections::HashMap;

use arkan_catalog::uoms::Uom;
use arkan_catalog::{InvoicePolicy, ProductType};
use arkan_invoicing::lines::{DocumentLine, TaxUse};
use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::{format_minor, format_trimmed, parse_minor};
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{Currency, PartnerId, ProductId, SalesOrderId, UserId, WarehouseId};
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::{Datelike, NaiveDate};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::billing::{self, OrderInvoicing};
use super::pricing::{DraftLine, PriceContext};
use super::{checks, deliveries, discounts, pricing};
use crate::api::orders::*;
use crate::domain::orders::{
    DeliveryState, ORDER_PREFIX, OrderState, delivery_state, document_number, invoice_state,
};
use crate::store::orders::{OrderFilter, SalesLine, SalesOrder};
use crate::{errors, events, store};

static ORDER_LIST: ListSpec = ListSpec {
    name: "sales.orders",
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

/// An order to make, its texts and amounts already parsed: what `POST /sales/orders` makes of
/// its body, and what a quote's conversion builds. Defaults: today, the company currency, the
/// company's first warehouse, the caller as salesperson.
#[derive(Clone, Debug, Default)]
pub struct NewOrder {
    pub partner_id: PartnerId,
    pub contact_id: Option<PartnerId>,
    pub order_date: Option<NaiveDate>,
    pub commitment_date: Option<NaiveDate>,
    pub currency: Option<Currency>,
    pub price_list_id: Option<Uuid>,
    pub salesperson_id: Option<UserId>,
    pub payment_terms_days: Option<i32>,
    pub incoterm: Option<String>,
    pub incoterm_place: Option<String>,
    pub warehouse_id: Option<WarehouseId>,
    pub client_reference: Option<String>,
    pub shipping_address: Option<String>,
    pub promo_code: Option<String>,
    pub notes: Option<String>,
    pub lines: Vec<NewOrderLine>,
    /// The quote it comes from (the caller checks it).
    pub quote_id: Option<Uuid>,
}

/// A line to make. `None` takes the product's default: its name, its unit, the price-list
/// price, its sale taxes. The quantity is in ten-thousandths of the line's unit, the unit price
/// in millionths of the order's currency, the discount in parts per million.
#[derive(Clone, Debug, Default)]
pub struct NewOrderLine {
    pub product_id: Option<ProductId>,
    pub description: Option<String>,
    pub quantity_e4: i64,
    pub uom: Option<String>,
    pub unit_price_e6: Option<i64>,
    pub discount_ppm: Option<i64>,
    pub tax_ids: Option<Vec<Uuid>>,
    /// A line a discount rule added (kept as it is when the order is priced again).
    pub discount_id: Option<Uuid>,
}

pub(crate) fn optional_date(
    validation: &mut Validation,
    field: &str,
    text: Option<&str>,
) -> Option<NaiveDate> {
    text.and_then(|text| fields::parse_date(validation, field, text))
}

/// A decimal text with at most `decimals` decimals, scaled by 10^decimals; negative allowed
/// only when `signed`. Records the error under `field`.
pub(crate) fn decimal(
    validation: &mut Validation,
    field: &str,
    text: &str,
    decimals: u8,
    signed: bool,
) -> Option<i64> {
    match parse_minor(text, decimals) {
        Ok(value) if value < 0 && !signed => {
            validation.add(field, "must not be negative");
            None
        }
        Ok(value) if value.unsigned_abs() > 1_000_000_000_000_000_000 => {
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
pub(crate) fn parse_line(
    validation: &mut Validation,
    index: usize,
    input: SalesLineInput,
) -> NewOrderLine {
    let field = |name: &str| format!("lines[{index}].{name}");
    let quantity_e4 =
        decimal(validation, &field("quantity"), &input.quantity.0, 4, false).unwrap_or(0);
    let unit_price_e6 = input
        .unit_price
        .and_then(|price| decimal(validation, &field("unitPrice"), &price.0, 6, false));
    let discount_ppm = input.discount_percent.and_then(|discount| {
        match decimal(validation, &field("discountPercent"), &discount.0, 4, false) {
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
        discount_id: None,
    }
}

fn parse_new(input: CreateSalesOrder) -> ApiResult<NewOrder> {
    let mut validation = Validation::new();
    let order_date = optional_date(&mut validation, "orderDate", input.order_date.as_deref());
    let commitment_date = optional_date(
        &mut validation,
        "commitmentDate",
        input.commitment_date.as_deref(),
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
        contact_id: input.contact_id.map(PartnerId),
        order_date,
        commitment_date,
        currency,
        price_list_id: input.price_list_id,
        salesperson_id: input.salesperson_id.map(UserId),
        payment_terms_days: input.payment_terms_days,
        incoterm: input.incoterm,
        incoterm_place: input.incoterm_place,
        warehouse_id: input.warehouse_id.map(WarehouseId),
        client_reference: input.client_reference,
        shipping_address: input.shipping_address,
        promo_code: input.promo_code,
        notes: input.notes,
        lines,
        quote_id: None,
    })
}

/// The header fields an order's checks and prices depend on.
pub(crate) struct Header {
    pub partner_id: PartnerId,
    pub contact_id: Option<PartnerId>,
    pub order_date: NaiveDate,
    pub currency: Currency,
    pub warehouse_id: Option<WarehouseId>,
    pub salesperson_id: Option<UserId>,
    pub price_list_id: Option<Uuid>,
}

/// Checks the client, contact, salesperson, incoterm and warehouse of a sales document (400
/// naming the field); gives the warehouse (the default when none is named) and the rate of the
/// document's currency at its date.
pub(crate) async fn check_header(
    platform: &Platform,
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    header: &Header,
) -> ApiResult<(Uuid, i64)> {
    match arkan_crm::partners::terms(db, ctx.company, header.partner_id).await? {
        None => validation.add("partnerId", "no such partner in this company"),
        Some(terms) if !terms.is_client => validation.add("partnerId", "is not a client"),
        Some(_) => {}
    }
    if let Some(contact) = header.contact_id
        && arkan_crm::partners::terms(db, ctx.company, contact)
            .await?
            .is_none()
    {
        validation.add("contactId", "no such partner in this company");
    }
    if let Some(user) = header.salesperson_id
        && !platform.is_member(user, ctx.company).await?
    {
        validation.add("salespersonId", "is not a member of this company");
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

/// Checks and prices the lines of a sales document (400 naming each bad field), defaulting
/// them from their products and the price lists, then adds the discount rules' lines; gives
/// them with the document's untaxed, tax and total. None when a field was refused.
pub(crate) async fn build_lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    context: &PriceContext,
    promo_code: Option<&str>,
    inputs: Vec<NewOrderLine>,
) -> ApiResult<Option<(Vec<SalesLine>, [i64; 3])>> {
    if inputs.is_empty() || inputs.len() > MAX_LINES {
        validation.add("lines", "an order has 1 to 1,000 lines");
    }
    let settings = store::settings::settings(db, ctx.company).await?;
    let ids: Vec<ProductId> = inputs.iter().filter_map(|line| line.product_id).collect();
    let products = arkan_catalog::products::facts(db, ctx.company, &ids).await?;
    let sale_taxes = arkan_catalog::products::sale_taxes(db, ctx.company, &ids).await?;
    let mut units: HashMap<String, Option<Uom>> = HashMap::new();
    let mut drafts = Vec::with_capacity(inputs.len());
    let mut kept = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.into_iter().enumerate() {
        let field = |name: &str| format!("lines[{index}].{name}");
        let product = match input.product_id {
            None => None,
            Some(id) => match products.get(&id) {
                Some(product) if !product.active => {
                    validation.add(field("productId"), "the product is archived");
                    None
                }
                Some(product) if !product.can_be_sold => {
                    validation.add(field("productId"), "the product cannot be sold");
                    None
                }
                Some(product) => Some(product.clone()),
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
            product
                .as_ref()
                .map_or_else(|| "unit".to_owned(), |product| product.uom.code.clone())
        });
        if !units.contains_key(&code) {
            let unit = arkan_catalog::uoms::by_code(db, ctx.company, &code).await?;
            units.insert(code.clone(), unit);
        }
        let Some(unit) = units.get(&code).cloned().flatten() else {
            validation.add(field("uom"), "no such unit in this company");
            continue;
        };
        if let Some(product) = &product
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
        let description = match input.description.clone().map(|text| text.trim().to_owned()) {
            Some(text) if !text.is_empty() => text,
            _ => match &product {
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
        if product.is_none() && input.unit_price_e6.is_none() {
            validation.add(field("unitPrice"), "is required on a line without product");
        }
        let tax_ids = input.tax_ids.clone().unwrap_or_else(|| {
            input
                .product_id
                .and_then(|id| sale_taxes.get(&id).cloned())
                .unwrap_or_default()
        });
        let invoice_policy = match &product {
            Some(product) => product.invoice_policy,
            None => settings.default_invoice_policy,
        };
        drafts.push(DraftLine {
            product,
            unit: unit.clone(),
            quantity_e4: input.quantity_e4,
            unit_price_e6: input.unit_price_e6,
            discount_ppm: input.discount_ppm,
        });
        kept.push((input, description, tax_ids, invoice_policy));
    }
    if !validation.is_empty() {
        return Ok(None);
    }
    pricing::default_prices(db, ctx, validation, context, &mut drafts).await?;
    if !validation.is_empty() {
        return Ok(None);
    }
    let lines: Vec<SalesLine> = drafts
        .into_iter()
        .zip(kept)
        .map(
            |(draft, (input, description, tax_ids, invoice_policy))| SalesLine {
                id: Uuid::now_v7(),
                product_id: input.product_id.map(|id| id.0),
                description,
                quantity_e4: input.quantity_e4,
                uom: draft.unit.code.clone(),
                unit_price_e6: draft.unit_price_e6.unwrap_or(0),
                discount_ppm: draft.discount_ppm.unwrap_or(0),
                tax_ids,
                subtotal: 0,
                tax: 0,
                total: 0,
                invoice_policy,
                quantity_delivered_e4: 0,
                quantity_returned_e4: 0,
                discount_id: input.discount_id,
            },
        )
        .collect();
    discounted(db, ctx, validation, context, promo_code, lines).await
}

/// Prices priced-to-be lines with the lines the discount rules add to them (those a rule added
/// before are made again from the rules); gives them with the document's untaxed, tax and
/// total, None when a tax was refused. A quote prices its lines without the optional ones.
pub(crate) async fn discounted(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    validation: &mut Validation,
    context: &PriceContext,
    promo_code: Option<&str>,
    mut lines: Vec<SalesLine>,
) -> ApiResult<Option<(Vec<SalesLine>, [i64; 3])>> {
    lines.retain(|line| line.discount_id.is_none());
    if price_lines(db, ctx, context, &mut lines, validation)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let added = discounts::discount_lines(db, ctx, context, promo_code, &lines).await?;
    lines.extend(added);
    let Some(amounts) = price_lines(db, ctx, context, &mut lines, validation).await? else {
        return Ok(None);
    };
    Ok(Some((lines, amounts)))
}

/// Prices sales lines as invoice lines are (`arkan_invoicing::lines::compute`, the company's
/// sale taxes): writes each line's amounts and gives the document's untaxed, tax and total;
/// None when a tax was refused (named in `validation`).
pub(crate) async fn price_lines(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    context: &PriceContext,
    lines: &mut [SalesLine],
    validation: &mut Validation,
) -> ApiResult<Option<[i64; 3]>> {
    let math: Vec<DocumentLine> = lines
        .iter()
        .map(|line| DocumentLine {
            quantity_e4: line.quantity_e4,
            unit_price_e6: line.unit_price_e6,
            discount_ppm: line.discount_ppm,
            tax_ids: line.tax_ids.clone(),
        })
        .collect();
    let Some(amounts) = arkan_invoicing::lines::compute(
        db,
        ctx,
        TaxUse::Sale,
        context.currency,
        context.rate_e10,
        &math,
        validation,
    )
    .await?
    else {
        return Ok(None);
    };
    for (line, computed) in lines.iter_mut().zip(&amounts.lines) {
        (line.subtotal, line.tax, line.total) = (computed.subtotal, computed.tax, computed.total);
    }
    Ok(Some([amounts.untaxed, amounts.tax, amounts.total]))
}

/// A document's checked header and priced lines.
pub(crate) struct Priced {
    pub warehouse_id: Uuid,
    pub rate_e10: i64,
    pub lines: Vec<SalesLine>,
    pub amounts: [i64; 3],
}

/// Checks the header and lines of a sales document, after the other fields' checks in
/// `validation` (400 naming every bad field at once), and prices the lines.
pub(crate) async fn price(
    platform: &Platform,
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    mut validation: Validation,
    header: &Header,
    promo_code: Option<&str>,
    inputs: Vec<NewOrderLine>,
) -> ApiResult<Priced> {
    let (warehouse_id, rate_e10) = check_header(platform, db, ctx, &mut validation, header).await?;
    let context = PriceContext {
        partner_id: header.partner_id,
        date: header.order_date,
        currency: header.currency,
        rate_e10,
        price_list_id: header.price_list_id,
    };
    let built = build_lines(db, ctx, &mut validation, &context, promo_code, inputs).await?;
    validation.finish()?;
    let Some((lines, amounts)) = built else {
        return Err(ApiError::invalid_field(
            "lines",
            "the lines could not be priced",
        ));
    };
    Ok(Priced {
        warehouse_id,
        rate_e10,
        lines,
        amounts,
    })
}

/// Takes the next number of the year for `prefix` (`SO/2026/00001`), gapless.
pub(crate) async fn next_number(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    prefix: &str,
    date: NaiveDate,
) -> ApiResult<String> {
    let year = date.year();
    let sequence = store::take_number(db, ctx.company, &format!("{prefix}/{year}")).await?;
    Ok(document_number(prefix, year, sequence))
}

/// Checks the free texts of an order (400 naming the field).
pub(crate) fn texts(validation: &mut Validation, order: &mut NewOrder) {
    order.incoterm = fields::optional_text(validation, "incoterm", order.incoterm.take(), 20);
    super::incoterms::check(validation, "incoterm", order.incoterm.as_deref());
    order.incoterm_place = fields::optional_text(
        validation,
        "incotermPlace",
        order.incoterm_place.take(),
        200,
    );
    order.client_reference = fields::optional_text(
        validation,
        "clientReference",
        order.client_reference.take(),
        200,
    );
    order.shipping_address = fields::optional_text(
        validation,
        "shippingAddress",
        order.shipping_address.take(),
        MAX_TEXT,
    );
    order.promo_code = fields::optional_text(validation, "promoCode", order.promo_code.take(), 100);
    order.notes = fields::optional_text(validation, "notes", order.notes.take(), MAX_TEXT);
    if order
        .payment_terms_days
        .is_some_and(|days| !(0..=3_650).contains(&days))
    {
        validation.add("paymentTermsDays", "must be 0 to 3650");
    }
}

/// Makes a draft order inside the caller's write transaction: checks the client, warehouse,
/// currency and lines (400 naming each bad field), prices the lines as invoices are priced.
/// Emits `sales_order.created`. The quote link is the caller's to check.
pub async fn create_order(
    platform: &Platform,
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    mut order: NewOrder,
) -> ApiResult<SalesOrderView> {
    ctx.require_write(Area::Sales)?;
    let db = &**transaction;
    let mut validation = Validation::new();
    texts(&mut validation, &mut order);
    let header = Header {
        partner_id: order.partner_id,
        contact_id: order.contact_id,
        order_date: order
            .order_date
            .unwrap_or_else(|| chrono::Utc::now().date_naive()),
        currency: order.currency.unwrap_or(ctx.currency),
        warehouse_id: order.warehouse_id,
        salesperson_id: Some(order.salesperson_id.unwrap_or(ctx.user)),
        price_list_id: order.price_list_id,
    };
    let Priced {
        warehouse_id,
        rate_e10,
        lines,
        amounts: [untaxed, tax, total],
    } = price(
        platform,
        db,
        ctx,
        validation,
        &header,
        order.promo_code.as_deref(),
        order.lines,
    )
    .await?;
    let now = now_micros();
    let record = SalesOrder {
        id: Uuid::now_v7(),
        number: None,
        state: OrderState::Draft,
        partner_id: header.partner_id.0,
        contact_id: header.contact_id.map(|id| id.0),
        order_date: header.order_date,
        commitment_date: order.commitment_date,
        currency: header.currency.code.to_owned(),
        rate_e10,
        price_list_id: header.price_list_id,
        salesperson_id: header.salesperson_id.map(|id| id.0),
        payment_terms_days: order.payment_terms_days,
        incoterm: order.incoterm,
        incoterm_place: order.incoterm_place,
        warehouse_id,
        client_reference: order.client_reference,
        shipping_address: order.shipping_address,
        promo_code: order.promo_code,
        notes: order.notes,
        amount_untaxed: untaxed,
        amount_tax: tax,
        amount_total: total,
        quote_id: order.quote_id,
        created_by: ctx.user.0,
        confirmed_at: None,
        cancel_reason: None,
        created_at: now,
        updated_at: now,
    };
    store::orders::insert_order(db, ctx.company, &record).await?;
    store::orders::replace_lines(db, ctx.company, record.id, &lines).await?;
    transaction.emit(ctx.company, events::SALES_ORDER_CREATED, record.id);
    view_of(&**transaction, ctx, record, lines).await
}

pub async fn create_sales_order(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateSalesOrder,
) -> ApiResult<SalesOrderView> {
    ctx.require_write(Area::Sales)?;
    let order = parse_new(input)?;
    let mut transaction = platform.db.write().await?;
    let view = create_order(platform, &mut transaction, ctx, order).await?;
    transaction.commit().await?;
    Ok(view)
}

/// A kept line as a line to price again (its explicit values, nothing defaulted).
pub(crate) fn as_new_line(line: &SalesLine) -> NewOrderLine {
    NewOrderLine {
        product_id: line.product_id.map(ProductId),
        description: Some(line.description.clone()),
        quantity_e4: line.quantity_e4,
        uom: Some(line.uom.clone()),
        unit_price_e6: Some(line.unit_price_e6),
        discount_ppm: Some(line.discount_ppm),
        tax_ids: Some(line.tax_ids.clone()),
        discount_id: line.discount_id,
    }
}

pub async fn update_sales_order(
    platform: &Platform,
    ctx: &Ctx,
    id: SalesOrderId,
    patch: UpdateSalesOrder,
) -> ApiResult<SalesOrderView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let order_date = optional_date(&mut validation, "orderDate", patch.order_date.as_deref());
    let commitment_date = patch
        .commitment_date
        .map(|date| optional_date(&mut validation, "commitmentDate", date.as_deref()));
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
    let mut edited = NewOrder {
        incoterm: patch.incoterm.unwrap_or(order.incoterm.take()),
        incoterm_place: patch.incoterm_place.unwrap_or(order.incoterm_place.take()),
        client_reference: patch
            .client_reference
            .unwrap_or(order.client_reference.take()),
        shipping_address: patch
            .shipping_address
            .unwrap_or(order.shipping_address.take()),
        promo_code: patch.promo_code.unwrap_or(order.promo_code.take()),
        notes: patch.notes.unwrap_or(order.notes.take()),
        payment_terms_days: patch.payment_terms_days.unwrap_or(order.payment_terms_days),
        ..NewOrder::default()
    };
    let mut validation = Validation::new();
    texts(&mut validation, &mut edited);
    let header = Header {
        partner_id: PartnerId(patch.partner_id.unwrap_or(order.partner_id)),
        contact_id: patch.contact_id.unwrap_or(order.contact_id).map(PartnerId),
        order_date: order_date.unwrap_or(order.order_date),
        currency: currency
            .or_else(|| Currency::from_code(&order.currency))
            .unwrap_or(ctx.currency),
        warehouse_id: Some(WarehouseId(
            patch.warehouse_id.unwrap_or(order.warehouse_id),
        )),
        salesperson_id: patch
            .salesperson_id
            .unwrap_or(order.salesperson_id)
            .map(UserId),
        price_list_id: patch.price_list_id.unwrap_or(order.price_list_id),
    };
    let inputs = new_lines.unwrap_or_else(|| lines.iter().map(as_new_line).collect());
    let Priced {
        warehouse_id,
        rate_e10,
        lines,
        amounts: [untaxed, tax, total],
    } = price(
        platform,
        db,
        ctx,
        validation,
        &header,
        edited.promo_code.as_deref(),
        inputs,
    )
    .await?;
    order.partner_id = header.partner_id.0;
    order.contact_id = header.contact_id.map(|id| id.0);
    order.order_date = header.order_date;
    if let Some(date) = commitment_date {
        order.commitment_date = date;
    }
    order.currency = header.currency.code.to_owned();
    order.rate_e10 = rate_e10;
    order.price_list_id = header.price_list_id;
    order.salesperson_id = header.salesperson_id.map(|id| id.0);
    order.payment_terms_days = edited.payment_terms_days;
    order.incoterm = edited.incoterm;
    order.incoterm_place = edited.incoterm_place;
    order.warehouse_id = warehouse_id;
    order.client_reference = edited.client_reference;
    order.shipping_address = edited.shipping_address;
    order.promo_code = edited.promo_code;
    order.notes = edited.notes;
    order.amount_untaxed = untaxed;
    order.amount_tax = tax;
    order.amount_total = total;
    order.updated_at = now_micros();
    store::orders::update_order(db, ctx.company, &order).await?;
    store::orders::replace_lines(db, ctx.company, order.id, &lines).await?;
    transaction.emit(ctx.company, events::SALES_ORDER_UPDATED, order.id);
    let view = view_of(&*transaction, ctx, order, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn delete_sales_order(platform: &Platform, ctx: &Ctx, id: SalesOrderId) -> ApiResult<()> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let (order, _) = load(&*transaction, ctx, id, true).await?;
    require_draft(&order)?;
    store::orders::delete_order(&*transaction, ctx.company, order.id).await?;
    transaction.emit(ctx.company, events::SALES_ORDER_DELETED, order.id);
    transaction.commit().await?;
    Ok(())
}

/// `draft -> confirmed`: the confirmation checks (warnings, credit limit, promo code), the
/// number, then the delivery when the settings say so; answers the order with the warnings
/// that did not block.
pub async fn confirm_sales_order(
    platform: &Platform,
    ctx: &Ctx,
    id: SalesOrderId,
    input: ConfirmSalesOrder,
) -> ApiResult<ConfirmedSalesOrderView> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let (order, lines) = load(&*transaction, ctx, id, true).await?;
    let (order, warnings) = confirm_in(&mut transaction, ctx, order, &lines, input).await?;
    let view = view_of(&*transaction, ctx, order, lines).await?;
    transaction.commit().await?;
    Ok(ConfirmedSalesOrderView {
        order: view,
        warnings,
    })
}

/// Confirms a locked draft inside the caller's transaction (also a quote's conversion with
/// `confirm: true`): checks, number, delivery. Emits `sales_order.confirmed`.
pub(crate) async fn confirm_in(
    transaction: &mut WriteTransaction,
    ctx: &Ctx,
    mut order: SalesOrder,
    lines: &[SalesLine],
    input: ConfirmSalesOrder,
) -> ApiResult<(SalesOrder, Vec<crate::api::warnings::CheckedWarningView>)> {
    require_draft(&order)?;
    let warnings = checks::before_confirm(
        transaction,
        ctx,
        &order,
        lines,
        input.override_credit_limit.unwrap_or(false),
    )
    .await?;
    let now = now_micros();
    order.number = Some(next_number(&**transaction, ctx, ORDER_PREFIX, order.order_date).await?);
    order.state = OrderState::Confirmed;
    order.confirmed_at = Some(now);
    order.updated_at = now;
    store::orders::update_order(&**transaction, ctx.company, &order).await?;
    transaction.emit(ctx.company, events::SALES_ORDER_CONFIRMED, order.id);
    deliveries::on_confirm(transaction, ctx, &order, lines).await?;
    Ok((order, warnings))
}

/// `draft|confirmed -> cancelled`, only before anything was delivered or invoiced (409
/// `order_has_deliveries`, `order_has_invoices`): open deliveries are cancelled with it.
pub async fn cancel_sales_order(
    platform: &Platform,
    ctx: &Ctx,
    id: SalesOrderId,
    input: CancelSalesOrder,
) -> ApiResult<SalesOrderView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let reason = fields::optional_text(&mut validation, "reason", input.reason, MAX_TEXT);
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let (mut order, lines) = load(&*transaction, ctx, id, true).await?;
    if order.state == OrderState::Cancelled {
        return Err(errors::orders::sales_order_not_cancellable(order.state));
    }
    billing::before_cancel(&*transaction, ctx, &order).await?;
    checks::on_cancel(&*transaction, ctx, &order).await?;
    deliveries::before_cancel(&mut transaction, ctx, &order).await?;
    order.state = OrderState::Cancelled;
    order.cancel_reason = reason;
    order.updated_at = now_micros();
    store::orders::update_order(&*transaction, ctx.company, &order).await?;
    transaction.emit(ctx.company, events::SALES_ORDER_CANCELLED, order.id);
    let view = view_of(&*transaction, ctx, order, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

/// The company's order with its lines; 404 when it has none. Locked when `lock`.
pub(crate) async fn load(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: SalesOrderId,
    lock: bool,
) -> ApiResult<(SalesOrder, Vec<SalesLine>)> {
    let order = store::orders::order_by_id(db, ctx.company, id.0, lock)
        .await?
        .ok_or_else(|| ApiError::not_found("sales order"))?;
    let lines = store::orders::lines_of(db, ctx.company, &[order.id])
        .await?
        .remove(&order.id)
        .unwrap_or_default();
    Ok((order, lines))
}

/// The view of an order as `GET /sales/orders/:id` answers it.
pub(crate) async fn view_of(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    order: SalesOrder,
    lines: Vec<SalesLine>,
) -> ApiResult<SalesOrderView> {
    let deliveries = deliveries::delivery_ids(db, ctx.company, &[order.id])
        .await?
        .remove(&order.id)
        .unwrap_or_default();
    let invoicing = billing::invoicing_of(db, ctx, &[order.id])
        .await?
        .remove(&order.id)
        .unwrap_or_default();
    order_view(db, ctx, order, lines, deliveries, invoicing).await
}

pub async fn get_sales_order(
    platform: &Platform,
    ctx: &Ctx,
    id: SalesOrderId,
) -> ApiResult<SalesOrderView> {
    let db = platform.db.connection();
    let (order, lines) = load(db, ctx, id, false).await?;
    view_of(db, ctx, order, lines).await
}

pub async fn list_sales_orders(
    platform: &Platform,
    ctx: &Ctx,
    query: SalesOrderListQuery,
) -> ApiResult<Page<SalesOrderView>> {
    let filter = OrderFilter {
        state: fields::optional_code(
            "state",
            query.state.as_deref(),
            OrderState::parse,
            OrderState::codes(),
        )?,
        partner_id: fields::optional_uuid("partner_id", query.partner_id.as_deref())?,
        salesperson_id: fields::optional_uuid("salesperson_id", query.salesperson_id.as_deref())?,
        warehouse_id: fields::optional_uuid("warehouse_id", query.warehouse_id.as_deref())?,
        product_id: fields::optional_uuid("product_id", query.product_id.as_deref())?,
        quote_id: fields::optional_uuid("quote_id", query.quote_id.as_deref())?,
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
    let (rows, total) = store::orders::list_orders(db, ctx.company, &filter, &page).await?;
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
    let mut lines = store::orders::lines_of(db, ctx.company, &ids).await?;
    let mut deliveries = deliveries::delivery_ids(db, ctx.company, &ids).await?;
    let mut invoicing = billing::invoicing_of(db, ctx, &ids).await?;
    let mut views = Vec::with_capacity(page.data.len());
    for order in page.data {
        let own = lines.remove(&order.id).unwrap_or_default();
        let delivered = deliveries.remove(&order.id).unwrap_or_default();
        let invoiced = invoicing.remove(&order.id).unwrap_or_default();
        views.push(order_view(db, ctx, order, own, delivered, invoiced).await?);
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
    units: Vec<String>,
) -> ApiResult<HashMap<String, u8>> {
    let mut decimals = HashMap::new();
    for code in units {
        if let std::collections::hash_map::Entry::Vacant(slot) = decimals.entry(code) {
            let unit = arkan_catalog::uoms::by_code(db, ctx.company, slot.key()).await?;
            slot.insert(unit.map_or(4, |unit| unit.decimals));
        }
    }
    Ok(decimals)
}

/// The quantity a line may be invoiced up to by its policy: ordered, or delivered net of
/// returns.
pub(crate) fn invoiceable_e4(line: &SalesLine) -> i64 {
    match line.invoice_policy {
        // What came back is no longer sold, whichever the policy.
        InvoicePolicy::Ordered => line.quantity_e4 - line.quantity_returned_e4,
        InvoicePolicy::Delivered => line.quantity_delivered_e4 - line.quantity_returned_e4,
    }
}

async fn order_view(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    order: SalesOrder,
    lines: Vec<SalesLine>,
    delivery_ids: Vec<Uuid>,
    invoicing: OrderInvoicing,
) -> ApiResult<SalesOrderView> {
    let currency = Currency::from_code(&order.currency).unwrap_or(ctx.currency);
    let money = |minor: i64| format_minor(minor, currency.exponent);
    let decimals =
        decimals_of(db, ctx, lines.iter().map(|line| line.uom.clone()).collect()).await?;
    let product_ids: Vec<ProductId> = lines
        .iter()
        .filter_map(|line| line.product_id)
        .map(ProductId)
        .collect();
    let products = arkan_catalog::products::facts(db, ctx.company, &product_ids).await?;
    let is_goods = |line: &SalesLine| {
        line.product_id
            .and_then(|id| products.get(&ProductId(id)))
            .is_some_and(|product| product.kind != ProductType::Service)
    };
    let goods: Vec<(i64, i64)> = lines
        .iter()
        .filter(|line| is_goods(line))
        .map(|line| {
            (
                line.quantity_e4,
                line.quantity_delivered_e4 - line.quantity_returned_e4,
            )
        })
        .collect();
    let delivery = if order.state == OrderState::Draft {
        DeliveryState::Nothing
    } else {
        delivery_state(&goods)
    };
    let invoiced_of = |line: &SalesLine| invoicing.invoiced_e4.get(&line.id).copied().unwrap_or(0);
    let invoice = if order.state == OrderState::Confirmed {
        invoice_state(
            &lines
                .iter()
                .map(|line| (line.quantity_e4, invoiceable_e4(line), invoiced_of(line)))
                .collect::<Vec<_>>(),
        )
    } else {
        crate::domain::orders::InvoiceState::Nothing
    };
    let line_views = lines
        .iter()
        .map(|line| {
            let places = decimals.get(&line.uom).copied().unwrap_or(4);
            let quantity = |e4: i64| arkan_catalog::quantities::format(e4, places);
            SalesLineView {
                id: line.id,
                product_id: line.product_id,
                description: line.description.clone(),
                quantity: quantity(line.quantity_e4),
                uom: line.uom.clone(),
                unit_price: format_trimmed(line.unit_price_e6, 6),
                discount_percent: format_trimmed(line.discount_ppm, 4),
                tax_ids: line.tax_ids.clone(),
                subtotal: money(line.subtotal),
                tax_amount: money(line.tax),
                total: money(line.total),
                invoice_policy: line.invoice_policy.as_str().to_owned(),
                quantity_delivered: quantity(line.quantity_delivered_e4),
                quantity_invoiced: quantity(invoiced_of(line)),
                quantity_returned: quantity(line.quantity_returned_e4),
                discount_id: line.discount_id,
            }
        })
        .collect();
    Ok(SalesOrderView {
        id: order.id,
        number: order.number,
        state: order.state.as_str().to_owned(),
        partner_id: order.partner_id,
        contact_id: order.contact_id,
        order_date: format_date(order.order_date),
        commitment_date: order.commitment_date.map(format_date),
        currency: order.currency.clone(),
        price_list_id: order.price_list_id,
        salesperson_id: order.salesperson_id,
        payment_terms_days: order.payment_terms_days,
        incoterm: order.incoterm,
        incoterm_place: order.incoterm_place,
        warehouse_id: order.warehouse_id,
        client_reference: order.client_reference,
        shipping_address: order.shipping_address,
        promo_code: order.promo_code,
        notes: order.notes,
        lines: line_views,
        amount_untaxed: money(order.amount_untaxed),
        amount_tax: money(order.amount_tax),
        amount_total: money(order.amount_total),
        quote_id: order.quote_id,
        delivery_state: delivery.as_str().to_owned(),
        invoice_state: invoice.as_str().to_owned(),
        delivery_ids,
        invoice_ids: invoicing.invoice_ids,
        created_by: order.created_by,
        confirmed_at: order.confirmed_at.map(rfc3339),
        cancel_reason: order.cancel_reason,
        created_at: rfc3339(order.created_at),
        updated_at: rfc3339(order.updated_at),
    })
}

/// 409 `sales_order_not_draft` unless the order is a draft.
pub(crate) fn require_draft(order: &SalesOrder) -> ApiResult<()> {
    if order.state == OrderState::Draft {
        Ok(())
    } else {
        Err(errors::orders::sales_order_not_draft(order.state))
    }
}
