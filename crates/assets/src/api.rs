//! Request and response shapes of fixed assets and their categories. Money is a decimal string
//! in the company currency.

use arkan_platform::extract::{DecimalText, nullable};
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCategory {
    pub name: String,
    /// `straight_line` or `declining_balance`.
    pub method: String,
    pub useful_life_months: i64,
    /// Percent a year (`"40"` is 40 %), for `declining_balance`.
    pub declining_rate: Option<DecimalText>,
    /// `none` (default), `monthly` or `daily`.
    pub prorata: Option<String>,
    pub asset_account_id: Uuid,
    pub accumulated_depreciation_account_id: Uuid,
    pub depreciation_expense_account_id: Uuid,
    /// Default the `MISC` journal.
    pub journal_id: Option<Uuid>,
}

/// The terms new assets of the category take; assets made before keep their own.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCategory {
    pub name: Option<String>,
    pub method: Option<String>,
    pub useful_life_months: Option<i64>,
    pub declining_rate: Option<DecimalText>,
    pub prorata: Option<String>,
    pub asset_account_id: Option<Uuid>,
    pub accumulated_depreciation_account_id: Option<Uuid>,
    pub depreciation_expense_account_id: Option<Uuid>,
    /// null: the `MISC` journal.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub journal_id: Option<Option<Uuid>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryView {
    pub id: Uuid,
    pub name: String,
    pub method: String,
    pub useful_life_months: i64,
    pub declining_rate: Option<String>,
    pub prorata: String,
    pub asset_account_id: Uuid,
    pub accumulated_depreciation_account_id: Uuid,
    pub depreciation_expense_account_id: Uuid,
    pub journal_id: Option<Uuid>,
    pub created_at: String,
    pub updated_at: String,
}

/// Life, method and the three accounts are required unless the category gives them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateAsset {
    /// Default the vendor bill line's description; required without one.
    pub name: Option<String>,
    pub code: Option<String>,
    pub category_id: Option<Uuid>,
    /// Default the vendor bill's date; required without a bill line.
    pub acquisition_date: Option<String>,
    /// Default the bill line's amount before tax in the company currency; required without one.
    pub cost: Option<DecimalText>,
    /// Default 0.
    pub salvage_value: Option<DecimalText>,
    pub useful_life_months: Option<i64>,
    /// `straight_line` or `declining_balance`.
    pub method: Option<String>,
    /// Percent a year (`"40"` is 40 %), for `declining_balance`.
    pub declining_rate: Option<DecimalText>,
    /// `none`, `monthly` (half the first month unless acquired on the 1st) or `daily`.
    pub prorata: Option<String>,
    /// The first line's date; default the last day of the acquisition month.
    pub first_depreciation_date: Option<String>,
    pub asset_account_id: Option<Uuid>,
    pub accumulated_depreciation_account_id: Option<Uuid>,
    pub depreciation_expense_account_id: Option<Uuid>,
    pub journal_id: Option<Uuid>,
    /// A line of a posted vendor bill that bought the asset (one asset per line): it gives the
    /// name, acquisition date, cost, vendor, project and asset account the request leaves out.
    pub vendor_bill_line_id: Option<Uuid>,
    /// The vendor.
    pub partner_id: Option<Uuid>,
    /// The project the depreciation expense is charged to.
    pub project_id: Option<Uuid>,
    /// Depreciation booked before the asset came into Arkan (a migrated asset): counted as
    /// accumulated from the start; the schedule leaves out the lines it covers. Default 0.
    pub already_depreciated: Option<DecimalText>,
}

