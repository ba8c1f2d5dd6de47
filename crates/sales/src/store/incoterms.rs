//! store of sales' incoterms.
