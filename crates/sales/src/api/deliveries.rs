//! Request and response shapes of sales' deliveries.
