//! Thin handlers of the Incoterms.

use arkan_platform::list::Page;
use arkan_platform::{Ctx, Platform};
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::incoterms::IncotermView;
use crate::service::incoterms as service;

/// The endpoints of this area.
pub(crate) fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new().routes(routes!(list_incoterms))
}

/// The eleven Incoterms 2020 rules (ICC): code, name, the place each names, and whether it is
/// for sea and inland waterway only.
#[utoipa::path(get, path = "/sales/incoterms", tag = "sales", security(("bearer" = [])),
    responses((status = 200, body = Page<IncotermView>)))]
pub async fn list_incoterms(_ctx: Ctx) -> Json<Page<IncotermView>> {
    Json(service::list_incoterms())
}
