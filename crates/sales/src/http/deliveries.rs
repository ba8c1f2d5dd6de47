//! Thin handlers of sales' deliveries.

use arkan_platform::Platform;
use utoipa_axum::router::OpenApiRouter;

/// The endpoints of this area.
pub(crate) fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
}
