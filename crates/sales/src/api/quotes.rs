//! Request and response shapes of sales' quotes.
