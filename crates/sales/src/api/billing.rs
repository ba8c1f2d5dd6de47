//! Request and response shapes of sales' billing.
