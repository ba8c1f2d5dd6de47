//! Quotes: drafts priced exactly as orders are (`service::orders`), with optional lines left
//! out of the amounts; sent as a stored PDF (numbered `QT/2026/00001`), accepted with the
//! optional lines the client chose, declined, cancelled, or converted into an order in the
//! transaction that closes the quote.

use arkan_kernel::cursor::SortValue;
use arkan_kernel::money::{format_minor, format_trimmed};
use arkan_kernel::text::is_valid_email;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{Currency, DealId, PartnerId, QuoteId, SalesOrderId, UserId, WarehouseId};
use arkan_platform::error::{ApiError, ApiResult, Validation};
use arkan_platform::fields::{self, format_date};
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::pdf::{Align, Column, Document};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::{Days, NaiveDate};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::orders::{self, Header, NewOrder, NewOrderLine, Priced};
use super::pricing::PriceContext;
use crate::api::orders::{ConfirmSalesOrder, SalesOrderView};
use crate::api::quotes::*;
use crate::domain::quotes::{
    QUOTE_PREFIX, QuoteState, cancellable, convertible, file_name, shown_state,
};
use crate::store::orders::SalesLine;
use crate::store::quotes::{QuoteDocument, QuoteFilter, QuoteLine, SalesQuote};
use crate::{errors, events, store};

