//! Request and response shapes of projects, work items, sprints, time entries and
//! profitability. Money and hours are decimal strings; story points are whole numbers.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberInput {
    /// A member of the company.
    pub user_id: Uuid,
    /// What an hour of this person costs the company, in the project currency.
    pub hourly_cost: Option<DecimalText>,
    /// What an hour of this person is billed at (the project's `hourlyRate` when absent).
    pub hourly_rate: Option<DecimalText>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateProject {
    pub name: String,
    /// 2 to 10 upper-case letters and digits, starting with a letter; unique in the company.
    pub code: String,
    /// A client of the company.
    pub partner_id: Option<Uuid>,
    /// A member of the company.
    pub manager_id: Option<Uuid>,
    pub description: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    /// `fixed`, `time_and_materials` or `non_billable`.
    pub billing_type: Option<String>,
    pub budget: Option<DecimalText>,
    /// The company currency (the only one accepted for now).
    pub currency: Option<String>,
    pub hourly_rate: Option<DecimalText>,
    pub members: Option<Vec<MemberInput>>,
    pub tags: Option<Vec<String>>,
}

/// Only the fields sent change; `null` clears an optional field; `members` replaces them all;
/// `state` moves the project (`planned -> active|on_hold|cancelled`, `active ->
/// on_hold|done|cancelled`, `on_hold -> active|cancelled`, `done -> active`).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateProject {
    pub name: Option<String>,
    pub code: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub partner_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub manager_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub start_date: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub end_date: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub billing_type: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub budget: Option<Option<DecimalText>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub hourly_rate: Option<Option<DecimalText>>,
    pub members: Option<Vec<MemberInput>>,
    pub tags: Option<Vec<String>>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberView {
    pub user_id: Uuid,
    pub hourly_cost: Option<String>,
    pub hourly_rate: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProjectView {
    pub id: Uuid,
    pub name: String,
    pub code: String,
    pub partner_id: Option<Uuid>,
    pub manager_id: Option<Uuid>,
    pub description: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub billing_type: Option<String>,
    pub budget: Option<String>,
    pub currency: String,
    pub hourly_rate: Option<String>,
    pub members: Vec<MemberView>,
    pub tags: Vec<String>,
    /// `planned`, `active`, `on_hold`, `done` or `cancelled`.
    pub state: String,
    pub work_item_count: i64,
    /// Items not `done`.
    pub open_work_item_count: i64,
    /// The sum of the work items' `estimateHours`.
    pub hours_estimated: String,
    /// The sum of the time entries' `hours`.
    pub hours_logged: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectListQuery {
    /// Matches name or code.
    pub q: Option<String>,
    pub state: Option<String>,
    pub partner_id: Option<String>,
    pub manager_id: Option<String>,
    /// Starting on or after this day (`startDate`), `YYYY-MM-DD`.
    pub date_from: Option<String>,
    /// Starting on or before this day.
    pub date_to: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateWorkItem {
    pub title: String,
    pub description: Option<String>,
    /// `epic`, `story`, `task` (default) or `bug`.
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    /// `todo` (default), `in_progress`, `review` or `done`.
    pub state: Option<String>,
    /// `low`, `medium` (default), `high` or `urgent`.
    pub priority: Option<String>,
    pub assignee_id: Option<Uuid>,
    /// Hours, up to 2 decimals.
    pub estimate_hours: Option<DecimalText>,
    pub story_points: Option<i64>,
    /// An item of the same project.
    pub parent_id: Option<Uuid>,
    /// A sprint of the same project that is not closed; absent or null: the backlog.
    pub sprint_id: Option<Uuid>,
    /// The order within its sprint (or the backlog).
    pub sequence: Option<i64>,
    pub labels: Option<Vec<String>>,
    pub due_date: Option<String>,
}

/// Only the fields sent change; `null` clears an optional field. `sprintId` moves the item
/// between sprints (`null`: to the backlog); `sequence` orders it within one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateWorkItem {
    pub title: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    pub state: Option<String>,
    pub priority: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub assignee_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub estimate_hours: Option<Option<DecimalText>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub story_points: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub parent_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub sprint_id: Option<Option<Uuid>>,
    pub sequence: Option<i64>,
    pub labels: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub due_date: Option<Option<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkItemView {
    pub id: Uuid,
    pub project_id: Uuid,
    /// `WEB-12`: the project code and the item's number in the project.
    pub key: String,
    pub title: String,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub item_type: String,
    pub state: String,
    pub priority: String,
    pub assignee_id: Option<Uuid>,
    pub estimate_hours: Option<String>,
    pub story_points: Option<i64>,
    pub parent_id: Option<Uuid>,
    pub sprint_id: Option<Uuid>,
    pub sequence: i64,
    pub labels: Vec<String>,
    pub due_date: Option<String>,
    pub reporter_id: Uuid,
    pub hours_logged: String,
    pub completed_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorkItemListQuery {
    /// Matches the title.
    pub q: Option<String>,
    pub state: Option<String>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub item_type: Option<String>,
    pub priority: Option<String>,
    pub assignee_id: Option<String>,
    /// A sprint id, or `none` for the backlog.
    pub sprint_id: Option<String>,
    pub parent_id: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateSprint {
    pub name: String,
    pub goal: Option<String>,
    pub start_date: String,
    /// On or after `startDate`.
    pub end_date: String,
    /// Hours, up to 2 decimals.
    pub capacity_hours: Option<DecimalText>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateSprint {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub goal: Option<Option<String>>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub capacity_hours: Option<Option<DecimalText>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloseSprint {
    /// Another sprint of the project, not closed, that takes the items not done; absent or
    /// null: the backlog.
    pub move_open_items_to: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SprintView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub name: String,
    pub goal: Option<String>,
    pub start_date: String,
    pub end_date: String,
    pub capacity_hours: Option<String>,
    /// `planned`, `active` or `closed`.
    pub state: String,
    /// The story points in the sprint when it started (before: those in it now).
    pub committed_points: i64,
    /// The story points of its items that are done.
    pub completed_points: i64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SprintListQuery {
    pub state: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BurndownDayView {
    pub date: String,
    /// Story points of the sprint's items not done at the end of that day.
    pub remaining_points: i64,
    /// The straight line from all points on the first day to none on the last.
    pub ideal_points: String,
    /// Estimated hours of the items not done at the end of that day.
    pub remaining_hours: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BurndownView {
    pub sprint_id: Uuid,
    pub days: Vec<BurndownDayView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateTimeEntry {
    pub date: String,
    /// More than 0, at most 24, up to 2 decimals.
    pub hours: DecimalText,
    /// An item of the same project.
    pub work_item_id: Option<Uuid>,
    /// A member of the company (default: the caller).
    pub user_id: Option<Uuid>,
    pub description: Option<String>,
    /// Default true.
    pub billable: Option<bool>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateTimeEntry {
    pub date: Option<String>,
    pub hours: Option<DecimalText>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub work_item_id: Option<Option<Uuid>>,
    pub user_id: Option<Uuid>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    pub billable: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimeEntryView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub date: String,
    pub hours: String,
    pub work_item_id: Option<Uuid>,
    pub user_id: Uuid,
    pub description: Option<String>,
    pub billable: bool,
    /// The project currency.
    pub currency: String,
    /// `hours` at the member's `hourlyCost` (0 without one).
    pub cost_amount: String,
    /// When billable: `hours` at the member's `hourlyRate`, else the project's (0 without).
    pub billable_amount: String,
    /// The invoice that billed it (none yet).
    pub invoice_id: Option<Uuid>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimeEntryListQuery {
    pub user_id: Option<String>,
    pub work_item_id: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub billable: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProfitabilityQuery {
    pub date_from: Option<String>,
    pub date_to: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProjectCosts {
    /// Posted expense lines carrying the project (vendor bills, journal entries).
    pub journal: String,
    /// The time entries' `costAmount`.
    pub timesheets: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfitabilityView {
    pub project_id: Uuid,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// The company currency.
    pub currency: String,
    /// Posted income lines carrying the project: invoices less credit notes.
    pub revenue: String,
    pub costs: ProjectCosts,
    pub total_cost: String,
    pub margin: String,
    /// 0-100, null when the revenue is 0.
    pub margin_percent: Option<String>,
    pub budget: Option<String>,
    /// `totalCost` as a 0-100 share of the budget, null without a budget.
    pub budget_used_percent: Option<String>,
}
