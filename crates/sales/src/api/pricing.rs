//! Request and response shapes of sales' pricing.
