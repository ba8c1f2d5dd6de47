//! Request and response shapes of sales' incoterms.
