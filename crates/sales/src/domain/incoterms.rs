//! domain of sales' incoterms.
