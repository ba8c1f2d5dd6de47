//! domain of sales' discounts.
