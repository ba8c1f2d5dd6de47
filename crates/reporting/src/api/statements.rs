//! Profit and loss, balance sheet and cash flow.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::PeriodView;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProfitLossQuery {
    /// First day (default: the start of the fiscal year of `date_to`).
    pub date_from: Option<String>,
    /// Last day (default: today).
    pub date_to: Option<String>,
    /// `previous_period` or `previous_year`.
    pub compare: Option<String>,
    /// 1 to 24 columns ending with `date_to`.
    pub periods: Option<String>,
    /// `month` (default) or `quarter`.
    pub period_type: Option<String>,
    /// `json` (default), `csv` or `xlsx`.
    pub format: Option<String>,
    /// Only the lines of this journal's entries.
    pub journal_id: Option<String>,
    /// Only the lines naming this partner.
    pub partner_id: Option<String>,
    /// Only the lines carrying this project.
    pub project_id: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BalanceSheetQuery {
    /// The day the balances are taken at the end of (default: today).
    pub as_of: Option<String>,
    /// `previous_period` (a month earlier) or `previous_year`.
    pub compare: Option<String>,
    /// 1 to 24 columns, each as of the end of a month or quarter, the last as of `as_of`.
    pub periods: Option<String>,
    /// `month` (default) or `quarter`.
    pub period_type: Option<String>,
    /// `json` (default), `csv` or `xlsx`.
    pub format: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CashFlowQuery {
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub compare: Option<String>,
    pub periods: Option<String>,
    pub period_type: Option<String>,
    pub format: Option<String>,
}

/// A row of a section: an account (with its descendants' amounts) or a computed figure.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SectionRow {
    /// The account (drill down with the general ledger); null on a computed row.
    pub account_id: Option<Uuid>,
    /// What a computed row is (`current_year_earnings`, `net_profit`, ...); absent on account
    /// rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub code: Option<String>,
    pub name: String,
    pub parent_id: Option<Uuid>,
    /// 0 for a top row, 1 for its children, ...
    pub level: u32,
    /// Natural sign: income, liabilities and equity credit-positive.
    pub amount: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_amount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_by_period: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    pub key: String,
    pub name: String,
    pub rows: Vec<SectionRow>,
    /// The sum of the level-0 rows.
    pub total: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_total: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_by_period: Option<Vec<String>>,
}

/// The columns a report was asked for, beside its own period.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExtraColumns {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_as_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub periods: Option<Vec<PeriodView>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfitLoss {
    pub date_from: String,
    pub date_to: String,
    pub currency: String,
    #[serde(flatten)]
    pub columns: ExtraColumns,
    /// `income`, `cost_of_revenue`, `expenses`, `depreciation`, `other_income`.
    pub sections: Vec<Section>,
    /// income − cost_of_revenue.
    pub gross_profit: String,
    /// gross − expenses − depreciation.
    pub operating_profit: String,
    /// operating + other_income.
    pub net_profit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_gross_profit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_operating_profit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_net_profit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross_profit_by_period: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operating_profit_by_period: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_profit_by_period: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BalanceSheet {
    pub as_of: String,
    pub currency: String,
    #[serde(flatten)]
    pub columns: ExtraColumns,
    /// `current_assets`, `non_current_assets`, `current_liabilities`,
    /// `non_current_liabilities`, `equity` (with the computed rows `current_year_earnings` and
    /// `previous_years_earnings`).
    pub sections: Vec<Section>,
    pub total_assets: String,
    pub total_liabilities: String,
    pub total_equity: String,
    pub current_year_earnings: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_total_assets: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_total_liabilities: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_total_equity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_current_year_earnings: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_assets_by_period: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_liabilities_by_period: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_equity_by_period: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_year_earnings_by_period: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CashFlow {
    pub date_from: String,
    pub date_to: String,
    pub currency: String,
    #[serde(flatten)]
    pub columns: ExtraColumns,
    /// `operating` (`net_profit`, `depreciation`, `receivables`, `payables`,
    /// `other_current_assets`, `other_current_liabilities`), `investing` (`fixed_assets`),
    /// `financing` (`equity`, `non_current_liabilities`).
    pub sections: Vec<Section>,
    /// closingCash − openingCash, and the sum of the sections.
    pub net_change: String,
    pub opening_cash: String,
    pub closing_cash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_net_change: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_opening_cash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_closing_cash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_change_by_period: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening_cash_by_period: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closing_cash_by_period: Option<Vec<String>>,
}