/// What describes an asset; its terms change through `revalue`, `pause` and `resume` (or, with
/// nothing posted, by deleting it and creating it again).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateAsset {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub code: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub partner_id: Option<Option<Uuid>>,
    /// Charged with the depreciation posted from now on.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub project_id: Option<Option<Uuid>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleLineView {
    pub sequence: i64,
    pub date: String,
    /// A revaluation's line is the difference it posted: positive an impairment, negative a
    /// revaluation upwards.
    pub amount: String,
    /// `alreadyDepreciated` and the lines up to this one, cancelled ones left out.
    pub accumulated: String,
    /// Cost minus `accumulated`.
    pub book_value: String,
    /// `planned`, `posted` or `cancelled`.
    pub state: String,
    pub journal_entry_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AssetView {
    pub id: Uuid,
    pub name: String,
    pub code: Option<String>,
    pub category_id: Option<Uuid>,
    pub acquisition_date: String,
    pub currency: String,
    pub cost: String,
    pub salvage_value: String,
    pub useful_life_months: i64,
    pub method: String,
    pub declining_rate: Option<String>,
    pub prorata: String,
    pub first_depreciation_date: String,
    pub asset_account_id: Uuid,
    pub accumulated_depreciation_account_id: Uuid,
    pub depreciation_expense_account_id: Uuid,
    pub journal_id: Uuid,
    pub vendor_bill_line_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    /// Depreciation booked before the asset came into Arkan.
    pub already_depreciated: String,
    /// `running`, `paused`, `fully_depreciated` or `disposed`.
    pub state: String,
    /// Cost minus salvage value.
    pub depreciable_amount: String,
    /// `alreadyDepreciated` and the posted lines (dated up to `as_of` on the list).
    pub accumulated_depreciation: String,
    /// Cost minus `accumulatedDepreciation`.
    pub book_value: String,
    /// Once disposed of.
    pub disposal: Option<DisposalView>,
    /// On `GET /accounting/assets/{id}` and the answers of writes; not on the list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Vec<ScheduleLineView>>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssetListQuery {
    /// `running`, `paused`, `fully_depreciated` or `disposed`.
    pub state: Option<String>,
    pub category_id: Option<String>,
    /// Part of the name or code, any case.
    pub q: Option<String>,
    /// Book values as of this day (the depreciation posted up to it); default every posted line.
    pub as_of: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CategoryListQuery {
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Depreciate {
    /// Post every planned line dated up to this day; default today.
    pub date: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Pause {
    /// Default today: the lines due by then are posted first.
    pub date: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Resume {
    /// Default today: the planned lines move to start at the end of this month.
    pub date: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Dispose {
    pub date: String,
    /// `sale` or `scrap`.
    pub method: String,
    /// A sale's price (default 0; a scrap has none).
    pub proceeds: Option<DecimalText>,
    /// Where the proceeds are debited (a bank or a receivable account); required when there are
    /// proceeds.
    pub proceeds_account_id: Option<Uuid>,
    /// The buyer, on the proceeds line: required when the proceeds account is a receivable.
    pub partner_id: Option<Uuid>,
    /// Credited with a gain; required when the proceeds are above the book value.
    pub gain_account_id: Option<Uuid>,
    /// Debited with a loss; required when the proceeds are below the book value.
    pub loss_account_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DisposalView {
    pub date: String,
    /// `sale` or `scrap`.
    pub method: String,
    pub proceeds: String,
    /// Cost minus the depreciation accumulated up to the disposal date.
    pub book_value: String,
    /// Proceeds minus book value: positive a gain, negative a loss.
    pub gain_loss: String,
    pub journal_entry_id: Uuid,
}

/// What a company-wide run did.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DepreciateAllView {
    /// Every running asset's planned lines up to this day were posted.
    pub date: String,
    /// The running assets with a planned line due by `date` that the run depreciated (an asset
    /// another run had just depreciated counts, with nothing posted).
    pub assets_processed: usize,
    /// Depreciation lines posted, one entry each (a zero line posts no entry but counts).
    pub entries_posted: usize,
    /// The assets the books refused (a lock date, a closed fiscal year): left for a later run.
    pub assets_refused: Vec<RefusedAsset>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefusedAsset {
    pub asset_id: Uuid,
    /// The error code the books answered, e.g. `period_locked`.
    pub code: String,
    pub message: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Revalue {
    pub date: String,
    /// The new book value, at least the salvage value.
    pub book_value: DecimalText,
    /// The other side of the difference: an impairment loss, or a revaluation surplus or gain.
    pub account_id: Uuid,
    /// Months left to depreciate the new book value over; default the planned lines left.
    pub useful_life_months: Option<i64>,
}