static QUOTE_LIST: ListSpec = ListSpec {
    name: "sales.quotes",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "number",
            column: "number",
            kind: SortKind::NullableText,
        },
        SortField {
            name: "quoteDate",
            column: "quote_date",
            kind: SortKind::Date,
        },
        SortField {
            name: "validUntil",
            column: "valid_until",
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

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// How the quote reads today (`expired` once a sent quote is past its validity).
fn shown(quote: &SalesQuote) -> QuoteState {
    shown_state(quote.state, quote.valid_until, today())
}

/// The lines of a request body (400 naming each bad field by its JSON path), each with whether
/// it is optional.
fn parse_lines(
    validation: &mut Validation,
    inputs: Vec<QuoteLineInput>,
) -> Vec<(NewOrderLine, bool)> {
    inputs
        .into_iter()
        .enumerate()
        .map(|(index, input)| {
            let (line, optional) = input.split();
            (orders::parse_line(validation, index, line), optional)
        })
        .collect()
}

/// A quote's header as asked, before its checks.
struct Fields {
    header: Header,
    deal_id: Option<Uuid>,
    /// None: the quote date plus the settings' validity.
    valid_until: Option<NaiveDate>,
    payment_terms_days: Option<i32>,
    incoterm: Option<String>,
    incoterm_place: Option<String>,
    promo_code: Option<String>,
    notes: Option<String>,
    terms: Option<String>,
}

/// A quote's checked header and priced lines.
struct PricedQuote {
    warehouse_id: Uuid,
    rate_e10: i64,
    valid_until: NaiveDate,
    lines: Vec<QuoteLine>,
    amounts: [i64; 3],
}

fn price_context(header: &Header, rate_e10: i64) -> PriceContext {
    PriceContext {
        partner_id: header.partner_id,
        date: header.order_date,
        currency: header.currency,
        rate_e10,
        price_list_id: header.price_list_id,
    }
}

fn context_of(quote: &SalesQuote, ctx: &Ctx) -> PriceContext {
    PriceContext {
        partner_id: PartnerId(quote.partner_id),
        date: quote.quote_date,
        currency: Currency::from_code(&quote.currency).unwrap_or(ctx.currency),
        rate_e10: quote.rate_e10,
        price_list_id: quote.price_list_id,
    }
}

/// Checks the header, texts and lines of a quote (400 naming every bad field at once) and
/// prices the lines as an order's.
async fn price_quote(
    platform: &Platform,
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    fields: &mut Fields,
    inputs: Vec<(NewOrderLine, bool)>,
) -> ApiResult<PricedQuote> {
    let mut validation = Validation::new();
    let mut texts = NewOrder {
        payment_terms_days: fields.payment_terms_days,
        incoterm: fields.incoterm.take(),
        incoterm_place: fields.incoterm_place.take(),
        promo_code: fields.promo_code.take(),
        notes: fields.notes.take(),
        ..NewOrder::default()
    };
    orders::texts(&mut validation, &mut texts);
    fields.incoterm = texts.incoterm;
    fields.incoterm_place = texts.incoterm_place;
    fields.promo_code = texts.promo_code;
    fields.notes = texts.notes;
    fields.terms = fields::optional_text(&mut validation, "terms", fields.terms.take(), MAX_TEXT);
    let quote_date = fields.header.order_date;
    let valid_until = match fields.valid_until {
        Some(date) => {
            if date < quote_date {
                validation.add("validUntil", "must be on or after the quote date");
            }
            date
        }
        None => {
            let days = store::settings::settings(db, ctx.company)
                .await?
                .quote_validity_days;
            quote_date
                .checked_add_days(Days::new(u64::try_from(days).unwrap_or(0)))
                .unwrap_or(quote_date)
        }
    };
    if let Some(deal) = fields.deal_id
        && !arkan_crm::pipeline::deal_exists(db, ctx.company, DealId(deal)).await?
    {
        validation.add("dealId", "no such deal in this company");
    }
    if !inputs.is_empty() && inputs.iter().all(|(_, optional)| *optional) {
        validation.add("lines", "a quote needs a line that is not optional");
    }
    let optional: Vec<bool> = inputs.iter().map(|(_, optional)| *optional).collect();
    let Priced {
        warehouse_id,
        rate_e10,
        lines,
        ..
    } = orders::price(
        platform,
        db,
        ctx,
        validation,
        &fields.header,
        fields.promo_code.as_deref(),
        inputs.into_iter().map(|(line, _)| line).collect(),
    )
    .await?;
    // The lines come back in their order, the discount rules' lines after them: those are
    // made again from the lines that count.
    let lines = lines
        .into_iter()
        .zip(optional)
        .map(|(line, is_optional)| QuoteLine {
            line,
            is_optional,
            is_selected: false,
        })
        .collect();
    let context = price_context(&fields.header, rate_e10);
    let (lines, amounts) = totals(db, ctx, &context, fields.promo_code.as_deref(), lines).await?;
    Ok(PricedQuote {
        warehouse_id,
        rate_e10,
        valid_until,
        lines,
        amounts,
    })
}

/// The quote's amounts: of the lines that count (not optional, or chosen), with the lines the
/// discount rules add to them; gives the lines with the discount lines made again.
async fn totals(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    context: &PriceContext,
    promo_code: Option<&str>,
    lines: Vec<QuoteLine>,
) -> ApiResult<(Vec<QuoteLine>, [i64; 3])> {
    let mut lines: Vec<QuoteLine> = lines
        .into_iter()
        .filter(|line| line.line.discount_id.is_none())
        .collect();
    let counted: Vec<SalesLine> = lines
        .iter()
        .filter(|line| line.counts())
        .map(|line| line.line.clone())
        .collect();
    let mut validation = Validation::new();
    let priced = orders::discounted(db, ctx, &mut validation, context, promo_code, counted).await?;
    validation.finish()?;
    let Some((priced, amounts)) = priced else {
        return Err(ApiError::invalid_field(
            "lines",
            "the lines could not be priced",
        ));
    };
    lines.extend(
        priced
            .into_iter()
            .filter(|line| line.discount_id.is_some())
            .map(|line| QuoteLine {
                line,
                is_optional: false,
                is_selected: false,
            }),
    );
    Ok((lines, amounts))
}

/// Writes the checked header and priced lines on the quote.
fn apply(quote: &mut SalesQuote, fields: Fields, priced: &PricedQuote) {
    let [untaxed, tax, total] = priced.amounts;
    quote.partner_id = fields.header.partner_id.0;
    quote.contact_id = fields.header.contact_id.map(|id| id.0);
    quote.deal_id = fields.deal_id;
    quote.quote_date = fields.header.order_date;
    quote.valid_until = priced.valid_until;
    quote.currency = fields.header.currency.code.to_owned();
    quote.rate_e10 = priced.rate_e10;
    quote.price_list_id = fields.header.price_list_id;
    quote.salesperson_id = fields.header.salesperson_id.map(|id| id.0);
    quote.payment_terms_days = fields.payment_terms_days;
    quote.incoterm = fields.incoterm;
    quote.incoterm_place = fields.incoterm_place;
    quote.warehouse_id = priced.warehouse_id;
    quote.promo_code = fields.promo_code;
    quote.notes = fields.notes;
    quote.terms = fields.terms;
    quote.amount_untaxed = untaxed;
    quote.amount_tax = tax;
    quote.amount_total = total;
    quote.updated_at = now_micros();
}

pub async fn create_quote(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateQuote,
) -> ApiResult<QuoteView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let quote_date =
        orders::optional_date(&mut validation, "quoteDate", input.quote_date.as_deref());
    let valid_until =
        orders::optional_date(&mut validation, "validUntil", input.valid_until.as_deref());
    let currency = input
        .currency
        .as_deref()
        .and_then(|code| fields::currency(&mut validation, "currency", code.trim()));
    let inputs = parse_lines(&mut validation, input.lines);
    validation.finish()?;
    let quote_date = quote_date.unwrap_or_else(today);
    let mut fields = Fields {
        header: Header {
            partner_id: PartnerId(input.partner_id),
            contact_id: input.contact_id.map(PartnerId),
            order_date: quote_date,
            currency: currency.unwrap_or(ctx.currency),
            warehouse_id: input.warehouse_id.map(WarehouseId),
            salesperson_id: Some(input.salesperson_id.map_or(ctx.user, UserId)),
            price_list_id: input.price_list_id,
        },
        deal_id: input.deal_id,
        valid_until,
        payment_terms_days: input.payment_terms_days,
        incoterm: input.incoterm,
        incoterm_place: input.incoterm_place,
        promo_code: input.promo_code,
        notes: input.notes,
        terms: input.terms,
    };
    let mut transaction = platform.db.write().await?;
    let priced = price_quote(platform, &*transaction, ctx, &mut fields, inputs).await?;
    let now = now_micros();
    let mut quote = SalesQuote {
        id: Uuid::now_v7(),
        number: None,
        state: QuoteState::Draft,
        partner_id: Uuid::nil(),
        contact_id: None,
        deal_id: None,
        quote_date,
        valid_until: quote_date,
        currency: String::new(),
        rate_e10: 0,
        price_list_id: None,
        salesperson_id: None,
        payment_terms_days: None,
        incoterm: None,
        incoterm_place: None,
        warehouse_id: Uuid::nil(),
        promo_code: None,
        notes: None,
        terms: None,
        amount_untaxed: 0,
        amount_tax: 0,
        amount_total: 0,
        sent_at: None,
        accepted_at: None,
        accepted_by: None,
        signed_by: None,
        decline_reason: None,
        order_id: None,
        created_by: ctx.user.0,
        created_at: now,
        updated_at: now,
    };
    apply(&mut quote, fields, &priced);
    quote.updated_at = now;
    let db = &*transaction;
    store::quotes::insert_quote(db, ctx.company, &quote).await?;
    store::quotes::replace_lines(db, ctx.company, quote.id, &priced.lines).await?;
    transaction.emit(ctx.company, events::SALES_QUOTE_CREATED, quote.id);
    let view = quote_view(&*transaction, ctx, quote, priced.lines, None).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn update_quote(
    platform: &Platform,
    ctx: &Ctx,
    id: QuoteId,
    patch: UpdateQuote,
) -> ApiResult<QuoteView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let quote_date =
        orders::optional_date(&mut validation, "quoteDate", patch.quote_date.as_deref());
    let valid_until =
        orders::optional_date(&mut validation, "validUntil", patch.valid_until.as_deref());
    let currency = patch
        .currency
        .as_deref()
        .and_then(|code| fields::currency(&mut validation, "currency", code.trim()));
    let new_lines = patch.lines.map(|lines| parse_lines(&mut validation, lines));
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let (mut quote, lines) = load(db, ctx, id, true).await?;
    if quote.state != QuoteState::Draft {
        return Err(errors::quotes::quote_not_draft(shown(&quote)));
    }
    let mut fields = Fields {
        header: Header {
            partner_id: PartnerId(patch.partner_id.unwrap_or(quote.partner_id)),
            contact_id: patch.contact_id.unwrap_or(quote.contact_id).map(PartnerId),
            order_date: quote_date.unwrap_or(quote.quote_date),
            currency: currency
                .or_else(|| Currency::from_code(&quote.currency))
                .unwrap_or(ctx.currency),
            warehouse_id: Some(WarehouseId(
                patch.warehouse_id.unwrap_or(quote.warehouse_id),
            )),
            salesperson_id: patch
                .salesperson_id
                .unwrap_or(quote.salesperson_id)
                .map(UserId),
            price_list_id: patch.price_list_id.unwrap_or(quote.price_list_id),
        },
        deal_id: patch.deal_id.unwrap_or(quote.deal_id),
        // A new quote date without a validity takes the default validity from it.
        valid_until: valid_until.or(match quote_date {
            Some(_) => None,
            None => Some(quote.valid_until),
        }),
        payment_terms_days: patch.payment_terms_days.unwrap_or(quote.payment_terms_days),
        incoterm: patch.incoterm.unwrap_or(quote.incoterm.take()),
        incoterm_place: patch.incoterm_place.unwrap_or(quote.incoterm_place.take()),
        promo_code: patch.promo_code.unwrap_or(quote.promo_code.take()),
        notes: patch.notes.unwrap_or(quote.notes.take()),
        terms: patch.terms.unwrap_or(quote.terms.take()),
    };
    let inputs = new_lines.unwrap_or_else(|| {
        lines
            .iter()
            .filter(|line| line.line.discount_id.is_none())
            .map(|line| (orders::as_new_line(&line.line), line.is_optional))
            .collect()
    });
    let priced = price_quote(platform, db, ctx, &mut fields, inputs).await?;
    apply(&mut quote, fields, &priced);
    store::quotes::update_quote(db, ctx.company, &quote).await?;
    store::quotes::replace_lines(db, ctx.company, quote.id, &priced.lines).await?;
    transaction.emit(ctx.company, events::SALES_QUOTE_UPDATED, quote.id);
    let view = quote_view(&*transaction, ctx, quote, priced.lines, None).await?;
    transaction.commit().await?;
    Ok(view)
}

