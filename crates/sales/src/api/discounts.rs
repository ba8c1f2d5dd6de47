//! Request and response shapes of sales' discounts.
