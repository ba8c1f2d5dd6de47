//! Users, companies (the tenants), memberships and authentication: the endpoints that live
//! outside any one company (`/auth/*`, `/users*`, `/companies*`).

pub mod api;
mod http;
pub mod service;
pub mod store;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::Platform;

pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::login))
        .routes(routes!(http::refresh))
        .routes(routes!(http::logout))
        .routes(routes!(http::me))
        .routes(routes!(http::list_users, http::create_user))
        .routes(routes!(http::get_user))
        .routes(routes!(http::list_companies, http::create_company))
        .routes(routes!(http::get_company, http::update_company))
        .routes(routes!(http::list_members, http::add_member))
        .routes(routes!(http::update_member, http::remove_member))
}
