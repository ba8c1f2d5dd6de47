//! SQL of sales' deliveries.
