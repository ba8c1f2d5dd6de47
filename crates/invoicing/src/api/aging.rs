//! Shapes of the aged receivables and payables.

use super::*;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgingQuery {
    /// Defaults to today.
    pub as_of: Option<String>,
}

#[derive(Debug, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgingBuckets {
    pub current: String,
    pub days1_to30: String,
    pub days31_to60: String,
    pub days61_to90: String,
    pub days90_plus: String,
    pub total: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgingRow {
    pub partner_id: Uuid,
    pub partner_name: String,
    #[serde(flatten)]
    pub buckets: AgingBuckets,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgingReport {
    pub as_of: String,
    pub data: Vec<AgingRow>,
    pub totals: AgingBuckets,
}