pub async fn delete_quote(platform: &Platform, ctx: &Ctx, id: QuoteId) -> ApiResult<()> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let (quote, _) = load(&*transaction, ctx, id, true).await?;
    if quote.state != QuoteState::Draft {
        return Err(errors::quotes::quote_not_draft(shown(&quote)));
    }
    store::quotes::delete_quote(&*transaction, ctx.company, quote.id).await?;
    transaction.emit(ctx.company, events::SALES_QUOTE_DELETED, quote.id);
    transaction.commit().await?;
    Ok(())
}

/// `draft -> sent`: numbers the quote (`QT/2026/00001`), renders its PDF and keeps it with the
/// e-mail it goes to (the client's unless another is given); `sales_quote.sent` announces it.
pub async fn send_quote(
    platform: &Platform,
    ctx: &Ctx,
    id: QuoteId,
    input: SendQuote,
) -> ApiResult<QuoteView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let email = fields::optional_text(&mut validation, "email", input.email, 254);
    if email.as_deref().is_some_and(|email| !is_valid_email(email)) {
        validation.add("email", "is not a valid e-mail address");
    }
    let message = fields::optional_text(&mut validation, "message", input.message, MAX_TEXT);
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let (mut quote, lines) = load(db, ctx, id, true).await?;
    if quote.state != QuoteState::Draft {
        return Err(errors::quotes::quote_not_draft(shown(&quote)));
    }
    let (client, client_email) =
        arkan_crm::partners::contact(db, ctx.company, PartnerId(quote.partner_id))
            .await?
            .unwrap_or_default();
    let email = email.or(client_email);
    let now = now_micros();
    let number = orders::next_number(db, ctx, QUOTE_PREFIX, quote.quote_date).await?;
    quote.number = Some(number.clone());
    quote.state = QuoteState::Sent;
    quote.sent_at = Some(now);
    quote.updated_at = now;
    store::quotes::update_quote(db, ctx.company, &quote).await?;
    let view = quote_view(db, ctx, quote, lines, email.clone()).await?;
    let document = QuoteDocument {
        file_name: file_name(&number),
        content: render(&view, &client),
        email,
        message,
        sent_by: ctx.user.0,
        created_at: now,
    };
    store::quotes::insert_document(db, ctx.company, view.id, &document).await?;
    transaction.emit(ctx.company, events::SALES_QUOTE_SENT, view.id);
    transaction.commit().await?;
    Ok(view)
}

