//! store of sales' warnings.
