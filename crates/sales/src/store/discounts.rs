//! store of sales' discounts.
