//! Account kinds: which exist, which close at year end, which need a partner.

/// Odoo's `account_type` keys, so imports map one to one.
pub const ACCOUNT_TYPES: &[&str] = &[
    "asset_receivable",
    "asset_cash",
    "asset_current",
    "asset_non_current",
    "asset_prepayments",
    "asset_fixed",
    "liability_payable",
    "liability_credit_card",
    "liability_current",
    "liability_non_current",
    "equity",
    "equity_unaffected",
    "income",
    "income_other",
    "expense",
    "expense_depreciation",
    "expense_direct_cost",
    "off_balance",
];

/// Accounts whose balance restarts every fiscal year (profit and loss).
pub fn is_profit_and_loss(account_type: &str) -> bool {
    account_type.starts_with("income") || account_type.starts_with("expense")
}

/// Where an account's lines count in the revenue reports: `income` lines are revenue, lines on
/// the `expense*` types cost (other income, such as gains, is neither).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RevenueKind {
    Income,
    Expense,
}

impl RevenueKind {
    pub fn of(account_type: &str) -> Option<RevenueKind> {
        if account_type == "income" {
            Some(RevenueKind::Income)
        } else if account_type.starts_with("expense") {
            Some(RevenueKind::Expense)
        } else {
            None
        }
    }
}

/// Receivable and payable lines must name the partner who owes or is owed.
pub fn needs_partner(account_type: &str) -> bool {
    matches!(account_type, "asset_receivable" | "liability_payable")
}
