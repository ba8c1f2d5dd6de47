//! Request and response shapes of the partner directory.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Address {
    pub street: Option<String>,
    pub city: Option<String>,
    /// One of the seven emirates, for a UAE address.
    pub emirate: Option<String>,
    /// ISO 3166 alpha-2, upper case.
    pub country: Option<String>,
    pub postal_code: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePartner {
    pub name: String,
    pub legal_name: Option<String>,
    /// UAE Tax Registration Number: 15 digits.
    pub trn: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<Address>,
    /// Default currency of the partner's documents (the company currency when absent).
    pub currency: Option<String>,
    pub payment_terms_days: Option<i32>,
    /// A payment term of `/accounting/payment-terms`: the default of the partner's documents
    /// (wins over `paymentTermsDays`).
    pub payment_term_id: Option<Uuid>,
    /// A fiscal position of `/accounting/fiscal-positions`, mapping the taxes and accounts of
    /// the partner's documents.
    pub fiscal_position_id: Option<Uuid>,
    /// In the partner currency.
    pub credit_limit: Option<DecimalText>,
    pub tags: Option<Vec<String>>,
    pub active: Option<bool>,
}

/// Only the fields sent change; `null` clears an optional field. Setting `isClient` or
/// `isVendor` gives an existing partner the other role.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdatePartner {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub legal_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub trn: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Address>)]
    pub address: Option<Option<Address>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub currency: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub payment_terms_days: Option<Option<i32>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub payment_term_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub fiscal_position_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub credit_limit: Option<Option<DecimalText>>,
    pub tags: Option<Vec<String>>,
    pub active: Option<bool>,
    pub is_client: Option<bool>,
    pub is_vendor: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartnerView {
    pub id: Uuid,
    pub name: String,
    pub legal_name: Option<String>,
    pub trn: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Address,
    pub currency: String,
    pub payment_terms_days: Option<i32>,
    pub payment_term_id: Option<Uuid>,
    pub fiscal_position_id: Option<Uuid>,
    /// Decimal string in `currency`.
    pub credit_limit: Option<String>,
    pub tags: Vec<String>,
    pub active: bool,
    pub is_client: bool,
    pub is_vendor: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartnerListQuery {
    /// Matches name, legal name, e-mail, phone or TRN.
    pub q: Option<String>,
    /// `true` (default when absent: all), `false`.
    pub active: Option<String>,
    /// Comma-separated; a partner must carry every tag named.
    pub tags: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateContact {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub job_title: Option<String>,
    /// The client or vendor this person works for.
    pub partner_id: Option<Uuid>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateContact {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub job_title: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub partner_id: Option<Option<Uuid>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactView {
    pub id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub job_title: Option<String>,
    pub partner_id: Option<Uuid>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactListQuery {
    /// Matches name, e-mail or phone.
    pub q: Option<String>,
    pub partner_id: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
