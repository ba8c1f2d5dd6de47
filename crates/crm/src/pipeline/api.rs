//! Request and response shapes of the pipeline: leads, deals, stages, activities, the report.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::Address;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateLead {
    pub name: String,
    pub contact_name: Option<String>,
    pub company_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub trn: Option<String>,
    pub address: Option<Address>,
    /// `website`, `referral`, `email`, `phone`, `social`, `event`, `partner` or `other`.
    pub source: Option<String>,
    /// A member of the company.
    pub owner_id: Option<Uuid>,
    /// In the company currency.
    pub expected_revenue: Option<DecimalText>,
    /// 0 to 100.
    pub probability: Option<DecimalText>,
    pub tags: Option<Vec<String>>,
    pub notes: Option<String>,
    /// A client this lead is about.
    pub partner_id: Option<Uuid>,
}

/// Only the fields sent change; `null` clears an optional field.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateLead {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub contact_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub company_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub trn: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Address>)]
    pub address: Option<Option<Address>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub source: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub owner_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub expected_revenue: Option<Option<DecimalText>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub probability: Option<Option<DecimalText>>,
    pub tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub partner_id: Option<Option<Uuid>>,
    /// `new`, `qualified` or `lost` (`lost` with a `lostReason`).
    pub state: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub lost_reason: Option<Option<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LeadView {
    pub id: Uuid,
    pub name: String,
    pub contact_name: Option<String>,
    pub company_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub trn: Option<String>,
    pub address: Address,
    pub source: Option<String>,
    pub owner_id: Option<Uuid>,
    pub expected_revenue: Option<String>,
    pub probability: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub partner_id: Option<Uuid>,
    pub state: String,
    pub currency: String,
    pub lost_reason: Option<String>,
    pub deal_id: Option<Uuid>,
    pub converted_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LeadListQuery {
    /// `new`, `qualified`, `converted` or `lost`.
    pub state: Option<String>,
    pub owner_id: Option<String>,
    pub partner_id: Option<String>,
    pub source: Option<String>,
    /// Matches name, contact name, company name, e-mail or phone.
    pub q: Option<String>,
    /// Created on or after this day (UTC), `YYYY-MM-DD`.
    pub date_from: Option<String>,
    /// Created on or before this day (UTC).
    pub date_to: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConvertLead {
    /// `auto` (default), `link`, `create` or `none`.
    pub client_action: Option<String>,
    /// The client to link (with `link`).
    pub partner_id: Option<Uuid>,
    /// The deal's name (default the lead's).
    pub name: Option<String>,
    pub stage_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub expected_revenue: Option<DecimalText>,
    pub expected_close_date: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConvertedLead {
    pub lead: LeadView,
    pub deal: DealView,
    pub client_created: bool,
    pub contact_created: bool,
}

/// One client a lead may already be (`lead_possible_duplicates`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateCandidate {
    pub partner_id: Uuid,
    pub name: String,
    /// `trn`, `email`, `phone` or `name`: the strongest field that matched.
    pub matched_on: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateDeal {
    pub name: String,
    pub partner_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    /// Default: the first open stage.
    pub stage_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub expected_revenue: Option<DecimalText>,
    /// Default: the stage's.
    pub probability: Option<DecimalText>,
    pub expected_close_date: Option<String>,
    pub source: Option<String>,
    pub tags: Option<Vec<String>>,
    pub notes: Option<String>,
    /// Required when the stage is a lost one.
    pub lost_reason: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateDeal {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub partner_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub contact_id: Option<Option<Uuid>>,
    /// Moves the deal: to a `lost` stage only with `lostReason`.
    pub stage_id: Option<Uuid>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub owner_id: Option<Option<Uuid>>,
    pub expected_revenue: Option<DecimalText>,
    pub probability: Option<DecimalText>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub expected_close_date: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub source: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    pub lost_reason: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReopenDeal {
    /// An open stage (default the first).
    pub stage_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DealView {
    pub id: Uuid,
    pub name: String,
    pub partner_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub stage_id: Uuid,
    pub owner_id: Option<Uuid>,
    pub expected_revenue: String,
    pub probability: String,
    pub expected_close_date: Option<String>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub lost_reason: Option<String>,
    /// `open`, `won` or `lost`: the type of its stage.
    pub state: String,
    pub currency: String,
    pub weighted_revenue: String,
    pub lead_id: Option<Uuid>,
    /// Always empty until sales quotes exist.
    pub quote_ids: Vec<Uuid>,
    pub closed_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DealListQuery {
    /// `open`, `won` or `lost`.
    pub state: Option<String>,
    pub stage_id: Option<String>,
    pub owner_id: Option<String>,
    pub partner_id: Option<String>,
    pub source: Option<String>,
    /// Matches the deal's name.
    pub q: Option<String>,
    /// Created on or after this day (UTC), `YYYY-MM-DD`.
    pub date_from: Option<String>,
    /// Created on or before this day (UTC).
    pub date_to: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateStage {
    pub name: String,
    pub sequence: i64,
    /// 0 to 100: the default probability of a deal entering the stage.
    pub probability: DecimalText,
    /// `open` (default), `won` or `lost`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateStage {
    pub name: Option<String>,
    pub sequence: Option<i64>,
    pub probability: Option<DecimalText>,
    /// Changes only while no deal is in the stage.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StageView {
    pub id: Uuid,
    pub name: String,
    pub sequence: i64,
    pub probability: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StageListQuery {
    /// `true` or `false` (default: all).
    pub active: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateActivity {
    /// `call`, `meeting`, `email` or `task`.
    #[serde(rename = "type")]
    pub kind: String,
    pub summary: String,
    pub due_date: Option<String>,
    /// A member of the company.
    pub assignee_id: Option<Uuid>,
    pub notes: Option<String>,
    pub done: Option<bool>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateActivity {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub due_date: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub assignee_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    /// Turning it true sets `doneAt`; false clears it.
    pub done: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActivityView {
    pub id: Uuid,
    #[serde(rename = "type")]
    pub kind: String,
    pub summary: String,
    pub due_date: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub notes: Option<String>,
    pub done: bool,
    pub lead_id: Option<Uuid>,
    pub deal_id: Option<Uuid>,
    pub done_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityListQuery {
    /// `true` or `false` (default: all).
    pub done: Option<String>,
    /// Only the activities assigned to this member.
    pub assignee_id: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PipelineQuery {
    /// Default: 1 January of `date_to`'s year.
    pub date_from: Option<String>,
    /// Default: today (UTC).
    pub date_to: Option<String>,
    pub owner_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PipelineReport {
    pub date_from: String,
    pub date_to: String,
    pub currency: String,
    pub stages: Vec<PipelineStageRow>,
    pub totals: PipelineTotals,
    pub by_owner: Vec<OwnerRow>,
    pub by_source: Vec<SourceRow>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PipelineStageRow {
    pub stage_id: Uuid,
    pub name: String,
    pub count: i64,
    pub expected_revenue: String,
    pub weighted_revenue: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PipelineTotals {
    pub count: i64,
    pub expected_revenue: String,
    pub weighted_revenue: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OwnerRow {
    pub owner_id: Option<Uuid>,
    #[serde(flatten)]
    pub figures: ClosedFigures,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SourceRow {
    pub source: Option<String>,
    #[serde(flatten)]
    pub figures: ClosedFigures,
}

/// Deals closed in the period.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClosedFigures {
    pub won: i64,
    pub lost: i64,
    pub won_revenue: String,
    /// won / (won + lost) × 100, 2 decimals; null without closed deals.
    pub win_rate: Option<String>,
    /// Mean days from creation to close of the closed deals, 2 decimals; null without any.
    pub average_cycle_days: Option<String>,
}
