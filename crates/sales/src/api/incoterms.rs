//! Response shapes of the Incoterms.

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IncotermView {
    pub code: String,
    pub name: String,
    /// `delivery`, `destination`, `port_of_loading` or `port_of_destination`.
    pub named_place: String,
    pub sea_inland_only: bool,
    /// `2020`.
    pub version: String,
}
