//! SQL of sales' billing.
