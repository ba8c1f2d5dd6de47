//! Request and response shapes of putaway rules and routes.

use arkan_platform::extract::nullable;
use arkan_platform::list::PageParams;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePutawayRule {
    pub warehouse_id: Uuid,
    /// The product it is for; with neither product nor category the rule is general.
    pub product_id: Option<Uuid>,
    /// The category it is for (its sub-categories too, unless they have their own rule).
    pub category_id: Option<Uuid>,
    /// An internal location of the warehouse.
    pub location_id: Uuid,
    /// Lower first (default 10).
    pub priority: Option<i32>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdatePutawayRule {
    pub location_id: Option<Uuid>,
    pub priority: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PutawayRuleView {
    pub id: Uuid,
    pub warehouse_id: Uuid,
    pub product_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    pub location_id: Uuid,
    pub priority: i32,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PutawayRuleListQuery {
    pub warehouse_id: Option<String>,
    pub product_id: Option<String>,
    pub category_id: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PutawayResolveQuery {
    /// Required.
    pub warehouse_id: Option<String>,
    /// Required.
    pub product_id: Option<String>,
}

/// Where the product goes in the warehouse, and the rule that says so (null: no rule, the
/// warehouse's stock location).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PutawayResolution {
    pub warehouse_id: Uuid,
    pub product_id: Uuid,
    pub location_id: Uuid,
    pub rule_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RouteStepInput {
    /// Default `<source> -> <destination>` by the locations' full names.
    pub name: Option<String>,
    pub source_location_id: Uuid,
    pub destination_location_id: Uuid,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateRoute {
    pub name: String,
    pub warehouse_id: Uuid,
    /// `receipt`, `delivery` or `internal`.
    pub operation_type: String,
    pub product_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    /// At least one; each starts where the previous one ended.
    pub steps: Vec<RouteStepInput>,
    /// Lower first (default 10).
    pub priority: Option<i32>,
    /// Default true; an inactive route is never resolved.
    pub active: Option<bool>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateRoute {
    pub name: Option<String>,
    pub warehouse_id: Option<Uuid>,
    pub operation_type: Option<String>,
    /// null makes the route general (or its category's).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub product_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub category_id: Option<Option<Uuid>>,
    /// Replaces the steps whole.
    pub steps: Option<Vec<RouteStepInput>>,
    pub priority: Option<i32>,
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RouteStepView {
    pub name: String,
    pub source_location_id: Uuid,
    pub destination_location_id: Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RouteView {
    pub id: Uuid,
    pub name: String,
    pub warehouse_id: Uuid,
    pub operation_type: String,
    pub product_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    pub steps: Vec<RouteStepView>,
    pub priority: i32,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RouteListQuery {
    pub warehouse_id: Option<String>,
    /// `receipt`, `delivery` or `internal`.
    pub operation_type: Option<String>,
    pub product_id: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RouteResolveQuery {
    /// Without it, only general routes apply.
    pub product_id: Option<String>,
}

/// The steps an operation takes in the warehouse, and the route that gives them (null: no
/// route applies, the steps of the warehouse's settings).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RouteResolution {
    pub warehouse_id: Uuid,
    pub operation_type: String,
    pub route_id: Option<Uuid>,
    pub steps: Vec<RouteStepView>,
}