/// The quote as a PDF: its number, dates and client, a table of its lines (optional ones
/// marked), its amounts, notes and terms.
fn render(quote: &QuoteView, client: &str) -> Vec<u8> {
    let number = quote.number.clone().unwrap_or_default();
    let mut document = Document::new(&format!("Quotation {number}"));
    document
        .heading(&format!("Quotation {number}"), 18.0)
        .gap(6.0)
        .text(&format!("Client: {client}"))
        .text(&format!(
            "Date: {}    Valid until: {}",
            quote.quote_date, quote.valid_until
        ));
    if let Some(incoterm) = &quote.incoterm {
        let place = quote.incoterm_place.as_deref().unwrap_or_default();
        document.text(&format!("Incoterm: {incoterm} {place}"));
    }
    let rows = quote
        .lines
        .iter()
        .map(|line| {
            let description = match (line.is_optional, line.is_selected) {
                (false, _) => line.description.clone(),
                (true, false) => format!("{} (optional)", line.description),
                (true, true) => format!("{} (optional, chosen)", line.description),
            };
            vec![
                description,
                format!("{} {}", line.quantity, line.uom),
                line.unit_price.clone(),
                line.discount_percent.clone(),
                line.tax_amount.clone(),
                line.subtotal.clone(),
            ]
        })
        .collect();
    document
        .gap(12.0)
        .table(
            vec![
                Column::new("Description", 5.0, Align::Left),
                Column::new("Quantity", 1.8, Align::Right),
                Column::new("Unit price", 1.6, Align::Right),
                Column::new("Disc. %", 1.1, Align::Right),
                Column::new("Tax", 1.4, Align::Right),
                Column::new("Amount", 1.7, Align::Right),
            ],
            rows,
        )
        .totals(vec![
            ("Untaxed".to_owned(), quote.amount_untaxed.clone(), false),
            ("Tax".to_owned(), quote.amount_tax.clone(), false),
            (
                format!("Total {}", quote.currency),
                quote.amount_total.clone(),
                true,
            ),
        ]);
    for (title, text) in [
        ("Notes", &quote.notes),
        ("Terms and conditions", &quote.terms),
    ] {
        if let Some(text) = text {
            document.gap(12.0).heading(title, 11.0).text(text);
        }
    }
    document.render()
}

