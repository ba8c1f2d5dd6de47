//! Request and response shapes of the identity endpoints (auth, users, companies, members).

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use arkan_platform::extract::nullable;
use arkan_platform::list::PageParams;
use arkan_platform::role::{Plan, Role};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Seconds until the access token expires (3600).
    pub expires_in: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub id: Uuid,
    pub email: String,
    pub full_name: String,
    pub is_platform_admin: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MyCompany {
    pub id: Uuid,
    pub name: String,
    pub currency: String,
    pub role: Role,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MeView {
    #[serde(flatten)]
    pub user: UserView,
    pub companies: Vec<MyCompany>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateUser {
    pub email: String,
    pub password: String,
    pub full_name: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// Matches e-mail or full name.
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCompany {
    pub name: String,
    pub legal_name: Option<String>,
    pub currency: String,
    pub country: String,
    pub plan: Option<Plan>,
    /// `uae` (default when `country` is `AE`) or `none`.
    pub chart_template: Option<String>,
    pub trn: Option<String>,
    /// 1 to 12 (default 1, January).
    pub fiscal_year_start_month: Option<i32>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCompany {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub legal_name: Option<Option<String>>,
    pub currency: Option<String>,
    pub country: Option<String>,
    pub plan: Option<Plan>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub trn: Option<Option<String>>,
    pub fiscal_year_start_month: Option<i32>,
    /// No posting on or before this date (`YYYY-MM-DD`); null clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub lock_date: Option<Option<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompanyView {
    pub id: Uuid,
    pub name: String,
    pub legal_name: Option<String>,
    pub currency: String,
    pub country: String,
    pub plan: Plan,
    pub chart_template: String,
    pub trn: Option<String>,
    pub fiscal_year_start_month: i32,
    pub lock_date: Option<String>,
    /// The caller's role here (null for a platform admin who is not a member).
    pub role: Option<Role>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompanyListQuery {
    /// Matches the company name.
    pub q: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddMember {
    pub user_id: Uuid,
    pub role: Role,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateMember {
    pub role: Role,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberView {
    pub user_id: Uuid,
    pub email: String,
    pub full_name: String,
    pub role: Role,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberListQuery {
    #[serde(flatten)]
    #[param(ignore)]
    pub page: PageParams,
}
