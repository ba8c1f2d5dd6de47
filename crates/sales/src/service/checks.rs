//! What confirming an order checks: warnings, the client's credit limit, the promo code.

use arkan_platform::Ctx;
use arkan_platform::db::WriteTransaction;
use arkan_platform::error::ApiResult;

use crate::api::warnings::CheckedWarningView;
use crate::store::orders::{SalesLine, SalesOrder};

/// Runs the confirmation checks inside the confirming transaction: an `Err` refuses the
/// confirmation; the warnings that do not block are returned to show.
pub(crate) async fn before_confirm(
    _transaction: &mut WriteTransaction,
    _ctx: &Ctx,
    _order: &SalesOrder,
    _lines: &[SalesLine],
    _override_credit_limit: bool,
) -> ApiResult<Vec<CheckedWarningView>> {
    Ok(Vec::new())
}
