//! Request and response shapes of sales' quotes.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::orders::SalesLineInput;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateQuote {
    /// The client.
    pub partner_id: Uuid,
    /// A contact person of the client.
    pub contact_id: Option<Uuid>,
    /// A deal of the CRM pipeline the quote answers.
    pub deal_id: Option<Uuid>,
    /// Default today.
    pub quote_date: Option<String>,
    /// Default the quote date plus the settings' `quoteValidityDays`.
    pub valid_until: Option<String>,
    /// Default the company's currency.
    pub currency: Option<String>,
    pub price_list_id: Option<Uuid>,
    /// A member of the company (default the caller).
    pub salesperson_id: Option<Uuid>,
    pub payment_terms_days: Option<i32>,
    /// An Incoterms 2020 code (`GET /sales/incoterms`).
    pub incoterm: Option<String>,
    pub incoterm_place: Option<String>,
    /// Where the goods will leave from (default the company's first warehouse).
    pub warehouse_id: Option<Uuid>,
    pub promo_code: Option<String>,
    pub notes: Option<String>,
    /// The terms and conditions printed on the quote.
    pub terms: Option<String>,
    pub lines: Vec<QuoteLineInput>,
}

/// A line as an order's (defaults from the product), optional or not: an optional line is
/// offered, outside the amounts, until the client chooses it when accepting.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuoteLineInput {
    pub product_id: Option<Uuid>,
    pub description: Option<String>,
    /// In the line's unit, with at most its decimals.
    pub quantity: DecimalText,
    /// A unit code of the company (default the product's unit, else `unit`).
    pub uom: Option<String>,
    pub unit_price: Option<DecimalText>,
    pub discount_percent: Option<DecimalText>,
    /// `[]` for none; default the product's sale taxes.
    pub tax_ids: Option<Vec<Uuid>>,
    /// Default false.
    pub is_optional: Option<bool>,
}

impl QuoteLineInput {
    /// The order line it is, and whether it is optional.
    pub fn split(self) -> (SalesLineInput, bool) {
        (
            SalesLineInput {
                product_id: self.product_id,
                description: self.description,
                quantity: self.quantity,
                uom: self.uom,
                unit_price: self.unit_price,
                discount_percent: self.discount_percent,
                tax_ids: self.tax_ids,
            },
            self.is_optional.unwrap_or(false),
        )
    }
}

/// A draft's edit: the fields given replace the draft's (`null` clears an optional one);
/// `lines` replaces every line. The amounts are computed again.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateQuote {
    pub partner_id: Option<Uuid>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub contact_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub deal_id: Option<Option<Uuid>>,
    pub quote_date: Option<String>,
    pub valid_until: Option<String>,
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub price_list_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub salesperson_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub payment_terms_days: Option<Option<i32>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub incoterm: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub incoterm_place: Option<Option<String>>,
    pub warehouse_id: Option<Uuid>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub promo_code: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub terms: Option<Option<String>>,
    pub lines: Option<Vec<QuoteLineInput>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuoteView {
    pub id: Uuid,
    /// Null while a draft: `QT/2026/00001` once sent.
    pub number: Option<String>,
    /// `draft`, `sent`, `accepted`, `declined`, `expired` (a sent quote past `validUntil`),
    /// `converted` or `cancelled`.
    pub state: String,
    pub partner_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub deal_id: Option<Uuid>,
    pub quote_date: String,
    pub valid_until: String,
    pub currency: String,
    pub price_list_id: Option<Uuid>,
    pub salesperson_id: Option<Uuid>,
    pub payment_terms_days: Option<i32>,
    pub incoterm: Option<String>,
    pub incoterm_place: Option<String>,
    pub warehouse_id: Uuid,
    pub promo_code: Option<String>,
    pub notes: Option<String>,
    pub terms: Option<String>,
    pub lines: Vec<QuoteLineView>,
    /// Of the lines that are not optional and, once accepted, the optional lines chosen.
    pub amount_untaxed: String,
    pub amount_tax: String,
    pub amount_total: String,
    pub sent_at: Option<String>,
    /// The e-mail the quote was sent to.
    pub sent_to: Option<String>,
    pub accepted_at: Option<String>,
    /// The member who recorded the acceptance.
    pub accepted_by: Option<Uuid>,
    /// The name the client signed with.
    pub signed_by: Option<String>,
    pub decline_reason: Option<String>,
    /// The order it was converted into.
    pub order_id: Option<Uuid>,
    pub created_by: Uuid,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuoteLineView {
    pub id: Uuid,
    pub product_id: Option<Uuid>,
    pub description: String,
    pub quantity: String,
    pub uom: String,
    pub unit_price: String,
    pub discount_percent: String,
    pub tax_ids: Vec<Uuid>,
    pub subtotal: String,
    pub tax_amount: String,
    pub total: String,
    pub is_optional: bool,
    /// An optional line the client chose when accepting.
    pub is_selected: bool,
    /// Set on a line a discount rule added (negative `unitPrice`).
    pub discount_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuoteListQuery {
    /// `draft`, `sent`, `accepted`, `declined`, `expired`, `converted` or `cancelled`.
    pub state: Option<String>,
    pub partner_id: Option<String>,
    pub salesperson_id: Option<String>,
    pub deal_id: Option<String>,
    /// On the quote date.
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// In the number.
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendQuote {
    /// Default the client's e-mail.
    pub email: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptQuote {
    /// The name the client signed with.
    pub signed_by: Option<String>,
    /// The optional lines the client chose; the other optional lines are left out of the
    /// order.
    pub optional_line_ids: Option<Vec<Uuid>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeclineQuote {
    pub reason: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConvertQuote {
    /// Confirm the order as `POST /sales/orders/{id}/confirm` does (its checks and delivery).
    pub confirm: Option<bool>,
}