/// The PDF the quote was sent as, with its file name; 409 `quote_pdf_missing` before it is
/// sent.
pub async fn quote_pdf(
    platform: &Platform,
    ctx: &Ctx,
    id: QuoteId,
) -> ApiResult<(String, Vec<u8>)> {
    let db = platform.db.connection();
    let quote = store::quotes::quote_by_id(db, ctx.company, id.0, false)
        .await?
        .ok_or_else(|| ApiError::not_found("quote"))?;
    let document = store::quotes::document_of(db, ctx.company, quote.id)
        .await?
        .ok_or_else(errors::quotes::quote_pdf_missing)?;
    Ok((document.file_name, document.content))
}

/// `sent -> accepted` (409 `quote_expired` past its validity, `quote_not_sent` otherwise):
/// who recorded it and when, the client's signature, and the optional lines chosen, which now
/// count in the amounts.
pub async fn accept_quote(
    platform: &Platform,
    ctx: &Ctx,
    id: QuoteId,
    input: AcceptQuote,
) -> ApiResult<QuoteView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let signed_by = fields::optional_text(&mut validation, "signedBy", input.signed_by, 200);
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    let db = &*transaction;
    let (mut quote, mut lines) = load(db, ctx, id, true).await?;
    match shown(&quote) {
        QuoteState::Sent => {}
        QuoteState::Expired => return Err(errors::quotes::quote_expired(quote.valid_until)),
        state => return Err(errors::quotes::quote_not_sent(state)),
    }
    let chosen = input.optional_line_ids.unwrap_or_default();
    let mut validation = Validation::new();
    for id in &chosen {
        if !lines
            .iter()
            .any(|line| line.is_optional && line.line.id == *id)
        {
            validation.add(
                "optionalLineIds",
                format!("{id} is not an optional line of the quote"),
            );
        }
    }
    validation.finish()?;
    for line in &mut lines {
        line.is_selected = line.is_optional && chosen.contains(&line.line.id);
    }
    let (lines, [untaxed, tax, total]) = totals(
        db,
        ctx,
        &context_of(&quote, ctx),
        quote.promo_code.as_deref(),
        lines,
    )
    .await?;
    let now = now_micros();
    quote.state = QuoteState::Accepted;
    quote.accepted_at = Some(now);
    quote.accepted_by = Some(ctx.user.0);
    quote.signed_by = signed_by;
    quote.amount_untaxed = untaxed;
    quote.amount_tax = tax;
    quote.amount_total = total;
    quote.updated_at = now;
    store::quotes::update_quote(db, ctx.company, &quote).await?;
    store::quotes::replace_lines(db, ctx.company, quote.id, &lines).await?;
    transaction.emit(ctx.company, events::SALES_QUOTE_ACCEPTED, quote.id);
    let view = with_sent_to(&*transaction, ctx, quote, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

/// `sent -> declined` (an expired quote too; 409 `quote_not_sent` otherwise).
pub async fn decline_quote(
    platform: &Platform,
    ctx: &Ctx,
    id: QuoteId,
    input: DeclineQuote,
) -> ApiResult<QuoteView> {
    ctx.require_write(Area::Sales)?;
    let mut validation = Validation::new();
    let reason = fields::optional_text(&mut validation, "reason", input.reason, MAX_TEXT);
    validation.finish()?;
    close(platform, ctx, id, events::SALES_QUOTE_DECLINED, |quote| {
        match shown(quote) {
            QuoteState::Sent | QuoteState::Expired => {}
            state => return Err(errors::quotes::quote_not_sent(state)),
        }
        quote.state = QuoteState::Declined;
        quote.decline_reason = reason;
        Ok(())
    })
    .await
}

/// `draft | sent | accepted -> cancelled` (an expired quote too; 409 `quote_not_cancellable`
/// otherwise).
pub async fn cancel_quote(platform: &Platform, ctx: &Ctx, id: QuoteId) -> ApiResult<QuoteView> {
    ctx.require_write(Area::Sales)?;
    close(platform, ctx, id, events::SALES_QUOTE_CANCELLED, |quote| {
        let state = shown(quote);
        if !cancellable(state) {
            return Err(errors::quotes::quote_not_cancellable(state));
        }
        quote.state = QuoteState::Cancelled;
        Ok(())
    })
    .await
}

/// Changes a locked quote's state by `change` (which refuses a wrong state) and announces it.
async fn close(
    platform: &Platform,
    ctx: &Ctx,
    id: QuoteId,
    kind: arkan_platform::events::EventKind,
    change: impl FnOnce(&mut SalesQuote) -> ApiResult<()>,
) -> ApiResult<QuoteView> {
    let mut transaction = platform.db.write().await?;
    let (mut quote, lines) = load(&*transaction, ctx, id, true).await?;
    change(&mut quote)?;
    quote.updated_at = now_micros();
    store::quotes::update_quote(&*transaction, ctx.company, &quote).await?;
    transaction.emit(ctx.company, kind, quote.id);
    let view = with_sent_to(&*transaction, ctx, quote, lines).await?;
    transaction.commit().await?;
    Ok(view)
}

/// `draft | sent | accepted -> converted`: makes the order of the lines that count (the
/// optional lines not chosen are left out) through `service::orders`, confirmed as
/// `POST /sales/orders/{id}/confirm` does when `confirm`, in the transaction that closes the
/// quote. 409 `quote_expired` past its validity, `quote_not_convertible` once closed.
pub async fn convert_quote(
    platform: &Platform,
    ctx: &Ctx,
    id: QuoteId,
    input: ConvertQuote,
) -> ApiResult<SalesOrderView> {
    ctx.require_write(Area::Sales)?;
    let mut transaction = platform.db.write().await?;
    let (mut quote, lines) = load(&*transaction, ctx, id, true).await?;
    let state = shown(&quote);
    if state == QuoteState::Expired {
        return Err(errors::quotes::quote_expired(quote.valid_until));
    }
    if !convertible(state) {
        return Err(errors::quotes::quote_not_convertible(state));
    }
    let order = NewOrder {
        partner_id: PartnerId(quote.partner_id),
        contact_id: quote.contact_id.map(PartnerId),
        currency: Currency::from_code(&quote.currency),
        price_list_id: quote.price_list_id,
        salesperson_id: quote.salesperson_id.map(UserId),
        payment_terms_days: quote.payment_terms_days,
        incoterm: quote.incoterm.clone(),
        incoterm_place: quote.incoterm_place.clone(),
        warehouse_id: Some(WarehouseId(quote.warehouse_id)),
        promo_code: quote.promo_code.clone(),
        notes: quote.notes.clone(),
        lines: lines
            .iter()
            .filter(|line| line.counts() && line.line.discount_id.is_none())
            .map(|line| orders::as_new_line(&line.line))
            .collect(),
        quote_id: Some(quote.id),
        ..NewOrder::default()
    };
    let mut view = orders::create_order(platform, &mut transaction, ctx, order).await?;
    if input.confirm.unwrap_or(false) {
        let order_id = SalesOrderId(view.id);
        let (order, order_lines) = orders::load(&*transaction, ctx, order_id, true).await?;
        orders::confirm_in(
            &mut transaction,
            ctx,
            order,
            &order_lines,
            ConfirmSalesOrder::default(),
        )
        .await?;
        let (order, order_lines) = orders::load(&*transaction, ctx, order_id, false).await?;
        view = orders::view_of(&*transaction, ctx, order, order_lines).await?;
    }
    quote.state = QuoteState::Converted;
    quote.order_id = Some(view.id);
    quote.updated_at = now_micros();
    store::quotes::update_quote(&*transaction, ctx.company, &quote).await?;
    transaction.emit(ctx.company, events::SALES_QUOTE_CONVERTED, quote.id);
    transaction.commit().await?;
    Ok(view)
}

/// The company's quote with its lines; 404 when it has none. Locked when `lock`.
async fn load(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: QuoteId,
    lock: bool,
) -> ApiResult<(SalesQuote, Vec<QuoteLine>)> {
    let quote = store::quotes::quote_by_id(db, ctx.company, id.0, lock)
        .await?
        .ok_or_else(|| ApiError::not_found("quote"))?;
    let lines = store::quotes::lines_of(db, ctx.company, &[quote.id])
        .await?
        .remove(&quote.id)
        .unwrap_or_default();
    Ok((quote, lines))
}

/// The view of a quote with the e-mail it was sent to.
async fn with_sent_to(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    quote: SalesQuote,
    lines: Vec<QuoteLine>,
) -> ApiResult<QuoteView> {
    let sent_to = store::quotes::sent_to(db, ctx.company, &[quote.id])
        .await?
        .remove(&quote.id);
    quote_view(db, ctx, quote, lines, sent_to).await
}

pub async fn get_quote(platform: &Platform, ctx: &Ctx, id: QuoteId) -> ApiResult<QuoteView> {
    let db = platform.db.connection();
    let (quote, lines) = load(db, ctx, id, false).await?;
    with_sent_to(db, ctx, quote, lines).await
}

pub async fn list_quotes(
    platform: &Platform,
    ctx: &Ctx,
    query: QuoteListQuery,
) -> ApiResult<Page<QuoteView>> {
    let filter = QuoteFilter {
        state: fields::optional_code(
            "state",
            query.state.as_deref(),
            QuoteState::parse,
            QuoteState::codes(),
        )?,
        today: today(),
        partner_id: fields::optional_uuid("partner_id", query.partner_id.as_deref())?,
        salesperson_id: fields::optional_uuid("salesperson_id", query.salesperson_id.as_deref())?,
        deal_id: fields::optional_uuid("deal_id", query.deal_id.as_deref())?,
        date_from: fields::optional_date("date_from", query.date_from.as_deref())?,
        date_to: fields::optional_date("date_to", query.date_to.as_deref())?,
        q: query
            .q
            .map(|text| text.trim().to_lowercase())
            .filter(|text| !text.is_empty()),
    };
    let key = format!("{filter:?}");
    let page = PageRequest::parse(&query.page, &QUOTE_LIST, &key)?;
    let db = platform.db.connection();
    let (rows, total) = store::quotes::list_quotes(db, ctx.company, &filter, &page).await?;
    let page = page.page(rows, total, |quote| match page.sort.name {
        "number" => (
            SortValue::Text(quote.number.clone().unwrap_or_default()),
            quote.id,
        ),
        "quoteDate" => (SortValue::Text(format_date(quote.quote_date)), quote.id),
        "validUntil" => (SortValue::Text(format_date(quote.valid_until)), quote.id),
        "amountTotal" => (SortValue::Integer(quote.amount_total), quote.id),
        _ => (SortValue::Integer(quote.created_at), quote.id),
    });
    let ids: Vec<Uuid> = page.data.iter().map(|quote| quote.id).collect();
    let mut lines = store::quotes::lines_of(db, ctx.company, &ids).await?;
    let mut sent_to = store::quotes::sent_to(db, ctx.company, &ids).await?;
    let mut views = Vec::with_capacity(page.data.len());
    for quote in page.data {
        let own = lines.remove(&quote.id).unwrap_or_default();
        let email = sent_to.remove(&quote.id);
        views.push(quote_view(db, ctx, quote, own, email).await?);
    }
    Ok(Page {
        data: views,
        meta: page.meta,
    })
}

async fn quote_view(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    quote: SalesQuote,
    lines: Vec<QuoteLine>,
    sent_to: Option<String>,
) -> ApiResult<QuoteView> {
    let currency = Currency::from_code(&quote.currency).unwrap_or(ctx.currency);
    let money = |minor: i64| format_minor(minor, currency.exponent);
    let decimals = orders::decimals_of(
        db,
        ctx,
        lines.iter().map(|line| line.line.uom.clone()).collect(),
    )
    .await?;
    let state = shown(&quote);
    let line_views = lines
        .into_iter()
        .map(
            |QuoteLine {
                 line,
                 is_optional,
                 is_selected,
             }| {
                let places = decimals.get(&line.uom).copied().unwrap_or(4);
                QuoteLineView {
                    id: line.id,
                    product_id: line.product_id,
                    description: line.description,
                    quantity: arkan_catalog::quantities::format(line.quantity_e4, places),
                    uom: line.uom,
                    unit_price: format_trimmed(line.unit_price_e6, 6),
                    discount_percent: format_trimmed(line.discount_ppm, 4),
                    tax_ids: line.tax_ids,
                    subtotal: money(line.subtotal),
                    tax_amount: money(line.tax),
                    total: money(line.total),
                    is_optional,
                    is_selected,
                    discount_id: line.discount_id,
                }
            },
        )
        .collect();
    Ok(QuoteView {
        id: quote.id,
        number: quote.number,
        state: state.as_str().to_owned(),
        partner_id: quote.partner_id,
        contact_id: quote.contact_id,
        deal_id: quote.deal_id,
        quote_date: format_date(quote.quote_date),
        valid_until: format_date(quote.valid_until),
        currency: quote.currency.clone(),
        price_list_id: quote.price_list_id,
        salesperson_id: quote.salesperson_id,
        payment_terms_days: quote.payment_terms_days,
        incoterm: quote.incoterm,
        incoterm_place: quote.incoterm_place,
        warehouse_id: quote.warehouse_id,
        promo_code: quote.promo_code,
        notes: quote.notes,
        terms: quote.terms,
        lines: line_views,
        amount_untaxed: money(quote.amount_untaxed),
        amount_tax: money(quote.amount_tax),
        amount_total: money(quote.amount_total),
        sent_at: quote.sent_at.map(rfc3339),
        sent_to,
        accepted_at: quote.accepted_at.map(rfc3339),
        accepted_by: quote.accepted_by,
        signed_by: quote.signed_by,
        decline_reason: quote.decline_reason,
        order_id: quote.order_id,
        created_by: quote.created_by,
        created_at: rfc3339(quote.created_at),
        updated_at: rfc3339(quote.updated_at),
    })
}
