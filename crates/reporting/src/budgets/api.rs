//! Request and response shapes of budgets and of the budget against actual report. Money is a
//! decimal string in the company currency.

use arkan_platform::extract::DecimalText;
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BudgetLineInput {
    /// An account of the company.
    pub account_id: Uuid,
    /// A project of the company; an account appears once per project (or once without).
    pub project_id: Option<Uuid>,
    pub amount: DecimalText,
    /// One amount per month of the fiscal year, adding up to `amount`; default an even split,
    /// the minor units left over going one each to the first months.
    pub monthly_amounts: Option<Vec<DecimalText>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateBudget {
    pub name: String,
    /// A fiscal year of the company: the budget's months are its months.
    pub fiscal_year_id: Uuid,
    pub lines: Vec<BudgetLineInput>,
}

/// Only the fields to change; `lines` replaces every line. Moving the budget to another fiscal
/// year without new `lines` splits each line's amount evenly over the new year's months.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateBudget {
    pub name: Option<String>,
    pub fiscal_year_id: Option<Uuid>,
    pub lines: Option<Vec<BudgetLineInput>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelBudget {
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BudgetLineView {
    pub id: Uuid,
    pub account_id: Uuid,
    pub project_id: Option<Uuid>,
    pub amount: String,
    pub monthly_amounts: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BudgetView {
    pub id: Uuid,
    pub name: String,
    pub fiscal_year_id: Uuid,
    /// The fiscal year's first and last days.
    pub date_from: String,
    pub date_to: String,
    pub currency: String,
    /// `draft`, `approved` or `cancelled`.
    pub state: String,
    pub cancel_reason: Option<String>,
    pub lines: Vec<BudgetLineView>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BudgetListQuery {
    /// `draft`, `approved` or `cancelled`.
    pub state: Option<String>,
    pub fiscal_year_id: Option<String>,
    /// Budgets with a line of this project.
    pub project_id: Option<String>,
    /// Part of the name, any case.
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BudgetVsActualQuery {
    pub budget_id: Option<String>,
    /// Default the budget's first day.
    pub date_from: Option<String>,
    /// Default the budget's last day.
    pub date_to: Option<String>,
    /// Only the lines of this project.
    pub project_id: Option<String>,
    /// `total` (default) or `month`.
    pub period: Option<String>,
    /// `json` (default), `csv` or `xlsx`.
    pub format: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MonthFigures {
    /// `2026-03`.
    pub month: String,
    pub budget: String,
    pub actual: String,
    pub variance: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BudgetVsActualRow {
    pub account_id: Uuid,
    pub code: String,
    pub name: String,
    pub project_id: Option<Uuid>,
    pub budget: String,
    pub actual: String,
    /// actual − budget.
    pub variance: String,
    /// variance / budget × 100; null when the budget is 0.
    pub variance_percent: Option<String>,
    /// With `period=month`: each month of the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<Vec<MonthFigures>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BudgetVsActualTotals {
    pub budget: String,
    pub actual: String,
    pub variance: String,
    pub variance_percent: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BudgetVsActualView {
    pub budget_id: Uuid,
    pub date_from: String,
    pub date_to: String,
    pub currency: String,
    pub data: Vec<BudgetVsActualRow>,
    pub totals: BudgetVsActualTotals,
}
