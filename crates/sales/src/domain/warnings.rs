//! domain of sales' warnings.
