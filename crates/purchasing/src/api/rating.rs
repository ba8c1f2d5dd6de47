//! Shapes of vendor rating: the ranking and a vendor's scorecard. Metrics and scores are
//! percentages 0-100 (two decimals, trimmed), null without a base.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The period rated: `date_to` defaults to today, `date_from` to the first day of the eleventh
/// month before it (twelve calendar months).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RatingQuery {
    pub date_from: Option<String>,
    pub date_to: Option<String>,
}

/// The weights of the score, in percent.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RatingWeights {
    pub on_time: String,
    pub quantity: String,
    pub quality: String,
    pub price: String,
    pub response: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VendorRanking {
    pub date_from: String,
    pub date_to: String,
    pub weights: RatingWeights,
    /// Best score first (vendors without a score last), then by name.
    pub data: Vec<VendorRankingRow>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VendorRankingRow {
    pub rank: usize,
    pub partner_id: Uuid,
    pub partner_name: String,
    pub score: Option<String>,
    /// `A` from 85, `B` from 70, `C` from 50, else `D`; null without a score.
    pub grade: Option<String>,
    pub on_time_rate: Option<String>,
    pub quantity_accuracy: Option<String>,
    pub quality_rate: Option<String>,
    pub price_score: Option<String>,
    pub response_rate: Option<String>,
    pub order_count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VendorScorecard {
    pub partner_id: Uuid,
    pub partner_name: String,
    pub date_from: String,
    pub date_to: String,
    pub score: Option<String>,
    pub grade: Option<String>,
    /// Its place in the ranking of the same period; null when it has nothing rated.
    pub rank: Option<usize>,
    pub metrics: ScorecardMetrics,
    pub counts: ScorecardCounts,
    /// The score of each month of the period, oldest first.
    pub monthly: Vec<MonthlyScore>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScorecardMetrics {
    pub on_time_rate: Option<String>,
    pub quantity_accuracy: Option<String>,
    pub quality_rate: Option<String>,
    pub price_score: Option<String>,
    pub response_rate: Option<String>,
    /// Days from order to receipt, on average.
    pub average_lead_time_days: Option<String>,
    /// Hours from an RFQ's sending to the vendor's quote, on average (answered RFQs).
    pub average_response_hours: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScorecardCounts {
    pub orders: i64,
    pub receipts: i64,
    pub late_receipts: i64,
    pub returns: i64,
    pub invitations: i64,
    pub responses: i64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MonthlyScore {
    /// `2026-03`.
    pub month: String,
    pub score: Option<String>,
}
