//! Shapes of currencies and currency rates.

use super::*;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCurrencyRate {
    pub currency: String,
    pub date: String,
    /// Units of company currency per one unit of `currency`, up to 10 decimals.
    pub rate: DecimalText,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CurrencyRateView {
    pub id: Uuid,
    pub currency: String,
    pub date: String,
    pub rate: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RateListQuery {
    pub currency: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CurrencyView {
    pub code: String,
    /// Decimals of the minor unit (AED 2, KWD 3, JPY 0).
    pub exponent: i32,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CurrencyList {
    pub data: Vec<CurrencyView>,
}
