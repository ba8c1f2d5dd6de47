//! Query and response shapes of the revenue reports. Money is a decimal string in the company
//! currency.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevenueQuery {
    /// Default the start of the fiscal year `date_to` falls in.
    pub date_from: Option<String>,
    /// Default today.
    pub date_to: Option<String>,
    /// `previous_period` or `previous_year`.
    pub compare: Option<String>,
    /// 1 to 24 periods ending with `date_to`.
    pub periods: Option<String>,
    /// `month` (default) or `quarter`.
    pub period_type: Option<String>,
    pub partner_id: Option<String>,
    pub journal_id: Option<String>,
    /// Only lines of this project (revenue by project).
    pub project_id: Option<String>,
    /// `json` (default), `csv` or `xlsx`.
    pub format: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PeriodView {
    pub label: String,
    pub date_from: String,
    pub date_to: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientRevenueRow {
    /// Null for the lines without a partner.
    pub partner_id: Option<Uuid>,
    pub partner_name: Option<String>,
    /// Posted entries with income lines of the partner (a credit note counts as one).
    pub invoice_count: i64,
    pub revenue: String,
    /// revenue / total revenue × 100; null when the total is 0.
    pub share: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_invoice_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_revenue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoice_count_by_period: Option<Vec<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revenue_by_period: Option<Vec<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientRevenueTotals {
    pub invoice_count: i64,
    pub revenue: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_invoice_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_revenue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoice_count_by_period: Option<Vec<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revenue_by_period: Option<Vec<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RevenueByClientView {
    pub date_from: String,
    pub date_to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub periods: Option<Vec<PeriodView>>,
    pub currency: String,
    pub data: Vec<ClientRevenueRow>,
    pub totals: ClientRevenueTotals,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProjectRevenueRow {
    /// Null for the lines without a project.
    pub project_id: Option<Uuid>,
    pub project_name: Option<String>,
    pub revenue: String,
    /// revenue / total revenue × 100; null when the total is 0.
    pub share: Option<String>,
    /// Debit minus credit on expense accounts (`expense*` types) of the project's lines.
    pub cost: String,
    /// revenue − cost.
    pub margin: String,
    /// margin / revenue × 100; null when the revenue is 0.
    pub margin_percent: Option<String>,
    /// Posted entries with income lines of the project.
    pub invoice_count: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_revenue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_cost: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_margin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_invoice_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revenue_by_period: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_by_period: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin_by_period: Option<Vec<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProjectRevenueTotals {
    pub invoice_count: i64,
    pub revenue: String,
    pub cost: String,
    pub margin: String,
    pub margin_percent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_revenue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_cost: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_margin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_invoice_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revenue_by_period: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_by_period: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin_by_period: Option<Vec<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RevenueByProjectView {
    pub date_from: String,
    pub date_to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub periods: Option<Vec<PeriodView>>,
    pub currency: String,
    pub data: Vec<ProjectRevenueRow>,
    pub totals: ProjectRevenueTotals,
}
